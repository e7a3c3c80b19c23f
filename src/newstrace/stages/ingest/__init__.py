"""Ingest: turn what people hold (files, folders, stdin, corpora, pages) into Articles.

``read_inputs`` streams ``Article``s and ``Failure``s: an input that cannot be used becomes
one Failure with a one-line message naming it and saying what to do, and the rest of the
batch goes on. Nothing the user gave is dropped without such a record.

Most inputs are loaded whole (up to ``ingest.max_bytes``) and read by a ``Reader``; WARC/ARC
crawls are streamed record by record by ``WarcReader`` (see ``newstrace.stages.ingest._warc``).
"""

from __future__ import annotations

import gzip
import os
import stat
import sys
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from newstrace.errors import ConfigError
from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest._budget import FetchBudget
from newstrace.stages.ingest._read import READERS, read_source
from newstrace.stages.ingest._readers import COLUMN_ALIASES
from newstrace.stages.ingest._source import STREAMED_SUFFIXES, IngestParams, Reader, Source, failure, shown, size_text
from newstrace.stages.ingest._warc import WarcReader, is_warc
from newstrace.text import lexicons

__all__ = ["READERS", "IngestParams", "Reader", "Source", "WarcReader", "read_inputs", "read_source"]

_WARC = WarcReader()

#: Endings of file names skipped when walking a folder (editor backups, OS litter); hidden files are skipped too.
_SKIP = lexicons.lines("stages/ingest/lexicons/skipped_file_endings.txt")


def _not_regular(path: Path, mode: int) -> Failure | None:
    """A failure for a path that is not a regular file (reading a FIFO would wait forever)."""
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"))
    what = next((name for test, name in kinds if test(mode)), None)
    what = what or ("a block device" if stat.S_ISBLK(mode) else None)
    if what is None:
        return None
    name = shown(path)
    return failure(name, f"{name}: {what}, not a file; save its content to a file and pass that", "E116")


def _files(folder: Path) -> Iterator[Path | Failure]:
    """The regular files under ``folder`` (sorted), and a Failure for every entry that cannot be read:
    an unreadable subfolder, a FIFO, a socket or a device. Hidden files and OS litter are skipped."""
    problems: list[Failure] = []

    def unreadable(exc: OSError) -> None:
        where = shown(exc.filename or folder)
        problems.append(
            failure(where, f"{where}: the folder cannot be read ({exc.strerror}); check its permissions", "E111")
        )

    found: list[tuple[str, Path | Failure]] = []
    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith(".") or name.endswith(_SKIP):
                continue
            path = Path(root) / name
            try:
                mode = path.stat().st_mode
            except OSError as exc:
                found.append(
                    (str(path), failure(shown(path), f"{shown(path)}: cannot be read ({exc.strerror})", "E111"))
                )
                continue
            odd = _not_regular(path, mode)
            found.append((str(path), odd if odd is not None else path))
    yield from problems
    for _, item in sorted(found, key=lambda x: x[0]):
        yield item


