"""A corpus of hostile inputs read in one batch: each bad one is one clear Failure, the good ones still come through."""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newstrace.cli import EXIT_PARTIAL, app
from newstrace.errors import ConfigError
from newstrace.model import Article, Failure
from newstrace.settings import Settings
from newstrace.stages.ingest import read_inputs

#: The byte cap is lowered so a page "over the cap" need not be 20 MB.
CAP = 30_000
SETTINGS = Settings.load(None, {"ingest.max_bytes": CAP})

BRIDGE = [
    "Engineers closed the old river bridge to lorries on Monday after an inspection found rust in two "
    "of the steel beams that carry the road deck, the county highways department said.",
    "Cars, buses and bicycles can still cross, but vehicles heavier than seven tonnes must now take a "
    "detour of about twelve miles through the next valley. “Nobody is in danger today, but we will not "
    "wait until somebody is,” said the department's chief engineer, Tom Adeyemi.",
    "Haulage firms said the detour would add an hour to many journeys and raise the price of deliveries "
    "to the farms and shops on the far side of the river. A spokeswoman for the local business group "
    "said several members were already looking for warehouse space closer to the town.",
    "The bridge opened in 1961 and was meant to last fifty years. A plan to replace it was approved "
    "before the pandemic, but the money was moved to other projects when building costs rose.",
    "The department said repairs to the beams would take at least four months and that it would "
    "publish a timetable once the contractor had examined the rest of the structure.",
]
LIBRARY = [
    "The public library on Mill Street will open on Sundays from next month, the town council said, "
    "after a trial over the summer drew more visitors than any other day of the week.",
    "Families made up most of the Sunday visitors, and the children's reading room was often full by "
    "noon. Staff also saw more people using the computers to look for work or to fill in forms.",
    "The extra day will cost about forty thousand pounds a year. The council plans to pay for it by "
    "closing the branch an hour earlier on quiet weekday evenings and by moving two posts to the front desk.",
]
PARK = [
    "The city will turn the empty lot behind the railway station into a small park with trees, benches "
    "and a playground, the planning committee decided on Wednesday after three years of argument.",
    "Residents had asked for green space near the station since the old goods yard closed. A developer "
    "who wanted to build offices on the site withdrew its offer in the spring, citing the cost of clearing it.",
    "Work is due to start in the autumn and to finish before the end of next year. The committee said "
    "local schools would be asked to help choose the trees and the design of the playground.",
]
GERMAN = (
    "Der Stadtrat hat am Dienstag nach einer langen Debatte einen neuen Haushalt beschlossen. Die "
    "Opposition kritisierte, dass die Mittel für den Nahverkehr gekürzt werden, während die Ausgaben "
    "für neue Straßen steigen. Der Bürgermeister verteidigte den Plan und sprach von schweren Entscheidungen. "
)


def html(paragraphs: list[str], title: str, head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head>{head}<title>{title}</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    )


def warc_cut_in_its_second_record() -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    ends = []
    for uri, page in [
        ("https://www.riverside.example.com/news/park", html(PARK, "A park for the station lot")),
        ("https://www.riverside.example.com/news/library", html(LIBRARY, "Library opens on Sundays")),
    ]:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=io.BytesIO(page.encode()), http_headers=headers)
        )
        ends.append(buf.tell())
    return buf.getvalue()[: (ends[0] + ends[1]) // 2]


def navigation_only() -> bytes:
    links = " ".join(f'<li><a href="/section/{n}">Section {n} news</a></li>' for n in range(40))
    return f"<html><head><title>Front page</title></head><body><nav><ul>{links}</ul></nav></body></html>".encode()


#: name → (content, expected code, what the message must say). None as code: the input is read as an article.
CORPUS: dict[str, tuple[bytes | Callable[[], bytes], str | None, str]] = {
    "good.html": (html(BRIDGE, "Old bridge closed to lorries").encode(), None, "rust in two of the steel beams"),
    "photo.png": (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "E102",
        "binary file (looks like a PNG image)",
    ),
    "photo.jpg": (
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4,
        "E102",
        "binary file (looks like a JPEG image)",
    ),
    "pages.zip": (
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + zlib.compress(b"article " * 500),
        "E102",
        "binary file (looks like a ZIP archive",
    ),
    "report.pdf": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + zlib.compress(bytes(range(256)) * 8),
        "E102",
        "binary file (looks like a PDF document)",
    ),
    "screenshot.html": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "E102", "binary file (looks like a PNG image)"),
    "scrambled.txt": (bytes((n * 7919 + 13) % 128 + 128 for n in range(3000)), "E103", "cannot tell its text encoding"),
    "latin1.html": (
        html(LIBRARY, "Library opens on Sundays", '<meta charset="utf-8">')
        .replace("pounds", "pounds (£) for the café")
        .encode("latin-1"),
        None,
        "forty thousand pounds (£) for the café a year",
    ),
    "utf16.txt": (
        ("Library opens on Sundays\n\n" + "\n\n".join(LIBRARY) + " A naïve plan, critics said.").encode("utf-16"),
        None,
        "A naïve plan",
    ),
    "empty.txt": (b"", "E101", "the input is empty"),
    "menu.html": (navigation_only(), "E105", "only navigation links"),
    "huge.html": (html(BRIDGE * 40, "A very long page").encode(), "E110", f"is over the {CAP // 1000} kB limit"),
    "cut.txt.gz": (gzip.compress("\n\n".join(BRIDGE).encode())[:-25], "E112", "a damaged or truncated gzip file"),
    "cut.warc.gz": (warc_cut_in_its_second_record, "E132", "the file breaks off or is damaged at record #2"),
    "corpus.jsonl": (
        (
            json.dumps({"headline": "Library opens on Sundays", "body": "\n\n".join(LIBRARY)})
            + "\n{'body': 'single quotes'}\n"
        ).encode(),
        "E107",
        "not valid JSON",
    ),
    "titles.csv": (
        b"headline,published\nBridge closed,2021-02-03\nLibrary opens,2021-02-04\nFerry kept,2021-02-05\n",
        "E106",
        "no text column in any of its 3 record(s) (it has: headline, published)",
    ),
    "german.txt": ((GERMAN * 3).encode(), "E109", "does not look like English"),
}
MISSING = "not-there.html"
#: Inputs that hold a good article beside their problem.
ARTICLES_BESIDE_PROBLEMS = {"corpus.jsonl": "corpus.jsonl:1", "cut.warc.gz": "cut.warc.gz#1"}


