"""The crawl's stats: Scrapy's core and log stats without a receiver on the per-item signals."""
from __future__ import annotations

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.extensions.corestats import CoreStats
from scrapy.extensions.logstats import LogStats
from scrapy.statscollectors import StatsCollector

# What StoragePipeline counts, one key per outcome of a page: together, the pages the crawl recorded.
OUTCOMES = ("tollwatch/new", "tollwatch/changed", "tollwatch/unchanged", "tollwatch/errors")
EXTRACTING = "tollwatch/extracting"  # pages fetched and waiting for, or in, extraction (ExtractionPipeline)


def pages_recorded(stats: StatsCollector) -> int:
    """Pages the crawl has recorded so far, whatever their outcome."""
    return sum(stats.get_value(key, 0) for key in OUTCOMES)


class PageStats(CoreStats):
    """Scrapy's core stats (start, finish and its reason, responses) without counting items on the
    `item_scraped` signal: Scrapy runs every receiver of that signal as an asyncio task of its own, for
    every page (with ReleaseMemory's, 8% of a re-crawl's CPU). StoragePipeline counts pages by outcome."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "PageStats":
        extension = cls(crawler.stats)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        return extension


class PageLogStats(LogStats):
    """Scrapy's periodic "Crawled N pages (...), scraped M items (...)" line (shown with --verbose), with
    the pages recorded as its items (PageStats leaves Scrapy's item count out)."""

    def calculate_stats(self) -> None:
        self.stats.set_value("item_scraped_count", pages_recorded(self.stats))
        super().calculate_stats()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.stats.set_value("item_scraped_count", pages_recorded(self.stats))
        super().spider_closed(spider, reason)
