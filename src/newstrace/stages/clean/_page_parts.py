"""Parts of a news page around the article that are not its text: bylines, photo captions, datelines and
readers' comment threads.

Attribution reads every name left in the text: a caption's credit ("Photo by ... / Agency") becomes the
antecedent of a later pronoun, a dateline's place ("KABUL, Afghanistan —") the subject of the lead, a
reader's comment a quotation. Each part is found on the paragraphs as they read after the other removals
and recorded as page furniture with its own reason (``BYLINE``, ``CAPTION``, ``DATELINE``, ``COMMENTS``),
so the report still shows what was taken out and why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from newstrace.model import RemovalKind
from newstrace.text import lexicons

_LEXICONS = "stages/clean/lexicons/"

BYLINE = "byline"
CAPTION = "photo caption"
DATELINE = "dateline"
COMMENTS = "readers' comment thread"

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def _alternation(words: Sequence[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CREDITS = lexicons.lines(_LEXICONS + "caption_credits.txt")
#: A photo credit closing a paragraph: "(Photo by A/B)", "(AP Photo/...)" or "Picture: A / B" with no
#: sentence after it. The colon form must be capitalised ("a picture: the dog." is a sentence).
_CAPTION_CREDIT = re.compile(
    rf"(?:\((?:[^()]*\s)?(?i:{_alternation(_CREDITS)})\b[^()]*\)"
    rf"|\b(?:{_alternation([w.capitalize() for w in _CREDITS] + [w.upper() for w in _CREDITS])})"
    rf"(?:\s+(?i:credit))?\s*:\s*[^.!?:]*)\W*$"
)
#: "By First Last [and First Last][, Outlet]": two or more capitalised words after "By", no sentence.
_BYLINE = re.compile(r"^(?:By|BY)\s+[A-Z][\w.'’-]*\s+(?:[a-z]{1,3}\s+)?[A-Z][\w.'’-]*")
#: "KABUL, Afghanistan —", "WASHINGTON (Agency) -": a place in capitals, an optional region and agency, a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,3})"
    r"(?:,\s*[A-Z][\w.'’]*(?:\s+[A-Z][\w.'’]*){0,3})?"
    r"\s*(?:\([^()\n]{1,40}\)\s*)?(?:—|–|--|-)\s+(?=[\"“‘A-Z])"
)
_COUNT_NOUNS = _alternation(lexicons.lines(_LEXICONS + "comment_count_nouns.txt"))
_COMMENT_HEADER = re.compile(
    rf"^\W*(?:(?i:{_alternation(lexicons.lines(_LEXICONS + 'comment_headers.txt'))})(?:\s*\(?\d[\d,.]*\)?)?"
    rf"|\d[\d,.]*[kK]?\s+(?i:{_COUNT_NOUNS})|(?i:{_COUNT_NOUNS})\s*\(\d[\d,.]*\))\W*$"
)


class _Paragraph(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def text(self) -> str: ...


def is_caption(text: str, max_chars: int) -> bool:
    """A short paragraph ending in a photo credit."""
    return len(text) <= max_chars and _CAPTION_CREDIT.search(text) is not None


def is_byline(text: str, max_chars: int, max_words: int) -> bool:
    """A short line "By" two or more capitalised words, not a sentence ("By Monday, prices rose." is one)."""
    return (
        len(text) <= max_chars
        and len(text.split()) <= max_words
        and not _TERMINAL.search(text)
        and _BYLINE.match(text) is not None
    )


def dateline_end(text: str, max_chars: int) -> int | None:
    """Where a dateline opening ``text`` ends (the first character of the sentence after it), or None."""
    m = _DATELINE.match(text)
    if m is None or m.end() > max_chars:
        return None
    return m.end()


def is_comment_header(text: str) -> bool:
    """A line that heads a thread of readers' comments ("12 Comments", "Leave a reply")."""
    return _COMMENT_HEADER.match(text) is not None


def page_parts(
    paras: Sequence[_Paragraph],
    *,
    caption_max_chars: int,
    byline_max_chars: int,
    byline_max_words: int,
    dateline_max_chars: int,
    dateline_paragraphs: int,
    thread_min_position: float,
) -> tuple[dict[int, tuple[RemovalKind, str]], list[tuple[int, int, RemovalKind, str]]]:
    """Paragraph decisions (index -> kind, reason) for bylines, captions and a comment thread at the end,
    and the raw spans of datelines opening one of the first ``dateline_paragraphs`` paragraphs."""
    decisions: dict[int, tuple[RemovalKind, str]] = {}
    spans: list[tuple[int, int, RemovalKind, str]] = []
    n = len(paras)
    for i, para in enumerate(paras):
        if is_caption(para.text, caption_max_chars):
            decisions[i] = (RemovalKind.FURNITURE, CAPTION)
        elif is_byline(para.text, byline_max_chars, byline_max_words):
            decisions[i] = (RemovalKind.FURNITURE, BYLINE)
    # a comment thread runs from its header to the end; a header before the last third of the text heads no
    # thread (a share bar's "12 Comments" or "Add a comment" above or inside the article)
    total = sum(len(para.text) for para in paras)
    before = 0
    for i in range(n - 1):
        before += len(paras[i].text)
        if i >= 1 and before >= total * thread_min_position and is_comment_header(paras[i].text):
            for k in range(i, n):
                decisions[k] = (RemovalKind.FURNITURE, COMMENTS)
            break
    first = [i for i in range(n) if i not in decisions][:dateline_paragraphs]
    for i in first:
        end = dateline_end(paras[i].text, dateline_max_chars)
        if end is not None:
            start = paras[i].start
            spans.append((start, start + end, RemovalKind.FURNITURE, DATELINE))
            break
    return decisions, spans
