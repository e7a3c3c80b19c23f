"""Evidence: what each article offers for its claims, and how independent that evidence is.

``evidence.v1``, per document (``extract_evidence``), by general cues only:

- sources: who a statement is attributed to (the article's quotes, and with a parse the
  subjects of reporting verbs) classified by the words of the speaker's mention:
  ``interested_party`` when the speaker is one of the parties the claim is about (an entity of
  the claim other than the subject of its main verb: the accused, the accuser), ``expert``
  (expert, analyst, researcher ...), ``named_official`` (an official role noun with a name),
  ``anonymous_official`` (an official role noun without a name, or an anonymous speaker);
- material: ``video_image`` (video, footage, image, photo ...), ``document`` (document, memo,
  letter, transcript ...), ``unseen_classified`` (classified / secret / confidential material,
  intelligence as a thing rather than an agency).

``evidence.summary.v1``, per story and core claim (``evidence_summary``), once the stories are
compared: every item with its sentence; items inside a passage the article copied from another count
as that origin (copies count once); material whose origin the article says is not identified is
flagged; a plain summary whose every statement points at its sentences.

The cue words are lexicon files in ``lexicons/`` beside this package; the weights behind the
support label and the other numbers are ``[evidence]`` settings, carried as :class:`EvidenceParams`.
"""

from __future__ import annotations

import dataclasses

from newstrace.model import Document, ReuseSummary, Story
from newstrace.pipeline import Corpus, CorpusStage, DocumentStage, RunContext, register
from newstrace.settings import Settings
from newstrace.stages.evidence._extract import EvidenceParams, claim_parties, classify_source, extract_evidence
from newstrace.stages.evidence._summary import (
    claim_carriers,
    evidence_items,
    evidence_summary,
    locate_evidence,
    support,
)

__all__ = [
    "EvidenceParams",
    "EvidenceStage",
    "EvidenceSummaryStage",
    "claim_carriers",
    "claim_parties",
    "classify_source",
    "evidence_items",
    "evidence_summary",
    "extract_evidence",
    "locate_evidence",
    "support",
]


@register
class EvidenceStage(DocumentStage):
    name = "evidence.v1"
    requires = frozenset({"parse", "document.text", "document.sentences", "document.quotes", "document.claims"})
    provides = frozenset({"document.evidence"})
    description = (
        "evidence each article offers: officials (named/anonymous), documents, video/images, experts, "
        "interested parties, unseen material"
    )

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.params = EvidenceParams.from_settings(settings)

    def process(self, doc: Document, ctx: RunContext) -> Document:
        return dataclasses.replace(doc, evidence=extract_evidence(doc, ctx.parse(doc).doc, self.params))


@register
class EvidenceSummaryStage(CorpusStage):
    name = "evidence.summary.v1"
    requires = frozenset(
        {
            "corpus.stories",
            "story.claims",
            "story.reuse",
            "story.reuse_summary",
            "story.agreement",
            "document.evidence",
            "document.text",
            "document.sentences",
        }
    )
    provides = frozenset({"story.evidence_summary"})
    description = "per story and core claim: the evidence items, their independent origins and a support label"

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.params = EvidenceParams.from_settings(settings)

    def run(self, corpus: Corpus, ctx: RunContext) -> Corpus:
        located = self.each(corpus.live(), ctx, locate_evidence)
        by_id = {d.id: d for d in corpus.live() if d.id in located}
        stories: list[Story] = []
        for story in corpus.stories:
            members = [by_id[a] for a in story.article_ids if a in by_id]
            reuse = story.reuse_summary or ReuseSummary()
            carriers = claim_carriers(story.agreement)
            summary = evidence_summary(story, members, story.reuse, reuse, carriers, located, self.params)
            stories.append(dataclasses.replace(story, evidence_summary=tuple(summary)))
        return dataclasses.replace(corpus, stories=tuple(stories))
