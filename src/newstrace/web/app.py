"""A small web UI over the store: the runs, each run's report, and a JSON API.

It only reads the store. It binds to 127.0.0.1 unless told otherwise, and every string from
an article reaches the page escaped (the run pages are the reports analyze wrote, which are
escaped by their template).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from newstrace.errors import StoreError
from newstrace.store import Store


def create_app(db: Path) -> Any:
    """A FastAPI application serving the runs recorded in ``db`` (needs the `web` extra)."""
    from fastapi import FastAPI, HTTPException
    from fastapi.responses import HTMLResponse

    app = FastAPI(title="newstrace", description="Runs recorded by newstrace analyze", version="1")

    @app.get("/", response_class=HTMLResponse)
    def index() -> str:
        with Store(db) as st:
            runs = st.runs()
        rows = "".join(
            f'<tr><td><a href="/runs/{html.escape(r["run_id"], quote=True)}">{html.escape(r["run_id"])}</a></td>'
            f"<td>{r['articles']}</td></tr>"
            for r in reversed(runs)
        )
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>newstrace runs</title>"
            "<style>body{font:15px/1.5 sans-serif;max-width:900px;margin:2em auto}td,th{padding:4px 10px;"
            "border-bottom:1px solid #ddd;text-align:left}</style></head><body><h1>newstrace runs</h1>"
            f"<p>{html.escape(str(db))}</p><table><tr><th>run</th><th>articles</th></tr>{rows}</table></body></html>"
        )

    @app.get("/runs/{run_id}", response_class=HTMLResponse)
    def run_page(run_id: str) -> str:
        with Store(db) as st:
            try:
                return st.html(run_id)
            except StoreError as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from None

    @app.get("/api/runs")
    def api_runs() -> list[dict[str, Any]]:
        with Store(db) as st:
            return st.runs()

    @app.get("/api/runs/{run_id}")
    def api_run(run_id: str) -> dict[str, Any]:
        with Store(db) as st:
            try:
                return st.load(run_id)
            except StoreError as exc:
                raise HTTPException(status_code=404, detail=str(exc)) from None

    @app.get("/api/runs/{run_id}/quotes")
    def api_quotes(run_id: str, speaker: str | None = None) -> list[dict[str, Any]]:
        with Store(db) as st:
            return st.quotes(run_id, speaker=speaker)

    return app


def serve(db: Path, host: str = "127.0.0.1", port: int = 8765) -> None:
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
