"""The foundation's acceptance on the two sample articles, through the whole default pipeline.

What a careful analyst reads out of them is in ../shared/acceptance/seeds.gold.json; these
tests check the parts the foundation promises (cleaning, offsets, quotes and speakers) on the
report.json a user gets.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from newstrace.analysis import analyze_articles, sample_corpus
from newstrace.model import Article
from newstrace.report import report_to_dict
from newstrace.settings import Settings

_STOP = {"the", "a", "an", "of", "'s", "s", "another"}


def _words(name: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (name or "").lower()) if w not in _STOP}


def same_speaker(gold: str, predicted: str | None) -> bool:
    """Names match when one's content words are all among the other's ("John Nicholson" ~ "Gen. John Nicholson")."""
    g, p = _words(gold), _words(predicted)
    return bool(g and p) and (g <= p or p <= g)


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    articles = [
        Article(id=path.stem, source=str(path), raw=path.read_text(encoding="utf-8"))
        for path in sorted(sample_corpus().glob("*.txt"))
    ]
    return report_to_dict(analyze_articles(articles, Settings.load()))


@pytest.fixture(scope="module")
def gold(shared: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared / "acceptance" / "seeds.gold.json").read_text(encoding="utf-8"))
    return data


def _article(report: dict[str, Any], prefix: str) -> dict[str, Any]:
    return next(a for a in report["articles"] if a["id"].startswith(prefix))


def test_both_articles_are_analysed(report: dict[str, Any]) -> None:
    assert len(report["articles"]) == 2
    assert report["skipped"] == []


def test_the_donation_appeal_is_removed_with_its_reason(report: dict[str, Any]) -> None:
    article = _article(report, "000_")
    appeals = [r for r in article["removed"] if r["kind"] == "appeal"]
    assert appeals, "the appeal at the end of 000 is not recorded as removed"
    assert "Dear " in appeals[-1]["text"]
    assert "Dear " not in article["text"]
    assert "donation" not in article["text"]
    assert article["text"].rstrip().endswith("Afghan soldiers.")


def test_page_furniture_and_the_second_copy_of_the_body_are_removed(report: dict[str, Any]) -> None:
    article = _article(report, "001_")
    kinds = {r["kind"] for r in article["removed"]}
    assert {"page_furniture", "duplicated_passage"} <= kinds
    assert "RECENT VIDEOS" not in article["text"]
    assert article["text"].count("CNN does not identify the source of the videos.") == 1
    raw = (sample_corpus() / f"{article['id']}.txt").read_text(encoding="utf-8")
    for r in article["removed"]:
        assert raw[r["start"] : r["end"]] == r["text"]


def test_every_quote_slices_back_from_the_text(report: dict[str, Any]) -> None:
    for article in report["articles"]:
        assert article["quotes"], f"no quotes in {article['id']}"
        for q in article["quotes"]:
            assert article["text"][q["start"] : q["end"]] == q["content"]


def _found(report: dict[str, Any], gold: dict[str, Any]) -> tuple[int, int, int]:
    total = found = right = 0
    for doc_id, g in gold["articles"].items():
        article = _article(report, doc_id)
        for gq in g["quotes"]:
            total += 1
            where = article["text"].find(gq["contains"])
            if where < 0:
                continue
            span = (where, where + len(gq["contains"]))
            hits = [q for q in article["quotes"] if q["start"] < span[1] and span[0] < q["end"]]
            if hits:
                found += 1
                if any(same_speaker(gq["speaker"], q["speaker"]["name"]) for q in hits):
                    right += 1
    return total, found, right


def test_gold_quotes_are_found_with_the_right_speaker(report: dict[str, Any], gold: dict[str, Any]) -> None:
    total, found, right = _found(report, gold)
    assert total == 22
    assert found >= 18, f"{found}/22 gold quotes found"
    assert right >= 16, f"{right}/22 gold quotes with the right speaker"
