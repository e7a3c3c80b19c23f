"""Core claims of a story (``claims.core.v1``): the propositions its articles repeat most, stated as short sentences.

With user claims given, those are the core claims. Otherwise, when the spaCy parses of the
articles are given, every sentence yields its predications (subject, verb lemma, object; see
``newstrace.stages.claims._propositions``); they rank by how many articles carry them, then how often,
then the check-worthiness of their sentences, and the best ``max_claims`` carried by at least
``min_articles`` articles are rendered as declarative sentences ("Russia is arming the Taliban"),
origin ``cluster``, with the offsets of one supporting sentence.

Fallback (no parses, or no predication shared by two articles): candidates are the articles'
headline claims and titles (not questions), their lead sentences and their check-worthy claim
sentences, minus sentences that are mostly quotation (a quote frame states who said what, not a
claim); each scores by how many *other* articles carry a similar sentence (the test of
``newstrace.text.matching``: word TF-IDF cosine, and embedding cosine when embeddings are
installed), plus its check-worthiness and a bonus for headlines. The thresholds and bonuses are
``[claims]`` settings (:class:`CoreClaimParams`).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from spacy.tokens import Doc

from newstrace.model import Argument, Claim, Document, Predication, Propositions
from newstrace.settings import Settings
from newstrace.stages.claims._propositions import demonym_map, merge, predications, render
from newstrace.text import lexicons
from newstrace.text.embeddings import Embedder
from newstrace.text.matching import Similarities, tfidf

ANAPHORS = lexicons.words("stages/claims/lexicons/anaphors.txt")
CONNECTIVES = lexicons.words("stages/claims/lexicons/connectives.txt")
#: Personal pronouns that, as the subject after an opening phrase, point back at someone named before.
SUBJECTS = lexicons.words("stages/claims/lexicons/subject_pronouns.txt")
#: The longest opening phrase (in words) before such a subject that is looked at.
_OPENING_WORDS = 15


@dataclass(frozen=True, slots=True)
class CoreClaimParams:
    """The ``[claims]`` settings of ``claims.core.v1`` (the defaults are those of ``defaults.toml``).

    How many core claims a story gets is ``stories.max_core_claims``, passed on its own.
    """

    #: A proposition is a core claim when at least this many articles carry it.
    min_articles: int = 2
    #: A sentence with at least this share of quoted characters is a quote frame, not a claim.
    quote_frame_share: float = 0.2
    #: A demonym and a place are grouped when they share at least this many first letters.
    demonym_stem: int = 4
    #: Fallback: a candidate has at least this many words.
    candidate_min_words: int = 4
    #: Fallback: a sentence candidate has at most this many words (a longer one strings several claims together).
    candidate_max_words: int = 50
    #: Fallback: a candidate at least this similar (TF-IDF cosine) to one already chosen is not chosen.
    redundant_similarity: float = 0.5
    #: Fallback: what a headline adds to a candidate's score (the count of other articles that repeat it).
    headline_bonus: float = 0.5
    #: Fallback: what a lead sentence adds.
    lead_bonus: float = 0.25
    #: Fallback: the check-worthiness of a title or claim without a score of its own.
    unscored_checkworthiness: float = 0.5
    #: Fallback: the check-worthiness of a lead sentence.
    lead_checkworthiness: float = 0.3
    #: Fallback: the lead is the first sentence of this many that is a statement of ``lead_min_words``.
    lead_sentences: int = 3
    lead_min_words: int = 6

    @classmethod
    def from_settings(cls, settings: Settings) -> CoreClaimParams:
        return cls(
            min_articles=int(settings.get("claims.min_articles")),
            quote_frame_share=float(settings.get("claims.quote_frame_share")),
            demonym_stem=int(settings.get("claims.demonym_stem")),
            candidate_min_words=int(settings.get("claims.candidate_min_words")),
            candidate_max_words=int(settings.get("claims.candidate_max_words")),
            redundant_similarity=float(settings.get("claims.redundant_similarity")),
            headline_bonus=float(settings.get("claims.headline_bonus")),
            lead_bonus=float(settings.get("claims.lead_bonus")),
            unscored_checkworthiness=float(settings.get("claims.unscored_checkworthiness")),
            lead_checkworthiness=float(settings.get("claims.lead_checkworthiness")),
            lead_sentences=int(settings.get("claims.lead_sentences")),
            lead_min_words=int(settings.get("claims.lead_min_words")),
        )


DEFAULT_PARAMS = CoreClaimParams()


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    article_id: str
    start: int | None
    end: int | None
    origin: str  # headline | lead | sentence
    checkworthiness: float


def claim_id(story_id: str, text: str) -> str:
    return f"{story_id}-c{hashlib.sha1(text.encode()).hexdigest()[:8]}"


def quoted_share(doc: Document, start: int, end: int) -> float:
    """Share of the characters of text[start:end] inside the document's direct or mixed quotes."""
    if end <= start:
        return 0.0
    covered = 0
    for q in doc.quotes:
        if q.kind.value != "indirect":
            covered += max(0, min(end, q.end) - max(start, q.start))
    return min(1.0, covered / (end - start))


