"""Quote variants: the same remark by the same speaker as printed by different outlets.

Two articles' quotes are compared when their speakers match (same entity id, or the same
surname / last name word). A quote in one article may cover *several* quotes of the other
(an outlet joining separate remarks with "..."), so each quote is matched against the
concatenation, in text order, of every quote of the other article by that speaker that
shares at least ``stories.min_shared_words`` words in order with it (and a run of
``stories.min_run_words``).

The alignment is word by word (``difflib.SequenceMatcher`` over word and punctuation
tokens, quotes straightened, case folded). Each difference is typed:

- ``word_substitution``   one word for another ("perpetrate" / "perpetuate")
- ``cut``                 words one version has and the other leaves out
- ``splice``              one quote built from two or more separate remarks of the other
                          (with the ``...`` that joins them marked)
- ``punctuation``         only punctuation differs (a moved comma)
- ``context``             when / where / addressee / cue differ between the two reports

Every difference carries character offsets into both articles.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from newstrace.model import Document, Quote, QuoteVariant, VariantDifference, VariantSide
from newstrace.settings import Settings
from newstrace.text.tokens import ELLIPSIS, Token, tokenize
from newstrace.text.when import agree, phrase_near, resolve


@dataclass(frozen=True, slots=True)
class VariantParams:
    """The quote-variant settings of ``[stories]`` (defaults.toml says what each does)."""

    min_shared_words: int = 4
    min_run_words: int = 3
    substitution_max_words: int = 3
    when_lookback_sentences: int = 2

    @classmethod
    def from_settings(cls, settings: Settings) -> VariantParams:
        return cls(
            min_shared_words=int(settings.get("stories.min_shared_words")),
            min_run_words=int(settings.get("stories.min_run_words")),
            substitution_max_words=int(settings.get("stories.substitution_max_words")),
            when_lookback_sentences=int(settings.get("stories.when_lookback_sentences")),
        )


def speaker_key(quote: Quote) -> str | None:
    """A comparable speaker key: the entity id, else the last word of the resolved name."""
    sp = quote.speaker
    if sp is None or sp.anonymous:
        return None
    name = sp.name or sp.mention
    if not name:
        return None
    words = [w for w in tokenize(name) if w.is_word]
    return words[-1].norm if words else None


def _words(tokens: Sequence[Token]) -> list[str]:
    return [t.norm for t in tokens if t.is_word]


def same_remark(a: Sequence[Token], b: Sequence[Token], params: VariantParams | None = None) -> bool:
    """True when two quotes share a run of at least ``min_run_words`` words and ``min_shared_words``
    words in order (or all the words of the shorter one)."""
    p = params or VariantParams()
    sm = difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False)
    blocks = sm.get_matching_blocks()
    shared = sum(block.size for block in blocks)
    longest = max((block.size for block in blocks), default=0)
    shorter = min(len(_words(a)), len(_words(b)))
    return longest >= min(p.min_run_words, shorter) and shared >= min(p.min_shared_words, shorter) and shorter > 0


def _span(tokens: Sequence[Token], lo: int, hi: int) -> tuple[int | None, int | None]:
    if lo >= hi:
        return None, None
    return tokens[lo].start, tokens[hi - 1].end


def _text(doc_text: str, tokens: Sequence[Token], lo: int, hi: int) -> str:
    s, e = _span(tokens, lo, hi)
    return "" if s is None or e is None else doc_text[s:e]


def compare(
    a_doc: Document,
    a_quotes: Sequence[Quote],
    b_doc: Document,
    b_quotes: Sequence[Quote],
    speaker: str,
    params: VariantParams | None = None,
) -> QuoteVariant:
    """Align the quotes ``a_quotes`` (in a_doc) with ``b_quotes`` (in b_doc), word by word."""
    p = params or VariantParams()
    a_quotes = sorted(a_quotes, key=lambda q: q.start)
    b_quotes = sorted(b_quotes, key=lambda q: q.start)
    ta = [t for q in a_quotes for t in tokenize(q.content, punct=True, offset=q.start)]
    tb = [t for q in b_quotes for t in tokenize(q.content, punct=True, offset=q.start)]
    # a token index where each joined quote starts (a boundary between separate remarks)
    a_bounds = _bounds(a_quotes, ta)
    b_bounds = _bounds(b_quotes, tb)
    sm = difflib.SequenceMatcher(None, [t.norm for t in ta], [t.norm for t in tb], autojunk=False)
    diffs: list[VariantDifference] = []
    alignment: list[tuple[str, str, str]] = []
    same_words = 0
    for op, i1, i2, j1, j2 in _split_at_bounds(sm.get_opcodes(), a_bounds, b_bounds):
        a_txt, b_txt = _text(a_doc.text, ta, i1, i2), _text(b_doc.text, tb, j1, j2)
        alignment.append((op, a_txt, b_txt))
        if op == "equal":
            same_words += sum(1 for t in ta[i1:i2] if t.is_word)
            continue
        diffs.extend(
            _classify(
                ta[i1:i2], tb[j1:j2], a_txt, b_txt, _span(ta, i1, i2), _span(tb, j1, j2), p.substitution_max_words
            )
        )
    if len(a_bounds) > 1 or len(b_bounds) > 1:
        diffs.extend(_splices(a_doc, ta, a_bounds, b_doc, tb, b_bounds, sm))
    total = max(1, min(sum(t.is_word for t in ta), sum(t.is_word for t in tb)))
    diffs.sort(key=lambda d: (d.b_start if d.b_start is not None else -1, d.a_start if d.a_start is not None else -1))
    side_a = _side(a_doc, a_quotes, p.when_lookback_sentences)
    side_b = _side(b_doc, b_quotes, p.when_lookback_sentences)
    context = context_differences(side_a, side_b)
    return QuoteVariant(
        speaker=speaker,
        a=side_a,
        b=side_b,
        similarity=round(min(1.0, same_words / total), 4),
        kinds=tuple(sorted({d.kind for d in diffs} | ({"context"} if context else set()))),
        differences=tuple(diffs),
        alignment=tuple(alignment),
        context_differences=context,
        context_agrees=agree(side_a.when_date, side_b.when_date),
    )


def _split_at_bounds(
    opcodes: Sequence[tuple[str, int, int, int, int]], a_bounds: Sequence[int], b_bounds: Sequence[int]
) -> list[tuple[str, int, int, int, int]]:
    """Split opcodes whose range crosses the start of another quote, so no difference spans two remarks."""
    out: list[tuple[str, int, int, int, int]] = []
    for op, i1, i2, j1, j2 in opcodes:
        cuts_a = [b for b in a_bounds if i1 < b < i2]
        cuts_b = [b for b in b_bounds if j1 < b < j2]
        if op == "equal" or (not cuts_a and not cuts_b):
            out.append((op, i1, i2, j1, j2))
            continue
        a_parts = list(zip([i1, *cuts_a], [*cuts_a, i2], strict=True))
        b_parts = list(zip([j1, *cuts_b], [*cuts_b, j2], strict=True))
        for k in range(max(len(a_parts), len(b_parts))):
            a0, a1 = a_parts[k] if k < len(a_parts) else (i2, i2)
            b0, b1 = b_parts[k] if k < len(b_parts) else (j2, j2)
            sub = "replace" if a1 > a0 and b1 > b0 else ("delete" if a1 > a0 else "insert")
            if a1 > a0 or b1 > b0:
                out.append((sub, a0, a1, b0, b1))
    return out


def _bounds(quotes: Sequence[Quote], tokens: Sequence[Token]) -> list[int]:
    out = []
    for q in quotes:
        for i, t in enumerate(tokens):
            if q.start <= t.start < q.end:
                out.append(i)
                break
    return out


def _classify(
    a: Sequence[Token],
    b: Sequence[Token],
    a_txt: str,
    b_txt: str,
    a_span: tuple[int | None, int | None],
    b_span: tuple[int | None, int | None],
    substitution_max_words: int,
) -> list[VariantDifference]:
    """The kind of one difference; a swap of up to ``substitution_max_words`` words is a word substitution."""
    a_words = [t for t in a if t.is_word]
    b_words = [t for t in b if t.is_word and t.norm != ELLIPSIS]
    if not a_words and not b_words:
        elided = any(t.norm == ELLIPSIS for t in (*a, *b))
        return [VariantDifference("ellipsis" if elided else "punctuation", a_txt, b_txt, *a_span, *b_span)]
    if len(a_words) == len(b_words) and len(a_words) <= substitution_max_words and a_words:
        kind = "word_substitution"
    elif a_words and not b_words:
        kind = "cut"
    elif b_words and not a_words:
        kind = "insertion"
    else:
        kind = "word_substitution" if min(len(a_words), len(b_words)) <= substitution_max_words else "rewording"
    return [VariantDifference(kind, a_txt, b_txt, *a_span, *b_span)]


def _splices(
    a_doc: Document,
    ta: Sequence[Token],
    a_bounds: Sequence[int],
    b_doc: Document,
    tb: Sequence[Token],
    b_bounds: Sequence[int],
    sm: difflib.SequenceMatcher[str],
) -> list[VariantDifference]:
    """Where one side joins remarks the other prints separately: mark the joint in the joined side."""
    out: list[VariantDifference] = []
    mapping = {}
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    if len(a_bounds) > len(b_bounds):
        # b is one quote spanning separate remarks of a: the joint is between the last mapped token of
        # remark n and the first mapped token of remark n+1
        for n in range(1, len(a_bounds)):
            before = [mapping[i] for i in range(a_bounds[n - 1], a_bounds[n]) if i in mapping]
            after = [mapping[i] for i in range(a_bounds[n], len(ta)) if i in mapping]
            if not before or not after:
                continue
            j0, j1 = max(before) + 1, min(after)
            joint = tb[j0:j1] if j1 > j0 else []
            b_start = joint[0].start if joint else tb[max(before)].end
            b_end = joint[-1].end if joint else tb[min(after)].start
            out.append(VariantDifference("splice", "", b_doc.text[b_start:b_end], None, None, b_start, b_end))
    elif len(b_bounds) > len(a_bounds):
        inverse = {v: k for k, v in mapping.items()}
        for n in range(1, len(b_bounds)):
            before = [inverse[j] for j in range(b_bounds[n - 1], b_bounds[n]) if j in inverse]
            after = [inverse[j] for j in range(b_bounds[n], len(tb)) if j in inverse]
            if not before or not after:
                continue
            i0, i1 = max(before) + 1, min(after)
            a_start = ta[i0].start if i1 > i0 else ta[max(before)].end
            a_end = ta[i1 - 1].end if i1 > i0 else ta[min(after)].start
            out.append(VariantDifference("splice", a_doc.text[a_start:a_end], "", a_start, a_end, None, None))
    return out


def _side(doc: Document, quotes: Sequence[Quote], lookback: int) -> VariantSide:
    first = quotes[0]
    when = next((q.when for q in quotes if q.when), None)
    when_date = next((q.when_date for q in quotes if q.when_date), None)
    span: tuple[int, int] | None = None
    if when is None:
        found = next((m for m in (phrase_near(doc, q, lookback) for q in quotes) if m is not None), None)
        if found is not None:
            when, span = found.text, (found.start, found.end)
    if when is not None and when_date is None:
        when_date = resolve(when, doc.article.published)
    return VariantSide(
        article_id=doc.id,
        quote_ids=tuple(q.id for q in quotes),
        text=" | ".join(q.content for q in quotes),
        spans=tuple((q.start, q.end) for q in quotes),
        when=when,
        when_date=when_date,
        when_span=span,
        where=next((q.where for q in quotes if q.where), None),
        addressee=next((q.addressee for q in quotes if q.addressee), None),
        cue=first.cue.lemma if first.cue else None,
    )


def context_differences(a: VariantSide, b: VariantSide) -> tuple[str, ...]:
    """Context fields both printings give and that differ (dates compared at the coarser precision)."""
    out = []
    if agree(a.when_date, b.when_date) is False:
        out.append("when")
    for name in ("where", "addressee"):
        x, y = getattr(a, name), getattr(b, name)
        if x and y and x.lower() != y.lower():
            out.append(name)
    return tuple(out)


def find_variants(docs: Sequence[Document], params: VariantParams | None = None) -> list[QuoteVariant]:
    """Every remark printed by two articles (ordered by id) with its word-by-word alignment."""
    params = params or VariantParams()
    docs = sorted(docs, key=lambda d: d.id)
    by_doc: list[dict[str, list[Quote]]] = []
    for doc in docs:
        groups: dict[str, list[Quote]] = {}
        for q in doc.quotes:
            key = speaker_key(q)
            if key:
                groups.setdefault(key, []).append(q)
        by_doc.append(groups)
    out: list[QuoteVariant] = []
    for x, a_doc in enumerate(docs):
        for y in range(x + 1, len(docs)):
            b_doc = docs[y]
            for speaker in sorted(set(by_doc[x]) & set(by_doc[y])):
                out.extend(_pair_variants(a_doc, by_doc[x][speaker], b_doc, by_doc[y][speaker], speaker, params))
    return out


def _pair_variants(
    a_doc: Document,
    a_quotes: list[Quote],
    b_doc: Document,
    b_quotes: list[Quote],
    speaker: str,
    params: VariantParams,
) -> list[QuoteVariant]:
    tok = {q.id: tokenize(q.content) for q in (*a_quotes, *b_quotes)}
    links = {(qa.id, qb.id) for qa in a_quotes for qb in b_quotes if same_remark(tok[qa.id], tok[qb.id], params)}
    # connected components of the bipartite link graph: one variant per component
    out = []
    seen: set[str] = set()
    for qa in sorted(a_quotes, key=lambda q: q.start):
        if qa.id in seen or not any(link[0] == qa.id for link in links):
            continue
        comp_a, comp_b = {qa.id}, set()
        frontier = True
        while frontier:
            frontier = False
            for la, lb in links:
                if la in comp_a and lb not in comp_b:
                    comp_b.add(lb)
                    frontier = True
                if lb in comp_b and la not in comp_a:
                    comp_a.add(la)
                    frontier = True
        seen |= comp_a
        name = next((q.speaker.name for q in (*a_quotes, *b_quotes) if q.speaker and q.speaker.name), speaker)
        out.append(
            compare(
                a_doc,
                [q for q in a_quotes if q.id in comp_a],
                b_doc,
                [q for q in b_quotes if q.id in comp_b],
                name,
                params,
            )
        )
    return out
