"""Readers: one per input format, behind one small interface.

A reader says whether it ``accepts`` a source (by name and first bytes) and ``read``s it
into Articles, or Failures for the parts it cannot use. Readers are tried in registry
order; the first that accepts a source reads it. A new format is a new Reader added to
``READERS``. A format too large to hold in memory (WARC/ARC crawls) is streamed by its own
reader instead (``newstrace.stages.ingest._warc``), which hands each page back to ``read_source``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, cast

from newstrace.errors import InputError
from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest._decode import decode_bytes, sniff_binary
from newstrace.stages.ingest._html import extract_html, looks_like_html
from newstrace.stages.ingest._metadata import article_id, outlet_of, registered_domain, title_from_text
from newstrace.stages.ingest._source import IngestParams, Item, Source, failure, replaced_bytes_note
from newstrace.text import lexicons
from newstrace.text.isodate import iso_date

#: The commonest English words, mostly function words (the language check counts their share).
ENGLISH_FUNCTION_WORDS = lexicons.words("stages/ingest/lexicons/english_function_words.txt")

# -- plain text and HTML --------------------------------------------------------------


class HtmlReader:
    name = "html"

    def accepts(self, source: Source) -> bool:
        if source.suffix in {".html", ".htm", ".xhtml", ".shtml"}:
            return True
        if source.content_type and "html" in source.content_type:
            return True
        return source.suffix not in {".txt", ".md"} and looks_like_html(source.data[:4096])

    def read(self, source: Source, settings: Settings, columns: Mapping[str, str]) -> Iterator[Item]:
        params = IngestParams.from_settings(settings)
        html, _, replaced = decode_bytes(source.data, source.name, declared=source.charset, params=params)
        extracted = extract_html(html, source.name, url=source.url, params=params)
        if link_share(html, extracted.text, params) >= params.link_share_max:
            raise InputError(
                f"{source.name}: only navigation links, no article text; save the article view instead", code="E105"
            )
        url = extracted.url or source.url
        yield Article(
            id=article_id(source.name, extracted.text),
            source=source.name,
            raw=extracted.text,
            content_type="text/html",
            outlet=outlet_of(extracted.sitename, url, params),
            url=url,
            title=extracted.title,
            author=extracted.author,
            published=iso_date(extracted.date),
            language=extracted.language,
        )
        if replaced:
            yield replaced_bytes_note(source.name, replaced)


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?(?:\s|$)")


class _LinkWords(HTMLParser):
    """Counts the words inside ``<a>`` elements of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.words: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.words.update(data.split())


def link_share(html: str, text: str, params: IngestParams | None = None) -> float:
    """The share of the words of ``text`` (extracted from ``html``) that are words of the page's link texts.

    A page whose share reaches ``ingest.link_share_max`` is a list of links (a front page, a menu). A
    text of fewer than ``ingest.link_share_min_words`` words (too short to judge: reported as too short
    instead) or with a sentence end every ``ingest.link_share_prose_words`` words or less (prose) is 0.
    """
    p = params or IngestParams()
    words = text.split()
    if len(words) < p.link_share_min_words:
        return 0.0  # too short to judge
    if len(_SENTENCE_END.findall(text)) * p.link_share_prose_words >= len(words):
        return 0.0  # prose: not parsed
    parser = _LinkWords()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser rarely fails; a page it cannot walk is judged by the extractor alone
        return 0.0
    left, in_links = parser.words, 0
    for word in words:
        if left[word] > 0:
            left[word] -= 1
            in_links += 1
    return in_links / len(words)


class TextReader:
    name = "text"

    def accepts(self, source: Source) -> bool:
        return True  # the fallback: anything that decodes as text

    def read(self, source: Source, settings: Settings, columns: Mapping[str, str]) -> Iterator[Item]:
        params = IngestParams.from_settings(settings)
        text, _, replaced = decode_bytes(source.data, source.name, declared=source.charset, params=params)
        yield Article(
            id=article_id(source.name, text),
            source=source.name,
            raw=text,
            title=title_from_text(text, params),
            url=source.url,
            outlet=registered_domain(source.url),
        )
        if replaced:
            yield replaced_bytes_note(source.name, replaced)


# -- corpora: JSON, JSONL, CSV/TSV, Parquet --------------------------------------------------

#: Column names recognised for each article field, in order of preference.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "articleBody", "article_body", "content", "maintext", "article", "full_text"),
    "title": ("title", "headline", "articleHeadline", "name"),
    "url": ("url", "link", "uri", "source_url"),
    "date": ("date", "published", "date_publish", "publish_date", "pubdate", "datePublished", "timestamp"),
    "outlet": ("outlet", "source", "site", "sitename", "publisher", "domain", "media"),
    "author": ("author", "authors", "byline"),
    "id": ("id", "article_id", "Body ID", "doc_id"),
    "html": ("html", "raw_html"),
}


