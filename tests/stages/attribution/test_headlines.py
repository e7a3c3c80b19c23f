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
