"""Two misparses of a speaker on real pages: a speaker inside quotation marks, and a title-cased line.

- **Inside the marks.** The words between quotation marks are someone's words, never the name of who
  said them: a speaker whose head word lies inside a quotation the cue is outside of is a misparse
  ("... A 'Cash Grab,' Says ...": the parse took "Cash Grab" for the subject of "Says").
- **Title Case.** A headline or a related-link title in Title Case parses badly: the capitalised verbs
  read as parts of names, so "Harlan Calls Toll Plan A 'Cash Grab,' Says He Will Veto It" gets the
  subject "Harlan Calls Toll Plan A 'Cash Grab". A headline is subject first, so on such a line the
  speaker is the noun phrase that opens it ("Harlan"), cut before its first verb; with no such noun
  phrase the statement keeps no speaker rather than a fragment of the headline. Names the NER found
  on such a line are cut the same way (``title_line_name_end``).

The checks read only the parse and the quotation marks; they name no word of any text.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from newstrace.stages.attribution._cues import GROUP_NOUNS, ORGANIZATION_NOUNS, is_person_noun
from newstrace.stages.attribution._cues import VERBS as CUE_VERBS
from newstrace.stages.attribution._marks import MARKS
from newstrace.text import names
from newstrace.text.parse import doc_text  # the line tests below ask for the text for every name and cue

_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: The most words a headline's opening noun phrase is taken to have ("Senior Party Official Dana Ruiz").
_MAX_OPENING_WORDS = 6
#: How far into its line a headline's subject may start (after a quoted exclamation: "'Jail!' Harlan slams").
_HEADLINE_LEAD_TOKENS = 6


def line_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """Character bounds of the line that holds token ``i``."""
    text = doc_text(doc)
    at = doc[i].idx
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end < 0 else end


def is_title_line(doc: Doc, i: int, min_word_chars: int) -> bool:
    """Is token ``i`` on a line in Title Case (every word of ``min_word_chars`` letters or more
    capitalised, at least three of them)? Such a line is a headline or a link's title, not prose."""
    start, end = line_bounds(doc, i)
    return _title_text(doc_text(doc)[start:end], min_word_chars)


def _title_text(line: str, min_word_chars: int) -> bool:
    words = [w for w in _WORD.findall(line) if len(w) >= min_word_chars]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _verb_like(tok: Token) -> bool:
    """A word a Title Case line uses as its verb: tagged a verb, or a reporting verb's form after the
    first word (the tagger reads "Blasts" or "Slams" in Title Case as a name)."""
    if tok.tag_.startswith("VB") or tok.pos_ in ("VERB", "AUX"):
        return True
    return tok.lower_ in CUE_VERBS or tok.lemma_.lower() in CUE_VERBS


def title_line_name_end(doc: Doc, start: int, end: int) -> int:
    """The end of a name found at tokens ``start:end`` on a Title Case line, cut before the first word
    after its first that reads as a verb ("Harlan Calls Toll Plan" -> "Harlan"); ``end`` otherwise."""
    for i in range(start + 1, end):
        if _verb_like(doc[i]):
            return i
    return end


def confirmed_name(doc: Doc, start: int, end: int, min_word_chars: int) -> tuple[int, int] | None:
    """The part of a name at tokens ``start:end`` on a Title Case line that the article writes elsewhere too.

    A headline's capitalised words run into its names ("Social Security Cuts AARP", "Harlan Attacks Justice
    Department"), and nothing in the line tells where a name ends. The body does: the longest run of the
    name's words that holds its head word and occurs in a line not in Title Case ("AARP", "Justice
    Department") is the name; with none, the line names no one (None)."""
    text = doc_text(doc)
    # the body: the lines that are not Title Case (a page may repeat its headline)
    elsewhere = "\n".join(line for line in text.split("\n") if not _title_text(line, min_word_chars))
    root = doc[start:end].root.i
    spans = sorted(
        ((lo, hi) for lo in range(start, root + 1) for hi in range(root + 1, end + 1)),
        key=lambda span: span[0] - span[1],
    )
    for lo, hi in spans:
        name = doc[lo:hi].text
        if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", elsewhere, flags=re.IGNORECASE):
            return lo, hi
    return None


