"""`tollwatch changes` as an analyst uses it: `--since` as a duration, a date or a time; an unknown source
refused; first reports left out with `--changed-only`; a table that fits a terminal while CSV and JSON keep
every column; times in one format; titles in any script; and a mistyped SQLite path refused."""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import open_database
from storage.history import CHANGE_COLUMNS
from tests.conftest import news_site, pg_schema, run_cli
from tests.site import config_toml
from tests.test_daemon import cli
from tests.test_history import set_article

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # ISO 8601, UTC, to the second
TITLES = {  # each within the table's 60 characters of title
    0: "Обстрел Харькова: число погибших мирных жителей растёт",  # Cyrillic (the article whose toll changes)
    1: "قصف على غزة يوقع عشرات القتلى والجرحى",  # Arabic
    2: "Hatay'da çatışmalar: ölü ve yaralı sayısı artıyor",  # Turkish
    3: "Khartoum : l’ONU déplore « une tragédie » à l’hôpital",  # French
}
FORGED = "Shelling\u2028forged line\x85 with a C1 control"  # line separators a terminal could honour
LONG = "A very long headline " + "about the talks " * 12  # longer than any terminal column
MONITOR = '[[monitors]]\nname = "kharkiv"\nkeywords = ["Kharkiv"]\n'


def changes(tmp_path: Path, *args: str) -> list[dict]:
    """`tollwatch changes ... --format json`, parsed."""
    result = run_cli("changes", *args, "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def crawled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> Iterator[tuple[Path, datetime, str]]:
    """A project whose database (a SQLite file, then PostgreSQL) holds the fixture RSS feed (six articles) crawled
    twice, the toll of article 0 changed from 726 to 816 in between, the articles titled in four scripts, one
    with control characters, one very long: (its directory, a time between the two crawls, the database URL).
    Made once for the module's tests, which only read it."""
    project = tmp_path_factory.mktemp("changes")
    site = news_site()
    with ExitStack() as cleanup:
        cleanup.callback(site.stop)
        db_url = (f"sqlite:///{project / 'tollwatch.db'}" if request.param == "sqlite"
                  else cleanup.enter_context(pg_schema()))
        for index, title in {**TITLES, 4: FORGED, 5: LONG}.items():
            site.articles[index].title = title  # type: ignore[attr-defined]
            set_article(site, index, 10 + index)
        set_article(site, 0, 726)
        (project / "tollwatch.toml").write_text(config_toml(site.url, db_url, extra=MONITOR))
        assert run_cli("crawl", "--source", "fixture-rss", cwd=project).returncode == 0
        between = datetime.now(timezone.utc)
        set_article(site, 0, 816)
        assert run_cli("crawl", "--source", "fixture-rss", cwd=project).returncode == 0
        yield project, between, db_url


def test_changed_only_leaves_out_first_reports(crawled: tuple[Path, datetime, str]) -> None:
    tmp_path = crawled[0]
    every = changes(tmp_path, "--since", "1h")
    assert len(every) == 6 * 2 + 1  # a killed and an injured first report per article of the feed, one change
    assert sum(row["old_value"] is None for row in every) == 12
    only = changes(tmp_path, "--since", "1h", "--changed-only")
    assert [(r["category"], r["who"], r["old_value"], r["new_value"], r["title"]) for r in only] == [
        ("killed", "civilians", 726, 816, TITLES[0])]
    assert changes(tmp_path, "--since", "1h", "--changed-only", "--category", "injured") == []
    series = run_cli("changes", "--monitor", "kharkiv", "--changed-only", "--since", "1h", cwd=tmp_path)
    assert series.returncode == 0, series.stderr
    lines = series.stdout.splitlines()
    assert lines[0].split() == ["detected_at", "category", "who", "attribution", "source", "change", "direction",
                                "reported_at"]
    assert len(lines) == 3 and "726 -> 816" in lines[2] and len(TIME.findall(lines[2])) == 2, lines


def test_since_takes_a_duration_a_date_or_a_time(crawled: tuple[Path, datetime, str]) -> None:
    tmp_path, between = crawled[:2]
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).date().isoformat()
    plus_two = between.astimezone(timezone(timedelta(hours=2)))
    later = datetime.now(timezone.utc) + timedelta(hours=1)
    every = ("1w", "1h", "3600", "1h30m", yesterday, f"{yesterday}T00:00:00Z")
    after_first = (between.isoformat(), between.isoformat().replace("+00:00", "Z"), plus_two.isoformat(),
                   between.replace(tzinfo=None).isoformat())  # without a zone: UTC
    future = (later.isoformat(), (later + timedelta(days=2)).date().isoformat())
    # the commands run at once: their start-up is most of the time
    running = {since: cli("changes", "--since", since, "--format", "json", cwd=tmp_path)
               for since in (*every, *after_first, *future)}
    done = {since: (command.communicate(timeout=60), command.returncode) for since, command in running.items()}
    for since in every:
        assert done[since][1] == 0 and len(json.loads(done[since][0][0])) == 13, since
    for since in after_first:
        assert [(r["old_value"], r["new_value"]) for r in json.loads(done[since][0][0])] == [(726, 816)], since
    for since in future:
        (_, stderr), code = done[since]
        assert code == 2 and re.fullmatch(
            rf"tollwatch: error: --since: {TIME.pattern} is in the future \(now is {TIME.pattern}\)\n", stderr), stderr


