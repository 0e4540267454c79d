"""Scrapy settings of `scrapy crawl news` (named by scrapy.cfg): the crawler's own, with the spider that opens
its run from the config (`scheduler.scrapy_run`)."""
from crawler.settings import *  # noqa: F403

SPIDER_MODULES = ["scheduler.scrapy_run"]
NEWSPIDER_MODULE = "scheduler.scrapy_run"
