"""One `newstrace analyze` call over every kind of input a newsroom holds at once.

A folder of saved HTML pages, a WARC crawl, an RSS feed whose items are fetched from the
local test server, and a JSONL research corpus go in together; each article comes out with
its metadata, the one dead feed item is reported, and nothing else is lost.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli import EXIT_PARTIAL, app

from .test_warc import FERRY_PAGE, LIBRARY_PAGE, response, write_warc
from .webserver import HARBOUR, ORCHARD, LocalServer

JSONL_TEXT = (
    "The regional water board approved a new reservoir on Tuesday after three years of planning. "
    "Engineers said the basin would hold enough water for forty thousand homes during a dry summer, "
    "and the board's chair said construction could begin in the autumn if the last permits arrive. "
    "Farmers downstream asked for guarantees that the river would keep its minimum flow in August."
)


def test_one_call_reads_a_folder_a_crawl_a_feed_and_a_corpus(server: LocalServer, tmp_path: Path) -> None:
    pages = tmp_path / "saved"
    pages.mkdir()
    (pages / "harbour.html").write_text(
        "<html><head><title>Harbour dredging</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in HARBOUR)
        + "</article></body></html>",
        encoding="utf-8",
    )
    (pages / "orchard.htm").write_text(
        "<html><head><title>Frost</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in ORCHARD)
        + "</article></body></html>",
        encoding="utf-8",
    )
    crawl = tmp_path / "crawl.warc.gz"
    write_warc(
        crawl,
        [
            response("https://gazette.example.co.uk/ferry", FERRY_PAGE),
            response("https://lib.example.org/x", LIBRARY_PAGE),
        ],
        gzip=True,
    )
    feed = tmp_path / "feed.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Gazette</title>'
        f"<item><title>Port terminal</title><link>{server.url('/article')}</link></item>"
        f"<item><title>Gone</title><link>{server.url('/missing')}</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "w1", "title": "Reservoir approved", "text": JSONL_TEXT, "outlet": "Valley Post"}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "report"
    fast = ["ingest.fetch.allow_private_addresses=true", "ingest.fetch.host_delay=0", "ingest.fetch.backoff=0.01"]
    args = ["analyze", str(pages), str(crawl), str(feed), str(corpus), "--out", str(out), "--format", "json"]
    result = CliRunner().invoke(app, [*args, "--no-store", "-q", *[a for s in fast for a in ("--set", s)]])

    assert result.exit_code == EXIT_PARTIAL, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    by_source = {a["source"]: a for a in report["articles"]}
    assert set(by_source) == {
        str(pages / "harbour.html"),
        str(pages / "orchard.htm"),
        f"{crawl}#1 https://gazette.example.co.uk/ferry",
        f"{crawl}#2 https://lib.example.org/x",
        f"{feed}#1 {server.url('/article')}",
        f"{corpus}:1",
    }
    ferry = by_source[f"{crawl}#1 https://gazette.example.co.uk/ferry"]
    assert (ferry["url"], ferry["published"]) == ("https://gazette.example.co.uk/ferry", "2021-11-04")
    assert by_source[f"{corpus}:1"]["outlet"] == "Valley Post"
    assert by_source[f"{feed}#1 {server.url('/article')}"]["title"] == "Port terminal delayed again"
    assert all(len(a["text"]) > 200 for a in report["articles"])
    assert [(f["source"], f["code"]) for f in report["failures"]] == [(f"{feed}#2 {server.url('/missing')}", "E126")]
