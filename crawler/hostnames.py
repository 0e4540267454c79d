"""Scrapy's HTTP/1.1 download handler, with each hostname encoded to IDNA once per crawl.

Twisted builds a new endpoint for every request, even one sent over a pooled connection, and encodes
its hostname with the `idna` package (IDNA 2008 in pure Python, with Scrapy's fallbacks for names it
rejects): 4% of a re-crawl's reactor CPU, spent on the same few hostnames again and again.
"""
from __future__ import annotations

import functools

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from twisted.internet import endpoints


class CachedHostnamesHandler(HTTP11DownloadHandler):
    """HTTP11DownloadHandler; Twisted's hostname encoding is remembered once the handler is set up."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)  # installs Scrapy's IDNA fallbacks into Twisted first
        cache_hostname_encoding()


def cache_hostname_encoding() -> None:
    """Remember what Twisted's endpoints encode each hostname to (a name that fails is tried again)."""
    if not isinstance(endpoints._idnaBytes, functools._lru_cache_wrapper):
        endpoints._idnaBytes = functools.lru_cache(maxsize=4096)(endpoints._idnaBytes)
