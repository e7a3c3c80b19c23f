"""Acceptance on the two founding articles (../shared/acceptance/seeds.md): stance and certainty.

Runs the default pipeline on ``samples/seeds`` with the core claim from ``seeds.gold.json`` given as
the user's claim, and checks what a careful reader accepts. Known misses are strict xfails.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace.model import Article, Document, Genre, Stance, StanceLabel

NEWS = "000_007fbfef98640e8d"
BLOG = "001_b853a04869582be9"


@pytest.fixture(scope="module")
def seeds(shared: Path) -> dict[str, Document]:
    gold = json.loads((shared / "acceptance" / "seeds.gold.json").read_text(encoding="utf-8"))
    return _analysed(shared, gold["core_claim"])


#: The claim as the lead sentences word it ("accusing Russia of arming the Taliban"); the demo's story claim.
OTHER_WORDING = "Russia is arming the Taliban"


@pytest.fixture(scope="module")
def seeds_other_wording(shared: Path) -> dict[str, Document]:
    return _analysed(shared, OTHER_WORDING)


def _analysed(shared: Path, claim: str) -> dict[str, Document]:
    from newstrace.analysis import user_claims
    from newstrace.pipeline import Corpus, Pipeline, RunContext
    from newstrace.settings import Settings

    settings = Settings.load()
    pipeline = Pipeline.from_settings(settings)
    paths = sorted((shared / "samples" / "seeds").glob("*.txt"))
    articles = [Article(id=p.stem, source=str(p), raw=p.read_text(encoding="utf-8")) for p in paths]
    corpus = Corpus(tuple(Document(article=a) for a in articles), user_claims=user_claims([claim]))
    corpus = pipeline.run(corpus, RunContext(settings))
    return {d.id.split(".")[0]: d for d in corpus.documents}


def _stance(doc: Document, holder_part: str) -> Stance:
    found = [s for s in doc.stances if holder_part.lower() in s.holder.lower()]
    assert found, f"no stance for {holder_part}; holders: {sorted({s.holder for s in doc.stances})}"
    return max(found, key=lambda s: len(s.quote_ids))


def _doc(seeds: dict[str, Document], key: str) -> Document:
    return next(d for k, d in seeds.items() if k.startswith(key) or key in k)


def test_the_news_report_is_news_and_the_blog_is_opinion(seeds: dict[str, Document]) -> None:
    assert _doc(seeds, NEWS).genre is Genre.NEWS
    assert _doc(seeds, BLOG).genre is Genre.OPINION


@pytest.mark.parametrize("general", ["Nicholson", "Votel", "Scaparrotti"])
def test_us_generals_support_the_claim(seeds: dict[str, Document], general: str) -> None:
    assert _stance(_doc(seeds, NEWS), general).label is StanceLabel.SUPPORTS


def test_not_refuting_reads_as_support(seeds: dict[str, Document]) -> None:
    stance = _stance(_doc(seeds, NEWS), "Nicholson")
    assert any(c.kind == "negation" and "refut" in c.text for c in stance.cues)


def test_nicholson_sounds_surer_than_the_hedging_generals(seeds: dict[str, Document]) -> None:
    doc = _doc(seeds, NEWS)
    nicholson = _stance(doc, "Nicholson").certainty
    assert nicholson > _stance(doc, "Votel").certainty
    assert nicholson > _stance(doc, "Scaparrotti").certainty


def test_mattis_is_undecided(seeds: dict[str, Document]) -> None:
    assert _stance(_doc(seeds, NEWS), "Mattis").label is StanceLabel.DISCUSSES


def test_russias_ambassador_refutes(seeds: dict[str, Document]) -> None:
    assert _stance(_doc(seeds, NEWS), "Mantytskiy").label is StanceLabel.REFUTES


def test_russias_foreign_ministry_refutes(seeds: dict[str, Document]) -> None:
    assert _stance(_doc(seeds, BLOG), "Ministry").label is StanceLabel.REFUTES


def test_the_blog_is_skeptical_not_a_denial(seeds: dict[str, Document]) -> None:
    stance = _stance(_doc(seeds, BLOG), "article")
    assert stance.label is StanceLabel.DISCUSSES
    assert any(c.kind == "scare-quote" for c in stance.cues)
    assert stance.certainty < _stance(_doc(seeds, NEWS), "article").certainty


def test_stance_evidence_sentences_slice_the_text(seeds: dict[str, Document]) -> None:
    for doc in seeds.values():
        for stance in doc.stances:
            for span in stance.sentences:
                assert 0 <= span.start < span.end <= len(doc.text)
            for cue in stance.cues:
                if cue.kind != "cue-class":
                    assert doc.text[cue.start : cue.end] == cue.text


def _semantic_stance_model() -> bool:
    from newstrace.stages.stance import _model as stance_model

    return stance_model.load(semantic=True).embedder is not None


@pytest.mark.xfail(
    _semantic_stance_model(),
    strict=True,
    reason="the semantic model reads the report's own voice as discusses (0.377) just above supports (0.368) "
    "once its probabilities are weighed as the decision weighs them; the lexical model still says supports",
)
def test_the_news_report_reports_support(seeds: dict[str, Document]) -> None:
    assert _stance(_doc(seeds, NEWS), "article").label is StanceLabel.SUPPORTS


def test_the_afghan_spokesman_supports(seeds: dict[str, Document]) -> None:
    assert _stance(_doc(seeds, BLOG), "Sediq").label is StanceLabel.SUPPORTS


def test_the_blog_reads_nicholson_as_support_too(seeds: dict[str, Document]) -> None:
    assert _stance(_doc(seeds, BLOG), "Nicholson").label is StanceLabel.SUPPORTS


def test_an_anonymous_afghan_official_is_sure(seeds: dict[str, Document]) -> None:
    stance = _stance(_doc(seeds, BLOG), "Afghan official")
    assert stance.label is StanceLabel.SUPPORTS
    assert stance.certainty > _stance(_doc(seeds, NEWS), "Votel").certainty


@pytest.mark.parametrize(
    ("key", "holder", "label"),
    [
        (NEWS, "Nicholson", StanceLabel.SUPPORTS),
        (NEWS, "Scaparrotti", StanceLabel.SUPPORTS),
        (NEWS, "Mattis", StanceLabel.DISCUSSES),
        (NEWS, "Mantytskiy", StanceLabel.REFUTES),
        # "utterly false" refutes; "they were made to cover up for the United States' failure" is about the
        # claim only through its sentence, so it takes no side (it used to count as support: "discusses")
        (BLOG, "Ministry", StanceLabel.REFUTES),
    ],
)
def test_speaker_stances_hold_under_another_wording_of_the_claim(
    seeds_other_wording: dict[str, Document], key: str, holder: str, label: StanceLabel
) -> None:
    assert _stance(_doc(seeds_other_wording, key), holder).label is label


@pytest.mark.xfail(
    not _semantic_stance_model(),
    strict=True,
    reason="without sentence embeddings 'arming' and 'support ... in terms of weapons' share no words",
)
def test_votel_supports_under_another_wording_of_the_claim(seeds_other_wording: dict[str, Document]) -> None:
    assert _stance(_doc(seeds_other_wording, NEWS), "Votel").label is StanceLabel.SUPPORTS
