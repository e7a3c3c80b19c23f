"""Features for headline/claim ↔ body stance: similarities, overlaps and cue-word counts.

Everything here is a pure function of text plus a fitted :class:`TextSpace` (a TF-IDF
vocabulary with idf weights, stored as one ``.npz``).
Body features are computed once per body (:func:`body_features`) and reused for every
headline paired with it, so scoring thousands of pairs against a few hundred bodies is fast.

The cue lexicons are general English: refuting and denial words, hedges and boosters
(after Hyland 1998/2005), reporting ("discuss") words and negators. None is tied to a topic.
They, the stop words and the numbers inside the features (the 0.1 cosine of a related sentence,
the 300-character lead, the three top and lead sentences, the space's size) belong to the shipped
model: it was trained on exactly these features, so they are not settings, and the word lists are
data files (``lexicons/fnc_*.txt``) that change only with a retrained model.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt
from scipy import sparse

from newstrace.text import lexicons

Matrix: TypeAlias = Any  # scipy.sparse.csr_matrix (scipy ships no type stubs)
FloatArray = npt.NDArray[np.float32]

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+|\n+")

# The cue lexicons and stop words are features of the trained model (their files, lexicons/fnc_*.txt,
# say so in their headers): data files, not settings; they change only with a retrained model.
_LEXICON_DIR = "stages/stance/lexicons"
#: Words that contest or deny what a headline states.
REFUTE_WORDS = lexicons.words(f"{_LEXICON_DIR}/fnc_refute.txt")
#: Hedges (Hyland): words that withhold full commitment.
HEDGE_WORDS = lexicons.words(f"{_LEXICON_DIR}/fnc_hedge.txt")
#: Boosters (Hyland) and confirming words: full commitment.
BOOSTER_WORDS = lexicons.words(f"{_LEXICON_DIR}/fnc_booster.txt")
#: Reporting words: the text relays what someone said without committing to it.
DISCUSS_WORDS = lexicons.words(f"{_LEXICON_DIR}/fnc_discuss.txt")
#: Negators.
NEGATION_WORDS = lexicons.words(f"{_LEXICON_DIR}/fnc_negation.txt")
#: Function words left out of the TF-IDF space and the word overlaps.
STOP_WORDS = lexicons.words(f"{_LEXICON_DIR}/fnc_stop.txt")

LEXICONS: dict[str, frozenset[str]] = {
    "refute": REFUTE_WORDS,
    "hedge": HEDGE_WORDS,
    "booster": BOOSTER_WORDS,
    "discuss": DISCUSS_WORDS,
    "negation": NEGATION_WORDS,
}


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens ("didn't" → "did", "n't")."""
    out: list[str] = []
    for tok in _TOKEN.findall(text.lower().replace("’", "'")):
        if tok.endswith("n't"):
            out.extend((tok[:-3], "n't"))
        else:
            out.append(tok)
    return out


def content_tokens(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOP_WORDS]


_SUFFIXES = ("ations", "ation", "ings", "ing", "edly", "ed", "ies", "es", "ly", "s")


