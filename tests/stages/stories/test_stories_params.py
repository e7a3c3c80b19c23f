"""The stories stages' numbers are settings: the defaults file and the code agree, and a setting takes effect."""

from __future__ import annotations

from newstrace.model import Article, Document, Quote, QuoteKind, Speaker, SpeakerType
from newstrace.settings import Settings
from newstrace.stages.stories import CompareParams, GroupingParams
from newstrace.stages.stories._agreement import AgreementParams
from newstrace.stages.stories._headlines import HeadlineParams
from newstrace.stages.stories._reuse import ReuseParams, Text, find_reuse
from newstrace.stages.stories._variants import VariantParams, find_variants
from newstrace.text.matching import MatchingParams

SETTINGS = Settings.load()


def test_the_defaults_file_and_the_code_agree() -> None:
    assert GroupingParams() == GroupingParams.from_settings(SETTINGS)
    assert HeadlineParams() == HeadlineParams.from_settings(SETTINGS, headline=False)
    assert HeadlineParams.from_settings(SETTINGS, headline=True).threshold == SETTINGS.get("stories.headline_threshold")
    assert ReuseParams() == ReuseParams.from_settings(SETTINGS)
    assert VariantParams() == VariantParams.from_settings(SETTINGS)
    assert AgreementParams() == AgreementParams.from_settings(SETTINGS)
    assert MatchingParams() == MatchingParams.from_settings(SETTINGS)
    assert CompareParams() == CompareParams.from_settings(SETTINGS)


def test_the_gap_setting_decides_whether_an_edit_splits_a_passage() -> None:
    words = [f"word{i}" for i in range(60)]
    edited = [*words[:30], *[f"new{i}" for i in range(6)], *words[36:]]
    texts = [Text("a", " ".join(words), "2020-01-01"), Text("b", " ".join(edited), "2020-01-02")]
    [pair], _ = find_reuse(texts, ReuseParams.from_settings(SETTINGS))
    assert len(pair.passages) == 1  # six edited words inside max_gap_words (8): one passage
    narrow = ReuseParams.from_settings(Settings.load(overrides={"stories.max_gap_words": "2"}))
    [pair], _ = find_reuse(texts, narrow)
    assert len(pair.passages) == 2


def _doc(key: str, quote: str) -> Document:
    text = f'The minister said: "{quote}"'
    start = text.index(quote)
    speaker = Speaker(mention="The minister", name="Jo Marlow", type=SpeakerType.PERSON)
    q = Quote(
        id=f"{key}:q1", kind=QuoteKind.DIRECT, content=quote, start=start, end=start + len(quote), speaker=speaker
    )
    return Document(Article(key, key, text), text=text, quotes=(q,))


def test_the_shared_words_setting_decides_what_is_the_same_remark() -> None:
    docs = [_doc("a", "We will build the bridge next year"), _doc("b", "We will build a new bridge next year")]
    assert len(find_variants(docs)) == 1  # 6 of the shorter quote's 7 words shared in order (4 needed)
    strict = VariantParams.from_settings(Settings.load(overrides={"stories.min_shared_words": "7"}))
    assert find_variants(docs, strict) == []
