"""Extract one page: consent removal, trafilatura text and metadata, language, what the page is (an article,
part of one, a wall or no article: `outcome.py`) and casualty figures.

Plain functions over an lxml tree so the crawler, the `extract` command and the tests share one path.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

import lxml.html
import trafilatura
from courlan import normalize_url

from crawler.encoding import DecodedPage, decode_body
from crawler.extraction.consent import Removed, remove_consent_markup
from crawler.extraction.consent_text import drop_consent_paragraphs
from crawler.extraction.discard import python_discard_nodes
from crawler.extraction.figures import Figure, Total, count_totals, find_figures
from crawler.extraction.language import detect_language
from crawler.extraction.live import live_entries, read_live
from crawler.extraction.metadata import live_blog, page_metadata
from crawler.extraction.outcome import (ARTICLE, NO_TEXT, NOT_ARTICLE, PARTIAL, Verdict, classify, drop_prompts,
                                        read_paywall, remove_paywalled_parts)
from crawler.extraction.parse import parse_html
from crawler.extraction.readability_gate import readability_gate


@dataclass(frozen=True)
class ExtractionSettings:
    """trafilatura options tollwatch extracts with; comments are left out: they are not reporting."""

    include_comments: bool = False
    include_tables: bool = True
    favor_precision: bool = False


DEFAULT_SETTINGS = ExtractionSettings()


@dataclass
class Extraction:
    """Everything tollwatch knows about one page after extraction."""

    url: str | None
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601: a UTC time when the page gave one, else a date
    modified: str | None = None  # ISO 8601 UTC: when the page says it last changed (its metadata's dateModified)
    author: str | None = None
    sitename: str | None = None
    language: str | None = None
    removed: list[Removed] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    totals: dict[str, Total] = field(default_factory=dict)
    outcome: str = ARTICLE  # or PARTIAL: the free part of a paywalled article, its prompt removed
    live: bool = False  # the page says it is a live blog (JSON-LD LiveBlogPosting): re-visited as it develops

    def to_dict(self) -> dict[str, Any]:
        """The JSON form printed by `tollwatch extract --format json`."""
        return {"url": self.url, "title": self.title, "published": self.published, "modified": self.modified,
                "author": self.author,
                "sitename": self.sitename, "language": self.language, "outcome": self.outcome, "text": self.text,
                "removed": [r.to_dict() for r in self.removed],
                "figures": [f.to_dict() for f in self.figures],
                "totals": {category: t.to_dict() for category, t in self.totals.items()}}


class Examined(NamedTuple):
    """What a page is, and its extraction when it is an article (whole or partial)."""

    verdict: Verdict
    extraction: Extraction | None


def extract_page(html: str | bytes | DecodedPage, url: str | None = None,
                 settings: ExtractionSettings = DEFAULT_SETTINGS) -> Extraction | None:
    """Extract a page's main text and metadata; None when the page has no article (no main text, or a wall
    or challenge instead of it: `examine_page` tells which)."""
    return examine_page(html, url, settings).extraction


def examine_page(html: str | bytes | DecodedPage, url: str | None = None,
                 settings: ExtractionSettings = DEFAULT_SETTINGS) -> Examined:
    """Extract a page and tell what it is. Bytes are decoded as the crawler decodes a page served without a
    charset; a page the crawler decoded (`DecodedPage`) keeps its UTF-8 body, which is parsed without
    encoding the text again."""
    if isinstance(html, bytes):
        html = decode_body(html, None)
    page = DecodedPage(html) if isinstance(html, str) else html
    tree = parse_html(page.text, page.body_utf8)
    if tree is None:
        return Examined(Verdict(NOT_ARTICLE, NO_TEXT), None)
    canonical = canonical_url(tree, url)
    lang_attr = tree.get("lang") or tree.get("xml:lang")
    meta = page_metadata(tree, url)
    live = "LiveBlogPosting" in page.text and live_blog(tree)  # the substring first: most pages are not walked
    paywall = read_paywall(tree, page)
    removed = remove_consent_markup(tree) + remove_paywalled_parts(tree, paywall)
    entries = live_entries(tree)
    # faster equivalents of parts of trafilatura, while it extracts (docs/architecture.md, "Extraction")
    with readability_gate(), python_discard_nodes():
        doc = trafilatura.bare_extraction(
            tree, url=url, include_comments=settings.include_comments,
            include_tables=settings.include_tables, favor_precision=settings.favor_precision)
    extracted = (doc.text or "") if doc is not None else ""
    language = detect_language(extracted, lang_attr) if extracted.strip() else None
    text, prompts = drop_prompts(extracted)  # first: a paywall's prompt is no newsletter prompt
    text, dropped = drop_consent_paragraphs(text, language)
    removed += prompts + dropped
    verdict = classify(page, text, removed, paywall)
    if not verdict.stored:
        return Examined(verdict, None)
    if entries:  # a live page: its text is its entries, each read on its own (live.py)
        text, found, totals = read_live(entries, language)
    else:
        found = find_figures(text, language)
        totals = count_totals(found)
    return Examined(verdict, Extraction(
        url=canonical, text=text, title=meta.title, published=meta.published, modified=meta.modified,
        author=meta.author,
        sitename=meta.sitename or _site(url or "") or None, language=language, removed=removed, figures=found,
        totals=totals, outcome=verdict.outcome, live=live or bool(entries)))


def extract_text(text: str, url: str | None = None) -> Extraction:
    """Run the text-only part (consent paragraphs, a paywall prompt and figures) on plain text."""
    language = detect_language(text, None)
    kept, prompts = drop_prompts(text)
    kept, dropped = drop_consent_paragraphs(kept, language)
    found = find_figures(kept, language)
    return Extraction(url=url, text=kept, language=language, removed=prompts + dropped, figures=found,
                      totals=count_totals(found), outcome=PARTIAL if prompts else ARTICLE)


def canonical_url(tree: lxml.html.HtmlElement, url: str | None) -> str | None:
    """The page's canonical URL without tracking parameters: `<link rel=canonical>` on the same site,
    else the fetched URL, so one article reached through two feeds is stored once."""
    if url is None:
        return None
    chosen = url
    for href in tree.xpath("//head/link[@rel='canonical']/@href")[:1]:
        candidate = urljoin(url, href.strip())
        if _site(candidate) == _site(url) and urlsplit(candidate).scheme in ("http", "https"):
            chosen = candidate
    try:
        return normalize_url(chosen, strict=True)
    except ValueError:
        return url


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host
