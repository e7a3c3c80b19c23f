"""Stance: how each article and each quoted speaker positions itself toward each core claim.

For every story (``corpus.stories``) the core claims are ``story.claims``, or the user's claims
(``corpus.user_claims``, from ``--claim``) when given.

- **Article**: the shipped FNC-1 model (:mod:`newstrace.stages.stance._model`: trees, which also read
  sentence embeddings when ``embeddings.model`` is "auto" and the extra is installed, with a
  trained cross-encoder blended in when one is installed) reads the
  claim as a headline against the article's text: agree → supports, disagree → refutes, discuss →
  discusses, unrelated → unrelated, with the label's probability and the sentences most similar to
  the claim.
  Certainty comes from the narrator's own words in those sentences (hedges, boosters, negation)
  and from scare quotes anywhere in the narrator's text. A configured local cross-encoder
  (``stance.nli_model``) is averaged in as extra evidence.
- **Speaker**: the article's quotes grouped by speaker name. Each quote is related to the claim by
  :func:`~newstrace.stages.stance._features.relatedness` over the sentence(s) that carry it (with the
  sentence before when the quote is short or anaphoric: "I'm not refuting that"), and read by
  :func:`~newstrace.stages.stance._certainty.assess` for polarity (denial, negated denial, negated predicate,
  minimiser, hypothetical) and certainty. Related quotes vote with their relatedness as weight; a
  plain statement that is about the claim only through the sentence around it takes no side
  (:meth:`QuoteReading.vote`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newstrace.model import (
    Assessment,
    CertaintyCue,
    Claim,
    CueClass,
    Document,
    Genre,
    Quote,
    Readings,
    Span,
    Stance,
    StanceLabel,
)
from newstrace.pipeline import Corpus, CorpusStage, DocumentStage, RunContext, register
from newstrace.settings import Settings
from newstrace.stages.stance import _model as stance_model
from newstrace.stages.stance._certainty import DEFAULT_PARAMS as DEFAULT_CERTAINTY
from newstrace.stages.stance._certainty import CertaintyParams, assess, scare_quotes
from newstrace.stages.stance._features import TextSpace, best_sentences, content_tokens, relatedness
from newstrace.stages.stance._nli import StanceScorer, scorer_from_settings
from newstrace.text import embeddings

log = logging.getLogger(__name__)

FNC_TO_STANCE: dict[str, StanceLabel] = {
    "agree": StanceLabel.SUPPORTS,
    "disagree": StanceLabel.REFUTES,
    "discuss": StanceLabel.DISCUSSES,
    "unrelated": StanceLabel.UNRELATED,
}
_ANAPHORS = frozenset(["that", "this", "it", "so"])
_RELATED_LABELS = (StanceLabel.SUPPORTS, StanceLabel.REFUTES, StanceLabel.DISCUSSES)


@dataclass(frozen=True, slots=True)
class StanceParams:
    """The stage's ``[stance]`` settings (the defaults are those of ``defaults.toml``)."""

    #: A quote whose relatedness to a claim is below this says nothing about it.
    related_min: float = 0.3
    #: A speaker whose winning side leads the others by less than this share of the vote "discusses".
    discuss_margin: float = 0.2
    #: Sentences kept as the evidence of an article's stance.
    evidence_sentences: int = 2
    #: The sentences most similar to the claim searched for the narrator's own (at least ``evidence_sentences``).
    candidate_sentences: int = 3
    #: Weight of the quoted speakers' stances in an article's stance (the FNC-1 model has the rest).
    sources_weight: float = 0.5
    #: A story sentence at least this related to a claim states it (an anchor for chained relatedness).
    anchor_min: float = 0.6
    #: Anchor sentences kept per claim.
    anchor_limit: int = 8
    #: Share of the surrounding sentences' relatedness a self-contained quote inherits.
    context_weight: float = 0.6
    #: A quote with fewer content words than this leans on the sentence before.
    short_quote_words: int = 4
    #: So does an anaphoric quote ("that", "this", "it", "so") with fewer content words than this.
    anaphoric_quote_words: int = 8
    #: Scare quotes in the narrator's text that count in an article's certainty at most.
    max_scare_quotes: int = 3
    #: Word pieces a configured ``stance.nli_model`` reads of a (claim, passage) pair.
    nli_max_length: int = 256
    certainty: CertaintyParams = DEFAULT_CERTAINTY

    @classmethod
    def from_settings(cls, settings: Settings) -> StanceParams:
        return cls(
            related_min=float(settings.get("stance.related_min")),
            discuss_margin=float(settings.get("stance.discuss_margin")),
            evidence_sentences=int(settings.get("stance.evidence_sentences")),
            candidate_sentences=int(settings.get("stance.candidate_sentences")),
            sources_weight=float(settings.get("stance.sources_weight")),
            anchor_min=float(settings.get("stance.anchor_min")),
            anchor_limit=int(settings.get("stance.anchor_limit")),
            context_weight=float(settings.get("stance.context_weight")),
            short_quote_words=int(settings.get("stance.short_quote_words")),
            anaphoric_quote_words=int(settings.get("stance.anaphoric_quote_words")),
            max_scare_quotes=int(settings.get("stance.max_scare_quotes")),
            nli_max_length=int(settings.get("stance.nli_max_length")),
            certainty=CertaintyParams.from_settings(settings),
        )


