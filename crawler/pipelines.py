"""Item pipelines: extraction in a pool of worker processes, then storage of each article or error."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, time, timezone
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.errors import one_line
from crawler.extraction.published import parse_published, plausible
from crawler.extraction_pool import ExtractionPool
from crawler.items import ErrorItem, PageItem, UnchangedItem
from crawler.settings import VERSION
from crawler.stats import EXTRACTING
from crawler.worker import extract_in_worker, pages_to_extract
from storage.link import DatabaseUnavailable, LinkClosed, Outcome, RecordRefused, Store
from storage.records import ErrorRecord, PageRecord, Record, UnchangedRecord

logger = logging.getLogger(__name__)


class ExtractionPipeline:
    """Runs extraction off the reactor thread, in a pool of TOLLWATCH_WORKERS processes (`crawler.extraction_pool`;
    0: in the reactor), or with TOLLWATCH_SHARED_EXTRACTION in the daemon's one pool, over the crawl's link.
    A page may take TOLLWATCH_EXTRACT_LIMIT CPU-seconds in a worker.

    The workers start when the crawl first has a page to extract (or learns of a never-fetched article,
    `pages_to_extract`), not before: a re-crawl answered with 304s never loads the extractor at all."""

    def __init__(self, workers: int, stats: StatsCollector | None = None, shared: Crawler | None = None,
                 cpu_limit: float | None = None):
        self.stats = stats  # counts the pages waiting for or in extraction (EXTRACTING), for the progress line
        self.shared = shared  # the crawl whose spider's link extracts the pages, when the daemon shares its pool
        self.pool = ExtractionPool(workers, cpu_limit=cpu_limit, idle_after=None) \
            if workers > 0 and shared is None else None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractionPipeline":
        shared = crawler.settings.getbool("TOLLWATCH_SHARED_EXTRACTION")
        pipeline = cls(crawler.settings.getint("TOLLWATCH_WORKERS", 0), crawler.stats, crawler if shared else None,
                       crawler.settings.getfloat("TOLLWATCH_EXTRACT_LIMIT") or None)
        if pipeline.pool is not None:
            crawler.signals.connect(pipeline.start_workers, signal=pages_to_extract)
        return pipeline

    def start_workers(self) -> None:
        """Start the worker pool now (once): its forkserver loads the extractor meanwhile."""
        if self.pool is not None:
            self.pool.start()

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, PageItem):
            return item
        if self.stats is None:
            return await self._extract(item)
        self.stats.inc_value(EXTRACTING)
        try:
            return await self._extract(item)
        finally:
            self.stats.inc_value(EXTRACTING, -1)

    async def _extract(self, item: PageItem) -> Any:
        """The page extracted (in a worker, or here with no workers): the item to store."""
        try:
            work = (item.body, item.content_type, item.url, item.known_hash)
            if self.shared is not None:
                packed = await asyncio.wrap_future(self.shared.spider.link.request("extract", *work))
            elif self.pool is None:
                packed = extract_in_worker(*work)
            else:
                packed = await asyncio.wrap_future(self.pool.submit(*work))
        except Exception as exc:  # a page that breaks the extractor must not stop the crawl
            return ErrorItem(item.source, item.url, f"extraction failed: {type(exc).__name__}: {one_line(exc)}",
                             item.status)
        if packed.unchanged:
            return UnchangedItem(item.source, item.url, item.status)
        if packed.article is None:  # a wall, a challenge or no article: recorded with its outcome, never a version
            return ErrorItem(item.source, item.url, packed.reason, item.status, item.etag, item.last_modified,
                             packed.body_hash, packed.outcome)
        item.article, item.html_gz, item.body_hash = packed.article, packed.html_gz, packed.body_hash
        item.body = b""  # extracted and compressed: do not keep the page twice in memory
        return item


class StoragePipeline:
    """Sends pages and errors to the process that stores the crawl (`storage.service`, over the spider's
    link; under `scrapy crawl`, to the spider's `DirectStore`), so the reactor never waits on the database nor shares its core with it. A database that stays
    unusable (locked, full, restarting) after a few retries stops the crawl with the reason; a record the
    database refuses is stored as a fetch error with why, so that the run counts it.

    A re-fetch answered "unchanged" (most of a re-crawl) is not waited for: re-fetches are sent BATCH at a
    time, or FLUSH_AFTER seconds after the first of them, and all at the end. Waiting for each one cost a
    re-crawl of the bench site 0.12 s of its 1.55 (a hand-over and an event-loop wake-up per page)."""

    RETRIES = (0.5, 2.0, 5.0)  # seconds between attempts at one record
    BATCH = 200  # re-fetches sent together
    FLUSH_AFTER = 1.0  # seconds a re-fetch waits for others before it is sent

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.failed: str | None = None
        self.refetches: list[UnchangedRecord] = []
        self.flush_timer: asyncio.TimerHandle | None = None
        self.flushing: set[asyncio.Task[None]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StoragePipeline":
        return cls(crawler)

    def open_spider(self) -> None:
        self.link: Store = self.crawler.spider.link  # a StorageLink, or a DirectStore under `scrapy crawl`

    async def close_spider(self) -> None:
        """Send the re-fetches still held back and wait until they are stored."""
        self._flush_refetches()
        while self.flushing:
            await asyncio.gather(*self.flushing)

    async def process_item(self, item: Any) -> Any:
        record = storage_record(item)
        if self.failed or record is None:
            return item
        if isinstance(record, UnchangedRecord):
            self._hold_refetch(record)
            return item
        outcome = (await self._store([record]))[0]
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, DatabaseUnavailable):  # DatabaseUnavailable: given up on, the crawl stops
                logger.error("cannot record %s: %s", record.url, outcome)
            return item
        if outcome:
            self.stats.inc_value(f"tollwatch/{outcome}")
        return item

    def _hold_refetch(self, record: UnchangedRecord) -> None:
        self.refetches.append(record)
        if len(self.refetches) >= self.BATCH:
            self._flush_refetches()
        elif self.flush_timer is None:
            self.flush_timer = asyncio.get_running_loop().call_later(self.FLUSH_AFTER, self._flush_refetches)

    def _flush_refetches(self) -> None:
        """Send the re-fetches held back, as one task that counts their outcomes."""
        if self.flush_timer is not None:
            self.flush_timer.cancel()
            self.flush_timer = None
        records, self.refetches = self.refetches, []
        if records and not self.failed:
            task = asyncio.get_running_loop().create_task(self._store_refetches(records))
            self.flushing.add(task)
            task.add_done_callback(self.flushing.discard)

    async def _store_refetches(self, records: list[UnchangedRecord]) -> None:
        for record, outcome in zip(records, await self._store(records)):
            if isinstance(outcome, DatabaseUnavailable):
                continue  # given up on: the crawl is stopping with the reason
            if isinstance(outcome, BaseException):
                logger.error("cannot record the re-fetch of %s: %s", record.url, outcome)
            elif outcome:
                self.stats.inc_value(f"tollwatch/{outcome}")

    async def _store(self, records: list[Record]) -> list[Outcome]:
        """Store `records`; each one's outcome, or the exception that kept it out. A record the database
        refused (RecordRefused) is stored as a fetch error instead, with the reason."""
        outcomes = await self._send(records)
        refused = [i for i, outcome in enumerate(outcomes) if isinstance(outcome, RecordRefused)]
        if refused and not self.failed:
            errors: list[Record] = [refused_error(records[i], str(outcomes[i])) for i in refused]
            for index, outcome in zip(refused, await self._send(errors)):
                outcomes[index] = outcome
        return outcomes

    async def _send(self, records: list[Record]) -> list[Outcome]:
        """Send `records` to be stored; each one's outcome, or the exception that kept it out. Records the
        database refused as a whole (DatabaseUnavailable: locked, full, connection lost) are tried again a few
        times."""
        outcomes: list[Outcome] = [None] * len(records)
        pending = list(range(len(records)))
        for wait in (*self.RETRIES, None):
            try:
                written = await asyncio.wrap_future(self.link.request("store", [records[i] for i in pending]))
            except LinkClosed as exc:
                written = [exc] * len(pending)
            for index, outcome in zip(pending, written):
                outcomes[index] = outcome
            pending = [index for index in pending if isinstance(outcomes[index], DatabaseUnavailable)]
            if not pending or self.failed:
                break
            if wait is None or isinstance(outcomes[pending[0]], LinkClosed):
                self._give_up(outcomes[pending[0]])  # type: ignore[arg-type]
                break
            await asyncio.sleep(wait)
        return outcomes

    def _give_up(self, exc: DatabaseUnavailable) -> None:
        if self.failed:  # items in flight fail together; stop once
            return
        self.failed = f"database error: {exc}"
        self.stats.set_value("tollwatch/database_error", self.failed)  # read by crawler.run, even when closing
        logger.error("stopping the crawl: %s", self.failed)
        # Not awaited: closing waits for in-flight items, this one included.
        self._closing = asyncio.get_running_loop().create_task(
            self.crawler.engine.close_spider_async(reason=self.failed))


def refused_error(record: Record, reason: str) -> ErrorRecord:
    """The fetch error that stands for a record the database refused: the page was fetched (its status
    kept) and is counted, but not stored."""
    return ErrorRecord(record.source, record.url, f"cannot be stored: {reason}", record.status)


def storage_record(item: Any) -> Record | None:
    """The storage form of an item the spider or the extraction pipeline produced."""
    if isinstance(item, ErrorRecord):
        return item
    if isinstance(item, PageItem):
        return page_record(item)
    if isinstance(item, UnchangedItem):
        return UnchangedRecord(item.url, item.status, item.source)
    return None


def page_record(item: PageItem) -> PageRecord:
    """The storage form of an extracted page."""
    article = item.article  # crawler.work.article_fields of the extraction
    published, precision = published_at(article["published"], item.announced)
    return PageRecord(url=article["url"] or item.url, source=item.source, text=article["text"],
                      title=article["title"], published_at=published, published_precision=precision,
                      author=article["author"], language=article["language"],
                      figures=article["figures"], totals=article["totals"], html_gz=item.html_gz,
                      extractor=VERSION, fetched_url=item.url, etag=item.etag,
                      last_modified=item.last_modified, body_hash=item.body_hash, status=item.status,
                      partial=article["partial"], modified_at=moment(article.get("modified")),
                      last_modified_at=http_time(item.last_modified), live=article.get("live", False))


def moment(text: str | None) -> datetime | None:
    """A plausible UTC time the page states (ISO 8601 with a zone), naive; a date alone is no moment."""
    stated = parse_published(text)
    return stated.replace(tzinfo=None) if isinstance(stated, datetime) else None


def http_time(header: str | None) -> datetime | None:
    """A plausible HTTP date (`Last-Modified: Mon, 16 Mar 2026 09:00:00 GMT`) as naive UTC, else None."""
    try:
        stated = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if stated is None or stated.tzinfo is None:
        return None
    stated = stated.astimezone(timezone.utc)
    return stated.replace(tzinfo=None) if plausible(stated) else None


def published_at(page: str | None, announced: datetime | None) -> tuple[datetime | None, str | None]:
    """When the article was published (naive UTC) and how precisely ("time" or "date"): a time the page
    gives wins; else the feed's timestamp, when the page gives no date or the same day; else the page's
    date at 00:00. Implausible times from either are ignored (`crawler.extraction.published`)."""
    stated = parse_published(page)
    feed = announced.astimezone(timezone.utc) if announced else None
    if feed is not None and not plausible(feed):
        feed = None
    if isinstance(stated, datetime):
        return stated.replace(tzinfo=None), "time"
    if feed is not None and (stated is None or feed.date() == stated):
        return feed.replace(tzinfo=None), "time"
    if stated is not None:
        return datetime.combine(stated, time()), "date"
    return None, None
