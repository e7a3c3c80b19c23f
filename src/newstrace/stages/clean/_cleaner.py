"""The cleaning algorithm behind ``clean.heuristic.v1`` (the package docstring describes it)."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newstrace.model import OffsetMap, RemovalKind, RemovedSpan
from newstrace.settings import Settings
from newstrace.stages.clean._page_parts import page_parts
from newstrace.text import lexicons

log = logging.getLogger(__name__)

__all__ = ["CleanParams", "CleanResult", "appeal_score", "clean_text", "furniture_reason", "repeated_passages"]


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned text, what was removed from the raw text, and the map back to raw offsets."""

    text: str
    removed: tuple[RemovedSpan, ...]
    offsets: OffsetMap


@dataclass(frozen=True, slots=True)
class CleanParams:
    """The cleaner's tuning numbers; the defaults are the ``[clean]`` section of defaults.toml (the
    comments there say what each does)."""

    # repeated passages
    min_repeat_chars: int = 200
    prose_min_chars: int = 80
    repeat_max_candidates: int = 8
    repeat_comparisons_per_sentence: int = 50
    repeat_min_comparisons: int = 10_000
    # the appeal score
    boilerplate_threshold: float = 0.5
    voice_weight: float = 0.5
    voice_full_share: float = 0.12
    voice_min_words: int = 8
    action_weight: float = 0.3
    actions_for_full: int = 2
    address_bonus: float = 0.2
    reporting_factor: float = 0.5
    quoted_factor: float = 0.5
    quoted_share_max: float = 0.5
    # appeal runs
    run_after_share: float = 0.4
    run_before_share: float = 0.6
    anchor_min_asks: int = 2
    max_title_lines: int = 2
    short_line_chars: int = 100
    heading_max_chars: int = 120
    call_paragraph_max_chars: int = 300
    call_sentence_share: float = 0.5
    # furniture and boilerplate
    label_max_chars: int = 80
    link_label_max_chars: int = 160
    cookie_notice_max_chars: int = 600
    trailing_label_max_chars: int = 60
    trailing_label_min_words: int = 2
    trailing_label_max_words: int = 6
    trailing_label_word_letters: int = 3
    headline_link_min_chars: int = 15
    headline_link_max_chars: int = 120
    headline_link_min_words: int = 4
    title_case_word_letters: int = 4
    all_caps_min_letters: int = 3
    trailing_links_min: int = 3
    # bylines, captions, datelines (_page_parts)
    caption_max_chars: int = 300
    byline_max_chars: int = 120
    byline_max_words: int = 14
    dateline_max_chars: int = 60
    dateline_paragraphs: int = 3
    thread_min_position: float = 0.67

    @classmethod
    def from_settings(cls, settings: Settings) -> CleanParams:
        """Every field from the setting of the same name in ``[clean]``."""
        defaults = cls()
        return cls(
            **{
                f.name: type(getattr(defaults, f.name))(settings.get(f"clean.{f.name}"))
                for f in dataclasses.fields(cls)
            }
        )


@dataclass(frozen=True, slots=True)
class Block:
    """A stripped stretch of raw text (a paragraph line or a sentence) at ``[start, end)``."""

    start: int
    end: int
    text: str


# --------------------------------------------------------------------------- segmentation

_LINE = re.compile(r"[^\r\n\u2028\u2029]+")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")


def paragraphs(raw: str) -> list[Block]:
    """Non-blank lines of ``raw`` with their surrounding whitespace stripped."""
    out: list[Block] = []
    for m in _LINE.finditer(raw):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = m.start() + (len(line) - len(line.lstrip()))
        out.append(Block(start, start + len(stripped), stripped))
    return out


def sentences(block: Block) -> list[Block]:
    """Split a paragraph at sentence-final punctuation followed by whitespace."""
    out: list[Block] = []
    pos = 0
    text = block.text
    for m in _SENTENCE_END.finditer(text):
        end = m.end() - (len(m.group()) - len(m.group().rstrip()))
        if text[pos:end].strip():
            out.append(Block(block.start + pos, block.start + end, text[pos:end]))
        pos = m.end()
    if text[pos:].strip():
        out.append(Block(block.start + pos, block.end, text[pos:]))
    return out


# --------------------------------------------------------------------------- repeated passages

_WS = re.compile(r"\s+")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")


def _key(text: str) -> str:
    return _WS.sub(" ", text).strip()


