"""Speakers: expand the words that name a source, and resolve them to one entity per real source.

A speaker mention is the noun phrase of the cue's subject (or of "according to X"), grown over
titles, compounds and appositives ("Gen. Joseph Votel, the leader of US Central Command") but
not over relative clauses or asides ("X, who replaced Y,"). It is resolved, in this order:

- a name is matched to the fullest compatible name the article gives (``short-form``:
  "Nicholson" -> "John Nicholson", using ``stages.entities.compatible``);
- a personal pronoun goes to the most salient earlier source of a fitting kind (``pronoun``):
  the nearest earlier sentence's subject that is a person (he/she) or a body/group (they/it);
- a relative pronoun goes to the noun its clause modifies (``relative``);
- a definite role noun ("the general", "the spokesman") goes to the nearest earlier source whose
  title or appositive holds that noun (``role-noun``);
- anything else unnamed is an anonymous description ("another Afghan official", "sources").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from newstrace.attribution.cues import DOCUMENT_NOUNS, GROUP_NOUNS
from newstrace.model import Entity, Mention, Speaker, SpeakerType
from newstrace.stages.entities import compatible, name_words

Token = Any  # spacy.tokens.Token
Doc = Any  # spacy.tokens.Doc

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
THING_PRONOUNS = frozenset({"it"})
FIRST_SECOND = frozenset({"i", "me", "we", "us", "you"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})
_ORG_LABELS = frozenset({"ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})
_PRUNE = frozenset({"relcl", "advcl", "parataxis", "ccomp", "punct", "cc", "conj", "acl"})
#: Abbreviated titles and the role nouns they stand for ("Gen." -> "general").
TITLES: dict[str, str] = {
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "capt": "captain",
    "adm": "admiral",
    "sgt": "sergeant",
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "pres": "president",
    "sec": "secretary",
    "amb": "ambassador",
    "dr": "doctor",
    "prof": "professor",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "cmdr": "commander",
    "gen.": "general",
}
_UNSPECIFIC = frozenset({"another", "a", "an", "one", "some", "several", "many", "two", "three", "other", "unnamed"})


@dataclass
class Source:
    """One real source in the article, built up as its mentions are met."""

    key: int
    name: str
    type: SpeakerType
    anonymous: bool
    words: tuple[str, ...]
    roles: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    organization: str | None = None
    role_text: str | None = None


@dataclass
class Resolution:
    source: Source | None
    mention_start: int
    mention_end: int
    mention: str
    resolved_by: str
    confidence: float


class SpeakerIndex:
    """The sources of one article: names from the NER, resolved mentions, salience for pronouns."""

    def __init__(self, doc: Doc, in_quote: list[int]) -> None:
        self.doc = doc
        self.in_quote = in_quote
        self.sources: list[Source] = []
        self._by_head: dict[str, list[Source]] = {}
        self._names: list[tuple[tuple[str, ...], str, str]] = []  # fullest names in the article
        for ent in doc.ents:
            if ent.label_ in _NAMED_LABELS and self.in_quote[ent.start] < 0:
                words = name_words(_strip_possessive(ent.text))
                if words:
                    self._names.append((words, _clean_name(ent.text), ent.label_))
        self._sent_starts = [s.start for s in doc.sents]
        self._sent_spans = [(s.start, s.end) for s in doc.sents]
        # salient mentions for pronouns: (token index, source, is_subject)
        self._salient: list[tuple[int, Source, bool]] = []
        self._salient_keys: list[int] = []

    # ---- sources -------------------------------------------------------------------------
    def fullest_name(self, words: tuple[str, ...], text: str) -> str:
        best, best_len = text, len(words)
        for other, name, _ in self._names:
            if len(other) > best_len and compatible(words, other):
                best, best_len = name, len(other)
        return best

    def source_for_name(self, text: str, stype: SpeakerType) -> Source:
        words = name_words(_strip_possessive(text))
        for src in self._by_head.get(words[-1] if words else "", []):
            if not src.anonymous and compatible(words, src.words):
                if len(words) > len(src.words):
                    src.words, src.name = words, _clean_name(text)
                return src
        name = self.fullest_name(words, _clean_name(text))
        src = Source(len(self.sources), name, stype, False, name_words(name) or words)
        self.sources.append(src)
        if src.words:
            self._by_head.setdefault(src.words[-1], []).append(src)
        return src

    def anonymous_source(self, description: str, stype: SpeakerType, head_lemma: str) -> Source:
        key = description.lower()
        for src in self.sources:
            if src.anonymous and src.name.lower() == key:
                return src
        src = Source(len(self.sources), description, stype, True, (), roles={head_lemma})
        self.sources.append(src)
        return src

    def note_salient(self, token_i: int, src: Source, subject: bool) -> None:
        k = bisect.bisect_right(self._salient_keys, token_i)
        self._salient.insert(k, (token_i, src, subject))
        self._salient_keys.insert(k, token_i)

    def seed_salience(self) -> None:
        """Register every named person/body outside quotes, so pronouns can reach them."""
        for ent in self.doc.ents:
            if ent.label_ not in _NAMED_LABELS or self.in_quote[ent.start] >= 0:
                continue
            stype = _type_of_label(ent.label_)
            src = self.source_for_name(ent.text, stype)
            if src.type is SpeakerType.UNKNOWN or (stype is SpeakerType.PERSON and src.type is not SpeakerType.PERSON):
                src.type = stype if stype is SpeakerType.PERSON else src.type
            head = ent.root
            self._add_roles(src, head)
            self.note_salient(head.i, src, head.dep_ in ("nsubj", "nsubjpass"))

    def _add_roles(self, src: Source, head: Token) -> None:
        for tok in head.subtree:
            if tok.i >= len(self.in_quote) or self.in_quote[tok.i] >= 0:
                continue
            if tok.pos_ == "NOUN" or tok.lower_.rstrip(".") in TITLES:
                word = tok.lower_.rstrip(".")
                src.roles.add(TITLES.get(word, tok.lemma_.lower()))
        if head.dep_ == "appos":
            for tok in head.head.subtree:
                if tok.pos_ == "NOUN" and tok.i < head.i:
                    src.roles.add(tok.lemma_.lower())

    # ---- resolution ----------------------------------------------------------------------
    def resolve(self, head: Token) -> Resolution:
        """Resolve the speaker whose syntactic head is ``head``."""
        low = head.lower_
        if low in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            antecedent = head.head.head
            res = self.resolve(antecedent)
            return Resolution(res.source, head.idx, head.idx + len(head), head.text, "relative", res.confidence * 0.9)
        if head.pos_ == "PRON" or low in PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS:
            if low in FIRST_SECOND:
                return Resolution(None, head.idx, head.idx + len(head), head.text, "mention", 0.3)
            src, conf = self._antecedent(head)
            return Resolution(src, head.idx, head.idx + len(head), head.text, "pronoun", conf)
        start, end = self.expand(head)
        mention = self.doc.text[start:end]
        named = self._named_entity(head)
        if named is not None:
            stype = _type_of_label(named.label_)
            if head.lemma_.lower() in DOCUMENT_NOUNS and named.root.i != head.i:
                named = None
            else:
                src = self.source_for_name(named.text, stype)
                if src.type is SpeakerType.UNKNOWN:
                    src.type = stype
                self._add_roles(src, head)
                by = "mention" if name_words(named.text) == src.words else "short-form"
                self.note_salient(head.i, src, True)
                return Resolution(src, start, end, mention, by, 0.95 if by == "mention" else 0.85)
        if head.pos_ == "PROPN":
            src = self.source_for_name(self.doc[head.left_edge.i : head.i + 1].text, SpeakerType.UNKNOWN)
            self.note_salient(head.i, src, True)
            return Resolution(src, start, end, mention, "mention", 0.7)
        lemma = head.lemma_.lower()
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that") for c in head.children)
        if definite:
            found = self._by_role(head, lemma)
            if found is not None:
                self.note_salient(head.i, found, True)
                return Resolution(found, start, end, mention, "role-noun", 0.75)
        stype = _type_of_common(head)
        src = self.anonymous_source(_description(mention), stype, lemma)
        self.note_salient(head.i, src, True)
        return Resolution(src, start, end, mention, "mention", 0.8)

    def expand(self, head: Token) -> tuple[int, int]:
        """Character span of the noun phrase headed by ``head``: titles and appositives, no clauses."""
        lo = hi = head.i
        stack = [head]
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if child.dep_ in _PRUNE or self.in_quote[child.i] >= 0:
                    continue
                lo, hi = min(lo, child.left_edge.i if child.dep_ != "appos" else child.i), max(hi, child.i)
                stack.append(child)
        toks = [t for t in self.doc[lo : hi + 1]]
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        while toks and (toks[0].is_punct or toks[0].is_space):
            toks.pop(0)
        if not toks:
            return head.idx, head.idx + len(head)
        return toks[0].idx, toks[-1].idx + len(toks[-1])

    def _named_entity(self, head: Token) -> Any:
        if head.ent_type_ in _NAMED_LABELS:
            for ent in self.doc.ents:
                if ent.start <= head.i < ent.end:
                    return ent
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                return next(e for e in self.doc.ents if e.start <= child.i < e.end)
        if head.dep_ == "appos" and head.head.ent_type_ == "PERSON":
            return next(e for e in self.doc.ents if e.start <= head.head.i < e.end)
        return None

    def _antecedent(self, pron: Token) -> tuple[Source | None, float]:
        low = pron.lower_
        want_person = low in PERSON_PRONOUNS
        want_thing = low in THING_PRONOUNS
        k = bisect.bisect_left(self._salient_keys, pron.i)
        sent_index = bisect.bisect_right(self._sent_starts, pron.i) - 1
        best: tuple[Source | None, float] = (None, 0.0)
        seen_sent = None
        candidates_in_sent: list[tuple[Source, bool]] = []
        for j in range(k - 1, max(-1, k - 60), -1):
            tok_i, src, subject = self._salient[j]
            s = bisect.bisect_right(self._sent_starts, tok_i) - 1
            if sent_index - s > 4:
                break
            if not _fits(src, want_person, want_thing):
                continue
            if seen_sent is None:
                seen_sent = s
            if s != seen_sent:
                break
            candidates_in_sent.append((src, subject))
        if candidates_in_sent:
            subjects = [c for c, subj in candidates_in_sent if subj]
            chosen = subjects[-1] if subjects else candidates_in_sent[0][0]
            distance = sent_index - (seen_sent or sent_index)
            best = (chosen, 0.9 if distance <= 1 else 0.7)
        return best

    def _by_role(self, head: Token, lemma: str) -> Source | None:
        k = bisect.bisect_left(self._salient_keys, head.i)
        for j in range(k - 1, -1, -1):
            _, src, _ = self._salient[j]
            if lemma in src.roles and not src.anonymous:
                return src
        for j in range(k - 1, -1, -1):
            _, src, _ = self._salient[j]
            if lemma in src.roles:
                return src
        return None

    # ---- output --------------------------------------------------------------------------
    def speaker(self, res: Resolution, entity_ids: dict[int, str]) -> Speaker:
        src = res.source
        if src is None:
            return Speaker(
                res.mention,
                None,
                SpeakerType.UNKNOWN,
                False,
                None,
                None,
                res.mention_start,
                res.mention_end,
                res.resolved_by,
                res.confidence,
            )
        src.mentions.append(Mention(res.mention, res.mention_start, res.mention_end))
        src.aliases.add(res.mention)
        entity_id = entity_ids.setdefault(src.key, f"e{len(entity_ids) + 1}")
        role = ", ".join(sorted(r for r in src.roles if r and r not in src.name.lower())) or None
        return Speaker(
            res.mention,
            src.name,
            src.type,
            src.anonymous,
            entity_id,
            role,
            res.mention_start,
            res.mention_end,
            res.resolved_by,
            round(res.confidence, 2),
        )

    def entities(self, entity_ids: dict[int, str]) -> list[Entity]:
        out = []
        for key, eid in sorted(entity_ids.items(), key=lambda kv: int(kv[1][1:])):
            src = self.sources[key]
            role = ", ".join(sorted(r for r in src.roles if r and r not in src.name.lower())) or None
            out.append(
                Entity(
                    eid,
                    src.name,
                    src.type,
                    role,
                    src.organization,
                    src.anonymous,
                    tuple(sorted(src.aliases - {src.name})),
                    tuple(src.mentions),
                )
            )
        return out


def _fits(src: Source, want_person: bool, want_thing: bool) -> bool:
    if want_person:
        return src.type in (SpeakerType.PERSON, SpeakerType.UNKNOWN) and not (
            src.anonymous and src.type is not SpeakerType.PERSON
        )
    if want_thing:
        return src.type in (SpeakerType.ORGANIZATION, SpeakerType.DOCUMENT)
    return src.type in (SpeakerType.ORGANIZATION, SpeakerType.GROUP)


def _type_of_label(label: str) -> SpeakerType:
    if label == "PERSON":
        return SpeakerType.PERSON
    if label == "NORP":
        return SpeakerType.GROUP
    if label in _ORG_LABELS:
        return SpeakerType.ORGANIZATION
    return SpeakerType.UNKNOWN


def _type_of_common(head: Token) -> SpeakerType:
    lemma = head.lemma_.lower()
    if lemma in DOCUMENT_NOUNS:
        return SpeakerType.DOCUMENT
    if head.tag_ in ("NNS", "NNPS") or head.lower_ in GROUP_NOUNS:
        return SpeakerType.GROUP
    return SpeakerType.PERSON


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _clean_name(text: str) -> str:
    """A name as written, without a leading article, a possessive ending or a leading title."""
    text = _strip_possessive(text.strip())
    words = text.split()
    while len(words) > 1 and (words[0].lower() in ("the",) or words[0].lower().rstrip(".") in TITLES):
        words = words[1:]
    return " ".join(words)


def _description(mention: str) -> str:
    return mention.strip()
