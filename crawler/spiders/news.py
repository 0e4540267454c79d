"""The news spider: reads each source's feeds, sitemaps or listing pages and fetches their articles.

One spider serves every source of a crawl so that the extraction pool, the database connection and
the duplicate filter are shared: an article linked from two sources is fetched and stored once.
"""
from __future__ import annotations

import functools
import re
import struct
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip, gzip_magic_number
from twisted.python.failure import Failure

from crawler.bounds import SitemapDepth, UrlBudget
from crawler.conditional import ConditionalRequests
from crawler.discovery import NotAFeed, parse_feed, parse_sitemap
from crawler.errors import describe_failure, megabytes, over_size_cap
from crawler.extraction.pdf_kind import is_pdf
from crawler.items import ErrorItem, PageItem, UnchangedItem
from crawler.revisits import Revisits
from storage.link import DatabaseUnavailable, Store

ARTICLE_TYPES = ("text/html", "application/xhtml+xml")

EntryCallback = Callable[["NewsSpider", Response, str], Iterator[Any]]


def entry_document(callback: EntryCallback) -> Callable[["NewsSpider", Response, str], list[Any]]:
    """A callback of a feed, sitemap or listing: the article requests it yields, all at once, become
    conditional on their last fetch (one database lookup for the page's links)."""
    @functools.wraps(callback)
    def with_validators(spider: "NewsSpider", response: Response, source: str) -> list[Any]:
        return spider.conditional.prepare(list(callback(spider, response, source)))
    return with_validators


