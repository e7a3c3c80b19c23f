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
import functools
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
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
from newstrace.stages.stance import _prefetch
from newstrace.stages.stance import _speakers as speakers_model
from newstrace.stages.stance._certainty import DEFAULT_PARAMS as DEFAULT_CERTAINTY
from newstrace.stages.stance._certainty import CertaintyParams, assess, frame_of, scare_quotes
from newstrace.stages.stance._features import BodyFeatures, TextSpace, best_sentences, content_tokens, relatedness
from newstrace.stages.stance._nli import StanceScorer, scorer_from_settings
from newstrace.stages.stance._relate import RelatednessTable
from newstrace.stages.stance._speakers import QuoteScores, RelatedModel
from newstrace.text import embeddings
from newstrace.text.embeddings import Embedder

log = logging.getLogger(__name__)

FNC_TO_STANCE: dict[str, StanceLabel] = {
    "agree": StanceLabel.SUPPORTS,
    "disagree": StanceLabel.REFUTES,
    "discuss": StanceLabel.DISCUSSES,
    "unrelated": StanceLabel.UNRELATED,
}
_ANAPHORS = frozenset(["that", "this", "it", "so"])

#: ``relatedness(claim, passage)`` with the space bound: the function itself, or a :class:`RelatednessTable`.
Relate = Callable[[str, str], float]


def _relate(space: TextSpace, relate: Relate | None) -> Relate:
    return relate if relate is not None else functools.partial(relatedness, space)


@dataclass(frozen=True, slots=True)
class StanceParams:
    """The stage's ``[stance]`` settings (the defaults are those of ``defaults.toml``)."""

    #: A speaker whose probability of talking about a claim (the speaker relatedness model) is below this is
    #: unrelated to it.
    related_min: float = 0.45
    #: A plain statement whose own words (not the sentence around it) are less related than this takes no side.
    own_related_min: float = 0.0
    #: An article's own sentence (outside quotes) at least this close to a claim (embedding cosine) states or
    #: rebuts it in the outlet's own words; a news report with none only discusses the claim.
    own_voice_min: float = 0.85
    #: The same with lexical relatedness, without sentence embeddings.
    own_voice_lexical_min: float = 0.8
    #: A speaker whose winning side leads the others by less than this share of the vote "discusses".
    discuss_margin: float = 0.0
    #: Sentences kept as the evidence of an article's stance.
    evidence_sentences: int = 2
    #: The sentences most similar to the claim searched for the narrator's own (at least ``evidence_sentences``).
    candidate_sentences: int = 3
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
            own_related_min=float(settings.get("stance.own_related_min")),
            own_voice_min=float(settings.get("stance.own_voice_min")),
            own_voice_lexical_min=float(settings.get("stance.own_voice_lexical_min")),
            discuss_margin=float(settings.get("stance.discuss_margin")),
            evidence_sentences=int(settings.get("stance.evidence_sentences")),
            candidate_sentences=int(settings.get("stance.candidate_sentences")),
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
    #: How much the quote, in its context, is about the claim (0..1): its weight in the speaker's vote.
    relatedness: float
    assessment: Assessment
    context: tuple[Span, ...]
    #: Relatedness of what the quote itself says: its own words, or the sentence it leans on.
    own: float = 1.0

    @property
    def polarity(self) -> int:
        """+1 the quote asserts what it is about, -1 it denies it, 0 neither.

        The frame around the quote comes first ("denied that ...": -1; "would not rule out that ...": +1), then
        a negating reporting verb, then the quote's own wording (:attr:`Assessment.polarity`).
        """
        if self.assessment.frame:
            return self.assessment.frame
        cue = self.quote.cue
        if cue is not None and cue.cue_class is CueClass.NEGATING and not self.assessment.negated_denial:
            return -1
        return self.assessment.polarity

    @property
    def outright(self) -> bool:
        """Whether the words take their side outright: a frame, a denial, a negated denial, a negation."""
        a = self.assessment
        return bool(a.frame or a.denial or a.negated_denial or a.negated or a.minimised)

    def vote(self, own_min: float) -> int:
        """The side (+1, -1, 0) this quote takes on the claim.

        Its polarity, except that a plain statement whose own words are not about the claim (related only
        through the sentence around it: "they were made to cover up for ...") takes no side. Denials,
        negated denials, framed quotes and endorsing cues keep theirs.
        """
        cue = self.quote.cue
        endorsed = cue is not None and cue.cue_class is CueClass.ENDORSING
        plain = self.polarity == 1 and not self.assessment.negated_denial and not endorsed and not self.assessment.frame
        return 0 if plain and self.own < own_min else self.polarity


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
    space: TextSpace,
    claim: Claim,
    docs: Sequence[Document],
    params: StanceParams = DEFAULT_PARAMS,
    relate: Relate | None = None,
) -> tuple[str, ...]:
    """The story's sentences that state ``claim`` most plainly, best first: at most ``params.anchor_limit``
    of them, each at least ``params.anchor_min`` related to it.

    They let a passage that words the claim differently ("weapon shipments" for "arming") be
    read as related when it is close to a sentence that states the claim: relevance feedback,
    as in classic retrieval, done on the story itself. ``relate`` (:func:`story_relatedness`) computes the
    same values as pair by pair, faster.
    """
    relate = _relate(space, relate)
    scored = []
    for doc in docs:
        for sent in doc.sentences:
            text = doc.text[sent.start : sent.end]
            score = relate(claim.text, text)
            if score >= params.anchor_min:
                scored.append((-score, text))
    return tuple(text for _, text in sorted(scored)[: params.anchor_limit])


