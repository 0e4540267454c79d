"""Re-visits (issue 33): articles that left their feed are fetched again on a decaying schedule, within a
per-source budget, by real crawls of a local site on a simulated clock (waits in seconds, and no sleeping)."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, text

from crawler.extraction import extract_page
from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from scheduler.status import STATUS_COLUMNS, status_rows
from storage.db import open_database, upgrade
from storage.recorder import PageRecord, Recorder, start_run
from storage.revisit import RevisitPolicy
from tests.site import (Article, FixtureSite, Page, article_html, config_toml, make_articles, rss, sitemap,
                        sitemap_index, source_toml)

START = datetime(2026, 3, 16, 20, 0)  # naive UTC, like the database: hours after the articles were published
TOLL = "At least {n} civilians have been killed and 20 injured in Kharkiv since the start of the offensive."


class SimulatedClock:
    """The time a crawl judges what is due by and stores at: moved by the test, never by waiting."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class Newsroom:
    """A local site with `count` articles and one feed (`/rss.xml`), crawled into one database on a clock."""

    def __init__(self, db_url: str, count: int, crawl_keys: str, etags: bool = False):
        self.site = FixtureSite().start()
        self.articles = make_articles(count)
        self.etags = etags
        for article in self.articles:
            self.serve(article)
        self.clock = SimulatedClock()
        sources = source_toml("wire", "feed", f"{self.site.url}/rss.xml")
        self.config = parse_config(config_toml(self.site.url, db_url, sources=sources, extra=crawl_keys), None)
        self.engine = open_database(db_url)

    def serve(self, article: Article) -> None:
        """Serve the article as it is now (with an ETag when the site sends them)."""
        html = article_html(article, self.site.url)
        etag = {"ETag": '"' + hashlib.md5(html.encode()).hexdigest() + '"'} if self.etags else {}
        self.site.set_html(article.path, html, **etag)

    def list_in_feed(self, articles: list[Article]) -> None:
        self.site.set_xml("/rss.xml", rss(articles, self.site.url), "application/rss+xml")

    def crawl(self, at: float) -> dict[str, int]:
        """Crawl at `at` seconds after START; the requests each article page got, by article index."""
        self.clock.now = START + timedelta(seconds=at)
        before = dict(self.site.hits)
        result = run_crawl(self.config, self.engine, self.config.sources, clock=self.clock)
        assert result.status == "ok", result
        return {i: self.site.hits.get(a.path, 0) - before.get(a.path, 0) for i, a in enumerate(self.articles)
                if self.site.hits.get(a.path, 0) > before.get(a.path, 0)}

    def url(self, index: int) -> str:
        return self.site.url + self.articles[index].path

    def schedule(self, index: int) -> tuple[Any, ...]:
        """The article's (revisit_step, next_check_at), next_check_at as seconds after START."""
        step, due = query(self.engine, "SELECT revisit_step, next_check_at FROM articles WHERE url = :u",
                          u=self.url(index))[0]
        return step, None if due is None else (_time(due) - START).total_seconds()

    def close(self) -> None:
        self.engine.dispose()
        self.site.stop()


