"""The command line end to end: reports written, exit codes, one-line errors, stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, app

runner = CliRunner()
BODY = (
    "The regional health agency said on Monday that the outbreak was under control. "
    "“We have seen no new cases for two weeks,” said Dr. Maria Lopez, the agency's director. "
    "She told reporters that testing would continue until the end of the month.\n\n"
    "Opposition lawmakers said the agency had reacted too slowly in the first days of the outbreak."
)


def test_no_input_analyses_the_bundled_sample_and_writes_three_reports(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "--out", str(tmp_path / "r"), "--quiet"])
    assert result.exit_code == EXIT_OK, result.output
    data = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 2
    assert (tmp_path / "r" / "report.md").read_text(encoding="utf-8").startswith("# newstrace report")
    assert "<html" in (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "r" / "newstrace.duckdb").exists()


def test_a_batch_with_bad_files_exits_1_and_names_each_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(BODY, encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 20)
    result = runner.invoke(app, ["analyze", str(folder), "--out", str(tmp_path / "r"), "--format", "json"])
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert "empty.txt" in result.output and "blob.bin" in result.output
    data = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert [Path(a["source"]).name for a in data["articles"]] == ["good.txt"]
    quotes = data["articles"][0]["quotes"]
    assert any("no new cases" in q["content"] and q["speaker"]["name"] == "Maria Lopez" for q in quotes)
    assert {Path(f["source"]).name for f in data["failures"]} >= {"empty.txt", "blob.bin"}


def test_nothing_usable_exits_3(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "r")])
    assert result.exit_code == EXIT_FAILED


def test_bad_settings_exit_2_with_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "--set", "clean.nope=1", "--out", str(tmp_path / "r")])
    assert result.exit_code == EXIT_USAGE
    assert "unknown setting 'clean.nope'" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "--format", "pdf", "--out", str(tmp_path / "r")])
    assert result.exit_code == EXIT_USAGE
    assert "unknown report format" in result.output


def test_stdin_is_read_with_a_dash(tmp_path: Path) -> None:
    out = tmp_path / "r"
    proc = subprocess.run(
        [sys.executable, "-m", "newstrace", "analyze", "-", "--out", str(out), "--format", "json", "--no-store", "-q"],
        input=BODY.encode(),
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == EXIT_OK, proc.stderr.decode()
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["articles"][0]["source"] == "<stdin>"
    assert not (out / "newstrace.duckdb").exists()


@pytest.mark.parametrize("command", ["analyze", "eval", "bench", "stages", "settings", "runs", "serve"])
def test_every_command_has_help_with_examples(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "newstrace" in result.output


def test_stages_lists_the_default_pipeline() -> None:
    result = runner.invoke(app, ["stages"])
    assert result.exit_code == 0
    assert "attribution.rules.v1" in result.output


def _tiny_fnc1(folder: Path) -> None:
    """A three-pair FNC-1 folder in the official CSV layout (made up here, not the benchmark)."""
    folder.mkdir()
    (folder / "competition_test_bodies.csv").write_text(
        'Body ID,articleBody\n1,"The mayor denied reports that the bridge would close. ""It is false,"" she said."\n'
        '2,"Heavy snow fell across the region on Sunday, closing schools."\n',
        encoding="utf-8",
    )
    (folder / "competition_test_stances.csv").write_text(
        "Headline,Body ID,Stance\nCity to close the bridge,1,disagree\nCity to close the bridge,2,unrelated\n"
        "Snow closes schools across the region,2,agree\n",
        encoding="utf-8",
    )


def test_eval_json_carries_the_confusion_matrix_and_the_table_prints_it(tmp_path: Path) -> None:
    _tiny_fnc1(tmp_path / "fnc")
    result = runner.invoke(app, ["eval", "fnc1", "--data", str(tmp_path / "fnc"), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    confusion = payload["confusion"]
    assert confusion["labels"] == ["agree", "disagree", "discuss", "unrelated"]
    assert [sum(row) for row in confusion["rows_gold"]] == [1, 1, 0, 1]
    assert payload["metrics"]["n"] == 3
    shown = runner.invoke(app, ["eval", "fnc1", "--data", str(tmp_path / "fnc")])
    assert "confusion (rows: gold, columns: predicted)" in shown.output


def test_eval_of_an_unknown_benchmark_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "nope", "--data", str(tmp_path)])
    assert result.exit_code == EXIT_USAGE
    assert "unknown benchmark" in result.output
