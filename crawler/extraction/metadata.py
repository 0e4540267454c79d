"""Page metadata (title, publication time, author, site name) at a fraction of trafilatura's full metadata cost.

trafilatura's `extract_metadata` also searches the DOM for authors, categories, tags and licences and
runs htmldate's extensive date search: a third of its extraction time on real news pages. tollwatch
keeps its cheap, reliable sources (meta tags, JSON-LD, the title) and htmldate's fast search for the date.

The title loses the site's name joined to it ("… | CBC News", "… - National | Globalnews.ca"), recognised by
the names the page gives its site and its host, never a list of sites (`clean_title`).

The time of day comes from the page's publication metadata (`page_time`). htmldate can render times too
(`outputformat` with `%z`), but its fast search refuses ISO times with fractional seconds in meta tags
(`…T01:10:06.123Z`, common), stops at the first date meta tag even when it has no time, and lets a date
in the URL beat time elements; so it gives the date only, as before.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from htmldate import find_date
from trafilatura.metadata import examine_meta, extract_meta_json, extract_sitename, extract_title

from crawler.extraction.published import parse_published, published_text

LOGGER = logging.getLogger(__name__)

# meta tags (property, name or itemprop, compared in lower case) that state when an article was published,
# the most specific first: a plain "date" is sometimes the last modification's
PUBLISHED_META = {key: rank for rank, key in enumerate((
    "article:published_time", "og:article:published_time", "og:published_time", "article:published",
    "published_time", "datepublished", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dc.date", "publishdate", "publish-date", "publish_date", "pubdate", "date"))}
# schema.org types of a news page's main entity, whose `datePublished` is the article's
ARTICLE_TYPES = frozenset({"Article", "NewsArticle", "ReportageNews", "AnalysisNewsArticle", "BackgroundNewsArticle",
                           "OpinionNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "BlogPosting",
                           "SocialMediaPosting", "Report"})
# meta tags that state when an article was last changed (an update in place: a new toll, a correction)
MODIFIED_META = {key: rank for rank, key in enumerate((
    "article:modified_time", "og:article:modified_time", "og:updated_time", "article:modified", "modified_time",
    "datemodified", "dcterms.modified", "dc.date.modified", "last-modified"))}
TIME_CLASSES = frozenset({"published", "entry-date", "date-published", "publish-date", "pubdate"})
MAX_VALUE = 64  # characters; a longer "date" is not one
MAX_CANDIDATES = 50  # values looked at, per kind of source, on a page that lists absurdly many
# a title's segments: "Title | Site", "Title - Section | Site", "Title – Site", "Site: Title" (a colon only
# ends a leading site name: "Title: subtitle" is one title)
TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·•»]|-{1,2}|::)\s+")
LEADING_SITE = re.compile(r"^(.+?)(?::|\s+(?:[|–—·•»]|-{1,2}|::))\s+(.+)$", re.S)
# a title left without its site's name keeps at least this much
MIN_TITLE_WORDS, MIN_TITLE_CHARS = 2, 10
# a section named before the site's name ("… - National | Globalnews.ca"): at most this many capitalised words
MAX_SECTION_WORDS = 3
MAX_SITE_WORDS = 8  # a longer segment is no site's name
WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Metadata:
    """What a page says about itself."""

    title: str | None
    published: str | None  # ISO 8601: a UTC time (2026-12-07T01:10:06+00:00) when the page gave one, else a date
    author: str | None
    sitename: str | None
    modified: str | None = None  # ISO 8601 UTC time of the last change the page states (`modified_time`)


def page_metadata(tree: lxml.html.HtmlElement, url: str | None) -> Metadata:
    """Title, publication time, author and site name of a parsed page (the tree is not modified)."""
    found = examine_meta(tree)
    try:
        found = extract_meta_json(tree, found)
    except Exception as exc:  # malformed JSON-LD is common; the meta tags still count
        LOGGER.debug("JSON-LD metadata unusable: %s", exc)
    title = found.title or extract_title(tree)
    if title and (TITLE_SEPARATOR.search(title) or ":" in title):
        title = clean_title(title, site_names(tree, found.sitename), page_host(tree, url))
    author = found.author if found.author and " " in found.author else None
    published = page_time(tree) or parse_published(
        find_date(tree, url=url, extensive_search=False, original_date=True))
    sitename = (found.sitename or extract_sitename(tree) or "").lstrip("@") or None
    return Metadata(title=title, published=published_text(published), author=author, sitename=sitename,
                    modified=published_text(modified_time(tree)))


def page_time(tree: lxml.html.HtmlElement) -> datetime | None:
    """The first plausible publication time with a time of day and a zone that the page's metadata states, in
    UTC: meta tags, then JSON-LD, then itemprop="datePublished", then time elements marked as publication.
    The head's meta tags are read first (nearly every news page has its time there), then one walk of the
    page finds the rest: each walk of a large page costs as much as a third of htmldate's whole search."""
    head = tree.find("head")
    found = _first_time(_meta_values(head.iter("meta"))) if head is not None else None
    if found is not None:
        return found
    elements: dict[str, list[lxml.html.HtmlElement]] = {"meta": [], "script": [], "time": []}
    for element in tree.iter("meta", "script", "time"):
        elements[element.tag].append(element)
    for values in (_meta_values(elements["meta"]), _json_ld_values(elements["script"]),
                   _itemprop_values(elements["meta"] + elements["time"]), _time_values(elements["time"])):
        found = _first_time(values)
        if found is not None:
            return found
    return None


