"""The news spider: reads each source's feeds, sitemaps or listing pages and fetches their articles.

One spider serves every source of a crawl so that the extraction pool, the database connection and
the duplicate filter are shared: an article linked from two sources is fetched and stored once.
"""
from __future__ import annotations

import functools
import re
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

from crawler.conditional import ConditionalRequests
from crawler.discovery import NotAFeed, parse_feed, parse_sitemap
from crawler.errors import describe_failure
from crawler.items import ErrorItem, PageItem, UnchangedItem
from storage.link import StorageLink

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
    """Crawl the sources of one job: entry documents first, then the article pages they link to."""

    name = "news"

    def __init__(self, sources: list[dict[str, Any]], link: StorageLink, **kwargs: Any):
        super().__init__(**kwargs)
        self.link = link  # to the process that stores the crawl
        self.sources = {s["name"]: s for s in sources}
        self.pending: Counter[str] = Counter()  # requests in flight per source
        self.sources_done: set[str] = set()
        self.reached: set[str] = set()  # sources that answered at least one request
        self._link_extractors = {
            s["name"]: LinkExtractor(allow=s["follow"] or (), unique=True)
            for s in sources if s["kind"] == "pages"}

    async def start(self) -> AsyncIterator[Request]:
        """Request every entry URL of every source."""
        callbacks = {"feed": self.parse_feed, "sitemap": self.parse_sitemap, "pages": self.parse_listing}
        for source in self.sources.values():
            for url in source["urls"]:
                yield self._request(url, source["name"], callbacks[source["kind"]], dont_filter=True)

    def _request(self, url: str, source: str, callback: Any, **kwargs: Any) -> Request:
        self.pending[source] += 1
        return Request(url, callback=callback, errback=self.on_error, cb_kwargs={"source": source},
                       meta={"source": source, "allow_private": self.sources[source]["allow_private_addresses"]},
                       **kwargs)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.conditional = ConditionalRequests(spider.link, crawler)
        spider.max_url_length = crawler.settings.getint("URLLENGTH_LIMIT")
        crawler.signals.connect(spider._dropped, signal=signals.request_dropped)
        return spider

    def _dropped(self, request: Request, spider: Spider) -> None:
        self.request_finished(request.meta["source"])

    def request_finished(self, source: str, response: Response | None = None) -> None:
        """Count down a source's open requests; called for every response, error and dropped request."""
        if response is not None:
            self.reached.add(source)
        self.pending[source] -= 1
        if self.pending[source] <= 0:
            self.sources_done.add(source)

    @entry_document
    def parse_feed(self, response: Response, source: str) -> Iterator[Request | ErrorItem]:
        """Article links of an RSS or Atom feed."""
        try:
            feed = parse_feed(response.body)
        except NotAFeed as exc:
            yield ErrorItem(source, response.url, f"feed unusable: {exc}", response.status)
        else:
            if feed.broken:
                yield ErrorItem(source, response.url, f"feed is malformed or cut off: used its "
                                f"{len(feed.entries)} complete entries", response.status)
            for entry in feed.entries:
                yield self._article(response.urljoin(entry.url), source, entry.published)
        self.request_finished(source, response)

    @entry_document
    def parse_sitemap(self, response: Response, source: str) -> Iterator[Request | ErrorItem]:
        """Child sitemaps and recent article links of a sitemap (lastmod older than max_age skipped)."""
        body = response.body
        try:
            if gzip_magic_number(response):
                body = gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = parse_sitemap(body)
        except (NotAFeed, OSError, EOFError) as exc:
            yield ErrorItem(source, response.url, f"sitemap unusable: {exc}", response.status)
        else:
            if sitemap.broken:
                yield ErrorItem(source, response.url, "sitemap is malformed or cut off: used its complete "
                                f"{len(sitemap.entries) + len(sitemap.sitemaps)} entries", response.status)
            max_age = self.sources[source].get("max_age")
            oldest = datetime.now(timezone.utc) - timedelta(seconds=max_age) if max_age else None
            for url in sitemap.sitemaps:
                url = response.urljoin(url)
                if urlsplit(url).scheme in ("http", "https"):
                    yield self._refusal(url, source) or self._request(url, source, self.parse_sitemap)
            for entry in sitemap.entries:
                if oldest is None or entry.published is None or entry.published >= oldest:
                    yield self._article(response.urljoin(entry.url), source, entry.published)
        self.request_finished(source, response)

    @entry_document
    def parse_listing(self, response: Response, source: str) -> Iterator[Request | ErrorItem]:
        """Article links on a listing page that match the source's `follow` pattern."""
        if isinstance(response, TextResponse):
            for link in self._link_extractors[source].extract_links(response):
                yield self._article(link.url, source)
        else:
            yield ErrorItem(source, response.url, "listing page is not HTML", response.status)
        self.request_finished(source, response)

    def _article(self, url: str, source: str, announced: datetime | None = None) -> Request | ErrorItem:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            return ErrorItem(source, url[:500], f"refused: only http and https links are followed, not {scheme}:")
        refusal = self._refusal(url, source)
        if refusal:
            return refusal
        request = self._request(url, source, self.parse_article)
        request.meta["announced"] = announced
        request.meta["article"] = True
        return request

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
        if not isinstance(response, TextResponse) or (content_type and content_type not in ARTICLE_TYPES
                                                      and not _looks_like_html(response)):
            yield ErrorItem(source, response.url, f"not an HTML page ({content_type or 'unknown type'})",
                            response.status)
            return
        if not response.body.strip():
            yield ErrorItem(source, response.url, "empty page", response.status)
            return
        binary = sniff_binary(response.body)
        if binary:
            yield ErrorItem(source, response.url, f"binary content ({binary}) served as {content_type}",
                            response.status)
            return
        stored = response.meta.get("validators")
        yield PageItem(source=source, url=response.url, body=response.body, content_type=header or None,
                       status=response.status, announced=response.meta.get("announced"),
                       known_hash=stored.body_hash if stored else None,
                       etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"))

    def on_error(self, failure: Failure) -> Iterator[ErrorItem]:
        """Record a failed request (HTTP error, network error, robots.txt refusal) as an error item."""
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta["source"]
        self.request_finished(source)
        status, reason = describe_failure(failure)
        yield ErrorItem(source, request.url, reason, status)


_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body|<div|<p|<article)", re.I)


_MAGIC = {b"%PDF": "pdf", b"PK\x03\x04": "zip", b"\x89PNG": "png", b"GIF8": "gif", b"\xff\xd8\xff": "jpeg",
          b"\x1f\x8b": "gzip", b"RIFF": "riff"}


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
