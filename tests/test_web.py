"""The workbench: pages and a paged JSON API over the store, read-only, one error shape, Host and Origin checked,
hostile page text shown as text, and every JSON answer valid against the OpenAPI schema."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from newstrace.model import (
    AgreementCell,
    Article,
    Claim,
    Document,
    Evidence,
    OffsetMap,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    Speaker,
    SpeakerCell,
    Stance,
    StanceLabel,
    Story,
)
from newstrace.pipeline import Corpus
from newstrace.report import build_report
from newstrace.settings import Settings
from newstrace.store import Store

fastapi = pytest.importorskip("fastapi", reason="the workbench needs the web extra (pip install 'newstrace[web]')")
jsonschema = pytest.importorskip("jsonschema")
from fastapi.testclient import TestClient  # noqa: E402

from newstrace.web import create_app  # noqa: E402

HOSTILE = {
    "title": '<script>alert("title")</script>',
    "outlet": "<img src=x onerror=alert(1)>",
    "speaker": '<a href="javascript:alert(2)">Ann</a>',
    "claim": "[click](javascript:alert(3)) ![x](http://198.51.100.1/x.png) &lt;b&gt;",
    "body": '<script>alert("body")</script> She said "<svg onload=alert(4)> never happened." &amp; more.',
}


def _report() -> Any:
    text = HOSTILE["body"]
    start = text.index("<svg")
    end = text.index('."') + 1
    quote = Quote("q1", QuoteKind.DIRECT, text[start:end], start, end, speaker=Speaker("She", HOSTILE["speaker"]))
    doc = Document(
        Article(
            id="a1",
            source="x.txt",
            raw=text,
            title=HOSTILE["title"],
            outlet=HOSTILE["outlet"],
            url="javascript:alert(5)",
            published="2017-04-26",
        ),
        text=text,
        offsets=OffsetMap.identity(len(text)),
        sentences=(Sentence(0, len(text)),),
        quotes=(quote,),
        evidence=(Evidence("video_image", "<b>video</b>", 0, 8, HOSTILE["speaker"]),),
        stances=(
            Stance("c1", "article", StanceLabel.SUPPORTS, 0.9, 0.7, sentences=(Span(0, len(text)),)),
            Stance("c1", HOSTILE["speaker"], StanceLabel.REFUTES, 0.8, 0.6, "speaker", quote_ids=("q1",)),
        ),
    )
    story = Story(
        "s1",
        ("a1",),
        claims=(Claim("c1", HOSTILE["claim"], origin="user"),),
        agreement=(
            AgreementCell(
                "c1",
                "a1",
                HOSTILE["outlet"],
                "2017-04-26",
                "supports",
                0.7,
                0.9,
                (SpeakerCell(HOSTILE["speaker"], "refutes", 0.6, ("q1",)),),
                (),
            ),
        ),
    )
    return build_report(Corpus((doc,), stories=(story,)), Settings.load(), created="2026-01-01T00:00:00+00:00")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("web") / "s.duckdb"
    with Store(db) as store:
        run_id = store.save(_report())
    return db, run_id


@pytest.fixture
def http(store_path: tuple[Path, str], tmp_path: Path) -> TestClient:
    return TestClient(create_app(store_path[0], jobs_dir=tmp_path / "jobs"), base_url="http://127.0.0.1:8765")


def _pages(run_id: str) -> list[str]:
    return [
        "/",
        f"/runs/{run_id}",
        f"/runs/{run_id}/stories/s1",
        f"/runs/{run_id}/articles/a1",
        f"/runs/{run_id}/articles/a1?quote=q1",
        "/search?q=never",
        "/search?q=ann&kind=speaker",
        "/api/docs",
    ]


def test_every_page_shows_hostile_text_as_text(http: TestClient, store_path: tuple[Path, str]) -> None:
    _, run_id = store_path
    for path in _pages(run_id):
        page = http.get(path)
        assert page.status_code == 200, path
        body = page.text
        scripts = re.findall(r"<script[^>]*>", body)
        assert scripts == ['<script src="/static/workbench.js">', '<script src="/static/report.js">'], path
        for bad in ("<svg onload", "<img src=x", 'href="javascript:'):
            assert bad not in body, (path, bad)
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", body), path  # no event handler attribute in any tag
        assert "http://198.51.100.1" not in re.findall(r'(?:src|href)="([^"]*)"', body), path
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_story_page_links_each_cell_to_the_highlighted_sentence(
    http: TestClient, store_path: tuple[Path, str]
) -> None:
    _, run_id = store_path
    page = http.get(f"/runs/{run_id}/stories/s1").text
    links = re.findall(r'<a class="f cell" href="([^"]+)"', page)
    assert len(links) == 2  # the outlet and the speaker
    for link in links:
        target = http.get(link.replace("&amp;", "&").split("#")[0])
        assert target.status_code == 200
        assert '<span class="s hit" id="hit">' in target.text, link


def test_the_stored_report_is_served_under_its_own_hash_policy(http: TestClient, store_path: tuple[Path, str]) -> None:
    _, run_id = store_path
    page = http.get(f"/runs/{run_id}/report")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy)
    assert "&lt;script&gt;alert(&#34;body&#34;)" in page.text or "&lt;script&gt;alert(&quot;body&quot;)" in page.text


def test_lists_are_paged(http: TestClient, store_path: tuple[Path, str]) -> None:
    _, run_id = store_path
    first = http.get(f"/api/runs/{run_id}/quotes", params={"limit": 1}).json()
    assert set(first) == {"items", "total", "limit", "offset", "next"}
    assert first["total"] == 1 and len(first["items"]) == 1 and first["next"] is None
    empty = http.get(f"/api/runs/{run_id}/articles", params={"limit": 0}).json()
    assert empty["items"] == [] and empty["total"] == 1
    assert empty["next"] is not None
    assert http.get("/api/runs", params={"limit": 100000}).status_code == 422


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/runs/nope", 404, "E510"),
        ("GET", "/api/runs/nope/quotes", 404, "E510"),
        ("GET", "/api/runs/nope/articles/a1", 404, "E510"),
        ("GET", "/api/jobs/nope", 404, "E510"),
        ("GET", "/nowhere", 404, "E602"),
        ("DELETE", "/api/runs", 405, "E603"),
        ("GET", "/api/runs?limit=-1", 422, "E601"),
        ("GET", "/api/search", 422, "E601"),
        ("POST", "/api/runs", 400, "E601"),
    ],
)
def test_every_error_has_one_json_shape(http: TestClient, method: str, path: str, status: int, code: str) -> None:
    answer = http.request(method, path)
    assert answer.status_code == status
    assert answer.json() == {"error": {"code": code, "status": status, "message": answer.json()["error"]["message"]}}
    assert "duckdb" not in answer.text and "/tmp" not in answer.text  # no path of the machine


def test_a_browser_page_error_is_a_page_with_the_same_code(http: TestClient) -> None:
    page = http.get("/runs/nope", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert 'data-code="E510"' in page.text


@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1.evil.example:8765", "localhost.evil.example"])
def test_other_host_names_are_refused(http: TestClient, host: str) -> None:
    answer = http.get("/api/runs", headers={"host": host})
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "E604"


def test_loopback_host_names_are_served(http: TestClient) -> None:
    for host in ("127.0.0.1:8765", "localhost:8765", "[::1]:8765", "localhost"):
        assert http.get("/api/runs", headers={"host": host}).status_code == 200, host


@pytest.mark.parametrize(
    "headers",
    [{"origin": "http://evil.example"}, {"origin": "null"}, {"sec-fetch-site": "cross-site"}],
)
def test_writes_from_another_site_are_refused(http: TestClient, headers: dict[str, str]) -> None:
    answer = http.post("/api/runs", data={"text": "A text."}, headers=headers)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "E604"
    assert http.app.state.jobs.list() == []  # type: ignore[attr-defined]


def test_bad_addresses_are_refused_before_anything_runs(http: TestClient) -> None:
    answer = http.post("/api/runs", data={"urls": "file:///etc/passwd"}, headers={"origin": "http://127.0.0.1:8765"})
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "E601"


def test_reading_never_creates_or_migrates_a_deleted_store(tmp_path: Path) -> None:
    db = tmp_path / "gone.duckdb"
    with Store(db) as store:
        store.save(_report())
    http = TestClient(create_app(db, jobs_dir=tmp_path / "jobs"), base_url="http://127.0.0.1:8765")
    db.unlink()
    answer = http.get("/api/runs")
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "E502"
    assert not db.exists()


def test_a_write_lock_held_elsewhere_is_a_json_503(store_path: tuple[Path, str], tmp_path: Path) -> None:
    db, _ = store_path
    http = TestClient(create_app(db, jobs_dir=tmp_path / "jobs"), base_url="http://127.0.0.1:8765")
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(db)!r})
            print("locked", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        answer = http.get("/api/runs")
        assert answer.status_code == 503
        assert answer.headers["content-type"].startswith("application/json")
        assert answer.json()["error"]["code"] == "E501"
        assert answer.headers["retry-after"]
    finally:
        holder.kill()
        holder.wait()


def _validator(openapi: dict[str, Any], path: str, method: str, status: str) -> Any:
    schema = openapi["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    return jsonschema.Draft202012Validator({**schema, "components": openapi["components"]})


def test_json_answers_follow_the_openapi_schema(http: TestClient, store_path: tuple[Path, str]) -> None:
    _, run_id = store_path
    openapi = http.get("/api/openapi.json").json()
    calls = [
        ("/api/runs", "/api/runs", {}),
        ("/api/runs/{run_id}", f"/api/runs/{run_id}", {}),
        ("/api/runs/{run_id}/articles", f"/api/runs/{run_id}/articles", {}),
        ("/api/runs/{run_id}/articles/{article_id}", f"/api/runs/{run_id}/articles/a1", {}),
        ("/api/runs/{run_id}/quotes", f"/api/runs/{run_id}/quotes", {"speaker": "ann"}),
        ("/api/runs/{run_id}/stories", f"/api/runs/{run_id}/stories", {}),
        ("/api/runs/{run_id}/stories/{story_id}", f"/api/runs/{run_id}/stories/s1", {}),
        ("/api/stories", "/api/stories", {"q": "click"}),
        ("/api/search", "/api/search", {"q": "never"}),
        ("/api/jobs", "/api/jobs", {}),
    ]
    for template, url, params in calls:
        answer = http.get(url, params=params)
        assert answer.status_code == 200, url
        _validator(openapi, template, "get", "200").validate(answer.json())
    missing = http.get("/api/runs/nope")
    _validator(openapi, "/api/runs/{run_id}", "get", "404").validate(missing.json())
    assert http.get("/api/stories", params={"q": "click"}).json()["total"] == 1


def test_assets_are_served_locally_and_the_api_page_needs_no_cdn(http: TestClient) -> None:
    for name in ("workbench.css", "workbench.js", "report.js"):
        assert http.get(f"/static/{name}").status_code == 200
    docs = http.get("/api/docs").text
    assert "/api/runs/{run_id}/quotes" in docs
    assert not re.search(r'(?:src|href)="https?://', docs)
    assert http.get("/static/../app.py").status_code == 404
