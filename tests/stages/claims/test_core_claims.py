"""Core claims stated as the story's most repeated propositions (subject, verb, object)."""

from __future__ import annotations

import dataclasses
import random
from typing import Any

import pytest

from newstrace.model import Article, Claim, Document, Quote, QuoteKind, Sentence
from newstrace.stages.claims._core import (
    CoreClaimParams,
    article_propositions,
    claim_id,
    core_claims,
    quoted_share,
)
from newstrace.stages.claims._propositions import Argument, demonym_map, ing_form, predications, render
from tests.seedcorpus import BLOG_ID, REPORT_ID, cleaned, seed_documents


def _props(docs: list[Document], parses: dict[str, Any]) -> list[Document]:
    """The documents with the propositions claims.v1 reads from their parses."""
    return [dataclasses.replace(d, propositions=article_propositions(parses[d.id])) for d in docs]


PREDICATIONS = [
    ("Officials in Kabul accused Iran of arming the rebels.", ("iran", "arm", "rebel"), False),  # gerund complement
    ("The minister said that Iran was arming the rebels.", ("iran", "arm", "rebel"), False),  # reported clause
    ("Is Iran arming the rebels?", ("iran", "arm", "rebel"), False),  # question
    ("The rebels are armed by Iran.", ("iran", "arm", "rebel"), False),  # passive
    ("Experts doubt that Iran is not funding the militia.", ("iran", "fund", "militia"), True),  # negated
    ("Germany has banned the sale of the drug.", ("germany", "ban", "sale of drug"), False),
    ("Apple will acquire Shazam, the company announced on Monday.", ("apple", "acquire", "shazam"), False),
]


@pytest.mark.parametrize(("text", "key", "negated"), PREDICATIONS)
def test_predication_is_read_from_active_passive_embedded_and_question_forms(
    nlp: Any, text: str, key: tuple[str, str, str], negated: bool
) -> None:
    found = [(p.key, p.negated) for p in predications(nlp(text))]
    assert (key, negated) in found


@pytest.mark.parametrize(
    "text",
    [
        'He said: "We will build the wall."',  # pronoun subject: no proposition
        "The company denied that it had paid the senator.",  # reporting frame + pronoun subject
        "The spokesman said the talks were useful.",  # no verb with a nominal object
    ],
)
def test_frames_and_pronoun_arguments_give_no_predication(nlp: Any, text: str) -> None:
    assert [p for p in predications(nlp(text)) if p.subject.key in {"he", "it", "we", "spokesman"}] == []


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["russia", "russian", "russians"], {"russian": "russia", "russians": "russia"}),
        (["iran", "iranian"], {"iranian": "iran"}),
        (["china", "chinese"], {"chinese": "china"}),
        (["rebel", "police"], {}),
    ],
)
def test_demonyms_group_with_the_place_they_derive_from(keys: list[str], expected: dict[str, str]) -> None:
    assert demonym_map((Argument(k, k, False) for k in keys), CoreClaimParams().demonym_stem) == expected


def test_a_longer_demonym_stem_leaves_short_place_names_alone() -> None:
    keys = ["iran", "iranian", "russia", "russian"]
    assert demonym_map((Argument(k, k, False) for k in keys), 5) == {"russian": "russia"}


@pytest.mark.parametrize(
    ("lemma", "form"),
    [
        ("arm", "arming"),
        ("supply", "supplying"),
        ("stop", "stopping"),
        ("die", "dying"),
        ("see", "seeing"),
        ("take", "taking"),
        ("visit", "visiting"),
    ],
)
def test_ing_form_follows_spelling_rules(lemma: str, form: str) -> None:
    assert ing_form(lemma) == form


@pytest.mark.parametrize(
    ("subject", "verb", "obj", "text"),
    [
        (Argument("iran", "Iran", False), "arm", Argument("rebel", "the rebels", True), "Iran is arming the rebels"),
        (Argument("police", "police", True), "arrest", Argument("man", "men", True), "Police are arresting men"),
        (
            Argument("rebel", "the rebels", True),
            "take over",
            Argument("city", "the city", False),
            "The rebels are taking over the city",
        ),
    ],
)
def test_claims_render_as_short_declarative_sentences(subject: Argument, verb: str, obj: Argument, text: str) -> None:
    assert render(subject, verb, obj) == text


