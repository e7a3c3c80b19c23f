"""The quotes ``newstrace analyze`` finds in the 34 quotes-dev texts, as a digest the regression test holds
the current build to (``tests/eval/test_quotes_golden.py``).

    python scripts/quotes_golden.py --data ../shared/data/quotes-dev            # print the digest
    python scripts/quotes_golden.py --data ../shared/data/quotes-dev --write    # update the pinned copy
    python scripts/quotes_golden.py --report some/report.json --write           # from an existing report of them

Update the pinned copy only when attribution is meant to change, and say so in the commit. The digest
holds offsets, kinds, cues and speaker names: no article text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "eval" / "golden" / "quotes-dev.json"


def corpus_file(data: Path, folder: Path) -> Path:
    """The quotes-dev texts as one JSONL corpus, as a user would feed them to ``newstrace analyze``."""
    path = folder / "quotes.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for f in sorted(data.glob("*.json")):
            item = json.loads(f.read_text(encoding="utf-8"))
            handle.write(json.dumps({"id": item["body_id"], "text": item["text"]}) + "\n")
    return path


def digest(report: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """Article -> its quotes as [kind, start, end, cue, speaker name, speaker mention], in text order.

    Articles are keyed by their id without the hash of the source path ingest adds (``quotes-1021``).
    """
    out = {}
    for article in sorted(report["articles"], key=lambda a: a["id"]):
        out[re.sub(r"-[0-9a-f]{8}$", "", article["id"])] = [
            [q["kind"], q["start"], q["end"], q["cue"], q["speaker"]["name"], q["speaker"]["mention"]]
            for q in article["quotes"]
        ]
    return out


def analysed(data: Path) -> dict[str, Any]:
    from newstrace.analysis import analyze
    from newstrace.report import report_to_dict

    with tempfile.TemporaryDirectory() as tmp:
        return report_to_dict(analyze([str(corpus_file(data, Path(tmp)))]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--data", type=Path, help="the quotes-dev folder")
    source.add_argument("--report", type=Path, help="a report.json of the quotes-dev corpus")
    parser.add_argument("--write", action="store_true", help=f"write {GOLDEN}")
    args = parser.parse_args(argv)
    report = json.loads(args.report.read_text(encoding="utf-8")) if args.report else analysed(args.data)
    found = digest(report)
    lines = [
        f"{json.dumps(k)}: [\n" + ",\n".join("  " + json.dumps(q, ensure_ascii=False) for q in v) + "\n]"
        for k, v in found.items()
    ]
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    if args.write:
        GOLDEN.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
