"""Fixtures for the ingest tests: the local web server (see webserver.py) and settings that may use it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest

from newstrace.settings import Settings

from .webserver import LocalServer, fast_settings


@pytest.fixture(scope="session")
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def local() -> Settings:
    """Settings for fetching from the local server."""
    return fast_settings()


@pytest.fixture
def settings_with() -> Callable[..., Settings]:
    """``settings_with(**{"ingest.fetch.read_timeout": 0.2})``: the local settings with more overrides."""
    return fast_settings
