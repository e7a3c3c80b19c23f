"""Hostile page text in every report format: titles, outlets, authors, URLs, speakers, claims and bodies
carrying HTML, javascript: URLs, Markdown links and images and HTML entities are shown as text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newstrace.model import (
    Article,
    Claim,
    Document,
    OffsetMap,
    Quote,
    QuoteKind,
    Sentence,
    Speaker,
    Stance,
    StanceLabel,
    Story,
)
from newstrace.pipeline import Corpus
from newstrace.report import build_report, write_reports
from newstrace.settings import Settings


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"{tag} {name}" for name, _ in attrs if name.lower().startswith("on")]


def event_handlers(html: str) -> list[str]:
    """Every event-handler attribute (onload=, onerror=, ...) of every tag, as a browser parses them."""
    parser = _Tags()
    parser.feed(html)
    return parser.handlers


PAYLOADS = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(2))",
    "![pixel](http://198.51.100.7/track.png)",
    "&lt;b&gt;entity&lt;/b&gt; &amp;",
    "`code` **bold** _it_ | pipe",
]


def _report(payload: str) -> object:
    body = f'{payload} said it. She said "{payload} is true." Done.'
    start = body.index('"') + 1
    end = body.rindex('"')
    quote = Quote("q1", QuoteKind.DIRECT, body[start:end], start, end, speaker=Speaker(payload, payload))
    doc = Document(
        Article(
            id="a1",
            source=f"{payload}.txt",
            raw=body,
            title=payload,
            outlet=payload,
            author=payload,
            url=f"javascript:alert(3)//{payload}",
            published="2017-04-26",
        ),
        text=body,
        offsets=OffsetMap.identity(len(body)),
        sentences=(Sentence(0, len(body)),),
        quotes=(quote,),
        stances=(Stance("c1", payload, StanceLabel.SUPPORTS, 0.9, 0.7, "speaker", quote_ids=("q1",)),),
    )
    story = Story("s1", ("a1",), claims=(Claim("c1", payload, origin="user"),))
    return build_report(Corpus((doc,), stories=(story,)), Settings.load(), created="2026-01-01T00:00:00+00:00")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_format_shows_hostile_text_as_text(tmp_path: Path, payload: str) -> None:
    written = write_reports(_report(payload), tmp_path, ["json", "md", "html"])  # type: ignore[arg-type]
    data = json.loads(written[0].read_text(encoding="utf-8"))
    assert data["articles"][0]["title"] == payload  # JSON keeps the text exactly: it is data
    assert data["stories"][0]["claims"][0]["text"] == payload

    md = written[1].read_text(encoding="utf-8")
    assert "<script" not in md and "<img" not in md  # no live HTML
    assert not re.search(r"(?<!\\)\]\(", md)  # no link or image syntax: every "](" has its "]" escaped
    assert "javascript:alert(2))" not in md.replace("\\", "") or "[click me](" not in md
    assert "&lt;b&gt;entity" not in md  # an entity in the text stays an entity's text (&amp;lt;), not a tag
    assert not re.search(r"(?<!\\)`code(?<!\\)`", md)

    html = written[2].read_text(encoding="utf-8")
    assert html.lower().count("<script") == 1  # the report's own
    assert event_handlers(html) == []
    assert 'href="javascript:' not in html
    assert "<img" not in html
