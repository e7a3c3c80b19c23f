"""An editorial aside is no source, and a method is evidence, not a speaker (seen on an unseen PAC page,
written here with invented sentences)."""

from __future__ import annotations

from typing import Any

from newstrace.model import SpeakerType
from newstrace.stages.attribution import attribute


def test_an_aside_that_ends_its_line_introduces_nothing(nlp: Any) -> None:
    text = (
        "The agency has a memo claiming that the road will pay for itself (emphasis added):\n"
        "The office compared this traffic forecast to a baseline of earlier counts."
    )
    quotes = attribute(nlp(text))[0]
    assert quotes, "the passage is still quoted"
    assert all(q.speaker is None or q.speaker.name != "emphasis" for q in quotes)


def test_an_aside_inside_its_sentence_still_attributes_it(nlp: Any) -> None:
    quotes = attribute(nlp("Officials (the ministry said on Monday) were in talks."))[0]
    assert [q.speaker.name for q in quotes if q.speaker is not None] == ["the ministry"]


def test_a_method_something_is_according_to_is_evidence(nlp: Any) -> None:
    [q] = attribute(nlp("According to those methods, the bridge will not carry the load its builders promise."))[0]
    assert q.speaker is not None and q.speaker.type is SpeakerType.DOCUMENT


def test_a_magazine_cover_that_says_something_is_evidence(nlp: Any) -> None:
    """A cover, cartoon or poster "says" what is printed on it: material, not a holder (an unseen BASIL story
    listed "that cover" among the speakers)."""
    quotes = attribute(nlp('The cover of the weekly says the senator is "the queen of rage."'))[0]
    assert quotes and all(q.speaker is not None and q.speaker.type is SpeakerType.DOCUMENT for q in quotes)


def test_a_document_that_an_event_set_off_speaks_for_itself(nlp: Any) -> None:
    """ "That incident sparked a petition calling on ...": the petition calls, not the incident (an unseen FNC-1
    body made "That incident" a holder); a body that makes a statement is still its source."""
    [q] = attribute(
        nlp('That incident sparked a petition calling on the airline to "reserve separate rows on every flight."')
    )[0]
    assert q.speaker is not None and q.speaker.name == "a petition" and q.speaker.type is SpeakerType.DOCUMENT
    [q] = attribute(nlp('The ministry made a statement saying "the talks will resume next week."'))[0]
    assert q.speaker is not None and q.speaker.name == "The ministry"
