"""Fit the speaker relatedness model and choose the stance thresholds on coverage-dev, leaving one event out.

    python scripts/train_speaker_stance.py --data ../shared/data/coverage-dev [--cache DIR] [--write]

The shipped models (``data/models/speaker_related.json``; each entry names the command that made it):

    python scripts/train_speaker_stance.py --data ../shared/data/coverage-dev --features lexical --write
    python scripts/train_speaker_stance.py --data ../shared/data/coverage-dev --embeddings off --write

Each coverage-dev event (three BASIL articles, two gold claims) is run through the default pipeline up
to ``stance.v1`` (kept in ``--cache`` as pickles, so a second run starts at once). Then:

1. **Speaker relatedness** (``data/models/speaker_related.json``, :mod:`newstrace.stages.stance._speakers`):
   every system holder that names a gold speaker (the scorer's name rule) gives one example per claim,
   related when the gold labels the speaker other than ``unrelated``. A logistic regression (C = 1)
   over the speaker's features, in a semantic and a lexical variant. ``stance.related_min`` is the
   threshold that makes the most of these examples right; the holders that name no gold speaker are
   left out (the gold says nothing of them).
2. **Own voice** (``stance.own_voice_min``, ``stance.own_voice_lexical_min``): the threshold from a short
   grid that makes the most article labels right.
3. **Leave one event out**: for each event, the model and both thresholds are chosen on the other
   eleven exactly as above, the event's stances are computed with them by the stage's own code, and the
   twelve held-out outputs are scored together by ``newstrace.evaluation.coverage.score``. The in-sample
   score (everything chosen on all twelve) is printed beside it.

``--write`` writes the model file; the thresholds are printed for ``defaults.toml``. Deterministic:
the same data give the same file.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from newstrace.analysis import user_claims
from newstrace.evaluation import coverage as cov
from newstrace.evaluation.basil import read_articles, to_articles
from newstrace.evaluation.speaker_names import NO_MATCH
from newstrace.model import Document
from newstrace.pipeline import Corpus, Pipeline, RunContext
from newstrace.settings import Settings
from newstrace.stages import stance as st
from newstrace.stages.stance import _model as stance_model
from newstrace.stages.stance import _speakers as sp

RELATED_GRID = tuple(round(0.2 + 0.05 * i, 2) for i in range(11))  # 0.20 .. 0.70
OWN_VOICE_GRID = (0.75, 0.8, 0.85, 0.9, 1.01)  # 1.01: never (news always discusses)
LEXICAL_OWN_VOICE_GRID = (0.6, 0.7, 0.8, 0.9, 1.01)
#: (stance.own_related_min, stance.discuss_margin): whether a plain remark related only through its sentence
#: takes no side, and how close a speaker's two sides may be before they "discuss".
VOTE_GRID = ((0.0, 0.0), (0.0, 0.2), (0.45, 0.0), (0.45, 0.2))
VARIANTS = {"semantic": sp.FEATURES, "lexical": sp.LEXICAL_FEATURES}


def pre_stance_corpora(data: Path, cache: Path, settings: Settings) -> list[tuple[dict[str, Any], Corpus]]:
    """Each event's corpus as the pipeline leaves it just before ``stance.v1``."""
    events = cov.load_gold(data / "gold")
    stages = list(settings.get("pipeline.stages"))
    before = stages[: stages.index("stance.v1")]
    pipe = Pipeline.from_settings(Settings.load(overrides={**_overrides(settings), "pipeline.stages": before}))
    basil = read_articles(data.parent / "basil" / "articles.jsonl")
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    for event in events:
        path = cache / f"{event['story_id']}.pkl"
        if path.exists():
            corpus = pickle.loads(path.read_bytes())
        else:
            articles = to_articles(basil[a["article_id"]] for a in event["articles"])
            claims = user_claims([c["text"] for c in event["claims"]])
            corpus = Corpus(documents=tuple(Document(article=a) for a in articles), user_claims=claims)
            corpus = pipe.run(corpus, RunContext(settings))
            path.write_bytes(pickle.dumps(corpus))
        out.append((event, corpus))
        print(f"event {event['story_id'][:8]} ready", file=sys.stderr)
    return out


def gold_of(event: Mapping[str, Any]) -> dict[str, str]:
    return {s.id: c["id"] for c in event["claims"] for s in user_claims([c["text"]])}


