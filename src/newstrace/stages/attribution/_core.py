"""``attribute``: who said what in one parsed article.

The steps, each linear in the number of tokens:

1. read the quotation marks (``marks.read_quotes``) and map every token to the quote it is in;
2. clause cues: every reporting verb, "according to", reporting noun ("claims that"), hedging
   adverb ("reportedly") and passive ("is said to") outside quotes yields the clause it reports;
   the clause is *direct* when a quotation fills it, *mixed* when it holds quoted fragments,
   otherwise *indirect*;
3. quotations no clause cue claimed look for a cue next to them in the same sentence
   ("...," he said / X said: "..." / ",” said X") and otherwise float: they take the speaker of
   the quotation before them in the paragraph (or of the part before them in a multi-paragraph
   quotation);
4. speakers are resolved and merged into entities (``speakers.SpeakerIndex``), and each quote
   gets its addressee, time and occasion (``context.context_of``).
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from newstrace.model import Cue, CueClass, Entity, Mention, Quote, QuoteKind, Speaker, SpeakerType
from newstrace.stages.attribution import _cues as cues
from newstrace.stages.attribution._context import Context, context_of
from newstrace.stages.attribution._headlines import checked_speaker
from newstrace.stages.attribution._marks import MARKS, QuoteSpan, read_quotes
from newstrace.stages.attribution._params import AttributionParams
from newstrace.stages.attribution._speakers import (
    FIRST_SECOND,
    Resolution,
    SpeakerIndex,
    is_acronym_of,
    same_source_name,
    titled,
)
from newstrace.text import lexicons
from newstrace.text.names import compatible, name_words
from newstrace.text.parse import doc_text, sentences_of

log = logging.getLogger(__name__)


_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_CLIMB = frozenset({"advcl", "xcomp", "conj", "pcomp", "acl", "pobj", "prep", "acomp"})
#: Nouns for an utterance or an occasion: "said in a statement saying ..." speaks for the sentence's subject.
_UTTERANCE_NOUNS = cues.DOCUMENT_NOUNS | lexicons.words("stages/attribution/lexicons/utterance_nouns.txt")
_SENT_END = frozenset({".", "!", "?"})
_TRAILING = " \t\n,;:—–-"


@dataclass
class _Found:
    start: int
    end: int
    kind: QuoteKind
    cue: Cue | None
    speaker_head: Token | None  # None: no speaker in the text
    cue_token: Token | None
    quote_index: int | None = None  # the quotation a direct quote is
    fragments: list[tuple[int, int]] = field(default_factory=list)
    resolution: Resolution | None = None
    inherited_from: int | None = None  # index in the list whose speaker a floating quote takes
    group: int | None = None
    unspecified: str | None = None  # "unspecified sources" for a passive or adverb cue with no source


class _Article:
    def __init__(self, doc: Doc, params: AttributionParams) -> None:
        self.doc = doc
        self.params = params
        self.text = doc_text(doc)
        reading = read_quotes(self.text)
        self.quotes: tuple[QuoteSpan, ...] = reading.quotes
        self.unmatched = reading.unmatched
        self.starts = [t.idx for t in doc]
        n = len(doc)
        self.in_quote = [-1] * n  # innermost quote index per token (marks included)
        self.top_quote = [-1] * n
        for k, q in enumerate(self.quotes):
            last = q.close_mark if q.close_mark is not None else q.end - 1
            lo = bisect.bisect_left(self.starts, q.open_mark)
            hi = bisect.bisect_right(self.starts, last)
            for i in range(lo, hi):
                self.in_quote[i] = k
                if q.parent is None:
                    self.top_quote[i] = k
        self.sents = list(doc.sents)
        self.sent_ends = [s.end_char for s in self.sents]
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n", self.text)]

    def paragraph_of(self, offset: int) -> int:
        return bisect.bisect_right(self.paragraph_starts, offset) - 1

    def quote_outer_end(self, q: QuoteSpan) -> int:
        return q.close_mark + 1 if q.close_mark is not None else q.end


def attribute(
    spacy_doc: Doc, *, published: str | None = None, params: AttributionParams | None = None
) -> tuple[list[Quote], list[Entity]]:
    """All attributions of one parsed article, and one entity per real source.

    ``spacy_doc`` is a parsed ``spacy.tokens.Doc``; offsets of the returned quotes slice its
    text exactly (``text[q.start:q.end] == q.content``). ``published`` (ISO date) anchors
    relative time phrases ("on Monday"). ``params``: the tuning numbers (the defaults when None).
    """
    art = _Article(spacy_doc, params or AttributionParams())
    if art.unmatched:
        log.debug("skipped %d unpaired quotation marks at %s", len(art.unmatched), list(art.unmatched[:10]))
    found = _clause_cues(art)
    found = _direct_quotes(art, found)
    found = _block_quotes(art, found)
    found = [f for f in found if not _aside_reaching_out(art, f)]
    found.extend(_embedded_posts(art, found))
    found.sort(key=lambda f: (f.start, f.end))
    return _build(art, found, published)


def _aside_reaching_out(art: _Article, f: _Found) -> bool:
    """Whether ``f``'s cue stands in a parenthesis and its content comes after a colon or a line break past
    it: an aside that ends its line introduces nothing ("... the growth (emphasis added):" and a passage on
    the next line that the parse hung on "added")."""
    if f.cue_token is None:
        return False
    doc, i = art.doc, f.cue_token.i
    sent = doc[i].sent
    opening = next((k for k in range(i - 1, sent.start - 1, -1) if "(" in doc[k].text or ")" in doc[k].text), None)
    if opening is None or "(" not in doc[opening].text:
        return False
    closing = next((k for k in range(i + 1, len(doc)) if ")" in doc[k].text or "(" in doc[k].text), None)
    if closing is None or ")" not in doc[closing].text:
        return False
    after = doc[closing].idx + len(doc[closing].text)
    # an aside inside a sentence may still attribute it ("Officials (the ministry said) were in talks"); one
    # that ends its line does not reach the next line
    return f.start >= after - 1 and any(c in art.text[after - 1 : f.start] for c in ":\n")


# ---- clause cues ------------------------------------------------------------------------------


def _clause_cues(art: _Article) -> list[_Found]:
    out: list[_Found] = []
    doc = art.doc
    for tok in doc:
        lemma = tok.lemma_.lower()
        low = tok.lower_
        if art.top_quote[tok.i] >= 0:
            # a report inside a quotation ("People think ...", "We thought it was a bomb") is nested in it;
            # the quoted speaker's own "I think" is hedging, not a new source
            # and reports inside it: content running past the closing mark is a misparse of the quotation
            # and its own cue ('"We are not refuting that," Nicholson said': "said" taken for refuting's clause)
            if tok.pos_ in ("VERB", "AUX") and lemma in cues.VERBS and _nested_subject_ok(tok):
                host = art.quotes[art.top_quote[tok.i]]
                out.extend(f for f in _verb_cue(art, tok, lemma) if host.start <= f.start and f.end <= host.end)
            continue
        if tok.pos_ in ("VERB", "AUX") and lemma in cues.VERBS:
            out.extend(_verb_cue(art, tok, lemma))
        elif low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            f = _according_to(art, tok)
            if f is not None:
                out.append(f)
        elif tok.pos_ == "NOUN" and lemma in cues.NOUNS:
            f = _noun_cue(art, tok, lemma)
            if f is not None:
                out.append(f)
        elif low in cues.ADVERBS and tok.head.pos_ in ("VERB", "AUX") and tok.head.lemma_.lower() not in cues.VERBS:
            f = _adverb_cue(art, tok)
            if f is not None:
                out.append(f)
        elif tok.pos_ == "ADJ" and tok.dep_ == "acomp":
            f = _stance_adjective(art, tok)
            if f is not None:
                out.append(f)
    return out


def _stance_adjective(art: _Article, adj: Token) -> _Found | None:
    """ "The union is opposed to the plan", "senators remained critical of the deal": an adjective of stance
    (``STANCE_ADJECTIVES``) after a linking verb reports its subject's judgement of its prepositional object,
    as a verb of judgement does ("opposed the plan"); not when negated ("is not opposed to")."""
    lemma = adj.lemma_.lower()
    prep = next(
        (c for c in adj.children if c.dep_ == "prep" and c.i > adj.i and (lemma, c.lower_) in cues.STANCE_ADJECTIVES),
        None,
    )
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    verb = adj.head
    if obj is None or any(c.dep_ == "neg" for c in (*verb.children, *adj.children)):
        return None
    subject = _subject_of(verb, art.params)
    if subject is None or subject.dep_ == "expl":
        return None
    span = _trim(art, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
    if span is None:
        return None
    cue = Cue(adj.text, adj.idx, adj.idx + len(adj), lemma, CueClass.NEUTRAL)
    return _classified(art, span, cue, subject, adj)


def _verb_cue(art: _Article, verb: Token, lemma: str) -> list[_Found]:
    cue_class = cues.VERBS[lemma]
    subject = _subject_of(verb, art.params)
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    xcomp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    is_passive = any(c.dep_ == "auxpass" for c in verb.children) or (verb.tag_ == "VBN" and passive is not None)
    if subject is not None and subject.lower_ in FIRST_SECOND and art.top_quote[verb.i] < 0:
        return []  # the narrator speaking ("we think that")
    credited = _credited_clause(art, verb)
    if credited is not None:
        return [credited]
    if _not_a_statement(verb, art.params):
        return []
    comp = next((c for c in verb.children if c.dep_ == "ccomp"), None) or _that_clause_of_object(verb)
    if comp is not None:
        span = _clause_span(art, comp, exclude=verb)
        if span is None:
            return []
        unspecified = None
        if is_passive and lemma in cues.PASSIVE and _agent_of(verb) is None:
            cue_class = CueClass.HEDGED
            unspecified = _unspecified(lemma)
        found = _classified(art, span, _cue(art, verb, cue_class, with_aux=is_passive), subject, verb)
        found.unspecified = unspecified if subject is None or subject.dep_ == "expl" else None
        if subject is not None and subject.dep_ == "expl":
            found.speaker_head = None
            found.unspecified = _unspecified(lemma)
        return [found]
    if passive is not None and xcomp is not None and lemma in cues.PASSIVE:
        # "X is said to have ...": hedged, no named source unless "by Y"
        end_tok = xcomp.right_edge
        span = _trim(art, passive.left_edge.idx, end_tok.idx + len(end_tok))
        if span is None:
            return []
        agent = _agent_of(verb)
        found = _classified(art, span, _cue(art, verb, CueClass.HEDGED, with_aux=True), agent, verb)
        if agent is None:
            found.unspecified = _unspecified(lemma)
        return [found]
    # "for" gives the reason of a judgement on the object ("blamed the mayor for the delays")
    reason = lemma in cues.OBJECT_CONTENT and any(c.dep_ == "dobj" for c in verb.children)
    parts = [
        c
        for c in verb.children
        if c.i > verb.i
        and (
            c.dep_ in ("dobj", "xcomp", "oprd", "attr", "dative")
            or (c.dep_ == "prep" and (c.lower_ in ("of", "with", "as") or (reason and c.lower_ == "for")))
        )
    ]
    if parts and any(c.dep_ in ("dobj", "xcomp", "oprd") for c in parts) and parts[0].tag_ not in ("WDT", "WP"):
        lo = min(c.left_edge.idx for c in parts)
        last = max(parts, key=lambda c: c.right_edge.i).right_edge
        hi = last.idx + len(last)
        # object content: by lexicon ("expects an ASP of $450"), or because it holds a quotation
        # with more around it ("saying \"no indication\" the man had contact", "calling them her \"sisters\"")
        quoted = [q for q in art.quotes if q.parent is None and lo <= q.open_mark < hi]
        by_lexicon = lemma in cues.OBJECT_CONTENT and art.top_quote[parts[0].i] < 0
        by_quote = bool(quoted) and any(art.top_quote[c.i] < 0 and c.dep_ != "dative" for c in parts)
        span = _trim(art, lo, hi)
        if span is not None and (by_lexicon or by_quote) and not (subject is None and verb.dep_ in ("amod", "acl")):
            if by_quote and not by_lexicon:
                span = _trim(art, min(c.left_edge.idx for c in parts if c.dep_ != "dative"), hi) or span
            return [_classified(art, span, _cue(art, verb, cue_class), subject, verb)]
    on_object = _prepositional_content(art, verb, lemma, subject, cue_class)
    if on_object is not None:
        return [on_object]
    if lemma in cues.CLAUSE_ONLY or lemma in cues.OBJECT_CONTENT:
        return []
    if verb.dep_ == "parataxis" and verb.head.pos_ in ("VERB", "AUX"):
        head = verb.head
        if verb.i > head.i:
            lo, hi = head.left_edge.i, verb.left_edge.i - 1
        else:
            lo, hi = verb.right_edge.i + 1, head.right_edge.i
        if hi > lo:
            span = _trim(art, art.doc[lo].idx, art.doc[hi].idx + len(art.doc[hi]))
            if span is not None:
                return [_classified(art, span, _cue(art, verb, cue_class), subject, verb)]
    return []


def _credited_clause(art: _Article, verb: Token) -> _Found | None:
    """ "X forwarded the emails, first reported by Y" / "..., as reported by Y": a bare passive participle
    after the clause it modifies, with an agent, credits that clause to the agent."""
    if verb.tag_ != "VBN" or verb.dep_ != "advcl" or any(c.dep_.startswith("aux") for c in verb.children):
        return None
    agent = _agent_of(verb)
    head = verb.head
    if agent is None or verb.i < head.i or any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    last = art.doc[verb.left_edge.i - 1] if verb.left_edge.i > head.left_edge.i else None
    if last is None:
        return None
    span = _trim(art, head.left_edge.idx, last.idx + len(last))
    return _classified(art, span, _cue(art, verb, cues.VERBS[verb.lemma_.lower()]), agent, verb) if span else None


def _prepositional_content(
    art: _Article, verb: Token, lemma: str, subject: Token | None, cue_class: CueClass
) -> _Found | None:
    """ "Farmers fumed over the ruling", "the union objected to the plan": the object of the verb's own
    preposition (``PREP_CONTENT``) is what the source reports on, when the verb has a subject."""
    if subject is None or any(c.dep_ == "neg" or c.tag_ == "TO" for c in verb.children):
        return None  # "did not object to", "gathered to protest against": no statement
    prep = next(
        (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and (lemma, c.lower_) in cues.PREP_CONTENT),
        None,
    )
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None:
        return None
    span = _trim(art, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))
    return _classified(art, span, _cue(art, verb, cue_class), subject, verb) if span is not None else None


def _nested_subject_ok(verb: Token) -> bool:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ not in ("i", "you", "me") and subject.i < verb.i


def _not_a_statement(verb: Token, params: AttributionParams) -> bool:
    """Cue words that report no statement: a bare passive participle ("Asked about X, he said"), a cue
    inside a question or condition ("whether he would refute"), a gerund after a preposition
    ("means of identifying"), a negated cue of the object kind ("did not accuse")."""
    if (
        verb.tag_ == "VBN"
        and verb.dep_ in ("advcl", "acl")
        and not any(c.dep_.startswith("aux") for c in verb.children)
    ):
        return True
    if verb.dep_ in ("amod", "compound", "nmod"):
        return True
    if verb.dep_ == "pcomp" and not any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in verb.children):
        return True  # but "with X saying ...", "with critics accusing him of ...": X speaks
    if _imperative(verb):
        return True
    tok = verb
    for _ in range(params.condition_climb_steps):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in tok.children):
            return True
        if tok.dep_ not in ("xcomp", "conj", "aux") or tok.head.i == tok.i:
            break
        tok = tok.head
    negated = any(c.dep_ == "neg" for c in verb.children)
    return negated and verb.lemma_.lower() in cues.OBJECT_CONTENT and not any(c.dep_ == "ccomp" for c in verb.children)


def _imperative(verb: Token) -> bool:
    """A cue verb in the imperative opening its sentence ("Tell Congress: ...", "Ask Dorn about the offer" in
    a headline): it asks the reader to report, it reports nothing."""
    if verb.tag_ != "VB" or any(c.dep_ in (*_SUBJECTS, "expl") or c.dep_.startswith("aux") for c in verb.children):
        return False
    doc = verb.doc
    return verb.i == 0 or verb.is_sent_start or "\n" in doc[verb.i - 1].text_with_ws


def _that_clause_of_object(verb: Token) -> Token | None:
    """A "that" clause the parser hung on the cue's object ("told KHOU News that ...")."""
    for obj in verb.children:
        if obj.dep_ in ("dobj", "dative", "npadvmod") and obj.i > verb.i:
            for c in obj.children:
                if c.dep_ in ("acl", "relcl", "ccomp") and any(
                    m.dep_ == "mark" and m.lower_ == "that" for m in c.children
                ):
                    return c
    return None


