"""Giving freed memory back to the system, in worker processes and (as a Scrapy extension) in the
crawl process: glibc keeps freed heap otherwise, and pages of a few hundred KB each, parsed into lxml
trees, leave a long crawl's processes tens of MB larger than they need to be."""
from __future__ import annotations

import ctypes
from typing import TYPE_CHECKING, Any

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
    """Scrapy extension: releases freed memory of the crawl process every `TOLLWATCH_RELEASE_EVERY`
    stored items (100 by default: a millisecond each time)."""

    def __init__(self, every: int):
        self.every = every
        self.items = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ReleaseMemory":
        from scrapy import signals

        extension = cls(crawler.settings.getint("TOLLWATCH_RELEASE_EVERY", 100))
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        return extension

    def item_scraped(self, item: Any) -> None:
        self.items += 1
        if self.items % self.every == 0:
            release_memory()
