"""Extraction throughput: newstrace's page-to-text path against plain trafilatura, side by side.

Both read the same already-decoded pages in one run, alternating page by page so that a
busy machine slows both alike. newstrace's path is ``extract_html`` (trafilatura with
newstrace's settings, plus a recall fallback for pages it finds empty) followed by the clean
stage; the baseline is ``trafilatura.extract`` with its defaults. The ratio
newstrace / trafilatura (seconds) is what to compare across machines.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from newstrace.evaluation.extraction import aeb_pages, extract_page, read_page
from newstrace.settings import Settings


def bench_extraction(pages: list[tuple[str, str | None]], settings: Settings) -> dict[str, Any]:
    """Seconds and pages/second for newstrace and for plain trafilatura over ``pages`` (html, url)."""
    import trafilatura

    ours = theirs = 0.0
    for html, url in pages:
        started = time.perf_counter()
        extract_page(html, url, settings)
        ours += time.perf_counter() - started
        started = time.perf_counter()
        with contextlib.suppress(Exception):  # a page trafilatura cannot read costs what it cost
            trafilatura.extract(html, url=url)
        theirs += time.perf_counter() - started
    n = len(pages)
    return {
        "pages": n,
        "megabytes": round(sum(len(h) for h, _ in pages) / 1e6, 2),
        "newstrace_seconds": round(ours, 3),
        "trafilatura_seconds": round(theirs, 3),
        "newstrace_pages_per_second": round(n / ours, 2) if ours else None,
        "trafilatura_pages_per_second": round(n / theirs, 2) if theirs else None,
        "ratio": round(ours / theirs, 3) if theirs else None,
    }


def bench_from_data(data: Path | None) -> dict[str, Any]:
    """`newstrace bench --only extraction`: the 181 article-extraction-benchmark pages."""
    folder = Path(data) / "article-extraction-benchmark" if data is not None else None
    if folder is None or not (folder / "ground-truth.json").is_file():
        return {"skipped": "needs the article-extraction-benchmark folder of the shared data (pass --data)"}
    pages, _ = aeb_pages(folder)
    return bench_extraction([(read_page(p), p.url) for p in pages], Settings.load())
