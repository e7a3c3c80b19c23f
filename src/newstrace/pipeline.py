"""Stages, their registry, and the Pipeline that runs them.

A stage is a small callable registered under a versioned name (``attribution.rules.v1``)
with the names of what it ``requires`` and ``provides``. The Pipeline checks, before it
runs anything, that every requirement is provided by an earlier stage, so a mis-assembled
configuration fails at once with a clear message instead of half-way through a corpus.

Two kinds of stage:

- ``DocumentStage`` works on one document at a time (``process``); a failure is recorded
  against that document and the run goes on. It may override ``process_batch`` to batch
  work (spaCy's ``nlp.pipe``), falling back to one-by-one on error.
- ``CorpusStage`` sees the whole corpus at once (stories, reuse, cross-article entities).

Stages keep private per-document data (a spaCy ``Doc``) in ``RunContext.scratch``; it is
dropped when the run ends and never reaches the report, the store or the API.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from newstrace.errors import NewstraceError, StageError
from newstrace.model import Claim, Document, Failure, Story
from newstrace.settings import Settings

log = logging.getLogger(__name__)

#: What every corpus provides before any stage runs.
INITIAL_PROVIDES = frozenset({"article"})


@dataclass(frozen=True)
class Corpus:
    """The state a pipeline run carries from stage to stage."""

    documents: tuple[Document, ...]
    stories: tuple[Story, ...] = ()
    user_claims: tuple[Claim, ...] = ()
    failures: tuple[Failure, ...] = ()  # failures not tied to a document (unreadable inputs)


@dataclass
class RunContext:
    settings: Settings
    scratch: dict[str, dict[str, Any]] = field(default_factory=dict)
    progress: Callable[[str, int, int], None] | None = None

    def put(self, doc_id: str, key: str, value: Any) -> None:
        self.scratch.setdefault(doc_id, {})[key] = value

    def take(self, doc_id: str, key: str) -> Any:
        return self.scratch.get(doc_id, {}).get(key)


class Stage:
    name: ClassVar[str] = ""
    requires: ClassVar[frozenset[str]] = frozenset()
    provides: ClassVar[frozenset[str]] = frozenset()
    description: ClassVar[str] = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        raise NotImplementedError


class DocumentStage(Stage):
    """A stage that maps each document to a new document."""

    def process(self, doc: Document, ctx: RunContext) -> Document:
        raise NotImplementedError

    def process_batch(self, docs: Sequence[Document], ctx: RunContext) -> list[Document]:
        return [self._guarded(doc, ctx) for doc in docs]

    def _guarded(self, doc: Document, ctx: RunContext) -> Document:
        if doc.failures and any(f.stage.startswith("fatal:") for f in doc.failures):
            return doc
        try:
            return self.process(doc, ctx)
        except NewstraceError as exc:
            return record_failure(doc, self.name, str(exc), exc.code)
        except Exception as exc:  # a bug in one article must not take the batch down
            log.exception("stage %s failed on %s", self.name, doc.article.source)
            return record_failure(doc, self.name, f"{type(exc).__name__}: {exc}", "E301")

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        live = [d for d in corpus.documents if not is_dead(d)]
        done = {d.id: d for d in self.process_batch(live, ctx)} if live else {}
        return dataclasses.replace(corpus, documents=tuple(done.get(d.id, d) for d in corpus.documents))


class CorpusStage(Stage):
    """A stage that needs the whole corpus at once."""


def record_failure(doc: Document, stage: str, message: str, code: str = "", *, fatal: bool = False) -> Document:
    failure = Failure(doc.article.source, f"fatal:{stage}" if fatal else stage, message, code)
    return dataclasses.replace(doc, failures=(*doc.failures, failure))


def is_dead(doc: Document) -> bool:
    """A document a stage declared unusable (not English, empty after cleaning...)."""
    return any(f.stage.startswith("fatal:") for f in doc.failures)


S = TypeVar("S", bound=type[Stage])
_REGISTRY: dict[str, type[Stage]] = {}


def register(cls: S) -> S:
    if not cls.name:
        raise StageError(f"stage class {cls.__name__} has no name", code="E302")
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise StageError(f"two stages are registered as '{cls.name}'", code="E302")
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> dict[str, type[Stage]]:
    """All registered stages by name (importing the built-in stages first)."""
    from newstrace.stages import load_builtin

    load_builtin()

    return dict(_REGISTRY)


def check_order(stages: Iterable[type[Stage]]) -> None:
    """Raise StageError if a stage requires something no earlier stage provides."""
    provided = set(INITIAL_PROVIDES)
    for stage in stages:
        missing = stage.requires - provided
        if missing:
            raise StageError(
                f"stage '{stage.name}' requires {', '.join(sorted(missing))}, which no earlier stage provides; "
                "reorder pipeline.stages or add the stage that provides it",
                code="E303",
            )
        provided |= stage.provides


class Pipeline:
    def __init__(self, stages: Sequence[Stage]) -> None:
        check_order(type(s) for s in stages)
        self.stages = list(stages)

    @classmethod
    def from_settings(cls, settings: Settings) -> Pipeline:
        names: list[str] = settings.get("pipeline.stages")
        known = registry()
        unknown = [n for n in names if n not in known]
        if unknown:
            raise StageError(
                f"unknown stage(s) {', '.join(unknown)} in pipeline.stages; known: {', '.join(sorted(known))}",
                code="E304",
            )
        return cls([known[n](settings) for n in names])

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        for index, stage in enumerate(self.stages):
            log.info("stage %s on %d documents", stage.name, len(corpus.documents))
            if ctx.progress:
                ctx.progress(stage.name, index, len(self.stages))
            corpus = stage(corpus, ctx)
        if ctx.progress:
            ctx.progress("done", len(self.stages), len(self.stages))
        ctx.scratch.clear()
        return corpus