def write_corpus(folder: Path) -> list[str]:
    for name, (content, _, _) in CORPUS.items():
        (folder / name).write_bytes(content() if callable(content) else content)
    return [str(folder / name) for name in CORPUS] + [str(folder / MISSING)]


def test_every_bad_input_is_one_clear_failure_and_the_good_ones_come_through(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path)
    items = list(read_inputs(paths, SETTINGS))  # ONE call for the whole hostile batch
    articles = [i for i in items if isinstance(i, Article)]
    failures = [i for i in items if isinstance(i, Failure)]

    for name, (_, code, says) in CORPUS.items():
        path = str(tmp_path / name)
        mine = [f for f in failures if f.source == path or f.source.startswith((path + ":", path + "#"))]
        if code is None:
            assert mine == [], name
            [article] = [a for a in articles if a.source == path]
            assert says in article.raw, name
            continue
        assert len(mine) == 1, (name, mine)
        [problem] = mine
        assert problem.code == code, (name, problem)
        assert problem.message.startswith(problem.source + ": "), problem.message
        assert says in problem.message, (name, problem.message)
        assert "\n" not in problem.message
    [missing] = [f for f in failures if f.source == str(tmp_path / MISSING)]
    assert missing.code == "E114" and "no such file or folder" in missing.message

    readable = {Path(a.source.split(" ")[0]).name for a in articles}
    assert readable == {"good.html", "latin1.html", "utf16.txt", *ARTICLES_BESIDE_PROBLEMS.values()}
    assert len(failures) == sum(1 for _, code, _ in CORPUS.values() if code) + 1
    assert "rust in two of the steel beams" in next(a.raw for a in articles if a.source.endswith("good.html"))


def test_the_batch_through_the_command_line_exits_1_and_names_every_bad_input(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    paths = write_corpus(folder)
    out = tmp_path / "r"
    result = CliRunner().invoke(
        app,
        [
            "analyze",
            *paths,
            "--out",
            str(out),
            "--format",
            "json",
            "--no-store",
            "-q",
            "--set",
            f"ingest.max_bytes={CAP}",
        ],
    )
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert "Traceback" not in result.output
    printed = result.output.replace("\n", "")  # the console may wrap long lines
    for name, (_, code, _) in CORPUS.items():
        if code is not None:
            assert name in printed, name
    assert MISSING in printed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    sources = {Path(a["source"].split(" ")[0]).name for a in report["articles"]}
    assert "good.html" in sources
    failed = {Path(f["source"].split(" ")[0]).name.split(":")[0] for f in report["failures"]}
    assert failed >= {name for name, (_, code, _) in CORPUS.items() if code} | {MISSING}


@pytest.mark.parametrize("mapping", [{"body": "text"}, {"txt": "story"}])
def test_an_unknown_column_field_is_a_config_error_before_reading(tmp_path: Path, mapping: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match="is not an article field; use FIELD=COLUMN"):
        next(read_inputs([str(tmp_path / "anything.csv")], SETTINGS, columns=mapping))