def story_relatedness(space: TextSpace, claims: Sequence[Claim], docs: Sequence[Document]) -> RelatednessTable:
    """The relatedness of each claim with each sentence of ``docs``, as :func:`claim_anchors` asks for it."""
    sentences = (doc.text[s.start : s.end] for doc in docs for s in doc.sentences)
    return RelatednessTable(space, [c.text for c in claims], sentences)


def chained_relatedness(
    space: TextSpace, claim: Claim, passage: str, anchors: Sequence[str], relate: Relate | None = None
) -> float:
    """Relatedness of ``passage`` to ``claim``, directly or through one anchor sentence (the product).

    An anchor that contains the passage (or lies inside it) is skipped: a quote must not inherit its own
    sentence's relatedness this way (that is the context's job, at its own weight).
    """
    relate = _relate(space, relate)
    direct = relate(claim.text, passage)
    through = (relate(claim.text, a) * relate(a, passage) for a in anchors if passage not in a and a not in passage)
    return max(direct, max(through, default=0.0))


def read_document(doc: Document, spacy_doc: Doc, params: CertaintyParams = DEFAULT_CERTAINTY) -> Readings:
    """What the parse says about each quote (read with its cue's class) and each sentence of ``doc``,
    and its scare quotes: all stance needs of the parse, claim by claim."""
    quotes = []
    for quote in doc.quotes:
        span = _span(spacy_doc, quote.start, quote.end)
        cue_class = quote.cue.cue_class if quote.cue is not None else None
        reading = assess(span if len(span) else spacy_doc[:0], cue_class, params=params)
        quotes.append(dataclasses.replace(reading, frame=frame_of(span)) if len(span) else reading)
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
    relate: Relate | None = None,
) -> tuple[QuoteReading, float]:
    """``quote`` read against ``claim`` lexically: a reading weighted by its lexical relatedness in its
    context, and the lexical relatedness of its own words (or of the sentence it leans on)."""
    context = quote_context(doc, quote, params)
    passage = _passage(doc, context)
    # the quote's own words count fully; the sentences around it fully only when the quote leans on them
    around = chained_relatedness(space, claim, passage, anchors, relate)
    own = chained_relatedness(space, claim, quote.content, anchors, relate)
    leans = leans_on_context(quote.content, params)
    weight = max(own, around if leans else params.context_weight * around)
    own_words = around if leans else own
    return QuoteReading(quote, weight, reading, context, own=own_words), own_words


def _passage(doc: Document, context: Sequence[Span]) -> str:
    return " ".join(doc.text[s.start : s.end] for s in context)


def document_relatedness(
    space: TextSpace,
    doc: Document,
    claims: Sequence[Claim],
    anchors: Mapping[str, Sequence[str]],
    params: StanceParams = DEFAULT_PARAMS,
    *,
    sentences: bool = False,
) -> RelatednessTable:
    """The relatedness of each claim and anchor with each quote (in its context and on its own) and anchor of
    ``doc``, as :func:`read_quote` asks for it; with ``sentences``, also each claim with each sentence."""
    anchor_texts = [a for c in claims for a in anchors.get(c.id, ())]
    passages = [p for q in doc.quotes for p in (_passage(doc, quote_context(doc, q, params)), q.content)]
    if sentences:
        passages.extend(doc.text[s.start : s.end] for s in doc.sentences)
    return RelatednessTable(space, [c.text for c in claims] + anchor_texts, passages + anchor_texts)