def is_prose(paragraph: str, min_chars: int) -> bool:
    """A paragraph of running prose: long enough and ending like a sentence (not a list item or table row)."""
    return len(paragraph) >= min_chars and bool(_TERMINAL.search(paragraph))


def repeated_passages(
    units: Sequence[Block], min_chars: int, prose: Sequence[bool] | None = None, params: CleanParams | None = None
) -> list[tuple[int, int, int]]:
    """Later copies of repeated runs of sentences, as ``(first, last, copy_of)`` unit indices.

    A run of consecutive units whose whitespace-normalised texts equal an earlier run of
    consecutive units (not overlapping it) is reported when the units of the run that are
    prose (``prose[i]``; all of them when ``prose`` is None) hold at least ``min_chars``
    characters: a body pasted twice or a repeated passage of prose, not the repeated rows of
    a menu, a schedule or a list. The earliest copy is kept; each later copy is reported once.
    ``params`` bounds the work on highly repetitive text (the ``repeat_*`` settings).
    """
    params = params or CleanParams()
    max_candidates = params.repeat_max_candidates
    keys = [_key(u.text) for u in units]
    counts = [len(k) if prose is None or prose[i] else 0 for i, k in enumerate(keys)]
    seen: dict[str, list[int]] = {}
    duplicate = [False] * len(units)
    out: list[tuple[int, int, int]] = []
    # bounds the work on pathologically repetitive text
    budget = params.repeat_comparisons_per_sentence * len(units) + params.repeat_min_comparisons
    i = 0
    while i < len(units) and budget > 0:
        best_len, best_chars, best_j = 0, 0, -1
        earlier = seen.get(keys[i], [])
        if len(earlier) > 2 * max_candidates:  # the first and the latest copies of a very common sentence
            earlier = earlier[:max_candidates] + earlier[-max_candidates:]
        for j in earlier:
            if duplicate[j]:
                continue
            length, chars = 0, 0
            while i + length < len(units) and j + length < i and keys[j + length] == keys[i + length]:
                chars += counts[i + length]
                length += 1
            budget -= length + 1
            if chars > best_chars:
                best_len, best_chars, best_j = length, chars, j
        if best_len and best_chars >= min_chars:
            for k in range(i, i + best_len):
                duplicate[k] = True
            out.append((i, i + best_len - 1, best_j))
            i += best_len
            continue
        seen.setdefault(keys[i], []).append(i)
        i += 1
    if budget <= 0:
        log.debug("repeated-passage search stopped at sentence %d of %d (very repetitive text)", i, len(units))
    return out


# --------------------------------------------------------------------------- appeal scoring

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"\n]*\"?")
#: A paragraph that opens and closes with quotation marks (any style) is someone else's words.
_WHOLLY_QUOTED = re.compile(r"^[\"'‘“«].*[\"'’”»]$", re.DOTALL)


_LEXICONS = "stages/clean/lexicons/"


def _any_of(name: str) -> str:
    """A regular-expression alternation matching any entry of the lexicon file ``name`` literally."""
    return "|".join(re.escape(entry) for entry in lexicons.lines(_LEXICONS + name))


def _apostrophes(words: Iterable[str]) -> frozenset[str]:
    """Each word with straight and curly apostrophes."""
    return frozenset(w2 for w in words for w2 in (w, w.replace("'", "’")))


#: Second-person address.
SECOND_PERSON = _apostrophes(lexicons.lines(_LEXICONS + "second_person.txt"))
#: First-person plural: the organisation speaking for itself.
FIRST_PLURAL = _apostrophes(lexicons.lines(_LEXICONS + "first_plural.txt"))
#: Word stems of the things an appeal asks for (donate, subscribe, member...).
ACTION_STEMS = lexicons.lines(_LEXICONS + "action_stems.txt")
#: Verbs that open an imperative call to act.
IMPERATIVE_VERBS = lexicons.words(_LEXICONS + "imperative_verbs.txt")
#: Multi-word calls to act.
ACTION_PHRASES = re.compile(rf"\b(?:{_any_of('action_phrases.txt')})\b", re.IGNORECASE)
_REPORTING = re.compile(rf"\b(?:{_any_of('reporting_words.txt')})\b", re.IGNORECASE)


