"""Which texts the stance stage embeds: the claims, the sentences and the quotes of speakers, nothing else."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

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
from newstrace.stages.stance import document_stances, similarity_table

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


def test_the_stance_of_an_article_embeds_no_quote_without_a_speaker() -> None:
    recorder = RecordingEmbedder()
    stances = document_stances(_document(), CLAIMS, embedder=recorder)
    assert "The dam holds," in recorder.seen  # Ana Ruiz's quote takes part in her vote
    assert "Trust us," not in recorder.seen  # no one's vote reads the sign's
    assert [s.holder for s in stances] == ["article", "Ana Ruiz"]
