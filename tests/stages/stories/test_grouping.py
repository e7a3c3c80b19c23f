"""Grouping: related articles together, unrelated apart, order-independent, linear candidates.

Headline grouping (``_headlines``, what the Emergent and FNC-1 evals measure) and full-article
grouping into events and stories (``_grouping``, what a pipeline run uses)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.evaluation.grouping_scores import bcubed
from newstrace.evaluation.stories import load_fnc
from newstrace.stages.stories._grouping import GroupingParams, Item, group, group_items, story_id
from newstrace.stages.stories._headlines import Headline, HeadlineParams, average_linkage, group_headlines, time_factor

PARAMS = HeadlineParams(threshold=0.2)


def _fnc_sample(shared: Path, groups: int, per_group: int) -> tuple[list[Headline], dict[str, str]]:
    fnc = shared / "data" / "fnc-1"
    items, gold = load_fnc(fnc / "train_bodies.csv", fnc / "train_stances.csv")
    by_group: dict[str, list[Headline]] = {}
    for it in items:
        by_group.setdefault(gold[it.key], []).append(it)
    chosen = [g for g in sorted(by_group) if len(by_group[g]) >= per_group][:groups]
    picked = [it for g in chosen for it in by_group[g][:per_group]]
    return picked, {it.key: gold[it.key] for it in picked}


def test_bodies_collected_for_different_claims_stay_apart(shared: Path) -> None:
    items, gold = _fnc_sample(shared, groups=8, per_group=4)
    groups = group_headlines(items, PARAMS)
    label = {k: i for i, g in enumerate(groups) for k in g}
    precision, _, f1 = bcubed([label[k] for k in sorted(gold)], [gold[k] for k in sorted(gold)])
    assert precision >= 0.9
    assert f1 >= 0.8


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_groups_and_story_ids_do_not_depend_on_input_order(rng: random.Random) -> None:
    items = [
        Headline("a", "Volcano erupts on the island, flights cancelled across the region"),
        Headline("b", "Flights cancelled as island volcano erupts again"),
        Headline("c", "Central bank raises interest rates by half a point"),
        Headline("d", "Interest rates raised by central bank to fight inflation"),
        Headline("e", "Local team wins the championship after penalty shootout"),
    ]
    shuffled = list(items)
    rng.shuffle(shuffled)
    params = HeadlineParams(threshold=0.1)
    assert group_headlines(shuffled, params) == group_headlines(items, params)
    assert story_id(["b", "a"]) == story_id(["a", "b"])


def test_a_headline_story_can_span_months_but_not_years() -> None:
    params = HeadlineParams()
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


# --- full articles: events and stories ------------------------------------------------------------

_VOLCANO = (
    "Volcano erupts on Mount Kelvar\n\nThe Kelvar volcano on the island of Ostra erupted on Monday, "
    "sending ash over Port Ilsen. Airlines cancelled flights from Ilsen airport and the Ostra civil "
    "defence agency ordered villages on the northern slope evacuated. Governor Mara Tello said "
    "the evacuation of Hollin and Dask would be finished by nightfall."
)
_VOLCANO_2 = (
    "Ash closes Ilsen airport as Kelvar erupts\n\nFlights out of Port Ilsen were cancelled after the "
    "Kelvar volcano erupted, covering Ostra in ash. Governor Mara Tello ordered Hollin and Dask "
    "evacuated; the civil defence agency said the northern slope was the most at risk."
)
_VOLCANO_LATER = (
    "Kelvar volcano: Ostra counts the cost\n\nThree months after the Kelvar eruption, villagers of "
    "Hollin and Dask returned to the northern slope of Ostra. Governor Mara Tello said Port Ilsen's "
    "airport and the civil defence agency would get more money before the volcano erupts again."
)
_BANK = (
    "Veldra raises interest rates\n\nThe central bank of Veldra raised its main interest rate by "
    "half a point to fight inflation, its chairman Pell Andovar said, adding that mortgage costs would rise "
    "and that the bank expected prices to stabilise next year."
)


def _items(dates: dict[str, date | None]) -> list[Item]:
    texts = {"a": _VOLCANO, "b": _VOLCANO_2, "c": _VOLCANO_LATER, "d": _BANK}
    return [Item(k, texts[k], dates[k]) for k in dates]


def test_articles_on_one_event_form_one_event_and_a_later_wave_joins_the_story() -> None:
    items = _items({"a": date(2021, 4, 5), "b": date(2021, 4, 5), "c": date(2021, 7, 9), "d": date(2021, 4, 5)})
    grouped = group(items, GroupingParams())
    assert grouped.groups == [("a", "b", "c"), ("d",)]
    [volcano, _] = grouped.stories
    assert volcano == (("a", "b"), ("c",))  # two events, April and July


@settings(max_examples=10, deadline=None)
@given(st.randoms(use_true_random=False))
def test_events_and_stories_do_not_depend_on_input_order(rng: random.Random) -> None:
    items = _items({"a": date(2021, 4, 5), "b": date(2021, 4, 6), "c": date(2021, 7, 9), "d": None})
    shuffled = list(items)
    rng.shuffle(shuffled)
    assert group(shuffled) == group(items)


def test_adding_an_article_joins_groups_but_never_scatters_others() -> None:
    dates = {"a": date(2021, 4, 5), "b": date(2021, 4, 5), "c": date(2021, 7, 9), "d": date(2021, 4, 5)}
    items = _items(dates)
    before = group(items[1:])
    after = group(items)
    for event in before.events:
        assert any(set(event) <= set(e) for e in after.events)
    for story in before.groups:
        assert any(set(story) <= set(s) for s in after.groups)


def test_group_items_lists_stories() -> None:
    items = _items({"a": date(2021, 4, 5), "b": date(2021, 4, 5), "c": date(2021, 7, 9), "d": date(2021, 4, 5)})
    assert group_items(items) == [("a", "b", "c"), ("d",)]
