"""The evidence behind each core claim of a story (``evidence.summary.v1``; the package docstring describes it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newstrace.model import (
    AgreementCell,
    ClaimEvidence,
    Document,
    Evidence,
    EvidenceItem,
    EvidenceRef,
    EvidenceStatement,
    ReusePair,
    ReuseSummary,
    Story,
    TextSpan,
)
from newstrace.stages.evidence._extract import DOCUMENTS, LABELS, NEGATION, ORIGIN_WORDS, VIDEO, EvidenceParams
from newstrace.text.tokens import tokenize


def _sentence(doc: Document, start: int) -> tuple[int, int]:
    for s in doc.sentences:
        if s.start <= start < s.end:
            return s.start, s.end
    lo = doc.text.rfind("\n", 0, start) + 1
    hi = doc.text.find("\n", start)
    return lo, hi if hi >= 0 else len(doc.text)


def origin_unknown(doc: Document, ev: Evidence) -> tuple[int, int] | None:
    """A sentence saying the source/origin of this material is not identified, if the article has one."""
    words_of_item = {t.norm for t in tokenize(ev.text)}
    head = VIDEO if words_of_item & VIDEO else DOCUMENTS if words_of_item & DOCUMENTS else frozenset()
    sents = doc.sentences or ()
    for s in sents:
        words = {t.norm for t in tokenize(doc.text[s.start : s.end])}
        if words & ORIGIN_WORDS and words & NEGATION and (words & head or not head):
            return s.start, s.end
    return None


def _reused_from(doc_id: str, ev: Evidence, pairs: Sequence[ReusePair]) -> str | None:
    for p in pairs:
        if p.copy_id != doc_id:
            continue
        for psg in p.passages:
            s, e = (psg.a_start, psg.a_end) if p.a_id == doc_id else (psg.b_start, psg.b_end)
            if s <= ev.start and ev.end <= e:
                return p.source_id
    return None


def _material_suppliers(doc: Document) -> dict[str, str]:
    """kind -> the supplier an article names for that kind of material (first named), if any."""
    out: dict[str, str] = {}
    for ev in doc.evidence:
        if ev.kind in {"video_image", "document", "unseen_classified"} and ev.supplier:
            out.setdefault(ev.kind, ev.supplier)
    return out


def _origin(ev: Evidence, doc_group: str, copied_from: str | None, supplier: str | None) -> str:
    """Where a piece of evidence comes from, so that repeats of one origin are counted once.

    A source is the speaker (the same official quoted by three outlets is one origin); material
    is its supplier when named ("videos obtained by X"), else the article (its copy group) that
    offers it; evidence inside a copied passage belongs to the article it was copied from.
    """
    if copied_from:
        doc_group = copied_from
    if ev.kind in {"named_official", "anonymous_official", "expert", "interested_party"} and ev.supplier:
        return f"{ev.kind}:{ev.supplier.lower()}"
    if supplier:
        return f"{ev.kind}:{supplier.lower()}"
    return f"{ev.kind}:{doc_group}"


@dataclass(frozen=True, slots=True)
class LocatedEvidence:
    """One evidence item of an article with what the article says around it (no story needed)."""

    evidence: Evidence
    sentence: TextSpan
    supplier: str | None  # the item's own supplier, else the one the article names for its kind of material
    origin_unknown: TextSpan | None


def locate_evidence(doc: Document) -> tuple[LocatedEvidence, ...]:
    """Each evidence item of ``doc`` with its sentence, supplier and any doubt the article casts on its origin."""
    suppliers = _material_suppliers(doc)
    out = []
    for ev in doc.evidence:
        s0, s1 = _sentence(doc, ev.start)
        unknown = origin_unknown(doc, ev) if ev.kind in {"video_image", "document"} else None
        out.append(
            LocatedEvidence(
                ev,
                TextSpan(s0, s1, doc.text[s0:s1]),
                ev.supplier or suppliers.get(ev.kind),
                None if unknown is None else TextSpan(*unknown, doc.text[unknown[0] : unknown[1]]),
            )
        )
    return tuple(out)


def evidence_items(
    docs: Sequence[Document],
    pairs: Sequence[ReusePair],
    reuse: ReuseSummary,
    located: Mapping[str, Sequence[LocatedEvidence]] | None = None,
) -> list[EvidenceItem]:
    """Every evidence item of the story's articles with its sentence, origin and origin doubts.

    ``located`` holds ``locate_evidence`` of each document when the caller made them already.
    """
    group_of = {a: min(g) for g in reuse.copy_groups for a in g}
    items: list[EvidenceItem] = []
    for doc in sorted(docs, key=lambda d: d.id):
        for found in located[doc.id] if located is not None else locate_evidence(doc):
            ev = found.evidence
            source = _reused_from(doc.id, ev, pairs)
            items.append(
                EvidenceItem(
                    article_id=doc.id,
                    kind=ev.kind,
                    text=ev.text,
                    start=ev.start,
                    end=ev.end,
                    supplier=found.supplier,
                    sentence=found.sentence,
                    origin=_origin(ev, group_of.get(doc.id, doc.id), source, found.supplier),
                    copied_from=source,
                    origin_unknown=found.origin_unknown,
                )
            )
    return items


def evidence_summary(
    story: Story,
    docs: Sequence[Document],
    pairs: Sequence[ReusePair],
    reuse: ReuseSummary,
    carriers: dict[str, set[str]] | None = None,
    located: Mapping[str, Sequence[LocatedEvidence]] | None = None,
    params: EvidenceParams | None = None,
) -> list[ClaimEvidence]:
    """One entry per core claim: items, independent origins, a support label and linked statements.

    ``carriers`` (claim id -> ids of the articles whose stance bears on the claim) restricts a
    claim's evidence to those articles; a claim missing from it gets the whole story's evidence.
    """
    params = params or EvidenceParams()
    all_items = evidence_items(docs, pairs, reuse, located)
    out: list[ClaimEvidence] = []
    for claim in story.claims or ():
        keep = (carriers or {}).get(claim.id)
        items = [i for i in all_items if i.article_id in keep] if keep is not None else all_items
        origins = sorted({i.origin for i in items})
        by_kind: dict[str, list[EvidenceItem]] = defaultdict(list)
        for i in items:
            by_kind[i.kind].append(i)
        label, score, basis = support(by_kind, params)
        statements = _statements(by_kind, len(items), len(origins), params)
        statements.append(EvidenceStatement("support", basis, ()))
        out.append(
            ClaimEvidence(
                claim_id=claim.id,
                claim=claim.text,
                support=label,
                basis=basis,
                score=score,
                independent_origins=len(origins),
                items_total=len(items),
                independent=len(origins) > 1,
                articles=tuple(sorted({i.article_id for i in items})),
                items=tuple(items),
                statements=tuple(statements),
            )
        )
    return out


def _describe(item: EvidenceItem) -> str:
    text, supplier = item.text.strip(" ,."), item.supplier
    if item.kind in {"named_official", "anonymous_official", "expert", "interested_party"}:
        return str(supplier or text).strip(" ,.")
    if item.kind in {"video_image", "document", "unseen_classified"} and supplier and supplier not in text:
        return f"{text} (from {supplier})"
    return text


def support(by_kind: dict[str, list[EvidenceItem]], params: EvidenceParams | None = None) -> tuple[str, float, str]:
    """A support label, a score and a plain sentence saying what the support rests on.

    Verifiable evidence is a document or an image whose origin the article does not put in
    doubt; statements alone (however many) make a claim at most moderately supported. The score
    sums each kind's weight times its independent origins (up to ``evidence.origins_counted_per_kind``).
    """
    p = params or EvidenceParams()
    weights = p.weights
    verifiable = {i.origin for k in ("document", "video_image") for i in by_kind.get(k, []) if not i.origin_unknown}
    score = sum(
        weights.get(k, 0.0) * min(p.origins_counted_per_kind, len({i.origin for i in g})) for k, g in by_kind.items()
    )
    statements = [
        LABELS[k] for k in ("named_official", "expert", "anonymous_official", "interested_party") if k in by_kind
    ]
    rests = ", ".join(statements) or "nothing the articles attribute"
    doubtful = [
        LABELS[k] for k in ("video_image", "document") if by_kind.get(k) and all(i.origin_unknown for i in by_kind[k])
    ]
    unseen = "unseen_classified" in by_kind
    if len(verifiable) >= p.well_supported_origins:
        return (
            "well supported",
            round(score, 2),
            f"Documents or images of known origin from {len(verifiable)} independent origins.",
        )
    if verifiable:
        return "moderately supported", round(score, 2), f"One document or image of known origin; otherwise {rests}."
    extra = ""
    if doubtful:
        extra += f"; the {' and '.join(doubtful)} offered are of unidentified origin"
    if unseen:
        extra += "; material said to exist (classified or unseen) is not shown"
    label = "moderately supported" if "named_official" in by_kind or "expert" in by_kind else "thinly supported"
    return (
        label,
        round(score, 2),
        f"No document or image of known origin; the claim rests on statements by {rests}{extra}.",
    )


def _ref(i: EvidenceItem) -> EvidenceRef:
    return EvidenceRef(i.article_id, i.sentence.start, i.sentence.end)


def _statements(
    by_kind: dict[str, list[EvidenceItem]], n_items: int, n_origins: int, p: EvidenceParams
) -> list[EvidenceStatement]:
    out: list[EvidenceStatement] = []
    weights = p.weights
    for kind in sorted(by_kind, key=lambda k: -weights.get(k, 0)):
        group = by_kind[kind]
        names = sorted({_describe(i) for i in group})[: p.statement_max_names]
        articles = sorted({i.article_id for i in group})
        text = f"{LABELS.get(kind, kind).capitalize()}: {'; '.join(names)} ({len(articles)} article(s))."
        out.append(EvidenceStatement(kind, text, tuple(_ref(i) for i in group)))
        unknown = [(i, i.origin_unknown) for i in group if i.origin_unknown is not None]
        if unknown:
            first, span = unknown[0]
            out.append(
                EvidenceStatement(
                    f"{kind}_origin_unknown",
                    f'The origin of the {LABELS.get(kind, kind)} is not identified: "{span.text}"',
                    (EvidenceRef(first.article_id, span.start, span.end), *(_ref(i) for i, _ in unknown)),
                )
            )
    out.append(
        EvidenceStatement(
            "independence",
            f"{n_items} evidence item(s) from {n_origins} distinct origin(s); copied passages count once.",
            (),
        )
    )
    return out


def claim_carriers(cells: Sequence[AgreementCell]) -> dict[str, set[str]]:
    """claim id -> ids of the articles whose stance toward it is other than unrelated.

    Only claims some article has a stance toward are listed: without stances every article of
    the story is taken to bear on every core claim (the grouping put them together).
    """
    out: dict[str, set[str]] = defaultdict(set)
    judged: set[str] = set()
    for cell in cells:
        if cell.label is None:
            continue
        judged.add(cell.claim_id)
        if cell.label != "unrelated":
            out[cell.claim_id].add(cell.article_id)
    return {c: out.get(c, set()) for c in judged}
