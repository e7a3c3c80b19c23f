"""WARC/ARC crawls: streamed record by record, HTML responses read as articles, the rest skipped and counted."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest import read_inputs
from newstrace.stages.ingest._warc import WarcCounts, WarcReader, is_warc

SETTINGS = Settings.load()

FERRY = [
    "The county transport board voted on Thursday to keep the night ferry running through the winter, "
    "reversing a plan that would have stopped the service at the end of October.",
    "Members said the decision followed a month of public meetings in which nurses, cleaners and "
    "restaurant staff described how they depend on the late crossing to get home after their shifts. "
    "“We heard from people who had no other way across the water,” said the board's chair, Helen Brooks. "
    "“Cutting the service would have saved money on paper and cost a great deal more in practice.”",
    "The ferry carries about four hundred passengers a night in the busiest months and fewer than a "
    "hundred in January. The operator had argued that the winter sailings lose money every year and "
    "that the crew would be better used on the morning routes, which are often full.",
    "Under the agreement reached this week, the board will pay part of the winter costs from its reserve "
    "fund, and the operator will run a smaller boat on the quietest nights. The two sides will review "
    "the numbers again in the spring, when the summer timetable is drawn up.",
    "Some members voted against the plan. They said the reserve fund was meant for repairs to the piers, "
    "several of which are more than fifty years old, and that spending it on running costs would only "
    "delay a harder choice. One of them said the board should have asked the city to share the cost.",
    "Passenger groups welcomed the vote but said they would keep pressing for a fixed timetable that "
    "does not change from one season to the next, so that workers can plan their weeks.",
]
LIBRARY = [
    "The public library on Mill Street will open on Sundays from next month, the town council said in "
    "a statement, after a trial over the summer drew more visitors than any other day of the week.",
    "Families made up most of the Sunday visitors during the trial, the council said, and the children's "
    "reading room was often full by noon. Staff also reported a rise in the number of people using the "
    "computers to look for work or to fill in forms for benefits and housing.",
    "The extra day will cost about forty thousand pounds a year. The council plans to pay for it by "
    "closing the branch one hour earlier on Mondays and Tuesdays, when it is usually quiet in the "
    "evening, and by moving two posts from the central office to the front desk.",
    "A spokesman for the staff union said its members had agreed to the new rota after the council "
    "promised that nobody would be asked to work more than two Sundays in a month. The union said it "
    "would watch closely how the change works in practice over the first year.",
    "The library was built in 1908 with money raised by local families and was refitted ten years ago. "
    "It lends about one hundred thousand books a year and runs classes for adults who are learning "
    "to read, as well as a weekly club for older residents who want help with phones and tablets.",
]
SPANISH = [
    "El ayuntamiento aprobó ayer el nuevo presupuesto para el próximo año después de un largo debate "
    "entre los concejales de todos los grupos municipales, que discutieron durante varias horas.",
    "Según el alcalde, las cuentas incluyen más dinero para los barrios del norte, para las escuelas "
    "públicas y para el transporte, mientras que los gastos de representación bajarán casi un tercio.",
    "Los vecinos de varias asociaciones criticaron que no se hubiera consultado a los comercios del "
    "centro antes de cerrar las calles al tráfico durante los fines de semana de verano.",
]


def page(paragraphs: list[str], *, title: str, site: str | None = None, date: str | None = None) -> str:
    meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    if date:
        meta += f'<meta property="article:published_time" content="{date}">'
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title>{meta}</head><body>"
        f'<nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>"
    )


FERRY_PAGE = page(FERRY, title="Night ferry will keep running", site="The Harbour Gazette", date="2021-11-04T09:30:00Z")
LIBRARY_PAGE = page(LIBRARY, title="Library to open on Sundays")  # no site name, no date
SPANISH_PAGE = page(SPANISH * 3, title="El presupuesto", site="Diario del Puerto", date="2021-06-01")

Record = tuple[str, dict[str, Any]]


def response(
    uri: str,
    body: bytes | str,
    *,
    status: str = "200 OK",
    content_type: str | None = "text/html; charset=utf-8",
    date: str = "2022-05-06T07:08:09Z",
) -> Record:
    data = body.encode("utf-8") if isinstance(body, str) else body
    headers = [("Content-Type", content_type)] if content_type else []
    headers.append(("Content-Length", str(len(data))))
    return ("response", {"uri": uri, "body": data, "status": status, "headers": headers, "date": date})


def request(uri: str) -> Record:
    return ("request", {"uri": uri})


def write_warc(path: Path, records: list[Record], *, gzip: bool) -> list[int]:
    """Write ``records`` with warcio's writer; return the byte offset where each record ends."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    ends = []
    for kind, spec in records:
        if kind == "response":
            http = StatusAndHeaders(spec["status"], spec["headers"], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                spec["uri"],
                "response",
                payload=io.BytesIO(spec["body"]),
                http_headers=http,
                warc_headers_dict={"WARC-Date": spec["date"]},
            )
        elif kind == "request":
            http = StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "www.example.org")], protocol="HTTP/1.1", is_http_request=True
            )
            record = writer.create_warc_record(spec["uri"], "request", payload=io.BytesIO(b""), http_headers=http)
        elif kind == "warcinfo":
            record = writer.create_warcinfo_record(path.name, {"software": "test"})
        else:  # metadata
            record = writer.create_warc_record(
                spec["uri"], kind, payload=io.BytesIO(b"outlinks: none\n"), warc_content_type="text/plain"
            )
        writer.write_record(record)
        ends.append(buf.tell())
    path.write_bytes(buf.getvalue())
    return ends


