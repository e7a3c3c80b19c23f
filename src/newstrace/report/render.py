"""Write a Report in the requested formats."""

from __future__ import annotations

import os
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
    """Write the reports into ``out_dir`` as one set: at no moment does the folder hold reports of two runs.

    Each file is written under a temporary name first (and flushed to disk); then every report file
    of an earlier run is removed, and the new ones are renamed into place. A run killed before the
    renames leaves the earlier run's set; one killed during them leaves part of the new set, never a
    mixture. Stray temporary files of a killed run are removed by the next one.
    """
    formats = list(formats)
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise ConfigError(f"unknown report format(s) {', '.join(unknown)}; choose from {', '.join(RENDERERS)}")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create the output folder {out_dir}: {exc.strerror}; choose another --out") from None
    for stray in out_dir.glob(".report.*.tmp"):
        stray.unlink(missing_ok=True)
    staged = []
    for f in formats:
        name, write = RENDERERS[f]
        temp = write(report, out_dir / f".{name}.{os.getpid()}.tmp")
        with temp.open("rb") as handle:
            os.fsync(handle.fileno())
        staged.append((temp, out_dir / name))
    for name, _ in RENDERERS.values():
        (out_dir / name).unlink(missing_ok=True)
    for temp, final in staged:
        temp.replace(final)
    return [final for _, final in staged]