def _doc(nlp: Any, doc_id: str, text: str, quotes: tuple[Quote, ...] = ()) -> tuple[Document, Any]:
    parsed = nlp(text)
    sents = tuple(Sentence(s.start_char, s.end_char) for s in parsed.sents)
    article = Article(id=doc_id, source=f"{doc_id}.txt", raw=text)
    return Document(article=article, text=text, sentences=sents, quotes=quotes), parsed


STORY = [
    ("a", "Officials accused Iran of arming the rebels. The weather was cold in the capital."),
    ("b", "Iran is arming the rebels, a report says. Iranian diplomats denied it."),
    ("c", "The rebels are armed by Iran, according to the envoy. The envoy visited the border."),
]


def test_the_proposition_most_articles_carry_is_the_core_claim(nlp: Any) -> None:
    pairs = [_doc(nlp, i, t) for i, t in STORY]
    docs, parses = [d for d, _ in pairs], {d.id: p for d, p in pairs}
    [claim] = core_claims("s1", _props(docs, parses), max_claims=3)
    assert claim.text == "Iran is arming the rebels"
    assert claim.origin == "cluster" and claim.id == claim_id("s1", claim.text)
    doc = next(d for d in docs if d.id == claim.article_id)
    assert claim.start is not None and claim.end is not None
    assert "arm" in doc.text[claim.start : claim.end]


def test_min_articles_decides_which_propositions_are_core_claims(nlp: Any) -> None:
    pairs = [_doc(nlp, i, t) for i, t in STORY]
    docs, parses = [d for d, _ in pairs], {d.id: p for d, p in pairs}
    strict = core_claims("s1", _props(docs, parses), params=CoreClaimParams(min_articles=4))
    sentences = {d.text[x.start : x.end] for d in docs for x in d.sentences}
    assert strict and all(c.text in sentences for c in strict)  # the sentence fallback, not a rendered proposition


def test_core_claims_do_not_depend_on_input_order(nlp: Any) -> None:
    pairs = [_doc(nlp, i, t) for i, t in STORY]
    docs, parses = [d for d, _ in pairs], {d.id: p for d, p in pairs}
    first = core_claims("s1", _props(docs, parses))
    random.Random(1).shuffle(docs)
    assert core_claims("s1", _props(docs, parses)) == first


def test_user_claims_win(nlp: Any) -> None:
    pairs = [_doc(nlp, i, t) for i, t in STORY]
    user = (Claim("u1", "The rebels are winning", origin="user"),)
    assert core_claims("s1", _props([d for d, _ in pairs], {d.id: p for d, p in pairs}), user) == user


def test_without_a_shared_proposition_the_sentence_fallback_runs(nlp: Any) -> None:
    text = "The council approved the new budget for the city schools on Tuesday evening."
    pairs = [_doc(nlp, "a", text)]
    claims = core_claims("s1", _props([d for d, _ in pairs], {d.id: p for d, p in pairs}))
    assert [c.text for c in claims] == [text]  # the lead sentence itself, not a restated proposition


def test_quote_frames_are_not_fallback_candidates(nlp: Any) -> None:
    text = 'Asked about the plan on Monday, the mayor said: "We will never accept such a bad deal for our city."'
    content = "We will never accept such a bad deal for our city."
    at = text.index(content)
    quote = Quote("q1", QuoteKind.DIRECT, content, at, at + len(content))
    doc, parsed = _doc(nlp, "a", text, (quote,))
    assert quoted_share(doc, 0, len(text)) > 0.4
    assert core_claims("s1", _props([doc], {"a": parsed})) == ()


def test_the_seed_story_core_claim_is_that_russia_arms_the_taliban(nlp: Any) -> None:
    docs = seed_documents()
    parses = {d.id: nlp(d.text) for d in docs}
    assert {d.id for d in docs} == {REPORT_ID, BLOG_ID} and all(d.text == cleaned(d.id) for d in docs)
    claims = core_claims("story", _props(docs, parses))
    top = claims[0].text.lower()
    assert top.startswith("russia") and any(v in top for v in ("arming", "supplying", "providing")) and "taliban" in top
    assert all(c.origin == "cluster" for c in claims)


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The engineer was fired.", "The engineer was fired"),  # passive without agent
        ("The request was not approved.", "The request was not approved"),  # negation kept
        ("The patient has the virus.", "The patient has the virus"),  # a state: simple present
        ("The patient does not have the virus.", "The patient does not have the virus"),
        ("The firm has no plan.", "The firm has no plan"),
    ],
)
def test_single_sentence_propositions_render_as_written(nlp: Any, text: str, claim: str) -> None:
    [p] = predications(nlp(text))
    assert render(p.subject, p.verb, p.obj, p.verb_ing, p.participle, p.past, p.negated) == claim


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The golfer owns the island.", "The golfer owns the island"),
        ("The box contains the letters.", "The box contains the letters"),
    ],
)
def test_stative_verbs_are_stated_in_the_simple_present(nlp: Any, text: str, claim: str) -> None:
    [p] = predications(nlp(text))
    assert render(p.subject, p.verb, p.obj, p.verb_ing) == claim


