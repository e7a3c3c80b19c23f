"""Who can be a speaker, and who a pronoun can mean (issue 16's error classes on real pages, written with
invented names): a place that describes a speaker is not the speaker, a law or a report is a document, a
possessive pronoun speaks for its antecedent, a given name tells a gender, and the material a statement is
known from ("according to a video") is not a second speaker of it."""

from __future__ import annotations

from typing import Any

from newstrace.model import Quote, SpeakerType
from newstrace.stages.attribution import attribute


def speaker_of(nlp: Any, text: str, fragment: str) -> Quote:
    hits = [q for q in attribute(nlp(text))[0] if fragment in q.content]
    assert hits, f"no quote holds {fragment!r}"
    return hits[0]


def test_a_name_that_modifies_the_speaker_noun_is_not_the_speaker(nlp: Any) -> None:
    text = "A 19-year-old Westshire woman who threw paint on her landlord's car has blamed him, saying he cut her gas."
    q = speaker_of(nlp, text, "he cut her gas")
    assert q.speaker is not None and q.speaker.name is not None
    assert q.speaker.name != "Westshire" and "woman" in q.speaker.name
    assert q.speaker.anonymous


def test_a_law_that_says_something_is_a_document_not_a_holder(nlp: Any) -> None:
    q = speaker_of(nlp, "The Harbour Tolls and Levies Act says that fees must be published.", "fees must be")
    assert q.speaker is not None and q.speaker.type is SpeakerType.DOCUMENT
    assert q.speaker.holder is None


def test_a_possessive_pronoun_speaks_for_its_antecedent(nlp: Any) -> None:
    text = "Boris Lund spoke in Eastport on Sunday. He tried to clarify his comment that the toll plan was dead."
    q = speaker_of(nlp, text, "the toll plan was dead")
    assert q.speaker is not None and q.speaker.name == "Boris Lund"


def test_a_given_name_tells_the_gender_when_the_article_does_not(nlp: Any) -> None:
    text = (
        "Ruth Ames and Boris Lund met the harbour board on Sunday. "
        "“We will not pay twice for one road,” she said. “The road is old,” he said."
    )
    she = speaker_of(nlp, text, "pay twice")
    he = speaker_of(nlp, text, "The road is old")
    assert she.speaker is not None and she.speaker.name == "Ruth Ames"
    assert he.speaker is not None and he.speaker.name == "Boris Lund"


def test_the_article_outweighs_a_given_name(nlp: Any) -> None:
    # a title in the article says more than the given name does
    text = "Mr. Ruth Ames, the harbour master, spoke on Sunday. “The road is old,” he said."
    q = speaker_of(nlp, text, "The road is old")
    assert q.speaker is not None and q.speaker.name == "Ruth Ames"


def test_the_material_a_statement_is_known_from_is_not_its_speaker(nlp: Any) -> None:
    text = (
        "“The plan was a cash grab from the start,” Mr. Harlan said, according to a video of his remarks "
        "that was circulated by his rivals on Friday."
    )
    quotes = [q for q in attribute(nlp(text))[0] if "cash grab" in q.content]
    assert quotes
    assert all(q.speaker is not None and q.speaker.name == "Harlan" for q in quotes)
    # "according to" a document with no reporting verb of its own still attributes to the document
    q = speaker_of(nlp, "According to a transcript, the harbour is closing.", "the harbour is closing")
    assert q.speaker is not None and q.speaker.type is SpeakerType.DOCUMENT
