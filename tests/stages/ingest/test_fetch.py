"""Fetching URLs: the address guard, redirects, limits, retries and the one-line failures.

Every request goes to the local test server on 127.0.0.1 (see conftest.py); the guard tests use
addresses that are refused before any connection is made.
"""

from __future__ import annotations

import email.utils
import ipaddress
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from newstrace import __version__
from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest import _fetch as fetch
from newstrace.stages.ingest import read_inputs
from newstrace.stages.ingest._fetch import fetch_url
from newstrace.stages.ingest._source import Source

from .webserver import HARBOUR, LocalServer

DEFAULTS = Settings.load()


def fetched(result: Source | Failure) -> Source:
    assert isinstance(result, Source), getattr(result, "message", result)
    return result


def failed(result: Source | Failure, code: str) -> Failure:
    assert isinstance(result, Failure), f"expected a failure, got a page from {getattr(result, 'url', '?')}"
    assert result.code == code, result.message
    assert "\n" not in result.message
    assert result.stage == "ingest"
    return result


# -- the address guard ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://localhost/admin", "loopback"),
        ("http://10.0.0.5/internal", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[fe80::1]/", "link-local"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:10.0.0.1]/", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://100.64.0.1/", "not a public"),
    ],
)
def test_the_guard_refuses_non_public_addresses_by_default(url: str, kind: str) -> None:
    result = failed(fetch_url(url, DEFAULTS), "E121")
    assert result.source == url
    assert result.message.startswith(f"{url}: refused")
    assert kind in result.message
    assert "ingest.fetch.allow_private_addresses=true" in result.message


def test_the_guard_refuses_the_local_server_until_private_addresses_are_allowed(
    server: LocalServer, local: Settings
) -> None:
    before = server.hits["/article"]
    failed(fetch_url(server.url("/article"), DEFAULTS), "E121")
    assert server.hits["/article"] == before, "a refused address must not be contacted"
    fetched(fetch_url(server.url("/article"), local))
    assert server.hits["/article"] == before + 1


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
    def getaddrinfo(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in answers[host]
        ]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)


def test_a_host_name_is_judged_by_every_address_it_resolves_to(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"intranet.example": ["10.0.0.7"], "mixed.example": ["93.184.216.34", "172.16.5.4"]})
    message = failed(fetch_url("http://intranet.example/wiki", DEFAULTS), "E121").message
    assert "intranet.example is 10.0.0.7, a private network address" in message
    assert "172.16.5.4" in failed(fetch_url("https://mixed.example/", DEFAULTS), "E121").message