def speaker_stance(
    holder: str,
    readings: Sequence[QuoteReading],
    claim: Claim,
    related: float,
    *,
    related_min: float = DEFAULT_PARAMS.related_min,
    own_min: float = DEFAULT_PARAMS.own_related_min,
    discuss_margin: float = DEFAULT_PARAMS.discuss_margin,
) -> Stance:
    """Combine one speaker's quote readings into a stance (pure).

    ``related`` is the probability that the speaker talks about the claim at all (the speaker relatedness
    model, :mod:`newstrace.stages.stance._speakers`); below ``related_min`` the speaker is unrelated. Otherwise
    each quote whose own words (:attr:`QuoteReading.own`) are at least ``related_min`` about the claim (all
    of them, if none is) votes for its side (:meth:`QuoteReading.vote`) with that as weight: what a speaker
    affirms or denies decides their side; remarks that only talk about the claim make them "discuss" it when
    they take no side, or when their two sides are closer than ``discuss_margin``.
    """
    quote_ids = tuple(r.quote.id for r in readings)
    if related < related_min or not readings:
        return Stance(
            claim.id, holder, StanceLabel.UNRELATED, round(1.0 - related, 4), 0.0, "speaker", (), (), quote_ids
        )
    # each quote weighs by what its own words (or the sentence it leans on: "I'm not refuting that") say about
    # the claim; those about it vote, all of them if none is (the speaker as a whole is about it)
    readings = [r for r in readings if r.own >= related_min] or list(readings)
    mass = {1: 0.0, -1: 0.0, 0: 0.0}
    votes = [r.vote(own_min) for r in readings]
    for r, vote in zip(readings, votes, strict=True):
        mass[vote] += r.own
    total = sum(mass.values()) or 1.0
    polar = mass[1] + mass[-1]
    side = 1 if mass[1] >= mass[-1] else -1
    if polar == 0.0 or abs(mass[1] - mass[-1]) < discuss_margin * polar:
        side = 0
    label = {1: StanceLabel.SUPPORTS, -1: StanceLabel.REFUTES, 0: StanceLabel.DISCUSSES}[side]
    share = mass[side] / total if side != 0 else 1.0 - abs(mass[1] - mass[-1]) / total
    voters = [r for r, vote in zip(readings, votes, strict=True) if vote == side] or list(readings)
    # the quote that shows the side best first (a report shows it as the words behind the stance): one whose
    # words take a side outright (a denial, a negated one, a frame), then the one most about the claim
    voters.sort(key=lambda r: (not r.outright, -r.own))
    weight = sum(r.own for r in voters) or 1.0
    certainty = sum(r.own * r.assessment.certainty for r in voters) / weight
    cues = tuple(c for r in voters for c in r.assessment.cues)
    sentences = tuple(dict.fromkeys(s for r in voters for s in r.context))
    return Stance(
        claim.id,
        holder,
        label,
        round(related * share, 4),
        round(certainty, 4),
        "speaker",
        cues,
        sentences,
        tuple(r.quote.id for r in voters),
    )


@dataclass(frozen=True, slots=True)
class OwnVoice:
    """The article's own sentence (outside every quote) closest to a claim, and how close it is."""

    sentence: int  # index into Document.sentences
    closeness: float  # embedding cosine, or lexical relatedness without embeddings


def own_sentences(doc: Document) -> list[int]:
    """Indices of the sentences in the outlet's own voice: those that overlap no quote."""
    quoted = [(q.start, q.end) for q in doc.quotes]
    return [i for i, s in enumerate(doc.sentences) if not any(a < s.end and s.start < b for a, b in quoted)]


def stated_by(doc: Document, claim: Claim, quoted: Sequence[tuple[int, int]]) -> int | None:
    """The index of the sentence of ``doc``, in its own voice, that ``claim`` is word for word (a core claim
    taken whole from this article's headline or sentence), else None. Claims the user gives, claims from other
    articles or from a quote have none, and so has a proposition rendered from a sentence: it may sit under a
    report or an accusation the outlet only relays ("reports accusing Russia of arming ...")."""
    if claim.article_id != doc.id or claim.start is None or claim.end is None:
        return None
    if doc.text[claim.start : claim.end].strip() != claim.text.strip():
        return None
    if any(a < claim.end and claim.start < b for a, b in quoted):
        return None
    return next((i for i, s in enumerate(doc.sentences) if s.start <= claim.start < s.end), None)


