"""Quote variants: the same remark by the same speaker as printed by different outlets, wherever
in the corpus the articles are (whatever story each fell in).

Two articles' quotes are compared when their speakers match (the same last name word of the
canonical name, which entity linking makes one for aliases such as a short form of a given name)
and the two quotes share a run of ``stories.min_run_words`` words; candidates come from an index of
(speaker, word run) keys, so the work grows with the corpus, not its square. A quote in one article
may cover *several* quotes of the other (an outlet joining separate remarks with "..."), so each
quote is matched against the concatenation, in text order, of every quote of the other article by
that speaker that shares at least ``stories.min_shared_words`` words in order with it, a run of
``stories.min_run_words`` and at least ``stories.min_remark_share`` of the shorter quote's words.

Pairs printed word for word the same (no difference, same context) are *identical*: counted, not
listed (:func:`split_identical`).

The alignment is word by word (``difflib.SequenceMatcher`` over word and punctuation
tokens, quotes straightened, case folded). Each difference is typed:

- ``word_substitution``   one word for another ("perpetrate" / "perpetuate")
- ``paraphrase``          a longer stretch worded differently
- ``cut``                 words one version has and the other leaves out
- ``insertion``           words one version adds (``sentence_insertion`` when they are a whole sentence)
- ``splice``              one quote built from two or more separate remarks of the other
                          (with the ``...`` that joins them marked)
- ``punctuation``         only punctuation differs (a moved comma)
- ``context``             when / where / addressee / cue differ between the two reports

Every difference carries character offsets into both articles.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from newstrace.model import Document, Quote, QuoteVariant, VariantDifference, VariantSide
from newstrace.settings import Settings
from newstrace.text.tokens import ELLIPSIS, Token, tokenize
from newstrace.text.when import agree, phrase_near, resolve


@dataclass(frozen=True, slots=True)
class VariantParams:
    """The quote-variant settings of ``[stories]`` (defaults.toml says what each does)."""

    min_shared_words: int = 4
    min_run_words: int = 3
    min_remark_share: float = 0.5  # share of the shorter quote's words aligned with the other
    substitution_max_words: int = 3
    when_lookback_sentences: int = 2
    max_speaker_quotes: int = 200  # a (speaker, word run) key in more quotes than this is not a candidate key

    @classmethod
    def from_settings(cls, settings: Settings) -> VariantParams:
        return cls(
            min_shared_words=int(settings.get("stories.min_shared_words")),
            min_run_words=int(settings.get("stories.min_run_words")),
            min_remark_share=float(settings.get("stories.min_remark_share")),
            substitution_max_words=int(settings.get("stories.substitution_max_words")),
            when_lookback_sentences=int(settings.get("stories.when_lookback_sentences")),
            max_speaker_quotes=int(settings.get("stories.max_speaker_quotes")),
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
    """True when two quotes of at least ``min_shared_words`` words each share a run of at least
    ``min_run_words`` words, ``min_shared_words`` words in order, and at least ``min_remark_share``
    of the shorter one's words."""
    p = params or VariantParams()
    wa, wb = _words(a), _words(b)
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    blocks = sm.get_matching_blocks()
    shared = sum(block.size for block in blocks)
    shorter = min(len(wa), len(wb))
    # a run of words both print that holds a content word, and two content words shared in all
    # ("that we have the" is no shared remark)
    content = [sum(w not in ENGLISH_STOP_WORDS for w in wa[b.a : b.a + b.size]) for b in blocks]
    run = any(b.size >= p.min_run_words and c >= 1 for b, c in zip(blocks, content, strict=True))
    run = run and sum(content) >= 2
    return (
        shorter >= p.min_shared_words  # "it", "Democrats": too short to be told from a chance match
        and run
        and shared >= p.min_shared_words
        and shared >= p.min_remark_share * shorter
    )


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
    total = max(1, max(sum(t.is_word for t in ta), sum(t.is_word for t in tb)))  # of the longer version
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
        kind = "sentence_insertion" if _is_sentence(b_txt) else "insertion"
    else:
        kind = "word_substitution" if min(len(a_words), len(b_words)) <= substitution_max_words else "paraphrase"
    return [VariantDifference(kind, a_txt, b_txt, *a_span, *b_span)]