def _pick(record: Mapping[str, Any], field: str, columns: Mapping[str, str]) -> Any:
    if field in columns:
        return record.get(columns[field])
    for alias in COLUMN_ALIASES[field]:
        if record.get(alias) not in (None, ""):
            return record[alias]
    return None


def record_to_article(
    record: Mapping[str, Any], where: str, columns: Mapping[str, str], params: IngestParams | None = None
) -> Item:
    """One corpus row → an Article (or a Failure naming the row and the missing column)."""
    text = _pick(record, "text", columns)
    url = _pick(record, "url", columns)
    url = str(url) if url else None
    title, published, outlet = (
        _pick(record, "title", columns),
        _pick(record, "date", columns),
        _pick(record, "outlet", columns),
    )
    content_type = "text/plain"
    if not text:
        html = _pick(record, "html", columns)
        if html:
            try:
                extracted = extract_html(str(html), where, url=url, params=params)
            except InputError as exc:
                return failure(where, str(exc.args[0]), exc.code)
            text, content_type = extracted.text, "text/html"
            title = title or extracted.title
            published = published or extracted.date
            outlet = outlet or extracted.sitename
    if not text or not str(text).strip():
        wanted = columns.get("text") or "/".join(COLUMN_ALIASES["text"][:4])
        return failure(where, f"{where}: no article text (column {wanted}); map it with --column text=NAME", "E106")
    text = str(text)
    author = _pick(record, "author", columns)
    if isinstance(author, list):
        author = ", ".join(str(a) for a in author)
    given_id = _pick(record, "id", columns)
    return Article(
        id=article_id(where if given_id is None else f"{where.rsplit(':', 1)[0]}#{given_id}", text),
        source=where,
        raw=text,
        content_type=content_type,
        outlet=str(outlet) if outlet else registered_domain(url),
        url=url,
        title=str(title) if title else None,
        author=str(author) if author else None,
        published=iso_date(published),
    )


