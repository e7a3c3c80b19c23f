"""Where each finding sits in its article, and the plain summaries the HTML report and the workbench share.

Every sentence of an article's cleaned text is an anchor (``<article id>-s<n>``): a finding links
to the sentence its first character falls in, so one click lands on the sentence it came from.
Quotes keep their own anchors (``<article id>-<quote id>``).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newstrace.model import Document, Evidence, EvidenceItem, Quote, Sentence, Story, TimelinePoint

#: What each evidence kind is called in a sentence.
EVIDENCE_LABELS = {
    "named_official": "named officials",
    "anonymous_official": "anonymous officials",
    "document": "documents",
    "video_image": "video or images",
    "expert": "experts",
    "interested_party": "interested parties",
    "unseen_classified": "classified or unseen material",
}

#: How each stance label reads in a tally ("3 refute · 9 support").
LABEL_VERBS = {"supports": "support", "refutes": "refute", "discusses": "discuss", "unrelated": "silent"}


def sentence_index(sentences: Sequence[Sentence], offset: int) -> int | None:
    """The index of the sentence holding ``offset`` (the nearest one before it), or None with no sentences."""
    if not sentences:
        return None
    i = bisect.bisect_right([s.start for s in sentences], offset) - 1
    return max(i, 0)


def anchor_id(article_id: str, sentence: int | None) -> str:
    return f"{article_id}-s{sentence}" if sentence is not None else f"a-{article_id}"


@dataclass(frozen=True)
class Piece:
    """A run of text inside one sentence block, inside one quote or none."""

    text: str
    quote: Quote | None = None
    first: bool = False  # the first piece of its quote (the one that carries the quote's anchor)


@dataclass(frozen=True)
class Block:
    """One sentence (``index`` set) or the text between two sentences, cut at quote boundaries."""

    index: int | None
    pieces: tuple[Piece, ...]


def text_blocks(doc: Document) -> list[Block]:
    """The cleaned text as sentence blocks, each cut into plain and quoted pieces (outer quotes win)."""
    text = doc.text
    quotes: list[Quote] = []
    cursor = 0
    for quote in sorted(doc.quotes, key=lambda q: (q.start, -(q.end - q.start))):
        if quote.start >= cursor and quote.end > quote.start:
            quotes.append(quote)
            cursor = quote.end
    bounds: list[tuple[int, int, int | None]] = []
    cursor = 0
    for i, s in enumerate(doc.sentences):
        if s.start < cursor or s.end <= s.start:
            continue
        if s.start > cursor:
            bounds.append((cursor, s.start, None))
        bounds.append((s.start, s.end, i))
        cursor = s.end
    if cursor < len(text):
        bounds.append((cursor, len(text), None))
    blocks: list[Block] = []
    qi = 0
    started: set[str] = set()
    for start, end, index in bounds:
        pieces: list[Piece] = []
        pos = start
        while pos < end:
            while qi < len(quotes) and quotes[qi].end <= pos:
                qi += 1
            current = quotes[qi] if qi < len(quotes) else None
            if current is None or current.start >= end:
                pieces.append(Piece(text[pos:end]))
                break
            if current.start > pos:
                pieces.append(Piece(text[pos : current.start]))
                pos = current.start
                continue
            stop = min(current.end, end)
            pieces.append(Piece(text[pos:stop], current, current.id not in started))
            started.add(current.id)
            pos = stop
        blocks.append(Block(index, tuple(pieces)))
    return blocks


class Locator:
    """Links from findings to the sentences of the articles they came from."""

    def __init__(self, docs: Iterable[Document], prefix: str = "#") -> None:
        self.docs = {d.id: d for d in docs}
        self.prefix = prefix

    def at(self, article_id: str | None, start: int | None) -> str:
        """The link to the sentence holding ``start`` in the article (the article itself if unknown)."""
        if article_id is None:
            return ""
        doc = self.docs.get(article_id)
        if doc is None or start is None:
            return f"{self.prefix}a-{article_id}"
        return self.prefix + anchor_id(article_id, sentence_index(doc.sentences, start))

    def quote(self, article_id: str, quote_id: str) -> str:
        doc = self.docs.get(article_id)
        q = next((q for q in doc.quotes if q.id == quote_id), None) if doc else None
        return self.at(article_id, q.start if q else None)

    def stance(self, article_id: str, sentences: Sequence[object], quote_ids: Sequence[str]) -> str:
        """A stance's first quote, else its first sentence, else the article."""
        if quote_ids:
            return self.quote(article_id, quote_ids[0])
        for span in sentences:
            start = getattr(span, "start", None)
            if isinstance(start, int):
                return self.at(article_id, start)
        return self.at(article_id, None)

    def holder(self, story: Story, article_id: str, holder: str, holder_kind: str, claim_id: str) -> str:
        """Where a timeline point's holder takes its stance on the claim."""
        doc = self.docs.get(article_id)
        if doc is None:
            return self.at(article_id, None)
        kind = "article" if holder_kind == "outlet" else "speaker"
        for s in doc.stances:
            if s.claim_id == claim_id and s.holder_kind == kind and (kind == "article" or s.holder == holder):
                return self.stance(article_id, s.sentences, s.quote_ids)
        return self.at(article_id, None)


