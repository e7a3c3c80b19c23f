"""CPU seconds and memory of the parent process, phase by phase, in one `newstrace analyze` run (store on) of the
scale corpus.

    .venv/bin/python benchmarks/parent_cpu.py --data /work/shared/data --articles 300 --workers 2
    .venv/bin/python benchmarks/parent_cpu.py --data /work/shared/data --articles 300 --workers 2 --profile parent.prof

With several workers, what runs only in the parent process is the serial part of a run (Amdahl): its CPU
seconds depend far less on the machine's load than wall times do. The run is ``run_analysis`` as
``newstrace analyze CORPUS --out DIR`` calls it, in this process, on the first ``--articles`` of the scale
benchmark's corpus (``newstrace.bench._scale.corpus_records``). Phases: reading the input, each step of the
pipeline (a segment of per-article stages, or one corpus stage), building the report, writing each report
file, saving the run in the store. Per phase: wall seconds, this process's CPU seconds (``RUSAGE_SELF``) and
its finished children's (``RUSAGE_CHILDREN``: the worker processes, counted when their pool ends); and memory:
the parent's resident memory at the phase's end, and the largest resident memory of the parent and of any one
worker during it (sampled twice a second from /proc, so Linux only; a forked worker's figure counts the pages it
still shares with the parent).

With ``--profile FILE`` the parent process runs under cProfile (the forked workers inherit the profiler but
never write it out), and the top functions by cumulative time are printed; the phase figures of such a run
include the profiler's overhead.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import newstrace.analysis as analysis
import newstrace.pipeline as pipeline
import newstrace.report.render as render
from newstrace.bench._scale import corpus_records
from newstrace.settings import Settings
from newstrace.store import Store
from newstrace.text import embeddings

PHASES: dict[str, dict[str, float]] = {}


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


_PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss_mb(pid: int | str) -> float:
    """A process's resident memory now (MB), 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * _PAGE / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _children(pid: int) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(entry.name)
            except (OSError, ValueError, IndexError):
                continue
    return found


#: The largest resident memory (MB) seen since the current phase began: this process, and any one of its children.
PEAK = {"parent": 0.0, "child": 0.0}


def _sample_memory(every: float = 0.5) -> None:
    """Keep PEAK up to date (a daemon thread of the parent process; the workers are its children)."""
    while True:
        PEAK["parent"] = max(PEAK["parent"], _rss_mb(PARENT))
        PEAK["child"] = max([PEAK["child"], *(_rss_mb(c) for c in _children(PARENT))])
        time.sleep(every)


@contextlib.contextmanager
def phase(name: str) -> Iterator[None]:
    wall, own, children = time.perf_counter(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN)
    if os.getpid() == PARENT:
        PEAK.update(parent=_rss_mb(PARENT), child=0.0)
    try:
        yield
    finally:
        if os.getpid() == PARENT:  # a forked worker runs the same wrapped code: count the parent only
            row = PHASES.setdefault(
                name,
                {"wall": 0.0, "parent_cpu": 0.0, "children_cpu": 0.0, "parent_mb_end": 0.0, "parent_mb_peak": 0.0,
                 "child_mb_peak": 0.0},
            )  # fmt: skip
            row["wall"] += time.perf_counter() - wall
            row["parent_cpu"] += _cpu(resource.RUSAGE_SELF) - own
            row["children_cpu"] += _cpu(resource.RUSAGE_CHILDREN) - children
            row["parent_mb_end"] = _rss_mb(PARENT)
            row["parent_mb_peak"] = max(row["parent_mb_peak"], PEAK["parent"], row["parent_mb_end"])
            row["child_mb_peak"] = max(row["child_mb_peak"], PEAK["child"])


PARENT = os.getpid()


