"""A local fixture news site on 127.0.0.1: feeds, a sitemap, a listing page and article pages.

Routes are a mutable dict so a test can change an article between crawls or make a page fail.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

BASE_DATE = datetime(2026, 3, 16, 9, 0, tzinfo=timezone.utc)
PLACES = ["Kharkiv", "Gaza", "Hatay", "Khartoum", "Goma", "Mosul", "Aleppo", "Sanaa", "Idlib", "Kabul",
          "Mariupol", "Port-au-Prince"]


@dataclass
class Page:
    """One route: status, headers and body, or a handler that writes the whole response itself."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "text/html; charset=utf-8"})
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        """Write this page as the whole response: status, headers, Content-Length and body."""
        handler.send_response(self.status)
        for name, value in self.headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        handler.wfile.write(self.body)


class SiteServer(ThreadingHTTPServer):
    """A web server's listen backlog (nginx and Apache use 511), not socketserver's 5: with a crawler's
    connections opening at once, a backlog of 5 drops SYNs, and each dropped client waits out TCP's
    one-second retransmission timeout."""

    request_queue_size = 1024
    daemon_threads = True


class FixtureSite:
    """A threaded HTTP server on 127.0.0.1 serving `routes`; `hits` counts requests per path."""

    def __init__(self) -> None:
        self.routes: dict[str, Page] = {}
        self.generated: dict[str, Callable[[str], Page]] = {}  # path prefix -> the page of any path under it
        self.hits: dict[str, int] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.not_modified = 0  # 304 answers sent
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                path = self.path.split("#")[0]
                site.hits[path] = site.hits.get(path, 0) + 1
                site.requests.append((path, dict(self.headers)))
                page = site.routes.get(path) or site.generate(path)
                if page is None:
                    page = Page(b"<html><body><h1>Not found</h1></body></html>", status=404)
                if page.handler:
                    page.handler(self)
                    return
                etag = page.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    site.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                page.send(self)

            def log_message(self, *args: object) -> None:
                pass

        self.server = SiteServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def generate(self, path: str) -> Page | None:
        """The page a `generated` prefix makes for `path`, if one covers it."""
        for prefix, make in self.generated.items():
            if path.startswith(prefix):
                return make(path)
        return None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> "FixtureSite":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def set_html(self, path: str, html: str, **headers: str) -> None:
        self.routes[path] = Page(html.encode("utf-8"), headers={"Content-Type": "text/html; charset=utf-8",
                                                                **headers})

    def set_xml(self, path: str, xml: str, content_type: str = "application/xml") -> None:
        self.routes[path] = Page(xml.encode("utf-8"), headers={"Content-Type": content_type})


@dataclass
class Article:
    """An article of the fixture site."""

    slug: str
    title: str
    paragraphs: list[str]
    published: datetime

    @property
    def path(self) -> str:
        return f"/world/2026/{self.slug}.html"


def make_articles(count: int = 12) -> list[Article]:
    """`count` distinct articles, each with a casualty sentence and ordinary reporting around it."""
    articles = []
    for i in range(count):
        place = PLACES[i % len(PLACES)]
        articles.append(Article(
            slug=f"story-{i:02d}",
            title=f"Shelling hits {place} as talks stall ({i})",
            published=BASE_DATE + timedelta(hours=i),
            paragraphs=[
                f"Residents of {place} spent another night in shelters as the fighting moved closer to the "
                f"city centre, witnesses told reporters on the scene (report {i}).",
                f"At least {10 + i} civilians have been killed and {20 + 2 * i} injured in {place} since "
                f"the start of the offensive, according to the UN.",
                "Aid agencies said convoys carrying food and medicine were waiting at the crossing and "
                "called on all parties to allow safe passage for humanitarian workers.",
                f"Local officials in {place} said schools would remain closed for the rest of the week "
                "while engineers inspect damaged buildings.",
            ]))
    return articles


NAV = """<header class="site-header"><a href="/">Fixture News</a>
<nav class="main-nav"><ul><li><a href="/world/">World</a></li><li><a href="/politics/">Politics</a></li>
<li><a href="/sport/">Sport</a></li><li><a href="/about/">About us</a></li></ul></nav></header>"""
FOOTER = """<footer class="site-footer"><p>Copyright 2026 Fixture News Ltd. All rights reserved.</p>
<ul><li><a href="/privacy/">Privacy policy</a></li><li><a href="/terms/">Terms of use</a></li>
<li><a href="/contact/">Contact the newsroom</a></li></ul></footer>"""


def article_html(article: Article, base_url: str, canonical_query: str = "") -> str:
    """Realistic article markup: navigation, the article, related links and a footer."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in article.paragraphs)
    related = "\n".join(f'<li><a href="/world/2026/related-{n}.html">Related story number {n} about the '
                        f"region</a></li>" for n in range(3))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(article.title)} | Fixture News</title>
<link rel="canonical" href="{base_url}{article.path}{canonical_query}">
<meta property="og:title" content="{escape(article.title)}">
<meta property="article:published_time" content="{article.published.isoformat()}">
</head><body>{NAV}
<main><article><h1>{escape(article.title)}</h1>
<p class="byline">By Staff Reporter · <time datetime="{article.published.isoformat()}">
{article.published:%d %B %Y}</time></p>
<div class="article-body">{body}</div></article>
<aside class="related"><h2>Related stories</h2><ul>{related}</ul></aside></main>
{FOOTER}</body></html>"""


