"""Stages, their registry, and the Pipeline that runs them.

A stage is a small callable registered under a versioned name (``attribution.rules.v1``)
with the fields it ``requires`` (reads) and ``provides`` (writes). The names are those of
the model, so the check is about data, not about labels:

- ``document.<field>`` — a field of :class:`~newstrace.model.Document` (``document.quotes``);
- ``story.<field>`` — a field of :class:`~newstrace.model.Story` (``story.claims``);
- ``corpus.stories`` — the list of stories itself, ``corpus.user_claims`` — the claims the
  user gave (``--claim``);
- ``parse`` — the spaCy analysis of each document (:class:`~newstrace.text.parse.Parse`).

Every document starts with ``document.article`` and the corpus with ``corpus.user_claims``.
The Pipeline checks, before it runs anything, that every requirement is provided by an
earlier stage, so a mis-assembled configuration fails at once with a coded error instead
of half-way through a corpus; a test runs each stage on documents whose undeclared fields
are empty, so a declaration that leaves out what a stage reads does not pass either.

Two kinds of stage:

- ``DocumentStage`` works on one document at a time (``process``). It may override
  ``process_batch`` to batch work (spaCy's ``nlp.pipe``).
- ``CorpusStage`` sees the whole corpus at once (``run``): stories, reuse, cross-article
  entities. Its per-article work goes through ``each``.

Failure isolation is part of the contract. An exception while a stage works on one
article becomes a :class:`~newstrace.model.Failure` naming the stage and the article; the
article takes no further part in the run (later stages and corpus-wide results skip it)
and stays in the report with the record of why. An exception a corpus stage raises outside
any article is recorded against the stage and the run goes on with the corpus as it was.

Parses live in :class:`RunContext` and only ``annotate`` creates them; the Pipeline drops
them after the last stage that requires ``parse``. They never reach the report, the store
or the API.
"""

from __future__ import annotations

import ctypes
import dataclasses
import gc
import hashlib
import json
import logging
import multiprocessing
import os
import time
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar

from newstrace.codec import from_plain, to_plain
from newstrace.errors import NewstraceError, StageError
from newstrace.model import Claim, Document, Failure, Story
from newstrace.settings import Settings
from newstrace.text.embeddings import cache as vector_cache
from newstrace.text.parse import Parse

log = logging.getLogger(__name__)

R = TypeVar("R")
T = TypeVar("T")

#: Corpus-level names a stage may require or provide, besides ``document.*`` and ``story.*``.
CORPUS_NAMES = frozenset({"corpus.stories", "corpus.user_claims", "parse"})
#: What every corpus provides before any stage runs.
INITIAL_PROVIDES = frozenset({"document.article", "corpus.user_claims"})


def data_names() -> frozenset[str]:
    """Every name a stage may declare in ``requires`` or ``provides``."""
    documents = {f"document.{f.name}" for f in dataclasses.fields(Document)}
    stories = {f"story.{f.name}" for f in dataclasses.fields(Story)}
    return frozenset(documents | stories | CORPUS_NAMES)


@dataclass(frozen=True)
class Corpus:
    """The state a pipeline run carries from stage to stage."""

    documents: tuple[Document, ...]
    stories: tuple[Story, ...] = ()
    user_claims: tuple[Claim, ...] = ()
    failures: tuple[Failure, ...] = ()  # failures not tied to a document (unreadable inputs, a stage's own bug)

    def live(self) -> list[Document]:
        """The documents still in the analysis (not failed or declared unusable)."""
        return [d for d in self.documents if not is_dead(d)]


@dataclass
class RunContext:
    """What a run carries besides the corpus: settings, the parses, progress and per-stage failures."""

    settings: Settings
    progress: Callable[[str, int, int], None] | None = None
    #: (stage name, article id) pairs at which a stage raises on purpose: fault-injection tests only.
    faults: frozenset[tuple[str, str]] = frozenset()
    parses: dict[str, Parse] = field(default_factory=dict)
    failed: dict[str, Failure] = field(default_factory=dict)  # article id -> failure, for the stage running now
    #: Processes a stage may spread its per-article work over (``Stage.each(..., parallel=True)``).
    workers: int = 1
    #: Seconds each stage has taken so far, by stage name (summed over batches, and over the processes of
    #: a segment run in several: then they add up to more than the wall time).
    timings: dict[str, float] = field(default_factory=dict)

    def parse(self, doc: Document) -> Parse:
        """The parse of ``doc`` (a StageError when annotate did not parse it)."""
        found = self.parses.get(doc.id)
        if found is None:
            raise StageError(f"no parse for {doc.article.source}; run annotate.spacy.v1 first", code="E320")
        return found

    def keep_parse(self, doc_id: str, parse: Parse) -> None:
        self.parses[doc_id] = parse

    def inject(self, stage: str, doc_id: str) -> None:
        if (stage, doc_id) in self.faults:
            raise RuntimeError(f"fault injected into {stage} on {doc_id}")


