"""Ingest's numbers are settings: the defaults file and the code agree, and a setting takes effect."""

from __future__ import annotations

from pathlib import Path

from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest import IngestParams, read_inputs
from newstrace.stages.ingest._readers import ENGLISH_FUNCTION_WORDS, non_english_message

ENGLISH = (
    "The council said on Tuesday that the new bridge would open in the spring, after two years of work and "
    "a long argument about its cost. Residents who live near the river have waited for it since the old one "
    "was closed, and many of them told the meeting that they were glad it was nearly done."
)


def test_the_defaults_file_and_the_code_agree() -> None:
    assert IngestParams() == IngestParams.from_settings(Settings.load())


def test_the_function_word_list_is_read_from_its_file() -> None:
    assert {"the", "of", "and", "which"} <= ENGLISH_FUNCTION_WORDS
    assert len(ENGLISH_FUNCTION_WORDS) == 149


def test_the_language_settings_reach_the_check(tmp_path: Path) -> None:
    assert non_english_message(ENGLISH) is None
    strict = IngestParams(language_min_function_share=0.9)
    assert non_english_message(ENGLISH, strict) is not None
    path = tmp_path / "article.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    [kept] = read_inputs([str(path)], Settings.load())
    assert isinstance(kept, Article)
    [refused] = read_inputs([str(path)], Settings.load(overrides={"ingest.language_min_function_share": "0.9"}))
    assert isinstance(refused, Failure) and refused.code == "E109"


def test_skipped_file_endings_are_read_from_their_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "a.txt~").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "Thumbs.db").write_bytes(b"\x00\x01")
    assert [type(i).__name__ for i in read_inputs([str(tmp_path)], Settings.load())] == ["Article"]
