"""Live pages: their entries, each with its own time, and their figures read entry by entry.

A live page (JSON-LD `LiveBlogPosting`) is one article whose whole text changes with every update, so its
figures belong to its entries, not to the page. The entries are the `liveBlogUpdate` items of its JSON-LD
where it has them, else its dated blocks: sibling elements of its main content that each carry a
`<time datetime>`, on a page that says it is live (a `LiveBlogPosting`, or "live" in a class or id of the
blocks or around them). Each entry is read as a text of its own (its headline is its lead), and each
category's total is that of the newest entry reporting a toll in it: the page's news. Everything here is
bounded, for pages that list thousands of entries or hold megabytes in one.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import islice
from typing import Any, NamedTuple

import lxml.html
from lxml import etree

from crawler.extraction.figures import CATEGORIES, Figure, Total, count_totals, find_figures
from crawler.extraction.metadata import json_ld_entities
from crawler.extraction.published import parse_published, published_text

LIVE_TYPE = "LiveBlogPosting"
MAX_ENTRIES = 300  # entries read from one page (the first ones: live pages list the newest first)
MAX_ENTRY_CHARS = 20_000  # of one entry's text
MAX_TEXT_CHARS = 500_000  # of all entries' text together; entries beyond it are left out
MAX_TITLE_CHARS = 300
MAX_PARAGRAPHS = 500  # of one dated block
MAX_TIMES = 2_000  # time elements looked at for dated blocks
MAX_DEPTH = 12  # ancestors of a time element that may be its entry's block
MAX_CONTAINERS = 5  # containers of dated blocks tried, the largest first
MIN_ENTRY_WORDS = 4  # a block with fewer words besides its time is a byline or a date, not an entry
BLOCK_TAGS = frozenset({"article", "div", "li", "section"})
PARAGRAPH_TAGS = ("p", "li", "blockquote")
HEADLINE_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
OUTSIDE_TAGS = frozenset({"nav", "aside"})  # never an entry's (related stories, menus)
LIVE_MARKER = re.compile(r"(?<![a-z])live(?:blog|feed|updates?|posts?|entry|entries|coverage|ticker)?(?![a-z])",
                         re.IGNORECASE)
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Entry:
    """One update of a live page: its time (aware UTC; None when it states none usable), headline and text."""

    at: datetime | None
    title: str | None
    text: str


class LiveReading(NamedTuple):
    """A live page's text (its entries, as the page orders them), figures and totals."""

    text: str
    figures: list[Figure]
    totals: dict[str, Total]


def live_entries(tree: lxml.html.HtmlElement) -> list[Entry]:
    """The entries of a live page, in page order (its JSON-LD `liveBlogUpdate`, else its dated blocks); none for
    any other page. One walk of the page finds the JSON-LD scripts and time elements."""
    scripts, times = [], []
    for element in tree.iter("script", "time"):
        if element.tag == "script":
            if LIVE_TYPE in (element.text or "") and "ld+json" in (element.get("type") or "").lower():
                scripts.append(element.text or "")
        elif element.get("datetime") and len(times) < MAX_TIMES:
            times.append(element)
    declared, updates = _json_ld_updates(scripts)
    entries = _bounded(_update_entry(update) for update in updates)
    return entries or _dated_blocks(times, declared)


def read_live(entries: list[Entry], language: str | None) -> LiveReading:
    """Read each entry's figures as a text of its own (headline, then text), each figure with its entry's time
    and headline; per category the total of the newest entry whose figures give a toll, else of the newest
    entry with a total. Entries without a time are older than those with one; of those, the first is newest."""
    parts: list[str] = []
    figures: list[Figure] = []
    readings: list[_EntryReading] = []
    offset = 0
    for order, entry in enumerate(entries):
        text = "\n".join(part for part in (entry.title, entry.text) if part)
        found = find_figures(text, language)
        readings.append(_EntryReading(order, entry, len(figures), found, count_totals(found)))
        figures += [replace(f, start=f.start + offset, end=f.end + offset, entry_at=published_text(entry.at),
                            entry_title=entry.title) for f in found]
        parts.append(text)
        offset += len(text) + 1
    newest_first = sorted(readings, key=_EntryReading.rank, reverse=True)
    totals: dict[str, Total] = {}
    for category in CATEGORIES:
        having = [r for r in newest_first if category in r.totals]
        if having:
            chosen = next((r for r in having if _is_toll(r.totals[category], r.figures)), having[0])
            total = chosen.totals[category]
            totals[category] = replace(total, figures=tuple(k + chosen.first for k in total.figures))
    return LiveReading("\n".join(parts), figures, totals)


