"""Documentation that cannot drift: the generated stage table, every command and every setting."""

import re
import subprocess
import sys
from pathlib import Path

from typer.main import get_command

from newstrace.cli import app

REPO = Path(__file__).resolve().parents[1]


def test_generated_stage_table_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_docs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_cli_command_has_help_with_an_example_and_is_in_the_docs() -> None:
    cli_doc = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    group = get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"command {name} has no help"
        assert f"newstrace {name}" in cli_doc, f"docs/cli.md does not document `newstrace {name}`"


def test_every_setting_is_commented_in_the_defaults_file() -> None:
    lines = (REPO / "src" / "newstrace" / "defaults.toml").read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^[a-z_]+\s*=", line):
            above = lines[i - 1].strip() if i else ""
            assert above.startswith("#"), f"setting on line {i + 1} of defaults.toml has no comment: {line}"
