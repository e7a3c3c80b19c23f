"""The typed document model: what flows between stages and into every renderer.

Everything here is a frozen dataclass or a StrEnum holding plain Python values, so a
model object can be hashed, compared, serialised to JSON and stored without surprises.
No spaCy (or any other library) object ever appears in these types.

Offsets: every ``start``/``end`` pair is a half-open character range. Unless a field's
docstring says otherwise, offsets point into the *cleaned* text of the article
(``Document.text``); ``RemovedSpan`` offsets point into the *raw* text, and
``OffsetMap`` translates between the two.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Genre(StrEnum):
    NEWS = "news"
    OPINION = "opinion"
    OTHER = "other"


class QuoteKind(StrEnum):
    DIRECT = "direct"
    INDIRECT = "indirect"
    MIXED = "mixed"


class SpeakerType(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    GROUP = "group"
    DOCUMENT = "document"
    UNKNOWN = "unknown"


class CueClass(StrEnum):
    """How a reporting cue positions the writer toward what is reported."""

    NEUTRAL = "neutral"  # say, tell, add
    DISTANCING = "distancing"  # claim, allege, insist
    ENDORSING = "endorsing"  # confirm, note, acknowledge, reveal
    NEGATING = "negating"  # deny, reject, refute
    HEDGED = "hedged"  # is said to, reportedly, suggest


class StanceLabel(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    DISCUSSES = "discusses"
    UNRELATED = "unrelated"


class RemovalKind(StrEnum):
    """Why a span of the raw input is not part of the cleaned article text."""

    MARKUP = "markup"  # HTML outside the extracted main text
    APPEAL = "appeal"  # donation / subscription / membership appeal
    FURNITURE = "page_furniture"  # share buttons, "RECENT VIDEOS", newsletter boxes
    DUPLICATE = "duplicated_passage"  # a passage repeated verbatim (a body pasted twice)
    BOILERPLATE = "boilerplate"  # other non-article text


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One input article as ingested, before any cleaning.

    ``raw`` is exactly what was read (decoded to ``str``); ``content_type`` says whether it
    is plain text or HTML. ``source`` names where it came from (a path, a URL, ``<stdin>``,
    ``file.jsonl:12``) so every finding can be traced to the user's input.
    """

    id: str
    source: str
    raw: str
    content_type: str = "text/plain"  # or "text/html"
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 date (YYYY-MM-DD) where known
    language: str | None = None