def article_stance(
    doc: Document,
    claim: Claim,
    *,
    params: StanceParams = DEFAULT_PARAMS,
    scorer: StanceScorer | None = None,
    semantic: bool = False,
    own_voice: OwnVoice | None = None,
    own_voice_min: float | None = None,
    body: BodyFeatures | None = None,
) -> Stance:
    """The article's stance toward ``claim``, from the outlet's own voice.

    The FNC-1 model (and a plug-in scorer, if any) reads the claim against the whole text; it decides whether
    the article is about the claim at all, and, for an opinion piece, where it stands (the author's voice is
    the stance). A news report (or other text) that is about the claim *discusses* it unless the outlet states
    or rebuts it in its own words: its own sentence closest to the claim (``own_voice``: outside every quote)
    is at least ``own_voice_min`` close to it; then that sentence's polarity decides (a negated or denying
    sentence refutes, a conditional one discusses, a plain statement supports). Quoted sources never make
    the outlet's stance: a report mostly relays them. ``body``: :func:`article_body` of ``doc``, when the caller
    has it already (it is the same for every claim).
    """
    m = stance_model.load(semantic=semantic)
    body = article_body(doc, semantic=semantic) if body is None else body
    proba = m.refine(m.pair_proba([(claim.text, body)]), [(claim.text, doc.text)])[0]
    # as the decision weighs them, so that mixing in a scorer starts from what the model decides
    weighed = stance_model.rescaled(proba, m.class_scale)[0]
    probs = {FNC_TO_STANCE[name]: float(p) for name, p in zip(stance_model.LABELS, weighed, strict=True)}
    n_sentences = params.evidence_sentences
    best = best_sentences(m.space, claim.text, body, k=max(n_sentences, params.candidate_sentences))
    if scorer is not None and best:
        extra = scorer.score([(claim.text, " ".join(doc.text[a:b] for a, b in best[:n_sentences]))])[0]
        probs = {k: (v + extra.get(k, v)) / 2 for k, v in probs.items()}
    label = FNC_TO_STANCE[m.decide(proba.reshape(1, -1))[0]] if scorer is None else max(probs, key=probs.__getitem__)
    probability = probs[label]
    read = doc.readings or Readings()
    threshold = params.own_voice_min if own_voice_min is None else own_voice_min
    voiced = own_voice is not None and own_voice.closeness >= threshold
    quoted = [(q.start, q.end) for q in doc.quotes]
    stated = stated_by(doc, claim, quoted)
    if stated is not None:
        # the claim was read from this outlet's own words: it asserts it, whatever the model makes of the rest
        label, probability = StanceLabel.SUPPORTS, 1.0
        own_voice, voiced = OwnVoice(stated, 1.0), True
    elif label is not StanceLabel.UNRELATED and doc.genre is not Genre.OPINION:
        label = StanceLabel.DISCUSSES
        if own_voice is not None and voiced and own_voice.sentence < len(read.sentences):
            polarity = read.sentences[own_voice.sentence].polarity
            label = {1: StanceLabel.SUPPORTS, -1: StanceLabel.REFUTES}.get(polarity, StanceLabel.DISCUSSES)
        probability = 1.0 - probs[StanceLabel.UNRELATED]  # how sure it is about the claim at all
    own = [(a, b) for a, b in best if not any(qa <= a and b <= qb for qa, qb in quoted)]
    if own_voice is not None and voiced:
        sentence = doc.sentences[own_voice.sentence]
        own = [(sentence.start, sentence.end), *(o for o in own if o != (sentence.start, sentence.end))]
        best = [(sentence.start, sentence.end), *(b for b in best if b != (sentence.start, sentence.end))]
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
        round(probability, 4),
        round(min(1.0, max(params.certainty.floor, certainty)), 4),
        "article",
        tuple(sorted(set(cues), key=lambda c: (c.start, c.end))),
        tuple(Span(a, b) for a, b in best[:n_sentences]),
    )


def article_body(doc: Document, *, semantic: bool = False) -> BodyFeatures:
    """What the FNC-1 model reads of ``doc``'s text, whatever the claim (:func:`article_stance`)."""
    sentences = [(s.start, s.end) for s in doc.sentences] or None
    return stance_model.load(semantic=semantic).body(doc.text, sentences)