def _outside_quotes(text: str) -> tuple[str, float]:
    """The text with quotations blanked out, and the share of characters that were quoted."""
    quoted = 0

    def blank(m: re.Match[str]) -> str:
        nonlocal quoted
        quoted += len(m.group())
        return " "

    if _WHOLLY_QUOTED.match(text):
        return "", 1.0
    rest = _QUOTED.sub(blank, text)
    return rest, quoted / max(len(text), 1)


def _is_call_to_act(sentence: str) -> bool:
    """A sentence asking the reader to act: it opens with a call-to-act verb or says *please*, and names an action."""
    words = _WORD.findall(sentence)
    if not words:
        return False
    lowered = [w.lower() for w in words]
    if lowered[0] not in IMPERATIVE_VERBS and "please" not in lowered:
        return False
    return bool(ACTION_PHRASES.search(sentence)) or any(w.lower().startswith(ACTION_STEMS) for w in words[1:])


@dataclass(frozen=True, slots=True)
class AppealFeatures:
    """What the appeal score of one paragraph is made of."""

    words: int
    second: int
    first_plural: int
    actions: int
    calls: int  # imperative sentences asking the reader to act
    sentences: int
    reporting: bool
    quoted_share: float

    def voice(self, min_words: int) -> float:
        """Density of organisational address (we/our, you/your) outside quotations, over at least ``min_words``."""
        return (self.second + self.first_plural) / max(self.words, min_words)

    @property
    def wants_action(self) -> bool:
        return self.actions + self.calls > 0


@functools.lru_cache(maxsize=8192)
def appeal_features(text: str) -> AppealFeatures:
    """Count the appeal signals of one paragraph (quotations are not the outlet's voice)."""
    rest, quoted_share = _outside_quotes(text)
    # "US" in capitals is the country, not the pronoun
    words = [w.lower() for w in _WORD.findall(rest) if not (w.isupper() and len(w) > 1)]
    actions = sum(1 for w in words if w.startswith(ACTION_STEMS)) + len(ACTION_PHRASES.findall(rest))
    calls = 0
    if "please" in words or IMPERATIVE_VERBS.intersection(words):
        sents = sentences(Block(0, len(text), text))
        calls = sum(1 for s in sents if _is_call_to_act(s.text))
    return AppealFeatures(
        words=len(words),
        second=sum(1 for w in words if w in SECOND_PERSON),
        first_plural=sum(1 for w in words if w in FIRST_PLURAL),
        actions=actions,
        calls=calls,
        sentences=1 + len(_SENTENCE_END.findall(text.rstrip())),
        reporting=bool(_REPORTING.search(rest)),
        quoted_share=quoted_share,
    )


def appeal_score(text: str, params: CleanParams | None = None) -> float:
    """How much a paragraph reads like an outlet's appeal to its readers, 0..1.

    With the default settings, half the score is organisational voice (12% or more of the words
    being we/our/you/your outside quotations gives it all), 0.3 is for calls to act (two or more
    action words or imperative asks), 0.2 for addressing the reader as *you* while speaking as
    *we*. Reported speech and mostly-quoted paragraphs halve the score.
    """
    return _score(appeal_features(text), params or CleanParams())


def _score(f: AppealFeatures, p: CleanParams) -> float:
    score = p.voice_weight * min(1.0, f.voice(p.voice_min_words) / p.voice_full_share)
    score += p.action_weight * min(1.0, (f.actions + f.calls) / p.actions_for_full)
    if f.second and f.first_plural:
        score += p.address_bonus
    if f.reporting:
        score *= p.reporting_factor
    if f.quoted_share > p.quoted_share_max:
        score *= p.quoted_factor
    return round(score, 4)


# --------------------------------------------------------------------------- furniture

#: Label phrases that are page furniture, alone or with a few more words on a short line ("Sign up for our newsletter").
_LABEL_PHRASE = _any_of("furniture_phrases.txt") + r"|follow (?:\w+ ){1,3}on (?:twitter|facebook|instagram|linkedin|x)"
#: Words that are furniture when they are the whole line (possibly with a count) or head a link ("Related: ...").
_LABEL_WORD = _any_of("furniture_words.txt")
_FURNITURE_LINE = re.compile(
    rf"^\W*(?:(?:{_LABEL_PHRASE})\b(?:[\s\W]+\w+){{0,4}}|(?:{_LABEL_WORD})(?:\s*\(?\d+\)?)?)\W*$", re.IGNORECASE
)
_LABEL_THEN_TEXT = re.compile(rf"^\W*(?:{_LABEL_PHRASE}|{_LABEL_WORD})\s*[:|»›>]\s*\S", re.IGNORECASE)
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(rf"\b(?:{_any_of('cookie_context.txt')})\b", re.IGNORECASE)
_NOT_A_HEADLINE = re.compile(r"[@\d]|^\W*[-–—•*·>]")  # contact lines, dates and list items
_NOT_A_LABEL = re.compile(r"[:()\[\]@/|–—\d]")
_CREDIT = re.compile(rf"\b(?:{_any_of('credit_words.txt')})\b", re.IGNORECASE)


