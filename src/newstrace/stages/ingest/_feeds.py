"""RSS and Atom feeds: one article per item.

``FeedReader`` takes ``.rss``/``.atom`` files, sources a server labels as a feed, and XML whose
root element is ``<rss>``, an Atom ``<feed>`` or ``<rdf:RDF>`` (RSS 1.0). feedparser reads it.

For each item, with ``ingest.fetch_feed_items`` on and a link to follow, the linked page is
fetched (``newstrace.stages.ingest._fetch``), within the feed's time budget
(``ingest.fetch.feed_budget``, itself inside the run's), and read like any other page; what the page does not say
(title, date, author, outlet) is filled in from the feed, the page's own values winning. When the
page cannot be fetched or read, the item is a Failure naming the feed and the link, unless the
feed carries the item's full text (``content:encoded``, Atom ``content``) of at least
``ingest.feed_text_min_chars``: then that text is the article, and a note says so. With fetching
off, each item is the text the feed carries (full content, else the summary), HTML stripped.

Each article's ``source`` is ``<feed>#<item number> <link>``, followed by ``(feed text)`` when
the text is the feed's own rather than the page's. A link that appears twice in a feed is read
once (fragments ignored), and so is a page two links redirect to; an item whose link is itself a
feed is not followed.

Error codes: E128 not a feed, or an item with nothing to read; E129 (a note, not a skip) the
feed's own text stood in for a page that could not be used.
"""

from __future__ import annotations

import html
import io
import logging
import re
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urldefrag

from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest._budget import FetchBudget
from newstrace.stages.ingest._metadata import article_id, registered_domain
from newstrace.stages.ingest._readers import TextReader
from newstrace.stages.ingest._source import Item, ReadSource, Source, failure
from newstrace.text import lexicons
from newstrace.text.isodate import iso_date

log = logging.getLogger(__name__)

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml", "application/rss"}
)
_ATOM_NS = b"http://www.w3.org/2005/Atom"
#: The first element of an XML document, after the declaration, comments, doctype and processing instructions.
_ROOT = re.compile(rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)", re.S)


def feed_root(head: bytes) -> str | None:
    """``rss``, ``atom`` or ``rdf`` when ``head`` starts a feed document, else None."""
    head = head[:4096].lstrip(b"\xef\xbb\xbf")
    match = _ROOT.match(head)
    if not match:
        return None
    prefix, tag = match.group(1), match.group(2).decode("ascii").lower()
    if tag == "rss" and not prefix:
        return "rss"
    if tag == "feed" and _ATOM_NS in head:
        return "atom"
    if tag == "rdf" and prefix:
        return "rdf"
    return None


