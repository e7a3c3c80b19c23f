"""A speaker is never a headline fragment: Title Case lines and speakers inside quotation marks
(issue 16's "a title-cased headline taken whole as the speaker"), with invented headlines."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.stages.attribution import attribute
from newstrace.stages.attribution._headlines import is_title_line, opening_speaker


@pytest.mark.parametrize(
    ("headline", "speaker"),
    [
        ("Harlan Calls Harbour Toll Plan A 'Cash Grab,' Says He's Unlikely To Sign Bill", "Harlan"),
        ("Governor Calls Harbour Toll Plan A 'Cash Grab,' Says He's Unlikely To Sign Bill", "Governor"),
        ("Mayor Blasts Harbour Plan As A 'Total Disaster,' Says She Will Not Sign It", "Mayor"),
    ],
)
def test_a_title_case_headline_speaks_through_its_opening_noun_phrase(nlp: Any, headline: str, speaker: str) -> None:
    text = f"{headline}\n\nThe plan was announced on Monday by the harbour board.\n"
    quotes, _ = attribute(nlp(text))
    said = [q for q in quotes if q.cue is not None and q.cue.text == "Says"]
    assert said, "the headline's statement is found"
    for q in said:
        assert q.speaker is not None
        assert q.speaker.name == speaker
        # the speaker's words never overlap what is quoted
        assert q.speaker.start is None or not (q.start <= q.speaker.start < q.end)


def test_no_speaker_is_taken_from_inside_quotation_marks(nlp: Any) -> None:
    text = "Harbour Toll Plan A 'Cash Grab,' Says New Study Of Shipping Costs\n\nThe study was published today.\n"
    quotes, _ = attribute(nlp(text))
    for q in quotes:
        if q.speaker is not None and q.speaker.name:
            assert "Cash Grab" not in q.speaker.name


def test_a_name_on_a_title_case_line_ends_before_its_verb(nlp: Any) -> None:
    text = (
        "Harlan Calls Harbour Toll Plan A 'Cash Grab,' Says He's Unlikely To Sign Bill\n\n"
        "Governor Dana Harlan spoke in Eastport on Monday. “We will not pay twice for one road,” Harlan said.\n"
    )
    quotes, entities = attribute(nlp(text))
    assert all("Calls" not in e.name for e in entities)
    late = next(q for q in quotes if "pay twice" in q.content)
    assert late.speaker is not None and late.speaker.name == "Dana Harlan"


def test_title_lines_and_their_opening_phrase(nlp: Any) -> None:
    doc = nlp("Council Leader Says City Will Appeal Ruling\n\nThe council met on Monday and said it would appeal.")
    assert is_title_line(doc, 0, 4)
    assert not is_title_line(doc, len(doc) - 2, 4)
    head = opening_speaker(doc, 2, [-1] * len(doc))
    assert head is not None and head.text == "Leader"
    # a line that opens with no name or source noun has no opening speaker
    doc = nlp("Tolls Rise Again As Harbour Board Says Costs Doubled\n\nMore follows.")
    assert opening_speaker(doc, 6, [-1] * len(doc)) is None


def test_prose_speakers_are_untouched(nlp: Any) -> None:
    text = "Dana Harlan, the governor, said on Monday that the toll plan was “a cash grab” and would fail."
    quotes, _ = attribute(nlp(text))
    assert quotes and quotes[0].speaker is not None and quotes[0].speaker.name == "Dana Harlan"


def test_a_reporting_verb_read_as_a_plural_noun_gives_back_its_name(nlp: Any) -> None:
    # the parse a sentence-case headline gets on real pages: "denies" a plural noun, the name its compound
    from spacy.tokens import Doc

    from newstrace.stages.attribution._headlines import checked_speaker

    words = ["Vance", "denies", "rival", "aide", ",", "says", "she", "should", "resign"]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[True, True, True, False, True, True, True, True, False],
        pos=["PROPN", "NOUN", "NOUN", "NOUN", "PUNCT", "VERB", "PRON", "AUX", "VERB"],
        tags=["NNP", "NNS", "NN", "NN", ",", "VBZ", "PRP", "MD", "VB"],
        deps=["compound", "compound", "compound", "nsubj", "punct", "ROOT", "nsubj", "aux", "ccomp"],
        heads=[1, 3, 3, 5, 5, 5, 8, 8, 5],
        lemmas=["Vance", "deny", "rival", "aide", ",", "say", "she", "should", "resign"],
    )
    no_quotes = [-1] * len(doc)
    head = checked_speaker(doc[3], doc[5], (doc[6].idx, len(doc.text)), no_quotes, (0, 3), 4)
    assert head is not None and head.text == "Vance"
    # a plural noun that is no reporting verb stays the speaker ("Vance aides say ...")
    lemmas = ["Vance", "aide", "rival", "aide", ",", "say", "she", "should", "resign"]
    doc2 = Doc(
        nlp.vocab,
        words=["Vance", "aides", "rival", "aide", ",", "says", "she", "should", "resign"],
        spaces=[True, True, True, False, True, True, True, True, False],
        pos=["PROPN", "NOUN", "NOUN", "NOUN", "PUNCT", "VERB", "PRON", "AUX", "VERB"],
        tags=["NNP", "NNS", "NN", "NN", ",", "VBZ", "PRP", "MD", "VB"],
        deps=["compound", "compound", "compound", "nsubj", "punct", "ROOT", "nsubj", "aux", "ccomp"],
        heads=[1, 3, 3, 5, 5, 5, 8, 8, 5],
        lemmas=lemmas,
    )
    kept = checked_speaker(doc2[3], doc2[5], (doc2[6].idx, len(doc2.text)), no_quotes, (0, 3), 4)
    assert kept is not None and kept.i == 3


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        # the parse joins an unpunctuated headline to the lead: the lead's own subject speaks
        (
            "Vance announces deal to end partial harbour shutdown\n\n"
            "President Peter Vance said Friday that he will support a short-term bill to reopen the harbour.\n",
            "said",
            "Peter Vance",
        ),
        # a name does not run from the headline into the lead
        (
            "Dockers Union Open to Harbour Toll Cuts\n\n"
            "Dockers Union, the largest union at the port, said on Friday that it was open to modest cuts.\n",
            "said",
            "Dockers Union",
        ),
        # a headline's capitalised words are no roles: "the ... official" is not the headline's last name
        (
            "H.T.A. Official Invokes 5th Amendment at Hearing\n\n"
            "The Harbour Tolls Agency official who first disclosed that the agency had targeted small charities "
            "for special scrutiny, and in doing so ignited a controversy, denied on Wednesday that she had ever "
            "provided false information to Congress.\n",
            "disclosed",
            "The Harbour Tolls Agency official",
        ),
    ],
)
def test_a_headline_lends_no_words_to_the_leads_speaker(nlp: Any, text: str, cue: str, speaker: str) -> None:
    quotes, _ = attribute(nlp(text))
    q = next((q for q in quotes if q.cue is not None and q.cue.text == cue), None)
    assert q is not None and q.speaker is not None and q.speaker.name == speaker
