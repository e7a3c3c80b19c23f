"""The library entry points behind `newstrace analyze`: read inputs, run the pipeline, report."""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from newstrace.errors import ConfigError
from newstrace.model import Article, Claim, Document, Failure, Report
from newstrace.pipeline import Corpus, Pipeline, RunContext, RunOptions
from newstrace.report import build_report, write_reports
from newstrace.settings import Settings
from newstrace.stages.ingest import Source, read_inputs, read_source  # importing stages registers them
from newstrace.store.ids import new_run_id

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def sample_corpus() -> Path:
    """The bundled sample corpus: the two founding articles."""
    return Path(str(resources.files("newstrace").joinpath("data", "samples")))


def user_claims(texts: Iterable[str]) -> tuple[Claim, ...]:
    claims = []
    for text in texts:
        text = text.strip()
        if text:
            digest = hashlib.sha1(text.encode()).hexdigest()[:8]
            claims.append(Claim(id=f"c-{digest}", text=text, origin="user"))
    return tuple(claims)


class FailureLog:
    """The problems a run's inputs raise: the first ``keep`` of each code kept (for the report), the rest
    counted, and every one handed to ``sink`` (the store) in batches. Memory stays bounded however many
    inputs are bad."""

    def __init__(self, keep: int, sink: Callable[[list[Failure]], None] | None = None, batch: int = 5000) -> None:
        self.keep = keep
        self.sink = sink
        self.batch = batch
        self.kept: list[Failure] = []
        self.counts: Counter[str] = Counter()
        self._pending: list[Failure] = []

    def add(self, failure: Failure) -> None:
        self.counts[failure.code] += 1
        if self.counts[failure.code] <= self.keep:
            self.kept.append(failure)
        if self.sink is not None:
            self._pending.append(failure)
            if len(self._pending) >= self.batch:
                self.flush()

    def flush(self) -> None:
        if self.sink is not None and self._pending:
            self.sink(self._pending)
        self._pending = []

    @property
    def omitted(self) -> dict[str, int]:
        return {code: n - self.keep for code, n in self.counts.items() if n > self.keep}


def read_corpus(
    inputs: Sequence[str],
    settings: Settings,
    *,
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    problems: FailureLog | None = None,
) -> tuple[list[Article], list[Failure]]:
    """Read every input into Articles; unreadable inputs become Failures, never exceptions.

    The Failures returned are those ``problems`` keeps (by default the first ``report.max_listed_problems``
    of each code; the log counts the rest and hands each one to its sink).
    """
    problems = problems or FailureLog(int(settings.get("report.max_listed_problems")))
    articles: list[Article] = []
    seen: dict[str, int] = {}
    for item in read_inputs(list(inputs), settings, columns=columns):
        if isinstance(item, Failure):
            log.info("%s", item.message)  # the caller reports failures (the CLI prints them at the end)
            problems.add(item)
            continue
        # ids must be unique inside a run even when two inputs hold the same text
        count = seen.get(item.id, 0)
        seen[item.id] = count + 1
        articles.append(item if count == 0 else replace(item, id=f"{item.id}-{count}"))
        if progress:
            progress("read", len(articles), 0)
    problems.flush()
    return articles, list(problems.kept)


def analyze(
    inputs: Sequence[str] = (),
    settings: Settings | None = None,
    *,
    claims: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    options: RunOptions | None = None,
    problems: FailureLog | None = None,
) -> Report:
    """Analyse articles (the bundled sample corpus when ``inputs`` is empty) into a Report.

    ``options`` says how to carry the run out (workers, batches, a cache); the default runs in this
    process. None of it changes the report. ``problems`` receives the inputs' problems (to hand each
    one to the store as it comes).
    """
    settings = settings or Settings.load()
    if isinstance(inputs, str):
        inputs = [inputs]
    for given in inputs:
        if "\n" in given or (len(given) > 1024 and "://" not in given):
            raise ConfigError(
                f"{given[:40]!r}... looks like article text, not a path or URL: use newstrace.analyze_texts([...])"
            )
    pipeline = Pipeline.from_settings(settings)  # fail on a bad configuration before reading anything
    problems = problems or FailureLog(int(settings.get("report.max_listed_problems")))
    sources = inputs or [str(sample_corpus())]
    articles, failures = read_corpus(sources, settings, columns=columns, progress=progress, problems=problems)
    if not inputs:
        articles = [replace(a, source=_sample_name(a.source)) for a in articles]
    return analyze_articles(
        articles,
        settings,
        claims=claims,
        failures=failures,
        pipeline=pipeline,
        progress=progress,
        options=options,
        omitted_failures=problems.omitted,
    )


def _sample_name(source: str) -> str:
    """A bundled sample's source as ``samples/<file>``, not the machine's path to the installed package."""
    root = str(sample_corpus())
    return "samples" + source[len(root) :] if source.startswith(root) else source


