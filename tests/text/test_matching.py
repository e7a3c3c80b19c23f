"""Claim ↔ sentence matching: the lexical test always, the semantic test with an embedder."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from newstrace.model import Article, Claim, Document, Sentence, Story
from newstrace.stages.stories._agreement import agreement_matrix
from newstrace.text import embeddings
from newstrace.text.matching import LEXICAL_CARRIES, SEMANTIC_CARRIES, similarities

CLAIM = "Russia is arming the Taliban"
PARAPHRASE = "Moscow supplies weapons to the insurgents."
RESTATEMENT = "Officials say Russia is arming the Taliban in Helmand."
OFF_TOPIC = "Heavy rain closed the roads on Tuesday."

#: word -> concept axis of the fake embedder (a stand-in for a model that knows synonyms)
CONCEPTS = {
    "russia": 0,
    "moscow": 0,
    "arming": 1,
    "supplies": 1,
    "weapons": 1,
    "taliban": 2,
    "insurgents": 2,
    "rain": 3,
    "roads": 3,
}


class ConceptEmbedder:
    """Deterministic vectors: one axis per concept, so synonyms land together."""

    name = "concepts"

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), 5), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().replace(".", " ").split():
                out[row, CONCEPTS.get(word, 4)] += 1.0 if word in CONCEPTS else 0.1
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def test_lexical_matching_finds_the_restatement_but_not_the_paraphrase() -> None:
    sims = similarities([CLAIM], [PARAPHRASE, RESTATEMENT, OFF_TOPIC])
    assert sims.semantic is None
    assert sims.carries()[0].tolist() == [False, True, False]
    assert sims.match(0, 1) == ("lexical", pytest.approx(sims.lexical[0, 1]))


def test_an_embedder_adds_the_paraphrase_and_says_how_it_matched() -> None:
    sims = similarities([CLAIM], [PARAPHRASE, RESTATEMENT, OFF_TOPIC], ConceptEmbedder())
    assert sims.semantic is not None
    assert sims.lexical[0, 0] < LEXICAL_CARRIES <= SEMANTIC_CARRIES <= sims.semantic[0, 0]
    assert sims.carries()[0].tolist() == [True, True, False]
    assert [sims.match(0, k)[0] for k in (0, 1)] == ["semantic", "lexical"]
    assert sims.match(0, 0)[1] == pytest.approx(sims.semantic[0, 0])  # the cosine that matched


def _doc(doc_id: str, text: str) -> Document:
    return Document(
        article=Article(id=doc_id, source=f"{doc_id}.txt", raw=text),
        text=text,
        sentences=(Sentence(0, len(text)),),
    )


def test_agreement_cells_list_semantically_matched_sentences_with_their_score() -> None:
    docs = [_doc("a", RESTATEMENT), _doc("b", PARAPHRASE), _doc("c", OFF_TOPIC)]
    story = Story("s1", ("a", "b", "c"), (Claim("s1-c1", CLAIM, "a", None, None, None, "user"),))
    lexical = {c.article_id: c.sentences for c in agreement_matrix(story, docs).cells}
    assert [bool(lexical[k]) for k in "abc"] == [True, False, False]
    matrix = agreement_matrix(story, docs, (), ConceptEmbedder())
    cells = {c.article_id: c.sentences for c in matrix.cells}
    assert [(s.start, s.end, s.matched_by) for s in cells["b"]] == [(0, len(PARAPHRASE), "semantic")]
    assert cells["b"][0].similarity >= SEMANTIC_CARRIES
    assert cells["a"][0].matched_by == "lexical"
    assert cells["c"] == ()


def test_off_and_empty_settings_mean_no_embedder() -> None:
    assert embeddings.load("off") is None
    assert embeddings.load("") is None


def test_auto_is_lexical_only_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeddings, "bundled_model_dir", lambda: None)
    embeddings.load.cache_clear()
    try:
        assert embeddings.load("auto") is None
    finally:
        embeddings.load.cache_clear()


def test_a_model_path_that_is_not_a_folder_is_a_config_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newstrace.errors import ConfigError

    with pytest.raises(ConfigError, match=r"E210.*not a directory"):
        embeddings.load(str(tmp_path / "missing-model"))


def test_a_folder_without_a_model_fails_with_a_model_error_when_used(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from newstrace.errors import ModelError

    embedder = embeddings.load(str(tmp_path))
    assert embedder is not None
    with pytest.raises(ModelError, match="E404"):
        embedder.encode(["a sentence"])


@pytest.mark.skipif(embeddings.load("auto") is None, reason="needs the bundled weights (make install brings them)")
def test_the_bundled_model_relates_a_paraphrase_more_than_a_topical_sentence() -> None:
    embedder = embeddings.load("auto")
    assert embedder is not None and embedder.name == "all-MiniLM-L6-v2"
    sims = embeddings.cosines(
        embedder,
        ["The minister resigned over the scandal", "The company is recalling its cars because of faulty brakes"],
        [
            "The scandal forced the minister to step down",
            "The minister spoke at a conference",
            "Defective brakes force the carmaker to call back its vehicles",
            "The company opened a new factory",
        ],
    )
    assert sims[0, 0] >= SEMANTIC_CARRIES > sims[0, 1]
    assert sims[1, 2] > sims[1, 3] + 0.2


class CountingModel:
    """Stands in for a loaded sentence-transformers model and records what it was asked to embed."""

    def __init__(self) -> None:
        self.asked: list[list[str]] = []

    def encode(self, texts: list[str], **_: object) -> np.ndarray:
        self.asked.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_the_embedder_embeds_each_text_once_and_forgets_the_oldest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    embedder = embeddings.SentenceTransformerEmbedder(tmp_path, "counting", cache_size=3)
    model = CountingModel()
    embedder._model = model
    first = embedder.encode(["a", "bb", "a"])
    assert model.asked == [["a", "bb"]]
    assert first[:, 0].tolist() == [1.0, 2.0, 1.0]
    again = embedder.encode(["dddd", "bb", "ccc"])
    assert model.asked[-1] == ["ccc", "dddd"]  # "bb" came from the cache; new texts go in sorted
    assert again[:, 0].tolist() == [4.0, 2.0, 3.0]
    embedder.encode(["a"])  # "a" was the oldest and was forgotten
    assert model.asked[-1] == ["a"]
