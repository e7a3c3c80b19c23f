"""Run ids: made when a run starts, so that what it records as it goes and its summary at the end share one."""

from __future__ import annotations

import datetime as dt
import uuid


def new_run_id() -> str:
    """A sortable, unique run id: ``run-<UTC time>-<random>``."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"run-{stamp}-{uuid.uuid4().hex[:8]}"
