"""Evidence: what each article offers for its claims, and how independent that evidence is.

Per document (``extract_evidence``), by general cues only:

- sources: who a statement is attributed to (the article's quotes, and with a parse the
  subjects of reporting verbs) classified by the words of the speaker's mention:
  ``interested_party`` when the speaker is one of the parties the claim is about (an entity of
  the claim other than the subject of its main verb: the accused, the accuser), ``expert``
  (expert, analyst, researcher ...), ``named_official`` (an official role noun with a name),
  ``anonymous_official`` (an official role noun without a name, or an anonymous speaker);
- material: ``video_image`` (video, footage, image, photo ...), ``document`` (document, memo,
  letter, transcript ...), ``unseen_classified`` (classified / secret / confidential material,
  intelligence as a thing rather than an agency).

Per story and core claim (``evidence_summary``): every item with its sentence; items inside a
passage the article copied from another count as that origin (copies count once); material
whose origin the article says is not identified is flagged; a plain summary whose every
statement points at its sentences.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from newstrace.model import Document, Evidence, Story
from newstrace.stages.stories._reuse import ReusePair, ReuseSummary
from newstrace.text.tokens import tokenize

VIDEO = frozenset(
    [
        "video",
        "videos",
        "footage",
        "image",
        "images",
        "photo",
        "photos",
        "photograph",
        "photographs",
        "picture",
        "pictures",
        "recording",
        "recordings",
        "imagery",
    ]
)
DOCUMENTS = frozenset(
    [
        "document",
        "documents",
        "memo",
        "memos",
        "memorandum",
        "letter",
        "letters",
        "email",
        "emails",
        "e-mail",
        "transcript",
        "transcripts",
        "dossier",
        "cable",
        "cables",
        "filing",
        "filings",
        "contract",
        "contracts",
        "receipt",
        "receipts",
        "invoice",
        "invoices",
        "manifest",
    ]
)
UNSEEN_ADJ = frozenset(["classified", "secret", "confidential", "undisclosed", "unpublished", "unreleased"])
OFFICIAL = frozenset(
    [
        "official",
        "officials",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "minister",
        "ministry",
        "secretary",
        "general",
        "gen",
        "commander",
        "ambassador",
        "president",
        "senator",
        "sen",
        "government",
        "department",
        "agency",
        "police",
        "military",
        "army",
        "officer",
        "officers",
        "administration",
        "diplomat",
        "diplomats",
        "envoy",
        "governor",
        "mayor",
        "chief",
        "director",
        "prosecutor",
    ]
)
EXPERT = frozenset(
    [
        "expert",
        "experts",
        "analyst",
        "analysts",
        "researcher",
        "researchers",
        "professor",
        "scientist",
        "scientists",
        "specialist",
        "specialists",
        "scholar",
    ]
)
REPORTING = frozenset(
    [
        "say",
        "tell",
        "claim",
        "state",
        "allege",
        "insist",
        "confirm",
        "deny",
        "add",
        "note",
        "suggest",
        "argue",
        "warn",
        "report",
        "accuse",
        "call",
        "admit",
    ]
)
NEGATION = frozenset(
    ["not", "no", "n't", "never", "without", "unknown", "unidentified", "unclear", "unverified", "stripped"]
)
ORIGIN_WORDS = frozenset(["source", "sources", "origin", "origins", "provenance"])
LOCATIVE = frozenset(["in", "at", "on", "near", "inside", "across", "throughout", "within"])
_RELATIVE = frozenset({"who", "that", "which"})
_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you", "him", "her", "them"])

#: weights behind the plain support label (per independent origin)
WEIGHTS = {
    "document": 1.0,
    "video_image": 0.8,
    "named_official": 0.6,
    "expert": 0.6,
    "anonymous_official": 0.3,
    "interested_party": 0.2,
    "unseen_classified": 0.1,
}
LABELS = {
    "named_official": "named officials",
    "anonymous_official": "anonymous officials",
    "document": "documents",
    "video_image": "video or images",
    "expert": "experts",
    "interested_party": "interested parties",
    "unseen_classified": "classified or unseen material",
}


def _stem(word: str) -> str:
    return word.lower()[:5]


def claim_parties(doc: Document, parse: Any = None) -> frozenset[str]:
    """Stems of the parties a document's claim is about (not the subject of the claim's main verb).

    The claim is the document's headline claim, else its first sentence (a question headline
    included: "Do videos show X receiving arms from Y?" names X and Y).
    """
    claim = next((c for c in doc.claims if c.origin == "headline"), None)
    start = (
        claim.start
        if claim is not None and claim.start is not None
        else (doc.sentences[0].start if doc.sentences else 0)
    )
    end = (
        claim.end if claim is not None and claim.end is not None else (doc.sentences[0].end if doc.sentences else None)
    )
    if parse is not None and len(parse):
        sent = next((s for s in parse.sents if s.start_char <= start < s.end_char), None) or next(iter(parse.sents))
        return frozenset(
            _stem(t.text)
            for t in sent
            if (end is None or t.idx < end)
            and (t.ent_type_ in {"GPE", "ORG", "NORP", "PERSON"} or t.pos_ == "PROPN")
            and not _main_subject(t)
            and not _locative(t)
        )
    text = claim.text if claim is not None else doc.text[start : (doc.sentences[0].end if doc.sentences else 200)]
    return frozenset(_stem(m.group()) for m in re.finditer(r"\b[A-Z][a-z]{3,}\w*", text) if m.start() > 0)


def _locative(tok: Any) -> bool:
    """True for a place the claim happens in ("in Afghanistan"), which is not a party to it."""
    while tok.dep_ in {"compound", "amod", "poss", "det"} and tok.head is not tok:
        tok = tok.head
    return bool(tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE)


def _main_subject(tok: Any) -> bool:
    """True for the subject of a sentence's main verb (or a word inside it): the reporter of the claim."""
    while tok.dep_ in {"compound", "amod", "poss", "det"} and tok.head is not tok:
        tok = tok.head
    return bool(tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "ROOT")