@dataclass(frozen=True)
class _EntryReading:
    """One entry's figures and totals, read on their own."""

    order: int  # the entry's place on the page
    entry: Entry
    first: int  # the index of its first figure among the page's
    figures: list[Figure]
    totals: dict[str, Total]

    def rank(self) -> tuple[bool, float, int]:
        """Newer ranks higher: a time before none, then the later time, then the earlier place on the page."""
        return self.entry.at is not None, self.entry.at.timestamp() if self.entry.at else 0.0, -self.order


def _is_toll(total: Total, figures: list[Figure]) -> bool:
    """Whether an entry's total is a running toll (a cumulative count), not an incident's count alone."""
    return total.value is not None and any(figures[k].cumulative and figures[k].role in ("total", "group")
                                           for k in total.figures)


def _json_ld_updates(scripts: list[str]) -> tuple[bool, list[dict[str, Any]]]:
    """Whether a JSON-LD script declares a `LiveBlogPosting`, and its `liveBlogUpdate` items (at most
    MAX_ENTRIES); broken JSON is skipped."""
    declared, updates = False, []
    for script in scripts:
        try:
            data = json.loads(script, strict=False)
        except (ValueError, RecursionError):
            continue
        for entity in json_ld_entities(data):
            types = entity.get("@type")
            if LIVE_TYPE not in ([types] if isinstance(types, str) else types if isinstance(types, list) else []):
                continue
            declared = True
            items = entity.get("liveBlogUpdate")
            items = items if isinstance(items, list) else [items]
            updates += [item for item in islice(items, MAX_ENTRIES - len(updates)) if isinstance(item, dict)]
    return declared, updates


def _update_entry(update: dict[str, Any]) -> Entry | None:
    """An entry from a `liveBlogUpdate` item: `datePublished` (else `dateModified`), `headline`,
    `articleBody` (else `text`; markup in it reduced to its text)."""
    stamp = next((v for v in (update.get("datePublished"), update.get("dateModified")) if isinstance(v, str)), None)
    body = next((v for v in (update.get("articleBody"), update.get("text")) if isinstance(v, str)), "")
    headline = update.get("headline")
    return _entry(stamp, headline if isinstance(headline, str) else None, _markup_text(body[:MAX_ENTRY_CHARS]))


def _dated_blocks(times: list[lxml.html.HtmlElement], declared: bool) -> list[Entry]:
    """The entries of the container with the most children that carry a time element (at least two, each
    with words besides its time; of equal ones the outermost), when the page says it is live."""
    children: dict[lxml.html.HtmlElement, dict[lxml.html.HtmlElement, lxml.html.HtmlElement]] = {}
    for time_element in times:
        for parent, child in _ancestry(time_element):
            children.setdefault(parent, {}).setdefault(child, time_element)
    candidates = sorted(((parent, [(c, t) for c, t in dated.items() if c.tag in BLOCK_TAGS])
                         for parent, dated in children.items()), key=lambda c: (len(c[1]), -_depth(c[0])), reverse=True)
    for parent, blocks in islice((c for c in candidates if len(c[1]) >= 2), MAX_CONTAINERS):
        if declared or _marked_live(parent, [child for child, _ in blocks]):
            entries = _bounded(_block_entry(child, moment) for child, moment in blocks)
            if len(entries) >= 2:
                return entries
    return []


