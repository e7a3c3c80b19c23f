"""Which texts the stance stage embeds: the claims, the sentences and the quotes of speakers, nothing else."""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections.abc import Sequence

import numpy as np
import pytest

from newstrace.model import (
    Article,
    Assessment,
    Claim,
    Document,
    Quote,
    QuoteKind,
    Readings,
    Sentence,
    Speaker,
    SpeakerType,
)
from newstrace.pipeline import CorpusStage, RunContext
from newstrace.settings import Settings
from newstrace.stages.stance import _prefetch, document_stances, similarity_table, stance_texts
from newstrace.stages.stance._speakers import FEATURES, LEXICAL_FEATURES, RelatedModel, reads_embeddings
from newstrace.stages.stance._speakers import load as load_related
from newstrace.text.embeddings.cache import FloatMatrix, VectorCache

TEXT = 'Rain is falling. "The dam holds," Ana Ruiz said. "Trust us," a sign read. The dam is old.'


class RecordingEmbedder:
    """Each text a deterministic unit vector (by its length), and a record of what was asked for."""

    name = "recording"

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        out = np.array([[1.0, (len(t) % 7) / 7.0, (len(t) % 3) / 3.0] for t in texts], dtype=np.float32)
        return np.asarray(out / np.linalg.norm(out, axis=1, keepdims=True), dtype=np.float32)


def _quote(n: int, content: str, speaker: Speaker | None) -> Quote:
    start = TEXT.index(content)
    return Quote(f"q{n}", QuoteKind.DIRECT, content, start, start + len(content), speaker=speaker)


def _document() -> Document:
    bounds = [0, TEXT.index('"The'), TEXT.index('"Trust'), TEXT.index("The dam is"), len(TEXT)]
    sentences = tuple(Sentence(a, b) for a, b in itertools.pairwise(bounds))
    ruiz = Speaker("Ana Ruiz", "Ana Ruiz", SpeakerType.PERSON)
    quotes = (_quote(1, "The dam holds,", ruiz), _quote(2, "Trust us,", None))
    plain = Assessment(0.7, (), False, False, False, False)
    readings = Readings((plain, plain), tuple(plain for _ in sentences))
    return Document(
        article=Article("d1", "d1.txt", TEXT), text=TEXT, sentences=sentences, quotes=quotes, readings=readings
    )


CLAIMS = (Claim("c1", "The dam is safe"),)


def test_a_table_of_some_quotes_embeds_only_those_and_keeps_their_cosines() -> None:
    doc = _document()
    full = similarity_table(RecordingEmbedder(), doc, CLAIMS)
    recorder = RecordingEmbedder()
    some = similarity_table(recorder, doc, CLAIMS, [0])
    assert "Trust us," not in recorder.seen and "The dam holds," in recorder.seen
    assert some.quotes.shape == full.quotes.shape
    assert some.quotes[0].tolist() == full.quotes[0].tolist()
    assert some.quotes[1].tolist() == [0.0]
    assert np.array_equal(some.sentences, full.sentences)


#: Speaker relatedness models that read the quotes' embeddings (the shipped ones read lexical features only).
EMBEDDING_MODELS = {
    "semantic": RelatedModel(FEATURES, (1.0, 1.0, 1.0, 0.5), -2.0),
    "lexical": RelatedModel(LEXICAL_FEATURES, (3.0, 0.7), -1.5),
}


def test_the_stance_of_an_article_embeds_no_quote_without_a_speaker() -> None:
    recorder = RecordingEmbedder()
    stances = document_stances(_document(), CLAIMS, embedder=recorder, related=EMBEDDING_MODELS)
    assert "The dam holds," in recorder.seen  # Ana Ruiz's quote takes part in her vote
    assert "Trust us," not in recorder.seen  # no one's vote reads the sign's
    assert [s.holder for s in stances] == ["article", "Ana Ruiz"]


def test_no_quote_is_embedded_when_the_relatedness_model_reads_no_embedding() -> None:
    recorder = RecordingEmbedder()
    stances = document_stances(_document(), CLAIMS, embedder=recorder, related=load_related())
    assert not reads_embeddings(load_related())
    assert "The dam holds," not in recorder.seen and "Trust us," not in recorder.seen
    assert "The dam is old." in recorder.seen  # the sentences still are: the article model reads them
    assert [s.holder for s in stances] == ["article", "Ana Ruiz"]


class CachedRecorder:
    """:class:`RecordingEmbedder` behind a vector cache: ``embedded`` lists the texts the model itself saw,
    with the process that embedded them."""

    name = "cached"

    def __init__(self) -> None:
        self.model = RecordingEmbedder()
        self.cache = VectorCache(1_000)
        self.embedded: list[tuple[int, str]] = []

    def _embed(self, texts: list[str]) -> FloatMatrix:
        self.embedded.extend((os.getpid(), t) for t in texts)
        return self.model.encode(texts)

    def encode(self, texts: Sequence[str]) -> FloatMatrix:
        return self.cache.encode(texts, self._embed)


class Stance(CorpusStage):
    name = "test.stance.v1"


def test_stance_texts_are_the_texts_an_article_embeds() -> None:
    for models, quotes in ((EMBEDDING_MODELS, True), (load_related(), False)):
        recorder = RecordingEmbedder()
        document_stances(_document(), CLAIMS, embedder=recorder, related=models)
        assert set(stance_texts(_document(), CLAIMS, quotes=quotes)) == set(recorder.seen)


@pytest.mark.parametrize("workers", [1, 2])
def test_texts_embedded_ahead_leave_nothing_for_the_article_to_embed(workers: int) -> None:
    if workers > 1 and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork")
    embedder = CachedRecorder()
    embedder.encode(CLAIMS[0].text.split())  # a cache that holds something else already
    embedder.embedded.clear()
    ctx = RunContext(Settings.load(), workers=workers)
    _prefetch.embed_ahead(Stance(Settings.load()), ctx, embedder, stance_texts(_document(), CLAIMS))
    if workers == 1:
        assert sorted(t for _, t in embedder.embedded) == sorted(set(stance_texts(_document(), CLAIMS)))  # once each
    else:
        assert embedder.embedded == []  # embedded in the workers (which record it in their own copy) ...
    embedder.embedded.clear()
    document_stances(_document(), CLAIMS, embedder=embedder)
    assert embedder.embedded == []  # ... and the article found every vector in this process's cache


def test_shares_deal_distinct_texts_of_like_lengths() -> None:
    texts = ["a", "bbbb", "cc", "bbbb", "ddd", "eeeee"]
    parts = _prefetch.shares(texts, 2)
    assert parts == [["eeeee", "ddd", "a"], ["bbbb", "cc"]]
    assert _prefetch.shares(texts, 1) == [["eeeee", "bbbb", "ddd", "cc", "a"]]
    assert _prefetch.shares(["a"], 4) == [["a"]]


def test_blocks_keep_the_order_and_hold_at_most_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_prefetch, "BLOCK_TEXTS", 5)
    docs = [Document(Article(id=f"a{i}", source=f"s{i}", raw="x")) for i in range(5)]
    sizes = {"a0": 2, "a1": 3, "a2": 7, "a3": 1, "a4": 1}
    blocks = list(_prefetch.blocks(docs, lambda d: ["t"] * sizes[d.id]))
    assert [[d.id for d in b] for b in blocks] == [["a0", "a1"], ["a2"], ["a3", "a4"]]
