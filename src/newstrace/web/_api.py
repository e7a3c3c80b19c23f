"""The shapes of the workbench's JSON API (they make its OpenAPI schema, at /api/openapi.json)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class ErrorDetail(BaseModel):
    code: str  # one of newstrace.errors.CODES
    status: int
    message: str


class ErrorBody(BaseModel):
    """Every error the workbench answers, whatever went wrong."""

    error: ErrorDetail


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` from ``offset``, at most ``limit`` of ``total``; ``next`` is the next page."""

    items: list[T]
    total: int
    limit: int
    offset: int
    next: str | None = None


class RunSummary(BaseModel):
    run_id: str
    created: str
    version: int
    articles: int
    stories: int
    quotes: int
    failures: int


class RunDetail(RunSummary):
    settings: dict[str, Any]


class ArticleSummary(BaseModel):
    id: str
    source: str | None
    outlet: str | None
    url: str | None
    title: str | None
    author: str | None
    published: str | None
    genre: str | None
    chars: int | None
    quotes: int


class QuoteRow(BaseModel):
    article_id: str
    quote_id: str
    kind: str | None
    speaker: str | None
    cue: str | None
    content: str | None
    start: int | None
    end: int | None
    when: str | None
    said_on: str | None


class ClaimTally(BaseModel):
    id: str
    text: str
    origin: str | None
    stances: dict[str, int]


class StorySummary(BaseModel):
    run_id: str
    story_id: str
    created: str
    headline: str | None
    articles: int
    outlets: list[str]
    first_date: str | None
    last_date: str | None
    claims: list[ClaimTally]


class SearchHit(BaseModel):
    kind: str  # speaker | outlet | claim | text
    run_id: str
    article_id: str | None
    story_id: str | None
    label: str | None
    text: str | None
    start: int | None
    end: int | None


class JobStatus(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    state: str  # queued | running | done | failed
    stage: str
    done: int
    total: int
    articles_read: int
    run_id: str | None
    code: str | None
    message: str
    problems: list[str]
    inputs: int
    claims: list[str]
    created: float
    finished: float | None


class JobStarted(BaseModel):
    job: JobStatus
    status_url: str
    page_url: str
