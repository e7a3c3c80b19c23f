"""Train the shipped check-worthiness model (newstrace.stages.claims._checkworthy) and report its cross-validation.

    python scripts/train_checkworthy.py --claimbuster ../shared/data/claimbuster \
        --clef ../shared/data/clef2019-checkthat-task1 [--out src/newstrace/data/models/checkworthy.npz]

Prints the 4-fold (stratified, seeded) macro-F1 and CFS-F1 on ClaimBuster 3xNCS, then trains on ClaimBuster
3xNCS plus the CLEF-2019 training debates and writes the artifact. CLEF test_annotated is never read here
(``newstrace eval claims`` reports MAP on it).
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from newstrace.stages.claims._checkworthy import MODEL_FILE, CheckworthyModel, claim_tokens

SEED = 1337
C = 4.0


def read_claimbuster(path: Path) -> tuple[list[str], list[int]]:
    rows = json.loads(path.read_text())
    return [r["text"] for r in rows], [int(r["label"]) for r in rows]


def read_clef(folder: Path) -> tuple[list[str], list[int]]:
    texts: list[str] = []
    labels: list[int] = []
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 4:
                    texts.append(row[2])
                    labels.append(int(row[3]))
    return texts, labels


def fit(texts: list[str], labels: list[int]) -> CheckworthyModel:
    vec = TfidfVectorizer(tokenizer=claim_tokens, lowercase=False, token_pattern=None, min_df=2, sublinear_tf=True)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=C, max_iter=2000, class_weight="balanced", random_state=SEED)
    clf.fit(x, labels)
    vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    return CheckworthyModel(
        vocab, vec.idf_.astype(np.float32), clf.coef_[0].astype(np.float32), float(clf.intercept_[0])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claimbuster", type=Path, required=True)
    parser.add_argument("--clef", type=Path)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    texts, labels = read_claimbuster(args.claimbuster / "3xNCS.json")
    y = np.array(labels)
    macro, cfs = [], []
    for train, test in StratifiedKFold(4, shuffle=True, random_state=SEED).split(texts, y):
        model = fit([texts[i] for i in train], [labels[i] for i in train])
        pred = (np.array(model.score([texts[i] for i in test])) >= 0.5).astype(int)
        macro.append(f1_score(y[test], pred, average="macro"))
        cfs.append(f1_score(y[test], pred))
    print(f"ClaimBuster 3xNCS 4-fold: macro-F1 {np.mean(macro):.4f} CFS-F1 {np.mean(cfs):.4f}")
    if args.clef:
        clef_texts, clef_labels = read_clef(args.clef / "training")
        texts, labels = texts + clef_texts, labels + clef_labels
    model = fit(texts, labels)
    model.save(args.out)
    print(f"wrote {args.out} ({len(model.vocabulary)} terms)")


if __name__ == "__main__":
    main()
