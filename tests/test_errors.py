"""One table of error codes: every code the package raises or records is in it, with what to do."""

from __future__ import annotations

import re
from pathlib import Path

import newstrace
from newstrace.errors import CODES

PACKAGE = Path(newstrace.__file__).resolve().parent
CODE = re.compile(r"[\"'](E\d{3})[\"']")


def test_every_code_used_in_the_package_is_in_the_table() -> None:
    used = {m for path in PACKAGE.rglob("*.py") for m in CODE.findall(path.read_text(encoding="utf-8"))}
    assert used, "the scan found the codes"
    assert sorted(used - set(CODES)) == []


def test_every_code_says_what_it_means_and_what_to_do() -> None:
    for code, entry in CODES.items():
        assert re.fullmatch(r"E\d{3}", code)
        assert entry.meaning.strip() and entry.todo.strip(), code


def test_library_code_never_exits_the_process() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name not in {"cli.py", "__main__.py"} and re.search(r"SystemExit|sys\.exit\(", path.read_text("utf-8"))
    ]
    assert offenders == []