def _is_all_caps(text: str, p: CleanParams) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= p.all_caps_min_letters and all(c.isupper() for c in letters)


def _is_label_case(text: str, p: CleanParams) -> bool:
    """All-caps, or title case (every word of four or more letters capitalised, by default)."""
    words = _WORD.findall(text)
    if not words:
        return False
    if _is_all_caps(text, p):
        return True
    long_words = [w for w in words if len(w) >= p.title_case_word_letters]
    return bool(long_words) and all(w[0].isupper() for w in long_words)


def furniture_reason(text: str, params: CleanParams | None = None) -> tuple[RemovalKind, str] | None:
    """Why a paragraph is page furniture or boilerplate wherever it stands, or ``None``."""
    p = params or CleanParams()
    if len(text) <= p.label_max_chars and not _TERMINAL.search(text) and _FURNITURE_LINE.match(text):
        return RemovalKind.FURNITURE, "page furniture label"
    if len(text) <= p.link_label_max_chars and _LABEL_THEN_TEXT.match(text) and not _TERMINAL.search(text):
        return RemovalKind.FURNITURE, "page furniture: link to another page"
    if len(text) <= p.cookie_notice_max_chars and _COOKIE.search(text) and _COOKIE_CONTEXT.search(text):
        return RemovalKind.BOILERPLATE, "cookie notice"
    return None


def _is_short_line(text: str, p: CleanParams) -> bool:
    return len(text) <= p.short_line_chars


def _is_heading(text: str, p: CleanParams) -> bool:
    """A short line with no sentence-final punctuation (a headline, a salutation ending in a comma)."""
    return len(text) <= p.heading_max_chars and not _TERMINAL.search(text)


def _is_trailing_label(text: str, p: CleanParams) -> bool:
    """A short all-caps label of two or more words ("MORE VIDEOS"), not a credit or a source line."""
    words = _WORD.findall(text)
    letters = [c for c in text if c.isalpha()]
    return (
        len(text) <= p.trailing_label_max_chars
        and p.trailing_label_min_words <= len(words) <= p.trailing_label_max_words
        and sum(1 for w in words if len(w) >= p.trailing_label_word_letters) >= p.trailing_label_min_words
        and all(c.isupper() for c in letters)
        and not _TERMINAL.search(text)
        and not _NOT_A_LABEL.search(text)
        and not _CREDIT.search(text)
    )


def _is_headline_link(text: str, p: CleanParams) -> bool:
    """A line that reads like another story's headline in a list of links."""
    return (
        p.headline_link_min_chars <= len(text) <= p.headline_link_max_chars
        and len(_WORD.findall(text)) >= p.headline_link_min_words
        and not _NOT_A_HEADLINE.search(text)
        and not _TERMINAL.search(text)
        and _is_label_case(text, p)
    )


# --------------------------------------------------------------------------- decisions

Decision = tuple[RemovalKind, str]
#: A list item (an instruction in a how-to list is content, not a call to act).
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\d+[.)])\s")
_CALL_TO_ACT = "call to act (subscribe, donate, sign up...)"


