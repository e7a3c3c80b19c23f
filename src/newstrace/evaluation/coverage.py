"""`newstrace eval coverage`: who stands where on each event's core claims, on real coverage.

Gold: ``coverage-dev`` (``../shared/data/coverage-dev``; its SOURCE.md and GUIDELINES.md): 12
BASIL events, three outlets each, two core claims per event, the stance of each article and of
each quoted speaker toward each claim. The article texts come from ``../basil/articles.jsonl``
(:mod:`newstrace.evaluation.basil`).

**System run.** Each event's three articles are analysed together, as one corpus, by
:func:`newstrace.analysis.analyze_articles` — the pipeline ``newstrace analyze`` runs — with the
event's gold claims given as the user's claims (``--claim``), so they are the core claims. A gold
claim id maps to the system's claim id through :func:`newstrace.analysis.user_claims`.

**Scoring** (SOURCE.md, "How to score"):

- *article stance*: accuracy and macro-F1 over the (article, claim) labels; the macro average
  runs over the labels that occur in the gold or the predictions. An article the system gave no
  stance (a failure) counts as wrong.
- *speaker stance*: for each gold (speaker, claim) pair labelled other than ``unrelated``, the
  system's holder (a stance with ``holder_kind == "speaker"``) in the same article that names
  the speaker, by :mod:`newstrace.evaluation.speaker_names` (its name or an alias,
  case-insensitively; for a person the surname suffices). When several holders name one gold
  speaker (the system split one speaker in two), the one shown taking a side is used: a holder
  with a related label before one marked unrelated, then a full-name match before a surname
  match, then the one with more quotes, then the first listed. A gold speaker no holder names
  counts as wrong. ``speaker_stance_accuracy`` is the share of the pairs labelled right;
  ``speaker_polar_f1`` the micro-F1 over supports and refutes (a pair predicted supports or
  refutes is a predicted positive; a gold supports or refutes pair a gold positive).
  ``speaker_stance_accuracy_both_related`` is the accuracy over the pairs the system also calls
  related (SOURCE.md's third agreement column).
- *spurious holders*: the (holder, claim) stances with a related label whose holder names none of
  the article's gold speakers (every listed speaker, whatever its labels), as a share of all
  related (holder, claim) stances: ``spurious_holder_share``.

``limit`` scores the first ``limit`` events in file-name order. ``predictions`` writes the
system's raw outputs (per article: its stance, every speaker holder with its labels and quote
ids, and the quotes) in the same form :func:`score` reads, so they can be scored again
(``python scripts/score_predictions.py coverage --system FILE``). A second annotator's files in
the same format as the gold (``coverage-dev/second``) are read as a system by
:func:`annotator_outputs`; their score is the human ceiling reported beside the system's.

Full run (12 events, about 70 s of CPU on 2 cores):
``newstrace eval coverage --data ../shared/data/coverage-dev --json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.evaluation.basil import read_articles, to_articles
from newstrace.evaluation.speaker_names import NAME, NO_MATCH, match_strength, shares_a_word
from newstrace.model import Document, Quote, Report
from newstrace.settings import Settings

log = logging.getLogger(__name__)

LABELS: tuple[str, ...] = ("supports", "refutes", "discusses", "unrelated")
RELATED = frozenset(LABELS[:3])
POLAR = frozenset(LABELS[:2])
#: What a gold pair is "predicted" as when no holder names its speaker (or no stance exists).
MISSING = "missing"
#: Characters of a quote kept in an error entry.
QUOTE_CHARS = 300


# -- gold -------------------------------------------------------------------------------------


def load_gold(folder: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The annotation files of a folder (``gold/`` or ``second/``), in file-name order."""
    files = sorted(Path(folder).glob("*.json"), key=lambda p: p.name)
    if limit is not None:
        files = files[:limit]
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def _gold_folder(data: Path) -> Path:
    data = Path(data)
    folder = data / "gold" if (data / "gold").is_dir() else data
    if not any(folder.glob("*.json")):
        raise InputError(f"no coverage-dev gold files under {data}; pass --data ../shared/data/coverage-dev")
    return folder


