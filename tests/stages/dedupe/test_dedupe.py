"""Dedupe: exact copies collapsed with a record, near copies marked by resemblance or containment."""

from __future__ import annotations

import csv
import dataclasses
import json
import random
import sys
from pathlib import Path

import pytest

from newstrace.model import Article, Document, NearDuplicate
from newstrace.pipeline import Corpus, Pipeline, RunContext, record_failure, registry
from newstrace.report import build_report, report_to_dict
from newstrace.report.html import render_html
from newstrace.report.markdown import render_markdown
from newstrace.report.views import duplicate_rows
from newstrace.settings import Settings
from newstrace.stages.clean import HeuristicCleaner, clean_text
from newstrace.stages.dedupe import DedupeParams, MinHashDeduper, dedupe_documents, find_duplicates, scores
from newstrace.stages.dedupe import shingle_hashes as shingles
from newstrace.store import Store

SETTINGS = Settings.load()
PARAMS = DedupeParams.from_settings(SETTINGS)

# --------------------------------------------------------------------------- generated texts

_COMMON_WORDS = (
    "the a of to in and on for with at by from as after before over under about into between during "
    "while city council river water flood plan year week month people residents officials engineers "
    "report said says told added warned argued agreed expected would could should might will may must "
    "can new old large small first last local regional national public private early late higher lower "
    "build repair close open fund delay approve reject review measure protect raise cut test inspect "
    "bridge road street park school station wall barrier bank gate pump storm rain level season spring "
    "budget cost money contract company team study survey data figure number share part half third"
)
_TOPIC_WORDS = "Elmsford flood barrier Marlow river Mayor Okafor Tuesday million pounds"
_COMMON, _TOPIC = _COMMON_WORDS.split(), _TOPIC_WORDS.split()


def article_text(seed: int, sentences: int = 30) -> str:
    """A generic generated article: sentences of random words from a shared news vocabulary.

    Different seeds give different articles on the same topic (the same topic words and vocabulary).
    """
    rng = random.Random(seed)
    paragraphs: list[str] = []
    current: list[str] = []
    for i in range(sentences):
        words = [rng.choice(_COMMON if rng.random() > 0.2 else _TOPIC) for _ in range(rng.randint(12, 22))]
        current.append(" ".join(words).capitalize() + ".")
        if i % 3 == 2:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)


_APPEAL_WORDS = (
    "we you your our please donate give support gift monthly today now help keep journalism independent "
    "free readers reporting every contribution matters thank minute small big future subscribe member join"
)


def appeal_text(words: int = 620) -> str:
    """A long donation appeal of about ``words`` words (varied, so its shingles are mostly distinct)."""
    rng = random.Random(99)
    vocabulary = _APPEAL_WORDS.split()
    return " ".join(rng.choice(vocabulary) for _ in range(words)).capitalize() + "."


def doc(doc_id: str, text: str, *, published: str | None = None, outlet: str | None = None) -> Document:
    return Document(
        Article(
            id=doc_id, source=f"{doc_id}.txt", raw=text, outlet=outlet, title=f"Title {doc_id}", published=published
        ),
        text=text,
    )


ORIGINAL = article_text(1)
OTHER = article_text(2)  # same topic, different article


