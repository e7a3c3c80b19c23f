"""The quote-mark reader: find quoted passages in a text without ever aborting.

Straight and curly, double and single marks are classified one by one from the characters
around them (an opening mark follows a space or a bracket and precedes a word; a closing mark
follows a word). Apostrophes inside words (``don’t``) and after a plural possessive
(``States’ failure``) are told apart from closing single marks: a single mark closes only
when a single quote is open. Marks that find no partner are skipped and recorded, so one
stray mark never shifts the pairs after it. A quotation that runs to the end of a paragraph
without a closing mark, where the next paragraph opens with a new mark, is the journalistic
multi-paragraph quotation: each paragraph becomes one part and the parts share a ``chain``.

Real pages break these conventions, and the reader keeps to what the marks can still say:

- a straight double mark that looks like an opening one while another is open closes it when the
  marks after it pair among themselves (``wrong. "Perry is ...``: a space lost after the mark);
- a second curly opening mark while one is open nests when enough closing marks follow for both
  (``the “f bomb.””``), else the earlier one never closed;
- a quotation left open at a paragraph's end whose next paragraphs carry no double mark until one
  whose first double mark closes is one quotation over those paragraphs (the writer left out the
  marks that should open each of them); a part with no opening mark of its own has
  ``open_mark == start``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_PARAGRAPH = re.compile(r"[^\n]+")

_DOUBLE_OPEN = frozenset("“„‟«")
_DOUBLE_CLOSE = frozenset("”»")
_SINGLE_OPEN = frozenset("‘‚‛‹")
_SINGLE_CLOSE = frozenset("’›")
_STRAIGHT_DOUBLE = '"'
_STRAIGHT_SINGLE = "'"
MARKS = frozenset(_DOUBLE_OPEN | _DOUBLE_CLOSE | _SINGLE_OPEN | _SINGLE_CLOSE | {_STRAIGHT_DOUBLE, _STRAIGHT_SINGLE})
_BEFORE_OPEN = frozenset(" \t([{—–-/:;…,")


class _Role(Enum):
    OPEN = "open"
    CLOSE = "close"
    EITHER = "either"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """One quoted passage: ``text[start:end]`` is what is inside the marks.

    ``open_mark``/``close_mark`` are the offsets of the marks (``close_mark`` is None for a
    part that runs on into the next paragraph). ``parent`` is the index of the quote this
    one is nested in; ``chain`` is shared by the parts of one multi-paragraph quotation.
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    single: bool
    parent: int | None = None
    chain: int | None = None


@dataclass(frozen=True, slots=True)
class MarkReading:
    quotes: tuple[QuoteSpan, ...]
    unmatched: tuple[int, ...]  # offsets of marks that found no partner