def examples(event: Mapping[str, Any], corpus: Corpus, settings: Settings) -> list[tuple[dict[str, float], bool]]:
    """(features, related) for every (holder naming a gold speaker, claim) of one event."""
    params = st.StanceParams.from_settings(settings)
    space = stance_model.load().space
    embedder = st.embeddings.load(str(settings.get("embeddings.model")))
    claims = list(corpus.user_claims)
    anchors = {c.id: st.claim_anchors(space, c, corpus.live(), params) for c in claims}
    claim_of = gold_of(event)
    out = []
    for gold in event["articles"]:
        doc = next((d for d in corpus.documents if d.id == gold["article_id"]), None)
        if doc is None or doc.readings is None:
            continue
        table = st.similarity_table(embedder, doc, claims) if embedder is not None else None
        groups = st.speaker_groups(doc)
        for column, claim in enumerate(claims):
            for holder, indices in groups.items():
                entry = {"name": holder, "aliases": []}
                named = [s for s in gold.get("speakers", []) if cov.holder_match(entry, s) != NO_MATCH]
                if not named:
                    continue
                scores = [
                    st.quote_scores(space, doc, i, claim, column, table, anchors.get(claim.id, ()), params)[1]
                    for i in indices
                ]
                related = any(s.get("stance", {}).get(claim_of[claim.id], "unrelated") != "unrelated" for s in named)
                out.append((sp.speaker_values(scores), related))
    return out


def fit(rows: Sequence[tuple[dict[str, float], bool]], features: Sequence[str]) -> sp.RelatedModel:
    x = np.array([[v[f] for f in features] for v, _ in rows])
    y = np.array([r for _, r in rows])
    clf = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
    return sp.RelatedModel(tuple(features), tuple(float(w) for w in clf.coef_[0]), float(clf.intercept_[0]))


def best_threshold(rows: Sequence[tuple[dict[str, float], bool]], model: sp.RelatedModel) -> float:
    probs = [(model.probability(v), r) for v, r in rows]
    right = {t: sum((p >= t) == r for p, r in probs) for t in RELATED_GRID}
    return max(RELATED_GRID, key=lambda t: (right[t], -abs(t - 0.5)))


def run_stance(
    event: Mapping[str, Any], corpus: Corpus, settings: Settings, models: Mapping[str, sp.RelatedModel]
) -> dict[str, Any]:
    stage = st.StanceStage(settings)
    stage.related = models
    done = stage.run(corpus, RunContext(settings))
    claim_of = gold_of(event)
    return {
        "story_id": event["story_id"],
        "articles": {d.id: cov.document_output(d, claim_of) for d in done.documents},
        "failures": [],
    }


def article_votes(
    event: Mapping[str, Any], corpus: Corpus, settings: Settings, grid: Sequence[float]
) -> dict[float, int]:
    """How many of the event's article labels each own-voice threshold gets right."""
    right = dict.fromkeys(grid, 0)
    for threshold in grid:
        variant = Settings.load(overrides={**_overrides(settings), _own_voice_key(settings): threshold})
        output = run_stance(event, corpus, variant, sp.load())
        for gold in event["articles"]:
            system = output["articles"].get(gold["article_id"], {}).get("stance", {})
            right[threshold] += sum(system.get(k) == v for k, v in gold["stance"].items())
    return right


def speaker_votes(
    event: Mapping[str, Any], corpus: Corpus, settings: Settings, models: Mapping[str, sp.RelatedModel]
) -> dict[tuple[float, float], int]:
    """How many of the event's gold speaker pairs each vote setting of :data:`VOTE_GRID` gets right."""
    right = {}
    for own_min, margin in VOTE_GRID:
        variant = Settings.load(
            overrides={**_overrides(settings), "stance.own_related_min": own_min, "stance.discuss_margin": margin}
        )
        tally = cov.score_event(event, run_stance(event, corpus, variant, models))
        right[(own_min, margin)] = sum(g == p for g, p in zip(tally.speaker_gold, tally.speaker_pred, strict=True))
    return right


def _own_voice_key(settings: Settings) -> str:
    semantic = st.embeddings.is_bundled(str(settings.get("embeddings.model")))
    return "stance.own_voice_min" if semantic else "stance.own_voice_lexical_min"


