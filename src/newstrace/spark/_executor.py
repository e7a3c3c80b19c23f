"""What runs on the Spark executors: Arrow batches in, Arrow batches out.

Each task object is pickled to the executors with the settings it needs; the stages (and so
spaCy) are built on the first batch an executor's Python process sees and kept for the later
ones (Spark reuses its Python workers between tasks by default).
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from newstrace.codec import from_plain, to_plain
from newstrace.model import Article, Document
from newstrace.pipeline import RunContext, Stage, _result, _run_stages, registry, settings_digest
from newstrace.settings import Settings

#: The Arrow schema of an ingested row: where it came from, and the Article or Failure as JSON.
INGEST_SCHEMA = "file string, row long, kind string, item string"

#: Stages built in this Python process, by stage names and settings digest.
_BUILT: dict[tuple[tuple[str, ...], str], list[Stage]] = {}


def _stages(names: tuple[str, ...], settings: Settings) -> list[Stage]:
    key = (names, settings_digest(settings))
    if key not in _BUILT:
        import newstrace.analysis  # noqa: F401  (importing the stages registers them)

        known = registry()
        _BUILT[key] = [known[n](settings) for n in names]
    return _BUILT[key]


class SegmentTask:
    """``mapInArrow`` function: each Arrow batch (``pos``, ``doc``) is one pipeline batch through the segment;
    out come ``pos`` and the segment's result for the document (the fields it provides, its new failures)."""

    def __init__(self, names: tuple[str, ...], settings: Settings, faults: frozenset[tuple[str, str]]) -> None:
        self.names = names
        self.settings = settings
        self.faults = faults

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        stages = _stages(self.names, self.settings)
        hints = typing.get_type_hints(Document)
        for batch in batches:
            positions = batch.column("pos").to_pylist()
            docs = [_document(json.loads(raw), hints) for raw in batch.column("doc").to_pylist()]
            done = _run_stages(stages, docs, RunContext(self.settings, faults=self.faults))
            results = [
                json.dumps(_result(stages, before, after), ensure_ascii=False)
                for before, after in zip(docs, done, strict=True)
            ]
            yield pa.RecordBatch.from_pydict({"pos": pa.array(positions, pa.int64()), "result": results})


def _document(data: Mapping[str, Any], hints: Mapping[str, Any]) -> Document:
    return Document(**{name: from_plain(hints[name], value) for name, value in data.items()})


class IngestTask:
    """``mapInArrow`` function: Parquet rows (with ``file_path`` and ``row_index``) → Articles or Failures."""

    def __init__(self, settings: Settings, columns: dict[str, str], names: dict[str, str]) -> None:
        self.settings = settings
        self.columns = columns
        self.names = names

    def __call__(self, batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from newstrace.stages.ingest._readers import record_to_article
        from newstrace.stages.ingest._source import IngestParams

        params = IngestParams.from_settings(self.settings)
        for batch in batches:
            files, rows, kinds, items = [], [], [], []
            for record in batch.to_pylist():
                uri, index = record.pop("file_path"), int(record.pop("row_index"))
                name = self.names.get(_local_path(uri), uri)
                item = record_to_article(record, f"{name}:{index + 1}", self.columns, params)
                files.append(name)
                rows.append(index)
                kinds.append("article" if isinstance(item, Article) else "failure")
                items.append(json.dumps(to_plain(item), ensure_ascii=False))
            yield pa.RecordBatch.from_pydict(
                {"file": files, "row": pa.array(rows, pa.int64()), "kind": kinds, "item": items}
            )


def _local_path(uri: str) -> str:
    return str(Path(unquote(urlparse(uri).path)).resolve()) if uri.startswith("file:") else uri
