"""Load on the workbench: 8 clients × 250 requests over the JSON API and the pages of a 300-article run.

    .venv/bin/python benchmarks/serve_load.py [--data ../shared/data] [--corpus basil|fnc1] [--store FILE]
                                              [--clients 8] [--requests 250] [--json]

The store is made once (``newstrace analyze`` on the corpus: BASIL's 300 articles, 100 events told by
three outlets each, or the first 300 FNC-1 train bodies) and kept at ``--store`` for the next run.
Then ``newstrace serve`` is started in its own process on a free port of 127.0.0.1 and each client
sends its requests one after another on its own connection, picked at random (a fixed seed per
client) from a mix of list, detail, search and page requests, downloads of the whole report.json
and report.html included. The server's resident memory (VmRSS of its process) is read before the
first request, after the first tenth of them (warm: imports, caches and the first connections
done), every half second, and after the last. Memory is flat when the ratios stay near 1:
``rss_end_over_warm`` (the end against the warm figure) and ``rss_late_over_early`` (the mean of the
samples taken over the last third of the requests against the mean over the second tenth to the first
third), which a leak of a little per request would push above 1.

Prints the figures (``--json``: one JSON object). Not a test: nothing here is timed against a limit.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrace.bench import default_data_dir

DEFAULT_STORE = Path(tempfile.gettempdir()) / "newstrace-serve-load"


def _basil(data: Path, folder: Path) -> Path:
    rows = [json.loads(line) for line in (data / "basil" / "articles.jsonl").read_text(encoding="utf-8").splitlines()]
    path = folder / "basil.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for a in rows:
            paragraphs: dict[int, list[str]] = {}
            for s in a["sentences"]:
                paragraphs.setdefault(s.get("paragraph", 0), []).append(s["text"])
            text = "\n\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))
            record = {"id": a["article_id"], "outlet": a["source"], "title": a.get("title"), "text": text}
            out.write(json.dumps(record | {"published": a.get("date"), "url": a.get("url")}) + "\n")
    return path


def _fnc1(data: Path, folder: Path) -> Path:
    import csv

    with (data / "fnc-1" / "train_bodies.csv").open(encoding="utf-8", newline="") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["Body ID"]))[:300]
    path = folder / "fnc1.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for r in rows:
            out.write(json.dumps({"id": f"fnc-{r['Body ID']}", "text": r["articleBody"]}) + "\n")
    return path


def make_store(corpus: str, data: Path, store: Path) -> float:
    """Analyse the corpus into ``store`` (seconds taken); nothing to do when it is there already."""
    if store.exists():
        return 0.0
    store.parent.mkdir(parents=True, exist_ok=True)
    folder = store.parent / f"{corpus}-inputs"
    folder.mkdir(exist_ok=True)
    inputs = _basil(data, folder) if corpus == "basil" else _fnc1(data, folder)
    started = time.monotonic()
    command = [sys.executable, "-m", "newstrace", "analyze", str(inputs), "--db", str(store)]
    command += ["--out", str(store.parent / f"{corpus}-report"), "--quiet"]
    subprocess.run(command, check=True)
    return time.monotonic() - started


def rss_mb(pid: int) -> float:
    """The resident memory of a process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(port: int, path: str) -> Any:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    con.request("GET", path)
    answer = con.getresponse()
    body = answer.read()
    con.close()
    if answer.status != 200:
        raise RuntimeError(f"{path}: {answer.status} {body[:200]!r}")
    return json.loads(body)


@dataclass
class Targets:
    """What the requests ask for: the run, its articles and stories, words to search."""

    run_id: str
    articles: list[str]
    stories: list[str]
    words: list[str]

    def request(self, rng: random.Random) -> tuple[str, str]:
        """One request of the mix: (its kind, its path)."""
        run = urllib.parse.quote(self.run_id, safe="")
        art, story = rng.choice(self.articles), rng.choice(self.stories)
        word = urllib.parse.quote(rng.choice(self.words))
        offset = rng.randrange(0, len(self.articles))
        mix = [
            (10, "api-runs", "/api/runs"),
            (6, "api-run", f"/api/runs/{run}"),
            (10, "api-articles", f"/api/runs/{run}/articles?limit=50&offset={offset}"),
            (12, "api-article", f"/api/runs/{run}/articles/{art}"),
            (8, "api-quotes", f"/api/runs/{run}/quotes?limit=100&offset={offset}"),
            (8, "api-stories", f"/api/runs/{run}/stories?offset={offset // 3}"),
            (10, "api-story", f"/api/runs/{run}/stories/{story}"),
            (6, "api-search", f"/api/search?q={word}"),
            (4, "api-stories-q", f"/api/stories?q={word}"),
            (5, "page-home", "/"),
            (4, "page-run", f"/runs/{run}"),
            (6, "page-story", f"/runs/{run}/stories/{story}"),
            (6, "page-article", f"/runs/{run}/articles/{art}?quote=q1"),
            (3, "page-search", f"/search?q={word}"),
            (1, "report-json", f"/api/runs/{run}/report.json"),
            (1, "report-html", f"/runs/{run}/report"),
        ]
        weights = [w for w, _, _ in mix]
        _, kind, path = rng.choices(mix, weights=weights)[0]
        return kind, path


