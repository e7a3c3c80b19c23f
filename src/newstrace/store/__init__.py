"""The embedded DuckDB store: every run, queryable with SQL. The only code that imports duckdb."""

from newstrace.store.database import Store, StoreCache

__all__ = ["Store", "StoreCache"]
