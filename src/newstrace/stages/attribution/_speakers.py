"""Speakers: expand the words that name a source, and resolve them to one entity per real source.

A speaker mention is the noun phrase of the cue's subject (or of "according to X"), grown over
titles, compounds and appositives ("Gen. Joseph Votel, the leader of US Central Command") but
not over relative clauses or asides ("X, who replaced Y,"). It is resolved, in this order:

- a name is matched to the fullest compatible name the article gives (``short-form``:
  "Nicholson" -> "John Nicholson", using ``stages.entities.compatible``);
- a personal pronoun goes to the most salient earlier source of a fitting kind (``pronoun``):
  the nearest earlier sentence's speaker or subject that is a person of a gender the article does
  not contradict (he/she), or a body/group (they/it); never a thing for he/she, never a name in
  the pronoun's own clause ("Of Obama, he said"), and never beyond the article;
- a relative pronoun goes to the noun its clause modifies (``relative``), without a clause the parse
  read as that noun's modifier ("The deal angered farmers, who ...": farmers);
- a people's name narrowed by names or adjectives ("House Republicans", "liberal Democrats", "Democrats
  in Congress") is a group of its own, never merged with the wider one ("Republicans"); so is a plural group
  a short relative clause narrows, with no comma between ("Democrats who voted for the bill", "groups that
  oppose the plan"), named with its clause;
- a noun for an act, plan or reason ("the effort", "no reason") names no source, unless its "by" phrase
  does ("the decision by the delegates");
- a definite role noun ("the general", "the spokesman") goes to the nearest earlier source whose
  title or appositive holds that noun (``role-noun``);
- anything else unnamed is an anonymous description ("another Afghan official", "sources").

Salience is read in reading order (``read_discourse``): every named source, every speaker and
every subject outside quotations (pronouns resolved as they come, descriptions and names the
NER missed), so a pronoun finds the nearest plausible speaker in the discourse. A person's gender
comes only from the article: a title or gendered noun beside the name ("Ms. Cordova", "his wife,
Huma Abedin", "spokeswoman Lis Smith") or a reflexive or possessive bound to them in one clause.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newstrace.model import Entity, Mention, Speaker, SpeakerType
from newstrace.stages.attribution._cues import (
    GROUP_NOUNS,
    ORGANIZATION_NOUNS,
    PERSON_NOUNS,
    QUANTITY_NOUNS,
    THING_NOUNS,
    is_person_noun,
)
from newstrace.stages.attribution._cues import VERBS as CUE_VERBS
from newstrace.stages.attribution._headlines import confirmed_name, is_title_line, title_line_name_end
from newstrace.stages.attribution._params import AttributionParams
from newstrace.text import lexicons, names
from newstrace.text.names import compatible, name_words
from newstrace.text.parse import doc_text

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
THING_PRONOUNS = frozenset({"it"})
FIRST_SECOND = frozenset({"i", "me", "we", "us", "you"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
#: Relative pronouns that open a clause narrowing a group ("Democrats who ...", "groups that ...").
_NARROWING_PRONOUNS = frozenset({"who", "that"})
_NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ORG_LABELS = frozenset({"ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})
_LEXICONS = "stages/attribution/lexicons/"
_PRUNE = frozenset({"relcl", "advcl", "parataxis", "ccomp", "punct", "cc", "conj", "acl"})
#: Nouns for acts, plans and reasons ("the effort", "the vote"): a speaker headed by one names no source.
_ABSTRACT_NOUNS = lexicons.words(_LEXICONS + "abstract_nouns.txt")
#: Adjectives that count or pick out a group's members ("many", "other"): no part of the group's name.
_QUANTITY_ADJECTIVES = lexicons.words(_LEXICONS + "quantity_adjectives.txt")
#: Abbreviated titles and the role nouns they stand for ("gen" -> "general"), from the shared title lexicon.
TITLES: dict[str, str] = {title: role for title, role in names.TITLES.items() if role}
#: Nouns for unnamed informants; a definite one ("the source", "our insider") refers back to the last one.
INFORMANT_NOUNS = lexicons.words(_LEXICONS + "informant_nouns.txt")
#: Indefinite pronouns that stand for an unnamed group ("others said").
_GROUP_PRONOUNS = lexicons.words(_LEXICONS + "group_pronouns.txt")
#: Indefinite pronouns that stand for an unnamed person ("someone shouted").
_PERSON_PRONOUNS = lexicons.words(_LEXICONS + "person_pronouns.txt")
#: Pronouns that name no one ("Nobody is saying ...", "Anyone who says ..."): no source at all.
_NO_SOURCE = lexicons.words(_LEXICONS + "no_source_pronouns.txt")
#: Determiners of a definite role noun ("the general", "our source"), which refers back to a source.
_DEFINITE = lexicons.words(_LEXICONS + "definite_determiners.txt")
#: Prepositions tying a person to the body they speak for ("a spokesman for AutoNation").
_ORGANIZATION_PREPOSITIONS = lexicons.words(_LEXICONS + "organization_prepositions.txt")
#: Titles and nouns that tell a person's gender ("ms" -> f, "spokesman" -> m).
_GENDERED = lexicons.table(_LEXICONS + "gendered_words.txt")
#: Titles that stand inside a name span and still tell the gender ("Mr. Weiner" read as one name).
_GENDERED_TITLES = frozenset({"mr", "mrs", "ms", "miss"})
_PRONOUN_GENDER = {
    "he": "m",
    "him": "m",
    "his": "m",
    "himself": "m",
    "she": "f",
    "her": "f",
    "hers": "f",
    "herself": "f",
}
_REFLEXIVES = frozenset({"himself", "herself"})
#: Head words of names that name a document or a law ("the Harbour Tolls Act").
_DOCUMENT_NAME_HEADS = lexicons.words(_LEXICONS + "document_name_heads.txt")
#: Prepositions that name the medium of a statement ("on Twitter", "via Telegram"): a one-word name used only
#: so is a service, not a person.
_MEDIUM_PREPOSITIONS = frozenset({"on", "via"})
#: Common given names that tell a person's gender ("ruth" -> f), the weakest evidence of it.
_GIVEN_NAMES = lexicons.table(_LEXICONS + "given_names.txt")
_GIVEN_NAME_WEIGHT = 2
#: A possessive pronoun and the personal pronoun whose antecedent it shares ("his letter": he).
_POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}
#: Verbs whose subject authors their object ("released a new ad").
_AUTHORING_VERBS = lexicons.words(_LEXICONS + "authoring_verbs.txt")
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: Dependency labels that open a clause of its own: a name below one is outside a pronoun's clause.
_CLAUSES = frozenset({"advcl", "ccomp", "xcomp", "relcl", "acl", "csubj", "conj", "parataxis", "pcomp"})
#: Salience ranks of a mention: a speaker, the main clause's subject, another subject, a subject's possessor.
_SPEAKER, _MAIN_SUBJECT, _SUBJECT, _POSSESSOR, _OTHER = 4, 3, 2, 1, 0


@dataclass
class Source:
    """One real source in the article, built up as its mentions are met."""

    key: int
    name: str
    type: SpeakerType
    anonymous: bool
    words: tuple[str, ...]
    roles: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    organization: str | None = None
    role_text: str | None = None
    gender_votes: dict[str, int] = field(default_factory=dict)
    place: bool = False  # named only as a place (GPE, LOC, FAC): "they" does not mean it

    @property
    def gender(self) -> str | None:
        """``m`` or ``f`` when the evidence leans one way, else None. A title or gendered noun beside the
        name counts 3, a common given name 2 ("Ruth Ames"), a pronoun bound in one clause 1 (the parse
        binding it can be wrong)."""
        m, f = self.gender_votes.get("m", 0), self.gender_votes.get("f", 0)
        if self.type is SpeakerType.PERSON and not self.anonymous and len(self.words) >= 2:
            given = _GIVEN_NAMES.get(self.words[0])
            m += _GIVEN_NAME_WEIGHT if given == "m" else 0
            f += _GIVEN_NAME_WEIGHT if given == "f" else 0
        return "m" if m > f else "f" if f > m else None

    def vote_gender(self, gender: str | None, weight: int = 1) -> None:
        if gender:
            self.gender_votes[gender] = self.gender_votes.get(gender, 0) + weight


@dataclass
class Resolution:
    source: Source | None
    mention_start: int
    mention_end: int
    mention: str
    resolved_by: str
    confidence: float


class SpeakerIndex:
    """The sources of one article: names from the NER, resolved mentions, salience for pronouns."""

    def __init__(self, doc: Doc, in_quote: list[int], params: AttributionParams) -> None:
        self.doc = doc
        self.params = params
        self.in_quote = in_quote
        self.sources: list[Source] = []
        self._by_head: dict[str, list[Source]] = {}
        self._names: list[tuple[tuple[str, ...], str, str]] = []  # fullest names in the article
        self.text = doc_text(doc)
        self.ents = _entities(doc, params.title_min_word_chars)  # doc.ents walks every token each access: read once
        self._ent_of = [-1] * len(doc)
        for n, ent in enumerate(self.ents):
            for i in range(ent.start, ent.end):
                self._ent_of[i] = n
        for ent in self.ents:
            if ent.label_ in _NAMED_LABELS and self.in_quote[ent.start] < 0:
                # "the Ministry of Health and WHO" names two bodies, not one
                for part in self.name_parts(ent):
                    words = name_words(_strip_possessive(part))
                    if words:
                        self._names.append((words, _clean_name(part), ent.label_))
        sents = list(doc.sents)
        self._sent_starts = [s.start for s in sents]
        # a sentence counts for a pronoun's reach when some of it is the narrator's (not all quotation)
        self._narrative_before: list[int] = []  # narrative sentences before each sentence
        count = 0
        for sent in sents:
            self._narrative_before.append(count)
            count += any(in_quote[t.i] < 0 and not (t.is_punct or t.is_space) for t in sent)
        # salient mentions for pronouns: (token index, source, rank)
        self._salient: list[tuple[int, Source, int]] = []
        self._salient_keys: list[int] = []
        self._org_keys: set[int] = set()  # sources the NER labelled ORG
        self.in_content = [False] * len(doc)  # tokens inside reported content (less salient)
        self._resolved: dict[int, Resolution] = {}  # resolutions by head token, each made once
        self._documents: list[tuple[int, str, Source]] = []  # (token, noun lemma, author) in reading order
        self._groups: dict[str, Source] = {}  # named groups narrowed by a name ("Senate Democrats"), by name

    def name_parts(self, ent: Span) -> list[str]:
        """The names an entity holds: "the Ministry of Health and WHO" names two bodies, when the article
        writes one of them on its own elsewhere; "the Center on Budget and Policy Priorities" is one."""
        parts = [part for part in _AND.split(ent.text) if part.strip()]
        if len(parts) < 2:
            return [ent.text]
        outside = self.text[: ent.start_char] + "\n" + self.text[ent.end_char :]
        for part in parts:
            name = _clean_name(part)
            if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", outside):
                return parts
        return [ent.text]

    def set_contents(self, spans: list[tuple[int, int]]) -> None:
        """Mark tokens inside reported content: names there are rarely what a later pronoun means."""
        starts = [t.idx for t in self.doc]
        for start, end in spans:
            lo = bisect.bisect_left(starts, start)
            hi = bisect.bisect_left(starts, end)
            for i in range(lo, hi):
                self.in_content[i] = True

    # ---- sources -------------------------------------------------------------------------
    def fullest_name(self, words: tuple[str, ...], text: str) -> str:
        """The longest name in the article compatible with ``words`` (or spelled out by an acronym); a given
        name alone is the one person the article names in full with it ("Jony" -> "Jony Ive")."""
        best, best_len = text, len(words)
        for other, name, _ in self._names:
            if len(other) > best_len and (same_source_name(words, other) or is_acronym_of(words, other)):
                best, best_len = name, len(other)
        if best_len == 1 == len(words):
            given = {
                name
                for other, name, label in self._names
                if label == "PERSON" and len(other) >= 2 and other[0] == words[0]
            }
            surname = any(
                label == "PERSON" and len(other) >= 2 and _surname_key(other) == words[0]
                for other, _, label in self._names
            )
            if len(given) == 1 and not surname:
                best = next(iter(given))
        return best

    def source_for_name(self, text: str, stype: SpeakerType) -> Source:
        words = name_words(_strip_possessive(text))
        candidates = list(self._by_head.get(_surname_key(words), []))
        if len(words) == 1:
            candidates += [s for s in self.sources if not s.anonymous and is_acronym_of(words, s.words)]
        for src in candidates:
            if not src.anonymous and (same_source_name(words, src.words) or is_acronym_of(words, src.words)):
                if len(words) > len(src.words):
                    src.words, src.name = words, _clean_name(text)
                return src
        name = self.fullest_name(words, _clean_name(text))
        full = name_words(name) or words
        for src in self._by_head.get(_surname_key(full), []):
            if not src.anonymous and src.words == full:  # "Ann" -> "Ann Voss", met before
                return src
        src = Source(len(self.sources), name, stype, False, full)
        self.sources.append(src)
        if src.words:
            self._by_head.setdefault(_surname_key(src.words), []).append(src)
        return src

    def group_source(self, name: str) -> Source:
        """The source of a named group narrowed by a name before it ("Senate Democrats"): one source per
        exact name, never merged with the wider group ("Democrats") nor renamed by it."""
        key = name.lower()
        src = self._groups.get(key)
        if src is None:
            src = Source(len(self.sources), name, SpeakerType.GROUP, False, name_words(name))
            self.sources.append(src)
            self._groups[key] = src
        return src

    def _group_name(self, head: Token, named: Span) -> str | None:
        """The name of a group its modifiers narrow: a plural people's name ("Democrats", NORP) with the
        names and adjectives before it ("House Republicans", "liberal Democrats", not "many Democrats") or a
        place or body after "in" ("Democrats in Congress"). None when nothing narrows it."""
        if named.label_ != "NORP" or named.root.i != head.i or head.tag_ not in ("NNPS", "NNS"):
            return None
        lo = named.start
        while lo > 0:
            tok = self.doc[lo - 1]
            proper = tok.pos_ == "PROPN" and tok.text[:1].isupper()
            describing = tok.pos_ == "ADJ"
            if not (
                tok.head.i == head.i
                and tok.dep_ in ("compound", "nmod", "amod")
                and (proper or describing)
                and tok.lower_ not in _QUANTITY_ADJECTIVES
                and self.in_quote[tok.i] < 0
                and "\n" not in tok.text_with_ws
            ):
                break
            lo -= 1
        hi = named.end
        where = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "in" and c.i == named.end), None)
        place = next((c for c in where.children if c.dep_ == "pobj"), None) if where is not None else None
        if place is not None and place.pos_ == "PROPN" and self.in_quote[place.i] < 0:
            hi = place.i + 1
        clause_end = self.narrowing_clause(head, hi)
        if clause_end is not None:
            hi = clause_end + 1
        if (lo, hi) == (named.start, named.end):
            return None
        return _clean_name(self.doc[lo:hi].text)

    def narrowing_clause(self, head: Token, after: int) -> int | None:
        """The last token of a relative clause that narrows the plural group ``head`` names, when the clause
        opens at token ``after`` (right after the group's words, so with no comma between: "Democrats who voted
        for the bill", "groups that oppose the plan"), has at most ``group_clause_max_words`` words and lies
        outside quotations on one line, and its relative pronoun is its subject; else None. A clause set off by a
        comma ("Democrats, who ...") only describes the group, a long one is no name, and one that reports what the
        group says ("fighters who say they ...") is its statement."""
        limit = self.params.group_clause_max_words
        if limit <= 0 or head.tag_ not in ("NNS", "NNPS"):
            return None
        clause = next((c for c in head.children if c.dep_ == "relcl" and c.i > head.i), None)
        if clause is None:
            return None
        pronoun = clause.left_edge
        # the pronoun is the clause's subject: "that" as a conjunction ("criticism from groups that the plan
        # fails") opens no relative clause, whatever the parse hung it on
        if pronoun.i != after or pronoun.lower_ not in _NARROWING_PRONOUNS:
            return None
        if pronoun.dep_ not in _SUBJECTS or pronoun.head.i != clause.i:
            return None
        if clause.lemma_.lower() in CUE_VERBS:
            return None  # "fighters who say they ...": what the group says is its statement, not its name
        last = clause.right_edge.i
        while last > after and self.doc[last].is_punct:
            last -= 1
        tokens = self.doc[after : last + 1]
        if sum(1 for t in tokens if not t.is_punct) > limit:
            return None
        if any(self.in_quote[t.i] >= 0 or "\n" in t.text for t in tokens):
            return None
        return last

    def anonymous_source(self, description: str, stype: SpeakerType, head_lemma: str) -> Source:
        key = description.lower()
        for src in self.sources:
            if src.anonymous and src.name.lower() == key:
                return src
        src = Source(len(self.sources), description, stype, True, (), roles={head_lemma})
        self.sources.append(src)
        return src

    def note_salient(self, token_i: int, src: Source, *, speaker: bool = False) -> None:
        """Remember a mention of ``src`` for later pronouns: speakers of quotes rank first, then the main
        clause's subject, other subjects, a subject's possessor, anything else."""
        k = bisect.bisect_right(self._salient_keys, token_i)
        if k and self._salient_keys[k - 1] == token_i and self._salient[k - 1][1] is src:
            if speaker and self._salient[k - 1][2] < _SPEAKER:
                self._salient[k - 1] = (token_i, src, _SPEAKER)
            return
        self._salient.insert(k, (token_i, src, _SPEAKER if speaker else _rank(self.doc[token_i])))
        self._salient_keys.insert(k, token_i)

    def seed_salience(self) -> None:
        """Register every named person/body outside quotes, so pronouns can reach them, and read what the
        article says of each person's gender."""
        uses: dict[int, list[Token]] = {}  # the heads of each source's named mentions
        labels: dict[int, set[str]] = {}  # the NER labels of each source's named mentions
        for ent in self.ents:
            if ent.label_ not in _NAMED_LABELS or self.in_quote[ent.start] >= 0:
                continue
            stype = _type_of_label(ent.label_)
            head = ent.root
            for part in self.name_parts(ent):
                src = self.source_for_name(part, stype)
                if src.type is SpeakerType.UNKNOWN or stype is SpeakerType.PERSON:
                    src.type = stype
                if ent.label_ == "ORG":
                    self._org_keys.add(src.key)
                if not is_title_line(self.doc, head.i, self.params.title_min_word_chars):
                    self._add_roles(src, head, ent.start, ent.end)  # a headline's words are no roles
                self.note_salient(head.i, src)
                uses.setdefault(src.key, []).append(head)
                labels.setdefault(src.key, set()).add(ent.label_)
        for key, heads in uses.items():
            src = self.sources[key]
            src.place = labels[key] <= _PLACE_LABELS
            if (
                src.type is SpeakerType.PERSON
                and len(src.words) == 1
                and src.gender is None
                and all(_medium(h) for h in heads)
            ):
                src.type = SpeakerType.ORGANIZATION  # "lashed out on Twitter": a service, whatever the NER said
        self._bound_pronouns()

    def _bound_pronouns(self) -> None:
        """Gender from pronouns bound inside one clause: a reflexive ("Trump himself", "described herself")
        or a possessive ("Perry stepped up his attacks") whose clause's subject is the only person named
        in the sentence."""
        by_sentence: dict[int, list[tuple[int, Source]]] = {}
        for token_i, src, _ in self._salient:
            if src.type is SpeakerType.PERSON and not src.anonymous:
                s = bisect.bisect_right(self._sent_starts, token_i) - 1
                by_sentence.setdefault(s, []).append((token_i, src))
        for s, mentions in by_sentence.items():
            if len({src.key for _, src in mentions}) != 1:
                continue
            token_i, src = mentions[0]
            subject = self.doc[token_i]
            if subject.dep_ not in _SUBJECTS:
                continue
            end = self._sent_starts[s + 1] if s + 1 < len(self._sent_starts) else len(self.doc)
            for tok in self.doc[token_i + 1 : end]:
                gender = _PRONOUN_GENDER.get(tok.lower_)
                if gender is None or self.in_quote[tok.i] >= 0:
                    continue
                bound = tok.lower_ in _REFLEXIVES or (
                    tok.dep_ == "poss" and _clause_head(tok).i == _clause_head(subject).i
                )
                if bound:
                    src.vote_gender(gender)

    def _add_roles(self, src: Source, head: Token, name_start: int, name_end: int) -> None:
        """Role words around a name: titles, compounds and appositive heads ("RCMP Commissioner", "the vet"),
        and the gender the titles and nouns tell ("Ms.", "spokeswoman", "his wife, X")."""
        lo, hi = self._np_bounds(head)
        # the common noun nearest before the name says what it is: "investment firm X" is a body,
        # "Tea Party organizer X" a person
        nearest = next(
            (t for t in reversed(self.doc[lo:name_start]) if t.pos_ == "NOUN" and self.in_quote[t.i] < 0), None
        )
        for tok in self.doc[lo : hi + 1]:
            word = tok.lower_.rstrip(".")
            if self.in_quote[tok.i] >= 0:
                continue
            if name_start <= tok.i < name_end:
                if word in _GENDERED_TITLES and src.type is not SpeakerType.ORGANIZATION:
                    src.vote_gender(_GENDERED[word], 3)
                continue
            if nearest is not None and tok.i == nearest.i and tok.dep_ in ("compound", "appos"):
                lemma = tok.lemma_.lower()
                if lemma in ORGANIZATION_NOUNS:
                    src.type = SpeakerType.ORGANIZATION  # "investment firm X": X is a body whatever the NER said
                    src.roles.add(lemma)
                    continue
                if is_person_noun(lemma) and not src.anonymous:
                    src.type = SpeakerType.PERSON  # "government spokeswoman X": a person whatever the NER said
            if word in _GENDERED and src.type is not SpeakerType.ORGANIZATION:
                src.vote_gender(_GENDERED[word], 3)
            if word in TITLES:
                src.roles.add(TITLES[word])
            elif (
                tok.pos_ in ("NOUN", "PROPN")
                and tok.dep_ in ("compound", "appos", "nsubj", "ROOT", "nmod")
                and _is_role(tok.lemma_.lower(), src.type)
            ):
                src.roles.add(tok.lemma_.lower())
        if head.dep_ == "appos" and _is_role(head.head.lemma_.lower(), src.type):
            src.roles.add(head.head.lemma_.lower())
            if src.type is not SpeakerType.ORGANIZATION:
                src.vote_gender(_GENDERED.get(head.head.lemma_.lower()), 3)

    # ---- resolution ----------------------------------------------------------------------
    def resolve(self, head: Token) -> Resolution:
        """Resolve the speaker whose syntactic head is ``head`` (once: a second call returns the first answer)."""
        if head.i in self._resolved:
            return self._resolved[head.i]
        res = self._resolve(head)
        if res.source is not None and res.source.organization is None and res.source.type is SpeakerType.PERSON:
            res.source.organization = self._organization_of(head)
        self._resolved[head.i] = res
        return res

    def read_discourse(self, speaker_heads: Iterable[Token]) -> None:
        """Read the article in order: resolve each speaker, and note each subject outside quotations.

        A later pronoun then finds the nearest plausible source in the discourse: a speaker, a subject
        pronoun already resolved ("In a statement, he decried ..."), a description ("The congressman
        also expressed concern"), a name the NER missed ("user fryd_ first posted it").
        """
        speakers = {t.i for t in speaker_heads}
        for tok in self.doc:
            if tok.i in speakers:
                self.resolve(tok)
            elif self.in_quote[tok.i] < 0 and _is_subject(tok) and self._ent_of[tok.i] < 0:
                self._note_subject(tok)
            if self.in_quote[tok.i] < 0 and tok.pos_ == "NOUN" and tok.lemma_.lower() in THING_NOUNS:
                self.note_document(tok)

    def _unlabelled_name(self, head: Token) -> Source:
        """The source of a proper noun the NER did not label, with the titles before it as roles
        ("President Walker": Walker, a president)."""
        lo = head.left_edge.i
        for i in range(head.i - 1, lo - 1, -1):  # a name never runs over a line break
            if "\n" in self.doc[i].text_with_ws:
                lo = i + 1
                break
        title = is_title_line(self.doc, head.i, self.params.title_min_word_chars)
        if title:  # a headline's words run into names, and are no roles
            lo = (confirmed_name(self.doc, lo, head.i + 1, self.params.title_min_word_chars) or (head.i, head.i + 1))[0]
        name_start = lo
        while name_start < head.i and self.doc[name_start].lower_.rstrip(".") in names.TITLES:
            name_start += 1
        src = self.source_for_name(self.doc[lo : head.i + 1].text, SpeakerType.UNKNOWN)
        if not title:
            self._add_roles(src, head, name_start, head.i + 1)
        return src

    def _note_subject(self, tok: Token) -> None:
        low = tok.lower_
        if low in PERSON_PRONOUNS or low in PLURAL_PRONOUNS:
            src, conf = self._antecedent(tok)
            if src is not None:
                self._resolved[tok.i] = Resolution(src, tok.idx, tok.idx + len(tok), tok.text, "pronoun", conf)
                self.note_salient(tok.i, src)
            return
        if tok.pos_ == "PROPN" and (tok.text[:1].isupper() or _is_handle(tok)):
            src = self._unlabelled_name(tok)
            if src.type is SpeakerType.UNKNOWN and _is_handle(tok):
                src.type = SpeakerType.PERSON  # "user fryd_": a person under an account name
            self.note_salient(tok.i, src)
            return
        # a definite description refers back to a source met before ("The congressman also expressed ...");
        # an indefinite one is new to the discourse and takes part once it speaks
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in tok.children)
        if definite and tok.pos_ == "NOUN" and _type_of_common(tok) in (SpeakerType.PERSON, SpeakerType.ORGANIZATION):
            found = self._by_role(tok, tok.lemma_.lower())
            if found is not None:
                self.note_salient(tok.i, found)

    def _organization_of(self, head: Token) -> str | None:
        """The body a person speaks for, read off their noun phrase ("a spokesman for AutoNation",
        "Russia's ambassador", "RCMP Commissioner Bob Paulson")."""
        lo, hi = self._np_bounds(head)
        for tok in self.doc[lo : hi + 1]:
            n = self._ent_of[tok.i]
            if n < 0 or self.ents[n].label_ not in ("ORG", "GPE", "NORP") or self.ents[n].root.i != tok.i:
                continue
            attached = tok.dep_ in ("poss", "compound", "nmod") or (
                tok.dep_ == "pobj" and tok.head.lower_ in _ORGANIZATION_PREPOSITIONS
            )
            if attached and tok.i != head.i:
                return _clean_name(str(self.ents[n].text))
        return None

    def _resolve(self, head: Token) -> Resolution:
        p = self.params
        low = head.lower_
        if low in _NO_SOURCE or (low == "one" and any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)):
            # "Nobody is saying that ...", "No one said ...", "Anyone who says ...": no one said it
            return Resolution(None, head.idx, head.idx + len(head), head.text, "mention", p.confidence_first_second)
        if low in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
            antecedent = head.head.head
            while antecedent.dep_ == "appos" and antecedent.head.i != antecedent.i:
                antecedent = antecedent.head  # "Gawker, a rival site, which ..." -> Gawker
            res = self._resolve(antecedent)
            confidence = res.confidence * p.relative_pronoun_factor
            return Resolution(res.source, head.idx, head.idx + len(head), head.text, "relative", confidence)
        acronym = head.text.isupper() and len(head.text) > 1  # "WHO said", not the pronoun
        personal = PERSON_PRONOUNS | PLURAL_PRONOUNS | THING_PRONOUNS | FIRST_SECOND
        if low in _POSSESSIVE_PRONOUNS and head.pos_ == "PRON" and low not in personal:
            # "his comment that ...", "their claim that ...": the possessor speaks, resolved as its pronoun is
            src, conf = self._antecedent(head, _POSSESSIVE_PRONOUNS[low])
            if src is not None:
                self.note_salient(head.i, src, speaker=True)
            return Resolution(src, head.idx, head.idx + len(head), head.text, "pronoun", conf)
        if head.pos_ == "PRON" and low not in personal and low not in RELATIVE_PRONOUNS:
            # "Another stated:", "someone shouted", "others said": an unnamed source, not a pronoun to resolve;
            # "this", "what", "more" name no source at all
            if low not in _GROUP_PRONOUNS and low not in _PERSON_PRONOUNS:
                return Resolution(None, head.idx, head.idx + len(head), head.text, "mention", p.confidence_first_second)
            stype = SpeakerType.GROUP if low in _GROUP_PRONOUNS else SpeakerType.PERSON
            unnamed = self.anonymous_source(head.text, stype, low)
            self.note_salient(head.i, unnamed, speaker=True)
            return Resolution(
                unnamed, head.idx, head.idx + len(head), head.text, "mention", p.confidence_indefinite_pronoun
            )
        if not acronym and (head.pos_ == "PRON" or low in personal):
            if low in FIRST_SECOND:
                return Resolution(None, head.idx, head.idx + len(head), head.text, "mention", p.confidence_first_second)
            src, conf = self._antecedent(head)
            if src is not None:
                self.note_salient(head.i, src, speaker=True)
            return Resolution(src, head.idx, head.idx + len(head), head.text, "pronoun", conf)
        if head.pos_ == "NOUN" and self._ent_of[head.i] < 0 and self._is_surname(head):
            # "Trump celebrated ...", misread as a common noun: the person the article names in full
            src = self.source_for_name(head.text, SpeakerType.PERSON)
            self.note_salient(head.i, src, speaker=True)
            by = "mention" if name_words(head.text) == src.words else "short-form"
            confidence = p.confidence_name if by == "mention" else p.confidence_short_form
            return Resolution(src, head.idx, head.idx + len(head), head.text, by, confidence)
        start, end = self.expand(head)
        mention = self.text[start:end]
        called = _called(head)
        if called is not None:  # "a coalition of groups called Strengthen Social Security": the name it is given
            res = self._resolve(called)
            return Resolution(res.source, start, end, mention, res.resolved_by, res.confidence)
        named = self._named_entity(head)
        if named is not None:
            stype = _type_of_label(named.label_)
            if head.lemma_.lower() in THING_NOUNS and named.root.i != head.i:
                named = None
            elif (group := self._group_name(head, named)) is not None:
                src = self.group_source(group)
                self.note_salient(head.i, src, speaker=True)
                return Resolution(src, start, end, mention, "mention", p.confidence_name)
            else:
                part = _name_part(named, head) if len(self.name_parts(named)) > 1 else str(named.text)
                src = self.source_for_name(part, stype)
                if src.type is SpeakerType.UNKNOWN:
                    src.type = stype
                self._add_roles(src, head, named.start, named.end)
                by = "mention" if name_words(named.text) == src.words else "short-form"
                self.note_salient(head.i, src, speaker=True)
                confidence = p.confidence_name if by == "mention" else p.confidence_short_form
                return Resolution(src, start, end, mention, by, confidence)
        if head.pos_ == "PROPN" and not acronym and self._common_noun_opening(head):
            # "Indictment says ...", "Congressman said ...": a common noun capitalised by its place, no name
            low = head.lower_
            if low in THING_NOUNS:
                thing = self.anonymous_source(_description(mention), SpeakerType.DOCUMENT, low)
                return Resolution(thing, start, end, mention, "mention", p.confidence_description)
            found = self._by_role(head, low)
            if found is not None:
                self.note_salient(head.i, found, speaker=True)
                return Resolution(found, start, end, mention, "role-noun", p.confidence_role_noun)
            stype = SpeakerType.ORGANIZATION if low in ORGANIZATION_NOUNS else SpeakerType.PERSON
            unnamed = self.anonymous_source(_description(mention), stype, low)
            self.note_salient(head.i, unnamed, speaker=True)
            return Resolution(unnamed, start, end, mention, "mention", p.confidence_description)
        if head.pos_ == "PROPN" or acronym or (head.pos_ == "NOUN" and titled(head)):
            src = self._unlabelled_name(head)
            if src.type is SpeakerType.UNKNOWN and (
                head.ent_type_ == "LAW" or head.lemma_.lower() in _DOCUMENT_NAME_HEADS
            ):
                src.type = SpeakerType.DOCUMENT  # "the Harbour Tolls Act says": a law speaks for no one
            self.note_salient(head.i, src, speaker=True)
            return Resolution(src, start, end, mention, "mention", p.confidence_proper_noun)
        lemma = head.lemma_.lower()
        if lemma in _ABSTRACT_NOUNS and head.pos_ == "NOUN":
            # "the effort ..., noting", "had no reason to believe": an act or a reason says nothing itself,
            # but "the decision by the delegates to oppose ..." is the delegates'
            agent = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            actor = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if actor is not None and actor.pos_ in ("NOUN", "PROPN"):
                return self._resolve(actor)
            return Resolution(None, start, end, mention, "mention", p.confidence_first_second)
        if lemma in THING_NOUNS:
            author = self._author_of(head)
            if author is not None:
                self.note_salient(head.i, author, speaker=True)
                return Resolution(author, start, end, mention, "author", p.confidence_author)
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE for c in head.children)
        if definite:
            found = self._last_informant(head) if lemma in INFORMANT_NOUNS else None
            found = found or self._by_role(head, lemma)
            if found is not None:
                self.note_salient(head.i, found, speaker=True)
                return Resolution(found, start, end, mention, "role-noun", p.confidence_role_noun)
        stype = _type_of_common(head)
        if head.pos_ != "NOUN" and not _counts_people(head):
            # "more said", "the two said": no noun tells who; a mention, no source ("one of the members" has one)
            return Resolution(None, start, end, mention, "mention", p.confidence_first_second)
        description = _description(mention)
        clause_end = self.narrowing_clause(head, self._np_bounds(head)[1] + 1)
        if clause_end is not None and stype in (SpeakerType.GROUP, SpeakerType.ORGANIZATION):
            # "advocacy groups that oppose the plan": the groups the clause picks out, not all advocacy groups
            last = self.doc[clause_end]
            description = self.text[start : last.idx + len(last)]
        src = self.anonymous_source(description, stype, lemma)
        self.note_salient(head.i, src, speaker=True)
        return Resolution(src, start, end, mention, "mention", p.confidence_description)

    def reproduced_document(self, thing: Token) -> Resolution:
        """The source of a document reproduced under a line that presents it ("Here is the letter in full:"):
        its author when the article says who wrote it, else the document as its own words name it ("the
        letter"), without what the line says of how it is shown ("in full")."""
        p = self.params
        author = self._author_of(thing)
        if author is not None:
            return Resolution(author, thing.idx, thing.idx + len(thing), thing.text, "author", p.confidence_author)
        before = [c.i for c in thing.children if c.i < thing.i and c.dep_ in ("det", "amod", "compound")]
        start = min([thing.i, *before])
        mention = self.doc[start : thing.i + 1]
        src = self.anonymous_source(_description(mention.text), SpeakerType.DOCUMENT, thing.lemma_.lower())
        return Resolution(src, mention.start_char, mention.end_char, mention.text, "mention", p.confidence_description)

    def _common_noun_opening(self, head: Token) -> bool:
        """Is a capitalised word the tagger read as a name a common noun for a document, a role or a body,
        capitalised only because it opens its sentence or line ("Indictment says", "Congressman said")? Not
        when the NER names it, a name is built on it ("Congressman Roe"), it is a given name, or the article
        writes it capitalised inside a sentence too (then it is a name: "Baker")."""
        if self._ent_of[head.i] >= 0 or not _opens_line(head) or any(c.dep_ == "compound" for c in head.children):
            return False
        low = head.lower_
        if low in _GIVEN_NAMES:
            return False
        if not (low in THING_NOUNS or low in ORGANIZATION_NOUNS or is_person_noun(low)):
            return False
        return not any(t.text == head.text and not _opens_line(t) for t in self.doc)

    def _is_surname(self, head: Token) -> bool:
        """Is a capitalised word the surname of a person the article names in full outside quotations
        ("Trump" after "President Donald Trump")? A tagger reads such a word as a common noun at times."""
        if not head.text[:1].isupper() or "\n" in head.text:
            return False
        words = name_words(head.text)
        return len(words) == 1 and any(
            label == "PERSON" and len(other) >= 2 and other[-1] == words[0] for other, _, label in self._names
        )

    def _author_of(self, thing: Token) -> Source | None:
        """Who a document or piece of material speaks for, when the article says: its possessor ("Lego's
        letter", "his declaration"), a name before it ("a CNN report"), "by"/"from" ("an analysis from X"),
        or, for "the letter", the author of the letter introduced before ("Republicans sent a letter")."""
        author = self._stated_author(thing)
        if author is None and any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in thing.children):
            lemma = thing.lemma_.lower()
            author = next((src for at, lem, src in reversed(self._documents) if lem == lemma and at < thing.i), None)
        return author

    def _stated_author(self, thing: Token) -> Source | None:
        for child in thing.children:
            if child.i < thing.i and child.dep_ == "poss":
                return self._source_of(child)
            if child.i < thing.i and child.dep_ == "compound" and self._ent_of[child.i] >= 0:
                ent = self.ents[self._ent_of[child.i]]
                if ent.label_ in _NAMED_LABELS and ent.label_ not in ("WORK_OF_ART", "PRODUCT", "LOC", "FAC"):
                    return self._source_of(child)
            if child.i > thing.i and child.dep_ == "prep" and child.lower_ in ("by", "from"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.lemma_.lower() not in THING_NOUNS:
                    return self._source_of(obj)
            if child.dep_ == "acl" and child.lemma_.lower() in _AUTHORING_VERBS:  # "a letter signed by X"
                for verb in (child, *(c for c in child.children if c.dep_ == "conj")):
                    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                    obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                    if obj is not None and obj.lemma_.lower() not in THING_NOUNS:
                        return self._source_of(obj)
        return None

    def _source_of(self, tok: Token) -> Source | None:
        """The source a possessor, a name or a by-phrase stands for (a pronoun resolved, a thing never)."""
        low = tok.lower_
        if low in _POSSESSIVE_PRONOUNS:
            pronoun = _POSSESSIVE_PRONOUNS[low]
            for strict in (True, False):
                src = self._antecedent_pass(tok, pronoun, strict)[0]
                if src is not None:
                    return src
            return None
        if tok.pos_ == "PRON" or tok.lemma_.lower() in THING_NOUNS:
            return None
        # a possessor or a by-phrase is no speaker here: resolve it without making it salient as one
        salient, keys = list(self._salient), list(self._salient_keys)
        res = self._resolve(tok)
        self._salient, self._salient_keys = salient, keys
        src = res.source
        return src if src is not None and src.type is not SpeakerType.DOCUMENT else None

    def note_document(self, thing: Token) -> None:
        """Remember who a document or piece of material met in the narration speaks for ("the campaign
        released a new ad": the ad is the campaign's), so a later "the ad" finds its author."""
        author = self._stated_author(thing)
        if author is None:
            subject = _author_subject(thing)
            agent_like = subject is not None and (
                subject.pos_ in ("PROPN", "PRON") or _type_of_common(subject) is not SpeakerType.UNKNOWN
            )
            if subject is not None and agent_like and subject.lemma_.lower() not in THING_NOUNS:
                if subject.i in self._resolved:
                    author = self._resolved[subject.i].source
                elif subject.lower_ not in PERSON_PRONOUNS | PLURAL_PRONOUNS:
                    author = self._source_of(subject)
        if author is not None:
            self._documents.append((thing.i, thing.lemma_.lower(), author))

    def np_bounds(self, head: Token) -> tuple[int, int]:
        """Token bounds of the noun phrase of ``head`` (see ``_np_bounds``)."""
        return self._np_bounds(head)

    def _np_bounds(self, head: Token) -> tuple[int, int]:
        """Token bounds of the noun phrase of ``head`` without clauses, quotes or line breaks."""
        lo = hi = head.i
        stack = [head]
        clause_end = -1  # a clause read as a modifier before the head ends the phrase's left part
        while stack:
            tok = stack.pop()
            for child in tok.children:
                if _is_clause(child) and child.i < head.i:
                    clause_end = max(clause_end, child.right_edge.i)
                if child.dep_ in _PRUNE or self.in_quote[child.i] >= 0 or "\n" in child.text or _is_clause(child):
                    continue
                lo, hi = min(lo, child.i), max(hi, child.i)
                stack.append(child)
        if lo <= clause_end < head.i:
            lo = clause_end + 1
        # a finite verb after the head ends the phrase, and the pieces of a word split at its hyphen before it go
        # with it ("a spokesman e-mailed to the staff a note": the spokesman)
        for i in range(head.i + 1, hi + 1):
            if self.doc[i].tag_ in ("VBD", "VBZ", "VBP") and self.in_quote[i] < 0:
                hi = i - 1
                while hi > head.i and not self.doc[hi].whitespace_:
                    hi -= 1
                break
        # never across a line break
        for i in range(head.i - 1, lo - 1, -1):
            if "\n" in self.doc[i].text:
                lo = i + 1
                break
        for i in range(head.i + 1, hi + 1):
            if "\n" in self.doc[i].text:
                hi = i - 1
                break
        return lo, hi

    def expand(self, head: Token) -> tuple[int, int]:
        """Character span of the noun phrase headed by ``head``: titles and appositives, no clauses."""
        lo, hi = self._np_bounds(head)
        toks = list(self.doc[lo : hi + 1])
        while toks and (toks[-1].is_punct or toks[-1].is_space):
            toks.pop()
        # punctuation, and an adverb on the head before it ("even officials there admit": officials there)
        while toks and (
            toks[0].is_punct or toks[0].is_space or (toks[0].dep_ == "advmod" and toks[0].head.i == head.i != toks[0].i)
        ):
            toks.pop(0)
        if not toks:
            return head.idx, head.idx + len(head)
        return toks[0].idx, toks[-1].idx + len(toks[-1])

    def _named_entity(self, head: Token) -> Span | None:
        if head.ent_type_ in _NAMED_LABELS and self._ent_of[head.i] >= 0:
            return self.ents[self._ent_of[head.i]]
        for child in head.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                return self.ents[self._ent_of[child.i]]
        if head.pos_ == "NOUN":  # "Nobel laureate and activist Malala Yousafzai": a name inside the title
            # but a name modifying a noun for a person describes the speaker ("a Westshire woman", "a Harlan aide")
            lo, hi = self._np_bounds(head)
            for tok in head.children:
                if tok.dep_ == "conj":
                    hi = max(hi, tok.right_edge.i)
            for ent in self.ents:
                if (
                    ent.label_ == "PERSON"
                    and lo <= ent.start
                    and ent.end - 1 <= hi
                    and ent.root.dep_ in ("compound", "appos", "conj")
                    and not (
                        ent.root.dep_ == "compound"
                        and ent.root.head.i == head.i
                        and ent.end <= head.i
                        and (is_person_noun(head.lemma_.lower()) or head.lemma_.lower() in GROUP_NOUNS)
                    )
                ):
                    return ent
        return None

    def _antecedent(self, pron: Token, as_pronoun: str | None = None) -> tuple[Source | None, float]:
        """The most salient fitting source in the nearest earlier sentence that has one.

        Within that sentence the latest subject or speaker outside reported content is taken
        (a name inside what someone said is rarely what a later pronoun means); he/she look
        for persons first, then for sources of unknown type. ``as_pronoun``: the personal pronoun
        a possessive stands for ("his": "he").
        """
        low = as_pronoun or pron.lower_
        for strict in (True, False):
            found = self._antecedent_pass(pron, low, strict)
            if found[0] is not None:
                return found
        return None, 0.0

    def _antecedent_pass(self, pron: Token, low: str, strict: bool) -> tuple[Source | None, float]:
        p = self.params
        k = bisect.bisect_left(self._salient_keys, pron.i)
        sent_index = bisect.bisect_right(self._sent_starts, pron.i) - 1
        by_sentence: dict[int, list[tuple[Source, tuple[bool, int]]]] = {}
        for j in range(k - 1, max(-1, k - p.pronoun_reach_mentions), -1):
            tok_i, src, rank = self._salient[j]
            if tok_i == pron.i:
                continue
            s = bisect.bisect_right(self._sent_starts, tok_i) - 1
            if self._narrative_distance(s, sent_index) > p.pronoun_max_sentences:
                break
            if _fits(src, low, strict) and not (s == sent_index and self._in_own_clause(tok_i, pron)):
                # a speaker counts as a main clause's subject: the latest of them is the likeliest antecedent
                by_sentence.setdefault(s, []).append((src, (not self.in_content[tok_i], min(rank, _MAIN_SUBJECT))))
        # the nearest sentence with a candidate outside reported content, else the nearest at all
        order = sorted(by_sentence, reverse=True)
        outside = [s for s in order if any(key[0] for _, key in by_sentence[s])]
        chosen_sent = outside[0] if outside else order[0] if order else None
        if chosen_sent is None:
            return None, 0.0
        candidates = by_sentence[chosen_sent]  # latest first
        top = max(key for _, key in candidates)
        chosen = next(c for c, key in candidates if key == top)
        distance = self._narrative_distance(chosen_sent, sent_index)
        near = distance <= p.pronoun_near_sentences
        confidence = p.confidence_pronoun_near if near else p.confidence_pronoun_far
        return chosen, confidence * (1.0 if strict else p.loose_pronoun_factor)

    def _narrative_distance(self, earlier: int, later: int) -> int:
        """Sentences between two, counting only those that are not wholly quotation."""
        return self._narrative_before[later] - self._narrative_before[earlier]

    def _in_own_clause(self, token_i: int, pron: Token) -> bool:
        """Is the mention an argument or adjunct of the clause whose subject is the pronoun? ("Of Obama, he
        said": he is not Obama.) A mention inside a clause of its own ("After Smith left, he ...") is not.
        Read off the parse, and off the surface for a parse that hung the phrase elsewhere: a mention before
        the pronoun that is no subject, with no verb between them, is in the pronoun's clause."""
        if pron.dep_ not in _SUBJECTS:
            return False
        tok = self.doc[token_i]
        if token_i < pron.i and not _is_subject(tok):
            between = self.doc[token_i + 1 : pron.i]
            if not any(t.pos_ in ("VERB", "AUX") and self.in_quote[t.i] < 0 for t in between):
                return True
        verb = pron.head
        while tok.i != verb.i:
            if tok.dep_ in _CLAUSES or tok.head.i == tok.i:
                return False
            tok = tok.head
        return True

    def _last_informant(self, head: Token) -> Source | None:
        """ "the source", "our insider": the unnamed informant met most recently."""
        k = bisect.bisect_left(self._salient_keys, head.i)
        for j in range(k - 1, -1, -1):
            src = self._salient[j][1]
            if src.anonymous and src.roles & INFORMANT_NOUNS:
                return src
        return None

    def _by_role(self, head: Token, lemma: str) -> Source | None:
        """The earlier source a definite description refers to ("the general", "the organisation")."""
        k = bisect.bisect_left(self._salient_keys, head.i)
        reach = range(k - 1, max(-1, k - self.params.role_reach_mentions), -1)
        recent = [self._salient[j][1] for j in reach]
        speakers = [self._salient[j][1] for j in reach if self._salient[j][2] == _SPEAKER]
        for named_only in (True, False):
            for src in recent:
                if lemma in src.roles and (src.anonymous is not named_only):
                    return src
        # a description whose head word is part of a body's name ("the organisation" ~ "World Health Organization")
        folded = _fold_spelling(lemma)
        for src in recent:
            if (
                not src.anonymous
                and src.type is not SpeakerType.PERSON
                and folded in {_fold_spelling(w) for w in src.words}
            ):
                return src
        # a role the article gives to exactly one named source, later on ("Boko Haram leader Abubakar Shekau")
        holders = [src for src in self.sources if not src.anonymous and lemma in src.roles]
        if len(holders) == 1 and lemma not in ("man", "woman", "person"):
            return holders[0]
        # otherwise the last named source of that kind that has spoken
        if lemma in ORGANIZATION_NOUNS:  # an organisation the NER named as such (not a place)
            return next(
                (
                    s
                    for s in speakers
                    if s.type is SpeakerType.ORGANIZATION and not s.anonymous and s.key in self._org_keys
                ),
                None,
            )
        if is_person_noun(lemma) and head.tag_ == "NN":
            return next((s for s in speakers if s.type is SpeakerType.PERSON and not s.anonymous), None)
        return None

    # ---- output --------------------------------------------------------------------------
    def speaker(self, res: Resolution, entity_ids: dict[int, str]) -> Speaker:
        src = res.source
        if src is None:
            return Speaker(
                res.mention,
                None,
                SpeakerType.UNKNOWN,
                False,
                None,
                None,
                res.mention_start,
                res.mention_end,
                res.resolved_by,
                res.confidence,
            )
        src.mentions.append(Mention(res.mention, res.mention_start, res.mention_end))
        src.aliases.add(res.mention)
        entity_id = entity_ids.setdefault(src.key, f"e{len(entity_ids) + 1}")
        role = ", ".join(sorted(r for r in src.roles if r and r not in src.name.lower())) or None
        return Speaker(
            res.mention,
            src.name,
            src.type,
            src.anonymous,
            entity_id,
            role,
            res.mention_start,
            res.mention_end,
            res.resolved_by,
            round(res.confidence, 2),
        )

    def entities(self, entity_ids: dict[int, str]) -> list[Entity]:
        out = []
        for key, eid in sorted(entity_ids.items(), key=lambda kv: int(kv[1][1:])):
            src = self.sources[key]
            role = ", ".join(sorted(r for r in src.roles if r and r not in src.name.lower())) or None
            out.append(
                Entity(
                    eid,
                    src.name,
                    src.type,
                    role,
                    src.organization,
                    src.anonymous,
                    tuple(sorted(src.aliases - {src.name})),
                    tuple(src.mentions),
                )
            )
        return out


#: "and" joining two names; "&" inside a name is part of it ("Standard & Poor's", "Johnson & Johnson").
_AND = re.compile(r"\s+and\s+")
_ACRONYM_SKIP = lexicons.words(_LEXICONS + "acronym_skip.txt")


def is_acronym_of(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is a one-word name the initials of a longer one ("who" ~ "world health organization")?"""
    if len(short) != 1 or len(long) < 2 or len(short[0]) < 2:
        return False
    return short[0] == "".join(w[0] for w in long if w not in _ACRONYM_SKIP)


def _fits(src: Source, pronoun: str, strict: bool) -> bool:
    """Can ``pronoun`` refer to ``src``? (strict: only the expected type, else also unknown types).

    He and she refer to a person whose gender the article does not contradict; loosely also to a
    name of unknown type, never to a thing or an unnamed description of one ("The missive").
    """
    if pronoun in PERSON_PRONOUNS:
        gender = src.gender
        if gender is not None and gender != _PRONOUN_GENDER[pronoun]:
            return False
        if src.type is SpeakerType.PERSON:
            return True
        return not strict and src.type is SpeakerType.UNKNOWN and not src.anonymous
    if pronoun in THING_PRONOUNS:
        wanted: tuple[SpeakerType, ...] = (SpeakerType.ORGANIZATION, SpeakerType.DOCUMENT)
    else:
        if src.place:
            return False  # "they" are people or bodies, not a city or a state named as a place
        wanted = (SpeakerType.ORGANIZATION, SpeakerType.GROUP)
    return src.type in wanted or (not strict and src.type is SpeakerType.UNKNOWN)


def _type_of_label(label: str) -> SpeakerType:
    if label == "PERSON":
        return SpeakerType.PERSON
    if label == "NORP":
        return SpeakerType.GROUP
    if label in _ORG_LABELS:
        return SpeakerType.ORGANIZATION
    return SpeakerType.UNKNOWN


def _type_of_common(head: Token) -> SpeakerType:
    lemma = head.lemma_.lower()
    if lemma in QUANTITY_NOUNS:  # "a number of reports", "a majority of lawmakers": what is counted
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if counted is not None and counted.pos_ == "NOUN":
            return _type_of_common(counted)
        if counted is not None and counted.pos_ == "PROPN":
            return SpeakerType.GROUP
    if lemma in THING_NOUNS:
        return SpeakerType.DOCUMENT
    if lemma in ORGANIZATION_NOUNS:
        return SpeakerType.ORGANIZATION
    if head.tag_ in ("NNS", "NNPS") or head.lower_ in GROUP_NOUNS:
        return SpeakerType.GROUP
    if is_person_noun(lemma):
        return SpeakerType.PERSON
    return SpeakerType.UNKNOWN


def _fold_spelling(word: str) -> str:
    """British and American spellings folded together ("organisation" -> "organization")."""
    return word.replace("isation", "ization").replace("ise", "ize")


def _is_role(lemma: str, stype: SpeakerType) -> bool:
    """Can ``lemma`` be a role noun for a source of this type ("the general"; "the company")?"""
    if lemma in THING_NOUNS:
        return False
    if stype is SpeakerType.PERSON:
        return is_person_noun(lemma)
    return lemma in ORGANIZATION_NOUNS or stype is SpeakerType.UNKNOWN


def _name_part(ent: Span, head: Token) -> str:
    """The part of an entity naming ``head`` when the entity joins two names with "and"."""
    text: str = ent.text
    offset = head.idx - ent.start_char
    at = 0
    for m in _AND.finditer(text):
        if offset < m.start():
            return text[at : m.start()]
        at = m.end()
    return text[at:]


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


#: Titles taken off the front of a name shown ("President Walker" -> "Walker"); "St." opens place names
#: ("St. Louis Tea Party Coalition") as often as it titles a saint, so it stays.
_LEADING_TITLES = frozenset(names.TITLES) - {"st"}


def _clean_name(text: str) -> str:
    """A name as written, without a leading article, a possessive ending or a leading title."""
    text = _strip_possessive(text.strip())
    words = text.split()
    while len(words) > 1 and (words[0].lower() in ("the",) or words[0].lower().rstrip(".") in _LEADING_TITLES):
        words = words[1:]
    return " ".join(words)


def _description(mention: str) -> str:
    """An unnamed source as written, without a possessive ending ("the union's criticism": the union)."""
    return _strip_possessive(mention.strip())


def _entities(doc: Doc, title_min_word_chars: int) -> list[Span]:
    """The NER's entities, names cut to their proper words: leading words that belong to no name are taken
    off ("Between Obama" -> "Obama"), a name on a Title Case line ends before its first verb ("Harlan Calls
    Toll Plan" -> "Harlan"), and a name written as a lower-case prefix ("anti-Trump") is dropped."""
    out: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in _NAMED_LABELS:
            out.append(ent)
            continue
        start = ent.start
        while start < ent.end - 1 and doc[start].pos_ in _NOT_NAME_POS:
            start += 1
        if start < ent.end - 1 and _opens_line(doc[start]) and doc[start].lower_ in CUE_VERBS:
            start += 1  # "Urge Sestak to ...", "Ask Dorn about ...": a headline's imperative, not a first name
        while ent.label_ == "PERSON" and _role_word_before_name(doc, start, ent.end):
            start += 1  # "Spokeswoman Jane Roe": the title is a description of Jane Roe, not part of her name
        first = doc[start]
        if first.text[:1].islower() and start + 1 < ent.end and doc[start + 1].text == "-":
            continue  # "anti-Trump", "pro-Kremlin": an adjective, not a name
        if ent.root.dep_ in ("compound", "amod") and any(t.text == "-" for t in doc[start : ent.end]):
            continue  # "the Trump-Russia probe", "the Romney-Ryan plan": two names made one modifier
        end = ent.end
        breaks = [i for i in range(start, end - 1) if "\n" in doc[i].text_with_ws]
        if breaks:  # a name never runs over a line break ("... Social Security Cuts\n\nAARP"): keep the root's line
            root = ent.root.i
            start = max([start] + [i + 1 for i in breaks if i < root])
            end = min([end] + [i + 1 for i in breaks if i >= root])
            while start < end and (doc[start].is_space or doc[start].is_punct):
                start += 1
            while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
                end -= 1
            if start >= end:
                continue
        if is_title_line(doc, start, title_min_word_chars):
            end = title_line_name_end(doc, start, end)
            confirmed = confirmed_name(doc, start, end, title_min_word_chars) if end - start > 1 else (start, end)
            if confirmed is None:
                continue
            start, end = confirmed
        out.append(ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label=ent.label_))
    return out


_NOT_NAME_POS = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART", "PUNCT", "SPACE"})


def _role_word_before_name(doc: Doc, start: int, end: int) -> bool:
    """Does a person's name as the NER spans it open with a noun for a role ("Spokeswoman Jane Roe", "Analyst
    Roe")? A word of the lexicon of person nouns, or one with a person's ending that is no given name, before
    a name that opens with one ("Historian Jane Roe"; "Christian Baker Roe" and "Marian Wright Roe" keep their
    first names: a person's ending is no proof of a role, and the list of given names is never complete)."""
    if end - start < 2:
        return False
    low = doc[start].lower_
    if low in PERSON_NOUNS:
        return True
    return (
        end - start >= 3 and is_person_noun(low) and low not in _GIVEN_NAMES and doc[start + 1].lower_ in _GIVEN_NAMES
    )


def _opens_line(tok: Token) -> bool:
    """Is ``tok`` the first word of its sentence or of its line?"""
    return tok.is_sent_start or tok.i == 0 or "\n" in tok.doc[tok.i - 1].text_with_ws


def _author_subject(thing: Token) -> Token | None:
    """The subject that authors a document by the sentence's verb: the object of an authoring verb
    ("Republicans sent Ryan a letter", "the campaign released a new ad") or the medium of what the subject
    does ("In a letter, the lawmakers slammed ...")."""
    tok = thing
    while tok.dep_ in ("appos", "conj", "dobj", "dative") and tok.head.i != tok.i:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_.lower() not in _AUTHORING_VERBS:
                return None
            return next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if thing.dep_ == "pobj" and thing.head.lower_ == "in" and thing.head.head.pos_ in ("VERB", "AUX"):
        return next((c for c in thing.head.head.children if c.dep_ == "nsubj"), None)
    return None


def _rank(tok: Token) -> int:
    """The salience of a mention by its place in the sentence (a speaker ranks above all: ``_SPEAKER``)."""
    if tok.dep_ in _SUBJECTS:
        verb = tok.head
        while verb.dep_ == "conj" and verb.head.i != verb.i:
            verb = verb.head  # "..., but LeMay was less certain": a main clause too
        return _MAIN_SUBJECT if verb.dep_ == "ROOT" else _SUBJECT
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return _SUBJECT  # "was posted by user X"
    if tok.dep_ == "poss" and tok.head.dep_ in _SUBJECTS:
        return _POSSESSOR
    return _OTHER


def _is_clause(tok: Token) -> bool:
    """A verb with a subject of its own heads a clause, whatever label the parse hung it by ("The deal
    angered farmers, who ..." with "angered" read as a modifier of "farmers", or "the vote" read as its
    adverbial noun): no part of a noun phrase."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in _SUBJECTS for c in tok.children):
        return True
    return tok.i < tok.head.i and any(
        c.dep_ == "npadvmod" and c.i < tok.i and c.pos_ in ("NOUN", "PROPN") for c in tok.children
    )


def titled(tok: Token) -> bool:
    """A capitalised noun after a capitalised "The" inside a sentence ("reported in The Age"): a title the NER
    missed, a name."""
    return (
        not tok.ent_type_
        and tok.text[:1].isupper()
        and any(c.dep_ == "det" and c.text == "The" and not c.is_sent_start for c in tok.children)
    )


def _called(head: Token) -> Token | None:
    """The name a description gives its referent ("a coalition of groups called Strengthen Social Security",
    "a charity named Open Hands"): the proper noun after "called" or "named"."""
    for child in head.children:
        if child.dep_ == "acl" and child.tag_ in ("VBN", "VBD") and child.lemma_.lower() in ("call", "name"):
            for obj in child.children:
                if obj.dep_ in ("oprd", "dobj", "attr", "xcomp") and obj.pos_ == "PROPN" and obj.i > child.i:
                    return obj
    return None


def _is_handle(tok: Token) -> bool:
    """An account name written in lower case after a noun for a person ("user fryd_", "Reddit user jd_22"):
    a name, whatever its case."""
    return tok.pos_ == "PROPN" and any(
        c.dep_ == "compound" and c.i < tok.i and c.pos_ == "NOUN" and is_person_noun(c.lemma_.lower())
        for c in tok.children
    )


def _counts_people(head: Token) -> bool:
    """ "One of the conservative members", "some of the lawmakers": a number or pronoun whose "of" phrase
    names who is counted."""
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return of is not None and any(c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN") for c in of.children)


def _medium(tok: Token) -> bool:
    """Is ``tok`` named as the medium of what is said ("on Twitter", "via Telegram")?"""
    return tok.dep_ == "pobj" and tok.head.lower_ in _MEDIUM_PREPOSITIONS


def _is_subject(tok: Token) -> bool:
    return tok.dep_ in _SUBJECTS or (tok.dep_ == "pobj" and tok.head.dep_ == "agent")


def _clause_head(tok: Token) -> Token:
    """The verb heading the clause a token is in."""
    while tok.dep_ not in _CLAUSES and tok.dep_ != "ROOT" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def same_source_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Could two names denote one source? Compatible names (``names.compatible``) with the same head
    word: "Nicholson" ~ "John Nicholson", "Times" ~ "New York Times", but "Nicaragua" is not
    "National Autonomous University of Nicaragua" (whose head word is "university").

    A generational suffix ("Jr.", "III") is part of the name, not its surname: a bare surname names the
    suffixed person ("Biden" ~ "Joseph R. Biden Jr."), but a name with given names and no suffix, or another
    suffix, names someone else ("Donald Trump" is not "Donald Trump Jr.")."""
    (bare_a, suffix_a), (bare_b, suffix_b) = _without_suffix(a), _without_suffix(b)
    if suffix_a != suffix_b:
        unsuffixed = bare_a if suffix_a is None else bare_b if suffix_b is None else None
        if unsuffixed is None or len(unsuffixed) > 1:
            return False
    return compatible(bare_a, bare_b) and _head_word(bare_a) == _head_word(bare_b)


#: Generational suffixes: part of a person's name, but not its surname.
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _without_suffix(words: tuple[str, ...]) -> tuple[tuple[str, ...], str | None]:
    """A name's words without a generational suffix, and the suffix (None without one)."""
    if len(words) > 1 and words[-1] in _NAME_SUFFIXES:
        return words[:-1], words[-1]
    return words, None


def _surname_key(words: tuple[str, ...]) -> str:
    """The word a source is filed under: its last word, a generational suffix left out."""
    return _without_suffix(words)[0][-1] if words else ""


def _head_word(words: tuple[str, ...]) -> str:
    for n, w in enumerate(words):
        if n and w in _NAME_POSTMODIFIERS:
            return words[n - 1]
    return words[-1]


_NAME_POSTMODIFIERS = frozenset({"of", "for", "on", "in", "at"})