def targets(port: int) -> Targets:
    run_id = _get(port, "/api/runs?limit=500")["items"][-1]["run_id"]
    run = urllib.parse.quote(run_id, safe="")
    articles = [a["id"] for a in _get(port, f"/api/runs/{run}/articles?limit=500")["items"]]
    stories = [s["story_id"] for s in _get(port, f"/api/runs/{run}/stories?limit=500")["items"]]
    speakers = {q["speaker"] for q in _get(port, f"/api/runs/{run}/quotes?limit=500")["items"] if q["speaker"]}
    words = sorted({w for name in speakers for w in name.split() if len(w) > 3})[:40] or ["the"]
    return Targets(run_id, articles, stories, [*words, "said", "police", "president"])


@dataclass
class Client:
    """One client: its requests in turn on one keep-alive connection."""

    port: int
    n: int
    rng: random.Random
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bytes: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def run(self, plan: Targets, done: list[int], lock: threading.Lock) -> None:
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        for _ in range(self.n):
            kind, path = plan.request(self.rng)
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
            started = time.perf_counter()
            try:
                con.request("GET", path, headers={"Accept": "text/html" if kind.startswith("page") else "*/*"})
                answer = con.getresponse()
                body = answer.read()
                self.bytes += len(body)
                if answer.status != 200:
                    self.errors.append(f"{answer.status} {kind} {path}")
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{type(exc).__name__} {kind} {path}")
                con.close()
                con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            self.latencies.append(time.perf_counter() - started)
            with lock:
                done[0] += 1
        con.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def load(store: Path, clients: int, requests: int, seed: int = 19) -> dict[str, Any]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "newstrace", "serve", "--db", str(store), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(port, "/api/runs")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("newstrace serve did not start") from None
                time.sleep(0.2)
        rss_start = rss_mb(server.pid)
        plan = targets(port)
        total = clients * requests
        done, lock = [0], threading.Lock()
        samples: list[tuple[float, int, float]] = []
        pool = [Client(port, requests, random.Random(seed + i)) for i in range(clients)]
        threads = [threading.Thread(target=c.run, args=(plan, done, lock)) for c in pool]
        started = time.monotonic()
        for t in threads:
            t.start()
        warm: float | None = None
        while any(t.is_alive() for t in threads):
            rss = rss_mb(server.pid)
            samples.append((round(time.monotonic() - started, 2), done[0], round(rss, 1)))
            if warm is None and done[0] >= total // 10:
                warm = rss
            time.sleep(0.5)
        for t in threads:
            t.join()
        seconds = time.monotonic() - started
        rss_end = rss_mb(server.pid)
        latencies = [x for c in pool for x in c.latencies]
        errors = [e for c in pool for e in c.errors]
        kinds: dict[str, int] = {}
        for c in pool:
            for k, v in c.kinds.items():
                kinds[k] = kinds.get(k, 0) + v
        warm = warm if warm is not None else rss_end
        early = [s[2] for s in samples if total // 10 <= s[1] < total // 3] or [warm]
        late = [s[2] for s in samples if s[1] >= 2 * total // 3] or [rss_end]
        return {
            "articles": len(plan.articles),
            "stories": len(plan.stories),
            "clients": clients,
            "requests": len(latencies),
            "errors": len(errors),
            "error_examples": errors[:5],
            "seconds": round(seconds, 1),
            "requests_per_second": round(len(latencies) / seconds, 1),
            "latency_ms": {
                "p50": round(1000 * _percentile(latencies, 0.5), 1),
                "p95": round(1000 * _percentile(latencies, 0.95), 1),
                "max": round(1000 * max(latencies), 1),
            },
            "megabytes_sent": round(sum(c.bytes for c in pool) / 1e6, 1),
            "rss_mb": {
                "start": round(rss_start, 1),
                "warm": round(warm, 1),
                "end": round(rss_end, 1),
                "peak": max(s[2] for s in samples) if samples else round(rss_end, 1),
            },
            "rss_end_over_start": round(rss_end / rss_start, 2),
            "rss_end_over_warm": round(rss_end / warm, 2),
            "rss_late_over_early": round((sum(late) / len(late)) / (sum(early) / len(early)), 2),
            "rss_by_progress": [s for i, s in enumerate(samples) if i % max(1, len(samples) // 12) == 0],
            "requests_by_kind": dict(sorted(kinds.items())),
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: beside the clone)")
    parser.add_argument("--corpus", choices=["basil", "fnc1"], default="basil")
    parser.add_argument("--store", type=Path, default=None, help="the store to make once and serve")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=250, help="requests per client")
    parser.add_argument("--json", action="store_true", help="one JSON object")
    args = parser.parse_args()
    store = args.store or DEFAULT_STORE / f"{args.corpus}.duckdb"
    data = args.data or default_data_dir()
    if not store.exists() and data is None:
        sys.exit("no data: pass --data /path/to/shared/data (or a ready --store)")
    analysed = make_store(args.corpus, data or Path(), store)
    result = {"store": str(store), "analysis_seconds": round(analysed, 1)} | load(store, args.clients, args.requests)
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:22} {value}")


if __name__ == "__main__":
    main()