def _appeal_runs(paras: Sequence[Block], p: CleanParams) -> dict[int, Decision]:
    """Appeal runs anchored on a strong appeal paragraph, reaching the end or the start of the text."""
    threshold = p.boilerplate_threshold
    feats = [appeal_features(para.text) for para in paras]
    scores = [_score(f, p) for f in feats]
    medium = threshold * p.run_after_share  # joins a run after its anchor
    strong_medium = threshold * p.run_before_share  # joins a run before its anchor (the body of an article comes first)
    out: dict[int, Decision] = {}
    n = len(paras)

    def member(i: int) -> bool:
        return scores[i] >= medium or (_is_short_line(paras[i].text, p) and not feats[i].reporting)

    for anchor in range(n):
        if (
            anchor in out
            or scores[anchor] < threshold
            or feats[anchor].actions + feats[anchor].calls < p.anchor_min_asks
        ):
            continue
        if _LIST_ITEM.match(paras[anchor].text):
            continue
        end = anchor
        while end + 1 < n and member(end + 1):
            end += 1
        if end == n - 1:
            # a tail run: back over paragraphs in the same voice and its headline or salutation
            start = anchor
            while start > 0 and not feats[start - 1].reporting:
                if scores[start - 1] < strong_medium and not _is_heading(paras[start - 1].text, p):
                    break
                start -= 1
            where = "end"
        else:
            # a head run: paragraphs in the same voice, preceded by at most a title line or two
            start, end = anchor, anchor
            while start > 0 and scores[start - 1] >= medium and not feats[start - 1].reporting:
                start -= 1
            while end + 1 < n and scores[end + 1] >= medium and not feats[end + 1].reporting:
                end += 1
            if start > p.max_title_lines or not all(_is_heading(paras[k].text, p) for k in range(start)):
                continue
            where = "start"
        reason = f"appeal to readers at the {where} of the text (score {scores[anchor]:.2f})"
        for k in range(start, end + 1):
            out[k] = (RemovalKind.APPEAL, reason)
    # a short paragraph made mostly of calls to act, wherever it stands
    for i, (para, f) in enumerate(zip(paras, feats, strict=True)):
        if (
            i in out
            or len(para.text) > p.call_paragraph_max_chars
            or f.reporting
            or f.quoted_share > 0
            or _LIST_ITEM.match(para.text)
        ):
            continue
        if f.calls and f.calls >= p.call_sentence_share * f.sentences and (f.actions or f.voice(p.voice_min_words) > 0):
            out[i] = (RemovalKind.APPEAL, _CALL_TO_ACT)
    return out


def _furniture(paras: Sequence[Block], p: CleanParams) -> dict[int, Decision]:
    """Furniture lines anywhere; trailing labels and trailing lists of headline links."""
    out: dict[int, Decision] = {}
    for i, para in enumerate(paras):
        found = furniture_reason(para.text, p)
        if found:
            out[i] = found
    # a headline in capitals between paragraphs, past the title: a link to another story ("SENATE PASSES THE
    # BILL AFTER LONG DEBATE"), a section heading ("OFFICIALS KEEP A CLOSE EYE") or a shouted call to act
    # ("CLICK HERE TO GET THE APP"); never a sentence of the text, and nothing a claim or quote is read from
    for i, para in enumerate(paras[1:], start=1):
        if i not in out and _is_headline_link(para.text, p) and _is_all_caps(para.text, p):
            out[i] = (
                RemovalKind.FURNITURE,
                "page furniture: a line in capitals, a link to another story or a section heading",
            )
    # what follows a related/more-from label up to the end, when it is all headline-like lines
    for i in range(len(paras)):
        if out.get(i, (None, ""))[1] == "page furniture label" and i + 1 < len(paras):
            rest = range(i + 1, len(paras))
            if all(k in out or _is_headline_link(paras[k].text, p) or _is_heading(paras[k].text, p) for k in rest):
                for k in rest:
                    out.setdefault(k, (RemovalKind.FURNITURE, "list of links after a page furniture label"))
    # trailing labels and lists of other stories' headlines at the very end
    k = len(paras) - 1
    while k >= 0 and k in out:
        k -= 1
    if k >= 0 and _is_trailing_label(paras[k].text, p):
        out[k] = (RemovalKind.FURNITURE, "trailing section label")
    else:
        j = k
        while j >= 0 and _is_headline_link(paras[j].text, p):
            j -= 1
        if k - j >= p.trailing_links_min and j >= 0:
            for m in range(j + 1, k + 1):
                out[m] = (RemovalKind.FURNITURE, "trailing list of headline links")
    return out


# --------------------------------------------------------------------------- assembly


def _merge(spans: Iterable[tuple[int, int, RemovalKind, str]]) -> list[tuple[int, int, RemovalKind, str]]:
    out: list[tuple[int, int, RemovalKind, str]] = []
    for s, e, kind, reason in sorted(spans):
        if out and out[-1][2] == kind and out[-1][3] == reason and s <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], e), kind, reason)
        elif out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e), out[-1][2], out[-1][3])
        else:
            out.append((s, e, kind, reason))
    return out