def stem(token: str) -> str:
    """A crude suffix-stripping stem ("arrested" → "arrest", "bodies" → "bod"), enough to match word forms."""
    token = _base(token)
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            return token[: -len(suffix)]
    return token


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence offsets ``(start, end)`` for bodies without a parse; stripped, never empty."""
    out: list[tuple[int, int]] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        _append_stripped(text, pos, match.start() if match.group().isspace() else match.end(), out)
        pos = match.end()
    _append_stripped(text, pos, len(text), out)
    return out


def _append_stripped(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    seg = text[start:end]
    a = start + (len(seg) - len(seg.lstrip()))
    b = end - (len(seg) - len(seg.rstrip()))
    if b > a:
        out.append((a, b))


@dataclass(frozen=True)
class TextSpace:
    """A fitted TF-IDF space (sublinear tf, l2-normalised; words and word pairs).

    It has no dense (SVD) projection: cosines in a projection fitted on the training topics scored
    well on dev pairs whose texts the projection had seen, and worse than none on pairs it had not
    seen, which is the case of every new story (docs/evaluation.md).
    """

    vocabulary: dict[str, int]
    idf: FloatArray

    def unigram_idf(self, token: str) -> float:
        """The idf of a single word; words never seen in training get the highest idf (rarest)."""
        table: dict[str, float] | None = self.__dict__.get("_idf_table")
        if table is None:
            table = {t: float(self.idf[j]) for t, j in self.vocabulary.items() if " " not in t}
            table[""] = float(self.idf.max()) if len(self.idf) else 1.0
            object.__setattr__(self, "_idf_table", table)
        return table.get(token, table[""])

    @classmethod
    def fit(cls, texts: Sequence[str], *, max_features: int = 15000) -> TextSpace:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vec = TfidfVectorizer(
            tokenizer=content_tokens,
            lowercase=False,
            token_pattern=None,
            max_features=max_features,
            sublinear_tf=True,
            min_df=2,
            ngram_range=(1, 2),
        )
        vec.fit(texts)
        vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
        return cls(vocab, vec.idf_.astype(np.float32))

    def save(self, path: Path) -> None:
        terms = np.array(sorted(self.vocabulary, key=self.vocabulary.__getitem__))
        np.savez_compressed(path, terms=terms, idf=self.idf)

    @classmethod
    def load(cls, path: Path) -> TextSpace:
        with np.load(path, allow_pickle=False) as data:
            terms = [str(t) for t in data["terms"]]
            return cls({t: i for i, t in enumerate(terms)}, data["idf"])

    def transform(self, texts: Iterable[str]) -> Matrix:
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        n = 0
        for n, text in enumerate(texts, start=1):
            toks = content_tokens(text)
            grams = toks + [f"{a} {b}" for a, b in itertools.pairwise(toks)]
            counts: dict[int, int] = {}
            for g in grams:
                j = self.vocabulary.get(g)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            for j, c in counts.items():
                rows.append(n - 1)
                cols.append(j)
                vals.append((1.0 + np.log(c)) * float(self.idf[j]))
        m = sparse.csr_matrix((vals, (rows, cols)), shape=(n, len(self.vocabulary)), dtype=np.float32)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def _lexicon_counts(toks: Sequence[str]) -> list[int]:
    return [sum(1 for t in toks if t in lex) for lex in LEXICONS.values()]


@dataclass(frozen=True)
class BodyFeatures:
    """Per-body material reused for every headline paired with the body."""

    text: str
    sentences: tuple[tuple[int, int], ...]
    vector: Matrix  # (1, V)
    sentence_vectors: Matrix  # (n, V)
    token_set: frozenset[str]
    bigram_set: frozenset[tuple[str, str]]
    sentence_tokens: tuple[frozenset[str], ...]
    sentence_counts: npt.NDArray[np.float32]  # (n, len(LEXICONS))
    n_tokens: int
    lead_token_set: frozenset[str]
    stem_set: frozenset[str]
    sentence_stems: tuple[frozenset[str], ...]


def body_features(space: TextSpace, text: str, sentences: Sequence[tuple[int, int]] | None = None) -> BodyFeatures:
    """Compute the per-body features once (``sentences`` defaults to a rough regex split)."""
    sents = tuple(sentences) if sentences is not None else tuple(split_sentences(text))
    if not sents:
        sents = ((0, len(text)),)
    sent_texts = [text[a:b] for a, b in sents]
    vector = space.transform([text])
    sent_vecs = space.transform(sent_texts)
    toks = content_tokens(text)
    sent_toks = [tokens(s) for s in sent_texts]
    counts = np.array([_lexicon_counts(t) for t in sent_toks], dtype=np.float32)
    return BodyFeatures(
        text=text,
        sentences=sents,
        vector=vector,
        sentence_vectors=sent_vecs,
        token_set=frozenset(toks),
        bigram_set=frozenset(itertools.pairwise(toks)),
        sentence_tokens=tuple(frozenset(t) - STOP_WORDS for t in sent_toks),
        sentence_counts=counts,
        n_tokens=max(1, len(toks)),
        lead_token_set=frozenset(content_tokens(text[:300])),
        stem_set=frozenset(stem(t) for t in toks),
        sentence_stems=tuple(frozenset(stem(t) for t in s if t not in STOP_WORDS) for s in sent_toks),
    )


FEATURE_NAMES: tuple[str, ...] = (
    "cos_tfidf",
    "sent_max",
    "sent_top3",
    "sent_first",
    "sent_best_pos",
    "overlap_frac",
    "jaccard",
    "bigram_frac",
    "lead_overlap",
    "best_sent_overlap",
    "n_sent_related",
    "head_len",
    "body_len_log",
    "head_question",
    *(f"head_{k}" for k in LEXICONS),
    *(f"body_{k}_rate" for k in LEXICONS),
    *(f"top_{k}" for k in LEXICONS),
    *(f"lead_{k}" for k in LEXICONS),
    *(f"related_{k}_rate" for k in LEXICONS),
    "top_neg_parity_diff",
    "top_refute_minus_booster",
    "idf_cover_body",
    "idf_cover_best",
    "idf_cover_top3",
    "idf_cover_lead",
    "stem_overlap_frac",
    "oov_cover_body",
    "head_idf_mean",
)


def pair_features(space: TextSpace, headline: str, body: BodyFeatures, head_vec: Matrix | None = None) -> FloatArray:
    """The feature vector for one headline (or claim) against one body; order = FEATURE_NAMES."""
    hv = head_vec if head_vec is not None else space.transform([headline])
    sims = np.asarray((body.sentence_vectors @ hv.T).todense(), dtype=np.float32).ravel()
    order = np.argsort(-sims, kind="stable")
    top = order[:3]
    h_toks = content_tokens(headline)
    h_set = frozenset(h_toks)
    h_bigrams = frozenset(itertools.pairwise(h_toks))
    n_h = max(1, len(h_set))
    best = int(order[0])
    related_mask = sims > 0.1
    n_rel = int(related_mask.sum())
    counts = body.sentence_counts
    top_counts = counts[top].sum(axis=0)
    lead_counts = counts[:3].sum(axis=0)
    body_rate = counts.sum(axis=0) / body.n_tokens * 100.0
    rel_tokens = sum(len(body.sentence_tokens[i]) for i in np.flatnonzero(related_mask)) or 1
    related_rate = counts[related_mask].sum(axis=0) / rel_tokens * 100.0 if n_rel else np.zeros(len(LEXICONS))
    h_all = tokens(headline)
    h_counts = np.array(_lexicon_counts(h_all), dtype=np.float32)
    neg_index = list(LEXICONS).index("negation")
    refute_index = list(LEXICONS).index("refute")
    booster_index = list(LEXICONS).index("booster")
    values = [
        float((body.vector @ hv.T).toarray()[0, 0]),
        float(sims[best]),
        float(sims[top].mean()),
        float(sims[0]),
        best / max(1, len(sims) - 1),
        len(h_set & body.token_set) / n_h,
        len(h_set & body.token_set) / max(1, len(h_set | body.token_set)),
        len(h_bigrams & body.bigram_set) / max(1, len(h_bigrams)),
        len(h_set & body.lead_token_set) / n_h,
        len(h_set & body.sentence_tokens[best]) / n_h,
        float(n_rel),
        float(len(h_all)),
        float(np.log1p(body.n_tokens)),
        float("?" in headline),
        *h_counts.tolist(),
        *body_rate.tolist(),
        *top_counts.tolist(),
        *lead_counts.tolist(),
        *np.asarray(related_rate).tolist(),
        float((top_counts[neg_index] % 2) != (h_counts[neg_index] % 2)),
        float(top_counts[refute_index] - top_counts[booster_index]),
        *_idf_coverage(space, h_toks, body),
    ]
    return np.asarray(values, dtype=np.float32)


def _idf_coverage(space: TextSpace, h_toks: Sequence[str], body: BodyFeatures) -> list[float]:
    """Open-vocabulary overlap: idf-weighted share of headline words (stemmed) found in the body/sentences."""
    words = sorted(set(h_toks))
    if not words:
        return [0.0] * 7
    weights = np.array([space.unigram_idf(w) for w in words])
    stems = [stem(w) for w in words]
    total = float(weights.sum())

    def cover(stem_set: frozenset[str]) -> float:
        return float(sum(w for w, s in zip(weights, stems, strict=True) if s in stem_set)) / total

    per_sentence = sorted((cover(s) for s in body.sentence_stems), reverse=True)
    oov = [i for i, w in enumerate(words) if w not in space.vocabulary]
    oov_cover = sum(1 for i in oov if stems[i] in body.stem_set) / len(oov) if oov else -1.0
    lead = frozenset().union(*body.sentence_stems[:2]) if body.sentence_stems else frozenset()
    return [
        cover(body.stem_set),
        per_sentence[0] if per_sentence else 0.0,
        float(np.mean(per_sentence[:3])) if per_sentence else 0.0,
        cover(lead),
        sum(1 for s in stems if s in body.stem_set) / len(stems),
        oov_cover,
        total / len(words),
    ]


def best_sentences(space: TextSpace, headline: str, body: BodyFeatures, k: int = 2) -> list[tuple[int, int]]:
    """Offsets of the ``k`` body sentences most similar to the headline (most similar first)."""
    hv = space.transform([headline])
    sims = np.asarray((body.sentence_vectors @ hv.T).todense()).ravel()
    order = np.argsort(-sims, kind="stable")[:k]
    return [body.sentences[int(i)] for i in order if sims[int(i)] > 0]


def relatedness(space: TextSpace, claim: str, passage: str) -> float:
    """How much ``passage`` talks about ``claim`` in [0, 1]: the higher of the TF-IDF cosine and the
    idf-weighted share of the claim's words (stemmed) that the passage contains."""
    vecs = space.transform([claim, passage])
    cosine = float((vecs[0] @ vecs[1].T).toarray()[0, 0])
    words = sorted({_base(t) for t in content_tokens(claim)})
    if not words:
        return cosine
    passage_stems = {stem(_base(t)) for t in content_tokens(passage)}
    weights = [space.unigram_idf(w) for w in words]
    covered = sum(w for w, word in zip(weights, words, strict=True) if stem(word) in passage_stems)
    return max(cosine, covered / sum(weights))


def _base(token: str) -> str:
    """The word without a possessive ending ("russia's" → "russia")."""
    return token[:-2] if token.endswith("'s") and len(token) > 3 else token
