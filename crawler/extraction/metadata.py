"""Page metadata (title, date, author, site name) at a fraction of trafilatura's full metadata cost.

trafilatura's `extract_metadata` also searches the DOM for authors, categories, tags and licences and
runs htmldate's extensive date search: a third of its extraction time on real news pages. tollwatch
keeps its cheap, reliable sources (meta tags, JSON-LD, the title) and htmldate's fast search; feeds
usually give the publication time anyway.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

import lxml.html
from htmldate import find_date
from trafilatura.metadata import examine_meta, extract_meta_json, extract_sitename, extract_title

LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Metadata:
    """What a page says about itself."""

    title: str | None
    published: str | None  # ISO 8601 date
    author: str | None
    sitename: str | None


def page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> Metadata:
    """Title, publication date, author and site name of a parsed page (the tree is not modified)."""
    found = examine_meta(tree)
    try:
        found = extract_meta_json(tree, found)
    except Exception as exc:  # malformed JSON-LD is common; the meta tags still count
        LOGGER.debug("JSON-LD metadata unusable: %s", exc)
    title = found.title or extract_title(tree)
    author = found.author if found.author and " " in found.author else None
    published = find_date(tree, url=url, extensive_search=False, original_date=True)
    sitename = (found.sitename or extract_sitename(tree) or "").lstrip("@") or None
    return Metadata(title=title, published=published, author=author, sitename=sitename)
