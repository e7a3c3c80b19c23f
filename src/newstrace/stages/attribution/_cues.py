"""The cue lexicon: words that present content as coming from a source, with their class.

The class says how the reporting word positions the writer toward what is reported
(``CueClass``): neutral *say*, distancing *claim*, endorsing *confirm*, negating *deny*,
hedged *suggest* / *reportedly*. Entries are general English reporting vocabulary.
"""

from __future__ import annotations

from newstrace.model import CueClass

_N, _D, _E, _X, _H = CueClass.NEUTRAL, CueClass.DISTANCING, CueClass.ENDORSING, CueClass.NEGATING, CueClass.HEDGED


def _table(cls: CueClass, words: str) -> dict[str, CueClass]:
    return dict.fromkeys(words.split(), cls)


#: Reporting verbs by lemma.
VERBS: dict[str, CueClass] = {
    **_table(
        _N,
        """say tell add explain state write tweet post reply respond answer comment remark ask announce
        report testify describe declare mention recall recount quip joke shout yell exclaim whisper argue
        conclude observe predict forecast estimate calculate expect anticipate warn urge caution advise promise
        pledge vow inform brief indicate quote think believe feel fear hope worry hear complain lament
        criticize criticise accuse blame praise call credit identify classify""",
    ),
    **_table(_D, "claim allege insist contend maintain assert purport profess charge boast"),
    **_table(_E, "confirm note acknowledge admit reveal concede disclose emphasize emphasise stress"),
    **_table(_X, "deny reject refute dismiss dispute negate rebut contradict"),
    **_table(_H, "suggest speculate imply insinuate hint guess suspect reckon"),
}

#: Verbs that count as cues only with a clausal complement (too common otherwise).
CLAUSE_ONLY: frozenset[str] = frozenset(
    [
        "think",
        "believe",
        "feel",
        "fear",
        "hope",
        "worry",
        "hear",
        "indicate",
        "guess",
        "suspect",
        "reckon",
        "call",
        "add",
    ]
)

#: Verbs whose complements (object, object + infinitive, "as"/"of"/"with" phrase) are the reported
#: content when there is no clause: "expects an ASP of $450", "urged them to free the girls",
#: "accused Vice of underpaying", "identified the boy as X", "denied it".
OBJECT_CONTENT: frozenset[str] = frozenset(
    [
        "expect",
        "anticipate",
        "forecast",
        "predict",
        "estimate",
        "calculate",
        "urge",
        "warn",
        "ask",
        "accuse",
        "credit",
        "reveal",
        "identify",
        "classify",
        "announce",
        "deny",
        "reject",
        "refute",
        "dismiss",
        "dispute",
        "negate",
        "confirm",
        "describe",
        "criticize",
        "criticise",
        "blame",
        "praise",
        "allege",
        "claim",
    ]
)

#: Verbs whose object noun phrase is itself the reported content ("denied the report").
NP_CONTENT: frozenset[str] = frozenset(["deny", "reject", "refute", "dismiss", "dispute", "confirm"])

#: Nouns that introduce reported content with a "that" clause ("claims that", "testimony that").
NOUNS: dict[str, CueClass] = {
    **_table(_N, "statement testimony announcement word message comment remark report warning view opinion"),
    **_table(_D, "claim allegation assertion accusation charge contention insistence"),
    **_table(_E, "admission confirmation acknowledgement revelation"),
    **_table(_X, "denial rejection"),
    **_table(_H, "suggestion speculation belief suspicion rumor rumour hint"),
}

#: Adverbs that attribute their clause to unnamed sources.
ADVERBS: dict[str, CueClass] = _table(_H, "reportedly allegedly purportedly supposedly")

#: Passive constructions "X is said/believed/thought to ..." (hedged, usually no named source).
PASSIVE: frozenset[str] = frozenset(
    ["say", "believe", "think", "report", "allege", "expect", "rumor", "rumour", "understand", "know", "claim"]
)