def story_headline(story: Story, docs: dict[str, Document]) -> str:
    """The title of the story's earliest dated article (else its first titled one), else its first claim."""
    arts = [docs[a] for a in story.article_ids if a in docs]
    dated = sorted(
        (d for d in arts if d.article.published and d.article.title), key=lambda d: d.article.published or ""
    )
    titled = [d for d in arts if d.article.title]
    for d in dated + titled:
        if d.article.title:
            return d.article.title
    if story.claims:
        return story.claims[0].text
    return f"{len(arts)} article(s)"


def tally_line(labels: Iterable[str], outlets: int) -> str:
    """'3 refute · 9 support · 2 silent, across 2 outlets' (labels in a fixed order)."""
    counts = Counter(labels)
    order = ("refutes", "supports", "discusses", "unrelated")
    parts = [f"{counts[k]} {LABEL_VERBS[k]}" for k in order if counts.get(k)]
    if not parts:
        return f"no stance found, across {outlets} outlet{'s' if outlets != 1 else ''}"
    return " · ".join(parts) + f", across {outlets} outlet{'s' if outlets != 1 else ''}"


@dataclass
class OriginGroup:
    """The mentions of one piece of evidence's origin, each a link to its sentence."""

    origin: str
    items: list[EvidenceItem | Evidence] = field(default_factory=list)


@dataclass
class KindGroup:
    kind: str
    label: str
    origins: list[OriginGroup] = field(default_factory=list)

    @property
    def mentions(self) -> int:
        return sum(len(o.items) for o in self.origins)


def evidence_inventory(items: Sequence[EvidenceItem | Evidence]) -> list[KindGroup]:
    """Evidence items by kind, then by origin (its supplier): each origin once, with its mentions."""
    by_kind: dict[str, dict[str, OriginGroup]] = defaultdict(dict)
    for item in items:
        name = item.supplier or getattr(item, "origin", None) or "origin not named"
        group = by_kind[item.kind].setdefault(name.lower(), OriginGroup(name))
        group.items.append(item)
    out = []
    for kind in sorted(by_kind, key=lambda k: (list(EVIDENCE_LABELS).index(k) if k in EVIDENCE_LABELS else 99, k)):
        origins = sorted(by_kind[kind].values(), key=lambda g: (-len(g.items), g.origin.lower()))
        out.append(KindGroup(kind, EVIDENCE_LABELS.get(kind, kind.replace("_", " ")), origins))
    return out


def certainty_note(cues: Sequence[object]) -> bool:
    """Whether a certainty rests on at least one word of the text (a hedge, booster, negation, denial...)."""
    return any(getattr(c, "text", "").strip() for c in cues)


@dataclass(frozen=True)
class PlotPoint:
    x: float
    y: float
    point: TimelinePoint


@dataclass(frozen=True)
class TimelinePlot:
    """Certainty over time as SVG coordinates (a 600 × 200 box with 40 px margins)."""

    points: tuple[PlotPoint, ...]
    ticks: tuple[tuple[float, str], ...]  # x position, date label
    width: int = 600
    height: int = 200


def timeline_plot(rows: Sequence[TimelinePoint]) -> TimelinePlot | None:
    """Dated stances placed by date (x) and certainty (y); None with fewer than one dated point."""
    import datetime as dt

    from newstrace.text.isodate import as_date

    dated: list[tuple[dt.date, TimelinePoint]] = []
    for r in rows:
        day = as_date(r.date)[0]
        if day is not None:
            dated.append((day, r))
    if not dated:
        return None
    first = min(d for d, _ in dated)
    last = max(d for d, _ in dated)
    span = max((last - first).days, 1)

    def x(day: dt.date) -> float:
        return round(40 + 520 * ((day - first).days / span), 1)

    points = tuple(PlotPoint(x(d), round(170 - 140 * max(0.0, min(1.0, r.certainty)), 1), r) for d, r in dated)
    labels = sorted({d for d, _ in dated})
    step = max(1, len(labels) // 6)
    ticks = tuple((x(d), d.isoformat()) for d in labels[::step])
    return TimelinePlot(points, ticks)
