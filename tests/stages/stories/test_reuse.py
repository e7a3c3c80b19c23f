"""Reuse between real texts: wire copies counted once, offsets exact, order-independent."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newstrace.stages.stories._reuse import Text, find_reuse


def _bodies(shared: Path, n: int) -> list[str]:
    with (shared / "data" / "fnc-1" / "train_bodies.csv").open(newline="", encoding="utf-8") as fh:
        rows = [r["articleBody"] for r in csv.DictReader(fh)]
    return [b for b in rows if len(b) > 1500][:n]


def test_five_outlets_running_one_wire_story_are_one_source(shared: Path) -> None:
    wire, *others = _bodies(shared, 8)
    texts = [Text("wire", wire, "2017-03-01")]
    # four outlets run the wire text with their own intro line; three unrelated articles
    for i in range(4):
        texts.append(Text(f"outlet{i}", f"Our correspondent adds context number {i}.\n\n{wire}", "2017-03-02"))
    texts.extend(Text(f"other{i}", body, "2017-03-02") for i, body in enumerate(others[:3]))
    pairs, summary = find_reuse(texts)
    wire_group = next(g for g in summary.copy_groups if "wire" in g)
    assert set(wire_group) == {"wire", "outlet0", "outlet1", "outlet2", "outlet3"}
    assert summary.independent_sources == 4  # the wire story once + three unrelated articles
    assert all(p.source_id == "wire" for p in pairs if "wire" in (p.a_id, p.b_id))
    assert all(p.direction == "unknown" for p in pairs if p.a_id.startswith("outlet") and p.b_id.startswith("outlet"))


def test_unrelated_articles_share_nothing(shared: Path) -> None:
    texts = [Text(f"t{i}", body) for i, body in enumerate(_bodies(shared, 6)[1:])]
    pairs, summary = find_reuse(texts)
    assert all(len(p.passages) == 0 for p in pairs) or not pairs
    assert summary.independent_sources == len(texts)


def test_a_blog_reproducing_paragraphs_without_quote_marks_is_found(shared: Path) -> None:
    source, blog_own = _bodies(shared, 2)
    paragraphs = [p for p in source.split("\n") if len(p.split()) > 20][:2]
    blog = f"{blog_own[:500]}\n\n{paragraphs[0]}\n\nWhat does this mean? {blog_own[500:900]}\n\n{paragraphs[1]}\n"
    pairs, summary = find_reuse([Text("source", source, "2016-05-01"), Text("blog", blog, "2016-05-03")])
    [pair] = pairs
    assert pair.copy_id == "blog" and pair.source_id == "source"
    copied = " ".join(p.b_text if pair.b_id == "blog" else p.a_text for p in pair.passages)
    for paragraph in paragraphs:
        assert paragraph.split()[3] in copied and paragraph.split()[-3] in copied
    assert 0.2 < summary.shares["blog"] < 0.9


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_reuse_is_the_same_whatever_the_input_order(rng: random.Random) -> None:
    base = "the council voted on the new budget after a long debate about schools roads and parks in the city"
    texts = [
        Text("a", base + " and more was said later.", "2020-01-01"),
        Text("b", "Intro words here. " + base + " Then the meeting ended.", "2020-01-02"),
        Text("c", "Nothing in common with the others at all, just a different story about weather.", None),
    ]
    shuffled = list(texts)
    rng.shuffle(shuffled)
    assert find_reuse(shuffled) == find_reuse(texts)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"]),
        min_size=15,
        max_size=40,
    ),
    st.text(alphabet="xyz ,.\n", max_size=30),
    st.text(alphabet="uvw ,.\n", max_size=30),
)
def test_passage_offsets_slice_back_in_both_articles(words: list[str], prefix: str, suffix: str) -> None:
    shared_text = " ".join(words)
    a = Text("a", f"Start. {shared_text}. End.", "2020-01-01")
    b = Text("b", f"{prefix}{shared_text}{suffix}", "2020-02-01")
    pairs, _ = find_reuse([a, b])
    for pair in pairs:
        for p in pair.passages:
            assert a.text[p.a_start : p.a_end] == p.a_text
            assert b.text[p.b_start : p.b_end] == p.b_text
