"""The workbench, `newstrace serve`: start analyses, read stories across runs, follow every finding to its sentence.

It reads the store read-only (one short read-only connection per request, so a writer in another
process is never locked out for long) and starts analyses in a worker process that records the
run. It binds to 127.0.0.1 unless told otherwise, answers only requests whose Host is the
address it serves (a page on another site cannot reach it through DNS rebinding), refuses
writes from other origins, pages every list, and answers every error as
``{"error": {"code", "status", "message"}}`` (an HTML page with the same code for a browser's
page request). Every asset is served from here; every string from an article reaches the page
escaped (Jinja autoescaping) under a Content-Security-Policy that allows only this server's
own scripts.
"""

from __future__ import annotations

import contextlib
import html
import re
import tempfile
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newstrace.errors import NewstraceError, StoreError, WebError
from newstrace.model import Evidence, EvidenceItem, Sentence, TextSpan, TimelinePoint
from newstrace.report.findings import (
    evidence_inventory,
    sentence_index,
    tally_line,
    text_blocks,
    timeline_plot,
)
from newstrace.store import Store
from newstrace.store.database import MAX_PAGE
from newstrace.web._api import (
    ArticleSummary,
    ErrorBody,
    JobStarted,
    JobStatus,
    Page,
    QuoteRow,
    RunDetail,
    RunSummary,
    SearchHit,
    StorySummary,
)
from newstrace.web._jobs import Jobs, Upload

#: The policy of every page the workbench renders: its own scripts and styles, nothing inline, nothing else.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
#: How long a read waits for another process's write lock before answering 503.
READ_WAIT = 3.0
#: The most bytes one POST of inputs may carry.
MAX_UPLOAD = 50_000_000
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
Limit = Annotated[int, Query(ge=0, le=MAX_PAGE, description=f"at most {MAX_PAGE} rows")]
Offset = Annotated[int, Query(ge=0)]
STATUS = {"E501": 503, "E502": 503, "E503": 503, "E510": 404, "E500": 500}


