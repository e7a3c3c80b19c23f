"""Quote-level certainty, denial and negation scope read from the parse."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.model import CueClass
from newstrace.stages.stance._certainty import assess, frame_of

POLARITY = [
    ("Oh no, I'm not refuting that.", 1),  # a negated denial supports
    ("We do not deny the reports.", 1),
    ("The claims are utterly false.", -1),
    ("They categorically reject the accusation.", -1),
    ("The company was not offering money to the group.", -1),
    ("It was just political support.", -1),
    ("They may be providing some sort of support.", 1),
    ("The shipments would have to be dealt with as a violation of the law.", 0),
    ("The government opened a new bridge.", 1),
    # a denial word inside what a negation denies is content, not a negated denial
    ("I have not done anything wrong.", -1),
    ("That claim is not false.", 1),
    # a negative quantifier negates the clause without a "not"
    ("Nothing the president is proposing would have stopped the massacre.", -1),
    ("There is no emergency at the border.", -1),
    ("It was no accident.", -1),
    ("They found no evidence of fraud.", -1),
    ("This was in no way a concession.", -1),  # a negative adverbial
    ("We will under no circumstances resign.", -1),
    ("There is no doubt the plan works.", 1),  # "no doubt" boosts; it negates nothing
    ("There is no deal without a vote.", 1),  # negated twice: affirmed
    # a negation in an adjunct is not the quote's; in a complement or a joined clause it is
    ("The board fired him for not following the rules.", 1),
    ("A man who never voted won the seat.", 1),
    ("The vote went ahead although the talks did not succeed.", 1),
    ("I think the report is not accurate.", -1),
    ("We read the report, and it does not hold up.", -1),
    # a speaker who says they do not know or are not sure commits to neither side
    ("I don't know that the deal will hold.", 0),
    ("I'm not sure the bill will pass.", 0),
    ("Nobody knows for sure that the talks will succeed.", 0),
    ("I can't guarantee an outcome in the House.", 0),
    ("I don't think the report is accurate.", -1),  # "think" raises the negation: a denial
    ("He said they don't know the cause.", -1),  # their not knowing is what is said: content, not a hedge
    # a quote that runs over two sentences is negated in its second as well as its first
    ("The crisis is of their own making. There is no emergency.", -1),
]


@pytest.mark.parametrize(("text", "polarity"), POLARITY)
def test_polarity_follows_denials_and_negation_scope(nlp: Any, text: str, polarity: int) -> None:
    assert assess(nlp(text)).polarity == polarity


ORDER = [
    # (more certain, less certain)
    ("We are sure that trade was happening.", "I think it is fair to assume they may be providing support."),
    ("The report is clearly accurate.", "The report is perhaps accurate."),
    ("The minister confirmed the shipments.", "The minister might have seen the shipments."),
    ("There is no doubt they did it.", "I am not sure they did it."),
]


@pytest.mark.parametrize(("sure", "unsure"), ORDER)
def test_boosters_sound_more_certain_than_hedges(nlp: Any, sure: str, unsure: str) -> None:
    assert assess(nlp(sure)).certainty > assess(nlp(unsure)).certainty


def test_negated_booster_is_a_hedge(nlp: Any) -> None:
    kinds = {(c.text, c.kind) for c in assess(nlp("I am not sure this happened.")).cues}
    assert ("not sure", "hedge") in kinds


def test_hedging_cue_class_lowers_certainty(nlp: Any) -> None:
    doc = nlp("The army supplied the rebels.")
    assert assess(doc, CueClass.HEDGED).certainty < assess(doc, CueClass.NEUTRAL).certainty


def test_scare_quotes_around_a_word_are_a_cue(nlp: Any) -> None:
    cues = assess(nlp('The "evidence" in these charges is extremely thin.')).cues
    assert [c.kind for c in cues if c.kind == "scare-quote"] == ["scare-quote"]


@pytest.mark.parametrize(
    "text",
    [
        "The “evidence” in these charges is extremely thin.",
        "The ‘evidence’ in these charges is extremely thin.",
        "“Evidence” is what they called it.",
        "‘Evidence’ is what they called it.",
    ],
)
def test_scare_quotes_in_curly_marks_are_read_like_straight_ones(nlp: Any, text: str) -> None:
    from newstrace.stages.stance._certainty import scare_quotes

    straight = scare_quotes(nlp(text.replace("“", '"').replace("”", '"').replace("‘", '"').replace("’", '"')))
    assert [c.kind for c in scare_quotes(nlp(text))] == [c.kind for c in straight]


WORDS = st.sampled_from(
    [
        "I",
        "think",
        "they",
        "may",
        "not",
        "deny",
        "that",
        "the",
        "report",
        "is",
        "clearly",
        "false",
        "perhaps",
        "sure",
        "utterly",
        "just",
        "refuting",
        "would",
        '"',
        "evidence",
        ",",
        ".",
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=14))
def test_certainty_is_bounded_and_cues_slice_back(nlp: Any, words: list[str]) -> None:
    doc = nlp(" ".join(words))
    result = assess(doc, offset=0)
    assert 0.0 <= result.certainty <= 1.0
    for cue in result.cues:
        assert doc.text[cue.start : cue.end] == cue.text


FRAMES = [
    # (sentence, the quoted part, how the words around it frame it)
    (
        "She denied that she had ever provided false information to Congress.",
        "she had ever provided false information",
        -1,
    ),
    ("He would not rule out that the group changed its position.", "the group changed its position", 1),
    (
        "She said the accusations that she had misled Congress were false.",
        "the accusations that she had misled Congress",
        -1,
    ),
    ("He said that the group changed its position.", "the group changed its position", 0),
]


@pytest.mark.parametrize(("sentence", "quoted", "frame"), FRAMES)
def test_the_frame_around_a_quote_is_read_from_the_parse(nlp: Any, sentence: str, quoted: str, frame: int) -> None:
    doc = nlp(sentence)
    start = sentence.index(quoted)
    span = doc.char_span(start, start + len(quoted), alignment_mode="expand")
    assert frame_of(span) == frame


def test_a_negation_without_not_is_shown_as_a_cue(nlp: Any) -> None:
    cues = assess(nlp("This was in no way a concession, and there is no emergency.")).cues
    assert [(c.text, c.kind) for c in cues if c.kind == "negation"] == [("in no way", "negation"), ("no", "negation")]


def test_cue_words_are_the_text_at_their_offsets(nlp: Any) -> None:
    doc = nlp("Officials said it  was  definitely true.\n\nHe may perhaps   have known it, allegedly.  Not sure.")
    for sent in doc.sents:
        cues = assess(sent).cues
        for cue in cues:
            assert cue.text == doc.text[cue.start : cue.end]
    assert {c.text for s in doc.sents for c in assess(s).cues} >= {"definitely", "allegedly"}