def modified_time(tree: lxml.html.HtmlElement) -> datetime | None:
    """When the page says it was last changed, in UTC: its head's meta tags (MODIFIED_META), else the
    `dateModified` of the article objects in its head's JSON-LD. Only the head is read: a walk of the whole
    page for one more date would cost a share of every extraction, and news pages state it there."""
    head = tree.find("head")
    if head is None:
        return None
    return _first_time(_meta_values(head.iter("meta"), MODIFIED_META)) or \
        _first_time(_json_ld_values(head.iter("script"), "dateModified"))


def live_blog(tree: lxml.html.HtmlElement) -> bool:
    """Whether the page's JSON-LD says it is a live blog (`LiveBlogPosting`): a page that changes as a story
    develops, worth re-visiting after it leaves its feed. Only scripts that name the type are parsed."""
    for script in tree.iter("script"):
        if "LiveBlogPosting" not in (script.text or "") or \
                (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        for entity in json_ld_entities(data):
            types = entity.get("@type")
            if types == "LiveBlogPosting" or (isinstance(types, list) and "LiveBlogPosting" in types):
                return True
    return False


def _first_time(values: Iterable[str]) -> datetime | None:
    """The first of (at most MAX_CANDIDATES) values that is a plausible time with a zone."""
    for value in islice(values, MAX_CANDIDATES):
        moment = parse_published(value) if len(value) <= MAX_VALUE else None
        if isinstance(moment, datetime):
            return moment
    return None


def _meta_values(metas: Iterable[lxml.html.HtmlElement], ranks: dict[str, int] = PUBLISHED_META) -> list[str]:
    """The contents of the meta tags that name a time in `ranks` (by default a publication time), the most
    specific first."""
    found = []
    for meta in metas:
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        rank = ranks.get(key.strip().lower())
        if rank is not None:
            found.append((rank, meta.get("content") or ""))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def _json_ld_values(scripts: Iterable[lxml.html.HtmlElement], name: str = "datePublished") -> Iterator[str]:
    """The `name` time (by default `datePublished`) of the article objects (ARTICLE_TYPES) in the JSON-LD
    scripts; broken JSON is skipped."""
    for script in scripts:
        if (script.get("type") or "").strip().lower() != "application/ld+json" or name not in (script.text or ""):
            continue  # a script that does not name the field is not parsed (a key written with escapes is missed)
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):  # broken or absurdly nested JSON: nothing to read
            continue
        for entity in json_ld_entities(data):
            types = entity.get("@type")
            types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
            if any(isinstance(t, str) and t in ARTICLE_TYPES for t in types) and isinstance(entity.get(name), str):
                yield entity[name]