@pytest.mark.parametrize("since, message", [
    ("yesterday", "'yesterday' is neither a duration (15m, 1h30m, 1w) nor a date (2026-12-01"),
    ("0", "'0' must be longer than zero"),
    ("-1d", "'-1d' must not be negative"),
    ("15x", "'15x' is not a duration"),
    ("2026-13-01", "'2026-13-01' is not a date (2026-12-01, from midnight UTC) or a time"),
    ("2026-12-01T25:00Z", "'2026-12-01T25:00Z' is not a date"),
    ("20000d", "'20000d' is too long (at most 10 years)"),
])
def test_since_mistakes_are_one_line(tmp_path: Path, since: str, message: str) -> None:
    (tmp_path / "tollwatch.toml").write_text('[[sources]]\nname = "a"\nfeed = "https://example.org/rss.xml"\n')
    result = run_cli("changes", f"--since={since}", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(f"tollwatch: error: --since: {message}") and result.stderr.count("\n") == 1, \
        result.stderr


def test_an_unknown_source_is_refused(tmp_path: Path, sqlite_url: str) -> None:
    (tmp_path / "tollwatch.toml").write_text(config_toml("http://127.0.0.1:9", sqlite_url, extra=MONITOR))
    open_database(sqlite_url).dispose()
    for args in (("changes", "--source", "nosuch"), ("changes", "--monitor", "kharkiv", "--source", "nosuch")):
        result = run_cli(*args, cwd=tmp_path)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == ("tollwatch: error: tollwatch.toml: no source named 'nosuch' (known: fixture-rss, "
                                 "fixture-atom, fixture-sitemap, fixture-world)\n")
    assert run_cli("changes", "--source", "fixture-atom", cwd=tmp_path).returncode == 0


def test_table_is_narrow_and_csv_and_json_keep_every_column(crawled: tuple[Path, datetime, str]) -> None:
    tmp_path = crawled[0]
    table = run_cli("changes", "--since", "1h", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["detected_at", "source", "category", "who", "change", "qualifier", "title"]
    assert len(lines) == 2 + 13
    assert max(map(len, lines)) <= 200, max(lines, key=len)
    assert all(TIME.match(line) and line[20:22] == "  " for line in lines[2:]), lines[2]  # no microseconds
    assert sum("726 -> 816" in line for line in lines) == 1 and sum("first: " in line for line in lines) == 12
    long_title = [line for line in lines if "A very long headline" in line]
    assert len(long_title) == 2 and all(line.endswith("…") for line in long_title)

    rows = changes(tmp_path, "--since", "1h")
    assert all(list(row) == list(CHANGE_COLUMNS) for row in rows)
    assert all(TIME.fullmatch(row["detected_at"]) for row in rows)
    assert {LONG} == {row["title"] for row in rows if row["title"].startswith("A very long")}
    assert all(row["url"].startswith("http://127.0.0.1:") and row["sentence"] for row in rows)

    result = run_cli("changes", "--since", "1h", "--format", "csv", cwd=tmp_path)
    parsed = list(csv.reader(io.StringIO(result.stdout)))
    assert parsed[0] == list(CHANGE_COLUMNS) and len(parsed) == 14
    assert all(TIME.fullmatch(row[0]) for row in parsed[1:])


def test_titles_in_any_script_print_as_they_are(crawled: tuple[Path, datetime, str]) -> None:
    """Arabic, Cyrillic, Turkish and French titles print unchanged in a table, CSV and JSON; control characters
    (here a Unicode line separator and a C1 control) are escaped in all three."""
    tmp_path = crawled[0]
    outputs = {fmt: run_cli("changes", "--since", "1h", "--format", fmt, cwd=tmp_path).stdout
               for fmt in ("table", "csv", "json")}
    for fmt, out in outputs.items():
        for title in TITLES.values():
            assert title in out, (fmt, title)
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", out), fmt
    assert "Shelling\\u2028forged line\\x85 with a C1 control" in outputs["table"]
    assert "Shelling\\u2028forged line\\x85 with a C1 control" in outputs["csv"]
    titles = {row["title"] for row in json.loads(outputs["json"])}
    assert FORGED in titles and set(TITLES.values()) <= titles  # JSON escapes read back to the very text


def test_monitors_print_times_in_one_format(crawled: tuple[Path, datetime, str]) -> None:
    tmp_path, _, db_url = crawled
    result = run_cli("monitors", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    series = json.loads(result.stdout)
    assert series and all(TIME.fullmatch(row["reported_at"]) for row in series)
    assert [TIME.fullmatch(row["last_change_at"]) is not None for row in series if row["last_change"]] == [True]
    table = run_cli("monitors", cwd=tmp_path).stdout
    assert len(TIME.findall(table)) == len(series) + 1 and not re.search(r"\d\d:\d\d:\d\d[.+]", table)
    if db_url.startswith("sqlite"):  # SQLite hands views' times back as text: they print the same way
        engine = open_database(db_url)
        with engine.connect() as conn:
            raw = conn.execute(text("SELECT detected_at FROM figure_timeline LIMIT 1")).scalar_one()
        engine.dispose()
        assert isinstance(raw, str) and "." in raw


@pytest.mark.parametrize("args", [("sql", "SELECT 1"), ("changes",), ("changes", "--since", "2020-01-01"),
                                  ("monitors",)])
def test_a_mistyped_sqlite_path_is_an_error_and_creates_nothing(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "tollwatch.toml").write_text(
        '[database]\nurl = "sqlite:///tollwatch.db"\n' + MONITOR
        + '[[sources]]\nname = "a"\nfeed = "https://example.org/rss.xml"\n')
    result = run_cli("--database", "sqlite:///tolwatch.db", *args, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == ("tollwatch: error: database file 'tolwatch.db' does not exist (check the path; "
                             "tollwatch crawl creates the database)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tollwatch.toml"]