_UNSPECIFIED_REPORTS = "unspecified reports"


def _unspecified(lemma: str) -> str:
    return _UNSPECIFIED_REPORTS if lemma.startswith("report") else "unspecified sources"


def _according_to(art: _Article, tok: Token) -> _Found | None:
    to = art.doc[tok.i + 1]
    obj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if obj is None:
        obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
        if obj is None:
            return None
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp", "conj") and head.head.i != head.i:
        head = head.head
    # "X said, according to a video of his remarks": the material is how the report is known, the report
    # is X's (its own cue gives it); the material is no second speaker of the same words
    if (
        obj.lemma_.lower() in cues.THING_NOUNS
        and head.lemma_.lower() in cues.VERBS
        and head.i < tok.i
        and _subject_of(head, art.params) is not None
    ):
        return None
    phrase_lo = tok.i
    phrase_hi = max(obj.right_edge.i, to.i)
    clause_lo, clause_hi = head.left_edge.i, head.right_edge.i
    if phrase_lo - clause_lo >= clause_hi - phrase_hi:
        lo, hi = clause_lo, phrase_lo - 1
    else:
        lo, hi = phrase_hi + 1, clause_hi
    if hi < lo:
        return None
    span = _trim(art, art.doc[lo].idx, art.doc[hi].idx + len(art.doc[hi]))
    if span is None:
        return None
    cue = Cue(art.text[tok.idx : to.idx + len(to)], tok.idx, to.idx + len(to), "according to", CueClass.NEUTRAL)
    return _classified(art, span, cue, obj, tok)


