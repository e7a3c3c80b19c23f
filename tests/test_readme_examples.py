"""The README's notebook examples run as printed: analyze_texts and to_frames, then the spaCy factory, whose
printed answer (the comment under the last line) is what the code gives."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[1] / "README.md"


def _notebook_blocks() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split("## In a notebook", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_readme_has_both_notebook_examples() -> None:
    blocks = _notebook_blocks()
    assert len(blocks) == 2
    assert "analyze_texts" in blocks[0] and "to_frames" in blocks[0]
    assert 'add_pipe("newstrace_quotes")' in blocks[1]


def test_analyze_texts_and_to_frames_run_as_printed() -> None:
    names: dict[str, Any] = {}
    exec(compile(_notebook_blocks()[0], "README.md", "exec"), names)
    assert {"quotes", "stances", "stories", "claims", "evidence", "timeline"} <= set(names["frames"])
    assert type(names["quotes"]).__name__ == "DataFrame"
    assert list(names["quotes"].columns) == names["frames"]["quotes"].column_names


def test_the_spacy_factory_answers_what_the_readme_prints() -> None:
    block = _notebook_blocks()[1]
    code, printed = block.rsplit("\n# ", 1)
    *body, last = code.strip().splitlines()
    names: dict[str, Any] = {}
    exec(compile("\n".join(body), "README.md", "exec"), names)
    assert eval(compile(last, "README.md", "eval"), names) == ast.literal_eval(printed.strip())
