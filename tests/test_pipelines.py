"""The pipelines: extraction skips a body it has seen; the storage pipeline sends records over a real link
to the storage service, on a real database: what queued up while the writer was busy is committed
together, one record that cannot be stored does not take the others with it, and a database that keeps
refusing (or a storing process that is gone) stops the crawl."""
from __future__ import annotations

import asyncio
import hashlib
import socket
import time
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from crawler.items import ErrorItem, PageItem, UnchangedItem
from crawler.pipelines import ExtractionPipeline, StoragePipeline
from storage.db import open_database
from storage.link import HEADER, LinkClosed, RecordRefused, StorageLink, send
from storage.outcomes import describe, run_outcomes, walled_runs
from storage.recorder import NO_TEXT_UNCHANGED, ErrorRecord, PageRecord, Recorder, UnchangedRecord, start_run
from storage.service import StorageService


def pipeline(db_url: str, start: bool = True) -> tuple[StoragePipeline, StorageService, int]:
    """A storage pipeline linked to a storage service in this process, as a crawl process is to its parent."""
    engine = open_database(db_url)
    run_id = start_run(engine, ["wire"])
    ours, theirs = socket.socketpair()
    service = StorageService(theirs, engine, run_id, {"wire": ("feed", "https://wire.example/rss")})
    if start:
        service.start()
    crawler = get_crawler()
    crawler.spider = SimpleNamespace(link=StorageLink(ours))
    storage = StoragePipeline(crawler)
    storage.open_spider()
    return storage, service, run_id


def stopping(storage: StoragePipeline) -> list[str]:
    """The reasons the pipeline asks the crawl to stop for."""
    stopped: list[str] = []

    async def close_spider_async(reason: str) -> None:
        stopped.append(reason)

    storage.crawler.engine = SimpleNamespace(close_spider_async=close_spider_async)
    return stopped


def page(url: str, source: str = "wire") -> PageRecord:
    return PageRecord(url=url, source=source, text="At least 12 people were killed in the flood.",
                      figures=[], fetched_url=url, etag='"v1"', body_hash="h1")


def written_together(db_url: str, *requests: list) -> tuple[list, int, int]:
    """Store requests that all queued up while the writer was busy: (their outcomes, commits, run id)."""
    storage, service, run_id = pipeline(db_url, start=False)
    service._recorder()  # the rows of the run's sources, in a transaction of their own
    commits: list[int] = []
    event.listen(service.engine, "commit", lambda conn: commits.append(1))
    reader, writer = service.threads
    reader.start()
    sent = [storage.link.request("store", records) for records in requests]
    while service.writes.qsize() < len(sent):
        time.sleep(0.01)
    writer.start()
    outcomes = [outcome for request in sent for outcome in request.result(timeout=30)]
    storage.link.close()
    service.join()
    service.engine.dispose()
    return outcomes, len(commits), run_id


def test_a_batch_commits_together_and_a_bad_record_fails_alone(db_url: str) -> None:
    """Requests queued while the writer was busy are written in one transaction; when one record fails
    it, the others are written one by one and only that record fails."""
    good, commits, _ = written_together(
        db_url, [page("https://wire.example/a")], [ErrorRecord("wire", "https://wire.example/gone", "HTTP 404", 404)])
    assert good == ["new", "errors"] and commits == 1
    mixed, commits, run_id = written_together(
        db_url, [UnchangedRecord("https://wire.example/a", 304)],
        [page("https://wire.example/b", source="not-configured")],
        [page("https://wire.example/c"), UnchangedRecord("https://wire.example/never-stored", 304)])
    assert mixed[0] == "unchanged" and mixed[2:] == ["new", None]
    assert isinstance(mixed[1], RecordRefused) and "KeyError" in str(mixed[1])  # a source the run does not know
    assert commits == 3  # the batch failed and rolled back; then each record alone, but the bad one
    engine = open_database(db_url)
    with engine.connect() as conn:
        urls = conn.execute(text("SELECT url FROM articles ORDER BY url")).scalars().all()
        run = conn.execute(text("SELECT pages_fetched, new_articles, unchanged_articles, errors FROM crawl_runs "
                                "WHERE id = :id"), {"id": run_id}).one()
        state = conn.execute(text("SELECT url, last_status FROM fetch_state ORDER BY url")).all()
    engine.dispose()
    assert urls == ["https://wire.example/a", "https://wire.example/c"]
    assert tuple(run) == (2, 1, 1, 0)  # this run: c and a's 304; nothing for the bad record
    assert [tuple(s) for s in state] == [("https://wire.example/a", 304), ("https://wire.example/c", 200)]


