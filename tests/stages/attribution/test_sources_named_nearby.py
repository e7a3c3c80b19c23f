"""Speakers the article names near the quotation, though not in the cue's own subject: an account name in
lower case, a document reproduced under a line that presents it, a publication after "reported in", an
unnamed report the next paragraph credits, and a surname the tagger read as a common noun. Each is a class
of speaker errors measured on quotes-dev and coverage-dev, written here with invented names."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from newstrace.model import Quote, SpeakerType
from newstrace.stages.attribution import AttributionParams, attribute
from newstrace.stages.attribution._speakers import SpeakerIndex


def quotes_of(nlp: Any, text: str) -> list[Quote]:
    return attribute(nlp(text))[0]


def quote_with(nlp: Any, text: str, fragment: str) -> Quote:
    hits = [q for q in quotes_of(nlp, text) if fragment in q.content]
    assert hits, f"no quote holds {fragment!r}"
    return hits[0]


def test_a_lower_case_account_name_after_a_person_noun_is_a_pronouns_antecedent(nlp: Any) -> None:
    text = (
        "The Harwick Rowing Club sent the card to members in 1968.\n\n"
        "It is a charming card that has been shared widely since user kelp_42 first posted it on Sunday.\n\n"
        "He said that he found the card in a box of his grandfather's papers."
    )
    q = quote_with(nlp, text, "found the card")
    assert q.speaker is not None and q.speaker.resolved_by == "pronoun"
    assert q.speaker.name is not None and "kelp" in q.speaker.name.lower()
    assert q.speaker.type is SpeakerType.PERSON


def test_a_document_reproduced_under_a_presenting_line_is_its_own_speaker(nlp: Any) -> None:
    text = (
        "Mr. Dale Orton said he found the letter in the clubhouse attic last spring.\n\n"
        "Here is the letter in full:\n\n"
        "“Members are asked to wipe their boots before entering the bar.”\n\n"
        "“The bar closes at ten o'clock on weekdays.”"
    )
    for fragment in ("wipe their boots", "The bar closes"):
        q = quote_with(nlp, text, fragment)
        assert q.speaker is not None and q.speaker.name == "the letter", fragment
        assert q.speaker.type is SpeakerType.DOCUMENT
        assert q.speaker.holder is None  # evidence, not a holder


def test_a_presenting_line_with_a_reporting_verb_keeps_its_reporter(nlp: Any) -> None:
    text = (
        "Ms. Ruth Calder wrote to the council on Monday. In her letter, she wrote:\n\n"
        "“The bridge must be closed before the winter storms arrive.”"
    )
    q = quote_with(nlp, text, "The bridge must be closed")
    assert q.speaker is not None and q.speaker.name == "Ruth Calder"


def test_a_report_in_a_titled_publication_is_the_publications(nlp: Any) -> None:
    text = "Yesterday it was reported in The Clarion that the harbour master had resigned after the storm."
    q = quote_with(nlp, text, "the harbour master had resigned")
    assert q.speaker is not None and q.speaker.name is not None and "Clarion" in q.speaker.name
    assert q.speaker.resolved_by == "mention"


def test_an_unnamed_report_takes_the_source_the_next_paragraph_credits(nlp: Any) -> None:
    text = (
        "A senior judge in Westmark has reportedly resigned over the new sentencing rules.\n\n"
        "Judge Ilse Varga told colleagues she would leave at the end of the month, according to "
        "the Westmark Gazette."
    )
    q = quote_with(nlp, text, "has reportedly resigned")
    assert q.speaker is not None and q.speaker.resolved_by == "later-report"
    assert q.speaker.name is not None and "Westmark Gazette" in q.speaker.name


def test_an_unnamed_report_followed_by_another_speaker_stays_unnamed(nlp: Any) -> None:
    text = (
        "A senior judge in Westmark has reportedly resigned over the new sentencing rules.\n\n"
        "Judge Ilse Varga said she would leave at the end of the month."
    )
    q = quote_with(nlp, text, "has reportedly resigned")
    assert q.speaker is not None and q.speaker.resolved_by != "later-report"
    assert q.speaker.anonymous


def test_a_surname_read_as_a_common_noun_is_the_person_named_in_full(nlp: Any) -> None:
    # the parse the default model gives a real sentence of this shape: the surname a common noun, with the
    # name after it hung on it as an appositive; the speaker is the person the surname names, not the other
    words = [
        *("President", "Maria", "Castell", "spoke", "on", "Friday", "."),
        *("Castell", "celebrated", "Voss", "’s", "firing", ",", "writing", "that", "the", "inquiry"),
        *("should", "end", "."),
    ]
    heads = [2, 2, 3, 3, 3, 4, 3, 11, 9, 7, 9, 11, 11, 13, 18, 17, 18, 18, 13, 11]
    deps = [
        *("compound", "compound", "nsubj", "ROOT", "prep", "pobj", "punct"),
        *("nsubj", "amod", "appos", "case", "ROOT", "punct", "advcl", "mark", "det", "nsubj"),
        *("aux", "ccomp", "punct"),
    ]
    pos = [
        *("PROPN", "PROPN", "PROPN", "VERB", "ADP", "PROPN", "PUNCT"),
        *("NOUN", "VERB", "PROPN", "PART", "VERB", "PUNCT", "VERB", "SCONJ", "DET", "NOUN"),
        *("AUX", "VERB", "PUNCT"),
    ]
    ents = ["O", "B-PERSON", "I-PERSON", "O", "O", "B-DATE", "O", "O", "O", "B-PERSON"] + ["O"] * 10
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, ents=ents)
    castell = doc[7]
    assert castell.pos_ == "NOUN" and doc[9].dep_ == "appos"
    index = SpeakerIndex(doc, [-1] * len(doc), AttributionParams())
    index.seed_salience()
    res = index.resolve(castell)
    assert res.source is not None and res.source.name == "Maria Castell"
    assert res.resolved_by == "short-form"


def test_an_unnamed_spokesperson_named_in_the_next_quotation_by_their_body_is_that_person(nlp: Any) -> None:
    text = (
        "Speaking to reporters, an IRFA spokesperson said the federation was reviewing the complaints. "
        "“We have had no formal notice from the clubs,” Mara Lindqvist, IRFA's director of communications, "
        "told the paper."
    )
    q = quote_with(nlp, text, "reviewing the complaints")
    assert q.speaker is not None and q.speaker.name == "Mara Lindqvist"
    assert q.speaker.resolved_by == "named-after" and q.speaker.mention == "an IRFA spokesperson"


def test_an_unnamed_spokesperson_followed_by_a_person_of_another_body_stays_unnamed(nlp: Any) -> None:
    text = (
        "Speaking to reporters, an IRFA spokesperson said the federation was reviewing the complaints. "
        "“We have had no formal notice from the federation,” Mara Lindqvist, Dunmore Rovers' club secretary, "
        "told the paper."
    )
    q = quote_with(nlp, text, "reviewing the complaints")
    assert q.speaker is not None and q.speaker.anonymous and q.speaker.name == "an IRFA spokesperson"


def test_an_unnamed_person_whose_signed_post_follows_is_the_poster(nlp: Any) -> None:
    text = (
        "A reporter at the harbour, however, said the ferry terminal is closed to the public.\n\n"
        "Coast guard crews have closed the Dunmore ferry terminal after the fire pic.twitter.com/abc123\n\n"
        "— Tomas Brennick (@tbrennick) March 3, 2021\n\n"
        "The terminal is expected to reopen on Monday."
    )
    q = quote_with(nlp, text, "terminal is closed")
    assert q.speaker is not None and q.speaker.name == "Tomas Brennick"
    assert q.speaker.resolved_by == "named-after"


def test_a_person_described_in_the_lead_and_named_in_the_next_paragraph_is_that_person(nlp: Any) -> None:
    text = (
        "Ferry Strike Talks Collapse\n\n"
        "KILDARRA, Westmark — The head of the ferry workers' union has rejected the latest pay offer and "
        "said the strike would go on.\n\n"
        "In a statement released late on Sunday, Orla Brennagh dashed hopes for a quick settlement.\n\n"
        "“We will not go back for less,” she said."
    )
    for fragment in ("the strike would go on", "the latest pay offer"):
        q = quote_with(nlp, text, fragment)
        assert q.speaker is not None and q.speaker.name == "Orla Brennagh", fragment
        assert q.speaker.resolved_by == "delayed-name"


def test_a_lead_description_is_not_a_person_the_article_named_before(nlp: Any) -> None:
    text = (
        "Orla Brennagh Joins Talks\n\n"
        "KILDARRA, Westmark — The head of the ferry workers' union has rejected the latest pay offer and "
        "said the strike would go on.\n\n"
        "In a statement released late on Sunday, Orla Brennagh called for a quick settlement."
    )
    q = quote_with(nlp, text, "the strike would go on")
    assert q.speaker is not None and q.speaker.anonymous


def test_an_agentless_passive_of_the_verb_a_source_was_just_reported_with_is_that_sources(nlp: Any) -> None:
    text = (
        "Analyst Petra Holloway expects the base model of the Orbit phone to sell for about $400.\n\n"
        "The larger model is expected to start at $650 to $700, depending on storage."
    )
    q = quote_with(nlp, text, "start at $650")
    assert q.speaker is not None and q.speaker.name == "Petra Holloway"
    assert q.speaker.resolved_by == "same-cue"


def test_is_said_to_stays_the_hedge_of_unnamed_sources_after_a_named_speaker(nlp: Any) -> None:
    text = (
        "Petra Holloway said the company would open a shop in Kildarra.\n\n"
        "The chief executive is said to have visited the town twice this year."
    )
    q = quote_with(nlp, text, "visited the town")
    assert q.speaker is not None and q.speaker.anonymous and q.speaker.resolved_by != "same-cue"


def test_an_unnamed_belief_inside_a_named_report_stays_unnamed(nlp: Any) -> None:
    text = (
        "The Dunmore Courier reported that Tavin Orsk is believed to be an associate of a known smuggler who "
        "travelled to Lisbon in 2006, and is allegedly linked to a shipping firm.\n\n"
        "The Dunmore Courier reported that the police had no comment."
    )
    believed = [q for q in quotes_of(nlp, text) if q.cue is not None and q.cue.lemma == "believe"]
    assert believed, "no 'is believed' attribution"
    for q in believed:
        assert q.speaker is not None and q.speaker.anonymous and q.speaker.resolved_by != "later-report"


def test_a_description_that_gives_its_name_with_called_is_that_name(nlp: Any) -> None:
    text = (
        "A coalition of groups called Fair Transit Alliance has railed against the increase, saying the "
        "new prices would hurt commuters."
    )
    q = quote_with(nlp, text, "hurt commuters")
    assert q.speaker is not None and q.speaker.name == "Fair Transit Alliance"
    assert q.speaker.mention == "A coalition of groups"


def test_an_adverb_before_a_description_is_not_part_of_its_name(nlp: Any) -> None:
    text = "The council's new rules, even officials there admit, are not a cure for the housing shortage."
    q = quote_with(nlp, text, "not a cure")
    assert q.speaker is not None and q.speaker.name == "officials there"
