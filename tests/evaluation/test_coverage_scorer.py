"""The coverage scorer on tiny made-up gold and system outputs (no pipeline involved)."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.evaluation.coverage import MISSING, annotator_outputs, f1_scores, pick_holder, polar_f1, score


def _speaker(name: str, kind: str, stance: dict[str, str], aliases: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"name": name, "aliases": list(aliases), "type": kind, "stance": stance, "evidence": {}}


def _holder(name: str, stance: dict[str, str], quotes: int = 1) -> dict[str, Any]:
    return {"name": name, "aliases": [], "type": "unknown", "stance": stance, "quote_ids": {}, "quotes": quotes}


GOLD = {
    "story_id": "s1",
    "claims": [{"id": "k1", "text": "A is true."}, {"id": "k2", "text": "B is true."}],
    "articles": [
        {
            "article_id": "s1_1",
            "source": "nyt",
            "stance": {"k1": "supports", "k2": "discusses"},
            "speakers": [
                _speaker("David Certner", "person", {"k1": "supports", "k2": "refutes"}, ("Mr. Certner",)),
                _speaker("AARP", "organisation", {"k1": "refutes"}, ("the group",)),
                _speaker("an AARP spokeswoman", "anonymous", {"k1": "discusses"}),
                _speaker("Jay Carney", "person", {}),  # listed, but says nothing about either claim
            ],
        },
        {
            "article_id": "s1_2",
            "source": "fox",
            "stance": {"k1": "refutes", "k2": "unrelated"},
            "speakers": [_speaker("Barack Obama", "person", {"k1": "refutes"})],
        },
    ],
}


def _system(holders_1: list[dict[str, Any]], holders_2: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "story_id": "s1",
        "articles": {
            "s1_1": {"article_id": "s1_1", "stance": {"k1": "supports", "k2": "supports"}, "holders": holders_1},
            "s1_2": {"article_id": "s1_2", "stance": {"k1": "discusses", "k2": "unrelated"}, "holders": holders_2},
        },
    }


def test_speaker_pairs_find_their_holder_by_alias_and_surname_and_count_the_missing_ones() -> None:
    system = _system(
        [
            _holder("Certner", {"k1": "supports", "k2": "supports"}),  # surname of a person
            _holder("The group", {"k1": "refutes", "k2": "unrelated"}),  # an alias, any case
            _holder("Her office", {"k1": "supports", "k2": "unrelated"}),  # names no gold speaker: spurious
            _holder("Jay Carney", {"k1": "unrelated", "k2": "unrelated"}),
        ],
        [_holder("President Obama", {"k1": "refutes", "k2": "discusses"})],
    )
    result = score([GOLD], [system])
    m = result["metrics"]
    # gold pairs: Certner k1 S (right), Certner k2 R (system S), AARP k1 R (right), spokeswoman k1 D (missing),
    # Obama k1 R (right)
    assert m["speaker_pairs"] == 5
    assert m["speaker_pairs_right"] == 3
    assert m["speaker_stance_accuracy"] == pytest.approx(0.6)
    assert m["speaker_pairs_missing"] == 1
    # polar: predicted S,S,R,missing,R -> 4 predicted positives, 3 right; gold positives S,R,R,R -> 4
    assert m["speaker_polar_precision"] == pytest.approx(0.75)
    assert m["speaker_polar_recall"] == pytest.approx(0.75)
    assert m["speaker_polar_f1"] == pytest.approx(0.75)
    # related system stances: Certner k1, k2; The group k1; Her office k1; Obama k1, k2 -> 6, one spurious
    assert (m["related_holders"], m["spurious_holders"]) == (6, 1)
    assert m["spurious_holder_share"] == pytest.approx(round(1 / 6, 4))
    # article stance: s1_1 k1 right, k2 wrong; s1_2 k1 wrong, k2 right
    assert m["article_stance_accuracy"] == pytest.approx(0.5)
    kinds = result["error_counts"]
    assert kinds == {"article_stance": 2, "missing_speaker": 1, "spurious_holder": 1, "wrong_label": 1}
    missing = next(e for e in result["errors"] if e["type"] == "missing_speaker")
    assert missing["gold_speaker"] == "an AARP spokeswoman"
    assert missing["similar_holders"] == []  # "The group" shares no word with it
    wrong = next(e for e in result["errors"] if e["type"] == "wrong_label")
    assert (wrong["gold_speaker"], wrong["system_speaker"], wrong["gold"], wrong["system"]) == (
        "David Certner",
        "Certner",
        "refutes",
        "supports",
    )
    assert wrong["matched_by"] == "name"  # "Certner" is also written as the alias "Mr. Certner"


def test_an_article_without_output_counts_every_label_as_wrong() -> None:
    result = score([GOLD], [{"story_id": "s1", "articles": {}}])
    m = result["metrics"]
    assert m["article_stance_accuracy"] == 0.0
    assert m["speaker_pairs_missing"] == m["speaker_pairs"] == 5
    assert m["speaker_polar_f1"] == 0.0
    assert m["related_holders"] == 0


def test_a_split_speaker_is_read_from_the_holder_that_takes_a_side() -> None:
    speaker = _speaker("David Certner", "person", {"k1": "supports"})
    holders = [_holder("David Certner", {"k1": "unrelated"}, quotes=5), _holder("Certner", {"k1": "supports"})]
    assert pick_holder(speaker, holders, "k1") is holders[1]
    both_related = [_holder("Certner", {"k1": "refutes"}, quotes=9), _holder("David Certner", {"k1": "supports"})]
    assert pick_holder(speaker, both_related, "k1") is both_related[1]  # a full name before a surname
    assert pick_holder(speaker, [_holder("Melania Certner", {"k1": "supports"})], "k1") is None


def test_polar_f1_is_micro_over_supports_and_refutes() -> None:
    gold = ["supports", "refutes", "discusses", "supports"]
    predicted = ["supports", "supports", "refutes", MISSING]
    precision, recall, f1 = polar_f1(gold, predicted)
    assert (precision, recall) == pytest.approx((1 / 3, 1 / 3))
    assert f1 == pytest.approx(1 / 3)
    assert polar_f1(["discusses"], ["discusses"]) == (0.0, 0.0, 0.0)


def test_macro_f1_leaves_out_labels_that_occur_nowhere() -> None:
    f1 = f1_scores(
        ["supports", "refutes"], ["supports", "discusses"], ["supports", "refutes", "discusses", "unrelated"]
    )
    assert f1 == {"supports": 1.0, "refutes": 0.0, "discusses": 0.0}


def test_an_annotator_who_agrees_with_the_gold_scores_perfectly() -> None:
    m = score([GOLD], annotator_outputs([GOLD]))["metrics"]
    assert m["article_stance_accuracy"] == 1.0
    assert m["speaker_stance_accuracy"] == 1.0
    assert m["speaker_polar_f1"] == 1.0
    assert m["spurious_holders"] == 0
