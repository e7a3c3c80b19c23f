"""Derived views over a Report that several renderers share (Markdown, HTML, web UI)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from newstrace.model import (
    Claim,
    Document,
    ExclusiveFact,
    ExclusiveQuote,
    ExclusiveSpeaker,
    Quote,
    Report,
    Stance,
    StanceLabel,
    Story,
    TimelinePoint,
)
from newstrace.pipeline import is_dead
from newstrace.report.json_report import exact_copy_message


def live_documents(report: Report) -> list[Document]:
    return [d for d in report.documents if not is_dead(d)]


@dataclass(frozen=True)
class DuplicateRow:
    """One line of the duplicates summary: an exact copy collapsed, or a near duplicate marked."""

    kind: str  # "exact" | "near"
    article: str  # the copy: its label (exact) or the marked article's label (near)
    source: str
    of_id: str
    of_label: str
    resemblance: float | None = None
    containment: float | None = None
    message: str = ""


def duplicate_rows(report: Report) -> list[DuplicateRow]:
    """Exact copies collapsed into each article, then near duplicates, in report order."""
    docs = live_documents(report)
    by_id = {d.id: d for d in report.documents}
    rows: list[DuplicateRow] = []
    for doc in docs:
        for c in doc.exact_copies:
            name = " · ".join(p for p in (c.outlet or "", c.published or "") if p) or c.title or _file_name(c.source)
            rows.append(
                DuplicateRow("exact", name, c.source, doc.id, article_label(doc), 1.0, 1.0, exact_copy_message(c, doc))
            )
    for doc in docs:
        mark = doc.near_duplicate
        if mark is None:
            continue
        rep = by_id.get(mark.of)
        rows.append(
            DuplicateRow(
                "near",
                article_label(doc),
                doc.article.source,
                mark.of,
                article_title(rep) if rep else mark.of,
                mark.resemblance,
                mark.containment,
            )
        )
    return rows


def article_title(doc: Document) -> str:
    """Title and outlet where known (for "near duplicate of ..."), else the short label."""
    a = doc.article
    if a.title and a.outlet:
        return f"{a.title} ({a.outlet})"
    return a.title or article_label(doc)


def article_label(doc: Document) -> str:
    """A short human name for an article: outlet and date, else its title, else its file name."""
    a = doc.article
    parts = [a.outlet or "", a.published or ""]
    label = " · ".join(p for p in parts if p)
    if label:
        return label
    if a.title:
        return a.title if len(a.title) <= 60 else a.title[:59] + "…"
    return _file_name(a.source)


def _file_name(source: str) -> str:
    return source.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source


@dataclass
class SpeakerRow:
    name: str
    type: str
    anonymous: bool
    quotes: dict[str, list[Quote]] = field(default_factory=dict)  # article id -> quotes

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.quotes.values())


def speakers_across(report: Report) -> list[SpeakerRow]:
    """Who is quoted where: one row per resolved speaker, with their quotes per article; the quotes whose
    mention resolved to no one ("he" with no antecedent, "Nobody is saying ...") in one "(unattributed)" row."""
    rows: dict[str, SpeakerRow] = {}
    for doc in live_documents(report):
        for q in doc.quotes:
            name = q.speaker.name if q.speaker else None
            key = (name or "(unattributed)").strip()
            row = rows.get(key.lower())
            if row is None:
                row = SpeakerRow(
                    key,
                    q.speaker.type.value if q.speaker and name else "unknown",
                    bool(q.speaker and q.speaker.anonymous),
                )
                rows[key.lower()] = row
            row.quotes.setdefault(doc.id, []).append(q)
    return sorted(rows.values(), key=lambda r: (-len(r.quotes), -r.total, r.name.lower()))


@dataclass
class MatrixCell:
    stance: Stance
    article_id: str
    #: what the holder said that the stance was read from: the first quote behind it, or for the
    #: article's own stance its first sentence behind it ("" when the stance rests on none)
    words: str = ""
    #: the holder is an unnamed source ("officials", "unspecified sources"): not one speaker across articles
    anonymous: bool = False


def stance_words(doc: Document, stance: Stance, quotes: Mapping[str, Quote] | None = None) -> str:
    """The words a stance was read from, as the text has them: its first quote, else its first sentence.

    ``quotes``: the document's quotes by id, when the caller reads many stances of one document."""
    if quotes is None:
        quotes = {q.id: q for q in doc.quotes}
    for quote_id in stance.quote_ids:
        if quote_id in quotes:
            return quotes[quote_id].content
    for span in stance.sentences:
        return doc.text[span.start : span.end]
    return ""


@dataclass
class StanceMatrix:
    story_id: str
    claim: Claim
    holders: list[str]  # row labels: "<article> (article)" or "<speaker> · <article>", those with a stance first
    cells: dict[str, list[MatrixCell]]
    silent: list[str] = field(default_factory=list)  # holders whose every cell is "unrelated"