class NewsSpider(Spider):
    """Crawl the sources of one job: entry documents first, then the article pages they link to and, once a
    source's entry documents are read, its articles due for a re-visit (`crawler.revisits`)."""

    name = "news"

    def __init__(self, sources: list[dict[str, Any]], link: Store, **kwargs: Any):
        """`sources` (as in a crawl job) and `link`, the store of the crawl: the link to the tollwatch process
        that stores it (`crawler.run`), or a store in this process (`scheduler.scrapy_run`)."""
        super().__init__(**kwargs)
        self.link = link
        self.sources = {s["name"]: s for s in sources}
        self.pending: Counter[str] = Counter()  # requests in flight per source
        self.sources_done: set[str] = set()
        self.reached: set[str] = set()  # sources that answered at least one request
        self.entry_open: Counter[str] = Counter()  # entry documents (feeds, sitemaps, listings) not yet read
        self.discovered: Counter[str] = Counter()  # article requests each source's entry documents led to
        self.article_urls: set[str] = set()  # article URLs requested in this run, by any source
        self._link_extractors = {
            s["name"]: LinkExtractor(allow=s["follow"] or (), unique=True)
            for s in sources if s["kind"] == "pages"}

    async def start(self) -> AsyncIterator[Request]:
        """Request every entry URL of every source."""
        callbacks = {"feed": self.parse_feed, "sitemap": self.parse_sitemap, "pages": self.parse_listing}
        for source in self.sources.values():
            for url in source["urls"]:
                yield self._request(url, source["name"], callbacks[source["kind"]], dont_filter=True)

    def _request(self, url: str, source: str, callback: Any, meta: dict[str, Any] | None = None,
                 **kwargs: Any) -> Request:
        self.pending[source] += 1
        meta = meta or {}
        if not meta.get("article"):
            self.entry_open[source] += 1
        else:
            self.article_urls.add(url)
            if not meta.get("revisit"):
                self.discovered[source] += 1
        return Request(url, callback=callback, errback=self.on_error, cb_kwargs={"source": source},
                       meta={"source": source, "allow_private": self.sources[source]["allow_private_addresses"],
                             **meta},
                       **kwargs)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.conditional = ConditionalRequests(spider.link, crawler)
        spider.max_url_length = crawler.settings.getint("URLLENGTH_LIMIT")
        spider.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        spider.budget = UrlBudget.from_sources(list(spider.sources.values()), crawler.settings)
        spider.sitemap_depth = SitemapDepth.from_sources(list(spider.sources.values()), crawler.settings)
        spider.revisits = Revisits({name: list(s.get("revisit") or ()) for name, s in spider.sources.items()},
                                   crawler.settings.getfloat("TOLLWATCH_REVISIT_SHARE"))
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        return spider

    def _dropped(self, request: Request, spider: Spider) -> None:
        source = request.meta["source"]
        if not request.meta.get("article"):  # an entry document: perhaps the source's last
            for revisit in self.conditional.prepare(self._entry_read(source)):
                self.crawler.engine.crawl(revisit)
        self.request_finished(source)

    def _entry_read(self, source: str) -> list[Request]:
        """Count an entry document of `source` as read (or failed); after its last one, the requests of the
        source's due re-visits that this run has not asked for yet, within its budget (`crawler.revisits`)."""
        self.entry_open[source] -= 1
        if self.entry_open[source] > 0:
            return []
        urls = self.revisits.take(source, self.discovered[source], self.article_urls)
        return [self._request(url, source, self.parse_article, {"article": True, "revisit": True}) for url in urls]

    def request_finished(self, source: str, response: Response | None = None, answered: bool = False) -> None:
        """Count down a source's open requests; called for every response, error and dropped request
        (`answered`: an error after the server answered, such as a page over the size cap)."""
        if response is not None or answered:
            self.reached.add(source)
        self.pending[source] -= 1
        if self.pending[source] <= 0:
            self.sources_done.add(source)

    @entry_document
    def parse_feed(self, response: Response, source: str) -> Iterator[Request | ErrorItem]:
        """Article links of an RSS or Atom feed."""
        try:
            feed = parse_feed(entry_body(response, self.max_size))
        except TooLarge:
            yield self._too_large("feed", response, source)
        except (NotAFeed, NotGzip) as exc:
            yield ErrorItem(source, response.url, f"feed unusable: {exc}", response.status)
        else:
            if feed.broken:
                yield ErrorItem(source, response.url, f"feed is malformed or cut off: used its "
                                f"{len(feed.entries)} complete entries", response.status)
            for entry in feed.entries:
                yield from self._article(response.urljoin(entry.url), source, response.url, entry.published)
        yield from self._entry_read(source)
        self.request_finished(source, response)

    @entry_document
    def parse_sitemap(self, response: Response, source: str) -> Iterator[Request | ErrorItem]:
        """Child sitemaps and recent article links of a sitemap (lastmod older than max_age skipped); the
        children of an index nested deeper than the source's sitemap depth are not followed."""
        try:
            sitemap = parse_sitemap(entry_body(response, self.max_size))
        except TooLarge:
            yield self._too_large("sitemap", response, source)
        except (NotAFeed, NotGzip) as exc:
            yield ErrorItem(source, response.url, f"sitemap unusable: {exc}", response.status)
        else:
            if sitemap.broken:
                yield ErrorItem(source, response.url, "sitemap is malformed or cut off: used its complete "
                                f"{len(sitemap.entries) + len(sitemap.sitemaps)} entries", response.status)
            max_age = self.sources[source].get("max_age")
            oldest = datetime.now(timezone.utc) - timedelta(seconds=max_age) if max_age else None
            level = response.meta.get("sitemap_level", 1)
            if sitemap.sitemaps and self.sitemap_depth.follows(source, level, response.url):
                for url in sitemap.sitemaps:
                    url = response.urljoin(url)
                    if urlsplit(url).scheme in ("http", "https"):
                        yield from self._link(url, source, self.parse_sitemap, response.url,
                                              sitemap_level=level + 1)
            for entry in sitemap.entries:
                if oldest is None or entry.published is None or entry.published >= oldest:
                    yield from self._article(response.urljoin(entry.url), source, response.url, entry.published)
        yield from self._entry_read(source)
        self.request_finished(source, response)

    @entry_document
    def parse_listing(self, response: Response, source: str) -> Iterator[Request | ErrorItem]:
        """Article links on a listing page that match the source's `follow` pattern."""
        if isinstance(response, TextResponse):
            for link in self._link_extractors[source].extract_links(response):
                yield from self._article(link.url, source, response.url)
        else:
            yield ErrorItem(source, response.url, "listing page is not HTML", response.status)
        yield from self._entry_read(source)
        self.request_finished(source, response)

    def _too_large(self, kind: str, response: Response, source: str) -> ErrorItem:
        """The error of a gzip feed or sitemap that inflates past DOWNLOAD_MAXSIZE (the server answered it)."""
        return ErrorItem(source, response.url, f"{kind} larger than {megabytes(self.max_size)} once decompressed "
                                               "(the download size cap): not read", response.status)

    def _article(self, url: str, source: str, document: str,
                 announced: datetime | None = None) -> Iterator[Request | ErrorItem]:
        """The request for an article link found in `document`, or why it is not followed."""
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            yield ErrorItem(source, url[:500], f"refused: only http and https links are followed, not {scheme}:")
        else:
            yield from self._link(url, source, self.parse_article, document, announced=announced, article=True)

    def _link(self, url: str, source: str, callback: Any, document: str,
              **meta: Any) -> Iterator[Request | ErrorItem]:
        """The request for a link found in `document`, unless refused (`_refusal`) or beyond the source's
        URL budget (counted there)."""
        refusal = self._refusal(url, source)
        if refusal:
            yield refusal
        elif self.budget.take(source, document):
            yield self._request(url, source, callback, meta)

    def _refusal(self, url: str, source: str) -> ErrorItem | None:
        """Why a link is not followed, if it is not: longer than URLLENGTH_LIMIT (servers refuse such
        URLs, and a feed could make the crawl carry megabytes of them)."""
        if self.max_url_length and len(url) > self.max_url_length:
            return ErrorItem(source, url[:500], f"refused: the link is {len(url)} characters long, longer "
                                                f"than URLLENGTH_LIMIT ({self.max_url_length})")
        return None

    def parse_article(self, response: Response, source: str) -> Iterator[PageItem | UnchangedItem | ErrorItem]:
        """Hand an article page to the pipelines, or record why it cannot be one."""
        self.request_finished(source, response)
        if response.status == 304:
            yield UnchangedItem(source, response.url, response.status)
            return
        header = response.headers.get("Content-Type", b"").decode("latin-1")
        content_type = header.split(";")[0].strip()
        if is_pdf(response.body, header):  # a report: the extraction workers read its text
            yield self._page_item(response, source, header)
            return
        if not isinstance(response, TextResponse) or (content_type and content_type not in ARTICLE_TYPES
                                                      and not _looks_like_html(response)):
            yield ErrorItem(source, response.url, f"not an HTML page ({content_type or 'unknown type'})",
                            response.status)
            return
        if not response.body.strip():
            yield ErrorItem(source, response.url, "empty page", response.status, outcome="not_article")
            return
        binary = sniff_binary(response.body)
        if binary:
            yield ErrorItem(source, response.url, f"binary content ({binary}) served as {content_type}",
                            response.status)
            return
        yield self._page_item(response, source, header)

    def _page_item(self, response: Response, source: str, header: str) -> PageItem:
        """The item that takes a page (or a PDF report) to extraction and storage."""
        stored = response.meta.get("validators")
        return PageItem(source=source, url=response.url, body=response.body, content_type=header or None,
                        status=response.status, announced=response.meta.get("announced"),
                        known_hash=stored.body_hash if stored else None,
                        etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"))

    def on_error(self, failure: Failure) -> Iterator[ErrorItem]:
        """Record a failed request (HTTP error, network error, robots.txt refusal) as an error item."""
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta["source"]
        if not request.meta.get("article"):  # an entry document: perhaps the source's last
            yield from self.conditional.prepare(self._entry_read(source))
        self.request_finished(source, answered=over_size_cap(failure.value))
        status, reason = describe_failure(failure)
        yield ErrorItem(source, request.url, reason, status)

    def bound_notes(self) -> list[ErrorItem]:
        """What each source's URL budget and sitemap depth left out this run, in the order of the sources."""
        depth, budget = self.sitemap_depth.notes(), self.budget.notes()
        return [note for name in self.sources for note in (depth.get(name), budget.get(name)) if note]

    def bounds_reached(self) -> str | None:
        """The bound notes as a part of the run's message, or None when no source reached a bound."""
        return "; ".join(f"{note.source}: {note.reason}" for note in self.bound_notes()) or None

    def closed(self, reason: str) -> None:
        """Store the bound notes (the item pipelines have closed: they are stored here, as the last records)."""
        notes = self.bound_notes()
        if notes:
            try:
                self.link.call("store", notes)
            except DatabaseUnavailable:  # the crawl is failing for it already, and says so
                pass


def run_outcome(spider: NewsSpider | None, reason: str, database_error: str | None) -> tuple[str, str | None]:
    """The status and message a crawl's run closes with, from how the crawl ended: Scrapy's finish `reason`
    and the database error that stopped it, if one did."""
    if database_error:
        status, message = "failed", database_error
    elif reason != "finished":
        status, message = "interrupted", f"crawl stopped before the end ({reason})"
    elif spider is None or not spider.reached:
        status, message = "failed", "no source could be reached"
    else:
        unreached = [name for name in spider.sources if name not in spider.reached]
        status, message = "ok", f"unreachable: {', '.join(unreached)}" if unreached else None
    if spider is not None:  # sources that reached their URL budget or sitemap depth (crawler/bounds.py)
        message = "; ".join(filter(None, (message, spider.bounds_reached()))) or None
    return status, message


_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<div|<p|<article)", re.I)


