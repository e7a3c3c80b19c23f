"""Quote variants: a table of two printings of one remark -> the differences marked."""

from __future__ import annotations

import pytest

from newstrace.model import Article, Document, Quote, QuoteKind, Speaker
from newstrace.stages.stories._variants import find_variants


def _doc(doc_id: str, *quotes: str, speaker: str = "Ann Smith") -> Document:
    text = ""
    parts = []
    for n, content in enumerate(quotes):
        text += f'Filler sentence number {n}. "'
        start = len(text)
        text += content
        parts.append(
            Quote(
                f"{doc_id}-{n}",
                QuoteKind.DIRECT,
                content,
                start,
                start + len(content),
                speaker=Speaker(speaker, speaker),
            )
        )
        text += '" she said.\n'
    return Document(article=Article(id=doc_id, source=doc_id, raw=text), text=text, quotes=tuple(parts))


CASES = [
    # a (one or more remarks), b, kinds that must be marked, kinds that must not
    (
        ["We will build the bridge next year."],
        "We will build the bridge next year.",
        set(),
        {"word_substitution", "cut"},
    ),
    (["We will build the bridge next year."], "We will build the road next year.", {"word_substitution"}, {"cut"}),
    (["Oh no, I am not refuting that."], "Oh, no I am not refuting that.", {"punctuation"}, {"word_substitution"}),
    (
        ["The plan is sound and it will work for every family in the city."],
        "The plan is sound ... for every family in the city.",
        {"cut"},
        {"word_substitution"},
    ),
    (
        ["The plan is sound and fully funded.", "We expect the council to approve it soon."],
        "The plan is sound and fully funded... We expect the council to approve it soon.",
        {"splice"},
        {"word_substitution"},
    ),
    (
        ["“The plan’s costs are fair to everyone,”"],
        '"The plan\'s costs are fair to everyone,"',
        set(),
        {"word_substitution"},
    ),
]


@pytest.mark.parametrize(("a_quotes", "b_quote", "present", "absent"), CASES)
def test_differences_between_two_printings_are_marked(
    a_quotes: list[str], b_quote: str, present: set[str], absent: set[str]
) -> None:
    a, b = _doc("a", *a_quotes), _doc("b", b_quote)
    [variant] = find_variants([a, b])
    assert present <= set(variant.kinds)
    assert not (absent & set(variant.kinds))
    for d in variant.differences:
        if d.a_start is not None and d.a_end is not None:
            assert a.text[d.a_start : d.a_end] == d.a_text
        if d.b_start is not None and d.b_end is not None:
            assert b.text[d.b_start : d.b_end] == d.b_text


def test_different_speakers_are_not_variants() -> None:
    a = _doc("a", "We will build the bridge next year.", speaker="Ann Smith")
    b = _doc("b", "We will build the bridge next year.", speaker="Bob Jones")
    assert find_variants([a, b]) == []


def test_unrelated_remarks_of_one_speaker_are_not_variants() -> None:
    a = _doc("a", "We will build the bridge next year.")
    b = _doc("b", "Taxes are too high for small shops in town.")
    assert find_variants([a, b]) == []


def test_variants_do_not_depend_on_document_order() -> None:
    a = _doc("a", "Oh no, I am not refuting that.")
    b = _doc("b", "Oh, no I am not refuting that.")
    assert find_variants([a, b]) == find_variants([b, a])


def test_identical_printings_are_counted_not_listed() -> None:
    from newstrace.stages.stories._variants import split_identical

    remark = "We will build the bridge next year."
    docs = [_doc("a", remark), _doc("b", remark), _doc("c", "We will build the road next year.")]
    variants = find_variants(docs)
    listed, identical = split_identical(variants)
    assert identical == 1  # a and b print it word for word
    assert {(v.a.article_id, v.b.article_id) for v in listed} == {("a", "c"), ("b", "c")}


def test_an_inserted_sentence_is_named_and_the_longer_version_sets_the_similarity() -> None:
    a = _doc("a", "We will build the bridge next year.")
    b = _doc("b", "We will build the bridge next year. It will cost the city nothing at all.")
    [variant] = find_variants([a, b])
    assert "sentence_insertion" in variant.kinds
    assert variant.similarity < 0.6  # 7 of 16 words unchanged, not "100 % unchanged"


def test_unrelated_quotes_of_one_speaker_are_not_paired() -> None:
    a = _doc("a", "That is something that we have to look at in the coming weeks and months.")
    b = _doc("b", "The budget has to pass before the recess, or the schools will close in the autumn.")
    assert find_variants([a, b]) == []


def test_a_remark_is_linked_whatever_story_each_article_fell_in() -> None:
    from newstrace.model import Story
    from newstrace.stages.stories._compare import compare_story

    a, b = _doc("a", "We will build the bridge next year."), _doc("b", "We will build the road next year.")
    variants = find_variants([a, b])
    story_a = compare_story(Story("s1", ("a",)), [a], variants=variants)
    story_b = compare_story(Story("s2", ("b",)), [b], variants=variants)
    assert len(story_a.quote_variants) == len(story_b.quote_variants) == 1
