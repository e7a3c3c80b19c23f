"""Fetch one web page or feed over HTTP(S): politely, within limits, and never from a private network.

``fetch_url(url, settings)`` returns a ``Source`` (the body, the final URL after redirects, the
content type and charset the server declared) or a one-line ``Failure`` naming the URL:

* only ``http`` and ``https``; every host is resolved and each of its addresses checked before
  any connection (loopback, private, link-local, multicast, reserved and unspecified addresses
  are refused unless ``ingest.fetch.allow_private_addresses``), and the connection goes to the
  checked address itself (Host header and TLS name kept), so a second DNS answer cannot swap in
  an internal one;
* redirects are followed by hand, each hop checked again, up to ``max_redirects``; a loop is
  named as a loop;
* connect/read timeouts and an overall deadline per URL, cut to what is left of the time budget
  the fetch draws on (the run's, a feed's: ``newstrace.stages.ingest._budget``); the body is
  streamed and abandoned at ``max_bytes``;
* connection errors, timeouts, 429 and 5xx are retried with exponential back-off (a server's
  Retry-After is honoured up to a cap); other 4xx are final;
* only pages, feeds, plain text and JSON are read: images, PDFs, video and binary downloads
  are refused by their declared type.

Error codes: E120 not a web address, E121 address refused, E122 host not found or no connection,
E123 timed out, E124 redirects, E125 not a page or feed, E126 HTTP error status, E127 too large,
E137 not fetched (or cut off) because its time budget was spent.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import socket
import threading
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import httpx

from newstrace.errors import InputError
from newstrace.model import Failure
from newstrace.settings import Settings
from newstrace.stages.ingest._budget import FetchBudget
from newstrace.stages.ingest._source import Source, failure

log = logging.getLogger(__name__)

#: Media types read: pages, feeds and other XML, plain text, JSON (and the ``+xml``/``+json`` families).
_ACCEPTED = frozenset({"text/html", "application/xhtml+xml", "text/xml", "application/xml", "text/plain"})
_ACCEPT_HEADER = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
    "text/xml;q=0.9,text/plain;q=0.8,application/json;q=0.7,*/*;q=0.1"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class _Options:
    connect_timeout: float
    read_timeout: float
    deadline: float
    max_bytes: int
    max_redirects: int
    retries: int
    backoff: float
    max_retry_wait: float
    host_delay: float
    user_agent: str
    allow_private: bool
    #: What cut ``deadline`` below the per-URL setting: the budget named in a timeout's message.
    budget: FetchBudget | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> _Options:
        from newstrace._version import __version__

        return cls(
            connect_timeout=float(settings.get("ingest.fetch.connect_timeout")),
            read_timeout=float(settings.get("ingest.fetch.read_timeout")),
            deadline=float(settings.get("ingest.fetch.deadline")),
            max_bytes=int(settings.get("ingest.fetch.max_bytes")),
            max_redirects=int(settings.get("ingest.fetch.max_redirects")),
            retries=int(settings.get("ingest.fetch.retries")),
            backoff=float(settings.get("ingest.fetch.backoff")),
            max_retry_wait=float(settings.get("ingest.fetch.max_retry_wait")),
            host_delay=float(settings.get("ingest.fetch.host_delay")),
            user_agent=str(settings.get("ingest.fetch.user_agent")).replace("{version}", __version__),
            allow_private=bool(settings.get("ingest.fetch.allow_private_addresses")),
        )


def fetch_url(url: str, settings: Settings, budget: FetchBudget | None = None) -> Source | Failure:
    """Download ``url`` (following redirects) as a Source, or a one-line Failure naming it.

    With a ``budget``, the time taken is charged to it, the fetch may take no longer than what is
    left of it, and nothing is fetched once it is spent (E137)."""
    opts = _Options.from_settings(settings)
    if budget is not None:
        spent = budget.spent()
        if spent is not None:
            return failure(url, _budget_message(url, "not fetched", spent), "E137")
        if budget.left() < opts.deadline:
            opts = replace(opts, deadline=budget.left(), budget=budget.tightest())
    try:
        if budget is None:
            return _fetch(url, opts)
        with budget.drawing():
            return _fetch(url, opts)
    except InputError as exc:
        return failure(url, str(exc.args[0]), exc.code)


def _budget_message(url: str, what: str, budget: FetchBudget) -> str:
    return (
        f"{url}: {what}: {budget.describe()} were spent; "
        f"raise --set {budget.setting}=N (0: no limit), or fetch fewer pages per run"
    )


# -- the address guard --------------------------------------------------------------------


def _check_address(url: str, host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> None:
    """Raise InputError (E121) when ``ip`` is not a public internet address."""
    why = _non_public(ip)
    if why:
        what = f"{host} is {why}" if _is_literal(host) else f"{host} is {ip}, {why}"
        raise InputError(
            f"{url}: refused: {what}; newstrace fetches only public web addresses "
            "(--set ingest.fetch.allow_private_addresses=true on a machine whose network you trust)",
            code="E121",
        )


def _non_public(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` is not a public unicast address (None when it is one)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = _non_public(embedded)
            return f"{inner} (inside an IPv6 address)" if inner else None
    for flag, what in (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private network address"),
        ("is_reserved", "a reserved address"),
    ):
        if getattr(ip, flag):
            return what
    if not ip.is_global:
        return "not a public internet address"
    return None


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _is_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _resolve(url: str, host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses ``host`` resolves to, each checked by the guard (all must pass)."""
    if _is_literal(host):
        addresses = [str(ipaddress.ip_address(host))]
    else:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise InputError(
                f"{url}: the host {host} could not be found; check the address and the network", code="E122"
            ) from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if not allow_private:
        for address in addresses:
            _check_address(url, host, ipaddress.ip_address(address.split("%", 1)[0]))
    if not addresses:
        raise InputError(f"{url}: the host {host} has no address; check the address", code="E122")
    return addresses


