"""Which texts the sentence encoder embeds in a run, asked for by which stage, and the run's CPU seconds.

    .venv/bin/python benchmarks/encoder_texts.py [--data ../shared/data] [--articles 40] [--workers 1]

The articles are the pipeline bench's fixed sample (``newstrace bench --only pipeline``: half FNC-1 train
bodies, half BASIL articles, every k-th of each file), run as ``newstrace analyze --no-store`` runs them
after an untimed warm-up on three of them; the vector cache starts empty. Every call to the shared vector
cache is recorded with the function of newstrace's stages (or text.matching) that made it: the texts it
asked for, and those the encoder actually ran on (the rest were cached). Word pieces are the encoder's
tokens of the embedded texts, split into sentences, quote texts and the rest.

CPU seconds (``time.process_time`` of this process) are steadier than wall seconds on a machine shared with
other jobs; with ``--workers`` above 1 they leave out the worker processes, so compare them at one worker.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from newstrace.bench import default_data_dir
from newstrace.bench._pipeline import sample_records
from newstrace.settings import Settings
from newstrace.text import embeddings
from newstrace.text.embeddings.cache import FloatMatrix, VectorCache


def _caller() -> str:
    for frame in reversed(traceback.extract_stack()[:-3]):
        if "/stages/" in frame.filename or "/text/matching" in frame.filename:
            return f"{frame.filename.split('/newstrace/')[-1]}:{frame.name}"
    return "other"


def _run(path: Path, settings: Settings, workers: int) -> Any:
    from newstrace.analysis import read_corpus, user_claims
    from newstrace.model import Document
    from newstrace.pipeline import Corpus, Pipeline, RunContext, RunOptions

    articles, failures = read_corpus([str(path)], settings)
    corpus = Corpus(tuple(Document(article=a) for a in articles), user_claims=user_claims(()), failures=tuple(failures))
    options = RunOptions(batch_size=RunOptions.from_settings(settings).batch_size, workers=workers)
    ctx = RunContext(settings)
    return Pipeline.from_settings(settings).run(corpus, ctx, options), ctx


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data_dir())
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    settings = Settings.load()
    embedder = embeddings.load(str(settings.get("embeddings.model")))
    encoder = getattr(embedder, "_encoder", None)
    if embedder is None or encoder is None or not hasattr(embedder, "forget"):
        print(json.dumps({"skipped": "needs the bundled all-MiniLM-L6-v2 (embeddings.model = auto)"}))
        return 0
    if args.data is None or not (args.data / "fnc-1").is_dir() or not (args.data / "basil").is_dir():
        print(json.dumps({"skipped": "needs the fnc-1 and basil folders of the shared data (--data ../shared/data)"}))
        return 0
    records = sample_records(args.data, args.articles)

    asked: dict[str, list[str]] = defaultdict(list)
    embedded: dict[str, list[str]] = defaultdict(list)
    plain_encode = VectorCache.encode

    def recording_encode(
        self: VectorCache, texts: Sequence[str], embed: Callable[[list[str]], FloatMatrix]
    ) -> FloatMatrix:
        who = _caller()
        asked[who].extend(texts)

        def counted(missing: list[str]) -> FloatMatrix:
            embedded[who].extend(missing)
            return embed(missing)

        return plain_encode(self, texts, counted)

    VectorCache.encode = recording_encode  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(prefix="newstrace-encoder-texts-") as tmp:
        path, warm = Path(tmp) / "articles.jsonl", Path(tmp) / "warm-up.jsonl"
        for target, rows in ((path, records), (warm, records[:3])):
            target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        _run(warm, settings, 1)
        embedder.forget()
        asked.clear()
        embedded.clear()
        load = os.getloadavg()[0]
        started, cpu = time.perf_counter(), time.process_time()
        corpus, ctx = _run(path, settings, args.workers)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu

    def pieces(texts: set[str]) -> int:
        return sum(len(ids) for ids in encoder.token_ids(sorted(texts))) if texts else 0

    sentences = {d.text[s.start : s.end] for d in corpus.documents for s in d.sentences}
    quotes = {q.content for d in corpus.documents for q in d.quotes} - sentences
    done = {t for texts in embedded.values() for t in texts}
    out = {
        "articles": len(records),
        "workers": args.workers,
        "load_before": round(load, 2),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "stage_seconds": {k: round(v, 2) for k, v in ctx.timings.items() if v >= 0.05},
        "stories": len(corpus.stories),
        "sentences": sum(len(d.sentences) for d in corpus.documents),
        "quotes": sum(len(d.quotes) for d in corpus.documents),
        "callers": {
            who: {"asked": len(asked[who]), "distinct": len(set(asked[who])), "embedded": len(embedded[who])}
            for who in sorted(asked)
        },
        "embedded": {
            "texts": len(done),
            "sentences": {"texts": len(done & sentences), "pieces": pieces(done & sentences)},
            "quotes": {"texts": len(done & quotes), "pieces": pieces(done & quotes)},
            "other": {"texts": len(done - sentences - quotes), "pieces": pieces(done - sentences - quotes)},
        },
    }
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
