"""report.json: the versioned contract in docs/json-contract.md.

The keys DESIGN.md names are always present; everything else is an extension that a
consumer may ignore. Offsets: quote/sentence/claim offsets index the article's ``text``;
``removed`` offsets index the raw input as read (for HTML, the extracted main text).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from newstrace.codec import to_plain as plain
from newstrace.model import Document, ExactCopy, Quote, Report, Stance, Story
from newstrace.pipeline import is_dead
from newstrace.report.contract import (
    ArticleJSON,
    DuplicatesJSON,
    NearDuplicateJSON,
    QuoteJSON,
    SkippedJSON,
    StanceJSON,
    StoryJSON,
)


def quote_to_dict(q: Quote) -> QuoteJSON:
    speaker = q.speaker
    return {
        "id": q.id,
        "kind": q.kind.value,
        "content": q.content,
        "start": q.start,
        "end": q.end,
        "cue": q.cue.text if q.cue else None,
        "speaker": {
            "mention": speaker.mention if speaker else None,
            "name": speaker.name if speaker else None,
            "type": speaker.type.value if speaker else None,
            "anonymous": speaker.anonymous if speaker else False,
            # extensions
            "entity_id": speaker.entity_id if speaker else None,
            "role": speaker.role if speaker else None,
            "start": speaker.start if speaker else None,
            "end": speaker.end if speaker else None,
            "resolved_by": speaker.resolved_by if speaker else None,
            "confidence": speaker.confidence if speaker else None,
        },
        "addressee": q.addressee,
        "when": q.when,
        "where": q.where,
        # extensions
        "when_date": q.when_date,
        "cue_detail": plain(q.cue) if q.cue else None,
        "fragments": [plain(f) for f in q.fragments],
        "group": q.group,
        "nested_in": q.nested_in,
        "sentence": q.sentence,
    }


def stance_to_dict(s: Stance) -> StanceJSON:
    return {
        "claim_id": s.claim_id,
        "holder": s.holder,
        "label": s.label.value,
        "certainty": round(s.certainty, 3),
        "evidence": [plain(c) for c in s.cues],
        # extensions
        "holder_kind": s.holder_kind,
        "probability": round(s.probability, 3),
        "sentences": [plain(x) for x in s.sentences],
        "quote_ids": list(s.quote_ids),
    }


def document_to_dict(doc: Document) -> ArticleJSON:
    a = doc.article
    return {
        "id": a.id,
        "source": a.source,
        "outlet": a.outlet,
        "url": a.url,
        "title": a.title,
        "published": a.published,
        "genre": doc.genre.value if doc.genre else None,
        "text": doc.text,
        "removed": [
            {"kind": r.kind.value, "text": r.text, "start": r.start, "end": r.end, "reason": r.reason}
            for r in doc.removed
        ],
        "quotes": [quote_to_dict(q) for q in doc.quotes],
        "stance": [stance_to_dict(s) for s in doc.stances],
        # extensions
        "author": a.author,
        "language": a.language,
        "content_type": a.content_type,
        "genre_scores": dict(doc.genre_scores),
        "sentences": [plain(s) for s in doc.sentences],
        "entities": [plain(e) for e in doc.entities],
        "claims": [plain(c) for c in doc.claims],
        "evidence": [plain(e) for e in doc.evidence],
        "near_duplicate_of": doc.near_duplicate_of,
        "near_duplicate": plain(doc.near_duplicate) if doc.near_duplicate else None,
        "exact_copies": [plain(c) for c in doc.exact_copies],
        "problems": [plain(f) for f in doc.failures],
    }


def _report_parts(report: Report) -> Iterator[tuple[str, Any]]:
    """report.json's top-level keys in order, each with its value; the article and story lists as
    iterators, so a writer can turn them into text one record at a time."""
    live = [d for d in report.documents if not is_dead(d)]
    skipped: list[SkippedJSON] = [
        {"id": d.id, "source": d.article.source, "reason": "; ".join(f.message for f in d.failures)}
        for d in report.documents
        if is_dead(d)
    ]
    yield "version", report.version
    yield "created", report.created
    yield "articles", (document_to_dict(d) for d in live)
    yield "stories", (story_to_dict(story) for story in report.stories)
    yield "skipped", skipped
    yield "failures", [plain(f) for f in report.failures]
    yield "failures_omitted", dict(report.omitted_failures)
    yield "duplicates", duplicates_to_dict(live)


def report_head(report: Report) -> dict[str, Any]:
    """report.json without its article and story lists: each of them ``None``, in its place (the store keeps
    them row by row and puts them back, see ``Store.load``)."""
    return {key: None if isinstance(value, Iterator) else value for key, value in _report_parts(report)}


def report_to_dict(report: Report) -> dict[str, Any]:
    """report.json as plain values (its shape: ``ReportJSON``, and ``report.schema.json`` made from it)."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _report_parts(report)}