DEFAULT_PARAMS = StanceParams()


@dataclass(frozen=True)
class QuoteReading:
    """One quote read against one claim."""

    quote: Quote
    relatedness: float
    assessment: Assessment
    context: tuple[Span, ...]
    #: Relatedness of what the quote itself says: its own words, or the sentence it leans on.
    own: float = 1.0

    @property
    def polarity(self) -> int:
        cue = self.quote.cue
        if cue is not None and cue.cue_class is CueClass.NEGATING and not self.assessment.negated_denial:
            return -1
        return self.assessment.polarity

    def vote(self, related_min: float) -> int:
        """The side (+1, -1, 0) this quote takes on the claim.

        Its polarity, except that a plain statement whose own words are not about the claim (related only
        through the sentence around it: "they were made to cover up for ...") takes no side. Denials,
        negated denials and endorsing cues keep theirs.
        """
        cue = self.quote.cue
        endorsed = cue is not None and cue.cue_class is CueClass.ENDORSING
        plain = self.polarity == 1 and not self.assessment.negated_denial and not endorsed
        return 0 if plain and self.own < related_min else self.polarity


def _sentence_index(doc: Document, offset: int) -> int:
    for i, s in enumerate(doc.sentences):
        if s.start <= offset < s.end:
            return i
    return max(0, min(len(doc.sentences) - 1, sum(1 for s in doc.sentences if s.end <= offset)))


def leans_on_context(content: str, params: StanceParams = DEFAULT_PARAMS) -> bool:
    """A quote too short, or too anaphoric, to say what it is about without the sentence before."""
    words = content_tokens(content)
    lowered = {w.lower().strip('.,;:!?"“”') for w in content.replace("’", "'").split()}
    return len(words) < params.short_quote_words or (
        bool(lowered & _ANAPHORS) and len(words) < params.anaphoric_quote_words
    )


def quote_context(doc: Document, quote: Quote, params: StanceParams = DEFAULT_PARAMS) -> tuple[Span, ...]:
    """The sentences carrying the quote, plus the one before when the quote is short or anaphoric."""
    if not doc.sentences:
        return (Span(quote.start, quote.end),)
    first = _sentence_index(doc, quote.start)
    last = _sentence_index(doc, max(quote.start, quote.end - 1))
    if first > 0 and leans_on_context(quote.content, params):
        first -= 1
    return tuple(Span(s.start, s.end) for s in doc.sentences[first : last + 1])


def _span(spacy_doc: Doc, start: int, end: int) -> SpacySpan:
    span = spacy_doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else spacy_doc[:0]


def claim_anchors(
    space: TextSpace, claim: Claim, docs: Sequence[Document], params: StanceParams = DEFAULT_PARAMS
) -> tuple[str, ...]:
    """The story's sentences that state ``claim`` most plainly, best first: at most ``params.anchor_limit``
    of them, each at least ``params.anchor_min`` related to it.

    They let a passage that words the claim differently ("weapon shipments" for "arming") be
    read as related when it is close to a sentence that states the claim: relevance feedback,
    as in classic retrieval, done on the story itself.
    """
    scored = []
    for doc in docs:
        for sent in doc.sentences:
            text = doc.text[sent.start : sent.end]
            score = relatedness(space, claim.text, text)
            if score >= params.anchor_min:
                scored.append((-score, text))
    return tuple(text for _, text in sorted(scored)[: params.anchor_limit])