def _load_file(path: Path, max_bytes: int) -> Source | Failure:
    name = shown(path)
    if Source(name=name, data=b"").suffix in STREAMED_SUFFIXES:
        return _streamed_file(path, name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return failure(
                name,
                f"{name}: {size_text(size)} is over the {size_text(max_bytes)} limit; "
                "raise it with --set ingest.max_bytes=N if it really is one article",
                "E110",
            )
        data = path.read_bytes()
    except PermissionError:
        return failure(name, f"{name}: permission denied; check the file's permissions", "E111")
    except OSError as exc:
        return failure(name, f"{name}: cannot be read ({exc.strerror}); check the path", "E111")
    if name.lower().endswith(".gz") and not name.lower().endswith((".warc.gz", ".arc.gz")):
        try:
            data = _gunzip(data, max_bytes)
        except (OSError, EOFError, zlib.error):
            return failure(name, f"{name}: a damaged or truncated gzip file; re-download or re-compress it", "E112")
        except ValueError as exc:
            return failure(name, f"{name}: {exc}", "E110")
    return Source(name=name, data=data)


def _streamed_file(path: Path, name: str) -> Source | Failure:
    """A corpus file to be read record by record (no size limit; each record's text is limited)."""
    try:
        with path.open("rb") as handle:
            first = handle.read(1)
    except PermissionError:
        return failure(name, f"{name}: permission denied; check the file's permissions", "E111")
    except OSError as exc:
        return failure(name, f"{name}: cannot be read ({exc.strerror}); check the path", "E111")
    if not first:
        return failure(name, f"{name}: the input is empty; nothing to analyse", "E101")
    return Source(name=name, data=b"", path=path)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    with gzip.GzipFile(fileobj=__import__("io").BytesIO(data)) as handle:
        out = handle.read(max_bytes + 1)
    if len(out) > max_bytes:
        raise ValueError(f"over the {size_text(max_bytes)} limit once decompressed")
    return out


def _stdin(max_bytes: int) -> Source | Failure:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        return failure("<stdin>", f"<stdin>: over the {size_text(max_bytes)} limit", "E110")
    return Source(name="<stdin>", data=data)


def _sources(inputs: Sequence[str], settings: Settings) -> Iterator[Source | Failure | tuple[str, str]]:
    """Each input as loaded bytes, a Failure, or a ``(kind, where)`` pair read as a stream: url, warc."""
    max_bytes: int = settings.get("ingest.max_bytes")
    for given in inputs:
        if given == "-":
            yield _stdin(max_bytes)
            continue
        if "://" in given:
            yield ("url", given)
            continue
        path = Path(given).expanduser()
        given = shown(given)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            yield failure(given, f"{given}: no such file or folder; check the path", "E114")
            continue
        except OSError as exc:
            yield failure(given, f"{given}: cannot be read ({exc.strerror}); check the path", "E111")
            continue
        if stat.S_ISDIR(mode):
            files = list(_files(path))
            if not files:
                yield failure(given, f"{given}: the folder holds no files", "E113")
            for file in files:
                if isinstance(file, Failure):
                    yield file
                else:
                    yield ("warc", str(file)) if is_warc(file.name) else _load_file(file, max_bytes)
        elif (odd := _not_regular(path, mode)) is not None:
            yield odd
        else:
            yield ("warc", str(path)) if is_warc(path.name) else _load_file(path, max_bytes)


def read_inputs(
    inputs: Sequence[str], settings: Settings, *, columns: Mapping[str, str] | None = None
) -> Iterator[Article | Failure]:
    """Stream the Articles in ``inputs`` (paths, folders, ``-``), each unusable one as a Failure.

    ``columns`` maps article fields to a corpus's column names (``{"text": "body"}``); an
    unknown field is a ConfigError, raised before anything is read.
    """
    columns = dict(columns or {})
    unknown = sorted(set(columns) - set(COLUMN_ALIASES))
    if unknown:
        raise ConfigError(
            f"--column {unknown[0]}={columns[unknown[0]]}: {unknown[0]!r} is not an article field; "
            f"use FIELD=COLUMN with FIELD one of {', '.join(COLUMN_ALIASES)} (e.g. --column text=body)"
        )
    budget = FetchBudget(float(settings.get("ingest.fetch.run_budget")), "the run", "ingest.fetch.run_budget")
    for item in _sources(inputs, settings):
        if isinstance(item, Failure):
            yield item
        elif isinstance(item, tuple):
            kind, where = item
            if kind == "warc":
                yield from _WARC.read_path(Path(where), settings)
            else:
                yield from _read_url(where, settings, columns, budget)
        else:
            yield from read_source(replace(item, budget=budget), settings, columns)


def _read_url(
    url: str, settings: Settings, columns: Mapping[str, str], budget: FetchBudget
) -> Iterator[Article | Failure]:
    try:
        from newstrace.stages.ingest._fetch import fetch_url
    except ImportError:
        yield failure(
            url, f"{url}: fetching URLs is not available in this build; save the page and pass the file", "E115"
        )
        return
    fetched = fetch_url(url, settings, budget)
    if isinstance(fetched, Failure):
        yield fetched
    else:
        yield from read_source(replace(fetched, budget=budget), settings, columns)
