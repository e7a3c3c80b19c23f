"""A plural group narrowed by a relative clause right after it is a group of its own, named with the clause
(issue 16: gold speakers such as "the members who voted for X" that the system listed as the whole party).
Invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.settings import Settings
from newstrace.stages.attribution import AttributionParams, attribute
from tests.stages.attribution.test_resolution import speaker_of


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # a people's name (NORP) narrowed by the clause
        (
            "Afterwards, Liberals who backed the budget said that the deal was a fair one.",
            "the deal was a fair one",
            "Liberals who backed the budget",
        ),
        # a common noun for a group
        (
            "But farm groups that are fighting the tariff accused the ministry of ignoring growers.",
            "the ministry",
            "farm groups that are fighting the tariff",
        ),
        # the group narrowed, whatever the cue
        (
            "The vote drew objections from councillors who have voted against every fare rise.",
            "The vote",
            "councillors who have voted against every fare rise",
        ),
    ],
)
def test_a_restrictive_clause_names_the_narrower_group(nlp: Any, text: str, fragment: str, speaker: str) -> None:
    q = speaker_of(nlp, text, fragment)
    assert q.speaker is not None and q.speaker.name == speaker


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # set off by commas, the clause only describes the group
        (
            "Liberals, who backed the budget, said that the deal was a fair one.",
            "the deal was a fair one",
            "Liberals",
        ),
        # too long to be a name
        (
            "Farmers who grow wheat in the valley and who sell it to the mill at a discount every year said "
            "that prices were low.",
            "prices were low",
            "Farmers",
        ),
        # a clause that reports what the group says is its statement, not its name
        (
            "All we have is the word of rebels who say they bought the rifles abroad.",
            "they bought the rifles abroad",
            "rebels",
        ),
        # a singular person is not narrowed (a role noun or a name says who it is)
        (
            "A farmer who grows wheat said that prices were low.",
            "prices were low",
            "A farmer",
        ),
    ],
)
def test_a_describing_or_long_clause_leaves_the_group_as_named(
    nlp: Any, text: str, fragment: str, speaker: str
) -> None:
    q = speaker_of(nlp, text, fragment)
    assert q.speaker is not None and q.speaker.name == speaker


def test_the_clause_length_is_a_setting_and_zero_turns_it_off(nlp: Any) -> None:
    text = "Afterwards, Liberals who backed the budget said that the deal was a fair one."
    off = AttributionParams.from_settings(Settings.load(overrides={"attribution.group_clause_max_words": "0"}))
    [q] = [q for q in attribute(nlp(text), params=off)[0] if "fair" in q.content]
    assert q.speaker is not None and q.speaker.name == "Liberals"
