"""The quote-mark reader: pairs marks by context, never aborts, and slices back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.stages.attribution._marks import read_quotes


def contents(text: str) -> list[str]:
    return [text[q.start : q.end] for q in read_quotes(text).quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “it is over” today.", ["it is over"]),
        ('He said "it is over" today.', ["it is over"]),
        ("the United States’ failure, “a long war,” she said", ["a long war,"]),
        ('the United States\' failure, "a long war," she said', ["a long war,"]),
        ("“I don’t know,” he said. “Ask them.”", ["I don’t know,", "Ask them."]),
        ("“He called it ‘fake’ today,” she said.", ["He called it ‘fake’ today,", "fake"]),
        ("It’s the ’90s and O’Brien’s dogs’ bowls.", []),
        ("an odd “mark here and “a pair” later", ["a pair"]),
        ("a stray ” closing mark, then “a real quote”", ["a real quote"]),
        ("'Single quotes,' he said.", ["Single quotes,"]),
    ],
)
def test_quote_marks_are_paired_by_context(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_unmatched_marks_are_recorded_not_fatal() -> None:
    reading = read_quotes("a “b c d")
    assert reading.quotes == ()
    assert reading.unmatched == (2,)


def test_a_quotation_continued_across_paragraphs_is_one_chain() -> None:
    text = "“First part.\n\n“Second part.\n\n“Last part,” he said."
    quotes = read_quotes(text).quotes
    assert [text[q.start : q.end] for q in quotes] == ["First part.", "Second part.", "Last part,"]
    assert len({q.chain for q in quotes}) == 1 and quotes[0].chain is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a space lost after a closing straight mark: the marks after it pair among themselves
        (
            'She stated, "the plan is over. It failed. "Officials are now reviewing it.',
            ["the plan is over. It failed. "],
        ),
        ('He said "one" and "two." "Three is next.', ["one", "two."]),
        # curly marks nested without single marks: enough closing marks follow for both
        ("“He apologized for using the “f word.”” she said", ["He apologized for using the “f word.”", "f word."]),
    ],
)
def test_marks_real_pages_get_wrong_still_pair(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_a_quotation_whose_middle_paragraphs_lack_marks_runs_to_its_closing_mark() -> None:
    text = "He wrote: “I had to let him go.\n\nHe admitted it.\n\nThere was nothing to hide!”\n\nThe post spread."
    quotes = read_quotes(text).quotes
    assert [text[q.start : q.end] for q in quotes] == [
        "I had to let him go.",
        "He admitted it.",
        "There was nothing to hide!",
    ]
    assert len({q.chain for q in quotes}) == 1 and quotes[0].chain is not None
    assert quotes[1].open_mark == quotes[1].start  # no mark of its own


def test_a_quotation_left_open_before_a_paragraph_that_opens_another_is_unmatched() -> None:
    text = "“An open quote never closed.\n\nThe narrator goes on. Then “a real one” appears."
    assert contents(text) == ["a real one"]


def test_nested_quotes_point_to_their_parent() -> None:
    text = "“They said ‘go home’ to us,” he said."
    outer, inner = read_quotes(text).quotes
    assert inner.parent == 0 and outer.parent is None


def test_curly_and_straight_marks_give_the_same_spans() -> None:
    curly = "“We won’t go,” she said. “Never.”"
    straight = curly.replace("“", '"').replace("”", '"')
    assert [(q.start, q.end) for q in read_quotes(curly).quotes] == [
        (q.start, q.end) for q in read_quotes(straight).quotes
    ]


_ALPHABET = st.sampled_from([*"ab cd.,\n", "“", "”", '"', "'", "‘", "’", "s", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_reader_never_raises_and_spans_are_inside_marks(text: str) -> None:
    reading = read_quotes(text)
    for q in reading.quotes:
        assert 0 <= q.open_mark <= q.start <= q.end <= len(text)
        if q.open_mark == q.start:  # a paragraph of a quotation that runs on without an opening mark
            assert q.chain is not None
        if q.close_mark is not None:
            assert q.close_mark == q.end
        if q.parent is not None:
            parent = reading.quotes[q.parent]
            assert parent.start <= q.open_mark and q.end <= parent.end
