"""Analyses started from the workbench: queued, run one at a time in a worker process, watched for progress.

A job is a folder under the jobs directory holding its inputs, and a worker process
(``newstrace.web._worker``) whose progress lines update the job's state. The server never
writes to the store itself, so its reads stay read-only; the worker records the run.
"""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

#: The states a job passes through.
STATES = ("queued", "running", "done", "failed")


@dataclass
class Job:
    id: str
    state: str = "queued"
    stage: str = ""
    done: int = 0
    total: int = 0
    articles_read: int = 0
    run_id: str | None = None
    code: str | None = None
    message: str = ""
    problems: list[str] = field(default_factory=list)
    inputs: int = 0
    claims: list[str] = field(default_factory=list)
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def public(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


def _safe_name(name: str, index: int) -> str:
    """A file name of the user's upload without any folder part, kept recognisable."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or f"upload-{index}"
    cleaned = "".join(c if c.isalnum() or c in "._- " else "_" for c in base).strip(". ")
    return cleaned[:120] or f"upload-{index}"


class Jobs:
    """The workbench's analyses: one runs at a time (the machine's cores are few), the rest wait."""

    def __init__(self, root: Path, db: Path, *, keep: int = 50) -> None:
        self.root = root
        self.db = db
        self.keep = keep
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._one_at_a_time = threading.Semaphore(1)
        self._procs: dict[str, subprocess.Popen[str]] = {}

    def list(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda j: -j.created)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def start(
        self,
        *,
        texts: Sequence[str] = (),
        uploads: Sequence[Upload] = (),
        urls: Sequence[str] = (),
        claims: Sequence[str] = (),
    ) -> Job:
        job = Job(id=secrets.token_hex(6), claims=[c for c in claims if c.strip()])
        folder = self.root / job.id
        (folder / "inputs").mkdir(parents=True)
        inputs: list[str] = []
        for i, text in enumerate((t for t in texts if t.strip()), 1):
            name = f"inputs/pasted-{i}.txt"
            (folder / name).write_text(text, encoding="utf-8")
            inputs.append(name)
        taken: set[str] = set()
        for i, up in enumerate(uploads, 1):
            name = _safe_name(up.name, i)
            while name.lower() in taken:
                name = f"{i}-{name}"
            taken.add(name.lower())
            (folder / "inputs" / name).write_bytes(up.data)
            inputs.append(f"inputs/{name}")
        inputs += [u.strip() for u in urls if u.strip()]
        job.inputs = len(inputs)
        spec = {"inputs": inputs, "claims": job.claims, "db": str(self.db.resolve())}
        (folder / "job.json").write_text(json.dumps(spec), encoding="utf-8")
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        threading.Thread(target=self._run, args=(job, folder), name=f"job-{job.id}", daemon=True).start()
        return job

    def _forget_old(self) -> None:
        finished = sorted((j for j in self._jobs.values() if j.finished), key=lambda j: j.finished or 0)
        for job in finished[: max(0, len(finished) - self.keep)]:
            del self._jobs[job.id]
            shutil.rmtree(self.root / job.id, ignore_errors=True)

    def _run(self, job: Job, folder: Path) -> None:
        with self._one_at_a_time:
            job.state = "running"
            proc = subprocess.Popen(
                [sys.executable, "-m", "newstrace.web._worker", str(folder)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
            )
            self._procs[job.id] = proc
            assert proc.stdout is not None
            for line in proc.stdout:
                self._update(job, line)
            stderr = proc.stderr.read() if proc.stderr else ""
            proc.wait()
            self._procs.pop(job.id, None)
            if job.state not in ("done", "failed"):
                job.state = "failed"
                job.code = "E300"
                last = [x for x in stderr.strip().splitlines() if x.strip()]
                job.message = "the analysis stopped unexpectedly" + (f": {last[-1][:300]}" if last else "")
            job.finished = time.time()

    def _update(self, job: Job, line: str) -> None:
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            return
        if not isinstance(msg, dict):
            return
        if "state" in msg:
            job.state = str(msg["state"])
            job.run_id = msg.get("run_id")
            job.code = msg.get("code")
            job.message = str(msg.get("message", ""))
            job.problems = [str(p) for p in msg.get("problems", [])]
            return
        stage = str(msg.get("stage", ""))
        if stage == "read":
            job.articles_read = int(msg.get("done", 0))
            job.stage = "reading"
        else:
            job.stage = stage
            job.done = int(msg.get("done", 0))
            job.total = int(msg.get("total", 0))

    def stop_all(self) -> None:
        for proc in list(self._procs.values()):
            proc.terminate()
