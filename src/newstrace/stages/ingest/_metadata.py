"""Article metadata: stable ids, outlet names, ISO dates, titles of plain-text files."""

from __future__ import annotations

import functools
import hashlib
import re
from typing import Any

from newstrace.stages.ingest._source import IngestParams


def article_id(source: str, text: str) -> str:
    """A stable, readable id from where an article came from and what it says.

    ``reports/2017/kabul-briefing.html`` → ``kabul-briefing-1a2b3c4d``: the file name (or the
    last part of a URL, or ``stdin``) for people, a hash of source and text for uniqueness.
    Independent of input order.
    """
    digest = hashlib.sha1(f"{source}\x00{text}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
    last = re.split(r"[\\/]", source.rstrip("/\\"))[-1].split("?", 1)[0]
    stem = re.sub(
        r"\.(txt|html?|xhtml|shtml|md|gz|jsonl|ndjson|json|csv|tsv|parquet|warc|xml|rss|atom)\b", "", last, flags=re.I
    )
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:40].strip("-")
    return f"{slug}-{digest}" if slug else digest


@functools.lru_cache(maxsize=1)
def _extractor() -> Any:
    import tldextract

    # the bundled public-suffix snapshot: never fetched at run time
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str | None) -> str | None:
    """``www.bbc.co.uk/news/x`` → ``bbc.co.uk``; None for anything that is not a web address."""
    if not url or not re.match(r"^[a-z][a-z0-9+.-]*://", url, re.I):
        return None
    parts = _extractor()(url)
    if not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}" if parts.suffix else str(parts.domain)


def outlet_of(sitename: str | None, url: str | None, params: IngestParams | None = None) -> str | None:
    """The outlet: the site's own name when the page gives one, else its registered domain.

    A "site name" that is only the page's host name (``news.example.co.uk``, which extractors
    fill in from the URL when the page names no site) counts as none: ``example.co.uk``; so does
    one longer than ``ingest.sitename_max_chars`` (a page title, not a name).
    """
    name = (sitename or "").strip()
    host = re.sub(r"^[a-z][a-z0-9+.-]*://([^/?#:]*).*$", r"\1", url or "", flags=re.I | re.S).lower()
    max_chars = (params or IngestParams()).sitename_max_chars
    if name and len(name) <= max_chars and name.lower() not in {host, host.removeprefix("www.")}:
        return name
    return registered_domain(url) or name or None


def title_from_text(text: str, params: IngestParams | None = None) -> str | None:
    """The first line of a plain-text article when it reads as a headline.

    A headline is short (``ingest.title_max_chars``, at least ``ingest.title_min_words``), stands
    alone (a blank line or the body follows it) and does not end like a sentence of running prose
    (a question mark is allowed: many headlines ask).
    """
    p = params or IngestParams()
    lines = text.lstrip().split("\n", 2)
    if len(lines) < 2:
        return None
    first = lines[0].strip()
    if not first or len(first) > p.title_max_chars or len(first.split()) < p.title_min_words:
        return None
    if first.endswith((".", ",", ";", ":")) and not first.endswith("..."):
        return None
    return first
