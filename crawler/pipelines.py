"""Item pipelines: extraction in a pool of worker processes, then storage of each article or error."""
from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

from scrapy.crawler import Crawler

from crawler.errors import one_line
from crawler.items import ErrorItem, PageItem, UnchangedItem
from crawler.settings import VERSION
from crawler.worker import extract_in_worker, pages_to_extract, worker_context
from sqlalchemy.exc import OperationalError

from storage.db import create_db_engine, first_line
from storage.recorder import ErrorRecord, PageRecord, Record, Recorder, UnchangedRecord

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """Runs extraction off the reactor thread, in TOLLWATCH_WORKERS processes (0: in the reactor).

    The workers start when the crawl first has a page to extract (or learns of a never-fetched article,
    `pages_to_extract`), not before: a re-crawl answered with 304s never loads the extractor at all."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool: Executor | None = None
        self.ready: Future[None] = Future()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractionPipeline":
        pipeline = cls(crawler.settings.getint("TOLLWATCH_WORKERS", 0))
        crawler.signals.connect(pipeline.start_workers, signal=pages_to_extract)
        return pipeline

    def start_workers(self) -> None:
        """Start the worker pool, once. Starting a worker waits for the forkserver to import the
        extractor (a second or more): a thread does it, so the reactor goes on downloading meanwhile."""
        if self.workers > 0 and self.pool is None:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=worker_context())
            threading.Thread(target=self._start_workers, name="tollwatch-workers", daemon=True).start()

    def _start_workers(self) -> None:
        try:
            for started in [self.pool.submit(int) for _ in range(self.workers)]:
                started.result()
        except BaseException as exc:  # reported by every page that needed the pool
            self.ready.set_exception(exc)
        else:
            self.ready.set_result(None)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        try:
            work = (item.body, item.content_type, item.url, item.known_hash)
            if self.workers == 0:
                packed = extract_in_worker(*work)
            else:
                self.start_workers()
                if not self.ready.done():
                    await asyncio.wrap_future(self.ready)
                packed = await asyncio.wrap_future(self.pool.submit(extract_in_worker, *work))
        except Exception as exc:  # a page that breaks the extractor must not stop the crawl
            return ErrorItem(item.source, item.url, f"extraction failed: {type(exc).__name__}: {one_line(exc)}",
                             item.status)
        if packed.unchanged:
            return UnchangedItem(item.source, item.url, item.status)
        if packed.article is None:
            return ErrorItem(item.source, item.url, "no article text found on the page", item.status,
                             item.etag, item.last_modified, packed.body_hash)
        item.article, item.html_gz, item.body_hash = packed.article, packed.html_gz, packed.body_hash
        item.body = b""  # extracted and compressed: do not keep the page twice in memory
        return item


class StoragePipeline:
    """Records pages and errors in the run's database (TOLLWATCH_DATABASE_URL, TOLLWATCH_RUN_ID) from
    one writer thread, so the reactor never waits on the database. What arrives while the writer is
    busy is written together, in one short transaction; a database that stays unusable (locked, full,
    restarting) after a few retries stops the crawl with the reason."""

    RETRIES = (0.5, 2.0, 5.0)  # seconds between attempts at one record
    BATCH = 200  # records per transaction at most

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.database_url = settings.get("TOLLWATCH_DATABASE_URL")
        self.run_id = settings.getint("TOLLWATCH_RUN_ID")
        self.sources = {s["name"]: (s["kind"], s["urls"][0]) for s in settings.getlist("TOLLWATCH_SOURCES")}
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tollwatch-writer")
        self.lock = threading.Lock()
        self.queue: list[tuple[Record, Future[str | None]]] = []
        self.draining = False
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
        record = storage_record(item)
        if self.failed or record is None:
            return item
        for wait in (*self.RETRIES, None):
            try:
                outcome = await asyncio.wrap_future(self._submit(record))
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

    def _submit(self, record: Record) -> Future[str | None]:
        """Queue a record for the writer thread; the future gets its outcome once committed."""
        done: Future[str | None] = Future()
        with self.lock:
            self.queue.append((record, done))
            if not self.draining:
                self.draining = True
                self.writer.submit(self._drain)
        return done

    def _drain(self) -> None:
        """Writer thread: store what is queued, a batch per transaction, until the queue is empty."""
        while True:
            with self.lock:
                batch, self.queue = self.queue[:self.BATCH], self.queue[self.BATCH:]
                if not batch:
                    self.draining = False
                    return
            self._write(batch)

    def _write(self, batch: list[tuple[Record, Future[str | None]]]) -> None:
        try:
            outcomes = self.recorder.record([record for record, _ in batch])
        except OperationalError as exc:  # the database, not a record: each one waits and retries
            for _, done in batch:
                done.set_exception(exc)
        except Exception as exc:  # one bad record: store the others one by one, fail only it
            if len(batch) == 1:
                batch[0][1].set_exception(exc)
            else:
                for one in batch:
                    self._write([one])
        else:
            for (_, done), outcome in zip(batch, outcomes):
                done.set_result(outcome)

    def _give_up(self, exc: OperationalError) -> None:
        if self.failed:  # items in flight fail together; stop once
            return
        self.failed = f"database error: {first_line(exc.orig)}"
        logger.error("stopping the crawl: %s", self.failed)
        # Not awaited: closing waits for in-flight items, this one included.
        self._closing = asyncio.get_running_loop().create_task(
            self.crawler.engine.close_spider_async(reason=self.failed))


def storage_record(item: Any) -> Record | None:
    """The storage form of an item the spider or the extraction pipeline produced."""
    if isinstance(item, ErrorItem):
        return ErrorRecord(item.source, item.url, item.reason, item.status, item.etag, item.last_modified,
                           item.body_hash)
    if isinstance(item, PageItem):
        return page_record(item)
    if isinstance(item, UnchangedItem):
        return UnchangedRecord(item.url, item.status, item.source)
    return None


def page_record(item: PageItem) -> PageRecord:
    """The storage form of an extracted page."""
    article = item.article  # crawler.work.article_fields of the extraction
    return PageRecord(url=article["url"] or item.url, source=item.source, text=article["text"],
                      title=article["title"], published_at=published_at(article["published"], item.announced),
                      author=article["author"], language=article["language"],
                      figures=article["figures"], html_gz=item.html_gz,
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
