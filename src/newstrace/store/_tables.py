"""The typed story tables (migration 0005): one row per finding, written from a run's report.json.

Each story's comparison is also kept whole as JSON in ``stories.data``; these tables hold the same
findings with typed columns so they can be queried, joined and exported: claims, agreement,
reuse, variants, evidence, timeline and exclusives. Dates are DATE columns with a precision
(``day``, ``month`` or ``year``; a month is stored as its first day).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from newstrace.text.isodate import as_date

#: The story tables, in the order they are written and exported.
STORY_TABLES = ("claims", "agreement", "reuse", "variants", "evidence", "timeline", "exclusives")


def insert_rows(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """Insert rows in one statement, through an Arrow table (DuckDB's ``executemany`` goes row by row)."""
    rows = list(rows)
    if not rows:
        return
    batch = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    con.register("_rows", batch)
    try:
        names = ", ".join(columns)
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
    finally:
        con.unregister("_rows")


def write_story_tables(con: duckdb.DuckDBPyConnection, run_id: str, data: dict[str, Any]) -> None:
    """Insert the story tables' rows for one run (a report.json dict); the caller holds the transaction."""
    clear_story_tables(con, run_id)
    write_article_data(con, run_id, data.get("articles", []))
    write_story_rows(con, run_id, data.get("stories", []))
    finish_story_tables(con, run_id)


def clear_story_tables(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Remove a run's rows from the story tables (before they are written again)."""
    for table in (*STORY_TABLES, "article_data"):
        con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])


def write_article_data(
    con: duckdb.DuckDBPyConnection, run_id: str, articles: Sequence[Mapping[str, Any]], first: int | None = None
) -> None:
    """Some of a run's articles (report.json dicts) whole as JSON, and their dates as DATE beside the text
    they were read from; their rows in ``articles`` are already written. ``first``: the position of the
    first of them in the report's article list (None for a run whose report is kept whole)."""
    insert_rows(
        con,
        "article_data",
        ("run_id", "article_id", "data", "position"),
        [
            (run_id, a["id"], json.dumps(a, ensure_ascii=False), None if first is None else first + i)
            for i, a in enumerate(articles)
        ],
    )
    dated = [(a["id"], *as_date(a.get("published"))) for a in articles]
    dated = [row for row in dated if row[1] is not None]
    if dated:
        con.register(
            "_dates",
            pa.table(
                {
                    "article_id": [r[0] for r in dated],
                    "published_date": pa.array([r[1] for r in dated], pa.date32()),
                    "published_precision": [r[2] for r in dated],
                }
            ),
        )
        try:
            con.execute(
                "UPDATE articles SET published_date = d.published_date, published_precision = d.published_precision"
                " FROM _dates d WHERE articles.run_id = ? AND articles.article_id = d.article_id",
                [run_id],
            )
        finally:
            con.unregister("_dates")


def write_story_rows(con: duckdb.DuckDBPyConnection, run_id: str, stories: Sequence[Mapping[str, Any]]) -> None:
    """The story tables' rows of some of a run's stories (report.json dicts): one insert per table."""
    rows: dict[str, list[tuple[Any, ...]]] = {table: [] for table in STORY_TABLES}
    for story in stories:
        sid = story["id"]
        rows["claims"].extend(
            (run_id, sid, c["id"], c["text"], c.get("origin"), c.get("article_id"), c.get("start"), c.get("end"),
             c.get("checkworthiness"))
            for c in story.get("claims", [])
        )  # fmt: skip
        rows["agreement"].extend(_agreement_rows(run_id, sid, story.get("agreement", [])))
        rows["reuse"].extend(_reuse_rows(run_id, sid, story.get("reuse", [])))
        rows["variants"].extend(_variant_rows(run_id, sid, story.get("quote_variants", [])))
        rows["evidence"].extend(_evidence_rows(run_id, sid, story.get("evidence_summary", [])))
        rows["timeline"].extend(
            (run_id, sid, t["claim_id"], t["holder"], t["holder_kind"], *as_date(t.get("date")),
             t.get("date_source"), t["article_id"], t.get("outlet"), t.get("label"), t.get("certainty"))
            for t in story.get("timeline", [])
        )  # fmt: skip
        rows["exclusives"].extend(_exclusive_rows(run_id, sid, story.get("exclusives", [])))
    for table in STORY_TABLES:
        insert_rows(con, table, _COLUMNS[table], rows[table])