@dataclass(frozen=True, slots=True)
class RemovedSpan:
    """A span of the raw input that the cleaned text leaves out, and why."""

    kind: RemovalKind
    start: int  # offsets into Article.raw
    end: int
    text: str
    reason: str = ""  # a short human explanation ("second copy of 2,431 chars at 0")


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """Maps offsets in the cleaned text back to offsets in the raw text.

    The cleaned text is a concatenation of raw segments (possibly with normalised
    characters of equal count). ``segments`` holds ``(clean_start, raw_start, length)``
    triples sorted by ``clean_start``; characters the cleaner inserted (paragraph
    separators) map to the raw position of the next segment.
    """

    segments: tuple[tuple[int, int, int], ...] = ()

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(((0, 0, length),))

    def to_raw(self, offset: int) -> int:
        if not self.segments:
            return offset
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return self.segments[0][1]
        clean_start, raw_start, length = self.segments[i]
        if offset <= clean_start + length:
            return raw_start + (offset - clean_start)
        if i + 1 < len(self.segments):
            return self.segments[i + 1][1]
        return raw_start + length

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            raw = self.to_raw(start)
            return raw, raw
        return self.to_raw(start), self.to_raw(end - 1) + 1


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that refers to an entity."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A canonical person, organisation, group or document within (or across) articles."""

    id: str
    name: str  # the fullest name the text gives
    type: SpeakerType = SpeakerType.UNKNOWN
    role: str | None = None  # "commander of NATO forces in Afghanistan"
    organization: str | None = None
    anonymous: bool = False
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who a quote is attributed to, as written and as resolved."""

    mention: str | None  # the words at this place ("he", "Gen. Nicholson")
    name: str | None  # resolved canonical name ("John Nicholson")
    type: SpeakerType = SpeakerType.UNKNOWN
    anonymous: bool = False
    entity_id: str | None = None
    role: str | None = None
    start: int | None = None  # offsets of the mention
    end: int | None = None
    resolved_by: str = "mention"  # mention | pronoun | relative | role-noun | short-form | author | previous-quote
    # | later-report | same-cue (an unnamed report credited) | named-after | delayed-name (a description named)
    confidence: float = 1.0

    @property
    def holder(self) -> str | None:
        """The name under which this speaker holds a stance, or None when it holds none.

        A holder is a resolved person, organisation, group or anonymous source. A document or a piece of
        material (a report, a poll, footage) is evidence, not a holder; a mention left unresolved (a
        pronoun with no antecedent, "this") names no one.
        """
        if self.type is SpeakerType.DOCUMENT or not self.name:
            return None
        return self.name


@dataclass(frozen=True, slots=True)
class Cue:
    text: str
    start: int
    end: int
    lemma: str
    cue_class: CueClass = CueClass.NEUTRAL


@dataclass(frozen=True, slots=True)
class Quote:
    """One attribution: content presented as coming from a source other than the narrator.

    ``content``/``start``/``end`` is one contiguous span of the cleaned text
    (``text[start:end] == content``). A direct quote split by its cue ("X," he said. "Y.")
    becomes one Quote per contiguous part sharing a ``group``. A mixed quote's verbatim
    fragments are listed in ``fragments``.
    """

    id: str
    kind: QuoteKind
    content: str
    start: int
    end: int
    cue: Cue | None = None
    speaker: Speaker | None = None
    fragments: tuple[Mention, ...] = ()
    addressee: str | None = None
    when: str | None = None
    when_date: str | None = None  # ISO date the "when" phrase resolves to, if any
    where: str | None = None
    group: str | None = None
    nested_in: str | None = None
    sentence: int | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    article_id: str | None = None  # None for claims given by the user or merged across articles
    start: int | None = None
    end: int | None = None
    checkworthiness: float | None = None
    origin: str = "sentence"  # sentence | headline | user | cluster


@dataclass(frozen=True, slots=True)
class CertaintyCue:
    text: str
    start: int
    end: int
    kind: str  # hedge | booster | negation | denial | cue-class | scare-quote
    weight: float


@dataclass(frozen=True, slots=True)
class Assessment:
    """How sure a stretch of text sounds and what it denies, as read from the parse (``stance.read.v1``)."""

    certainty: float
    cues: tuple[CertaintyCue, ...]
    denial: bool  # an un-negated denial word ("utterly false", "they deny")
    negated_denial: bool  # a denial word under negation ("not refuting that")
    negated: bool  # the main predicate is negated ("was not offering")
    minimised: bool  # a restrictive focus adverb on a predicate ("just political")
    hypothetical: bool = False  # the main predicate is conditional ("would have to be dealt with")
    # how the words around a quote frame it: -1 a denial governs it ("denied that ..."), +1 a negated
    # denial does ("would not rule out that ..."), 0 neither (always 0 for a sentence)
    frame: int = 0
    #: the main clause says the speaker does not know ("I don't know that ...", "I'm not sure", "nobody knows
    #: for sure"): it asks or weighs, it neither asserts nor denies
    uncommitted: bool = False

    @property
    def polarity(self) -> int:
        """+1 supports what it is about, -1 denies it, 0 neither (a plain statement is +1)."""
        if self.negated_denial:
            return 1
        if self.uncommitted:
            return 0
        if self.hypothetical and not (self.denial or self.negated):
            return 0
        if self.denial or self.negated or self.minimised:
            return -1
        return 1


@dataclass(frozen=True, slots=True)
class Readings:
    """What the parse says about an article's quotes and sentences, kept so that the stance stage
    (a corpus stage, after the parses are gone) can read them."""

    quotes: tuple[Assessment, ...] = ()  # one per quote, in the order of Document.quotes
    sentences: tuple[Assessment, ...] = ()  # one per sentence, in the order of Document.sentences
    scare_quotes: tuple[CertaintyCue, ...] = ()  # single words in quotation marks in running text


@dataclass(frozen=True, slots=True)
class Argument:
    """A participant of a proposition: a noun phrase of the text, grouped by its normalised key."""

    key: str  # normalised, case-folded: what groups mentions
    text: str  # surface form to show ("the Taliban")
    plural: bool


@dataclass(frozen=True, slots=True)
class Predication:
    """Who does what to whom in one clause of an article (subject, content verb, object)."""

    subject: Argument
    verb: str  # content lemma, with its particle ("take over")
    obj: Argument
    negated: bool
    sent_start: int
    sent_end: int
    verb_ing: str | None  # the -ing form seen in the text, when the verb was written that way
    participle: str | None = None  # passives kept as passives (agentless, or told in the past): "fired"
    past: bool = False  # those passives: written in the past ("was fired")
    #: active clauses: the verb as written when it is in the past, the perfect or under a modal ("suspended",
    #: "did spend", "has pursued", "will file"): anything but what "is doing" would say
    past_form: str | None = None
    #: the verb the clause is the object of, as written up to "to" ("plan to", "is trying to"): what the
    #: subject intends, wants or is said to do, not what it does
    frame: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subject.key, self.verb, self.obj.key)


@dataclass(frozen=True, slots=True)
class Propositions:
    """What the search for a story's core claims reads of one article (``claims.v1``)."""

    predications: tuple[Predication, ...] = ()
    #: verb lemma -> the article's -ing spellings of it, counted (to render a claim as written)
    ing_forms: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()


