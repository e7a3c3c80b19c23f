"""report.schema.json: made from the code (and current), and real reports validate against it, hostile ones too."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.analysis import analyze, analyze_texts
from newstrace.report import write_reports
from newstrace.report.schema import load, render, report_schema
from tests.report.test_hostile import PAYLOADS
from tests.report.test_hostile import _report as hostile_report

jsonschema = pytest.importorskip("jsonschema")

CLAIM = "Russia is arming the Taliban"


def _validator() -> Any:
    return jsonschema.Draft202012Validator(load())


def _errors(data: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message[:200]}" for e in _validator().iter_errors(data)]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The bundled sample analysed with a claim, as report.json is written to disk."""
    out = tmp_path_factory.mktemp("sample")
    [written] = write_reports(analyze([], claims=[CLAIM]), out, ["json"])
    data: dict[str, Any] = json.loads(written.read_text(encoding="utf-8"))
    return data


def test_the_shipped_schema_is_the_one_the_code_makes() -> None:
    assert load() == report_schema(), "stale: run python scripts/gen_schema.py"
    shipped = Path(__file__).parents[2] / "src" / "newstrace" / "report" / "report.schema.json"
    assert shipped.read_text(encoding="utf-8") == render()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(load())


def test_the_sample_report_validates(sample: dict[str, Any]) -> None:
    assert sample["articles"] and sample["stories"] and sample["stories"][0]["agreement"]
    assert _errors(sample) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_report_of_hostile_records_validates(tmp_path: Path, payload: str) -> None:
    [written] = write_reports(hostile_report(payload), tmp_path, ["json"])  # type: ignore[arg-type]
    assert _errors(json.loads(written.read_text(encoding="utf-8"))) == []


def test_a_report_of_hostile_pages_run_through_the_pipeline_validates(tmp_path: Path) -> None:
    pages = [
        f"<html><head><title>{p}</title><meta name='author' content=\"{p}\"></head><body><article>"
        f"<h1>{p}</h1><p>The minister said on Monday that {p} was never approved. "
        f'"It is {p}," she told reporters in Kabul.</p><p>Officials denied it. {p}</p></article></body></html>'
        for p in PAYLOADS
    ]
    report = analyze_texts([*pages, "\x00\x01 not text", ""], claims=["<b>The plan</b> was approved"])
    [written] = write_reports(report, tmp_path, ["json"])
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["articles"] and data["failures"]  # analysed pages and recorded problems, both checked
    assert _errors(data) == []


@pytest.mark.parametrize(
    ("where", "change"),
    [
        ("a key the contract does not have", lambda d: d["articles"][0]["quotes"][0].update(extra=1)),
        ("a key gone", lambda d: d["articles"][0]["quotes"][0]["speaker"].pop("name")),
        ("a label outside the enum", lambda d: d["articles"][0]["stance"][0].update(label="agrees")),
        ("a wrong type", lambda d: d["articles"][0]["quotes"][0].update(start="12")),
        ("a story row of no known kind", lambda d: d["stories"][0]["agreement"][0].update(kind="row")),
        ("a nested record changed", lambda d: d["stories"][0]["timeline"][0].pop("certainty")),
        ("another version", lambda d: d.update(version=2)),
    ],
)
def test_the_schema_refuses_a_report_that_drifted(sample: dict[str, Any], where: str, change: Any) -> None:
    changed = copy.deepcopy(sample)
    change(changed)
    assert _errors(changed), where


def test_the_documented_example_validates_a_written_report(
    sample: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "json-contract.md").read_text(encoding="utf-8")
    section = doc[doc.index("## JSON Schema") :]
    example = section[
        section.index("```python") + len("```python") : section.index("```\n", section.index("```python") + 9)
    ]
    (tmp_path / "newstrace-report").mkdir()
    (tmp_path / "newstrace-report" / "report.json").write_text(json.dumps(sample), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "docs/json-contract.md", "exec"), {})
    sample_broken = {**sample, "version": "1"}
    (tmp_path / "newstrace-report" / "report.json").write_text(json.dumps(sample_broken), encoding="utf-8")
    with pytest.raises(jsonschema.ValidationError):
        exec(compile(example, "docs/json-contract.md", "exec"), {})