def analyze_texts(
    texts: Any,
    settings: Settings | None = None,
    *,
    claims: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Report:
    """Analyse articles held in memory, as `newstrace analyze` analyses files.

    ``texts`` is one string, a list of strings (each one article, plain text or HTML), or a
    table with one article per row: a pandas or polars DataFrame, a pyarrow Table, or a list
    of dicts. A table's ``text`` column holds the article and ``title``, ``outlet``, ``url``,
    ``date``, ``author`` and ``id`` fill in what is known; ``columns`` maps other names
    (``{"text": "body"}``), as ``--column`` does. Each string is read as a file of that
    content would be, named ``text-1``, ``text-2``, ...::

        report = analyze_texts(["First article ...", "Second article ..."], claims=["X did Y"])
        report = analyze_texts(df, columns={"text": "body"})
    """
    settings = settings or Settings.load()
    pipeline = Pipeline.from_settings(settings)
    sources = _text_sources(texts)
    articles: list[Article] = []
    failures: list[Failure] = []
    seen: dict[str, int] = {}
    for source in sources:
        for item in read_source(source, settings, dict(columns or {})):
            if isinstance(item, Failure):
                failures.append(item)
                continue
            count = seen.get(item.id, 0)
            seen[item.id] = count + 1
            articles.append(item if count == 0 else replace(item, id=f"{item.id}-{count}"))
    return analyze_articles(articles, settings, claims=claims, failures=failures, pipeline=pipeline, progress=progress)


def _text_sources(texts: Any) -> list[Source]:
    if isinstance(texts, str):
        texts = [texts]
    records = _records(texts)
    if records is not None:
        lines = "\n".join(json.dumps(r, ensure_ascii=False, default=str) for r in records)
        return [Source(name="table.jsonl", data=lines.encode("utf-8"))]
    out = []
    for i, text in enumerate(texts, 1):
        if not isinstance(text, str):
            raise ConfigError(
                f"analyze_texts: item {i} is a {type(text).__name__}, not a string; pass strings or a table"
            )
        out.append(Source(name=f"text-{i}", data=text.encode("utf-8")))
    return out


def _records(texts: Any) -> list[dict[str, Any]] | None:
    """The rows of a DataFrame, pyarrow Table or list of dicts; None for a list of strings."""
    rows: list[dict[str, Any]] | None
    if hasattr(texts, "to_dicts"):  # polars
        rows = texts.to_dicts()
    elif hasattr(texts, "to_pylist"):  # pyarrow
        rows = texts.to_pylist()
    elif hasattr(texts, "to_dict") and hasattr(texts, "columns"):  # pandas
        rows = texts.to_dict(orient="records")
    else:
        rows = None
    if rows is not None:
        return rows
    if isinstance(texts, Sequence) and texts and all(isinstance(t, Mapping) for t in texts):
        return [dict(t) for t in texts]
    return None


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings,
    *,
    claims: Sequence[str] = (),
    failures: Sequence[Failure] = (),
    pipeline: Pipeline | None = None,
    progress: Progress | None = None,
    options: RunOptions | None = None,
    omitted_failures: Mapping[str, int] | None = None,
) -> Report:
    """Run the pipeline over Articles already in memory."""
    pipeline = pipeline or Pipeline.from_settings(settings)
    corpus = Corpus(
        documents=tuple(Document(article=a) for a in articles),
        user_claims=user_claims(claims),
        failures=tuple(failures),
    )
    corpus = pipeline.run(corpus, RunContext(settings, progress=progress), options)
    return build_report(corpus, settings, omitted_failures=omitted_failures)


@dataclass
class AnalysisRun:
    report: Report
    written: list[Path] = field(default_factory=list)
    run_id: str | None = None
    db: Path | None = None


def run_analysis(
    inputs: Sequence[str],
    out: Path,
    *,
    settings: Settings | None = None,
    db: Path | None = None,
    formats: Sequence[str] | None = None,
    claims: Sequence[str] = (),
    columns: Mapping[str, str] | None = None,
    store: bool = True,
    progress: Progress | None = None,
) -> AnalysisRun:
    """Analyse, write the reports into ``out`` and record the run in the DuckDB store.

    With the store on, each batch of per-article results is kept in it as soon as it is done, so a
    run killed part way and started again takes what is done and computes the rest; the run itself is
    recorded when it ends. The report files are written as one set.
    """
    from newstrace.store import Store, StoreCache

    settings = settings or Settings.load()
    lock_timeout = float(settings.get("run.store_lock_timeout"))
    path = (db or out / "newstrace.duckdb") if store else None
    cache = StoreCache(path, lock_timeout=lock_timeout) if path is not None else None
    options = RunOptions.from_settings(settings, cache)
    run_id = new_run_id()
    sink = None
    if path is not None:

        def sink(batch: list[Failure]) -> None:  # every input problem reaches the store, a batch at a time
            with Store(path, lock_timeout=lock_timeout) as st:
                st.add_failures(run_id, batch)

    problems = FailureLog(int(settings.get("report.max_listed_problems")), sink)
    report = analyze(
        inputs, settings, claims=claims, columns=columns, progress=progress, options=options, problems=problems
    )
    written = write_reports(report, out, formats or settings.get("report.formats"))
    run = AnalysisRun(report, written)
    if path is not None:
        run.db = path
        with Store(path, lock_timeout=lock_timeout) as st:
            run.run_id = st.save(
                report,
                run_id,
                input_failures_stored=True,
                html_file=next((p for p in written if p.name == "report.html"), None),
            )
    return run
