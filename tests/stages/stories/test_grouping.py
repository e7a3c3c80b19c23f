"""Grouping: related articles together, unrelated apart, order-independent, linear candidates."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.evaluation.grouping_scores import bcubed
from newstrace.evaluation.stories import load_fnc
from newstrace.stages.stories._grouping import GroupingParams, Item, average_linkage, group_items, story_id, time_factor

PARAMS = GroupingParams(threshold=0.2)


def _fnc_sample(shared: Path, groups: int, per_group: int) -> tuple[list[Item], dict[str, str]]:
    fnc = shared / "data" / "fnc-1"
    items, gold = load_fnc(fnc / "train_bodies.csv", fnc / "train_stances.csv")
    by_group: dict[str, list[Item]] = {}
    for it in items:
        by_group.setdefault(gold[it.key], []).append(it)
    chosen = [g for g in sorted(by_group) if len(by_group[g]) >= per_group][:groups]
    picked = [it for g in chosen for it in by_group[g][:per_group]]
    return picked, {it.key: gold[it.key] for it in picked}


def test_bodies_collected_for_different_claims_stay_apart(shared: Path) -> None:
    items, gold = _fnc_sample(shared, groups=8, per_group=4)
    groups = group_items(items, PARAMS)
    label = {k: i for i, g in enumerate(groups) for k in g}
    precision, _, f1 = bcubed([label[k] for k in sorted(gold)], [gold[k] for k in sorted(gold)])
    assert precision >= 0.9
    assert f1 >= 0.8


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_groups_and_story_ids_do_not_depend_on_input_order(rng: random.Random) -> None:
    items = [
        Item("a", "Volcano erupts on the island, flights cancelled across the region"),
        Item("b", "Flights cancelled as island volcano erupts again"),
        Item("c", "Central bank raises interest rates by half a point"),
        Item("d", "Interest rates raised by central bank to fight inflation"),
        Item("e", "Local team wins the championship after penalty shootout"),
    ]
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert group_items(shuffled, GroupingParams(threshold=0.1)) == group_items(items, GroupingParams(threshold=0.1))
    assert story_id(["b", "a"]) == story_id(["a", "b"])


def test_a_story_can_span_months_but_not_years() -> None:
    params = GroupingParams()
    assert time_factor(date(2017, 4, 25), date(2017, 7, 26), params) == 1.0
    assert time_factor(date(2017, 4, 25), None, params) == 1.0
    assert time_factor(date(2015, 1, 1), date(2017, 7, 26), params) < 0.05


@pytest.mark.parametrize(
    ("edges", "threshold", "labels"),
    [
        ({}, 0.5, [0, 1, 2]),
        ({(0, 1): 0.9, (1, 2): 0.9}, 0.4, [0, 0, 0]),
        # a chain with one weak link: average linkage does not chain through it
        ({(0, 1): 0.9, (1, 2): 0.6}, 0.5, [0, 0, 2]),
        ({(0, 1): 0.9, (1, 2): 0.6, (0, 2): 0.6}, 0.5, [0, 0, 0]),
    ],
)
def test_average_linkage_merges_while_the_mean_similarity_holds(
    edges: dict[tuple[int, int], float], threshold: float, labels: list[int]
) -> None:
    assert average_linkage(3, edges, threshold) == labels


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ([1, 1, 2, 2], ["x", "x", "y", "y"], (1.0, 1.0, 1.0)),
        ([1, 1, 1, 1], ["x", "x", "y", "y"], (0.5, 1.0, 2 / 3)),
        ([1, 2, 3, 4], ["x", "x", "y", "y"], (1.0, 0.5, 2 / 3)),
    ],
)
def test_bcubed_scores(predicted: list[int], gold: list[str], expected: tuple[float, float, float]) -> None:
    assert bcubed(predicted, gold) == pytest.approx(expected)
