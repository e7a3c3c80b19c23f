"""report.html: one self-contained page (no external assets), every article string escaped.

Jinja2 runs with autoescaping on for the whole template, so text from a hostile page is
shown as text and never runs as script or markup. The page carries one small static script
(sorting, filtering, search: ``templates/report.js``); its Content-Security-Policy allows that
script by its SHA-256 hash and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from newstrace.model import Report, Story
from newstrace.report.findings import (
    LABEL_VERBS,
    Locator,
    certainty_note,
    evidence_inventory,
    story_headline,
    tally_line,
    text_blocks,
    timeline_plot,
)
from newstrace.report.views import (
    StanceMatrix,
    article_label,
    article_title,
    duplicate_rows,
    exclusive_groups,
    highlight_segments,
    live_documents,
    speaker_positions,
    speakers_across,
    stance_matrices,
    stance_words,
    timeline_rows,
)


@cache
def report_script() -> str:
    """The report's one script, as shipped."""
    return resources.files("newstrace.report").joinpath("templates", "report.js").read_text(encoding="utf-8")


def script_hash(script: str) -> str:
    """The CSP source that allows exactly ``script`` ('sha256-<base64 digest>')."""
    return "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")


def matrix_tally(m: StanceMatrix) -> str:
    """The summary line of one claim's matrix: the holders' stances, silent ones included, across K outlets."""
    labels = [cell.stance.label.value for h in m.holders for cell in m.cells[h]]
    labels += ["unrelated"] * len(m.silent)
    outlets = len({cell.article_id for cells in m.cells.values() for cell in cells})
    return tally_line(labels, outlets)


def claim_text(story: Story, claim_id: str) -> str:
    return next((c.text for c in story.claims if c.id == claim_id), claim_id)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newstrace.report", "templates"),
        autoescape=True,  # every {{ }} is escaped, whatever the file name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["hue"] = lambda name: int(hashlib.sha1(str(name).encode()).hexdigest()[:4], 16) % 360
    return env


def render_html(report: Report) -> str:
    return str(_template().render(**_context(report)))


def _template() -> jinja2.Template:
    return _environment().get_template("report.html.j2")


def _context(report: Report) -> dict[str, Any]:
    """What the template reads of a report."""
    docs = live_documents(report)
    by_id = {d.id: d for d in docs}
    script = report_script()
    return {
        "script": script,
        "script_hash": script_hash(script),
        "loc": Locator(docs),
        "headline": lambda story: story_headline(story, by_id),
        "tally": matrix_tally,
        "verbs": LABEL_VERBS,
        "has_cue": certainty_note,
        "inventory": evidence_inventory,
        "plot_of": timeline_plot,
        "claim_text": claim_text,
        "claim_by_id": {c.id: c.text for st in report.stories for c in st.claims},
        "blocks": text_blocks,
        "report": report,
        "docs": docs,
        "quote_count": sum(len(d.quotes) for d in docs),
        "by_id": by_id,
        "label": article_label,
        "title": article_title,
        "duplicates": duplicate_rows(report),
        "segments": highlight_segments,
        "speakers": speakers_across(report),
        "said": stance_words,
        "matrices": stance_matrices(report),
        "positions": speaker_positions,
        "exclusives": exclusive_groups,
        "timeline": timeline_rows,
    }


def write_html(report: Report, path: Path) -> Path:
    """Write report.html as the template makes it, piece by piece: the page of a big corpus is never held
    whole in memory (the text is the same as :func:`render_html`'s)."""
    with path.open("w", encoding="utf-8") as out:
        for piece in _template().generate(**_context(report)):
            out.write(piece)
    return path