def _is_sentence(text: str) -> bool:
    """Inserted words that make a sentence of their own: several words, ending on sentence punctuation."""
    stripped = text.strip().rstrip("\"'”’)]")
    return len(stripped.split()) >= 3 and stripped[-1:] in ".!?"


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


def _runs(words: Sequence[str], k: int) -> set[int]:
    return {hash(tuple(words[i : i + k])) for i in range(max(1, len(words) - k + 1))} if words else set()


def _speaker_quotes(doc: Document) -> dict[str, list[Quote]]:
    groups: dict[str, list[Quote]] = {}
    for q in doc.quotes:
        key = speaker_key(q)
        if key:
            groups.setdefault(key, []).append(q)
    return groups


def candidate_pairs(
    docs: Sequence[Document], params: VariantParams, words: Mapping[tuple[int, str], Sequence[str]]
) -> dict[tuple[int, int, str], set[tuple[str, str]]]:
    """(i, j, speaker) with i < j -> the pairs of quote ids (one of i, one of j) by that speaker that
    share a run of ``min_run_words`` words: the only quotes worth aligning."""
    index: dict[tuple[str, int], list[tuple[int, str]]] = {}
    for i, doc in enumerate(docs):
        for speaker, quotes in _speaker_quotes(doc).items():
            for q in quotes:
                for run in _runs(words[(i, q.id)], params.min_run_words):
                    index.setdefault((speaker, run), []).append((i, q.id))
    found: dict[tuple[int, int, str], set[tuple[str, str]]] = {}
    for (speaker, _), members in index.items():
        if len(members) < 2 or len({i for i, _ in members}) > params.max_speaker_quotes:
            continue
        for x, (i, qi) in enumerate(members):
            for j, qj in members[x + 1 :]:
                if i != j:
                    key, link = ((i, j, speaker), (qi, qj)) if i < j else ((j, i, speaker), (qj, qi))
                    found.setdefault(key, set()).add(link)
    return found


def find_variants(docs: Sequence[Document], params: VariantParams | None = None) -> list[QuoteVariant]:
    """Every remark printed by two articles (ordered by id) with its word-by-word alignment, identical
    printings included (:func:`split_identical` tells them apart)."""
    params = params or VariantParams()
    docs = sorted(docs, key=lambda d: d.id)
    by_doc = [_speaker_quotes(d) for d in docs]
    tokens = {(i, q.id): tokenize(q.content) for i, d in enumerate(docs) for q in d.quotes}
    words = {key: _words(toks) for key, toks in tokens.items()}
    out: list[QuoteVariant] = []
    for (i, j, speaker), candidates in sorted(candidate_pairs(docs, params, words).items()):
        links = {(qa, qb) for qa, qb in candidates if same_remark(tokens[(i, qa)], tokens[(j, qb)], params)}
        if links:
            out.extend(_pair_variants(docs[i], by_doc[i][speaker], docs[j], by_doc[j][speaker], speaker, links, params))
    return out


def is_identical(variant: QuoteVariant) -> bool:
    """Printed word for word the same, punctuation included, in the same context."""
    return not variant.differences and not variant.context_differences


def split_identical(variants: Sequence[QuoteVariant]) -> tuple[list[QuoteVariant], int]:
    """(the variants that differ, how many pairs were identical)."""
    differ = [v for v in variants if not is_identical(v)]
    return differ, len(variants) - len(differ)


def _pair_variants(
    a_doc: Document,
    a_quotes: list[Quote],
    b_doc: Document,
    b_quotes: list[Quote],
    speaker: str,
    links: set[tuple[str, str]],
    params: VariantParams | None = None,
) -> list[QuoteVariant]:
    """One variant per connected component of the links between a's and b's quotes (quote ids are
    unique inside one article only, so a's and b's are kept apart)."""
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
