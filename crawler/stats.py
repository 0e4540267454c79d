"""The crawl's stats collector: Scrapy's in-memory one, with plain attribute access."""
from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector


class PlainStatsCollector(MemoryStatsCollector):
    """Scrapy 2.19's collector routes every attribute access through a Python `__getattribute__` that
    wraps its methods to warn about a deprecated `spider` argument (and raises and catches an
    AttributeError for every other attribute): the stats are updated several times per request."""

    __getattribute__ = object.__getattribute__
