"""The workbench in a real browser: paste the two sample articles and a claim, watch the analysis finish,
open the story, follow every finding to its highlighted sentence, search; no console error, no request
beyond 127.0.0.1, nothing wider than a phone's 420 px."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import pytest

from tests.browser.conftest import CLAIM, HIGHLIGHT, SampleRun, Server, Watched, sample_files
from tests.browser.helpers import OVERFLOW, comparable, get_json, highlight_of, sentence_at

pytestmark = pytest.mark.browser

#: How long the analysis started from the form may take (it loads spaCy and the models in a new process).
ANALYSIS_TIMEOUT = 300.0


@dataclass
class FormRun:
    run_id: str
    job_url: str
    states: list[str] = field(default_factory=list)  # what the job page showed, in order, while it ran
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


#: The job page's state and stage as shown, and whether the run's link is there, read in one go.
READ_JOB = """() => {
  const text = (id) => document.getElementById(id).innerText;
  return [(text("job-state") + " " + text("job-stage")).trim(), document.getElementById("open-run") !== null];
}"""


@pytest.fixture(scope="module")
def form_run(browser_context: Any, server: Server) -> FormRun:
    """The two sample articles pasted into the form with CLAIM, submitted, and watched until the run is done."""
    page = browser_context.new_page()
    seen = Watched(page)
    page.on("request", lambda request: seen.requests.append(request.url))
    page.on("console", lambda message: seen.errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: seen.errors.append(f"uncaught: {error}"))
    try:
        page.goto(server.url + "/")
        boxes = page.locator("#new-run textarea[name=text]")
        assert boxes.count() == 2
        for n, path in enumerate(sample_files()):
            boxes.nth(n).fill(path.read_text(encoding="utf-8"))
        page.locator("#new-run textarea[name=claims]").fill(CLAIM)
        page.locator("#new-run button[type=submit]").click()
        page.wait_for_url(re.compile(r"/jobs/[0-9a-f]+$"))
        states: list[str] = []
        deadline = time.monotonic() + ANALYSIS_TIMEOUT
        while time.monotonic() < deadline:
            shown, finished = page.evaluate(READ_JOB)  # one read: the page's script cannot update in between
            if not states or states[-1] != shown:
                states.append(shown)
            if finished or shown.startswith("failed"):
                break
            time.sleep(0.2)
        result = page.inner_text("#job-result")
        assert page.locator("#open-run").count() == 1, f"the analysis did not finish: {states} {result}"
        job_url = page.url
        page.locator("#open-run").click()
        page.wait_for_url(re.compile(r"/runs/[^/]+$"))
        run_id = unquote(page.url.rsplit("/", 1)[-1])
        return FormRun(run_id, job_url, states, seen.requests, seen.errors)
    finally:
        page.close()


def _local(server: Server) -> tuple[str, ...]:
    return (server.url + "/",)


def test_the_form_starts_an_analysis_and_shows_its_progress_until_it_is_done(form_run: FormRun, server: Server) -> None:
    assert form_run.states[-1].startswith("done")
    assert any(s.startswith("running") for s in form_run.states), form_run.states  # live, not only the end
    assert any(s != "running" and s.startswith("running ") for s in form_run.states), form_run.states  # a stage
    assert form_run.errors == []
    assert [u for u in form_run.requests if not u.startswith(_local(server))] == []
    assert any("/api/jobs/" in u for u in form_run.requests)  # the page polled the job's progress


def test_pasting_the_samples_and_a_claim_gives_the_report_analyze_gives(
    form_run: FormRun, server: Server, sample_run: SampleRun
) -> None:
    pasted = get_json(f"{server.url}/api/runs/{form_run.run_id}/report.json")
    assert [a["source"] for a in pasted["articles"]] == ["inputs/pasted-1.txt", "inputs/pasted-2.txt"]
    assert sum(len(a["quotes"]) for a in pasted["articles"]) > 0 and pasted["stories"]
    ours, theirs = comparable(pasted), comparable(sample_run.report)
    assert ours["quotes"] == theirs["quotes"]
    assert ours["stances"] == theirs["stances"]
    assert ours["stories"] == theirs["stories"]


def _check_landing(page: Any, server: Server, run_id: str, href: str) -> None:
    """A finding link of the workbench opens an article with one sentence highlighted, in view; when the link
    names an offset or a quote, it is the sentence holding it."""
    assert page.locator("#hit").count() == 1, f"{href}: no highlighted sentence"
    shown = highlight_of(page, "#hit")
    assert "hit" in shown["classes"] and shown["background"] == HIGHLIGHT, (href, shown)
    assert shown["in_view"], f"{href}: the highlighted sentence is not scrolled into view"
    article_id = re.search(r"/articles/([^/?#]+)", href)
    assert article_id is not None
    article = get_json(f"{server.url}/api/runs/{run_id}/articles/{article_id.group(1)}")
    at = re.search(r"[?&]at=(\d+)", href)
    quote = re.search(r"[?&]quote=([^&#]+)", href)
    if at:
        assert shown["text"] == sentence_at(article, int(at.group(1))), href
    elif quote:
        start = next(q["start"] for q in article["quotes"] if q["id"] == quote.group(1))
        assert shown["text"] == sentence_at(article, start), href


def test_every_finding_of_the_story_lands_on_its_highlighted_sentence(
    form_run: FormRun, server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(f"{server.url}/runs/{form_run.run_id}")
    page.locator("a[href*='/stories/']").first.click()
    page.wait_for_url(re.compile(r"/stories/"))
    story_url = page.url
    assert CLAIM in page.inner_text("#matrix")
    cells = page.locator("#matrix a.f.cell")
    assert cells.count() >= 2
    findings = page.locator("main a.f")
    hrefs = [findings.nth(i).get_attribute("href") for i in range(findings.count())]
    assert len(hrefs) >= cells.count()
    labels = []
    for i in range(len(hrefs)):
        if i:
            page.goto(story_url)
        link = page.locator("main a.f").nth(i)
        href = link.get_attribute("href")
        assert href == hrefs[i]
        if "cell" in (link.get_attribute("class") or ""):
            labels.append(link.inner_text().split()[0])
        link.click()
        page.wait_for_url(re.compile(r"/articles/"))
        _check_landing(page, server, form_run.run_id, str(href))
    assert {"supports", "refutes"} & set(labels), labels  # the matrix holds real stances, not only silence
    assert watched.errors == []
    assert watched.outside(_local(server)) == []


def test_every_finding_of_an_article_page_lands_on_its_highlighted_sentence(
    form_run: FormRun, server: Server, watched: Watched
) -> None:
    page = watched.page
    articles = get_json(f"{server.url}/api/runs/{form_run.run_id}/articles")["items"]
    clicked = 0
    for article in articles:
        url = f"{server.url}/runs/{form_run.run_id}/articles/{article['id']}"
        page.goto(url)
        count = page.locator("main a.f").count()
        assert count >= article["quotes"]  # the speakers, stances, quotes and evidence of the article
        for i in range(count):  # each landing page has the same links (they only change the query)
            link = page.locator("main a.f").nth(i)
            href = url + str(link.get_attribute("href"))
            if unquote(page.url) == unquote(href):  # the same address again would only scroll: start afresh
                page.goto(url)
                link = page.locator("main a.f").nth(i)
            with page.expect_navigation():
                link.click()
            _check_landing(page, server, form_run.run_id, href)
            clicked += 1
    assert clicked > 0
    assert watched.errors == []
    assert watched.outside(_local(server)) == []


def test_a_stance_cell_lands_on_the_sentence_the_stance_was_read_from(
    form_run: FormRun, server: Server, watched: Watched
) -> None:
    page = watched.page
    story = get_json(f"{server.url}/api/runs/{form_run.run_id}/stories")["items"][0]
    page.goto(f"{server.url}/runs/{form_run.run_id}/stories/{story['story_id']}")
    outlet_cell = page.locator("#matrix tr.outlet a.f.cell").first
    href = str(outlet_cell.get_attribute("href"))
    outlet_cell.click()
    page.wait_for_url(re.compile(r"/articles/"))
    run_story = get_json(f"{server.url}/api/runs/{form_run.run_id}/stories/{story['story_id']}")
    article_id = re.search(r"/articles/([^/?#]+)", href)
    assert article_id is not None
    cell = next(c for c in run_story["agreement"] if c.get("kind") == "cell" and c["article_id"] == article_id.group(1))
    article = get_json(f"{server.url}/api/runs/{form_run.run_id}/articles/{article_id.group(1)}")
    first = cell["sentences"][0]
    assert highlight_of(page, "#hit")["text"] == article["text"][first["start"] : first["end"]]
    assert watched.errors == []


def test_search_across_runs_finds_a_speaker_and_lands_on_the_quote(
    form_run: FormRun, server: Server, watched: Watched
) -> None:
    page = watched.page
    page.goto(server.url + "/")
    page.locator("header form.search input[name=q]").fill("Nicholson")
    page.locator("header form.search input[name=q]").press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    hits = page.locator("ul.hits li")
    assert hits.count() > 0
    runs = {unquote(str(a.get_attribute("href")).split("/")[2]) for a in hits.locator("a.f").all()}
    assert form_run.run_id in runs and len(runs) >= 2  # the analyze run and the form's run
    page.locator("select[name=kind]").select_option("speaker")
    page.locator("main form.inline button[type=submit]").click()
    page.wait_for_url(re.compile(r"kind=speaker"))
    first = page.locator("ul.hits li a.f").first
    quoted = first.inner_text().split(": ", 1)[1].rstrip("…").strip()[:40]
    href = str(first.get_attribute("href"))
    first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    _check_landing(page, server, unquote(href.split("/")[2]), href)
    assert quoted[:20] in highlight_of(page, "#hit")["text"]
    assert watched.errors == []
    assert watched.outside(_local(server)) == []


def test_every_page_fits_a_phone_420_px_wide(form_run: FormRun, server: Server, watched: Watched) -> None:
    page = watched.page
    page.set_viewport_size({"width": 420, "height": 860})
    run_id = form_run.run_id
    story = get_json(f"{server.url}/api/runs/{run_id}/stories")["items"][0]["story_id"]
    article = get_json(f"{server.url}/api/runs/{run_id}/articles")["items"][0]["id"]
    pages = [
        "/",
        form_run.job_url.replace(server.url, ""),
        f"/runs/{run_id}",
        f"/runs/{run_id}/stories/{story}",
        f"/runs/{run_id}/articles/{article}?quote=q1#hit",
        "/search?q=taliban",
        "/api/docs",
        f"/runs/{run_id}/report",
        "/runs/no-such-run",
    ]
    wide = {}
    for path in pages:
        page.goto(server.url + path)
        layout = page.evaluate(OVERFLOW)
        if layout["scroll"] > layout["viewport"]:
            wide[path] = layout
    assert wide == {}
    assert [e for e in watched.errors if "404" not in e] == []  # the error page's own 404 is expected
    assert watched.outside(_local(server)) == []
