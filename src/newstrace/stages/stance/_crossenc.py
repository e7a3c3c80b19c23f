"""An optional stance cross-encoder: MiniLM fine-tuned on FNC-1's related pairs, run with onnxruntime.

Word counts cannot tell a body that agrees with a headline from one that disagrees with it; a
cross-encoder that reads the headline and the body's key sentences together can, given enough
training. ``scripts/train_stance_ce.py`` (torch, a development-only dependency) writes one to
``newstrace/data/models/stance_ce/`` (``model.onnx``, ``tokenizer.json``, ``config.json``), and
``scripts/train_stance.py --cross-encoder DIR`` chooses on the claim-disjoint dev split how much
it decides; :mod:`newstrace.stages.stance._model` then blends it into the trees. At run time it needs
only onnxruntime and tokenizers (``pip install onnxruntime tokenizers``). None is shipped yet:
the two trained here so far added next to nothing to the trees on dev (docs/evaluation.md).

The model reads a *passage*, not the whole body (its window is :data:`CE_MAX_LENGTH` word pieces): the body's
lead sentence and the sentences sharing most content words with the headline, in body order,
up to :data:`PASSAGE_WORDS` words. Training and prediction use the same :func:`stance_passage`, so
its numbers (:data:`CE_MAX_LENGTH`, :data:`PASSAGE_WORDS`, :data:`PASSAGE_SLACK`) belong to the trained
model, not to the settings.
"""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Sequence
from pathlib import Path

from newstrace.stages.stance._features import content_tokens, split_sentences, stem
from newstrace.stages.stance._nli import LocalCrossEncoder

log = logging.getLogger(__name__)

CE_DIR = Path(__file__).resolve().parents[2] / "data" / "models" / "stance_ce"
#: Word pieces the model reads: headline and passage together.
CE_MAX_LENGTH = 192
#: Word budget of a passage (about 150 word pieces, leaving room for the headline).
PASSAGE_WORDS = 110
#: A passage may run this far past its budget to take a whole sentence, and is cut there.
PASSAGE_SLACK = 1.3
#: The cross-encoder's label order (its config.json id2label says the same).
CE_LABELS: tuple[str, ...] = ("agree", "disagree", "discuss")


def stance_passage(headline: str, body: str, budget: int = PASSAGE_WORDS) -> str:
    """The body's lead plus its sentences most about the headline, in body order, within ``budget`` words."""
    spans = split_sentences(body)
    if not spans:
        return ""
    sentences = [body[a:b] for a, b in spans]
    head = {stem(t) for t in content_tokens(headline)}
    scores = []
    for sentence in sentences:
        stems = {stem(t) for t in content_tokens(sentence)}
        scores.append(len(head & stems) / math.sqrt(len(stems) + 1.0))
    limit = budget * PASSAGE_SLACK
    chosen = {0}
    used = len(sentences[0].split())
    for i in sorted(range(1, len(sentences)), key=lambda i: (-scores[i], i)):
        if used >= budget or scores[i] == 0.0:
            break
        n = len(sentences[i].split())
        if used + n > limit:
            continue
        chosen.add(i)
        used += n
    words = " ".join(sentences[i] for i in sorted(chosen)).split()
    return " ".join(words[: int(limit)])


class StanceCrossEncoder:
    """agree / disagree / discuss probabilities for (headline, body) pairs."""

    def __init__(self, directory: Path = CE_DIR, *, batch_size: int = 16) -> None:
        self.encoder = LocalCrossEncoder(directory, batch_size=batch_size, max_length=CE_MAX_LENGTH)

    def proba(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[float, float, float]]:
        """One (agree, disagree, discuss) row per (headline, body) pair."""
        passages = [(headline, stance_passage(headline, body)) for headline, body in pairs]
        out = []
        for row in self.encoder.raw_proba(passages):
            by_label = dict(zip(self.encoder.labels, row, strict=True))
            out.append((by_label["agree"], by_label["disagree"], by_label["discuss"]))
        return out


def available(directory: Path = CE_DIR) -> bool:
    """Whether the model's files and the onnxruntime/tokenizers runtime are both present."""
    if not ((directory / "model.onnx").exists() and (directory / "tokenizer.json").exists()):
        return False
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return True


@functools.lru_cache(maxsize=2)
def load(directory: Path = CE_DIR) -> StanceCrossEncoder | None:
    """The cross-encoder in ``directory``, or None (logged once) when its files or runtime are missing."""
    if not available(directory):
        log.warning("stance: the cross-encoder in %s or onnxruntime is missing; using the trees alone", directory)
        return None
    return StanceCrossEncoder(directory)
