"""Generated text with quotation marks of every kind — curly, straight, guillemets, low-9, nested, stray,
one-word — through the whole default pipeline: no stage fails, every quote slices back to its text,
and every report format renders."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.analysis import analyze_articles
from newstrace.model import Article
from newstrace.pipeline import is_stage_failure
from newstrace.report import write_reports
from newstrace.settings import Settings

SETTINGS = Settings.load()
MARK_PAIRS = [
    ('"', '"'),
    ("“", "”"),
    ("‘", "’"),
    ("'", "'"),
    ("«", "»"),
    ("„", "“"),
    ("‚", "‘"),
    ("‹", "›"),
    ("”", "”"),
]
STRAY = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "`", "''", "``"]
WORDS = ["evidence", "Russia", "arms", "the", "Taliban", "officials", "said", "denied", "it", "was", "not", "true"]
SPEAKERS = ["Maria Lindqvist", "The ministry", "He", "A spokesman", "Officials"]
CUES = ["said", "told reporters", "denied", "added", "wrote"]

words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
pair = st.sampled_from(MARK_PAIRS)


@st.composite
def quotation(draw: Any) -> str:
    open_, close = draw(pair)
    inner = draw(words)
    if draw(st.booleans()):  # a quotation inside the quotation
        o2, c2 = draw(pair)
        inner = f"{inner} {o2}{draw(words)}{c2} {draw(words)}"
    return f"{open_}{inner}{close}"


@st.composite
def sentence(draw: Any) -> str:
    speaker, cue = draw(st.sampled_from(SPEAKERS)), draw(st.sampled_from(CUES))
    shape = draw(st.integers(0, 4))
    if shape == 0:
        return f"{draw(quotation())}, {speaker.lower() if speaker == 'He' else speaker} {cue}."
    if shape == 1:
        return f"{speaker} {cue} {draw(quotation())}."
    if shape == 2:  # a one-word quotation in running text
        open_, close = draw(pair)
        return f"The {open_}{draw(st.sampled_from(WORDS))}{close} was {draw(words)}."
    if shape == 3:  # a stray mark
        return f"{draw(words).capitalize()} {draw(st.sampled_from(STRAY))} {draw(words)}."
    return f"{speaker} {cue} that {draw(words)}."


article_text = st.lists(sentence(), min_size=1, max_size=6).map(lambda s: "Storm report\n\n" + " ".join(s))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(article_text, min_size=1, max_size=3))
def test_any_quotation_marks_go_through_the_whole_pipeline(texts: list[str]) -> None:
    articles = [Article(id=f"a{i}", source=f"a{i}.txt", raw=t) for i, t in enumerate(texts)]
    report = analyze_articles(articles, SETTINGS, claims=["Russia arms the Taliban"])
    assert [f for f in report.failures if is_stage_failure(f)] == []
    for doc in report.documents:
        for q in doc.quotes:
            assert doc.text[q.start : q.end] == q.content
    with tempfile.TemporaryDirectory() as out:
        written = write_reports(report, Path(out), ["json", "md", "html"])
        assert all(p.stat().st_size > 0 for p in written)
