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

import dataclasses
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from newstrace.model import Document, Evidence
from newstrace.settings import Settings
from newstrace.text import lexicons
from newstrace.text.tokens import tokenize

_LEXICONS = "stages/evidence/lexicons/"
#: Nouns of visual material (video, footage, photos ...).
VIDEO = lexicons.words(_LEXICONS + "video_image_words.txt")
#: Nouns of documentary material (memo, letter, transcript ...).
DOCUMENTS = lexicons.words(_LEXICONS + "document_words.txt")
#: Adjectives of material not shown (classified, secret ...).
UNSEEN_ADJ = lexicons.words(_LEXICONS + "unseen_adjectives.txt")
#: Words of an official's description (spokesman, minister, police ...).
OFFICIAL = lexicons.words(_LEXICONS + "official_words.txt")
#: Words of an expert's description (analyst, researcher, professor ...).
EXPERT = lexicons.words(_LEXICONS + "expert_words.txt")
#: Lemmas of reporting verbs (say, tell, deny ...).
REPORTING = lexicons.words(_LEXICONS + "reporting_verbs.txt")
#: Words that put the origin of material in doubt with an origin word (unknown, unverified ...).
NEGATION = lexicons.words(_LEXICONS + "negation_words.txt")
#: Words that name where material comes from (source, origin, provenance).
ORIGIN_WORDS = lexicons.words(_LEXICONS + "origin_words.txt")
#: Prepositions of place ("in Afghanistan" is where a claim happens, not a party to it).
LOCATIVE = lexicons.words(_LEXICONS + "locative_prepositions.txt")
_RELATIVE = frozenset({"who", "that", "which"})
_PRONOUNS = lexicons.words(_LEXICONS + "pronouns.txt")
#: What each evidence kind is called in a summary ("named officials").
LABELS = lexicons.table(_LEXICONS + "support_labels.txt")


@dataclass(frozen=True, slots=True)
class EvidenceParams:
    """The numbers of evidence extraction and of the support label; each is the ``[evidence]`` setting of
    the same name (defaults.toml says what it does)."""

    document_weight: float = 1.0
    video_image_weight: float = 0.8
    named_official_weight: float = 0.6
    expert_weight: float = 0.6
    anonymous_official_weight: float = 0.3
    interested_party_weight: float = 0.2
    unseen_classified_weight: float = 0.1
    origins_counted_per_kind: int = 2
    well_supported_origins: int = 2
    party_stem_chars: int = 5
    claim_fallback_chars: int = 200
    source_max_tokens: int = 15
    source_window_tokens: int = 6
    statement_max_names: int = 8

    @classmethod
    def from_settings(cls, settings: Settings) -> EvidenceParams:
        """Every field from the setting of the same name in ``[evidence]``."""
        defaults = cls()
        return cls(
            **{
                f.name: type(getattr(defaults, f.name))(settings.get(f"evidence.{f.name}"))
                for f in dataclasses.fields(cls)
            }
        )

    @property
    def weights(self) -> dict[str, float]:
        """Evidence kind -> its weight in the support score (per independent origin)."""
        return {
            "document": self.document_weight,
            "video_image": self.video_image_weight,
            "named_official": self.named_official_weight,
            "expert": self.expert_weight,
            "anonymous_official": self.anonymous_official_weight,
            "interested_party": self.interested_party_weight,
            "unseen_classified": self.unseen_classified_weight,
        }


def _stem(word: str, chars: int) -> str:
    return word.lower()[:chars]


def claim_parties(doc: Document, parse: Doc | None = None, params: EvidenceParams | None = None) -> frozenset[str]:
    """Stems of the parties a document's claim is about (not the subject of the claim's main verb).

    The claim is the document's headline claim, else its first sentence (a question headline
    included: "Do videos show X receiving arms from Y?" names X and Y). A stem is the first
    ``evidence.party_stem_chars`` letters of a name word, lower-cased.
    """
    p = params or EvidenceParams()
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
            _stem(t.text, p.party_stem_chars)
            for t in sent
            if (end is None or t.idx < end)
            and (t.ent_type_ in {"GPE", "ORG", "NORP", "PERSON"} or t.pos_ == "PROPN")
            and not _main_subject(t)
            and not _locative(t)
        )
    if claim is not None:
        text = claim.text
    else:
        text = doc.text[start : (doc.sentences[0].end if doc.sentences else p.claim_fallback_chars)]
    return frozenset(
        _stem(m.group(), p.party_stem_chars) for m in re.finditer(r"\b[A-Z][a-z]{3,}\w*", text) if m.start() > 0
    )


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


def classify_source(
    words: Sequence[str], named: bool, anonymous: bool, parties: frozenset[str], params: EvidenceParams | None = None
) -> str | None:
    """The evidence kind of a statement by a speaker described by ``words`` (None: not evidence)."""
    stem_chars = (params or EvidenceParams()).party_stem_chars
    lower = [w.lower().rstrip(".") for w in words]
    if any(_stem(w, stem_chars) in parties for w in words if w[:1].isupper()):
        return "interested_party"
    if any(w in EXPERT for w in lower):
        return "expert"
    if any(w in OFFICIAL for w in lower):
        return "anonymous_official" if anonymous or not named else "named_official"
    return None


def _quote_items(doc: Document, parties: frozenset[str], p: EvidenceParams) -> list[Evidence]:
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
        kind = classify_source(words, named, sp.anonymous, parties, p)
        if kind is None:
            continue  # a speaker with no official, expert or party role is not evidence of this kind
        if sp.start is None or sp.end is None or sp.end <= sp.start:
            continue  # a later part of a split quote: its first part already counted the speaker
        start, end = sp.start, sp.end
        out.append(Evidence(kind, doc.text[start:end], start, end, sp.name or sp.mention, q.id))
    return out


def _parse_items(doc: Document, parse: Doc, parties: frozenset[str], p: EvidenceParams) -> list[Evidence]:
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
            if len(span) > p.source_max_tokens:
                span = parse[max(subj.left_edge.i, subj.i - p.source_window_tokens) : subj.i + 1]
            named = any(t.pos_ == "PROPN" and t.ent_type_ in {"PERSON", "ORG"} for t in span)
            kind = classify_source([t.text for t in span], named, False, parties, p)
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


def extract_evidence(
    doc: Document, parse: Doc | None = None, params: EvidenceParams | None = None
) -> tuple[Evidence, ...]:
    """Evidence items of one document, sorted by offset, one per (kind, overlapping span)."""
    p = params or EvidenceParams()
    parties = claim_parties(doc, parse, p)
    items = _quote_items(doc, parties, p) + (
        _parse_items(doc, parse, parties, p) if parse is not None else _token_items(doc)
    )
    out: list[Evidence] = []
    for ev in sorted(items, key=lambda e: (e.start, -e.end, e.kind)):
        if any(o.kind == ev.kind and o.start < ev.end and ev.start < o.end for o in out):
            continue
        out.append(ev)
    return tuple(out)