def _noun_cue(art: _Article, noun: Token, lemma: str) -> _Found | None:
    """A reporting noun: "claims that ..." (its possessor, its "from" phrase or the subject of the verb it
    is the object of speaks), or a noun of judgement whose content is what it is about ("opposition from
    growers to the tariff", "the plan drew criticism from councils": the plan)."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    source = _from_source(noun)
    clause = _that_clause(noun) or (_that_clause(source) or _clause_after(source) if source is not None else None)
    if clause is not None:
        span = _clause_span(art, clause, exclude=noun)
        if span is None:
            return None
        owner = owner or source
        if owner is None and noun.dep_ in ("dobj", "attr"):
            owner = _subject_of(noun.head, art.params)
    elif lemma in cues.EVALUATION_NOUNS and (owner or source) is not None:
        span = _evaluated(art, noun)
        owner = owner or source
        if span is None:
            return None
    elif lemma in cues.EVALUATION_NOUNS and (holder := _expressed_by(art, noun)) is not None:
        span = _about_phrase(art, noun)  # what is judged; the subject is who judges, never what is judged
        owner = holder
        if span is None:
            return None
    else:
        return None
    cue = Cue(noun.text, noun.idx, noun.idx + len(noun), lemma, cues.NOUNS[lemma])
    return _classified(art, span, cue, owner, noun)


def _that_clause(tok: Token) -> Token | None:
    """A clause hung on ``tok`` and opened by "that" as a conjunction ("claims that ...")."""
    return next(
        (
            c
            for c in tok.children
            if c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        ),
        None,
    )


def _clause_after(source: Token) -> Token | None:
    """A "that" clause right after "from X", wherever the parse hung it ("criticism from X that ...")."""
    doc = source.doc
    i = source.right_edge.i + 1
    mark = doc[i] if i < len(doc) else None
    if mark is None or mark.lower_ != "that" or mark.dep_ != "mark" or mark.head.i <= mark.i:
        return None
    clause = mark.head
    return clause if clause.dep_ in ("ccomp", "acl", "relcl", "advcl") else None


def _from_source(noun: Token) -> Token | None:
    """The source in "criticism from X": the object of "from" on the noun, or right after the noun on the
    verb it is the object of (the parse hangs "drew criticism from X" either way)."""
    preps = [c for c in noun.children if c.dep_ == "prep" and c.lower_ == "from"]
    if not preps and noun.dep_ == "dobj":
        after = noun.right_edge.i + 1
        preps = [c for c in noun.head.children if c.dep_ == "prep" and c.lower_ == "from" and c.i == after]
    obj = next((c for p in preps for c in p.children if c.dep_ == "pobj"), None)
    return obj if obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON") else None


def _finite(verb: Token) -> bool:
    """A verb that reports what happened: past or present tense, or a perfect ("has drawn"); not a
    modal's or an infinitive's ("will face", "to draw"), nor a gerund."""
    if any(c.dep_ == "aux" and c.tag_ in ("MD", "TO") for c in verb.children):
        return False
    return verb.tag_ in ("VBD", "VBZ", "VBP") or (verb.tag_ == "VBN" and any(c.dep_ == "aux" for c in verb.children))


#: Prepositions that say what a judgement is about ("criticism of", "opposition to", "support for").
_ABOUT = frozenset({"of", "to", "for", "over", "against", "about", "on"})


def _about_phrase(art: _Article, noun: Token) -> tuple[int, int] | None:
    """The object of a noun of judgement's "of"/"to"/"for"/"over" phrase ("criticism of the plan"), or None."""
    about = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in _ABOUT and c.i > noun.i), None)
    obj = next((c for c in about.children if c.dep_ == "pobj"), None) if about is not None else None
    if obj is None:
        return None
    return _trim(art, obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge))


