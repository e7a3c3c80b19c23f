"""report.html opened from disk in a real browser: every finding link, clicked, shows its sentence
highlighted; its script runs under the page's own policy without an error; nothing is fetched; it fits
a phone's 420 px."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import CLAIM, HIGHLIGHT, SampleRun, Watched
from tests.browser.helpers import IN_VIEW, OVERFLOW

pytestmark = pytest.mark.browser

#: Opens the <details> around an element (as a reader does by clicking its summary) and says how many it opened.
OPEN_DETAILS = """(el) => { let n = 0; for (let d = el.closest('details'); d; d = d.parentElement.closest('details')) {
  if (!d.open) { d.querySelector(':scope > summary').click(); n += 1; } } return n; }"""
#: The target of the page's fragment, and how it looks.
TARGET = """() => { const el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!el) { return null; }
  const style = getComputedStyle(el);
  return { tag: el.tagName, classes: Array.from(el.classList), matches: el.matches(':target'),
           background: style.backgroundColor, outline: style.outlineStyle }; }"""


def _open(watched: Watched, sample_run: SampleRun) -> Any:
    page = watched.page
    page.goto(sample_run.html.as_uri())
    return page


def test_every_finding_link_lands_on_its_highlighted_sentence(sample_run: SampleRun, watched: Watched) -> None:
    page = _open(watched, sample_run)
    links = page.locator("a.f[href^='#']")
    total = links.count()
    assert total >= 50  # the sample's story, speaker grid, stances, quotes and evidence
    landed: dict[str, int] = {}
    failures = []
    for i in range(total):
        link = links.nth(i)
        href = str(link.get_attribute("href"))
        opened = link.evaluate(OPEN_DETAILS)
        assert link.is_visible(), f"link {i} ({href}) cannot be seen (opened {opened} <details>)"
        link.click()
        target = page.evaluate(TARGET)
        if page.evaluate("location.hash") != href:
            failures.append((i, href, "the click did not follow the link"))
        elif target is None:
            failures.append((i, href, "no element has this id"))
        elif not (target["matches"] and target["background"] == HIGHLIGHT):
            failures.append((i, href, f"not highlighted: {target}"))
        elif not page.locator(f"[id='{href[1:]}']").evaluate(IN_VIEW):
            failures.append((i, href, "not scrolled into view"))
        else:
            landed[target["tag"]] = landed.get(target["tag"], 0) + 1
    assert failures == []
    assert landed.get("SPAN", 0) > 0 and sum(landed.values()) == total  # sentences (and quote marks), all of them
    assert watched.errors == []
    assert [u for u in watched.requests if not u.startswith(("file://", "data:"))] == []


def test_every_other_link_of_the_page_has_a_target(sample_run: SampleRun, watched: Watched) -> None:
    page = _open(watched, sample_run)
    missing = page.evaluate(
        """() => Array.from(document.querySelectorAll("a[href^='#']")).map(a => a.getAttribute('href'))
             .filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))))"""
    )
    assert missing == []
    external = page.evaluate(
        """() => Array.from(document.querySelectorAll('[src], link[href]')).map(e => e.src || e.href)"""
    )
    assert [u for u in external if not u.startswith("data:")] == []


def test_the_pages_script_sorts_filters_and_searches(sample_run: SampleRun, watched: Watched) -> None:
    page = _open(watched, sample_run)
    assert page.locator("button.sort").count() > 0  # the script ran: it turned table headers into buttons
    rows = page.locator("[data-row]")
    total = rows.count()
    page.locator("#search").fill("Nicholson")
    shown = page.locator("[data-row]:not([hidden])").count()
    assert 0 < shown < total
    assert page.inner_text("#search-count") == f"{shown} of {total} findings"
    page.locator("#search").fill("")
    page.locator("#label-filter").select_option("refutes")
    labelled = page.locator("[data-row]:not([hidden])")
    assert labelled.count() > 0
    assert {labelled.nth(i).get_attribute("data-label") for i in range(labelled.count())} == {"refutes"}
    page.locator("#label-filter").select_option("")
    table = page.locator("table.sortable").first
    table.locator("button.sort").first.click()
    assert table.locator("th").first.get_attribute("aria-sort") == "ascending"
    assert CLAIM in page.inner_text("body")
    assert watched.errors == []


def test_the_report_fits_a_phone_420_px_wide(sample_run: SampleRun, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size({"width": 420, "height": 860})
    page.goto(sample_run.html.as_uri())
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    layout = page.evaluate(OVERFLOW)
    assert layout["scroll"] <= layout["viewport"], layout
    assert watched.errors == []
