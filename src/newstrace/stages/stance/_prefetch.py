"""The stance stage's texts embedded ahead of its per-article work, in a few large calls.

Article by article, the sentence encoder gets one article's claims, sentences and quotes at a time:
a few dozen texts, so its batches of texts of similar length are small and many. Embedded together
first, the texts of the whole stage fill long batches; with several workers each process embeds one
share (:meth:`~newstrace.pipeline.Stage.map`), and the vectors join the parent's cache, where the
per-article work then finds them. The texts are the same ones the articles would have embedded;
only how they are batched changes, which moves a vector by float rounding (below 3e-7).

A large corpus goes in blocks of articles of at most :data:`BLOCK_TEXTS` texts, so that a block's
vectors stay in the cache (:data:`~newstrace.text.embeddings.cache.DEFAULT_SIZE` texts) until its
articles have read them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence

from newstrace.model import Document
from newstrace.pipeline import RunContext, Stage
from newstrace.text.embeddings import Embedder

log = logging.getLogger(__name__)

#: Texts (counted per article, repeats included) of the articles whose texts are embedded together.
BLOCK_TEXTS = 5_000


def blocks(docs: Sequence[Document], texts_of: Callable[[Document], Sequence[str]]) -> Iterator[list[Document]]:
    """``docs`` in order, cut into runs of articles whose texts add up to at most :data:`BLOCK_TEXTS`
    (an article with more goes alone)."""
    block: list[Document] = []
    count = 0
    for doc in docs:
        n = len(texts_of(doc))
        if block and count + n > BLOCK_TEXTS:
            yield block
            block, count = [], 0
        block.append(doc)
        count += n
    if block:
        yield block


def shares(texts: Sequence[str], n: int) -> list[list[str]]:
    """The distinct ``texts`` dealt into ``n`` shares of like lengths (longest first, in turn)."""
    distinct = sorted(set(texts), key=lambda t: (-len(t), t))
    return [part for part in (distinct[i::n] for i in range(max(1, n))) if part]


def embed_ahead(stage: Stage, ctx: RunContext, embedder: Embedder, texts: Sequence[str]) -> None:
    """Embed ``texts`` into ``embedder``'s cache, one share per worker.

    Only a speed-up: if it fails, each article embeds its own texts as before (and fails alone if it must).
    """

    def embed(part: list[str]) -> int:
        embedder.encode(part)
        return len(part)  # the vectors come back through the cache's journal, not as the result

    try:
        stage.map(shares(texts, ctx.workers), ctx, embed)
    except Exception:
        log.warning("%s: embedding the texts ahead failed; each article embeds its own", stage.name, exc_info=True)
