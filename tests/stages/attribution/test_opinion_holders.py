"""Opinion holders whose stance is reported by a verb or noun of judgement, through a relative clause, or as
a narrowed group: the error classes of issue 16's missing speakers, each written with invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.model import Article, Document, Entity, Quote, QuoteKind, Speaker, SpeakerType
from newstrace.stages.attribution import AttributionParams, _core, _cues
from newstrace.stages.entities import link_entities
from tests.stages.attribution.test_resolution import hand_parse, quotes_of, speaker_of


def test_a_relative_pronoun_goes_to_its_antecedent_not_to_a_clause_misread_as_its_modifier(nlp: Any) -> None:
    # the parse reads "angered" as a modifier of "farmers": the speaker is still the farmers alone
    q = speaker_of(nlp, "The deal angered farmers, who accused the minister of betrayal.", "the minister")
    assert q.speaker is not None and q.speaker.name == "farmers"
    assert q.speaker.resolved_by == "relative"
    # the parse hangs "deal" on "enraged" as an adverbial noun and the article on "workers": still the workers
    text = "The choice by the board to shut the plant in return for a promised wage deal enraged workers, who accused"
    q = speaker_of(nlp, text + " the managers of lying.", "the managers")
    assert q.speaker is not None and q.speaker.name == "workers"


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("Unions slammed the mayor for closing the depot.", "the mayor for closing the depot", "Unions"),
        ("The growers' league panned the agreement on Monday.", "the agreement", "growers' league"),
        ("Critics blasted the plan as reckless.", "the plan as reckless", "Critics"),
        ("Neighbours condemned the demolition of the old mill.", "the demolition", "Neighbours"),
        ("The chamber hailed the ruling.", "the ruling", "The chamber"),
        ("Some local officials have vowed to resist the new rules.", "to resist the new rules", "Some local officials"),
        ("Local farmers fumed over the remarks on Friday.", "the remarks", "Local farmers"),
        ("The club objected to the fee.", "the fee", "The club"),
    ],
)
def test_a_verb_of_judgement_reports_its_object(nlp: Any, text: str, fragment: str, speaker: str) -> None:
    q = speaker_of(nlp, text, fragment)
    assert q.speaker is not None and speaker in (q.speaker.name or "")
    assert q.content.startswith(fragment)


def test_an_infinitive_of_purpose_or_a_negated_judgement_reports_nothing(nlp: Any) -> None:
    assert not quotes_of(nlp, "Thousands gathered in the square to protest against the tolls.")
    assert not quotes_of(nlp, "The club did not object to the fee.")


def test_with_a_subject_the_gerund_after_with_is_a_statement(nlp: Any) -> None:
    text = "The order drew protests, with critics accusing the governor of inventing a crisis."
    q = speaker_of(nlp, text, "the governor")
    assert q.speaker is not None and q.speaker.name == "critics"
    # without a subject of its own it stays a gerund that reports nothing ("means of identifying")
    assert not quotes_of(nlp, "Officials have few means of identifying the victims.")


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # the "from" phrase holds the judgement; the clause that has it is what it is about
        (
            "The ruling prompted fierce opposition from lawmakers in the state assembly.",
            "The ruling",
            "lawmakers in the state assembly",
        ),
        ("The move drew condemnation from human rights groups.", "The move", "human rights groups"),
        ("Growers signed a deal that has come under sharp criticism from rural councils.", "a deal", "rural councils"),
        # a "that" clause is the content, the "from" phrase the source
        (
            "The plan has drawn criticism from farm groups that the subsidies favour large estates.",
            "the subsidies favour",
            "farm groups",
        ),
        # the possessor holds it, and the "of" phrase says what it is about
        ("The union's criticism of the contract grew louder.", "the contract", "The union"),
        ("Officials raised concerns that the bridge was unsafe.", "the bridge was unsafe", "Officials"),
    ],
)
def test_a_noun_of_judgement_names_its_holder(nlp: Any, text: str, fragment: str, speaker: str) -> None:
    q = speaker_of(nlp, text, fragment)
    assert q.speaker is not None and q.speaker.name == speaker


def test_a_judgement_not_yet_made_reports_nothing(nlp: Any) -> None:
    assert not quotes_of(nlp, "The bill will face opposition from farm groups.")
    assert not quotes_of(nlp, "The bill passed, with support from a few growers.")


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        ("House Republicans said the Senate should take up the bills.", "the Senate should", "House Republicans"),
        ("Texas Democrats said the map was unfair.", "the map was unfair", "Texas Democrats"),
        (
            "The agreement has come under withering criticism from liberal Democrats.",
            "The agreement",
            "liberal Democrats",
        ),
        ("The ruling prompted fierce opposition from Democrats in Congress.", "The ruling", "Democrats in Congress"),
        # a quantity picks out members, it does not name the group
        ("Many Democrats said the deal was bad.", "the deal was bad", "Democrats"),
        ("Other Republicans, who said the budget was fine, left early.", "the budget was fine", "Republicans"),
    ],
)
def test_a_group_keeps_the_words_that_narrow_it(nlp: Any, text: str, fragment: str, speaker: str) -> None:
    q = speaker_of(nlp, text, fragment)
    assert q.speaker is not None and q.speaker.name == speaker and q.speaker.type is SpeakerType.GROUP


def test_a_narrowed_group_is_not_merged_with_the_wider_one(nlp: Any) -> None:
    text = "House Republicans said the bills were stalled. Republicans said the budget was fine."
    narrow = speaker_of(nlp, text, "the bills were stalled")
    wide = speaker_of(nlp, text, "the budget was fine")
    assert narrow.speaker is not None and wide.speaker is not None
    assert (narrow.speaker.name, wide.speaker.name) == ("House Republicans", "Republicans")
    assert narrow.speaker.entity_id != wide.speaker.entity_id


def _document(doc_id: str, name: str) -> Document:
    """One article whose only quote is said by the group ``name``."""
    speaker = Speaker(name, name, SpeakerType.GROUP, False, "e1", None, 0, len(name), "mention", 0.95)
    quote = Quote(id="q1", kind=QuoteKind.INDIRECT, content="the bills", start=0, end=9, speaker=speaker)
    entity = Entity(id="e1", name=name, type=SpeakerType.GROUP)
    return Document(article=Article(id=doc_id, source=doc_id, raw="x"), text="x", quotes=(quote,), entities=(entity,))


def test_linking_across_articles_keeps_a_narrowed_group_apart() -> None:
    docs = link_entities([_document("a", "Senate Democrats"), _document("b", "Democrats"), _document("c", "Democrats")])
    names = [d.quotes[0].speaker.name for d in docs if d.quotes[0].speaker is not None]
    assert names == ["Senate Democrats", "Democrats", "Democrats"]
    ids = [d.quotes[0].speaker.entity_id for d in docs if d.quotes[0].speaker is not None]
    assert ids[0] != ids[1] and ids[1] == ids[2]


def test_the_judgement_lists_name_cues() -> None:
    assert {verb for verb, _ in _cues.PREP_CONTENT} <= set(_cues.VERBS)
    assert set(_cues.EVALUATION_NOUNS) <= set(_cues.NOUNS)


def test_a_participle_modifying_a_noun_is_no_cue_that_stops_the_search_for_one(nlp: Any) -> None:
    doc = nlp("The plan, broadly endorsed by the council, was dropped. The council has endorsed the plan.")
    modifying = next(t for t in doc if t.lower_ == "endorsed")
    finite = [t for t in doc if t.lower_ == "endorsed"][1]
    assert _core._modifier(modifying)
    assert not _core._modifier(finite)


def test_an_act_or_a_reason_names_no_holder(nlp: Any) -> None:
    q = speaker_of(nlp, "He said he had no reason to believe any crime occurred.", "any crime occurred")
    assert q.speaker is not None and q.speaker.name is None


def test_a_name_after_the_verb_is_the_subject_a_split_word_left_beside_it(nlp: Any) -> None:
    # "co-founder" is split into three tokens the parse reads as subjects too
    q = speaker_of(nlp, "“This deal was wrong. He failed today,” said Unity co-founder Ada Brand.", "This deal")
    assert q.speaker is not None and q.speaker.name == "Ada Brand"


def test_a_that_clause_after_from_x_is_the_content_wherever_the_parse_hung_it(nlp: Any) -> None:
    text = "The mayor has been pushing back hard against criticism from fellow councillors that she has caved too much"
    text += " to the developers."
    q = speaker_of(nlp, text, "she has caved")
    assert q.speaker is not None and q.speaker.name == "fellow councillors"


@pytest.mark.parametrize("lead", ["first reported by", "as reported by"])
def test_a_clause_credited_to_an_agent_by_a_participle_is_the_agents_report(nlp: Any, lead: str) -> None:
    text = f"The aide forwarded emails to her private account, {lead} the Daily Ledger."
    q = speaker_of(nlp, text, "The aide forwarded")
    assert q.speaker is not None and q.speaker.name == "Daily Ledger"
    assert q.content == "The aide forwarded emails to her private account"
    # a participle before its clause, with no agent, still reports nothing
    assert not quotes_of(nlp, "Asked about the plan, the aide left the room.")


def test_an_act_by_someone_is_theirs(nlp: Any) -> None:
    q = speaker_of(nlp, "The decision by union delegates to oppose the merger poses a challenge.", "the merger")
    assert q.speaker is not None and q.speaker.name == "union delegates"


def test_a_comma_that_closes_an_aside_does_not_invert_the_subject(nlp: Any) -> None:
    # the parse of a real page: the name after the quotation hung on the quoted verb as its object, the
    # reporting verb left with no subject; the comma before "told" closes the relative clause, so the
    # listener after "told" is not an inverted subject ("..., said X"), the name before the aside is
    parse = [  # word, head, dep, pos, lemma
        ("“", 2, "punct", "PUNCT", "“"),
        ("I", 2, "nsubj", "PRON", "I"),
        ("believe", 17, "ccomp", "VERB", "believe"),
        ("Hollis", 5, "nsubj", "PROPN", "hollis"),
        ("will", 5, "aux", "AUX", "will"),
        ("act", 2, "ccomp", "VERB", "act"),
        (",", 5, "punct", "PUNCT", ","),
        ("”", 5, "punct", "PUNCT", "”"),
        ("Senator", 9, "compound", "PROPN", "senator"),
        ("Kerr", 5, "dobj", "PROPN", "kerr"),
        (",", 9, "punct", "PUNCT", ","),
        ("who", 12, "nsubj", "PRON", "who"),
        ("votes", 9, "relcl", "VERB", "vote"),
        ("with", 12, "prep", "ADP", "with"),
        ("the", 15, "det", "DET", "the"),
        ("minority", 13, "pobj", "NOUN", "minority"),
        (",", 17, "punct", "PUNCT", ","),
        ("told", 17, "ROOT", "VERB", "tell"),
        ("reporters", 17, "dobj", "NOUN", "reporter"),
        (".", 17, "punct", "PUNCT", "."),
    ]
    doc = hand_parse(nlp, parse)
    told = doc[17]
    assert not any(c.dep_ == "nsubj" for c in told.children)
    subject = _core._subject_of(told, AttributionParams())
    assert subject is not None and subject.text == "Kerr"


def test_a_word_split_at_its_hyphen_is_read_whole(nlp: Any) -> None:
    # "E-mails" is three tokens; the subject is the mails, a document, spoken for by who released it
    q = speaker_of(nlp, "E-mails released by the city on Wednesday revealed a fight over the budget.", "a fight")
    assert q.speaker is not None and q.speaker.name == "the city" and q.speaker.resolved_by == "author"
    # "e-mailed" after a speaker ends the speaker's noun phrase
    text = "At noon, a union spokesman e-mailed to the staff a draft note, warning that the depot would close."
    q = speaker_of(nlp, text, "the depot would close")
    assert q.speaker is not None and q.speaker.name == "a union spokesman"


def test_a_reporting_participle_hung_inside_the_reported_clause_is_the_reporters(nlp: Any) -> None:
    # the parse of a real page hangs "saying" on the disputed clause's verb; the reporter says it
    parse = [  # word, head, dep, pos, lemma
        ("The", 1, "det", "DET", "the"),
        ("mayor", 2, "nsubj", "NOUN", "mayor"),
        ("disputed", 2, "ROOT", "VERB", "dispute"),
        ("that", 5, "mark", "SCONJ", "that"),
        ("residents", 5, "nsubj", "NOUN", "resident"),
        ("feel", 2, "ccomp", "VERB", "feel"),
        ("betrayed", 5, "acomp", "VERB", "betray"),
        (",", 5, "punct", "PUNCT", ","),
        ("saying", 5, "advcl", "VERB", "say"),
        ("that", 12, "mark", "SCONJ", "that"),
        ("more", 12, "nsubj", "ADJ", "more"),
        ("will", 12, "aux", "AUX", "will"),
        ("agree", 8, "ccomp", "VERB", "agree"),
        (".", 2, "punct", "PUNCT", "."),
    ]
    doc = hand_parse(nlp, parse)
    subject = _core._subject_of(doc[8], AttributionParams())
    assert subject is not None and subject.text == "mayor"
    # without a comma before it, a participle inside the clause keeps that clause's subject
    _, head, _, _, lemma = parse[7]
    parse[7] = ("quietly", head, "advmod", "ADV", lemma)
    doc = hand_parse(nlp, parse)
    subject = _core._subject_of(doc[8], AttributionParams())
    assert subject is not None and subject.text == "residents"


def test_a_headline_verb_reports_no_clause_of_the_body(nlp: Any) -> None:
    # the parse runs a headline ("Delay ahead, says ...") into the body's first sentence; the body's
    # participle is not the headline verb's
    parse = [  # word, head, dep, pos, lemma
        ("Delay", 1, "nsubj", "NOUN", "delay"),
        ("ahead", 3, "ccomp", "ADV", "ahead"),
        (",", 3, "punct", "PUNCT", ","),
        ("says", 3, "ROOT", "VERB", "say"),
        ("\n\n", 3, "dep", "SPACE", "\n\n"),
        ("Kerr", 6, "nsubj", "PROPN", "kerr"),
        ("stood", 3, "ccomp", "VERB", "stand"),
        ("firm", 6, "acomp", "ADJ", "firm"),
        (",", 6, "punct", "PUNCT", ","),
        ("warning", 6, "advcl", "VERB", "warn"),
        ("voters", 9, "dobj", "NOUN", "voter"),
        (".", 3, "punct", "PUNCT", "."),
    ]
    doc = hand_parse(nlp, parse)
    subject = _core._subject_of(doc[9], AttributionParams())
    assert subject is not None and subject.text == "Kerr"
