"""report.html: one self-contained page (no external assets), every article string escaped.

Jinja2 runs with autoescaping on for the whole template, so text from a hostile page is
shown as text and never runs as script or markup.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from newstrace.model import Report
from newstrace.report.views import (
    article_label,
    article_title,
    duplicate_rows,
    exclusive_groups,
    highlight_segments,
    live_documents,
    speakers_across,
    stance_matrices,
    timeline_rows,
)


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
    docs = live_documents(report)
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        docs=docs,
        quote_count=sum(len(d.quotes) for d in docs),
        by_id={d.id: d for d in docs},
        label=article_label,
        title=article_title,
        duplicates=duplicate_rows(report),
        segments=highlight_segments,
        speakers=speakers_across(report),
        matrices=stance_matrices(report),
        exclusives=exclusive_groups,
        timeline=timeline_rows,
    )


def write_html(report: Report, path: Path) -> Path:
    path.write_text(render_html(report), encoding="utf-8")
    return path