@dataclass(frozen=True)
class SimilarityTable:
    """Embedding cosines of one document's sentences and quotes with each claim: one matrix product."""

    sentences: npt.NDArray[np.float32]  # (n sentences, n claims)
    quotes: npt.NDArray[np.float32]  # (n quotes, n claims)


def similarity_table(
    embedder: Embedder, doc: Document, claims: Sequence[Claim], quotes: Sequence[int] | None = None
) -> SimilarityTable:
    """Embed the claims, the document's sentences and its quotes once (the cache keeps what the article
    model already embedded) and take every cosine in one product per kind.

    ``quotes``: the indices of the quotes to embed (all by default); the rows of the others are zeros.
    """
    sentence_texts = [doc.text[s.start : s.end] for s in doc.sentences]
    wanted = range(len(doc.quotes)) if quotes is None else quotes
    quote_texts = [doc.quotes[i].content for i in wanted]
    vectors = embedder.encode([c.text for c in claims] + sentence_texts + quote_texts)
    n_claims, n_sentences = len(claims), len(sentence_texts)
    claim_vectors = vectors[:n_claims]
    sentences = vectors[n_claims : n_claims + n_sentences] @ claim_vectors.T if n_sentences else np.zeros((0, n_claims))
    quote_rows = np.zeros((len(doc.quotes), n_claims), dtype=np.float32)
    if quote_texts:
        quote_rows[list(wanted)] = vectors[n_claims + n_sentences :] @ claim_vectors.T
    return SimilarityTable(np.asarray(sentences, dtype=np.float32), quote_rows)


def stance_texts(doc: Document, claims: Sequence[Claim], *, quotes: bool = True) -> list[str]:
    """The texts :func:`document_stances` embeds for ``doc``: the claims, the sentences, and with ``quotes``
    (when the speaker relatedness model reads their embeddings) the speakers' quotes."""
    sentences = [doc.text[s.start : s.end] for s in doc.sentences]
    said = [doc.quotes[i].content for i in voting_quotes(doc)] if quotes else []
    return [c.text for c in claims] + sentences + said


def speaker_groups(doc: Document) -> dict[str, list[int]]:
    """The indices of the article's quotes (that have a reading) by holder (:attr:`Speaker.holder`)."""
    read = doc.readings or Readings()
    groups: dict[str, list[int]] = defaultdict(list)
    for i, q in enumerate(doc.quotes):
        name = q.speaker.holder if q.speaker is not None else None
        if name and i < len(read.quotes):
            groups[name].append(i)
    return groups


def voting_quotes(doc: Document) -> list[int]:
    """The indices of the quotes that take part in a speaker's vote (:func:`speaker_groups`), in order."""
    return sorted(i for indices in speaker_groups(doc).values() for i in indices)


def quote_scores(
    space: TextSpace,
    doc: Document,
    index: int,
    claim: Claim,
    column: int,
    table: SimilarityTable | None,
    anchors: Sequence[str],
    params: StanceParams,
    relate: Relate | None = None,
) -> tuple[QuoteReading, QuoteScores, QuoteScores]:
    """One quote against one claim: its lexical reading, its scores in context, and its own words' scores."""
    quote = doc.quotes[index]
    reading, own_lexical = read_quote(
        space, doc, (doc.readings or Readings()).quotes[index], quote, claim, anchors, params, relate
    )
    if table is None:
        return reading, QuoteScores(None, None, reading.relatedness), QuoteScores(None, None, own_lexical)
    where = {(s.start, s.end): i for i, s in enumerate(doc.sentences)}
    context = [where[(c.start, c.end)] for c in reading.context if (c.start, c.end) in where]
    said = float(table.quotes[index, column])
    around = max((float(table.sentences[i, column]) for i in context), default=said)
    leans = leans_on_context(quote.content, params)
    return (
        reading,
        QuoteScores(said, around, reading.relatedness),
        QuoteScores(around if leans else said, around if leans else said, own_lexical),
    )