@dataclass(frozen=True, slots=True)
class Stance:
    claim_id: str
    holder: str  # "article" or a speaker's canonical name
    label: StanceLabel
    probability: float
    certainty: float  # 0..1, how sure the holder sounds
    holder_kind: str = "article"  # article | speaker
    cues: tuple[CertaintyCue, ...] = ()
    sentences: tuple[Span, ...] = ()
    quote_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    # named_official | anonymous_official | document | video_image | expert | interested_party | unseen_classified
    kind: str
    text: str
    start: int
    end: int
    supplier: str | None = None
    quote_id: str | None = None  # the quote whose speaker this is, for a source (its supplier is that speaker)


@dataclass(frozen=True, slots=True)
class Failure:
    """A problem recorded against one input, article or stage; the run carries on.

    ``fatal`` means the article takes no further part in the analysis (it could not be read,
    is empty or not English, or a stage failed on it); otherwise the record is a note (a text
    cut for parsing). ``code`` is one of the codes in :mod:`newstrace.errors`.
    """

    source: str
    stage: str
    message: str
    code: str = ""
    article_id: str | None = None
    fatal: bool = False


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    """How closely an article copies another one in the input (see ``newstrace.stages.dedupe``).

    ``of`` is the id of the representative article of its near-duplicate group; the scores
    compare the word-shingle sets of the two cleaned texts: ``resemblance`` is their Jaccard
    similarity, ``containment`` the share of the smaller set found in the larger one (a copy
    cut short or padded with an appeal keeps a high containment though its resemblance drops).
    """

    of: str
    resemblance: float
    containment: float


