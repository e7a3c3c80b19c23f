"""Real multi-outlet coverage with gold story ids, read as Articles: BASIL and PAC.

- **BASIL** (``basil/articles.jsonl``): 100 events, each covered by three outlets. The text is
  built exactly as ``coverage-dev/SOURCE.md`` says: the title, a blank line, then the sentences of
  each paragraph joined by single spaces, paragraphs (sorted by their index) separated by a blank
  line. The outlet is the record's ``source`` (``fox``, ``nyt``, ``hpo``).
- **PAC** (``pac-partisan-events/articles.jsonl``): 152 events, each covered by two outlets. PAC
  keeps no paragraphs, so the text is the title, a blank line, then the ``news`` sentences (in
  their ``id`` order) joined by single spaces. The outlet is ``source``, the date ``date``.

``story_id`` is the gold story of each article and is never given to the pipeline; an article
keeps only its id, outlet, title, date and text. Ids are prefixed with the set's name so the two
sets can be analysed as one corpus.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.model import Article

BASIL = "basil"
PAC = "pac"
FILE = "articles.jsonl"


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One article and the gold story it belongs to."""

    article: Article
    story: str  # gold story id, prefixed with the set's name
    corpus: str  # "basil" or "pac"


def basil_text(record: Mapping[str, Any]) -> str:
    """Title, blank line, paragraphs (sentences joined by spaces) separated by blank lines."""
    paragraphs: dict[int, list[str]] = {}
    for sentence in record.get("sentences") or []:
        paragraphs.setdefault(int(sentence.get("paragraph", 0)), []).append(str(sentence["text"]))
    body = "\n\n".join(" ".join(texts) for _, texts in sorted(paragraphs.items()))
    return (record.get("title") or "").strip() + "\n\n" + body


def pac_text(record: Mapping[str, Any]) -> str:
    """Title, blank line, the ``news`` sentences in order joined by spaces (PAC has no paragraphs)."""
    sentences = sorted(record.get("news") or [], key=lambda s: int(s.get("id", 0)))
    return (record.get("title") or "").strip() + "\n\n" + " ".join(str(s["text"]).strip() for s in sentences)


def detect(folder: Path) -> str | None:
    """``"basil"`` or ``"pac"`` when ``folder`` holds that set's articles file, else None."""
    path = Path(folder) / FILE
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as fh:
        first = json.loads(fh.readline() or "{}")
    if "sentences" in first and "story_id" in first:
        return BASIL
    if "news" in first and "story_id" in first:
        return PAC
    return None


def _records(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number} is not JSON ({exc.msg})") from None


def load(folder: Path) -> list[GoldArticle]:
    """The articles of one BASIL or PAC folder, in file order."""
    folder = Path(folder)
    kind = detect(folder)
    if kind is None:
        raise InputError(f"{folder} holds neither BASIL's nor PAC's {FILE}")
    path = folder / FILE
    out = []
    for number, rec in _records(path):
        text = basil_text(rec) if kind == BASIL else pac_text(rec)
        article = Article(
            id=f"{kind}:{rec['article_id']}",
            source=f"{path}:{number}",
            raw=text,
            outlet=str(rec.get("source") or "") or None,
            url=rec.get("url") or None,
            title=(rec.get("title") or "").strip() or None,
            published=(rec.get("date") or None),
            language="en",
        )
        out.append(GoldArticle(article, f"{kind}:{rec['story_id']}", kind))
    return out


def load_all(folders: Sequence[Path]) -> list[GoldArticle]:
    """The articles of several folders as one corpus (ids are unique across the sets)."""
    articles = [a for folder in folders for a in load(folder)]
    seen: set[str] = set()
    for a in articles:
        if a.article.id in seen:
            raise InputError(f"article {a.article.id} is given twice (the same folder passed twice?)")
        seen.add(a.article.id)
    return articles
