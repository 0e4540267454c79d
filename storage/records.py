"""What a crawl hands to storage, as plain dataclasses: the crawl process builds and sends them to the
process that stores its crawl (storage.link) without loading SQLAlchemy."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# What each fetched URL turned out to be (crawler.extraction.outcome decides, "error" aside), with its name in
# the singular and plural for summaries: stored as a version (article, partial), served instead of the
# article (the walls), no article at all, or not fetched or not usable (error).
OUTCOME_NAMES = {
    "article": ("article", "articles"), "partial": ("partial article", "partial articles"),
    "consent_wall": ("consent wall", "consent walls"), "bot_challenge": ("bot challenge", "bot challenges"),
    "login_wall": ("login wall", "login walls"), "not_article": ("page without an article", "pages without an article"),
    "error": ("error", "errors"),
}
WALLS = ("consent_wall", "bot_challenge", "login_wall")  # served instead of the article asked for


@dataclass
class PageRecord:
    """One extracted article page, in the plain form storage accepts."""

    url: str  # canonical URL
    source: str
    text: str
    title: str | None = None
    published_at: datetime | None = None  # naive UTC
    published_precision: str | None = None  # "time", or "date" when only the day is known (published_at at 00:00)
    author: str | None = None
    language: str | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)  # Figure.to_dict() records
    totals: list[dict[str, Any]] = field(default_factory=list)  # Total.to_dict() records, figures by index
    html_gz: bytes | None = None
    extractor: str | None = None
    fetched_url: str | None = None  # the URL requested, when it differs from the canonical one
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    status: int | None = 200
    partial: bool = False  # the free part of a paywalled article (its prompt removed)
    modified_at: datetime | None = None  # naive UTC: when the page says it last changed (dateModified)
    last_modified_at: datetime | None = None  # naive UTC: the response's Last-Modified header
    live: bool = False  # the page says it is a live blog (JSON-LD LiveBlogPosting): it may change again soon


@dataclass(frozen=True)
class UnchangedRecord:
    """A re-fetch that needs no extraction (HTTP 304, or the same body as last time)."""

    url: str  # the URL requested
    status: int
    source: str | None = None


@dataclass(frozen=True)
class ErrorRecord:
    """A URL that could not be fetched or used, with a reason a person can read and its outcome: "error", or
    what the page served instead of an article was ("consent_wall", "bot_challenge", "login_wall",
    "not_article": see crawler.extraction.outcome)."""

    source: str | None
    url: str
    reason: str
    status: int | None = None
    # validators of a page fetched whole but without article text, kept for a conditional re-fetch
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    outcome: str = "error"


Record = PageRecord | UnchangedRecord | ErrorRecord


@dataclass(frozen=True)
class Validators:
    """What the last fetch of a URL left behind, for a conditional re-fetch."""

    etag: str | None
    last_modified: str | None
    body_hash: str | None