class TabularReader:
    """JSON (one object or a list), JSON Lines, CSV/TSV and Parquet corpora: one article per record."""

    name = "tabular"
    suffixes = frozenset({".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet"})

    def accepts(self, source: Source) -> bool:
        return source.suffix in self.suffixes

    def read(self, source: Source, settings: Settings, columns: Mapping[str, str]) -> Iterator[Item]:
        # Records without text are held back (as numbers) until one record has text: a file where
        # none has any lacks a text column, which is one Failure for the file, not one per row.
        textless: list[int] = []
        fields: list[str] = []
        has_text = False
        params = IngestParams.from_settings(settings)
        text = None
        replaced = _Counter()
        if source.path is not None:
            records = self._streamed(source, source.path, replaced)
        else:
            if source.suffix != ".parquet":
                text, _, replaced.n = decode_bytes(source.data, source.name, declared=source.charset, params=params)
            records = self._records(source, text)
        for index, record in records:
            where = f"{source.name}:{index}"
            if isinstance(record, _BadRecord):
                yield failure(where, f"{where}: {record.why}; fix or remove the line", "E107")
                continue
            if not isinstance(record, Mapping):
                yield failure(where, f"{where}: a record must be an object", "E107")
                continue
            item = record_to_article(record, where, columns, params)
            if not has_text and isinstance(item, Failure) and item.code == "E106":
                textless.append(index)
                fields = fields or [str(k) for k in record]
                continue
            if not has_text and isinstance(item, Article):
                has_text = True
                for n in textless:
                    yield record_to_article({}, f"{source.name}:{n}", columns)
                textless.clear()
            yield item
        if replaced.n:
            yield replaced_bytes_note(source.name, replaced.n)
        if textless:
            wanted = f"no column {columns['text']!r}" if "text" in columns else "no text column"
            shown = ", ".join(fields[:12]) + (", ..." if len(fields) > 12 else "")
            yield failure(
                source.name,
                f"{source.name}: {wanted} in any of its {len(textless)} record(s) (it has: {shown or 'no columns'}); "
                "map the one holding the article with --column text=NAME",
                "E106",
            )

    def _records(self, source: Source, text: str | None) -> Iterator[tuple[int, Any]]:
        if text is None:
            yield from self._parquet(source)
            return
        if source.suffix in {".jsonl", ".ndjson"}:
            for n, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    yield n, json.loads(line)
                except json.JSONDecodeError as exc:
                    yield n, _BadRecord(f"not valid JSON ({exc.msg})")
        elif source.suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputError(
                    f"{source.name}: not valid JSON ({exc.msg} at line {exc.lineno})", code="E107"
                ) from None
            records = data if isinstance(data, list) else data.get("articles", [data]) if isinstance(data, dict) else []
            yield from enumerate(records, start=1)
        else:
            dialect = "excel-tab" if source.suffix == ".tsv" else "excel"
            csv.field_size_limit(1 << 30)
            reader = csv.DictReader(io.StringIO(text), dialect=dialect)
            for n, row in enumerate(reader, start=2):
                yield n, row

    def _streamed(self, source: Source, path: Path, replaced: _Counter) -> Iterator[tuple[int, Any]]:
        """Records read from disk one at a time (JSON Lines, CSV/TSV, Parquet; gzip-compressed too)."""
        if source.suffix == ".parquet":
            yield from self._parquet(source, path)
            return
        try:
            yield from self._streamed_records(source, path, replaced)
        except (EOFError, zlib.error, gzip.BadGzipFile):
            raise InputError(
                f"{source.name}: a damaged or truncated gzip file; the records before the damage were read", code="E112"
            ) from None
        except OSError as exc:
            raise InputError(f"{source.name}: stopped being readable ({exc.strerror or exc})", code="E111") from None

    def _streamed_records(self, source: Source, path: Path, replaced: _Counter) -> Iterator[tuple[int, Any]]:
        with _opened(path) as raw:
            head = raw.read(1 << 16)
        why = sniff_binary(head[:8192])
        if why and not (source.suffix in {".csv", ".tsv"} and b"\x00" not in head[:8192]):
            raise InputError(f"{source.name}: a binary file ({why}), not a {source.suffix} corpus", code="E102")
        # JSON Lines is UTF-8 by definition; a spreadsheet export may be in a legacy code page.
        encoding = "utf-8"
        if source.suffix in {".csv", ".tsv"}:
            whole_lines = head[: head.rfind(b"\n") + 1] or head
            encoding = decode_bytes(whole_lines, source.name, declared=source.charset).encoding
        with _opened(path) as raw:
            if encoding.replace("_", "-").lower() not in {"utf-8", "ascii"}:
                dialect = "excel-tab" if source.suffix == ".tsv" else "excel"
                csv.field_size_limit(1 << 30)
                decoded = io.TextIOWrapper(cast(Any, raw), encoding=encoding, errors="replace", newline="")
                for n, row in enumerate(csv.DictReader(decoded, dialect=dialect), start=2):
                    yield n, row
            elif source.suffix in {".jsonl", ".ndjson"}:
                for n, line in enumerate(raw, start=1):
                    text = _utf8_line(line, replaced)
                    if not text.strip():
                        continue
                    try:
                        yield n, json.loads(text)
                    except json.JSONDecodeError as exc:
                        yield n, _BadRecord(f"not valid JSON ({exc.msg})")
            else:
                dialect = "excel-tab" if source.suffix == ".tsv" else "excel"
                csv.field_size_limit(1 << 30)
                lines = (_utf8_line(line, replaced) for line in raw)
                for n, row in enumerate(csv.DictReader(lines, dialect=dialect), start=2):
                    yield n, row

    def _parquet(self, source: Source, path: Path | None = None) -> Iterator[tuple[int, Any]]:
        import pyarrow.parquet as pq

        try:
            table = pq.ParquetFile(path if path is not None else io.BytesIO(source.data))
        except Exception as exc:
            raise InputError(f"{source.name}: not a readable Parquet file ({exc})", code="E107") from None
        n = 0
        for batch in table.iter_batches(batch_size=512):
            for row in batch.to_pylist():
                n += 1
                yield n, row


class _Counter:
    """How many bytes of a streamed corpus were not valid UTF-8 (read as U+FFFD)."""

    n = 0


@contextmanager
def _opened(path: Path) -> Iterator[io.BufferedIOBase]:
    """The file's bytes, decompressed if its name ends in ``.gz``."""
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as unzipped:
            yield unzipped
    else:
        with path.open("rb") as plain:
            yield plain


def _utf8_line(line: bytes, replaced: _Counter) -> str:
    """A line of a corpus as UTF-8 (JSON Lines must be UTF-8), its bad bytes replaced and counted."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        text = line.decode("utf-8", errors="replace")
        replaced.n += text.count("\ufffd") - line.count("\ufffd".encode())
        return text


class _BadRecord(dict[str, Any]):
    """Stands in for a line that is not JSON so the reader reports it and goes on."""

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why


def non_english_message(text: str, params: IngestParams | None = None) -> str | None:
    """A reason to believe ``text`` is not English, or None.

    English running text is about 40-50 % function words; below 12 % (``ingest.language_min_function_share``)
    over enough words (``ingest.language_min_words`` in the first ``ingest.language_sample_chars``
    characters) it is almost certainly another language (or not prose at all).
    """
    p = params or IngestParams()
    words = re.findall(r"[^\W\d_]+", text[: p.language_sample_chars].lower())
    if len(words) < p.language_min_words:
        return None
    share = sum(1 for w in words if w in ENGLISH_FUNCTION_WORDS) / len(words)
    if share < p.language_min_function_share:
        return f"does not look like English ({share:.0%} English function words)"
    return None