def leans_on_context(text: str) -> bool:
    """Whether a sentence opens with a pronoun or demonstrative pointing back ("He added that ...").

    Such a sentence says nothing a reader can check without the one before it, so it is no core claim.
    Opening connectives ("But", "And") are skipped first; a pronoun subject after a short opening
    phrase ("Noting that he was a recovering alcoholic himself, he said ...") counts too.
    """
    words = [w.strip("\"'“”‘’,;:()[]").lower() for w in text.split()[:4]]
    words = [w for w in words if w]
    while words and words[0] in CONNECTIVES:
        words.pop(0)
    if words and words[0] in ANAPHORS:
        return True
    # an opening phrase, then a pronoun subject: "Noting that ..., he said that ..."
    head, comma, rest = text.partition(",")
    after = rest.split()[:1]
    return bool(comma) and len(head.split()) <= _OPENING_WORDS and bool(after) and after[0].lower() in SUBJECTS


def reads_alone(text: str, params: CoreClaimParams = DEFAULT_PARAMS) -> bool:
    """Whether a sentence can stand as a core claim: it does not lean on the one before and is not so long
    that it strings several claims together (headlines are not held to it)."""
    return not leans_on_context(text) and len(text.split()) <= params.candidate_max_words


def candidates(doc: Document, params: CoreClaimParams = DEFAULT_PARAMS) -> list[Candidate]:
    out: list[Candidate] = []
    unscored = params.unscored_checkworthiness
    frame = params.quote_frame_share
    title = (doc.article.title or "").strip()
    if title and not title.endswith("?"):
        at = doc.text.find(title)
        start, end = (at, at + len(title)) if at >= 0 else (None, None)
        out.append(Candidate(title, doc.id, start, end, "headline", unscored))
    for c in doc.claims:
        if c.start is not None and c.end is not None and quoted_share(doc, c.start, c.end) >= frame:
            continue
        origin = "headline" if c.origin == "headline" else "sentence"
        out.append(Candidate(c.text, doc.id, c.start, c.end, origin, c.checkworthiness or unscored))
    for sent in doc.sentences[: params.lead_sentences]:
        text = doc.text[sent.start : sent.end]
        if (
            len(text.split()) >= params.lead_min_words
            and not text.endswith("?")
            and quoted_share(doc, sent.start, sent.end) < frame
            and reads_alone(text, params)
        ):
            out.append(Candidate(text, doc.id, sent.start, sent.end, "lead", params.lead_checkworthiness))
            break
    seen: set[str] = set()
    unique: list[Candidate] = []
    for cand in out:
        if len(cand.text.split()) < params.candidate_min_words:  # "8", "1)": page debris, not a claim
            continue
        if cand.origin != "headline" and not reads_alone(cand.text, params):
            continue
        if cand.text not in seen:
            seen.add(cand.text)
            unique.append(cand)
    return unique


def article_propositions(parsed: Doc) -> Propositions:
    """The predications of one parsed article, and its -ing spellings of each verb, counted."""
    ing: dict[str, Counter[str]] = defaultdict(Counter)
    for tok in parsed:
        if tok.tag_ == "VBG":
            ing[tok.lemma_.lower()][tok.lower_] += 1
    forms = tuple((lemma, tuple(sorted(counts.items()))) for lemma, counts in sorted(ing.items()))
    return Propositions(tuple(predications(parsed)), forms)


def core_claims(
    story_id: str,
    docs: Sequence[Document],
    user_claims: Sequence[Claim] = (),
    max_claims: int = 3,
    embedder: Embedder | None = None,
    params: CoreClaimParams = DEFAULT_PARAMS,
) -> tuple[Claim, ...]:
    """The story's core claims (see the module docstring); deterministic for a given set of documents.

    The proposition search reads each document's ``propositions`` (``claims.v1`` sets them from the
    parse); when no document has them, only the sentence fallback runs.
    """
    if user_claims:
        return tuple(user_claims)
    docs = sorted(docs, key=lambda d: d.id)
    if any(d.propositions is not None for d in docs):
        found = proposition_claims(story_id, docs, max_claims, params)
        if found:
            return found
    return sentence_claims(story_id, docs, max_claims, embedder, params)


