"""The web UI reads the store: runs, reports and the JSON API, with article text escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstrace.model import Article, Document, OffsetMap, Quote, QuoteKind, Speaker
from newstrace.pipeline import Corpus
from newstrace.report import build_report
from newstrace.settings import Settings
from newstrace.store import Store

fastapi = pytest.importorskip("fastapi", reason="the web UI needs the web extra (pip install 'newstrace[web]')")
from fastapi.testclient import TestClient  # noqa: E402

from newstrace.web import create_app  # noqa: E402

TEXT = 'She said "<script>alert(1)</script> never happened."'


@pytest.fixture
def client(tmp_path: Path) -> tuple[TestClient, str]:
    start = TEXT.index("<script>")
    end = TEXT.index('."') + 1
    quote = Quote("q1", QuoteKind.DIRECT, TEXT[start:end], start, end, speaker=Speaker("She", "Ann Roe"))
    doc = Document(
        Article(id="a1", source="x.txt", raw=TEXT), text=TEXT, offsets=OffsetMap.identity(len(TEXT)), quotes=(quote,)
    )
    report = build_report(Corpus((doc,)), Settings.load(), created="2026-01-01T00:00:00+00:00")
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        run_id = store.save(report)
    return TestClient(create_app(db)), run_id


def test_index_lists_the_runs(client: tuple[TestClient, str]) -> None:
    http, run_id = client
    page = http.get("/")
    assert page.status_code == 200
    assert run_id in page.text


def test_run_page_is_the_escaped_report(client: tuple[TestClient, str]) -> None:
    http, run_id = client
    page = http.get(f"/runs/{run_id}")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)" in page.text
    assert "<script>alert(1)" not in page.text


def test_json_api_serves_the_report_and_queries_quotes(client: tuple[TestClient, str]) -> None:
    http, run_id = client
    assert http.get("/api/runs").json()[0]["run_id"] == run_id
    assert http.get(f"/api/runs/{run_id}").json()["version"] == 1
    quotes = http.get(f"/api/runs/{run_id}/quotes", params={"speaker": "roe"}).json()
    assert [q["quote_id"] for q in quotes] == ["q1"]
    assert http.get(f"/api/runs/{run_id}/quotes", params={"speaker": "nobody"}).json() == []


def test_unknown_run_is_404(client: tuple[TestClient, str]) -> None:
    http, _ = client
    assert http.get("/runs/nope").status_code == 404
    assert http.get("/api/runs/nope").status_code == 404
