"""The cleaner's tuning numbers are settings: the defaults file and the code agree, and a setting takes effect."""

from __future__ import annotations

from newstrace.model import Article, Document, RemovalKind
from newstrace.pipeline import RunContext
from newstrace.settings import Settings
from newstrace.stages.clean import CleanParams, HeuristicCleaner, appeal_score, clean_text

NEWS = (
    "The council approved the budget on Tuesday after a long debate about road repairs and school buildings.\n\n"
    "Officials said work on the first bridge would begin in the spring and last about two years.\n\n"
)
COOKIES = "We use cookies to improve your experience. By browsing this site you agree to our use of cookies."


def test_the_defaults_file_and_the_code_agree() -> None:
    assert CleanParams() == CleanParams.from_settings(Settings.load())


def test_a_clean_setting_reaches_the_stage() -> None:
    article = Article("a", "a.txt", NEWS + COOKIES)
    settings = Settings.load()
    default = HeuristicCleaner(settings).process(Document(article), RunContext(settings))
    assert [r.kind for r in default.removed] == [RemovalKind.BOILERPLATE]
    narrow = Settings.load(overrides={"clean.cookie_notice_max_chars": "40"})
    assert HeuristicCleaner(narrow).process(Document(article), RunContext(narrow)).removed == ()


def test_clean_text_takes_settings_or_params_alike() -> None:
    settings = Settings.load(overrides={"clean.min_repeat_chars": "50"})
    text = NEWS + NEWS
    assert clean_text(text, settings) == clean_text(text, CleanParams.from_settings(settings))
    assert clean_text(text, settings).removed  # the repeat is over 50 characters


def test_appeal_score_weights_are_parameters() -> None:
    appeal = "Please support our newsroom: become a member and give today. We rely on readers like you."
    assert appeal_score(appeal) >= 0.5
    assert appeal_score(appeal, CleanParams(voice_weight=0.0, action_weight=0.0, address_bonus=0.0)) == 0.0
