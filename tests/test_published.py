"""Publication times: read from a page's metadata with their time of day and zone (in UTC), combined with the
feed's timestamp, stored with their precision, ordering monitor reports; and the one format commands print
times in. Ends with a real crawl: a report published an hour after another, on the same day, moves the
monitor's series and sends its alert."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pytest
from sqlalchemy import text

from crawler.extraction.metadata import page_metadata
from crawler.extraction.published import parse_published
from crawler.pipelines import http_time, published_at
from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from scheduler.monitors import Monitor
from scheduler.output import print_rows, timestamp
from storage.db import open_database
from storage.monitors import report_time
from storage.recorder import PageRecord
from tests.site import Article, FixtureSite, article_html, config_toml, listing, rss, source_toml
from tests.test_monitors import FILLER, Webhook, figure, record, update

UTC = timezone.utc
NOW = datetime.now(UTC)


def published(head: str, body: str = "<p>Text.</p>", url: str | None = None) -> str | None:
    """`Metadata.published` of a page with this head and body."""
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return page_metadata(tree, url).published


def meta(value: str, key: str = 'property="article:published_time"') -> str:
    return f'<meta {key} content="{value}">'


def json_ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- metadata ---

@pytest.mark.parametrize("head, expected", [
    (meta("2026-03-16T01:10:06Z"), "2026-03-16T01:10:06+00:00"),
    (meta("2026-03-16T01:10:06+02:00"), "2026-03-15T23:10:06+00:00"),  # converted to UTC: the day before
    (meta("2026-03-16T01:10:06+0200"), "2026-03-15T23:10:06+00:00"),
    (meta("2026-03-16T01:10:06.123-05:00"), "2026-03-16T06:10:06+00:00"),  # fractional seconds
    (meta("2026-03-16T01:10:06Z", 'property="og:article:published_time"'), "2026-03-16T01:10:06+00:00"),
    (meta("2026-03-16T01:10:06Z", 'name="article:published_time"'), "2026-03-16T01:10:06+00:00"),
    (meta("2026-03-16 01:10:06 +0000", 'name="sailthru.date"'), "2026-03-16T01:10:06+00:00"),
    (meta("2026-03-16T01:10:06Z", 'name="DC.date.issued"'), "2026-03-16T01:10:06+00:00"),
    (meta("2026-03-16T01:10:06Z", 'name="parsely-pub-date"'), "2026-03-16T01:10:06+00:00"),
    (json_ld({"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "datePublished": "2020-01-01T00:00:00Z"},
        {"@type": ["NewsArticle"], "headline": "x", "datePublished": "2026-03-16T01:10:06+01:00"}]}),
     "2026-03-16T00:10:06+00:00"),
    (json_ld([{"@type": "LiveBlogPosting", "datePublished": "2026-03-16T01:10:06Z"}]), "2026-03-16T01:10:06+00:00"),
    # the most specific meta tag wins, wherever it is: a plain "date" is sometimes the last modification's
    (meta("2026-03-17T10:00:00Z", 'name="date"') + meta("2026-03-16T01:10:06Z"), "2026-03-16T01:10:06+00:00"),
    # a date-only meta tag does not hide the time JSON-LD gives
    (meta("2026-03-16") + json_ld({"@type": "ReportageNews", "datePublished": "2026-03-16T08:00:00Z"}),
     "2026-03-16T08:00:00+00:00"),
])
def test_page_metadata_gives_the_time_in_utc(head: str, expected: str) -> None:
    assert published(head) == expected


def test_time_elements_and_itemprop() -> None:
    assert published("", '<p>Text.</p><time itemprop="datePublished" datetime="2026-03-16T01:10:06Z">16 March</time>',
                     url="https://e.org/2026/03/15/story") == "2026-03-16T01:10:06+00:00"  # beats the URL's date
    assert published("", '<time pubdate datetime="2026-03-16T01:10:06+01:00">16 March</time>') == \
        "2026-03-16T00:10:06+00:00"
    assert published("", '<time class="entry-date published" datetime="2026-03-16T01:10:06Z">x</time>') == \
        "2026-03-16T01:10:06+00:00"
    # an unmarked time element (a related story's, an event's) is not the publication time
    assert published("", '<time datetime="2026-03-16T01:10:06Z">x</time>') != "2026-03-16T01:10:06+00:00"


@pytest.mark.parametrize("head", [
    meta("2026-03-16"),
    meta("2026-03-16T01:10:06"),  # a time without a zone: only its day is sure
    json_ld({"@type": "NewsArticle", "datePublished": "2026-03-16"}),
])
def test_a_date_only_page_keeps_its_date(head: str) -> None:
    assert published(head) == "2026-03-16"
    assert published_at(published(head), None) == (datetime(2026, 3, 16), "date")


@pytest.mark.parametrize("value", [
    "0001-01-01T00:00:00+01:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-01:00", "9999-12-31T23:59:59Z",
    "1989-12-31T12:00:00Z", "in three days", "2026-02-30T10:00:00Z", "2026-03-16T25:00:00Z",
    "2026-03-16T01:10:06+23:59", "yesterday", "", "2026-03-16T01:10:06Z" * 1000, "\x00\ufffd2026",
])
def test_malformed_and_absurd_times_are_ignored(value: str) -> None:
    if value == "in three days":  # made here, so that the test's id is the same wherever it is collected
        value = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    for head in (meta(value), json_ld({"@type": "NewsArticle", "datePublished": value}),
                 meta(value, 'name="pubdate"')):
        result = published(head)  # no time; at most a plausible date htmldate reads in it (2026-03-16)
        assert result is None or (len(result) == 10 and parse_published(result) is not None), result
    assert parse_published(value) is None


@pytest.mark.parametrize("head", [
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>',
    '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>",
    json_ld({"@type": "NewsArticle", "datePublished": 20260316}),
    json_ld({"@type": {"x": 1}, "@graph": {"not": "a list"}, "datePublished": ["2026-03-16T01:10:06Z"]}),
    json_ld({"@type": [{"x": 1}, ["NewsArticle"]], "datePublished": "2026-03-16T01:10:06Z"}),
    json_ld("just a string"),
    "".join(meta(f"garbage {n}", 'name="date"') for n in range(5000)),
])
def test_hostile_metadata_does_not_break_extraction(head: str) -> None:
    assert published(head) in (None, "2026-03-16")  # no time from it; htmldate may still read the date


def test_the_first_plausible_time_wins_over_the_url_date() -> None:
    head = meta("9999-01-01T00:00:00Z") + meta("2026-03-16T05:00:00Z", 'name="pubdate"')
    assert published(head, url="https://e.org/2026/03/14/story.html") == "2026-03-16T05:00:00+00:00"
    assert published(meta("2026-03-16"), url="https://e.org/2026/03/14/story.html") == "2026-03-14"  # htmldate's


# --- page and feed ---

FEED = datetime(2026, 3, 16, 14, 5, tzinfo=timezone(timedelta(hours=2)))  # 12:05 UTC


@pytest.mark.parametrize("page, feed, expected", [
    ("2026-03-16T09:00:00+00:00", FEED, (datetime(2026, 3, 16, 9), "time")),  # the page's time wins
    ("2026-03-16", FEED, (datetime(2026, 3, 16, 12, 5), "time")),  # page date, feed time on that day
    ("2026-03-15", FEED, (datetime(2026, 3, 15), "date")),  # another day: the page's date
    (None, FEED, (datetime(2026, 3, 16, 12, 5), "time")),  # the feed alone
    ("not a date", FEED, (datetime(2026, 3, 16, 12, 5), "time")),
    ("2026-03-16", None, (datetime(2026, 3, 16), "date")),  # the page's date alone
    ("2026-03-16", datetime(9999, 1, 1, tzinfo=UTC), (datetime(2026, 3, 16), "date")),  # an absurd feed time
    (None, None, (None, None)),
])
def test_published_at_combines_page_and_feed(page: str | None, feed: datetime | None, expected: tuple) -> None:
    assert published_at(page, feed) == expected


# --- report time ---

DAY = datetime(2026, 3, 16)


@pytest.mark.parametrize("published, precision, fetched, first, expected", [
    (DAY, "date", DAY + timedelta(days=2), True, datetime.combine(DAY, datetime.max.time())),  # end of the day
    (DAY, "date", DAY + timedelta(hours=9), True, DAY + timedelta(hours=9)),  # fetched that day: then
    (DAY, "date", DAY - timedelta(hours=3), True, DAY),  # fetched "before" it (clocks): never before the day
    (DAY + timedelta(hours=1), "time", DAY + timedelta(days=2), True, DAY + timedelta(hours=1)),
    (DAY + timedelta(hours=1), None, DAY + timedelta(days=2), True, DAY + timedelta(hours=1)),  # older rows
    (DAY, "date", DAY + timedelta(days=2), False, DAY + timedelta(days=2)),  # an update: when fetched
    (None, None, DAY + timedelta(days=2), True, DAY + timedelta(days=2)),
])
def test_report_time(published: datetime | None, precision: str | None, fetched: datetime, first: bool,
                     expected: datetime) -> None:
    assert report_time(published, precision, fetched, first) == expected


def test_a_date_only_report_is_not_older_than_an_earlier_time_that_day(db_url: str) -> None:
    """A page dated only by its day, found after a report with a time on that day, is the newer report."""
    engine = open_database(db_url)
    monitor = Monitor("hatay", ("Hatay",))
    page = lambda url, when, precision, value: PageRecord(  # noqa: E731
        url=f"https://e.org/{url}", source="s1", text=f"Hatay: {value} killed.", published_at=when,
        published_precision=precision, figures=[figure(value)])
    update(engine, [monitor], record(engine, [page("a", DAY + timedelta(minutes=30), "time", 726)]))
    assert update(engine, [monitor], record(engine, [page("b", DAY, "date", 816)])).changes == {"hatay": 1}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT url, published_precision FROM articles ORDER BY url")).all() == [
            ("https://e.org/a", "time"), ("https://e.org/b", "date")]
        assert conn.execute(text("SELECT old_value, new_value FROM series_changes")).all() == [(726, 816)]
    # a new version with a time replaces the date and its precision together; one without keeps both
    record(engine, [page("b", DAY + timedelta(hours=2), "time", 817)])
    record(engine, [page("b", None, None, 818)])
    with engine.connect() as conn:
        assert conn.execute(text("SELECT published_precision FROM articles WHERE url = 'https://e.org/b'")).all() == [
            ("time",)]
        assert str(conn.scalar(text("SELECT published_at FROM articles WHERE url = 'https://e.org/b'"))).startswith(
            "2026-03-16 02:00:00")
    engine.dispose()


# --- when a page says it last changed, and the server's Last-Modified ---

def modified(head: str, body: str = "<p>Text.</p>") -> str | None:
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return page_metadata(tree, None).modified


def test_a_page_s_modification_time_is_read_from_its_head() -> None:
    assert modified(meta("2026-03-16T11:00:00+02:00", 'property="article:modified_time"')) == \
        "2026-03-16T09:00:00+00:00"
    assert modified(meta("2026-03-16T09:00:00Z", 'property="og:updated_time"')) == "2026-03-16T09:00:00+00:00"
    assert modified(json_ld({"@type": "NewsArticle", "datePublished": "2026-03-16T01:00:00Z",
                             "dateModified": "2026-03-16T05:30:00Z"})) == "2026-03-16T05:30:00+00:00"
    # not a modification time: the publication's, a WebPage's, one in the body, a date without a time
    assert modified(meta("2026-03-16T01:00:00Z")) is None
    assert modified(json_ld({"@type": "WebPage", "dateModified": "2026-03-16T05:30:00Z"})) is None
    assert modified("", json_ld({"@type": "NewsArticle", "dateModified": "2026-03-16T05:30:00Z"})) is None
    assert modified(meta("2026-03-16", 'property="article:modified_time"')) is None
    assert modified(meta("2999-01-01T00:00:00Z", 'property="article:modified_time"')) is None


@pytest.mark.parametrize("header, expected", [
    ("Mon, 16 Mar 2026 09:00:00 GMT", datetime(2026, 3, 16, 9)),
    ("Mon, 16 Mar 2026 11:00:00 +0200", datetime(2026, 3, 16, 9)),
    ("Sun, 01 Jan 2999 00:00:00 GMT", None), ("yesterday", None), ("", None), (None, None),
    ("Mon, 16 Mar 2026 09:00:00", None),  # no zone: no moment
])
def test_last_modified_headers(header: str | None, expected: datetime | None) -> None:
    assert http_time(header) == expected


def test_a_crawl_stores_each_version_s_modification_times(site: FixtureSite, tmp_path: Path) -> None:
    article = Article("updated", "Quake toll rises", [FILLER[0], "At least 12 people were killed.", FILLER[1]],
                      datetime(2026, 3, 16, 1, tzinfo=UTC))
    html = article_html(article, site.url).replace(
        "<head>", "<head>" + meta("2026-03-16T05:30:00Z", 'property="article:modified_time"'), 1)
    site.set_html(article.path, html, **{"Last-Modified": "Mon, 16 Mar 2026 05:31:00 GMT"})
    site.set_xml("/feed.xml", rss([article], site.url), "application/rss+xml")
    db = tmp_path / "tollwatch.db"
    config = parse_config(config_toml(site.url, f"sqlite:///{db}",
                                      sources=source_toml("wire", "feed", f"{site.url}/feed.xml")), None)
    engine = open_database(f"sqlite:///{db}")
    assert run_crawl(config, engine, config.sources).status == "ok"
    with engine.connect() as conn:
        assert [tuple(str(v)[:19] for v in row) for row in conn.execute(text(
            "SELECT modified_at, last_modified_at FROM article_versions"))] == [
            ("2026-03-16 05:30:00", "2026-03-16 05:31:00")]
    engine.dispose()


# --- output ---

def test_timestamp_format() -> None:
    assert timestamp(datetime(2026, 12, 7, 1, 4, 36, 987654)) == "2026-12-07T01:04:36Z"  # naive: UTC
    assert timestamp(datetime(2026, 12, 7, 3, 4, 36, tzinfo=timezone(timedelta(hours=2)))) == "2026-12-07T01:04:36Z"
    assert timestamp(date(2026, 12, 7)) == "2026-12-07"
    assert timestamp(datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))) == "0001-01-01T00:30:00+01:00"


def test_print_rows_prints_times_one_way() -> None:
    row = ("a", datetime(2026, 12, 7, 1, 4, 36, 5), date(2026, 12, 7), None)
    for fmt in ("table", "csv", "json"):
        out = io.StringIO()
        print_rows(("name", "at", "day", "none"), [row], fmt, out)
        if fmt == "json":
            assert json.loads(out.getvalue()) == [{"name": "a", "at": "2026-12-07T01:04:36Z", "day": "2026-12-07",
                                                   "none": None}]
        elif fmt == "csv":
            assert list(csv.reader(io.StringIO(out.getvalue()))) == [["name", "at", "day", "none"],
                                                                     ["a", "2026-12-07T01:04:36Z", "2026-12-07", ""]]
        else:
            assert out.getvalue().splitlines()[2].split() == ["a", "2026-12-07T01:04:36Z", "2026-12-07"]


# --- a real crawl ---

UN_726 = "At least 726 civilians have been killed in Hatay since the earthquake struck, according to the UN."
UN_816 = "At least 816 civilians have been killed in Hatay since the earthquake struck, according to the UN."


def test_a_report_an_hour_later_on_the_same_day_moves_the_series_and_alerts(
        site: FixtureSite, db_url: str, tmp_path: Path) -> None:
    """Article A (UN: 726) is in a feed with timestamps; article B (UN: 816), published an hour later the
    same day, is found on a listing page, so only its page says when: at 02:30+01:00. Stored as 00:00 of
    the day (the date alone), B would be older than A and change nothing."""
    hook = Webhook()
    day = (NOW - timedelta(days=2)).date()
    first = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)
    a = Article("quake-un", "Hatay earthquake: UN counts the dead", [FILLER[0], UN_726, FILLER[1]], first)
    b = Article("quake-un-update", "Hatay earthquake: toll rises", [FILLER[0], UN_816, FILLER[1]],
                (first + timedelta(hours=1)).astimezone(timezone(timedelta(hours=1))))
    assert article_html(b, site.url).count(f'content="{day.isoformat()}T02:30:00+01:00"') == 1
    site.set_html(a.path, article_html(a, site.url))
    site.set_xml("/wire.xml", rss([a], site.url), "application/rss+xml")
    site.set_html("/desk/", listing([]))
    sources = source_toml("wire", "feed", f"{site.url}/wire.xml") + \
        source_toml("desk", "pages", f"{site.url}/desk/", follow="/world/\\\\d{4}/")
    monitors = f'\n[[monitors]]\nname = "hatay-quake"\nkeywords = ["Hatay"]\nnotify = ["{hook.url}"]\n'
    toml = config_toml(site.url, db_url, sources=sources, extra=monitors)
    config = parse_config(toml, tmp_path / "tollwatch.toml")
    engine = open_database(db_url)
    try:
        assert run_crawl(config, engine, config.sources).status == "ok"
        site.set_html(b.path, article_html(b, site.url))
        site.set_html("/desk/", listing([b]))
        assert run_crawl(config, engine, config.sources).status == "ok"
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT url, published_at, published_precision FROM articles ORDER BY id")).all()
            series = conn.execute(text("SELECT value, changes, url FROM series WHERE attribution = 'UN'")).all()
            change = conn.execute(text("SELECT old_value, new_value, direction FROM series_changes")).all()
    finally:
        engine.dispose()
        hook.stop()
    assert [(url, str(at)[:19], precision) for url, at, precision in stored] == [
        (site.url + a.path, f"{day} 00:30:00", "time"), (site.url + b.path, f"{day} 01:30:00", "time")]
    assert series == [(816, 1, site.url + b.path)]
    assert change == [(726, 816, "up")]
    assert [message["message"] for message in hook.received] == [
        f"hatay-quake: killed (civilians, UN) 726 → 816 — 127.0.0.1, {day}T01:30:00Z\n  {site.url + b.path}"]
