"""A local web server for the fetch and feed tests: 127.0.0.1 only, on an ephemeral port.

It serves article pages, feeds that link back to it, and the misbehaviour a fetcher must survive:
redirect chains and loops, 404/410, a slow endpoint, an endless body, an image, a server that
fails once and then works, and a "feed" that is not XML. ``server.hits`` counts requests per
path and ``server.sent`` the body bytes written per path, so tests can check what was fetched.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from newstrace.settings import Settings

HARBOUR = [
    "The port authority said on Wednesday that the new container terminal would open in the spring, "
    "two years later than first promised and at almost twice the original cost.",
    "“We underestimated the state of the old quay walls,” said Helen Marsh, the authority's chief engineer. "
    "She told reporters that divers had found cracks along most of the northern berth and that the repairs "
    "had to be finished before any crane could be installed.",
    "Shipping companies have waited for the terminal since the plan was approved. Several of them said "
    "the delay had forced them to send larger vessels to a rival port further down the coast, where the "
    "water is deeper and the cranes are newer.",
    "Local residents are divided. Some welcome the jobs the terminal is expected to bring, while others "
    "worry about the noise of night shifts and the lorries that will use the narrow road to the motorway. "
    "A residents' group said it would ask the council to limit traffic after ten in the evening.",
    "The authority said the final bill would be published with its annual accounts in June. An independent "
    "review of the project, ordered by the transport minister last year, is due to report at the same time.",
]
ORCHARD = [
    "Apple growers in the valley expect one of the smallest harvests in a decade after a late frost "
    "damaged the blossom in April, the regional farmers' union said on Monday.",
    "“Some orchards lost nearly everything in a single night,” said Tomas Berg, who farms forty hectares "
    "near the river. He said the frost came after a week of warm weather that had brought the trees into "
    "flower early, leaving them with no protection when the temperature fell.",
    "The union asked the government for emergency support to help growers pay seasonal workers, whose "
    "wages are due whether or not there is fruit to pick. A spokesperson for the agriculture ministry said "
    "the request would be considered when the full extent of the damage was known.",
    "Buyers warned that prices in the shops could rise in the autumn. Cider makers, who depend on the "
    "local crop, said they might have to import fruit for the first time, which would change the taste "
    "of their drinks and add to their costs.",
    "Scientists at the university's agricultural station said late frosts had become more frequent over "
    "the past twenty years and advised growers to consider later flowering varieties and frost fans.",
]
LIBRARY = [
    "The city library will stay open until midnight during the examination season, the council announced "
    "on Thursday, after students collected more than three thousand signatures asking for longer hours.",
    "“Many of our students have nowhere quiet to work at home,” said Priya Nair, who organised the petition. "
    "She said the reading rooms had been full every evening since the start of the term and that some "
    "students had been studying in cafes and train stations.",
    "The council said the extra hours would cost about forty thousand pounds and would be paid for from "
    "an education fund that had not been fully spent last year. Two additional security staff will be "
    "hired for the late shifts, and the heating will stay on in the main hall.",
    "Librarians welcomed the decision but said the building needed more permanent investment. The roof "
    "of the east wing has leaked for several winters, and part of the local history collection was moved "
    "to storage after water damaged a shelf of old maps.",
    "The longer opening hours begin next month and will be reviewed in the summer, when the council will "
    "decide whether to keep them for the following year.",
]


def page(title: str, paragraphs: list[str], *, date: str = "2024-05-02", author: str = "Jane Reporter") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='author' content='{author}'>"
        f"<meta property='article:published_time' content='{date}T09:00:00Z'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Example Gazette</footer></body></html>"
    ).encode()


PAGES = {
    "/article": page("Port terminal delayed again", HARBOUR),
    "/orchard": page("Late frost hits apple growers", ORCHARD, date="2024-04-20", author="Sam Fielder"),
    # no date and no author in the page: the feed supplies them
    "/library": (
        "<!doctype html><html lang='en'><head><title>Library to open until midnight</title></head><body>"
        "<article><h1>Library to open until midnight</h1>"
        + "".join(f"<p>{p}</p>" for p in LIBRARY)
        + "</article></body></html>"
    ).encode(),
}


def rss(base: str) -> bytes:
    """An RSS 2.0 feed: two good items, a 404 with no text, a 404 carrying its full text, and a repeated link."""
    full = "".join(f"<p>{p}</p>" for p in LIBRARY)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Example Gazette</title><link>{base}/</link><description>News</description>
<item><title>Port terminal delayed again</title><link>{base}/article</link>
  <pubDate>Wed, 01 May 2024 08:00:00 GMT</pubDate><description>The terminal opens in spring.</description></item>
<item><title>Library to open until midnight</title><link>{base}/library</link>
  <pubDate>Fri, 03 May 2024 08:00:00 GMT</pubDate><author>desk@example.org (City Desk)</author>
  <description>Students asked for longer hours.</description></item>
<item><title>A story that was taken down</title><link>{base}/missing</link>
  <pubDate>Sat, 04 May 2024 08:00:00 GMT</pubDate><description>Short teaser.</description></item>
<item><title>Library hours, full text</title><link>{base}/gone</link>
  <pubDate>Sun, 05 May 2024 08:00:00 GMT</pubDate><description>Teaser.</description>
  <content:encoded><![CDATA[{full}]]></content:encoded></item>
<item><title>Port terminal delayed again (updated)</title><link>{base}/article#update</link>
  <pubDate>Wed, 01 May 2024 12:00:00 GMT</pubDate></item>
</channel></rss>""".encode()


