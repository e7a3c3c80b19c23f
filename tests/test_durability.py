"""Whole-process tests of a run's durability: killed at random moments and started again, it gives the
report an uninterrupted run gives, and the report files on disk always belong to one run; two runs into
one store at the same time both finish and are both recorded.

They start ``newstrace analyze`` as a user would (a process each), so they take a few minutes: marked
``system``, run by ``make test``.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.smallcorpus import ten_articles

pytestmark = pytest.mark.system

REPORTS = ("report.json", "report.md", "report.html")


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for article in ten_articles():
        (folder / f"{article.id}.txt").write_text(article.raw, encoding="utf-8")
    return folder


def _command(corpus: Path, out: Path, db: Path) -> list[str]:
    newstrace = Path(sys.executable).with_name("newstrace")
    return [str(newstrace), "analyze", str(corpus), "--out", str(out), "--db", str(db), "-q", "--workers", "2",
            "--set", "run.batch_size=2"]  # fmt: skip


def _report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    data.pop("created")
    return data


STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00")


def _run_ids_on_disk(out: Path) -> set[str]:
    """The creation stamps the report files present in ``out`` carry (one per run): the first full
    timestamp of each file (articles' dates are days, never times)."""
    stamps = set()
    for name in REPORTS:
        path = out / name
        if path.exists():
            found = STAMP.search(path.read_text(encoding="utf-8"))
            assert found, f"{name} carries no creation stamp"
            stamps.add(found.group())
    return stamps


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], float]:
    root = tmp_path_factory.mktemp("reference")
    corpus = _corpus(root / "corpus")
    started = time.monotonic()
    subprocess.run(_command(corpus, root / "out", root / "s.duckdb"), check=True, timeout=900)
    return corpus, _report(root / "out"), time.monotonic() - started


def test_a_run_killed_at_random_moments_and_started_again_gives_the_same_report(
    reference: tuple[Path, dict[str, Any], float], tmp_path: Path
) -> None:
    corpus, expected, seconds = reference
    out, db = tmp_path / "out", tmp_path / "s.duckdb"
    # a finished run's report set is on disk first, so that kills during writing would show a mixture
    subprocess.run(_command(corpus, out, db), check=True, timeout=900)
    moments = sorted(random.Random(7).uniform(0.5, seconds) for _ in range(5))
    for moment in moments:
        process = subprocess.Popen(_command(corpus, out, db))
        time.sleep(moment)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert len(_run_ids_on_disk(out)) <= 1, f"report files of two runs after a kill at {moment:.1f} s"
    subprocess.run(_command(corpus, out, db), check=True, timeout=900)
    assert _report(out) == expected
    assert len(_run_ids_on_disk(out)) == 1


def test_two_runs_into_one_store_at_once_both_finish_and_are_recorded(
    reference: tuple[Path, dict[str, Any], float], tmp_path: Path
) -> None:
    corpus, expected, _ = reference
    db = tmp_path / "shared.duckdb"
    runs = [subprocess.Popen(_command(corpus, tmp_path / f"out{i}", db)) for i in range(2)]
    codes = [p.wait(timeout=1200) for p in runs]
    assert codes == [0, 0]
    assert _report(tmp_path / "out0") == expected and _report(tmp_path / "out1") == expected
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (2,)
