"""report.md: the report as Markdown, for reading in a terminal, a wiki or a pull request."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from newstrace.model import Document, Quote, QuoteVariant, Report, Story
from newstrace.report.findings import story_headline
from newstrace.report.views import (
    SpeakerPosition,
    StanceMatrix,
    article_label,
    article_title,
    duplicate_rows,
    exclusive_groups,
    live_documents,
    speaker_positions,
    speakers_across,
    stance_matrices,
    timeline_rows,
)

_MARKDOWN_ACTIVE = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "|": "\\|",
    }
)


def _md(text: object) -> str:
    """Page text as inert Markdown: no HTML, link, image, code or emphasis of its own survives a viewer."""
    return " ".join(str(text).split()).translate(_MARKDOWN_ACTIVE)


def _cell(text: str | None, limit: int = 160) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return _md(text)  # article text is data, not markup


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


def _name(article_id: str, by_id: dict[str, Document]) -> str:
    return _md(article_label(by_id[article_id]) if article_id in by_id else article_id)


def _variants_section(variants: Sequence[QuoteVariant], by_id: dict[str, Document]) -> list[str]:
    if not variants:
        return []
    lines = ["#### The same remark, as each outlet printed it", ""]
    for v in variants:
        kinds = ", ".join(k.replace("_", " ") for k in v.kinds)
        lines.append(f"**{_cell(v.speaker, 80)}**: {round(v.similarity * 100)}% of words unchanged; {kinds}")
        lines.append("")
        for sd in (v.a, v.b):
            context = "; ".join(str(x) for x in (sd.cue, sd.when, sd.where, sd.addressee) if x)
            lines.append(
                f"- {_name(sd.article_id, by_id)}: “{_cell(sd.text, 400)}”" + (f" ({context})" if context else "")
            )
        for d in v.differences:
            lines.append(f"  - {d.kind.replace('_', ' ')}: “{_cell(d.a_text, 80)}” → “{_cell(d.b_text, 80)}”")
        if v.context_differences:
            lines.append("  - context differs: " + ", ".join(v.context_differences))
        lines.append("")
    return lines


def _positions_section(positions: Sequence[SpeakerPosition], by_id: dict[str, Document]) -> list[str]:
    if not positions:
        return []
    lines = ["Each speaker quoted by several outlets, read across them:", ""]
    lines += ["| speaker | overall | by outlet |", "|---|---|---|"]
    for p in positions:
        where = "; ".join(
            f"{_cell(article_label(by_id[a]) if a in by_id else a, 60)}: {label.value}" for a, label in p.by_article
        )
        lines.append(f"| {_cell(p.holder, 60)} | {p.overall} | {where} |")
    return [*lines, ""]


def _reuse_section(story: Story, by_id: dict[str, Document]) -> list[str]:
    summary = story.reuse_summary
    if not story.reuse and summary is None:
        return []
    lines = ["#### Reused passages", ""]
    for p in story.reuse:
        source, copy = p.source_id or p.a_id, p.copy_id or p.b_id
        direction = "" if p.direction != "unknown" else " (direction unknown: dates missing)"
        lines.append(
            f"- {_name(copy, by_id)} reuses {len(p.passages)} passage(s) of {_name(source, by_id)}{direction}: "
            + " / ".join(f"“{_cell(g.a_text, 120)}”" for g in p.passages[:3])
        )
    if summary is not None:
        lines.append(f"- independent sources once copies are counted once: {summary.independent_sources}")
    lines.append("")
    return lines


def _exclusives_section(story: Story, by_id: dict[str, Document]) -> list[str]:
    groups = exclusive_groups(story)
    if not groups:
        return []
    lines = ["#### What only one outlet carries", ""]
    for g in groups:
        lines.append(f"**Only {_name(g.article_id, by_id)}**")
        lines.append("")
        if g.speakers:
            lines.append("- speakers: " + "; ".join(_cell(n, 60) for n in g.speakers))
        for f in g.facts[:8]:
            lines.append(f"- fact: “{_cell(f.text, 220)}”")
        if len(g.facts) > 8:
            lines.append(f"- … and {len(g.facts) - 8} more sentences of fact")
        lines.append("")
    return lines


def _evidence_section(story: Story) -> list[str]:
    if not story.evidence_summary:
        return []
    lines = ["#### Evidence", ""]
    for r in story.evidence_summary:
        lines.append(f"- **{_cell(r.claim, 140)}**: {r.support}. {_cell(r.basis, 400)}")
        for st in r.statements:
            if st.kind != "support":
                lines.append(f"  - {_cell(st.text, 300)}")
    lines.append("")
    return lines


def _timeline_section(story: Story, by_id: dict[str, Document]) -> list[str]:
    rows = timeline_rows(story)
    if not rows:
        return []
    lines = ["#### Certainty over time", "", "| date | holder | claim | stance | certainty |", "|---|---|---|---|---|"]
    for r in rows:
        holder = _name(r.holder, by_id) if r.holder_kind == "outlet" else r.holder
        lines.append(f"| {r.date or 'undated'} | {_cell(holder, 60)} | {r.claim_id} | {r.label} | {r.certainty} |")
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

    matrices: dict[str, list[StanceMatrix]] = {}
    for matrix in stance_matrices(report):  # once for the report: per story it was quadratic in the corpus
        matrices.setdefault(matrix.story_id, []).append(matrix)
    for story in report.stories:
        out += [f"## Story: {_md(story_headline(story, by_id))}", "", f"Story id: {_md(story.id)}", ""]
        out.append("Articles: " + ", ".join(_md(article_label(by_id[a])) for a in story.article_ids if a in by_id))
        out.append("")
        if story.claims:
            out += ["### Core claims", ""]
            out += [f"- **{_md(c.id)}** {_md(c.text)}" for c in story.claims]
            out.append("")
        for m in matrices.get(story.id, []):
            out += [f"### Who stands where on “{_cell(m.claim.text, 200)}”", ""]
            out += ["| holder | stance | certainty | the words behind it |", "|---|---|---|---|"]
            for holder in m.holders:
                for cell in m.cells[holder]:
                    s = cell.stance
                    cues = ", ".join(f"“{c.text}” ({c.kind})" for c in [c for c in s.cues if c.text.strip()][:4])
                    said = f"“{_cell(cell.words, 140)}”" if cell.words.strip() else ""
                    words = " · ".join(part for part in (said, _cell(cues, 120)) if part)
                    out.append(f"| {_cell(holder, 60)} | {s.label.value} | {s.certainty:.2f} | {words} |")
            out.append("")
            if m.silent:
                out += ["Say nothing on this claim: " + "; ".join(_cell(h, 60) for h in m.silent), ""]
            out += _positions_section(speaker_positions(m, story), by_id)
        out += _variants_section(story.quote_variants, by_id)
        out += _reuse_section(story, by_id)
        out += _exclusives_section(story, by_id)
        out += _evidence_section(story)
        out += _timeline_section(story, by_id)

    rows = speakers_across(report)
    if rows and len(docs) > 1:
        # one row per speaker listing only the articles that quote them: the table grows with the quotes,
        # not with speakers x articles (a column per article made it quadratic in the corpus)
        out += ["## Who is quoted where", "", "| speaker | type | articles | quotes, by article |", "|---|---|---|---|"]
        for row in rows:
            where = "; ".join(
                f"{_cell(article_label(by_id[a]), 40)} ({len(qs)})" for a, qs in row.quotes.items() if a in by_id
            )
            out.append(f"| {_cell(row.name, 60)} | {row.type} | {len(row.quotes)} | {where} |")
        out.append("")

    for doc in docs:
        out += _article_section(doc, by_id)

    out += _duplicates_section(report)
    if report.failures:
        out += ["## Problems", ""]
        out += [f"- `{_cell(f.source, 120)}` ({f.stage}): {_cell(f.message, 300)}" for f in report.failures]
        out += [
            f"- … and {count:,} more {code} problems, not listed here (the store records each one)"
            for code, count in report.omitted_failures
        ]
        out.append("")
    return "\n".join(out)


def _duplicates_section(report: Report) -> list[str]:
    rows = duplicate_rows(report)
    if not rows:
        return []
    exact = [r for r in rows if r.kind == "exact"]
    near = [r for r in rows if r.kind == "near"]
    out = ["## Duplicates", ""]
    out.append(f"{len(exact)} exact copy(ies) collapsed (each analysed once); {len(near)} near duplicate(s) marked.")
    out.append("")
    for r in exact:
        out.append(f"- exact: {_cell(r.message, 300)}")
    for r in near:
        out.append(
            f"- near: {_cell(r.article, 80)} (`{_cell(r.source, 120)}`) is a near duplicate of "
            f"{_cell(r.of_label, 120)}, resemblance {r.resemblance:.2f}, containment {r.containment:.2f}"
        )
    out.append("")
    return out


def _duplicate_lines(doc: Document, by_id: dict[str, Document]) -> list[str]:
    lines = []
    mark = doc.near_duplicate
    if mark is not None:
        rep = by_id.get(mark.of)
        of = article_title(rep) if rep else mark.of
        lines.append(
            f"- near duplicate of {_cell(of, 160)}, resemblance {mark.resemblance:.2f}, "
            f"containment {mark.containment:.2f}"
        )
    elif doc.near_duplicate_of:
        lines.append(f"- near duplicate of {_name(doc.near_duplicate_of, by_id)}")
    for c in doc.exact_copies:
        lines.append(f"- exact copy analysed once as this article: `{_cell(c.source, 120)}`")
    return lines


def _article_section(doc: Document, by_id: dict[str, Document] | None = None) -> list[str]:
    a = doc.article
    out = [f"## {_cell(a.title, 200) or _cell(article_label(doc))}", ""]
    meta = [
        ("source", a.source),
        ("outlet", a.outlet),
        ("url", a.url),
        ("published", a.published),
        ("author", a.author),
        ("genre", doc.genre.value if doc.genre else None),
    ]
    out += [f"- {k}: {_md(v)}" for k, v in meta if v]
    out += _duplicate_lines(doc, by_id or {})
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
            out.append(f"- {_md(s.holder)} → {_md(s.claim_id)}: {s.label.value}, certainty {s.certainty:.2f}")
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
