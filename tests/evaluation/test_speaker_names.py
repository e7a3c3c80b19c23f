"""The name rules of the speaker evaluations: when a system's speaker names a gold speaker."""

from __future__ import annotations

import pytest

from newstrace.evaluation.speaker_names import (
    NAME,
    NO_MATCH,
    SURNAME,
    match_strength,
    name_words,
    same_name,
    same_person,
    shares_a_word,
)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Sen. John McCain's", ("john", "mccain")),
        ("the Journal", ("journal",)),
        ("an AARP spokeswoman", ("aarp", "spokeswoman")),
        ("Donald_Trump", ("donald", "trump")),
        ("Felipe Calderón", ("felipe", "calderon")),
        ("the president", ()),
        ("anti-Trump texts", ("anti-trump", "texts")),
    ],
)
def test_name_words_drop_titles_articles_possessives_and_accents(name: str, words: tuple[str, ...]) -> None:
    assert name_words(name) == words


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("The Wall Street Journal", "Wall Street Journal", True),
        ("AARP", "aarp", True),
        ("AARP", "an AARP spokeswoman", False),
        ("the president", "The President", False),  # no word left: names nobody
    ],
)
def test_same_name_compares_the_words(a: str, b: str, same: bool) -> None:
    assert same_name(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("David Certner", "Certner", True),
        ("David Certner", "Mr. Certner", True),
        ("David Certner", "AARP legislative policy director David Certner", True),
        ("A. Barry Rand", "Barry Rand", True),
        ("Alexander Rand", "A. Rand", True),  # an initial fits its given name
        ("Donald Trump", "Melania Trump", False),
        ("Donald Trump Jr.", "Trump", False),  # the suffixes disagree
        ("Donald Trump Jr.", "Donald Trump Jr", True),
        ("Rand Paul", "A. Barry Rand", False),
        ("Certner", "the president", False),
        ("Donald Trump", "anti-Trump", False),
        ("Alexandria Ocasio-Cortez", "Ms. Ocasio-Cortez", True),
    ],
)
def test_same_person_needs_the_surname_and_fitting_given_names(a: str, b: str, same: bool) -> None:
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_match_strength_prefers_a_full_name_and_uses_the_surname_only_for_people() -> None:
    gold = ["David Certner", "Certner"]
    assert match_strength(["Certner"], gold, person=True) == NAME  # equals an alias
    assert match_strength(["Mr. David Certner"], gold, person=True) == NAME
    assert match_strength(["Dave Certner"], ["David Certner"], person=True) == NO_MATCH
    assert match_strength(["Certner"], ["David Certner"], person=True) == SURNAME
    assert match_strength(["Certner"], ["David Certner"], person=False) == NO_MATCH
    assert match_strength(["Center on Budget"], ["Center on Budget and Policy Priorities"], person=False) == NO_MATCH
    assert match_strength(["", "journal"], ["The Wall Street Journal", "the Journal"], person=False) == NAME


def test_shares_a_word_flags_near_misses_only_on_longer_words() -> None:
    assert shares_a_word(["an AARP spokeswoman"], ["AARP"])
    assert not shares_a_word(["Mr. Li"], ["Li Peng"])  # two-letter words are too weak to flag
