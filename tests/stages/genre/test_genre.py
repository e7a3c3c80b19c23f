"""Genre from narrator-voice signals."""

from __future__ import annotations

from newstrace.model import Genre
from newstrace.stages.genre._signals import classify_text
from newstrace.stages.stance._features import split_sentences

NEWS = (
    "The city council approved the new budget on Tuesday. The plan raises spending on schools by 4 percent. "
    '"This budget protects our children," the mayor said at a press conference. Opponents said the plan '
    "relies on optimistic revenue forecasts. The council voted 7 to 2. The budget takes effect in July. "
    '"We will review it in the autumn," a spokesman for the finance office said.'
)
OPINION = (
    "Why does anyone still believe this council? I have watched them for years, and frankly the new budget is "
    'absurd. We are told it protects our children. Really? The so-called "savings" are a fantasy. You would '
    "think that someone would notice. I certainly did. It is a shameful, reckless plan and we deserve better."
)


def _genre(text: str) -> Genre:
    import re

    quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]+"', text)]
    return classify_text(text, split_sentences(text), quoted)[0]


def test_table_of_genres() -> None:
    assert _genre(NEWS) is Genre.NEWS
    assert _genre(OPINION) is Genre.OPINION
    assert _genre("Contact us. Subscribe.") is Genre.OTHER


def test_scores_sum_to_one() -> None:
    import re

    quoted = [(m.start(), m.end()) for m in re.finditer(r'"[^"]+"', NEWS)]
    _, scores, _ = classify_text(NEWS, split_sentences(NEWS), quoted)
    assert abs(sum(v for _, v in scores) - 1.0) < 1e-6
