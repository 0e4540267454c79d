"""One crawl job in the crawl child process (`python -m crawler`, started by crawler/entry.py).

A crawl runs in its own process because the Twisted reactor cannot be restarted in one process, and
so that the daemon can time-limit, memory-limit and kill a crawl without harming itself.
"""
from __future__ import annotations

import logging
import sys
from typing import Any

# Imported first, while few modules are loaded: Scrapy's TLS modules build deprecated-class shims at import,
# each calling inspect.stack(), whose cost grows with the number of modules loaded (CPython issue #92041).
# Imported after SQLAlchemy and the rest of Scrapy (as the download handler would), they take 50 ms more.
# The crawl process imports them even earlier, first of all (crawler/entry.py).
import scrapy.core.downloader.contextfactory  # noqa: F401,I001
from scrapy.crawler import CrawlerProcess

from crawler.entry import EXIT_DATABASE, EXIT_INTERRUPTED, EXIT_NOTHING_RAN, EXIT_OK
from crawler.settings import scrapy_settings
from crawler.spiders.news import NewsSpider, run_outcome

from storage.link import DatabaseUnavailable, StorageLink

# Scrapy loggers that report, with tracebacks, each failed download that fetch_errors records anyway.
QUIET_LOGGERS = ("scrapy.downloadermiddlewares.retry", "scrapy.downloadermiddlewares.robotstxt",
                 "scrapy.downloadermiddlewares.redirect", "scrapy.downloadermiddlewares.httpcompression",
                 "scrapy.core.downloader.handlers.http11")


def without_referer_warning(record: logging.LogRecord) -> bool:
    """Drop the warning Scrapy's redirect middlewares log at start-up when RefererMiddleware is off:
    tollwatch sends no Referer header on purpose, and a --verbose log should not warn about it."""
    return "found no scrapy.spidermiddlewares.referer.RefererMiddleware" not in record.getMessage()


def crawl(job: dict[str, Any], link: StorageLink) -> int:
    """Run the job's crawl to the end, storing through `link`, close its `crawl_runs` row, and return the
    exit code."""
    settings = scrapy_settings(job)
    process = CrawlerProcess(settings)
    # Scrapy's root handler drops records below LOG_LEVEL, but Scrapy keeps the root logger open to all
    # (and reopens it when the crawler starts), so each response and item would still build a DEBUG
    # record, with a walk up the stack, to be dropped. Scrapy's own loggers get the level instead.
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    logging.getLogger("scrapy.downloadermiddlewares.redirect").addFilter(without_referer_warning)
    if settings.get("LOG_LEVEL") != "INFO":  # unless --verbose: these are recorded in fetch_errors already
        for name in QUIET_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, sources=job["sources"], link=link)
    process.start()
    reason = crawler.stats.get_value("finish_reason") or "crawl did not start"
    database_error = crawler.stats.get_value("tollwatch/database_error")  # also when it came while closing
    status, message = run_outcome(crawler.spider, reason, database_error)
    try:
        link.call("finish", status, message)  # after everything sent before it is stored
    except DatabaseUnavailable as exc:  # the database is gone: the parent records the failure when it can
        print(f"tollwatch: cannot close crawl run {job['run_id']}: {exc}", file=sys.stderr)
        return EXIT_DATABASE
    finally:
        link.close()
    return {"ok": EXIT_OK, "interrupted": EXIT_INTERRUPTED}.get(status, EXIT_NOTHING_RAN)
