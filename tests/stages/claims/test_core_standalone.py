"""Core claims read on their own: no sentence that opens by pointing back at the one before."""

import pytest

from newstrace.model import Article, Document, OffsetMap, Sentence
from newstrace.stages.claims._core import candidates, leans_on_context


def test_sentences_opening_with_a_pronoun_or_demonstrative_lean_on_context() -> None:
    assert leans_on_context("He added that the contract was never signed.")
    assert leans_on_context("But they said the bridge had been closed for weeks.")
    assert leans_on_context("“This is a complete fabrication,” the minister said.")
    assert leans_on_context("Those figures were revised twice in March.")
    assert leans_on_context("Speaking to reporters on Monday, she said the vote would be delayed.")
    assert not leans_on_context("On Monday, the council said the vote would be delayed.")
    assert not leans_on_context("The bridge had been closed for weeks, the council said.")
    assert not leans_on_context("Heavy rain closed the bridge for weeks.")  # "he" only as a whole word
    assert not leans_on_context("Thistle farmers lost most of the harvest.")


def test_a_sentence_leaning_on_context_is_no_core_claim_candidate_but_a_headline_may_be() -> None:
    text = (
        "Council says bridge stays shut\n\n"
        "He added that the bridge would stay closed until the inspection report was published in June. "
        "The river council voted on Monday to keep the old bridge closed until engineers finish the inspection."
    )
    first = text.index("He added")
    second = text.index("The river")
    doc = Document(
        Article(id="a", source="a.txt", raw=text, title="He says the bridge stays shut for good"),
        text=text,
        offsets=OffsetMap.identity(len(text)),
        sentences=(Sentence(first, second - 1, 1), Sentence(second, len(text), 1)),
    )
    found = [(c.origin, c.text) for c in candidates(doc)]
    assert ("headline", "He says the bridge stays shut for good") in found
    assert all(not t.startswith("He added") for _, t in found)
    assert any(t.startswith("The river council") for _, t in found)


def test_repeat_counts_do_not_depend_on_the_block_size_and_equal_the_whole_matrix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Candidates meet the story's sentences a block at a time (bounded memory); the counts are the same."""
    from newstrace.stages.claims import _core
    from newstrace.text.matching import similarities, tfidf
    from tests.text.test_matching import ConceptEmbedder

    texts = {
        "a": ["Russia supplies weapons to the Taliban.", "Rain closed the roads."],
        "b": ["Moscow is arming the insurgents, officials said.", "The roads stayed closed after rain."],
        "c": ["Weapons reach the Taliban from Russia.", "Officials met on Monday in the capital city."],
    }
    cands = [_core.Candidate(t, doc_id, None, None, "sentence", 0.5) for doc_id, sents in texts.items() for t in sents]
    sentences = [(doc_id, t) for doc_id, sents in texts.items() for t in sents]
    vectors = tfidf([*(c.text for c in cands), *(t for _, t in sentences)])
    embedder = ConceptEmbedder()
    whole = similarities([c.text for c in cands], [t for _, t in sentences], embedder, vectors).carries()
    doc_of = [d for d, _ in sentences]
    expected = [
        len({doc_of[k] for k in range(len(sentences)) if whole[i, k] and doc_of[k] != c.article_id})
        for i, c in enumerate(cands)
    ]
    assert expected[0] == 2  # the Russia-arms claim is repeated in both other articles
    for block in (1, 2, 256):
        monkeypatch.setattr(_core, "_BLOCK", block)
        assert _core._repeating_articles(cands, sentences, vectors, embedder) == expected


def test_a_sentence_of_more_than_candidate_max_words_is_no_core_claim_candidate() -> None:
    from newstrace.stages.claims._core import CoreClaimParams

    long = "The council " + " ".join(["met and voted"] * 20) + " on the bridge."
    short = "The river council voted on Monday to keep the old bridge closed until June."
    text = f"{long} {short}"
    doc = Document(
        Article(id="a", source="a.txt", raw=text),
        text=text,
        offsets=OffsetMap.identity(len(text)),
        sentences=(Sentence(0, len(long)), Sentence(len(long) + 1, len(text))),
    )
    assert [c.text for c in candidates(doc)] == [short]
    assert [c.text for c in candidates(doc, CoreClaimParams(candidate_max_words=100))] == [long]
