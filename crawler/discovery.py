"""Find article links in feeds (RSS 2.0, RSS 1.0, Atom) and sitemaps (index, urlset, Google News).

XML is parsed without entity expansion, DTD loading or network access: a hostile feed is data only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from html.entities import html5

from lxml import etree

_PARSER_OPTIONS = dict(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                       remove_comments=True, remove_pis=True, recover=True)
_UNDECLARED = {etree.ErrorTypes.ERR_UNDECLARED_ENTITY, etree.ErrorTypes.WAR_UNDECLARED_ENTITY}
_QUOTED = re.compile(r"'([^']+)'")  # the entity's name in libxml2's message: "Entity 'nbsp' not defined"
_REFERENCE = re.compile(rb"<!\[CDATA\[.*?\]\]>|&([A-Za-z_][A-Za-z0-9._-]*);", re.S)  # CDATA is left as it is


class NotAFeed(ValueError):
    """The body is not a feed or sitemap (HTML, truncated or empty XML)."""


@dataclass(frozen=True)
class Entry:
    """An article link announced by a feed or sitemap."""

    url: str
    published: datetime | None = None  # aware UTC datetime when the document gives one


def _root(body: bytes) -> tuple[etree._Element, bool]:
    """The document's root, and whether the parser had to recover from broken or truncated XML. Entities
    the document uses without declaring them (`&nbsp;` in a feed without a DTD) are read as text first: in
    recovering from one, libxml2 drops every `&amp;` after it, and the document would count as broken."""
    root, errors = _parse(body)
    undeclared = {name for error in errors if error.type in _UNDECLARED for name in _QUOTED.findall(error.message)}
    if undeclared:
        root, errors = _parse(_as_text(body, undeclared))
    return root, len(errors) > 0


def _parse(body: bytes) -> tuple[etree._Element, etree._ListErrorLog]:
    """The root of `body` and what the parser reported while recovering."""
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise NotAFeed(f"not well-formed XML: {exc}") from None
    if root is None:
        raise NotAFeed("empty document")
    return root, parser.error_log


def _as_text(body: bytes, names: set[str]) -> bytes:
    """`body` with each reference to an entity in `names` outside CDATA replaced by what it reads as in
    HTML: a character reference for an HTML entity (`&nbsp;` -> `&#160;`), else the literal text."""
    def replace(match: re.Match[bytes]) -> bytes:
        name = match.group(1)
        if name is None or name.decode("ascii") not in names:
            return match.group(0)
        text = html5.get(name.decode("ascii") + ";")
        if text is None:
            return b"&amp;" + name + b";"
        return "".join(f"&#{ord(char)};" for char in text).encode("ascii")
    return _REFERENCE.sub(replace, body)


def _local(element: etree._Element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


@dataclass(frozen=True)
class Feed:
    """A parsed feed's article links; `broken` when the XML was malformed or cut off, in which case
    only the entries before the damage are kept."""

    entries: list[Entry]
    broken: bool = False


def parse_feed(body: bytes) -> Feed:
    """Article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, in feed order."""
    root, broken = _root(body)
    if _local(root) not in ("rss", "rdf", "feed"):
        raise NotAFeed(f"root element <{_local(root) or '?'}> is not rss, rdf:RDF or feed")
    entries = []
    for item in root.iter():
        if _local(item) not in ("item", "entry"):
            continue
        url = _item_link(item)
        if url:
            entries.append(Entry(url, _item_date(item)))
    return Feed(entries[:-1] if broken else entries, broken)  # the last entry of a cut-off feed may be cut too


def _item_link(item: etree._Element) -> str | None:
    links = [child for child in item if _local(child) == "link"]
    for link in links:  # Atom: the alternate (or rel-less) link's href
        href = link.get("href")
        if href and link.get("rel", "alternate") == "alternate":
            return href.strip()
    for link in links:
        if link.text and link.text.strip():
            return link.text.strip()
    for child in item:  # RSS 2.0 without <link>: a permalink guid
        if _local(child) == "guid" and child.get("isPermaLink", "true") == "true" and child.text:
            text = child.text.strip()
            if text.startswith(("http://", "https://")):
                return text
    return None


def _item_date(item: etree._Element) -> datetime | None:
    for child in item:
        if _local(child) in ("pubdate", "published", "updated", "date", "issued") and child.text:
            parsed = parse_date(child.text.strip())
            if parsed:
                return parsed
    return None


def parse_date(text: str) -> datetime | None:
    """An aware UTC datetime from RFC 822 (RSS) or ISO 8601 (Atom, sitemaps) text, else None."""
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


@dataclass(frozen=True)
class Sitemap:
    """A parsed sitemap: either child sitemaps (an index) or article entries; `broken` as for feeds."""

    sitemaps: list[str]
    entries: list[Entry]
    broken: bool = False


def parse_sitemap(body: bytes) -> Sitemap:
    """Links of a sitemap index or urlset; `lastmod` or a Google News publication date as the date."""
    root, broken = _root(body)
    kind = _local(root)
    if kind not in ("sitemapindex", "urlset"):
        raise NotAFeed(f"root element <{kind or '?'}> is not urlset or sitemapindex")
    sitemaps: list[str] = []
    entries: list[Entry] = []
    for node in root:
        fields = {_local(el): (el.text or "").strip() for el in node.iter() if el is not node}
        loc = fields.get("loc")
        if not loc:
            continue
        if kind == "sitemapindex":
            sitemaps.append(loc)
        else:
            date_text = fields.get("lastmod") or fields.get("publication_date")
            entries.append(Entry(loc, parse_date(date_text) if date_text else None))
    if broken:  # the last link of a cut-off sitemap may be cut too
        sitemaps, entries = (sitemaps[:-1], entries) if kind == "sitemapindex" else (sitemaps, entries[:-1])
    return Sitemap(sitemaps, entries, broken)
