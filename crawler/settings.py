"""Scrapy settings of tollwatch crawls: polite by default, tuned per crawl by `build_settings`, put
together by `scrapy_settings`."""
from __future__ import annotations

import sys
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.settings import Settings

try:
    VERSION = version("tollwatch")
except PackageNotFoundError:  # running from a source tree that was never installed
    VERSION = "0"

BOT_NAME = "tollwatch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
USER_AGENT = f"tollwatch/{VERSION} (+https://github.com/tollwatch/tollwatch)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
# Bounds on one source in one run (crawler/bounds.py; a source's own url_budget and sitemap_depth win): the
# URLs its feeds, sitemaps and listing pages may lead to, and the levels of sitemap index followed.
TOLLWATCH_URL_BUDGET = 5000
TOLLWATCH_SITEMAP_DEPTH = 3
# Re-visits of a source's due articles per run: at most this share of the article requests its entry documents
# led to, and never fewer than crawler.revisits.REVISIT_FLOOR (the due URLs come in the job)
TOLLWATCH_REVISIT_SHARE = 0.5
RETRY_TIMES = 2
# Scrapy starts this many asyncio tasks, and a queue, for every response's output (default 100). An
# article yields one item and a feed yields requests, which are scheduled at once: more than one task is
# reactor CPU spent on nothing (8 instead of 1 cost a re-crawl 5% of its time).
CONCURRENT_ITEMS = 1
# Only http and https: a feed that links to file:, data:, ftp: or s3: URLs cannot make the crawler read them.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}
LOG_LEVEL = "ERROR"
DOWNLOADER = "crawler.downloader.SlotLimitedDownloader"  # keeps CONCURRENT_REQUESTS_PER_DOMAIN
# Scrapy's development-time check that a generator callback returns no value reads and parses the
# callback's source (0.7 ms) whenever its cache misses, and the cache is keyed weakly on bound methods
# that die with their requests: 3% of the crawl process's CPU in a first crawl of the bench site.
WARN_ON_GENERATOR_RETURN_VALUE = False
ITEM_PIPELINES = {
    "crawler.pipelines.ExtractionPipeline": 300,
    "crawler.pipelines.StoragePipeline": 800,
}
# Scrapy components tollwatch has no use for are switched off (None): the telnet console and the
# remote-control HTTP server (each runs Python code sent to it: an attack surface on a daemon), cookies,
# the HTTP cache, feed exports, job state, memory debugging, Referer headers, depth statistics, the
# downloader's request and byte counts (it writes every request out as raw HTTP to measure it; crawl_runs
# counts a crawl's pages) and the development-time meta-copy check. Scrapy imports every component named
# here, even one switched off, to normalise the names, so for a crawl `scrapy_settings` drops them from
# these lists and from Scrapy's base lists: a crawl does not even import them (the remote-control module
# alone pulls in aiohttp), 0.2 s less start-up. `scrapy` commands, reading this module alone, still find
# them switched off.
DOWNLOADER_MIDDLEWARES = {
    "crawler.middlewares.PrivateAddressMiddleware": 50,  # before robots.txt is fetched for the host
    "crawler.middlewares.RetryAfterMiddleware": 565,  # sees 429/503 before RetryMiddleware (550) does
    "crawler.middlewares.RedirectLoopMiddleware": 610,  # sees redirects before RedirectMiddleware (600)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.MetaRefreshMiddleware": 580,  # Scrapy's own place
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    # filters by the spider's allowed_domains, which NewsSpider leaves empty (a feed may link to another
    # host): it let every request through, twice each (when scheduled and when downloaded)
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
}
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    # the spider refuses over-long links itself, as fetch errors (URLLENGTH_LIMIT), where this middleware
    # dropped them without a trace, and wrapped the output of every page to do it
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "scrapy.spidermiddlewares.start.StartSpiderMiddleware": None,
    "crawler.middlewares.StartRequestsMiddleware": 25,  # Scrapy's own place
}
EXTENSIONS = {
    "scrapy.extensions.telnet.TelnetConsole": None,
    "scrapy.extensions.remote_control.RemoteControl": None,
    "scrapy.extensions.feedexport.FeedExporter": None,
    "scrapy.extensions.spiderstate.SpiderState": None,
    "scrapy.extensions.memdebug.MemoryDebugger": None,
    # without receivers on item_scraped (an asyncio task per receiver and page): see crawler/stats.py
    "scrapy.extensions.corestats.CoreStats": None,
    "crawler.stats.PageStats": 0,  # Scrapy's own place
    "scrapy.extensions.logstats.LogStats": None,
    "crawler.stats.PageLogStats": 0,
    "crawler.progress.Progress": 500,
    "crawler.memory.ReleaseMemory": 510,
}
COMPONENT_SETTINGS = ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES")


def scrapy_settings(job: dict[str, Any] | None = None) -> Settings:
    """The Scrapy settings of a crawl: this module's, without the components it switches off, not even in
    Scrapy's base lists, and the job's (`build_settings`). Imports Scrapy: for the crawl process."""
    from scrapy.settings import Settings, default_settings

    settings = Settings()
    settings.setmodule(sys.modules[__name__], priority="project")
    for name in COMPONENT_SETTINGS:
        ours = globals()[name]
        base = getattr(default_settings, f"{name}_BASE", None)
        if not isinstance(base, dict):  # a Scrapy without base lists: switched off by None, as set above
            continue
        off = {path for path, order in ours.items() if order is None}
        settings.set(f"{name}_BASE", {path: order for path, order in base.items() if path not in off},
                     priority="project")
        settings.set(name, {path: order for path, order in ours.items() if order is not None}, priority="project")
    if job is not None:
        settings.setdict(build_settings(job), priority="cmdline")
    return settings


def build_settings(job: dict[str, Any]) -> dict[str, Any]:
    """Settings for one crawl job (the plain dict the scheduler hands to the crawl process)."""
    crawl = job["crawl"]
    level = job.get("log_level", LOG_LEVEL)
    # Scrapy gathers the versions it logs at INFO (package metadata, a `uname -p` run) even when INFO is
    # not shown: 20 ms of the crawl process's start-up
    quiet = {"LOG_VERSIONS": []} if level not in ("INFO", "DEBUG") else {}
    return {
        "USER_AGENT": f"tollwatch/{VERSION} (+{crawl['contact']})",
        "ROBOTSTXT_OBEY": crawl["obey_robots"],
        "AUTOTHROTTLE_ENABLED": crawl["autothrottle"],
        "CONCURRENT_REQUESTS": crawl["concurrency"],
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl["per_domain"],
        "DOWNLOAD_DELAY": crawl["delay"],
        "DOWNLOAD_TIMEOUT": crawl["timeout"],
        "DOWNLOAD_MAXSIZE": crawl["max_size"],
        "TOLLWATCH_URL_BUDGET": crawl["url_budget"],
        "TOLLWATCH_SITEMAP_DEPTH": crawl["sitemap_depth"],
        "TOLLWATCH_REVISIT_SHARE": crawl["revisit_share"],
        "TOLLWATCH_WORKERS": crawl["workers"],
        "TOLLWATCH_SHARED_EXTRACTION": job.get("shared_extraction", False),
        "TOLLWATCH_EXTRACT_LIMIT": crawl.get("extract_limit"),
        "TOLLWATCH_PROGRESS": job.get("progress", False),
        "LOG_LEVEL": level,
        **quiet,
    }