def test_a_story_told_in_the_past_is_stated_in_the_simple_past(nlp: Any) -> None:
    texts = [
        ("a", "The league suspended the player on Monday."),
        ("b", "Officials said the league suspended the player."),
    ]
    pairs = [_doc(nlp, i, t) for i, t in texts]
    [claim] = core_claims("s1", _props([d for d, _ in pairs], {d.id: p for d, p in pairs}))
    assert claim.text == "The league suspended the player"


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("The mayor did not sign the bill on Friday.", "The mayor did not sign the bill"),
        ("The inquiry found that the minister did approve the contract.", "The minister did approve the contract"),
    ],
)
def test_the_past_with_did_stays_in_the_past(nlp: Any, text: str, claim: str) -> None:
    # "did (not) sign" is no "is (not) signing": the tense is part of what is claimed
    [p] = predications(nlp(text))
    assert render(p.subject, p.verb, p.obj, p.verb_ing, negated=p.negated, past_form=p.past_form) == claim


def test_the_perfect_and_a_governing_verb_are_kept(nlp: Any) -> None:
    """The perfect ("has pursued" is no "is pursuing") and a governing verb ("plan to file" is no "is filing")
    are part of the claim."""
    cases = [
        (
            "The agency has pursued a politically driven inquiry.",
            "The agency has pursued a politically driven inquiry",
        ),
        ("Prosecutors plan to file charges against the mayor.", "Prosecutors plan to file charges"),
        ("The council did not want to sell the park.", "The council did not want to sell the park"),
    ]
    for text, claim in cases:
        [p] = predications(nlp(text))
        rendered = render(p.subject, p.verb, p.obj, p.verb_ing, p.participle, p.past, p.negated, p.past_form, p.frame)
        assert rendered == claim


def test_a_descriptive_adjective_does_not_split_a_proposition_but_a_name_does(nlp: Any) -> None:
    [a] = predications(nlp("Federal prosecutors filed criminal charges on Monday."))
    [b] = predications(nlp("Prosecutors filed charges against the mayor."))
    assert a.key == b.key
    [c] = predications(nlp("Democratic senators blocked the bill."))
    [d] = predications(nlp("Republican senators blocked the bill."))
    assert c.key != d.key


def test_a_statement_the_articles_only_quote_ranks_after_what_they_state(nlp: Any) -> None:
    """Every outlet printing one lawyer's words makes them shared, not the story's own claim."""
    said = "“The ministry has buried the report,” the lawyer said."
    texts = [
        ("a", f"The council closed the harbour on Monday. {said}"),
        ("b", f"Officials said the council closed the harbour. {said}"),
        ("c", f"{said} Boats waited outside."),
    ]
    docs, parses = [], {}
    for doc_id, text in texts:
        start = text.index("“") + 1
        end = text.index("”")
        quote = Quote("q1", QuoteKind.DIRECT, text[start:end], start, end)
        doc, parsed = _doc(nlp, doc_id, text, (quote,))
        docs.append(doc)
        parses[doc_id] = parsed
    claims = core_claims("s1", _props(docs, parses), max_claims=2)
    assert [c.text for c in claims][:2] == ["The council closed the harbour", "The ministry has buried the report"]


def test_a_state_named_after_the_head_is_not_its_modifier(nlp: Any) -> None:
    """In "administrations -- both Democratic and Republican --" the state comes after the head; it does
    not make the argument "the Democratic" (an empty name when shown)."""
    text = "Prior administrations -- both Democratic and Republican -- discussed alternative paths to service."
    [p] = predications(nlp(text))
    assert p.subject.key == "administration" and p.subject.text == "Prior administrations"