class FeedReader:
    """Reads RSS/Atom feeds; each item's page (or the feed's own text) goes back through ``read``,
    the reader dispatch (``_read.read_source``), so it gets the same extraction and checks."""

    name = "feed"

    def __init__(self, read_source: ReadSource) -> None:
        self.read_source = read_source

    def accepts(self, source: Source) -> bool:
        if source.suffix in {".rss", ".atom"}:
            return True
        if source.content_type and source.content_type.split(";", 1)[0].strip().lower() in FEED_TYPES:
            return True
        return feed_root(source.data) is not None

    def read(self, source: Source, settings: Settings, columns: Mapping[str, str]) -> Iterator[Item]:
        import feedparser

        headers = {"content-location": source.url} if source.url else {}
        if source.content_type:
            headers["content-type"] = source.content_type + (f"; charset={source.charset}" if source.charset else "")
        parsed = feedparser.parse(io.BytesIO(source.data), response_headers=headers)
        if not parsed.get("version"):
            why = f" ({_short(parsed.get('bozo_exception'))})" if parsed.get("bozo") else ""
            yield failure(
                source.name,
                f"{source.name}: not an RSS or Atom feed{why}; check that it is the feed's address or file",
                "E128",
            )
            return
        if not parsed.entries:
            yield failure(source.name, f"{source.name}: the feed has no items; nothing to analyse", "E128")
            return
        channel = parsed.get("feed", {})
        outlet = _plain(channel.get("title")) or registered_domain(channel.get("link") or source.url)
        fetch_items: bool = settings.get("ingest.fetch_feed_items")
        min_text: int = settings.get("ingest.feed_text_min_chars")
        max_items: int = settings.get("ingest.feed_max_items")
        entries = parsed.entries[:max_items]
        if len(parsed.entries) > max_items:
            yield failure(
                source.name,
                f"{source.name}: the feed has {len(parsed.entries)} items; only the first {max_items} were read "
                "(raise --set ingest.feed_max_items=N to read more)",
                "E128",
            )
        budget = FetchBudget(
            float(settings.get("ingest.fetch.feed_budget")),
            f"the feed {source.name}",
            "ingest.fetch.feed_budget",
            parent=source.budget,
        )
        seen: dict[str, int] = {}
        for number, entry in enumerate(entries, start=1):
            link = _link(entry)
            if link and link in seen:
                log.info("%s#%d: %s is item %d again; read once", source.name, number, link, seen[link])
                continue
            if link:
                seen[link] = number
            item = _FeedItem(source.name, number, entry, link, outlet, self.read_source)
            if fetch_items and link:
                yield from item.fetched(settings, columns, min_text, seen, budget)
            else:
                yield from item.from_feed_text(settings, columns)


class _FeedItem:
    """One item of a feed and what it can become."""

    def __init__(
        self, feed: str, number: int, entry: Any, link: str | None, outlet: str | None, read: ReadSource
    ) -> None:
        self.read = read
        self.feed, self.number, self.entry, self.link, self.outlet = feed, number, entry, link, outlet
        self.where = f"{feed}#{number}" + (f" {link}" if link else "")
        self.title = _plain(entry.get("title"))
        self.published = _entry_date(entry)
        detail = entry.get("author_detail") or {}
        self.author = _plain(detail.get("name")) or _plain(entry.get("author"))

    def fetched(
        self, settings: Settings, columns: Mapping[str, str], min_text: int, seen: dict[str, int], budget: FetchBudget
    ) -> Iterator[Item]:
        """The item's page as an article, fetched within ``budget``; ``seen`` (link → item number) also
        learns where redirects led."""
        from newstrace.stages.ingest._fetch import fetch_url

        assert self.link is not None
        got = fetch_url(self.link, settings, budget)
        if isinstance(got, Failure):
            yield from self._fallback(got, settings, columns, min_text)
            return
        final = urldefrag(got.url or self.link)[0]
        if final != self.link:
            if final in seen:
                log.info("%s: %s leads to %s, item %d; read once", self.where, self.link, final, seen[final])
                return
            seen[final] = self.number
        page = replace(got, name=self.where)
        if FeedReader(self.read).accepts(page):
            problem = failure(
                self.where, f"{self.feed} item {self.number}: {self.link} is another feed, not an article", "E128"
            )
            yield from self._fallback(problem, settings, columns, min_text)
            return
        items = list(self.read(page, settings, columns))
        articles = [i for i in items if isinstance(i, Article)]
        if not articles:
            problems = [i for i in items if isinstance(i, Failure)]
            first = problems[0] if problems else failure(self.where, f"{self.where}: no article in the page", "E128")
            yield from self._fallback(first, settings, columns, min_text)
            return
        for item in items:
            yield self._filled(item) if isinstance(item, Article) else item

    def _filled(self, article: Article) -> Article:
        """The page's article with what it lacks taken from the feed (the page's own values win)."""
        return replace(
            article,
            title=article.title or self.title,
            published=article.published or self.published,
            author=article.author or self.author,
            outlet=article.outlet or self.outlet,
            url=article.url or self.link,
        )

    def _fallback(
        self, problem: Failure, settings: Settings, columns: Mapping[str, str], min_text: int
    ) -> Iterator[Item]:
        """The page is unusable: the feed's full text if it has enough, else the problem, naming feed and link."""
        message = problem.message
        if message.startswith(f"{self.link}: "):
            message = message[len(self.link or "") + 2 :]
        elif message.startswith(f"{self.where}: "):
            message = message[len(self.where) + 2 :]
        content = _content_text(self.entry)
        if len(content) >= min_text:
            note = f"the page could not be used ({message.split(';', 1)[0]}); the feed's own text is used instead"
            articles = list(self._article(content, settings, columns))
            yield from articles
            if any(isinstance(a, Article) for a in articles):
                yield Failure(self.where, "feed", f"{self.feed} item {self.number} ({self.link}): {note}", "E129")
            return
        yield failure(self.where, f"{self.feed} item {self.number} ({self.link}): {message}", problem.code)

    def from_feed_text(self, settings: Settings, columns: Mapping[str, str]) -> Iterator[Item]:
        text = _content_text(self.entry) or _html_to_text(_summary(self.entry))
        if not text:
            yield failure(
                self.where,
                f"{self.feed} item {self.number}: the item has no text"
                + ("" if self.link else " and no link")
                + ("; turn on --set ingest.fetch_feed_items=true to fetch its page" if self.link else ""),
                "E128",
            )
            return
        yield from self._article(text, settings, columns)

    def _article(self, text: str, settings: Settings, columns: Mapping[str, str]) -> Iterator[Item]:
        """An article of the text the feed itself carries; its source says so: ``feed#3 <link> (feed text)``."""
        source = f"{self.where} (feed text)"
        article = Article(
            id=article_id(self.where, text),
            source=source,
            raw=text,
            content_type="text/plain",
            outlet=self.outlet or registered_domain(self.link),
            url=self.link,
            title=self.title,
            author=self.author,
            published=self.published,
        )
        # the checks every article passes (too short, too long, not English), through the plain-text reader
        check = Source(name=source, data=text.encode("utf-8"), content_type="text/plain")
        for item in self.read(check, settings, columns, reader=TextReader()):
            yield article if isinstance(item, Article) else item