PAYWALL_PROMPT = ("Subscribe to continue reading.", "Already a subscriber? Log in.",
                  "Get unlimited access to our journalism for just $1 a week.")
OUTCOME_FIXTURES = Path(__file__).parent / "fixtures" / "outcomes"


def paywalled_html(article: Article, base_url: str, free: int = 2) -> str:
    """The article behind a paywall: JSON-LD saying it is not free, its first `free` paragraphs, then the
    subscription prompt inside the article's body, where extraction keeps it as text."""
    teaser = Article(article.slug, article.title, [*article.paragraphs[:free], *PAYWALL_PROMPT], article.published)
    json_ld = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
               f'"headline": "{escape(article.title)}", "isAccessibleForFree": false}}</script>')
    return article_html(teaser, base_url).replace("</head>", json_ld + "</head>")


def wall_html(name: str) -> str:
    """A wall or challenge page served instead of an article (tests/fixtures/outcomes/NAME.html)."""
    return (OUTCOME_FIXTURES / f"{name}.html").read_text(encoding="utf-8")


def rss(articles: list[Article], base_url: str, query: str = "") -> str:
    items = "\n".join(f"<item><title>{escape(a.title)}</title><link>{escape(base_url + a.path + query)}</link>"
                      f"<pubDate>{format_datetime(a.published)}</pubDate></item>" for a in articles)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fixture News</title>'
            f"<link>{base_url}/</link>{items}</channel></rss>")


def atom(articles: list[Article], base_url: str) -> str:
    entries = "\n".join(f'<entry><title>{escape(a.title)}</title><link rel="alternate" href="{base_url}{a.path}"/>'
                        f"<id>{base_url}{a.path}</id><updated>{a.published.isoformat()}</updated></entry>"
                        for a in articles)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Fixture News</title>{entries}</feed>")


def link_feed(urls: list[str]) -> str:
    """A bare RSS 2.0 feed listing `urls`, for pointing a crawl at arbitrary (faulty) pages."""
    items = "".join(f"<item><link>{escape(url)}</link></item>" for url in urls)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>links</title>{items}</channel></rss>'


def sitemap(articles: list[Article], base_url: str) -> str:
    urls = "\n".join(f"<url><loc>{base_url}{a.path}</loc><lastmod>{a.published.isoformat()}</lastmod></url>"
                     for a in articles)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>')


def sitemap_index(urls: list[str]) -> str:
    """A sitemap index listing the sitemaps at `urls`."""
    entries = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>" for url in urls)
    return ('<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>')


def listing(articles: list[Article]) -> str:
    links = "\n".join(f'<li><a href="{a.path}">{escape(a.title)}</a></li>' for a in articles)
    return (f"<!DOCTYPE html><html lang='en'><head><title>World | Fixture News</title></head><body>{NAV}"
            f"<main><h1>World</h1><ul class='stories'>{links}</ul>"
            f"<a href='/about/'>About</a></main>{FOOTER}</body></html>")


def publish(site: FixtureSite, articles: list[Article]) -> None:
    """Serve the articles and every entry document: RSS (first half + tracking parameters), Atom
    (second half), a sitemap (all), a listing page (all) and robots.txt."""
    half = len(articles) // 2
    base = site.url
    for article in articles:
        site.set_html(article.path, article_html(article, base))
        site.set_html(article.path + "?utm_source=rss&utm_medium=feed", article_html(article, base))
    site.set_xml("/rss.xml", rss(articles[:half], base, "?utm_source=rss&utm_medium=feed"), "application/rss+xml")
    site.set_xml("/atom.xml", atom(articles[half:], base), "application/atom+xml")
    site.set_xml("/sitemap.xml", sitemap(articles, base))
    site.set_html("/world/", listing(articles))
    site.routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\n",
                                      headers={"Content-Type": "text/plain"})


def source_toml(name: str, kind: str, url: str, **keys: str) -> str:
    """One `[[sources]]` table for a fixture site on 127.0.0.1 (`kind`: feed, sitemap or pages), with any
    further keys (interval, max_age, ...) as strings."""
    extra = "".join(f'{key} = "{value}"\n' for key, value in keys.items())
    return f'\n[[sources]]\nname = "{name}"\n{kind} = "{url}"\n{extra}allow_private_addresses = true\n'


def config_toml(site_url: str, database_url: str, sources: str | None = None, extra: str = "") -> str:
    """A tollwatch.toml for the fixture site (fast profile, one extraction worker)."""
    if sources is None:
        sources = f"""
[[sources]]
name = "fixture-rss"
feed = "{site_url}/rss.xml"
allow_private_addresses = true

[[sources]]
name = "fixture-atom"
feed = "{site_url}/atom.xml"
allow_private_addresses = true

[[sources]]
name = "fixture-sitemap"
sitemap = "{site_url}/sitemap.xml"
allow_private_addresses = true

[[sources]]
name = "fixture-world"
pages = ["{site_url}/world/"]
follow = "/world/\\\\d{{4}}/"
allow_private_addresses = true
"""
    return f"""[database]
url = "{database_url}"

[crawl]
profile = "fast"
workers = 1
{extra}
{sources}"""
