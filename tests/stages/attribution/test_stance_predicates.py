"""Stances reported by a noun of judgement that a verb of expressing takes as its object, by a stance
adjective, or by a noun of fear with a "that" clause: their subject is the holder (issue 16's missing speakers
"X piled on criticism of Y", "X remained opposed to Y", "X expressed fear that ..."). Invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from tests.stages.attribution.test_resolution import quotes_of


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("The growers voiced sharp criticism of the new tariff.", "the new tariff", "The growers"),
        ("Councillors piled on criticism of the mayor.", "the mayor", "Councillors"),
        ("The union has pledged support for the strike at the port.", "the strike at the port", "The union"),
        ("Three senators remained firmly opposed to the budget deal.", "the budget deal", "Three senators"),
        ("The farmers were critical of the water plan.", "the water plan", "The farmers"),
        (
            "The rent rises were opposed by tenants, who have expressed fear that the landlord will evict them.",
            "the landlord will evict them",
            "tenants",
        ),
    ],
)
def test_the_subject_holds_the_stance(nlp: Any, text: str, content: str, speaker: str) -> None:
    [q] = [q for q in quotes_of(nlp, text) if q.content == content]
    assert q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    "text",
    [
        # negated: no stance is reported
        "The union did not voice support for the strike.",
        "The farmers are not opposed to the tariff.",
        # the subject receives the judgement, it does not hold it (and it names no source)
        "The plan drew criticism of its cost.",
        # an adjective that is no stance ("critical to" = essential to)
        "The bridge is critical to the plan.",
    ],
)
def test_no_holder_without_a_stance_taken(nlp: Any, text: str) -> None:
    assert not [q for q in quotes_of(nlp, text) if q.speaker is not None and q.speaker.name]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # the judged thing is the subject of the verb the judging verb is conjoined with
        ("The toll plan is likely to stall and has drawn criticism from drivers.", "The toll plan"),
        # a clause as that subject
        ("Closing the depot is expected to cost jobs and has drawn criticism from drivers.", "Closing the depot"),
    ],
)
def test_a_conjoined_verb_judges_the_subject_it_shares(nlp: Any, text: str, content: str) -> None:
    [q] = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.lemma == "criticism"]
    assert q.content == content
    assert q.speaker is not None and q.speaker.name == "drivers"