def _span_runs(
    paras: Sequence[Block], decisions: dict[int, Decision], raw: str
) -> list[tuple[int, int, RemovalKind, str]]:
    """Consecutive paragraphs with the same decision become one raw span."""
    spans: list[tuple[int, int, RemovalKind, str]] = []
    for i in sorted(decisions):
        kind, reason = decisions[i]
        p = paras[i]
        if spans and spans[-1][2] == kind and spans[-1][3] == reason and not raw[spans[-1][1] : p.start].strip():
            spans[-1] = (spans[-1][0], p.end, kind, reason)
        else:
            spans.append((p.start, p.end, kind, reason))
    return spans


def _uncovered(
    raw: str, paras: Sequence[Block], removed: Sequence[tuple[int, int, RemovalKind, str]]
) -> list[list[Block]]:
    """For each paragraph, its parts not covered by a removed span (``removed`` merged: sorted, disjoint)."""
    ends = [e for _, e, _, _ in removed]
    out: list[list[Block]] = []
    for p in paras:
        pos = p.start
        rest: list[Block] = []
        k = bisect.bisect_right(ends, p.start)  # the first span ending after the paragraph starts
        while k < len(removed) and removed[k][0] < p.end:
            s, e = removed[k][0], removed[k][1]
            if s > pos:
                rest.append(Block(pos, s, raw[pos:s]))
            pos = max(pos, e)
            k += 1
        if pos < p.end:
            rest.append(Block(pos, p.end, raw[pos : p.end]))
        out.append(rest)
    return out


def _assemble(raw: str, pieces: Sequence[tuple[int, int]]) -> tuple[str, OffsetMap]:
    """Join kept raw pieces with the raw whitespace between them; build the offset map."""
    segments: list[tuple[int, int, int]] = []
    parts: list[str] = []
    length = 0

    def add(raw_start: int, raw_end: int) -> None:
        nonlocal length
        if raw_end <= raw_start:
            return
        if segments and segments[-1][1] + segments[-1][2] == raw_start and segments[-1][0] + segments[-1][2] == length:
            c, r, n = segments[-1]
            segments[-1] = (c, r, n + raw_end - raw_start)
        else:
            segments.append((length, raw_start, raw_end - raw_start))
        parts.append(raw[raw_start:raw_end])
        length += raw_end - raw_start

    for idx, (start, end) in enumerate(pieces):
        if idx:
            prev_end = pieces[idx - 1][1]
            gap = raw[prev_end:start]
            if not gap.strip():
                add(prev_end, start)
            else:
                after = len(gap) - len(gap.lstrip())
                before = len(gap) - len(gap.rstrip())
                lead, trail = gap[:after], gap[len(gap) - before :]
                if trail.count("\n") > lead.count("\n") or not lead:
                    add(start - before, start)
                else:
                    add(prev_end, prev_end + after)
                if not lead and not trail:
                    parts.append(" ")  # an inserted separator; maps to the next segment
                    length += 1
        add(start, end)
    return "".join(parts), OffsetMap(tuple(segments))


def _strip_piece(raw: str, start: int, end: int) -> tuple[int, int]:
    seg = raw[start:end]
    return start + (len(seg) - len(seg.lstrip())), end - (len(seg) - len(seg.rstrip()))


def _covered(units: Sequence[Block], removed: Sequence[tuple[int, int, RemovalKind, str]]) -> list[bool]:
    """Whether each unit overlaps one of the removed spans (merged: sorted and disjoint)."""
    starts = [s for s, _, _, _ in removed]
    out = []
    for u in units:
        k = bisect.bisect_left(starts, u.end) - 1  # the last span starting before the unit ends
        out.append(k >= 0 and removed[k][1] > u.start)
    return out


