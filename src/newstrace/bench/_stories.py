"""Timing of grouping, reuse (with its verdicts) and quote variants on 1k and 10k articles (``newstrace bench``).

Articles are FNC-1 train bodies (real news text with real stories and real shared passages)
in disjoint copies of a block of ``BLOCK`` bodies: in copy ``r`` every word that is not an
English stop word is suffixed with ``r``, so copies share no content vocabulary (1k articles
are one block, 10k are ten). The corpus grows while the density of stories and of reuse stays
that of real news (resampling the same bodies instead would make every story, and the number
of copied pairs, grow with the corpus, which no linear method can absorb). Each article gets
a date spread over a year. Quotes for the variant search are the text between double quotation
marks (at least four words), attributed to one speaker per copy. Without the data, synthetic texts
stand in. Reported: seconds for grouping, reuse and variants, stories, reuse pairs, variants, and the
ratio of 10k to 1k time (10 = linear).
"""

from __future__ import annotations

import csv
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newstrace.model import Article, Document, Quote, QuoteKind, Speaker, SpeakerType
from newstrace.stages.stories._grouping import GroupingParams, Item, group
from newstrace.stages.stories._reuse import ReuseParams, Text, find_reuse, prepared
from newstrace.stages.stories._variants import find_variants
from newstrace.stages.stories._verdict import judge_pair
from newstrace.text.isodate import as_date

BLOCK = 1000
_WORD = re.compile(r"[A-Za-z]+")
_QUOTED = re.compile(r"[“\"]([^”\"\n]{20,600})[”\"]")


def _bodies(data: Path | None) -> list[str]:
    if data is not None:
        path = data / "fnc-1" / "train_bodies.csv"
        if path.exists():
            with path.open(newline="", encoding="utf-8") as fh:
                return [row["articleBody"] for row in csv.DictReader(fh)]
    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(5000)]
    return [" ".join(rng.choice(vocab) for _ in range(300)) for _ in range(500)]


def corpus(n: int, data: Path | None = None, seed: int = 0) -> list[Text]:
    """``n`` articles from disjoint copies of a block of bodies (see the module docstring), deterministically."""
    bodies = _bodies(data)[:BLOCK]
    rng = random.Random(seed)
    out = []
    start = date(2017, 1, 1)
    for i in range(n):
        copy, body = divmod(i, len(bodies))
        text = bodies[body]
        if copy:
            text = _WORD.sub(lambda m, c=copy: _suffix(m.group(), c), text)  # type: ignore[misc]
        out.append(Text(f"a{i:06d}", text, (start + timedelta(days=rng.randrange(365))).isoformat()))
    return out


def _suffix(word: str, copy: int) -> str:
    return word if word.lower() in ENGLISH_STOP_WORDS else f"{word}{copy}"


def _document(text: Text, speaker: str) -> Document:
    quotes = tuple(
        Quote(
            f"q{n}",
            QuoteKind.DIRECT,
            m.group(1),
            m.start(1),
            m.end(1),
            speaker=Speaker(speaker, speaker, SpeakerType.PERSON),
        )
        for n, m in enumerate(_QUOTED.finditer(text.text))
        if len(m.group(1).split()) >= 4
    )
    return Document(Article(text.id, text.id, text.text, published=text.published), text=text.text, quotes=quotes)


def bench_stories(n: int, data: Path | None = None) -> dict[str, Any]:
    """Seconds to group, to find reuse (with verdicts) and to find quote variants in ``n`` articles."""
    texts = corpus(n, data)
    items = [Item(t.id, t.text, as_date(t.published)[0] or date(2017, 1, 1)) for t in texts]
    docs = [_document(t, f"Speaker {i // BLOCK}") for i, t in enumerate(texts)]
    params = ReuseParams()
    t0 = time.perf_counter()
    grouped = group(items, GroupingParams())
    t1 = time.perf_counter()
    story_of = {k: str(i) for i, keys in enumerate(grouped.groups) for k in keys}
    pairs, _ = find_reuse([prepared(t, params) for t in texts], params, story_of, judge_pair)
    t2 = time.perf_counter()
    variants = find_variants(docs)
    t3 = time.perf_counter()
    return {
        "articles": n,
        "group_seconds": round(t1 - t0, 2),
        "reuse_seconds": round(t2 - t1, 2),
        "variant_seconds": round(t3 - t2, 2),
        "total_seconds": round(t3 - t0, 2),
        "stories": len(grouped.stories),
        "events": len(grouped.events),
        "reuse_pairs": len(pairs),
        "quote_variants": len(variants),
    }


def bench_from_data(data: Path | None) -> dict[str, Any]:
    """The `newstrace bench` entry: 1k and 10k articles and the growth ratio."""
    small = bench_stories(1_000, data)
    large = bench_stories(10_000, data)
    return {
        "1k": small,
        "10k": large,
        "growth_10x": round(large["total_seconds"] / max(small["total_seconds"], 1e-9), 2),
        "source": "FNC-1 train bodies in disjoint copies" if data is not None else "synthetic",
    }