def _expressed_by(art: _Article, noun: Token) -> Token | None:
    """Who holds a noun of judgement that is the object of a verb of expressing (``EXPRESSING_VERBS``):
    the verb's subject ("Republicans voiced criticism of the bill", "critics piled on criticism of the mayor").
    Not under a negated verb ("did not voice support"), and not for a verb whose subject receives the judgement
    ("the plan drew criticism": :func:`_evaluated`)."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "on":
        verb = verb.head  # "piled on criticism", with "on" read as a preposition
    elif noun.dep_ != "dobj":
        return None
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in cues.EXPRESSING_VERBS:
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    subject = _subject_of(verb, art.params)
    return subject if subject is not None and subject.dep_ != "expl" else None


def _evaluated(art: _Article, noun: Token) -> tuple[int, int] | None:
    """What a noun of judgement is about: its "of"/"to"/"over" phrase, or else the subject of the clause that
    has the judgement ("The plan drew criticism", "a deal that came under criticism": the plan, the deal), when
    it reports what happened; "with support from X" is a circumstance of its clause, not its content."""
    about = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in _ABOUT and c.i > noun.i), None)
    if about is not None and any(c.dep_ == "pobj" for c in about.children):
        return _about_phrase(art, noun)
    if noun.dep_ == "dobj" and noun.head.dep_ == "pcomp" and noun.head.head.lower_ == "under":
        verb = noun.head.head.head  # "came under withering criticism" with "withering" read as a verb
        if not _finite(verb):
            return None
    elif noun.dep_ == "dobj":
        verb = noun.head
        if not _finite(verb):
            return None  # "would risk a backlash from X", "will face opposition from X": nothing yet said
    elif noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "under":
        verb = noun.head.head
        if not _finite(verb):
            return None
    else:
        return None
    subject = _shared_subject(verb)
    if subject is None or (subject.pos_ == "PRON" and subject.tag_ not in ("WDT", "WP")):
        return None  # "it drew criticism": what "it" is comes from elsewhere
    if subject.tag_ in ("WDT", "WP"):
        if verb.dep_ != "relcl":
            return None
        head = verb.head  # "an agreement that has come under criticism": the agreement, without its clause
        return _trim(art, head.left_edge.idx, head.idx + len(head))
    return _trim(art, subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge))


def _shared_subject(verb: Token) -> Token | None:
    """A verb's subject, or for a verb conjoined with no subject of its own, the subject of the verb it is
    conjoined with ("The plan is expected to stall and has drawn criticism from X": the plan), a clausal subject
    included ("Cutting the fund is expected to ... and has drawn criticism": cutting the fund)."""
    tok = verb
    while True:
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass")), None)
        if subject is not None or tok.dep_ != "conj" or tok.head.i == tok.i:
            return subject
        tok = tok.head


def _adverb_cue(art: _Article, adv: Token) -> _Found | None:
    verb = adv.head
    lo, hi = verb.left_edge.i, verb.right_edge.i
    # the clause of the verb, without conjoined clauses after a comma
    for child in verb.children:
        if child.dep_ in ("conj", "cc") and child.i > verb.i:
            hi = min(hi, child.left_edge.i - 1)
    if hi < lo:
        return None
    span = _trim(art, art.doc[lo].idx, art.doc[hi].idx + len(art.doc[hi]))
    if span is None:
        return None
    cue = Cue(adv.text, adv.idx, adv.idx + len(adv), adv.lower_, cues.ADVERBS[adv.lower_])
    found = _classified(art, span, cue, None, adv)
    found.unspecified = _unspecified(adv.lower_)
    return found


# ---- direct quotations --------------------------------------------------------------------------


def _direct_quotes(art: _Article, found: list[_Found]) -> list[_Found]:
    claimed: set[int] = set()
    for f in found:
        if f.quote_index is not None:
            claimed.add(f.quote_index)
        for k, q in enumerate(art.quotes):
            if q.parent is None and f.start <= q.open_mark and art.quote_outer_end(q) <= f.end + 1:
                claimed.add(k)
    out = list(found)
    claimed_cues = {f.cue_token.i for f in found if f.cue_token is not None}
    by_quote: dict[int, int] = {f.quote_index: n for n, f in enumerate(out) if f.quote_index is not None}
    for k, q in enumerate(art.quotes):
        if k in claimed or q.parent is not None:
            continue
        content = art.text[q.start : q.end]
        words = len(content.split())
        if words == 0 or _is_title(content, art.params):
            continue  # a title ("The Social Network") is not a statement
        cue_tok = _adjacent_cue(art, k) or _lead_in_cue(art, q, claimed_cues)
        if words < art.params.min_direct_words and not _short_utterance(art, q, cue_tok):
            continue  # a scare quote or a name for something, not a statement
        if cue_tok is None and not _opens_sentence(art, q):
            continue  # a quoted phrase inside the narrator's sentence
        if cue_tok is not None:
            if cue_tok.lower_ == ":":
                cue = Cue(":", cue_tok.idx, cue_tok.idx + 1, ":", CueClass.NEUTRAL)
                head = _colon_speaker(art, cue_tok)
            else:
                cue = _cue(art, cue_tok, cues.VERBS.get(cue_tok.lemma_.lower(), CueClass.NEUTRAL))
                head = _subject_of(cue_tok, art.params) if cue_tok.pos_ in ("VERB", "AUX") else None
                if head is None and cue_tok.idx > q.end:
                    head = _first_noun_after(art, q, cue_tok)
                if head is None:  # a lead-in clause closed by a colon ("Biden was quick to retort:")
                    colon = next((t for t in art.doc[cue_tok.i + 1 : cue_tok.i + 8] if t.text == ":"), None)
                    head = _colon_speaker(art, colon) if colon is not None else None
            f = _Found(q.start, q.end, QuoteKind.DIRECT, cue, head, cue_tok, quote_index=k)
        else:
            f = _Found(q.start, q.end, QuoteKind.DIRECT, None, None, None, quote_index=k)
            f.inherited_from = -1  # resolved after sorting
        by_quote[k] = len(out)
        out.append(f)
    return out


def _first_noun_after(art: _Article, q: QuoteSpan, cue_tok: Token) -> Token | None:
    """ "...,” Park, who defected in 2008, said": the first noun phrase between the quotation and its cue."""
    i = bisect.bisect_right(art.starts, q.close_mark if q.close_mark is not None else q.end)
    while i < cue_tok.i and (art.doc[i].is_punct or art.doc[i].is_space):
        i += 1
    if i >= cue_tok.i:
        return None
    tok = art.doc[i]
    while tok.dep_ in ("compound", "det", "amod") and cue_tok.i > tok.head.i > tok.i:
        tok = tok.head
    return tok if tok.pos_ in ("PROPN", "NOUN", "PRON") else None


def _is_title(content: str, params: AttributionParams) -> bool:
    """Title Case without sentence punctuation: a work's or an item's name, not an utterance."""
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", content) if len(w) >= params.title_min_word_chars]
    return bool(words) and all(w[0].isupper() for w in words) and not content.rstrip().endswith((".", "!", "?", ","))


def _short_utterance(art: _Article, q: QuoteSpan, cue_tok: Token | None) -> bool:
    """A short quotation counts when it is punctuated as an utterance and a cue follows it ("No," he said)."""
    if cue_tok is None or cue_tok.idx < q.end or cue_tok.text == ":":
        return False
    return art.text[q.start : q.end].rstrip().endswith((",", ".", "!", "?"))


def _opens_sentence(art: _Article, q: QuoteSpan) -> bool:
    """Does the quotation stand as its own sentence (after a line start, a sentence end or a colon)?"""
    line_start = art.text.rfind("\n", 0, q.open_mark) + 1
    before = art.text[line_start : q.open_mark].rstrip()
    return not before or before.endswith((".", "!", "?", ":", "—")) or before[-1] in MARKS


def _adjacent_cue(art: _Article, k: int) -> Token | None:
    """A reporting verb (or a colon) right before or after quotation ``k`` in the same sentence."""
    q = art.quotes[k]
    doc = art.doc
    first = bisect.bisect_left(art.starts, q.open_mark)
    last = bisect.bisect_right(art.starts, (q.close_mark if q.close_mark is not None else q.end - 1)) - 1
    # after: ", he said" / ", said X" — no sentence end between the mark and the verb, and the quotation
    # does not end a sentence of its own ("X." Another official told ... starts a new statement)
    content = art.text[q.start : q.end].rstrip()
    ends_sentence = content.endswith(".") and last + 1 < len(doc) and doc[last + 1].text[:1].isupper()
    if q.close_mark is not None and not ends_sentence:
        for i in range(last + 1, min(len(doc), last + art.params.cue_reach_after)):
            tok = doc[i]
            if art.top_quote[i] >= 0 or tok.text in _SENT_END or "\n" in tok.text:
                break
            if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues.VERBS:
                return tok
    # before: "X said: " / "X told reporters, " — the verb governs the quote, or a colon/comma leads into it
    colon = None
    inner = doc[first + 1] if first + 1 < len(doc) else doc[first]
    for i in range(first - 1, max(-1, first - art.params.cue_reach_before), -1):
        tok = doc[i]
        if art.top_quote[i] >= 0 or tok.text in _SENT_END or "\n" in tok.text:
            break
        if tok.text == ":" and i == first - 1:
            colon = tok
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues.VERBS and not _modifier(tok):
            lead = art.text[tok.idx + len(tok) : q.open_mark].rstrip()
            if tok in inner.ancestors or tok in doc[first].ancestors or lead.endswith((":", ",")):
                return tok
            break
    return colon


def _modifier(verb: Token) -> bool:
    """A cue verb's participle that modifies a noun ("the plan — broadly endorsed by X — ..."): it reports
    nothing, and a cue further back may still lead into the quotation."""
    if verb.tag_ != "VBN" or verb.dep_ not in ("acl", "amod"):
        return False
    return not any(c.dep_.startswith("aux") for c in verb.children)


def _colon_speaker(art: _Article, colon: Token) -> Token | None:
    """The source of a quotation a colon introduces: the name just before the colon ("Trump's spokesman:"),
    the subject of a reporting word just before it ("Biden was quick to retort:", "with X responding:"),
    or the name after a reporting word that opens the clause ("Added another:")."""
    i = colon.i - 1
    doc = art.doc
    while i >= 0 and (doc[i].is_punct or doc[i].is_space):
        i -= 1
    if i < 0 or "\n" in doc[i].text:
        return None
    lo = i  # the clause the colon closes: back to a sentence end, a line break, a dash or a quotation
    while lo > 0:
        prev = doc[lo - 1]
        if prev.text in _SENT_END or prev.text in _CLAUSE_BREAKS or "\n" in prev.text or art.top_quote[prev.i] >= 0:
            break
        lo -= 1
    if lo < i and _is_reporting_word(doc[lo]):  # "Added another:"
        return _noun_phrase_head(doc, lo + 1, colon.i)
    if _is_reporting_word(doc[i]) and lo < i:
        clause = doc[lo:i]
        subject = next((t for t in clause if t.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        names = [t for t in clause if t.pos_ in ("PROPN", "NOUN", "PRON")]
        return names[-1] if names else None
    tok = doc[i]
    while tok.dep_ in ("compound", "amod", "poss", "pobj", "prep") and tok.head.i != tok.i and tok.head.i < colon.i:
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN", "PRON") else None


_CLAUSE_BREAKS = frozenset({"—", "–", "--", ";"})


def _is_reporting_word(tok: Token) -> bool:
    """A cue verb in any form the tagger gave it ("retort" read as a noun, "responding" as a gerund noun)."""
    low = tok.lower_
    forms = {tok.lemma_.lower(), low}
    for suffix, repl in (("ing", ""), ("ing", "e"), ("ed", ""), ("ed", "e"), ("s", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            forms.add(low[: -len(suffix)] + repl)
    return any(f in cues.VERBS for f in forms)


def _block_quotes(art: _Article, found: list[_Found]) -> list[_Found]:
    """A paragraph introduced by a cue that ends the paragraph before it with a colon ("Trump lashed out on
    Twitter, saying:", "In a statement, she wrote:") is quoted whole: a statement, post or letter reproduced
    as a block, without quotation marks. What the parse read as the cue's clause across the break goes."""
    text = art.text
    out = list(found)
    starts = art.paragraph_starts
    for p in range(len(starts) - 1):
        line_end = starts[p + 1] - 1
        line = text[starts[p] : line_end].rstrip()
        if not line.endswith(":") or art.in_quote[_token_at(art, starts[p] + len(line) - 1)] >= 0:
            continue
        nxt = next((k for k in range(p + 1, len(starts)) if text[starts[k] : _line_end(art, k)].strip()), None)
        if nxt is None:
            continue
        span = _trim(art, starts[nxt], _line_end(art, nxt))
        if span is None or text[span[0]] in MARKS or _has_quote(art, span[0], span[1]):
            continue
        colon = art.doc[_token_at(art, starts[p] + len(line) - 1)]
        verb = _colon_cue(art, colon)
        if verb is None:
            continue
        cue = _cue(art, verb, cues.VERBS.get(verb.lemma_.lower(), CueClass.NEUTRAL))
        head = _subject_of(verb, art.params) if verb.pos_ in ("VERB", "AUX") else None
        head = head or _colon_speaker(art, colon)
        out = [f for f in out if not (f.cue_token is not None and f.cue_token.i == verb.i and f.end > colon.idx)]
        out.append(_Found(span[0], span[1], QuoteKind.DIRECT, cue, head, verb))
    return out


def _line_end(art: _Article, line: int) -> int:
    starts = art.paragraph_starts
    return starts[line + 1] - 1 if line + 1 < len(starts) else len(art.text)


def _token_at(art: _Article, offset: int) -> int:
    return max(0, bisect.bisect_right(art.starts, offset) - 1)


def _colon_cue(art: _Article, colon: Token) -> Token | None:
    """The reporting word of the clause a colon ends ("..., saying:", "she wrote in a statement:")."""
    doc = art.doc
    lowest = max(-1, colon.i - art.params.cue_reach_before)
    i = colon.i
    closing = ")" in colon.text  # the tokenizer may keep "):" as one token
    while i - 1 > lowest:
        i -= 1
        tok = doc[i]
        if closing or tok.text == ")":  # a parenthesis is an aside: "(emphasis added):" reports nothing after it
            opening = next((k for k in range(i if closing else i - 1, lowest, -1) if doc[k].text == "("), None)
            if opening is None:
                return None
            i, closing = opening, False
            continue
        if tok.text in _SENT_END or "\n" in tok.text or art.top_quote[i] >= 0:
            return None
        if _is_reporting_word(tok) and tok.pos_ in ("VERB", "AUX", "NOUN"):
            # "a video posted by X:" introduces what is shown, not what X says
            return None if tok.pos_ != "NOUN" and _not_a_statement(tok, art.params) else tok
    return None


def _lead_in_cue(art: _Article, q: QuoteSpan, claimed: set[int]) -> Token | None:
    """The cue of a quotation that opens its paragraph, read off the paragraph before it: a reporting clause
    ending in a colon ("Trump responded in a statement on Friday:"), or a last sentence whose reporting verb
    reports nothing of its own ("Trump noted so helpfully in a tweet Wednesday morning.")."""
    text = art.text
    line_start = text.rfind("\n", 0, q.open_mark) + 1
    if text[line_start : q.open_mark].strip():
        return None
    before = text[:line_start].rstrip()
    if not before:
        return None
    last = art.doc[_token_at(art, len(before) - 1)]
    if last.text == ":":
        return _colon_cue(art, last)
    if last.text not in _SENT_END:
        return None
    sent = last.sent
    for tok in sent:
        if (
            tok.pos_ == "VERB"
            and tok.lemma_.lower() in cues.VERBS
            and tok.i not in claimed
            and art.top_quote[tok.i] < 0
            and not _not_a_statement(tok, art.params)
            and not any(c.dep_ in ("ccomp", "dobj", "xcomp", "attr", "oprd") for c in tok.children)
            and _subject_of(tok, art.params) is not None
        ):
            return tok
    return None


_POST_SIGNATURE = re.compile(r"(?m)^[ \t]*([—–-])[ \t]*([^\n(]{2,80}?)[ \t]*\(@\w+\)")


def _embedded_posts(art: _Article, found: list[_Found]) -> list[_Found]:
    """Embedded social-media posts: a paragraph followed by a "— Name (@handle) date" line is quoted."""
    out = []
    for m in _POST_SIGNATURE.finditer(art.text):
        line_start = m.start()
        prev_end = art.text.rfind("\n", 0, line_start)
        while prev_end > 0 and art.text[prev_end - 1] == "\n":
            prev_end -= 1
        if prev_end <= 0:
            continue
        prev_start = art.text.rfind("\n", 0, prev_end) + 1
        span = _trim(art, prev_start, prev_end)
        if span is None or any(f.start < span[1] and span[0] < f.end for f in found):
            continue
        name = art.doc.char_span(m.start(2), m.end(2), alignment_mode="expand")
        if name is None:
            continue
        cue = Cue(m.group(1), m.start(1), m.end(1), "post", CueClass.NEUTRAL)
        out.append(_Found(span[0], span[1], QuoteKind.DIRECT, cue, name.root, None))
    return out


# ---- helpers ----------------------------------------------------------------------------


def _subject_of(verb: Token, params: AttributionParams) -> Token | None:
    """The source of a cue verb: its subject, the agent of a passive cue, or a governing verb's subject."""
    quoted = _quoted_as_saying(verb)
    if quoted is not None:
        return quoted
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return _agent_of(verb)  # "he was asked by a reporter": the subject is the addressee
    tok = verb
    for _ in range(params.subject_climb_steps):
        subjects = [c for c in tok.children if c.dep_ in _SUBJECTS]
        before = [c for c in subjects if c.i < tok.i]
        # the subject nearest the verb: "MAIDUGURI, Nigeria — The leader ... has denied"; after it, a name
        # among the words a split token left as subjects too ("said Unity co-founder Ada Brand": not "co")
        after = [c for c in subjects if c.pos_ == "PROPN"] or subjects
        subj = before[-1] if before else after[0] if after else None
        if subj is not None:
            return _last_piece(_same_line_subject(subj, verb))  # the cue verb's own line, not a climbed head's
        agent = _agent_of(tok)
        if agent is not None:
            return agent
        if tok.dep_ == "relcl":
            return tok.head
        if tok is verb and tok.dep_ == "advcl" and _reported_clause(tok.head, verb):
            # "X disputed that Democrats feel betrayed, saying ...": the participle after the reported clause
            # is the reporter's, though the parse hung it inside that clause
            tok = tok.head.head
            continue
        if tok.dep_ == "conj" and _is_reporting_word(tok):
            reporting = _reporting_above_subordinate(tok.head)
            if reporting is not None:  # "X implied that ... because the board needs ..., and insinuated that"
                tok = reporting
                continue
        if tok.dep_ in _CLIMB and tok.head.i != tok.i:
            if (
                tok.dep_ == "acl"
                and tok.head.lemma_.lower() not in _UTTERANCE_NOUNS
                and tok.head.pos_ in ("NOUN", "PROPN")
            ):
                return tok.head  # "a story claiming ...", "an illustration that claims ...": the noun speaks
            if tok.dep_ == "acl" and tok.head.dep_ == "dobj":  # "released a statement saying": the releaser
                if _thing_subject(tok.head.head):
                    return tok.head  # "the incident sparked a petition calling on ...": the petition, not the incident
                tok = tok.head.head
                continue
            tok = tok.head
            continue
        break
    return _inverted_subject(verb, params)


def _thing_subject(verb: Token) -> bool:
    """Is the subject of ``verb`` a common noun for a thing or an event, which cannot be a source ("That incident
    sparked a petition", "the ruling prompted a letter"), rather than a person, a body, a group or a name?"""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.pos_ != "NOUN":
        return False
    lemma = subject.lemma_.lower()
    return not (cues.is_person_noun(lemma) or lemma in cues.GROUP_NOUNS or lemma in cues.ORGANIZATION_NOUNS)


def _reported_clause(clause: Token, participle: Token) -> bool:
    """Is ``clause`` the reported content of a reporting verb before it, with ``participle`` (a reporting
    word after a comma) hung at its end?"""
    reporter = clause.head
    if clause.dep_ != "ccomp" or reporter.i >= clause.i or not _is_reporting_word(reporter):
        return False
    doc = participle.doc
    if not (participle.i > clause.i and doc[participle.i - 1].text == ","):
        return False
    return not any("\n" in t.text for t in doc[reporter.i : participle.i])  # a headline's verb reports no body


def _last_piece(tok: Token) -> Token:
    """The last piece of a word the tokenizer split at its hyphens ("E-mails" -> "mails"): its head."""
    doc = tok.doc
    i = tok.i
    while i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
        i += 2
    return doc[i] if doc[i].is_alpha else tok


def _reporting_above_subordinate(head: Token) -> Token | None:
    """The reporting verb a coordinated reporting verb belongs with when the parse joined it to a verb
    inside a subordinate clause ("because the board needs ..., and insinuated that"): a reporting verb
    is not coordinated across a subordinator, so the nearest reporting verb above that clause."""
    tok = head
    while tok.head.i != tok.i and not any(c.dep_ == "mark" for c in tok.children):
        if tok.dep_ not in ("conj", "advcl", "ccomp", "xcomp"):
            return None
        tok = tok.head
    if not any(c.dep_ == "mark" for c in tok.children):
        return None
    for above in tok.ancestors:
        if above.pos_ in ("VERB", "AUX") and _is_reporting_word(above):
            return above
    return None


def _same_line_subject(subject: Token, verb: Token) -> Token:
    """A subject the parse found across a line break belongs to the text before it: take the noun
    phrase that opens the verb's own line instead ("Screen Shot ...\n\nHis mother told ...")."""
    if not (subject.i < verb.i and any("\n" in t.text for t in verb.doc[subject.i : verb.i])):
        return subject
    i = max(t.i for t in verb.doc[subject.i : verb.i] if "\n" in t.text) + 1
    return _noun_phrase_head(verb.doc, i, verb.i) or subject


def _noun_phrase_head(doc: Doc, i: int, limit: int) -> Token | None:
    """The head of the noun phrase starting at token ``i`` (climbing compounds and possessors)."""
    if i >= limit:
        return None
    tok = doc[i]
    while tok.dep_ in ("compound", "det", "amod", "poss", "case", "nummod") and limit > tok.head.i > tok.i:
        tok = tok.head
    return tok if tok.pos_ in ("NOUN", "PROPN", "PRON") else None


def _left_subject(verb: Token, params: AttributionParams) -> Token | None:
    """ ", an individual with knowledge of the project told TheWrap": the noun phrase ending right before
    the verb and opening after a comma or a line start, when the parse attached it elsewhere."""
    if verb.i == 0:
        return None
    doc = verb.doc
    end = verb.i - 2 if doc[verb.i - 1].text == "," and verb.i > 1 else verb.i - 1  # an aside's closing comma
    end = _before_prepositional_aside(doc, end, params)
    tok = doc[end]
    best = None
    for _ in range(params.left_subject_climb_steps):
        if tok.pos_ in ("NOUN", "PROPN") and tok.right_edge.i == end:
            lead = doc[tok.left_edge.i - 1].text if tok.left_edge.i > 0 else "\n"
            if lead == "," or "\n" in lead or (end < verb.i - 1 and lead[-1:] in MARKS):
                best = tok
        if not (tok.head.i < verb.i and tok.head.i != tok.i and tok.head.right_edge.i == end):
            break
        tok = tok.head
    return best if best is not None else _noun_after_quote(verb, params)


def _before_prepositional_aside(doc: Doc, end: int, params: AttributionParams) -> int:
    """The token before a prepositional aside that ends at ``end`` and is set off by commas ("X, in a written
    statement, said": X), so that the noun phrase before the aside is read as the cue's subject; else ``end``.
    The aside holds no verb and no line break, and is at most ``noun_after_quote_reach`` tokens long."""
    if end + 1 >= len(doc) or doc[end + 1].text != ",":
        return end
    for k in range(end, max(0, end - params.noun_after_quote_reach), -1):
        tok = doc[k]
        if "\n" in tok.text or (tok.pos_ in ("VERB", "AUX") and tok.dep_ != "amod"):
            return end  # a clause, not an aside ("X, who left, said" is read elsewhere); "a written statement" is
        if tok.text == ",":
            opening = doc[k + 1]
            return k - 1 if k > 0 and k < end and opening.dep_ == "prep" and opening.pos_ == "ADP" else end
    return end


def _closes_aside(tok: Token, verb: Token) -> bool:
    """Does ``tok`` end a relative clause or an appositive that lies before ``verb`` (the comma after it
    closes an aside, not a quotation)?"""
    while tok.head.i != tok.i and tok.head.i < verb.i:
        if tok.dep_ in ("relcl", "appos"):
            return True
        tok = tok.head
    return tok.dep_ in ("relcl", "appos")


def _noun_after_quote(verb: Token, params: AttributionParams) -> Token | None:
    """ "...,” Park, who defected in 2008, said": the first noun phrase after the closing mark."""
    doc = verb.doc
    for i in range(verb.i - 1, max(-1, verb.i - params.noun_after_quote_reach), -1):
        text = doc[i].text
        if text in _SENT_END or "\n" in text:
            return None
        if text and text[-1] in MARKS:
            j = i + 1
            while j < verb.i and (doc[j].is_punct or doc[j].is_space):
                j += 1
            return _noun_phrase_head(doc, j, verb.i)
    return None


def _inverted_subject(verb: Token, params: AttributionParams) -> Token | None:
    """ "...," said Madden — the name right after the verb, when the parse gave the verb no subject."""
    doc = verb.doc
    i = verb.i + 1
    before = doc[verb.i - 1].text if verb.i > 0 else ""
    if not before.strip() or before in _SENT_END:  # "Added another: “...”": the verb opens its sentence
        after = _noun_phrase_head(doc, i, verb.sent.end)
        if after is not None:
            return after
    if not before or (before[-1] not in MARKS and before != ","):
        return _left_subject(verb, params)  # inversion only right after a closing mark or a comma
    if before == "," and verb.i > 1 and _closes_aside(doc[verb.i - 2], verb):
        return _left_subject(verb, params)  # "X, who caucuses with Y, told reporters": the comma ends an aside
    if i >= len(doc) or doc[i].pos_ not in ("PROPN", "NOUN", "DET", "PRON"):
        return _left_subject(verb, params)  # "...,” Park, who defected in 2008, said."
    while i < len(doc) and doc[i].dep_ in ("compound", "det", "amod") and doc[i].head.i > i:
        i = doc[i].head.i
    tok = doc[i]
    return tok if tok.pos_ in ("PROPN", "NOUN") or tok.lower_ in ("he", "she", "they") else _left_subject(verb, params)


def _quoted_as_saying(verb: Token) -> Token | None:
    """The object of "X quoted Y as saying": Y is the source."""
    quote = verb
    if verb.lower_ == "saying" and verb.head.lower_ == "as":
        quote = verb.head.head
    if quote.lemma_.lower() != "quote" or not any(c.dep_ == "prep" and c.lower_ == "as" for c in quote.children):
        return None
    return next((c for c in quote.children if c.dep_ == "dobj"), None)


def _agent_of(verb: Token) -> Token | None:
    """The source of a passive cue: "by X", or a named publication "in X" ("it was reported in The Age")."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is None:
        if not any(c.dep_ == "auxpass" for c in verb.children):
            return None
        venue = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "in"), None)
        obj = next((c for c in venue.children if c.dep_ == "pobj"), None) if venue is not None else None
        return obj if obj is not None and (obj.ent_type_ in ("ORG", "WORK_OF_ART") or titled(obj)) else None
    return next((c for c in agent.children if c.dep_ == "pobj"), None)


def _cue(art: _Article, tok: Token, cue_class: CueClass, *, with_aux: bool = False) -> Cue:
    start, end = tok.idx, tok.idx + len(tok)
    if with_aux:
        aux = [c for c in tok.children if c.dep_ in ("auxpass", "aux") and c.i < tok.i]
        if aux:
            start = min(start, aux[0].idx)
    return Cue(art.text[start:end], start, end, tok.lemma_.lower(), cue_class)


def _clause_span(art: _Article, head: Token, *, exclude: Token) -> tuple[int, int] | None:
    lo, hi = head.left_edge.i, head.right_edge.i
    if lo <= exclude.i <= hi:  # a bad parse put the cue inside its own content: keep the content's side
        if head.i > exclude.i:
            lo = exclude.i + 1
        else:
            hi = exclude.i - 1
    doc = art.doc
    while lo <= hi and (
        (doc[lo].dep_ == "mark" and doc[lo].lower_ in ("that",)) or doc[lo].is_space or doc[lo].text in ",:—–-"
    ):
        lo += 1
    if hi < lo:
        return None
    return _trim(art, doc[lo].idx, doc[hi].idx + len(doc[hi]))


def _trim(art: _Article, start: int, end: int) -> tuple[int, int] | None:
    text = art.text
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    while start < end and text[start] in " \t\n,;:":
        start += 1
    if end - start < art.params.min_content_chars:
        return None
    return start, end


def _within_paragraph(art: _Article, span: tuple[int, int], anchor: int) -> tuple[int, int]:
    """Clip a content span to the paragraph of its cue (a parse may run over a line break)."""
    para = art.paragraph_of(anchor)
    p_start = art.paragraph_starts[para]
    p_end = art.paragraph_starts[para + 1] - 1 if para + 1 < len(art.paragraph_starts) else len(art.text)
    start, end = max(span[0], p_start), min(span[1], p_end)
    if end <= start:
        return span
    return _trim(art, start, end) or (start, end)


def _has_quote(art: _Article, start: int, end: int) -> bool:
    return any(q.parent is None and start <= q.open_mark < end for q in art.quotes)


def _classified(art: _Article, span: tuple[int, int], cue: Cue, speaker: Token | None, cue_tok: Token) -> _Found:
    start, end = _within_paragraph(art, span, cue_tok.idx)
    within = art.top_quote[cue_tok.i] if cue_tok.i < len(art.top_quote) else -1
    if within >= 0:  # a report inside a quotation: its content stays inside that quotation
        host = art.quotes[within]
        start, end = max(start, host.start), min(end, host.end)
        if end <= start:
            start, end = span
    parent = within if within >= 0 else None
    inside = [
        k
        for k, q in enumerate(art.quotes)
        if q.parent == parent and q.open_mark < end and art.quote_outer_end(q) > start
    ]
    # a quotation that fills the clause is a direct quote with this cue
    for k in inside:
        q = art.quotes[k]
        if (
            q.open_mark <= start + 1
            and art.quote_outer_end(q) >= end - 2
            and q.end - q.start >= (end - start) * art.params.direct_fill_share
        ):
            return _Found(q.start, q.end, QuoteKind.DIRECT, cue, speaker, cue_tok, quote_index=k)
        if q.start <= start and end <= q.end:
            return _Found(q.start, q.end, QuoteKind.DIRECT, cue, speaker, cue_tok, quote_index=k)
    if inside:
        # a quotation running past the clause end belongs to it (the parse cut it short)
        for k in inside:
            q = art.quotes[k]
            outer = art.quote_outer_end(q)
            if outer > end and art.paragraph_of(outer) == art.paragraph_of(start):
                end = outer
        fragments = [(art.quotes[k].start, art.quotes[k].end) for k in inside]
        return _Found(start, end, QuoteKind.MIXED, cue, speaker, cue_tok, fragments=fragments)
    return _Found(start, end, QuoteKind.INDIRECT, cue, speaker, cue_tok)


# ---- assembly ---------------------------------------------------------------------------------


def _build(art: _Article, found: list[_Found], published: str | None) -> tuple[list[Quote], list[Entity]]:
    params = art.params
    index = SpeakerIndex(art.doc, art.in_quote, params)
    index.seed_salience()
    # what a source said is rarely what a later pronoun means; the clause of "according to X" or
    # "reportedly" is the narrator's own account, though, and its subject stays salient
    index.set_contents([(f.start, f.end) for f in found if f.unspecified is None and not _is_according_to(f)])
    for f in found:  # a speaker inside quotation marks, or a Title Case line's misparse, is re-read first
        if f.speaker_head is not None:
            bounds = index.np_bounds(f.speaker_head)
            f.speaker_head = checked_speaker(
                f.speaker_head, f.cue_token, (f.start, f.end), art.in_quote, bounds, params.title_min_word_chars
            )
    index.read_discourse(f.speaker_head for f in found if f.speaker_head is not None)
    # drop exact duplicates (two cues for one clause): keep the first
    seen: set[tuple[int, int]] = set()
    unique: list[_Found] = []
    for f in found:
        if (f.start, f.end) in seen:
            continue
        seen.add((f.start, f.end))
        unique.append(f)
    entity_ids: dict[int, str] = {}
    quotes: list[Quote] = []
    last_in_paragraph: dict[int, int] = {}  # paragraph -> index in quotes of the last quote with a speaker
    chain_speaker: dict[int, int] = {}
    group_of_quote: dict[int, str] = {}
    groups = 0
    sentence_starts = [s.start for s in sentences_of(art.doc)]
    for n, f in enumerate(unique):
        qid = f"q{n + 1}"
        paragraph = art.paragraph_of(f.start)
        q_span = art.quotes[f.quote_index] if f.quote_index is not None else None
        speaker: Speaker | None = None
        group: str | None = None
        host = _host_speaker(art, f, quotes)
        if host is not None:
            speaker = host
        elif f.speaker_head is not None:
            speaker = index.speaker(index.resolve(f.speaker_head), entity_ids)
        elif f.unspecified is not None:
            # "it was reported", "reportedly": an unnamed report is evidence, not a holder (a document);
            # "it is believed", "allegedly": unnamed people, an anonymous group
            kind = SpeakerType.DOCUMENT if f.unspecified == _UNSPECIFIED_REPORTS else SpeakerType.GROUP
            speaker = Speaker(None, f.unspecified, kind, anonymous=True, confidence=params.confidence_unspecified)
        elif f.cue is None:
            prev = None
            if q_span is not None and q_span.chain is not None and q_span.chain in chain_speaker:
                prev = chain_speaker[q_span.chain]
            elif paragraph in last_in_paragraph:
                prev = last_in_paragraph[paragraph]
            elif art.text[art.paragraph_starts[paragraph] : f.start].strip() in MARKS and (
                document := _document_lead_in(art, paragraph)
            ):
                # a document reproduced under a line that presents it ("Here is the letter in full:") speaks
                speaker = index.speaker(index.reproduced_document(document), entity_ids)
            elif art.text[art.paragraph_starts[paragraph] : f.start].strip() in MARKS:
                # a quotation opening its paragraph continues the speaker quoted just before it
                # (line indices: blank lines count, so look a few lines back)
                lookback = range(paragraph - 1, paragraph - 1 - params.continuation_lookback_lines, -1)
                before = [p for p in lookback if p in last_in_paragraph]
                prev = last_in_paragraph[before[0]] if before else None
            previous = quotes[prev].speaker if prev is not None else None
            if prev is not None and previous is not None:
                speaker = _taken_over(previous, "previous-quote", params.confidence_previous_quote)
                if quotes[prev].kind is QuoteKind.DIRECT and f.kind is QuoteKind.DIRECT:
                    if prev not in group_of_quote:
                        groups += 1
                        group_of_quote[prev] = f"g{groups}"
                    group = group_of_quote[prev]
        context = (
            context_of(f.cue_token, (f.start, f.end), published)
            if f.cue_token is not None and f.cue is not None and f.cue.lemma != ":"
            else None
        )
        if speaker is not None and speaker.name and (context is None or context.when is None or context.where is None):
            context = _scene_context(art, f, speaker.name, context, published)
        nested_in = None
        sentence = bisect.bisect_right(sentence_starts, f.start) - 1
        quote = Quote(
            id=qid,
            kind=f.kind,
            content=art.text[f.start : f.end],
            start=f.start,
            end=f.end,
            cue=f.cue,
            speaker=speaker,
            fragments=tuple(Mention(art.text[a:b], a, b) for a, b in f.fragments),
            addressee=context.addressee if context else None,
            when=context.when if context else None,
            when_date=context.when_date if context else None,
            where=context.where if context else None,
            group=group,
            nested_in=nested_in,
            sentence=max(sentence, 0),
        )
        quotes.append(quote)
        nested = f.cue_token is not None and art.top_quote[f.cue_token.i] >= 0
        if speaker is not None and not nested:  # a report inside a quotation does not take the floor
            last_in_paragraph[paragraph] = len(quotes) - 1
            if q_span is not None and q_span.chain is not None:
                chain_speaker.setdefault(q_span.chain, len(quotes) - 1)
    for idx, gid in group_of_quote.items():
        quotes[idx] = replace(quotes[idx], group=gid)
    quotes = _with_nesting(quotes)
    quotes = _share_chain_speakers(art, unique, quotes, group_of_quote)
    quotes = _credit_unnamed_reports(art, unique, quotes)
    quotes = _named_right_after(art, index, entity_ids, unique, quotes)
    quotes = _named_after_the_lead(art, index, entity_ids, quotes)
    return quotes, index.entities(entity_ids)


def _taken_over(speaker: Speaker, resolved_by: str, confidence: float) -> Speaker:
    """``speaker`` as another quotation takes it over: how and how surely, and no mention of its own."""
    return replace(speaker, resolved_by=resolved_by, confidence=confidence, mention=None, start=None, end=None)


def _document_lead_in(art: _Article, paragraph: int) -> Token | None:
    """The document a quotation opening ``paragraph`` reproduces: the noun for a document or record on the
    line above that presents it and ends in a colon, with no reporting word ("Here is the letter in full:",
    "The full statement:"), with only earlier quoted lines of it between. None when another line comes
    between, or the line reports someone ("In a letter, she wrote:" is hers)."""
    lookback = range(paragraph - 1, max(-1, paragraph - 1 - art.params.continuation_lookback_lines), -1)
    for p in lookback:
        start = art.paragraph_starts[p]
        line = art.text[start : _line_end(art, p)].rstrip()
        if not line.strip():
            continue
        if line.lstrip()[0] in MARKS:
            continue  # an earlier part of the reproduced text ("“To Parents")
        if not line.endswith(":"):
            return None
        tokens = art.doc[_token_at(art, start) : _token_at(art, start + len(line) - 1) + 1]
        if any(_is_reporting_word(t) for t in tokens if art.top_quote[t.i] < 0):
            return None
        nouns = [
            t for t in tokens if t.pos_ == "NOUN" and t.lemma_.lower() in cues.THING_NOUNS and art.top_quote[t.i] < 0
        ]
        return nouns[-1] if nouns else None
    return None


#: Cues that name where a report comes from ("according to Gulf News", "..., reported the Independent").
_REPORT_CUES = frozenset({"according to", "report"})
_LINE_BREAKS = re.compile(r"\n\s*")


def _credit_unnamed_reports(art: _Article, found: list[_Found], quotes: list[Quote]) -> list[Quote]:
    """An unnamed report ("X has reportedly issued a fatwa", "an official is said to have denied ...") whose
    source the article names next to it: the source the next quotation reports it from (``_reported_next``),
    else the source the quotation just before reports with the same verb (``_same_cue_just_before``)."""
    out = list(quotes)
    for n, f in enumerate(found):
        if f.unspecified is None or f.speaker_head is not None or quotes[n].speaker is None:
            continue
        credited = _reported_next(art, found, quotes, n) or _same_cue_just_before(art, found, quotes, n)
        if credited is not None:
            out[n] = replace(out[n], speaker=credited)
    return out


def _reported_next(art: _Article, found: list[_Found], quotes: list[Quote], n: int) -> Speaker | None:
    """ "A scholar has reportedly issued a fatwa. ... people must not build snowmen, according to Gulf News":
    the next quotation not inside the unnamed report, after it in the same or the next paragraph, credits a
    named source with "according to" or "reported"."""
    f = found[n]
    nxt = next((m for m in range(n + 1, len(found)) if not (f.start <= found[m].start and found[m].end <= f.end)), None)
    if nxt is None or found[nxt].start < f.end:
        return None  # a quotation around it or across it has its own source ("The BBC reported that X is believed")
    if len(_LINE_BREAKS.findall(art.text, f.end, found[nxt].start)) > 1:
        return None
    later = quotes[nxt]
    if later.cue is None or later.cue.lemma not in _REPORT_CUES or later.speaker is None:
        return None
    if later.speaker.name is None or later.speaker.anonymous:
        return None
    return _taken_over(later.speaker, "later-report", art.params.confidence_credited_report)


def _same_cue_just_before(art: _Article, found: list[_Found], quotes: list[Quote], n: int) -> Speaker | None:
    """ "Munster expects an ASP of $450. ... The steel model is expected to start at $499": an agentless
    passive of the very verb a named source was just reported with (the quotation before it, in the same
    or the previous paragraph) goes on with that source's account. Not "is said to", the hedge of unnamed
    sources."""
    cue = quotes[n].cue
    prev = next((m for m in range(n - 1, -1, -1) if found[m].end <= found[n].start), None)
    if cue is None or prev is None or len(_LINE_BREAKS.findall(art.text, found[prev].end, found[n].start)) > 1:
        return None
    before = quotes[prev]
    # "is said to" is the hedge of unnamed sources, not the next step of whoever said something last
    if before.cue is None or before.cue.lemma != cue.lemma or cue.lemma == "say" or before.speaker is None:
        return None
    if before.speaker.anonymous or before.speaker.name is None or before.speaker.type is SpeakerType.DOCUMENT:
        return None
    return _taken_over(before.speaker, "same-cue", art.params.confidence_credited_report)


def _named_right_after(
    art: _Article, index: SpeakerIndex, entity_ids: dict[int, str], found: list[_Found], quotes: list[Quote]
) -> list[Quote]:
    """An unnamed person of a body ("a WHO spokesperson said they were investigating") whose words the
    next quotation, in the same or the next paragraph, gives to a named person of the same body ("“We have
    no notification,” Christy Feig, WHO's director of communications, told the website"): the article
    names that person there; so does their signed post right after. Only an indefinite description ("a",
    "an"): "another official" is someone else."""
    by_entity = {eid: index.sources[key] for key, eid in entity_ids.items()}
    out = list(quotes)
    for n, q in enumerate(quotes):
        unnamed = q.speaker
        if (
            unnamed is None
            or not unnamed.anonymous
            or unnamed.type is not SpeakerType.PERSON
            or unnamed.resolved_by != "mention"
            or not unnamed.mention
            or unnamed.mention.split()[0].lower() not in ("a", "an")
            or unnamed.entity_id not in by_entity
        ):
            continue
        nxt = next((m for m in range(n + 1, len(found)) if found[m].start >= found[n].end), None)
        if nxt is None or len(_LINE_BREAKS.findall(art.text, found[n].end, found[nxt].start)) > 1:
            continue
        named = quotes[nxt].speaker
        if named is None or named.anonymous or named.type is not SpeakerType.PERSON or named.entity_id not in by_entity:
            continue
        # an embedded post right after the unnamed person's words is theirs, signed ("A reporter on the scene
        # said the clinic is sealed off." then the reporter's post "... have sealed off the clinic — Name (@name)")
        next_cue = quotes[nxt].cue
        posted = next_cue is not None and next_cue.lemma == "post"
        their_body = by_entity[named.entity_id].organization
        if posted or _same_body(by_entity[unnamed.entity_id].organization, unnamed.mention, their_body):
            credited = replace(
                named,
                mention=unnamed.mention,
                start=unnamed.start,
                end=unnamed.end,
                resolved_by="named-after",
                confidence=art.params.confidence_role_noun,
            )
            out[n] = replace(q, speaker=credited)
    return out


def _named_after_the_lead(
    art: _Article, index: SpeakerIndex, entity_ids: dict[int, str], quotes: list[Quote]
) -> list[Quote]:
    """Delayed identification: a news lead describes a person ("The leader of Boko Haram has denied ...") and
    the next paragraph names them as its first subject ("In a new video, Abubakar Shekau dashed hopes ...").
    The unnamed person of the lead's first sentence is the person so introduced, when the article has not
    named that person before."""
    lead = _lead_paragraph(art)
    if lead is None:
        return quotes
    # the lead's first sentence
    lead_start = art.paragraph_starts[lead]
    lead_end = next((s.end_char for s in art.sents if s.end_char > lead_start), _line_end(art, lead))
    nxt = next(
        (
            p
            for p in range(lead + 1, len(art.paragraph_starts))
            if art.text[art.paragraph_starts[p] : _line_end(art, p)].strip()
        ),
        None,
    )
    if nxt is None:
        return quotes
    first_sentence = next((s for s in art.sents if s.end_char > art.paragraph_starts[nxt]), None)
    if first_sentence is None:
        return quotes
    subject = next((c for c in first_sentence.root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.ent_type_ != "PERSON" or art.in_quote[subject.i] >= 0:
        return quotes
    name = next((e for e in index.ents if e.start <= subject.i < e.end), None)
    if name is None or len(name_words(name.text)) < 2:
        return quotes
    surname = name.text.split()[-1]
    if re.search(rf"(?<!\w){re.escape(surname)}(?!\w)", art.text[: art.paragraph_starts[nxt]]):
        return quotes  # named before: the lead's description may be someone else
    out = list(quotes)
    described: str | None = None
    for n, q in enumerate(quotes):
        sp = q.speaker
        in_lead = sp is not None and sp.start is not None and lead_start <= sp.start < lead_end
        if (
            sp is not None
            and in_lead
            and sp.anonymous
            and sp.type is SpeakerType.PERSON
            and sp.resolved_by == "mention"
        ):
            described = described or sp.entity_id
        if sp is None or described is None or sp.entity_id != described:
            continue
        src = index.source_for_name(name.text, SpeakerType.PERSON)
        res = Resolution(
            src, sp.start or 0, sp.end or 0, sp.mention or "", "delayed-name", art.params.confidence_role_noun
        )
        named = index.speaker(res, entity_ids)
        out[n] = replace(q, speaker=named if sp.mention else replace(named, mention=None, start=None, end=None))
    return out


def _lead_paragraph(art: _Article) -> int | None:
    """The article's lead: its first paragraph of prose (title lines, which end in no full stop, before it)."""
    for p in range(len(art.paragraph_starts)):
        line = art.text[art.paragraph_starts[p] : _line_end(art, p)].strip()
        if line and line.endswith((".", "”", '"', "’")):
            return p
    return None


def _same_body(body: str | None, description: str, their_body: str | None) -> bool:
    """Does a named person's body match an unnamed person's: the body read off the description, or its name
    written inside it ("a WHO spokesperson")?"""
    if their_body is None:
        return False
    if re.search(rf"(?<!\w){re.escape(their_body)}(?!\w)", description) is not None:
        return True
    theirs = name_words(their_body)
    return body is not None and (same_source_name(name_words(body), theirs) or is_acronym_of(name_words(body), theirs))


def _is_according_to(f: _Found) -> bool:
    return f.cue is not None and f.cue.lemma == "according to"


def _scene_context(art: _Article, f: _Found, name: str, context: Context | None, published: str | None) -> Context:
    """Time and occasion set for the speaker just before the statement carry over to it.

    "In February, Gen. Nicholson also discussed ... / “...,” Nicholson told Sen. Shaheen": the
    nearest of the two sentences before the quote whose main subject is the same speaker lends
    its time and occasion to what the quote leaves unsaid.
    """
    base = context or Context()
    words = name_words(name)
    k = bisect.bisect_right(art.sent_ends, f.start)
    for sent in reversed(art.sents[max(0, k - art.params.scene_sentences) : k]):
        root = sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None or art.top_quote[subject.i] >= 0:
            continue
        subject_words = name_words(art.text[subject.left_edge.idx : subject.idx + len(subject)])
        if not compatible(subject_words, words):
            continue
        scene = context_of(root, (sent.start_char, sent.start_char), published)
        return Context(
            base.addressee,
            base.when or scene.when,
            base.when_date if base.when else scene.when_date,
            base.where or scene.where,
        )
    return base


def _host_speaker(art: _Article, f: _Found, built: list[Quote]) -> Speaker | None:
    """ "We thought it was a bomb" inside a quotation: "we" is the quoted speaker (and company)."""
    head = f.speaker_head
    if head is None or head.lower_ not in ("we", "us") or art.top_quote[head.i] < 0:
        return None
    host = next((q for q in reversed(built) if q.start <= f.start and f.end <= q.end and q.speaker), None)
    if host is None or host.speaker is None:
        return None
    return replace(
        host.speaker, mention=head.text, start=head.idx, end=head.idx + len(head), resolved_by="quote-speaker"
    )


def _with_nesting(quotes: list[Quote]) -> list[Quote]:
    """``nested_in``: the smallest other quote whose content holds this one (a report inside a report)."""
    out = []
    for q in quotes:
        hosts = [
            h
            for h in quotes
            if h.id != q.id and h.start <= q.start and q.end <= h.end and (h.start, h.end) != (q.start, q.end)
        ]
        host = min(hosts, key=lambda h: h.end - h.start) if hosts else None
        out.append(replace(q, nested_in=host.id) if host is not None else q)
    return out


def _share_chain_speakers(
    art: _Article, found: list[_Found], quotes: list[Quote], groups: dict[int, str]
) -> list[Quote]:
    """Parts of a multi-paragraph quotation take the speaker its cued part names, and share a group."""
    by_chain: dict[int, list[int]] = {}
    for n, f in enumerate(found):
        if f.quote_index is not None:
            chain = art.quotes[f.quote_index].chain
            if chain is not None:
                by_chain.setdefault(chain, []).append(n)
    out = list(quotes)
    for chain, members in by_chain.items():
        if len(members) < 2:
            continue
        named = next(
            (
                quotes[m].speaker
                for m in reversed(members)
                if quotes[m].speaker is not None and quotes[m].cue is not None
            ),
            None,
        )
        gid = f"c{chain}"
        for m in members:
            q = out[m]
            speaker = (
                q.speaker
                if q.cue is not None or named is None
                else _taken_over(named, "previous-quote", art.params.confidence_previous_quote)
            )
            out[m] = replace(q, speaker=speaker, group=q.group or gid)
    return out