_MAGIC = {b"%PDF": "pdf", b"PK\x03\x04": "zip", b"\x89PNG": "png", b"GIF8": "gif", b"\xff\xd8\xff": "jpeg",
          b"\x1f\x8b": "gzip", b"RIFF": "riff"}


class TooLarge(Exception):
    """A gzip feed or sitemap inflates to more than DOWNLOAD_MAXSIZE."""


class NotGzip(Exception):
    """A body that starts like gzip but cannot be decompressed."""


def entry_body(response: Response, max_size: int) -> bytes:
    """The XML of a feed or sitemap: its body, decompressed when it is a gzip file (`.xml.gz`), at most
    `max_size` bytes of it (0: any size; TooLarge beyond)."""
    if not gzip_magic_number(response):
        return response.body
    try:
        return gunzip(response.body, max_size=max_size)
    except ValueError:  # the only ValueError of Scrapy's gunzip: more than max_size bytes decompressed
        raise TooLarge() from None
    except (OSError, EOFError, struct.error, zlib.error) as exc:
        raise NotGzip(f"broken gzip file: {exc}") from None


def sniff_binary(body: bytes) -> str | None:
    """The kind of binary file a body is (pdf, zip, image...), or None for text."""
    head = body[:1024]
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    return "binary" if b"\x00" in head else None


def _looks_like_html(response: Response) -> bool:
    return bool(_HTML_START.match(response.body[:512]))


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
