"""Names as the NER or the tagger hand them over, made right: a title glued to a name, a given name alone,
a common noun capitalised because it opens its sentence. Each is a class of speaker errors left from the
last round (issue 16), written here with invented names."""

from __future__ import annotations

from typing import Any

from newstrace.model import Quote, SpeakerType
from newstrace.stages.attribution import attribute


def quote_with(nlp: Any, text: str, fragment: str) -> Quote:
    hits = [q for q in attribute(nlp(text))[0] if fragment in q.content]
    assert hits, f"no quote holds {fragment!r}"
    return hits[0]


def test_a_role_word_the_ner_glued_to_a_name_is_a_role_not_part_of_the_name(nlp: Any) -> None:
    q = quote_with(nlp, "Spokeswoman Marta Olsen said the plant would reopen on Monday.", "the plant would reopen")
    assert q.speaker is not None and q.speaker.name == "Marta Olsen"
    assert q.speaker.role == "spokeswoman"


def test_a_first_name_that_is_also_a_role_ending_keeps_the_name(nlp: Any) -> None:
    q = quote_with(nlp, "Christian Baker said the plant would reopen on Monday.", "the plant would reopen")
    assert q.speaker is not None and q.speaker.name == "Christian Baker"


def test_a_first_name_with_a_role_ending_before_a_middle_name_keeps_the_name(nlp: Any) -> None:
    """ "Marian Wright Roe": "Marian" ends like "historian", but what follows is no given name, so nothing says
    the name starts after it."""
    text = "Marian Wright Roe, president of the fund, said the plant would reopen on Monday."
    q = quote_with(nlp, text, "the plant would reopen")
    assert q.speaker is not None and q.speaker.name == "Marian Wright Roe"
    q = quote_with(nlp, "Historian Jane Olsen said the plant would reopen on Monday.", "the plant would reopen")
    assert q.speaker is not None and q.speaker.name == "Jane Olsen"


def test_a_given_name_alone_is_the_person_the_article_names_in_full(nlp: Any) -> None:
    text = "Ann Voss and her brother Carl Voss run the farm. Ann said the harvest was poor this year."
    q = quote_with(nlp, text, "the harvest was poor")
    assert q.speaker is not None and q.speaker.name == "Ann Voss"
    assert q.speaker.resolved_by == "short-form"


def test_a_capitalised_document_noun_opening_a_sentence_is_no_name(nlp: Any) -> None:
    text = "Indictment papers were filed on Monday. Indictment says the mayor took bribes."
    q = quote_with(nlp, text, "the mayor took bribes")
    assert q.speaker is not None and q.speaker.type is SpeakerType.DOCUMENT
    assert q.speaker.holder is None


def test_a_capitalised_role_noun_opening_a_sentence_goes_to_the_person_with_that_role(nlp: Any) -> None:
    text = "Rep. Dana Holt, a first-term congressman, voted no. Congressman said the bill would fail."
    q = quote_with(nlp, text, "the bill would fail")
    assert q.speaker is not None and q.speaker.name == "Dana Holt"
    assert q.speaker.resolved_by == "role-noun"


def test_a_surname_written_capitalised_inside_a_sentence_stays_a_name(nlp: Any) -> None:
    text = "The mayor met Baker on Monday.\n\nBaker said the plan would fail."
    q = quote_with(nlp, text, "the plan would fail")
    assert q.speaker is not None and q.speaker.name == "Baker" and not q.speaker.anonymous
