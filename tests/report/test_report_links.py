"""Every finding in report.html links to the sentence it came from, and the page reads as a summary."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from newstrace.model import (
    Article,
    Claim,
    Document,
    Evidence,
    OffsetMap,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    Speaker,
    Stance,
    StanceLabel,
    Story,
)
from newstrace.pipeline import Corpus
from newstrace.report import build_report
from newstrace.report.findings import Locator, sentence_index, tally_line, text_blocks
from newstrace.report.html import render_html
from newstrace.settings import Settings

TEXT = 'The dam burst on Monday. "It was never safe," Ann Roe said. The video shows water. Officials were sure.'


def _doc() -> Document:
    sentences = []
    for part in re.finditer(r"[^.]+\.", TEXT):
        s, e = part.start(), part.end()
        while TEXT[s] == " ":
            s += 1
        sentences.append(Sentence(s, e))
    q_start = TEXT.index("It was")
    q_end = TEXT.index(',"') + 1
    quote = Quote("q1", QuoteKind.DIRECT, TEXT[q_start:q_end], q_start, q_end, speaker=Speaker("Ann Roe", "Ann Roe"))
    video = TEXT.index("The video")
    return Document(
        Article(id="a1", source="a1.txt", raw=TEXT, title="Dam burst", outlet="Daily"),
        text=TEXT,
        offsets=OffsetMap.identity(len(TEXT)),
        sentences=tuple(sentences),
        quotes=(quote,),
        evidence=(
            Evidence("video_image", "The video", video, video + 9, "Daily"),
            Evidence("video_image", "video", video + 4, video + 9, "Daily"),
        ),
        stances=(
            Stance("c1", "article", StanceLabel.SUPPORTS, 0.9, 0.7, sentences=(Span(0, 24),)),
            Stance("c1", "Ann Roe", StanceLabel.REFUTES, 0.8, 0.6, "speaker", quote_ids=("q1",)),
        ),
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.finding_links: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        href = a.get("href") or ""
        if tag == "a" and href.startswith("#"):
            self.links.append(href[1:])
            if "f" in (a.get("class") or "").split():
                self.finding_links.append(href[1:])


def test_the_sentence_of_an_offset_is_found() -> None:
    doc = _doc()
    assert sentence_index(doc.sentences, 0) == 0
    assert sentence_index(doc.sentences, TEXT.index("Officials")) == 3
    assert Locator([doc]).at("a1", TEXT.index("video")) == "#a1-s2"
    assert Locator([doc]).quote("a1", "q1") == "#a1-s1"


def test_text_blocks_rebuild_the_text_and_keep_quotes_inside_sentences() -> None:
    doc = _doc()
    blocks = text_blocks(doc)
    assert "".join(p.text for b in blocks for p in b.pieces) == TEXT
    assert [b.index for b in blocks if b.index is not None] == [0, 1, 2, 3]
    quoted = [p for b in blocks for p in b.pieces if p.quote]
    assert [p.first for p in quoted] == [True]


def test_a_quote_across_two_sentences_is_cut_and_anchored_once() -> None:
    doc = _doc()
    start, end = TEXT.index("It was"), TEXT.index("The video") + 3
    q = Quote("q9", QuoteKind.DIRECT, TEXT[start:end], start, end)
    from dataclasses import replace

    blocks = text_blocks(replace(doc, quotes=(q,)))
    pieces = [p for b in blocks for p in b.pieces if p.quote]
    assert [p.first for p in pieces] == [True, False, False]  # sentence 1, the space between, sentence 2
    assert "".join(p.text for p in pieces) == TEXT[start:end]


@pytest.mark.parametrize(
    ("labels", "outlets", "line"),
    [
        (
            ["refutes"] * 3 + ["supports"] * 9 + ["unrelated"] * 2,
            4,
            "3 refute · 9 support · 2 silent, across 4 outlets",
        ),
        ([], 1, "no stance found, across 1 outlet"),
    ],
)
def test_the_claim_summary_line(labels: list[str], outlets: int, line: str) -> None:
    assert tally_line(labels, outlets) == line


def test_every_finding_links_to_an_anchor_that_exists() -> None:
    doc = _doc()
    story = Story("s1", ("a1",), claims=(Claim("c1", "The dam burst", origin="user"),))
    html = render_html(
        build_report(Corpus((doc,), stories=(story,)), Settings.load(), created="2026-01-01T00:00:00+00:00")
    )
    parser = _Links()
    parser.feed(html)
    assert parser.finding_links, "no finding links at all"
    missing = [link for link in parser.links if link not in parser.ids]
    assert missing == []
    assert all(re.fullmatch(r"a1-(s\d+|q\d+)", link) for link in parser.finding_links)
    assert "a1-s1" in parser.finding_links  # the speaker's stance lands on the sentence of the quote


def test_headings_show_the_headline_and_the_claim_text_and_numbers_are_explained() -> None:
    doc = _doc()
    story = Story("s1", ("a1",), claims=(Claim("c1", "The dam burst", origin="user"),))
    html = render_html(
        build_report(Corpus((doc,), stories=(story,)), Settings.load(), created="2026-01-01T00:00:00+00:00")
    )
    assert "<h2>Dam burst</h2>" in html
    assert "Who stands where on “The dam burst”" in html
    assert "1 refute · 1 support, across 1 outlet" in html
    assert "how sure the holder sounds" in html
    assert "no cue" in html  # neither stance rests on a word of the text: no number is passed off as a reading


def test_repeated_evidence_is_listed_once_per_origin_with_each_mention_linked() -> None:
    doc = _doc()
    html = render_html(build_report(Corpus((doc,)), Settings.load(), created="2026-01-01T00:00:00+00:00"))
    section = html[html.index("evidence offered") :]
    section = section[: section.index("</details>")]
    assert section.count("Daily (") == 1
    assert section.count('class="f"') == 2
