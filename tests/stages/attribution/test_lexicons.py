"""The attribution stage's word lists: data files with a header, cue classes that exist, lists that agree."""

from __future__ import annotations

from importlib import resources

import pytest

from newstrace.model import CueClass
from newstrace.stages.attribution import _context, _cues
from newstrace.text import lexicons

FOLDER = "stages/attribution/lexicons"
FILES = sorted(p.name for p in resources.files("newstrace").joinpath(FOLDER).iterdir() if p.name.endswith(".txt"))


def test_the_lexicon_folder_is_found() -> None:
    assert len(FILES) >= 20


@pytest.mark.parametrize("name", FILES)
def test_each_lexicon_says_what_it_is_and_holds_entries(name: str) -> None:
    text = resources.files("newstrace").joinpath(f"{FOLDER}/{name}").read_text(encoding="utf-8")
    header = text.splitlines()[:2]
    assert all(line.startswith("# ") for line in header), f"{name} has no header comment"
    entries = lexicons.lines(f"{FOLDER}/{name}")
    assert entries
    assert all(entry == entry.lower() for entry in entries)


@pytest.mark.parametrize("name", ["cue_verbs.txt", "cue_nouns.txt", "cue_adverbs.txt"])
def test_every_cue_has_a_known_class(name: str) -> None:
    table = lexicons.table(f"{FOLDER}/{name}")
    assert table
    assert {CueClass(value) for value in table.values()} <= set(CueClass)


def test_the_cue_sublists_name_cue_verbs() -> None:
    assert not _cues.CLAUSE_ONLY - set(_cues.VERBS)
    assert not _cues.OBJECT_CONTENT - set(_cues.VERBS)
    assert not _cues.NP_CONTENT - _cues.OBJECT_CONTENT


@pytest.mark.xfail(
    strict=True,
    reason="passive_cues.txt names rumor/rumour/understand/know and addressee_verbs.txt assure/remind, which are "
    "not in cue_verbs.txt, so those entries never act (kept as found: this was a move, not a rewrite)",
)
def test_passive_and_addressee_verbs_are_cue_verbs() -> None:
    assert not _cues.PASSIVE - set(_cues.VERBS)
    assert not _context.ADDRESSEE_VERBS - set(_cues.VERBS)
