"""The claims stage: check-worthy sentences and the headline, with offsets that slice the text."""

from __future__ import annotations

from typing import Any

from newstrace.model import Article, Document, Sentence
from newstrace.stages.claims import ClaimParams, document_claims
from newstrace.text.parse import sentences_of

TEXT = (
    "Factory output fell for a third month\n\n"
    "Factory output fell 2.1 percent in March, the statistics office said on Friday. "
    "Thank you all for coming. "
    "Exports to Europe dropped by 12 percent compared with a year earlier."
)


def _doc(nlp: Any, title: str | None = None) -> Document:
    sentences: tuple[Sentence, ...] = sentences_of(nlp(TEXT))
    return Document(article=Article(id="a1", source="t", raw=TEXT, title=title), text=TEXT, sentences=sentences)


def test_claims_slice_back_to_the_text(nlp: Any) -> None:
    for claim in document_claims(_doc(nlp)):
        assert claim.start is not None and claim.end is not None
        assert TEXT[claim.start : claim.end] == claim.text


def test_a_standalone_first_line_is_the_headline_claim(nlp: Any) -> None:
    claims = document_claims(_doc(nlp))
    assert claims[0].origin == "headline"
    assert claims[0].text == "Factory output fell for a third month"


def test_factual_sentences_are_claims_and_pleasantries_are_not(nlp: Any) -> None:
    texts = [c.text for c in document_claims(_doc(nlp)) if c.origin == "sentence"]
    assert any(t.startswith("Exports to Europe") for t in texts)
    assert not any(t.startswith("Thank you") for t in texts)


def test_the_article_title_is_the_headline_when_given(nlp: Any) -> None:
    claims = document_claims(_doc(nlp, title="Factory output fell for a third month"))
    assert claims[0].origin == "headline"
    assert (claims[0].start, claims[0].end) == (0, len("Factory output fell for a third month"))


def test_the_settings_bound_how_many_sentences_become_claims(nlp: Any) -> None:
    def sentences(params: ClaimParams) -> list[str]:
        return [c.text for c in document_claims(_doc(nlp), params) if c.origin == "sentence"]

    assert len(sentences(ClaimParams())) >= 2
    assert len(sentences(ClaimParams(max_per_document=1))) == 1
    assert sentences(ClaimParams(min_checkworthiness=1.01)) == []


def test_a_dateline_line_is_no_headline(nlp: Any) -> None:
    text = "LISBON, Portugal -\n\n" + TEXT.split("\n\n", 1)[1]
    sentences: tuple[Sentence, ...] = sentences_of(nlp(text))
    doc = Document(article=Article(id="a1", source="t", raw=text), text=text, sentences=sentences)
    claims = document_claims(doc)
    assert all(c.origin != "headline" for c in claims)
    assert all(not c.text.startswith("LISBON") for c in claims)
