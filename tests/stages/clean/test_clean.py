"""The clean stage: appeals, page furniture, boilerplate notices and repeated passages.

Every synthetic appeal and furniture line here is written for these tests; none is taken
from the sample articles.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from newstrace.model import Article, Document, RemovalKind
from newstrace.pipeline import Corpus, RunContext, is_dead
from newstrace.settings import Settings
from newstrace.stages.clean import CleanResult, HeuristicCleaner, appeal_score, clean_text

SETTINGS = Settings.load()
SAMPLES = Path(__file__).resolve().parents[3] / "src" / "newstrace" / "data" / "samples"

NEWS = [
    "The city council voted 7-2 on Tuesday to approve the new budget, which raises spending on roads by 4%.",
    "Opponents said the plan ignored rising rents. “We will keep fighting this,” said one councillor, "
    "who asked residents to support the appeal.",
    "The mayor told reporters the vote was a turning point. Officials expect work to begin in the spring.",
    "Police said two men were arrested near the station after a brief chase. Neither has been charged.",
    "Analysts at the central bank had forecast slower growth, citing weak exports and higher energy prices.",
]
APPEAL = [
    "A Message From Our Editors",
    "Friends,",
    "Independent reporting like this costs money, and we rely on readers like you to keep our newsroom going.",
    "If you value what we publish, please make a donation today. Every gift, large or small, keeps our work free "
    "for everyone.",
    "Become a member now and support the journalism you believe in.",
    "Thank you,",
    "The Editorial Team",
]


def clean(text: str) -> CleanResult:
    return clean_text(text, SETTINGS)


def kinds(result: CleanResult) -> list[RemovalKind]:
    return [r.kind for r in result.removed]


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize(
    ("paragraphs", "removed_kinds", "gone"),
    [
        # an appeal run at the end goes whole, with its heading, salutation and sign-off
        ([*NEWS, *APPEAL], [RemovalKind.APPEAL], APPEAL),
        # an appeal run at the start, before or after the title
        ([*APPEAL[2:5], *NEWS], [RemovalKind.APPEAL], APPEAL[2:5]),
        (["Roads Budget Approved", *APPEAL[2:5], *NEWS], [RemovalKind.APPEAL], APPEAL[2:5]),
        # a newsletter box in the middle
        ([NEWS[0], "Sign up for our weekly newsletter", *NEWS[1:]], [RemovalKind.FURNITURE], ["Sign up for"]),
        (
            [NEWS[0], "Subscribe to our newsletter and get the best stories in your inbox.", *NEWS[1:]],
            [RemovalKind.APPEAL],
            ["Subscribe to our newsletter"],
        ),
        # share buttons, advertisement markers and trailing section labels
        (
            [NEWS[0], "Share this article", NEWS[1], "ADVERTISEMENT", NEWS[2]],
            [RemovalKind.FURNITURE, RemovalKind.FURNITURE],
            ["Share this article", "ADVERTISEMENT"],
        ),
        ([*NEWS, "MORE WORLD NEWS"], [RemovalKind.FURNITURE], ["MORE WORLD NEWS"]),
        (
            [*NEWS, "Related Stories", "Storm Floods Coastal Towns Overnight", "Budget Talks Stall Again In Senate"],
            [RemovalKind.FURNITURE, RemovalKind.FURNITURE],
            ["Related Stories", "Storm Floods", "Budget Talks"],
        ),
        # another story's headline in capitals between paragraphs, and a shouted call to act
        (
            [NEWS[0], "SENATE PANEL DELAYS VOTE ON BRIDGE FUNDS", NEWS[1], "CLICK HERE TO GET OUR APP", NEWS[2]],
            [RemovalKind.FURNITURE, RemovalKind.FURNITURE],
            ["SENATE PANEL", "CLICK HERE"],
        ),
        # cookie and copyright notices
        (
            [*NEWS, "This site uses cookies to improve your experience. By browsing on you agree to our policy."],
            [RemovalKind.BOILERPLATE],
            ["uses cookies"],
        ),
    ],
)
def test_boilerplate_is_removed_and_the_news_kept(
    paragraphs: list[str], removed_kinds: list[RemovalKind], gone: list[str]
) -> None:
    raw = "\n\n".join(paragraphs)
    result = clean(raw)
    assert kinds(result) == removed_kinds
    for text in gone:
        assert text not in result.text
        assert any(text in r.text for r in result.removed)
    for para in paragraphs:
        if not any(text in para for text in gone):
            assert para in result.text


@pytest.mark.parametrize(
    "paragraphs",
    [
        NEWS,
        # quoted first-person plural and a call to support inside a quote is someone else's speech
        [*NEWS, "“We ask every one of you to donate and to join our campaign,” the charity's director said."],
        # a short heading inside the article and a short last line are content
        [NEWS[0], "Background", *NEWS[1:], "The hearing resumes on Monday."],
        # a short quote repeated is not a repeated passage
        [NEWS[0], "“Never again,” she said.", NEWS[1], "“Never again,” she said.", NEWS[2]],
        # copyright lines are part of the body in extraction gold standards
        [*NEWS, "© 2021 Example Media Group. All rights reserved."],
        # repeated rows of a menu or schedule are structure, not a repeated passage
        [NEWS[0], *(["Day one", "Breakfast: oats, 1 cup berries, 1 tsp honey", "Lunch: bean salad (1 cup beans)"] * 4)],
        # a how-to list item that tells the reader to sign up is content
        [NEWS[0], "- Sign up for a free account with your email address", "- Confirm the code sent to you"],
        # subheadings that begin with a furniture word are content
        [NEWS[0], "Share prices fall", NEWS[4], "Related Party Deals", NEWS[1]],
        # a title in capitals is the title, not a link
        ["ROADS BUDGET APPROVED BY THE COUNCIL", *NEWS],
        # a title above the article is kept when an appeal opens the text
        ["Roads Budget Approved", *NEWS],
        # a sentence about subscriptions is news when nobody is asked to act
        [*NEWS, "The company said subscriptions rose 12% last quarter as more members joined its service."],
        # a single-paragraph invitation with one action word at the end is kept
        [*NEWS, "If you have seen the vehicle, you can tell us what you saw in the comments."],
    ],
)
def test_ordinary_articles_are_left_alone(paragraphs: list[str]) -> None:
    raw = "\n\n".join(paragraphs)
    result = clean(raw)
    assert result.removed == ()
    assert result.text == raw


@pytest.mark.parametrize(
    "appeal",
    [
        "You've reached your limit of free articles this month. Subscribe now for unlimited access to our reporting.",
        "Thanks for reading. If you'd like to support our work, become a patron for as little as $3 a month.",
        "Before you go...\n\nWe're a small, independent newsroom funded by readers like you. No billionaire owner, "
        "no paywall.\n\nIf you can, please chip in today. It only takes a minute.\n\nDonate now",
        "Our reporting is free for everyone because thousands of readers pay for it. Will you join them?\n\nSupport us",
        "Enjoyed this story? Get our free morning briefing delivered to your inbox.\n\nEnter your email\n\nSubscribe",
        "This article was made possible by our members. Become one today and help keep local news alive.",
    ],
)
def test_appeals_in_many_wordings_are_removed_from_the_tail(appeal: str) -> None:
    body = "\n\n".join(NEWS)
    result = clean(f"{body}\n\n{appeal}")
    assert result.text == body
    assert kinds(result) == [RemovalKind.APPEAL]


def test_a_body_pasted_twice_keeps_the_first_copy() -> None:
    body = "\n\n".join(NEWS)
    raw = f"Title Of The Piece\n\n{body}\n\n{body}\n\nLATEST VIDEOS"
    result = clean(raw)
    assert result.text == f"Title Of The Piece\n\n{body}"
    dup = [r for r in result.removed if r.kind is RemovalKind.DUPLICATE]
    assert len(dup) == 1
    assert dup[0].text == body
    assert dup[0].start == raw.rindex(body)
    assert "second copy" in dup[0].reason


def test_a_long_repeated_passage_inside_a_paragraph_is_removed() -> None:
    passage = NEWS[0] + " " + NEWS[4]
    raw = f"{passage} {NEWS[2]} {passage}\n\n{NEWS[3]}"
    result = clean(raw)
    assert [r.kind for r in result.removed] == [RemovalKind.DUPLICATE]
    assert result.text.count(passage) == 1
    assert NEWS[3] in result.text


def test_appeal_score_separates_appeals_from_news() -> None:
    assert all(appeal_score(p) < 0.3 for p in NEWS)
    assert appeal_score(APPEAL[3]) >= SETTINGS.get("clean.boilerplate_threshold")


# --------------------------------------------------------------------------- offsets


def assert_offsets_slice_back(raw: str, result: CleanResult) -> None:
    for clean_start, raw_start, length in result.offsets.segments:
        assert result.text[clean_start : clean_start + length] == raw[raw_start : raw_start + length]
        assert result.offsets.to_raw(clean_start) == raw_start
    for span in result.removed:
        assert raw[span.start : span.end] == span.text
        assert span.reason


def assert_nothing_lost_silently(raw: str, result: CleanResult) -> None:
    covered = bytearray(len(raw))
    for _, raw_start, length in result.offsets.segments:
        covered[raw_start : raw_start + length] = b"\x01" * length
    for span in result.removed:
        covered[span.start : span.end] = b"\x01" * (span.end - span.start)
    lost = [i for i, c in enumerate(raw) if not c.isspace() and not covered[i]]
    assert lost == [], f"lost without a record: {[raw[i] for i in lost[:20]]}"


# --------------------------------------------------------------------------- seeds


def test_seed_000_loses_its_donation_appeal_and_nothing_else() -> None:
    raw = (SAMPLES / "000_007fbfef98640e8d.txt").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line.strip()]
    result = clean(raw)
    appeal = [r for r in result.removed if r.kind is RemovalKind.APPEAL]
    assert len(appeal) == 1
    # the appeal runs from its title-case headline to the signature: the last 14 lines
    assert appeal[0].text.splitlines() == lines[-14:]
    assert appeal[0].end == len(raw.rstrip())
    assert result.text == "\n".join(lines[:-14])
    assert_offsets_slice_back(raw, result)
    assert_nothing_lost_silently(raw, result)


def test_seed_001_loses_its_second_copy_and_trailing_label() -> None:
    raw = (SAMPLES / "001_b853a04869582be9.txt").read_text(encoding="utf-8")
    result = clean(raw)
    assert kinds(result) == [RemovalKind.DUPLICATE, RemovalKind.FURNITURE]
    dup, label = result.removed
    assert label.text == "RECENT VIDEOS"
    body = dup.text
    assert len(body) > 3000
    assert result.text.count(body) == 1
    assert result.text.endswith(body)
    assert "RECENT VIDEOS" not in result.text
    assert_offsets_slice_back(raw, result)
    assert_nothing_lost_silently(raw, result)


@pytest.mark.parametrize("name", ["000_007fbfef98640e8d.txt", "001_b853a04869582be9.txt"])
def test_seeds_are_clean_after_one_pass(name: str) -> None:
    raw = (SAMPLES / name).read_text(encoding="utf-8")
    once = clean(raw)
    assert clean(once.text).text == once.text
    assert clean(once.text).removed == ()


def test_shared_seeds_match_the_bundled_copies(shared: Path) -> None:
    for path in sorted((shared / "samples" / "seeds").glob("*.txt")):
        assert clean(path.read_text(encoding="utf-8")).text == clean((SAMPLES / path.name).read_text("utf-8")).text


# --------------------------------------------------------------------------- the stage


def _run(raw: str) -> Document:
    stage = HeuristicCleaner(SETTINGS)
    corpus = Corpus((Document(Article(id="a", source="a.txt", raw=raw)),))
    return stage(corpus, RunContext(SETTINGS)).documents[0]


def test_the_stage_fills_text_removed_and_offsets() -> None:
    raw = "\n\n".join([*NEWS, *APPEAL])
    doc = _run(raw)
    assert doc.text == "\n\n".join(NEWS)
    assert [r.kind for r in doc.removed] == [RemovalKind.APPEAL]
    assert doc.offsets.to_raw(len(NEWS[0]) + 2) == raw.index(NEWS[1])
    assert not is_dead(doc)


@pytest.mark.parametrize(("raw", "message"), [("   \n\n ", "empty"), ("Share this\n\nADVERTISEMENT", "nothing")])
def test_an_article_with_nothing_left_is_marked_unusable(raw: str, message: str) -> None:
    doc = _run(raw)
    assert is_dead(doc)
    assert message in doc.failures[-1].message


# --------------------------------------------------------------------------- invariants

_PARAGRAPH = st.one_of(
    st.sampled_from(NEWS + APPEAL + ["Share this", "RELATED", "Read more: Another Story Title", "“Yes,” he said."]),
    st.text(alphabet=st.sampled_from("abcde fgh.,!?“”\"'’ \n"), min_size=0, max_size=80),
)
_SEPARATOR = st.sampled_from(["\n", "\n\n", " \n \n", "\r\n", "  "])


@st.composite
def articles(draw: st.DrawFn) -> str:
    paras = draw(st.lists(_PARAGRAPH, min_size=0, max_size=12))
    if paras and draw(st.booleans()):
        paras = paras + paras[: draw(st.integers(1, len(paras)))]  # a repeated run
    seps = draw(st.lists(_SEPARATOR, min_size=len(paras), max_size=len(paras)))
    return "".join(p + s for p, s in zip(paras, seps, strict=True))


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_cleaning_is_idempotent(raw: str) -> None:
    once = clean(raw).text
    assert clean(once).text == once


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_offsets_slice_back_and_nothing_is_lost_silently(raw: str) -> None:
    result = clean(raw)
    assert_offsets_slice_back(raw, result)
    assert_nothing_lost_silently(raw, result)
    # every cleaned character maps to the same character in the raw text
    for i, ch in enumerate(result.text):
        if not ch.isspace():
            assert raw[result.offsets.to_raw(i)] == ch


def test_template_tags_are_cut_out_of_the_sentence_they_sit_in() -> None:
    raw = "\n\n".join([NEWS[0], "{adslot}The mayor said the vote is next week.{/adslot}", NEWS[1]])
    result = clean(raw)
    assert "The mayor said the vote is next week." in result.text
    assert "{" not in result.text
    assert [(r.text, r.reason) for r in result.removed] == [("{adslot}", "template tag"), ("{/adslot}", "template tag")]
    for span in result.removed:
        assert raw[span.start : span.end] == span.text