# -- politeness ---------------------------------------------------------------------------

_last_request: dict[str, float] = {}
_last_lock = threading.Lock()


def _wait_for_host(host: str, delay: float) -> None:
    """Leave at least ``delay`` seconds between two requests to the same host (feeds fetch many)."""
    if delay <= 0:
        return
    with _last_lock:
        now = time.monotonic()
        start = max(now, _last_request.get(host, 0.0) + delay)
        _last_request[host] = start
    if start > now:
        time.sleep(start - now)


# -- fetching -----------------------------------------------------------------------------


class _Retry(Exception):
    """One attempt failed in a way worth another try: what happened, what to do, and how long to wait."""

    def __init__(self, what: str, hint: str, code: str, wait: float | None = None) -> None:
        super().__init__(what)
        self.what, self.hint, self.code, self.wait = what, hint, code, wait


def _fetch(url: str, opts: _Options) -> Source:
    given = url.strip()
    current = _parse(given)
    deadline = time.monotonic() + opts.deadline
    visited = [str(current)]
    timeout = httpx.Timeout(opts.read_timeout, connect=opts.connect_timeout, pool=opts.connect_timeout)
    headers = {"User-Agent": opts.user_agent, "Accept": _ACCEPT_HEADER, "Accept-Language": "en;q=1.0, *;q=0.5"}
    with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False, headers=headers) as client:
        while True:
            status, location, source = _get_with_retries(client, given, current, opts, deadline)
            if source is not None:
                return source
            if location is None:
                raise InputError(
                    f"{given}: HTTP {status} redirect without a Location; the site is misconfigured", code="E124"
                )
            try:
                target = _parse(str(current.join(location)), given)
            except InputError as exc:
                raise InputError(f"{given}: redirected to an unusable address ({exc.args[0]})", code=exc.code) from None
            if str(target) in visited:
                loop = " → ".join([*visited[visited.index(str(target)) :], str(target)])
                raise InputError(
                    f"{given}: redirect loop ({loop}); the site is misconfigured, try it in a browser", code="E124"
                )
            if len(visited) > opts.max_redirects:
                raise InputError(
                    f"{given}: more than {opts.max_redirects} redirects (last to {target}); "
                    "raise --set ingest.fetch.max_redirects=N if that is expected",
                    code="E124",
                )
            visited.append(str(target))
            current = target


def _parse(url: str, given: str | None = None) -> httpx.URL:
    name = given or url
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        raise InputError(f"{name}: not a valid web address ({exc}); check it", code="E120") from None
    if parsed.scheme not in {"http", "https"}:
        raise InputError(
            f"{name}: only http and https addresses can be fetched, not '{parsed.scheme}:'; "
            "save the page and pass the file",
            code="E120",
        )
    if not parsed.host:
        raise InputError(f"{name}: the address has no host name; check it", code="E120")
    return parsed.copy_with(fragment=None)


def _get_with_retries(
    client: httpx.Client, given: str, url: httpx.URL, opts: _Options, deadline: float
) -> tuple[int, str | None, Source | None]:
    """One hop: (status, Location, None) for a redirect or (200, None, Source), retrying what is transient."""
    addresses = _resolve(
        given, url.raw_host.decode("ascii"), url.port or (443 if url.scheme == "https" else 80), opts.allow_private
    )
    attempt = 0
    while True:
        attempt += 1
        try:
            return _get_once(client, given, url, addresses, opts, deadline)
        except _Retry as retry:
            wait = opts.backoff * 2 ** (attempt - 1) if retry.wait is None else min(retry.wait, opts.max_retry_wait)
            # a timeout with no time left to try again, under a deadline a budget cut, is the budget's doing
            budget_cut = opts.budget is not None and retry.code == "E123"
            if time.monotonic() + (wait if budget_cut else 0.0) >= deadline:
                raise _deadline_error(given, opts) from None
            if attempt > opts.retries or time.monotonic() + wait >= deadline:
                tries = f" ({attempt} tries)" if attempt > 1 else ""
                raise InputError(f"{given}: {retry.what}{tries}; {retry.hint}", code=retry.code) from None
            log.info("%s: %s; trying again in %.1f s", given, retry.what, wait)
            time.sleep(wait)


