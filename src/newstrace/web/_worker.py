"""One analysis started from the workbench, run in its own process: ``python -m newstrace.web._worker JOB_DIR``.

The job folder holds ``job.json`` (inputs relative to the folder, claims, the store's path) and
``inputs/`` (pasted texts and uploaded files). The worker runs from inside the folder, so sources
read ``inputs/pasted-1.txt`` and never the machine's path. It prints one JSON object per line on
stdout: progress (``{"stage", "done", "total"}``), then ``{"state": "done", "run_id", ...}`` or
``{"state": "failed", "code", "message"}``. The reports are written to ``out/``; the run is
recorded in the store, waiting while another process holds the store's write lock.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from newstrace.analysis import analyze
from newstrace.errors import NewstraceError, StoreError
from newstrace.report import write_reports
from newstrace.settings import Settings
from newstrace.store import Store

#: How long a finished run waits for the store's write lock before giving up.
LOCK_WAIT = 120.0


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def save(report: Any, db: Path, wait: float = LOCK_WAIT, out: Path | None = None) -> str:
    """Record the run, retrying while another process holds the write lock; ``out`` holds the report files
    the run wrote, which the store keeps as they are."""
    html_file = out / "report.html" if out and (out / "report.html").is_file() else None
    deadline = time.monotonic() + wait
    while True:
        try:
            with Store(db) as store:
                return store.save(report, html_file=html_file)
        except StoreError as exc:
            if exc.code != "E501" or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def run(job_dir: Path) -> int:
    spec = json.loads((job_dir / "job.json").read_text(encoding="utf-8"))
    os.chdir(job_dir)
    try:
        settings = Settings.load(None, spec.get("settings") or {})
        report = analyze(
            spec["inputs"],
            settings,
            claims=spec.get("claims", []),
            progress=lambda stage, done, total: _say({"stage": stage, "done": done, "total": total}),
        )
        write_reports(report, Path("out"), ["json", "html", "md"])
        run_id = save(report, Path(spec["db"]), out=Path("out"))
    except NewstraceError as exc:
        _say({"state": "failed", "code": exc.code, "message": str(exc.args[0])})
        return 1
    live = [d for d in report.documents if not any(f.fatal for f in d.failures)]
    problems = [f"{f.source}: {f.message}" for f in report.failures]
    _say(
        {
            "state": "done",
            "run_id": run_id,
            "articles": len(live),
            "stories": len(report.stories),
            "problems": problems[:50],
        }
    )
    return 0


if __name__ == "__main__":
    run(Path(sys.argv[1]))  # the outcome is the last line printed; the job reads that, not an exit status
