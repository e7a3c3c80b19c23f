"""How sure a quoted speaker sounds, and whether the quote denies something — read from the parse.

:func:`assess` takes a spaCy ``Span`` (a quote's content or its sentence) and the class of the
quote's reporting cue and returns a :class:`QuoteAssessment`: a certainty in [0, 1] with the
:class:`~newstrace.model.CertaintyCue` items behind it, and the polarity the quote expresses toward
what it talks about (a denial, a negated denial, a negated statement).

Lexicons are general English, after Hyland's hedges and boosters (Hyland 1998, *Hedging in
Scientific Research Articles*; Hyland 2005, *Metadiscourse*, appendix) and common denial verbs,
nouns and adjectives. First-person epistemic verbs ("I think", "I believe", "I guess") are read as
hedges when a speaker uses them about a proposition (Kärkkäinen 2003), whatever Hyland lists them as
in academic prose. The word lists are data files (``data/lexicons/`` for the single-word hedges and
boosters genre reads too, ``lexicons/`` beside this module for the rest); the weights are ``[stance]``
settings (:class:`CertaintyParams`).

Negation scope comes from the dependency parse: a negator (``neg`` dependency, or "no"/"never"/"not"
attached to a word) negates its head and the head's subtree. A denial word inside a negation's
scope is a *negated denial* ("I'm not refuting that" = not a refutation: support); a booster inside it
turns into a hedge ("not sure"); a hedge-negating phrase ("no doubt") is a booster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newstrace.model import Assessment, CertaintyCue, CueClass
from newstrace.settings import Settings
from newstrace.text import lexicons

_LEXICONS = "stages/stance/lexicons"
#: Single-word hedges (Hyland 2005, appendix; modal and epistemic adverbs, verbs, adjectives).
HEDGES = lexicons.words("data/lexicons/hedges.txt")
#: Multi-word hedges (lower-case, matched on the lower-cased words).
HEDGE_PHRASES = lexicons.phrases(f"{_LEXICONS}/hedge_phrases.txt")
#: Single-word boosters (Hyland 2005) plus intensifying degree adverbs (Quirk et al.'s maximizers).
BOOSTERS = lexicons.words("data/lexicons/boosters.txt")
BOOSTER_PHRASES = lexicons.phrases(f"{_LEXICONS}/booster_phrases.txt")
#: Denial verbs, nouns and adjectives (the speaker says something is not so).
DENIALS = lexicons.words(f"{_LEXICONS}/denials.txt")
#: Restrictive focus adverbs: "just / merely / purely political" minimises what was alleged.
MINIMISERS = lexicons.words(f"{_LEXICONS}/minimisers.txt")
NEGATORS = lexicons.words(f"{_LEXICONS}/negators.txt")
#: Predicates of knowing and being sure: negated in a main clause, the speaker does not commit.
KNOWLEDGE = lexicons.words(f"{_LEXICONS}/knowledge_predicates.txt")
#: Phrases that negate a clause without a "not" on its verb ("in no way", "under no circumstances").
NEGATIVE_ADVERBIALS = lexicons.phrases(f"{_LEXICONS}/negative_adverbials.txt")


@dataclass(frozen=True, slots=True)
class CertaintyParams:
    """The certainty weights (``[stance]`` settings; the defaults are those of ``defaults.toml``)."""

    #: Certainty before any cue is counted (a plain statement).
    base: float = 0.7
    #: What a hedge takes away (a negated booster is a hedge).
    hedge_weight: float = -0.18
    #: What a booster adds.
    booster_weight: float = 0.12
    #: What a scare quote takes away.
    scare_quote_weight: float = -0.1
    #: The share of its weight each hedge or booster after the first of its kind counts (diminishing returns).
    repeat_share: float = 0.5
    #: The lowest certainty (the highest is 1).
    floor: float = 0.05
    #: How a reporting cue's class moves the certainty the writer lends the quote (a neutral cue: not at all).
    endorsing_cue: float = 0.1
    distancing_cue: float = -0.1
    hedged_cue: float = -0.2
    negating_cue: float = 0.05

    @classmethod
    def from_settings(cls, settings: Settings) -> CertaintyParams:
        return cls(
            base=float(settings.get("stance.base_certainty")),
            hedge_weight=float(settings.get("stance.hedge_weight")),
            booster_weight=float(settings.get("stance.booster_weight")),
            scare_quote_weight=float(settings.get("stance.scare_quote_weight")),
            repeat_share=float(settings.get("stance.repeat_cue_share")),
            floor=float(settings.get("stance.min_certainty")),
            endorsing_cue=float(settings.get("stance.endorsing_cue_weight")),
            distancing_cue=float(settings.get("stance.distancing_cue_weight")),
            hedged_cue=float(settings.get("stance.hedged_cue_weight")),
            negating_cue=float(settings.get("stance.negating_cue_weight")),
        )

    def cue_weight(self, cue_class: CueClass) -> float:
        """How a reporting cue of this class moves the certainty."""
        return {
            CueClass.NEUTRAL: 0.0,
            CueClass.ENDORSING: self.endorsing_cue,
            CueClass.DISTANCING: self.distancing_cue,
            CueClass.HEDGED: self.hedged_cue,
            CueClass.NEGATING: self.negating_cue,
        }.get(cue_class, 0.0)


DEFAULT_PARAMS = CertaintyParams()

_SCARE = re.compile(r"(?<!\w)(?:\"([A-Za-z][\w-]*)\"|“([A-Za-z][\w-]*)”|‘([A-Za-z][\w-]*)’)(?!\w)")


def _is_negator(tok: Token) -> bool:
    return bool(tok.dep_ == "neg" or (tok.lower_ in NEGATORS and tok.dep_ in {"det", "advmod", "neg", "preconj"}))


def negated_tokens(span: Span) -> set[int]:
    """Indices (doc-level ``token.i``) of tokens inside some negation's scope in ``span``."""
    scope: set[int] = set()
    for tok in span:
        if _is_negator(tok):
            head = tok.head
            scope.update(t.i for t in head.subtree if t.i != tok.i)
    return scope


