"""Propositions out of a spaCy parse: who does what to whom, with the arguments normalised.

A predication is (subject, verb lemma, object) read from the dependency parse of one sentence:

- active clauses (``X arms Z``), questions (``Is X arming Z?``) and clausal complements of
  reporting verbs (``said that X was arming Z``) read ``nsubj`` / ``dobj``;
- passive clauses (``Z is armed by X``) read ``nsubjpass`` as the object and the ``agent`` as the subject;
  without an agent (``Z was fired``) the subject is ``NOBODY`` and the claim is stated in the passive;
- verbs without a subject of their own (gerunds after a preposition, ``xcomp``, conjuncts, relative
  clauses) take the controller: the governing verb's object when it has one (object control:
  ``accusing X of arming Z``), otherwise its subject; a relative pronoun stands for the noun it modifies.

Arguments are reduced to their head noun phrase: the named entity covering the head when spaCy has
one, else the head noun with its compounds. A demonym or adjectival form ("Russian", "the Russians",
"the Russian government") is grouped with a place the story names when one is a prefix-sharing form of
the other (at least ``claims.demonym_stem`` shared letters) -- a general morphological match, no
country list.
Pronouns, reporting verbs, auxiliaries and light verbs give no predication: they frame propositions,
they are not ones. The verb and head lists are data files in ``lexicons/``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from spacy.tokens import Doc, Span, Token

from newstrace.model import Argument, Predication
from newstrace.text import lexicons

_LEXICONS = "stages/claims/lexicons"
#: Verbs that frame, report or carry no content of their own: a predication headed by them is skipped
#: (their clausal complements are read instead).
FRAME_VERBS = lexicons.words(f"{_LEXICONS}/frame_verbs.txt")
#: Heads that stand for the state named by their modifier ("the Russian government" -> that state).
STATE_HEADS = lexicons.words(f"{_LEXICONS}/state_heads.txt")
# (tag and label sets of spaCy's English models: definitions of the parse, not word lists)
#: Penn Treebank tags of pronouns and determiners: never an argument.
PRONOUN_TAGS = frozenset({"PRP", "PRP$", "WP", "WDT", "EX", "DT"})
#: Entity labels whose entity is an argument's name.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})


#: Stative verbs, read wrongly in the progressive ("is owning"): they are stated in the simple present.
STATIVE = lexicons.words(f"{_LEXICONS}/stative.txt")
NOBODY = Argument("", "", False)  # the unnamed agent of a passive clause
#: Dependents before a noun that are part of what it names, shown with it (spaCy's English labels).
_SHOWN_MODIFIERS = frozenset({"amod", "compound", "nummod", "quantmod", "advmod", "npadvmod", "nmod"})


def _entity_of(tok: Token) -> Span | None:
    if tok.ent_type_ in ENTITY_LABELS:
        for ent in tok.doc.ents if tok.ent_iob_ == "I" else [None]:
            if ent is not None and ent.start <= tok.i < ent.end:
                return ent
        if tok.ent_iob_ == "B":
            for ent in tok.doc.ents:
                if ent.start == tok.i:
                    return ent
    return None


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def argument(tok: Token) -> Argument | None:
    """The head noun phrase of an argument token, or None for pronouns and non-nominal tokens."""
    if tok.tag_ in PRONOUN_TAGS or tok.pos_ in {"PRON", "NUM", "VERB", "AUX", "ADP", "SCONJ"}:
        return None
    plural = tok.tag_ in {"NNS", "NNPS"}
    # a singular count noun needs a determiner to read well: "this move", "his move" are shown "the move"
    has_the = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) or (
        tok.tag_ == "NN" and any(c.dep_ in {"det", "poss"} and c.lower_ not in {"no", "any"} for c in tok.children)
    )
    ent = _entity_of(tok)
    if ent is not None:
        text = _strip_the(ent.text)
        shown = f"the {text}" if has_the or ent.text.lower().startswith("the ") else text
        return Argument(text.lower(), shown, plural)
    if tok.lemma_.lower() in STATE_HEADS:
        for child in tok.children:
            if child.dep_ in {"amod", "compound"} and child.ent_type_ in {"NORP", "GPE"} and child.i < tok.i:
                shown = tok.doc[child.i : tok.i + 1].text
                return Argument(child.text.lower(), f"the {shown}" if has_the else shown, plural)
    if tok.pos_ not in {"NOUN", "PROPN"}:
        return None
    words = [c for c in tok.children if c.dep_ in {"compound", "amod"} and c.i == tok.i - 1]
    # the key keeps a compound ("border wall") and an adjective that names someone ("Democratic senators"),
    # not a description ("federal prosecutors", "criminal charges" group with "prosecutors", "charges")
    named = [c for c in words if c.dep_ == "compound" or c.pos_ == "PROPN" or c.ent_type_ in ENTITY_LABELS]
    start = named[0].i if named else tok.i
    key = tok.lemma_.lower() if start == tok.i else tok.doc[start : tok.i + 1].text.lower()
    # shown with every modifier before the head and their own ("a politically driven vendetta" is no "driven
    # vendetta", "the highest cancer rate" no "the cancer rate"); the determiner is normalised below
    modifiers = [c.left_edge.i for c in tok.children if c.i < tok.i and c.dep_ in _SHOWN_MODIFIERS]
    text = tok.doc[min(modifiers, default=tok.i) : tok.i + 1].text
    of = _of_complement(tok)
    if of is not None:  # "the sale of the drug": the head alone says too little
        key, text = f"{key} of {of.key}", f"{text} of {of.text}"
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):  # "has no idea" keeps its "no"
        return Argument(f"no {key}", f"no {text}", plural)
    # an indefinite article stays ("has a better record" is no "has the better record"), and so does a
    # possessive pronoun ("asserted his innocence" is no "asserted the innocence")
    kept = next(
        (c.lower_ for c in tok.children if (c.dep_ == "det" and c.lower_ in {"a", "an"}) or c.tag_ == "PRP$"), None
    )
    return Argument(key, f"{kept or 'the'} {text}" if has_the else text, plural)


def _of_complement(tok: Token) -> Argument | None:
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    pobj = _child(prep, "pobj") if prep is not None else None
    if pobj is None or _child(pobj, "prep") is not None:
        return None
    return argument(pobj)


def _child(tok: Token, *deps: str) -> Token | None:
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def _agent(tok: Token) -> Token | None:
    agent = _child(tok, "agent")
    return _child(agent, "pobj") if agent is not None else None


#: Modal auxiliaries: a verb under one is kept with it ("will file charges", "could lose the seat").
_MODALS = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must"})
#: Prepositions whose -ing clause has the governing verb's object for subject ("accused X of hiding",
#: "blamed X for losing"); after the others ("after", "by") it is the governing subject's.
_OBJECT_CONTROL_PREPOSITIONS = frozenset({"of", "for"})
#: Prepositions whose -ing clause says what did not happen ("kept X from leaving", "did it without asking"):
#: no proposition of its own.
_PREVENTING_PREPOSITIONS = frozenset({"from", "without"})


def _controller(verb: Token, depth: int = 0) -> Token | None:
    """The subject a verb without one of its own inherits from the clause that governs it."""
    if depth > 4:
        return None
    dep, head = verb.dep_, verb.head
    if dep == "pcomp" and head.dep_ == "prep":
        if head.lower_ in _PREVENTING_PREPOSITIONS:
            return None  # "barred the agency from enforcing the rule": no one enforces it
        gov = head.head
    elif dep in {"xcomp", "conj", "advcl"}:
        gov = head
    else:
        return None
    if gov.pos_ not in {"VERB", "AUX"}:
        return None
    # object control for a complement ("urged senators to vote", "accused the mayor of hiding it": the
    # senators vote, the mayor hides); an adverbial clause's subject is the governing clause's subject ("I will
    # secure the border, putting boots on the ground"; "she left the room after reading the note")
    if dep == "xcomp" or (dep == "pcomp" and head.lower_ in _OBJECT_CONTROL_PREPOSITIONS):
        obj = _child(gov, "dobj")
        if obj is not None:
            return obj
    subj = _child(gov, "nsubj")
    if subj is not None:
        return subj
    agent = _agent(gov)
    if agent is not None:
        return agent
    return _controller(gov, depth + 1)


def _hyphenated(tok: Token) -> bool:
    """Whether ``tok`` is part of a hyphenated word ("pass-through taxation", "a follow-up"): the parse may tag
    it a verb, but it is a modifier."""
    doc = tok.doc
    before = tok.i > 0 and doc[tok.i - 1].text == "-" and not doc[tok.i - 1].whitespace_
    after = tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-" and not tok.whitespace_
    return before or after


def _whose_apposition(tok: Token | None) -> bool:
    """Whether the parse hung a "whose" clause on ``tok`` as an apposition ("Mark Roe, whose son, Jim, was
    killed": "Roe" parsed as the subject of "was killed"): who the verb is about is then unknown."""
    return tok is not None and any(c.dep_ == "appos" and any(g.tag_ == "WP$" for g in c.children) for c in tok.children)


def _resolve(tok: Token | None) -> Token | None:
    """A relative pronoun stands for the noun its clause modifies."""
    if tok is not None and tok.tag_ in {"WP", "WDT"} and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def predications_of_verb(verb: Token) -> Predication | None:
    """The predication a content verb heads, or None when it lacks a nominal subject or object."""
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma in FRAME_VERBS or not lemma.isalpha() or _hyphenated(verb):
        return None
    passive = _child(verb, "nsubjpass")
    participle, past = None, False
    if passive is not None:
        subj_tok: Token | None = _agent(verb)
        obj_tok: Token | None = _resolve(passive)
        aux = _child(verb, "auxpass")
        told_past = aux is not None and aux.lower_ in {"was", "were"}
        if verb.tag_ == "VBN" and (subj_tok is None or told_past):
            # agentless ("Z was fired"), or told in the past ("Z was reelected by X"): kept in the passive, as
            # written; "X is reelecting Z" would turn a past event into a present one
            participle, past = verb.lower_, told_past
    else:
        subj_tok = _resolve(_child(verb, "nsubj")) or _controller(verb)
        obj_tok = _child(verb, "dobj")
        if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "weapons supplied by X"
            subj_tok, obj_tok = _agent(verb), verb.head
        elif verb.dep_ == "relcl" and obj_tok is None and _child(verb, "nsubj") is not None:
            obj_tok = None
    if obj_tok is None or (subj_tok is None and participle is None):
        return None
    if _whose_apposition(subj_tok) or _whose_apposition(obj_tok):
        return None
    subj, obj = (argument(subj_tok) if subj_tok is not None else NOBODY), argument(obj_tok)
    if subj is None or obj is None or subj.key == obj.key:
        return None
    prt = _child(verb, "prt")
    verb_key = f"{lemma} {prt.lower_}" if prt is not None else lemma
    negated = _child(verb, "neg") is not None
    sent = verb.sent
    ing = verb.lower_ if verb.tag_ == "VBG" else None
    past_form = verb.lower_ if verb.tag_ == "VBD" else None
    aux_tok = next((c for c in verb.children if c.dep_ == "aux" and c.i < verb.i), None)
    auxiliary = aux_tok.lower_ if aux_tok is not None else None
    modal = aux_tok.lemma_.lower() if aux_tok is not None else None  # "wo" of "won't" is "will"
    if past_form is None and verb.tag_ == "VB" and auxiliary == "did":
        # "did (not) spend": the past with do-support, kept as written (no irregular past forms are known)
        past_form = f"did {verb.lower_}"
    elif past_form is None and verb.tag_ == "VBN" and auxiliary in {"has", "have", "had"}:
        # "has pursued": the perfect is no "is pursuing"
        past_form = f"{auxiliary} {verb.lower_}"
    elif past_form is None and verb.tag_ == "VB" and modal in _MODALS:
        # "will file", "could lose", "won't sell": what may or will happen is no "is filing", "is losing"
        past_form = f"{modal} {verb.lower_}"
    return Predication(
        subj, verb_key, obj, negated, sent.start_char, sent.end_char, ing, participle, past, past_form, _frame(verb)
    )


def _frame(verb: Token) -> str | None:
    """The governing verb group of an infinitive clause, as written ("plan to" of "plan to file charges",
    "is expected to", "did not want to"), or None when the clause is no such object."""
    head = verb.head
    to = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    if verb.dep_ != "xcomp" or to is None or head.pos_ not in {"VERB", "AUX"} or head.i > verb.i:
        return None
    group = [c for c in head.children if c.dep_ in {"aux", "auxpass", "neg"} and c.i < head.i]
    return " ".join(t.lower_ for t in sorted([*group, head, to], key=lambda t: t.i))


def predications(spacy_doc: Doc) -> list[Predication]:
    """Every predication of a parsed text, in text order."""
    out = []
    for tok in spacy_doc:
        p = predications_of_verb(tok)
        if p is not None:
            out.append(p)
    return out


def demonym_map(arguments: Iterable[Argument], stem: int) -> dict[str, str]:
    """Keys to merge: a key that shares its first ``stem`` letters and is a prefix-form of a longer or
    shorter single-word key ("russian"/"russians" -> "russia") maps to the shortest such key."""
    keys = sorted({a.key for a in arguments if a.key.isalpha()}, key=lambda k: (len(k), k))
    out: dict[str, str] = {}
    for i, short in enumerate(keys):
        if short in out or len(short) < stem:
            continue
        for long in keys[i + 1 :]:
            if long not in out and _same_stem(short, long, stem):
                out[long] = short
    return out


def _same_stem(a: str, b: str, letters: int) -> bool:
    """b is a derived form of a: "russia"/"russian(s)", "china"/"chinese", "iran"/"iranian"."""
    stem = a[:-1] if a.endswith(("a", "e", "y")) and len(a) > letters else a
    if not b.startswith(stem) or len(b) - len(stem) > 4:
        return False
    return b[len(stem) :] in {"", "a", "n", "an", "ian", "ans", "ians", "ese", "i", "is", "ish", "s", "ns", "ern"}


def merge(preds: Iterable[Predication], mapping: Mapping[str, str]) -> list[Predication]:
    """Predications with demonym/adjectival argument keys replaced by the key they map to."""

    def fix(a: Argument) -> Argument:
        return Argument(mapping[a.key], a.text, a.plural) if a.key in mapping else a

    return [dataclasses.replace(p, subject=fix(p.subject), obj=fix(p.obj)) for p in preds]


def present_third(lemma: str) -> str:
    """The third person singular present of a verb lemma by the regular spelling rules."""
    if lemma == "have":
        return "has"
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies"
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    return lemma + "s"


def ing_form(lemma: str) -> str:
    """The -ing form of a verb lemma by the regular spelling rules."""
    if lemma.endswith("ie"):
        return lemma[:-2] + "ying"
    if lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")) and len(lemma) > 2:
        return lemma[:-1] + "ing"
    vowels = "aeiou"
    if (
        len(lemma) in {3, 4}
        and lemma[-1] not in vowels + "wxy"
        and lemma[-2] in vowels
        and lemma[-3] not in vowels
        and sum(ch in vowels for ch in lemma) == 1
    ):
        return lemma + lemma[-1] + "ing"
    return lemma + "ing"


def render(
    subject: Argument,
    verb: str,
    obj: Argument,
    ing: str | None = None,
    participle: str | None = None,
    past: bool = False,
    negated: bool = False,
    past_form: str | None = None,
    frame: str | None = None,
) -> str:
    """A short declarative sentence: subject + is/are + verb-ing + object ("Russia is arming the Taliban");
    without a subject, object + is/was + participle ("The engineer was fired"), and so with a subject when the
    story tells a passive in the past ("The mayor was reelected by voters"); with ``past_form`` (the
    story tells it in the past, the perfect or under a modal), that form ("The league suspended the player",
    "did not sign", "has pursued", "will file"); with ``frame``, the verb that governs it ("Prosecutors plan
    to file charges")."""
    head, _, particle = verb.partition(" ")
    if frame is not None and subject.key != NOBODY.key:
        framed: tuple[str, ...] = (frame, "not", head) if negated else (frame, head)
        text = " ".join(w for w in (subject.text, *framed, particle, obj.text) if w)
        return text[0].upper() + text[1:]
    if subject.key == NOBODY.key or participle is not None:
        be = ("were" if past else "are") if obj.plural else ("was" if past else "is")
        not_ = "not" if negated else ""
        by = ("by", subject.text) if subject.key != NOBODY.key else ()
        text = " ".join(w for w in (obj.text, be, not_, participle or head + "ed", particle, *by) if w)
        return text[0].upper() + text[1:]
    if past_form is not None:
        aux, _, participle_ = past_form.partition(" ")
        if not negated:
            words: tuple[str, ...] = (past_form,)
        elif participle_:  # "has pursued" -> "has not pursued", "did spend" -> "did not spend"
            words = ("cannot", participle_) if aux == "can" else (aux, "not", participle_)
        else:
            words = ("did", "not", head)
    elif head in STATIVE:  # a state, not an action: simple present ("The patient has the virus")
        do = "do" if subject.plural else "does"
        words = (do, "not", head) if negated else (head if subject.plural else present_third(head),)
    else:
        words = ("are" if subject.plural else "is", "not" if negated else "", ing or ing_form(head))
    text = " ".join(w for w in (subject.text, *words, particle, obj.text) if w)
    return text[0].upper() + text[1:]
