"""What every reader shares: a loaded input (``Source``), what reading yields (``Item``), the
``Reader`` interface and the one-line ``failure`` record."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest._budget import FetchBudget


@dataclass(frozen=True)
class Source:
    """One input as bytes, with what its container says about it."""

    name: str  # a path, a URL, "<stdin>"
    data: bytes
    url: str | None = None
    content_type: str | None = None  # e.g. from an HTTP header
    charset: str | None = None
    #: A corpus file read record by record from disk instead of ``data`` (JSON Lines, CSV/TSV, Parquet):
    #: a corpus of millions of articles is never held in memory whole.
    path: Path | None = None
    #: The run's time budget for fetching, which pages fetched on this input's behalf (a feed's items)
    #: draw on too.
    budget: FetchBudget | None = None

    @property
    def suffix(self) -> str:
        """The file ending of the address it came from, else of its name (``.gz`` looked through)."""
        name = (self.url or self.name).lower().split("?", 1)[0].split("#", 1)[0]
        if name.endswith(".gz"):
            name = name[:-3]
        return Path(name).suffix


Item = Article | Failure

#: Corpus formats read record by record (their size is not limited, each record's text is).
STREAMED_SUFFIXES = frozenset({".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"})


@dataclass(frozen=True, slots=True)
class IngestParams:
    """The numbers of the checks and heuristics every reader applies; each is the ``[ingest]`` setting
    of the same name (defaults.toml says what it does). The size limits and the feed settings are
    read where they apply."""

    language_sample_chars: int = 20_000
    language_min_words: int = 40
    language_min_function_share: float = 0.12
    link_share_max: float = 0.8
    link_share_min_words: int = 12
    link_share_prose_words: int = 100
    precise_share_min: float = 0.6
    title_max_chars: int = 150
    title_min_words: int = 3
    sitename_max_chars: int = 80
    binary_control_share: float = 0.05

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestParams:
        """Every field from the setting of the same name in ``[ingest]``."""
        defaults = cls()
        return cls(
            **{
                f.name: type(getattr(defaults, f.name))(settings.get(f"ingest.{f.name}"))
                for f in dataclasses.fields(cls)
            }
        )


class Reader(Protocol):
    name: str

    def accepts(self, source: Source) -> bool: ...

    def read(self, source: Source, settings: Settings, columns: Mapping[str, str]) -> Iterator[Item]: ...


def shown(path: Path | str) -> str:
    """A path as text that can be printed and written as JSON: bytes of a file name that are not
    valid UTF-8 (kept by Python as lone surrogates) become U+FFFD."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def failure(source: str, message: str, code: str = "E100") -> Failure:
    return Failure(source=source, stage="ingest", message=message, code=code, fatal=True)


def note(source: str, message: str, code: str) -> Failure:
    """A problem the input survived (it is still read): recorded and reported, not skipped."""
    return Failure(source=source, stage="ingest", message=message, code=code)


def replaced_bytes_note(source: str, replaced: int) -> Failure:
    return note(
        source,
        f"{source}: {replaced} byte(s) were not valid UTF-8 and were read as �; the rest was read as UTF-8",
        "E136",
    )


def size_text(n: float) -> str:
    """A byte count for people: ``20 MB``, ``1.5 GB``, ``30 kB``, ``512 bytes``."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value >= 10 or value == int(value) else f"{value:.1f} {unit}"
    return f"{int(n)} bytes"


#: ``read_source``'s signature, for readers that hand parts of their input back to it (feeds).
ReadSource = Callable[..., Iterator[Item]]