#: Nouns naming documents: a speaker with such a head is a document.
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    [
        "report",
        "statement",
        "study",
        "survey",
        "poll",
        "letter",
        "note",
        "document",
        "memo",
        "paper",
        "filing",
        "complaint",
        "lawsuit",
        "article",
        "post",
        "tweet",
        "release",
        "disclaimer",
        "analysis",
        "review",
        "investigation",
        "indictment",
        "ruling",
        "order",
        "transcript",
        "record",
        "email",
        "message",
        "video",
        "footage",
        "affidavit",
        "book",
        "column",
        "editorial",
        "blog",
        "website",
        "site",
        "account",
        "page",
    ]
)

#: Nouns naming groups of people: plural speakers with such heads are groups.
GROUP_NOUNS: frozenset[str] = frozenset(
    [
        "residents",
        "witnesses",
        "experts",
        "officials",
        "sources",
        "analysts",
        "people",
        "police",
        "protesters",
        "critics",
        "observers",
        "fighters",
        "militants",
        "locals",
        "neighbours",
        "neighbors",
        "activists",
        "scientists",
        "researchers",
        "investigators",
        "doctors",
        "authorities",
        "members",
        "supporters",
        "users",
        "workers",
        "students",
        "parents",
        "villagers",
        "troops",
        "soldiers",
        "diplomats",
    ]
)


def verb_class(lemma: str) -> CueClass | None:
    return VERBS.get(lemma)


def noun_class(lemma: str) -> CueClass | None:
    return NOUNS.get(lemma)


#: Nouns for people: a singular common-noun speaker is a person only with such a head
#: (or a person-forming suffix: -er, -or, -ist, -ian, -man, -woman, -person).
PERSON_NOUNS: frozenset[str] = frozenset(
    [
        "official",
        "source",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "expert",
        "analyst",
        "leader",
        "chief",
        "head",
        "minister",
        "president",
        "general",
        "commander",
        "officer",
        "agent",
        "lawyer",
        "attorney",
        "judge",
        "doctor",
        "vet",
        "scholar",
        "scientist",
        "professor",
        "director",
        "executive",
        "founder",
        "owner",
        "member",
        "resident",
        "witness",
        "victim",
        "friend",
        "neighbour",
        "neighbor",
        "man",
        "woman",
        "boy",
        "girl",
        "person",
        "local",
        "insider",
        "tipster",
        "aide",
        "adviser",
        "advisor",
        "diplomat",
        "envoy",
        "ambassador",
        "secretary",
        "senator",
        "governor",
        "mayor",
        "chairman",
        "chairwoman",
        "chair",
        "representative",
        "candidate",
        "activist",
        "critic",
        "commentator",
        "student",
        "mother",
        "father",
        "son",
        "daughter",
        "wife",
        "husband",
        "brother",
        "sister",
        "patient",
        "nurse",
        "staffer",
        "employee",
        "colleague",
        "partner",
        "insider",
        "author",
        "editor",
        "correspondent",
        "reporter",
        "journalist",
        "user",
        "commissioner",
        "cleric",
        "imam",
        "priest",
    ]
)
_PERSON_SUFFIXES = ("er", "or", "ist", "ian", "man", "woman", "person", "ant", "ent")

#: Nouns for bodies: "the organisation", "the company", "the paper" refer back to an organisation.
ORGANIZATION_NOUNS: frozenset[str] = frozenset(
    [
        "organisation",
        "organization",
        "company",
        "firm",
        "agency",
        "group",
        "ministry",
        "department",
        "government",
        "paper",
        "newspaper",
        "network",
        "outlet",
        "site",
        "website",
        "station",
        "channel",
        "broadcaster",
        "publication",
        "magazine",
        "party",
        "body",
        "institute",
        "university",
        "council",
        "committee",
        "office",
        "team",
        "club",
        "union",
        "administration",
        "regime",
    ]
)


def is_person_noun(lemma: str) -> bool:
    return lemma in PERSON_NOUNS or (lemma.endswith(_PERSON_SUFFIXES) and lemma not in ORGANIZATION_NOUNS)