@dataclass(frozen=True, slots=True)
class ExactCopy:
    """An input whose cleaned text equals a kept article's (whitespace aside): analysed once, as that article."""

    id: str
    source: str
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """An article as it grows through the pipeline; each stage fills in its fields."""

    article: Article
    text: str = ""  # cleaned text
    removed: tuple[RemovedSpan, ...] = ()
    offsets: OffsetMap = field(default_factory=OffsetMap)
    sentences: tuple[Sentence, ...] = ()
    quotes: tuple[Quote, ...] = ()
    entities: tuple[Entity, ...] = ()
    genre: Genre | None = None
    genre_scores: tuple[tuple[str, float], ...] = ()
    claims: tuple[Claim, ...] = ()
    propositions: Propositions | None = None  # for the story's core claims (claims.v1)
    readings: Readings | None = None  # for stance, read from the parse (stance.read.v1)
    stances: tuple[Stance, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    near_duplicate_of: str | None = None
    failures: tuple[Failure, ...] = ()
    near_duplicate: NearDuplicate | None = None  # the scores behind near_duplicate_of
    exact_copies: tuple[ExactCopy, ...] = ()  # other inputs with the same cleaned text, collapsed into this one
    dates: tuple[Mention, ...] = ()  # the spans spaCy tags as dates (DATE entities); text.when reads them

    @property
    def id(self) -> str:
        return self.article.id


# --- what the comparison of a story's articles finds (stories.compare.v1, evidence.summary.v1) ---------------


@dataclass(frozen=True, slots=True)
class ReusePassage:
    """One shared passage: ``a_start:a_end`` in article a, ``b_start:b_end`` in article b."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int  # words matched (shingle coverage) inside the passage
    a_text: str
    b_text: str
    a_sentences: tuple[tuple[int, int], ...] = ()  # sentences of a mostly (>= half) inside the passage
    b_sentences: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class ReusePair:
    """Everything two articles share; a and b are ordered by id."""

    a_id: str
    b_id: str
    direction: str  # "a->b" (b copied a), "b->a", "common_origin" (both from ``origin``) or "unknown"
    source_id: str | None  # the earlier article, when known
    copy_id: str | None
    passages: tuple[ReusePassage, ...]
    a_share: float  # share of a's characters inside shared passages
    b_share: float
    origin: str | None = None  # an origin outside the corpus that an article credits ("Reuters")
    direction_basis: str | None = None  # credit | date | containment (None: direction unknown)
    verdict: str | None = None  # derived | partly_derived | independent (None: not judged)
    verdict_probabilities: dict[str, float] = field(default_factory=dict)  # verdict -> probability
    derived: bool = False  # P(derived) + P(partly derived) >= 0.5: the pair counts as a copy


@dataclass(frozen=True, slots=True)
class ReuseSummary:
    shares: dict[str, float] = field(default_factory=dict)  # article id -> reused share (all pairs)
    copy_groups: tuple[tuple[str, ...], ...] = ()  # articles that count as one origin
    independent_sources: int = 0
    copy_share: float = 0.3  # the share that made two articles one origin
    derived_pairs: int = 0  # pairs judged derived or partly derived
    independent_pairs: int = 0  # pairs that share passages but were judged independent


@dataclass(frozen=True, slots=True)
class VariantDifference:
    kind: str  # word_substitution | paraphrase | cut | insertion | sentence_insertion | splice | ellipsis | punctuation
    a_text: str
    b_text: str
    a_start: int | None  # offsets into article a's text (None when a has nothing there)
    a_end: int | None
    b_start: int | None
    b_end: int | None


@dataclass(frozen=True, slots=True)
class VariantSide:
    """One outlet's version of a remark."""

    article_id: str
    quote_ids: tuple[str, ...]
    text: str  # the quote(s) as printed, joined with " | " when several
    spans: tuple[tuple[int, int], ...]
    when: str | None = None  # the date phrase ("on Monday", "in April")
    when_date: str | None = None  # normalised against the publication date (YYYY-MM-DD or YYYY-MM)
    when_span: tuple[int, int] | None = None  # offsets of the phrase when read from the text around the quote
    where: str | None = None
    addressee: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """The same remark by the same speaker as two outlets printed it, and how the two differ."""

    speaker: str
    a: VariantSide
    b: VariantSide
    similarity: float  # share of the longer version's words aligned unchanged
    kinds: tuple[str, ...]  # sorted distinct difference kinds
    differences: tuple[VariantDifference, ...]
    alignment: tuple[tuple[str, str, str], ...]  # (op, a words, b words): equal/replace/delete/insert
    context_differences: tuple[str, ...] = ()  # when / where / addressee that differ
    context_agrees: bool | None = None  # the two dates agree (None: a date is unknown)


@dataclass(frozen=True, slots=True)
class CarryingSentence:
    """A sentence of an article that carries a claim, and how it matched."""

    start: int
    end: int
    similarity: float
    matched_by: str  # lexical | semantic


@dataclass(frozen=True, slots=True)
class SpeakerCell:
    holder: str
    label: str
    certainty: float
    quote_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AgreementCell:
    """One (core claim, article) cell: the article's stance and its speakers' stances toward the claim."""

    claim_id: str
    article_id: str
    outlet: str
    published: str | None
    label: str | None  # None when the stance stage did not run
    certainty: float | None
    probability: float | None
    speakers: tuple[SpeakerCell, ...]
    sentences: tuple[CarryingSentence, ...]


@dataclass(frozen=True, slots=True)
class Corroboration:
    """How many articles (and independent sources, copies counted once) support a claim."""

    claim_id: str
    articles: int
    independent_sources: int
    article_ids: tuple[str, ...]
    basis: str  # "stance" | "carries the claim"


@dataclass(frozen=True, slots=True)
class FirstCarrier:
    """The first article (by publication date) to carry a claim."""

    claim_id: str
    article_id: str
    outlet: str
    published: str | None
    dated: bool


@dataclass(frozen=True, slots=True)
class FirstQuote:
    """The first article (by publication date) to print a remark several outlets carry."""

    speaker: str
    article_id: str
    outlet: str
    published: str | None
    quote_ids: tuple[str, ...]
    dated: bool


@dataclass(frozen=True, slots=True)
class ExclusiveSpeaker:
    """A speaker only one article of the story quotes."""

    name: str
    article_id: str
    outlet: str
    quote_ids: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class ExclusiveQuote:
    """A quote no other article of the story prints."""

    article_id: str
    outlet: str
    quote_id: str
    speaker: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ExclusiveFact:
    """A factual sentence no other article of the story carries."""

    article_id: str
    outlet: str
    text: str
    start: int
    end: int
    best_match_elsewhere: float


@dataclass(frozen=True, slots=True)
class TextSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EvidenceItem:
    """One piece of evidence in a story's article, with its sentence and its origin."""

    article_id: str
    kind: str
    text: str
    start: int
    end: int
    supplier: str | None
    sentence: TextSpan
    origin: str  # what repeats of the same evidence share: the speaker, the supplier, or the article (copy group)
    copied_from: str | None  # the article the passage holding the item was copied from
    origin_unknown: TextSpan | None  # the sentence that says the material's origin is not identified


@dataclass(frozen=True, slots=True)
class EvidenceRef:
    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class EvidenceStatement:
    """A plain sentence of the evidence summary and the passages it rests on."""

    kind: str
    text: str
    refs: tuple[EvidenceRef, ...]


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """What a core claim rests on across the story: items, independent origins, a support label."""

    claim_id: str
    claim: str
    support: str
    basis: str
    score: float
    independent_origins: int
    items_total: int
    independent: bool
    articles: tuple[str, ...]
    items: tuple[EvidenceItem, ...]
    statements: tuple[EvidenceStatement, ...]


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    """A holder's stance and certainty toward a claim at a date."""

    holder: str
    holder_kind: str  # outlet | speaker
    date: str | None
    date_source: str  # remark | published
    article_id: str
    outlet: str
    claim_id: str
    label: str
    certainty: float


@dataclass(frozen=True, slots=True)
class StoryEvent:
    """Articles of a story published about one event (reported at about the same time), with its dates."""

    id: str
    article_ids: tuple[str, ...]
    first_date: str | None = None  # ISO date of the earliest dated article (None: none is dated)
    last_date: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one story and what comparing them finds; each stage fills in its fields."""

    id: str
    article_ids: tuple[str, ...]
    claims: tuple[Claim, ...] = ()
    quote_variants: tuple[QuoteVariant, ...] = ()
    reuse: tuple[ReusePair, ...] = ()
    reuse_summary: ReuseSummary | None = None
    agreement: tuple[AgreementCell, ...] = ()
    corroboration: tuple[Corroboration, ...] = ()
    first_carriers: tuple[FirstCarrier, ...] = ()
    first_quotes: tuple[FirstQuote, ...] = ()
    exclusive_speakers: tuple[ExclusiveSpeaker, ...] = ()
    exclusive_quotes: tuple[ExclusiveQuote, ...] = ()
    exclusive_facts: tuple[ExclusiveFact, ...] = ()
    evidence_summary: tuple[ClaimEvidence, ...] = ()
    timeline: tuple[TimelinePoint, ...] = ()
    events: tuple[StoryEvent, ...] = ()  # the events inside the story, earliest first (stories.group.v1)
    identical_quotes: int = 0  # pairs of printings of one remark that are word for word the same (not listed)


@dataclass(frozen=True, slots=True)
class Report:
    version: int
    created: str
    documents: tuple[Document, ...]
    stories: tuple[Story, ...] = ()
    failures: tuple[Failure, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
    #: Input problems not listed in ``failures``, by code: past ``report.max_listed_problems`` of one code
    #: only a count is kept here (the store, when on, records every one).
    omitted_failures: tuple[tuple[str, int], ...] = ()

    def to_frames(self, kind: str = "arrow") -> dict[str, Any]:
        """Every finding as tables: articles, quotes, stances, stories, claims, agreement, reuse, variants,
        evidence, timeline. ``kind`` is "arrow" (pyarrow Tables), "pandas" or "polars" (DataFrames)::

            frames = report.to_frames("pandas")
            frames["quotes"].groupby("speaker_name").size()
        """
        from newstrace.frames import report_frames

        return report_frames(self, kind)