def sentence_checkworthiness(doc: Document, start: int, end: int) -> float:
    """The highest check-worthiness of the document's claim sentences overlapping text[start:end]."""
    scores = [
        c.checkworthiness or 0.0
        for c in doc.claims
        if c.start is not None and c.end is not None and c.start < end and start < c.end
    ]
    return max(scores, default=0.0)


def _display(args: Sequence[Argument], key: str) -> Argument:
    """How to show a merged argument: the form that spells its key when there is one, else the most used."""
    exact = [a for a in args if a.key == key and a.text.lower().removeprefix("the ") == key]
    pool = exact or list(args)
    counts = Counter((a.text, a.plural) for a in pool)
    (text, plural), _ = min(counts.items(), key=lambda kv: (-kv[1], not kv[0][0].lower().startswith("the "), kv[0]))
    return Argument(key, text, plural)


def proposition_claims(
    story_id: str,
    docs: Sequence[Document],
    max_claims: int,
    params: CoreClaimParams = DEFAULT_PARAMS,
) -> tuple[Claim, ...]:
    """Claims stated from the predications at least ``params.min_articles`` articles carry, best first."""
    raw: list[tuple[Document, Predication]] = []
    ing: dict[str, Counter[str]] = defaultdict(Counter)
    for d in docs:
        found = d.propositions
        if found is None:
            continue
        raw.extend((d, p) for p in found.predications)
        for lemma, forms in found.ing_forms:
            ing[lemma].update(dict(forms))
    mapping = demonym_map([a for _, p in raw for a in (p.subject, p.obj)], params.demonym_stem)
    merged = merge([p for _, p in raw], mapping)
    groups: dict[tuple[str, str, str], list[tuple[Document, Predication, Predication]]] = defaultdict(list)
    for (d, before), p in zip(raw, merged, strict=True):
        groups[p.key].append((d, p, before))
    for key in sorted(k for k in groups if k[0] == ""):  # "Z was V-ed" counts for the one "X V-s Z" there is
        named = [k for k in groups if k[0] and k[1:] == key[1:]]
        if len(named) == 1:
            groups[named[0]].extend(groups.pop(key))
    ranked = []
    for key, occ in groups.items():
        articles = {d.id for d, _, _ in occ}
        if len(articles) < params.min_articles:
            continue
        best = min(
            occ,
            key=lambda o: (
                quoted_share(o[0], o[1].sent_start, o[1].sent_end) >= params.quote_frame_share,
                -sentence_checkworthiness(o[0], o[1].sent_start, o[1].sent_end),
                o[0].id,
                o[1].sent_start,
            ),
        )
        cw = max(sentence_checkworthiness(d, p.sent_start, p.sent_end) for d, p, _ in occ)
        # what the outlets state in their own voice comes before what they only quote someone saying (a
        # statement every outlet prints is that speaker's claim, told in the quote, not the story's)
        quoted = all(quoted_share(d, p.sent_start, p.sent_end) >= params.quote_frame_share for d, p, _ in occ)
        ranked.append((quoted, -len(articles), -len(occ), -cw, key, best, occ, cw))
    ranked.sort(key=lambda r: r[:5])
    out: list[Claim] = []
    for *_, key, best, occ, cw in ranked[:max_claims]:
        subject = _display([b.subject for _, _, b in occ], key[0])
        obj = _display([b.obj for _, _, b in occ], key[2])
        head = key[1].split(" ")[0]
        seen = ing.get(head)
        form = min(seen.items(), key=lambda kv: (-kv[1], kv[0]))[0] if seen else None
        passives = Counter((b.participle, b.past) for _, _, b in occ if b.participle and not key[0])
        participle, past = min(passives.items(), key=lambda kv: (-kv[1], kv[0]))[0] if passives else (None, False)
        negated = 2 * sum(b.negated for _, _, b in occ) > len(occ)  # stated as most occurrences state it
        pasts = Counter(b.past_form for _, _, b in occ if b.past_form)
        # the past when most occurrences are written in it (an agentless "Z was V-ed" counted with "X V-ed Z")
        told_past = sum(1 for _, _, b in occ if b.past_form or (b.participle and b.past))
        past_form = None
        if key[0] and pasts and 2 * told_past > len(occ):
            past_form = min(pasts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        frames = Counter(b.frame for _, _, b in occ if b.frame)
        frame = None  # "plan to file ...": when most occurrences are written under a governing verb
        if 2 * sum(frames.values()) > len(occ):
            frame = min(frames.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        text = render(subject, key[1], obj, form, participle, past, negated, past_form, frame)
        d, p = best[0], best[1]
        out.append(Claim(claim_id(story_id, text), text, d.id, p.sent_start, p.sent_end, round(cw, 4), "cluster"))
    return tuple(out)


#: Candidates compared with the story's sentences at a time: bounds the claim x sentence matrices of
#: big stories to this many rows (the result does not depend on it).
_BLOCK = 256


def _repeating_articles(
    cands: Sequence[Candidate],
    sentences: Sequence[tuple[str, str]],
    vectors: Any,
    embedder: Embedder | None,
) -> list[int]:
    """For each candidate, how many other articles have a sentence carrying it (:mod:`newstrace.text.matching`).

    ``vectors`` are the TF-IDF rows of the candidates, then of the sentences. Computed a block of
    candidates at a time, so memory grows with the story's sentences, not with candidates x sentences.
    """
    n = len(cands)
    sent_doc = np.array([d for d, _ in sentences])
    sent_m = vectors[n:]
    cand_vecs = sent_vecs = None
    if embedder is not None and n and sentences:
        encoded = embedder.encode([*(c.text for c in cands), *(t for _, t in sentences)])
        cand_vecs, sent_vecs = encoded[:n], encoded[n:]
    out: list[int] = []
    for lo in range(0, n, _BLOCK):
        hi = min(n, lo + _BLOCK)
        block = Similarities(
            np.asarray((vectors[lo:hi] @ sent_m.T).toarray(), dtype=np.float32),
            None
            if cand_vecs is None or sent_vecs is None
            else np.asarray(cand_vecs[lo:hi] @ sent_vecs.T, dtype=np.float32),
        )
        hits = block.carries()
        for c, row in zip(cands[lo:hi], hits, strict=True):
            out.append(len({str(d) for d in sent_doc[row & (sent_doc != c.article_id)]}))
    return out


def sentence_claims(
    story_id: str,
    docs: Sequence[Document],
    max_claims: int,
    embedder: Embedder | None = None,
    params: CoreClaimParams = DEFAULT_PARAMS,
) -> tuple[Claim, ...]:
    """The fallback: headline, lead and claim sentences ranked by how many other articles repeat them.

    "Repeat" is :mod:`newstrace.text.matching`'s test: lexical, and semantic too with ``embedder``.
    """
    cands = [c for d in docs for c in candidates(d, params)]
    if not cands:
        return ()
    sentences = [(d.id, d.text[s.start : s.end]) for d in docs for s in d.sentences] or [(d.id, d.text) for d in docs]
    cand_texts = [c.text for c in cands]
    sent_texts = [t for _, t in sentences]
    vectors = tfidf([*cand_texts, *sent_texts])  # one fit: the repeat test and the redundancy check share it
    if vectors is None:
        return ()
    cand_m = vectors[: len(cands)]
    # with one article there is no other article to repeat a candidate: no sentence needs embedding
    others = _repeating_articles(cands, sentences, vectors, embedder if len(docs) > 1 else None)
    scores = []
    for c, repeated_in in zip(cands, others, strict=True):
        bonus = params.headline_bonus if c.origin == "headline" else params.lead_bonus if c.origin == "lead" else 0.0
        scores.append((repeated_in + c.checkworthiness + bonus, c))
    scores.sort(key=lambda x: (-x[0], x[1].article_id, x[1].start or 0, x[1].text))
    chosen: list[int] = []
    index = {id(c): i for i, c in enumerate(cands)}
    for _, c in scores:
        i = index[id(c)]
        # the candidate's cosine to those chosen so far (a row at a time: a story of a thousand articles
        # would need a dense candidates x candidates matrix of gigabytes)
        near = (cand_m[i] @ cand_m[chosen].T).toarray().ravel() if chosen else np.zeros(0)
        if all(near < params.redundant_similarity):
            chosen.append(i)
        if len(chosen) == max_claims:
            break
    out = []
    for i in chosen:
        c = cands[i]
        origin = "headline" if c.origin == "headline" else "cluster"
        out.append(Claim(claim_id(story_id, c.text), c.text, c.article_id, c.start, c.end, c.checkworthiness, origin))
    return tuple(out)
