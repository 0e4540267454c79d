"""A one-line progress display on the terminal while a crawl runs (sources done; pages stored, extracting and
in flight)."""
from __future__ import annotations

import sys
from collections.abc import Mapping

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.statscollectors import StatsCollector
from twisted.internet import task

from crawler.stats import EXTRACTING, pages_recorded

INTERVAL = 0.5


class Progress:
    """Rewrites one stderr line with `progress_line` every INTERVAL seconds."""

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
        sys.stderr.write("\r\x1b[K" + progress_line(self.crawler.stats, len(self.spider.sources_done),
                                                     len(self.spider.sources), self.spider.pending))
        sys.stderr.flush()


def progress_line(stats: StatsCollector, sources_done: int, sources: int, pending: Mapping[str, int]) -> str:
    """The line: sources done; pages stored (whatever their outcome), waiting for or in extraction, and
    requested but not answered (`pending`, per source); new, changed and errors so far."""
    get = lambda key: stats.get_value(key, 0)  # noqa: E731
    in_flight = sum(max(n, 0) for n in pending.values())
    return (f"sources {sources_done}/{sources} · pages {pages_recorded(stats)} stored, {get(EXTRACTING)} "
            f"extracting, {in_flight} in flight · new {get('tollwatch/new')} · changed {get('tollwatch/changed')} "
            f"· errors {get('tollwatch/errors')}")