def opening_speaker(doc: Doc, i: int, in_quote: list[int]) -> Token | None:
    """The head of the noun phrase that opens the Title Case line holding token ``i``.

    The tagger cannot be trusted there ("Blasts" in "Mayor Blasts Plan" reads as a name), so the phrase
    is read word by word: a pronoun alone ("He Says ..."), or a first word that is a name, a title or a
    noun for a person or a body, followed by words inside the same named entity or such nouns
    ("Council Leader", "Senator Mia Harlan"); the first other word ends it."""
    start, _ = line_bounds(doc, i)
    j = i
    while j > 0 and doc[j - 1].idx >= start:
        j -= 1
    while j < len(doc) and (doc[j].is_space or doc[j].is_punct) and doc[j].text not in MARKS:
        j += 1
    if j >= len(doc) or doc[j].idx < start or in_quote[j] >= 0:
        return None
    first = doc[j]
    if first.pos_ == "PRON":
        return first if first.lower_ not in ("it", "this", "that", "what") else None
    if not (first.pos_ == "PROPN" or _source_word(first)):
        return None
    head = first
    for tok in doc[j + 1 : j + _MAX_OPENING_WORDS]:
        if in_quote[tok.i] >= 0 or tok.is_punct or tok.is_space or _verb_like(tok):
            break
        same_name = tok.ent_iob_ == "I" and tok.ent_type_ in _NAME_LABELS
        if not (same_name or _source_word(tok)):
            break
        head = tok
    return head


def _source_word(tok: Token) -> bool:
    """A title, or a noun for a person or a body ("Mayor", "Officials", "Council")."""
    lemma = tok.lemma_.lower()
    low = tok.lower_.rstrip(".")
    return (
        low in names.TITLES
        or is_person_noun(lemma)
        or is_person_noun(low)
        or lemma in ORGANIZATION_NOUNS
        or low in ORGANIZATION_NOUNS
        or lemma in GROUP_NOUNS
        or tok.ent_type_ in _NAME_LABELS
    )


def _name_before_verb(head: Token, np_bounds: tuple[int, int]) -> Token | None:
    """ "Harlan denies rival's report, says ...": a headline's reporting verb read as a plural noun, with the
    name that opens the line as its modifier. That name is the speaker."""
    doc = head.doc
    lo, _ = np_bounds
    for verb in doc[lo : head.i + 1]:
        if not (verb.tag_ == "NNS" and verb.lemma_.lower() in CUE_VERBS):
            continue
        name = [c for c in verb.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < verb.i]
        if not name:
            return None
        first = name[0].left_edge.i
        start, _ = line_bounds(doc, verb.i)
        near_start = first < _HEADLINE_LEAD_TOKENS or doc[first - _HEADLINE_LEAD_TOKENS].idx < start
        return name[-1] if near_start else None
    return None


def checked_speaker(
    head: Token,
    cue_tok: Token | None,
    content: tuple[int, int],
    in_quote: list[int],
    np_bounds: tuple[int, int],
    min_word_chars: int,
) -> Token | None:
    """The speaker head to use for a statement (``content``: its character span) whose parse gave ``head``
    (``np_bounds``: its noun phrase's token bounds): ``head`` itself, the opening noun phrase of a Title
    Case line whose parse went wrong (a speaker inside the statement's own content, or a phrase holding a
    verb), or None when the parse's speaker lies inside the quotation marks and nothing better is on the
    line."""
    if cue_tok is None:
        return head
    doc = head.doc
    name = _name_before_verb(head, np_bounds)
    if name is not None:
        return name
    inside = in_quote[head.i] >= 0 and in_quote[head.i] != in_quote[cue_tok.i]
    title = is_title_line(doc, cue_tok.i, min_word_chars)
    if title and not inside:
        # in prose a content span that runs over its speaker is the content's misparse (the speaker is
        # right); on a Title Case line it is the speaker's
        lo, hi = np_bounds
        inside = content[0] <= head.idx < content[1] or any(
            _verb_like(t) or t.text in MARKS for t in doc[lo : hi + 1] if t.i != lo
        )
    if not inside:
        return head
    if title:
        return opening_speaker(doc, cue_tok.i, in_quote)
    return None
