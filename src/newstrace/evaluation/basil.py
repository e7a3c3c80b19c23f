"""BASIL articles (``../shared/data/basil/articles.jsonl``) as the pipeline's input.

The text of an article is built as ``coverage-dev/SOURCE.md`` prescribes, so gold offsets and
evidence strings of both BASIL and coverage-dev refer to it: the title, a blank line, then the
sentences of each paragraph joined by single spaces, paragraphs (sorted by number) separated by
a blank line. The article goes into the pipeline as plain text, as a user's ``.txt`` file would,
with BASIL's title, outlet and date as its metadata.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.model import Article


def _paragraphs(record: Mapping[str, Any]) -> list[tuple[int, list[dict[str, Any]]]]:
    paras: dict[int, list[dict[str, Any]]] = {}
    for s in record["sentences"]:
        paras.setdefault(s.get("paragraph", 0), []).append(s)
    return sorted(paras.items(), key=lambda item: item[0])


def article_text(record: Mapping[str, Any]) -> str:
    """The article text the BASIL and coverage-dev labels refer to."""
    title = (record.get("title") or "").strip()
    return title + "\n\n" + "\n\n".join(" ".join(s["text"] for s in sents) for _, sents in _paragraphs(record))


def sentence_offsets(record: Mapping[str, Any]) -> dict[int, int]:
    """Where each sentence (by its BASIL ``idx``) starts in :func:`article_text`."""
    offsets: dict[int, int] = {}
    at = len((record.get("title") or "").strip()) + 2
    for n, (_, sents) in enumerate(_paragraphs(record)):
        if n:
            at += 2  # the blank line between paragraphs
        for i, s in enumerate(sents):
            if i:
                at += 1  # the space between sentences
            offsets[int(s["idx"])] = at
            at += len(s["text"])
    return offsets


def read_articles(path: Path) -> dict[str, dict[str, Any]]:
    """BASIL's article records by ``article_id``."""
    if not path.is_file():
        raise InputError(f"BASIL articles not found at {path}; the coverage data needs ../basil beside it")
    out: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                out[record["article_id"]] = record
    return out


def to_articles(records: Iterable[Mapping[str, Any]]) -> list[Article]:
    """Pipeline inputs: one plain-text Article per record, keyed by BASIL's ``article_id``."""
    return [
        Article(
            id=r["article_id"],
            source=f"basil:{r['article_id']}",
            raw=article_text(r),
            title=(r.get("title") or "").strip() or None,
            outlet=r.get("source"),
            published=str(r["date"])[:10] if r.get("date") else None,
        )
        for r in records
    ]
