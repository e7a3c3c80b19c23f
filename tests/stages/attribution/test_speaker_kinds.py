"""Who can be a speaker, and who a pronoun can mean (issue 16's error classes on real pages, written with
invented names): a place that describes a speaker is not the speaker, a law or a report is a document, a
possessive pronoun speaks for its antecedent, a given name tells a gender, and the material a statement is
known from ("according to a video") is not a second speaker of it."""

from __future__ import annotations

from typing import Any

from newstrace.model import SpeakerType
from newstrace.stages.attribution import attribute
from tests.stages.attribution.test_resolution import quotes_of, speaker_of


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
    quotes = [q for q in quotes_of(nlp, text) if "cash grab" in q.content]
    assert quotes
    assert all(q.speaker is not None and q.speaker.name == "Harlan" for q in quotes)
    # "according to" a document with no reporting verb of its own still attributes to the document
    q = speaker_of(nlp, "According to a transcript, the harbour is closing.", "the harbour is closing")
    assert q.speaker is not None and q.speaker.type is SpeakerType.DOCUMENT


def test_a_service_named_as_the_medium_is_no_person_for_she(nlp: Any) -> None:
    # the tagger reads "Twitter" here as a person's name; used only as "on Twitter", it is a service
    text = (
        "Peter Vance lashed out on Twitter, saying the judge should resign.\n\n"
        "“It is a disgrace to the court,” she said."
    )
    q = speaker_of(nlp, text, "It is a disgrace")
    assert q.speaker is not None and q.speaker.name != "Twitter"


def test_a_definite_role_noun_finds_the_titled_person_before_a_pronoun(nlp: Any) -> None:
    text = (
        "High Court Justice Helen Marsh faced a growing backlash on Wednesday as she doubled down on her criticism "
        "of the candidate.\n\nAnd Peter Vance himself lashed out on Twitter, saying the judge should resign.\n\n"
        "The veteran justice had kicked off the storm with comments to The Daily Courier published Saturday. "
        "“I can’t imagine the country with Peter Vance as our president,” she said."
    )
    q = speaker_of(nlp, text, "imagine the country")
    assert q.speaker is not None and q.speaker.name == "Helen Marsh"


def test_a_headline_name_is_cut_to_what_the_body_calls_it(nlp: Any) -> None:
    text = (
        "Harbour Toll Hikes Dockers Union Says It Is Open To Talks\n\n"
        "The Dockers Union, the largest union at the port, said it was open to modest changes.\n"
    )
    quotes, entities = attribute(nlp(text))
    q = next(q for q in quotes if "modest changes" in q.content)
    assert q.speaker is not None and q.speaker.name == "Dockers Union"
    assert all("Hikes" not in e.name for e in entities)


def test_an_ampersand_joins_one_name(nlp: Any) -> None:
    q = speaker_of(nlp, "An analysis from Marlow & Finch said the port lost $6 million.", "the port lost")
    assert q.speaker is not None and q.speaker.name is not None and "Finch" in q.speaker.name


def test_a_speaker_with_no_noun_is_no_source(nlp: Any) -> None:
    text = "Several residents spoke at the meeting. More said that the tolls were unfair to small traders."
    q = speaker_of(nlp, text, "the tolls were unfair")
    assert q.speaker is None or q.speaker.holder is None
    # a number with an "of" phrase says who: it stays a source
    q = speaker_of(nlp, "One of the conservative members in the House said that the plan would fail.", "would fail")
    assert q.speaker is not None and q.speaker.name == "One of the conservative members in the House"


def test_they_is_never_a_place(nlp: Any) -> None:
    text = (
        "The toll was debated in Eastport on Monday.\n\n"
        "In Eastport, the plan was voted down. They said the toll was unfair."
    )
    q = speaker_of(nlp, text, "the toll was unfair")
    assert q.speaker is None or q.speaker.name != "Eastport"


def test_and_inside_one_name_does_not_split_it(nlp: Any) -> None:
    text = "The Council on Budget and Port Priorities, a think tank, said that the tolls would hurt small traders."
    q = speaker_of(nlp, text, "the tolls would hurt")
    assert q.speaker is not None and q.speaker.name == "Council on Budget and Port Priorities"


def test_data_a_statement_is_known_from_is_no_group_of_speakers(nlp: Any) -> None:
    """spaCy's lemma of "data" is "datum": the word lists name both, so "X data" is material, not a group."""
    text = "Crossings fell below 900 a month in the valley, according to Harbour and Border Patrol data."
    q = speaker_of(nlp, text, "Crossings fell")
    assert q.speaker is not None
    assert q.speaker.type is not SpeakerType.GROUP
    assert q.speaker.holder is None or "data" not in q.speaker.holder
