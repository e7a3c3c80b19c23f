"""The command line: parse flags, build Settings, call one library function, render.

Exit codes scripts can rely on:
  0  everything was read and analysed
  1  the report was written, but some inputs could not be used or a stage failed on some article
     (each listed under "Problems" with its reason and, for a stage failure, the stage)
  2  bad usage, flags or settings
  3  nothing could be analysed (no usable input), or a model/store error
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newstrace.errors import CODES, ConfigError, NewstraceError
from newstrace.model import Failure, Report
from newstrace.pipeline import is_dead, is_stage_failure
from newstrace.settings import Settings

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3

app = typer.Typer(
    name="newstrace",
    help=(
        "Who claims what, on what evidence, how sure, and who copied whom — across the coverage of a news story.\n\n"
        "Examples:\n\n"
        "  newstrace analyze                      # the bundled sample corpus → ./newstrace-report/\n\n"
        "  newstrace analyze saved-pages/ feed.xml crawl.warc.gz --out report/\n\n"
        "  newstrace analyze corpus.jsonl --claim 'Russia is arming the Taliban'\n\n"
        "  newstrace eval quotes --data ../shared/data/quotes-dev --json"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()


def _settings(config: Path | None, sets: list[str] | None, extra: dict[str, Any] | None = None) -> Settings:
    overrides: dict[str, Any] = {}
    for item in sets or []:
        if "=" not in item:
            raise ConfigError(f"--set expects KEY=VALUE, got {item!r} (e.g. --set clean.min_repeat_chars=300)")
        key, value = item.split("=", 1)
        overrides[key.strip()] = value.strip()
    overrides.update(extra or {})
    return Settings.load(config, overrides)


def _fail(exc: NewstraceError) -> typer.Exit:
    err.print(f"[red]error[/red] {exc}", highlight=False, markup=True, soft_wrap=True)
    code = EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_FAILED
    return typer.Exit(code)


ConfigOpt = Annotated[Path | None, typer.Option("--config", help="A TOML settings file overlaid on the defaults.")]
SetOpt = Annotated[
    list[str] | None, typer.Option("--set", help="Override one setting: --set section.key=value (repeatable).")
]


@app.command()
def analyze(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders (recursive), URLs, feeds, WARC files, JSONL/CSV/Parquet corpora, or - for stdin."
        ),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for report.json / report.md / report.html.")] = Path(
        "newstrace-report"
    ),
    db: Annotated[
        Path | None, typer.Option("--db", help="DuckDB file to record the run in (default: OUT/newstrace.duckdb).")
    ] = None,
    claim: Annotated[
        list[str] | None, typer.Option("--claim", help="A core claim to measure stance against (repeatable).")
    ] = None,
    formats: Annotated[str | None, typer.Option("--format", help="Comma-separated: json,md,html.")] = None,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="Processes for the per-article stages (default: run.workers, one per core)."),
    ] = None,
    column: Annotated[
        list[str] | None, typer.Option("--column", help="Map a corpus column: --column text=body (repeatable).")
    ] = None,
    no_store: Annotated[bool, typer.Option("--no-store", help="Do not record the run in DuckDB.")] = False,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Analyse articles and write the reports.

    With no INPUT it analyses the bundled sample corpus (two articles on the 2017 allegation that Russia armed
    the Taliban).

    Examples:

      newstrace analyze

      newstrace analyze ~/saved-pages/ --out story-report/

      cat article.txt | newstrace analyze - --format json

      newstrace analyze corpus.csv --column text=body --column outlet=site --claim "X did Y"
    """
    from newstrace.analysis import run_analysis

    try:
        settings = _settings(config, set_, {"run.workers": workers} if workers is not None else None)
        malformed = [c for c in column or [] if "=" not in c]
        if malformed:
            raise ConfigError(f"--column {malformed[0]!r}: write it as FIELD=COLUMN, for example --column text=body")
        columns = dict(c.split("=", 1) for c in column or [])
        fmt = [f.strip() for f in formats.split(",") if f.strip()] if formats else None
        with _progress(quiet) as progress:
            run = run_analysis(
                inputs or [],
                out_dir,
                settings=settings,
                db=db,
                formats=fmt,
                claims=claim or [],
                columns=columns,
                store=not no_store,
                progress=progress,
            )
    except NewstraceError as exc:
        raise _fail(exc) from None
    where = " → " + ", ".join(str(p) for p in run.written) + (f"; run {run.run_id} in {run.db}" if run.run_id else "")
    _finish(run.report, where, quiet=quiet)


