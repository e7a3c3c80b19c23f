"""One date resolver: date phrases anchored on the publication date, spaCy's date spans near a quote, agreement."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from newstrace.model import Article, Document, Quote, QuoteKind, Sentence
from newstrace.text.isodate import as_date, iso_date
from newstrace.text.when import (
    agree,
    date_spans,
    names_a_point,
    phrase_near,
    remark_date,
    resolve,
)


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("on Monday", "2017-04-25", "2017-04-24"),  # 2017-04-25 was a Tuesday
        ("on Tuesday", "2017-04-25", "2017-04-25"),  # the day itself, not a week before
        ("early Tuesday", "2017-04-25", "2017-04-25"),
        ("last Tuesday", "2017-04-25", "2017-04-18"),
        ("Thursday's", "2017-04-25", "2017-04-20"),
        ("in April", "2017-07-26", "2017-04"),
        ("in December", "2017-07-26", "2016-12"),
        ("May", "2017-04-25", "2016-05"),  # the month, when spaCy says it is one
        ("on March 3", "2017-07-26", "2017-03-03"),
        ("Governor Smith Monday", "2017-04-25", "2017-04-24"),  # a name around the date
        ("Monday evening in which she is expected to announce her decision", "2017-04-25", "2017-04-24"),
        ("Sept. 11", "2017-04-25", "2016-09-11"),
        ("mid-March", "2017-04-25", "2017-03"),
        ("the end of March", "2017-04-25", "2017-03"),
        ("late last month", "2017-04-25", "2017-03"),
        ("earlier this month", "2017-04-25", "2017-04"),
        ("yesterday", "2017-01-01", "2016-12-31"),
        ("this morning", "2017-04-25", "2017-04-25"),
        ("last week", "2017-04-25", "2017-04-18"),
        ("last year", "2017-04-25", "2016"),
        ("two years ago", "2017-04-25", "2015"),
        ("April 24, 2017", None, "2017-04-24"),  # a full date needs no anchor
        ("in 2016", None, "2016"),
        ("2017-04-20", "2017-04-25", "2017-04-20"),
        ("on Monday", None, None),  # nothing to count from
        ("in the morning", "2017-01-01", None),
        ("two years", "2017-04-25", None),  # a length of time, not a date
        ("decades", "2017-04-25", None),
        ("the 1990s", "2017-04-25", None),
        ("next week", "2017-04-25", None),  # after publication: nothing was said then
        ("April 30, 2017", "2017-04-25", None),
        ("", "2017-04-25", None),
        (None, "2017-04-25", None),
    ],
)
def test_date_phrases_resolve_against_publication(
    phrase: str | None, published: str | None, expected: str | None
) -> None:
    assert resolve(phrase, published) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2017-04-24", "2017-04", True),
        ("2017-04-24", "2017-07", False),
        ("2017", "2017-04-24", True),
        (None, "2017-04", None),
    ],
)
def test_dates_agree_at_the_coarser_precision(a: str | None, b: str | None, expected: bool | None) -> None:
    assert agree(a, b) is expected


@pytest.mark.parametrize(
    ("phrase", "point"), [("two years ago", True), ("two years", False), ("Monday", True), ("decades", False)]
)
def test_a_length_of_time_is_not_a_point_in_time(phrase: str, point: bool) -> None:
    assert names_a_point(phrase) is point


def _parsed(nlp: Any, text: str, published: str) -> tuple[Document, Quote]:
    parsed = nlp(text)
    start = text.index("\u201c") + 1
    end = text.index("\u201d")
    quote = Quote("q1", QuoteKind.DIRECT, text[start:end], start, end)
    doc = Document(
        Article(id="a", source="a.txt", raw=text, published=published),
        text=text,
        sentences=tuple(Sentence(s.start_char, s.end_char) for s in parsed.sents),
        quotes=(quote,),
        dates=date_spans(parsed),
    )
    return doc, quote


def test_a_modal_may_two_sentences_away_dates_nothing(nlp: Any) -> None:
    text = (
        "Russia may be supplying the Taliban, officials say. Nothing has been shown. "
        "\u201cI\u2019m not refuting that,\u201d the general said."
    )
    doc, quote = _parsed(nlp, text, "2017-04-25")
    assert [m.text for m in doc.dates] == []  # spaCy does not take the modal for the month
    assert phrase_near(doc, quote) is None
    assert remark_date(doc, quote) is None


def test_a_date_near_the_quote_dates_the_remark(nlp: Any) -> None:
    text = (
        "The general spoke at a press conference on Monday. Russia may be arming the Taliban, he added. "
        "\u201cI\u2019m not refuting that,\u201d the general said."
    )
    doc, quote = _parsed(nlp, text, "2017-04-25")
    assert remark_date(doc, quote) == "2017-04-24"


def test_a_date_inside_the_quoted_words_is_not_when_they_were_said(nlp: Any) -> None:
    text = "The minister spoke to reporters. \u201cThe vote was held in March,\u201d she said."
    doc, quote = _parsed(nlp, text, "2017-04-25")
    assert [m.text for m in doc.dates] == ["March"]
    assert remark_date(doc, quote) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-04-25T09:30:00+02:00", "2017-04-25"),
        ("Tue, 25 Apr 2017 09:30:00 GMT", "2017-04-25"),  # RSS
        ("April 25, 2017", "2017-04-25"),
        ("", None),
        (None, None),
        ("not a date", None),
    ],
)
def test_a_publication_date_from_metadata_becomes_iso(value: str | None, expected: str | None) -> None:
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2017-04-25", (dt.date(2017, 4, 25), "day")),
        ("2017-04", (dt.date(2017, 4, 1), "month")),
        ("2017", (dt.date(2017, 1, 1), "year")),
        ("2017-04-25T09:30:00", (dt.date(2017, 4, 25), "day")),
        ("2017-02-30", (None, None)),
        ("April 2017", (None, None)),  # only what this module writes is read back
        (None, (None, None)),
    ],
)
def test_a_resolved_date_reads_back_with_its_precision(value: str | None, expected: tuple[Any, Any]) -> None:
    assert as_date(value) == expected


#: What parses a date: dateparser, dateutil, htmldate's own parser, the standard library's readers.
_PARSING = re.compile(r"(?:(?:import|from) dateparser|dateutil|fromisoformat\(|strptime\(|find_date\(|parsedate)")
#: The one exception: an HTTP Retry-After header (a wait, not a date in any article).
_ALLOWED = {"stages/ingest/_fetch.py"}


def test_nothing_but_the_resolver_and_its_iso_reader_parses_a_date() -> None:
    package = Path(str(resources.files("newstrace")))
    offenders = [
        f"{path.relative_to(package).as_posix()}:{n}"
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).as_posix() not in {"text/when.py", "text/isodate.py", *_ALLOWED}
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if _PARSING.search(line)
    ]
    assert offenders == []


def test_a_bare_year_in_an_earlier_sentence_is_background_not_when_the_remark_was_made(nlp: Any) -> None:
    text = (
        "Only two officials have been removed this way, the last in 1994. "
        "\u201cNobody is above the law,\u201d the sponsor said."
    )
    doc, quote = _parsed(nlp, text, "2022-11-19")
    assert "1994" in [m.text for m in doc.dates]
    assert remark_date(doc, quote) is None
    own = "In 1994 the senator said: \u201cNobody is above the law.\u201d"
    doc, quote = _parsed(nlp, own, "2022-11-19")
    assert remark_date(doc, quote) == "1994"
