"""Narrator-voice signals and the scored genre classifier behind ``genre.v1`` (see the package docstring)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from newstrace.model import Genre
from newstrace.settings import Settings
from newstrace.text import lexicons

HEDGES = lexicons.words("data/lexicons/hedges.txt")
BOOSTERS = lexicons.words("data/lexicons/boosters.txt")

_LEXICONS = "stages/genre/lexicons"
#: Attitude markers and evaluative adjectives/adverbs (Hyland 2005 appendix, extended with common
#: evaluative adjectives of commentary). General English, not tied to any topic.
EVALUATIVE = lexicons.words(f"{_LEXICONS}/evaluative.txt")
FIRST_PERSON = lexicons.words(f"{_LEXICONS}/first_person.txt")
SECOND_PERSON = lexicons.words(f"{_LEXICONS}/second_person.txt")
_WORD = re.compile(r"[A-Za-z']+")
_SCARE = re.compile(r"(?<![:,])\s[\"“‘]([A-Za-z][\w-]*)[\"”’](?=[\s.,;:!?)])")


@dataclass(frozen=True, slots=True)
class GenreParams:
    """The ``[genre]`` settings (the defaults are those of ``defaults.toml``).

    The weights of the opinion score (a logit) are per signal of :func:`signals`: rates are per 100
    narrator words, shares in [0, 1], scare quotes per 1,000 characters.
    """

    question_rate: float = 6.0  # share of narrator sentences that are questions
    first_person: float = 0.6
    second_person: float = 0.5
    evaluative: float = 0.9
    stance_markers: float = 0.25  # hedges and boosters in the narrator's voice
    scare_quotes: float = 0.8  # per 1,000 characters
    exclamations: float = 4.0  # share of narrator sentences ending in "!"
    quoted_share: float = -3.0  # share of characters inside quotations
    bias: float = -2.2
    #: A text with fewer sentences or words than these is "other".
    min_sentences: int = 3
    min_words: int = 40
    #: A sentence is the narrator's own when less than this share of its characters is quoted.
    narrator_max_quoted: float = 0.5
    #: The opinion score is the highest of the whole text's and of each of this many equal parts'.
    parts: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> GenreParams:
        return cls(
            question_rate=float(settings.get("genre.question_weight")),
            first_person=float(settings.get("genre.first_person_weight")),
            second_person=float(settings.get("genre.second_person_weight")),
            evaluative=float(settings.get("genre.evaluative_weight")),
            stance_markers=float(settings.get("genre.stance_marker_weight")),
            scare_quotes=float(settings.get("genre.scare_quote_weight")),
            exclamations=float(settings.get("genre.exclamation_weight")),
            quoted_share=float(settings.get("genre.quoted_share_weight")),
            bias=float(settings.get("genre.bias")),
            min_sentences=int(settings.get("genre.min_sentences")),
            min_words=int(settings.get("genre.min_words")),
            narrator_max_quoted=float(settings.get("genre.narrator_max_quoted")),
            parts=int(settings.get("genre.parts")),
        )

    @property
    def weights(self) -> dict[str, float]:
        """The weight of each signal in the opinion score, by the signal's name."""
        return {
            "question_rate": self.question_rate,
            "first_person": self.first_person,
            "second_person": self.second_person,
            "evaluative": self.evaluative,
            "stance_markers": self.stance_markers,
            "scare_quotes": self.scare_quotes,
            "exclamations": self.exclamations,
            "quoted_share": self.quoted_share,
        }


DEFAULT_PARAMS = GenreParams()


def signals(
    text: str,
    sentences: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]],
    params: GenreParams = DEFAULT_PARAMS,
) -> dict[str, float]:
    """Narrator-voice signals of ``text``; ``quoted`` are the character spans of quotations."""
    inside = [False] * (len(text) + 1)
    for a, b in quoted:
        for i in range(max(0, a), min(len(text), b)):
            inside[i] = True
    narrator = "".join(c if not inside[i] else " " for i, c in enumerate(text))
    # "US"/"UK" in capitals are countries, not the pronoun
    words = [w.lower().strip("'") for w in _WORD.findall(narrator) if not (w.isupper() and len(w) > 1)]
    n_words = max(1, len(words))
    own = [(a, b) for a, b in sentences if sum(inside[a:b]) < params.narrator_max_quoted * (b - a)]
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


def classify(
    sig: dict[str, float], params: GenreParams = DEFAULT_PARAMS
) -> tuple[Genre, tuple[tuple[str, float], ...]]:
    """The genre and scores ``(("news", p), ("opinion", p), ("other", p))`` from :func:`signals`."""
    if sig["sentences"] < params.min_sentences or sig["words"] < params.min_words:
        return Genre.OTHER, (("news", 0.0), ("opinion", 0.0), ("other", 1.0))
    logit = params.bias + sum(w * sig[k] for k, w in params.weights.items())
    opinion = 1.0 / (1.0 + math.exp(-logit))
    scores = (("news", round(1.0 - opinion, 4)), ("opinion", round(opinion, 4)), ("other", 0.0))
    return (Genre.OPINION if opinion >= 0.5 else Genre.NEWS), scores


def classify_text(
    text: str,
    sentences: Sequence[tuple[int, int]],
    quoted: Sequence[tuple[int, int]],
    params: GenreParams = DEFAULT_PARAMS,
) -> tuple[Genre, tuple[tuple[str, float], ...], dict[str, float]]:
    """Genre of a whole text: the opinion score is the highest of the whole text and of each part
    (``params.parts`` of them: thirds by default).

    A report that turns into commentary (a blog that reposts a news story, then comments on it) is
    commentary: the narrator's own evaluative section decides, wherever it sits.
    """
    whole = signals(text, sentences, quoted, params)
    genre, scores = classify(whole, params)
    if genre is Genre.OTHER:
        return genre, scores, whole
    best = dict(scores)["opinion"]
    n = len(sentences)
    parts = params.parts
    if n >= parts * params.min_sentences:
        for k in range(parts):
            part = sentences[k * n // parts : (k + 1) * n // parts]
            a, b = part[0][0], part[-1][1]
            sub = signals(
                text[a:b],
                [(x - a, y - a) for x, y in part],
                [(x - a, y - a) for x, y in quoted if x >= a and y <= b],
                params,
            )
            _, sub_scores = classify(sub, params)
            best = max(best, dict(sub_scores)["opinion"])
    scores = (("news", round(1.0 - best, 4)), ("opinion", round(best, 4)), ("other", 0.0))
    return (Genre.OPINION if best >= 0.5 else Genre.NEWS), scores, whole
