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
        report testify describe declare mention continue recall recount quip joke shout yell cry exclaim
        whisper argue conclude observe predict forecast estimate calculate expect anticipate warn urge
        caution advise promise pledge vow inform brief indicate describe note_ quote order direct
        think believe feel fear hope worry know understand consider see learn hear decide agree
        complain lament criticize criticise accuse blame praise call describe""",
    ),
    **_table(_D, "claim allege insist contend maintain assert purport profess argue_ charge boast"),
    **_table(
        _E, "confirm note acknowledge admit reveal concede disclose point emphasize emphasise stress show prove find"
    ),
    **_table(_X, "deny reject refute dismiss dispute negate rebut contradict"),
    **_table(_H, "suggest speculate imply insinuate hint guess suspect reckon"),
}
VERBS.pop("note_", None)
VERBS.pop("argue_", None)

#: Verbs that count as cues only with a clausal complement (too common otherwise).
CLAUSE_ONLY: frozenset[str] = frozenset(
    ["think", "believe", "feel", "fear", "hope", "worry", "know", "understand", "consider", "see", "learn", "hear", "decide", "agree", "find", "show", "prove", "expect", "anticipate", "indicate", "order", "direct", "point", "continue", "guess", "suspect", "reckon", "call"]
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
ADVERBS: dict[str, CueClass] = _table(_H, "reportedly allegedly purportedly supposedly apparently ostensibly")

#: Passive constructions "X is said/believed/thought to ..." (hedged, usually no named source).
PASSIVE: frozenset[str] = frozenset(["say", "believe", "think", "report", "allege", "expect", "rumor", "rumour", "understand", "know", "claim"])

#: Nouns naming documents: a speaker with such a head is a document.
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    ["report", "statement", "study", "survey", "poll", "letter", "note", "document", "memo", "paper", "filing", "complaint", "lawsuit", "article", "post", "tweet", "release", "disclaimer", "analysis", "review", "investigation", "indictment", "ruling", "order", "transcript", "record", "email", "message", "video", "footage", "affidavit", "book", "column", "editorial", "blog", "website", "site", "account", "page"]
)

#: Nouns naming groups of people: plural speakers with such heads are groups.
GROUP_NOUNS: frozenset[str] = frozenset(
    ["residents", "witnesses", "experts", "officials", "sources", "analysts", "people", "police", "protesters", "critics", "observers", "fighters", "militants", "locals", "neighbours", "neighbors", "activists", "scientists", "researchers", "investigators", "doctors", "authorities", "members", "supporters", "users", "workers", "students", "parents", "villagers", "troops", "soldiers", "diplomats"]
)


def verb_class(lemma: str) -> CueClass | None:
    return VERBS.get(lemma)


def noun_class(lemma: str) -> CueClass | None:
    return NOUNS.get(lemma)