def test_an_agentless_passive_in_the_past_counts_toward_the_past(nlp: Any) -> None:
    texts = [
        ("a", "Police arrested the driver on Friday. The road was closed."),
        ("b", "The driver was arrested on Friday, records show."),
    ]
    pairs = [_doc(nlp, i, t) for i, t in texts]
    [claim] = core_claims("s1", _props([d for d, _ in pairs], {d.id: p for d, p in pairs}), max_claims=1)
    assert claim.text == "Police arrested the driver"


def test_every_modifier_before_the_head_is_shown(nlp: Any) -> None:
    [p] = predications(nlp("The county had the highest flood rate in the state."))
    assert p.obj.text == "the highest flood rate" and p.obj.key == "flood rate"


def _rendered(nlp: Any, text: str) -> list[str]:
    return [
        render(p.subject, p.verb, p.obj, p.verb_ing, p.participle, p.past, p.negated, p.past_form, p.frame)
        for p in predications(nlp(text))
    ]


def test_an_adverbial_clause_has_the_governing_subject_a_complement_the_object(nlp: Any) -> None:
    """Who does what an -ing or "to" clause says: the subject of the clause it modifies ("signed the bill,
    ending the fight": the governor ends it, not the bill), the object of a verb it completes ("urged
    senators to reject": the senators reject); after "from" or "without" it did not happen and is no claim."""
    assert "The governor is ending the long fight" in _rendered(
        nlp, "The governor signed the bill, ending the long fight over the district."
    )
    assert "Police are searching the driver" in _rendered(nlp, "Police stopped the car to search the driver.")
    assert _rendered(nlp, "The court barred the agency from enforcing the rule.") == ["The court barred the agency"]
    assert _rendered(nlp, "The senator passed the bill without reading the text.") == ["The senator passed the bill"]


def test_a_whose_clause_parsed_as_an_apposition_gives_no_claim(nlp: Any) -> None:
    """ "Ann Roe, whose son, Jim, was hurt" can parse with "Roe" as the subject of "was hurt": the claim would
    say the parent was hurt. No claim is better than that one."""
    rendered = _rendered(nlp, "The panel called up Ann Roe, whose 9-year-old son, Jim Roe, was hurt in May.")
    assert not any(claim.startswith("Ann Roe") for claim in rendered)


def test_a_modal_is_kept(nlp: Any) -> None:
    """What will or could happen is not said to be happening ("will file" is no "is filing")."""
    assert _rendered(nlp, "Prosecutors will file charges against the mayor.") == ["Prosecutors will file charges"]
    assert _rendered(nlp, "The governor will not sign the bill.") == ["The governor will not sign the bill"]
    assert _rendered(nlp, "The council won't sell the park.") == ["The council will not sell the park"]
    assert _rendered(nlp, "The council can't sell the park.") == ["The council cannot sell the park"]


def test_an_indefinite_article_and_a_possessive_pronoun_are_kept(nlp: Any) -> None:
    """ "a better record" is no "the better record", "his innocence" no "the innocence"; other determiners
    still read "the" ("this plan" groups with "the plan")."""
    assert _rendered(nlp, "The governor has a better record on roads.") == ["The governor has a better record"]
    assert _rendered(nlp, "The mayor asserted his innocence.") == ["The mayor asserted his innocence"]
    assert _rendered(nlp, "The council adopted this plan.") == ["The council adopted the plan"]


def test_a_hyphenated_word_is_no_verb(nlp: Any) -> None:
    """ "pass-through taxation" can parse with "pass" as a verb: "The other half is passing through taxation"."""
    rendered = _rendered(
        nlp, "We expect the other half to come from changes to pass-through taxation and individual tax reform."
    )
    assert not any("passing" in claim for claim in rendered)


def test_a_passive_told_in_the_past_stays_a_passive_with_its_agent(nlp: Any) -> None:
    """ "The mayor was reelected by voters" is a past event: "Voters are reelecting the mayor" would make it a
    present one. A present passive still reads as the action ("Russia is arming the Taliban")."""
    assert "The mayor was reelected by voters" in _rendered(nlp, "The mayor was reelected by voters last year.")
    assert "The ships were seized by the navy" in _rendered(nlp, "The ships were seized by the navy in May.")
    assert "The coalition is arming the rebels" in _rendered(nlp, "The rebels are armed by the coalition.")