def chained_relatedness(space: TextSpace, claim: Claim, passage: str, anchors: Sequence[str]) -> float:
    """Relatedness of ``passage`` to ``claim``, directly or through one anchor sentence (the product).

    An anchor that contains the passage (or lies inside it) is skipped: a quote must not inherit its own
    sentence's relatedness this way (that is the context's job, at its own weight).
    """
    direct = relatedness(space, claim.text, passage)
    through = (
        relatedness(space, claim.text, a) * relatedness(space, a, passage)
        for a in anchors
        if passage not in a and a not in passage
    )
    return max(direct, max(through, default=0.0))


def read_document(doc: Document, spacy_doc: Doc, params: CertaintyParams = DEFAULT_CERTAINTY) -> Readings:
    """What the parse says about each quote (read with its cue's class) and each sentence of ``doc``,
    and its scare quotes: all stance needs of the parse, claim by claim."""
    quotes = []
    for quote in doc.quotes:
        span = _span(spacy_doc, quote.start, quote.end)
        cue_class = quote.cue.cue_class if quote.cue is not None else None
        quotes.append(assess(span if len(span) else spacy_doc[:0], cue_class, params=params))
    sentences = tuple(assess(_span(spacy_doc, s.start, s.end), params=params) for s in doc.sentences)
    scare = tuple(scare_quotes(spacy_doc, weight=params.scare_quote_weight))
    return Readings(tuple(quotes), sentences, scare)


def read_quote(
    space: TextSpace,
    doc: Document,
    reading: Assessment,
    quote: Quote,
    claim: Claim,
    anchors: Sequence[str] = (),
    params: StanceParams = DEFAULT_PARAMS,
) -> QuoteReading:
    """``quote`` read against ``claim``: how related it is (in its context), and what the parse said of it."""
    context = quote_context(doc, quote, params)
    passage = " ".join(doc.text[s.start : s.end] for s in context)
    # the quote's own words count fully; the sentences around it fully only when the quote leans on them
    around = chained_relatedness(space, claim, passage, anchors)
    own = chained_relatedness(space, claim, quote.content, anchors)
    leans = leans_on_context(quote.content, params)
    weight = max(own, around if leans else params.context_weight * around)
    return QuoteReading(quote, weight, reading, context, own=around if leans else own)


def speaker_stance(
    holder: str, readings: Sequence[QuoteReading], claim: Claim, related_min: float, discuss_margin: float
) -> Stance:
    """Combine one speaker's quote readings into a stance (relatedness-weighted vote; pure)."""
    related = [r for r in readings if r.relatedness >= related_min]
    quote_ids = tuple(r.quote.id for r in readings)
    if not related:
        best = max((r.relatedness for r in readings), default=0.0)
        return Stance(claim.id, holder, StanceLabel.UNRELATED, round(1.0 - best, 4), 0.0, "speaker", (), (), quote_ids)
    mass = {1: 0.0, -1: 0.0, 0: 0.0}
    votes = [r.vote(related_min) for r in related]
    for r, vote in zip(related, votes, strict=True):
        mass[vote] += r.relatedness
    total = sum(mass.values())
    # what a speaker affirms or denies decides their side; remarks that only talk about the
    # claim make them "discuss" it when they take no side, or when their two sides are too close
    polar = mass[1] + mass[-1]
    side = 1 if mass[1] >= mass[-1] else -1
    if polar == 0.0 or abs(mass[1] - mass[-1]) < discuss_margin * polar:
        side = 0
    label = {1: StanceLabel.SUPPORTS, -1: StanceLabel.REFUTES, 0: StanceLabel.DISCUSSES}[side]
    share = mass[side] / total if side != 0 else 1.0 - abs(mass[1] - mass[-1]) / total
    voters = [r for r, vote in zip(related, votes, strict=True) if vote == side] or related
    weight = sum(r.relatedness for r in voters)
    certainty = sum(r.relatedness * r.assessment.certainty for r in voters) / weight
    cues = tuple(c for r in voters for c in r.assessment.cues)
    sentences = tuple(dict.fromkeys(s for r in voters for s in r.context))
    return Stance(
        claim.id,
        holder,
        label,
        round(share, 4),
        round(certainty, 4),
        "speaker",
        cues,
        sentences,
        tuple(r.quote.id for r in voters),
    )