#: Dependencies by which a word is what its head predicates ("is not *false*", "not *willing* to deny").
_PREDICATIVE = frozenset({"acomp", "attr", "xcomp", "oprd", "conj"})


def negated_directly(tok: Token) -> bool:
    """Whether a negation bears on ``tok`` itself, not merely on a clause it sits in.

    "I'm not *refuting* that", "that is not *false*", "I would not *rule* it out": the negator hangs on the
    word, or on the verb the word is the predicate of. In "I have not done anything *wrong*" the negation
    bears on "done": "wrong" is part of what is denied, not a denial that is negated.
    """
    word = tok
    for _ in range(3):  # the word, then the heads it is a predicate of
        if any(_is_negator(c) for c in word.children):
            return True
        if word.dep_ not in _PREDICATIVE or word.head.i == word.i:
            return False
        word = word.head
    return False


#: The arguments of a clause whose negative quantifier negates the clause: its subject ("*Nothing* he proposed
#: would have stopped it", "*no one* was told"), its object ("they found *no* evidence") and what it predicates
#: ("there is *no* emergency", "it was *no* accident").
_CLAUSE_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})


def _negative_quantifier(tok: Token) -> Token | None:
    if tok.lower_ in NEGATORS:
        return tok
    return next((g for g in tok.children if g.dep_ == "det" and g.lower_ in NEGATORS), None)


#: Clauses that carry what a clause asserts: a joined clause, a complement ("I think *it is not true*"),
#: an open complement ("refused *to* ...", "is not *going* to").
_ASSERTING_DEPS = frozenset({"conj", "ccomp", "xcomp"})


def asserted_clauses(span: Span) -> list[Token]:
    """The heads of the clauses of ``span`` that say what it asserts: each sentence's main clause, the clauses
    joined to it and its complements, not its adjuncts ("fired *for not* following orders", "a man *who never*
    voted" assert what the main clause says, and their negation is not the quote's)."""
    inside = range(span.start, span.end)
    out = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    seen = {t.i for t in out}
    for head in out:  # grows while it is read
        for child in head.children:
            if child.dep_ in _ASSERTING_DEPS and child.i in inside and child.i not in seen:
                seen.add(child.i)
                out.append(child)
    return out


def uncommitted(span: Span) -> bool:
    """Whether a main clause of ``span`` says the speaker does not know or is not sure: a predicate of
    :data:`KNOWLEDGE` (or its adjective: "I'm not *sure*") negated, or with a negative subject ("*nobody*
    knows"). Complements are not read: "he said they don't know" is the quote's content, not its hedge."""
    inside = range(span.start, span.end)
    for head in (t for t in span if t.head.i not in inside or t.head.i == t.i):
        predicates = [head, *(c for c in head.children if c.dep_ in {"acomp", "xcomp"} and c.i in inside)]
        if not any(p.lemma_.lower() in KNOWLEDGE for p in predicates):
            continue
        negated = any(_is_negator(c) for c in head.children) or any(
            c.dep_ in {"nsubj", "nsubjpass"} and _negative_quantifier(c) is not None for c in head.children
        )
        if negated:
            return True
    return False