def _timed(name: Callable[..., str], fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != PARENT:
            return fn(*args, **kwargs)
        with phase(name(*args, **kwargs)):
            return fn(*args, **kwargs)

    return wrapper


def _instrument() -> None:
    """Wrap the phases of a run in ``phase`` (in this process only; nothing in the package changes)."""
    analysis.read_corpus = _timed(lambda *a, **k: "read inputs", analysis.read_corpus)  # type: ignore[assignment]
    pipeline.run_segment = _timed(  # type: ignore[assignment]
        lambda step, *a, **k: "segment " + "+".join(s.name for s in step), pipeline.run_segment
    )
    call = pipeline.Stage.__call__
    pipeline.Stage.__call__ = _timed(lambda self, *a, **k: self.name, call)  # type: ignore[method-assign]
    analysis.build_report = _timed(lambda *a, **k: "build report", analysis.build_report)  # type: ignore[assignment]
    for fmt, (file_name, writer) in list(render.RENDERERS.items()):
        render.RENDERERS[fmt] = (file_name, _timed(lambda *a, n=file_name, **k: f"write {n}", writer))
    Store.save = _timed(lambda *a, **k: "store save", Store.save)  # type: ignore[method-assign]


def _cached_texts(settings: Settings) -> int | None:
    """Distinct texts the parent's sentence-vector cache holds at the end of the run."""
    embedder = embeddings.load(str(settings.get("embeddings.model")))
    cache = getattr(embedder, "_cache", None)
    return len(cache._vectors) if cache is not None else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--profile", type=Path, default=None, help="cProfile the parent process into this file")
    parser.add_argument("--top", type=int, default=40, help="functions printed from the profile")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and the output in this folder")
    args = parser.parse_args()
    _instrument()
    threading.Thread(target=_sample_memory, daemon=True).start()
    settings = Settings.load(overrides={"run.workers": args.workers})
    load_before = [round(x, 2) for x in os.getloadavg()]
    with tempfile.TemporaryDirectory(prefix="newstrace-parent-cpu-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        corpus = folder / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as fh:
            for record in corpus_records(args.data, args.articles):
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        profiler = cProfile.Profile() if args.profile else None
        started, own = time.perf_counter(), _cpu(resource.RUSAGE_SELF)
        children = _cpu(resource.RUSAGE_CHILDREN)
        if profiler:
            profiler.enable()
        analysis.run_analysis([str(corpus)], folder / "out", settings=settings)
        if profiler:
            profiler.disable()
        total = {
            "wall": time.perf_counter() - started,
            "parent_cpu": _cpu(resource.RUSAGE_SELF) - own,
            "children_cpu": _cpu(resource.RUSAGE_CHILDREN) - children,
        }
    covered = {k: sum(r[k] for r in PHASES.values()) for k in total}
    peak = {k: max((r[k] for r in PHASES.values()), default=0.0) for k in ("parent_mb_peak", "child_mb_peak")}
    rows = {name: {k: round(v, 2) for k, v in row.items()} for name, row in PHASES.items()}
    rows["(elsewhere)"] = {k: round(total[k] - covered[k], 2) for k in total}
    rows["TOTAL"] = {k: round(v, 2) for k, v in {**total, **peak}.items()}
    result = {
        "articles": args.articles,
        "workers": args.workers,
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "phases": rows,
        "texts_in_vector_cache": _cached_texts(settings),
    }
    print(json.dumps(result, indent=1))
    head = ("wall", "parent", "children", "MB end", "MB peak", "child MB")
    print(f"{'phase':60s}" + "".join(f" {h:>8s}" for h in head), file=sys.stderr)
    keys = ("wall", "parent_cpu", "children_cpu", "parent_mb_end", "parent_mb_peak", "child_mb_peak")
    for name, row in rows.items():
        cells = (f" {row[k]:8.1f}" if k in row else " " * 9 for k in keys)
        print(f"{name[:60]:60s}" + "".join(cells), file=sys.stderr)
    if profiler and args.profile:
        profiler.dump_stats(str(args.profile))
        pstats.Stats(str(args.profile), stream=sys.stderr).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
