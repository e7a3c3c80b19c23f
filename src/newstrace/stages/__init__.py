"""The built-in pipeline stages, one package each, in the order of a default run.

``ingest`` turns the user's inputs into Articles; the registered stages then grow each
Document and the corpus's Stories:

clean → dedupe → annotate → attribution → entities → claims → genre → evidence →
stories (group) → claims (core) → stance → stories (compare) → evidence (summary)

Importing this package registers every built-in stage (see ``newstrace.pipeline.register``).
``docs/architecture.md`` is generated from the registry (``scripts/gen_docs.py``).
"""

from __future__ import annotations

from newstrace.stages import (
    annotate,
    attribution,
    claims,
    clean,
    dedupe,
    entities,
    evidence,
    genre,
    ingest,
    stance,
    stories,
)

__all__ = [
    "annotate",
    "attribution",
    "claims",
    "clean",
    "dedupe",
    "entities",
    "evidence",
    "genre",
    "ingest",
    "stance",
    "stories",
]