def test_extraction_skips_the_body_of_the_last_fetch() -> None:
    """A page served again byte for byte, by a server without validators, is not extracted again."""
    body = b"<html><body><p>" + b"Forty people were killed in the strike, officials said. " * 20 + b"</p></body></html>"
    extraction = ExtractionPipeline(workers=0)

    def item(known_hash: str | None, page: bytes = body) -> PageItem:
        return PageItem("wire", "https://wire.example/a", page, "text/html", known_hash=known_hash)

    fresh = asyncio.run(extraction.process_item(item(None)))
    assert isinstance(fresh, PageItem) and fresh.body_hash == hashlib.sha256(body).hexdigest()
    assert {(f["category"], f["value"]) for f in fresh.article["figures"]} == {("killed", 40)}
    same = asyncio.run(extraction.process_item(item(fresh.body_hash)))
    assert isinstance(same, UnchangedItem) and same.url == "https://wire.example/a"
    # a different body with the old hash is extracted: here, one without article text
    empty = asyncio.run(extraction.process_item(item(fresh.body_hash, b"<html><body></body></html>")))
    assert isinstance(empty, ErrorItem) and "no article text" in empty.reason


def test_a_batch_of_refetches_costs_a_few_statements_whatever_its_size(db_url: str) -> None:
    """A re-crawl is mostly 304s: their fetch state is read in one query and their updates sent together,
    so the writer thread (which shares the crawl process with the downloads) does not run three
    statements per page. Outcomes and effects are those of one record at a time."""
    engine = open_database(db_url)
    run_id = start_run(engine, ["wire"])
    recorder = Recorder(engine, run_id, {"wire": ("feed", "https://wire.example/rss")})
    urls = [f"https://wire.example/{n}" for n in range(40)]
    recorder.record([page(url) for url in urls]
                    + [ErrorRecord("wire", "https://wire.example/menu", "no article text found on the page", 200,
                                   body_hash="h2")])
    with engine.connect() as conn:
        before = dict(conn.execute(text("SELECT url, last_seen_at FROM articles")).all())

    statements: list[str] = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
    event.listen(engine, "before_cursor_execute", listen)
    outcomes = recorder.record([UnchangedRecord(url, 304, "wire") for url in urls]
                               + [UnchangedRecord("https://wire.example/menu", 304, "wire"),
                                  UnchangedRecord("https://wire.example/never-stored", 304, "wire")])
    event.remove(engine, "before_cursor_execute", listen)

    assert outcomes == ["unchanged"] * 40 + ["errors", None]
    # the state lookup, the state and last-seen updates, the no-text page's error and the lookup of those of
    # the failed URLs due for a re-visit, the run's counts, the run's counts by outcome (its rows exist: one
    # statement for them all)
    assert len(statements) == 7
    with engine.connect() as conn:
        after = dict(conn.execute(text("SELECT url, last_seen_at FROM articles")).all())
        statuses = set(conn.execute(text("SELECT last_status FROM fetch_state")).scalars())
        errors = conn.execute(text("SELECT url, reason FROM fetch_errors WHERE run_id = :id ORDER BY id"),
                              {"id": run_id}).all()
        run = conn.execute(text("SELECT pages_fetched, unchanged_articles, errors FROM crawl_runs WHERE id = :id"),
                           {"id": run_id}).one()
    engine.dispose()
    assert after.keys() == before.keys() and all(after[url] > before[url] for url in urls)
    assert statuses == {304}
    assert [tuple(e) for e in errors] == [("https://wire.example/menu", "no article text found on the page"),
                                          ("https://wire.example/menu", NO_TEXT_UNCHANGED)]
    assert tuple(run) == (40 + 1 + 40 + 1, 40, 2)
    engine = open_database(db_url)
    with engine.connect() as conn:
        tallied = conn.execute(text("SELECT source, outcome, pages FROM fetch_outcomes WHERE run_id = :id "
                                    "ORDER BY outcome"), {"id": run_id}).all()
    engine.dispose()
    assert [tuple(t) for t in tallied] == [("wire", "article", 80), ("wire", "error", 2)]


def fetch_statuses(db_url: str) -> dict[str, int]:
    engine = open_database(db_url)
    with engine.connect() as conn:
        statuses = dict(conn.execute(text("SELECT url, last_status FROM fetch_state")).all())
    engine.dispose()
    return statuses


async def timer_fired(storage: Any) -> None:
    """Return once the pipeline's flush timer has gone off (it clears itself when it does)."""
    while storage.flush_timer is not None:
        await asyncio.sleep(0.01)