def finish_story_tables(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """After all of a run's rows are written: the quotes' dates as DATE, and the run marked as having its tables."""
    con.execute(
        "UPDATE quotes SET said_on = CASE WHEN length(when_date) >= 10 THEN TRY_CAST(substr(when_date, 1, 10) AS DATE)"
        " WHEN length(when_date) = 7 THEN TRY_CAST(when_date || '-01' AS DATE) END,"
        " said_on_precision = CASE WHEN length(when_date) >= 10 THEN 'day' WHEN length(when_date) = 7 THEN 'month' END"
        " WHERE run_id = ? AND when_date IS NOT NULL",
        [run_id],
    )
    con.execute("UPDATE runs SET story_tables = true WHERE run_id = ?", [run_id])


_AGREEMENT = (
    "run_id", "story_id", "claim_id", "article_id", "outlet", "published", "holder", "holder_kind", "label",
    "certainty", "probability", "quote_ids", "sentence_start", "sentence_end",
)  # fmt: skip


def _agreement_rows(run_id: str, sid: str, items: list[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    for cell in items:
        if cell.get("kind") != "cell":
            continue
        first = (cell.get("sentences") or [{}])[0]
        published = as_date(cell.get("published"))[0]
        base = (run_id, sid, cell["claim_id"], cell["article_id"], cell.get("outlet"), published)
        where = (first.get("start"), first.get("end"))
        yield (*base, cell["article_id"], "outlet", cell.get("label"), cell.get("certainty"),
               cell.get("probability"), [], *where)  # fmt: skip
        for sp in cell.get("speakers", []):
            yield (*base, sp["holder"], "speaker", sp.get("label"), sp.get("certainty"), None,
                   list(sp.get("quote_ids", [])), *where)  # fmt: skip


_REUSE = (
    "run_id", "story_id", "a_id", "b_id", "direction", "source_id", "copy_id", "a_share", "b_share", "passage",
    "a_start", "a_end", "b_start", "b_end", "words", "a_text", "b_text",
)  # fmt: skip


def _reuse_rows(run_id: str, sid: str, items: list[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    for pair in items:
        if pair.get("kind") != "pair":
            continue
        head = (run_id, sid, pair["a_id"], pair["b_id"], pair.get("direction"), pair.get("source_id"),
                pair.get("copy_id"), pair.get("a_share"), pair.get("b_share"))  # fmt: skip
        for i, g in enumerate(pair.get("passages", []), 1):
            yield (*head, i, g["a_start"], g["a_end"], g["b_start"], g["b_end"], g.get("words"), g.get("a_text"),
                   g.get("b_text"))  # fmt: skip


_VARIANTS = (
    "run_id", "story_id", "variant", "side", "speaker", "similarity", "kinds", "context_differences",
    "context_agrees", "article_id", "quote_ids", "text", "start_offset", "end_offset", "said_when", "said_on",
    "said_on_precision", "said_where", "addressee", "cue",
)  # fmt: skip


def _variant_rows(run_id: str, sid: str, items: list[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    for i, v in enumerate(items, 1):
        for side in ("a", "b"):
            s = v[side]
            spans = s.get("spans") or []
            start = min((sp[0] for sp in spans), default=None)
            end = max((sp[1] for sp in spans), default=None)
            yield (run_id, sid, i, side, v.get("speaker"), v.get("similarity"), list(v.get("kinds", [])),
                   list(v.get("context_differences", [])), v.get("context_agrees"), s["article_id"],
                   list(s.get("quote_ids", [])), s.get("text"), start, end, s.get("when"),
                   *as_date(s.get("when_date")), s.get("where"), s.get("addressee"), s.get("cue"))  # fmt: skip


_EVIDENCE = (
    "run_id", "story_id", "claim_id", "support", "independent_origins", "article_id", "kind", "text",
    "start_offset", "end_offset", "supplier", "sentence_start", "sentence_end", "origin", "copied_from",
)  # fmt: skip


def _evidence_rows(run_id: str, sid: str, items: list[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    for r in items:
        for e in r.get("items", []):
            sentence = e.get("sentence") or {}
            yield (run_id, sid, r.get("claim_id"), r.get("support"), r.get("independent_origins"), e["article_id"],
                   e.get("kind"), e.get("text"), e.get("start"), e.get("end"), e.get("supplier"),
                   sentence.get("start"), sentence.get("end"), e.get("origin"), e.get("copied_from"))  # fmt: skip


_EXCLUSIVES = (
    "run_id", "story_id", "kind", "article_id", "outlet", "speaker", "quote_ids", "text", "start_offset",
    "end_offset",
)  # fmt: skip


def _exclusive_rows(run_id: str, sid: str, items: list[dict[str, Any]]) -> Iterable[tuple[Any, ...]]:
    for x in items:
        kind = x.get("kind")
        if kind == "speaker":
            spans = x.get("spans") or []
            start = spans[0][0] if spans else None
            end = spans[0][1] if spans else None
            yield (run_id, sid, kind, x["article_id"], x.get("outlet"), x.get("name"), list(x.get("quote_ids", [])),
                   None, start, end)  # fmt: skip
        elif kind == "quote":
            yield (run_id, sid, kind, x["article_id"], x.get("outlet"), x.get("speaker"), [x.get("quote_id")],
                   x.get("text"), x.get("start"), x.get("end"))  # fmt: skip
        elif kind == "fact":
            yield (run_id, sid, kind, x["article_id"], x.get("outlet"), None, [], x.get("text"), x.get("start"),
                   x.get("end"))  # fmt: skip


_CLAIMS = (
    "run_id", "story_id", "claim_id", "text", "origin", "article_id", "start_offset", "end_offset", "checkworthiness",
)  # fmt: skip
_TIMELINE = (
    "run_id", "story_id", "claim_id", "holder", "holder_kind", "said_on", "said_on_precision", "date_source",
    "article_id", "outlet", "label", "certainty",
)  # fmt: skip
#: Each story table's columns, in the order its row builders give the values.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": _CLAIMS,
    "agreement": _AGREEMENT,
    "reuse": _REUSE,
    "variants": _VARIANTS,
    "evidence": _EVIDENCE,
    "timeline": _TIMELINE,
    "exclusives": _EXCLUSIVES,
}
