"""Dedupe: collapse exact duplicates and mark near duplicates across the input, on the cleaned text.

Runs right after cleaning and before parsing, so an article fetched twice is parsed once.

**Exact duplicates** — inputs whose cleaned texts are equal once runs of whitespace are made
one space. One of them (the representative, below) goes on through the pipeline; every other
copy is dropped from the corpus and recorded on the kept document as an
:class:`~newstrace.model.ExactCopy` (id, source, outlet, url, title, date), which every report
shows ("analysed once"). Nothing is dropped without that record.

**Near duplicates** — the same wire story in ten outlets, a page with a different footer, a
copy cut short or padded with an appeal the cleaner did not catch. They stay in the pipeline,
marked: ``Document.near_duplicate_of`` names the representative and ``Document.near_duplicate``
holds the two scores measured between the article and that representative:

- *resemblance* ``|A∩B| / |A∪B|`` (Jaccard) of the word-shingle sets (``dedupe.shingle_words``
  lower-cased words per shingle);
- *containment* ``|A∩B| / min(|A|, |B|)``: how much of the smaller text is inside the larger.

Resemblance alone misses the commonest kinds of copy: a copy with a 620-word appeal appended
has a resemblance of 0.2-0.6 to its original (0.36 for a typical FNC-1 body), a copy cut to its
first 60 % about 0.6, while the containment of both is 1. So a pair is a near duplicate when its resemblance reaches
``dedupe.resemblance`` *or* its containment reaches ``dedupe.containment`` (the latter only
when the smaller text has at least ``dedupe.min_shingles`` shingles: a one-line text is
"contained" in many articles without being a copy of any).

How pairs are found without comparing every pair (the work grows about linearly with the
corpus): each text gets a MinHash sketch (datasketch, ``dedupe.num_perm`` permutations,
``dedupe.seed``). Two indexes propose candidate pairs:

- a ``MinHashLSH`` at a resemblance threshold, for copies of about the same length;
- a ``MinHashLSHEnsemble`` at a containment threshold (it partitions the texts by shingle-set
  size so that containment can be turned into a per-partition Jaccard threshold), queried with
  every text, so a text finds each longer text that contains it — the cut copy finds its
  original, the original finds the padded copy.

Both indexes run at their threshold minus ``dedupe.candidate_margin``, so a pair just above the
threshold is not lost to the sketches' sampling error, and the ensemble picks its LSH
parameters weighting a missed pair four times a false candidate (``dedupe.ensemble_false_negative_weight``
0.8 against ``dedupe.ensemble_false_positive_weight`` 0.2): with
its default, even weights it misses a short text inside a text ten times longer (the Jaccard
similarity of such a pair is about 0.1, where MinHash cannot tell a copy from chance), and it
missed 3 of the 166 qualifying FNC-1 pairs; weighted, it found all of them, among 16 k
candidates for 1.4 M pairs. Every candidate pair is then verified
on the exact shingle sets (sorted arrays of 64-bit shingle hashes, intersected in linear
time): the reported scores are exact, never MinHash estimates, and a false candidate costs
one intersection. (Verifying exact containment is what makes the ensemble usable: on its own
it errs both ways near the threshold.) The sizes given to the ensemble are rounded up to a 5 %
grid (``dedupe.size_grid``), because choosing its partitions costs the square of the number of distinct sizes.

Both indexes take their parameters from datasketch (the band width and count at a threshold, the ensemble's
size partitions and its band choice per size ratio) but hold the bands as numpy arrays (``_bands``), not as
datasketch's dictionaries of sets: its ensemble keeps about 190 band entries a text (some 70 KB), which made
dedupe the largest memory of a 10,000-article run. The pairs proposed are the same (on 3,000 scale-benchmark
texts 47,909 candidates either way, found in 0.4 s with 17 MB instead of 4.1 s with 191 MB).

Cost: shingling and sketching are linear in the text; LSH inserts and queries are linear in
the number of articles; verification is linear in the number of candidate pairs, which grows
with the number of real copies (ten copies of one wire story are 45 pairs) and with the false
candidates the weighted ensemble lets through (about 1 % of all pairs on FNC-1, a corpus made
of a few hundred stories each covered many times; fewer on a varied corpus).

**The representative** of a group is chosen by a fixed order that does not depend on the
order of the input: the earliest published first (undated last), then the longest cleaned
text, then the smallest source name, then the smallest id (source before id because two
inputs with the same name and text get ids that differ by a suffix given in input order). So
among undated copies the padded one represents the group: it holds all the text. Articles are taken in that order;
an article becomes a representative unless it is a near duplicate of a representative taken
before it, and then it is marked with the first such representative. (No transitive chains:
an article is marked only against a representative it itself matches, so a short brief
contained in two different articles cannot join them into one group.) LSH bucketing and the
ensemble's partitions are built from entries sorted by that order too, so shuffling the input
gives the same marks.

Passage-level reuse between articles of a story ("who copied whom") is a different question,
answered later by ``stories.compare.v1`` (``newstrace.stages.stories._reuse``).
"""

from __future__ import annotations

import dataclasses
import logging

from newstrace.pipeline import Corpus, CorpusStage, RunContext, register
from newstrace.stages.dedupe._minhash import (
    DedupeParams,
    DedupeResult,
    Fingerprint,
    candidate_pairs,
    dedupe_documents,
    find_duplicates,
    fingerprint,
    normalise,
    rank_key,
    scores,
    shingle_hashes,
    sketch,
)

__all__ = [
    "DedupeParams",
    "DedupeResult",
    "Fingerprint",
    "MinHashDeduper",
    "candidate_pairs",
    "dedupe_documents",
    "find_duplicates",
    "fingerprint",
    "normalise",
    "rank_key",
    "scores",
    "shingle_hashes",
    "sketch",
]

log = logging.getLogger(__name__)


@register
class MinHashDeduper(CorpusStage):
    name = "dedupe.minhash.v1"
    requires = frozenset({"document.text", "document.article"})
    provides = frozenset({"document.exact_copies", "document.near_duplicate", "document.near_duplicate_of"})
    description = (
        "collapse exact duplicates (recorded, analysed once); mark near duplicates by word-shingle "
        "resemblance or containment (MinHash LSH + LSH Ensemble candidates, exact verification)"
    )

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        params = DedupeParams.from_settings(self.settings)
        prints = self.each(corpus.live(), ctx, lambda doc: fingerprint(doc, params))
        docs = dedupe_documents(corpus.documents, params, prints)
        collapsed = len(corpus.documents) - len(docs)
        marked = sum(1 for d in docs if d.near_duplicate is not None)
        log.info("dedupe: %d exact copies collapsed, %d near duplicates marked", collapsed, marked)
        return dataclasses.replace(corpus, documents=tuple(docs))