def atom(base: str) -> bytes:
    """An Atom feed: one good entry with full content, one linking to a 404."""
    full = "".join(f"<p>{p}</p>" for p in ORCHARD)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Farmer</title><id>urn:x</id>
<updated>2024-04-21T00:00:00Z</updated>
<entry><title>Late frost hits apple growers</title><id>urn:1</id><link href="{base}/orchard"/>
  <updated>2024-04-21T00:00:00Z</updated><author><name>Atom Author</name></author>
  <content type="html">{full.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}</content></entry>
<entry><title>Missing story</title><id>urn:2</id><link href="{base}/missing"/>
  <updated>2024-04-22T00:00:00Z</updated><summary>Nothing here.</summary></entry>
</feed>""".encode()


def slow_rss(base: str, first: float, rest: float) -> bytes:
    """An RSS feed of four items: the first page takes ``first`` seconds to come, the others ``rest``;
    the third item carries its full text."""
    full = "".join(f"<p>{p}</p>" for p in ORCHARD)
    items = "".join(
        f"<item><title>Slow page {n}</title><link>{base}/slow?s={first if n == 1 else rest}&amp;n={n}</link>"
        + (f"<content:encoded><![CDATA[{full}]]></content:encoded>" if n == 3 else "<description>Teaser.</description>")
        + "</item>"
        for n in range(1, 5)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Slow Courier</title><link>{base}/</link><description>News</description>
{items}</channel></rss>""".encode()


class _Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        srv = self.server
        with srv.lock:
            srv.hits[path] += 1
            srv.headers_seen[path] = dict(self.headers.items())
        base = f"http://{self.headers.get('Host', f'127.0.0.1:{srv.port}')}"
        if path in PAGES:
            self._send(200, PAGES[path], "text/html; charset=utf-8")
        elif path == "/text":
            self._send(200, "\n\n".join(HARBOUR).encode(), "text/plain")
        elif path.startswith("/redirect/"):
            step = int(path.rsplit("/", 1)[1])
            target = "/article" if step >= 3 else f"/redirect/{step + 1}"
            self._redirect(301 if step == 1 else 302, target)
        elif path == "/loop/a":
            self._redirect(302, "/loop/b")
        elif path == "/loop/b":
            self._redirect(307, f"{base}/loop/a")
        elif path == "/redirect-to":
            self._redirect(302, query["to"][0])
        elif path == "/missing":
            self._send(404, b"<html><body>not found</body></html>", "text/html")
        elif path == "/gone":
            self._send(410, b"gone", "text/plain")
        elif path == "/slow":
            time.sleep(float(query.get("s", ["2"])[0]))
            self._send(200, PAGES["/article"], "text/html")
        elif path == "/big":
            self._endless(declare=False)
        elif path == "/big-declared":
            self._endless(declare=True)
        elif path == "/image.png":
            self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        elif path == "/report.pdf":
            self._send(200, b"%PDF-1.4\n" + bytes(200), "application/pdf")
        elif path == "/flaky":
            key = f"flaky:{query.get('key', [''])[0]}"
            with srv.lock:
                srv.hits[key] += 1
                first = srv.hits[key] == 1
            if first:
                self._send(500, b"temporary failure", "text/plain")
            else:
                self._send(200, PAGES["/article"], "text/html")
        elif path == "/busy":
            key = f"busy:{query.get('key', [''])[0]}"
            with srv.lock:
                srv.hits[key] += 1
                first = srv.hits[key] == 1
            if first:
                self._send(429, b"slow down", "text/plain", extra={"Retry-After": "1"})
            else:
                self._send(200, PAGES["/orchard"], "text/html")
        elif path == "/broken":
            self._send(503, b"down", "text/plain")
        elif path == "/feed.rss":
            self._send(200, rss(base), "application/rss+xml; charset=utf-8")
        elif path == "/slow.rss":
            delays = (float(query.get(key, ["1"])[0]) for key in ("first", "rest"))
            self._send(200, slow_rss(base, *delays), "application/rss+xml")
        elif path == "/feed.atom":
            self._send(200, atom(base), "application/atom+xml")
        elif path == "/notafeed.rss":
            self._send(200, b"this is { not xml at all, <<< just noise", "application/rss+xml")
        else:
            self._send(404, b"no such page", "text/plain")

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self._count(len(body))

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _endless(self, *, declare: bool) -> None:
        """Up to 50 MB of HTML, written until the client hangs up."""
        total = 50_000_000
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declare:
            self.send_header("Content-Length", str(total))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        chunk = b"<p>" + b"filler text " * 5000 + b"</p>\n"
        sent = 0
        try:
            while sent < total:
                self.wfile.write(chunk)
                sent += len(chunk)
                self._count(len(chunk))
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True

    def _count(self, n: int) -> None:
        with self.server.lock:
            self.server.sent[urlsplit(self.path).path] += n


class LocalServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = int(self.server_address[1])
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.sent: Counter[str] = Counter()
        self.headers_seen: dict[str, dict[str, str]] = {}

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a timeout, a size cap) is expected here; anything else is printed."""
        import sys

        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def fast_settings(**overrides: object) -> Settings:
    """Settings that may fetch from this machine, with short timeouts and back-off so tests run quickly."""
    values: dict[str, object] = {
        "ingest.fetch.allow_private_addresses": True,
        "ingest.fetch.connect_timeout": 2.0,
        "ingest.fetch.read_timeout": 5.0,
        "ingest.fetch.deadline": 20.0,
        "ingest.fetch.backoff": 0.01,
        "ingest.fetch.max_retry_wait": 0.05,
        "ingest.fetch.host_delay": 0.0,
    }
    values.update(overrides)
    return Settings.load(overrides=values)
