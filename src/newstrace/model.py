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
    resolved_by: str = "mention"  # mention | pronoun | relative | role-noun | short-form | previous-quote
    confidence: float = 1.0


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


@dataclass(frozen=True, slots=True)
class Failure:
    """A problem recorded against one input or article; the run carries on."""

    source: str
    stage: str
    message: str
    code: str = ""


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
    stances: tuple[Stance, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    near_duplicate_of: str | None = None
    failures: tuple[Failure, ...] = ()
    near_duplicate: NearDuplicate | None = None  # the scores behind near_duplicate_of
    exact_copies: tuple[ExactCopy, ...] = ()  # other inputs with the same cleaned text, collapsed into this one

    @property
    def id(self) -> str:
        return self.article.id


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    article_ids: tuple[str, ...]
    claims: tuple[Claim, ...] = ()
    quote_variants: tuple[dict[str, object], ...] = ()
    reuse: tuple[dict[str, object], ...] = ()
    agreement: tuple[dict[str, object], ...] = ()
    exclusives: tuple[dict[str, object], ...] = ()
    evidence_summary: tuple[dict[str, object], ...] = ()
    timeline: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    version: int
    created: str
    documents: tuple[Document, ...]
    stories: tuple[Story, ...] = ()
    failures: tuple[Failure, ...] = ()
    settings: tuple[tuple[str, str], ...] = ()