def sources_distribution(speakers: Sequence[Stance]) -> dict[StanceLabel, float]:
    """The share of supports / refutes / discusses among the speakers who relate to the claim."""
    related = [s for s in speakers if s.label is not StanceLabel.UNRELATED]
    if not related:
        return {}
    return {label: sum(1 for s in related if s.label is label) / len(related) for label in _RELATED_LABELS}


def article_stance(
    doc: Document,
    claim: Claim,
    *,
    params: StanceParams = DEFAULT_PARAMS,
    scorer: StanceScorer | None = None,
    sources: dict[StanceLabel, float] | None = None,
    semantic: bool = False,
) -> Stance:
    """The article's stance toward ``claim`` from the FNC-1 model (and a plug-in scorer, if any).

    The model's probabilities are taken as its decision weighs them (:func:`stance_model.rescaled`).
    When the article's quoted speakers relate to the claim, ``sources`` (their share of supports /
    refutes / discusses) is mixed in with weight ``params.sources_weight``: a report mostly says what its
    sources say, which the body-level model reads only through their words. Not for opinion pieces,
    where the author's own voice is the stance.
    """
    m = stance_model.load(semantic=semantic)
    sentences = [(s.start, s.end) for s in doc.sentences] or None
    body = m.body(doc.text, sentences)
    proba = m.refine(m.pair_proba([(claim.text, body)]), [(claim.text, doc.text)])[0]
    # as the decision weighs them, so that mixing in a scorer or the sources starts from what the model decides
    weighed = stance_model.rescaled(proba, m.class_scale)[0]
    probs = {FNC_TO_STANCE[name]: float(p) for name, p in zip(stance_model.LABELS, weighed, strict=True)}
    n_sentences = params.evidence_sentences
    best = best_sentences(m.space, claim.text, body, k=max(n_sentences, params.candidate_sentences))
    if scorer is not None and best:
        extra = scorer.score([(claim.text, " ".join(doc.text[a:b] for a, b in best[:n_sentences]))])[0]
        probs = {k: (v + extra.get(k, v)) / 2 for k, v in probs.items()}
    label = FNC_TO_STANCE[m.decide(proba.reshape(1, -1))[0]] if scorer is None else max(probs, key=probs.__getitem__)
    if sources and label is not StanceLabel.UNRELATED and doc.genre is not Genre.OPINION:
        related_mass = sum(probs[k] for k in _RELATED_LABELS) or 1.0
        mixed = {
            k: (1 - params.sources_weight) * probs[k] / related_mass + params.sources_weight * sources.get(k, 0.0)
            for k in _RELATED_LABELS
        }
        label = max(mixed, key=mixed.__getitem__)
        probs = {**probs, **{k: v * related_mass for k, v in mixed.items()}}
    quoted = [(q.start, q.end) for q in doc.quotes]
    own = [(a, b) for a, b in best if not any(qa <= a and b <= qb for qa, qb in quoted)]
    read = doc.readings or Readings()
    by_span = {(s.start, s.end): r for s, r in zip(doc.sentences, read.sentences, strict=False)}
    readings = [by_span[span] for span in own[:n_sentences] if span in by_span]
    certainty = sum(r.certainty for r in readings) / len(readings) if readings else params.certainty.base
    cues: list[CertaintyCue] = [c for r in readings for c in r.cues]
    scare = [c for c in read.scare_quotes if not any(qa <= c.start and c.end <= qb for qa, qb in quoted)]
    certainty += sum(c.weight for c in scare[: params.max_scare_quotes])
    cues.extend(scare)
    return Stance(
        claim.id,
        "article",
        label,
        round(probs[label], 4),
        round(min(1.0, max(params.certainty.floor, certainty)), 4),
        "article",
        tuple(sorted(set(cues), key=lambda c: (c.start, c.end))),
        tuple(Span(a, b) for a, b in best[:n_sentences]),
    )


