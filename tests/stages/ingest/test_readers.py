"""Reading what people hold: formats, encodings, metadata, and bad input that must not stop a batch."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest import read_inputs

SETTINGS = Settings.load()
BODY = (
    "The city council approved the new budget on Tuesday after a long debate. "
    "“We have made hard choices,” the mayor said. Critics said the plan cuts too deep into "
    "public transport and that the council had ignored the residents who depend on it every day.\n\n"
    "The vote was seven to two. The budget takes effect in January and runs for two years."
)
PAGE = f"""<!doctype html><html><head><title>Council passes budget | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta name="author" content="Ann Writer"><meta property="article:published_time" content="2021-03-04T10:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council passes budget</h1>{"".join(f"<p>{p}</p>" for p in BODY.split(chr(10) + chr(10)))}</article>
<footer>Copyright The Daily Example</footer></body></html>"""


def read(*paths: Path | str, settings: Settings = SETTINGS, **kw: object) -> tuple[list[Article], list[Failure]]:
    items = list(read_inputs([str(p) for p in paths], settings, **kw))  # type: ignore[arg-type]
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Failure)]


def test_plain_text_keeps_its_quotes_as_written_and_takes_a_headline(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Council passes budget after long debate\n\n" + BODY, encoding="utf-8")
    [article], failures = read(path)
    assert not failures
    assert article.title == "Council passes budget after long debate"
    assert "“We have made hard choices,”" in article.raw
    assert article.source == str(path)


def test_latin1_text_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        (BODY + " The café owner said prices would rise by 5 €.").replace("“", '"').replace("”", '"').encode("cp1252")
    )
    [article], failures = read(path)
    assert not failures
    assert "café" in article.raw


def test_html_gives_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article], failures = read(path)
    assert not failures
    assert article.content_type == "text/html"
    assert "The vote was seven to two." in article.raw
    assert "Home" not in article.raw.split("\n")[0]
    assert article.outlet == "The Daily Example"
    assert article.published == "2021-03-04"
    assert article.author == "Ann Writer"


def test_jsonl_and_csv_corpora_map_their_columns(tmp_path: Path) -> None:
    jsonl = tmp_path / "c.jsonl"
    rows = [
        {"body": BODY, "headline": "One", "link": "https://www.example.co.uk/a", "published": "March 4, 2021"},
        {"body": BODY + " More.", "headline": "Two", "site": "Wire"},
    ]
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    csv_path = tmp_path / "c.csv"
    csv_path.write_text('story,when\n"' + BODY.replace('"', '""') + '",2020-01-02\n', encoding="utf-8")
    articles, failures = read(jsonl, csv_path, columns={})
    assert [a.title for a in articles[:2]] == ["One", "Two"]
    assert articles[0].outlet == "example.co.uk"
    assert articles[0].published == "2021-03-04"
    assert articles[1].outlet == "Wire"
    assert any("c.jsonl:3" in f.source and "not valid JSON" in f.message for f in failures)
    # the CSV's text column has an unknown name: a clear message saying how to map it
    assert any("--column text=" in f.message for f in failures)
    mapped, _ = read(csv_path, columns={"text": "story", "date": "when"})
    assert mapped[0].published == "2020-01-02"


def test_ids_are_stable_and_independent_of_input_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(BODY, encoding="utf-8")
    b.write_text(BODY + " And more.", encoding="utf-8")
    forward, _ = read(a, b)
    backward, _ = read(b, a)
    assert {x.id for x in forward} == {x.id for x in backward}
    assert len({x.id for x in forward}) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "PNG image"),
        ("data.bin", bytes(range(256)) * 16, "binary"),
        ("nav.html", b"<html><body><nav><a href='/'>Home</a><a href='/x'>About</a></nav></body></html>", "too short"),
        ("short.txt", b"Hi.", "too short"),
        ("broken.txt.gz", gzip.compress(BODY.encode())[:-20], "truncated gzip"),
        (
            "german.txt",
            ("Der Stadtrat hat am Dienstag nach einer langen Debatte den neuen Haushalt beschlossen. " * 6).encode(),
            "English",
        ),
    ],
)
def test_bad_input_is_one_clear_failure(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    articles, failures = read(path)
    assert articles == []
    assert len(failures) == 1
    assert message in failures[0].message
    assert str(path) in failures[0].message
    assert "\n" not in failures[0].message


def test_a_page_over_the_size_limit_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    path.write_bytes(b"<html><body><p>" + b"word " * (4_200_000) + b"</p></body></html>")  # about 21 MB
    articles, failures = read(path)
    assert articles == []
    assert "over the 20 MB limit" in failures[0].message


def test_text_far_longer_than_an_article_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text((BODY + "\n\n") * 1500, encoding="utf-8")  # about 700,000 characters
    articles, failures = read(path)
    assert articles == []
    assert "far longer than a news article" in failures[0].message


def test_a_folder_mixing_good_and_bad_files_still_yields_the_good_ones(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    (tmp_path / "sub" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(2000))
    (tmp_path / ".hidden.txt").write_text(BODY, encoding="utf-8")
    articles, failures = read(tmp_path)
    assert sorted(Path(a.source).name for a in articles) == ["good.txt", "page.html"]
    assert sorted(Path(f.source).name for f in failures) == ["empty.txt", "photo.jpg"]


def test_missing_path_is_reported_not_raised(tmp_path: Path) -> None:
    articles, failures = read(tmp_path / "nope.txt")
    assert articles == []
    assert "no such file or folder" in failures[0].message


# -- corpora end to end: Parquet, TSV, JSON, and --column mapping -------------------------------------------------

OTHER = (
    "Volunteers planted two hundred trees along the canal path on Saturday, the first part of a plan to "
    "shade the route before the summer. “It will take ten years before anyone sits under these,” one of them said."
)


def test_parquet_corpus_is_read_with_aliases_and_with_a_column_mapping(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    aliased = tmp_path / "aliased.parquet"
    pq.write_table(
        pa.table({"headline": ["One", "Two"], "body": [BODY, OTHER], "url": ["https://www.example.co.uk/a", None]}),
        aliased,
    )
    mapped = tmp_path / "mapped.parquet"
    pq.write_table(
        pa.table(
            {"story": [BODY, "", OTHER], "paper": ["Wire", "Wire", "Post"], "day": ["2020-01-02", None, "3 May 2021"]}
        ),
        mapped,
    )
    articles, failures = read(aliased)
    assert not failures
    assert [(a.title, a.outlet, a.source) for a in articles] == [
        ("One", "example.co.uk", f"{aliased}:1"),
        ("Two", None, f"{aliased}:2"),
    ]
    articles, failures = read(mapped, columns={"text": "story", "outlet": "paper", "date": "day"})
    assert [(a.outlet, a.published) for a in articles] == [("Wire", "2020-01-02"), ("Post", "2021-05-03")]
    [empty] = failures  # the row with empty text, named by its number
    assert empty.source == f"{mapped}:2" and "no article text (column story)" in empty.message


def test_tsv_and_json_corpora(tmp_path: Path) -> None:
    tsv = tmp_path / "c.tsv"
    tsv.write_text("title\tcontent\tsite\nTabbed\t" + BODY.replace("\n", " ") + "\tThe Ledger\n", encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([{"text": OTHER, "date": "2019-07-08"}]), encoding="utf-8")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"articles": [{"article_body": BODY, "publisher": "Daily"}]}), encoding="utf-8")
    articles, failures = read(tsv, listed, wrapped)
    assert not failures
    assert [(a.title, a.outlet, a.published) for a in articles] == [
        ("Tabbed", "The Ledger", None),
        (None, None, "2019-07-08"),
        (None, "Daily", None),
    ]


def test_a_mapped_column_that_is_not_there_is_one_failure_for_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'body,when\n"' + BODY.replace('"', '""') + '",2020-01-02\n"' + OTHER + '",2020-01-03\n', encoding="utf-8"
    )
    articles, failures = read(path, columns={"text": "story"})
    assert articles == []
    [missing] = failures
    assert missing.source == str(path)
    assert missing.message == (
        f"{path}: no column 'story' in any of its 2 record(s) (it has: body, when); "
        "map the one holding the article with --column text=NAME"
    )


def test_column_flags_map_a_corpus_through_the_command_line(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from typer.testing import CliRunner

    from newstrace.cli import EXIT_OK, EXIT_USAGE, app

    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"story": [BODY, OTHER], "paper": ["Wire", "Post"], "head": ["Budget", "Trees"]}), path)
    out = tmp_path / "r"
    args = ["analyze", str(path), "--out", str(out), "--format", "json", "--no-store", "-q"]
    result = CliRunner().invoke(
        app, [*args, "--column", "text=story", "--column", "outlet=paper", "--column", "title=head"]
    )
    assert result.exit_code == EXIT_OK, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert sorted((a["outlet"], a["title"]) for a in report["articles"]) == [("Post", "Trees"), ("Wire", "Budget")]
    # the mapping written the wrong way round is a usage error naming the flag, not a silent no-op
    result = CliRunner().invoke(app, [*args, "--column", "story=text"])
    assert result.exit_code == EXIT_USAGE
    assert "--column story=text" in result.output and "Traceback" not in result.output


# -- corpus files are read record by record ------------------------------------------


def test_a_corpus_file_over_the_page_size_limit_is_read_record_by_record(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    rows = [{"id": f"r{i}", "text": BODY, "outlet": "Example"} for i in range(40)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    small = Settings.load(overrides={"ingest.max_bytes": 2000})
    assert path.stat().st_size > 2000
    articles, failures = read(path, settings=small)
    assert not failures
    assert len(articles) == 40


def test_a_gzipped_jsonl_corpus_and_a_damaged_one(tmp_path: Path) -> None:
    rows = "\n".join(json.dumps({"text": BODY + f" Case {i}."}) for i in range(30)).encode()
    good = tmp_path / "good.jsonl.gz"
    good.write_bytes(gzip.compress(rows))
    articles, failures = read(good)
    assert len(articles) == 30 and not failures

    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(rows)[: len(gzip.compress(rows)) // 2])
    articles, failures = read(cut)
    assert [f.code for f in failures] == ["E112"]
    assert "damaged or truncated gzip" in failures[0].message
    assert len(articles) < 30  # what was read before the damage is kept


def test_a_streamed_jsonl_with_a_bad_line_and_stray_bytes_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps({"text": BODY}).encode()
        + b"\n{not json\n"
        + json.dumps({"text": BODY + " More."}).encode().replace(b"More", b"M\xffore")
        + b"\n"
    )
    articles, failures = read(path)
    assert len(articles) == 2
    codes = sorted(f.code for f in failures)
    assert codes == ["E107", "E136"], codes
    assert any("mixed.jsonl:2" in f.message for f in failures)


def test_a_streamed_csv_in_a_legacy_code_page_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    body = BODY.replace("“", '"').replace("”", '"') + " The café reopened."
    path.write_bytes(
        ("id,text\n" + "".join(f'{i},"{body.replace(chr(34), chr(34) * 2)}"\n' for i in range(3))).encode("cp1252")
    )
    articles, failures = read(path)
    assert not failures
    assert len(articles) == 3
    assert "café" in articles[0].raw


def test_an_empty_or_binary_corpus_file_is_one_failure(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.csv"
    binary.write_bytes(bytes(range(256)) * 40)
    _, failures = read(empty, binary)
    assert sorted(f.code for f in failures) == ["E101", "E102"]
