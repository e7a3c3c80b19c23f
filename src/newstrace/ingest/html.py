"""Main text and metadata from an HTML page, with trafilatura.

trafilatura's ``deduplicate`` option keeps a process-wide cache, so its output would depend
on what was extracted before; it stays off and results never depend on input order.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from newstrace.errors import InputError

log = logging.getLogger(__name__)

_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|article)\b", re.I | re.S
)


def looks_like_html(head: bytes) -> bool:
    return bool(_HTML_START.match(head[:2048])) or b"<html" in head[:4096].lower()


@dataclass(frozen=True)
class Extraction:
    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


def extract_html(html: str, source: str, *, url: str | None = None, favor_precision: bool = True) -> Extraction:
    """The main text of a page and its metadata; InputError if the page holds no article text."""
    import trafilatura

    try:
        text = trafilatura.extract(
            html,
            url=url,
            favor_precision=favor_precision,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
        if not text:  # a second chance: recall over precision
            text = trafilatura.extract(html, url=url, favor_recall=True, include_comments=False, deduplicate=False)
        meta: Any = trafilatura.extract_metadata(html, default_url=url)
    except Exception as exc:  # trafilatura/lxml raise many kinds on broken markup
        raise InputError(
            f"{source}: the HTML could not be parsed ({type(exc).__name__}); check the file", code="E104"
        ) from None
    if not text or not text.strip():
        raise InputError(
            f"{source}: no article text in the page (only navigation, or empty); save the article view instead",
            code="E105",
        )
    return Extraction(
        text=text,
        title=getattr(meta, "title", None) if meta else None,
        author=getattr(meta, "author", None) if meta else None,
        date=getattr(meta, "date", None) if meta else None,
        sitename=getattr(meta, "sitename", None) if meta else None,
        url=(getattr(meta, "url", None) if meta else None) or url,
        language=getattr(meta, "language", None) if meta else None,
    )
