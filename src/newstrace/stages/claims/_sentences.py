"""Claim sentences of one document: its headline and its check-worthy sentences (``claims.v1``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from newstrace.model import Claim, Document
from newstrace.settings import Settings
from newstrace.stages.claims import _checkworthy as checkworthy


@dataclass(frozen=True, slots=True)
class ClaimParams:
    """The ``[claims]`` settings of ``claims.v1`` (the defaults are those of ``defaults.toml``)."""

    #: Sentences scoring at least this check-worthiness become claims.
    min_checkworthiness: float = 0.5
    #: At most this many sentence claims per document (the most check-worthy; the headline is extra).
    max_per_document: int = 20
    #: The title is looked for in the first this many characters of the text (plus the title's own length).
    headline_search_chars: int = 500

    @classmethod
    def from_settings(cls, settings: Settings) -> ClaimParams:
        return cls(
            min_checkworthiness=float(settings.get("claims.min_checkworthiness")),
            max_per_document=int(settings.get("claims.max_per_document")),
            headline_search_chars=int(settings.get("claims.headline_search_chars")),
        )


DEFAULT_PARAMS = ClaimParams()


def headline_claim(doc: Document, params: ClaimParams = DEFAULT_PARAMS) -> Claim | None:
    """The article's headline as a claim: its title, or a first sentence that is a paragraph of its own."""
    title = (doc.article.title or "").strip()
    if title:
        at = doc.text.find(title, 0, len(title) + params.headline_search_chars)
        start, end = (at, at + len(title)) if at >= 0 else (None, None)
        return Claim(f"{doc.id}:h", title, doc.id, start, end, None, "headline")
    if len(doc.sentences) >= 2 and doc.sentences[1].paragraph > doc.sentences[0].paragraph:
        first = doc.sentences[0]
        text = doc.text[first.start : first.end]
        if text.rstrip().endswith(_LEAD_INS):  # "NEW YORK, New York -", "Update:": a dateline or a label
            return None
        return Claim(f"{doc.id}:h", text, doc.id, first.start, first.end, None, "headline")
    return None


#: How a first line that introduces what follows ends (a dateline's dash, a label's colon): no headline.
_LEAD_INS = ("-", "–", "—", ":")


def document_claims(doc: Document, params: ClaimParams = DEFAULT_PARAMS) -> tuple[Claim, ...]:
    """The headline claim and the check-worthy sentence claims of one document (pure)."""
    headline = headline_claim(doc, params)
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    scores = checkworthy.score(texts) if texts else []
    out: list[Claim] = []
    if headline is not None:
        score = checkworthy.score([headline.text])[0]
        out.append(dataclasses.replace(headline, checkworthiness=round(score, 4)))
    ranked = sorted(
        (i for i, s in enumerate(scores) if s >= params.min_checkworthiness and not _is_headline(doc, i, headline)),
        key=lambda i: -scores[i],
    )[: params.max_per_document]
    for n, i in enumerate(sorted(ranked), start=1):
        sent = doc.sentences[i]
        out.append(Claim(f"{doc.id}:c{n}", texts[i], doc.id, sent.start, sent.end, round(scores[i], 4), "sentence"))
    return tuple(out)


def _is_headline(doc: Document, index: int, headline: Claim | None) -> bool:
    return headline is not None and headline.start == doc.sentences[index].start
