"""Annotate: parse each cleaned text with spaCy (batched) and record its sentences and date spans.

The parse (:class:`~newstrace.text.parse.Parse`) stays private to the run: the stage keeps it
in the run context for the later stages that declare ``parse``, and the pipeline drops it
after the last of them. What reaches the document model is plain data: sentence offsets and
paragraph numbers, and the spans spaCy tags as dates (read by ``text.when`` wherever a date is
resolved, long after the parse is gone).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from newstrace.errors import StageError
from newstrace.model import Document
from newstrace.pipeline import DocumentStage, RunContext, record_failure, register
from newstrace.text.parse import Parse, load_spacy, sentences_of
from newstrace.text.when import date_spans

__all__ = ["SpacyAnnotator"]

log = logging.getLogger(__name__)


@register
class SpacyAnnotator(DocumentStage):
    name = "annotate.spacy.v1"
    requires = frozenset({"document.text"})
    provides = frozenset({"parse", "document.sentences", "document.dates"})
    description = (
        "spaCy parse of the cleaned text (batched nlp.pipe); sentence offsets with paragraph numbers; date spans"
    )

    def process_batch(self, docs: Sequence[Document], ctx: RunContext) -> dict[str, Document]:
        nlp = load_spacy(self.settings.get("annotate.model"))
        max_chars: int = self.settings.get("annotate.max_chars")
        if nlp.max_length < max_chars:
            nlp.max_length = max_chars + 1
        batch_size: int = self.settings.get("annotate.batch_size")
        workers: int = self.settings.get("annotate.workers")
        parsed: dict[str, Doc] = {}
        try:
            texts = [d.text[:max_chars] for d in docs]
            docs_out = nlp.pipe(texts, batch_size=batch_size, n_process=max(1, workers))
            parsed = dict(zip([d.id for d in docs], docs_out, strict=True))
        except Exception:  # one bad text must not fail the batch: parse one by one, each failure its own
            log.warning("batched parse failed; parsing one document at a time")
        return self.each(docs, ctx, lambda d: self._attach(d, parsed.get(d.id), nlp, ctx, max_chars))

    def _attach(self, doc: Document, parsed: Doc | None, nlp: Language, ctx: RunContext, max_chars: int) -> Document:
        if parsed is None:
            try:
                parsed = nlp(doc.text[:max_chars])
            except Exception as exc:
                raise StageError(f"parse failed: {type(exc).__name__}: {exc}", code="E310") from exc
        ctx.keep_parse(doc.id, Parse(parsed))
        out = dataclasses.replace(doc, sentences=sentences_of(parsed), dates=date_spans(parsed))
        if len(doc.text) > max_chars:
            out = record_failure(
                out,
                self.name,
                f"text of {len(doc.text):,} characters was cut to annotate.max_chars={max_chars:,} for parsing",
                "E311",
            )
        return out
