"""A Report as tables for notebooks: ``report.to_frames()``.

One table per kind of finding, with the same columns as the store's tables of the same name
(``newstrace export``): articles, quotes, stances, stories, claims, agreement, reuse, variants,
evidence, timeline. Tables are pyarrow Tables (pyarrow is a dependency); ask for ``"pandas"`` or
``"polars"`` to get DataFrames when that library is installed. Dates are dates, with a
``*_precision`` column (day, month or year; a month is its first day).

This module reads a Report by its attributes only, so the model can offer ``to_frames`` without
importing anything above it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from newstrace.errors import ConfigError
from newstrace.text.isodate import as_date

KINDS = ("arrow", "pandas", "polars")


def _value(v: Any) -> Any:
    return v.value if hasattr(v, "value") and not isinstance(v, (int, float, str)) else v


_SCHEMAS: dict[str, list[tuple[str, pa.DataType]]] = {
    "articles": [
        ("article_id", pa.string()), ("source", pa.string()), ("outlet", pa.string()), ("url", pa.string()),
        ("title", pa.string()), ("author", pa.string()), ("published", pa.date32()),
        ("published_precision", pa.string()), ("language", pa.string()), ("genre", pa.string()),
        ("analysed", pa.bool_()), ("near_duplicate_of", pa.string()), ("text", pa.string()),
    ],
    "quotes": [
        ("article_id", pa.string()), ("quote_id", pa.string()), ("kind", pa.string()), ("content", pa.string()),
        ("start_offset", pa.int64()), ("end_offset", pa.int64()), ("cue", pa.string()), ("cue_class", pa.string()),
        ("speaker_mention", pa.string()), ("speaker_name", pa.string()), ("speaker_type", pa.string()),
        ("anonymous", pa.bool_()), ("addressee", pa.string()), ("said_when", pa.string()), ("said_on", pa.date32()),
        ("said_on_precision", pa.string()), ("said_where", pa.string()),
    ],
    "stances": [
        ("article_id", pa.string()), ("claim_id", pa.string()), ("holder", pa.string()), ("holder_kind", pa.string()),
        ("label", pa.string()), ("probability", pa.float64()), ("certainty", pa.float64()),
        ("cues", pa.list_(pa.string())), ("quote_ids", pa.list_(pa.string())),
    ],
    "stories": [
        ("story_id", pa.string()), ("article_ids", pa.list_(pa.string())), ("claims", pa.int64()),
        ("independent_sources", pa.int64()),
    ],
    "claims": [
        ("story_id", pa.string()), ("claim_id", pa.string()), ("text", pa.string()), ("origin", pa.string()),
        ("article_id", pa.string()), ("start_offset", pa.int64()), ("end_offset", pa.int64()),
    ],
    "agreement": [
        ("story_id", pa.string()), ("claim_id", pa.string()), ("article_id", pa.string()), ("outlet", pa.string()),
        ("holder", pa.string()), ("holder_kind", pa.string()), ("label", pa.string()), ("certainty", pa.float64()),
        ("probability", pa.float64()), ("quote_ids", pa.list_(pa.string())),
    ],
    "reuse": [
        ("story_id", pa.string()), ("a_id", pa.string()), ("b_id", pa.string()), ("direction", pa.string()),
        ("source_id", pa.string()), ("copy_id", pa.string()), ("passage", pa.int64()), ("a_start", pa.int64()),
        ("a_end", pa.int64()), ("b_start", pa.int64()), ("b_end", pa.int64()), ("words", pa.int64()),
        ("a_text", pa.string()), ("b_text", pa.string()),
    ],
    "variants": [
        ("story_id", pa.string()), ("variant", pa.int64()), ("side", pa.string()), ("speaker", pa.string()),
        ("similarity", pa.float64()), ("kinds", pa.list_(pa.string())), ("article_id", pa.string()),
        ("quote_ids", pa.list_(pa.string())), ("text", pa.string()), ("said_when", pa.string()),
        ("said_on", pa.date32()), ("said_on_precision", pa.string()),
    ],
    "evidence": [
        ("story_id", pa.string()), ("claim_id", pa.string()), ("support", pa.string()), ("article_id", pa.string()),
        ("kind", pa.string()), ("text", pa.string()), ("start_offset", pa.int64()), ("end_offset", pa.int64()),
        ("supplier", pa.string()), ("origin", pa.string()), ("copied_from", pa.string()),
    ],
    "timeline": [
        ("story_id", pa.string()), ("claim_id", pa.string()), ("holder", pa.string()), ("holder_kind", pa.string()),
        ("said_on", pa.date32()), ("said_on_precision", pa.string()), ("date_source", pa.string()),
        ("article_id", pa.string()), ("label", pa.string()), ("certainty", pa.float64()),
    ],
}  # fmt: skip


def _rows(report: Any) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in _SCHEMAS}
    for d in report.documents:
        a = d.article
        dead = any(f.fatal for f in d.failures)
        rows["articles"].append(
            (a.id, a.source, a.outlet, a.url, a.title, a.author, *as_date(a.published), a.language,
             _value(d.genre) if d.genre else None, not dead, d.near_duplicate_of, d.text)
        )  # fmt: skip
        for q in d.quotes:
            sp = q.speaker
            rows["quotes"].append(
                (a.id, q.id, _value(q.kind), q.content, q.start, q.end, q.cue.text if q.cue else None,
                 _value(q.cue.cue_class) if q.cue else None, sp.mention if sp else None, sp.name if sp else None,
                 _value(sp.type) if sp else None, sp.anonymous if sp else False, q.addressee, q.when,
                 *as_date(q.when_date), q.where)
            )  # fmt: skip
        for s in d.stances:
            rows["stances"].append(
                (a.id, s.claim_id, s.holder, s.holder_kind, _value(s.label), s.probability, s.certainty,
                 [c.text for c in s.cues if c.text], list(s.quote_ids))
            )  # fmt: skip
    for st in report.stories:
        summary = st.reuse_summary
        rows["stories"].append(
            (st.id, list(st.article_ids), len(st.claims), summary.independent_sources if summary else None)
        )
        rows["claims"] += [(st.id, c.id, c.text, c.origin, c.article_id, c.start, c.end) for c in st.claims]
        for cell in st.agreement:
            rows["agreement"].append(
                (st.id, cell.claim_id, cell.article_id, cell.outlet, cell.article_id, "outlet", cell.label,
                 cell.certainty, cell.probability, [])
            )  # fmt: skip
            rows["agreement"] += [
                (st.id, cell.claim_id, cell.article_id, cell.outlet, sp.holder, "speaker", sp.label, sp.certainty,
                 None, list(sp.quote_ids))
                for sp in cell.speakers
            ]  # fmt: skip
        for p in st.reuse:
            rows["reuse"] += [
                (st.id, p.a_id, p.b_id, p.direction, p.source_id, p.copy_id, i, g.a_start, g.a_end, g.b_start,
                 g.b_end, g.words, g.a_text, g.b_text)
                for i, g in enumerate(p.passages, 1)
            ]  # fmt: skip
        for i, v in enumerate(st.quote_variants, 1):
            for name, side in (("a", v.a), ("b", v.b)):
                rows["variants"].append(
                    (st.id, i, name, v.speaker, v.similarity, list(v.kinds), side.article_id, list(side.quote_ids),
                     side.text, side.when, *as_date(side.when_date))
                )  # fmt: skip
        for r in st.evidence_summary:
            rows["evidence"] += [
                (st.id, r.claim_id, r.support, e.article_id, e.kind, e.text, e.start, e.end, e.supplier, e.origin,
                 e.copied_from)
                for e in r.items
            ]  # fmt: skip
        rows["timeline"] += [
            (st.id, t.claim_id, t.holder, t.holder_kind, *as_date(t.date), t.date_source, t.article_id, t.label,
             t.certainty)
            for t in st.timeline
        ]  # fmt: skip
    return rows


def _table(name: str, rows: Iterable[tuple[Any, ...]]) -> pa.Table:
    schema = pa.schema(_SCHEMAS[name])
    columns = list(zip(*rows, strict=True)) or [() for _ in schema]
    return pa.table([pa.array(list(col), type=f.type) for col, f in zip(columns, schema, strict=True)], schema=schema)


def report_frames(report: Any, kind: str = "arrow") -> dict[str, Any]:
    """Every table of a report, as pyarrow Tables, or pandas/polars DataFrames."""
    if kind not in KINDS:
        raise ConfigError(f"to_frames: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    tables = {name: _table(name, rows) for name, rows in _rows(report).items()}
    if kind == "arrow":
        return tables
    try:
        if kind == "pandas":
            return {name: t.to_pandas() for name, t in tables.items()}
        import polars

        return {name: polars.from_arrow(t) for name, t in tables.items()}
    except ImportError:
        raise ConfigError(f"to_frames({kind!r}) needs {kind}: pip install {kind}") from None
