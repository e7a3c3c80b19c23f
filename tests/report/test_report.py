"""Report renderers: the JSON contract, escaping of hostile text, and the Markdown/HTML views."""

import json
from pathlib import Path

import pytest

from newstrace.model import (
    Article,
    CertaintyCue,
    Claim,
    Cue,
    Document,
    OffsetMap,
    Quote,
    QuoteKind,
    RemovalKind,
    RemovedSpan,
    Span,
    Speaker,
    SpeakerType,
    Stance,
    StanceLabel,
    Story,
)
from newstrace.pipeline import Corpus, record_failure
from newstrace.report import build_report, report_to_dict, write_reports
from newstrace.report.html import render_html
from newstrace.report.markdown import render_markdown
from newstrace.settings import Settings

HOSTILE = 'Officials said "<script>alert(1)</script> is <img src=x onerror=alert(2)>," he said.'


def _report() -> tuple[dict, object]:  # type: ignore[type-arg]
    start = HOSTILE.index("<script>")
    end = HOSTILE.index(',"') + 1
    quote = Quote(
        id="q1",
        kind=QuoteKind.DIRECT,
        content=HOSTILE[start:end],
        start=start,
        end=end,
        cue=Cue("said", HOSTILE.rindex("said"), HOSTILE.rindex("said") + 4, "say"),
        speaker=Speaker("he", "Jane <b>Roe</b>", SpeakerType.PERSON),
    )
    raw = HOSTILE + "\n\nDonate now!"
    doc = Document(
        Article(id="a1", source="hostile.html", raw=raw, title="<svg onload=alert(3)>", outlet="example.org"),
        text=HOSTILE,
        removed=(RemovedSpan(RemovalKind.APPEAL, len(HOSTILE) + 2, len(raw), "Donate now!", "appeal"),),
        offsets=OffsetMap.identity(len(HOSTILE)),
        quotes=(quote,),
        stances=(Stance("c1", "article", StanceLabel.SUPPORTS, 0.8, 0.6),),
    )
    dead = record_failure(Document(Article(id="a2", source="de.txt", raw="Hallo")), "ingest", "not English", fatal=True)
    corpus = Corpus((doc, dead), stories=(Story("s1", ("a1",), claims=(Claim("c1", "X did <i>Y</i>"),)),))
    report = build_report(corpus, Settings.load(), created="2026-01-01T00:00:00+00:00")
    return report_to_dict(report), report


def test_json_follows_the_design_contract() -> None:
    data, _ = _report()
    assert data["version"] == 1
    article = data["articles"][0]
    for key in ("id", "source", "outlet", "url", "title", "published", "genre", "text", "removed", "quotes", "stance"):
        assert key in article
    assert set(article["removed"][0]) >= {"kind", "text", "start", "end"}
    quote = article["quotes"][0]
    for key in ("id", "kind", "content", "start", "end", "cue", "speaker", "addressee", "when", "where"):
        assert key in quote
    assert set(quote["speaker"]) >= {"mention", "name", "type", "anonymous"}
    assert article["text"][quote["start"] : quote["end"]] == quote["content"]
    assert set(article["stance"][0]) >= {"claim_id", "holder", "label", "certainty", "evidence"}
    story = data["stories"][0]
    assert set(story) >= {"id", "article_ids", "claims", "quote_variants", "reuse"}
    assert story["claims"][0]["text"] == "X did <i>Y</i>"


def test_unusable_documents_are_listed_as_skipped_not_as_articles() -> None:
    data, _ = _report()
    assert [a["id"] for a in data["articles"]] == ["a1"]
    assert data["skipped"] == [{"id": "a2", "source": "de.txt", "reason": "not English"}]
    assert any(f["message"] == "not English" for f in data["failures"])


def test_html_escapes_every_article_string() -> None:
    _, report = _report()
    html = render_html(report)  # type: ignore[arg-type]
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "<svg onload" not in html
    assert "<b>Roe</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert html.lower().count("<script") == 1  # the report's own script, and nothing from the page


