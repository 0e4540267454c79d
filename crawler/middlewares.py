"""Middlewares: start requests, the private-address guard, Retry-After, meta refresh, redirect loops."""
from __future__ import annotations

import asyncio
import ipaddress
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares import redirect as scrapy_redirect
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.start import StartSpiderMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor


class StartRequestsMiddleware(StartSpiderMiddleware):
    """Scrapy's StartSpiderMiddleware (it marks start requests, which Scrapy's scheduler queues apart)
    without the pass-through it puts on the output of every response: a spider middleware's output
    method is one more layer of asynchronous generators for each page."""

    process_spider_output = None
    process_spider_output_async = None


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
