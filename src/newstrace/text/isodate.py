"""Dates as ISO text, in and out: the only other place besides ``text.when`` that reads a date.

- :func:`iso_date`: a publication date as metadata gives it (a feed entry's, a page's, a WARC
  record's, in any common format, read by dateparser) as ``YYYY-MM-DD``.
- :func:`as_date`: a date ``text.when`` resolved (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) back as a
  date, the first day of its period, with its precision: for the store's typed tables, the
  notebook tables, the timeline plot and story grouping.

Nothing of the model is imported here, so the model's own table export can use it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def as_date(value: str | None) -> tuple[dt.date | None, str | None]:
    """``YYYY-MM-DD`` / ``YYYY-MM`` / ``YYYY`` (or a longer ISO stamp) as a date, the first day of its period,
    and its precision (``day``, ``month`` or ``year``); ``(None, None)`` for anything else."""
    m = _ISO.match(value.strip()) if value else None
    if m is None:
        return None, None
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day:
            return dt.date(int(year), int(month), int(day)), "day"
        if month:
            return dt.date(int(year), int(month), 1), "month"
        return dt.date(int(year), 1, 1), "year"
    except ValueError:
        return None, None


def iso_date(value: Any) -> str | None:
    """A publication date from metadata (a feed entry's, a page's, a WARC record's), in any common format, as
    ``YYYY-MM-DD``; None when it reads as no date."""
    text = str(value).strip() if value is not None else ""
    if not text:
        return None
    match = _ISO_DAY.match(text)
    if match:
        return match.group(0)
    import dateparser

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": False, "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date().isoformat() if parsed else None
