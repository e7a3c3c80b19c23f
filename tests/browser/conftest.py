"""A real browser for the workbench and report.html: Playwright driving Debian's chromium.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium`` (``make browser-deps``
installs it) with a fresh profile, headless, with every background service that could call out
switched off. Each page records every request it makes and every console error, so a test can
check that nothing left 127.0.0.1 (or the report's own file) and that no script failed.

The workbench is started as a user starts it, ``newstrace serve`` in its own process on a free
port of 127.0.0.1, over a store made by ``newstrace analyze`` on the two bundled sample articles
with one claim; its report.html is the one opened from disk.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: The claim the sample run and the form's run are asked about.
CLAIM = "Russia is arming the Taliban"
#: The highlight of a sentence a link lands on (.s.hit, .s:target, mark:target in both stylesheets).
HIGHLIGHT = "rgb(255, 229, 138)"


def sample_files() -> list[Path]:
    folder = resources.files("newstrace").joinpath("data", "samples")
    return sorted(Path(str(p)) for p in folder.iterdir() if p.name.endswith(".txt"))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass(frozen=True)
class SampleRun:
    """``newstrace analyze`` on the two samples with CLAIM: its folder, report.json and store."""

    root: Path
    report: dict[str, Any]

    @property
    def html(self) -> Path:
        return self.root / "out" / "report.html"

    @property
    def db(self) -> Path:
        return self.root / "store.duckdb"


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    root = tmp_path_factory.mktemp("sample-run")
    (root / "inputs").mkdir()
    inputs = []
    for path in sample_files():
        shutil.copy(path, root / "inputs" / path.name)
        inputs.append(f"inputs/{path.name}")
    command = [sys.executable, "-m", "newstrace", "analyze", *inputs, "--claim", CLAIM]
    command += ["--out", "out", "--db", "store.duckdb", "--quiet"]
    subprocess.run(command, cwd=root, check=True, timeout=600)
    return SampleRun(root, json.loads((root / "out" / "report.json").read_text(encoding="utf-8")))


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]


@pytest.fixture(scope="session")
def server(sample_run: SampleRun) -> Iterator[Server]:
    """``newstrace serve`` over the sample run's store, on a free port of 127.0.0.1."""
    port = _free_port()
    log = sample_run.root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "newstrace", "serve", "--db", str(sample_run.db), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            pytest.fail(f"newstrace serve exited with {process.returncode}: {log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/api/runs", timeout=2) as answer:
                if answer.status == 200:
                    break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"newstrace serve did not answer within 60 s: {log.read_text(errors='replace')}")
        time.sleep(0.2)
    try:
        yield Server(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Debian's chromium with a fresh profile (never a browser Playwright downloads)."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (make browser-deps)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs the playwright package (the dev extra)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()


@dataclass
class Watched:
    """A page and everything it did: the URL of every request, every console error and uncaught exception."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def outside(self, allowed: tuple[str, ...]) -> list[str]:
        """The requests whose URL starts with none of ``allowed``."""
        return [u for u in self.requests if not u.startswith(allowed)]


@pytest.fixture
def watched(browser_context: Any) -> Iterator[Watched]:
    page = browser_context.new_page()
    seen = Watched(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(f"uncaught: {error}"))
    try:
        yield seen
    finally:
        page.close()
