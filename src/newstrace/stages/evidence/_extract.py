"""What each article offers as evidence (``evidence.v1``; the package docstring describes it).

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

from spacy.tokens import Doc, Token

from newstrace.model import Document, Evidence
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


def claim_parties(doc: Document, parse: Doc | None = None) -> frozenset[str]:
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


def _locative(tok: Token) -> bool:
    """True for a place the claim happens in ("in Afghanistan"), which is not a party to it."""
    while tok.dep_ in {"compound", "amod", "poss", "det"} and tok.head is not tok:
        tok = tok.head
    return bool(tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE)


def _main_subject(tok: Token) -> bool:
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


def _parse_items(doc: Document, parse: Doc, parties: frozenset[str]) -> list[Evidence]:
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


def _supplier(tok: Token) -> str | None:
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


def extract_evidence(doc: Document, parse: Doc | None = None) -> tuple[Evidence, ...]:
    """Evidence items of one document, sorted by offset, one per (kind, overlapping span)."""
    parties = claim_parties(doc, parse)
    items = _quote_items(doc, parties) + (_parse_items(doc, parse, parties) if parse is not None else _token_items(doc))
    out: list[Evidence] = []
    for ev in sorted(items, key=lambda e: (e.start, -e.end, e.kind)):
        if any(o.kind == ev.kind and o.start < ev.end and ev.start < o.end for o in out):
            continue
        out.append(ev)
    return tuple(out)