def test_an_unknown_host_is_a_one_line_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {})
    message = failed(fetch_url("https://no-such-outlet.example/story", DEFAULTS), "E122").message
    assert "no-such-outlet.example could not be found" in message


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4001::200e"])
def test_public_addresses_pass_the_guard(address: str) -> None:
    assert fetch._non_public(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("url", ["ftp://example.com/file.txt", "file:///etc/passwd", "gopher://example.com/"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    assert "only http and https" in failed(fetch_url(url, DEFAULTS), "E120").message


# -- pages, redirects, refusals ----------------------------------------------------------------


def test_a_page_comes_back_with_its_final_url_type_and_charset(server: LocalServer, local: Settings) -> None:
    source = fetched(fetch_url(server.url("/article"), local))
    assert source.name == server.url("/article")
    assert source.url == server.url("/article")
    assert (source.content_type, source.charset) == ("text/html", "utf-8")
    assert HARBOUR[0].split(",")[0].encode() in source.data


def test_requests_carry_a_user_agent_naming_newstrace_and_keep_the_host_name(
    server: LocalServer, local: Settings
) -> None:
    url = f"http://localhost:{server.port}/text"
    source = fetched(fetch_url(url, local))
    assert source.content_type == "text/plain"
    seen = server.headers_seen["/text"]
    assert seen["User-Agent"].startswith(f"newstrace/{__version__}")
    assert seen["Host"] == f"localhost:{server.port}"


def test_a_redirect_chain_is_followed_to_the_final_page(server: LocalServer, local: Settings) -> None:
    source = fetched(fetch_url(server.url("/redirect/1"), local))
    assert source.name == server.url("/redirect/1")
    assert source.url == server.url("/article")


def test_too_many_redirects_is_a_clear_failure(server: LocalServer, settings_with: Callable[..., Settings]) -> None:
    result = failed(fetch_url(server.url("/redirect/1"), settings_with(**{"ingest.fetch.max_redirects": 1})), "E124")
    assert "more than 1 redirects" in result.message


def test_a_redirect_loop_is_named_as_a_loop(server: LocalServer, local: Settings) -> None:
    message = failed(fetch_url(server.url("/loop/a"), local), "E124").message
    assert "redirect loop" in message
    assert server.url("/loop/b") in message


def test_every_redirect_hop_passes_the_guard_again(server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # treat the test server as public so the guard is on, then let it redirect inward
    real = fetch._non_public
    monkeypatch.setattr(fetch, "_non_public", lambda ip: None if str(ip) == "127.0.0.1" else real(ip))
    settings = Settings.load(overrides={"ingest.fetch.host_delay": 0.0})
    fetched(fetch_url(server.url("/redirect/1"), settings))
    inward = server.url("/redirect-to?to=http://169.254.169.254/latest/meta-data/")
    message = failed(fetch_url(inward, settings), "E121").message
    assert message.startswith(f"{inward}: refused: 169.254.169.254 is a link-local address")
    to_file = failed(fetch_url(server.url("/redirect-to?to=file:///etc/passwd"), settings), "E120").message
    assert "redirected to an unusable address" in to_file


@pytest.mark.parametrize(("path", "status"), [("/missing", "HTTP 404 Not Found"), ("/gone", "HTTP 410 Gone")])
def test_client_errors_are_one_line_and_not_retried(
    server: LocalServer, local: Settings, path: str, status: str
) -> None:
    before = server.hits[path]
    message = failed(fetch_url(server.url(path), local), "E126").message
    assert message.startswith(f"{server.url(path)}: {status}")
    assert server.hits[path] == before + 1


@pytest.mark.parametrize(("path", "kind"), [("/image.png", "image/png"), ("/report.pdf", "application/pdf")])
def test_images_and_documents_are_refused_by_type(server: LocalServer, local: Settings, path: str, kind: str) -> None:
    message = failed(fetch_url(server.url(path), local), "E125").message
    assert f"the server sent {kind}, not a web page or feed" in message


@pytest.mark.parametrize("path", ["/big", "/big-declared"])
def test_an_oversize_body_is_abandoned_at_the_cap(
    server: LocalServer, settings_with: Callable[..., Settings], path: str
) -> None:
    before = server.sent[path]
    result = failed(fetch_url(server.url(path), settings_with(**{"ingest.fetch.max_bytes": 100_000})), "E127")
    assert "over the 100,000 bytes limit" in result.message
    time.sleep(0.2)  # let the server notice the hang-up
    assert server.sent[path] - before < 10_000_000, "the fetcher must stop reading at the cap, not take 50 MB"


# -- time limits and retries ----------------------------------------------------------------------


def test_a_slow_server_times_out(server: LocalServer, settings_with: Callable[..., Settings]) -> None:
    settings = settings_with(**{"ingest.fetch.read_timeout": 0.2, "ingest.fetch.retries": 1})
    before = server.hits["/slow"]
    message = failed(fetch_url(server.url("/slow?s=1.5"), settings), "E123").message
    assert "timed out" in message and "(2 tries)" in message
    assert server.hits["/slow"] == before + 2


def test_the_overall_deadline_bounds_one_url(server: LocalServer, settings_with: Callable[..., Settings]) -> None:
    settings = settings_with(**{"ingest.fetch.deadline": 0.3, "ingest.fetch.read_timeout": 5.0})
    assert "0.3 s limit" in failed(fetch_url(server.url("/slow?s=1.5"), settings), "E123").message


def test_a_server_error_is_retried_and_the_second_answer_used(server: LocalServer, local: Settings) -> None:
    source = fetched(fetch_url(server.url("/flaky?key=retry-test"), local))
    assert HARBOUR[1][:20].encode() in source.data.replace(b"&#x27;", b"'")
    assert server.hits["flaky:retry-test"] == 2


def test_too_many_requests_waits_as_told_and_retries(server: LocalServer, local: Settings) -> None:
    fetched(fetch_url(server.url("/busy?key=429-test"), local))
    assert server.hits["busy:429-test"] == 2


def test_a_server_that_keeps_failing_gives_up_after_the_retries(
    server: LocalServer, settings_with: Callable[..., Settings]
) -> None:
    before = server.hits["/broken"]
    message = failed(fetch_url(server.url("/broken"), settings_with(**{"ingest.fetch.retries": 2})), "E126").message
    assert "HTTP 503" in message and "(3 tries)" in message
    assert server.hits["/broken"] == before + 3


def test_a_refused_connection_is_retried_then_reported(settings_with: Callable[..., Settings]) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    message = failed(fetch_url(url, settings_with(**{"ingest.fetch.retries": 1})), "E122").message
    assert message.startswith(f"{url}: could not connect to 127.0.0.1") and "(2 tries)" in message


@pytest.mark.parametrize(
    ("header", "expected"),
    [("7", 7.0), ("0", 0.0), (None, None), ("soon", None)],
)
def test_retry_after_in_seconds(header: str | None, expected: float | None) -> None:
    assert fetch._retry_after(header) == expected


def test_retry_after_as_a_date() -> None:
    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    wait = fetch._retry_after(when)
    assert wait is not None and 60 < wait <= 121


# -- through read_inputs ---------------------------------------------------------------------------


def test_urls_are_read_as_articles_and_bad_ones_do_not_stop_the_batch(
    server: LocalServer, local: Settings, tmp_path: Path
) -> None:
    text_file = tmp_path / "local.txt"
    text_file.write_text("\n\n".join(HARBOUR), encoding="utf-8")
    items = list(read_inputs([server.url("/redirect/1"), server.url("/missing"), str(text_file)], local))
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [a.source for a in articles] == [server.url("/redirect/1"), str(text_file)]
    page = articles[0]
    assert page.url == server.url("/article")
    assert page.title == "Port terminal delayed again"
    assert page.published == "2024-05-02"
    assert page.content_type == "text/html"
    assert [(f.source, f.code) for f in failures] == [(server.url("/missing"), "E126")]


def test_a_url_is_refused_by_read_inputs_without_the_opt_in(server: LocalServer) -> None:
    [item] = list(read_inputs([server.url("/article")], DEFAULTS))
    assert isinstance(item, Failure) and item.code == "E121"
