"""Feed and sitemap parsing: every format's links and dates, and hostile XML stays data."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from crawler.discovery import NotAFeed, parse_feed, parse_sitemap

RSS2 = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>A</title><link>https://e.org/a</link><pubDate>Mon, 16 Mar 2026 10:00:00 +0100</pubDate></item>
<item><title>B</title><guid isPermaLink="true">https://e.org/b</guid></item>
<item><title>C</title><guid isPermaLink="false">tag:e.org,1</guid></item></channel></rss>"""
RSS1 = b"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://e.org/"><title>t</title></channel>
<item rdf:about="https://e.org/a"><title>A</title><link>https://e.org/a</link><dc:date>2026-03-16T09:00:00Z</dc:date></item>
</rdf:RDF>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>A</title><link rel="self" href="https://e.org/self"/><link rel="alternate" href="https://e.org/a"/>
<updated>2026-03-16T09:00:00Z</updated></entry>
<entry><title>B</title><link href="/b"/><published>2026-03-17T09:00:00+02:00</published></entry></feed>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://e.org/s1.xml</loc></sitemap><sitemap><loc>https://e.org/s2.xml.gz</loc></sitemap></sitemapindex>"""
NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://e.org/a</loc><news:news><news:publication_date>2026-03-16T09:00:00Z</news:publication_date>
<news:title>A</news:title></news:news></url><url><loc>https://e.org/b</loc><lastmod>2026-03-15</lastmod></url>
<url><loc>https://e.org/c</loc></url></urlset>"""
UTC = timezone.utc
FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def test_rss2_links_guids_and_dates() -> None:
    entries = parse_feed(RSS2).entries
    assert [e.url for e in entries] == ["https://e.org/a", "https://e.org/b"]
    assert entries[0].published == datetime(2026, 3, 16, 9, 0, tzinfo=UTC)


def test_rss1_and_atom() -> None:
    assert [(e.url, e.published) for e in parse_feed(RSS1).entries] == [
        ("https://e.org/a", datetime(2026, 3, 16, 9, tzinfo=UTC))]
    assert [(e.url, e.published) for e in parse_feed(ATOM).entries] == [
        ("https://e.org/a", datetime(2026, 3, 16, 9, tzinfo=UTC)), ("/b", datetime(2026, 3, 17, 7, tzinfo=UTC))]


def test_sitemap_index_and_news_sitemap() -> None:
    index = parse_sitemap(INDEX)
    assert index.sitemaps == ["https://e.org/s1.xml", "https://e.org/s2.xml.gz"] and index.entries == []
    news = parse_sitemap(NEWS)
    assert [(e.url, e.published) for e in news.entries] == [
        ("https://e.org/a", datetime(2026, 3, 16, 9, tzinfo=UTC)),
        ("https://e.org/b", datetime(2026, 3, 15, tzinfo=UTC)), ("https://e.org/c", None)]


@pytest.mark.parametrize("body", [b"<html><body>not a feed</body></html>", b"", b"   ",
                                  b"<rss><channel><item><link>https://e.org/a</li"])
def test_html_and_broken_xml_are_not_feeds(body: bytes) -> None:
    try:
        feed = parse_feed(body)
    except NotAFeed:
        return
    assert feed.broken and feed.entries == []  # the cut-off entry is not guessed at


def test_entities_are_never_expanded_or_fetched(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    lol = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY xxe SYSTEM "file://""" + str(secret).encode() + b"""">]>
<rss><channel><item><link>https://e.org/&lol3;</link></item><item><link>https://e.org/&xxe;</link></item></channel></rss>"""
    urls = [e.url for e in parse_feed(lol).entries]
    assert not any("TOP-SECRET" in u or "lollol" in u for u in urls)


def test_a_feed_with_an_undeclared_html_entity_keeps_every_entry() -> None:
    """A WordPress feed with one `&nbsp;` outside CDATA and no DTD: every entry is read, query strings whole
    (libxml2, recovering from the undeclared entity, dropped every later `&amp;` and the feed's last entry)."""
    feed = parse_feed((FEEDS / "wordpress-nbsp.rss").read_bytes())
    assert not feed.broken
    assert [e.url for e in feed.entries] == [
        f"https://news.example.org/world/2026/story-{n:02d}.html?utm_source=rss&utm_medium=feed" for n in range(6, 11)]
    assert feed.entries[-1].published == datetime(2026, 3, 16, 19, tzinfo=UTC)


@pytest.mark.parametrize("entity", ["&nbsp;", "&eacute;", "&madeup;"])
def test_undeclared_entities_in_feeds_and_sitemaps_are_read_as_text(entity: str) -> None:
    """An HTML entity is read as its character, any other undeclared name as the text it is; inside CDATA
    nothing changes, and a feed or sitemap with nothing else wrong is whole."""
    rss = (f"<rss><channel><item><title>A{entity}B</title><link>https://e.org/a?x=1&amp;y=2</link>"
           f"<description><![CDATA[keep {entity} as it is]]></description></item>"
           "<item><link>https://e.org/b?x=1&amp;y=2</link></item></channel></rss>").encode()
    feed = parse_feed(rss)
    assert (feed.broken, [e.url for e in feed.entries]) == (False, ["https://e.org/a?x=1&y=2", "https://e.org/b?x=1&y=2"])
    urlset = (f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://e.org/a{entity}z</loc></url>'
              "<url><loc>https://e.org/b?x=1&amp;y=2</loc></url></urlset>").encode()
    sitemap = parse_sitemap(urlset)
    assert not sitemap.broken and sitemap.entries[1].url == "https://e.org/b?x=1&y=2"
    assert sitemap.entries[0].url == {"&nbsp;": "https://e.org/a\xa0z", "&eacute;": "https://e.org/aéz",
                                      "&madeup;": "https://e.org/a&madeup;z"}[entity]
