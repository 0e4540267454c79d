"""The pipelines: extraction skips a body it has seen; the storage pipeline's batched writes, on a real
database: what queued up while the writer was busy is committed together, and one record that cannot
be stored does not take the others with it."""
from __future__ import annotations

import asyncio
import hashlib
from concurrent.futures import Future

from scrapy.utils.test import get_crawler
from sqlalchemy import event, text

from crawler.items import ErrorItem, PageItem, UnchangedItem
from crawler.pipelines import ExtractionPipeline, StoragePipeline
from storage.db import open_database
from storage.recorder import NO_TEXT_UNCHANGED, ErrorRecord, PageRecord, Recorder, UnchangedRecord, start_run


def pipeline(db_url: str) -> tuple[StoragePipeline, int]:
    engine = open_database(db_url)
    run_id = start_run(engine, ["wire"])
    engine.dispose()
    crawler = get_crawler(settings_dict={
        "TOLLWATCH_DATABASE_URL": db_url, "TOLLWATCH_RUN_ID": run_id,
        "TOLLWATCH_SOURCES": [{"name": "wire", "kind": "feed", "urls": ["https://wire.example/rss"]}]})
    storage = StoragePipeline(crawler)
    storage.open_spider()
    return storage, run_id


def page(url: str, source: str = "wire") -> PageRecord:
    return PageRecord(url=url, source=source, text="At least 12 people were killed in the flood.",
                      figures=[], fetched_url=url, etag='"v1"', body_hash="h1")


def test_a_batch_commits_together_and_a_bad_record_fails_alone(db_url: str) -> None:
    storage, run_id = pipeline(db_url)
    records = [page("https://wire.example/a"), page("https://wire.example/b", source="not-configured"),
               ErrorRecord("wire", "https://wire.example/gone", "HTTP 404", 404), page("https://wire.example/c")]
    batch = [(record, Future()) for record in records]
    storage._write(batch)
    outcomes = [done.exception() or done.result() for _, done in batch]
    assert outcomes[0] == "new" and outcomes[2] == "errors" and outcomes[3] == "new"
    assert isinstance(outcomes[1], KeyError)  # a source the run does not know

    again = [(UnchangedRecord("https://wire.example/a", 304), Future()),
             (UnchangedRecord("https://wire.example/never-stored", 304), Future())]
    storage._write(again)
    assert [done.result() for _, done in again] == ["unchanged", None]
    storage.close_spider()

    engine = open_database(db_url)
    with engine.connect() as conn:
        urls = conn.execute(text("SELECT url FROM articles ORDER BY url")).scalars().all()
        run = conn.execute(text("SELECT pages_fetched, new_articles, unchanged_articles, errors FROM crawl_runs "
                                "WHERE id = :id"), {"id": run_id}).one()
        state = conn.execute(text("SELECT url, last_status FROM fetch_state ORDER BY url")).all()
    engine.dispose()
    assert urls == ["https://wire.example/a", "https://wire.example/c"]
    assert tuple(run) == (4, 2, 1, 1)  # a, c, the 404 and a's 304; nothing for the bad record
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
    # the state lookup, the state and last-seen updates, the no-text page's error, the run's counts
    assert len(statements) == 5
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