def read(*paths: Path, settings: Settings = SETTINGS) -> tuple[list[Article], list[Failure]]:
    items = list(read_inputs([str(p) for p in paths], settings))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


def crawl() -> list[Record]:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    return [
        ("warcinfo", {}),
        request("https://www.harbourgazette.example.com/news/night-ferry"),
        response("https://www.harbourgazette.example.com/news/night-ferry", FERRY_PAGE),
        response("https://www.harbourgazette.example.com/img/ferry.png", png, content_type="image/png"),
        response("https://www.harbourgazette.example.com/news/gone", page(FERRY, title="x"), status="404 Not Found"),
        response("https://www.diario.example.es/ciudad/presupuesto", SPANISH_PAGE),
        response(
            "https://news.millbrook.co.uk/local/library-sundays",
            LIBRARY_PAGE.replace("pounds", "pounds (£)").encode("cp1252"),
            content_type="text/html; charset=windows-1252",
            date="2022-05-07T10:00:00Z",
        ),
        ("metadata", {"uri": "https://news.millbrook.co.uk/local/library-sundays"}),
        response("https://www.harbourgazette.example.com/news/night-ferry", FERRY_PAGE, date="2022-05-09T00:00:00Z"),
    ]


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_html_responses_become_articles_and_the_rest_is_skipped_and_counted(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    write_warc(path, crawl(), gzip=compressed)
    counts = WarcCounts()
    items = list(WarcReader().read_path(path, SETTINGS, counts))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]

    assert [a.source for a in articles] == [
        f"{path}#3 https://www.harbourgazette.example.com/news/night-ferry",
        f"{path}#7 https://news.millbrook.co.uk/local/library-sundays",
        f"{path}#9 https://www.harbourgazette.example.com/news/night-ferry",  # a repeat capture: kept, own record
    ]
    ferry, library, again = articles
    assert ferry.url == "https://www.harbourgazette.example.com/news/night-ferry"
    assert ferry.outlet == "The Harbour Gazette"
    assert ferry.published == "2021-11-04"  # the page's own date, not the capture date
    assert ferry.title == "Night ferry will keep running"
    assert "“We heard from people who had no other way across the water,”" in ferry.raw
    assert "Sport" not in ferry.raw
    assert again.raw == ferry.raw and again.id != ferry.id
    assert library.published == "2022-05-07"  # no date in the page: the capture date
    assert library.outlet == "millbrook.co.uk"
    assert "pounds (£)" in library.raw  # decoded with the charset of the HTTP header
    assert library.content_type == "text/html"

    # the Spanish page is one failure naming its record; the 404, the image and the rest are skipped
    [foreign] = failures
    assert foreign.code == "E109"
    assert foreign.source == f"{path}#6 https://www.diario.example.es/ciudad/presupuesto"
    assert foreign.message.startswith(foreign.source + ": does not look like English")
    assert counts.records == 9
    assert (counts.articles, counts.problems) == (3, 1)
    assert counts.skipped == {"warcinfo": 1, "request": 1, "image/png": 1, "status 404": 1, "metadata": 1}
    assert "5 skipped as not HTML pages" in counts.summary(str(path))


