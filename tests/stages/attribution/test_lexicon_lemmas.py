"""Word lists that attribution matches against a token's lemma hold each word in the form spaCy lemmatises
it to: "data" alone never matched, since spaCy's lemma of "data" is "datum"."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.text import lexicons

#: the lists read through ``token.lemma_`` (group_nouns.txt holds plural word forms and is matched on them)
LEMMA_LISTS = (
    "material_nouns.txt",
    "document_nouns.txt",
    "document_name_heads.txt",
    "organization_nouns.txt",
    "person_nouns.txt",
    "not_person_nouns.txt",
)


@pytest.mark.parametrize("name", LEMMA_LISTS)
def test_every_noun_of_a_lemma_matched_list_is_listed_under_its_lemma_too(nlp: Any, name: str) -> None:
    words = set(lexicons.lines(f"stages/attribution/lexicons/{name}"))
    missing = []
    for word in sorted(w for w in words if " " not in w):
        lemma = nlp(f"The {word} said it was true.")[1].lemma_.lower()
        if lemma not in words:
            missing.append(f"{word} -> {lemma}")
    assert not missing, f"{name}: add the lemma of {', '.join(missing)}"
