"""Names: the shared title lexicon, and the words a name is compared by."""

from __future__ import annotations

import pytest

from newstrace.text import lexicons
from newstrace.text.names import TITLES, compatible, name_words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Gen. John Nicholson", ("john", "nicholson")),
        ("Mrs May", ("may",)),
        ("Det. Supt. Jane Roe", ("jane", "roe")),
        ("Vice President Mike Pence", ("mike", "pence")),
        ("the Prime Minister", ()),
        ("Russia's Foreign Ministry", ("russia", "foreign", "ministry")),
        ("José Martí", ("jose", "marti")),
    ],
)
def test_name_words_leave_out_titles_possessives_and_accents(name: str, words: tuple[str, ...]) -> None:
    assert name_words(name) == words


def test_a_title_does_not_tell_two_people_apart_but_a_given_name_does() -> None:
    assert compatible(name_words("Sen. Jeanne Shaheen"), name_words("Jeanne Shaheen"))
    assert compatible(name_words("Colonel Smith"), name_words("Capt. John Smith"))
    assert not compatible(name_words("Mary Smith"), name_words("John Smith"))


def test_abbreviated_titles_carry_the_role_they_stand_for() -> None:
    assert TITLES["gen"] == "general"
    assert TITLES["sgt"] == "sergeant"
    assert TITLES["mr"] == ""  # a title that names no role
    assert "general" in TITLES  # the full word is a title too


def test_title_words_and_titles_are_apart() -> None:
    """A word that only opens a title is not a title: the quotes scorer keeps it ("Vice Media")."""
    opening = lexicons.words("data/lexicons/title_words.txt")
    assert opening
    assert not opening & set(TITLES)
    assert all(word == word.lower() and " " not in word for word in [*TITLES, *opening])
