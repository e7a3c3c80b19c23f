"""The speaker named before a prepositional aside set off by commas ("X, in a written statement, said:") when
the parse left the cue without a subject (issue 16: a governor's statement with no speaker because the parse ran
its paragraph into the one before). A hand-made parse of invented words."""

from __future__ import annotations

from typing import Any

from newstrace.stages.attribution import AttributionParams, _core
from tests.stages.attribution.test_resolution import hand_parse


def test_a_prepositional_aside_between_the_speaker_and_the_cue_is_skipped(nlp: Any) -> None:
    # the parse of a real page runs a paragraph into the one before it: the name hangs on the earlier verb and
    # "said:" has no subject; the name before ", in a written statement," is still the one who said it
    parse = [  # word, head, dep, pos, lemma
        ("Voters", 1, "nsubj", "NOUN", "voter"),
        ("left", 1, "ROOT", "VERB", "leave"),
        (".", 1, "punct", "PUNCT", "."),
        ("\n\n", 2, "dep", "SPACE", "\n\n"),
        ("Gov.", 6, "compound", "PROPN", "gov."),
        ("Ann", 6, "compound", "PROPN", "ann"),
        ("Voss", 1, "npadvmod", "PROPN", "voss"),
        (",", 1, "punct", "PUNCT", ","),
        ("in", 1, "prep", "ADP", "in"),
        ("a", 11, "det", "DET", "a"),
        ("written", 11, "amod", "VERB", "write"),
        ("statement", 8, "pobj", "NOUN", "statement"),
        (",", 1, "punct", "PUNCT", ","),
        ("said", 1, "ccomp", "VERB", "say"),
        (":", 13, "punct", "PUNCT", ":"),
        ("“", 13, "punct", "PUNCT", "“"),
        ("Taxes", 17, "nsubj", "NOUN", "tax"),
        ("rose", 13, "ccomp", "VERB", "rise"),
        (".", 1, "punct", "PUNCT", "."),
        ("”", 1, "punct", "PUNCT", "”"),
    ]
    doc = hand_parse(nlp, parse)
    subject = _core._subject_of(doc[13], AttributionParams())
    assert subject is not None and subject.text == "Voss"
    # an aside that is a clause is no prepositional aside: nothing is read off the words before it
    parse[8] = ("who", 9, "nsubj", "PRON", "who")
    parse[9] = ("wrote", 6, "relcl", "VERB", "write")
    parse[10] = ("a", 11, "det", "DET", "a")
    doc = hand_parse(nlp, parse)
    assert _core._before_prepositional_aside(doc, 11, AttributionParams()) == 11
