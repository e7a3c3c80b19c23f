"""WARC and ARC crawls, read record by record from an open stream.

A crawl does not fit the ``Reader`` interface: a ``Reader`` reads a ``Source``, which holds
one whole input in memory, and a crawl can be 10 GB. So crawls take their own path:

- ``is_warc(name)`` says whether a path names a crawl (``.warc``, ``.warc.gz``, ``.arc``,
  ``.arc.gz``). ``read_inputs`` hands such paths to ``WarcReader.read_path`` instead of
  loading them; the whole-file ``ingest.max_bytes`` limit does not apply to them.
- ``WarcReader.read_stream`` iterates the records of an open binary stream with warcio, one
  at a time. Gzip (one member per record, or one for the whole file) is undone by Python's
  streaming ``gzip`` reader, which also says when a file was cut short.
- Each HTTP ``response`` record (ARC records are converted to the same shape) with status
  200 and an HTML content type (or no content type and an HTML body) becomes one ``Source``
  of at most ``ingest.max_bytes`` bytes, with the HTTP charset, read by ``HtmlReader``
  through ``read_source``: the same extraction and the same checks (too short, not English,
  binary) as a saved page.
- ``Article.url`` is the record's WARC-Target-URI and ``source`` names the file, the record
  number and the URI (``crawl.warc.gz#17 https://...``); ``outlet`` is the site's name or its
  registered domain; ``published`` is the page's own date, else the capture date (WARC-Date).
- Everything else — requests, metadata, warcinfo, revisits, dns, images and other non-HTML
  responses, responses other than 200 — is skipped and counted in ``WarcCounts``; one summary
  line per file is logged at INFO. Repeat captures of a page are read like any other record
  (each names its record) and collapsed later by the dedupe stage, which records them.

Errors, as one Failure each (the rest of the crawl goes on unless the file itself breaks):
E130 the file cannot be opened; E131 a record over ``ingest.max_bytes``; E132 the file breaks
off or is damaged (the articles before the break are kept); E133 not a WARC or ARC file;
E134 a record's body cannot be decoded (Content-Encoding); E135 no HTML page in the file.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest._html import looks_like_html
from newstrace.stages.ingest._read import read_source
from newstrace.stages.ingest._readers import HtmlReader
from newstrace.stages.ingest._source import Item, Source, failure, shown, size_text
from newstrace.text.isodate import iso_date

log = logging.getLogger(__name__)

_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/xhtml"})
_GZIP_MAGIC = b"\x1f\x8b"
#: How an ARC file starts: its version block, or (headerless) a record line with a URL.
_ARC_STARTS = (b"filedesc://", b"http://", b"https://", b"dns:", b"ftp://")
_HTML = HtmlReader()


def is_warc(name: str) -> bool:
    """Whether a file name names a WARC or ARC crawl (plain or gzipped)."""
    return name.lower().endswith(_SUFFIXES)


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


@dataclass
class WarcCounts:
    """What one crawl held: records seen, articles and problems yielded, records skipped by kind."""

    records: int = 0
    articles: int = 0
    problems: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def kinds(self, limit: int | None = None) -> str:
        """The skipped records by kind, commonest first: ``3 request, 2 image/png``."""
        ranked = sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return ", ".join(f"{n} {kind}" for kind, n in ranked)

    def summary(self, name: str) -> str:
        skipped = sum(self.skipped.values())
        line = f"{name}: {self.records} record(s): {self.articles} article(s), {self.problems} problem(s)"
        return line + (f", {skipped} skipped as not HTML pages ({self.kinds()})" if skipped else "")


class _Broken(Exception):
    """The stream broke inside a record: the file is cut short or damaged there."""


class _Rewound:
    """A stream with the bytes already read from its start put back in front."""

    def __init__(self, head: bytes, stream: _Readable) -> None:
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if not self._head:
            return self._stream.read(size)
        if size is None or size < 0:
            data, self._head = self._head + self._stream.read(), b""
            return data
        data, self._head = self._head[:size], self._head[size:]
        if len(data) < size:
            data += self._stream.read(size - len(data))
        return data


class _Gunzipped:
    """A gzip stream whose end-of-file in mid-member is an error, not a quiet end.

    warcio takes an EOFError while it reads a record header for the end of the crawl, so a
    file cut short would look complete; it gets ``_Broken`` instead.
    """

    def __init__(self, stream: gzip.GzipFile) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        try:  # read1: what is decoded so far comes out before a break is raised
            return self._stream.read1(size) if size and size > 0 else self._stream.read()
        except EOFError:
            raise _Broken("the compressed data ends in the middle of a record") from None
        except (OSError, zlib.error) as exc:
            raise _Broken(f"damaged compressed data: {exc}") from None

    def tell(self) -> int:
        return self._stream.tell()


class WarcReader:
    """Reads the HTML pages of a WARC/ARC crawl, streaming; see the module docstring."""

    name = "warc"

    def accepts_path(self, name: str) -> bool:
        return is_warc(name)

    def read_path(self, path: Path, settings: Settings, counts: WarcCounts | None = None) -> Iterator[Item]:
        """Open ``path`` and stream its articles (the file is never read whole)."""
        name = shown(path)
        try:
            handle = path.open("rb")
        except PermissionError:
            yield failure(name, f"{name}: permission denied; check the file's permissions", "E130")
            return
        except OSError as exc:
            yield failure(name, f"{name}: cannot be opened ({exc.strerror}); check the path", "E130")
            return
        with handle:
            yield from self.read_stream(handle, name, settings, counts)

    def read_stream(
        self, stream: _Readable, name: str, settings: Settings, counts: WarcCounts | None = None
    ) -> Iterator[Item]:
        """Stream the articles of the crawl in ``stream`` (a binary file object), named ``name``."""
        from warcio.archiveiterator import ArchiveIterator

        counts = counts if counts is not None else WarcCounts()
        try:
            head = stream.read(2)
            source: Any = _Rewound(head, stream)
            if head == _GZIP_MAGIC:
                source = _Gunzipped(gzip.GzipFile(fileobj=source, mode="rb"))
            first = source.read(64)
            records = ArchiveIterator(_Rewound(first, source), arc2warc=True)
            if first.startswith(b"WARC/"):  # a WARC holds no ARC records: junk is not read as one
                records.known_format = "warc"
            elif first.strip() and not first.lower().startswith(_ARC_STARTS):
                shown = first[:24].decode("utf-8", "replace").split("\n")[0]
                yield self._broken(name, counts, ValueError(f"it starts with {shown!r}"))
                return
        except OSError as exc:
            yield failure(name, f"{name}: cannot be read ({exc}); check the file", "E130")
            return
        except _Broken as exc:
            yield self._broken(name, counts, exc)
            return
        max_bytes: int = settings.get("ingest.max_bytes")
        iterator = iter(records)
        while True:
            try:
                with contextlib.redirect_stderr(io.StringIO()) as noise:  # warcio prints its warnings
                    record = next(iterator)
            except StopIteration:
                break
            except Exception as exc:  # warcio, gzip and zlib raise many kinds on a damaged file
                yield self._broken(name, counts, exc)
                break
            finally:
                if noise.getvalue().strip():
                    log.warning("%s: %s", name, " ".join(noise.getvalue().split()))
            counts.records += 1
            where = f"{name}#{counts.records}"
            try:
                taken = self._take(record, records, where, max_bytes)
            except (_Broken, EOFError, OSError, zlib.error) as exc:
                yield self._broken(name, counts, exc, inside=True)
                break
            if isinstance(taken, str):
                counts.skipped[taken] += 1
            elif isinstance(taken, Failure):
                counts.problems += 1
                yield taken
            else:
                for item in read_source(taken, settings, {}, reader=_HTML):
                    if isinstance(item, Article):
                        counts.articles += 1
                        yield self._dated(item, record, taken.url)
                    else:
                        counts.problems += 1
                        yield item
        if counts.records and not counts.articles and not counts.problems:
            yield failure(
                name,
                f"{name}: no HTML page with status 200 among its {counts.records} record(s) "
                f"({counts.kinds(3)}); nothing to analyse in it",
                "E135",
            )
        elif not counts.records and not counts.problems:
            yield failure(name, f"{name}: the crawl holds no records; nothing to analyse", "E135")
        log.info("%s", counts.summary(name))

    def _take(self, record: Any, records: Any, where: str, max_bytes: int) -> str | Failure | Source:
        """One record → a skip reason, a Failure, or the page as a Source for HtmlReader."""
        uri: str | None = record.rec_headers.get_header("WARC-Target-URI")
        label = f"{where} {uri}" if uri else where
        if record.rec_type != "response":
            return str(record.rec_type)
        http = record.http_headers
        if http is None:
            scheme = (uri or "").split(":", 1)[0]
            return f"{scheme} response" if scheme and scheme not in {"http", "https"} else "non-HTTP response"
        status = http.get_statuscode()
        if status != "200":
            return f"status {status}"
        content_type = http.get_header("Content-Type") or ""
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime and mime not in _HTML_TYPES:
            return mime
        encoding = (http.get_header("Content-Encoding") or "").strip().lower()
        try:
            body = record.content_stream().read(max_bytes + 1)
        except (zlib.error, ValueError) as exc:
            return failure(
                label,
                f"{label}: the body cannot be decoded (Content-Encoding {encoding or 'none'}: {exc}); "
                "the capture is damaged",
                "E134",
            )
        except Exception as exc:  # warcio's decoders raise their own kinds for bad chunking
            if _is_stream_error(exc):
                raise
            return failure(label, f"{label}: the body cannot be decoded ({type(exc).__name__}); skipped", "E134")
        records.read_to_end()  # the rest of an over-long record is read through and dropped
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise _Broken(f"record #{where.rsplit('#', 1)[1]} ends early")
        if len(body) > max_bytes:
            return failure(
                label,
                f"{label}: the page is over the {size_text(max_bytes)} limit; "
                "raise it with --set ingest.max_bytes=N if it really is one article",
                "E131",
            )
        if encoding and encoding != "identity":
            from warcio.bufferedreaders import BufferedReader

            if encoding not in BufferedReader.get_supported_decompressors():
                return failure(
                    label,
                    f"{label}: the body is compressed with {encoding}, which cannot be decoded here "
                    "(pip install brotli for br); skipped",
                    "E134",
                )
            if not body.strip():
                return failure(
                    label, f"{label}: the {encoding}-compressed body cannot be decoded; the capture is damaged", "E134"
                )
        if not mime and not looks_like_html(body[:4096]):
            return "untyped non-HTML response"
        charset = _charset(content_type)
        return Source(name=label, data=body, url=uri, content_type=mime or "text/html", charset=charset)

    @staticmethod
    def _dated(article: Article, record: Any, uri: str | None) -> Article:
        """The record's URI as the url; the capture date when the page gives none."""
        published = article.published or iso_date(record.rec_headers.get_header("WARC-Date"))
        return replace(article, url=uri or article.url, published=published)

    @staticmethod
    def _broken(name: str, counts: WarcCounts, exc: BaseException, *, inside: bool = False) -> Failure:
        counts.problems += 1
        why = " ".join(str(exc).split()) or type(exc).__name__
        if not counts.records and not inside:
            return failure(
                name,
                f"{name}: not a WARC or ARC file ({why[:120]}); check the file, or rename it if it is something else",
                "E133",
            )
        at = counts.records if inside else counts.records + 1
        return failure(
            name,
            f"{name}: the file breaks off or is damaged at record #{at} ({why[:120]}); "
            f"the {counts.articles} article(s) before it were read — re-download or re-copy the file for the rest",
            "E132",
        )


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'") or None
    return None


def _is_stream_error(exc: BaseException) -> bool:
    return isinstance(exc, EOFError | OSError | _Broken)


def read_warc(path: Path, settings: Settings, counts: WarcCounts | None = None) -> Iterator[Item]:
    """Stream the articles of the crawl at ``path`` (Failures for what cannot be used)."""
    return WarcReader().read_path(path, settings, counts)


__all__ = ["WarcCounts", "WarcReader", "is_warc", "read_warc"]
