"""The pieces of the full-article stories eval, on tiny made-up inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.evaluation.coverage_corpora import basil_text, detect, load_all, pac_text
from newstrace.evaluation.coverage_stories import (
    grouping_errors,
    inside,
    moved_articles,
    predicted_groups,
    quote_shares,
    report_reuse_pairs,
    through_grouping,
)
from newstrace.evaluation.grouping_scores import score_groups
from newstrace.model import Article, Document, ExactCopy, Mention, Quote, QuoteKind, Report, Story
from newstrace.settings import Settings


@pytest.mark.parametrize(
    ("groups", "gold", "expected"),
    [
        # perfect grouping
        ([("a", "b"), ("c",)], {"a": "x", "b": "x", "c": "y"}, (1.0, 1.0, 1.0, 1.0)),
        # everything in one group: precision (2/3*2 + 1/3)/3 = 5/9, recall 1, ARI 0
        ([("a", "b", "c")], {"a": "x", "b": "x", "c": "y"}, (5 / 9, 1.0, 2 * (5 / 9) / (5 / 9 + 1), 0.0)),
        # a gold story of two split in two: precision 1, recall (1/2 + 1/2 + 1)/3 = 2/3
        ([("a",), ("b",), ("c",)], {"a": "x", "b": "x", "c": "y"}, (1.0, 2 / 3, 0.8, 0.0)),
    ],
)
def test_score_groups_gives_bcubed_and_ari(
    groups: list[tuple[str, ...]], gold: dict[str, str], expected: tuple[float, float, float, float]
) -> None:
    s = score_groups(groups, gold)
    got = (s["bcubed_precision"], s["bcubed_recall"], s["bcubed_f1"], s["ari"])
    assert got == pytest.approx(expected, abs=1e-4)


def test_ari_of_two_swapped_labelings_is_one_and_of_a_bad_split_below_zero() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert score_groups([("c", "d"), ("a", "b")], gold)["ari"] == 1.0
    assert score_groups([("a", "c"), ("b", "d")], gold)["ari"] < 0


def test_moved_articles_counts_articles_with_other_story_mates() -> None:
    first = [("a", "b"), ("c", "d"), ("e",)]
    assert moved_articles(first, [("e",), ("d", "c"), ("b", "a")]) == 0
    assert moved_articles(first, [("a", "b", "e"), ("c", "d")]) == 3  # a, b and e changed mates
    assert moved_articles(first, [("a",), ("b",), ("c", "d"), ("e",)]) == 2


def test_grouping_errors_name_split_stories_and_merged_groups() -> None:
    gold = {"a": "x", "b": "x", "c": "y", "d": "z"}
    errors = grouping_errors([("a",), ("b", "c"), ("d",)], gold)
    assert errors["split"] == [{"gold": "x", "parts": [["a"], ["b"]]}]
    assert errors["merged"] == [{"members": ["b", "c"], "gold": ["x", "y"]}]


def _doc(doc_id: str, text: str, quotes: tuple[Quote, ...] = (), copies: tuple[str, ...] = ()) -> Document:
    return Document(
        article=Article(doc_id, doc_id, text),
        text=text,
        quotes=quotes,
        exact_copies=tuple(ExactCopy(c, c) for c in copies),
    )


def test_predicted_groups_place_exact_copies_with_their_twin_and_lost_articles_alone() -> None:
    report = Report(
        1,
        "now",
        (_doc("a", "x", copies=("a2",)), _doc("b", "y")),
        stories=(Story("s1", ("a", "b")),),
    )
    assert predicted_groups(report, ["a", "a2", "b", "lost"]) == [("a", "a2", "b"), ("lost",)]


def test_inside_counts_covered_characters_once() -> None:
    assert inside(10, 20, [(0, 12), (11, 15), (18, 30)]) == 7  # 10-15 and 18-20
    assert inside(10, 20, []) == 0
    assert inside(10, 20, [(20, 25)]) == 0


def test_quote_shares_read_attributed_quotes_and_quotation_marks() -> None:
    said = "Officials said the harbour would reopen soon"
    a_text = f'He said: "{said}" and left.'
    b_text = f"Reporters heard that {said} from the mayor."
    start = a_text.index(said)
    quote = Quote("q1", QuoteKind.DIRECT, said, start, start + len(said))
    docs = {"a": _doc("a", a_text, (quote,)), "b": _doc("b", b_text)}
    b_start = b_text.index(said)
    pair = {
        "a_id": "a",
        "b_id": "b",
        "passages": [{"a_start": start, "a_end": start + len(said), "b_start": b_start, "b_end": b_start + len(said)}],
    }
    shares = quote_shares(pair, docs)
    # a's side is inside quotation marks (and the attributed quote); b's side is not
    assert shares == {"attribution": 0.5, "marks": 0.5, "either": 0.5}
    mixed = Quote("q2", QuoteKind.MIXED, said, start, start + len(said), fragments=(Mention("x", start, start + 9),))
    docs["a"] = _doc("a", a_text.replace('"', " "), (mixed,))
    shares = quote_shares(pair, docs)
    assert shares["marks"] == 0.0
    assert shares["attribution"] == pytest.approx(9 / (2 * len(said)), abs=1e-4)


def test_report_reuse_pairs_lists_a_pair_in_two_stories_once() -> None:
    from newstrace.codec import to_plain
    from newstrace.model import ReusePair, ReuseSummary

    pair = ReusePair("a", "b", "unknown", None, None, (), 0.5, 0.5)
    stories = (Story("s1", ("a",), reuse=(pair,), reuse_summary=ReuseSummary()), Story("s2", ("b",), reuse=(pair,)))
    assert report_reuse_pairs(Report(1, "now", (), stories=stories)) == [to_plain(pair)]


def test_basil_and_pac_texts_follow_the_documented_construction(tmp_path: Path) -> None:
    basil = {
        "article_id": "e1_1",
        "story_id": "e1",
        "source": "nyt",
        "title": " A title ",
        "date": "2010-01-02",
        "sentences": [
            {"idx": 1, "paragraph": 1, "text": "Second para."},
            {"idx": 0, "paragraph": 0, "text": "First."},
            {"idx": 2, "paragraph": 0, "text": "Still first."},
        ],
    }
    assert basil_text(basil) == "A title\n\nFirst. Still first.\n\nSecond para."
    pac = {
        "article_id": "S_0",
        "story_id": "S",
        "source": "CNN",
        "title": "T",
        "date": "",
        "news": [{"id": 1, "text": "Two."}, {"id": 0, "text": "One."}],
    }
    assert pac_text(pac) == "T\n\nOne. Two."
    (tmp_path / "b").mkdir()
    (tmp_path / "p").mkdir()
    (tmp_path / "b" / "articles.jsonl").write_text(json.dumps(basil) + "\n", encoding="utf-8")
    (tmp_path / "p" / "articles.jsonl").write_text(json.dumps(pac) + "\n", encoding="utf-8")
    assert detect(tmp_path / "b") == "basil" and detect(tmp_path / "p") == "pac" and detect(tmp_path) is None
    articles = load_all([tmp_path / "b", tmp_path / "p"])
    assert [(a.article.id, a.story, a.article.outlet, a.article.published) for a in articles] == [
        ("basil:e1_1", "basil:e1", "nyt", "2010-01-02"),
        ("pac:S_0", "pac:S", "CNN", None),
    ]
    assert articles[0].article.title == "A title"


def test_the_pipeline_through_grouping_stops_after_the_stage_that_makes_stories() -> None:
    names = through_grouping(Settings.load()).names
    assert names[-1] == "stories.group.v1"
    assert "stance.v1" not in names


def test_only_stories_takes_several_data_folders(tmp_path: Path) -> None:
    from newstrace.errors import ConfigError, InputError
    from newstrace.evaluation import evaluate
    from newstrace.evaluation.stories import evaluate as stories_evaluate

    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    with pytest.raises(ConfigError):
        evaluate("quotes", [a, b])
    with pytest.raises(InputError):
        evaluate("stories", [a, tmp_path / "missing"])
    (a / "articles.jsonl").write_text(json.dumps({"article_id": "x", "story_id": "s", "news": []}) + "\n")
    with pytest.raises(InputError):  # a PAC folder beside a folder that is neither BASIL nor PAC
        stories_evaluate([a, b])


def test_reuse_across_gold_stories_tells_one_article_filed_twice_from_other_pairs() -> None:
    import dataclasses

    from newstrace.evaluation.coverage_stories import reuse_measures
    from newstrace.model import ReusePair, ReusePassage, ReuseSummary

    text = "The council voted on Tuesday to close the harbour for the whole winter season."
    docs = (
        dataclasses.replace(_doc("a", text), near_duplicate_of="b"),
        _doc("b", text),
        _doc("c", text),
    )
    n = len(text)
    passage = ReusePassage(0, n, 0, n, 14, text, text)
    pairs = tuple(ReusePair(x, y, "unknown", None, None, (passage,), 1.0, 1.0) for x, y in (("a", "b"), ("a", "c")))
    report = Report(1, "now", docs, stories=(Story("s", ("a", "b", "c"), reuse=pairs, reuse_summary=ReuseSummary()),))
    metrics, rows = reuse_measures(report, {"a": "x", "b": "y", "c": "z"})
    assert metrics["reuse_cross_story_pairs"] == 2
    assert metrics["reuse_cross_story_same_article_pairs"] == 1  # a is b filed under another gold story
    assert metrics["reuse_cross_story_other_pairs"] == 1
    assert [r["same_article"] for r in rows] == [True, False]
