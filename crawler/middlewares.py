"""Downloader middlewares: conditional re-fetches of articles stored before."""
from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler

from storage.db import create_db_engine
from storage.recorder import load_validators


class ConditionalRequestMiddleware:
    """Sends If-None-Match / If-Modified-Since for article URLs stored before, and lets 304 through
    to the spider, so an unchanged page costs a header exchange and no extraction."""

    def __init__(self, database_url: str):
        self.engine = create_db_engine(database_url)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ConditionalRequestMiddleware":
        return cls(crawler.settings.get("TOLLWATCH_DATABASE_URL"))

    def process_request(self, request: Request) -> Any:
        if not request.meta.get("article") or "validators" in request.meta:
            return None
        validators = load_validators(self.engine, request.url)
        request.meta["validators"] = validators
        if validators is not None:
            request.meta["handle_httpstatus_list"] = [304]
            if validators.etag:
                request.headers[b"If-None-Match"] = validators.etag
            if validators.last_modified:
                request.headers[b"If-Modified-Since"] = validators.last_modified
        return None
