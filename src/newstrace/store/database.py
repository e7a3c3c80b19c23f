"""Store runs in DuckDB: a versioned schema, one row per run plus queryable tables.

A store is opened for writing (``Store(path)``: created when missing, migrated) or for reading
(``Store(path, read_only=True)``: never created or migrated, so a deleted file stays deleted and
a reader never takes the write lock). The read methods page every list (``limit``/``offset``)
and raise ``StoreError`` E510 for an unknown run, E501 while another process holds the write
lock, E502 for a missing file and E503 for a schema older than this version.
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from newstrace.codec import to_plain as plain
from newstrace.errors import StoreError
from newstrace.model import Failure, Report
from newstrace.pipeline import is_dead
from newstrace.report.html import render_html
from newstrace.report.json_report import document_to_dict, duplicates_to_dict, report_head, story_to_dict
from newstrace.store._tables import (
    STORY_TABLES,
    clear_story_tables,
    finish_story_tables,
    insert_rows,
    write_article_data,
    write_story_rows,
    write_story_tables,
)
from newstrace.store.ids import new_run_id
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
STORY_COLUMNS = ("run_id", "story_id", "article_ids", "data", "position")
DUPLICATE_COLUMNS = ("run_id", "source", "copy_id", "duplicate_of", "duplicate_of_source", "message")
FAILURE_COLUMNS = ("run_id", "source", "stage", "message", "code", "article_id", "fatal")

#: Articles (and stories) turned into rows at a time when a run is saved.
_SAVE_CHUNK = 64

#: The stages whose failures are a run's input problems (recorded as they come, not with the run's summary).
INPUT_STAGES = frozenset({"ingest", "feed"})

#: The most rows one page of a list may hold.
MAX_PAGE = 500


def _locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "lock" in text or "different configuration" in text


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

    def __init__(self, path: Path | str, *, read_only: bool = False, lock_timeout: float = 600.0) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self._con: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> Store:
        self.open()
        return self

    def __exit__(self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    def open(self) -> None:
        """Open the store; for writing, create and migrate it, waiting up to ``lock_timeout`` seconds while
        another process holds it.

        DuckDB lets one process write a file at a time. Writers hold the store only for short
        transactions (a batch of articles, then the run's summary), so a second run waits its turn
        instead of failing after its work is done.
        """
        if self.read_only:
            self._open_read_only()
            return
        started = time.monotonic()
        delay, told = 0.05, False
        while True:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._con = duckdb.connect(str(self.path))
                break
            except (duckdb.Error, OSError) as exc:
                if not (isinstance(exc, duckdb.Error) and _locked(exc)):
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
        self.migrate()
        self._fill_story_tables()

    def _open_read_only(self) -> None:
        if not self.path.is_file():
            raise StoreError(f"no store at {self.path}; run `newstrace analyze` first or pass --db FILE", code="E502")
        try:
            self._con = duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            if _locked(exc):
                raise StoreError(
                    f"the store {self.path} is locked by another process writing to it; retry when it is done",
                    code="E501",
                ) from None
            raise StoreError(f"cannot open the store {self.path} for reading: {exc}") from None
        try:
            done = {r[0] for r in self.con.execute("SELECT name FROM schema_migrations").fetchall()}
        except duckdb.Error:
            done = set()
        missing = [name for name, _ in MIGRATIONS if name not in done]
        if missing:
            self.close()
            raise StoreError(
                f"the store {self.path} was written by an older newstrace (missing {', '.join(missing)}); "
                "open it once for writing (newstrace analyze --db, or newstrace serve) to migrate it",
                code="E503",
            )

    def _fill_story_tables(self) -> None:
        """Write the story tables of runs stored before they existed (from each run's report.json)."""
        pending = [r[0] for r in self.con.execute("SELECT run_id FROM runs WHERE NOT story_tables").fetchall()]
        for run_id in pending:
            row = self.con.execute("SELECT report FROM runs WHERE run_id = ?", [run_id]).fetchone()
            if row is None:
                continue
            try:
                self.con.execute("BEGIN")
                write_story_tables(self.con, run_id, json.loads(row[0]))
                self.con.execute("COMMIT")
            except (duckdb.Error, KeyError, TypeError, ValueError) as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"cannot fill the story tables of {run_id} in {self.path}: {exc}") from None

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
    def add_failures(self, run_id: str, failures: Sequence[Failure]) -> None:
        """Record problems of a run as they come (one transaction for the batch)."""
        rows = [[run_id, f.source, f.stage, f.message, f.code, f.article_id, f.fatal] for f in failures]
        con = self.con
        try:
            con.execute("BEGIN")
            insert_rows(self.con, "failures", FAILURE_COLUMNS, rows)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"cannot write to the store {self.path}: {exc}") from None

    def save(
        self,
        report: Report,
        run_id: str | None = None,
        *,
        input_failures_stored: bool = False,
        html_file: Path | None = None,
    ) -> str:
        """Store a report as a run and return its id (``run_id``, or a new one).

        ``input_failures_stored``: the run's input problems were recorded as they came
        (``add_failures``); only the rest of the report's failures are written now.
        ``html_file``: the run's report.html when the caller has written it already (else it is made here).
        The rows are made and written a chunk of articles (and of stories) at a time, so saving a big run
        never holds all of it as plain values; report.json is not kept a second time as one text, but as
        its head and those rows (``load`` puts it together again).
        """
        live = [d for d in report.documents if not is_dead(d)]
        failures = [plain(f) for f in report.failures if not (input_failures_stored and f.stage in INPUT_STAGES)]
        run_id = run_id or new_run_id()
        con = self.con
        try:
            con.execute("BEGIN")
            con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
            for table in ("articles", "removed", "quotes", "stances", "stories", "duplicates"):
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            if not input_failures_stored:
                con.execute("DELETE FROM failures WHERE run_id = ?", [run_id])
            con.execute(
                "INSERT INTO runs (run_id, created, report_version, n_articles, settings, report, report_parts,"
                " html_gz) VALUES (?, ?, ?, ?, ?, ?, true, ?)",
                [
                    run_id,
                    report.created,
                    report.version,
                    len(live),
                    json.dumps(dict(report.settings)),
                    json.dumps(report_head(report), ensure_ascii=False),
                    _compressed_html(report, html_file),
                ],
            )
            clear_story_tables(con, run_id)
            for start in range(0, len(live), _SAVE_CHUNK):
                articles = [document_to_dict(d) for d in live[start : start + _SAVE_CHUNK]]
                self._insert_articles(run_id, articles)
                write_article_data(con, run_id, articles, first=start)
            for start in range(0, len(report.stories), _SAVE_CHUNK):
                stories = [story_to_dict(st) for st in report.stories[start : start + _SAVE_CHUNK]]
                insert_rows(
                    con,
                    "stories",
                    STORY_COLUMNS,
                    [
                        [run_id, st["id"], json.dumps(st["article_ids"]), json.dumps(st, ensure_ascii=False), start + i]
                        for i, st in enumerate(stories)
                    ],
                )
                write_story_rows(con, run_id, stories)
            duplicates = [
                [run_id, d["source"], d["id"], d["duplicate_of"], d["duplicate_of_source"], d["message"]]
                for d in duplicates_to_dict(live)["exact"]
            ]
            insert_rows(con, "duplicates", DUPLICATE_COLUMNS, duplicates)
            insert_rows(
                con,
                "failures",
                FAILURE_COLUMNS,
                [
                    [run_id, f["source"], f["stage"], f["message"], f["code"], f["article_id"], f["fatal"]]
                    for f in failures
                ],
            )
            finish_story_tables(con, run_id)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StoreError(f"cannot write the run to {self.path}: {exc}") from None
        return run_id

    def _insert_articles(self, run_id: str, articles: Sequence[Mapping[str, Any]]) -> None:
        """Some of a run's articles (report.json dicts) into the article, removed, quote and stance tables,
        each in one bulk insert (Arrow), not row by row."""
        rows, removed, quotes, stances = [], [], [], []
        for a in articles:
            near = a.get("near_duplicate") or {}
            rows.append(
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
        insert_rows(self.con, "articles", ARTICLE_COLUMNS, rows)
        insert_rows(self.con, "removed", REMOVED_COLUMNS, removed)
        insert_rows(self.con, "quotes", QUOTE_COLUMNS, quotes)
        insert_rows(self.con, "stances", STANCE_COLUMNS, stances)

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

    # -- reading -----------------------------------------------------------------
    def _page(self, sql: str, params: list[Any], limit: int | None, offset: int) -> tuple[list[tuple[Any, ...]], int]:
        """Rows of ``sql`` from ``offset`` (at most ``limit``), and how many there are in all."""
        total_row = self.con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        total = int(total_row[0]) if total_row else 0
        limit = MAX_PAGE if limit is None else max(0, min(int(limit), MAX_PAGE))
        rows = self.con.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, max(0, int(offset))]).fetchall()
        return rows, total

    def has_run(self, run_id: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM runs WHERE run_id = ?", [run_id]).fetchall())

    def _require_run(self, run_id: str) -> None:
        if not self.has_run(run_id):
            raise StoreError(f"no run {run_id}; `newstrace runs` lists them", code="E510")

    def runs(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """The runs, oldest first (one page of them when ``limit`` is given)."""
        return self.runs_page(limit=limit, offset=offset)[0]

    def runs_page(self, *, limit: int | None = None, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
        rows, total = self._page(
            "SELECT r.run_id, r.created, r.report_version, r.n_articles,"
            " (SELECT count(*) FROM stories s WHERE s.run_id = r.run_id),"
            " (SELECT count(*) FROM quotes q WHERE q.run_id = r.run_id),"
            " (SELECT count(*) FROM failures f WHERE f.run_id = r.run_id)"
            " FROM runs r ORDER BY r.created, r.run_id",
            [],
            limit,
            offset,
        )
        cols = ["run_id", "created", "version", "articles", "stories", "quotes", "failures"]
        return [dict(zip(cols, r, strict=True)) for r in rows], total

    def run(self, run_id: str) -> dict[str, Any]:
        """One run's summary: counts and its settings (not its articles)."""
        row = self.con.execute(
            "SELECT run_id, created, report_version, n_articles, settings FROM runs WHERE run_id = ?", [run_id]
        ).fetchone()
        if row is None:
            raise StoreError(f"no run {run_id}; `newstrace runs` lists them", code="E510")
        counts = {
            name: int(
                (self.con.execute(f"SELECT count(*) FROM {name} WHERE run_id = ?", [run_id]).fetchone() or [0])[0]
            )
            for name in ("stories", "quotes", "failures")
        }
        return {
            "run_id": row[0],
            "created": row[1],
            "version": row[2],
            "articles": row[3],
            **counts,
            "settings": json.loads(row[4]) if row[4] else {},
        }

    def html(self, run_id: str) -> str:
        """The HTML report of a run, as `newstrace analyze` wrote it."""
        row = self.con.execute("SELECT html, html_gz FROM runs WHERE run_id = ?", [run_id]).fetchone()
        if row is None or (row[0] is None and row[1] is None):
            raise StoreError(f"no HTML report for run {run_id}", code="E510")
        return str(row[0]) if row[1] is None else zlib.decompress(row[1]).decode("utf-8")

    def quotes(
        self, run_id: str, *, speaker: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """The quotes of a run, optionally those whose speaker name contains ``speaker``."""
        return self.quotes_page(run_id, speaker=speaker, limit=limit, offset=offset)[0]

    def quotes_page(
        self, run_id: str, *, speaker: str | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        self._require_run(run_id)
        sql = (
            "SELECT article_id, quote_id, kind, speaker_name, cue, content, start_offset, end_offset, said_when,"
            " said_on FROM quotes WHERE run_id = ?"
            + (" AND speaker_name ILIKE ? ESCAPE '\\'" if speaker else "")
            + " ORDER BY article_id, start_offset, quote_id"
        )
        params: list[Any] = [run_id, f"%{_like(speaker)}%"] if speaker else [run_id]
        rows, total = self._page(sql, params, limit, offset)
        cols = ["article_id", "quote_id", "kind", "speaker", "cue", "content", "start", "end", "when", "said_on"]
        return [_jsonable(dict(zip(cols, row, strict=True))) for row in rows], total

    def articles_page(
        self, run_id: str, *, limit: int | None = None, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """The articles of a run without their text: outlet, title, date, genre and counts."""
        self._require_run(run_id)
        rows, total = self._page(
            "SELECT a.article_id, a.source, a.outlet, a.url, a.title, a.author, a.published_date, a.genre,"
            " length(a.text), (SELECT count(*) FROM quotes q WHERE q.run_id = a.run_id AND q.article_id = a.article_id)"
            " FROM articles a WHERE a.run_id = ? ORDER BY a.article_id",
            [run_id],
            limit,
            offset,
        )
        cols = ["id", "source", "outlet", "url", "title", "author", "published", "genre", "chars", "quotes"]
        return [_jsonable(dict(zip(cols, r, strict=True))) for r in rows], total

    def article(self, run_id: str, article_id: str) -> dict[str, Any]:
        """One article as report.json has it."""
        return self._stored_json("article_data", "article_id", run_id, article_id, "article")

    def _stored_json(self, table: str, key: str, run_id: str, value: str, what: str) -> dict[str, Any]:
        """The ``data`` JSON of one row of ``table`` (an article's or a story's), or E510 naming it."""
        row = self.con.execute(f"SELECT data FROM {table} WHERE run_id = ? AND {key} = ?", [run_id, value]).fetchone()
        if row is None:
            self._require_run(run_id)
            raise StoreError(f"no {what} {value} in run {run_id}", code="E510")
        data: dict[str, Any] = json.loads(row[0])
        return data

    def article_labels(self, run_id: str, article_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Outlet, title, date and source of some articles of a run, by id."""
        if not article_ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, outlet, title, published, source FROM articles WHERE run_id = ? AND"
            " list_contains(?, article_id)",
            [run_id, article_ids],
        ).fetchall()
        return {r[0]: {"outlet": r[1], "title": r[2], "published": r[3], "source": r[4]} for r in rows}

    def stories_page(
        self, *, run_id: str | None = None, q: str | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Stories across runs (or of one run), newest run first: outlets, dates, claims and a stance tally.

        ``q`` keeps the stories whose claims, outlets or article titles contain it.
        """
        if run_id is not None:
            self._require_run(run_id)
        where, params = [], []
        if run_id is not None:
            where.append("s.run_id = ?")
            params.append(run_id)
        if q:
            like = f"%{_like(q)}%"
            where.append(
                "(EXISTS (SELECT 1 FROM claims c WHERE c.run_id = s.run_id AND c.story_id = s.story_id"
                " AND c.text ILIKE ? ESCAPE '\\') OR EXISTS (SELECT 1 FROM articles a WHERE a.run_id = s.run_id"
                " AND list_contains(CAST(s.article_ids AS VARCHAR[]), a.article_id)"
                " AND (a.title ILIKE ? ESCAPE '\\' OR a.outlet ILIKE ? ESCAPE '\\')))"
            )
            params += [like, like, like]
        sql = (
            "SELECT s.run_id, s.story_id, CAST(s.article_ids AS VARCHAR[]), r.created FROM stories s"
            " JOIN runs r USING (run_id)"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY r.created DESC, s.run_id DESC, s.story_id"
        )
        rows, total = self._page(sql, params, limit, offset)
        return [self._story_summary(r[0], r[1], list(r[2]), r[3]) for r in rows], total

    def _story_summary(self, run_id: str, story_id: str, article_ids: list[str], created: str) -> dict[str, Any]:
        arts = self.con.execute(
            "SELECT article_id, outlet, title, published_date, source FROM articles WHERE run_id = ?"
            " AND list_contains(?, article_id) ORDER BY published_date NULLS LAST, article_id",
            [run_id, article_ids],
        ).fetchall()
        claims = self.con.execute(
            "SELECT claim_id, text, origin FROM claims WHERE run_id = ? AND story_id = ? ORDER BY claim_id",
            [run_id, story_id],
        ).fetchall()
        tally = self.con.execute(
            "SELECT claim_id, label, count(*) FROM agreement WHERE run_id = ? AND story_id = ? GROUP BY ALL",
            [run_id, story_id],
        ).fetchall()
        counts: dict[str, dict[str, int]] = {}
        for claim_id, label, n in tally:
            counts.setdefault(claim_id, {})[label or "unknown"] = int(n)
        dates = sorted(str(a[3]) for a in arts if a[3] is not None)
        headline = next((a[2] for a in arts if a[2]), None)
        return {
            "run_id": run_id,
            "story_id": story_id,
            "created": created,
            "headline": headline,
            "articles": len(article_ids),
            "outlets": sorted({a[1] for a in arts if a[1]}),
            "first_date": dates[0] if dates else None,
            "last_date": dates[-1] if dates else None,
            "claims": [{"id": c[0], "text": c[1], "origin": c[2], "stances": counts.get(c[0], {})} for c in claims],
        }

    def story(self, run_id: str, story_id: str) -> dict[str, Any]:
        """One story as report.json has it."""
        return self._stored_json("stories", "story_id", run_id, story_id, "story")

    def search(
        self, q: str, *, kind: str | None = None, limit: int | None = None, offset: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """Speakers, outlets, claims and article text across runs that contain ``q`` (case-insensitive).

        Each hit names its run and article and, for quotes, claims and text, the offsets of the words.
        """
        like = f"%{_like(q)}%"
        parts = {
            "speaker": (
                "SELECT 'speaker' AS kind, run_id, article_id, NULL AS story_id, speaker_name AS label,"
                " content AS text, start_offset, end_offset FROM quotes WHERE speaker_name ILIKE ? ESCAPE '\\'"
            ),
            "outlet": (
                "SELECT 'outlet', run_id, article_id, NULL, outlet, title, NULL, NULL FROM articles"
                " WHERE outlet ILIKE ? ESCAPE '\\' OR title ILIKE ? ESCAPE '\\'"
            ),
            "claim": (
                "SELECT 'claim', run_id, article_id, story_id, claim_id, text, start_offset, end_offset FROM claims"
                " WHERE text ILIKE ? ESCAPE '\\'"
            ),
            "text": (
                "SELECT 'text', run_id, article_id, NULL, title, substr(text, greatest(1, p - 80), 200),"
                " p - 1, p - 1 + length(?) FROM (SELECT *, strpos(lower(text), lower(?)) AS p FROM articles)"
                " WHERE p > 0"
            ),
        }
        binds = {"speaker": [like], "outlet": [like, like], "claim": [like], "text": [q, q]}
        kinds = [kind] if kind else list(parts)
        unknown = [k for k in kinds if k not in parts]
        if unknown:
            raise StoreError(f"unknown search kind {unknown[0]!r}; choose from {', '.join(parts)}", code="E510")
        sql = " UNION ALL ".join(f"({parts[k]})" for k in kinds) + " ORDER BY 1, 2 DESC, 3, 7 NULLS FIRST"
        params = [p for k in kinds for p in binds[k]]
        rows, total = self._page(sql, params, limit, offset)
        cols = ["kind", "run_id", "article_id", "story_id", "label", "text", "start", "end"]
        return [dict(zip(cols, r, strict=True)) for r in rows], total

    def table(self, name: str, run_id: str) -> Any:
        """One table's rows of a run as a pyarrow Table (for export)."""
        if name not in EXPORT_TABLES:
            raise StoreError(f"no table {name!r}; choose from {', '.join(EXPORT_TABLES)}", code="E510")
        self._require_run(run_id)
        relation = self.con.sql(f"SELECT * FROM {name} WHERE run_id = ?", params=[run_id])
        fetch = getattr(relation, "to_arrow_table", None) or relation.arrow  # duckdb 2 / duckdb 1
        return fetch()

    def export(self, run_id: str, folder: Path, fmt: str = "parquet") -> list[Path]:
        """Write every table of a run into ``folder`` as Parquet or CSV files, one file per table."""
        import pyarrow.csv as pa_csv
        import pyarrow.parquet as pq

        if fmt not in ("parquet", "csv"):
            raise StoreError(f"unknown export format {fmt!r}; choose parquet or csv", code="E510")
        self._require_run(run_id)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {folder}: {exc.strerror}") from None
        written = []
        for name in EXPORT_TABLES:
            table = self.table(name, run_id)
            path = folder / f"{name}.{fmt}"
            if fmt == "parquet":
                pq.write_table(table, path)
            else:
                pa_csv.write_csv(_csv_ready(table), path)
            written.append(path)
        return written

    def load(self, run_id: str | None = None) -> dict[str, Any]:
        """The report.json of a run (the latest when no id is given), as the values its file holds."""
        if run_id is None:
            row = self.con.execute(
                "SELECT run_id, report, report_parts FROM runs ORDER BY created DESC, run_id DESC LIMIT 1"
            ).fetchone()
        else:
            row = self.con.execute(
                "SELECT run_id, report, report_parts FROM runs WHERE run_id = ?", [run_id]
            ).fetchone()
        if row is None:
            raise StoreError(f"no run {run_id or ''} in {self.path}; `newstrace runs --db {self.path}` lists them")
        data: dict[str, Any] = json.loads(row[1])
        if row[2]:  # kept in parts: the article and story lists are rows, in their report order
            for key, table in (("articles", "article_data"), ("stories", "stories")):
                rows = self.con.execute(f"SELECT data FROM {table} WHERE run_id = ? ORDER BY position", [row[0]])
                data[key] = [json.loads(r[0]) for r in rows.fetchall()]
        return data

    def report_text(self, run_id: str) -> str:
        """A run's report.json as its file's text (``newstrace.report.json_report.write_json``)."""
        return json.dumps(self.load(run_id), ensure_ascii=False, indent=1)


def _compressed_html(report: Report, html_file: Path | None) -> bytes:
    """report.html zlib-compressed, read a block at a time from ``html_file`` (or made now when None)."""
    packer = zlib.compressobj(6)
    parts: list[bytes] = []
    if html_file is None:
        parts.append(packer.compress(render_html(report).encode("utf-8")))
    else:
        with html_file.open("rb") as fh:
            while block := fh.read(1 << 20):
                parts.append(packer.compress(block))
    parts.append(packer.flush())
    return b"".join(parts)


#: The tables `export` writes, article-level first, then the story tables.
EXPORT_TABLES = ("articles", "removed", "quotes", "stances", "failures", "duplicates", *STORY_TABLES)


def _like(text: str) -> str:
    """``text`` with LIKE's wildcards taken literally."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}


def _csv_ready(table: Any) -> Any:
    """List columns as JSON text: CSV has no lists."""
    import pyarrow as pa

    columns = []
    for name in table.column_names:
        col = table.column(name)
        if pa.types.is_list(col.type):
            col = pa.array([json.dumps(v) if v is not None else None for v in col.to_pylist()], type=pa.string())
        columns.append(col)
    return pa.table(columns, names=table.column_names)
