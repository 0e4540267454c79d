"""Item pipelines: extraction in a pool of worker processes, then storage of each article or error."""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

from scrapy.crawler import Crawler

from crawler.errors import one_line
from crawler.items import ErrorItem, PageItem, UnchangedItem
from crawler.settings import VERSION
from crawler.worker import extract_in_worker
from sqlalchemy.exc import OperationalError

from storage.db import create_db_engine, first_line
from storage.recorder import PageRecord, Recorder

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """Runs extraction off the reactor thread, in TOLLWATCH_WORKERS processes (0: in the reactor)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool: Executor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractionPipeline":
        return cls(crawler.settings.getint("TOLLWATCH_WORKERS", 0))

    def open_spider(self) -> None:
        if self.workers > 0:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["crawler.forkserver"])
            self.pool = ProcessPoolExecutor(self.workers, mp_context=context)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        try:
            if self.pool is None:
                extraction, html_gz = extract_in_worker(item.body, item.content_type, item.url)
            else:
                extraction, html_gz = await asyncio.wrap_future(
                    self.pool.submit(extract_in_worker, item.body, item.content_type, item.url))
        except Exception as exc:  # a page that breaks the extractor must not stop the crawl
            return ErrorItem(item.source, item.url, f"extraction failed: {type(exc).__name__}: {one_line(exc)}",
                             item.status)
        if extraction is None:
            return ErrorItem(item.source, item.url, "no article text found on the page", item.status)
        item.extraction, item.html_gz = extraction, html_gz
        item.body = b""  # extracted and compressed: do not keep the page twice in memory
        return item


class StoragePipeline:
    """Records pages and errors in the run's database (TOLLWATCH_DATABASE_URL, TOLLWATCH_RUN_ID) from
    one writer thread, so the reactor never waits on the database; a database that stays unusable
    (locked, full, restarting) after a few retries stops the crawl with the reason."""

    RETRIES = (0.5, 2.0, 5.0)  # seconds between attempts at one article

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.database_url = settings.get("TOLLWATCH_DATABASE_URL")
        self.run_id = settings.getint("TOLLWATCH_RUN_ID")
        self.sources = {s["name"]: (s["kind"], s["urls"][0]) for s in settings.getlist("TOLLWATCH_SOURCES")}
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tollwatch-writer")
        self.failed: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StoragePipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        self.engine = create_db_engine(self.database_url)
        self.recorder = Recorder(self.engine, self.run_id, self.sources)

    def close_spider(self) -> None:
        self.writer.shutdown(wait=True)
        self.engine.dispose()

    async def process_item(self, item: Any) -> Any:
        if self.failed:
            return item
        for wait in (*self.RETRIES, None):
            try:
                outcome = await asyncio.wrap_future(self.writer.submit(self._write, item))
            except OperationalError as exc:  # locked, disk full, connection lost: maybe passing
                if wait is None:
                    self._give_up(exc)
                    return item
                await asyncio.sleep(wait)
            else:
                if outcome:
                    self.stats.inc_value(f"tollwatch/{outcome}")
                return item
        return item

    def _write(self, item: Any) -> str | None:
        if isinstance(item, ErrorItem):
            self.recorder.record_error(item.source, item.url, item.reason, item.status)
            return "errors"
        if isinstance(item, PageItem):
            return self.recorder.record_page(page_record(item))
        if isinstance(item, UnchangedItem):
            self.recorder.record_unchanged(item.url, item.status)
            return "unchanged"
        return None

    def _give_up(self, exc: OperationalError) -> None:
        if self.failed:  # items in flight fail together; stop once
            return
        self.failed = f"database error: {first_line(exc.orig)}"
        logger.error("stopping the crawl: %s", self.failed)
        # Not awaited: closing waits for in-flight items, this one included.
        self._closing = asyncio.get_running_loop().create_task(
            self.crawler.engine.close_spider_async(reason=self.failed))


def page_record(item: PageItem) -> PageRecord:
    """The storage form of an extracted page."""
    extraction = item.extraction  # a crawler.extraction.Extraction
    return PageRecord(url=extraction.url or item.url, source=item.source, text=extraction.text,
                      title=extraction.title, published_at=published_at(extraction.published, item.announced),
                      author=extraction.author, language=extraction.language,
                      figures=[f.to_dict() for f in extraction.figures], html_gz=item.html_gz,
                      extractor=VERSION, fetched_url=item.url, etag=item.etag,
                      last_modified=item.last_modified, body_hash=item.body_hash, status=item.status)


def published_at(page_date: str | None, announced: datetime | None) -> datetime | None:
    """The page's own date; the feed's timestamp when the page gives none or only the same day."""
    feed = announced.astimezone(timezone.utc).replace(tzinfo=None) if announced else None
    try:
        page = datetime.fromisoformat(page_date).replace(tzinfo=None) if page_date else None
    except ValueError:
        page = None
    if page is None or (feed is not None and feed.date() == page.date()):
        return feed
    return page