def _host_name(value: str) -> str:
    """The host of a Host header, without its port ("[::1]:8765" -> "::1")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def create_app(
    db: Path,
    *,
    host: str = "127.0.0.1",
    jobs_dir: Path | None = None,
    allowed_hosts: set[str] | None = None,
) -> FastAPI:
    """The workbench as an ASGI application over the store ``db``."""
    db = Path(db)
    allowed = {h.lower() for h in (allowed_hosts or set())} | LOOPBACK
    if host not in ("0.0.0.0", "::"):
        allowed.add(host.lower())
    if jobs_dir is None:
        jobs_dir = Path(tempfile.mkdtemp(prefix="newstrace-jobs-"))
    jobs = Jobs(jobs_dir, db)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newstrace.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(qs=lambda **kw: urlencode({k: v for k, v in kw.items() if v not in (None, "")}))

    app = FastAPI(
        title="newstrace workbench",
        description="Start analyses and read what newstrace found: runs, stories, articles, quotes, search.",
        version="1",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        responses={
            400: {"model": ErrorBody},
            403: {"model": ErrorBody},
            404: {"model": ErrorBody},
            422: {"model": ErrorBody},
            503: {"model": ErrorBody},
        },
    )
    app.state.jobs = jobs

    # -- errors: one shape ---------------------------------------------------------------
    def _clean(message: str) -> str:
        """A message without the machine's paths (the store's or the jobs folder's)."""
        for path in (str(db.resolve()), str(db), str(jobs_dir)):
            message = message.replace(path, "the store" if "duckdb" in path or path == str(db) else "the jobs folder")
        return message

    def error_response(request: Request, status: int, code: str, message: str) -> Response:
        message = _clean(message)
        wants_page = not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")
        headers = {"Retry-After": "2"} if status == 503 else None
        if wants_page:
            page = env.get_template("error.html.j2").render(
                title=f"{status} {code}", status=status, code=code, message=message
            )
            return HTMLResponse(page, status_code=status, headers=headers)
        body = {"error": {"code": code, "status": status, "message": message}}
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(NewstraceError)
    async def _newstrace_error(request: Request, exc: NewstraceError) -> Response:
        status = exc.status if isinstance(exc, WebError) else STATUS.get(exc.code, 400)
        return error_response(request, status, exc.code, str(exc.args[0]))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "E602", 405: "E603", 413: "E605"}.get(exc.status_code, "E600")
        message = {404: f"no page or endpoint {request.url.path}", 405: f"{request.method} is not allowed here"}.get(
            exc.status_code, str(exc.detail)
        )
        return error_response(request, exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path", "body"))
        return error_response(request, 422, "E601", f"{where or 'request'}: {first.get('msg', 'invalid')}")

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> Response:
        return error_response(request, 500, "E600", f"an internal error ({type(exc).__name__}); see the server's log")

    # -- Host and origin checks, security headers -----------------------------------------
    @app.middleware("http")
    async def _guard(request: Request, call_next: Any) -> Response:
        host_header = request.headers.get("host", "")
        if _host_name(host_header) not in allowed:
            return error_response(
                request, 403, "E604", f"the Host {host_header[:80]!r} is not this workbench's address"
            )
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            origin = request.headers.get("origin")
            fetch_site = request.headers.get("sec-fetch-site")
            own = {f"http://{host_header.lower()}"}
            if (origin is not None and origin.lower() not in own) or fetch_site in ("cross-site", "same-site"):
                return error_response(request, 403, "E604", "a request from another site was refused")
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        response.headers["X-Content-Type-Options"] = "nosniff"
        # not "no-referrer": under it a browser sends "Origin: null" with the workbench's own form, which the
        # origin check above must refuse; "same-origin" still gives no other site a referrer
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
        return response

    # -- reading the store ----------------------------------------------------------------
    @contextlib.contextmanager
    def reading() -> Iterator[Store]:
        deadline = time.monotonic() + READ_WAIT
        while True:
            store = Store(db, read_only=True)
            try:
                store.open()
                break
            except StoreError as exc:
                if exc.code != "E501" or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        try:
            yield store
        finally:
            store.close()

    def page(request: Request, items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
        nxt = None
        if offset + len(items) < total:
            params = dict(request.query_params) | {"offset": str(offset + limit), "limit": str(limit)}
            nxt = f"{request.url.path}?{urlencode(params)}"
        return {"items": items, "total": total, "limit": limit, "offset": offset, "next": nxt}

    # -- JSON API -------------------------------------------------------------------------
    @app.get("/api/runs", response_model=Page[RunSummary], tags=["runs"])
    def api_runs(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """The runs recorded in the store, oldest first."""
        with reading() as st:
            items, total = st.runs_page(limit=limit, offset=offset)
        return page(request, items, total, limit, offset)

    @app.get("/api/runs/{run_id}", response_model=RunDetail, tags=["runs"])
    def api_run(run_id: str) -> dict[str, Any]:
        """One run: its counts and settings (its articles are paged at /articles)."""
        with reading() as st:
            return st.run(run_id)

    @app.get("/api/runs/{run_id}/report.json", tags=["runs"])
    def api_report(run_id: str) -> Response:
        """The run's whole report.json, as a download."""
        with reading() as st:
            st.run(run_id)  # E510 for an unknown run
            text = st.report_text(run_id)
        return Response(
            text,
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="report.json"'},
        )

    @app.get("/api/runs/{run_id}/articles", response_model=Page[ArticleSummary], tags=["articles"])
    def api_articles(request: Request, run_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """The run's articles without their text."""
        with reading() as st:
            items, total = st.articles_page(run_id, limit=limit, offset=offset)
        return page(request, items, total, limit, offset)

    @app.get("/api/runs/{run_id}/articles/{article_id}", response_model=dict[str, Any], tags=["articles"])
    def api_article(run_id: str, article_id: str) -> dict[str, Any]:
        """One article as report.json has it: text, sentences, quotes, stances, evidence, removed passages."""
        with reading() as st:
            return st.article(run_id, article_id)

    @app.get("/api/runs/{run_id}/quotes", response_model=Page[QuoteRow], tags=["articles"])
    def api_quotes(
        request: Request, run_id: str, speaker: str | None = None, limit: Limit = 100, offset: Offset = 0
    ) -> dict[str, Any]:
        """The run's quotes, those of speakers whose name contains ``speaker`` when given."""
        with reading() as st:
            items, total = st.quotes_page(run_id, speaker=speaker, limit=limit, offset=offset)
        return page(request, items, total, limit, offset)

    @app.get("/api/runs/{run_id}/stories", response_model=Page[StorySummary], tags=["stories"])
    def api_run_stories(request: Request, run_id: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        with reading() as st:
            items, total = st.stories_page(run_id=run_id, limit=limit, offset=offset)
        return page(request, items, total, limit, offset)

    @app.get("/api/runs/{run_id}/stories/{story_id}", response_model=dict[str, Any], tags=["stories"])
    def api_story(run_id: str, story_id: str) -> dict[str, Any]:
        """One story as report.json has it: claims, agreement, variants, reuse, exclusives, evidence, timeline."""
        with reading() as st:
            return st.story(run_id, story_id)

    @app.get("/api/stories", response_model=Page[StorySummary], tags=["stories"])
    def api_stories(request: Request, q: str | None = None, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Stories across every run, newest first; ``q`` keeps those whose claims, outlets or titles contain it."""
        with reading() as st:
            items, total = st.stories_page(q=q or None, limit=limit, offset=offset)
        return page(request, items, total, limit, offset)

    @app.get("/api/search", response_model=Page[SearchHit], tags=["search"])
    def api_search(
        request: Request,
        q: Annotated[str, Query(min_length=1, max_length=200)],
        kind: Annotated[str | None, Query(pattern="^(speaker|outlet|claim|text)$")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """Speakers, outlets, claims and article text across every run."""
        with reading() as st:
            items, total = st.search(q, kind=kind, limit=limit, offset=offset)
        return page(request, items, total, limit, offset)

    async def _read_inputs(texts: list[str], files: list[UploadFile], urls: str, claims: str) -> dict[str, Any]:
        uploads, size = [], 0
        for f in files:
            if not f.filename:
                continue
            data = await f.read(MAX_UPLOAD + 1 - size)
            size += len(data)
            if size > MAX_UPLOAD:
                raise WebError(f"the uploads are over {MAX_UPLOAD // 1_000_000} MB", code="E605", status=413)
            uploads.append(Upload(f.filename, data))
        size += sum(len(t.encode()) for t in texts)
        if size > MAX_UPLOAD:
            raise WebError(f"the inputs are over {MAX_UPLOAD // 1_000_000} MB", code="E605", status=413)
        url_list = [u.strip() for u in urls.splitlines() if u.strip()]
        bad = [u for u in url_list if not re.match(r"^https?://\S+$", u)]
        if bad:
            raise WebError(f"{bad[0][:80]!r} is not an http(s) address", code="E601", status=422)
        inputs = {
            # a browser sends a text box's line breaks as CRLF whatever was pasted (HTML form encoding):
            # back to the newlines the text had, so a pasted article reads as the same text in a file
            "texts": [t.replace("\r\n", "\n") for t in texts if t.strip()],
            "uploads": uploads,
            "urls": url_list,
            "claims": [c.strip() for c in claims.splitlines() if c.strip()],
        }
        if not (inputs["texts"] or inputs["uploads"] or inputs["urls"]):
            raise WebError("nothing to analyse: paste a text, upload a file or give an address", code="E601")
        return inputs

    @app.post("/api/runs", response_model=JobStarted, status_code=202, tags=["runs"])
    async def api_start(
        text: Annotated[list[str] | None, Form(description="an article's text (repeatable)")] = None,
        files: Annotated[list[UploadFile] | None, File(description="article files or corpora")] = None,
        urls: Annotated[str, Form(description="addresses of pages or feeds, one a line")] = "",
        claims: Annotated[str, Form(description="claims to measure stance against, one a line")] = "",
    ) -> dict[str, Any]:
        """Start an analysis in the background; follow it at ``status_url``."""
        inputs = await _read_inputs(text or [], files or [], urls, claims)
        job = jobs.start(**inputs)
        return {"job": job.public(), "status_url": f"/api/jobs/{job.id}", "page_url": f"/jobs/{job.id}"}

    @app.get("/api/jobs", response_model=list[JobStatus], tags=["runs"])
    def api_jobs() -> list[dict[str, Any]]:
        """The analyses started here since the server started, newest first."""
        return [j.public() for j in jobs.list()]

    @app.get("/api/jobs/{job_id}", response_model=JobStatus, tags=["runs"])
    def api_job(job_id: str) -> dict[str, Any]:
        job = jobs.get(job_id)
        if job is None:
            raise WebError(f"no analysis {job_id} was started here", code="E510", status=404)
        return job.public()

    @app.get("/api/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> str:
        schema = app.openapi()
        ops = [
            (method.upper(), path, op.get("summary", ""), op.get("description", ""))
            for path, item in schema["paths"].items()
            for method, op in item.items()
        ]
        return env.get_template("api.html.j2").render(ops=ops, title="API")

    # -- pages ----------------------------------------------------------------------------
    def render(template: str, **context: Any) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(**context))

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str = "", limit: Limit = 25, offset: Offset = 0) -> HTMLResponse:
        with reading() as st:
            stories, total = st.stories_page(q=q or None, limit=limit, offset=offset)
            runs, n_runs = st.runs_page(limit=MAX_PAGE)
        return render(
            "home.html.j2",
            title="Workbench",
            stories=stories,
            total=total,
            limit=limit,
            offset=offset,
            q=q,
            runs=list(reversed(runs)),
            n_runs=n_runs,
            jobs=jobs.list()[:10],
            tally=_tally,
        )

    @app.post("/jobs", include_in_schema=False)
    async def start_from_form(
        text: Annotated[list[str] | None, Form()] = None,
        files: Annotated[list[UploadFile] | None, File()] = None,
        urls: Annotated[str, Form()] = "",
        claims: Annotated[str, Form()] = "",
    ) -> RedirectResponse:
        inputs = await _read_inputs(text or [], files or [], urls, claims)
        job = jobs.start(**inputs)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(job_id: str) -> HTMLResponse:
        job = jobs.get(job_id)
        if job is None:
            raise WebError(f"no analysis {job_id} was started here", code="E510", status=404)
        return render("job.html.j2", title="Analysis", job=job)

    @app.get("/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
    def run_page(run_id: str, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        with reading() as st:
            run = st.run(run_id)
            stories, n_stories = st.stories_page(run_id=run_id, limit=MAX_PAGE)
            articles, total = st.articles_page(run_id, limit=limit, offset=offset)
        return render(
            "run.html.j2",
            title=f"Run {run_id}",
            run=run,
            stories=stories,
            n_stories=n_stories,
            articles=articles,
            total=total,
            limit=limit,
            offset=offset,
            tally=_tally,
        )

    @app.get("/runs/{run_id}/report", response_class=HTMLResponse, include_in_schema=False)
    def stored_report(run_id: str) -> HTMLResponse:
        """The report.html analyze wrote, under its own policy (its one script allowed by hash)."""
        with reading() as st:
            page_html = st.html(run_id)
        found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page_html)
        policy = found.group(1) if found else "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
        return HTMLResponse(page_html, headers={"Content-Security-Policy": policy})

    @app.get("/runs/{run_id}/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(run_id: str, story_id: str) -> HTMLResponse:
        with reading() as st:
            story = st.story(run_id, story_id)
            labels = st.article_labels(run_id, list(story.get("article_ids", [])))
        return render("story.html.j2", title="Story", **_story_view(run_id, story, labels))

    @app.get("/runs/{run_id}/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(
        run_id: str,
        article_id: str,
        at: int | None = None,
        quote: str | None = None,
        holder: str | None = None,
        claim: str | None = None,
    ) -> HTMLResponse:
        with reading() as st:
            article = st.article(run_id, article_id)
        return render(
            "article.html.j2",
            title=article.get("title") or article_id,
            **_article_view(run_id, article, at, quote, holder, claim),
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(q: str = "", kind: str = "", limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        hits: list[dict[str, Any]] = []
        total = 0
        if q.strip():
            with reading() as st:
                hits, total = st.search(q.strip()[:200], kind=kind or None, limit=limit, offset=offset)
        return render(
            "search.html.j2", title="Search", q=q, kind=kind, hits=hits, total=total, limit=limit, offset=offset
        )

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        assets = {
            "workbench.css": ("web", "text/css"),
            "workbench.js": ("web", "text/javascript"),
            "report.js": ("report", "text/javascript"),
        }
        if name not in assets:
            raise WebError(f"no asset {name}", code="E602", status=404)
        package, media = assets[name]
        folder = "static" if package == "web" else "templates"
        text = resources.files(f"newstrace.{package}").joinpath(folder, name).read_text(encoding="utf-8")
        return Response(text, media_type=media, headers={"Cache-Control": "max-age=300"})

    return app


def _evidence_item(item: dict[str, Any]) -> EvidenceItem:
    doubt = item.get("origin_unknown")
    return EvidenceItem(
        **{
            **item,
            "sentence": TextSpan(**item["sentence"]),
            "origin_unknown": TextSpan(**doubt) if doubt else None,
        }
    )


def _tally(claim: dict[str, Any], outlets: int) -> str:
    labels = [label for label, n in claim.get("stances", {}).items() for _ in range(n)]
    return tally_line(labels, outlets)


def _label(info: dict[str, Any] | None, article_id: str) -> str:
    if not info:
        return article_id
    parts = [p for p in (info.get("outlet"), (info.get("published") or "")[:10]) if p]
    if parts:
        return " · ".join(parts)
    title = str(info.get("title") or "")
    if title:
        return title if len(title) <= 60 else title[:59] + "…"
    source = str(info.get("source") or article_id)
    return source.replace("\\", "/").rsplit("/", 1)[-1] or article_id


def _story_view(run_id: str, story: dict[str, Any], labels: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """What the story page shows: the claim × source matrix, variants, reuse, evidence and the timeline."""
    claims = story.get("claims", [])
    name = {a: _label(labels.get(a), a) for a in story.get("article_ids", [])}

    def link(article_id: str, **params: Any) -> str:
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"/runs/{run_id}/articles/{article_id}" + (f"?{query}#hit" if query else "")

    rows: dict[tuple[str, str, str], dict[str, Any]] = {}
    counts: dict[str, list[str]] = {c["id"]: [] for c in claims}
    for cell in story.get("agreement", []):
        if cell.get("kind") != "cell":
            continue
        aid, cid = cell["article_id"], cell["claim_id"]
        first = (cell.get("sentences") or [{}])[0]
        key = (aid, "", "outlet")
        rows.setdefault(key, {"holder": name.get(aid, aid), "article_id": aid, "kind": "outlet", "cells": {}})
        if cell.get("label"):
            rows[key]["cells"][cid] = {
                "label": cell["label"],
                "certainty": cell.get("certainty"),
                "probability": cell.get("probability"),
                "href": link(aid, at=first.get("start"))
                if first.get("start") is not None
                else link(aid, holder="article", claim=cid),
            }
            counts.setdefault(cid, []).append(cell["label"])
        for sp in cell.get("speakers", []):
            skey = (aid, sp["holder"], "speaker")
            rows.setdefault(
                skey,
                {"holder": f"{sp['holder']} · {name.get(aid, aid)}", "article_id": aid, "kind": "speaker", "cells": {}},
            )
            quote_ids = sp.get("quote_ids") or []
            rows[skey]["cells"][cid] = {
                "label": sp["label"],
                "certainty": sp.get("certainty"),
                "probability": None,
                "href": link(aid, quote=quote_ids[0]) if quote_ids else link(aid, holder=sp["holder"], claim=cid),
            }
            counts.setdefault(cid, []).append(sp["label"])
    outlets = len(story.get("article_ids", []))
    summaries = {cid: tally_line(labels_, outlets) for cid, labels_ in counts.items()}
    matrix = sorted(rows.values(), key=lambda r: (r["article_id"], r["kind"] != "outlet", r["holder"].lower()))

    timeline = [TimelinePoint(**t) for t in story.get("timeline", []) if t.get("label") not in (None, "unrelated")]
    plot = timeline_plot(timeline)
    evidence = [
        {
            "claim": r.get("claim"),
            "support": r.get("support"),
            "basis": r.get("basis"),
            "origins": r.get("independent_origins"),
            "mentions": r.get("items_total"),
            "groups": evidence_inventory([_evidence_item(i) for i in r.get("items", [])]),
        }
        for r in story.get("evidence_summary", [])
    ]
    return {
        "run_id": run_id,
        "story": story,
        "name": name,
        "headline": next(
            (labels[a]["title"] for a in story.get("article_ids", []) if labels.get(a, {}).get("title")), None
        )
        or (claims[0]["text"] if claims else story["id"]),
        "claims": claims,
        "matrix": matrix,
        "summaries": summaries,
        "link": link,
        "variants": story.get("quote_variants", []),
        "pairs": [p for p in story.get("reuse", []) if p.get("kind") == "pair"],
        "reuse_summary": next((p for p in story.get("reuse", []) if p.get("kind") == "summary"), None),
        "evidence": evidence,
        "timeline": timeline,
        "plot": plot,
        "timeline_link": lambda t: link(
            t.article_id, holder=t.holder if t.holder_kind == "speaker" else "article", claim=t.claim_id
        ),
    }


def _article_view(
    run_id: str,
    article: dict[str, Any],
    at: int | None,
    quote_id: str | None,
    holder: str | None,
    claim: str | None,
) -> dict[str, Any]:
    """The article page: its text in sentences, quotes and speakers marked, the sentence asked for highlighted."""
    sentences = tuple(Sentence(s["start"], s["end"], s.get("paragraph", 0)) for s in article.get("sentences", []))
    quotes = [
        SimpleNamespace(
            id=q["id"],
            start=q["start"],
            end=q["end"],
            kind=SimpleNamespace(value=q["kind"]),
            speaker=SimpleNamespace(
                name=(q.get("speaker") or {}).get("name"), mention=(q.get("speaker") or {}).get("mention")
            ),
            cue=q.get("cue"),
        )
        for q in article.get("quotes", [])
    ]
    doc = SimpleNamespace(text=article.get("text", ""), sentences=sentences, quotes=quotes)
    target = at
    if quote_id is not None:
        target = next((q.start for q in quotes if q.id == quote_id), target)
    if holder is not None and claim is not None:
        for s in article.get("stance", []):
            if s.get("claim_id") != claim:
                continue
            if (holder == "article" and s.get("holder_kind") == "article") or s.get("holder") == holder:
                first_quote = next((q.start for q in quotes if q.id in (s.get("quote_ids") or [])), None)
                first_sentence = (s.get("sentences") or [{}])[0].get("start")
                target = first_quote if first_quote is not None else first_sentence
                break
    hit = sentence_index(sentences, target) if target is not None and 0 <= target <= len(doc.text) else None
    speakers: dict[str, list[Any]] = {}
    for q in quotes:
        who = q.speaker.name or q.speaker.mention or "(unattributed)"
        speakers.setdefault(who, []).append(q)
    return {
        "run_id": run_id,
        "article": article,
        "blocks": text_blocks(doc),  # type: ignore[arg-type]
        "hit": hit,
        "speakers": sorted(speakers.items(), key=lambda kv: (-len(kv[1]), kv[0].lower())),
        "evidence": evidence_inventory([Evidence(**e) for e in article.get("evidence", [])]),
        "stances": [s for s in article.get("stance", []) if s.get("label") != "unrelated"],
    }


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def serve(db: Path, host: str = "127.0.0.1", port: int = 8765, *, socket: Any = None) -> None:
    """Run the workbench until interrupted (``socket``: an already bound listening socket)."""
    import uvicorn

    app = create_app(db, host=host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[socket] if socket is not None else None)
    finally:
        app.state.jobs.stop_all()