def classify_source(words: Sequence[str], named: bool, anonymous: bool, parties: frozenset[str]) -> str | None:
    """The evidence kind of a statement by a speaker described by ``words`` (None: not evidence)."""
    lower = [w.lower().rstrip(".") for w in words]
    if any(_stem(w) in parties for w in words if w[:1].isupper()):
        return "interested_party"
    if any(w in EXPERT for w in lower):
        return "expert"
    if any(w in OFFICIAL for w in lower):
        return "anonymous_official" if anonymous or not named else "named_official"
    return None


def _quote_items(doc: Document, parties: frozenset[str]) -> list[Evidence]:
    # every way the article refers to a speaker ("Russia's Foreign Ministry", later "they")
    described: dict[str, list[str]] = defaultdict(list)
    for q in doc.quotes:
        if q.speaker is not None and q.speaker.name:
            desc = " ".join(x for x in (q.speaker.mention, q.speaker.role) if x)
            described[q.speaker.name].extend(re.findall(r"[\w'.-]+", desc))
    out = []
    for q in doc.quotes:
        sp = q.speaker
        if sp is None:
            continue
        desc = " ".join(x for x in (sp.mention, sp.role, sp.name) if x)
        words = re.findall(r"[\w'.-]+", desc) + (described.get(sp.name, []) if sp.name else [])
        named = bool(sp.name) and not sp.anonymous
        kind = classify_source(words, named, sp.anonymous, parties)
        if kind is None:
            continue  # a speaker with no official, expert or party role is not evidence of this kind
        if sp.start is None or sp.end is None or sp.end <= sp.start:
            continue  # a later part of a split quote: its first part already counted the speaker
        start, end = sp.start, sp.end
        out.append(Evidence(kind, doc.text[start:end], start, end, sp.name or sp.mention))
    return out


