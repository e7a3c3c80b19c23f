"""Clean: remove the in-text boilerplate that survives extraction, and record every removal.

What is removed, each as a :class:`~newstrace.model.RemovedSpan` with offsets into the raw text:

- **duplicated passages** — a body pasted twice, or any passage of at least
  ``clean.min_repeat_chars`` characters that repeats an earlier one sentence for sentence.
  The first copy is kept; short repeated phrases (a quote repeated for emphasis) are kept.
- **appeals** — donation, subscription, membership and newsletter appeals. Each paragraph gets
  an appeal score from its organisational voice (density of *we/our* and *you/your* outside
  quotations), calls to act (an action lexicon: donate, subscribe, member, newsletter...;
  sentences opening with an imperative such as *Join*, *Give*, *Sign up*; *please*) and
  discounts for reported speech (*said*, *told*) and quoted material. A paragraph scoring
  at least ``clean.boilerplate_threshold`` with a call to act anchors a *run*: the contiguous
  paragraphs around it in the same voice, plus short headings, salutations, sign-offs and
  signature lines. A run is removed when it reaches the end (or the start) of the text; a
  short paragraph made mostly of calls to act is removed wherever it stands.
- **page furniture** — short lines that are labels rather than prose ("Share this",
  "Related stories", "Advertisement", a newsletter sign-up box, a trailing all-caps section
  label, a trailing list of other stories' headlines); and the parts of a page around the
  article that attribution would otherwise read as text (``_page_parts``): bylines ("By A and
  B, Outlet"), photo captions (a short paragraph ending in a credit: "(Photo by ...)",
  "Picture: ..."), a dateline opening one of the first paragraphs ("CITY, Region —", the
  sentence after it kept) and a readers' comment thread (from its header, "12 Comments", in
  the second half of the text, to the end), each with its own reason.
- **boilerplate** — cookie notices. (Copyright and agency lines are kept: extraction gold
  standards count them as part of the article body, and they carry no claims.)

Decisions are taken again on what is left until nothing changes, so cleaning is idempotent.
The cleaned text is made only of raw characters: kept paragraphs joined by the whitespace
that separated them in the raw text. ``OffsetMap`` maps each cleaned character to its raw
position, so ``raw[to_raw(s):to_raw(e)] == text[s:e]`` for any span inside one kept segment.

The word lists (pronouns, calls to act, furniture labels...) are data files in ``lexicons/``
beside this package; every number is a ``[clean]`` setting, carried as :class:`CleanParams`.
"""

from __future__ import annotations

import dataclasses
import logging

from newstrace.model import Document
from newstrace.pipeline import DocumentStage, RunContext, record_failure, register
from newstrace.settings import Settings
from newstrace.stages.clean._cleaner import (
    CleanParams,
    CleanResult,
    appeal_score,
    clean_text,
    furniture_reason,
    repeated_passages,
)

__all__ = [
    "CleanParams",
    "CleanResult",
    "HeuristicCleaner",
    "appeal_score",
    "clean_text",
    "furniture_reason",
    "repeated_passages",
]

log = logging.getLogger(__name__)


@register
class HeuristicCleaner(DocumentStage):
    name = "clean.heuristic.v1"
    requires = frozenset({"document.article"})
    provides = frozenset({"document.text", "document.removed", "document.offsets"})
    description = (
        "remove appeals, page furniture, cookie notices and repeated passages (scored heuristics); "
        "offset map back to the raw text"
    )

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.params = CleanParams.from_settings(settings)

    def process(self, doc: Document, ctx: RunContext) -> Document:
        result = clean_text(doc.article.raw, self.params)
        doc = dataclasses.replace(doc, text=result.text, removed=result.removed, offsets=result.offsets)
        if not result.text.strip():
            if not doc.article.raw.strip():
                message = "the article is empty"
            else:
                kinds = sorted({r.kind.value for r in result.removed})
                message = f"nothing of the article is left after cleaning (all removed as {', '.join(kinds)})"
            return record_failure(doc, self.name, message, "E310", fatal=True)
        log.debug("cleaned %s: %d removed spans", doc.article.source, len(result.removed))
        return doc