@app.command()
def spark(
    inputs: Annotated[list[str], typer.Argument(help="Parquet files or folders (local, hdfs://, s3a://, ...).")],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the reports and tables/*.parquet (on the driver).")
    ] = Path("newstrace-report"),
    master: Annotated[
        str | None,
        typer.Option("--master", help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])."),
    ] = None,
    partitions: Annotated[
        int,
        typer.Option("--partitions", help="Spark partitions for the per-article stages (0: the default parallelism)."),
    ] = 0,
    claim: Annotated[
        list[str] | None, typer.Option("--claim", help="A core claim to measure stance against (repeatable).")
    ] = None,
    formats: Annotated[str | None, typer.Option("--format", help="Comma-separated: json,md,html.")] = None,
    column: Annotated[
        list[str] | None, typer.Option("--column", help="Map a corpus column: --column text=body (repeatable).")
    ] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Analyse Parquet corpora on Spark (the optional spark extra and Java; see docs/spark.md): the per-article
    stages on the executors, the corpus stages on the driver; the same report as `newstrace analyze`, plus
    every table as Parquet in OUT/tables/. Nothing is recorded in a store.

    Examples:

      newstrace spark articles.parquet --master 'local[2]' --out report/

      spark-submit --master yarn ... newstrace/spark/__main__.py hdfs:///corpus/ --out report/  # docs/spark.md
    """
    from newstrace.spark import run_spark, session

    try:
        settings = _settings(config, set_)
        malformed = [c for c in column or [] if "=" not in c]
        if malformed:
            raise ConfigError(f"--column {malformed[0]!r}: write it as FIELD=COLUMN, for example --column text=body")
        columns = dict(c.split("=", 1) for c in column or [])
        fmt = [f.strip() for f in formats.split(",") if f.strip()] if formats else None
        run = run_spark(
            inputs,
            out_dir,
            spark=session(master),
            settings=settings,
            claims=claim or [],
            columns=columns,
            formats=fmt,
            partitions=partitions,
        )
    except NewstraceError as exc:
        raise _fail(exc) from None
    _finish(run.report, f" on Spark → {out_dir}", quiet=quiet)


def _finish(report: Report, where: str, *, quiet: bool) -> NoReturn:
    """Print the run's problems and its one-line summary (``where`` says where it went), then exit:
    EXIT_FAILED when no article could be analysed, EXIT_PARTIAL when a stage failed or an input was fatal."""
    live = [d for d in report.documents if not is_dead(d)]
    _print_problems(report.failures, dict(report.omitted_failures))
    if not quiet:
        quotes = sum(len(d.quotes) for d in live)
        out.print(
            f"{len(live)} article(s), {quotes} quote(s), {len(report.stories)} story(ies){where}", highlight=False
        )
    if not live:
        err.print("[red]error[/red] no article could be analysed; see the messages above", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    incomplete = [f for f in report.failures if f.fatal or is_stage_failure(f)]
    raise typer.Exit(EXIT_PARTIAL if incomplete else EXIT_OK)


#: Problems of one code printed one by one before the rest of them are summed up in one line.
PROBLEMS_SHOWN = 5


def _print_problems(failures: Sequence[Failure], omitted: Mapping[str, int] | None = None) -> None:
    """One line per problem, except that past ``PROBLEMS_SHOWN`` of one code the rest are one line with a count:
    a million bad records are a few lines, not a million (report.json and the store keep every one).
    ``omitted``: how many more of each code the report does not list (they count toward the total)."""
    by_code: dict[str, int] = {}
    for f in failures:
        by_code[f.code] = by_code.get(f.code, 0) + 1
        if by_code[f.code] > PROBLEMS_SHOWN:
            continue
        tag = "failed" if is_stage_failure(f) else "skipped" if f.fatal else "note"
        line = f.message if f.message.startswith(f.source) else f"{f.source}: {f.message}"
        err.print(f"[yellow]{tag}[/yellow] ", end="", highlight=False)
        err.print(line, highlight=False, markup=False, soft_wrap=True)  # one line; names may hold [brackets]
    for code, extra in (omitted or {}).items():
        by_code[code] = by_code.get(code, 0) + extra
    for code, count in by_code.items():
        if count > PROBLEMS_SHOWN:
            meaning = CODES[code].meaning if code in CODES else "problems"
            more = f"and {count - PROBLEMS_SHOWN:,} more {code} ({meaning})"
            more += "; the report lists the first ones, the store each one"
            err.print(f"[yellow]...[/yellow] {more}", highlight=False)


class _progress:
    """A Rich progress bar over pipeline stages (silent when quiet or not a terminal)."""

    def __init__(self, quiet: bool) -> None:
        self.enabled = not quiet and err.is_terminal
        self.bar: Progress | None = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=err, transient=True
        )
        self.bar.start()
        self.task = self.bar.add_task("reading", total=None)
        return self.update

    def update(self, stage: str, done: int, total: int) -> None:
        if self.bar is not None:
            if stage == "read":
                self.bar.update(self.task, description=f"reading ({done} articles)")
            else:
                self.bar.update(self.task, description=stage, completed=done, total=total or None)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@app.command("eval")
def evaluate(
    name: Annotated[
        str,
        typer.Argument(
            help="Benchmark: fnc1, emergent, extraction, quotes, stories, claims, claim-matching, coverage, "
            "basil-speakers, reuse, smoke."
        ),
    ],
    data: Annotated[
        list[Path],
        typer.Option(
            "--data",
            help="The benchmark's data folder (see ../shared/data). stories takes it more than once: "
            "--data .../basil --data .../pac-partisan-events analyses both as one corpus.",
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
    predictions: Annotated[
        Path | None, typer.Option("--predictions", help="Write the system's raw outputs here for independent scoring.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", help="Score a fixed, deterministic subset of this size.")
    ] = None,
    embeddings: Annotated[
        str,
        typer.Option(
            "--embeddings",
            help="The embeddings.model setting for fnc1, claim-matching, coverage, basil-speakers and stories on "
            'full articles: "auto" (the bundled model when installed) or "off" (lexical only).',
        ),
    ] = "auto",
) -> None:
    """Score a public benchmark and print its metrics.

    Examples:

      newstrace eval quotes --data ../shared/data/quotes-dev

      newstrace eval fnc1 --data ../shared/data/fnc-1 --json --predictions fnc1-predictions.csv

      newstrace eval extraction --data ../shared/data/article-extraction-benchmark --predictions pages/

      newstrace eval fnc1 --data ../shared/data/fnc-1 --embeddings off

      newstrace eval coverage --data ../shared/data/coverage-dev --json --predictions coverage-out.json

      newstrace eval stories --data ../shared/data/basil --data ../shared/data/pac-partisan-events --json

      newstrace eval reuse --data ../shared/data/counter-urdu-reuse
    """
    from newstrace.evaluation import evaluate as run_eval

    try:
        result = run_eval(name, data, predictions=predictions, limit=limit, embeddings=embeddings)
    except NewstraceError as exc:
        raise _fail(exc) from None
    metrics = result.get("metrics", {})
    confusion = result.get("confusion")
    if as_json:
        given: object = str(data[0]) if len(data) == 1 else [str(d) for d in data]
        payload: dict[str, object] = {"benchmark": name, "data": given, "metrics": metrics}
        if confusion is not None:
            payload["confusion"] = confusion
        for key in result.get("json_keys", ()):  # a benchmark's own detail (error lists, breakdowns)
            if key in result and key not in payload:
                payload[key] = result[key]
        sys.stdout.write(json.dumps(payload) + "\n")
        return
    table = Table(title=f"{name} on {', '.join(str(d) for d in data)}")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in metrics.items():
        table.add_row(key, f"{value:.4f}" if isinstance(value, float) else json.dumps(value))
    out.print(table)
    if confusion is not None:
        out.print(_confusion_table(confusion))
    for extra in result.get("tables", ()):  # a benchmark's own breakdowns, as plain rows
        detail = Table(title=extra["title"])
        for column in extra["columns"]:
            detail.add_column(column)
        for row in extra["rows"]:
            detail.add_row(*row)
        out.print(detail)


def _confusion_table(confusion: dict[str, Any]) -> Table:
    """Rows are the gold labels, columns the predicted ones."""
    labels = [str(label) for label in confusion["labels"]]
    table = Table(title="confusion (rows: gold, columns: predicted)")
    table.add_column("gold")
    for label in labels:
        table.add_column(label, justify="right")
    for label, row in zip(labels, confusion["rows_gold"], strict=True):
        table.add_row(label, *(str(n) for n in row))
    return table


@app.command()
def bench(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")] = False,
    data: Annotated[
        Path | None, typer.Option("--data", help="The shared data folder (default ../shared/data).")
    ] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Run only these benchmarks (repeatable).")] = None,
) -> None:
    """Throughput figures, each as a ratio against its baseline measured side by side in one run.

    Examples:

      newstrace bench

      newstrace bench --only attribution --json
    """
    from newstrace.bench import run_benchmarks

    try:
        results = run_benchmarks(data, only=only)
    except NewstraceError as exc:
        raise _fail(exc) from None
    if as_json:
        sys.stdout.write(json.dumps(results) + "\n")
        return
    for name, figures in results.items():
        table = Table(title=name)
        table.add_column("figure")
        table.add_column("value", justify="right")
        for key, value in _flat(figures).items():
            table.add_row(key, f"{value:.4g}" if isinstance(value, float) else str(value))
        out.print(table)


def _flat(figures: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested figures as one level of dotted keys (``workers_1.ratio``), for a table."""
    rows: dict[str, Any] = {}
    for key, value in figures.items():
        if isinstance(value, dict) and value and all(isinstance(k, str) for k in value):
            rows.update(_flat(value, f"{prefix}{key}."))
        else:
            rows[f"{prefix}{key}"] = value
    return rows


@app.command()
def stages() -> None:
    """List the registered pipeline stages with what they require and provide."""
    from newstrace.pipeline import registry

    table = Table()
    table.add_column("stage", no_wrap=True)
    for col in ("requires", "provides", "what it does"):
        table.add_column(col)
    for name, cls in sorted(registry().items()):
        table.add_row(name, ", ".join(sorted(cls.requires)), ", ".join(sorted(cls.provides)), cls.description)
    out.print(table)


@app.command("settings")
def show_settings(config: ConfigOpt = None, set_: SetOpt = None) -> None:
    """Print every setting with its effective value (defaults, then --config, then --set)."""
    try:
        settings = _settings(config, set_)
    except NewstraceError as exc:
        raise _fail(exc) from None
    for key, value in settings.flat().items():
        out.print(f"{key} = {json.dumps(value)}", highlight=False)


@app.command()
def runs(
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store.")] = Path("newstrace-report/newstrace.duckdb"),
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object per run, one a line.")] = False,
) -> None:
    """List the runs recorded in a DuckDB store (read-only: the store is never created or changed).

    Examples:

      newstrace runs

      newstrace runs --db story/newstrace.duckdb --json
    """
    from newstrace.store import Store

    try:
        with Store(db, read_only=True) as store:
            rows = store.runs()
    except NewstraceError as exc:
        raise _fail(exc) from None
    for r in rows:
        if as_json:
            sys.stdout.write(json.dumps(r) + "\n")
        else:
            out.print(
                f"{r['run_id']}  {r['articles']} article(s), {r['stories']} story(ies), {r['quotes']} quote(s)",
                highlight=False,
            )


@app.command()
def export(
    run_id: Annotated[str, typer.Argument(help="The run to export (`newstrace runs` lists them).")],
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for one file per table.")] = Path("newstrace-export"),
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store.")] = Path("newstrace-report/newstrace.duckdb"),
) -> None:
    """Write every table of a run (articles, quotes, stances, claims, agreement, reuse, variants, evidence,
    timeline, ...) as Parquet or CSV files, one per table, with typed columns (dates as dates).

    Examples:

      newstrace export run-2026-01-01T00:00:00+00:00-1a2b3c4d --format parquet --out tables/

      newstrace export RUN --format csv --db story/newstrace.duckdb
    """
    from newstrace.store import Store

    if fmt not in ("parquet", "csv"):
        raise _fail(ConfigError(f"--format {fmt!r}: choose parquet or csv"))
    try:
        with Store(db, read_only=True) as store:
            written = store.export(run_id, out_dir, fmt)
    except NewstraceError as exc:
        raise _fail(exc) from None
    out.print(f"{len(written)} table(s) → {out_dir}", highlight=False)


@app.command()
def serve(
    db: Annotated[Path, typer.Option("--db", help="The DuckDB store to show.")] = Path(
        "newstrace-report/newstrace.duckdb"
    ),
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; keep 127.0.0.1 unless you mean to share it.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on (1-65535).")] = 8765,
    create: Annotated[bool, typer.Option("--create", help="Start an empty store when --db does not exist.")] = False,
) -> None:
    """The workbench: start analyses from pasted text, files, URLs or feeds; read every story across runs,
    each finding one click from its sentence; search; a paged JSON API (/api/docs).

    Examples:

      newstrace serve

      newstrace serve --db story/newstrace.duckdb --port 9000

      newstrace serve --db new.duckdb --create
    """
    import socket

    from newstrace.errors import StoreError, WebError
    from newstrace.store import Store

    try:
        from newstrace.web.app import serve as run_server
    except ImportError:
        raise _fail(WebError("the workbench needs the web extra: pip install 'newstrace[web]'", code="E606")) from None
    if not db.exists() and not create:
        raise _fail(
            StoreError(f"no store at {db}; run `newstrace analyze` first, or pass --create to start one", code="E502")
        )
    try:
        with Store(db):  # migrate once for writing; requests then read it read-only
            pass
    except StoreError as exc:
        if exc.code != "E501":
            raise _fail(exc) from None
        err.print("[yellow]note[/yellow] the store is being written by another process; serving it as it is")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise _fail(WebError(f"cannot listen on {host}:{port}: {exc.strerror or exc}", code="E607")) from None
    shown = f"[{host}]" if ":" in host else host
    err.print(f"serving the workbench for {db} on http://{shown}:{port}/ (Ctrl-C stops it)", highlight=False)
    try:
        run_server(db, host, port, socket=sock)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app()


if __name__ == "__main__":
    main()
