"""Accuracy gate for the clean stage (about 15 seconds on 2 cores).

- On ordinary news bodies (FNC-1 train, 1,683 bodies) cleaning removes almost nothing:
  the share of characters removed stays under a pinned ceiling (measured 0.21%, all of it
  furniture, newsletter boxes and repeated passages on inspection). Bylines, photo captions,
  datelines and comment threads (``_page_parts``) have a ceiling of their own (measured 0.234%:
  90 captions, 81 datelines, 7 bylines, no comment thread, each right on inspection).
- On the article-extraction benchmark, cleaning trafilatura's stored output must not lower
  its score: F1 over 4-token shingles (measured 0.9575 before, 0.9598 after).

Full report with what is removed: ``.venv/bin/python scripts/measure_clean.py bodies|aeb|traf``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

from newstrace.evaluation.extraction import aeb_scores
from newstrace.settings import Settings
from newstrace.stages.clean import clean_text
from newstrace.stages.clean._page_parts import BYLINE, CAPTION, COMMENTS, DATELINE

FLOORS = json.loads((Path(__file__).parent / "floors" / "clean.json").read_text(encoding="utf-8"))
SETTINGS = Settings.load()
#: Parts of the page around the article (bylines, captions, datelines, comment threads), removed on purpose
#: and measured on their own.
PAGE_PARTS = frozenset({BYLINE, CAPTION, DATELINE, COMMENTS})


@pytest.mark.eval
def test_cleaning_removes_almost_nothing_from_ordinary_news_bodies(shared: Path) -> None:
    csv.field_size_limit(sys.maxsize)
    with (shared / "data" / "fnc-1" / "train_bodies.csv").open(encoding="utf-8") as fh:
        bodies = [row["articleBody"] for row in csv.DictReader(fh)]
    total = sum(len(b) for b in bodies)
    spans = [s for b in bodies for s in clean_text(b, SETTINGS).removed]
    page_parts = sum(s.end - s.start for s in spans if s.reason in PAGE_PARTS)
    removed = sum(s.end - s.start for s in spans if s.reason not in PAGE_PARTS)
    assert removed / total <= FLOORS["fnc1_train_removed_share_max"]
    assert page_parts / total <= FLOORS["fnc1_train_page_parts_share_max"]


@pytest.mark.eval
def test_cleaning_extracted_text_does_not_lower_the_extraction_score(shared: Path) -> None:
    data = shared / "data" / "article-extraction-benchmark"
    gold = {k: v["articleBody"] for k, v in json.loads((data / "ground-truth.json").read_text()).items()}
    stored = json.loads((data / "output" / "trafilatura.json").read_text())["output"]
    before = {k: v.get("articleBody") or "" for k, v in stored.items()}
    after = {k: clean_text(t, SETTINGS).text for k, t in before.items()}
    f1_before, f1_after = aeb_scores(gold, before)["f1"], aeb_scores(gold, after)["f1"]
    assert f1_after >= FLOORS["aeb_trafilatura_clean_f1"]
    assert f1_after - f1_before >= FLOORS["aeb_f1_gain_min"]
