"""Inputs that used to hang, be skipped without a word, or crash a run: each is accounted for in one line."""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.analysis import analyze
from newstrace.model import Article, Failure
from newstrace.report import report_to_dict, write_reports
from newstrace.settings import Settings
from newstrace.stages.ingest import read_inputs
from newstrace.stages.ingest._decode import decode_bytes
from tests.stages.ingest.test_bad_inputs import BRIDGE

SETTINGS = Settings.load()
TEXT = "\n\n".join(BRIDGE)


@pytest.fixture
def no_hang() -> Iterator[None]:
    """Fail (instead of waiting forever) when reading takes more than ten seconds."""

    def alarm(signum: int, frame: object) -> None:
        raise TimeoutError("reading the input hung")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _read(*inputs: str) -> tuple[list[Article], list[Failure]]:
    items = list(read_inputs(list(inputs), SETTINGS))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_fifo_given_as_input_is_refused_without_waiting(tmp_path: Path, no_hang: None) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    articles, failures = _read(str(fifo))
    assert articles == []
    assert [(f.code, f.fatal) for f in failures] == [("E116", True)]
    assert "named pipe" in failures[0].message and str(fifo) in failures[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_a_fifo_inside_a_folder_is_reported_and_the_rest_read(tmp_path: Path, no_hang: None) -> None:
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    articles, failures = _read(str(tmp_path))
    assert [a.source for a in articles] == [str(tmp_path / "story.txt")]
    assert [(f.source, f.code) for f in failures] == [(str(tmp_path / "pipe"), "E116")]


def test_an_unreadable_subfolder_is_reported_not_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_walk = os.walk

    def walk(top: object, onerror: object = None, **kwargs: object) -> Iterator[tuple[str, list[str], list[str]]]:
        for root, dirs, files in real_walk(top, onerror=onerror, **kwargs):  # type: ignore[call-overload]
            if Path(root).name == "locked":  # as if its listing were refused (tests may run as root)
                onerror(PermissionError(13, "Permission denied", root))  # type: ignore[operator]
                dirs[:] = []
                continue
            yield root, dirs, files

    monkeypatch.setattr("newstrace.stages.ingest.os.walk", walk)
    articles, failures = _read(str(tmp_path))
    assert len(articles) == 1
    assert [(f.code, "cannot be read" in f.message) for f in failures] == [("E111", True)]
    assert str(tmp_path / "locked") in failures[0].message


@pytest.mark.skipif(sys.platform != "linux", reason="file names of arbitrary bytes")
def test_a_file_name_that_is_not_utf8_is_read_and_reported(tmp_path: Path) -> None:
    raw_name = os.fsencode(tmp_path) + b"/caf\xe9-story.txt"
    with open(raw_name, "wb") as handle:
        handle.write(TEXT.encode("utf-8"))
    report = analyze([str(tmp_path)], SETTINGS)
    [doc] = report.documents
    assert doc.article.source.endswith("caf\ufffd-story.txt")
    written = write_reports(report, tmp_path / "out", ["json", "md", "html"])
    assert json.loads(written[0].read_text(encoding="utf-8"))["articles"][0]["source"].endswith("caf�-story.txt")


def test_one_stray_byte_in_utf8_is_replaced_with_a_note_not_a_new_charset(tmp_path: Path) -> None:
    damaged = TEXT.encode("utf-8").replace(b"today,", b"today\xff,")
    (tmp_path / "story.txt").write_bytes(damaged)
    articles, failures = _read(str(tmp_path / "story.txt"))
    [article] = articles
    assert "“Nobody is in danger today\ufffd, but we will not wait until somebody is,”" in article.raw
    assert [(f.code, f.fatal) for f in failures] == [("E136", False)]
    clean = report_to_dict(analyze([str(tmp_path / "story.txt")], SETTINGS))
    assert [q["content"] for q in clean["articles"][0]["quotes"]]


@pytest.mark.parametrize(
    ("data", "utf8"),
    [
        ("curly “quotes” and an é".encode() + b"\xff", True),  # UTF-8 with one stray byte
        ("curly “quotes” and an é".encode("cp1252"), False),  # a legacy charset is detected as one
    ],
)
def test_mostly_utf8_is_told_from_a_legacy_charset(data: bytes, utf8: bool) -> None:
    result = decode_bytes(data, "x")
    assert (result.encoding == "utf-8") == utf8
    assert "curly “quotes” and an é" in result.text
    assert result.replaced == (1 if utf8 else 0)


def test_many_bad_records_are_summed_up_in_a_few_lines(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from newstrace.cli import EXIT_PARTIAL, app

    corpus = tmp_path / "records.jsonl"
    lines = [json.dumps({"id": i, "text": f"too short {i}"}) for i in range(200)]
    corpus.write_text("\n".join([*lines, json.dumps({"id": "ok", "text": TEXT})]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(corpus), "--out", str(tmp_path / "out"), "--no-store", "-q"])
    assert result.exit_code == EXIT_PARTIAL, result.output
    problem_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(problem_lines) <= 7
    assert "and 195 more E108" in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert sum(1 for f in report["failures"] if f["code"] == "E108") == 200


def test_the_count_of_bad_records_includes_those_the_report_does_not_list(tmp_path: Path) -> None:
    """Past report.max_listed_problems of one code the report counts the rest (failures_omitted); the line
    that sums them up on stderr counts them too."""
    from typer.testing import CliRunner

    from newstrace.cli import app

    corpus = tmp_path / "records.jsonl"
    lines = [json.dumps({"id": i, "text": f"too short {i}"}) for i in range(120)]
    corpus.write_text("\n".join([*lines, json.dumps({"id": "ok", "text": TEXT})]) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["analyze", str(corpus), "--out", str(out), "--no-store", "-q", "--set", "report.max_listed_problems=50"]
    result = CliRunner().invoke(app, args)
    assert "and 115 more E108" in result.stderr, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sum(1 for f in report["failures"] if f["code"] == "E108") == 50
    assert report["failures_omitted"] == {"E108": 70}