def _basil_path(data: Path) -> Path:
    data = Path(data)
    for candidate in (data.parent / "basil", data / "basil", data.parent.parent / "basil"):
        if (candidate / "articles.jsonl").is_file():
            return candidate / "articles.jsonl"
    return data.parent / "basil" / "articles.jsonl"


# -- system outputs ---------------------------------------------------------------------------


def _quote_record(q: Quote) -> dict[str, Any]:
    sp = q.speaker
    return {
        "id": q.id,
        "kind": q.kind.value,
        "content": q.content,
        "start": q.start,
        "end": q.end,
        "cue": q.cue.text if q.cue else None,
        "speaker": (sp.name or sp.mention) if sp else None,
        "speaker_mention": sp.mention if sp else None,
        "speaker_type": sp.type.value if sp else None,
        "resolved_by": sp.resolved_by if sp else None,
    }


def document_output(doc: Document, gold_of: Mapping[str, str]) -> dict[str, Any]:
    """One analysed article in the scorer's form; ``gold_of`` maps system claim ids to gold ones."""
    stance: dict[str, str] = {}
    holders: dict[str, dict[str, Any]] = {}
    quotes_of: dict[str, list[str]] = defaultdict(list)
    types: dict[str, str] = {}
    for q in doc.quotes:
        name = (q.speaker.name or q.speaker.mention) if q.speaker is not None else None
        if name:  # grouped as the stance stage groups them
            quotes_of[name].append(q.id)
            types.setdefault(name, q.speaker.type.value if q.speaker else "unknown")
    for s in doc.stances:
        claim = gold_of.get(s.claim_id)
        if claim is None:
            continue
        if s.holder_kind == "article":
            stance[claim] = s.label.value
            continue
        h = holders.setdefault(
            s.holder,
            {
                "name": s.holder,
                "aliases": [],
                "type": types.get(s.holder, "unknown"),
                "stance": {},
                "quote_ids": {},
                "quotes": len(quotes_of.get(s.holder, ())),
            },
        )
        h["stance"][claim] = s.label.value
        h["quote_ids"][claim] = list(s.quote_ids)
    return {
        "article_id": doc.id,
        "stance": stance,
        "holders": list(holders.values()),
        "quotes": [_quote_record(q) for q in doc.quotes],
        "failures": [f"{f.stage}: {f.message}" for f in doc.failures],
    }


