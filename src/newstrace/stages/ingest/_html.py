"""Main text and metadata from an HTML page, with trafilatura.

The page is read twice: with trafilatura's ``favor_precision`` and with its standard
settings (comments off in both). The precise reading is kept unless it holds less than
``ingest.precise_share_min`` of the standard reading's characters: then the precise mode has cut
article text along with the furniture (a misjudged container, a body split by an inline
box), and the standard reading is kept. The clean stage later removes what furniture the
standard reading lets through. A page both readings find empty gets a last try favouring
recall.

Measured with ``newstrace eval extraction --data ../shared/data`` (text before cleaning,
F1; article-extraction-benchmark / trafilatura-eval): precise only 0.964 / 0.921, standard
only 0.960 / 0.925. The share 0.6 was chosen on a fixed half of the pages of both
benchmarks (ids whose SHA-1 is even; mean F1 after cleaning, among 0.3-0.9) and holds on
the other half: see docs/evaluation.md.

trafilatura's ``deduplicate`` option keeps a process-wide cache, so its output would depend
on what was extracted before; it stays off and results never depend on input order.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from typing import Any

from newstrace.errors import InputError
from newstrace.stages.ingest._source import IngestParams

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


def _main_text(tree: Any, url: str | None, precise_share_min: float) -> str:
    """The article text of a parsed page; each reading gets its own copy (trafilatura prunes the tree)."""
    import trafilatura

    common: dict[str, Any] = {"url": url, "include_comments": False, "include_tables": True, "deduplicate": False}
    precise = trafilatura.extract(copy.deepcopy(tree), favor_precision=True, **common) or ""
    standard = trafilatura.extract(copy.deepcopy(tree), **common) or ""
    if precise.strip() and len(precise) >= precise_share_min * len(standard):
        return precise
    if standard.strip():
        return standard
    return trafilatura.extract(copy.deepcopy(tree), favor_recall=True, **common) or ""


def extract_html(html: str, source: str, *, url: str | None = None, params: IngestParams | None = None) -> Extraction:
    """The main text of a page and its metadata; InputError if the page holds no article text."""
    share = (params or IngestParams()).precise_share_min
    import trafilatura
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)  # parsed once: copying the tree is cheaper than parsing it again
        text = _main_text(tree, url, share) if tree is not None else ""
        meta: Any = trafilatura.extract_metadata(tree, default_url=url) if tree is not None else None
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
