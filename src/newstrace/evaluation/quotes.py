"""Evaluate attribution on quotes-dev (``../shared/data/quotes-dev``): who said what.

Each ``*.json`` file holds a news ``text`` and its gold ``attributions`` (see the folder's
GUIDELINES.md). The system's attributions are matched to the gold ones one-to-one, greedily
by the number of characters they share:

- ``f1``: a match is any content overlap; ``f1_strict``: the prediction covers at least 80 % of
  the gold span's word tokens;
- ``f1_direct`` / ``f1_mixed`` / ``f1_indirect``: recall over the gold records of that kind and
  precision over the predicted records of that kind, both under the any-overlap matching;
- ``speaker_accuracy``: share of matched pairs whose resolved speaker names agree (``same_speaker``);
- ``cue_accuracy``: share of matched pairs whose cues agree (``same_cue``).

Speaker names agree when, after normalisation (accents folded, case, possessive ’s, punctuation
and underscores, leading articles, titles such as "Gen."/"Mr", and determiners or quantifiers
such as "another", "one", "unnamed", "our" dropped), one name's words are a non-empty subset of
the other's ("Nicholson" ~ "Gen. John Nicholson"; "one government official" ~ "an unnamed
government official"). A parenthesised part of a gold name ("X (Y)") is an alternative name, so
either part may match. For a source the gold marks anonymous, two descriptions also agree when
their head nouns agree (the last word before any "of", "in", "who"..., plural folded):
"one company source" ~ "an unnamed Condé Nast source".

Cues agree when both are absent, when they share a word once auxiliaries and particles (had,
was, also, to...) are set aside, or when both are the same punctuation (":" or "—").
"""

from __future__ import annotations

import json
import logging
import re
import time
import unicodedata
from pathlib import Path
from typing import Any

from newstrace.settings import Settings
from newstrace.text.names import TITLES

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+")
#: Words left out when speaker names are compared: the titles of the shared lexicon (data/lexicons/titles.txt),
#: but not the words that only open a title, which names.py also drops ("vice": "Vice Media" must match "Vice").
_TITLES = frozenset(TITLES) | frozenset(
    {
        # determiners and quantifiers: "one official" ~ "an unnamed official"
        *("the", "a", "an", "one", "another", "some", "several", "unnamed", "anonymous", "our", "their", "his"),
        *("her", "its"),
    }
)
#: Words after which a description's head noun has been passed ("residents of the Mission").
_POSTMODIFIER = frozenset({"of", "in", "at", "for", "from", "with", "who", "that", "which", "on", "to", "by", "there"})
_CUE_STOP = frozenset(
    [
        "had",
        "has",
        "have",
        "also",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "being",
        "did",
        "does",
        "do",
        "not",
        "to",
        "it",
        "that",
        "of",
        "on",
        "as",
        "first",
    ]
)
STRICT_COVER = 0.8


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def speaker_words(name: str) -> frozenset[str]:
    folded = _fold(re.sub(r"['’]s\b", "", name))  # before folding, which drops a curly apostrophe
    return frozenset(w for w in _WORD.findall(folded) if w not in _TITLES)


def head_noun(description: str) -> str | None:
    """The head noun of an unnamed source's description: its last word before any postmodifier."""
    words: list[str] = _WORD.findall(re.sub(r"\(.*?\)", " ", _fold(description)))
    head: str | None = None
    for w in words:
        if w in _POSTMODIFIER:
            break
        head = w
    if head is None:
        return None
    return head[:-1] if head.endswith("s") and len(head) > 3 else head


def same_speaker(gold: str | None, predicted: str | None, *, anonymous: bool = False) -> bool:
    """Do two speaker names denote the same source (see the module docstring for the rule)?"""
    if not gold or not predicted:
        return not gold and not predicted
    if anonymous and head_noun(gold) is not None and head_noun(gold) == head_noun(predicted):
        return True
    alternatives = [gold]
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", gold)
    if m:
        alternatives = [m.group(1), m.group(2), gold]
    p = speaker_words(predicted)
    for alt in alternatives:
        g = speaker_words(alt)
        if g and p and (g <= p or p <= g):
            return True
    return False


