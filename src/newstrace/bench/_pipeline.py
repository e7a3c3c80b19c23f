"""Throughput of the full pipeline next to bare spaCy on the same texts (``newstrace bench --only pipeline``).

The texts are a fixed sample of real news: FNC-1 train bodies and BASIL articles, half each (see
:func:`sample_records`). In one run, one after the other:

1. bare spaCy: the annotate stage's model (``annotate.model``, en_core_web_sm) over the texts with
   ``nlp.pipe``, in one process and, when the pipeline has more workers, in that many (``n_process``);
2. the full pipeline as ``newstrace analyze`` runs it (reading a JSONL file, every stage, the report
   built in memory; no store, no files written), with one worker and with the default (one per core).

Every model (spaCy, the sentence encoder, the boosters) is loaded by an untimed warm-up run on a few
articles before the clock starts. Reported: articles/s and tokens/s (spaCy's tokens of the same
texts) of each, the ratio pipeline / spaCy, and each stage's share of the pipeline's time (reading
and report building count as stages here). With several workers the per-article stages run in
separate processes, so their seconds add up over processes; the shares are then of process time.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newstrace.settings import Settings

#: Articles in the sample (half FNC-1 train bodies, half BASIL articles).
ARTICLES = 100
#: Articles of the untimed warm-up run.
WARM_UP = 3


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def fnc1_records(data: Path, n: int) -> list[dict[str, Any]]:
    """``n`` FNC-1 train bodies spread evenly over the file (every k-th body, in file order)."""
    csv.field_size_limit(sys.maxsize)
    with (data / "fnc-1" / "train_bodies.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    step = max(1, len(rows) // max(1, n))
    return [{"id": f"fnc1-{r['Body ID']}", "text": r["articleBody"]} for r in rows[::step][:n]]


def basil_text(article: dict[str, Any]) -> str:
    """A BASIL article as text: the title, then its paragraphs (the sentences of each joined)."""
    paragraphs: dict[int, list[str]] = {}
    for s in article["sentences"]:
        paragraphs.setdefault(s.get("paragraph", 0), []).append(s["text"])
    return (article.get("title") or "") + "\n\n" + "\n\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))


def basil_records(data: Path, n: int) -> list[dict[str, Any]]:
    """``n`` BASIL articles spread evenly over the file, with outlet, title and date."""
    with (data / "basil" / "articles.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    step = max(1, len(rows) // max(1, n))
    return [
        {
            "id": f"basil-{a['article_id']}",
            "outlet": a.get("source"),
            "title": a.get("title"),
            "published": a.get("date"),
            "text": basil_text(a),
        }
        for a in rows[::step][:n]
    ]


def sample_records(data: Path, n: int = ARTICLES) -> list[dict[str, Any]]:
    """The fixed sample: ``n // 2`` FNC-1 train bodies and the rest BASIL articles, each spread over its file."""
    return fnc1_records(data, n // 2) + basil_records(data, n - n // 2)


def _write_jsonl(records: Sequence[dict[str, Any]], folder: Path, name: str) -> Path:
    path = folder / name
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _spacy(texts: Sequence[str], model: str, batch_size: int, processes: int) -> dict[str, Any]:
    from newstrace.text.parse import load_spacy

    nlp = load_spacy(model)
    load = _load()
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=processes))
    seconds = time.perf_counter() - started
    return {"processes": processes, "seconds": round(seconds, 2), "tokens": tokens, "load_before": load}


