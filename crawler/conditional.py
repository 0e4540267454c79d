"""Conditional re-fetches: the article requests of an entry document (feed, sitemap, listing) carry the
validators of their URL's last fetch (If-None-Match / If-Modified-Since), looked up in bulk, so an
unchanged page costs a header exchange and no extraction.

The spider's entry-document callbacks call it. As a spider middleware it would also wrap the output of
every article page, which holds no links: a twentieth of a re-crawl's CPU spent on nothing.
"""
from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.worker import pages_to_extract
from storage.link import Store
from storage.records import Validators


class ConditionalRequests:
    """Looks up, for a page's worth of article links at once, what their last fetch left behind."""

    def __init__(self, link: Store, crawler: Crawler):
        self.link = link
        self.crawler = crawler

    def prepare(self, output: list[Any]) -> list[Any]:
        """Make the article requests in `output` conditional; announce `pages_to_extract` when one of
        them was never fetched. Returns `output`."""
        articles = [o for o in output if isinstance(o, Request) and o.meta.get("article")
                    and "validators" not in o.meta]
        if articles:
            urls = list({request.url for request in articles})
            stored: dict[str, Validators] = self.link.call("validators", urls)
            for request in articles:
                conditional(request, stored.get(request.url))
            if any(request.url not in stored for request in articles):
                self.crawler.signals.send_catch_log(pages_to_extract)  # new articles: extraction ahead
        return output


def conditional(request: Request, validators: Validators | None) -> None:
    """Make `request` conditional on the validators of its URL's last fetch (None: never stored); a 304
    answer then reaches the spider."""
    request.meta["validators"] = validators
    if validators is not None:
        request.meta["handle_httpstatus_list"] = [304]
        if validators.etag:
            request.headers[b"If-None-Match"] = validators.etag
        if validators.last_modified:
            request.headers[b"If-Modified-Since"] = validators.last_modified
