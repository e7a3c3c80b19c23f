import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.errors import StoreError
from newstrace.model import Article, Document, OffsetMap, Quote, QuoteKind, Speaker
from newstrace.pipeline import Corpus
from newstrace.report import build_report, report_to_dict
from newstrace.settings import Settings
from newstrace.store import Store
from newstrace.store.migrations import MIGRATIONS

SETTINGS = Settings.load()


def _report(text: str, quote_len: int) -> object:
    q = Quote("q1", QuoteKind.DIRECT, text[:quote_len], 0, quote_len, speaker=Speaker("she", "A B"))
    doc = Document(
        Article(id="a1", source="x", raw=text), text=text, offsets=OffsetMap.identity(len(text)), quotes=(q,)
    )
    return build_report(Corpus((doc,)), SETTINGS, created="2026-01-01T00:00:00+00:00")


def test_migrations_are_recorded_and_applied_once(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        assert store.schema_version() == [name for name, _ in MIGRATIONS]
        assert store.migrate() == []


def test_every_run_is_kept_and_queryable(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        first = store.save(_report("One two three.", 3))  # type: ignore[arg-type]
        second = store.save(_report("Four five six.", 4))  # type: ignore[arg-type]
        assert {r["run_id"] for r in store.runs()} == {first, second}
        rows = store.con.execute("SELECT content FROM quotes ORDER BY content").fetchall()
        assert rows == [("Four",), ("One",)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=200), cut=st.integers(min_value=0, max_value=200))
def test_store_round_trips_the_report_exactly(tmp_path: Path, text: str, cut: int) -> None:
    report = _report(text, min(cut, len(text)))
    with Store(tmp_path / "rt.duckdb") as store:
        run_id = store.save(report)  # type: ignore[arg-type]
        assert store.load(run_id) == json.loads(json.dumps(report_to_dict(report)))  # type: ignore[arg-type]


def test_missing_run_is_a_store_error(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(StoreError, match="no run"):
        store.load("nope")


def test_unopenable_path_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot open the store"):
        Store(blocker / "sub" / "s.duckdb").open()


def test_a_stage_failure_is_stored_with_its_article(tmp_path: Path) -> None:
    from newstrace.pipeline import record_failure

    report = _report("One two three.", 3)
    doc = record_failure(report.documents[0], "stance.v1", "ValueError: boom", "E301", fatal=True)  # type: ignore[attr-defined]
    failed = build_report(Corpus((doc,)), SETTINGS, created="2026-01-01T00:00:00+00:00")
    with Store(tmp_path / "s.duckdb") as store:
        run_id = store.save(failed)
        rows = store.con.execute(
            "SELECT stage, article_id, code, fatal FROM failures WHERE run_id = ?", [run_id]
        ).fetchall()
    assert rows == [("stance.v1", "a1", "E301", True)]


def test_two_identical_runs_are_two_runs(tmp_path: Path) -> None:
    report = _report("One two three.", 3)
    with Store(tmp_path / "s.duckdb") as store:
        first, second = store.save(report), store.save(report)  # type: ignore[arg-type]
        assert first != second
        assert len(store.runs()) == 2