def negative_arguments(span: Span, roots: Sequence[Token] | None = None) -> list[Token]:
    """The negative quantifiers of the arguments of the clauses the span asserts (:func:`asserted_clauses`, or
    ``roots`` when the caller has them; :data:`_CLAUSE_ARGUMENTS`): each negates its clause without a ``neg``
    word. Every sentence of a quote that runs over several is read, not only the first ("Any crisis is of his
    own making. There is *no* emergency.")."""
    inside = range(span.start, span.end)
    roots = asserted_clauses(span) if roots is None else roots
    found = (
        _negative_quantifier(c)
        for root in roots
        if not _without(root)
        for c in root.children
        if c.dep_ in _CLAUSE_ARGUMENTS and not _without(c)
    )
    return [tok for tok in found if tok is not None and tok.i in inside]


def _without(tok: Token) -> bool:
    """Whether ``tok`` has a "without" phrase: "there is no smoke *without* fire" negates twice and affirms."""
    return any(c.dep_ == "prep" and c.lower_ == "without" for c in tok.children)


def frame_of(span: Span) -> int:
    """How the words around a quote, outside it, frame it: -1 when a denial predicate governs it ("denied
    that ...", "refuting what he called 'misleading' reports", "accusations that ... were false"), +1 when a
    negated denial does ("would not rule out that ...", "did not deny that ..."), else 0.

    Read from the parse: the quote's head, its heads up to the sentence root, and what those heads predicate
    (a subject quote's "were *false*").
    """
    if not len(span):
        return 0
    inside = range(span.start, span.end)
    word = span.root
    for _ in range(6):
        head = word.head
        if head.i == word.i:
            return 0
        candidates = [head, *(c for c in head.children if c.dep_ in {"acomp", "attr"} and c.i not in inside)]
        for cand in candidates:
            if cand.i in inside:
                continue
            if _is_denial(cand):
                return 1 if negated_directly(cand) else -1
        word = head
    return 0


def _phrase_hits(words: list[str], phrases: Iterable[tuple[str, ...]]) -> list[tuple[int, int]]:
    hits: list[tuple[int, int]] = []
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == phrase:
                hits.append((i, i + n))
    return hits


