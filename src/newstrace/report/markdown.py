"""report.md: the report as Markdown, for reading in a terminal, a wiki or a pull request."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from newstrace.model import Document, Quote, Report
from newstrace.report.json_report import plain
from newstrace.report.views import article_label, live_documents, speakers_across, stance_matrices


def _cell(text: str | None, limit: int = 160) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # article text is data, not markup: keep a Markdown viewer from rendering HTML inside it
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _speaker(q: Quote) -> str:
    if not q.speaker:
        return "?"
    name = q.speaker.name or q.speaker.mention or "?"
    if q.speaker.mention and q.speaker.name and q.speaker.mention.lower() != q.speaker.name.lower():
        name += f" (“{q.speaker.mention}”)"
    if q.speaker.anonymous:
        name += " [anonymous]"
    return name


def _context(q: Quote) -> str:
    bits = []
    if q.addressee:
        bits.append(f"to {q.addressee}")
    if q.when:
        bits.append(q.when + (f" ({q.when_date})" if q.when_date else ""))
    if q.where:
        bits.append(q.where)
    return "; ".join(bits)


def _story_section(title: str, items: Iterable[Any]) -> list[str]:
    items = list(items)
    if not items:
        return []
    lines = [f"#### {title}", ""]
    for item in items:
        data = plain(item)
        if isinstance(data, dict):
            summary = data.get("summary") or data.get("text")
            if summary:
                lines.append(f"- {_cell(str(summary), 400)}")
                continue
            parts = [f"{k}: {_cell(str(v), 120)}" for k, v in data.items() if v not in (None, "", [], {})]
            lines.append("- " + "; ".join(parts))
        else:
            lines.append(f"- {_cell(str(data), 400)}")
    lines.append("")
    return lines


def render_markdown(report: Report) -> str:
    docs = live_documents(report)
    by_id = {d.id: d for d in docs}
    out = ["# newstrace report", ""]
    quotes = sum(len(d.quotes) for d in docs)
    out.append(
        f"{len(docs)} article(s), {quotes} attributed statement(s), {len(report.stories)} story(ies); "
        f"report format v{report.version}, made {report.created}."
    )
    out.append("")

    for story in report.stories:
        out += [f"## Story {story.id}", ""]
        out.append("Articles: " + ", ".join(article_label(by_id[a]) for a in story.article_ids if a in by_id))
        out.append("")
        if story.claims:
            out += ["### Core claims", ""]
            out += [f"- **{c.id}** {c.text}" for c in story.claims]
            out.append("")
        for m in stance_matrices(report):
            if m.claim not in story.claims:
                continue
            out += [f"### Who stands where on “{_cell(m.claim.text, 200)}”", ""]
            out += ["| holder | stance | certainty | the words behind it |", "|---|---|---|---|"]
            for holder in m.holders:
                for cell in m.cells[holder]:
                    s = cell.stance
                    words = ", ".join(f"“{c.text}” ({c.kind})" for c in s.cues[:4])
                    out.append(f"| {_cell(holder, 60)} | {s.label.value} | {s.certainty:.2f} | {_cell(words, 200)} |")
            out.append("")
        out += _story_section("Quote variants", story.quote_variants)
        out += _story_section("Reused passages", story.reuse)
        out += _story_section("Only one outlet carries", story.exclusives)
        out += _story_section("Evidence", story.evidence_summary)
        out += _story_section("Timeline", story.timeline)

    rows = speakers_across(report)
    if rows and len(docs) > 1:
        out += ["## Who is quoted where", ""]
        out += ["| speaker | " + " | ".join(_cell(article_label(d), 40) for d in docs) + " |"]
        out += ["|---|" + "---|" * len(docs)]
        for row in rows:
            counts = [str(len(row.quotes.get(d.id, []))) or "" for d in docs]
            out.append(f"| {_cell(row.name, 60)} | " + " | ".join(c if c != "0" else "" for c in counts) + " |")
        out.append("")

    for doc in docs:
        out += _article_section(doc)

    if report.failures:
        out += ["## Problems", ""]
        out += [f"- `{_cell(f.source, 120)}` ({f.stage}): {_cell(f.message, 300)}" for f in report.failures]
        out.append("")
    return "\n".join(out)


def _article_section(doc: Document) -> list[str]:
    a = doc.article
    out = [f"## {_cell(a.title, 200) or _cell(a.source)}", ""]
    meta = [
        ("source", a.source),
        ("outlet", a.outlet),
        ("url", a.url),
        ("published", a.published),
        ("author", a.author),
        ("genre", doc.genre.value if doc.genre else None),
    ]
    out += [f"- {k}: {v}" for k, v in meta if v]
    out.append("")
    if doc.quotes:
        out += ["| # | speaker | kind | cue | content | context |", "|---|---|---|---|---|---|"]
        for q in doc.quotes:
            out.append(
                f"| {q.id} | {_cell(_speaker(q), 60)} | {q.kind.value} | {_cell(q.cue.text if q.cue else '')} "
                f"| {_cell(q.content, 140)} | {_cell(_context(q), 80)} |"
            )
        out.append("")
    if doc.stances:
        out += ["Stance:", ""]
        for s in doc.stances:
            out.append(f"- {s.holder} → {s.claim_id}: {s.label.value}, certainty {s.certainty:.2f}")
        out.append("")
    if doc.removed:
        out += ["Removed from the text:", ""]
        for r in doc.removed:
            out.append(f"- {r.kind.value} [{r.start}:{r.end}] {_cell(r.reason, 100)}: “{_cell(r.text, 120)}”")
        out.append("")
    return out


def write_markdown(report: Report, path: Path) -> Path:
    path.write_text(render_markdown(report), encoding="utf-8")
    return path
