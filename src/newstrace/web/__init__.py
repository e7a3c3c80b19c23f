"""The web UI over the DuckDB store: `newstrace serve`."""

from newstrace.web.app import create_app

__all__ = ["create_app"]
