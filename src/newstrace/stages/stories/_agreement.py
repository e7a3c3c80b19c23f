"""Agreement and gaps inside a story.

- ``agreement_matrix``: one row per (core claim, article) with the article's stance label and
  certainty (from ``Document.stances`` when the stance stage ran) and the speakers' stances in
  it, plus the first outlet to carry each claim (by publication date).
- ``first_quotes``: the first outlet to print each remark several outlets carry.
- ``exclusives``: speakers, quotes and factual sentences only one outlet carries.
- ``timeline``: certainty per speaker and per outlet over time (ISO dates; a speaker's date is
  the date their remark was made when attribution resolved it, else the publication date).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newstrace.model import (
    AgreementCell,
    CarryingSentence,
    Corroboration,
    Document,
    ExclusiveFact,
    ExclusiveQuote,
    ExclusiveSpeaker,
    FirstCarrier,
    FirstQuote,
    QuoteVariant,
    SpeakerCell,
    Story,
    TimelinePoint,
)
from newstrace.settings import Settings
from newstrace.stages.stories._variants import speaker_key
from newstrace.text.embeddings import Embedder
from newstrace.text.matching import MatchingParams, similarities
from newstrace.text.when import remark_date


@dataclass(frozen=True, slots=True)
class AgreementParams:
    """The agreement, exclusives and timeline settings of ``[stories]``, and ``[matching]``."""

    same_fact: float = 0.35  # word TF-IDF cosine from which two sentences report the same fact
    fact_min_words: int = 6  # without claims, a factual sentence has at least this many words ...
    fact_max_quoted_share: float = 0.5  # ... and less than this share of it quoted
    when_lookback_sentences: int = 2  # a remark's date phrase is looked for this many sentences back
    matching: MatchingParams = field(default_factory=MatchingParams)

    @classmethod
    def from_settings(cls, settings: Settings) -> AgreementParams:
        return cls(
            same_fact=float(settings.get("stories.same_fact")),
            fact_min_words=int(settings.get("stories.fact_min_words")),
            fact_max_quoted_share=float(settings.get("stories.fact_max_quoted_share")),
            when_lookback_sentences=int(settings.get("stories.when_lookback_sentences")),
            matching=MatchingParams.from_settings(settings),
        )


def outlet(doc: Document) -> str:
    return doc.article.outlet or doc.article.url or doc.id


def _date_key(doc: Document) -> tuple[int, str, str]:
    d = doc.article.published
    return (0, d[:10], doc.id) if d else (1, "", doc.id)


def _carrying(
    story: Story, docs: Sequence[Document], embedder: Embedder | None, matching: MatchingParams
) -> dict[str, list[tuple[str, CarryingSentence]]]:
    """claim id -> the sentences that carry the claim: (article id, the sentence and how it matched)."""
    sents = [(d.id, s.start, s.end, d.text[s.start : s.end]) for d in docs for s in d.sentences]
    out: dict[str, list[tuple[str, CarryingSentence]]] = defaultdict(list)
    if not sents or not story.claims:
        return out
    sims = similarities([c.text for c in story.claims], [t for *_, t in sents], embedder)
    hits = sims.carries(matching.lexical_carries, matching.semantic_carries)
    for i, claim in enumerate(story.claims):
        for k in np.flatnonzero(hits[i]):
            doc_id, s, e, _ = sents[int(k)]
            by, score = sims.match(i, int(k), matching.lexical_carries)
            out[claim.id].append((doc_id, CarryingSentence(s, e, round(score, 3), by)))
    return out


@dataclass(frozen=True, slots=True)
class Agreement:
    """The claim x article matrix of a story, with corroboration counts and first carriers."""

    cells: tuple[AgreementCell, ...]
    corroboration: tuple[Corroboration, ...]
    first_carriers: tuple[FirstCarrier, ...]


def agreement_matrix(
    story: Story,
    docs: Sequence[Document],
    copy_groups: Sequence[Sequence[str]] = (),
    embedder: Embedder | None = None,
    params: AgreementParams | None = None,
) -> Agreement:
    """Cells (claim x article), the first carrier of each claim, and a corroboration count per claim.

    The corroboration count is the number of articles that support the claim (by their stance,
    or, without stances, that carry it in a sentence), counting each copy group once: five
    outlets running one wire story are one source.
    """
    group_of = {a: min(g) for g in copy_groups for a in g}
    docs = sorted(docs, key=_date_key)
    carrying = _carrying(story, docs, embedder, (params or AgreementParams()).matching)
    cells: list[AgreementCell] = []
    corroboration: list[Corroboration] = []
    firsts: list[FirstCarrier] = []
    for claim in story.claims:
        carriers = []
        supporters = []
        for doc in docs:
            article = [s for s in doc.stances if s.claim_id == claim.id and s.holder_kind == "article"]
            speakers = [s for s in doc.stances if s.claim_id == claim.id and s.holder_kind != "article"]
            sentences = tuple(hit for doc_id, hit in carrying.get(claim.id, []) if doc_id == doc.id)
            label = article[0].label.value if article else None
            if (label and label != "unrelated") or (label is None and sentences) or claim.article_id == doc.id:
                carriers.append(doc)
            if label == "supports" or (label is None and sentences):
                supporters.append(doc.id)
            cells.append(
                AgreementCell(
                    claim_id=claim.id,
                    article_id=doc.id,
                    outlet=outlet(doc),
                    published=doc.article.published,
                    label=label,
                    certainty=round(article[0].certainty, 3) if article else None,
                    probability=round(article[0].probability, 3) if article else None,
                    speakers=tuple(
                        SpeakerCell(s.holder, s.label.value, round(s.certainty, 3), tuple(s.quote_ids))
                        for s in sorted(speakers, key=lambda s: s.holder)
                    ),
                    sentences=sentences,
                )
            )
        corroboration.append(
            Corroboration(
                claim_id=claim.id,
                articles=len(supporters),
                independent_sources=len({group_of.get(a, a) for a in supporters}),
                article_ids=tuple(sorted(supporters)),
                basis="stance" if any(d.stances for d in docs) else "carries the claim",
            )
        )
        if carriers:
            first = carriers[0]
            dated = first.article.published is not None
            firsts.append(FirstCarrier(claim.id, first.id, outlet(first), first.article.published, dated))
    return Agreement(tuple(cells), tuple(corroboration), tuple(firsts))


def first_quotes(docs: Sequence[Document], variants: Sequence[QuoteVariant]) -> list[FirstQuote]:
    """For each remark printed by several outlets, the outlet that printed it first (by publication date)."""
    by_id = {d.id: d for d in docs}
    rows: list[FirstQuote] = []
    for v in variants:
        sides = [side for side in (v.a, v.b) if side.article_id in by_id]
        if len(sides) < 2:
            continue
        first = min(sides, key=lambda side: _date_key(by_id[side.article_id]))
        doc = by_id[first.article_id]
        rows.append(
            FirstQuote(
                speaker=v.speaker,
                article_id=doc.id,
                outlet=outlet(doc),
                published=doc.article.published,
                quote_ids=tuple(first.quote_ids),
                dated=all(by_id[side.article_id].article.published for side in sides),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class Exclusives:
    """What only one article of a story carries."""

    speakers: tuple[ExclusiveSpeaker, ...] = ()
    quotes: tuple[ExclusiveQuote, ...] = ()
    facts: tuple[ExclusiveFact, ...] = ()


def exclusives(
    docs: Sequence[Document], variants: Sequence[QuoteVariant], params: AgreementParams | None = None
) -> Exclusives:
    """Speakers, quotes and facts only one article of the story carries (nothing when it has one article)."""
    params = params or AgreementParams()
    docs = sorted(docs, key=lambda d: d.id)
    if len(docs) < 2:
        return Exclusives()
    only_speakers: list[ExclusiveSpeaker] = []
    only_quotes: list[ExclusiveQuote] = []
    speakers: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for doc in docs:
        for q in doc.quotes:
            key = speaker_key(q)
            if key and q.speaker and q.speaker.name:  # a mention that resolved to no one ("Nobody") is no speaker
                speakers[key][doc.id].append(q.id)
                names.setdefault(key, q.speaker.name)
    by_doc = {d.id: d for d in docs}
    for key in sorted(speakers):
        if len(speakers[key]) == 1:
            doc_id, quote_ids = next(iter(speakers[key].items()))
            quotes = [q for q in by_doc[doc_id].quotes if q.id in quote_ids]
            only_speakers.append(
                ExclusiveSpeaker(
                    name=names[key],
                    article_id=doc_id,
                    outlet=outlet(by_doc[doc_id]),
                    quote_ids=tuple(quote_ids),
                    spans=tuple((q.start, q.end) for q in quotes),
                )
            )
    matched = {(side.article_id, qid) for v in variants for side in (v.a, v.b) for qid in side.quote_ids}
    for doc in docs:
        for q in doc.quotes:
            if (doc.id, q.id) not in matched:
                only_quotes.append(
                    ExclusiveQuote(
                        article_id=doc.id,
                        outlet=outlet(doc),
                        quote_id=q.id,
                        speaker=q.speaker.name if q.speaker else None,
                        text=q.content,
                        start=q.start,
                        end=q.end,
                    )
                )
    return Exclusives(tuple(only_speakers), tuple(only_quotes), tuple(_exclusive_facts(docs, params)))


def _fact_sentences(doc: Document, params: AgreementParams) -> list[tuple[int, int]]:
    claims = [
        (c.start, c.end) for c in doc.claims if c.start is not None and c.end is not None and c.origin == "sentence"
    ]
    if claims:
        return sorted(claims)
    quoted = [(q.start, q.end) for q in doc.quotes]
    out = []
    for s in doc.sentences:
        text = doc.text[s.start : s.end]
        inside = sum(min(e, s.end) - max(b, s.start) for b, e in quoted if b < s.end and s.start < e)
        if (
            len(text.split()) >= params.fact_min_words
            and inside < params.fact_max_quoted_share * len(text)
            and not text.rstrip().endswith("?")
        ):
            out.append((s.start, s.end))
    return out


def _exclusive_facts(docs: Sequence[Document], params: AgreementParams) -> list[ExclusiveFact]:
    facts = [(d, s, e) for d in docs for s, e in _fact_sentences(d, params)]
    sents = [(d.id, d.text[s.start : s.end]) for d in docs for s in d.sentences] or [(d.id, d.text) for d in docs]
    if not facts:
        return []
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        m = vec.fit_transform([d.text[s:e] for d, s, e in facts] + [t for _, t in sents])
    except ValueError:
        return []
    sims = (m[: len(facts)] @ m[len(facts) :].T).toarray()
    owners = [d for d, _ in sents]
    out: list[ExclusiveFact] = []
    for i, (doc, s, e) in enumerate(facts):
        elsewhere = max((sims[i, k] for k, o in enumerate(owners) if o != doc.id), default=0.0)
        if elsewhere < params.same_fact:
            out.append(ExclusiveFact(doc.id, outlet(doc), doc.text[s:e], s, e, round(float(elsewhere), 3)))
    return out


def timeline(story: Story, docs: Sequence[Document], params: AgreementParams | None = None) -> list[TimelinePoint]:
    """Certainty over time per speaker and per outlet, sorted by holder then date."""
    lookback = (params or AgreementParams()).when_lookback_sentences
    rows: list[TimelinePoint] = []
    claim_ids = {c.id for c in story.claims}
    for doc in docs:
        when_of = {q.id: d for q in doc.quotes if (d := remark_date(doc, q, lookback))}
        for st in doc.stances:
            if claim_ids and st.claim_id not in claim_ids:
                continue
            dates = sorted(when_of[q] for q in st.quote_ids if q in when_of)
            date = dates[0] if dates else (doc.article.published[:10] if doc.article.published else None)
            rows.append(
                TimelinePoint(
                    holder=outlet(doc) if st.holder_kind == "article" else st.holder,
                    holder_kind="outlet" if st.holder_kind == "article" else "speaker",
                    date=date,
                    date_source="remark" if dates else "published",
                    article_id=doc.id,
                    outlet=outlet(doc),
                    claim_id=st.claim_id,
                    label=st.label.value,
                    certainty=round(st.certainty, 3),
                )
            )
    rows.sort(key=lambda r: (r.holder_kind, r.holder, r.date is None, r.date or "", r.article_id))
    return rows
