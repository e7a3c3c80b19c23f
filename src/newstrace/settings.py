"""Settings: one options object, built from the packaged defaults, a user file and flags.

The defaults live in ``defaults.toml`` (package data, commented). A user's TOML file is
overlaid on them, then individual overrides (``--set clean.min_repeat_chars=300`` or CLI
flags). Unknown keys are an error, so a typo never silently does nothing.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from newstrace.errors import ConfigError


def _load_defaults() -> dict[str, Any]:
    text = resources.files("newstrace").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _overlay(base: dict[str, Any], extra: Mapping[str, Any], where: str, path: str = "") -> None:
    for key, value in extra.items():
        dotted = f"{path}{key}"
        if key not in base:
            raise ConfigError(f"unknown setting '{dotted}' in {where}; see `newstrace settings` for the valid keys")
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise ConfigError(f"setting '{dotted}' in {where} must be a table")
            _overlay(base[key], value, where, dotted + ".")
        else:
            base[key] = _coerce(base[key], value, dotted, where)


def _coerce(default: Any, value: Any, dotted: str, where: str) -> Any:
    if isinstance(value, str) and not isinstance(default, str):
        # values given on the command line arrive as strings
        try:
            value = tomllib.loads(f"v = {value}")["v"]
        except tomllib.TOMLDecodeError:
            raise ConfigError(
                f"setting '{dotted}' in {where}: cannot read {value!r} as a {type(default).__name__}"
            ) from None
    if isinstance(default, bool) != isinstance(value, bool) or (
        isinstance(default, (int, float)) and not isinstance(value, (int, float))
    ):
        raise ConfigError(f"setting '{dotted}' in {where} must be a {type(default).__name__}, got {value!r}")
    if isinstance(default, float) and isinstance(value, int):
        value = float(value)
    return value


@dataclass(frozen=True)
class Settings:
    """All options of a run; read with ``settings.get("clean.min_repeat_chars")``."""

    values: Mapping[str, Any]

    @classmethod
    def load(cls, user_file: Path | None = None, overrides: Mapping[str, Any] | None = None) -> Settings:
        values = _load_defaults()
        if user_file is not None:
            try:
                user = tomllib.loads(Path(user_file).read_text(encoding="utf-8"))
            except OSError as exc:
                raise ConfigError(f"cannot read settings file {user_file}: {exc.strerror}; check the path") from None
            except tomllib.TOMLDecodeError as exc:
                raise ConfigError(f"settings file {user_file} is not valid TOML: {exc}") from None
            _overlay(values, user, str(user_file))
        for dotted, value in (overrides or {}).items():
            nested: dict[str, Any] = {}
            cursor = nested
            *parents, last = dotted.split(".")
            for part in parents:
                cursor = cursor.setdefault(part, {})
            cursor[last] = value
            _overlay(values, nested, "the command line")
        return cls(values)

    def get(self, dotted: str) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                raise ConfigError(f"unknown setting '{dotted}'")
            node = node[part]
        return copy.deepcopy(node) if isinstance(node, (dict, list)) else node

    def flat(self) -> dict[str, Any]:
        """Every leaf setting as ``{"section.key": value}``."""
        out: dict[str, Any] = {}

        def walk(node: Mapping[str, Any], prefix: str) -> None:
            for key, value in node.items():
                if isinstance(value, Mapping):
                    walk(value, f"{prefix}{key}.")
                else:
                    out[f"{prefix}{key}"] = value

        walk(self.values, "")
        return out