def _pipeline(path: Path, workers: int, settings: Settings) -> dict[str, Any]:
    """One timed run of the pipeline as `newstrace analyze --no-store` runs it, with stage seconds."""
    from newstrace.analysis import read_corpus, user_claims
    from newstrace.model import Document
    from newstrace.pipeline import Corpus, Pipeline, RunContext, RunOptions
    from newstrace.report import build_report
    from newstrace.text import embeddings

    embedder = embeddings.load(str(settings.get("embeddings.model")))
    if embedder is not None and hasattr(embedder, "forget"):
        embedder.forget()  # each run embeds its sentences itself, as a fresh process would
    pipeline = Pipeline.from_settings(settings)
    options = RunOptions.from_settings(settings)
    options = RunOptions(batch_size=options.batch_size, workers=workers)
    ctx = RunContext(settings)
    load = _load()
    started = time.perf_counter()
    articles, failures = read_corpus([str(path)], settings)
    read = time.perf_counter()
    corpus = Corpus(tuple(Document(article=a) for a in articles), user_claims=user_claims(()), failures=tuple(failures))
    corpus = pipeline.run(corpus, ctx, options)
    staged = time.perf_counter()
    report = build_report(corpus, settings)
    ended = time.perf_counter()
    seconds = {"read": read - started, **ctx.timings, "report": ended - staged}
    total = sum(seconds.values())
    return {
        "workers": workers,
        "seconds": round(ended - started, 2),
        "articles": len(report.documents),
        "stage_seconds": {k: round(v, 2) for k, v in seconds.items()},
        "stage_shares": {k: round(v / total, 3) for k, v in sorted(seconds.items(), key=lambda kv: -kv[1])},
        "load_before": load,
    }


def bench_pipeline(
    records: Sequence[dict[str, Any]], *, workers: Sequence[int] | None = None, settings: Settings | None = None
) -> dict[str, Any]:
    """Bare spaCy and the full pipeline on the same ``records`` (``{"id", "text", ...}``), one after the other."""
    settings = settings or Settings.load()
    default_workers = max(1, int(settings.get("run.workers")) or os.cpu_count() or 1)
    runs = sorted(set(workers or (1, default_workers)))
    model: str = settings.get("annotate.model")
    batch_size: int = settings.get("annotate.batch_size")
    texts = [str(r["text"]) for r in records]
    with tempfile.TemporaryDirectory(prefix="newstrace-bench-") as tmp:
        path = _write_jsonl(records, Path(tmp), "articles.jsonl")
        warm = _write_jsonl(records[:WARM_UP], Path(tmp), "warm-up.jsonl")
        _pipeline(warm, 1, settings)  # loads every model before any clock starts
        spacy_runs = {n: _spacy(texts, model, batch_size, n) for n in runs}
        pipeline_runs = {n: _pipeline(path, n, settings) for n in runs}
    tokens = spacy_runs[runs[0]]["tokens"]
    out: dict[str, Any] = {"articles": len(texts), "tokens": tokens, "cpu_count": os.cpu_count()}
    for n in runs:
        bare, full = spacy_runs[n], pipeline_runs[n]
        bare_rate = len(texts) / bare["seconds"] if bare["seconds"] else None
        full_rate = len(texts) / full["seconds"] if full["seconds"] else None
        out[f"workers_{n}"] = {
            "spacy_seconds": bare["seconds"],
            "spacy_articles_per_s": round(bare_rate, 2) if bare_rate else None,
            "spacy_tokens_per_s": round(tokens / bare["seconds"]) if bare["seconds"] else None,
            "pipeline_seconds": full["seconds"],
            "pipeline_articles_per_s": round(full_rate, 2) if full_rate else None,
            "pipeline_tokens_per_s": round(tokens / full["seconds"]) if full["seconds"] else None,
            "ratio": round(full_rate / bare_rate, 3) if full_rate and bare_rate else None,
            "stage_shares": full["stage_shares"],
            "stage_seconds": full["stage_seconds"],
            "load_before": {"spacy": bare["load_before"], "pipeline": full["load_before"]},
        }
    out["ratio"] = out[f"workers_{runs[0]}"]["ratio"]  # one process each: the figure to compare across machines
    out["ratio_default_workers"] = out[f"workers_{runs[-1]}"]["ratio"]
    out["load_after"] = _load()
    return out


def bench_from_data(data: Path | None, n: int = ARTICLES) -> dict[str, Any]:
    """`newstrace bench --only pipeline`: the fixed FNC-1 + BASIL sample under ``data``."""
    if data is None or not (data / "fnc-1" / "train_bodies.csv").exists() or not (data / "basil").is_dir():
        return {"skipped": "needs the fnc-1 and basil folders of the shared data (pass --data ../shared/data)"}
    result = bench_pipeline(sample_records(data, n))
    result["source"] = f"{n // 2} FNC-1 train bodies + {n - n // 2} BASIL articles, every k-th of each file"
    return result
