"""A generational suffix ("Jr.", "III") is part of a person's name, not its surname: a short form finds the
suffixed person, and a father and son stay apart (issue 16: "Mr. Conway" given to another Conway the
article names, because the suffixed name was filed under "III"). Invented sentences and names."""

from __future__ import annotations

from typing import Any

from newstrace.stages.attribution._speakers import same_source_name
from tests.stages.attribution.test_resolution import speaker_of


def test_a_short_form_finds_the_suffixed_name(nlp: Any) -> None:
    text = "Senator Walter P. Hensley Jr. met the growers. Mr. Hensley said the plan was sound."
    q = speaker_of(nlp, text, "the plan was sound")
    assert q.speaker is not None and q.speaker.name == "Walter P. Hensley Jr."


def test_a_short_form_goes_to_the_suffixed_person_not_to_a_namesake_named_later(nlp: Any) -> None:
    text = (
        "Among the critics was Arthur B. Pellman III, a lawyer and the husband of Dorothea Pellman, an aide. "
        "“He knows he will lose,” Mr. Pellman wrote."
    )
    q = speaker_of(nlp, text, "He knows he will lose")
    assert q.speaker is not None and q.speaker.name == "Arthur B. Pellman III"


def test_father_and_son_stay_apart() -> None:
    assert same_source_name(("hensley",), ("walter", "hensley", "jr"))
    assert same_source_name(("walter", "hensley", "jr"), ("walter", "p", "hensley", "jr"))
    assert not same_source_name(("walter", "hensley"), ("walter", "hensley", "jr"))
    assert not same_source_name(("walter", "hensley", "sr"), ("walter", "hensley", "jr"))