def report_outputs(report: Report, gold_of: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    return {doc.id: document_output(doc, gold_of) for doc in report.documents}


def system_outputs(
    events: Sequence[Mapping[str, Any]],
    basil: Mapping[str, Mapping[str, Any]],
    settings: Settings,
) -> list[dict[str, Any]]:
    """Run the pipeline over each event (its three articles as one corpus, gold claims as core claims)."""
    from newstrace.analysis import analyze_articles, user_claims
    from newstrace.pipeline import Pipeline

    pipeline = Pipeline.from_settings(settings)
    out = []
    for n, event in enumerate(events, start=1):
        missing = [a["article_id"] for a in event["articles"] if a["article_id"] not in basil]
        if missing:
            raise InputError(f"event {event['story_id']}: articles {missing} are not in BASIL's articles.jsonl")
        texts = [c["text"] for c in event["claims"]]
        gold_of = {
            system.id: claim["id"]
            for claim in event["claims"]
            for system in user_claims([claim["text"]])  # one claim per text: the id analyze gives it
        }
        started = time.perf_counter()
        articles = to_articles(basil[a["article_id"]] for a in event["articles"])
        report = analyze_articles(articles, settings, claims=texts, pipeline=pipeline)
        log.info("coverage: event %d/%d analysed in %.1f s", n, len(events), time.perf_counter() - started)
        out.append(
            {
                "story_id": event["story_id"],
                "claims": [
                    {"id": c["id"], "text": c["text"], "system_id": sid}
                    for c in event["claims"]
                    for sid, gid in gold_of.items()
                    if gid == c["id"]
                ],
                "articles": report_outputs(report, gold_of),
                "failures": [f"{f.source}: {f.message}" for f in report.failures],
            }
        )
    return out


def annotator_outputs(events: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Another annotator's files (``second/``) in the scorer's form: each speaker is a holder with its aliases."""
    out = []
    for event in events:
        claims = [c["id"] for c in event["claims"]]
        articles = {}
        for a in event["articles"]:
            holders = [
                {
                    "name": s["name"],
                    "aliases": list(s.get("aliases", [])),
                    "type": s.get("type", "unknown"),
                    "stance": {k: s.get("stance", {}).get(k, "unrelated") for k in claims},
                    "quote_ids": {},
                    "quotes": 0,
                }
                for s in a.get("speakers", [])
            ]
            articles[a["article_id"]] = {
                "article_id": a["article_id"],
                "stance": dict(a.get("stance", {})),
                "holders": holders,
                "quotes": [],
                "failures": [],
            }
        out.append({"story_id": event["story_id"], "claims": event["claims"], "articles": articles, "failures": []})
    return out


# -- scoring ----------------------------------------------------------------------------------


def _names(entry: Mapping[str, Any]) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


#: How well a holder names a gold speaker (NAME, SURNAME or NO_MATCH).
Matcher = Callable[[Mapping[str, Any], Mapping[str, Any]], int]
#: The holder standing for a gold speaker on a claim: (speaker, holders, claim, matcher) -> holder or None.
Picker = Callable[[Mapping[str, Any], Sequence[Mapping[str, Any]], str, Matcher], Mapping[str, Any] | None]


def holder_match(holder: Mapping[str, Any], speaker: Mapping[str, Any]) -> int:
    """How well a system holder names a gold speaker (NAME, SURNAME or NO_MATCH)."""
    return match_strength(_names(holder), _names(speaker), person=speaker.get("type") == "person")


def pick_holder(
    speaker: Mapping[str, Any], holders: Sequence[Mapping[str, Any]], claim: str, match: Matcher = holder_match
) -> Mapping[str, Any] | None:
    """The holder that stands for a gold speaker on a claim (tie rules in the module docstring)."""
    ranked = []
    for i, h in enumerate(holders):
        strength = match(h, speaker)
        if strength == NO_MATCH:
            continue
        related = h.get("stance", {}).get(claim, "unrelated") in RELATED
        ranked.append((not related, -strength, -int(h.get("quotes", 0)), i, h))
    return min(ranked, key=lambda t: t[:4])[4] if ranked else None


def f1_scores(gold: Sequence[str], predicted: Sequence[str], labels: Iterable[str]) -> dict[str, float]:
    """Per-label F1 (labels occurring in neither list are left out)."""
    out: dict[str, float] = {}
    for label in labels:
        n_gold = sum(1 for g in gold if g == label)
        n_pred = sum(1 for p in predicted if p == label)
        if not n_gold and not n_pred:
            continue
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p == label)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        out[label] = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return out


def polar_f1(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 over the polar labels (supports, refutes)."""
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p and g in POLAR)
    n_pred = sum(1 for p in predicted if p in POLAR)
    n_gold = sum(1 for g in gold if g in POLAR)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _quote_texts(article: Mapping[str, Any], ids: Iterable[str]) -> list[dict[str, Any]]:
    by_id = {q["id"]: q for q in article.get("quotes", [])}
    out = []
    for qid in ids:
        q = by_id.get(qid)
        if q is not None:
            out.append(
                {
                    "id": qid,
                    "content": q["content"][:QUOTE_CHARS],
                    "speaker_mention": q.get("speaker_mention"),
                    "resolved_by": q.get("resolved_by"),
                }
            )
    return out


class _Tally:
    """Labels and errors gathered over events (one per event and one overall)."""

    def __init__(self) -> None:
        self.article_gold: list[str] = []
        self.article_pred: list[str] = []
        self.speaker_gold: list[str] = []
        self.speaker_pred: list[str] = []
        self.related_holders = 0
        self.spurious = 0
        self.split = 0

    def add(self, other: _Tally) -> None:
        self.article_gold += other.article_gold
        self.article_pred += other.article_pred
        self.speaker_gold += other.speaker_gold
        self.speaker_pred += other.speaker_pred
        self.related_holders += other.related_holders
        self.spurious += other.spurious
        self.split += other.split

    def metrics(self) -> dict[str, Any]:
        a_ok = sum(1 for g, p in zip(self.article_gold, self.article_pred, strict=True) if g == p)
        s_ok = sum(1 for g, p in zip(self.speaker_gold, self.speaker_pred, strict=True) if g == p)
        both = [(g, p) for g, p in zip(self.speaker_gold, self.speaker_pred, strict=True) if p in RELATED]
        a_f1 = f1_scores(self.article_gold, self.article_pred, LABELS)
        precision, recall, f1 = polar_f1(self.speaker_gold, self.speaker_pred)
        n_a, n_s = len(self.article_gold), len(self.speaker_gold)
        return {
            "article_stance_accuracy": round(a_ok / n_a, 4) if n_a else 0.0,
            "article_stance_macro_f1": round(sum(a_f1.values()) / len(a_f1), 4) if a_f1 else 0.0,
            "speaker_stance_accuracy": round(s_ok / n_s, 4) if n_s else 0.0,
            "speaker_polar_f1": round(f1, 4),
            "speaker_polar_precision": round(precision, 4),
            "speaker_polar_recall": round(recall, 4),
            "speaker_stance_accuracy_both_related": round(sum(1 for g, p in both if g == p) / len(both), 4)
            if both
            else 0.0,
            "spurious_holder_share": round(self.spurious / self.related_holders, 4) if self.related_holders else 0.0,
            "article_pairs": n_a,
            "speaker_pairs": n_s,
            "speaker_pairs_right": s_ok,
            "speaker_pairs_missing": sum(1 for p in self.speaker_pred if p == MISSING),
            "speaker_pairs_unrelated": sum(1 for p in self.speaker_pred if p == "unrelated"),
            "speaker_pairs_both_related": len(both),
            "split_speakers": self.split,
            "related_holders": self.related_holders,
            "spurious_holders": self.spurious,
        }


def score_event(
    event: Mapping[str, Any],
    output: Mapping[str, Any],
    errors: list[dict[str, Any]] | None = None,
    *,
    match: Matcher = holder_match,
    pick: Picker = pick_holder,
) -> _Tally:
    """Score one event's system output against its gold; append what went wrong to ``errors``."""
    tally = _Tally()
    errors = errors if errors is not None else []
    claims = [c["id"] for c in event["claims"]]
    for gold in event["articles"]:
        aid = gold["article_id"]
        system = output.get("articles", {}).get(aid, {})
        where = {"story_id": event["story_id"], "article_id": aid, "source": gold.get("source")}
        for claim in claims:
            g = gold.get("stance", {}).get(claim, "unrelated")
            p = system.get("stance", {}).get(claim, MISSING)
            tally.article_gold.append(g)
            tally.article_pred.append(p)
            if g != p:
                errors.append({"type": "article_stance", **where, "claim": claim, "gold": g, "system": p})
        holders = system.get("holders", [])
        speakers = gold.get("speakers", [])
        for sp in speakers:
            for claim in claims:
                g = sp.get("stance", {}).get(claim, "unrelated")
                if g not in RELATED:
                    continue
                matching = [h for h in holders if match(h, sp) != NO_MATCH]
                if len(matching) > 1:
                    tally.split += 1
                h = pick(sp, holders, claim, match)
                p = MISSING if h is None else h.get("stance", {}).get(claim, "unrelated")
                tally.speaker_gold.append(g)
                tally.speaker_pred.append(p)
                if g == p:
                    continue
                entry: dict[str, Any] = {
                    "type": "missing_speaker" if h is None else "wrong_label",
                    **where,
                    "claim": claim,
                    "gold_speaker": sp["name"],
                    "gold_aliases": sp.get("aliases", []),
                    "gold_type": sp.get("type"),
                    "gold": g,
                    "gold_evidence": sp.get("evidence", {}).get(claim, []),
                }
                if h is None:
                    entry["similar_holders"] = [x["name"] for x in holders if shares_a_word(_names(sp), _names(x))]
                else:
                    entry["system_speaker"] = h["name"]
                    entry["system"] = p
                    entry["matched_by"] = "name" if match(h, sp) == NAME else "surname"
                    entry["holders_naming_it"] = [x["name"] for x in matching]
                    entry["quotes"] = _quote_texts(system, h.get("quote_ids", {}).get(claim, []))
                errors.append(entry)
        for h in holders:
            for claim in claims:
                label = h.get("stance", {}).get(claim, "unrelated")
                if label not in RELATED:
                    continue
                tally.related_holders += 1
                if any(match(h, sp) != NO_MATCH for sp in speakers):
                    continue
                tally.spurious += 1
                errors.append(
                    {
                        "type": "spurious_holder",
                        **where,
                        "claim": claim,
                        "system_speaker": h["name"],
                        "system_type": h.get("type"),
                        "system": label,
                        "quotes": _quote_texts(system, h.get("quote_ids", {}).get(claim, [])),
                    }
                )
    return tally


def score(
    events: Sequence[Mapping[str, Any]],
    outputs: Sequence[Mapping[str, Any]],
    *,
    match: Matcher = holder_match,
    pick: Picker = pick_holder,
) -> dict[str, Any]:
    """Metrics, a per-event breakdown, the speaker-stance confusion and the error list.

    ``match`` and ``pick`` replace the name rule and the choice among several matching holders
    (to score under another rule; the defaults are the ones the module docstring describes).
    """
    by_story = {o["story_id"]: o for o in outputs}
    total = _Tally()
    errors: list[dict[str, Any]] = []
    per_event = []
    for event in events:
        tally = score_event(event, by_story.get(event["story_id"], {}), errors, match=match, pick=pick)
        total.add(tally)
        m = tally.metrics()
        per_event.append({"story_id": event["story_id"], **m})
    confusion = Counter(zip(total.speaker_gold, total.speaker_pred, strict=True))
    columns = [*LABELS, MISSING]
    metrics = total.metrics()
    metrics["events"] = len(events)
    return {
        "metrics": metrics,
        "events": per_event,
        "speaker_confusion": {
            "labels": columns,
            "rows_gold": [[confusion[(g, p)] for p in columns] for g in LABELS[:3]],
        },
        "error_counts": dict(sorted(Counter(e["type"] for e in errors).items())),
        "errors": errors,
    }


# -- the benchmark ----------------------------------------------------------------------------


def _tables(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = [
        [
            e["story_id"][:8],
            f"{e['article_stance_accuracy']:.2f}",
            f"{e['speaker_stance_accuracy']:.2f}",
            f"{e['speaker_polar_f1']:.2f}",
            str(e["speaker_pairs"]),
            str(e["speaker_pairs_missing"]),
            f"{e['spurious_holders']}/{e['related_holders']}",
        ]
        for e in result["events"]
    ]
    tables = [
        {
            "title": "per event",
            "columns": ["event", "article acc", "speaker acc", "polar F1", "pairs", "missing", "spurious"],
            "rows": rows,
        },
        {
            "title": "speaker stance (rows gold, columns system)",
            "columns": ["gold", *result["speaker_confusion"]["labels"]],
            "rows": [
                [g, *map(str, row)] for g, row in zip(LABELS, result["speaker_confusion"]["rows_gold"], strict=False)
            ],
        },
        {
            "title": "errors (the full list is in --json under 'errors')",
            "columns": ["kind", "count"],
            "rows": [[k, str(v)] for k, v in result["error_counts"].items()],
        },
    ]
    second = result.get("second_annotator")
    if second:
        tables.append(
            {
                "title": f"human ceiling: second annotator vs gold on its {second['metrics']['events']} events",
                "columns": ["metric", "second annotator", "newstrace on the same events"],
                "rows": [
                    [k, f"{second['metrics'][k]:.4f}", f"{second['system_same_events'].get(k, 0.0):.4f}"]
                    for k in (
                        "article_stance_accuracy",
                        "speaker_stance_accuracy",
                        "speaker_stance_accuracy_both_related",
                        "speaker_polar_f1",
                        "spurious_holder_share",
                    )
                ],
            }
        )
    return tables


def score_second_annotator(
    data: Path, events: Sequence[Mapping[str, Any]], system: Sequence[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """The second annotator (``second/``) scored like a system, and the system on the same events."""
    folder = Path(data) / "second"
    if not folder.is_dir():
        return None
    gold_by = {e["story_id"]: e for e in events}
    second = [e for e in load_gold(folder) if e["story_id"] in gold_by]
    if not second:
        return None
    gold = [gold_by[e["story_id"]] for e in second]
    human = score(gold, annotator_outputs(second))
    mine = score(gold, system)
    return {
        "metrics": human["metrics"],
        "error_counts": human["error_counts"],
        "system_same_events": mine["metrics"],
        "events": [e["story_id"] for e in second],
    }


def evaluate(
    data: Path, *, predictions: Path | None = None, limit: int | None = None, embeddings: str = "auto"
) -> dict[str, Any]:
    """Run the pipeline over coverage-dev's events and score it (see the module docstring)."""
    folder = _gold_folder(Path(data))
    events = load_gold(folder, limit)
    basil = read_articles(_basil_path(folder.parent if folder.name == "gold" else folder))
    settings = Settings.load(overrides={"embeddings.model": embeddings})
    started = time.perf_counter()
    outputs = system_outputs(events, basil, settings)
    result = score(events, outputs)
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["failures"] = [
        f"{o['story_id']}/{aid}: {msg}" for o in outputs for aid, a in o["articles"].items() for msg in a["failures"]
    ] + [msg for o in outputs for msg in o["failures"]]
    result["metrics"]["article_failures"] = len(result["failures"])
    root = folder.parent if folder.name == "gold" else folder
    second = score_second_annotator(root, events, outputs)
    if second is not None:
        result["second_annotator"] = second
    if predictions is not None:
        predictions.parent.mkdir(parents=True, exist_ok=True)
        payload = {"benchmark": "coverage", "system": "newstrace", "events": outputs}
        predictions.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    result["json_keys"] = ["events", "speaker_confusion", "error_counts", "errors", "second_annotator", "failures"]
    result["tables"] = _tables(result)
    log.info("coverage: %s", result["metrics"])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Score a saved system output (``--predictions`` file) or an annotator's folder against the gold."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the coverage-dev folder")
    parser.add_argument("--system", required=True, help="a predictions JSON file, or an annotation folder (second/)")
    args = parser.parse_args(argv)
    folder = _gold_folder(args.data)
    system = Path(args.system)
    if system.is_dir():
        outputs = annotator_outputs(load_gold(system))
    else:
        outputs = json.loads(system.read_text(encoding="utf-8"))["events"]
    scored = {o["story_id"] for o in outputs}
    events = [e for e in load_gold(folder) if e["story_id"] in scored]
    result = score(events, outputs)
    json.dump({"benchmark": "coverage", "data": str(args.data), "system": str(system), **result}, sys.stdout)
    sys.stdout.write("\n")
    return 0
