"""Write the JSON Schema of report.json again from the code (``newstrace.report.schema``).

python scripts/gen_schema.py          # rewrite src/newstrace/report/report.schema.json
python scripts/gen_schema.py --check  # exit 1 if the shipped schema is not the code's (the tests check it too)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newstrace.report.schema import FILE, render

SHIPPED = Path(__file__).resolve().parents[1] / "src" / "newstrace" / "report" / FILE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the shipped schema is not the code's")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="where to write it")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is stale: run python scripts/gen_schema.py", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
