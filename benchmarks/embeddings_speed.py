"""Throughput and memory of the built-in numpy encoder against sentence-transformers, on the same texts.

    make install-reference       # sentence-transformers and a CPU torch beside newstrace in .venv
    .venv/bin/python benchmarks/embeddings_speed.py [--data ../shared/data] [--sentences 2000] [--rounds 3]

The texts are the sentences of the FNC-1 training bodies in body-id order (the first
``--sentences``; a training split, only timed here). Both engines read the bundled
all-MiniLM-L6-v2 folder on the CPU. Speed is measured in this process, the two engines
alternating round by round so that a change in the machine's load hits both; each round encodes
every text once (no cache). Memory is measured in a fresh process per engine: resident memory
after the imports, after loading the model and at the peak while encoding the texts.

Prints one JSON object: sentences per second (best and median round) per engine, the ratio
numpy / sentence-transformers, the lowest cosine between the two engines' vectors, the memory
figures and the BLAS numpy runs on (OPENBLAS_CORETYPE changes it: see docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.bench import default_data_dir
from newstrace.evaluation.fnc1 import read_bodies
from newstrace.stages.stance._features import split_sentences  # the sentences the stance model embeds
from newstrace.text.embeddings import bundled_model_dir

ENGINES = ("numpy", "sentence-transformers")


def sentences(data: Path, n: int) -> list[str]:
    bodies = read_bodies(data / "fnc-1" / "train_bodies.csv")
    out: list[str] = []
    for _, text in sorted(bodies.items()):
        out.extend(text[s:e] for s, e in split_sentences(text))
        if len(out) >= n:
            break
    return out[:n]


def status_mb(field: str) -> float:
    """A memory figure of this process from Linux's /proc: VmRSS (resident now) or VmHWM (peak resident).

    Not getrusage's ru_maxrss: Linux carries it across exec, so a child would report its parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def load_engine(name: str, folder: Path) -> Callable[[list[str]], np.ndarray]:
    if name == "numpy":
        from newstrace.text.embeddings.bert import BertEncoder

        encoder = BertEncoder(folder)
        encoder.encode(["load the weights"])
        return encoder.encode
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)

    def encode(texts: list[str]) -> np.ndarray:
        return np.asarray(model.encode(texts, batch_size=64, normalize_embeddings=True, show_progress_bar=False))

    encode(["load the weights"])
    return encode


def memory(name: str, folder: Path, texts: list[str]) -> dict[str, float]:
    """Run in a fresh process: resident memory (MB) after imports, after loading, and at the peak."""
    imports = status_mb("VmRSS")
    encode = load_engine(name, folder)
    loaded = status_mb("VmRSS")
    encode(texts)
    peak = status_mb("VmHWM")
    return {"imports_mb": round(imports), "loaded_mb": round(loaded), "peak_mb": round(peak)}


def blas() -> str:
    try:
        from threadpoolctl import threadpool_info

        info = [i for i in threadpool_info() if i.get("user_api") == "blas"]
        return ", ".join(f"{i['internal_api']} {i.get('architecture')} x{i['num_threads']}" for i in info)
    except ImportError:
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: beside the clone)")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--memory-of", choices=ENGINES, help=argparse.SUPPRESS)  # the child process's job
    args = parser.parse_args()
    data = args.data or default_data_dir()
    folder = bundled_model_dir()
    if data is None or folder is None:
        raise SystemExit("needs ../shared/data (or --data) and the bundled weights (make install)")
    texts = sentences(data, args.sentences)
    if args.memory_of:
        print(json.dumps(memory(args.memory_of, folder, texts)))
        return

    engines = {name: load_engine(name, folder) for name in ENGINES}
    seconds: dict[str, list[float]] = {name: [] for name in ENGINES}
    vectors: dict[str, np.ndarray] = {}
    for _ in range(args.rounds):
        for name, encode in engines.items():
            t0 = time.perf_counter()
            vectors[name] = encode(texts)
            seconds[name].append(time.perf_counter() - t0)
    speed = {
        name: {
            "best_per_s": round(len(texts) / min(s), 1),
            "median_per_s": round(len(texts) / statistics.median(s), 1),
        }
        for name, s in seconds.items()
    }
    a, b = vectors["numpy"], vectors["sentence-transformers"]
    mem: dict[str, Any] = {}
    for name in ENGINES:
        child = [sys.executable, __file__, "--sentences", str(args.sentences), "--memory-of", name]
        run = subprocess.run([*child, "--data", str(data)], capture_output=True, text=True, check=True)
        mem[name] = json.loads(run.stdout.strip().splitlines()[-1])
    import torch

    result = {
        "sentences": len(texts),
        "words_mean": round(statistics.mean(len(t.split()) for t in texts), 1),
        "rounds": args.rounds,
        "speed": speed,
        "ratio_numpy_to_st": {
            "best": round(speed["numpy"]["best_per_s"] / speed["sentence-transformers"]["best_per_s"], 2),
            "median": round(speed["numpy"]["median_per_s"] / speed["sentence-transformers"]["median_per_s"], 2),
        },
        "min_cosine": float(np.min(np.sum(a * b, axis=1))),
        "max_abs_difference": float(np.abs(a - b).max()),
        "memory": mem,
        "numpy_blas": blas(),
        "torch_threads": torch.get_num_threads(),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", ""),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
