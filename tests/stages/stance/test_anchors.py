"""Chained relatedness: a passage worded differently from a claim is related through a story sentence that states it."""

from newstrace.model import Article, Claim, Document, Sentence
from newstrace.stages.stance import StanceParams, chained_relatedness, claim_anchors
from newstrace.stages.stance import _model as stance_model
from newstrace.stages.stance._features import relatedness

CLAIM = Claim("c1", "The company is laying off workers")
STORY = [
    "Reports say the company is laying off workers at its two plants.",
    "The union said the job cuts would hit the night shift first.",
    "Sales rose in the spring.",
]


def _doc() -> Document:
    text = " ".join(STORY)
    sentences, at = [], 0
    for s in STORY:
        start = text.index(s, at)
        sentences.append(Sentence(start, start + len(s)))
        at = start + len(s)
    return Document(Article(id="a", source="a", raw=text), text=text, sentences=tuple(sentences))


def test_anchors_are_the_sentences_that_state_the_claim() -> None:
    space = stance_model.load().space
    anchors = claim_anchors(space, CLAIM, [_doc()])
    assert anchors and anchors[0] == STORY[0]
    assert all(relatedness(space, CLAIM.text, a) >= StanceParams().anchor_min for a in anchors)


def test_a_differently_worded_passage_is_related_through_an_anchor() -> None:
    space = stance_model.load().space
    anchors = claim_anchors(space, CLAIM, [_doc()])
    passage = "Managers at the two plants confirmed the job cuts on the night shift."
    assert relatedness(space, CLAIM.text, passage) < 0.1  # no word of the claim
    assert chained_relatedness(space, CLAIM, passage, anchors) >= 0.3  # the stage's related_min
    assert chained_relatedness(space, CLAIM, "Sales rose in the spring.", anchors) == 0.0


def test_anchor_settings_bound_which_sentences_are_anchors() -> None:
    space = stance_model.load().space
    assert claim_anchors(space, CLAIM, [_doc()], StanceParams(anchor_limit=0)) == ()
    assert claim_anchors(space, CLAIM, [_doc()], StanceParams(anchor_min=1.01)) == ()


def test_a_quote_does_not_inherit_the_relatedness_of_the_anchor_that_contains_it() -> None:
    space = stance_model.load().space
    anchors = claim_anchors(space, CLAIM, [_doc()])
    inner = "at its two plants"  # a fragment of the first anchor: on its own it says nothing of the claim
    assert chained_relatedness(space, CLAIM, inner, anchors) == relatedness(space, CLAIM.text, inner)
    assert chained_relatedness(space, CLAIM, inner, anchors) < 0.3
