"""What the browser tests read off a page: the highlighted sentence, overflow at phone width, report diffs."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

#: The text of an element as the article has it: the speaker labels (<sup>) the page adds to quotes left out.
TEXT_OF = """(el) => { const c = el.cloneNode(true); c.querySelectorAll('sup').forEach(s => s.remove());
                   return c.textContent; }"""

#: Whether an element is shown (not inside a closed <details>, not display:none) and inside the viewport.
IN_VIEW = """(el) => { const r = el.getBoundingClientRect();
  return el.checkVisibility() && r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight; }"""

#: The widest the page lays out, against the viewport's width.
OVERFLOW = """() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth,
  widest: Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right
      > window.innerWidth + 1 && !e.closest('.scroll')).slice(0, 3).map(e => e.tagName + '.' + e.className) })"""


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read().decode("utf-8"))


def highlight_of(page: Any, selector: str) -> dict[str, Any]:
    """The background, classes, visibility and text of the element ``selector`` picks."""
    element = page.locator(selector)
    return {
        "background": element.evaluate("(el) => getComputedStyle(el).backgroundColor"),
        "classes": (element.get_attribute("class") or "").split(),
        "in_view": element.evaluate(IN_VIEW),
        "text": element.evaluate(TEXT_OF),
    }


def sentence_at(article: dict[str, Any], offset: int) -> str:
    """The text of the article's sentence that holds ``offset`` (the one a link to it must highlight)."""
    for s in article["sentences"]:
        if s["start"] <= offset < s["end"]:
            return str(article["text"][s["start"] : s["end"]])
    raise AssertionError(f"no sentence of {article['id']} holds offset {offset}")


def comparable(report: dict[str, Any]) -> dict[str, Any]:
    """What must be the same in two runs of the same texts, ids aside.

    Article ids, story and event ids, sources and the names made from a source (an untitled article is
    labelled by its file name) differ between a run on files and a run on pasted text; they are
    replaced by their position. Everything else of the quotes, stances and stories is compared.
    """
    names: dict[str, str] = {}
    for n, article in enumerate(report["articles"], 1):
        names[article["id"]] = f"article-{n}"
        source = str(article["source"])
        names[source] = f"source-{n}"
        names[source.replace("\\", "/").rsplit("/", 1)[-1]] = f"source-{n}"
    for n, story in enumerate(report["stories"], 1):
        names[story["id"]] = f"story-{n}"
        for m, event in enumerate(story.get("events", []), 1):
            names[event["id"]] = f"story-{n}-event-{m}"  # made from the article ids, like the story's

    def swap(value: Any) -> Any:
        if isinstance(value, dict):
            return {swap(k): swap(v) for k, v in value.items()}
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, str):
            for old in sorted(names, key=len, reverse=True):
                if old in value:
                    value = value.replace(old, names[old])
            return value
        return value

    return {
        "quotes": [swap(a["quotes"]) for a in report["articles"]],
        "stances": [swap(a["stance"]) for a in report["articles"]],
        "stories": swap(report["stories"]),
    }
