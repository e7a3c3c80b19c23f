"""The shape of report.json, as the types its builder (``json_report``) returns.

Every object ``json_report`` writes by hand is a TypedDict here, so mypy holds the builder to it
(a key added, dropped or renamed there is a type error until it is added here); every part that is
a model record turned into plain values (``codec.to_plain``) names that record with ``Plain``, so
its shape is the model's own. ``newstrace.report.schema`` turns these types and the model's
dataclasses into the JSON Schema shipped as ``report.schema.json``; nothing of the shape is
written twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, TypedDict

from newstrace.model import (
    AgreementCell,
    CertaintyCue,
    Claim,
    ClaimEvidence,
    Corroboration,
    Cue,
    Entity,
    Evidence,
    ExactCopy,
    ExclusiveFact,
    ExclusiveQuote,
    ExclusiveSpeaker,
    Failure,
    FirstCarrier,
    FirstQuote,
    Genre,
    Mention,
    NearDuplicate,
    QuoteKind,
    QuoteVariant,
    RemovalKind,
    ReusePair,
    ReuseSummary,
    Sentence,
    Span,
    SpeakerType,
    StanceLabel,
    TimelinePoint,
)


@dataclass(frozen=True)
class Plain:
    """The value (or each item of a list) is ``to_plain`` of the model record ``record``, plus the keys of
    ``extra`` (a TypedDict) when given."""

    record: type
    extra: type | None = None


@dataclass(frozen=True)
class Tagged:
    """Each item of the list is ``to_plain`` of one of several records with a ``"kind"`` key naming which."""

    kinds: tuple[tuple[str, type], ...]


@dataclass(frozen=True)
class OneOf:
    """The string is a value of the enum ``values``."""

    values: type[Enum]


class SpeakerJSON(TypedDict):
    """Who a quote is attributed to (every key null, ``anonymous`` false, when no speaker was found)."""

    mention: str | None
    name: str | None
    type: Annotated[str | None, OneOf(SpeakerType)]
    anonymous: bool
    entity_id: str | None
    role: str | None
    start: int | None
    end: int | None
    resolved_by: str | None
    confidence: float | None


class QuoteJSON(TypedDict):
    """One attribution; ``text[start:end] == content`` in its article's text."""

    id: str
    kind: Annotated[str, OneOf(QuoteKind)]
    content: str
    start: int
    end: int
    cue: str | None
    speaker: SpeakerJSON
    addressee: str | None
    when: str | None
    where: str | None
    when_date: str | None
    cue_detail: Annotated[dict[str, Any] | None, Plain(Cue)]
    fragments: Annotated[list[dict[str, Any]], Plain(Mention)]
    group: str | None
    nested_in: str | None
    sentence: int | None


class StanceJSON(TypedDict):
    """A holder's stance toward one core claim."""

    claim_id: str
    holder: str
    label: Annotated[str, OneOf(StanceLabel)]
    certainty: float
    evidence: Annotated[list[dict[str, Any]], Plain(CertaintyCue)]
    holder_kind: str
    probability: float
    sentences: Annotated[list[dict[str, Any]], Plain(Span)]
    quote_ids: list[str]


class RemovedJSON(TypedDict):
    """A span of the raw input the cleaned text leaves out (offsets into the raw input)."""

    kind: Annotated[str, OneOf(RemovalKind)]
    text: str
    start: int
    end: int
    reason: str


class ArticleJSON(TypedDict):
    """One analysed article."""

    id: str
    source: str
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    genre: Annotated[str | None, OneOf(Genre)]
    text: str
    removed: list[RemovedJSON]
    quotes: list[QuoteJSON]
    stance: list[StanceJSON]
    author: str | None
    language: str | None
    content_type: str
    genre_scores: dict[str, float]
    sentences: Annotated[list[dict[str, Any]], Plain(Sentence)]
    entities: Annotated[list[dict[str, Any]], Plain(Entity)]
    claims: Annotated[list[dict[str, Any]], Plain(Claim)]
    evidence: Annotated[list[dict[str, Any]], Plain(Evidence)]
    near_duplicate_of: str | None
    near_duplicate: Annotated[dict[str, Any] | None, Plain(NearDuplicate)]
    exact_copies: Annotated[list[dict[str, Any]], Plain(ExactCopy)]
    problems: Annotated[list[dict[str, Any]], Plain(Failure)]


class StoryJSON(TypedDict):
    """Articles about one story and what comparing them finds."""

    id: str
    article_ids: list[str]
    claims: Annotated[list[dict[str, Any]], Plain(Claim)]
    quote_variants: Annotated[list[dict[str, Any]], Plain(QuoteVariant)]
    reuse: Annotated[list[dict[str, Any]], Tagged((("pair", ReusePair), ("summary", ReuseSummary)))]
    agreement: Annotated[
        list[dict[str, Any]],
        Tagged(
            (
                ("cell", AgreementCell),
                ("corroboration", Corroboration),
                ("first", FirstCarrier),
                ("first_quote", FirstQuote),
            )
        ),
    ]
    exclusives: Annotated[
        list[dict[str, Any]],
        Tagged((("speaker", ExclusiveSpeaker), ("quote", ExclusiveQuote), ("fact", ExclusiveFact))),
    ]
    evidence_summary: Annotated[list[dict[str, Any]], Plain(ClaimEvidence)]
    timeline: Annotated[list[dict[str, Any]], Plain(TimelinePoint)]


class SkippedJSON(TypedDict):
    """An article read but not analysed, and why."""

    id: str
    source: str
    reason: str


class DuplicateOfJSON(TypedDict):
    """What an exact copy's record adds to the copy's metadata: the article it was collapsed into."""

    duplicate_of: str
    duplicate_of_source: str
    message: str


class NearDuplicateJSON(TypedDict):
    """An article marked as nearly duplicating another."""

    id: str
    source: str
    near_duplicate_of: str
    resemblance: float
    containment: float


class DuplicatesJSON(TypedDict):
    """Inputs collapsed as exact copies, and articles marked as near duplicates."""

    exact: Annotated[list[dict[str, Any]], Plain(ExactCopy, extra=DuplicateOfJSON)]
    near: list[NearDuplicateJSON]


class ReportJSON(TypedDict):
    """report.json, version 1 (docs/json-contract.md)."""

    version: int
    created: str
    articles: list[ArticleJSON]
    stories: list[StoryJSON]
    skipped: list[SkippedJSON]
    failures: Annotated[list[dict[str, Any]], Plain(Failure)]
    failures_omitted: dict[str, int]
    duplicates: DuplicatesJSON
