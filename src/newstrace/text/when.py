"""When something was said: the one place a date phrase becomes a date.

Every "when" the pipeline reads goes through here: the time phrase attribution finds on a quote's
cue, the date phrase near a quote that stories falls back on (for the timeline and for quote
variants), and whether two such dates agree.

- The phrases come from spaCy: annotate keeps the spans its entity recogniser tags ``DATE``
  (:func:`date_spans`, ``Document.dates``), attribution reads DATE and TIME entities off the
  cue's clause. A word that merely looks like a date ("may" the modal, "March" the verb) is never
  one here, however near the quote.
- :func:`resolve` hands a phrase to dateparser anchored on the article's publication date, and
  says how precise the answer is: a day (``YYYY-MM-DD``), a month (``YYYY-MM``) or a year
  (``YYYY``). Qualifiers dateparser does not read are dropped first ("late last month" is last
  month, "the end of March" March). A length of time ("two years", "decades") names no date; a
  weekday alone is the latest such day on or before publication (AP style: a "Tuesday" in an
  article of a Tuesday is that day); a date after publication is no date a remark was made on;
  without a publication date only a phrase that gives its year is resolved.
- :func:`agree`: two dates agree when they are equal at the coarser of their precisions
  ("Monday" = 2017-04-24 agrees with "April" = 2017-04).
- Dates come in and go out as ISO text, through ``text.isodate`` (no model behind it, so the model's
  tables can use it): ``iso_date`` reads a publication date as metadata gives it, ``as_date`` a date
  this module wrote back as a date and its precision. Nothing outside these two modules parses a
  date (a test checks).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from newstrace.model import Document, Mention, Quote
from newstrace.text import lexicons
from newstrace.text.isodate import as_date

if TYPE_CHECKING:
    from dateparser.date import DateDataParser
    from spacy.tokens import Doc

#: Words that make a phrase a point in time (months, weekdays, relative anchors).
POINT_WORDS = lexicons.words("data/lexicons/date_words.txt")
#: Leading words dropped before resolving ("late", "on", "the end of").
QUALIFIERS = sorted(lexicons.phrases("data/lexicons/date_qualifiers.txt"), key=len, reverse=True)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_YEAR = re.compile(r"\b(1[6-9]|20)\d\d\b")
_DECADE = re.compile(r"\b\d{2,4}\s?['’]?s\b")
_WORD = re.compile(r"[a-z]+")
#: dateparser's periods, and how many characters of an ISO date each keeps.
_PRECISION = {"year": 4, "month": 7, "week": 10, "day": 10, "part_of_day": 10, "time": 10}


def date_spans(parsed: Doc) -> tuple[Mention, ...]:
    """The spans spaCy's entity recogniser tags as dates (``DATE``), with their offsets."""
    return tuple(Mention(e.text, e.start_char, e.end_char) for e in parsed.ents if e.label_ == "DATE")


def names_a_point(phrase: str) -> bool:
    """Whether a date phrase names a point in time ("in April", "two years ago"), not a length ("two years")."""
    words = set(_WORD.findall(phrase.lower()))
    return bool(words & POINT_WORDS) or bool(_YEAR.search(phrase))


def _core(phrase: str) -> str:
    """The phrase without what dateparser does not read: leading qualifiers, a possessive, punctuation."""
    text = re.sub(r"['’]s\b", "", phrase.strip().strip(".,;:()")).replace("mid-", "mid ")
    words = text.split()
    dropped = True
    while dropped and words:
        dropped = False
        for qualifier in QUALIFIERS:
            n = len(qualifier)
            if len(words) > n and tuple(w.lower() for w in words[:n]) == qualifier:
                words = words[n:]
                dropped = True
                break
    return " ".join(words)


@functools.lru_cache(maxsize=512)
def _parser(anchor: dt.date | None) -> DateDataParser:
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day, 12)
    return DateDataParser(languages=["en"], settings=settings)


def _published(published: str | None) -> dt.date | None:
    """The publication date to count from: only a whole day anchors a phrase."""
    day, precision = as_date(published)
    return day if precision == "day" else None