def _get_once(
    client: httpx.Client, given: str, url: httpx.URL, addresses: list[str], opts: _Options, deadline: float
) -> tuple[int, str | None, Source | None]:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _deadline_error(given, opts)
    timeout = httpx.Timeout(
        min(opts.read_timeout, remaining),
        connect=min(opts.connect_timeout, remaining),
        pool=min(opts.connect_timeout, remaining),
    )
    host = url.raw_host.decode("ascii")  # IDNA-encoded: what DNS and TLS see
    _wait_for_host(host, opts.host_delay)
    last: httpx.ConnectError | None = None
    for address in addresses:
        # connect to the address the guard checked; the server still sees (and TLS checks) the host name
        request = client.build_request(
            "GET",
            url.copy_with(host=address),
            headers={"Host": url.netloc.decode("ascii")},
            timeout=timeout,
            extensions={"sni_hostname": host},
        )
        try:
            response = client.send(request, stream=True)
        except httpx.ConnectError as exc:
            last = exc
            continue
        except httpx.TimeoutException:
            raise _Retry(
                f"timed out (connect {opts.connect_timeout:g} s, read {opts.read_timeout:g} s)",
                "try later or raise --set ingest.fetch.read_timeout=N",
                "E123",
            ) from None
        except httpx.TransportError as exc:
            raise _Retry(f"the connection failed ({_reason(exc)})", "try again later", "E122") from None
        try:
            return _handle(response, given, url, opts, deadline)
        finally:
            response.close()
    reason = _reason(last) if last else "no address"
    if last is not None and "CERTIFICATE" in str(last).upper():
        raise InputError(
            f"{given}: the TLS certificate of {host} could not be verified ({reason}); the site may be misconfigured",
            code="E122",
        )
    raise _Retry(f"could not connect to {host} ({reason})", "check the address or try later", "E122")


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1][:160] if text else type(exc).__name__


def _deadline_error(given: str, opts: _Options) -> InputError:
    if opts.budget is not None:
        return InputError(_budget_message(given, "cut off", opts.budget), code="E137")
    return InputError(
        f"{given}: took longer than the {opts.deadline:g} s limit; try later or raise --set ingest.fetch.deadline=N",
        code="E123",
    )


def _handle(
    response: httpx.Response, given: str, url: httpx.URL, opts: _Options, deadline: float
) -> tuple[int, str | None, Source | None]:
    status = response.status_code
    if status in _REDIRECTS:
        return status, response.headers.get("location"), None
    if status == 429 or status >= 500:
        raise _Retry(
            f"HTTP {status} {response.reason_phrase or ''}".rstrip(),
            "the server asks to slow down; try later" if status == 429 else "the server failed; try later",
            "E126",
            _retry_after(response.headers.get("retry-after")),
        )
    if status >= 300 or status < 200:
        hint = {
            401: "it needs a login; save the page from a browser and pass the file",
            403: "access denied; save the page from a browser and pass the file",
            404: "check the address",
            410: "the page was removed",
        }.get(status, "check the address")
        where = f" (redirected to {url})" if str(url) != given else ""
        raise InputError(
            f"{given}: HTTP {status} {response.reason_phrase or ''}".rstrip() + f"{where}; {hint}", code="E126"
        )
    media_type, charset = _content_type(response.headers.get("content-type"))
    if media_type and not _readable(media_type):
        raise InputError(
            f"{given}: the server sent {media_type}, not a web page or feed; "
            "newstrace reads HTML, RSS/Atom/XML, plain text and JSON",
            code="E125",
        )
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > opts.max_bytes:
        raise _too_large(given, opts.max_bytes)
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > opts.max_bytes:
                raise _too_large(given, opts.max_bytes)
            if time.monotonic() > deadline:
                raise _deadline_error(given, opts)
    except httpx.TimeoutException:
        raise _Retry(
            f"timed out while downloading (read {opts.read_timeout:g} s)",
            "try later or raise --set ingest.fetch.read_timeout=N",
            "E123",
        ) from None
    except httpx.DecodingError:
        raise InputError(f"{given}: the server sent a damaged compressed body; try again later", code="E122") from None
    except httpx.TransportError as exc:
        raise _Retry(f"the download broke off ({_reason(exc)})", "try later", "E122") from None
    return status, None, Source(name=given, data=bytes(body), url=str(url), content_type=media_type, charset=charset)


def _too_large(given: str, cap: int) -> InputError:
    size = f"{cap / 1e6:g} MB" if cap >= 1_000_000 else f"{cap:,} bytes"
    return InputError(
        f"{given}: the response is over the {size} limit; raise --set ingest.fetch.max_bytes=N "
        "if it really is one page",
        code="E127",
    )


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media_type, *params = (part.strip() for part in header.split(";"))
    charset = None
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.lower() or None, charset


def _readable(media_type: str) -> bool:
    if media_type.startswith(("image/", "video/", "audio/", "font/", "model/")):
        return False  # image/svg+xml is XML, but not an article
    return media_type in _ACCEPTED or media_type.endswith(("+xml", "+json", "/json"))


def _retry_after(header: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), None if absent/unreadable."""
    if not header:
        return None
    header = header.strip()
    if header.isdigit():
        return float(header)
    try:
        when = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