def test_the_one_script_is_allowed_by_its_hash_and_nothing_else() -> None:
    import base64
    import hashlib
    import re

    _, report = _report()
    html = render_html(report)  # type: ignore[arg-type]
    script = re.search(r"<script>(.*?)</script>", html, re.S)
    assert script is not None
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    directives = dict(d.strip().split(" ", 1) for d in policy.group(1).split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert "unsafe-inline" not in directives["script-src"]


def test_html_highlights_quotes_with_their_speaker() -> None:
    _, report = _report()
    html = render_html(report)  # type: ignore[arg-type]
    assert 'id="a1-q1"' in html
    assert "Jane &lt;b&gt;Roe&lt;/b&gt;" in html
    assert "Donate now!" in html  # removed text is shown, with its reason


def test_html_shows_the_claim_by_source_stance_matrix_with_certainty_and_words() -> None:
    text = "Officials are sure it happened. An envoy said the claim is utterly false."
    article = Article(id="a1", source="a1.txt", raw=text, title="Report")
    booster = CertaintyCue("utterly", text.index("utterly"), text.index("utterly") + 7, "booster", 0.2)
    denial = CertaintyCue("false", text.index("false"), text.index("false") + 5, "denial", 0.0)
    doc = Document(
        article,
        text=text,
        offsets=OffsetMap.identity(len(text)),
        stances=(
            Stance("c1", "article", StanceLabel.DISCUSSES, 0.61, 0.7),
            Stance("c1", "Jane Envoy", StanceLabel.REFUTES, 0.9, 0.85, "speaker", (booster, denial)),
            Stance("c1", "Bystander", StanceLabel.UNRELATED, 0.8, 0.0, "speaker"),
        ),
    )
    corpus = Corpus((doc,), stories=(Story("s1", ("a1",), claims=(Claim("c1", "The dam burst"),)),))
    report = build_report(corpus, Settings.load(), created="2026-01-01T00:00:00+00:00")
    html = render_html(report)
    table = html[html.index("Who stands where on “The dam burst”") :]
    table = table[: table.index("</table>")]
    rows = table.split("<tr")[2:]  # after the header row
    assert len(rows) == 2  # the article and the speaker with a stance; the silent one is listed apart
    assert "Report (article)" in rows[0] and "discusses" in rows[0] and "0.70" in rows[0]
    envoy = rows[1]
    assert "Jane Envoy" in envoy and "refutes" in envoy and "0.85" in envoy and "p=0.90" in envoy
    assert "“utterly” <i>booster</i>" in envoy and "“false” <i>denial</i>" in envoy
    silent = html[html.index("Say nothing on this claim:") :]
    assert ">Bystander</a>" in silent[: silent.index("</p>")]


def test_markdown_lists_quotes_and_removed_passages_without_raw_html() -> None:
    _, report = _report()
    md = render_markdown(report)  # type: ignore[arg-type]
    assert "| q1 |" in md
    assert "appeal" in md
    assert "<script>" not in md


def test_write_reports_writes_the_requested_formats(tmp_path: Path) -> None:
    _, report = _report()
    written = write_reports(report, tmp_path / "out", ["json", "md", "html"])  # type: ignore[arg-type]
    assert [p.name for p in written] == ["report.json", "report.md", "report.html"]
    assert json.loads(written[0].read_text())["version"] == 1


def test_unknown_format_is_a_config_error(tmp_path: Path) -> None:
    from newstrace.errors import ConfigError

    _, report = _report()
    with pytest.raises(ConfigError, match="unknown report format"):
        write_reports(report, tmp_path, ["pdf"])  # type: ignore[arg-type]


def test_with_user_claims_each_story_shows_only_its_own_stance_tables() -> None:
    """With --claim every story has the same core claims; each story's section shows its own matrices once.

    (It used to repeat every story's tables inside every story: 121 tables for 11 stories.)
    """
    claims = (Claim("c1", "The dam burst"), Claim("c2", "The mayor knew"))
    docs, stories = [], []
    for n in range(3):
        text = f"Story {n} text. An envoy said it was false."
        article = Article(id=f"a{n}", source=f"a{n}.txt", raw=text, title=f"Report {n}")
        stances = tuple(Stance(c.id, f"Envoy {n}", StanceLabel.REFUTES, 0.9, 0.8, "speaker") for c in claims)
        docs.append(Document(article, text=text, offsets=OffsetMap.identity(len(text)), stances=stances))
        stories.append(Story(f"s{n}", (f"a{n}",), claims=claims))
    report = build_report(
        Corpus(tuple(docs), stories=tuple(stories)), Settings.load(), created="2026-01-01T00:00:00+00:00"
    )
    md = render_markdown(report)
    html = render_html(report)
    assert md.count("### Who stands where on") == len(stories) * len(claims)
    assert html.count("Who stands where on “The dam burst”") == len(stories)
    sections = [part.split("\n## ")[0] for part in md.split("## Story: ")[1:]]
    assert len(sections) == len(stories)
    for n, section in enumerate(sections):
        assert section.count("### Who stands where on") == len(claims)
        assert f"Envoy {n}" in section
        assert all(f"Envoy {m}" not in section for m in range(len(stories)) if m != n)


def test_stance_tables_show_the_words_each_stance_was_read_from() -> None:
    """A stance row carries what the holder said (its first quote; the article's own sentence), not only cues."""
    text = "The dam held, the mayor said. \u201cWe never saw a crack,\u201d she said. The dam was inspected in May."
    said = text.index("We never")
    quote = Quote(
        id="q1",
        kind=QuoteKind.DIRECT,
        content="We never saw a crack,",
        start=said,
        end=said + len("We never saw a crack,"),
        speaker=Speaker("she", "Ann Mayor", SpeakerType.PERSON),
    )
    own = text.index("The dam was")
    stances = (
        Stance("c1", "Ann Mayor", StanceLabel.REFUTES, 0.9, 0.8, "speaker", quote_ids=("q1",)),
        Stance("c1", "article", StanceLabel.DISCUSSES, 0.7, 0.7, sentences=(Span(own, len(text)),)),
    )
    article = Article(id="a1", source="a1.txt", raw=text, title="Dam")
    doc = Document(article, text=text, offsets=OffsetMap.identity(len(text)), quotes=(quote,), stances=stances)
    corpus = Corpus((doc,), stories=(Story("s1", ("a1",), claims=(Claim("c1", "The dam cracked"),)),))
    report = build_report(corpus, Settings.load(), created="2026-01-01T00:00:00+00:00")
    md = render_markdown(report)
    assert "| Ann Mayor | refutes | 0.80 | “We never saw a crack,” |" in md
    assert "“The dam was inspected in May.” |" in md
    html = render_html(report)
    assert "<q>We never saw a crack,</q>" in html
    assert "<q>The dam was inspected in May.</q>" in html


def test_report_json_is_written_a_record_at_a_time_as_json_dumps_of_the_whole_would_write_it(
    tmp_path: Path,
) -> None:
    """write_json streams articles and stories; the file is byte for byte json.dumps of report_to_dict."""
    from newstrace.report.json_report import write_json

    _, report = _report()
    empty = build_report(Corpus(()), Settings.load(), created="2026-01-01T00:00:00+00:00")
    for n, rep in enumerate((report, empty)):
        path = write_json(rep, tmp_path / f"r{n}.json")  # type: ignore[arg-type]
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(report_to_dict(rep), ensure_ascii=False, indent=1)  # type: ignore[arg-type]
    assert '"articles": []' in (tmp_path / "r1.json").read_text(encoding="utf-8")


def test_who_is_quoted_where_lists_the_articles_quoting_each_speaker_not_a_column_per_article() -> None:
    """The table grows with the quotes, not with speakers x articles (that was quadratic in the corpus)."""
    docs = []
    for n in range(3):
        text = f"\u201cThe bridge {n} is safe,\u201d the mayor said. \u201cIt is not,\u201d a resident said."
        a, b = text.index("The bridge"), text.index("It is not")
        quotes = (
            Quote(
                "q1", QuoteKind.DIRECT, f"The bridge {n} is safe,", a, a + 17, speaker=Speaker("the mayor", "Ann Lee")
            ),
            Quote("q2", QuoteKind.DIRECT, "It is not,", b, b + 10, speaker=Speaker("a resident", f"Resident {n}")),
        )
        article = Article(id=f"a{n}", source=f"a{n}.txt", raw=text, title=f"Bridge {n}")
        docs.append(Document(article, text=text, offsets=OffsetMap.identity(len(text)), quotes=quotes))
    report = build_report(Corpus(tuple(docs)), Settings.load(), created="2026-01-01T00:00:00+00:00")
    md = render_markdown(report)
    section = md.split("## Who is quoted where")[1].split("\n## ")[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    assert lines[0] == "| speaker | type | articles | quotes, by article |"
    assert len(lines) == 2 + 4  # header, rule, Ann Lee and three residents
    assert "| Ann Lee | unknown | 3 | Bridge 0 (1); Bridge 1 (1); Bridge 2 (1) |" in lines
    assert "| Resident 1 | unknown | 1 | Bridge 1 (1) |" in lines
    html = render_html(report)
    assert html.count("<th>quotes, by article</th>") == 1


def _said(qid: str, text: str, words: str, speaker: Speaker) -> Quote:
    """An indirect quote of ``words``, where they stand in ``text``."""
    start = text.index(words)
    return Quote(qid, QuoteKind.INDIRECT, words, start, start + len(words), speaker=speaker)


def _outlet_doc(
    n: int, text: str, quotes: tuple[Quote, ...] = (), stances: tuple[Stance, ...] = (), doc_id: str | None = None
) -> Document:
    """Article ``n`` of a story: titled "Report n", from outlet ``outlet<n>.example``."""
    doc_id = doc_id or f"a{n}"
    article = Article(id=doc_id, source=f"{doc_id}.txt", raw=text, title=f"Report {n}", outlet=f"outlet{n}.example")
    return Document(article, text=text, offsets=OffsetMap.identity(len(text)), quotes=quotes, stances=stances)


def test_speakers_quoted_by_several_outlets_are_read_across_them() -> None:
    """A speaker whom outlets report on both sides of a claim is flagged "split"; one whom they agree on
    keeps that side; a speaker only one outlet quotes stays in the per-article rows only."""
    claim = Claim("c1", "The dam cracked")
    sides = {
        "a0": {"Ann Mayor": StanceLabel.REFUTES, "Bo Engineer": StanceLabel.SUPPORTS, "Cy Local": StanceLabel.SUPPORTS},
        "a1": {"Ann Mayor": StanceLabel.SUPPORTS, "Bo Engineer": StanceLabel.DISCUSSES},
        "a2": {"Ann Mayor": StanceLabel.UNRELATED, "Bo Engineer": StanceLabel.SUPPORTS},
    }
    docs = [
        _outlet_doc(
            n,
            f"Report {n}. The mayor spoke.",
            stances=tuple(Stance("c1", h, label, 0.8, 0.7, "speaker") for h, label in holders.items()),
            doc_id=doc_id,
        )
        for n, (doc_id, holders) in enumerate(sides.items())
    ]
    story = Story("s1", tuple(sides), claims=(claim,))
    report = build_report(Corpus(tuple(docs), stories=(story,)), Settings.load(), created="2026-01-01T00:00:00+00:00")
    md = render_markdown(report)
    assert (
        "| Ann Mayor | split | outlet0.example: refutes; outlet1.example: supports; outlet2.example: unrelated |" in md
    )
    assert "| Bo Engineer | supports | " in md
    assert "| Cy Local | " not in md.split("read across them")[1]
    # split speakers come first
    across = md.split("read across them:")[1]
    assert across.index("Ann Mayor") < across.index("Bo Engineer")
    html = render_html(report)
    assert "outlets report the same speaker on both sides" in html
    assert '<span class="pill split">split</span>' in html


def test_unnamed_sources_are_not_one_speaker_across_outlets() -> None:
    """ "officials" in one article and "officials" in another are not the same people."""
    claim = Claim("c1", "The dam cracked")
    officials = Speaker("Officials", "officials", SpeakerType.GROUP, anonymous=True)
    stance = Stance("c1", "officials", StanceLabel.REFUTES, 0.8, 0.7, "speaker", quote_ids=("q1",))
    docs = []
    for n in range(2):
        text = f"Report {n}. Officials said the dam held."
        docs.append(_outlet_doc(n, text, (_said("q1", text, "the dam held", officials),), (stance,)))
    story = Story("s1", ("a0", "a1"), claims=(claim,))
    report = build_report(Corpus(tuple(docs), stories=(story,)), Settings.load(), created="2026-01-01T00:00:00+00:00")
    md = render_markdown(report)
    assert "| officials · outlet0.example | refutes |" in md
    assert "read across them" not in md


def test_report_html_is_written_piece_by_piece_as_render_html_makes_it(tmp_path: Path) -> None:
    from newstrace.report.html import write_html

    _, report = _report()
    path = write_html(report, tmp_path / "report.html")  # type: ignore[arg-type]
    assert path.read_text(encoding="utf-8") == render_html(report)  # type: ignore[arg-type]


def test_a_mention_that_resolved_to_no_one_is_listed_as_unattributed() -> None:
    """ "Nobody is saying ..." or a "he" with no antecedent is no speaker in "Who is quoted where"."""
    mayor = Speaker("Ann Mayor", "Ann Mayor", SpeakerType.PERSON)
    docs = []
    for n in range(2):
        text = f"Report {n}. Nobody is saying the dam held. Ann Mayor said the dam cracked."
        quotes = (
            _said("q1", text, "the dam held", Speaker("Nobody", None)),
            _said("q2", text, "the dam cracked", mayor),
        )
        docs.append(_outlet_doc(n, text, quotes))
    report = build_report(Corpus(tuple(docs)), Settings.load(), created="2026-01-01T00:00:00+00:00")
    md = render_markdown(report)
    table = md.split("## Who is quoted where")[1].split("\n## ")[0]
    assert "| (unattributed) | unknown | 2 |" in table
    assert "| Ann Mayor | person | 2 |" in table
    assert "Nobody" not in table