def story_to_dict(story: Story) -> StoryJSON:
    """A story as report.json has it: typed records flattened, the mixed lists tagged with a ``kind``."""
    agreement: list[dict[str, Any]] = []
    for claim in story.claims:
        agreement += [{"kind": "cell", **plain(c)} for c in story.agreement if c.claim_id == claim.id]
        agreement += [{"kind": "corroboration", **plain(c)} for c in story.corroboration if c.claim_id == claim.id]
        agreement += [{"kind": "first", **plain(c)} for c in story.first_carriers if c.claim_id == claim.id]
    agreement += [{"kind": "first_quote", **plain(q)} for q in story.first_quotes]
    reuse = [{**plain(p), "kind": "pair"} for p in story.reuse]
    if story.reuse_summary is not None:
        reuse.append({**plain(story.reuse_summary), "kind": "summary"})
    exclusives = (
        [{"kind": "speaker", **plain(x)} for x in story.exclusive_speakers]
        + [{"kind": "quote", **plain(x)} for x in story.exclusive_quotes]
        + [{"kind": "fact", **plain(x)} for x in story.exclusive_facts]
    )
    return {
        "id": story.id,
        "article_ids": list(story.article_ids),
        "claims": [{"id": c.id, "text": c.text, **plain(c)} for c in story.claims],
        "quote_variants": [plain(v) for v in story.quote_variants],
        "reuse": reuse,
        "agreement": agreement,
        "exclusives": exclusives,
        "evidence_summary": [plain(e) for e in story.evidence_summary],
        "timeline": [plain(t) for t in story.timeline],
        "events": [plain(e) for e in story.events],
        "identical_quotes": story.identical_quotes,
    }


def exact_copy_message(copy: ExactCopy, kept: Document) -> str:
    """The record of an input collapsed into ``kept``: a duplicate, not an error."""
    return f"{copy.source}: exact duplicate of {kept.article.source}; analysed once"


def duplicates_to_dict(live: list[Document]) -> DuplicatesJSON:
    """Exact copies collapsed (each analysed once, as the article it copies) and near duplicates marked."""
    exact = [
        {
            **plain(c),
            "duplicate_of": d.id,
            "duplicate_of_source": d.article.source,
            "message": exact_copy_message(c, d),
        }
        for d in live
        for c in d.exact_copies
    ]
    near: list[NearDuplicateJSON] = [
        {
            "id": d.id,
            "source": d.article.source,
            "near_duplicate_of": d.near_duplicate.of,
            "resemblance": d.near_duplicate.resemblance,
            "containment": d.near_duplicate.containment,
        }
        for d in live
        if d.near_duplicate is not None
    ]
    return {"exact": exact, "near": near}


def write_json(report: Report, path: Path) -> Path:
    """report.json, written one article and one story at a time: the text of
    ``json.dumps(report_to_dict(report), ensure_ascii=False, indent=1)``, byte for byte, without ever
    holding the whole report as plain values (for a big corpus, several times the file's size)."""
    with path.open("w", encoding="utf-8") as out:
        dump_json(report, out)
    return path


def dump_json(report: Report, out: TextIO) -> None:
    """Write report.json's text to ``out`` a record at a time (see :func:`write_json`)."""
    out.write("{")
    for n, (key, value) in enumerate(_report_parts(report)):
        out.write(("," if n else "") + "\n " + json.dumps(key, ensure_ascii=False) + ": ")
        if not isinstance(value, Iterator):
            out.write(_indented(value, 1))
            continue
        first = True
        for item in value:
            out.write(("[" if first else ",") + "\n  " + _indented(item, 2))
            first = False
        out.write("[]" if first else "\n ]")
    out.write("\n}")


def _indented(value: Any, level: int) -> str:
    """``value`` as json.dumps(indent=1) writes it ``level`` levels deep (strings never hold a raw newline)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * level)
