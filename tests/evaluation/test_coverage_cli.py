"""`newstrace eval coverage` end to end on a made-up event: the pipeline runs, the output is complete."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newstrace.cli import app
from newstrace.evaluation import coverage

runner = CliRunner()

CLAIM = "The city will close the bridge."


def _article(article_id: str, source: str, title: str, paragraphs: list[list[str]]) -> dict[str, Any]:
    sentences = [
        {"idx": i, "paragraph": p, "text": text}
        for i, (p, text) in enumerate((p, t) for p, para in enumerate(paragraphs) for t in para)
    ]
    return {"article_id": article_id, "story_id": "ev1", "source": source, "title": title, "sentences": sentences}


def _folder(tmp_path: Path) -> Path:
    """A coverage-dev-like folder with one event of two articles, and the BASIL file beside it."""
    basil = tmp_path / "basil"
    basil.mkdir()
    articles = [
        _article(
            "ev1_1",
            "nyt",
            "City weighs closing the bridge",
            [
                ["The city will close the bridge next month, officials said on Monday."],
                ["“The bridge is no longer safe and it will close,” said Mayor Ann Lee."],
                ["Tom Ruiz, who leads the drivers' union, denied that the bridge was unsafe."],
            ],
        ),
        _article(
            "ev1_2",
            "fox",
            "Mayor denies bridge will close",
            [
                ["Mayor Ann Lee said on Tuesday that the bridge would stay open."],
                ["“We will not close the bridge,” Lee told reporters."],
            ],
        ),
    ]
    (basil / "articles.jsonl").write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    data = tmp_path / "coverage-dev"
    (data / "gold").mkdir(parents=True)
    gold = {
        "story_id": "ev1",
        "annotator": "T",
        "claims": [{"id": "k1", "text": CLAIM}],
        "articles": [
            {
                "article_id": "ev1_1",
                "source": "nyt",
                "stance": {"k1": "supports"},
                "speakers": [
                    {"name": "Ann Lee", "aliases": ["Mayor Ann Lee"], "type": "person", "stance": {"k1": "supports"}},
                    {"name": "Tom Ruiz", "aliases": [], "type": "person", "stance": {"k1": "refutes"}},
                ],
            },
            {
                "article_id": "ev1_2",
                "source": "fox",
                "stance": {"k1": "refutes"},
                "speakers": [{"name": "Ann Lee", "aliases": ["Lee"], "type": "person", "stance": {"k1": "refutes"}}],
            },
        ],
    }
    (data / "gold" / "ev1.json").write_text(json.dumps(gold), encoding="utf-8")
    return data


def test_eval_coverage_runs_the_pipeline_and_reports_metrics_errors_and_predictions(tmp_path: Path) -> None:
    data = _folder(tmp_path)
    out = tmp_path / "pred.json"
    result = runner.invoke(app, ["eval", "coverage", "--data", str(data), "--json", "--predictions", str(out)])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["benchmark"] == "coverage"
    metrics = payload["metrics"]
    assert (metrics["article_pairs"], metrics["speaker_pairs"], metrics["events"]) == (2, 3, 1)
    for name in ("article_stance_accuracy", "article_stance_macro_f1", "speaker_stance_accuracy"):
        assert 0.0 <= metrics[name] <= 1.0
    assert 0.0 <= metrics["speaker_polar_f1"] <= 1.0 and 0.0 <= metrics["spurious_holder_share"] <= 1.0
    assert sum(payload["error_counts"].values()) == len(payload["errors"])
    wrong = metrics["article_pairs"] - round(metrics["article_stance_accuracy"] * metrics["article_pairs"])
    assert payload["error_counts"].get("article_stance", 0) == wrong
    saved = json.loads(out.read_text(encoding="utf-8"))
    (event,) = saved["events"]
    assert event["claims"][0]["system_id"].startswith("c-")  # the id analyze gives the claim
    assert set(event["articles"]) == {"ev1_1", "ev1_2"}
    first = event["articles"]["ev1_1"]
    assert first["stance"]["k1"] in coverage.LABELS
    assert any(q["speaker"] for q in first["quotes"])  # the mayor's quote is attributed
    for holder in first["holders"]:
        assert set(holder["stance"]) == {"k1"}
    # the saved predictions score the same again
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        coverage.main(["--data", str(data), "--system", str(out)])
    assert json.loads(buffer.getvalue())["metrics"] == {k: v for k, v in metrics.items() if k != "article_failures"}
    table = runner.invoke(app, ["eval", "coverage", "--data", str(data)])
    assert table.exit_code == 0, table.output
    assert "per event" in table.output and "speaker stance (rows gold" in table.output
