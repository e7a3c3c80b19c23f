"""The reuse verdict: its features on tiny made-up pairs, the shipped model, and Urdu tokens."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from newstrace.errors import ModelError
from newstrace.stages.stories._reuse import Text, find_reuse
from newstrace.stages.stories._verdict import (
    FEATURES,
    Verdict,
    VerdictModel,
    decide,
    load_model,
    reuse_verdict,
    verdict_features,
    verdict_for_pair,
)
from newstrace.text.tokens import tokenize

WIRE = (
    "The harbour authority closed the northern quay on Tuesday after inspectors found cracks in the concrete "
    "supports beneath the crane rails. Ferries will dock at the southern pier until repairs are finished, "
    "which engineers expect to take at least six weeks. Freight operators said the closure would delay "
    "container traffic and raise costs for importers across the region."
)
REWRITE = (
    "Cracked supports have shut part of the port. Officials said boats would use another pier for now, and "
    "shipping firms warned of delays and higher prices for goods."
)
UNRELATED = (
    "The city orchestra announced its winter season with three premieres and a festival of chamber music "
    "in the restored opera house, where tickets go on sale next month."
)


def test_a_verbatim_copy_is_all_shared() -> None:
    f = verdict_features(WIRE, WIRE)
    assert f["derived_share"] == pytest.approx(1.0, abs=0.01)
    assert f["source_share"] == pytest.approx(1.0, abs=0.01)
    assert f["containment_1"] == f["containment_2"] == f["containment_k"] == 1.0
    assert f["passages"] == pytest.approx(math.log1p(1))
    assert f["length_ratio"] == 0.0


def test_a_copy_with_an_intro_shares_all_of_the_source_and_part_of_itself() -> None:
    derived = "Our correspondent at the port sent this report late in the evening. " + WIRE
    f = verdict_features(WIRE, derived)
    assert f["source_share"] == pytest.approx(1.0, abs=0.01)
    assert 0.7 < f["derived_share"] < 0.95
    assert f["length_ratio"] > 0


def test_unrelated_texts_share_no_passage() -> None:
    f = verdict_features(WIRE, UNRELATED)
    assert f["derived_share"] == f["source_share"] == f["longest_passage"] == f["passages"] == 0.0
    assert f["containment_k"] == 0.0
    assert 0.0 < f["containment_1"] < 0.5  # function words ("the", "of") are shared


def test_an_empty_text_gives_zero_features_not_an_error() -> None:
    f = verdict_features(WIRE, "")
    assert set(f) == set(FEATURES)
    assert f["derived_share"] == f["containment_1"] == 0.0


def test_features_do_not_depend_on_letter_case_or_curly_quotes() -> None:
    upper = WIRE.upper().replace("'", "\u2019")
    assert verdict_features(WIRE, upper) == verdict_features(WIRE, WIRE)


def _toy_model(weights: list[float]) -> VerdictModel:
    """One feature (derived_share): derived above ~0.6, independent below ~0.2, partly between."""
    return VerdictModel(
        ("derived_share",),
        (Verdict.DERIVED, Verdict.PARTLY_DERIVED, Verdict.INDEPENDENT),
        np.zeros(1),
        np.ones(1),
        np.array([[w] for w in weights]),
        np.array([-6.0, 0.0, 2.0]),
    )


@pytest.mark.parametrize(
    ("share", "expected", "derived"),
    [(0.95, Verdict.DERIVED, True), (0.4, Verdict.PARTLY_DERIVED, True), (0.0, Verdict.INDEPENDENT, False)],
)
def test_decide_reads_the_model(share: float, expected: Verdict, derived: bool) -> None:
    model = _toy_model([10.0, 0.0, -10.0])
    verdict = decide({"derived_share": share}, model)
    assert verdict.label == expected
    assert verdict.derived is derived
    assert sum(verdict.probabilities.values()) == pytest.approx(1.0, abs=1e-3)


def test_the_shipped_model_loads_and_tells_a_copy_from_an_unrelated_text() -> None:
    model = load_model()
    assert set(model.labels) == set(Verdict)
    assert set(model.features) <= set(FEATURES)
    assert reuse_verdict(WIRE, "Our correspondent reports. " + WIRE).label == Verdict.DERIVED
    unrelated = reuse_verdict(WIRE, UNRELATED)
    assert unrelated.label == Verdict.INDEPENDENT and not unrelated.derived


def test_the_verdict_for_a_detected_pair_reads_its_passages_either_way_round() -> None:
    derived = "Our correspondent at the port sent this report late in the evening. " + WIRE
    pairs, _ = find_reuse([Text("a", WIRE, "2024-01-01"), Text("b", derived, "2024-01-02")])
    (pair,) = pairs
    texts = {"a": WIRE, "b": derived}
    by_pair = verdict_for_pair(pair, texts)  # the pair's source (a, the earlier) -> b
    assert by_pair.features == decide(verdict_features(WIRE, derived)).features
    flipped = verdict_for_pair(pair, texts, source_id="b")
    assert flipped.features == decide(verdict_features(derived, WIRE)).features
    with pytest.raises(ValueError):
        verdict_for_pair(pair, texts, source_id="c")


def test_a_malformed_model_file_is_a_model_error(tmp_path: Path) -> None:
    path = tmp_path / "verdict.json"
    path.write_text(json.dumps({"features": ["no_such_feature"], "labels": ["derived"]}), encoding="utf-8")
    with pytest.raises(ModelError):
        load_model(path)
    with pytest.raises(ModelError):
        load_model(tmp_path / "missing.json")


# --- the tokeniser outside the Latin script ---------------------------------------------------------


def test_urdu_words_keep_their_combining_marks() -> None:
    # "آخری" written with a separate maddah (alif + U+0653) and precomposed: one word each, equal norms
    decomposed, precomposed = "\u0627\u0653\u062e\u0631\u06cc", "\u0622\u062e\u0631\u06cc"
    tokens = tokenize(f"{decomposed} میچ {precomposed}۔")
    assert [t.norm for t in tokens] == [precomposed, "میچ", precomposed]
    assert tokens[0].end - tokens[0].start == len(decomposed)  # offsets still point into the raw text


def test_devanagari_vowel_signs_do_not_split_words() -> None:
    assert [t.norm for t in tokenize("हिन्दी समाचार")] == ["हिन्दी", "समाचार"]


def test_urdu_reuse_is_found_like_english_reuse() -> None:
    source = (
        "ڈھاکہ میں کھیلے گئے آخری ون ڈے میچ میں بنگلہ دیش نے زمبابوے کو پانچ وکٹوں سے شکست دے کر سیریز "
        "میں وائٹ واش مکمل کر لیا جبکہ مہمان ٹیم پہلے بیٹنگ کرتے ہوئے صرف ایک سو اٹھائیس رنز بنا سکی۔"
    )
    derived = "اخبار کے نمائندے کے مطابق " + source
    f = verdict_features(source, derived)
    assert f["source_share"] == pytest.approx(1.0, abs=0.01)
    assert f["derived_share"] > 0.8
    assert f["containment_k"] > 0.8  # the derived text's own lead shares nothing
    assert f["passages"] == pytest.approx(math.log1p(1))