class Stage:
    name: ClassVar[str] = ""
    requires: ClassVar[frozenset[str]] = frozenset()
    provides: ClassVar[frozenset[str]] = frozenset()
    description: ClassVar[str] = ""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        raise NotImplementedError

    def __call__(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        """Run the stage with failure isolation: per-article failures, or one for the stage as a whole."""
        ctx.failed = {}
        started = time.perf_counter()
        try:
            out = self.run(corpus, ctx)
        except NewstraceError as exc:
            out = self._stage_failed(corpus, str(exc), exc.code)
        except Exception as exc:  # a bug outside any one article: record it and go on without this stage
            log.exception("stage %s failed", self.name)
            out = self._stage_failed(corpus, f"{type(exc).__name__}: {exc}", "E305")
        ctx.timings[self.name] = ctx.timings.get(self.name, 0.0) + time.perf_counter() - started
        return mark_failed(out, ctx.failed)

    def each(
        self, docs: Iterable[Document], ctx: RunContext, fn: Callable[[Document], R], *, parallel: bool = False
    ) -> dict[str, R]:
        """``fn`` over each live document, by id; one that raises is recorded as failed and left out.

        With ``parallel`` and more than one of ``ctx.workers``, the documents are shared out among that
        many forked processes (``fn`` and what it reads are inherited, only the documents and the results
        travel): for a corpus stage's per-article work once its corpus-wide inputs are ready.
        """
        todo = [d for d in docs if not is_dead(d) and d.id not in ctx.failed]
        if parallel and ctx.workers > 1 and len(todo) > 1 and "fork" in multiprocessing.get_all_start_methods():
            results = _fork_map(lambda doc: _guarded_call(self.name, ctx, fn, doc), todo, ctx.workers)
        else:
            results = [_guarded_call(self.name, ctx, fn, doc) for doc in todo]
        out: dict[str, R] = {}
        for doc, (ok, value) in zip(todo, results, strict=True):
            if ok:
                out[doc.id] = value
            else:
                message, code = value
                ctx.failed[doc.id] = self.failure(doc, message, code)
        return out

    def map(
        self, items: Sequence[T], ctx: RunContext, fn: Callable[[T], R], *, size: Callable[[T], int] | None = None
    ) -> list[R]:
        """``[fn(x) for x in items]``, shared out among ``ctx.workers`` forked processes when there are several:
        for a corpus stage's per-story work. ``fn`` raising fails the stage as a whole, as it would in one process.

        With ``size``, the largest items go out first, so that one big story does not run alone at the end.
        """
        if ctx.workers <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
            return [fn(x) for x in items]
        order = sorted(range(len(items)), key=lambda i: -size(items[i])) if size else list(range(len(items)))
        results = _fork_map(fn, [items[i] for i in order], ctx.workers, chunksize=1)  # one story at a time
        out: dict[int, R] = dict(zip(order, results, strict=True))
        return [out[i] for i in range(len(items))]

    def failure(self, doc: Document, message: str, code: str) -> Failure:
        return Failure(doc.article.source, self.name, message, code, article_id=doc.id, fatal=True)

    def _stage_failed(self, corpus: Corpus, message: str, code: str) -> Corpus:
        failure = Failure(self.name, self.name, f"the stage failed as a whole: {message}", code)
        return dataclasses.replace(corpus, failures=(*corpus.failures, failure))


def _guarded_call(stage: str, ctx: RunContext, fn: Callable[[Document], R], doc: Document) -> tuple[bool, Any]:
    """(True, fn(doc)), or (False, (message, code)) when it raises: one article's bug must not take the batch down."""
    try:
        ctx.inject(stage, doc.id)
        return True, fn(doc)
    except NewstraceError as exc:
        return False, (str(exc), exc.code)
    except Exception as exc:
        log.exception("stage %s failed on %s", stage, doc.article.source)
        return False, (f"{type(exc).__name__}: {exc}", "E301")


#: The function the forked processes of ``_fork_map`` apply (set before they are started, so they inherit it).
_FORKED: dict[str, Callable[[Any], Any]] = {}


def _single_threaded() -> None:
    """Keep a worker process's numerical libraries (OpenBLAS under numpy, OpenMP) to one thread: the
    processes are the parallelism, and two processes of two BLAS threads each on two cores run slower
    than one process alone."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1)


def _forked_call(item: Any) -> tuple[Any, vector_cache.CacheEntries]:
    vector_cache.start_journal()
    return _FORKED["fn"](item), vector_cache.take_journal()


def _fork_map(fn: Callable[[Any], Any], items: Sequence[Any], workers: int, chunksize: int | None = None) -> list[Any]:
    """``[fn(x) for x in items]`` in ``workers`` forked processes, in order.

    The sentence vectors the processes compute come back with the results and join this process's
    caches, so the stages after this one do not embed the same sentences again. A process takes
    ``chunksize`` items at a time (by default a quarter of its share).
    """
    _FORKED["fn"] = fn
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=min(workers, len(items)), mp_context=context, initializer=_single_threaded
        ) as pool:
            chunksize = chunksize or max(1, len(items) // (4 * workers))
            results = []
            for result, vectors in pool.map(_forked_call, items, chunksize=chunksize):
                vector_cache.merge_journal(vectors)
                results.append(result)
            return results
    finally:
        _FORKED.clear()


class DocumentStage(Stage):
    """A stage that maps each document to a new document."""

    def process(self, doc: Document, ctx: RunContext) -> Document:
        raise NotImplementedError

    def process_batch(self, docs: Sequence[Document], ctx: RunContext) -> dict[str, Document]:
        """The processed documents by id (those that failed are recorded in ``ctx.failed`` and left out)."""
        return self.each(docs, ctx, lambda doc: self.process(doc, ctx))

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        live = corpus.live()
        done = self.process_batch(live, ctx) if live else {}
        return dataclasses.replace(corpus, documents=tuple(done.get(d.id, d) for d in corpus.documents))


class CorpusStage(Stage):
    """A stage that needs the whole corpus at once; its per-article work goes through ``each``."""


def record_failure(doc: Document, stage: str, message: str, code: str = "", *, fatal: bool = False) -> Document:
    """``doc`` with a failure (``fatal``: the article takes no further part) or a note recorded on it."""
    failure = Failure(doc.article.source, stage, message, code, article_id=doc.id, fatal=fatal)
    return dataclasses.replace(doc, failures=(*doc.failures, failure))


def mark_failed(corpus: Corpus, failed: dict[str, Failure]) -> Corpus:
    if not failed:
        return corpus
    docs = tuple(
        dataclasses.replace(d, failures=(*d.failures, failed[d.id])) if d.id in failed else d for d in corpus.documents
    )
    return dataclasses.replace(corpus, documents=docs)


def is_stage_failure(failure: Failure) -> bool:
    """A failure a stage recorded (E3xx), as opposed to an unusable input (E1xx) or a note (E311, E129)."""
    return failure.code.startswith("E3") and failure.code != "E311"


def is_dead(doc: Document) -> bool:
    """A document a stage declared unusable (not English, empty after cleaning) or failed on."""
    return any(f.fatal for f in doc.failures)


S = TypeVar("S", bound=type[Stage])
_REGISTRY: dict[str, type[Stage]] = {}


def register(cls: S) -> S:
    """Register a stage class under its name, checking that its declarations name real fields."""
    if not cls.name:
        raise StageError(f"stage class {cls.__name__} has no name", code="E302")
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise StageError(f"two stages are registered as '{cls.name}'", code="E302")
    unknown = sorted((cls.requires | cls.provides) - data_names())
    if unknown:
        raise StageError(
            f"stage '{cls.name}' declares {', '.join(unknown)}, which name no field of Document or Story "
            "and none of corpus.stories, corpus.user_claims, parse",
            code="E302",
        )
    _REGISTRY[cls.name] = cls
    return cls


def registry() -> dict[str, type[Stage]]:
    """All registered stages by name (``import newstrace`` registers the built-in ones)."""
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


class SegmentRunner(Protocol):
    """Runs a segment's batches somewhere else (a cluster): the stage names, the settings, the fault
    injections and the batches in; each batch's documents out, as ``_run_stages`` leaves them."""

    def __call__(
        self,
        names: Sequence[str],
        settings: Settings,
        faults: frozenset[tuple[str, str]],
        batches: Sequence[list[Document]],
    ) -> Iterable[list[Document]]: ...


class ArticleCache(Protocol):
    """Per-article results a run can take instead of computing them again (the store keeps them)."""

    def get(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]: ...

    def put(self, entries: Mapping[str, dict[str, Any]]) -> None: ...


class MemoryCache:
    """An ``ArticleCache`` held in memory, for repeated runs in one process (evaluations, tests)."""

    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        found = {k: self.entries[k] for k in keys if k in self.entries}
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def put(self, entries: Mapping[str, dict[str, Any]]) -> None:
        self.entries.update(entries)


@dataclass(frozen=True)
class RunOptions:
    """How a run is carried out; none of it changes the result.

    Consecutive document stages whose parses no later stage reads form a *segment* that runs
    ``batch_size`` documents at a time, in ``workers`` processes when that is more than one,
    with the batch's parses dropped as soon as it is done. With a ``cache``, each document's
    result of a segment is kept under a key made of the settings and of exactly the fields the
    segment's stages declare they read, so a run killed part way, or a later run on more
    articles, takes what is done and computes only the rest.
    """

    batch_size: int = 32
    workers: int = 1
    cache: ArticleCache | None = None
    #: Runs the segments' batches instead of this process and its workers (newstrace.spark).
    runner: SegmentRunner | None = None

    @classmethod
    def from_settings(cls, settings: Settings, cache: ArticleCache | None = None) -> RunOptions:
        workers = int(settings.get("run.workers")) or os.cpu_count() or 1
        return cls(batch_size=int(settings.get("run.batch_size")), workers=max(1, workers), cache=cache)


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

    def segments(self) -> list[list[Stage]]:
        """The stages cut into steps: each corpus stage alone, each run of consecutive document stages together."""
        steps: list[list[Stage]] = []
        for stage in self.stages:
            if isinstance(stage, DocumentStage) and steps and isinstance(steps[-1][-1], DocumentStage):
                steps[-1].append(stage)
            else:
                steps.append([stage])
        return steps

    def batchable(self, step: Sequence[Stage]) -> bool:
        """Whether a step can run batch by batch, each batch in a context of its own: document stages only,
        any parse it reads made inside it, and any parse it makes read by no later stage (each batch's
        parses are dropped when the batch is done)."""
        if not all(isinstance(s, DocumentStage) for s in step):
            return False
        first_read = next((i for i, s in enumerate(step) if "parse" in s.requires), None)
        if first_read is not None and not any("parse" in s.provides for s in step[:first_read]):
            return False
        after = self.stages[self.stages.index(step[-1]) + 1 :]
        makes = any("parse" in s.provides for s in step)
        return not (makes and any("parse" in s.requires for s in after))

    def run(self, corpus: Corpus, ctx: RunContext, options: RunOptions | None = None) -> Corpus:
        options = options or RunOptions()
        ctx.workers = options.workers
        done = 0
        for step in self.segments():
            if ctx.progress:
                ctx.progress(step[0].name, done, len(self.stages))
            if self.batchable(step):  # batch by batch, each batch's parses dropped: memory bounded by the batch
                corpus = run_segment(step, corpus, ctx, options)
            else:
                for stage in step:
                    log.info("stage %s on %d documents", stage.name, len(corpus.documents))
                    corpus = stage(corpus, ctx)
                    if not any("parse" in s.requires for s in self.stages[self.stages.index(stage) + 1 :]):
                        ctx.parses.clear()  # no later stage reads a parse
            done += len(step)
            give_back_memory()
        if ctx.progress:
            ctx.progress("done", len(self.stages), len(self.stages))
        ctx.parses.clear()
        log.info("stage seconds: %s", ", ".join(f"{name} {secs:.2f}" for name, secs in ctx.timings.items()))
        return corpus


def give_back_memory() -> None:
    """Free what a step left behind and hand it back to the system, so the next step (and the workers it
    forks, which start as copies of this process) does not carry it.

    Some indexes a corpus stage builds (the near-duplicate LSH Ensemble holds each document's bands in
    hundreds of tables) are freed only by the cycle collector, which a big heap of long-lived objects makes
    rare; and glibc keeps freed heap pages unless asked (``malloc_trim``; elsewhere that step is skipped).
    """
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


def _glibc() -> Any:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = _glibc()


# --- running a segment batch by batch -------------------------------------------------------------

#: Settings that change how a run is carried out, not what it finds: left out of the cache key.
EXECUTION_SETTINGS = frozenset({"annotate.workers", "annotate.batch_size", "report.formats"})
_WORKER: dict[str, Any] = {}


def _document_fields(names: Iterable[str]) -> list[str]:
    return sorted(n.removeprefix("document.") for n in names if n.startswith("document."))


def settings_digest(settings: Settings) -> str:
    from newstrace._version import __version__

    values = {k: v for k, v in settings.flat().items() if k not in EXECUTION_SETTINGS}
    blob = json.dumps([__version__, values], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def cache_key(step: Sequence[Stage], doc: Document, digest: str) -> str:
    """What a segment's result for ``doc`` depends on: the settings, the stages, and the fields they read."""
    fields = _document_fields(n for s in step for n in s.requires)
    read = {f: to_plain(getattr(doc, f)) for f in fields}
    blob = json.dumps([digest, [s.name for s in step], read], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def _result(step: Sequence[Stage], before: Document, after: Document) -> dict[str, Any]:
    fields = _document_fields(n for s in step for n in s.provides)
    out = {f: to_plain(getattr(after, f)) for f in fields}
    out["failures"] = to_plain(after.failures[len(before.failures) :])
    return out


def _applied(before: Document, result: dict[str, Any]) -> Document:
    hints = typing.get_type_hints(Document)
    changes = {f: from_plain(hints[f], v) for f, v in result.items() if f != "failures"}
    added = from_plain(tuple[Failure, ...], result["failures"])
    return dataclasses.replace(before, **changes, failures=(*before.failures, *added))


def _run_stages(stages: Sequence[Stage], docs: Sequence[Document], ctx: RunContext) -> list[Document]:
    corpus = Corpus(tuple(docs))
    for stage in stages:
        corpus = stage(corpus, ctx)
    ctx.parses.clear()
    return list(corpus.documents)


def _worker_start(settings: Settings, names: list[str], faults: frozenset[tuple[str, str]]) -> None:
    _single_threaded()
    known = registry()
    _WORKER.update(stages=[known[n](settings) for n in names], settings=settings, faults=faults)


def _worker_batch(docs: list[Document]) -> tuple[list[Document], dict[str, float]]:
    ctx = RunContext(_WORKER["settings"], faults=_WORKER["faults"])
    return _run_stages(_WORKER["stages"], docs, ctx), ctx.timings


def run_segment(step: Sequence[Stage], corpus: Corpus, ctx: RunContext, options: RunOptions) -> Corpus:
    """Run a batchable segment over the live documents, batch by batch; take cached results where there are."""
    live = corpus.live()
    digest = settings_digest(ctx.settings)
    keys = {d.id: cache_key(step, d, digest) for d in live} if options.cache is not None else {}
    cached = options.cache.get(sorted(set(keys.values()))) if options.cache is not None else {}
    results = {d.id: _applied(d, cached[keys[d.id]]) for d in live if keys.get(d.id) in cached}
    todo = [d for d in live if d.id not in results]
    batches = [todo[i : i + max(1, options.batch_size)] for i in range(0, len(todo), max(1, options.batch_size))]
    before = {d.id: d for d in todo}
    log.info("segment %s: %d cached, %d to do in %d batch(es)", step[0].name, len(results), len(todo), len(batches))

    def finished(docs: list[Document]) -> None:
        if options.cache is not None:
            options.cache.put({keys[d.id]: _result(step, before[d.id], d) for d in docs})
        results.update((d.id, d) for d in docs)
        if ctx.progress:
            ctx.progress(f"{step[0].name} ({len(results)}/{len(live)})", len(results), len(live))

    if options.runner is not None:
        for done in options.runner([s.name for s in step], ctx.settings, ctx.faults, batches):
            finished(done)
    elif options.workers > 1 and len(batches) > 1:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        names = [s.name for s in step]
        with ProcessPoolExecutor(
            max_workers=min(options.workers, len(batches)),
            mp_context=context,
            initializer=_worker_start,
            initargs=(ctx.settings, names, ctx.faults),
        ) as pool:
            for done, timings in pool.map(_worker_batch, batches):
                for name, seconds in timings.items():
                    ctx.timings[name] = ctx.timings.get(name, 0.0) + seconds
                finished(done)
    else:
        for batch in batches:
            finished(_run_stages(step, batch, RunContext(ctx.settings, faults=ctx.faults, timings=ctx.timings)))
    return dataclasses.replace(corpus, documents=tuple(results.get(d.id, d) for d in corpus.documents))
