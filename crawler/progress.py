"""A one-line progress display on the terminal while a crawl runs (sources and pages done)."""
from __future__ import annotations

import sys

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.stats import pages_recorded

INTERVAL = 0.5


class Progress:
    """Rewrites one stderr line with sources done, pages done and queued, new, changed and errors."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.loop = task.LoopingCall(self.show)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "Progress":
        if not crawler.settings.getbool("TOLLWATCH_PROGRESS"):
            raise NotConfigured
        extension = cls(crawler)
        crawler.signals.connect(extension.opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.closed, signal=signals.spider_closed)
        return extension

    def opened(self, spider) -> None:  # type: ignore[no-untyped-def]
        self.spider = spider
        self.loop.start(INTERVAL)

    def closed(self, spider, reason) -> None:  # type: ignore[no-untyped-def]
        if self.loop.running:
            self.loop.stop()
        self.show()
        sys.stderr.write("\n")
        sys.stderr.flush()

    def show(self) -> None:
        stats = self.crawler.stats
        get = lambda key: stats.get_value(key, 0)  # noqa: E731
        done = pages_recorded(stats)
        queued = sum(max(n, 0) for n in self.spider.pending.values())
        line = (f"sources {len(self.spider.sources_done)}/{len(self.spider.sources)} · pages {done} done, "
                f"{queued} in flight · new {get('tollwatch/new')} · changed {get('tollwatch/changed')} · "
                f"errors {get('tollwatch/errors')}")
        sys.stderr.write("\r\x1b[K" + line)
        sys.stderr.flush()
