"""Time budgets for fetching: how long a run's fetches, or one feed's item pages, may take together.

A ``FetchBudget`` counts the seconds spent inside fetches (not the time the pipeline spends
between them). A budget may sit inside another (a feed's inside the run's): a fetch draws on
both, its deadline is cut to what is left of the tighter one, and once either is spent the
fetches it covers are refused at once, each with a one-line record naming the budget and the
setting that raises it. Without budgets a feed of 200 items at 60 s each could run for hours.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class FetchBudget:
    """``seconds`` of fetching for ``what`` (e.g. "the run", "the feed news.rss"); 0 means no limit."""

    def __init__(self, seconds: float, what: str, setting: str, parent: FetchBudget | None = None) -> None:
        self.seconds = float(seconds)
        self.what = what
        self.setting = setting
        self.parent = parent
        self.used = 0.0
        self._lock = threading.Lock()

    def _chain(self) -> Iterator[FetchBudget]:
        budget: FetchBudget | None = self
        while budget is not None:
            yield budget
            budget = budget.parent

    def _own_left(self) -> float:
        return math.inf if self.seconds <= 0 else max(0.0, self.seconds - self.used)

    def left(self) -> float:
        """Seconds left of the tightest budget in the chain (``inf`` when none is limited)."""
        return min(b._own_left() for b in self._chain())

    def tightest(self) -> FetchBudget:
        """The budget in the chain with the least left: the one a cut deadline is named after."""
        return min(self._chain(), key=lambda b: b._own_left())

    def spent(self) -> FetchBudget | None:
        """The first budget in the chain with nothing left, if any."""
        return next((b for b in self._chain() if b._own_left() <= 0), None)

    @contextmanager
    def drawing(self) -> Iterator[None]:
        """Charge the time spent inside the ``with`` block to this budget and every one above it."""
        start = time.monotonic()
        try:
            yield
        finally:
            elapsed = time.monotonic() - start
            for budget in self._chain():
                with budget._lock:
                    budget.used += elapsed

    def describe(self) -> str:
        """``the feed news.rss's 600 s for fetching``: how messages name the budget."""
        return f"{self.what}'s {self.seconds:g} s for fetching"
