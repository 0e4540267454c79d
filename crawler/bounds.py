"""How far one source may take a run: the URLs its feeds, sitemaps and listing pages may lead to
(TOLLWATCH_URL_BUDGET) and how deeply its sitemap indexes may nest (TOLLWATCH_SITEMAP_DEPTH), each
overridable by the source's own `url_budget` and `sitemap_depth`. What reaching a bound left out is kept
as one note per source (a fetch_errors row, and a part of the run's message).
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from scrapy.settings import BaseSettings

from crawler.items import ErrorItem


class UrlBudget:
    """The links each source's documents may still have the run fetch; further links are counted, not followed."""

    def __init__(self, budgets: dict[str, int]):
        self.budgets = budgets
        self.spent: Counter[str] = Counter()
        self.left: Counter[str] = Counter()  # links not followed
        self.where: dict[str, str] = {}  # the document in which a source's budget ran out

    @classmethod
    def from_sources(cls, sources: list[dict[str, Any]], settings: BaseSettings) -> "UrlBudget":
        default = settings.getint("TOLLWATCH_URL_BUDGET")
        return cls({s["name"]: s.get("url_budget") or default for s in sources})

    def take(self, source: str, document: str) -> bool:
        """Whether a link of `source` found in `document` may be fetched; spends one URL of its budget if so."""
        if self.spent[source] < self.budgets[source]:
            self.spent[source] += 1
            return True
        self.left[source] += 1
        self.where.setdefault(source, document)
        return False

    def notes(self) -> dict[str, ErrorItem]:
        """Per source whose budget ran out: how many links it left."""
        return {source: ErrorItem(source, self.where[source], f"URL budget of {self.budgets[source]:,} per run "
                                                              f"reached: {left:,} links not followed in this run")
                for source, left in self.left.items()}


class SitemapDepth:
    """How many levels of sitemap index each source's links are followed through (the source's own sitemap
    is level 1); the links of deeper indexes are not followed."""

    def __init__(self, depths: dict[str, int]):
        self.depths = depths
        self.too_deep: Counter[str] = Counter()  # indexes whose links were not followed
        self.where: dict[str, str] = {}  # the first of them

    @classmethod
    def from_sources(cls, sources: list[dict[str, Any]], settings: BaseSettings) -> "SitemapDepth":
        default = settings.getint("TOLLWATCH_SITEMAP_DEPTH")
        return cls({s["name"]: s.get("sitemap_depth") or default for s in sources})

    def follows(self, source: str, level: int, index: str) -> bool:
        """Whether the links of `index`, a sitemap index at `level`, are followed; counts it if not."""
        if level <= self.depths[source]:
            return True
        self.too_deep[source] += 1
        self.where.setdefault(source, index)
        return False

    def notes(self) -> dict[str, ErrorItem]:
        """Per source with indexes nested too deeply: the first of them, and how many there were."""
        notes = {}
        for source, count in self.too_deep.items():
            depth = self.depths[source]
            reason = f"sitemap index nested deeper than {depth} level{'s' if depth > 1 else ''}: not followed"
            notes[source] = ErrorItem(source, self.where[source], reason + (f" ({count:,} such indexes)"
                                                                            if count > 1 else ""))
        return notes