def resolve(phrase: str | None, published: str | None) -> str | None:
    """The date a date phrase points to, anchored on ``published``: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.

    When the whole phrase does not read as a date (a name or a clause around it: "President Obama Monday",
    "Monday evening in which he is expected to ..."), its longest stretch of up to ``_WINDOW_WORDS`` words
    that does is taken, the leftmost first.
    """
    if not phrase:
        return None
    text = _core(phrase)
    if not text or not names_a_point(text) or _DECADE.search(text):
        return None
    anchor = _published(published)
    if anchor is None and not _YEAR.search(text):
        return None  # "Monday", "last month": nothing to count from
    value = _parse(text, anchor)
    if value is None:
        value = next((v for window in _windows(text, anchor) if (v := _parse(window, anchor)) is not None), None)
    if value is None:
        return None
    if anchor is not None and value > anchor.isoformat()[: len(value)]:
        return None  # after publication: not when anything in the article was said
    return value


#: The longest stretch of a phrase tried on its own when the whole phrase does not read as a date.
_WINDOW_WORDS = 4


def _windows(text: str, anchor: dt.date | None) -> Iterator[str]:
    """Stretches of the phrase that could name a date on their own, longest first, then leftmost."""
    words = text.split()
    for n in range(min(len(words) - 1, _WINDOW_WORDS), 0, -1):
        for i in range(len(words) - n + 1):
            window = " ".join(words[i : i + n]).strip(".,;:()")
            if names_a_point(window) and not _DECADE.search(window) and (anchor or _YEAR.search(window)):
                yield window


def _parse(text: str, anchor: dt.date | None) -> str | None:
    """What dateparser reads in ``text`` (anchored on ``anchor``) at its precision, or None."""
    found = _parser(anchor).get_date_data(text)
    if found is None or found.date_obj is None:
        return None
    day = found.date_obj.date()
    words = text.lower().split()
    if anchor is not None and day == anchor - dt.timedelta(days=7) and "last" not in words:
        day = anchor if _WEEKDAYS[anchor.weekday()] in words else day  # "Tuesday" in a Tuesday's article
    value: str = day.isoformat()[: _PRECISION.get(str(found.period), 10)]
    return value


def agree(a: str | None, b: str | None) -> bool | None:
    """Whether two resolved dates agree at the coarser precision (None when one is unknown)."""
    if not a or not b:
        return None
    n = min(len(a), len(b))
    return a[:n] == b[:n]


def phrases_near(doc: Document, quote: Quote, lookback: int = 2) -> Iterator[Mention]:
    """The date spans around a quote that name a point in time, nearest first: in its sentence, then in up to
    ``lookback`` sentences before it; never one inside the quoted words."""
    before = [s for s in doc.sentences if s.start <= quote.start][-(lookback + 1) :]
    for sent in reversed(before):
        for span in sorted(doc.dates, key=lambda m: m.start):
            if not sent.start <= span.start < sent.end or quote.start <= span.start < quote.end:
                continue
            if names_a_point(span.text):
                yield span


def phrase_near(doc: Document, quote: Quote, lookback: int = 2) -> Mention | None:
    """The nearest date span around a quote (see :func:`phrases_near`)."""
    return next(phrases_near(doc, quote, lookback), None)


def remark_date(doc: Document, quote: Quote, lookback: int = 2) -> str | None:
    """When a remark was made: attribution's date for it, else its ``when`` phrase resolved, else the nearest
    date span around it that resolves. A bare year in an earlier sentence is the background the article gives
    ("the first such vote was in 1811."), not when the remark was made; in the remark's own sentence it may be
    ("In 2019 she told the panel: ...")."""
    if quote.when_date:
        return quote.when_date
    found = resolve(quote.when, doc.article.published)
    if found:
        return found
    own = next((s.start for s in reversed(doc.sentences) if s.start <= quote.start), 0)
    for span in phrases_near(doc, quote, lookback):
        date = resolve(span.text, doc.article.published)
        if date and (len(date) > len("YYYY") or span.start >= own):
            return date
    return None