def _link(entry: Any) -> str | None:
    link = entry.get("link")
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                link = candidate["href"]
                break
    if not link or "://" not in link:
        return None
    return str(urldefrag(str(link).strip())[0])


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%d", value)
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return iso_date(entry[key])
    return None


def _content_text(entry: Any) -> str:
    """The longest full-content block of an entry (content:encoded, Atom content) as plain text."""
    texts = [_html_to_text(str(c.get("value") or "")) for c in entry.get("content", []) or []]
    return max(texts, key=len, default="")


def _summary(entry: Any) -> str:
    return str(entry.get("summary") or entry.get("description") or "")


def _plain(value: Any) -> str | None:
    if not value:
        return None
    text = _html_to_text(str(value)) if "<" in str(value) else " ".join(str(value).split())
    return text or None


def _short(exc: Any) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:120] if text else "unreadable"


# -- HTML → text ---------------------------------------------------------------------------

#: Elements that make a paragraph break when HTML is turned into text (``br`` makes a line break).
_BLOCKS = lexicons.words("stages/ingest/lexicons/html_block_elements.txt")
#: Elements whose content is never article text.
_SKIPPED = lexicons.words("stages/ingest/lexicons/html_skipped_elements.txt")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(r"\s+", " ", data))  # line breaks in HTML source are spaces; <br> is one


def _html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: one paragraph per block, blank lines between them."""
    if "<" not in fragment:
        text = html.unescape(fragment)
    else:
        parser = _TextParser()
        parser.feed(fragment)
        parser.close()
        text = "".join(parser.parts)
    paragraphs = (
        "\n".join(" ".join(line.split()) for line in p.strip().split("\n")) for p in re.split(r"\n\s*\n", text)
    )
    return "\n\n".join(p for p in paragraphs if p)
