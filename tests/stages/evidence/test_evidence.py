"""Evidence cues: who a statement comes from, and material offered, by general words only."""

from __future__ import annotations

import pytest

from newstrace.model import Article, Document, Sentence
from newstrace.stages.evidence import classify_source, extract_evidence

PARTIES = frozenset({"acmec", "rebel"})  # stems of the parties a claim is about


@pytest.mark.parametrize(
    ("words", "named", "anonymous", "expected"),
    [
        (["Defense", "Minister", "Jane", "Roe"], True, False, "named_official"),
        (["a", "senior", "official"], False, True, "anonymous_official"),
        (["another", "government", "spokesman"], False, False, "anonymous_official"),
        (["weapons", "experts"], False, False, "expert"),
        (["Acmecorp", "spokesman", "John", "Doe"], True, False, "interested_party"),
        (["Rebel", "fighters"], False, False, "interested_party"),
        (["a", "shopkeeper"], False, False, None),
    ],
)
def test_sources_are_classified_by_role_words_and_party(
    words: list[str], named: bool, anonymous: bool, expected: str | None
) -> None:
    assert classify_source(words, named, anonymous, PARTIES) == expected


def test_material_cues_are_found_without_a_parse_and_slice_back() -> None:
    text = (
        "The agency released a video of the blast. A classified report was shared with lawmakers. "
        "Leaked documents show more."
    )
    doc = Document(
        article=Article(id="x", source="x", raw=text),
        text=text,
        sentences=(Sentence(0, 41), Sentence(42, 88), Sentence(89, len(text))),
    )
    evidence = extract_evidence(doc)
    kinds = {e.kind for e in evidence}
    assert {"video_image", "unseen_classified", "document"} <= kinds
    for e in evidence:
        assert text[e.start : e.end] == e.text
