"""Reports to hold a refactoring to: the same inputs must give the same report.json before and after.

    python scripts/reference_reports.py --out /tmp/before                     # before the change
    python scripts/reference_reports.py --out /tmp/after --compare /tmp/before  # after it: lists every difference

Three corpora, each analysed as one run: the bundled sample (the two seed articles), the 34 quotes-dev
texts, and a fixed sample of 20 BASIL articles (from ../shared beside the clone, or NEWSTRACE_SHARED;
skipped without it). The inputs are always written to the same temporary folder, because article ids
are made from their path. The comparison ignores only the report's creation time. Exit status 1 when
anything differs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from newstrace.analysis import analyze
from newstrace.report import report_to_dict

SHARED = Path(os.environ.get("NEWSTRACE_SHARED") or Path(__file__).resolve().parents[2] / "shared") / "data"
#: The inputs are written here, always at the same path: article ids are made from it.
INPUTS = Path(tempfile.gettempdir()) / "newstrace-reference-inputs"


def _basil_sample(folder: Path) -> Path | None:
    source = SHARED / "basil" / "articles.jsonl"
    if not source.exists():
        return None
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    path = folder / "basil.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for a in rows[::15][:20]:
            paragraphs: dict[int, list[str]] = {}
            for s in a["sentences"]:
                paragraphs.setdefault(s.get("paragraph", 0), []).append(s["text"])
            text = (a.get("title") or "") + "\n\n" + "\n\n".join(" ".join(p) for _, p in sorted(paragraphs.items()))
            record = {"id": a["article_id"], "outlet": a["source"], "title": a.get("title"), "text": text}
            out.write(json.dumps(record | {"published": a.get("date")}) + "\n")
    return path


def _quotes_dev(folder: Path) -> Path | None:
    source = SHARED / "quotes-dev"
    if not source.is_dir():
        return None
    path = folder / "quotes.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for f in sorted(source.glob("*.json")):
            item = json.loads(f.read_text(encoding="utf-8"))
            out.write(json.dumps({"id": item["body_id"], "text": item["text"]}) + "\n")
    return path


def reports(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    INPUTS.mkdir(parents=True, exist_ok=True)
    written = []
    corpora: dict[str, list[str]] = {"sample": []}
    for name, make in (("quotes-dev", _quotes_dev), ("basil", _basil_sample)):
        path = make(INPUTS)
        if path is None:
            print(f"{name}: no data at {SHARED} (set NEWSTRACE_SHARED=/path/to/shared); skipped", file=sys.stderr)
        else:
            corpora[name] = [str(path)]
    for name, inputs in corpora.items():
        data = report_to_dict(analyze(inputs))
        data.pop("created", None)
        target = out / f"{name}.json"
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        written.append(target)
    return written


def differences(a: Any, b: Any, path: str = "", found: list[str] | None = None, limit: int = 30) -> list[str]:
    found = [] if found is None else found
    if len(found) >= limit:
        return found
    if type(a) is not type(b):
        found.append(f"{path}: {type(a).__name__} -> {type(b).__name__}")
    elif isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                found.append(f"{path}.{key}: only {'after' if key not in a else 'before'}")
            else:
                differences(a[key], b[key], f"{path}.{key}", found, limit)
    elif isinstance(a, list):
        if len(a) != len(b):
            found.append(f"{path}: {len(a)} items -> {len(b)}")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            differences(x, y, f"{path}[{i}]", found, limit)
    elif a != b:
        found.append(f"{path}: {str(a)[:70]!r} -> {str(b)[:70]!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the reports")
    parser.add_argument("--compare", type=Path, help="a folder written by an earlier run to compare with")
    args = parser.parse_args(argv)
    changed = 0
    for path in reports(args.out):
        if args.compare is None:
            print(f"wrote {path}")
            continue
        before = json.loads((args.compare / path.name).read_text(encoding="utf-8"))
        after = json.loads(path.read_text(encoding="utf-8"))
        found = differences(before, after)
        changed += bool(found)
        print(f"{path.name}: " + ("identical" if not found else f"{len(found)}+ difference(s)"))
        for line in found:
            print(f"  {line}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
