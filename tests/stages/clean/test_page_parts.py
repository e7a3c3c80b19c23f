"""Bylines, photo captions, datelines and readers' comment threads are removed before attribution, each
with a record of what and why (invented page texts)."""

from __future__ import annotations

from typing import Any

import pytest

from newstrace.model import RemovalKind
from newstrace.settings import Settings
from newstrace.stages.attribution import attribute
from newstrace.stages.clean import clean_text
from newstrace.stages.clean._page_parts import BYLINE, CAPTION, COMMENTS, DATELINE

SETTINGS = Settings.load()

PAGE = """Port strike talks collapse

By Maria Lopez and Tom Reed, Harbor Wire

LINDALE, Westmark — The dockworkers' union said on Monday that talks with the port authority had failed.

Dockworkers march outside the port gates on Sunday. (Photo by Jon Smith/Westmark Pictures)

"We have not been offered anything," a union spokesman said. He said the strike would go on.

The port authority did not answer a request for comment.

Shipping lines have begun to divert cargo to other ports, according to the authority.

12 Comments

harbor_fan · 2 hours ago
This is all lies, they said so last week.
"""


def removed_by_reason(raw: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for span in clean_text(raw, SETTINGS).removed:
        assert span.kind is RemovalKind.FURNITURE or span.reason not in (BYLINE, CAPTION, DATELINE, COMMENTS)
        out.setdefault(span.reason, []).append(span.text)
    return out


def test_each_page_part_is_removed_with_its_reason() -> None:
    removed = removed_by_reason(PAGE)
    assert removed[BYLINE] == ["By Maria Lopez and Tom Reed, Harbor Wire"]
    assert removed[DATELINE] == ["LINDALE, Westmark — "]
    assert removed[CAPTION] == [
        "Dockworkers march outside the port gates on Sunday. (Photo by Jon Smith/Westmark Pictures)"
    ]
    assert removed[COMMENTS][0].startswith("12 Comments") and removed[COMMENTS][0].endswith("last week.")
    text = clean_text(PAGE, SETTINGS).text
    assert text.split("\n\n")[1].startswith("The dockworkers' union said on Monday")
    assert "Shipping lines have begun" in text


@pytest.mark.parametrize(
    "paragraph",
    [
        "By Monday, the union had lost patience with the port authority.",
        "By then the union had walked out",  # a heading, not a byline: no capitalised name after "By"
        "The union posted a picture: a row of empty cranes at dawn.",
        "Officials — including the mayor — said the port would reopen.",
        "NATO and Westmark officials met on Monday.",
    ],
)
def test_sentences_that_look_like_page_parts_are_kept(paragraph: str) -> None:
    raw = f"Port strike talks collapse\n\n{paragraph}\n\nThe strike entered its second week on Monday."
    removed = removed_by_reason(raw)
    assert not any(r in removed for r in (BYLINE, CAPTION, DATELINE, COMMENTS)), removed


def test_a_comments_label_above_the_article_heads_no_thread() -> None:
    raw = "\n\n".join(
        [
            "Port strike talks collapse",
            "3 Comments",
            "The dockworkers' union said on Monday that talks had failed.",
            "The port authority did not answer a request for comment.",
            "Shipping lines have begun to divert cargo to other ports.",
            "The strike entered its second week on Monday.",
        ]
    )
    assert COMMENTS not in removed_by_reason(raw)
    assert "Shipping lines have begun" in clean_text(raw, SETTINGS).text


def test_attribution_after_cleaning_reads_no_page_part(nlp: Any) -> None:
    quotes, _ = attribute(nlp(clean_text(PAGE, SETTINGS).text))
    speakers = {q.speaker.name for q in quotes if q.speaker is not None}
    contents = " ".join(q.content for q in quotes)
    assert "Jon Smith" not in speakers and "Lindale" not in speakers
    assert "This is all lies" not in contents and "LINDALE" not in contents
    he = next(q for q in quotes if "strike would go on" in q.content)
    assert he.speaker is not None and he.speaker.name == "a union spokesman"


def test_a_bare_comments_label_inside_the_article_heads_no_thread() -> None:
    body = [f"The strike entered day {n} with no talks planned, the union said on the picket line." for n in range(8)]
    raw = "\n\n".join(["Port strike talks collapse", *body[:6], "107\nCOMMENTS", *body[6:]])
    assert COMMENTS not in removed_by_reason(raw)
    assert body[7] in clean_text(raw, SETTINGS).text
