"""Giving freed memory back to the system, in worker processes and (as a Scrapy extension) in the
crawl process: glibc keeps freed heap otherwise, and pages of a few hundred KB each, parsed into lxml
trees, leave a long crawl's processes tens of MB larger than they need to be."""
from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # workers import this module and must not load Scrapy
    from scrapy.crawler import Crawler

# The symbols the process already has (libc among them): finding libc by name would run `ldconfig -p`.
_libc = ctypes.CDLL(None)


def release_memory() -> None:
    """Hand freed heap memory back to the system (glibc's malloc_trim); a no-op without glibc."""
    trim = getattr(_libc, "malloc_trim", None)
    if trim is not None:
        trim(0)


class ReleaseMemory:
    """Scrapy extension: releases freed memory of the crawl process every `TOLLWATCH_RELEASE_INTERVAL`
    seconds (2 by default, a hundred pages of a first crawl; a millisecond each time). On a timer, not
    per stored page: Scrapy runs each receiver of `item_scraped` as an asyncio task of its own."""

    def __init__(self, interval: float):
        from twisted.internet import task

        self.interval = interval
        self.loop = task.LoopingCall(release_memory)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ReleaseMemory":
        from scrapy import signals

        extension = cls(crawler.settings.getfloat("TOLLWATCH_RELEASE_INTERVAL", 2.0))
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self) -> None:
        self.loop.start(self.interval, now=False)

    def closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