def test_refetches_are_written_together_without_holding_up_their_items(db_url: str) -> None:
    """A re-crawl's 304s pass through the pipeline at once; their fetch state is written in one transaction
    when BATCH of them are held, FLUSH_AFTER seconds after the first, or when the spider closes."""
    storage, service, run_id = pipeline(db_url)
    urls = [f"https://wire.example/{n}" for n in range(5)]
    assert storage.link.call("store", [page(url) for url in urls]) == ["new"] * 5
    commits: list[int] = []
    event.listen(service.engine, "commit", lambda conn: commits.append(1))
    storage.BATCH, storage.FLUSH_AFTER = 3, 0.2

    async def crawl() -> None:
        items = [UnchangedItem("wire", url, 304) for url in urls]
        for item in items[:2]:
            assert await storage.process_item(item) is item  # not waiting for the database
        assert set(fetch_statuses(db_url).values()) == {200} and not commits
        await storage.process_item(items[2])  # a batch: written now
        await asyncio.gather(*storage.flushing)
        assert [fetch_statuses(db_url)[url] for url in urls] == [304, 304, 304, 200, 200]
        assert storage.stats.get_value("tollwatch/unchanged") == 3 and len(commits) == 1
        await storage.process_item(items[3])
        assert storage.flush_timer is not None and not commits[1:]  # held, for FLUSH_AFTER
        await asyncio.wait_for(timer_fired(storage), timeout=30)  # written without waiting for more
        await asyncio.gather(*storage.flushing)
        assert fetch_statuses(db_url)[urls[3]] == 304 and len(commits) == 2
        await storage.process_item(items[4])
        await storage.close_spider()  # the rest, stored before it returns

    asyncio.run(crawl())
    assert set(fetch_statuses(db_url).values()) == {304} and len(commits) == 3
    assert storage.stats.get_value("tollwatch/unchanged") == 5
    engine = open_database(db_url)
    with engine.connect() as conn:
        run = conn.execute(text("SELECT unchanged_articles FROM crawl_runs WHERE id = :id"), {"id": run_id}).scalar()
    engine.dispose()
    assert run == 5


def test_records_the_database_refused_are_tried_again_then_the_crawl_stops(db_url: str) -> None:
    """An OperationalError (locked, full, connection lost) fails a whole transaction: its records are tried
    again after RETRIES; a database that keeps refusing stops the crawl with the reason."""
    storage, service, _ = pipeline(db_url)
    storage.RETRIES = (0.01, 0.01, 0.01)
    recorder = service._recorder()
    record, refusals = recorder.record, []

    def refusing(records: list, times: int = 2) -> list:
        if len(refusals) < times:
            refusals.append(len(records))
            raise OperationalError("INSERT", {}, Exception("database is locked"))
        return record(records)

    recorder.record = refusing
    stopped = stopping(storage)

    async def crawl() -> None:
        item = PageItem("wire", "https://wire.example/a", b"", "text/html", status=200)
        item.article = {"url": None, "text": "At least 12 people were killed.", "title": None, "published": None,
                        "author": None, "language": "en", "partial": False, "figures": [], "totals": []}
        assert await storage.process_item(item) is item
        assert refusals == [1, 1] and storage.stats.get_value("tollwatch/new") == 1 and not stopped
        recorder.record = lambda records: refusing(records, times=99)
        await storage.process_item(UnchangedItem("wire", "https://wire.example/a", 304))
        await storage.close_spider()

    asyncio.run(crawl())
    assert len(refusals) == 2 + 4  # the re-fetch: its first attempt and three retries
    assert stopped == ["database error: database is locked"] and storage.failed == stopped[0]
    assert storage.stats.get_value("tollwatch/database_error") == stopped[0]  # the run's outcome
    assert fetch_statuses(db_url) == {"https://wire.example/a": 200}


def test_a_crawl_whose_storing_process_is_gone_stops_at_once(db_url: str) -> None:
    """The link closed (the parent died): nothing can be stored, so the crawl stops without retrying."""
    storage, service, _ = pipeline(db_url, start=False)
    storage.RETRIES = (60.0,)  # a retry would hang the test
    service.sock.close()
    stopped = stopping(storage)

    async def crawl() -> None:
        await storage.process_item(ErrorItem("wire", "https://wire.example/gone", "HTTP 404", 404))
        await storage.process_item(UnchangedItem("wire", "https://wire.example/a", 304))
        await storage.close_spider()

    asyncio.run(crawl())
    assert stopped == ["database error: the tollwatch process storing this crawl ended"]
    assert storage.stats.get_value("tollwatch/database_error") == stopped[0]
    assert storage.refetches == []  # nothing held back for a link that is gone