def same_cue(gold: str | None, predicted: str | None) -> bool:
    if not gold or not predicted:
        return not gold and not predicted
    gw = {w for w in _WORD.findall(gold.lower()) if w not in _CUE_STOP}
    pw = {w for w in _WORD.findall(predicted.lower()) if w not in _CUE_STOP}
    if not gw or not pw:
        return gold.strip() == predicted.strip()
    return bool(gw & pw)


def locate(text: str, records: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Offsets of each record's content: the occurrence nearest after the previous record's.

    A content found several times near the cursor (a short one such as "it") is placed at the
    occurrence closest to the record's cue, when the record gives one.
    """
    spans: list[tuple[int, int]] = []
    cursor = 0
    for rec in records:
        content = rec["content"]
        at = text.find(content, max(0, cursor - 400))
        if at < 0:
            at = text.find(content)
        if at < 0:
            spans.append((-1, -1))
            continue
        cue = rec.get("cue")
        if cue and len(content) < 40:
            nearby = [m.start() for m in re.finditer(re.escape(content), text) if m.start() >= max(0, cursor - 400)]
            cues_at = [m.start() for m in re.finditer(re.escape(cue), text)]
            if len(nearby) > 1 and cues_at:
                at = min(nearby, key=lambda a: min(abs(a - c) for c in cues_at))
        spans.append((at, at + len(content)))
        cursor = at
    return spans


def _token_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in _WORD.finditer(text[start:end])]


def match(
    gold: list[tuple[int, int]], predicted: list[tuple[int, int]], text: str, *, strict: bool
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), greedy by shared characters."""
    pairs: list[tuple[int, int, int]] = []
    for g, (gs, ge) in enumerate(gold):
        if gs < 0:
            continue
        tokens = _token_spans(text, gs, ge) if strict else []
        for p, (ps, pe) in enumerate(predicted):
            shared = min(ge, pe) - max(gs, ps)
            if shared <= 0:
                continue
            if strict and tokens:
                covered = sum(1 for a, b in tokens if ps <= a and b <= pe)
                if covered < STRICT_COVER * len(tokens):
                    continue
            pairs.append((shared, g, p))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, g, p in pairs:
        if g in used_g or p in used_p:
            continue
        used_g.add(g)
        used_p.add(p)
        out.append((g, p))
    return out


def _prf(tp_p: int, n_p: int, tp_g: int, n_g: int) -> tuple[float, float, float]:
    precision = tp_p / n_p if n_p else 0.0
    recall = tp_g / n_g if n_g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def predict_texts(texts: list[str], settings: Settings | None = None) -> list[list[dict[str, Any]]]:
    """Analyse the texts as one corpus through the whole pipeline ``newstrace analyze`` runs, and return
    each text's quotes as records in the gold format, with offsets mapped back to the text as given."""
    from newstrace.analysis import analyze_articles
    from newstrace.model import Article

    settings = settings or Settings.load()
    ids = [f"t{i:04d}" for i in range(len(texts))]
    articles = [Article(id=i, source=i, raw=text) for i, text in zip(ids, texts, strict=True)]
    report = analyze_articles(articles, settings)
    by_id = {d.id: d for d in report.documents}
    out: list[list[dict[str, Any]]] = []
    for doc_id in ids:
        doc = by_id.get(doc_id)
        records = []
        for q in doc.quotes if doc is not None else ():
            start, end = doc.offsets.span_to_raw(q.start, q.end)  # type: ignore[union-attr]
            records.append(
                {
                    "kind": q.kind.value,
                    "content": q.content,
                    "start": start,
                    "end": end,
                    "cue": q.cue.text if q.cue else None,
                    "speaker": q.speaker.name if q.speaker else None,
                    "speaker_mention": q.speaker.mention if q.speaker else None,
                }
            )
        out.append(records)
    return out


def load(data: Path, limit: int | None = None) -> list[dict[str, Any]]:
    files = sorted(Path(data).glob("*.json"), key=lambda p: p.name)
    if limit is not None:
        files = files[:limit]
    return [json.loads(f.read_text(encoding="utf-8")) | {"file": f.name} for f in files]


def score(items: list[dict[str, Any]], predictions: list[list[dict[str, Any]]]) -> dict[str, Any]:
    """Metrics over gold items and predicted records (each with start/end or a findable content)."""
    kinds = ("direct", "mixed", "indirect")
    n_gold = n_pred = tp = tp_strict = speaker_ok = cue_ok = 0
    per_kind = {k: [0, 0, 0, 0] for k in kinds}  # matched preds, preds, matched gold, gold
    errors: list[dict[str, Any]] = []
    for item, preds in zip(items, predictions, strict=True):
        text = item["text"]
        gold = item["attributions"]
        g_spans = locate(text, gold)
        p_spans = [(p["start"], p["end"]) if "start" in p else locate(text, [p])[0] for p in preds]
        pairs = match(g_spans, p_spans, text, strict=False)
        strict_pairs = match(g_spans, p_spans, text, strict=True)
        n_gold += len(gold)
        n_pred += len(preds)
        tp += len(pairs)
        tp_strict += len(strict_pairs)
        for k in kinds:
            per_kind[k][1] += sum(1 for p in preds if p["kind"] == k)
            per_kind[k][3] += sum(1 for g in gold if g["kind"] == k)
        matched_g = {g for g, _ in pairs}
        matched_p = {p for _, p in pairs}
        for g, p in pairs:
            per_kind[preds[p]["kind"]][0] += 1 if preds[p]["kind"] in per_kind else 0
            per_kind[gold[g]["kind"]][2] += 1
            s_ok = same_speaker(
                gold[g].get("speaker"), preds[p].get("speaker"), anonymous=bool(gold[g].get("anonymous"))
            )
            c_ok = same_cue(gold[g].get("cue"), preds[p].get("cue"))
            speaker_ok += s_ok
            cue_ok += c_ok
            if not (s_ok and c_ok):
                errors.append(
                    {
                        "file": item.get("file"),
                        "type": "speaker" if not s_ok else "cue",
                        "gold": gold[g],
                        "predicted": preds[p],
                    }
                )
        errors.extend(
            {"file": item.get("file"), "type": "missed", "gold": gold[g]}
            for g in range(len(gold))
            if g not in matched_g
        )
        errors.extend(
            {"file": item.get("file"), "type": "spurious", "predicted": preds[p]}
            for p in range(len(preds))
            if p not in matched_p
        )
    precision, recall, f1 = _prf(tp, n_pred, tp, n_gold)
    _, _, f1_strict = _prf(tp_strict, n_pred, tp_strict, n_gold)
    metrics: dict[str, Any] = {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "f1_strict": round(f1_strict, 4),
    }
    for k in kinds:
        metrics[f"f1_{k}"] = round(_prf(*per_kind[k])[2], 4)
    metrics["speaker_accuracy"] = round(speaker_ok / tp, 4) if tp else 0.0
    metrics["cue_accuracy"] = round(cue_ok / tp, 4) if tp else 0.0
    return {"metrics": metrics, "counts": {"gold": n_gold, "predicted": n_pred, "matched": tp}, "errors": errors}


def evaluate(data: Path, *, predictions: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    """Score attribution on quotes-dev (or ``predictions``: a folder of files in the gold format)."""
    items = load(data, limit)
    started = time.perf_counter()
    if predictions is not None:
        preds = []
        for item in items:
            path = Path(predictions) / item["file"]
            preds.append(json.loads(path.read_text(encoding="utf-8"))["attributions"] if path.exists() else [])
    else:
        preds = predict_texts([item["text"] for item in items])
    result = score(items, preds)
    result["seconds"] = round(time.perf_counter() - started, 2)
    result["texts"] = len(items)
    log.info("quotes: %s", result["metrics"])
    return result
