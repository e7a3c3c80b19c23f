"""The parse handle: a document's text is made from its tokens once, and is the text that was parsed."""

from __future__ import annotations

from typing import Any

from newstrace.text.parse import Parse, doc_text, sentences_of

TEXT = "Officials said the bridge is closed.\n\nTraffic was diverted  through the old town. It may reopen Monday."


def test_the_text_of_a_parse_is_the_parsed_text_made_once(nlp: Any) -> None:
    doc = nlp(TEXT)
    assert doc_text(doc) == TEXT == doc.text
    assert doc_text(doc) is doc_text(doc)  # kept with the parse, not joined from the tokens again
    assert Parse(doc).text is doc_text(doc)


def test_sentences_slice_the_parsed_text(nlp: Any) -> None:
    doc = nlp(TEXT)
    sentences = sentences_of(doc)
    assert [TEXT[s.start : s.end] for s in sentences] == [
        "Officials said the bridge is closed.",
        "Traffic was diverted  through the old town.",
        "It may reopen Monday.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1]
