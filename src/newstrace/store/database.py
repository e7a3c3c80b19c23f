"""Store runs in DuckDB: a versioned schema, one row per run plus queryable tables."""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from newstrace.errors import StoreError
from newstrace.model import Report
from newstrace.report.html import render_html
from newstrace.report.json_report import report_to_dict
from newstrace.store.migrations import MIGRATIONS

log = logging.getLogger(__name__)

ARTICLE_COLUMNS = (
    "run_id", "article_id", "source", "outlet", "url", "title", "author", "published", "language", "genre", "text",
    "near_duplicate_of", "resemblance", "containment",
)  # fmt: skip
REMOVED_COLUMNS = ("run_id", "article_id", "kind", "start_offset", "end_offset", "text", "reason")
QUOTE_COLUMNS = (
    "run_id", "article_id", "quote_id", "kind", "content", "start_offset", "end_offset", "cue", "cue_lemma",
    "cue_class", "speaker_mention", "speaker_name", "speaker_type", "anonymous", "addressee", "said_when",
    "when_date", "said_where", "quote_group", "nested_in",
)  # fmt: skip
STANCE_COLUMNS = (
    "run_id",
    "article_id",
    "claim_id",
    "holder",
    "holder_kind",
    "label",
    "probability",
    "certainty",
    "cues",
)
STORY_COLUMNS = ("run_id", "story_id", "article_ids", "data")
DUPLICATE_COLUMNS = ("run_id", "source", "copy_id", "duplicate_of", "duplicate_of_source", "message")
FAILURE_COLUMNS = ("run_id", "source", "stage", "message", "code", "article_id", "fatal")


def _locked(exc: BaseException) -> bool:
    return "lock" in str(exc).lower()