def _edited(text: str) -> str:
    """A lightly edited copy: a few words changed, one sentence dropped, a new last sentence."""
    words = text.split(" ")
    rng = random.Random(5)
    for i in rng.sample(range(len(words)), len(words) // 40):
        words[i] = "revised"
    edited = " ".join(words)
    first_stop = edited.index(". ") + 2
    return edited[first_stop:] + "\n\nThis story has been updated."


def _first(text: str, share: float) -> str:
    words = text.split(" ")
    return " ".join(words[: int(len(words) * share)])


# --------------------------------------------------------------------------- exact duplicates


def test_an_identical_copy_is_collapsed_and_recorded_on_the_kept_article() -> None:
    spaced = ORIGINAL.replace(". ", ".   ").replace("\n\n", "\n \n")  # whitespace differs only
    docs = [doc("b", spaced, outlet="Beta"), doc("a", ORIGINAL, outlet="Alpha"), doc("c", OTHER)]
    out = dedupe_documents(docs, PARAMS)
    assert [d.id for d in out] == ["a", "c"]  # input order kept; the copy is gone
    kept = out[0]
    assert [(c.id, c.source, c.outlet) for c in kept.exact_copies] == [("b", "b.txt", "Beta")]
    assert kept.near_duplicate is None


def test_the_exact_copy_kept_is_the_earliest_published_whatever_the_order() -> None:
    docs = [doc("z", ORIGINAL, published="2024-03-02"), doc("y", ORIGINAL, published="2024-03-01"), doc("x", ORIGINAL)]
    for order in (docs, docs[::-1]):
        out = dedupe_documents(order, PARAMS)
        assert [d.id for d in out] == ["y"]
        assert [c.id for c in out[0].exact_copies] == ["z", "x"]  # dated before undated


# --------------------------------------------------------------------------- near duplicates


@pytest.mark.parametrize(
    ("name", "copy"),
    [
        ("an appeal appended", ORIGINAL + "\n\n" + appeal_text()),
        ("cut to its first 60 %", _first(ORIGINAL, 0.6)),
        ("lightly edited", _edited(ORIGINAL)),
    ],
)
def test_a_near_copy_is_marked_against_the_original(name: str, copy: str) -> None:
    docs = [
        doc("orig", ORIGINAL, published="2024-01-01"),
        doc("copy", copy, published="2024-01-02"),
        doc("other", OTHER),
    ]
    out = {d.id: d for d in dedupe_documents(docs, PARAMS)}
    mark = out["copy"].near_duplicate
    assert mark is not None, name
    assert out["copy"].near_duplicate_of == "orig"
    assert (mark.resemblance, mark.containment) == pytest.approx(
        scores(shingles(ORIGINAL, 3), shingles(copy, 3)), abs=1e-3
    )
    assert out["orig"].near_duplicate is None and out["other"].near_duplicate is None


def test_a_padded_copy_is_found_by_containment_although_its_resemblance_is_low() -> None:
    copy = ORIGINAL + "\n\n" + appeal_text()
    docs = [doc("orig", ORIGINAL, published="2024-01-01"), doc("copy", copy, published="2024-01-02")]
    mark = find_duplicates(docs, PARAMS).near["copy"]
    assert mark.resemblance < PARAMS.resemblance  # resemblance alone would miss it
    assert mark.containment >= 0.99


def test_a_cut_copy_is_found_by_containment() -> None:
    cut = _first(ORIGINAL, 0.6)
    result = find_duplicates([doc("orig", ORIGINAL), doc("cut", cut)], PARAMS)
    # the longer text is the representative when neither is dated
    assert result.near == {"cut": NearDuplicate("orig", result.near["cut"].resemblance, 1.0)}
    assert result.near["cut"].resemblance < 0.7


def test_two_articles_on_the_same_topic_are_not_marked() -> None:
    _, containment = scores(shingles(ORIGINAL, 3), shingles(OTHER, 3))
    assert containment < 0.2
    result = find_duplicates([doc("a", ORIGINAL), doc("b", OTHER), doc("c", article_text(3))], PARAMS)
    assert result.near == {} and result.exact == {}


def test_a_short_text_inside_a_long_one_needs_enough_shingles_to_count() -> None:
    line = " ".join(ORIGINAL.split()[:10])  # ten words of the lead, far below min_shingles
    result = find_duplicates([doc("long", ORIGINAL), doc("line", line)], PARAMS)
    assert "line" not in result.near


def test_no_chains_a_brief_inside_two_articles_does_not_join_them() -> None:
    brief = " ".join(ORIGINAL.split()[:60])
    second = brief + "\n\n" + OTHER  # another article that quotes the same lead
    result = find_duplicates([doc("one", ORIGINAL), doc("two", second), doc("brief", brief)], PARAMS)
    assert set(result.near) == {"brief"}  # the two articles stay apart


def test_marks_do_not_depend_on_the_input_order() -> None:
    base = [article_text(seed) for seed in range(10, 16)]
    docs = [doc(f"d{i}", t, published=f"2024-02-0{i % 3 + 1}") for i, t in enumerate(base)]
    docs += [
        doc("c1", base[0] + "\n\n" + appeal_text(300)),
        doc("c2", _first(base[1], 0.6), published="2024-02-03"),
        doc("c3", _edited(base[2])),
        doc("c4", base[3]),  # exact copy, undated (so d3, dated, is kept)
        doc("c5", _first(base[0], 0.7)),
    ]
    expected = [(d.id, d.near_duplicate, tuple(c.id for c in d.exact_copies)) for d in dedupe_documents(docs, PARAMS)]
    assert {i for i, mark, _ in expected if mark} == {"c1", "c2", "c3", "c5"}
    rng = random.Random(0)
    for _ in range(6):
        shuffled = list(docs)
        rng.shuffle(shuffled)
        got = {
            d.id: (d.near_duplicate, tuple(c.id for c in d.exact_copies)) for d in dedupe_documents(shuffled, PARAMS)
        }
        assert got == {i: (mark, copies) for i, mark, copies in expected}


def test_dead_documents_pass_through_untouched() -> None:
    dead = record_failure(doc("dead", ""), "clean.heuristic.v1", "empty", "E310", fatal=True)
    out = dedupe_documents([dead, doc("a", ORIGINAL), doc("b", ORIGINAL)], PARAMS)
    assert [d.id for d in out] == ["dead", "a"]
    assert out[0] == dead


# --------------------------------------------------------------------------- pipeline, reports, store


def test_the_default_pipeline_dedupes_after_cleaning_and_before_parsing() -> None:
    names = SETTINGS.get("pipeline.stages")
    assert names.index("clean.heuristic.v1") < names.index("dedupe.minhash.v1") < names.index("annotate.spacy.v1")
    assert registry()["dedupe.minhash.v1"] is MinHashDeduper


def _run() -> Corpus:
    articles = [
        Article(
            id="a", source="feeds/a.txt", raw=ORIGINAL, outlet="Alpha", title="Barrier delayed", published="2024-05-01"
        ),
        Article(id="b", source="feeds/b.txt", raw=ORIGINAL + "\n", outlet="Beta", published="2024-05-02"),
        Article(id="c", source="feeds/c.txt", raw=_first(ORIGINAL, 0.6), outlet="Gamma", published="2024-05-03"),
        Article(id="d", source="feeds/d.txt", raw=OTHER, outlet="Delta", published="2024-05-01"),
    ]
    pipeline = Pipeline([HeuristicCleaner(SETTINGS), MinHashDeduper(SETTINGS)])
    return pipeline.run(Corpus(tuple(Document(a) for a in articles)), RunContext(SETTINGS))


def test_the_reports_show_the_copy_collapsed_and_the_near_duplicate_marked() -> None:
    report = build_report(_run(), SETTINGS, created="2026-01-01T00:00:00+00:00")
    data = report_to_dict(report)
    assert [a["id"] for a in data["articles"]] == ["a", "c", "d"]
    assert data["articles"][0]["exact_copies"][0]["source"] == "feeds/b.txt"
    near = data["articles"][1]["near_duplicate"]
    assert data["articles"][1]["near_duplicate_of"] == "a" and near["of"] == "a" and near["containment"] == 1.0
    assert data["duplicates"]["exact"][0]["message"] == "feeds/b.txt: exact duplicate of feeds/a.txt; analysed once"
    assert [n["id"] for n in data["duplicates"]["near"]] == ["c"]
    assert data["failures"] == []  # a duplicate is not a problem
    json.dumps(data)

    rows = duplicate_rows(report)
    assert [(r.kind, r.article, r.of_id) for r in rows] == [
        ("exact", "Beta · 2024-05-02", "a"),
        ("near", "Gamma · 2024-05-03", "a"),
    ]

    md = render_markdown(report)
    resemblance = f"{near['resemblance']:.2f}"
    assert f"near duplicate of Barrier delayed (Alpha), resemblance {resemblance}, containment 1.00" in md
    assert "## Duplicates" in md and "feeds/b.txt: exact duplicate of feeds/a.txt; analysed once" in md
    html = render_html(report)
    assert 'near duplicate of <a href="#a-a">Barrier delayed (Alpha)</a>' in html
    assert f"resemblance {resemblance}, containment 1.00" in html
    assert 'id="duplicates"' in html and "analysed once" in html


def test_the_store_keeps_the_marks_and_the_collapsed_copies(tmp_path: Path) -> None:
    report = build_report(_run(), SETTINGS, created="2026-01-01T00:00:00+00:00")
    with Store(tmp_path / "s.duckdb") as store:
        run_id = store.save(report)
        rows = store.con.execute(
            "SELECT article_id, near_duplicate_of, containment FROM articles WHERE run_id = ? ORDER BY article_id",
            [run_id],
        ).fetchall()
        assert rows == [("a", None, None), ("c", "a", 1.0), ("d", None, None)]
        copies = store.con.execute("SELECT source, copy_id, duplicate_of FROM duplicates WHERE run_id = ?", [run_id])
        assert copies.fetchall() == [("feeds/b.txt", "b", "a")]
        assert store.load(run_id) == json.loads(json.dumps(report_to_dict(report)))


# --------------------------------------------------------------------------- real data


def _fnc_bodies(shared: Path, ids: set[int]) -> dict[int, str]:
    path = shared / "data" / "fnc-1" / "train_bodies.csv"
    if not path.exists():
        pytest.skip(f"needs {path}")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as fh:
        return {int(r["Body ID"]): r["articleBody"] for r in csv.DictReader(fh) if int(r["Body ID"]) in ids}


def test_fnc1_copies_are_marked_and_rewrites_of_the_same_story_are_not(shared: Path) -> None:
    # 1889 is a teaser of 1645 (its lead + "Read more at ..."); 2010 is the first part of 2208;
    # 0 and 1068 are two outlets' own reports of the same meteorite (containment 0.56): not copies.
    bodies = _fnc_bodies(shared, {1889, 1645, 2010, 2208, 0, 1068})
    docs = [dataclasses.replace(doc(f"b{i}", ""), text=clean_text(body, SETTINGS).text) for i, body in bodies.items()]
    near = find_duplicates(docs, PARAMS).near
    assert {k: v.of for k, v in near.items()} == {"b1889": "b1645", "b2010": "b2208"}