def query(engine: Engine, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def _time(value: Any) -> datetime:
    """A time read back with raw SQL: a datetime (PostgreSQL) or its text (SQLite)."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


@pytest.fixture
def newsroom(request: pytest.FixtureRequest) -> Iterator[Any]:
    made: list[Newsroom] = []

    def make(db_url: str, count: int, crawl_keys: str, etags: bool = False) -> Newsroom:
        made.append(Newsroom(db_url, count, crawl_keys, etags))
        return made[-1]
    yield make
    for room in made:
        room.close()


def test_an_update_in_place_after_the_article_left_its_feed_is_found_on_schedule(newsroom, db_url: str) -> None:
    room = newsroom(db_url, 4, 'revisit = ["30s", "2m", "5m"]')
    room.list_in_feed(room.articles)
    assert room.crawl(0) == {0: 1, 1: 1, 2: 1, 3: 1}
    assert room.schedule(0) == (0, 30)  # young: its first re-visit is due 30s after it was seen

    room.list_in_feed(room.articles[1:])  # a busy feed drops it
    assert 0 not in room.crawl(10)  # not due yet
    room.articles[0].paragraphs[1] = TOLL.format(n=35)  # the toll is updated in place
    room.serve(room.articles[0])
    assert 0 not in room.crawl(20)  # still not due: the change waits for the schedule

    assert room.crawl(31)[0] == 1  # due: re-visited although no feed lists it
    changes = query(room.engine, "SELECT old_value, new_value, detected_at FROM figure_changes f JOIN articles a "
                                 "ON a.id = f.article_id WHERE a.url = :u AND category = 'killed' AND "
                                 "old_value IS NOT NULL", u=room.url(0))
    assert [(old, new, _time(at)) for old, new, at in changes] == [(10, 35, START + timedelta(seconds=31))]
    assert room.schedule(0) == (0, 61)  # the change resets the schedule to its first step

    assert room.crawl(62)[0] == 1  # due again, unchanged: on to the next step
    assert room.schedule(0) == (1, 62 + 120)
    assert query(room.engine, "SELECT count(*) FROM article_versions v JOIN articles a ON a.id = v.article_id "
                              "WHERE a.url = :u", u=room.url(0)) == [(2,)]


@pytest.mark.parametrize("keys, checks, expected", [
    # at 30s and 2m after; then the schedule has no step left
    ('revisit = ["30s", "2m"]', (31, 100, 152, 400, 3600), [1, 0, 1, 0, 0]),
    # a quiet week ends the schedule before its last step: the check at 93s finds it quiet for 90s, no more
    ('revisit = ["30s", "30s", "30s", "30s", "30s", "30s"]\nrevisit_quiet = "90s"', (31, 62, 93, 124, 155),
     [1, 1, 1, 0, 0]),
], ids=["after-its-last-step", "after-a-quiet-period"])
def test_a_quiet_article_stops_being_revisited(newsroom, sqlite_url: str, keys: str, checks: tuple[int, ...],
                                               expected: list[int]) -> None:
    room = newsroom(sqlite_url, 2, keys)
    room.list_in_feed(room.articles)
    room.crawl(0)
    room.list_in_feed(room.articles[1:])
    assert [room.crawl(at).get(0, 0) for at in checks] == expected
    assert room.schedule(0) == (None, None)


def test_a_source_never_gets_more_than_its_share_of_revisits(newsroom, sqlite_url: str) -> None:
    room = newsroom(sqlite_url, 24, 'revisit = ["30s", "2m"]\nrevisit_share = 0.5')
    room.list_in_feed(room.articles)
    assert len(room.crawl(0)) == 24
    room.list_in_feed(room.articles[16:])  # 8 in the feed: re-visits at most half as many, 4
    first = set(room.crawl(31)) - set(range(16, 24))
    assert len(first) == 4 and first < set(range(16))  # of the 16 due articles the feed no longer lists
    second = set(room.crawl(32)) - set(range(16, 24))
    assert len(second) == 4 and second < set(range(16)) - first  # the rest stayed due, for the following runs
    assert {room.schedule(i) for i in first} == {(1, 31 + 120)}
    due = query(room.engine, "SELECT count(*) FROM articles WHERE next_check_at <= :now",
                now=START + timedelta(seconds=32))
    assert due == [(8,)]
    status = dict(zip(STATUS_COLUMNS, status_rows(room.engine, room.config.sources, False,
                                                  now=(START + timedelta(seconds=32)).replace(tzinfo=timezone.utc))[0]))
    assert (status["revisits_due"], status["next_revisit"]) == (8, "2026-03-16T20:00:30Z")  # `tollwatch status`


def test_a_source_whose_feed_fails_still_revisits_its_floor(newsroom, sqlite_url: str) -> None:
    room = newsroom(sqlite_url, 4, 'revisit = ["30s"]')
    room.list_in_feed(room.articles)
    room.crawl(0)
    room.site.routes["/rss.xml"] = Page(b"gone", status=404)
    assert len(room.crawl(31)) == 3  # four due, the feed led to none: the floor of 3


def test_a_revisit_answered_304_costs_no_new_version(newsroom, sqlite_url: str) -> None:
    room = newsroom(sqlite_url, 2, 'revisit = ["30s", "2m"]', etags=True)
    room.list_in_feed(room.articles)
    room.crawl(0)
    room.list_in_feed(room.articles[1:])
    not_modified = room.site.not_modified
    assert room.crawl(31).get(0) == 1
    path = room.articles[0].path
    asked = [headers for requested, headers in room.site.requests if requested == path]
    assert "If-None-Match" not in asked[0] and asked[-1].get("If-None-Match")  # conditional on its last fetch
    assert room.site.not_modified == not_modified + 2  # the re-visit, and the article still in the feed
    assert query(room.engine, "SELECT count(*) FROM article_versions v JOIN articles a ON a.id = v.article_id "
                              "WHERE a.url = :u", u=room.url(0)) == [(1,)]
    assert room.schedule(0) == (1, 31 + 120)  # a check that found no change: on to the next step


LIVE_LD = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "LiveBlogPosting", '
           '"headline": "Live: the earthquake"}</script>')


def test_an_old_article_is_revisited_only_when_it_says_it_is_live(sqlite_url: str) -> None:
    article = make_articles(1)[0]
    html = article_html(article, "https://wire.example")
    assert not extract_page(html, "https://wire.example/a").live
    assert extract_page(html.replace("</head>", LIVE_LD + "</head>"), "https://wire.example/b").live

    engine = open_database(sqlite_url)
    month_later = START + timedelta(days=30)  # the articles are old by then
    recorder = Recorder(engine, start_run(engine, ["wire"]), {"wire": ("feed", "https://wire.example/rss")},
                        RevisitPolicy((30.0, 120.0)), clock=lambda: month_later)
    published = article.published.replace(tzinfo=None)
    recorder.record([PageRecord(url="https://wire.example/a", source="wire", text="Old.", published_at=published),
                     PageRecord(url="https://wire.example/b", source="wire", text="Live.", published_at=published,
                                live=True)])
    rows = query(engine, "SELECT url, revisit_step, next_check_at FROM articles ORDER BY url")
    assert [(url, step, due and _time(due)) for url, step, due in rows] == [
        ("https://wire.example/a", None, None), ("https://wire.example/b", 0, month_later + timedelta(seconds=30))]
    engine.dispose()


def test_a_source_whose_last_entry_document_is_a_duplicate_still_revisits(sqlite_url: str) -> None:
    """Two sources share a sitemap: the later one's request for it is dropped as a duplicate, and that drop,
    not a parse, is when its last entry document is done: its due article is re-visited all the same."""
    site = FixtureSite().start()
    try:
        shared, own = make_articles(2)
        for article in (shared, own):
            site.set_html(article.path, article_html(article, site.url))
        site.set_xml("/shared.xml", sitemap([shared], site.url))
        site.set_xml("/own-b.xml", sitemap([own], site.url))
        site.set_xml("/index-a.xml", sitemap_index([f"{site.url}/shared.xml"]))
        site.set_xml("/index-b.xml", sitemap_index([f"{site.url}/own-b.xml", f"{site.url}/shared.xml"]))
        sources = source_toml("wire", "sitemap", f"{site.url}/index-a.xml") + \
            source_toml("mirror", "sitemap", f"{site.url}/index-b.xml")
        config = parse_config(config_toml(site.url, sqlite_url, sources=sources, extra='revisit = ["30s"]'), None)
        engine = open_database(sqlite_url)
        clock = SimulatedClock()
        assert run_crawl(config, engine, config.sources, clock=clock).new_articles == 2

        index_b = sitemap_index([f"{site.url}/shared.xml"])  # its own sitemap gone; served late, after wire's
        site.routes["/index-b.xml"] = Page(handler=lambda h: (time.sleep(1), Page(
            index_b.encode(), headers={"Content-Type": "application/xml"}).send(h)))
        clock.advance(31)
        before = site.hits[own.path]
        assert run_crawl(config, engine, config.sources, clock=clock).status == "ok"
        assert site.hits["/shared.xml"] == 2  # once per crawl: mirror's request in the second was dropped
        assert site.hits[own.path] == before + 1  # mirror's due article, re-visited
        engine.dispose()
    finally:
        site.stop()


def test_migration_0016_dates_each_stored_article_s_last_change(db_url: str) -> None:
    """Articles stored before re-visits get the time of their latest version as their last change, and no
    schedule (one starts at their next change)."""
    engine = open_database(db_url, migrate=False)
    upgrade(engine, "0015")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sources (name, kind, url, created_at) VALUES ('s', 'feed', 'u', '2026-01-01')"))
        for article in (1, 2):
            conn.execute(text("INSERT INTO articles (id, url, source_id, first_seen_at, last_seen_at) "
                              "VALUES (:id, :url, 1, '2026-01-01', '2026-01-03')"),
                         {"id": article, "url": f"https://e.org/{article}"})
        for version, fetched in ((1, "2026-01-01 08:00:00"), (2, "2026-01-02 09:30:00")):
            conn.execute(text("INSERT INTO article_versions (id, article_id, fetched_at, content_hash, text) "
                              "VALUES (:id, 1, :at, :h, 'text')"), {"id": version, "at": fetched, "h": f"h{version}"})
    upgrade(engine)
    rows = query(engine, "SELECT id, last_changed_at, revisit_step, next_check_at FROM articles ORDER BY id")
    assert [(id_, at and _time(at), step, due) for id_, at, step, due in rows] == [
        (1, datetime(2026, 1, 2, 9, 30), None, None), (2, None, None, None)]
    engine.dispose()


def test_an_old_article_updated_in_place_is_scheduled_when_its_figures_or_date_modified_change(
        sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    now = START + timedelta(days=30)
    old = START - timedelta(days=30)

    def record(*pages: PageRecord) -> None:
        Recorder(engine, start_run(engine, ["wire"]), {"wire": ("feed", "https://wire.example/rss")},
                 RevisitPolicy((30.0, 120.0)), clock=lambda: now).record(list(pages))
    figure = {"category": "killed", "value": 12, "low": None, "high": None, "vague": False, "qualifier": "exact",
              "who": None, "where": None, "attribution": None, "cumulative": True, "role": "total",
              "sentence": "12 killed.", "start": 0, "end": 10, "background": False}
    record(*(PageRecord(url=f"https://wire.example/{name}", source="wire", text="First.", published_at=old,
                        modified_at=old) for name in ("typo", "moved", "toll")))
    record(PageRecord(url="https://wire.example/typo", source="wire", text="First, fixed.", published_at=old,
                      modified_at=old),
           PageRecord(url="https://wire.example/moved", source="wire", text="Second.", published_at=old,
                      modified_at=now),
           PageRecord(url="https://wire.example/toll", source="wire", text="12 killed.", published_at=old,
                      modified_at=old, figures=[figure]))
    assert query(engine, "SELECT url, revisit_step FROM articles ORDER BY url") == [
        ("https://wire.example/moved", 0), ("https://wire.example/toll", 0), ("https://wire.example/typo", None)]
    engine.dispose()