def _repeated_spans(
    raw: str, paras: Sequence[Block], params: CleanParams, removed: Sequence[tuple[int, int, RemovalKind, str]]
) -> list[tuple[int, int, RemovalKind, str]]:
    """Raw spans of later copies of repeated passages in what is not yet removed, searched again until none is left."""
    units: list[Block] = []
    para_of: list[int] = []
    for index, p in enumerate(paras):
        split = sentences(p)
        units.extend(split)
        para_of.extend([index] * len(split))
    gone = _covered(units, removed)
    spans: list[tuple[int, int, RemovalKind, str]] = []
    while True:
        live = [i for i in range(len(units)) if not gone[i]]
        # a paragraph is judged as it reads now, without the copies already removed from it
        para_text: dict[int, list[str]] = {}
        for i in live:
            para_text.setdefault(para_of[i], []).append(units[i].text)
        prose_para = {k: is_prose(" ".join(v), params.prose_min_chars) for k, v in para_text.items()}
        found = repeated_passages(
            [units[i] for i in live], params.min_repeat_chars, [prose_para[para_of[i]] for i in live], params
        )
        if not found:
            return _merge(spans)
        for first, last, copy_of in found:
            run = live[first : last + 1]
            chars = sum(len(_key(units[i].text)) for i in run)
            reason = f"second copy of {chars:,} chars first seen at {units[live[copy_of]].start}"
            start = units[run[0]].start
            for a, b in itertools.pairwise(run):
                if raw[units[a].end : units[b].start].strip():  # an earlier removal lies between
                    spans.append((start, units[a].end, RemovalKind.DUPLICATE, reason))
                    start = units[b].start
            spans.append((start, units[run[-1]].end, RemovalKind.DUPLICATE, reason))
            for i in run:
                gone[i] = True


def clean_text(raw: str, settings: Settings | CleanParams) -> CleanResult:
    """Remove appeals, page furniture, boilerplate notices and repeated passages from ``raw``.

    ``settings`` are the run's settings (their ``[clean]`` section is read) or the
    :class:`CleanParams` made from them once. Returns the cleaned text (kept raw paragraphs joined
    by their raw separators), every removed span with its kind, offsets into ``raw`` and reason,
    and the offset map.
    """
    p = settings if isinstance(settings, CleanParams) else CleanParams.from_settings(settings)
    paras = paragraphs(raw)
    removed: list[tuple[int, int, RemovalKind, str]] = _merge(_template_tags(raw))

    # decided again on what is left until nothing changes, so that cleaning is idempotent
    while True:
        # 1. repeated passages, sentence by sentence (a body pasted twice, a repeated long passage)
        copies = _repeated_spans(raw, paras, p, removed)
        removed = _merge([*removed, *copies])
        # 2. appeals and furniture
        live = _live_paragraphs(raw, paras, removed)
        decisions = _appeal_runs(live, p)
        for i, d in _furniture(live, p).items():
            if i not in decisions or decisions[i][1] == _CALL_TO_ACT:
                decisions[i] = d
        parts, datelines = page_parts(
            live,
            caption_max_chars=p.caption_max_chars,
            byline_max_chars=p.byline_max_chars,
            byline_max_words=p.byline_max_words,
            dateline_max_chars=p.dateline_max_chars,
            dateline_paragraphs=p.dateline_paragraphs,
            thread_min_position=p.thread_min_position,
        )
        for i, d in parts.items():
            decisions.setdefault(i, d)
        if not decisions and not copies and not datelines:
            break
        removed = _merge([*removed, *_span_runs(live, decisions, raw), *datelines])

    removed = _merge(removed)
    pieces = [_strip_piece(raw, b.start, b.end) for rest in _uncovered(raw, paras, removed) for b in rest]
    pieces = [(s, e) for s, e in pieces if e > s]
    text, offsets = _assemble(raw, pieces)
    spans = tuple(RemovedSpan(kind, s, e, raw[s:e], reason) for s, e, kind, reason in _merge(removed))
    return CleanResult(text, spans, offsets)


#: A publishing system's template tag left in the page text ("{mosads}", "{/mosads}", "{{ad}}"): braces around one
#: word, which prose never writes.
_TEMPLATE_TAG = re.compile(r"\{\{?/?[A-Za-z][\w-]{0,40}\}\}?")


def _template_tags(raw: str) -> list[tuple[int, int, RemovalKind, str]]:
    return [(m.start(), m.end(), RemovalKind.FURNITURE, "template tag") for m in _TEMPLATE_TAG.finditer(raw)]


def _live_paragraphs(
    raw: str, paras: Sequence[Block], removed: Sequence[tuple[int, int, RemovalKind, str]]
) -> list[Block]:
    """Paragraphs as they read after the removals so far (partly removed ones keep their rest)."""
    out: list[Block] = []
    for rest in _uncovered(raw, paras, removed):
        if rest:
            s, e = _strip_piece(raw, rest[0].start, rest[-1].end)
            if e > s:
                out.append(Block(s, e, raw[s:e]))
    return out
