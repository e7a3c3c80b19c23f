"""Reading one loaded input: pick the reader that accepts it, and check every article it yields.

Readers are tried in ``READERS`` order; the first that accepts a source reads it. A new format
is a new Reader added to the list. Every Article passes the same checks (too short, too long,
not English) whichever reader made it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from newstrace.errors import InputError
from newstrace.model import Article
from newstrace.settings import Settings
from newstrace.stages.ingest._feeds import FeedReader
from newstrace.stages.ingest._readers import HtmlReader, TabularReader, TextReader, non_english_message
from newstrace.stages.ingest._source import IngestParams, Item, Reader, Source, failure


def read_source(
    source: Source, settings: Settings, columns: Mapping[str, str], *, reader: Reader | None = None
) -> Iterator[Item]:
    """Read one source with ``reader`` (default: the first in READERS that accepts it).

    Every Article passes the same checks (too short, too long, not English); problems become
    Failures. Container readers (WARC records) pass ``reader`` to read a part as HTML.
    """
    if source.path is None and not source.data.strip():
        yield failure(source.name, f"{source.name}: the input is empty; nothing to analyse", "E101")
        return
    reader = reader or next(r for r in READERS if r.accepts(source))
    min_chars: int = settings.get("ingest.min_chars")
    max_chars: int = settings.get("ingest.max_text_chars")
    skip_foreign: bool = settings.get("ingest.skip_non_english")
    params = IngestParams.from_settings(settings)
    try:
        for item in reader.read(source, settings, columns):
            if isinstance(item, Article):
                if len(item.raw.strip()) < min_chars:
                    yield failure(
                        item.source,
                        f"{item.source}: only {len(item.raw.strip())} characters of text; too short to be an article",
                        "E108",
                    )
                    continue
                if len(item.raw) > max_chars:
                    yield failure(
                        item.source,
                        f"{item.source}: {len(item.raw):,} characters of text is far longer than a news article; "
                        "split it, or raise --set ingest.max_text_chars=N",
                        "E110",
                    )
                    continue
                why = non_english_message(item.raw, params) if skip_foreign else None
                if why:
                    yield failure(
                        item.source,
                        f"{item.source}: {why}; only English is analysed (--set ingest.skip_non_english=false to try)",
                        "E109",
                    )
                    continue
            yield item
    except InputError as exc:
        yield failure(source.name, str(exc.args[0]), exc.code)


READERS: list[Reader] = [TabularReader(), FeedReader(read_source), HtmlReader(), TextReader()]
