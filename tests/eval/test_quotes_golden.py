"""Regression: ``newstrace analyze`` over the 34 quotes-dev texts finds exactly the quotes pinned in
``golden/quotes-dev.json`` (kinds, offsets, cues and speakers; ids are those ingest gives the texts).

The pinned copy was taken before the package was reorganised into stage packages and is updated
only on purpose, when attribution is meant to change: ``python scripts/quotes_golden.py --data
../shared/data/quotes-dev --write``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = json.loads((Path(__file__).parent / "golden" / "quotes-dev.json").read_text(encoding="utf-8"))


def _script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("quotes_golden", REPO / "scripts" / "quotes_golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.eval
def test_quotes_dev_gives_the_pinned_quotes(shared: Path) -> None:
    script = _script()
    found = script.digest(script.analysed(shared / "data" / "quotes-dev"))
    assert found.keys() == GOLDEN.keys()
    changed = {k: (GOLDEN[k], found[k]) for k in GOLDEN if found[k] != GOLDEN[k]}
    assert not changed, f"{len(changed)} article(s) changed: {sorted(changed)[:5]}"
