"""Write a Report in the requested formats."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from newstrace.errors import ConfigError
from newstrace.model import Report
from newstrace.report.html import write_html
from newstrace.report.json_report import write_json
from newstrace.report.markdown import write_markdown

#: format name -> (file name, writer)
RENDERERS: dict[str, tuple[str, Callable[[Report, Path], Path]]] = {
    "json": ("report.json", write_json),
    "md": ("report.md", write_markdown),
    "html": ("report.html", write_html),
}


def write_reports(report: Report, out_dir: Path, formats: Iterable[str]) -> list[Path]:
    formats = list(formats)
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(RENDERERS)}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the output folder {out_dir}: {exc.strerror}; choose another --out") from None
    return [RENDERERS[f][1](report, out_dir / RENDERERS[f][0]) for f in formats]