def _overrides(settings: Settings) -> dict[str, Any]:
    return {"embeddings.model": settings.get("embeddings.model")}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True, help="the coverage-dev folder (../basil beside it)")
    parser.add_argument("--cache", type=Path, default=Path(".cache/coverage-dev"), help="pre-stance corpora")
    parser.add_argument("--embeddings", default="auto", help="embeddings.model: auto (semantic) or off (lexical)")
    parser.add_argument(
        "--features",
        choices=sorted(VARIANTS),
        default=None,
        help="the features the model reads (default: the variant's own; 'lexical' with embeddings on fits the "
        "semantic variant's model on the lexical features only)",
    )
    parser.add_argument("--write", action="store_true", help="write data/models/speaker_related.json")
    args = parser.parse_args(argv)

    settings = Settings.load(overrides={"embeddings.model": args.embeddings})
    semantic = st.embeddings.is_bundled(args.embeddings) and st.embeddings.load(args.embeddings) is not None
    variant = "semantic" if semantic else "lexical"
    events = pre_stance_corpora(args.data, args.cache / variant, settings)
    rows = {e["story_id"]: examples(e, c, settings) for e, c in events}
    features = VARIANTS[args.features or variant]
    own_grid = OWN_VOICE_GRID if semantic else LEXICAL_OWN_VOICE_GRID
    own_key = _own_voice_key(settings)

    # article labels per own-voice threshold, per event (the speaker model does not change them)
    votes = {e["story_id"]: article_votes(e, c, settings, own_grid) for e, c in events}

    ids = [e["story_id"] for e, _ in events]
    # the vote settings are chosen on speaker labels made with the relatedness model fitted on all events
    # (running every fold's model for every setting would take hours); the model itself is refitted per fold
    all_model = fit([r for sid in ids for r in rows[sid]], features)
    all_related_min = best_threshold([r for sid in ids for r in rows[sid]], all_model)
    base = Settings.load(overrides={**_overrides(settings), "stance.related_min": all_related_min})
    vote_right = {
        e["story_id"]: speaker_votes(e, c, base, {"semantic": all_model, "lexical": all_model}) for e, c in events
    }

    def choose(train: Sequence[str]) -> tuple[sp.RelatedModel, float, float, tuple[float, float]]:
        train_rows = [r for sid in train for r in rows[sid]]
        model = fit(train_rows, features)
        own = max(own_grid, key=lambda t: (sum(votes[sid][t] for sid in train), t))
        vote = max(VOTE_GRID, key=lambda v: (sum(vote_right[sid][v] for sid in train), v))
        return model, best_threshold(train_rows, model), own, vote

    def settings_for(related_min: float, own: float, vote: tuple[float, float]) -> Settings:
        return Settings.load(
            overrides={
                **_overrides(settings),
                "stance.related_min": related_min,
                own_key: own,
                "stance.own_related_min": vote[0],
                "stance.discuss_margin": vote[1],
            }
        )

    held_out, chosen = [], []
    for (event, corpus), sid in zip(events, ids, strict=True):
        model, related_min, own, vote = choose([i for i in ids if i != sid])
        fold = settings_for(related_min, own, vote)
        held_out.append(run_stance(event, corpus, fold, {"semantic": model, "lexical": model}))
        chosen.append((sid[:8], round(related_min, 2), own, vote))
    model, related_min, own, vote = choose(ids)
    full = settings_for(related_min, own, vote)
    in_sample = [run_stance(e, c, full, {"semantic": model, "lexical": model}) for e, c in events]
    gold = [e for e, _ in events]
    loeo = cov.score(gold, held_out)["metrics"]
    fitted = cov.score(gold, in_sample)["metrics"]
    all_rows = [r for sid in ids for r in rows[sid]]
    summary = {
        "variant": variant,
        "examples": len(all_rows),
        "related_examples": sum(r for _, r in all_rows),
        "model": model.to_json(),
        "related_min": related_min,
        own_key: own,
        "own_related_min": vote[0],
        "discuss_margin": vote[1],
        "folds": chosen,
        "leave_one_event_out": loeo,
        "in_sample": fitted,
    }
    print(json.dumps(summary, indent=1))
    if args.write:
        path = sp.MODEL_FILE
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        command = f"scripts/train_speaker_stance.py --data ../shared/data/coverage-dev --embeddings {args.embeddings}"
        if args.features:
            command += f" --features {args.features}"
        data[variant] = {
            **model.to_json(),
            "related_min": related_min,
            "examples": len(all_rows),
            "trained_by": command,
        }
        data.pop("trained_by", None)
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