def document_stances(
    doc: Document,
    claims: Sequence[Claim],
    *,
    params: StanceParams = DEFAULT_PARAMS,
    scorer: StanceScorer | None = None,
    anchors: Mapping[str, Sequence[str]] | None = None,
    semantic: bool = False,
) -> tuple[Stance, ...]:
    """All stances of one document (the article's, then each speaker's) toward each claim.

    ``anchors`` maps a claim id to the story sentences that state it (``claim_anchors``). What the
    parse says of the quotes and sentences comes from ``doc.readings`` (``stance.read.v1``).
    """
    space = stance_model.load().space
    read = doc.readings or Readings()
    reading_of = {q.id: r for q, r in zip(doc.quotes, read.quotes, strict=False)}
    groups: dict[str, list[Quote]] = defaultdict(list)
    for q in doc.quotes:
        name = q.speaker.holder if q.speaker is not None else None
        if name and q.id in reading_of:
            groups[name].append(q)
    out: list[Stance] = []
    for claim in claims:
        speakers = [
            speaker_stance(
                holder,
                [
                    read_quote(space, doc, reading_of[q.id], q, claim, (anchors or {}).get(claim.id, ()), params)
                    for q in quotes
                ],
                claim,
                params.related_min,
                params.discuss_margin,
            )
            for holder, quotes in groups.items()
        ]
        sources = sources_distribution(speakers)
        out.append(article_stance(doc, claim, params=params, scorer=scorer, sources=sources, semantic=semantic))
        out.extend(speakers)
    return tuple(out)


@register
class StanceReader(DocumentStage):
    name = "stance.read.v1"
    requires = frozenset({"parse", "document.text", "document.sentences", "document.quotes"})
    provides = frozenset({"document.readings"})
    description = (
        "what the parse says of each quote and sentence: certainty cues, denials, negation scope, hypotheticals; "
        "scare quotes (read per article, so the stance stage needs no parse)"
    )

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.params = CertaintyParams.from_settings(settings)

    def process(self, doc: Document, ctx: RunContext) -> Document:
        return dataclasses.replace(doc, readings=read_document(doc, ctx.parse(doc).doc, self.params))


@register
class StanceStage(CorpusStage):
    name = "stance.v1"
    requires = frozenset(
        {
            "corpus.stories",
            "corpus.user_claims",
            "story.claims",
            "document.text",
            "document.sentences",
            "document.quotes",
            "document.genre",
            "document.readings",
        }
    )
    provides = frozenset({"document.stances"})
    description = "stance and certainty of each article (FNC-1 model) and each quoted speaker toward the core claims"

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        params = StanceParams.from_settings(self.settings)
        scorer = scorer_from_settings(str(self.settings.get("stance.nli_model")), max_length=params.nli_max_length)
        # the semantic stance model was trained on the bundled model's vectors only
        semantic = embeddings.is_bundled(str(self.settings.get("embeddings.model")))
        live = corpus.live()
        by_id = {d.id: d for d in live}
        claims_of: dict[str, list[Claim]] = defaultdict(list)
        for story in corpus.stories:
            for article_id in story.article_ids:
                claims_of[article_id].extend(corpus.user_claims or story.claims)
        if not corpus.stories and corpus.user_claims:
            for doc_id in by_id:
                claims_of[doc_id].extend(corpus.user_claims)
        space = stance_model.load().space
        stance_model.load(semantic=semantic)  # loaded here, so that workers forked below share it
        anchors: dict[str, tuple[str, ...]] = {}
        for story in corpus.stories:
            members = [by_id[a] for a in story.article_ids if a in by_id]
            for claim in corpus.user_claims or story.claims:
                anchors[claim.id] = claim_anchors(space, claim, members, params)

        def stances_of(doc: Document) -> tuple[Stance, ...]:
            unique = list({c.id: c for c in claims_of[doc.id]}.values())
            return document_stances(
                doc,
                unique,
                params=params,
                scorer=scorer,
                anchors=anchors,
                semantic=semantic,
            )

        done = self.each([d for d in live if claims_of.get(d.id)], ctx, stances_of, parallel=True)
        docs = tuple(dataclasses.replace(d, stances=done[d.id]) if d.id in done else d for d in corpus.documents)
        return dataclasses.replace(corpus, documents=docs)
