"""Regenerate the generated parts of docs/: the stage table in docs/architecture.md.

python scripts/gen_docs.py          # rewrite in place
python scripts/gen_docs.py --check  # exit 1 if the docs are stale (the test suite does this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newstrace.pipeline import registry
from newstrace.settings import Settings

DOCS = Path(__file__).resolve().parents[1] / "docs"
START, END = "<!-- stages:start -->", "<!-- stages:end -->"


def stage_table() -> str:
    default = Settings.load().get("pipeline.stages")
    lines = [
        "| stage | in default pipeline | requires | provides | what it does |",
        "|---|---|---|---|---|",
    ]
    order = {name: i for i, name in enumerate(default)}
    for name, cls in sorted(registry().items(), key=lambda kv: (order.get(kv[0], 999), kv[0])):
        used = f"{order[name] + 1}" if name in order else "no"
        lines.append(
            f"| `{name}` | {used} | {', '.join(sorted(cls.requires))} | {', '.join(sorted(cls.provides))} "
            f"| {cls.description} |"
        )
    return "\n".join(lines)


def render(text: str) -> str:
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{stage_table()}\n{END}{tail}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    path = DOCS / "architecture.md"
    current = path.read_text(encoding="utf-8")
    fresh = render(current)
    if args.check:
        if fresh != current:
            print(f"{path} is stale: run python scripts/gen_docs.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