class StoreCache:
    """The store as a run's per-article cache: each call opens the store, does its work and closes it,
    so the lock is held only for a batch's transaction and concurrent runs take turns."""

    def __init__(self, path: Path, *, lock_timeout: float = 600.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout

    def get(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        with Store(self.path, lock_timeout=self.lock_timeout) as store:
            return store.cache_get(keys)

    def put(self, entries: Mapping[str, dict[str, Any]]) -> None:
        with Store(self.path, lock_timeout=self.lock_timeout) as store:
            store.cache_put(entries)


class Store:
    """A DuckDB file holding every run. Use as a context manager::

    with Store(path) as store:
        run_id = store.save(report)
    """

    def __init__(self, path: Path | str, *, lock_timeout: float = 600.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> Store:
        self.open()
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    def open(self) -> None:
        """Open (and migrate) the store; while another process holds it, wait up to ``lock_timeout`` seconds.

        DuckDB lets one process write a file at a time. Writers hold the store only for short
        transactions (a batch of articles, then the run's summary), so a second run waits its turn
        instead of failing after its work is done.
        """
        started = time.monotonic()
        delay, told = 0.05, False
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._con = duckdb.connect(str(self.path))
                break
            except duckdb.IOException as exc:
                if not _locked(exc):
                    raise StoreError(
                        f"cannot open the store {self.path}: {exc}; check the path or pass another --db"
                    ) from None
                waited = time.monotonic() - started
                if waited >= self.lock_timeout:
                    raise StoreError(
                        f"the store {self.path} stayed in use by another process for {waited:.0f} s; "
                        "try again when it has finished, or pass another --db",
                        code="E501",
                    ) from None
                if not told:
                    log.warning("the store %s is in use by another process; waiting for it", self.path)
                    told = True
                time.sleep(delay)
                delay = min(1.0, delay * 2)
            except (duckdb.Error, OSError) as exc:
                raise StoreError(
                    f"cannot open the store {self.path}: {exc}; check the path or pass another --db"
                ) from None
        self.migrate()

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            raise StoreError("the store is not open; use `with Store(path) as store:`")
        return self._con

    # -- schema -----------------------------------------------------------------
    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; return their names."""
        con = self.con
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP DEFAULT now())"
        )
        done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            try:
                con.execute("BEGIN")
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [name])
                con.execute("COMMIT")
            except duckdb.Error as exc:
                con.execute("ROLLBACK")
                raise StoreError(f"migration {name} failed on {self.path}: {exc}") from None
            applied.append(name)
        return applied

    def schema_version(self) -> list[str]:
        return [r[0] for r in self.con.execute("SELECT name FROM schema_migrations ORDER BY name").fetchall()]

    # -- runs -------------------------------------------------------------------
    def save(self, report: Report) -> str:
        """Store a report as a new run and return its id."""
        data = report_to_dict(report)
        blob = json.dumps(data, ensure_ascii=False, sort_keys=True)
        # the report's digest says what it holds; the random part keeps two identical runs two runs
        run_id = f"run-{report.created}-{hashlib.sha1(blob.encode()).hexdigest()[:8]}-{uuid.uuid4().hex[:6]}"
        con = self.con
        try:
            con.execute("BEGIN")
            con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
            for table in ("articles", "removed", "quotes", "stances", "stories", "failures", "duplicates"):
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            con.execute(
                "INSERT INTO runs (run_id, created, report_version, n_articles, settings, report, html)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    run_id,
                    report.created,
                    report.version,
                    len(data["articles"]),
                    json.dumps(dict(report.settings)),
                    blob,
                    render_html(report),
                ],
            )
            self._insert_rows(run_id, data)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"cannot write the run to {self.path}: {exc}") from None
        return run_id

    def _insert_rows(self, run_id: str, data: dict[str, Any]) -> None:
        """Every table of a run, each in one bulk insert (Arrow), not row by row."""
        articles, removed, quotes, stances = [], [], [], []
        for a in data["articles"]:
            near = a.get("near_duplicate") or {}
            articles.append(
                [run_id, a["id"], a["source"], a["outlet"], a["url"], a["title"], a["author"], a["published"],
                 a["language"], a["genre"], a["text"], a.get("near_duplicate_of"), near.get("resemblance"),
                 near.get("containment")]
            )  # fmt: skip
            removed += [
                [run_id, a["id"], r["kind"], r["start"], r["end"], r["text"], r["reason"]] for r in a["removed"]
            ]
            for q in a["quotes"]:
                cue, sp = q["cue_detail"] or {}, q["speaker"]
                quotes.append(
                    [run_id, a["id"], q["id"], q["kind"], q["content"], q["start"], q["end"], q["cue"],
                     cue.get("lemma"), cue.get("cue_class"), sp["mention"], sp["name"], sp["type"], sp["anonymous"],
                     q["addressee"], q["when"], q["when_date"], q["where"], q["group"], q["nested_in"]]
                )  # fmt: skip
            stances += [
                [run_id, a["id"], t["claim_id"], t["holder"], t["holder_kind"], t["label"], t["probability"],
                 t["certainty"], json.dumps(t["evidence"], ensure_ascii=False)]
                for t in a["stance"]
            ]  # fmt: skip
        stories = [
            [run_id, st["id"], json.dumps(st["article_ids"]), json.dumps(st, ensure_ascii=False)]
            for st in data["stories"]
        ]
        duplicates = [
            [run_id, d["source"], d["id"], d["duplicate_of"], d["duplicate_of_source"], d["message"]]
            for d in data.get("duplicates", {}).get("exact", [])
        ]
        failures = [
            [run_id, f["source"], f["stage"], f["message"], f["code"], f["article_id"], f["fatal"]]
            for f in data["failures"]
        ]
        self._bulk("articles", ARTICLE_COLUMNS, articles)
        self._bulk("removed", REMOVED_COLUMNS, removed)
        self._bulk("quotes", QUOTE_COLUMNS, quotes)
        self._bulk("stances", STANCE_COLUMNS, stances)
        self._bulk("stories", STORY_COLUMNS, stories)
        self._bulk("duplicates", DUPLICATE_COLUMNS, duplicates)
        self._bulk("failures", FAILURE_COLUMNS, failures)

    def _bulk(self, table: str, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
        if not rows:
            return
        batch = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
        self.con.register("_rows", batch)
        try:
            names = ", ".join(columns)
            self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
        finally:
            self.con.unregister("_rows")

    # -- per-article results --------------------------------------------------------
    def cache_get(self, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
        """The cached per-article results among ``keys``."""
        if not keys:
            return {}
        self.con.register("_keys", pa.table({"key": list(keys)}))
        try:
            rows = self.con.execute(
                "SELECT c.key, c.data FROM article_cache c JOIN _keys k ON c.key = k.key"
            ).fetchall()
        finally:
            self.con.unregister("_keys")
        return {key: json.loads(data) for key, data in rows}

    def cache_put(self, entries: Mapping[str, dict[str, Any]]) -> None:
        """Keep per-article results (one transaction for the batch)."""
        if not entries:
            return
        rows = [[k, json.dumps(v, ensure_ascii=False)] for k, v in entries.items()]
        table = pa.table({"key": [r[0] for r in rows], "data": [r[1] for r in rows]})
        con = self.con
        try:
            con.execute("BEGIN")
            con.register("_cache", table)
            con.execute("INSERT OR REPLACE INTO article_cache (key, data) SELECT key, data FROM _cache")
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from None
        finally:
            con.unregister("_cache")

    def runs(self) -> list[dict[str, Any]]:
        rows = self.con.execute(
            "SELECT run_id, created, report_version, n_articles FROM runs ORDER BY created"
        ).fetchall()
        return [{"run_id": r[0], "created": r[1], "version": r[2], "articles": r[3]} for r in rows]

    def html(self, run_id: str) -> str:
        """The HTML report of a run, as `newstrace analyze` wrote it."""
        row = self.con.execute("SELECT html FROM runs WHERE run_id = ?", [run_id]).fetchone()
        if row is None or row[0] is None:
            raise StoreError(f"no HTML report for run {run_id} in {self.path}")
        return str(row[0])

    def quotes(self, run_id: str, *, speaker: str | None = None) -> list[dict[str, Any]]:
        """The quotes of a run, optionally those whose speaker name contains ``speaker``."""
        sql = (
            "SELECT article_id, quote_id, kind, speaker_name, cue, content FROM quotes WHERE run_id = ?"
            + (" AND speaker_name ILIKE ?" if speaker else "")
            + " ORDER BY article_id, start_offset"
        )
        params = [run_id, f"%{speaker}%"] if speaker else [run_id]
        cols = ["article_id", "quote_id", "kind", "speaker", "cue", "content"]
        return [dict(zip(cols, row, strict=True)) for row in self.con.execute(sql, params).fetchall()]

    def load(self, run_id: str | None = None) -> dict[str, Any]:
        """The report.json of a run (the latest when no id is given)."""
        if run_id is None:
            row = self.con.execute("SELECT report FROM runs ORDER BY created DESC, run_id DESC LIMIT 1").fetchone()
        else:
            row = self.con.execute("SELECT report FROM runs WHERE run_id = ?", [run_id]).fetchone()
        if row is None:
            raise StoreError(f"no run {run_id or ''} in {self.path}; `newstrace runs --db {self.path}` lists them")
        data: dict[str, Any] = json.loads(row[0])
        return data
