"""Build the one Report object every renderer, the store and the web UI read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from newstrace.model import Report
from newstrace.pipeline import Corpus
from newstrace.settings import Settings

#: Version of report.json. Extend the contract freely; bump this only on a breaking change.
REPORT_VERSION = 1


def build_report(
    corpus: Corpus,
    settings: Settings,
    *,
    created: str | None = None,
    omitted_failures: Mapping[str, int] | None = None,
) -> Report:
    stamp = created or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    failures = list(corpus.failures)
    for doc in corpus.documents:
        failures.extend(doc.failures)
    flat = sorted((k, repr(v)) for k, v in settings.flat().items())
    return Report(
        version=REPORT_VERSION,
        created=stamp,
        documents=corpus.documents,
        stories=corpus.stories,
        failures=tuple(failures),
        settings=tuple(flat),
        omitted_failures=tuple(sorted((omitted_failures or {}).items())),
    )
