"""Claim x outlet matrix, first carrier and certainty timeline from hand-built stances."""

from __future__ import annotations

import dataclasses

from newstrace.model import (
    Article,
    Claim,
    Document,
    OffsetMap,
    Quote,
    QuoteKind,
    Speaker,
    SpeakerType,
    Stance,
    StanceLabel,
    Story,
)
from newstrace.stages.evidence import claim_carriers, evidence_summary
from newstrace.stages.stories._agreement import agreement_matrix, exclusives, timeline
from newstrace.stages.stories._compare import compare_story
from tests.seedcorpus import BLOG_ID, REPORT_ID, seed_documents

CLAIM = Claim("c1", "Russia is supplying weapons to the Taliban", origin="user")


def _with_stances() -> list:  # type: ignore[type-arg]
    report, blog = seed_documents()
    nicholson_q = next(q.id for q in report.quotes if "not refuting" in q.content)
    report = dataclasses.replace(
        report,
        stances=(
            Stance("c1", "article", StanceLabel.SUPPORTS, 0.8, 0.7),
            Stance("c1", "John Nicholson", StanceLabel.SUPPORTS, 0.9, 0.9, "speaker", quote_ids=(nicholson_q,)),
        ),
    )
    blog = dataclasses.replace(
        blog,
        stances=(
            Stance("c1", "article", StanceLabel.DISCUSSES, 0.6, 0.3),
            Stance("c1", "John Nicholson", StanceLabel.SUPPORTS, 0.9, 0.8, "speaker"),
        ),
    )
    return [blog, report]


def test_matrix_has_one_cell_per_claim_and_article_with_stance_and_certainty() -> None:
    story = Story("s", (REPORT_ID, BLOG_ID), claims=(CLAIM,))
    matrix = agreement_matrix(story, _with_stances())
    cells = {c.article_id: c for c in matrix.cells}
    assert cells[REPORT_ID].label == "supports" and cells[REPORT_ID].certainty == 0.7
    assert cells[BLOG_ID].label == "discusses"
    [first] = matrix.first_carriers
    assert first.article_id == REPORT_ID  # April before July


def test_timeline_orders_each_holder_by_date() -> None:
    story = Story("s", (REPORT_ID, BLOG_ID), claims=(CLAIM,))
    rows = timeline(story, _with_stances())
    nicholson = [r for r in rows if r.holder == "John Nicholson"]
    # the report's remark was made "on Monday" (read beside the quote), the blog's date is its publication
    assert [r.date for r in nicholson] == ["2017-04-24", "2017-07-26"]
    assert [r.date_source for r in nicholson] == ["remark", "published"]
    assert [r.certainty for r in nicholson] == [0.9, 0.8]
    assert {r.holder_kind for r in rows} == {"speaker", "outlet"}


def test_compare_story_output_is_json_ready_and_order_independent() -> None:
    import json

    docs = _with_stances()
    story = Story("s", (REPORT_ID, BLOG_ID), claims=(CLAIM,))
    one = compare_story(story, docs)
    two = compare_story(story, list(reversed(docs)))
    assert one == two
    json.dumps(dataclasses.asdict(one))
    assert one.first_quotes and one.first_quotes[0].article_id == REPORT_ID


def test_corroboration_counts_copies_once() -> None:
    docs = _with_stances()
    report = next(d for d in docs if d.id == REPORT_ID)
    copies = [
        dataclasses.replace(report, article=dataclasses.replace(report.article, id=f"copy{i}", outlet=f"o{i}"))
        for i in range(4)
    ]
    story = Story("s", tuple(sorted([REPORT_ID, BLOG_ID, *(c.id for c in copies)])), claims=(CLAIM,))
    groups = [tuple(sorted([REPORT_ID, *(c.id for c in copies)])), (BLOG_ID,)]
    [count] = agreement_matrix(story, [*docs, *copies], groups).corroboration
    assert count.articles == 5 and count.independent_sources == 1


def test_evidence_of_a_claim_comes_from_articles_whose_stance_bears_on_it() -> None:
    from newstrace.model import Evidence

    docs = _with_stances()
    docs = [dataclasses.replace(d, evidence=(Evidence("video_image", d.text[:10], 0, 10),)) for d in docs]
    blog = next(d for d in docs if d.id == BLOG_ID)
    unrelated = dataclasses.replace(blog, stances=(Stance("c1", "article", StanceLabel.UNRELATED, 0.9, 0.5),))
    docs = [unrelated if d.id == BLOG_ID else d for d in docs]
    story = compare_story(Story("s", (REPORT_ID, BLOG_ID), claims=(CLAIM,)), docs)
    assert story.reuse_summary is not None
    [summary] = evidence_summary(story, docs, story.reuse, story.reuse_summary, claim_carriers(story.agreement))
    assert summary.articles == (REPORT_ID,)


def test_a_mention_that_resolved_to_no_one_is_no_exclusive_speaker() -> None:
    docs = []
    for n, (mention, name) in enumerate([("Nobody", None), ("Ann Mayor", "Ann Mayor")]):
        text = f"Report {n}. {mention} said the dam held."
        start = text.index("the dam held")
        speaker = Speaker(mention, name, SpeakerType.PERSON if name else SpeakerType.UNKNOWN)
        quote = Quote("q1", QuoteKind.INDIRECT, "the dam held", start, start + 12, speaker=speaker)
        article = Article(id=f"a{n}", source=f"a{n}.txt", raw=text)
        docs.append(Document(article, text=text, offsets=OffsetMap.identity(len(text)), quotes=(quote,)))
    only = exclusives(docs, [])
    assert [s.name for s in only.speakers] == ["Ann Mayor"]
