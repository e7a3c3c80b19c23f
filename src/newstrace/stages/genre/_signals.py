"""Narrator-voice signals and the scored genre classifier behind ``genre.v1`` (see the package docstring)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from newstrace.model import Genre
from newstrace.text import lexicons

HEDGES = lexicons.words("data/lexicons/hedges.txt")
BOOSTERS = lexicons.words("data/lexicons/boosters.txt")

#: Attitude markers and evaluative adjectives/adverbs (Hyland 2005 appendix, extended with common
#: evaluative adjectives of commentary). General English, not tied to any topic.
EVALUATIVE = frozenset(
    [
        "admittedly",
        "amazing",
        "amazingly",
        "appropriate",
        "appropriately",
        "astonishing",
        "astonishingly",
        "curious",
        "curiously",
        "desirable",
        "disappointing",
        "disappointingly",
        "dramatic",
        "dramatically",
        "essential",
        "fortunately",
        "hopefully",
        "important",
        "importantly",
        "inappropriate",
        "interesting",
        "interestingly",
        "remarkable",
        "remarkably",
        "shocking",
        "shockingly",
        "striking",
        "strikingly",
        "surprising",
        "surprisingly",
        "unbelievable",
        "unbelievably",
        "unfortunately",
        "unusual",
        "unusually",
        "absurd",
        "ridiculous",
        "outrageous",
        "shameful",
        "disgraceful",
        "pathetic",
        "terrible",
        "horrible",
        "awful",
        "wonderful",
        "brilliant",
        "stupid",
        "foolish",
        "silly",
        "naive",
        "laughable",
        "thin",
        "flimsy",
        "dubious",
        "questionable",
        "suspicious",
        "sadly",
        "ironically",
        "frankly",
        "honestly",
        "arguably",
        "clearly",
        "obviously",
        "alarming",
        "disturbing",
        "troubling",
        "worrying",
        "appalling",
        "dishonest",
        "hypocritical",
        "reckless",
        "irresponsible",
        "extremely",
        "incredibly",
    ]
)
FIRST_PERSON = frozenset(["i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"])
SECOND_PERSON = frozenset(["you", "your", "yours", "yourself", "yourselves"])
_WORD = re.compile(r"[A-Za-z']+")
_SCARE = re.compile(r"(?<![:,])\s[\"“‘]([A-Za-z][\w-]*)[\"”’](?=[\s.,;:!?)])")

#: Weights of the opinion score (logit); rates are per 100 narrator words, shares in [0, 1].
WEIGHTS: dict[str, float] = {
    "question_rate": 6.0,  # share of narrator sentences that are questions
    "first_person": 0.6,
    "second_person": 0.5,
    "evaluative": 0.9,
    "stance_markers": 0.25,  # hedges and boosters in the narrator's voice
    "scare_quotes": 0.8,  # per 1,000 characters
    "exclamations": 4.0,  # share of narrator sentences ending in "!"
    "quoted_share": -3.0,  # share of characters inside quotations
}
BIAS = -2.2
MIN_SENTENCES = 3
MIN_WORDS = 40


def signals(text: str, sentences: Sequence[tuple[int, int]], quoted: Sequence[tuple[int, int]]) -> dict[str, float]:
    """Narrator-voice signals of ``text``; ``quoted`` are the character spans of quotations."""
    inside = [False] * (len(text) + 1)
    for a, b in quoted:
        for i in range(max(0, a), min(len(text), b)):
            inside[i] = True
    narrator = "".join(c if not inside[i] else " " for i, c in enumerate(text))
    # "US"/"UK" in capitals are countries, not the pronoun
    words = [w.lower().strip("'") for w in _WORD.findall(narrator) if not (w.isupper() and len(w) > 1)]
    n_words = max(1, len(words))
    own = [(a, b) for a, b in sentences if sum(inside[a:b]) < 0.5 * (b - a)]
    n_own = max(1, len(own))

    def rate(lexicon: frozenset[str]) -> float:
        return 100.0 * sum(1 for w in words if w in lexicon) / n_words

    return {
        "question_rate": sum(1 for a, b in own if text[a:b].rstrip().rstrip("\"”’'").endswith("?")) / n_own,
        "first_person": rate(FIRST_PERSON),
        "second_person": rate(SECOND_PERSON),
        "evaluative": rate(EVALUATIVE),
        "stance_markers": rate(HEDGES | BOOSTERS),
        "scare_quotes": 1000.0 * len(_SCARE.findall(text)) / max(1, len(text)),
        "exclamations": sum(1 for a, b in own if text[a:b].rstrip().endswith("!")) / n_own,
        "quoted_share": sum(inside) / max(1, len(text)),
        "words": float(len(words) + sum(1 for w in _WORD.findall(text)) - len(words)),
        "sentences": float(len(sentences)),
    }


def classify(sig: dict[str, float]) -> tuple[Genre, tuple[tuple[str, float], ...]]:
    """The genre and scores ``(("news", p), ("opinion", p), ("other", p))`` from :func:`signals`."""
    if sig["sentences"] < MIN_SENTENCES or sig["words"] < MIN_WORDS:
        return Genre.OTHER, (("news", 0.0), ("opinion", 0.0), ("other", 1.0))
    logit = BIAS + sum(w * sig[k] for k, w in WEIGHTS.items())
    opinion = 1.0 / (1.0 + math.exp(-logit))
    scores = (("news", round(1.0 - opinion, 4)), ("opinion", round(opinion, 4)), ("other", 0.0))
    return (Genre.OPINION if opinion >= 0.5 else Genre.NEWS), scores


def classify_text(
    text: str, sentences: Sequence[tuple[int, int]], quoted: Sequence[tuple[int, int]]
) -> tuple[Genre, tuple[tuple[str, float], ...], dict[str, float]]:
    """Genre of a whole text: the opinion score is the highest of the whole text and of each third.

    A report that turns into commentary (a blog that reposts a news story, then comments on it) is
    commentary: the narrator's own evaluative section decides, wherever it sits.
    """
    whole = signals(text, sentences, quoted)
    genre, scores = classify(whole)
    if genre is Genre.OTHER:
        return genre, scores, whole
    best = dict(scores)["opinion"]
    n = len(sentences)
    if n >= 3 * MIN_SENTENCES:
        for k in range(3):
            part = sentences[k * n // 3 : (k + 1) * n // 3]
            a, b = part[0][0], part[-1][1]
            sub = signals(
                text[a:b], [(x - a, y - a) for x, y in part], [(x - a, y - a) for x, y in quoted if x >= a and y <= b]
            )
            _, sub_scores = classify(sub)
            best = max(best, dict(sub_scores)["opinion"])
    scores = (("news", round(1.0 - best, 4)), ("opinion", round(best, 4)), ("other", 0.0))
    return (Genre.OPINION if best >= 0.5 else Genre.NEWS), scores, whole