def _role(text: str, i: int) -> tuple[bool, _Role]:
    """Whether the mark at ``i`` is a single mark, and which roles its context allows."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch in _DOUBLE_OPEN:
        return False, _Role.OPEN
    if ch in _DOUBLE_CLOSE:
        return False, _Role.CLOSE
    single = ch not in (_STRAIGHT_DOUBLE,)
    if ch in _SINGLE_OPEN:
        return True, _Role.OPEN
    opens = prev.isspace() or prev in _BEFORE_OPEN or prev in MARKS
    closes = not prev.isspace() and (nxt.isspace() or not nxt.isalnum())
    if single:
        if prev.isalnum() and nxt.isalnum():
            return True, _Role.NONE  # don’t, O’Brien
        if prev.isspace() and nxt.isdigit():
            return True, _Role.NONE  # ’90s
        if ch in _SINGLE_CLOSE:
            return True, _Role.CLOSE if closes else _Role.NONE
    if opens and not nxt.isspace() and not closes:
        return single, _Role.OPEN
    if closes and not opens:
        return single, _Role.CLOSE
    if opens and closes:
        return single, _Role.EITHER
    return single, _Role.EITHER if not single else _Role.NONE


def read_quotes(text: str) -> MarkReading:
    """All quoted passages of ``text`` in order of their opening mark (never raises)."""
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    found: list[QuoteSpan] = []
    unmatched: list[int] = []
    carry_chain: int | None = None  # a quotation running on from the previous paragraph
    closes_later: dict[int, int] = {}  # paragraph -> chain of a quotation its first double mark closes
    skip: set[int] = set()  # paragraphs wholly inside a quotation running on without marks
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        if p_index in skip:
            continue
        first_mark = _first_opening(text, p_start)
        chain_here = carry_chain if first_mark is not None else None
        carry_chain = None
        stack: list[tuple[int, bool]] = []  # (mark offset, single)
        virtual = closes_later.pop(p_index, None)
        if virtual is not None:  # the quotation opened paragraphs before closes here, at its first double mark
            stack.append((p_start - 1, False))
        for i in range(p_start, p_end):
            if text[i] not in MARKS:
                continue
            single, role = _role(text, i)
            if role is _Role.NONE:
                continue
            pending = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] == single), None)
            if role is _Role.EITHER:
                role = _Role.CLOSE if pending is not None else _Role.OPEN
            if role is _Role.OPEN and not single and pending is not None:
                if text[i] == _STRAIGHT_DOUBLE and _straight_doubles(text, i + 1, p_end) % 2 == 0:
                    role = _Role.CLOSE  # the marks after it pair among themselves: this one closes (wrong. "Perry)
                elif _closing_doubles(text, i + 1, p_end) <= sum(1 for _, s in stack if not s):
                    # a second opening double while one is open, and too few closing marks for both:
                    # the earlier one never closed
                    unmatched.extend(m for m, s in stack[pending:] if not s)
                    del stack[pending:]
                # else: enough closing marks follow for both, so the new one nests (“... the “f bomb.””)
            if role is _Role.OPEN:
                stack.append((i, single))
                continue
            if pending is None:
                if not single:
                    unmatched.append(i)
                continue  # a lone closing single is an apostrophe (States’ failure)
            if single and pending != len(stack) - 1:
                continue  # a single mark cannot close across an open double: an apostrophe
            open_at = stack[pending][0]
            unmatched.extend(m for m, s in stack[pending + 1 :] if not s)
            del stack[pending:]
            if open_at == p_start - 1 and virtual is not None:
                found.append(QuoteSpan(p_start, i, p_start, i, False, chain=virtual))
                continue
            chain = chain_here if open_at == first_mark else None
            found.append(QuoteSpan(open_at + 1, i, open_at, i, single, chain=chain))
        open_doubles = [m for m, s in stack if not s and m >= p_start]
        runs_on = p_index + 1 < len(paragraphs) and _first_opening(text, paragraphs[p_index + 1][0]) is not None
        closing = None if runs_on or not open_doubles else _closing_paragraph(text, paragraphs, p_index)
        if open_doubles and (runs_on or closing is not None):
            start = open_doubles[0]
            end = p_end
            while end > start + 1 and text[end - 1].isspace():
                end -= 1
            chain = chain_here if start == first_mark and chain_here is not None else len(found)
            found.append(QuoteSpan(start + 1, end, start, None, False, chain=chain))
            unmatched.extend(open_doubles[1:])
            if runs_on:
                carry_chain = chain
            elif closing is not None:
                # paragraphs with no double mark between, then one whose first double mark closes: one
                # quotation whose writer left out the marks that should open each paragraph
                for k in range(p_index + 1, closing):
                    a, b = paragraphs[k]
                    b = len(text[a:b].rstrip()) + a
                    found.append(QuoteSpan(a, b, a, None, False, chain=chain))
                    skip.add(k)
                closes_later[closing] = chain
        else:
            unmatched.extend(open_doubles)
    found.sort(key=lambda q: (q.open_mark, -q.end))
    return MarkReading(_with_parents(found), tuple(sorted(set(unmatched))))


#: How many paragraphs a quotation may run on without opening marks before its closing mark.
_RUN_ON_PARAGRAPHS = 4


def _double_marks(text: str, start: int, end: int) -> list[tuple[int, _Role]]:
    out: list[tuple[int, _Role]] = []
    for i in range(start, end):
        if text[i] in MARKS:
            single, role = _role(text, i)
            if not single and role is not _Role.NONE:
                out.append((i, role))
    return out


def _straight_doubles(text: str, start: int, end: int) -> int:
    return text.count(_STRAIGHT_DOUBLE, start, end)


def _closing_doubles(text: str, start: int, end: int) -> int:
    return sum(1 for _, role in _double_marks(text, start, end) if role in (_Role.CLOSE, _Role.EITHER))


def _closing_paragraph(text: str, paragraphs: list[tuple[int, int]], p_index: int) -> int | None:
    """A later paragraph whose first double mark closes, with only paragraphs free of double marks
    between (at most ``_RUN_ON_PARAGRAPHS`` on): where a quotation left open at a paragraph's end ends."""
    for k in range(p_index + 1, min(len(paragraphs), p_index + 1 + _RUN_ON_PARAGRAPHS)):
        marks = _double_marks(text, *paragraphs[k])
        if not marks:
            continue
        _, role = marks[0]
        if role is _Role.OPEN:
            return None
        # an either-way mark closes only when the marks after it pair among themselves
        if role is _Role.EITHER and len(marks[1:]) % 2:
            return None
        return k
    return None


def _first_opening(text: str, offset: int) -> int | None:
    """The offset of a double opening mark that begins the paragraph at ``offset``, if any."""
    while offset < len(text) and text[offset] in " \t":
        offset += 1
    if offset < len(text) and (text[offset] in _DOUBLE_OPEN or text[offset] == _STRAIGHT_DOUBLE):
        return offset
    return None


def _with_parents(found: list[QuoteSpan]) -> tuple[QuoteSpan, ...]:
    """Set ``parent`` to the innermost earlier quote that contains each quote."""
    out: list[QuoteSpan] = []
    stack: list[int] = []
    for q in found:
        while stack and not (out[stack[-1]].start <= q.open_mark and q.end <= out[stack[-1]].end):
            stack.pop()
        parent = stack[-1] if stack else None
        out.append(QuoteSpan(q.start, q.end, q.open_mark, q.close_mark, q.single, parent, q.chain))
        stack.append(len(out) - 1)
    return tuple(out)