def _ancestry(element: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, lxml.html.HtmlElement]]:
    """(parent, child) pairs up from an element, at most MAX_DEPTH of them; none for one inside a nav or aside."""
    chain, node = [], element
    for _ in range(MAX_DEPTH):
        parent = node.getparent()
        if parent is None:
            break
        if parent.tag in OUTSIDE_TAGS:
            return []
        chain.append((parent, node))
        node = parent
    return chain


def _depth(element: lxml.html.HtmlElement) -> int:
    """How many ancestors an element has."""
    return sum(1 for _ in element.iterancestors())


def _marked_live(container: lxml.html.HtmlElement, blocks: list[lxml.html.HtmlElement]) -> bool:
    """Whether "live" names the container, one of its ancestors inside the body or its first block, in a class or
    id (a site may mark its whole body "live", as a build or a state, on every page)."""
    for element in (container, *container.iterancestors(), blocks[0]):
        if element.tag in ("body", "html"):
            continue
        if LIVE_MARKER.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            return True
    return False


def _block_entry(block: lxml.html.HtmlElement, time_element: lxml.html.HtmlElement) -> Entry | None:
    """An entry from a dated block: its first headline, and its paragraphs (else all its text) without them."""
    headline = next(block.iter(*HEADLINE_TAGS), None)
    title = _plain(headline.text_content()) if headline is not None else None
    paragraphs = [_plain(element.text_content()) for element in islice(block.iter(*PARAGRAPH_TAGS), MAX_PARAGRAPHS)
                  if element is not block and not any(a.tag in PARAGRAPH_TAGS for a in _up_to(element, block))]
    if not any(paragraphs):
        skip = {time_element, headline}
        paragraphs = [_plain(" ".join(_texts(block, skip)))]
    text = "\n".join(p for p in paragraphs if p)
    if len(text.split()) < MIN_ENTRY_WORDS:
        return None
    return _entry(time_element.get("datetime"), title, text[:MAX_ENTRY_CHARS])


def _up_to(element: lxml.html.HtmlElement, block: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """The ancestors of an element inside the block."""
    for ancestor in element.iterancestors():
        if ancestor is block:
            return
        yield ancestor


def _texts(element: lxml.html.HtmlElement, skip: set[Any]) -> Iterator[str]:
    """The text of an element and its descendants, leaving out the `skip` elements, scripts and styles."""
    if element.text and element.tag not in ("script", "style"):
        yield element.text
    for child in element:
        if child not in skip and isinstance(child.tag, str) and child.tag not in ("script", "style"):
            yield from _texts(child, skip)
        if child.tail:
            yield child.tail


def _entry(stamp: str | None, title: str | None, text: str) -> Entry | None:
    """An entry, its time read as a publication time is (a plausible time with a zone, in UTC; a date alone
    or anything else: None); None when it has no words."""
    moment = parse_published(stamp[:64]) if stamp else None
    title = (_plain(title)[:MAX_TITLE_CHARS] or None) if title else None
    if not (title or text.strip()):
        return None
    return Entry(moment if isinstance(moment, datetime) else None, title, text.strip())


def _bounded(entries: Iterable[Entry | None]) -> list[Entry]:
    """The entries up to MAX_ENTRIES of them and MAX_TEXT_CHARS of text together."""
    kept: list[Entry] = []
    size = 0
    for entry in entries:
        if entry is None:
            continue
        size += len(entry.text) + len(entry.title or "")
        if len(kept) == MAX_ENTRIES or size > MAX_TEXT_CHARS:
            break
        kept.append(entry)
    return kept


def _markup_text(body: str) -> str:
    """A JSON-LD body's text: markup (some sites put HTML there) reduced to paragraphs of text."""
    if "<" not in body:
        return body
    try:
        fragment = lxml.html.fragment_fromstring(body, create_parent="div")
    except (ValueError, etree.ParserError):
        return body
    paragraphs = [_plain(p.text_content()) for p in fragment.iter(*PARAGRAPH_TAGS)]
    return "\n".join(p for p in paragraphs if p) or _plain(fragment.text_content())


def _plain(text: str) -> str:
    """Text on one line, its runs of white space made one space."""
    return SPACES.sub(" ", text).strip()