def test_the_service_answers_validators_while_the_writer_is_busy(db_url: str) -> None:
    """A feed's lookup of validators does not wait behind writes: the reactor waits for its answer."""
    storage, service, _ = pipeline(db_url, start=False)
    reader, _writer = service.threads
    reader.start()  # no writer: a store request would never be answered
    pending = storage.link.request("store", [page("https://wire.example/a")])
    assert storage.link.request("validators", ["https://wire.example/a"]).result(timeout=5) == {}
    assert not pending.done()
    send(service.sock, (0, True, ["new"]))  # answer the store request as the writer would have
    assert pending.result(timeout=5) == ["new"]


def test_a_message_that_cannot_be_read_ends_the_link_instead_of_hanging_the_crawl(db_url: str) -> None:
    """Should either side ever receive something it cannot unpickle, the link is closed: the crawl process's
    requests fail (and the crawl stops with the reason) rather than wait for an answer forever."""
    storage, service, _ = pipeline(db_url)
    with storage.link.send_lock:
        storage.link.sock.sendall(HEADER.pack(3) + b"bad")
    with pytest.raises(LinkClosed):
        storage.link.request("validators", ["https://wire.example/a"]).result(timeout=30)
    service.join(timeout=30)
    assert not any(thread.is_alive() for thread in service.threads)


def test_a_storing_process_that_dies_with_requests_unread_ends_the_link_the_same_way(db_url: str) -> None:
    """A process that dies with messages unread resets the link (ECONNRESET, not an end of file): the
    crawl is told the same, that the storing process ended."""
    storage, service, _ = pipeline(db_url, start=False)
    pending = storage.link.request("store", [page("https://wire.example/a")])
    service.sock.close()  # the request unread
    with pytest.raises(LinkClosed, match="^the tollwatch process storing this crawl ended$"):
        pending.result(timeout=30)


def test_a_wall_never_replaces_a_version_nor_counts_as_a_change(db_url: str) -> None:
    """Storage's side of page outcomes: a wall on a stored article's URL is an error row with its outcome and
    the URL's last outcome, the article keeps its version; a partial version is flagged; runs in a row answered
    mostly with walls are counted per source."""
    engine = open_database(db_url)
    runs = [start_run(engine, ["wire"]) for _ in range(4)]
    recorders = [Recorder(engine, run_id, {"wire": ("feed", "https://wire.example/rss")}) for run_id in runs]
    url = "https://wire.example/a"
    wall = ErrorRecord("wire", url, "consent wall instead of the article: ...", 200, body_hash="w", outcome="consent_wall")
    assert recorders[0].record([page(url)]) == ["new"]
    assert recorders[1].record([wall, ErrorRecord("wire", "https://wire.example/b", "HTTP 404", 404)]) == ["errors"] * 2
    assert recorders[2].record([UnchangedRecord(url, 200, "wire")]) == ["errors"]  # the same wall, not extracted
    partial = PageRecord(url=url, source="wire", text="At least 12 people were killed.", partial=True, body_hash="p")
    assert recorders[3].record([partial]) == ["changed"]
    with engine.connect() as conn:
        versions = conn.execute(text("SELECT text, partial FROM article_versions ORDER BY id")).all()
        errors = conn.execute(text("SELECT run_id, outcome, reason FROM fetch_errors ORDER BY id")).all()
        state = conn.execute(text("SELECT outcome FROM fetch_state")).scalars().all()
        changes = conn.execute(text("SELECT count(*) FROM figure_changes")).scalar()
    assert [(t, bool(p)) for t, p in versions] == [("At least 12 people were killed in the flood.", False),
                                                   ("At least 12 people were killed.", True)]
    assert [tuple(e)[:2] for e in errors] == [(runs[1], "consent_wall"), (runs[1], "error"), (runs[2], "consent_wall")]
    assert errors[2][2] == "consent wall instead of the article (unchanged since it was last fetched)"
    assert state == ["partial"] and changes == 0
    assert [run_outcomes(engine, run_id) for run_id in runs] == [
        {"article": 1}, {"consent_wall": 1, "error": 1}, {"consent_wall": 1}, {"partial": 1}]
    assert describe(run_outcomes(engine, runs[1])) == "1 consent wall"
    newest_first = runs[::-1]
    assert walled_runs(engine, newest_first, "wire") == 0  # the last run served the article
    assert walled_runs(engine, newest_first[1:], "wire") == 2 and walled_runs(engine, newest_first[1:], "other") == 0
    engine.dispose()
