"""The lexicon files of clean, ingest and evidence: each says what it is, holds no entry twice, and is read."""

from __future__ import annotations

from pathlib import Path

import pytest

import newstrace
from newstrace.text import lexicons

PACKAGE = Path(newstrace.__file__).resolve().parent
STAGES = ("clean", "ingest", "evidence")
FILES = sorted(p for stage in STAGES for p in (PACKAGE / "stages" / stage / "lexicons").glob("*.txt"))
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))


def test_there_are_lexicon_files() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_lexicon_file_has_a_header_and_distinct_entries(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# "), "the first line says what the list is"
    entries = lexicons.lines(str(path.relative_to(PACKAGE)))
    assert entries, "no entries"
    assert len(set(entries)) == len(entries), "an entry is listed twice"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_a_lexicon_file_is_read_by_its_stage(path: Path) -> None:
    assert path.name in SOURCE, f"no module names {path.name}"


def test_a_two_column_file_has_a_tab_on_every_line() -> None:
    path = "stages/evidence/lexicons/support_labels.txt"
    assert all("\t" in line for line in (PACKAGE / path).read_text(encoding="utf-8").splitlines() if line[:1] != "#")
    assert all(value for value in lexicons.table(path).values())