def document_stances(
    doc: Document,
    claims: Sequence[Claim],
    *,
    params: StanceParams = DEFAULT_PARAMS,
    scorer: StanceScorer | None = None,
    anchors: Mapping[str, Sequence[str]] | None = None,
    semantic: bool = False,
    embedder: Embedder | None = None,
    related: Mapping[str, RelatedModel] | None = None,
) -> tuple[Stance, ...]:
    """All stances of one document (the article's, then each speaker's) toward each claim.

    ``anchors`` maps a claim id to the story sentences that state it (``claim_anchors``). What the
    parse says of the quotes and sentences comes from ``doc.readings`` (``stance.read.v1``). With an
    ``embedder`` the claims, sentences and quotes are embedded once and compared in one product
    (:func:`similarity_table`); ``related`` holds the speaker relatedness models (the shipped ones
    by default).
    """
    space = stance_model.load().space
    models = related if related is not None else speakers_model.load()
    groups = speaker_groups(doc)
    # only the quotes of a speaker take part in a vote, and only a model that reads their embeddings needs them
    said = voting_quotes(doc) if speakers_model.reads_embeddings(models) else []
    table = similarity_table(embedder, doc, claims, said) if embedder is not None and claims else None
    relate = document_relatedness(space, doc, claims, anchors or {}, params, sentences=table is None)
    own_indices = own_sentences(doc)
    body = article_body(doc, semantic=semantic) if claims else None
    out: list[Stance] = []
    for column, claim in enumerate(claims):
        claim_anchors_ = (anchors or {}).get(claim.id, ())
        speakers = []
        for holder, indices in groups.items():
            readings, scores = [], []
            for i in indices:
                reading, in_context, own_words = quote_scores(
                    space, doc, i, claim, column, table, claim_anchors_, params, relate
                )
                quote_model = speakers_model.model_for(speakers_model.quote_values(in_context), models)
                own_model = speakers_model.model_for(speakers_model.quote_values(own_words), models)
                readings.append(
                    dataclasses.replace(
                        reading,
                        relatedness=quote_model.probability(speakers_model.quote_values(in_context)),
                        own=own_model.probability(speakers_model.quote_values(own_words)),
                    )
                )
                scores.append(in_context)
            values = speakers_model.speaker_values(scores)
            probability = speakers_model.model_for(values, models).probability(values)
            speakers.append(
                speaker_stance(
                    holder,
                    readings,
                    claim,
                    probability,
                    related_min=params.related_min,
                    own_min=params.own_related_min,
                    discuss_margin=params.discuss_margin,
                )
            )
        if table is not None:
            closeness = [(float(table.sentences[i, column]), i) for i in own_indices]
            threshold = params.own_voice_min
        else:
            closeness = [
                (relate(claim.text, doc.text[doc.sentences[i].start : doc.sentences[i].end]), i) for i in own_indices
            ]
            threshold = params.own_voice_lexical_min
        top = max(closeness, default=None)
        voice = OwnVoice(top[1], top[0]) if top is not None else None
        out.append(
            article_stance(
                doc,
                claim,
                params=params,
                scorer=scorer,
                semantic=semantic,
                own_voice=voice,
                own_voice_min=threshold,
                body=body,
            )
        )
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

    #: The speaker relatedness models; None = the shipped ones (a training script sets its own).
    related: Mapping[str, RelatedModel] | None = None

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
        embedder = embeddings.load(str(self.settings.get("embeddings.model"))) if semantic else None
        anchors: dict[str, tuple[str, ...]] = {}
        for story in corpus.stories:
            members = [by_id[a] for a in story.article_ids if a in by_id]
            claims = corpus.user_claims or story.claims
            relate = story_relatedness(space, claims, members)
            for claim in claims:
                anchors[claim.id] = claim_anchors(space, claim, members, params, relate)

        def stances_of(doc: Document) -> tuple[Stance, ...]:
            unique = list({c.id: c for c in claims_of[doc.id]}.values())
            return document_stances(
                doc,
                unique,
                params=params,
                scorer=scorer,
                anchors=anchors,
                semantic=semantic,
                embedder=embedder,
                related=self.related,
            )

        todo = [d for d in live if claims_of.get(d.id)]
        if embedder is None:
            done = self.each(todo, ctx, stances_of, parallel=True)
        else:  # the texts of many articles embedded together first: longer batches (_prefetch)
            done = {}
            quotes = speakers_model.reads_embeddings(self.related or speakers_model.load())

            def texts(d: Document) -> list[str]:
                return stance_texts(d, claims_of[d.id], quotes=quotes)

            for block in _prefetch.blocks(todo, texts):
                _prefetch.embed_ahead(self, ctx, embedder, [t for d in block for t in texts(d)])
                done.update(self.each(block, ctx, stances_of, parallel=True))
        docs = tuple(dataclasses.replace(d, stances=done[d.id]) if d.id in done else d for d in corpus.documents)
        return dataclasses.replace(corpus, documents=docs)
