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


def test_a_flood_of_bad_inputs_lists_the_first_few_and_stores_every_one(tmp_path: Path) -> None:
    from newstrace.analysis import run_analysis

    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(7):
        (inputs / f"empty{i}.txt").write_bytes(b"")
    (inputs / "blob.txt").write_bytes(bytes(range(256)) * 10)
    capped = Settings.load(overrides={"report.max_listed_problems": 2})
    run = run_analysis([str(inputs)], tmp_path / "out", settings=capped, formats=["json"])
    listed = [f.code for f in run.report.failures]
    assert sorted(listed) == ["E101", "E101", "E102"]
    assert dict(run.report.omitted_failures) == {"E101": 5}
    saved = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert saved["failures_omitted"] == {"E101": 5}
    with Store(run.db) as store:  # type: ignore[arg-type]
        stored = store.con.execute(
            "SELECT code, count(*) FROM failures WHERE run_id = ? GROUP BY code ORDER BY code", [run.run_id]
        ).fetchall()
    assert stored == [("E101", 7), ("E102", 1)]


def test_the_failure_log_keeps_a_bounded_list_and_hands_on_every_problem() -> None:
    from newstrace.analysis import FailureLog
    from newstrace.model import Failure

    handed: list[list[Failure]] = []
    log = FailureLog(keep=3, sink=handed.append, batch=4)
    for i in range(10):
        log.add(Failure(f"f{i}", "ingest", "empty", code="E101"))
    log.add(Failure("g", "ingest", "binary", code="E102"))
    log.flush()
    assert [f.source for f in log.kept] == ["f0", "f1", "f2", "g"]
    assert log.omitted == {"E101": 7}
    assert [len(b) for b in handed] == [4, 4, 3]


def test_a_run_stores_the_report_html_it_wrote_and_renders_one_only_when_none_was_written(tmp_path: Path) -> None:
    from newstrace.analysis import run_analysis
    from newstrace.report.html import render_html

    source = tmp_path / "a.txt"
    source.write_text("The council said on Monday that the old bridge would stay closed until June.", encoding="utf-8")
    run = run_analysis([str(source)], tmp_path / "out", formats=["json", "html"])
    with Store(run.db) as store:  # type: ignore[arg-type]
        assert store.html(run.run_id) == (tmp_path / "out" / "report.html").read_text(encoding="utf-8")  # type: ignore[arg-type]
    only_json = run_analysis([str(source)], tmp_path / "out2", formats=["json"])
    with Store(only_json.db) as store:  # type: ignore[arg-type]
        assert store.html(only_json.run_id) == render_html(only_json.report)  # type: ignore[arg-type]


def test_a_run_saved_a_few_articles_at_a_time_stores_what_one_chunk_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving turns articles and stories into rows a chunk at a time (bounded memory); the tables are the same."""
    from newstrace.analysis import analyze_texts
    from newstrace.store import database

    texts = [
        f"The council said on Monday that bridge {n} would stay closed. \u201cIt is not safe,\u201d the mayor said."
        for n in range(5)
    ]
    report = analyze_texts(texts)
    tables = ("articles", "article_data", "quotes", "stances", "stories", "claims", "agreement", "timeline")
    dumps = []
    for chunk in (1000, 2):
        monkeypatch.setattr(database, "_SAVE_CHUNK", chunk)
        with Store(tmp_path / f"s{chunk}.duckdb") as store:
            store.save(report, "run-1")
            dumps.append({t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in tables})
            assert store.load("run-1") == report_to_dict(report)
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["articles"]) == 5 and dumps[0]["quotes"]


def test_the_store_keeps_report_json_as_its_head_and_rows_and_gives_back_the_file_text(tmp_path: Path) -> None:
    """report.json is not stored a second time whole (held in memory whole while written, about 4x the file for
    a big run): the run row holds the report without its article and story lists, which come back from
    their rows in report order, so the file's text is made again byte for byte."""
    texts = [
        f"The council said on Monday that bridge {n} would stay closed. \u201cIt is not safe,\u201d the mayor said."
        for n in range(4)
    ]
    sources = []
    for n, text in enumerate(texts):
        sources.append(tmp_path / f"{n}.txt")
        sources[-1].write_text(text, encoding="utf-8")
    from newstrace.analysis import run_analysis

    run = run_analysis([str(s) for s in sources], tmp_path / "out", formats=["json"])
    with Store(run.db) as store:  # type: ignore[arg-type]
        head = json.loads(store.con.execute("SELECT report FROM runs").fetchone()[0])
        assert head["articles"] is None and head["stories"] is None
        assert store.report_text(run.run_id) == (tmp_path / "out" / "report.json").read_text(encoding="utf-8")  # type: ignore[arg-type]
        assert [a["id"] for a in store.load()["articles"]] == [a["id"] for a in report_to_dict(run.report)["articles"]]


def test_a_run_stored_whole_by_an_earlier_version_still_loads(tmp_path: Path) -> None:
    """Runs saved before the report was kept in parts hold the whole report.json and the HTML as text."""
    report = {"version": 1, "created": "2026-01-01T00:00:00", "articles": [{"id": "a"}], "stories": []}
    with Store(tmp_path / "old.duckdb") as store:
        store.con.execute(
            "INSERT INTO runs (run_id, created, report_version, n_articles, settings, report, html, story_tables)"
            " VALUES ('old-run', '2026-01-01T00:00:00', 1, 1, '{}', ?, '<p>old</p>', true)",
            [json.dumps(report)],
        )
        assert store.load("old-run") == report
        assert store.html("old-run") == "<p>old</p>"