def _parse_items(doc: Document, parse: Any, parties: frozenset[str]) -> list[Evidence]:
    out: list[Evidence] = []
    for tok in parse:
        # sources: subjects of reporting verbs
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() in REPORTING:
            subj = next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if subj is None:
                continue
            if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
                subj = tok.head
            if subj.lower_ in _PRONOUNS:
                continue
            span = parse[subj.left_edge.i : subj.right_edge.i + 1]
            if len(span) > 15:
                span = parse[max(subj.left_edge.i, subj.i - 6) : subj.i + 1]
            named = any(t.pos_ == "PROPN" and t.ent_type_ in {"PERSON", "ORG"} for t in span)
            kind = classify_source([t.text for t in span], named, False, parties)
            if kind:
                out.append(Evidence(kind, span.text, span.start_char, span.end_char, span.text))
        # material
        low = tok.lower_
        kind = None
        if tok.pos_ in {"NOUN", "PROPN"} and low in VIDEO:
            kind = "video_image"
        elif tok.pos_ == "NOUN" and low in DOCUMENTS:
            kind = "document"
        elif tok.pos_ == "NOUN" and (
            any(c.lower_ in UNSEEN_ADJ for c in tok.children) or (low == "intelligence" and tok.dep_ != "compound")
        ):
            kind = "unseen_classified"
        if kind:
            left = min(
                [tok.i, *(c.left_edge.i for c in tok.children if c.dep_ in {"amod", "compound", "nummod", "det"})]
            )
            span = parse[left : tok.i + 1]
            out.append(Evidence(kind, span.text, span.start_char, span.end_char, _supplier(tok)))
    return out


def _supplier(tok: Any) -> str | None:
    """The named subject of the sentence's main verb ("CNN claims two videos ..."), if any."""
    root = tok.sent.root
    subj = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if subj is not None and (subj.pos_ == "PROPN" or subj.ent_type_):
        return str(subj.text)
    return None


def _token_items(doc: Document) -> list[Evidence]:
    """Material cues without a parse: single words."""
    out = []
    toks = tokenize(doc.text)
    for i, t in enumerate(toks):
        kind = "video_image" if t.norm in VIDEO else "document" if t.norm in DOCUMENTS else None
        if kind is None and t.norm in UNSEEN_ADJ and i + 1 < len(toks):
            out.append(Evidence("unseen_classified", doc.text[t.start : toks[i + 1].end], t.start, toks[i + 1].end))
            continue
        if kind:
            out.append(Evidence(kind, doc.text[t.start : t.end], t.start, t.end))
    return out


def extract_evidence(doc: Document, parse: Any = None) -> tuple[Evidence, ...]:
    """Evidence items of one document, sorted by offset, one per (kind, overlapping span)."""
    parties = claim_parties(doc, parse)
    items = _quote_items(doc, parties) + (_parse_items(doc, parse, parties) if parse is not None else _token_items(doc))
    out: list[Evidence] = []
    for ev in sorted(items, key=lambda e: (e.start, -e.end, e.kind)):
        if any(o.kind == ev.kind and o.start < ev.end and ev.start < o.end for o in out):
            continue
        out.append(ev)
    return tuple(out)


# --- per story ------------------------------------------------------------------------------


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


def evidence_items(docs: Sequence[Document], pairs: Sequence[ReusePair], reuse: ReuseSummary) -> list[dict[str, Any]]:
    """Every evidence item of the story's articles with its sentence, origin and origin doubts."""
    group_of = {a: min(g) for g in reuse.copy_groups for a in g}
    items: list[dict[str, Any]] = []
    for doc in sorted(docs, key=lambda d: d.id):
        suppliers = _material_suppliers(doc)
        for ev in doc.evidence:
            s0, s1 = _sentence(doc, ev.start)
            source = _reused_from(doc.id, ev, pairs)
            supplier = ev.supplier or suppliers.get(ev.kind)
            unknown = origin_unknown(doc, ev) if ev.kind in {"video_image", "document"} else None
            items.append(
                {
                    "article_id": doc.id,
                    "kind": ev.kind,
                    "text": ev.text,
                    "start": ev.start,
                    "end": ev.end,
                    "supplier": supplier,
                    "sentence": {"start": s0, "end": s1, "text": doc.text[s0:s1]},
                    "origin": _origin(ev, group_of.get(doc.id, doc.id), source, supplier),
                    "copied_from": source,
                    "origin_unknown": None
                    if unknown is None
                    else {"start": unknown[0], "end": unknown[1], "text": doc.text[unknown[0] : unknown[1]]},
                }
            )
    return items


