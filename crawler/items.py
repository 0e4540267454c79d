"""Items the spider hands to the pipelines (a fetched page, or a URL that failed), and what an extraction
worker sends back for a page: plain data, so the crawl process never imports the extractor to read it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from storage.records import ErrorRecord


@dataclass
class PageItem:
    """A fetched article page; `extraction` is filled in by the extraction pipeline."""

    source: str
    url: str  # the URL the page was fetched from (after redirects)
    body: bytes = field(repr=False)  # the raw page; decoded and extracted in a worker process
    content_type: str | None = None
    status: int = 200
    announced: datetime | None = None  # publication time given by the feed or sitemap
    etag: str | None = None
    last_modified: str | None = None
    known_hash: str | None = None  # body hash of the URL's last fetch, if any
    body_hash: str | None = None  # filled in by the extraction pipeline
    article: dict[str, Any] | None = field(default=None, repr=False)  # filled in by the extraction pipeline
    html_gz: bytes | None = field(default=None, repr=False)


@dataclass
class UnchangedItem:
    """A re-fetched article whose page did not change (HTTP 304, or the same body as last time)."""

    source: str
    url: str
    status: int


# A URL that could not be fetched or used, with a reason a person can read: stored as it is.
ErrorItem = ErrorRecord


@dataclass
class Packed:
    """What an extraction worker returns for a page."""

    body_hash: str  # SHA-256 of the raw body, to recognise the same page next time
    unchanged: bool = False  # the body is the one stored last time: not extracted again
    article: dict[str, Any] | None = None  # `article_fields` of the extraction; None: no article
    html_gz: bytes = b""  # compressed UTF-8 HTML (storage.compression), so `reprocess` needs no re-fetch
    outcome: str = "article"  # else a wall, or not_article (crawler.extraction.outcome)
    reason: str = ""  # why it is no article, for fetch_errors
