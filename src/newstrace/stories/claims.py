"""Core claims of a story: what its articles are about, stated as sentences from them.

With user claims given, those are the core claims. Otherwise candidates are the articles'
headline claims and titles (not questions), their lead sentences and their check-worthy
claim sentences; each candidate scores by how many *other* articles of the story carry a
similar sentence (word TF-IDF cosine at least ``SIMILAR``), plus its check-worthiness and a
bonus for headlines. The best ``max_claims`` non-redundant candidates win.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from newstrace.model import Claim, Document

SIMILAR = 0.3
REDUNDANT = 0.5
HEADLINE_BONUS = 0.5
LEAD_BONUS = 0.25


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


def candidates(doc: Document) -> list[Candidate]:
    out: list[Candidate] = []
    title = (doc.article.title or "").strip()
    if title and not title.endswith("?"):
        at = doc.text.find(title)
        out.append(
            Candidate(title, doc.id, at if at >= 0 else None, at + len(title) if at >= 0 else None, "headline", 0.5)
        )
    for c in doc.claims:
        origin = "headline" if c.origin == "headline" else "sentence"
        out.append(Candidate(c.text, doc.id, c.start, c.end, origin, c.checkworthiness or 0.5))
    for sent in doc.sentences[:3]:
        text = doc.text[sent.start : sent.end]
        if len(text.split()) >= 6 and not text.endswith("?"):
            out.append(Candidate(text, doc.id, sent.start, sent.end, "lead", 0.3))
            break
    seen: set[str] = set()
    unique: list[Candidate] = []
    for cand in out:
        if cand.text not in seen:
            seen.add(cand.text)
            unique.append(cand)
    return unique


def core_claims(
    story_id: str, docs: Sequence[Document], user_claims: Sequence[Claim] = (), max_claims: int = 3
) -> tuple[Claim, ...]:
    """The story's core claims (see the module docstring); deterministic for a given set of documents."""
    if user_claims:
        return tuple(user_claims)
    docs = sorted(docs, key=lambda d: d.id)
    cands = [c for d in docs for c in candidates(d)]
    if not cands:
        return ()
    sentences = [(d.id, d.text[s.start : s.end]) for d in docs for s in d.sentences] or [(d.id, d.text) for d in docs]
    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True)
    try:
        m = vec.fit_transform([c.text for c in cands] + [t for _, t in sentences])
    except ValueError:
        return ()
    cand_m, sent_m = m[: len(cands)], m[len(cands) :]
    sims = (cand_m @ sent_m.T).toarray()
    sent_doc = np.array([d for d, _ in sentences])
    scores = []
    for i, c in enumerate(cands):
        others = {str(d) for d in sent_doc[(sims[i] >= SIMILAR) & (sent_doc != c.article_id)]}
        bonus = HEADLINE_BONUS if c.origin == "headline" else LEAD_BONUS if c.origin == "lead" else 0.0
        scores.append((len(others) + c.checkworthiness + bonus, c))
    scores.sort(key=lambda x: (-x[0], x[1].article_id, x[1].start or 0, x[1].text))
    chosen: list[int] = []
    index = {id(c): i for i, c in enumerate(cands)}
    pair = (cand_m @ cand_m.T).toarray()
    for _, c in scores:
        i = index[id(c)]
        if all(pair[i, j] < REDUNDANT for j in chosen):
            chosen.append(i)
        if len(chosen) == max_claims:
            break
    out = []
    for i in chosen:
        c = cands[i]
        origin = "headline" if c.origin == "headline" else "cluster"
        out.append(Claim(claim_id(story_id, c.text), c.text, c.article_id, c.start, c.end, c.checkworthiness, origin))
    return tuple(out)
