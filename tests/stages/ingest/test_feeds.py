"""RSS and Atom feeds: which inputs are feeds, one article per item, and bad items that do not stop the rest.

Items link to the local test server (conftest.py); the command-line test runs a real analysis.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli import EXIT_PARTIAL, app
from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest import read_inputs, read_source
from newstrace.stages.ingest._feeds import FeedReader, _html_to_text
from newstrace.stages.ingest._source import Source

from .webserver import HARBOUR, LIBRARY, ORCHARD, LocalServer, fast_settings


def read(inputs: list[str], settings: Settings) -> tuple[list[Article], list[Failure]]:
    items = list(read_inputs(inputs, settings))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


ATOM_HEAD = b'<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>'


@pytest.mark.parametrize(
    ("name", "content_type", "data", "accepted"),
    [
        ("news.rss", None, b"anything", True),
        ("news.atom", None, b"anything", True),
        ("https://example.org/feed", "application/rss+xml", b"x", True),
        ("https://example.org/feed", "application/atom+xml", b"x", True),
        ("feed.xml", None, b'<?xml version="1.0"?>\n<!-- hi -->\n<rss version="2.0"><channel/></rss>', True),
        ("feed.xml", None, ATOM_HEAD, True),
        ("feed.xml", None, b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x" xmlns="y"></rdf:RDF>', True),
        ("feed.xml", None, b"<feed><title>not atom: no namespace</title></feed>", False),
        ("sitemap.xml", None, b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', False),
        (
            "page.html",
            None,
            b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head></html>',
            False,
        ),
        ("notes.txt", "text/plain", b"An article that mentions <rss> in passing.", False),
    ],
)
def test_which_sources_are_feeds(name: str, content_type: str | None, data: bytes, accepted: bool) -> None:
    assert FeedReader(read_source).accepts(Source(name=name, data=data, content_type=content_type)) is accepted


def test_rss_items_are_fetched_and_filled_from_the_feed(server: LocalServer, local: Settings) -> None:
    feed = server.url("/feed.rss")
    fetched_before = server.hits["/article"]
    articles, failures = read([feed], local)
    by_source = {a.source: a for a in articles}
    port = by_source[f"{feed}#1 {server.url('/article')}"]
    assert port.url == server.url("/article")
    assert port.published == "2024-05-02", "the page's own date wins over the feed's"
    assert port.author == "Jane Reporter"
    assert HARBOUR[0][:40] in port.raw
    library = by_source[f"{feed}#2 {server.url('/library')}"]
    assert (library.published, library.author) == ("2024-05-03", "City Desk"), "the feed fills what the page lacks"
    assert LIBRARY[1][:30] in library.raw.replace("\u2019", "'")
    # item 5 links to /article again (with a fragment): read once, fetched once
    assert server.hits["/article"] == fetched_before + 1
    assert not any("#5" in a.source for a in articles)
    skipped = [f for f in failures if f.stage == "ingest"]
    assert [(f.source, f.code) for f in skipped] == [(f"{feed}#3 {server.url('/missing')}", "E126")]
    assert skipped[0].message == f"{feed} item 3 ({server.url('/missing')}): HTTP 404 Not Found; check the address"


def test_an_item_whose_page_fails_uses_the_full_text_the_feed_carries(server: LocalServer, local: Settings) -> None:
    feed = server.url("/feed.rss")
    articles, failures = read([feed], local)
    [standin] = [a for a in articles if "#4" in a.source]
    assert standin.source == f"{feed}#4 {server.url('/gone')} (feed text)"
    assert standin.raw.split("\n\n")[0] == LIBRARY[0]
    assert standin.title == "Library hours, full text" and standin.outlet == "Example Gazette"
    [note] = [f for f in failures if f.code == "E129"]
    assert note.stage == "feed" and "HTTP 410 Gone" in note.message and "feed's own text" in note.message


def test_a_short_feed_text_does_not_stand_in_for_a_page(server: LocalServer) -> None:
    settings = fast_settings(**{"ingest.feed_text_min_chars": 100_000})
    _, failures = read([server.url("/feed.rss")], settings)
    assert {f.code for f in failures if "#4" in f.source} == {"E126"}


def test_atom_entries_are_fetched_and_a_dead_link_is_one_failure(server: LocalServer, local: Settings) -> None:
    feed = server.url("/feed.atom")
    articles, failures = read([feed], local)
    [orchard] = articles
    assert orchard.source == f"{feed}#1 {server.url('/orchard')}"
    assert (orchard.published, orchard.author) == ("2024-04-20", "Sam Fielder")
    assert [(f.source, f.code) for f in failures] == [(f"{feed}#2 {server.url('/missing')}", "E126")]


def test_with_fetching_off_the_feed_text_is_the_article(server: LocalServer) -> None:
    settings = fast_settings(**{"ingest.fetch_feed_items": False})
    before = server.hits["/orchard"]
    articles, failures = read([server.url("/feed.atom")], settings)
    assert server.hits["/orchard"] == before, "no item page is fetched"
    [orchard] = articles
    assert orchard.raw.split("\n\n") == ORCHARD
    assert (orchard.published, orchard.author, orchard.outlet) == ("2024-04-21", "Atom Author", "Valley Farmer")
    assert orchard.url == server.url("/orchard") and orchard.content_type == "text/plain"
    # the second entry only has a one-line summary: too short to analyse, and said so
    assert [f.code for f in failures] == ["E108"]


@pytest.mark.parametrize("where", ["served", "file"])
def test_a_feed_that_is_not_xml_is_one_failure_naming_it(
    server: LocalServer, local: Settings, tmp_path: Path, where: str
) -> None:
    if where == "served":
        name = server.url("/notafeed.rss")
    else:
        path = tmp_path / "broken.rss"
        path.write_text("{ this is json-ish, not a feed }\n", encoding="utf-8")
        name = str(path)
    articles, failures = read([name], local)
    assert not articles
    [only] = failures
    assert (only.source, only.code) == (name, "E128")
    assert only.message.startswith(f"{name}: not an RSS or Atom feed")


def test_a_feed_without_items_is_reported(tmp_path: Path, local: Settings) -> None:
    path = tmp_path / "empty.xml"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    [only] = read([str(path)], local)[1]
    assert only.code == "E128" and "no items" in only.message


def test_rss_1_0_is_read_without_fetching(tmp_path: Path) -> None:
    path = tmp_path / "rdf.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://news.example/"><title>RDF News</title><link>https://news.example/</link>'
        "<description>d</description></channel>"
        '<item rdf:about="https://news.example/a"><title>Harbour works</title><link>https://news.example/a</link>'
        f"<description>{HARBOUR[0]} {HARBOUR[2]}</description><dc:date>2024-05-01</dc:date></item></rdf:RDF>",
        encoding="utf-8",
    )
    [article], failures = read([str(path)], Settings.load(overrides={"ingest.fetch_feed_items": False}))
    assert not failures
    assert article.source == f"{path}#1 https://news.example/a (feed text)"
    assert (article.title, article.published, article.outlet) == ("Harbour works", "2024-05-01", "RDF News")


def test_items_that_lead_to_the_same_page_are_read_and_fetched_once(
    server: LocalServer, local: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "same.rss"
    links = [server.url("/redirect/1"), server.url("/article"), server.url("/article#comments")]
    path.write_text(
        '<rss version="2.0"><channel><title>Same</title>'
        + "".join(f"<item><title>Port {n}</title><link>{link}</link></item>" for n, link in enumerate(links))
        + "</channel></rss>",
        encoding="utf-8",
    )
    before = server.hits["/article"]
    articles, failures = read([str(path)], local)
    assert [a.source for a in articles] == [f"{path}#1 {links[0]}"] and not failures
    assert articles[0].url == server.url("/article")
    assert server.hits["/article"] == before + 1


def test_an_item_linking_to_another_feed_is_not_followed(server: LocalServer, local: Settings, tmp_path: Path) -> None:
    path = tmp_path / "meta.rss"
    path.write_text(
        f'<rss version="2.0"><channel><title>Meta</title><item><title>Another feed</title>'
        f"<link>{server.url('/feed.atom')}</link></item></channel></rss>",
        encoding="utf-8",
    )
    before = server.hits["/orchard"]
    articles, [only] = read([str(path)], local)
    assert not articles and only.code == "E128" and "is another feed" in only.message
    assert server.hits["/orchard"] == before


def test_feed_items_are_refused_private_addresses_without_the_opt_in(server: LocalServer) -> None:
    articles, failures = read([server.url("/feed.rss")], Settings.load())
    assert not articles
    assert [f.code for f in failures] == ["E121"], "the feed itself is refused before any item"


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One <b>bold</b> line.</p><p>Two &amp; three.</p>", "One bold line.\n\nTwo & three."),
        ("Plain &lt;text&gt; only", "Plain <text> only"),
        ("<div>Kept<script>var x = 1;</script><style>p{}</style></div><ul><li>a</li><li>b</li></ul>", "Kept\n\na\n\nb"),
        ("Line one<br>line   two", "Line one\nline two"),
        ("<p>Wrapped\nsource   line</p>", "Wrapped source line"),
        ("", ""),
    ],
)
def test_feed_html_becomes_paragraphs_of_plain_text(fragment: str, text: str) -> None:
    assert _html_to_text(fragment) == text


def test_analyze_reads_a_url_and_a_saved_feed_and_reports_the_bad_items(server: LocalServer, tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    items = [("Late frost hits apple growers", "/orchard"), ("Library to open", "/library"), ("Gone", "/missing")]
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Example Gazette</title>'
        + "".join(f"<item><title>{t}</title><link>{server.url(p)}</link></item>" for t, p in items)
        + "</channel></rss>",
        encoding="utf-8",
    )
    out = tmp_path / "report"
    fast = ["ingest.fetch.allow_private_addresses=true", "ingest.fetch.host_delay=0", "ingest.fetch.backoff=0.01"]
    args = ["analyze", server.url("/article"), str(feed), "--out", str(out), "--format", "json", "--no-store", "-q"]
    result = CliRunner().invoke(app, args + [arg for s in fast for arg in ("--set", s)])
    assert result.exit_code == EXIT_PARTIAL, result.output
    printed = " ".join(result.output.split())
    assert f"item 3 ({server.url('/missing')}): HTTP 404 Not Found" in printed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sources = {a["source"] for a in report["articles"]}
    assert sources == {
        server.url("/article"),
        f"{feed}#1 {server.url('/orchard')}",
        f"{feed}#2 {server.url('/library')}",
    }
    assert all(a["text"] for a in report["articles"])
    assert [(f["source"], f["code"]) for f in report["failures"]] == [(f"{feed}#3 {server.url('/missing')}", "E126")]


def test_a_feed_longer_than_the_item_limit_reads_the_first_items_and_says_how_many_were_left(tmp_path: Path) -> None:
    feed = tmp_path / "long.rss"
    body = "<p>" + " ".join(["The council met again to discuss the harbour and its future."] * 12) + "</p>"
    items = "".join(
        f"<item><title>Item {n}</title><description><![CDATA[{body}]]></description></item>" for n in range(5)
    )
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>')
    settings = Settings.load(overrides={"ingest.feed_max_items": 3, "ingest.fetch_feed_items": False})
    got = list(read_inputs([str(feed)], settings))
    articles = [g for g in got if isinstance(g, Article)]
    failures = [g for g in got if isinstance(g, Failure)]
    assert [a.title for a in articles] == ["Item 0", "Item 1", "Item 2"]
    assert len(failures) == 1
    assert "has 5 items; only the first 3 were read" in failures[0].message


def test_a_feed_stops_fetching_when_its_time_budget_is_spent(server: LocalServer) -> None:
    # 3 s of budget: item 1's page comes at once, item 2's would take 30 s and is cut off at what is
    # left, item 3 is not fetched but the feed carries its text, item 4 is not fetched and is listed
    settings = fast_settings(**{"ingest.fetch.feed_budget": 3.0, "ingest.fetch.read_timeout": 60.0})
    feed = server.url("/slow.rss?first=0&rest=30")
    before = server.hits["/slow"]
    started = time.monotonic()
    articles, failures = read([feed], settings)
    assert time.monotonic() - started < 25, "the budget, not the slow page, ended the wait"
    assert server.hits["/slow"] - before == 2, "nothing is requested once the budget is spent"
    assert [a.title for a in articles] == ["Port terminal delayed again", "Slow page 3"]
    assert articles[1].source.endswith("(feed text)")
    codes = {f.source.split("#", 1)[1].split(" ", 1)[0]: f.code for f in failures}
    assert codes == {"2": "E137", "3": "E129", "4": "E137"}
    [cut] = [f for f in failures if "#2 " in f.source]
    assert "cut off" in cut.message and "ingest.fetch.feed_budget" in cut.message
    [left] = [f for f in failures if "#4 " in f.source]
    assert "not fetched" in left.message and f"the feed {feed}'s 3 s for fetching" in left.message


def test_the_runs_time_budget_covers_every_page_it_fetches(server: LocalServer) -> None:
    settings = fast_settings(
        **{"ingest.fetch.run_budget": 3.0, "ingest.fetch.feed_budget": 0, "ingest.fetch.read_timeout": 60.0}
    )
    urls = [server.url(f"/slow?s={delay}&n={n}") for n, delay in enumerate((0, 30, 0))]
    before = server.hits["/slow"]
    articles, failures = read(urls, settings)
    assert server.hits["/slow"] - before == 2
    assert [a.source for a in articles] == [urls[0]]
    assert [(f.source, f.code) for f in failures] == [(urls[1], "E137"), (urls[2], "E137")]
    assert all("the run's 3 s for fetching" in f.message for f in failures)


def test_a_budget_of_zero_sets_no_limit(server: LocalServer) -> None:
    settings = fast_settings(**{"ingest.fetch.feed_budget": 0, "ingest.fetch.run_budget": 0})
    articles, failures = read([server.url("/slow.rss?first=0.1&rest=0.1")], settings)
    assert len(articles) == 4 and not [f for f in failures if f.code == "E137"]