def assess(
    span: Span | Doc, cue_class: CueClass | None = None, *, offset: int = 0, params: CertaintyParams = DEFAULT_PARAMS
) -> Assessment:
    """Certainty and polarity of a quote; ``offset`` is added to spaCy character offsets for the cues.

    ``span`` is a spaCy ``Span`` (or ``Doc``); cue offsets are ``token.idx + offset``, so with the span of
    the cleaned text's own parse and ``offset=0`` they slice ``Document.text`` exactly.
    """
    if isinstance(span, Doc):
        span = span[:]  # a Doc: read it as one span
    toks = list(span)
    words = [t.lower_.replace("’", "'") for t in toks]
    lemmas = [t.lemma_.lower() for t in toks]
    negated = negated_tokens(span)
    cues: list[CertaintyCue] = []
    used: set[int] = set()

    def add(i: int, j: int, kind: str, weight: float) -> None:
        start, end = toks[i].idx + offset, toks[j - 1].idx + len(toks[j - 1].text) + offset
        # the words of the tokens themselves: Doc.text would join every token of the document for each cue
        words = toks[i].doc[toks[i].i : toks[j - 1].i + 1].text
        cues.append(CertaintyCue(words, start, end, kind, weight))
        used.update(range(i, j))

    for i, j in _phrase_hits(words, BOOSTER_PHRASES):
        add(i, j, "booster", params.booster_weight)
    for i, j in _phrase_hits(words, HEDGE_PHRASES):
        if not used.intersection(range(i, j)):
            add(i, j, "hedge", params.hedge_weight)
    denial = negated_denial = minimised = False
    for k, tok in enumerate(toks):
        if k in used:
            continue
        w, lemma = words[k], lemmas[k]
        under_negation = tok.i in negated
        if lemma in DENIALS or w in DENIALS:
            if under_negation and negated_directly(tok):
                negated_denial = True
                add(k, k + 1, "negation", 0.0)
            elif not under_negation:
                denial = True
                add(k, k + 1, "denial", 0.0)
            # a denial word inside what a negation denies ("I have not done anything wrong") is content
        elif w in BOOSTERS or lemma in BOOSTERS:
            weight = params.hedge_weight if under_negation else params.booster_weight
            add(k, k + 1, "hedge" if under_negation else "booster", weight)
        elif (w in HEDGES or lemma in HEDGES) and tok.pos_ not in {"ADP", "NUM"}:
            add(k, k + 1, "hedge", params.hedge_weight)
        elif w in MINIMISERS and tok.dep_ == "advmod" and tok.head.pos_ in {"ADJ", "NOUN", "VERB"}:
            minimised = True
            add(k, k + 1, "hedge", 0.0)
    clauses = asserted_clauses(span)
    asserted = {t.i for t in clauses}
    verb_negations = [
        k
        for k, t in enumerate(toks)
        if t.dep_ == "neg"
        and k not in used
        and t.head.pos_ in {"VERB", "AUX"}
        and t.head.i in asserted
        and not _is_denial(t.head)
    ]
    # a quantifier inside a booster or hedge phrase is not a negation ("there is no doubt")
    quantifiers = [t.i - span.start for t in negative_arguments(span, clauses) if t.i - span.start not in used]
    adverbials = [hit for hit in _phrase_hits(words, NEGATIVE_ADVERBIALS) if not used.intersection(range(*hit))]
    root_negated = not negated_denial and bool(verb_negations or quantifiers or adverbials)
    if root_negated:
        for k in sorted(set(verb_negations + quantifiers)):
            add(k, k + 1, "negation", 0.0)
        for i, j in adverbials:
            add(i, j, "negation", 0.0)
    cues.extend(scare_quotes(span, offset=offset, weight=params.scare_quote_weight))
    certainty = params.base + params.cue_weight(cue_class or CueClass.NEUTRAL)
    hedges = [c for c in cues if c.weight < 0]
    boosters = [c for c in cues if c.weight > 0]
    # diminishing returns: the first hedge counts fully, later ones by half
    for n, cue in enumerate(sorted(hedges, key=lambda c: c.weight)):
        certainty += cue.weight * (1.0 if n == 0 else params.repeat_share)
    for n, cue in enumerate(boosters):
        certainty += cue.weight * (1.0 if n == 0 else params.repeat_share)
    if cue_class is not None and cue_class is not CueClass.NEUTRAL:
        cues.append(
            CertaintyCue(
                "",
                offset + (toks[0].idx if toks else 0),
                offset + (toks[0].idx if toks else 0),
                "cue-class",
                params.cue_weight(cue_class),
            )
        )
    return Assessment(
        certainty=min(1.0, max(params.floor, certainty)),
        cues=tuple(sorted(cues, key=lambda c: (c.start, c.end))),
        denial=denial,
        negated_denial=negated_denial,
        negated=root_negated,
        minimised=minimised,
        hypothetical=bool(toks) and is_hypothetical(span),
        uncommitted=not negated_denial and uncommitted(span),
    )


def is_hypothetical(span: Span) -> bool:
    """True when the span's main predicate is conditional: a "would" auxiliary or an "if" clause on it."""
    root = span.root
    for child in root.children:
        if child.dep_ == "aux" and child.lower_ in {"would", "'d", "’d"}:
            return True
        if child.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in {"if", "unless"} for g in child.children):
            return True
    return False


#: Phrasal verbs that deny (verb lemma, particle): "rule out".
_PHRASAL_DENIALS = frozenset({("rule", "out")})


def _is_denial(tok: Token) -> bool:
    if tok.lemma_.lower() in DENIALS or tok.lower_ in DENIALS:
        return True
    return any(c.dep_ == "prt" and (tok.lemma_.lower(), c.lower_) in _PHRASAL_DENIALS for c in tok.children)


def scare_quotes(
    span: Span | Doc, *, offset: int = 0, weight: float = DEFAULT_PARAMS.scare_quote_weight
) -> list[CertaintyCue]:
    """Single words in quotation marks inside running text (the writer distances from the word), each a cue
    of ``weight``."""
    text: str = span.text
    base: int = span.start_char if hasattr(span, "start_char") else 0
    out = []
    for m in _SCARE.finditer(text):
        before = text[: m.start()].rstrip()
        word = next(g for g in m.groups() if g)  # whichever of the three mark styles matched
        if before.endswith((":", ",")) or (word[0].isupper() and not before):
            continue  # a one-word quotation introduced as speech, not a scare quote
        out.append(CertaintyCue(m.group(0), base + m.start() + offset, base + m.end() + offset, "scare-quote", weight))
    return out