def evidence_summary(
    story: Story,
    docs: Sequence[Document],
    pairs: Sequence[ReusePair],
    reuse: ReuseSummary,
    carriers: dict[str, set[str]] | None = None,
) -> list[dict[str, object]]:
    """One entry per core claim: items, independent origins, a support label and linked statements.

    ``carriers`` (claim id -> ids of the articles whose stance bears on the claim) restricts a
    claim's evidence to those articles; a claim missing from it gets the whole story's evidence.
    """
    all_items = evidence_items(docs, pairs, reuse)
    out: list[dict[str, object]] = []
    for claim in story.claims or ():
        keep = (carriers or {}).get(claim.id)
        items = [i for i in all_items if i["article_id"] in keep] if keep is not None else all_items
        origins = sorted({i["origin"] for i in items})
        by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for i in items:
            by_kind[i["kind"]].append(i)
        label, score, basis = support(by_kind)
        statements = _statements(by_kind, len(items), len(origins))
        statements.append({"kind": "support", "text": basis, "refs": []})
        out.append(
            {
                "claim_id": claim.id,
                "claim": claim.text,
                "support": label,
                "basis": basis,
                "score": score,
                "independent_origins": len(origins),
                "items_total": len(items),
                "independent": len(origins) > 1,
                "articles": sorted({i["article_id"] for i in items}),
                "items": items,
                "statements": statements,
            }
        )
    return out


def _describe(item: dict[str, Any]) -> str:
    text, supplier = str(item["text"]).strip(" ,."), item["supplier"]
    if item["kind"] in {"named_official", "anonymous_official", "expert", "interested_party"}:
        return str(supplier or text).strip(" ,.")
    if item["kind"] in {"video_image", "document", "unseen_classified"} and supplier and supplier not in text:
        return f"{text} (from {supplier})"
    return text


def support(by_kind: dict[str, list[dict[str, Any]]]) -> tuple[str, float, str]:
    """A support label, a score and a plain sentence saying what the support rests on.

    Verifiable evidence is a document or an image whose origin the article does not put in
    doubt; statements alone (however many) make a claim at most moderately supported.
    """
    verifiable = {
        i["origin"] for k in ("document", "video_image") for i in by_kind.get(k, []) if not i["origin_unknown"]
    }
    score = sum(WEIGHTS.get(k, 0.0) * min(2, len({i["origin"] for i in g})) for k, g in by_kind.items())
    statements = [
        LABELS[k] for k in ("named_official", "expert", "anonymous_official", "interested_party") if k in by_kind
    ]
    rests = ", ".join(statements) or "nothing the articles attribute"
    doubtful = [
        LABELS[k]
        for k in ("video_image", "document")
        if by_kind.get(k) and all(i["origin_unknown"] for i in by_kind[k])
    ]
    unseen = "unseen_classified" in by_kind
    if len(verifiable) >= 2:
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


def _ref(i: dict[str, Any]) -> dict[str, object]:
    s = i["sentence"]
    return {"article_id": i["article_id"], "start": s["start"], "end": s["end"]}


def _statements(by_kind: dict[str, list[dict[str, Any]]], n_items: int, n_origins: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for kind in sorted(by_kind, key=lambda k: -WEIGHTS.get(k, 0)):
        group = by_kind[kind]
        names = sorted({_describe(i) for i in group})
        articles = sorted({i["article_id"] for i in group})
        text = f"{LABELS.get(kind, kind).capitalize()}: {'; '.join(names[:8])} ({len(articles)} article(s))."
        out.append({"kind": kind, "text": text, "refs": [_ref(i) for i in group]})
        unknown = [i for i in group if i["origin_unknown"]]
        if unknown:
            u = unknown[0]["origin_unknown"]
            out.append(
                {
                    "kind": f"{kind}_origin_unknown",
                    "text": f'The origin of the {LABELS.get(kind, kind)} is not identified: "{u["text"]}"',
                    "refs": [
                        {"article_id": i["article_id"], **{k: i["origin_unknown"][k] for k in ("start", "end")}}
                        for i in unknown[:1]
                    ]
                    + [_ref(i) for i in unknown],
                }
            )
    out.append(
        {
            "kind": "independence",
            "text": f"{n_items} evidence item(s) from {n_origins} distinct origin(s); copied passages count once.",
            "refs": [],
        }
    )
    return out
