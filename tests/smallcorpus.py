"""A small corpus that every stage has something to do with: the two seed articles and eight short
made-up reports of one story (quotes, speakers, dates, a copied passage, a denial)."""

from __future__ import annotations

from newstrace.model import Article
from tests.seedcorpus import BLOG_ID, REPORT_ID, raw

CLAIM = "The harbour authority closed the northern pier after the storm"

_PEOPLE = [
    ("Maria Lindqvist", "the harbour master", "Lindqvist"),
    ("Tomas Berg", "a spokesman for the port authority", "Berg"),
    ("Anna Holm", "the mayor", "Holm"),
    ("Peter Sand", "a fisherman who has worked the pier for thirty years", "Sand"),
]
_OPENINGS = [
    "The northern pier was closed on Monday after the storm damaged its outer section, officials said.",
    "Port officials shut the northern pier after Sunday's storm, according to a statement from the harbour.",
    "The storm that hit the coast on Sunday forced the closure of the northern pier, the harbour authority said.",
    "Boats were turned away from the northern pier on Monday as the harbour assessed storm damage.",
]
_QUOTES = [
    "We cannot let anyone on the pier until the engineers have checked every beam",
    "The damage is worse than we first thought, and repairs will take weeks",
    "I am not denying that the pier is closed, but the reasons are being exaggerated",
    "Nobody was hurt, and that is what matters most tonight",
]
_COPIED = (
    "Engineers from the regional office are expected to inspect the structure on Wednesday, and the authority "
    "said it would publish their findings before deciding whether the pier can reopen for the summer season."
)


def _report(i: int) -> str:
    name, role, surname = _PEOPLE[i % len(_PEOPLE)]
    other, other_role, other_surname = _PEOPLE[(i + 1) % len(_PEOPLE)]
    lines = [
        f"Storm closes northern pier, report {i + 1}",
        _OPENINGS[i % len(_OPENINGS)],
        f"“{_QUOTES[i % len(_QUOTES)]},” {name}, {role}, told reporters on Monday.",
        f"{other}, {other_role}, said the closure was necessary."
        f" “{_QUOTES[(i + 2) % len(_QUOTES)]},” {other_surname} said.",
        f"{surname} denied that the pier had been unsafe before the storm.",
        _COPIED if i % 3 == 0 else f"Local shops near the pier reported {10 + i} fewer customers than usual.",
    ]
    return "\n\n".join(lines)


def ten_articles() -> list[Article]:
    """The two seeds and eight reports, each with a distinct id, date and outlet."""
    seeds = [
        Article(id=REPORT_ID, source=f"{REPORT_ID}.txt", raw=raw(REPORT_ID), published="2017-04-25", outlet="seed-a"),
        Article(id=BLOG_ID, source=f"{BLOG_ID}.txt", raw=raw(BLOG_ID), published="2017-07-26", outlet="seed-b"),
    ]
    reports = [
        Article(
            id=f"r{i}",
            source=f"report-{i}.txt",
            raw=_report(i),
            published=f"2021-03-{10 + i:02d}",
            outlet=f"outlet-{i}",
            title=f"Storm closes northern pier, report {i + 1}",
        )
        for i in range(8)
    ]
    return [*seeds, *reports]
