"""Middlewares: conditional re-fetches (spider side), the private-address guard, Retry-After, redirect loops."""
from __future__ import annotations

import asyncio
import ipaddress
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from collections.abc import AsyncIterator, Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares import redirect as scrapy_redirect
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor

from crawler.worker import pages_to_extract
from storage.db import create_db_engine
from storage.recorder import Validators, load_validators


class ConditionalRequestMiddleware:
    """Spider middleware: gives the article requests a feed, sitemap or listing yields the validators
    of their last fetch (If-None-Match / If-Modified-Since), looked up in bulk, and lets 304 through to
    the spider, so an unchanged page costs a header exchange and no extraction."""

    def __init__(self, database_url: str, crawler: Crawler):
        self.engine = create_db_engine(database_url)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ConditionalRequestMiddleware":
        return cls(crawler.settings.get("TOLLWATCH_DATABASE_URL"), crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        output = list(result)  # a page's links, all at once: one lookup for all of them
        articles = [o for o in output if isinstance(o, Request) and o.meta.get("article")
                    and "validators" not in o.meta]
        if articles:
            with self.engine.connect() as connection:
                stored = load_validators(connection, {request.url for request in articles})
            for request in articles:
                conditional(request, stored.get(request.url))
            if any(request.url not in stored for request in articles):
                self.crawler.signals.send_catch_log(pages_to_extract)  # new articles: extraction ahead
        return output

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        for o in self.process_spider_output(response, [o async for o in result]):
            yield o


def conditional(request: Request, validators: Validators | None) -> None:
    """Make `request` conditional on the validators of its URL's last fetch (None: never stored)."""
    request.meta["validators"] = validators
    if validators is not None:
        request.meta["handle_httpstatus_list"] = [304]
        if validators.etag:
            request.headers[b"If-None-Match"] = validators.etag
        if validators.last_modified:
            request.headers[b"If-Modified-Since"] = validators.last_modified


class PrivateAddressMiddleware:
    """Refuses requests to loopback, private, link-local and other non-public addresses (also after a
    redirect, and for names that resolve to one), unless the request's source allows them."""

    def __init__(self) -> None:
        self.allowed_hosts: set[str] = set()  # hosts a source allowed: their robots.txt may be fetched too

    async def process_request(self, request: Request) -> Any:
        host = urlsplit(request.url).hostname or ""
        if request.meta.get("allow_private"):
            self.allowed_hosts.add(host)
            return None
        if request.meta.get("dont_obey_robotstxt") and host in self.allowed_hosts:
            return None
        try:
            address = ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            try:
                resolved = await maybe_deferred_to_future(reactor.resolve(host))  # Scrapy's caching resolver
            except Exception:  # resolution errors are reported by the download itself
                return None
            address = ipaddress.ip_address(resolved)
        if not address.is_global:
            raise IgnoreRequest(f"refused: {host} is a private or loopback address ({address}); "
                                "set allow_private_addresses = true on the source to allow it")
        return None


class RetryAfterMiddleware:
    """Honours Retry-After on 429 and 503: waits as long as the server asks (up to a cap), then retries
    once; longer waits are recorded as errors rather than stalling the crawl."""

    def __init__(self, max_wait: float):
        self.max_wait = max_wait

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RetryAfterMiddleware":
        return cls(crawler.settings.getfloat("TOLLWATCH_MAX_RETRY_AFTER", 120.0))

    async def process_response(self, request: Request, response: Response) -> Any:
        if response.status not in (429, 503) or request.meta.get("retried_after"):
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None or wait > self.max_wait:
            return response
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["retried_after"] = wait
        return retry


def retry_after_seconds(value: bytes | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), None if absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class MetaRefreshMiddleware(scrapy_redirect.MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, without decoding every page in the reactor to look for one:
    only a page whose first bytes mention "refresh" is examined (Scrapy reads its first 4096
    characters; 16 KiB of bytes covers them in any ASCII-compatible encoding)."""

    def process_response(self, request: Request, response: Response) -> Any:
        if b"refresh" not in response.body[:16384].lower():
            return response
        return super().process_response(request, response)


class RedirectLoopMiddleware:
    """Turns a redirect back to a URL already visited into an error, instead of a request the
    duplicate filter would drop without a trace."""

    def process_response(self, request: Request, response: Response) -> Any:
        location = response.headers.get(b"Location")
        if response.status in (301, 302, 303, 307, 308) and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if target == request.url or target in request.meta.get("redirect_urls", ()):
                raise IgnoreRequest(f"redirect loop: {request.url} redirects back to {target}")
        return response
