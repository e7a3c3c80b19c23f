"""Score a saved system output again, without running the pipeline (``newstrace eval ... --predictions``
writes one), or a second annotator's folder as if it were a system.

    python scripts/score_predictions.py coverage --data ../shared/data/coverage-dev --system predictions.json
    python scripts/score_predictions.py coverage --data ../shared/data/coverage-dev --system second/   # an annotator
    python scripts/score_predictions.py basil-speakers --data ../shared/data/basil --system predictions.json
"""

from __future__ import annotations

import sys

from newstrace.evaluation import basil_speakers, coverage

SCORERS = {"coverage": coverage.main, "basil-speakers": basil_speakers.main}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in SCORERS:
        sys.stderr.write(f"usage: score_predictions.py {{{','.join(SCORERS)}}} --data PATH --system PATH\n")
        sys.exit(2)
    sys.exit(SCORERS[sys.argv[1]](sys.argv[2:]))
