"""attribute(): kinds, cues, speakers and context on small texts, and offsets that slice back."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.model import CueClass, Quote, QuoteKind, SpeakerType
from newstrace.stages.attribution import attribute


def run(nlp: Any, text: str, published: str | None = None) -> list[Quote]:
    quotes, _ = attribute(nlp(text), published=published)
    return quotes


def find(quotes: list[Quote], fragment: str) -> Quote:
    hits = [q for q in quotes if fragment in q.content]
    assert hits, f"no quote contains {fragment!r}: {[q.content for q in quotes]}"
    return hits[0]


@pytest.mark.parametrize(
    ("text", "fragment", "kind", "cue", "speaker"),
    [
        ("“We will not leave,” Maria Lopez said.", "We will not leave", QuoteKind.DIRECT, "said", "Maria Lopez"),
        ("John Smith said: “The plan failed badly.”", "The plan failed badly", QuoteKind.DIRECT, "said", "John Smith"),
        ("“The plan failed badly,” said John Smith.", "The plan failed badly", QuoteKind.DIRECT, "said", "John Smith"),
        ("John Smith said that the plan had failed.", "the plan had failed", QuoteKind.INDIRECT, "said", "John Smith"),
        (
            "John Smith claimed the talks were “just political” gestures.",
            "the talks were",
            QuoteKind.MIXED,
            "claimed",
            "John Smith",
        ),
        (
            "The river burst its banks overnight, according to local police.",
            "The river burst its banks overnight",
            QuoteKind.INDIRECT,
            "according to",
            "local police",
        ),
        (
            "The ministry denied that it had sent troops.",
            "it had sent troops",
            QuoteKind.INDIRECT,
            "denied",
            "ministry",
        ),
    ],
)
def test_kind_cue_and_speaker(nlp: Any, text: str, fragment: str, kind: QuoteKind, cue: str, speaker: str) -> None:
    q = find(run(nlp, text), fragment)
    assert q.kind is kind
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker is not None and q.speaker.name is not None and speaker in q.speaker.name


def test_an_unnamed_report_is_evidence_and_unnamed_people_hold_a_stance(nlp: Any) -> None:
    text = "The convoy was reportedly attacked near the border. The driver is believed to have fled north."
    quotes = run(nlp, text)
    report = find(quotes, "attacked near the border").speaker
    people = find(quotes, "to have fled north").speaker
    assert report is not None and report.type is SpeakerType.DOCUMENT and report.holder is None
    assert people is not None and people.holder == "unspecified sources"


@pytest.mark.parametrize(
    ("text", "cue_class"),
    [
        ("Anna Berg said that the bridge was safe.", CueClass.NEUTRAL),
        ("Anna Berg claimed that the bridge was safe.", CueClass.DISTANCING),
        ("Anna Berg confirmed that the bridge was safe.", CueClass.ENDORSING),
        ("Anna Berg denied that the bridge was unsafe.", CueClass.NEGATING),
        ("Anna Berg suggested that the bridge was safe.", CueClass.HEDGED),
    ],
)
def test_cue_class(nlp: Any, text: str, cue_class: CueClass) -> None:
    q = find(run(nlp, text), "the bridge was")
    assert q.cue is not None and q.cue.cue_class is cue_class


def test_pronoun_speaker_resolves_to_the_person_named_before(nlp: Any) -> None:
    text = "Defense Secretary James Mattis visited the base on Monday. He said that the troops were ready."
    q = find(run(nlp, text), "the troops were ready")
    assert q.speaker is not None and q.speaker.mention == "He"
    assert q.speaker.name == "James Mattis" and q.speaker.resolved_by == "pronoun"


def test_short_form_resolves_to_the_fullest_name(nlp: Any) -> None:
    text = "Gen. John Nicholson spoke in Kabul.\n\n“We are watching closely,” Nicholson said."
    q = find(run(nlp, text), "We are watching closely")
    assert q.speaker is not None and q.speaker.name == "John Nicholson"


def test_split_quote_parts_share_a_group_and_speaker(nlp: Any) -> None:
    text = "“The first part is here,” Maria Lopez said. “And the second part follows it.”"
    quotes = run(nlp, text)
    first, second = find(quotes, "first part"), find(quotes, "second part")
    assert first.group is not None and first.group == second.group
    assert second.speaker is not None and second.speaker.name == "Maria Lopez"


def test_addressee_time_and_occasion(nlp: Any) -> None:
    text = (
        "“There is some classified reporting,” Gen. Paul Harris told Sen. Mary Jones on Monday, "
        "in testimony before the Senate Armed Services Committee."
    )
    q = find(run(nlp, text, published="2017-04-26"), "classified reporting")
    assert q.addressee is not None and "Mary Jones" in q.addressee
    assert q.when is not None and "Monday" in q.when and q.when_date == "2017-04-24"
    assert q.where is not None and "testimony before the Senate" in q.where


def test_scare_quotes_alone_are_not_attributions(nlp: Any) -> None:
    assert run(nlp, "The “evidence” in these charges is extremely thin.") == []


_WORDS = st.sampled_from(
    [
        "he",
        "said",
        "that",
        "the",
        "plan",
        "failed",
        "Maria",
        "Lopez",
        "told",
        "reporters",
        ",",
        ".",
        "“",
        "”",
        '"',
        "'",
        "’s",
        "\n\n",
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_WORDS, min_size=1, max_size=40).map(" ".join))
def test_offsets_slice_back_exactly(nlp: Any, text: str) -> None:
    quotes, _ = attribute(nlp(text))
    for q in quotes:
        assert text[q.start : q.end] == q.content
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker is not None and q.speaker.start is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.mention
    assert [q.id for q in quotes] == [f"q{n}" for n in range(1, len(quotes) + 1)]


def test_embedded_post_is_a_direct_quote_of_its_author(nlp: Any) -> None:
    text = (
        "The clinic was closed.\n\nPolice have sealed off the clinic on Main Street tonight\n\n"
        "— Jane Roe (@janeroe) May 1, 2020"
    )
    q = find(run(nlp, text), "sealed off the clinic")
    assert q.kind is QuoteKind.DIRECT and q.speaker is not None and q.speaker.name == "Jane Roe"


def test_acronym_resolves_to_the_spelled_out_name(nlp: Any) -> None:
    text = "The World Health Organization issued a note.\n\nWHO said in a statement that no cases had been found."
    q = find(run(nlp, text), "no cases had been found")
    assert q.speaker is not None and q.speaker.name == "World Health Organization"


def test_definite_informant_refers_back_to_the_earlier_source(nlp: Any) -> None:
    text = (
        "A tipster in the harbour district claims the mayor was there.\n\n"
        "The source added that the boat left at midnight."
    )
    first, second = find(run(nlp, text), "the mayor was there"), find(run(nlp, text), "the boat left")
    assert first.speaker is not None and second.speaker is not None
    assert second.speaker.entity_id == first.speaker.entity_id and second.speaker.resolved_by == "role-noun"


def test_pronoun_after_inverted_report_skips_names_inside_the_content(nlp: Any) -> None:
    text = "The Foreign Ministry rejected the claims. The Russians talk to the rebels only about peace, they said."
    q = find(run(nlp, text), "talk to the rebels")
    assert q.speaker is not None and q.speaker.name == "Foreign Ministry"


def test_hedged_passive_has_unspecified_sources(nlp: Any) -> None:
    q = find(run(nlp, "The minister is said to have resigned last week."), "to have resigned")
    assert q.cue is not None and q.cue.cue_class is CueClass.HEDGED
    assert q.speaker is not None and q.speaker.anonymous and q.speaker.name == "unspecified sources"


def test_titles_are_not_quotes(nlp: Any) -> None:
    assert run(nlp, "She starred in “The Long Night Returns” and “Winter Light Comes Home” last year.") == []


def test_curly_and_straight_quotes_give_the_same_attributions(nlp: Any) -> None:
    curly = (
        "“We will not leave,” Maria Lopez said. “Never.”\n\n"
        "The mayor’s office said the road would reopen. It called the plan “reckless” and “rushed,” officials said."
    )
    straight = curly.replace("“", '"').replace("”", '"').replace("’", "'")

    def view(text: str) -> list[tuple[str, int, int, str | None]]:
        def name(q: Quote) -> str | None:
            return q.speaker.name.replace("’", "'") if q.speaker and q.speaker.name else None

        return [(q.kind.value, q.start, q.end, name(q)) for q in run(nlp, text)]

    assert view(curly) == view(straight)


def test_a_report_inside_a_quotation_is_nested_in_it(nlp: Any) -> None:
    text = "“We thought it was a bomb because the windows shook,” Jorge Ruiz told reporters."
    quotes = run(nlp, text)
    outer = next(q for q in quotes if q.kind is QuoteKind.DIRECT)
    inner = next(q for q in quotes if q.kind is QuoteKind.INDIRECT and q.content.startswith("it was a bomb"))
    assert inner.nested_in == outer.id
    assert inner.speaker is not None and inner.speaker.name == "Jorge Ruiz"
    assert inner.speaker.resolved_by == "quote-speaker"


@pytest.mark.parametrize(
    ("text", "name", "role", "organization", "anonymous"),
    [
        (
            "A spokesman for Acme Corp told reporters that the plant would close.",
            "A spokesman for Acme Corp",
            None,
            "Acme Corp",
            True,
        ),
        (
            "Russia's ambassador to Spain, Ivan Petrov, said that talks had begun.",
            "Ivan Petrov",
            "ambassador",
            "Russia",
            False,
        ),
    ],
)
def test_speaker_entities_carry_role_and_organization(
    nlp: Any, text: str, name: str, role: str | None, organization: str, anonymous: bool
) -> None:
    _, entities = attribute(nlp(text))
    entity = next(e for e in entities if e.name == name)
    assert entity.role == role and entity.organization == organization and entity.anonymous is anonymous


@pytest.mark.parametrize(
    ("text", "fragment", "cue", "speaker"),
    [
        (
            "General Paul Hart, who replaced Adam Cole in May, said the base was secure.",
            "the base was secure",
            "said",
            "Paul Hart",
        ),
        (
            "The rifles, which weapons experts say are stripped of serial numbers, were found in a truck.",
            "stripped of serial numbers",
            "say",
            "weapons experts",
        ),
        (
            "The Interior Ministry called the reports “utterly false” on Tuesday.",
            "utterly false",
            "called",
            "Interior Ministry",
        ),
        (
            "The convoy was reportedly attacked near the border.",
            "attacked near the border",
            "reportedly",
            "unspecified reports",
        ),
    ],
)
def test_asides_relative_clauses_call_and_adverb_cues(
    nlp: Any, text: str, fragment: str, cue: str, speaker: str
) -> None:
    q = find(run(nlp, text), fragment)
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker is not None and q.speaker.name is not None and speaker in q.speaker.name
