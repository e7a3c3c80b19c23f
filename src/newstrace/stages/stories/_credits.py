"""Credit lines: the origin an article names for what it reprints ("(Reuters) -", "Posted with
permission from The Evening Ledger", "The Associated Press contributed to this report").

Read from the text alone with three general forms, the phrases in ``lexicons/credit_*.txt``:

- a **dateline credit**: a place in capitals, then a name in brackets, then a dash, opening the text
  or one of its first paragraphs ("KABUL (Reuters) —");
- a **leading phrase** followed by a name ("originally appeared in", "posted with permission from");
- a **trailing phrase** preceded by a name ("contributed to this report").

A name is a run of capitalised words (with "of", "and", "&" between them and an optional "The").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from newstrace.text import lexicons

LEADING = "stages/stories/lexicons/credit_leading.txt"
TRAILING = "stages/stories/lexicons/credit_trailing.txt"

_NAME = r"(?:[Tt]he\s+)?[A-Z][\w&.'’\-]*(?:\s+(?:(?:of|and|&|for|the)\s+)?[A-Z][\w&.'’\-]*){0,5}"
_DATELINE = re.compile(rf"(?:^|\n)[ \t]*[A-Z][A-Z .,'’\-]{{1,40}}\(({_NAME})\)\s*[-—–]")
_PLAIN_DATELINE = re.compile(r"(?:^|\n)[ \t]*[A-Z][A-Z .,'’\-]{1,40}(?:\([^()\n]{1,40}\))?\s*[-—–]")
_BYLINE = re.compile(r"(?:^|\n)[ \t]*(?:By|BY)\s+[A-Z][^\n]{0,120}(?=\n|$)")
#: how far into the text a dateline or byline is looked for
DATELINE_CHARS = 600


@cache
def _leading() -> re.Pattern[str]:
    phrases = sorted(lexicons.lines(LEADING), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?i:\b(?:{body}))\s+({_NAME})")


@cache
def _trailing() -> re.Pattern[str]:
    phrases = sorted(lexicons.lines(TRAILING), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"({_NAME})\s+(?i:(?:{body}))\b")


def credited(text: str) -> tuple[str, ...]:
    """The names a text credits as the origin of what it carries, in order of first appearance, once each."""
    found: list[tuple[int, str]] = []
    for m in _DATELINE.finditer(text[:DATELINE_CHARS]):
        found.append((m.start(1), m.group(1)))
    for pattern in (_leading(), _trailing()):
        for m in pattern.finditer(text):
            found.append((m.start(1), m.group(1)))
    out: list[str] = []
    seen: set[str] = set()
    for _, name in sorted(found):
        name = name.strip().rstrip(".")
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def credit_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where the text's dateline, byline and credit lines are: reuse discounts them (every outlet
    running a wire story has them, and they say nothing of who copied whom)."""
    head = text[:DATELINE_CHARS]
    spans = [m.span() for m in _PLAIN_DATELINE.finditer(head)] + [m.span() for m in _BYLINE.finditer(head)]
    for pattern in (_leading(), _trailing()):
        spans.extend(m.span() for m in pattern.finditer(text))
    return tuple(sorted(spans))


def name_key(name: str | None) -> str:
    """A comparable form of an outlet or agency name: letters and digits, case folded, no leading "the"."""
    if not name:
        return ""
    words = re.findall(r"[a-z0-9]+", name.lower())
    if words and words[0] == "the":
        words = words[1:]
    return "".join(words)


def matching_outlet(name: str, outlets: Iterable[str | None]) -> str | None:
    """The outlet (as the corpus names it) that ``name`` denotes, if any: equal keys, or one key
    containing the other when the shorter has at least four characters ("nytimes" ~ "nytimescom")."""
    key = name_key(name)
    for outlet in outlets:
        other = name_key(outlet)
        if not other or not key:
            continue
        short, long = sorted((key, other), key=len)
        if key == other or (len(short) >= 4 and short in long):
            return outlet
    return None


def external_credits(names: Sequence[str], outlets: Iterable[str | None]) -> tuple[str, ...]:
    """The credited names that are no outlet of the corpus."""
    pool = list(outlets)
    return tuple(n for n in names if matching_outlet(n, pool) is None)