def test_read_inputs_routes_crawls_and_logs_one_summary_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, crawl(), gzip=True)
    with caplog.at_level("INFO", logger="newstrace.stages.ingest._warc"):
        articles, failures = read(tmp_path)  # a folder holding a crawl
    assert len(articles) == 3 and len(failures) == 1
    [line] = [r.getMessage() for r in caplog.records if r.name == "newstrace.stages.ingest._warc"]
    assert line.startswith(f"{path}: 9 record(s): 3 article(s), 1 problem(s), 5 skipped")


def test_is_warc_names() -> None:
    assert all(is_warc(n) for n in ["a.warc", "a.warc.gz", "A.WARC.GZ", "a.arc", "a.arc.gz"])
    assert not any(is_warc(n) for n in ["a.gz", "warc.txt", "a.html", "a.warc.json"])


def test_the_whole_file_limit_does_not_apply_but_each_record_is_capped(tmp_path: Path) -> None:
    settings = Settings.load(None, {"ingest.max_bytes": 12_000})
    big = page(FERRY * 8, title="A very long page", site="The Harbour Gazette")
    assert len(big.encode()) > 12_000 > len(FERRY_PAGE.encode())
    path = tmp_path / "crawl.warc"
    write_warc(
        path,
        [
            response("https://a.example.com/ferry", FERRY_PAGE),
            response("https://a.example.com/long", big),
            response("https://b.example.com/library", LIBRARY_PAGE),
        ],
        gzip=False,
    )
    assert path.stat().st_size > 12_000
    articles, failures = read(path, settings=settings)
    assert [a.url for a in articles] == ["https://a.example.com/ferry", "https://b.example.com/library"]
    [over] = failures
    assert over.code == "E131"
    assert over.message.startswith(f"{path}#2 https://a.example.com/long: the page is over the 12 kB limit")
    assert "--set ingest.max_bytes=N" in over.message


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_crawl_keeps_the_articles_before_the_break(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    records = [
        response("https://a.example.com/ferry", FERRY_PAGE),
        response("https://b.example.com/library", LIBRARY_PAGE),
        response("https://c.example.com/ferry-again", FERRY_PAGE.replace("Thursday", "Friday")),
        response("https://d.example.com/library-again", LIBRARY_PAGE.replace("Sundays", "Saturdays")),
    ]
    ends = write_warc(path, records, gzip=compressed)
    data = path.read_bytes()
    path.write_bytes(data[: (ends[1] + ends[2]) // 2])  # cut in the middle of the third record
    articles, failures = read(path)
    assert [a.url for a in articles] == ["https://a.example.com/ferry", "https://b.example.com/library"]
    [broken] = failures
    assert broken.code == "E132"
    assert broken.source == str(path)
    assert broken.message.startswith(f"{path}: the file breaks off or is damaged at record #3")
    assert "the 2 article(s) before it were read" in broken.message
    assert "re-download" in broken.message
    assert "\n" not in broken.message


def test_garbage_between_records_is_reported_where_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "damaged.warc"
    records = [response("https://a.example.com/ferry", FERRY_PAGE), response("https://b.example.com/lib", LIBRARY_PAGE)]
    ends = write_warc(path, records, gzip=False)
    data = path.read_bytes()
    path.write_bytes(data[: ends[0]] + b"\x00\x13garbage that is no record header\r\n" + data[ends[0] + 40 :])
    articles, failures = read(path)
    assert [a.url for a in articles] == ["https://a.example.com/ferry"]
    [broken] = failures
    assert broken.code == "E132" and "at record #2" in broken.message


def test_a_file_that_is_not_a_crawl_is_one_clear_failure(tmp_path: Path) -> None:
    path = tmp_path / "page.warc"
    path.write_text(FERRY_PAGE, encoding="utf-8")
    articles, failures = read(path)
    assert articles == []
    [wrong] = failures
    assert wrong.code == "E133"
    assert wrong.message.startswith(f"{path}: not a WARC or ARC file")


def test_a_crawl_without_any_html_page_says_so(tmp_path: Path) -> None:
    path = tmp_path / "images.warc.gz"
    write_warc(
        path,
        [
            request("https://a.example.com/x.jpg"),
            response("https://a.example.com/x.jpg", b"\xff\xd8\xff", content_type="image/jpeg"),
        ],
        gzip=True,
    )
    articles, failures = read(path)
    assert articles == []
    [none] = failures
    assert none.code == "E135"
    assert "no HTML page with status 200 among its 2 record(s) (1 image/jpeg, 1 request)" in none.message


@pytest.mark.parametrize("compressed", [True, False], ids=["arc.gz", "arc"])
def test_an_arc_file_is_read_like_a_warc(tmp_path: Path, compressed: bool) -> None:
    import gzip

    html = FERRY_PAGE.encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n" % len(html)
    block = http + html
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    header = b"filedesc://test.arc 0.0.0.0 20200102030405 text/plain %d\n" % len(version)
    record = b"https://www.example.net/ferry 127.0.0.1 20220304050607 text/html %d\n" % len(block)
    path = tmp_path / ("old.arc.gz" if compressed else "old.arc")
    members = [header + version + b"\n", record + block + b"\n"]  # one gzip member per record, as crawlers write
    path.write_bytes(b"".join(gzip.compress(m) for m in members) if compressed else b"".join(members))
    articles, failures = read(path)
    assert not failures
    [article] = articles
    assert article.url == "https://www.example.net/ferry"
    assert article.source == f"{path}#2 https://www.example.net/ferry"
    assert article.published == "2021-11-04"


class CountingFile:
    """A file object that counts the bytes handed out (the reader sees only read())."""

    def __init__(self, path: Path) -> None:
        self.handle = path.open("rb")
        self.consumed = 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.consumed += len(data)
        return data


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_a_crawl_is_consumed_lazily_record_by_record(tmp_path: Path, compressed: bool) -> None:
    path = tmp_path / ("many.warc.gz" if compressed else "many.warc")
    # random hex in a comment keeps gzip from shrinking the file to nothing
    pages = [FERRY_PAGE.replace("</body>", f"<!-- {os.urandom(3000).hex()} --></body>") for _ in range(300)]
    write_warc(path, [response(f"https://a.example.com/story-{n}", p) for n, p in enumerate(pages)], gzip=compressed)
    size = path.stat().st_size
    assert size > 1_400_000
    stream = CountingFile(path)
    items = WarcReader().read_stream(stream, str(path), SETTINGS)
    first = next(items)
    assert isinstance(first, Article) and first.url == "https://a.example.com/story-0"
    assert stream.consumed < 100_000  # only the first record (and a read-ahead buffer), not the file
    assert sum(1 for _ in items) == 299
    assert stream.consumed == size


def test_http_content_and_transfer_encodings_are_undone(tmp_path: Path) -> None:
    import gzip

    body = FERRY_PAGE.encode()
    zipped = gzip.compress(body)
    chunks = [body[i : i + 1000] for i in range(0, len(body), 1000)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, payload, headers in [
        ("https://a.example.com/gzip", zipped, [("Content-Encoding", "gzip")]),
        ("https://a.example.com/chunked", chunked, [("Transfer-Encoding", "chunked")]),
        ("https://a.example.com/zstd", b"\x1b\x00not decodable here", [("Content-Encoding", "zstd")]),
        ("https://a.example.com/damaged", zipped[:40] + bytes(50), [("Content-Encoding", "gzip")]),
    ]:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), *headers], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http))
    path = tmp_path / "encoded.warc.gz"
    path.write_bytes(buf.getvalue())
    articles, failures = read(path)
    assert [a.url for a in articles] == ["https://a.example.com/gzip", "https://a.example.com/chunked"]
    assert all("“We heard from people who had no other way across the water,”" in a.raw for a in articles)
    assert [(f.code, f.source) for f in failures] == [
        ("E134", f"{path}#3 https://a.example.com/zstd"),
        ("E134", f"{path}#4 https://a.example.com/damaged"),
    ]
    assert "compressed with zstd, which cannot be decoded here" in failures[0].message
    assert "the gzip-compressed body cannot be decoded" in failures[1].message