def stance_matrices(report: Report) -> list[StanceMatrix]:
    """A claim × holder matrix for each core claim of each story."""
    docs = {d.id: d for d in live_documents(report)}
    out: list[StanceMatrix] = []
    for story in report.stories:
        for claim in story.claims:
            cells: dict[str, list[MatrixCell]] = defaultdict(list)
            for doc_id in story.article_ids:
                doc = docs.get(doc_id)
                if doc is None:
                    continue
                quotes = {q.id: q for q in doc.quotes}
                label = article_label(doc)
                for s in doc.stances:
                    if s.claim_id != claim.id:
                        continue
                    if s.holder_kind == "article":
                        holder = f"{label} (article)"
                    else:
                        holder = f"{s.holder} · {label}" if len(story.article_ids) > 1 else s.holder
                    speakers = [quotes[q].speaker for q in s.quote_ids if q in quotes]
                    anonymous = any(sp is not None and sp.anonymous for sp in speakers)
                    cells[holder].append(MatrixCell(s, doc.id, stance_words(doc, s, quotes), anonymous))
            if cells:
                quiet_set = {h for h, cs in cells.items() if all(c.stance.label is StanceLabel.UNRELATED for c in cs)}
                holders = sorted(cells, key=lambda h: (not h.endswith("(article)"), h in quiet_set, h.lower()))
                quiet = [h for h in holders if h in quiet_set and not h.endswith("(article)")]
                shown = [h for h in holders if h not in quiet]
                out.append(StanceMatrix(story.id, claim, shown, dict(cells), quiet))
    return out


#: A speaker's overall side when outlets report them on both sides of a claim.
SPLIT = "split"


@dataclass(frozen=True)
class SpeakerPosition:
    """Where one speaker stands on one claim across the articles that quote them on it."""

    holder: str
    #: the side every article that relates them to the claim agrees on; "split" when some report them
    #: supporting it and others refuting it; "discusses" when none reports a side
    overall: str
    #: (article id, the article's label for them), in the story's article order
    by_article: tuple[tuple[str, StanceLabel], ...]

    @property
    def related(self) -> int:
        return sum(label is not StanceLabel.UNRELATED for _, label in self.by_article)


def overall_side(labels: Sequence[StanceLabel]) -> str | None:
    """The side of a speaker over several articles' readings: None when no article relates them to the claim."""
    related = {label for label in labels if label is not StanceLabel.UNRELATED}
    if not related:
        return None
    polar = related & {StanceLabel.SUPPORTS, StanceLabel.REFUTES}
    if len(polar) == 2:
        return SPLIT
    return next(iter(polar)).value if polar else StanceLabel.DISCUSSES.value


def speaker_positions(matrix: StanceMatrix, story: Story) -> list[SpeakerPosition]:
    """The named speakers of ``matrix`` whom two or more of the story's articles quote, each with their side
    per article and overall: what the per-article rows say when read across outlets (unnamed sources are no
    one speaker across outlets). Split speakers come first (outlets disagree on where the same person
    stands), then by how many articles relate them."""
    order = {a: i for i, a in enumerate(story.article_ids)}
    by_holder: dict[str, dict[str, StanceLabel]] = defaultdict(dict)
    for cells in matrix.cells.values():
        for cell in cells:
            if cell.stance.holder_kind != "article" and not cell.anonymous:
                by_holder[cell.stance.holder].setdefault(cell.article_id, cell.stance.label)
    out = []
    for holder, labels in by_holder.items():
        overall = overall_side(list(labels.values()))
        if len(labels) < 2 or overall is None:
            continue
        ordered = tuple(sorted(labels.items(), key=lambda kv: order.get(kv[0], len(order))))
        out.append(SpeakerPosition(holder, overall, ordered))
    return sorted(out, key=lambda p: (p.overall != SPLIT, -p.related, -len(p.by_article), p.holder.lower()))


@dataclass(frozen=True)
class TextSegment:
    text: str
    quote: Quote | None = None


def highlight_segments(doc: Document) -> list[TextSegment]:
    """The cleaned text cut into plain and quoted segments (outermost quotes win on overlap)."""
    spans = sorted(doc.quotes, key=lambda q: (q.start, -(q.end - q.start)))
    segments: list[TextSegment] = []
    cursor = 0
    for q in spans:
        if q.start < cursor or q.end <= q.start:
            continue  # nested or overlapping: shown through its parent
        if q.start > cursor:
            segments.append(TextSegment(doc.text[cursor : q.start]))
        segments.append(TextSegment(doc.text[q.start : q.end], q))
        cursor = q.end
    if cursor < len(doc.text):
        segments.append(TextSegment(doc.text[cursor:]))
    return segments


@dataclass
class ExclusiveGroup:
    """What only one article carries: its speakers, quotes and facts."""

    article_id: str
    speakers: list[str] = field(default_factory=list)
    speaker_items: list[ExclusiveSpeaker] = field(default_factory=list)
    quotes: list[ExclusiveQuote] = field(default_factory=list)
    facts: list[ExclusiveFact] = field(default_factory=list)


def exclusive_groups(story: Story) -> list[ExclusiveGroup]:
    groups: dict[str, ExclusiveGroup] = {}

    def group(article_id: str) -> ExclusiveGroup:
        return groups.setdefault(article_id, ExclusiveGroup(article_id))

    for sp in story.exclusive_speakers:
        group(sp.article_id).speakers.append(sp.name)
        group(sp.article_id).speaker_items.append(sp)
    for q in story.exclusive_quotes:
        group(q.article_id).quotes.append(q)
    for f in story.exclusive_facts:
        group(f.article_id).facts.append(f)
    return [groups[k] for k in sorted(groups)]


def timeline_rows(story: Story) -> list[TimelinePoint]:
    """Stances that say something (not 'unrelated'), oldest first; empty when nothing is dated."""
    rows = [r for r in story.timeline if r.label not in (None, "unrelated")]
    if not any(r.date for r in rows):
        return []  # a timeline needs dates; the stance matrix already shows undated stances
    return sorted(rows, key=lambda r: (r.date or "9999", r.holder))