def json_ld_entities(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD document: itself or its list's items, and their `@graph` members."""
    for item in data if isinstance(data, list) else [data]:
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            yield from (member for member in graph if isinstance(member, dict)) if isinstance(graph, list) else ()


def _itemprop_values(elements: Iterable[lxml.html.HtmlElement]) -> Iterator[str]:
    """The content or datetime of the meta and time elements marked itemprop="datePublished" (microdata)."""
    for element in elements:
        if element.get("itemprop") == "datePublished":
            yield element.get("content") or element.get("datetime") or ""


def _time_values(times: Iterable[lxml.html.HtmlElement]) -> Iterator[str]:
    """The datetime of the time elements marked as the publication's (pubdate, or a class like `published`);
    other time elements may date a related story or an event."""
    for element in times:
        marked = element.get("pubdate") is not None or TIME_CLASSES & set((element.get("class") or "").lower().split())
        if marked and element.get("datetime"):
            yield element.get("datetime")


def site_names(tree: lxml.html.HtmlElement, sitename: str | None) -> list[str]:
    """The names a page gives its site: og:site_name, the JSON-LD publishers' names and trafilatura's site name."""
    head = tree.find("head")
    names = [meta.get("content") or "" for meta in (head.iter("meta") if head is not None else ())
             if meta.get("property") == "og:site_name"]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            names += _publisher_names(script.text or "")
    return [name for name in (*names, sitename) if name]


def page_host(tree: lxml.html.HtmlElement, url: str | None) -> str:
    """The page's host name without "www.": of its URL, else of its og:url or canonical link."""
    if not url:
        head = tree.find("head")
        links = [*(meta.get("content") for meta in head.iter("meta") if meta.get("property") == "og:url"),
                 *(link.get("href") for link in head.iter("link") if link.get("rel") == "canonical")] \
            if head is not None else []
        url = next((link for link in links if link), None)
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.") if url else ""
    except ValueError:  # a malformed URL in the page
        return ""


def _publisher_names(script: str) -> list[str]:
    """The publishers' names in a JSON-LD script (none when it is not JSON)."""
    try:
        data = json.loads(script, strict=False)
    except (ValueError, RecursionError):
        return []
    publishers = [entity.get("publisher") for entity in json_ld_entities(data)]
    return [p.get("name") for p in publishers if isinstance(p, dict) and isinstance(p.get("name"), str)]


def clean_title(title: str, names: Iterable[str], host: str) -> str:
    """The title without its site's name joined to its end, or to its start, and a section named just before
    a trailing site name ("Title - National | Globalnews.ca" → "Title"); unchanged where the rest would be
    too short. The site's name is one of `names`, one of them without its last word ("Inexhibit" for
    "Inexhibit magazine") or with a word more ("CBC News" for "CBC"), or the host: whole, without its
    top-level domain, or one of its other labels ("globalnews.ca", "globalnews", "niddk" of niddk.nih.gov)."""
    word_lists = [WORDS.findall(name.lower()) for name in names]
    named = {_joined(words) for words in word_lists} | {_joined(words[:-1]) for words in word_lists}
    labels = WORDS.findall(host.lower())
    hosts = {_joined(labels), _joined(labels[:-1]), *(_joined([label]) for label in labels[:-1])}
    named, hosts = named - {""}, hosts - {""}
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) > 1 and _is_site(parts[-1], named, hosts):
        separators = TITLE_SEPARATOR.findall(title)
        rest = title[:title.rfind(separators[-1])]
        if len(parts) > 2 and _is_section(parts[-2]) and separators[-2].strip() != separators[-1].strip():
            shorter = rest[:rest.rfind(separators[-2])]
            rest = shorter if _long_enough(shorter) else rest
        if _long_enough(rest):
            return rest
    leading = LEADING_SITE.match(title)
    if leading and _is_site(leading.group(1), named, hosts) and _long_enough(leading.group(2)):
        return leading.group(2)
    return title


def _is_site(segment: str, named: set[str], hosts: set[str]) -> bool:
    """Whether a title segment is the site's name (`_joined` keys of the names it gives itself and of its host),
    or one of its names with one word of letters more ("CBC News" on a site named "CBC")."""
    words = WORDS.findall(segment.lower())
    if not 0 < len(words) <= MAX_SITE_WORDS:
        return False
    joined = _joined(words)
    return joined in named or joined in hosts or (len(words) > 1 and words[-1].isalpha() and _joined(words[:-1]) in named)


def _joined(words: list[str]) -> str:
    """Lower-case words run together without a leading "the" (["the", "globe", "and", "mail"] → "globeandmail"),
    to compare names regardless of case, spacing and punctuation; empty when shorter than three letters."""
    joined = "".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)
    return joined if len(joined) >= 3 else ""


def _is_section(segment: str) -> bool:
    """Whether a title segment reads as a section's name: a few capitalised words without digits, not starting
    with an article ("National", "US News", "Arts & Culture")."""
    words = segment.split()
    return (0 < len(words) <= MAX_SECTION_WORDS and words[0] not in ("The", "A", "An")
            and all(word == "&" or (word[0].isupper() and word.isalpha()) for word in words))


def _long_enough(title: str) -> bool:
    """Whether what is left of a title is a title."""
    return len(title.strip()) >= MIN_TITLE_CHARS and len(WORDS.findall(title)) >= MIN_TITLE_WORDS
