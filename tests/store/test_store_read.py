"""The read side of the store: read-only opening, typed story tables, paging, search and export."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from newstrace.errors import StoreError
from newstrace.model import (
    AgreementCell,
    Article,
    Claim,
    Document,
    OffsetMap,
    Quote,
    QuoteKind,
    QuoteVariant,
    Speaker,
    SpeakerCell,
    Story,
    TimelinePoint,
    VariantSide,
)
from newstrace.pipeline import Corpus
from newstrace.report import build_report
from newstrace.settings import Settings
from newstrace.store import Store
from newstrace.text.isodate import as_date as typed_date

TEXT_A = "Ann Roe said on Monday that the dam burst. Officials denied it."
TEXT_B = 'The dam burst, "Ann Roe" told reporters in April. Nobody else spoke.'


def _report() -> object:
    qa = Quote("q1", QuoteKind.INDIRECT, "the dam burst", 29, 42, speaker=Speaker("Ann Roe", "Ann Roe"),
               when="Monday", when_date="2017-04-24")  # fmt: skip
    docs = tuple(
        Document(
            Article(id=aid, source=f"{aid}.txt", raw=text, outlet=outlet, title=f"Title {aid}", published=pub),
            text=text,
            offsets=OffsetMap.identity(len(text)),
            quotes=quotes,
        )
        for aid, text, outlet, pub, quotes in (
            ("a1", TEXT_A, "Daily One", "2017-04-25", (qa,)),
            ("a2", TEXT_B, "Second_Paper", "2017-05", ()),
        )
    )
    side_a = VariantSide("a1", ("q1",), "the dam burst", ((29, 42),), "Monday", "2017-04-24")
    side_b = VariantSide("a2", (), "The dam burst", ((0, 13),), "in April", "2017-04")
    story = Story(
        "s1",
        ("a1", "a2"),
        claims=(Claim("c1", "The dam burst", origin="user"),),
        quote_variants=(QuoteVariant("Ann Roe", side_a, side_b, 1.0, (), (), ()),),
        agreement=(
            AgreementCell(
                "c1",
                "a1",
                "Daily One",
                "2017-04-25",
                "supports",
                0.8,
                0.9,
                (SpeakerCell("Ann Roe", "supports", 0.7, ("q1",)),),
                (),
            ),
        ),
        timeline=(TimelinePoint("Ann Roe", "speaker", "2017-04", "remark", "a1", "Daily One", "c1", "supports", 0.7),),
    )
    return build_report(Corpus(docs, stories=(story,)), Settings.load(), created="2026-01-01T00:00:00+00:00")


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        run_id = store.save(_report())  # type: ignore[arg-type]
    return path, run_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2017-04-24", (dt.date(2017, 4, 24), "day")),
        ("2017-04-24T10:00:00+00:00", (dt.date(2017, 4, 24), "day")),
        ("2017-04", (dt.date(2017, 4, 1), "month")),
        ("2017", (dt.date(2017, 1, 1), "year")),
        ("2017-02-30", (None, None)),
        ("Monday", (None, None)),
        (None, (None, None)),
    ],
)
def test_dates_become_a_date_and_a_precision(text: str | None, expected: tuple[object, object]) -> None:
    assert typed_date(text) == expected


def test_read_only_never_creates_a_store(tmp_path: Path) -> None:
    path = tmp_path / "missing.duckdb"
    with pytest.raises(StoreError) as info:
        Store(path, read_only=True).open()
    assert info.value.code == "E502"
    assert not path.exists()


def test_read_only_refuses_an_unmigrated_store_without_migrating_it(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (name VARCHAR PRIMARY KEY, applied_at TIMESTAMP)")
    con.close()
    with pytest.raises(StoreError) as info:
        Store(path, read_only=True).open()
    assert info.value.code == "E503"
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM schema_migrations").fetchone() == (0,)
    con.close()


def test_read_only_cannot_write(db: tuple[Path, str]) -> None:
    path, _ = db
    with Store(path, read_only=True) as store, pytest.raises(StoreError):
        store.save(_report())  # type: ignore[arg-type]


def test_a_write_lock_held_by_another_process_is_a_busy_error(db: tuple[Path, str]) -> None:
    path, _ = db
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("locked", flush=True)
            time.sleep(30)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError) as info:
            Store(path, read_only=True).open()
        assert info.value.code == "E501"
    finally:
        holder.kill()
        holder.wait()
    time.sleep(0.1)
    with Store(path, read_only=True) as store:
        assert len(store.runs()) == 1


def test_story_findings_are_typed_tables_with_dates_as_date(db: tuple[Path, str]) -> None:
    path, run_id = db
    with Store(path, read_only=True) as store:
        con = store.con
        types = dict(
            con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'timeline'"
            ).fetchall()
        )
        assert types["said_on"] == "DATE"
        assert con.execute("SELECT said_on, said_on_precision FROM timeline").fetchall() == [
            (dt.date(2017, 4, 1), "month")
        ]
        assert con.execute(
            "SELECT published_date, published_precision FROM articles ORDER BY article_id"
        ).fetchall() == [
            (dt.date(2017, 4, 25), "day"),
            (dt.date(2017, 5, 1), "month"),
        ]
        assert con.execute("SELECT said_on, said_on_precision FROM quotes").fetchall() == [
            (dt.date(2017, 4, 24), "day")
        ]
        assert con.execute("SELECT side, said_on, said_on_precision FROM variants ORDER BY side").fetchall() == [
            ("a", dt.date(2017, 4, 24), "day"),
            ("b", dt.date(2017, 4, 1), "month"),
        ]
        assert con.execute(
            "SELECT holder, holder_kind, label, quote_ids FROM agreement ORDER BY holder"
        ).fetchall() == [
            ("Ann Roe", "speaker", "supports", ["q1"]),
            ("a1", "outlet", "supports", []),
        ]
        assert con.execute("SELECT claim_id, text, origin FROM claims").fetchall() == [("c1", "The dam burst", "user")]
        assert store.article(run_id, "a1")["text"] == TEXT_A


def test_runs_stored_before_the_story_tables_are_filled_in_when_opened_for_writing(db: tuple[Path, str]) -> None:
    path, run_id = db
    with Store(path) as store:  # as an earlier version stored it: the whole report in the run's row, no story tables
        whole = json.dumps(store.load(run_id))
        store.con.execute("DELETE FROM claims")
        store.con.execute("DELETE FROM article_data")
        store.con.execute("UPDATE runs SET story_tables = false, report_parts = false, report = ?", [whole])
    with Store(path, read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM claims").fetchone() == (0,)  # reading never writes
    with Store(path) as store:
        assert store.con.execute("SELECT count(*) FROM claims").fetchone() == (1,)
        assert store.con.execute("SELECT count(*) FROM article_data").fetchone() == (2,)


def test_lists_are_paged_with_a_total(db: tuple[Path, str]) -> None:
    path, run_id = db
    with Store(path, read_only=True) as store:
        first, total = store.articles_page(run_id, limit=1)
        second, _ = store.articles_page(run_id, limit=1, offset=1)
        assert total == 2 and [a["id"] for a in first + second] == ["a1", "a2"]
        assert store.articles_page(run_id, limit=0)[0] == []
        stories, n = store.stories_page(limit=10)
        assert n == 1
        assert stories[0]["headline"] == "Title a1"
        assert stories[0]["outlets"] == ["Daily One", "Second_Paper"]
        assert stories[0]["claims"][0]["stances"] == {"supports": 2}


def test_an_unknown_run_is_an_error_not_an_empty_list(db: tuple[Path, str]) -> None:
    path, _ = db
    with Store(path, read_only=True) as store:
        for call in (
            lambda: store.quotes("nope"),
            lambda: store.articles_page("nope"),
            lambda: store.run("nope"),
            lambda: store.story("nope", "s1"),
            lambda: store.stories_page(run_id="nope"),
        ):
            with pytest.raises(StoreError) as info:
                call()
            assert info.value.code == "E510"


def test_search_finds_speakers_outlets_claims_and_text_across_runs(db: tuple[Path, str]) -> None:
    path, _ = db
    with Store(path, read_only=True) as store:
        hits, _ = store.search("roe")
        kinds = {h["kind"] for h in hits}
        assert {"speaker", "text"} <= kinds
        outlet, _ = store.search("second_paper", kind="outlet")
        assert [h["article_id"] for h in outlet] == ["a2"]
        assert store.search("second%paper", kind="outlet")[1] == 0  # wildcards are taken literally
        claim, _ = store.search("DAM BURST", kind="claim")
        assert claim[0]["story_id"] == "s1"
        text, _ = store.search("officials denied", kind="text")
        hit = text[0]
        assert TEXT_A[hit["start"] : hit["end"]].lower() == "officials denied"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_writes_every_table_of_one_run(db: tuple[Path, str], tmp_path: Path, fmt: str) -> None:
    path, run_id = db
    with Store(path, read_only=True) as store:
        written = store.export(run_id, tmp_path / "out", fmt)
    names = {p.stem for p in written}
    assert {
        "articles",
        "quotes",
        "stances",
        "claims",
        "agreement",
        "reuse",
        "variants",
        "evidence",
        "timeline",
    } <= names
    read = pq.read_table if fmt == "parquet" else pa_csv.read_csv
    timeline = read(tmp_path / "out" / f"timeline.{fmt}")
    assert timeline.column("said_on").to_pylist() == [dt.date(2017, 4, 1)]
    assert read(tmp_path / "out" / f"articles.{fmt}").num_rows == 2
