"""When a remark was made, read from around the quote when attribution did not resolve it.

A general date reader: weekday names, month names (with an optional day), and relative words
("yesterday", "last month") in the quote's sentence or the two sentences before it (outside
the quote itself). Dates are normalised against the article's publication date: a weekday is
the latest such day on or before publication, a month without a year is the latest such month
on or before it. Two dates *agree* when they are equal at the coarser of their precisions
("Monday" = 2017-04-24 agrees with "April" = 2017-04).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newstrace.model import Document, Quote

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]  # fmt: skip
_WHEN = re.compile(
    r"\b(?:(?P<weekday>" + "|".join(WEEKDAYS) + r")"
    r"|(?P<month>" + "|".join(m.capitalize() for m in MONTHS) + r")(?:\s+(?P<day>\d{1,2})\b)?"
    r"|(?P<rel>yesterday|today|last week|last month|earlier this month))\b",
    re.IGNORECASE,
)


def normalise_when(text: str, published: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) or month (YYYY-MM) for a date phrase, relative to publication."""
    m = _WHEN.search(text)
    if m is None or not published:
        return None
    try:
        pub = date.fromisoformat(published[:10])
    except ValueError:
        return None
    if m.group("weekday"):
        back = (pub.weekday() - WEEKDAYS.index(m.group("weekday").lower())) % 7
        return (pub - timedelta(days=back)).isoformat()
    if m.group("month"):
        month = MONTHS.index(m.group("month").lower()) + 1
        year = pub.year if month <= pub.month else pub.year - 1
        if m.group("day"):
            try:
                return date(year, month, int(m.group("day"))).isoformat()
            except ValueError:
                return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}"
    rel = m.group("rel").lower()
    if rel == "yesterday":
        return (pub - timedelta(days=1)).isoformat()
    if rel == "today":
        return pub.isoformat()
    if rel == "last month":
        first = pub.replace(day=1) - timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    if rel == "earlier this month":
        return f"{pub.year:04d}-{pub.month:02d}"
    return (pub - timedelta(days=7)).isoformat()  # last week


def agree(a: str | None, b: str | None) -> bool | None:
    """Whether two normalised dates agree at the coarser precision (None when one is unknown)."""
    if not a or not b:
        return None
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def when_phrase(doc: Document, quote: Quote, lookback: int = 2) -> tuple[str, int, int] | None:
    """The date phrase nearest before/around a quote: its sentence, then up to ``lookback`` earlier ones."""
    sentences = [s for s in doc.sentences if s.start <= quote.start] or []
    for sent in reversed(sentences[-(lookback + 1) :]):
        text = doc.text[sent.start : sent.end]
        for m in _WHEN.finditer(text):
            start, end = sent.start + m.start(), sent.start + m.end()
            if quote.start <= start < quote.end:
                continue  # inside the quoted words
            return doc.text[start:end], start, end
    return None
