"""Regenerate the generated parts of the docs: the stage and error-code tables in docs/architecture.md and the
report excerpt in README.md (taken from a real run on the bundled sample corpus).

python scripts/gen_docs.py          # rewrite in place
python scripts/gen_docs.py --check  # exit 1 if the docs are stale (the test suite does this)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newstrace.errors import CODES
from newstrace.pipeline import registry
from newstrace.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
START, END = "<!-- stages:start -->", "<!-- stages:end -->"
EXCERPT_START, EXCERPT_END = "<!-- excerpt:start -->", "<!-- excerpt:end -->"
ERRORS_START, ERRORS_END = "<!-- errors:start -->", "<!-- errors:end -->"


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


def error_table() -> str:
    lines = ["| code | what it means | what to do |", "|---|---|---|"]
    lines += [f"| {code} | {entry.meaning} | {entry.todo} |" for code, entry in CODES.items()]
    return "\n".join(lines)


def render(text: str, body: str, start: str = START, end: str = END) -> str:
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    return f"{head}{start}\n{body}\n{end}{tail}"


def _section(markdown: str, heading_prefix: str) -> list[str]:
    """The lines of the first section whose heading starts with ``heading_prefix``, up to the next heading."""
    lines = markdown.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(heading_prefix):
            out = [line]
            for nxt in lines[i + 1 :]:
                if nxt.startswith("#"):
                    break
                out.append(nxt)
            return [x for x in out if not x.startswith("Say nothing")]
    return []


def report_excerpt() -> str:
    """The stance matrix of the first core claim and the quote variants, from the sample report."""
    from newstrace.analysis import analyze
    from newstrace.report.markdown import render_markdown

    markdown = render_markdown(analyze())
    picked = _section(markdown, "### Who stands where") + _section(markdown, "#### The same remark")
    return "\n".join(line.replace("### ", "#### ") if line.startswith("### ") else line for line in picked).strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    targets = [
        (DOCS / "architecture.md", stage_table(), START, END),
        (DOCS / "architecture.md", error_table(), ERRORS_START, ERRORS_END),
        (REPO / "README.md", report_excerpt(), EXCERPT_START, EXCERPT_END),
    ]
    stale = 0
    for path, body, start, end in targets:
        current = path.read_text(encoding="utf-8")
        fresh = render(current, body, start, end)
        if fresh == current:
            continue
        if args.check:
            print(f"{path} is stale: run python scripts/gen_docs.py", file=sys.stderr)
            stale = 1
        else:
            path.write_text(fresh, encoding="utf-8")
    return stale


if __name__ == "__main__":
    sys.exit(main())
