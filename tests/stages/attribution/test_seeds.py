"""The two seed articles against ../shared/acceptance/seeds.gold.json (issue 2 and issue 3 targets).

A gold quote is *found* when a predicted quote's content overlaps the location of the gold
"contains" string; its speaker is right when the names agree under the quotes-dev rule
(``evaluation.quotes.same_speaker``). The texts are cleaned by the clean stage first.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from newstrace.evaluation.quotes import same_speaker
from newstrace.stages.attribution import attribute

log = logging.getLogger(__name__)

#: Where we stand: issue 2 asks for 18 found / 16 right speaker; issue 3 for 21 / 20.
FOUND_FLOOR = 21
SPEAKER_FLOOR = 20


def _cleaned(raw: str) -> str:
    from newstrace.settings import Settings
    from newstrace.stages.clean import clean_text

    return clean_text(raw, Settings.load()).text


def seed_scores(shared: Path, nlp: Any) -> tuple[int, int, int, list[str]]:
    gold = json.loads((shared / "acceptance" / "seeds.gold.json").read_text(encoding="utf-8"))
    found = right = total = 0
    misses: list[str] = []
    for article_id, article in gold["articles"].items():
        raw = (shared / "samples" / "seeds" / f"{article_id}.txt").read_text(encoding="utf-8")
        text = _cleaned(raw)
        quotes, _ = attribute(nlp(text))
        for g in article["quotes"]:
            total += 1
            at = text.find(g["contains"])
            assert at >= 0, f"gold string not in the cleaned text: {g['contains']!r}"
            span = (at, at + len(g["contains"]))
            hits = [q for q in quotes if q.start < span[1] and span[0] < q.end]
            if not hits:
                misses.append(f"missed: {g['contains']!r}")
                continue
            found += 1
            if any(q.speaker is not None and same_speaker(g["speaker"], q.speaker.name) for q in hits):
                right += 1
            else:
                misses.append(f"speaker: {g['contains']!r} -> {[q.speaker.name if q.speaker else None for q in hits]}")
    return found, right, total, misses


def test_seed_quotes_found_with_the_right_speaker(shared: Path, nlp: Any) -> None:
    found, right, total, misses = seed_scores(shared, nlp)
    log.warning("seeds: %d/%d found, %d with the right speaker; %s", found, total, right, misses)
    assert total == 22
    assert found >= FOUND_FLOOR, misses
    assert right >= SPEAKER_FLOOR, misses


def test_seed_quote_context_is_filled_where_the_text_gives_it(shared: Path, nlp: Any) -> None:
    raw = (shared / "samples" / "seeds" / "000_007fbfef98640e8d.txt").read_text(encoding="utf-8")
    quotes, entities = attribute(nlp(_cleaned(raw)), published="2017-04-26")
    testimony = next(q for q in quotes if "There is some classified reporting" in q.content)
    assert testimony.addressee is not None and "Shaheen" in testimony.addressee
    assert testimony.when is not None and "February" in testimony.when and testimony.when_date == "2017-02"
    assert testimony.where is not None and "testimony before the Senate Armed Services Committee" in testimony.where
    nicholson = [e for e in entities if e.name == "John Nicholson"]
    assert len(nicholson) == 1 and len(nicholson[0].mentions) >= 4  # one entity for every way he is named
