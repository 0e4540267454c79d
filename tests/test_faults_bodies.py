"""Hostile bodies: binaries, oversized pages, gzip bombs, wrong charsets, broken HTML and feeds."""
from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

from tests.conftest import run_cli
from tests.faults import big_page, gzip_bomb, nested
from tests.site import FixtureSite, Page, config_toml, link_feed, sitemap, source_toml

FEEDS = Path(__file__).parent / "fixtures" / "feeds"

TURKISH = "Deprem bölgesinde çalışmalar sürüyor. Şanlıurfa ve Hatay'da yıkılan binaların enkazından çıkarılan "\
          "kişi sayısı artıyor; yetkililer en az 42 kişinin öldüğünü açıkladı."
RUSSIAN = "Спасатели продолжают работы в зоне землетрясения. Число погибших выросло до 17, сообщили власти "\
          "региона во вторник вечером."
FRENCH = "Le café de la rue était fermé après l'explosion; les secours ont évacué les blessés vers l'hôpital "\
         "régional, a précisé la préfecture."


def page(text: str, head: str = "") -> str:
    paragraphs = "".join(f"<p>{text} ({n})</p>" for n in range(4))
    return f"<html><head>{head}<title>Story</title></head><body><article><h1>Story</h1>{paragraphs}</article></body></html>"


def feed(urls: list[str]) -> bytes:
    return link_feed(urls).encode()


def inflating(document: str, size: int) -> bytes:
    """A gzip file of `document` padded with whitespace before its last tag to `size` bytes."""
    head, tail = document.rsplit("</", 1)
    return gzip.compress(head.encode() + b" " * size + b"</" + tail.encode(), compresslevel=9)


def test_hostile_bodies(tmp_path: Path, site: FixtureSite) -> None:
    html = {"Content-Type": "text/html"}
    gzip_file = {"Content-Type": "application/x-gzip"}
    routes = {
        "/b/pdf": Page(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n" + bytes(range(256)) * 20, headers=html),
        "/b/png": Page(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, headers=html),
        "/b/zip": Page(b"PK\x03\x04" + bytes(range(256)) * 20, headers=html),
        "/b/huge": big_page(3 * 1024 * 1024),
        "/b/bomb": gzip_bomb(50 * 1024 * 1024),
        "/b/nested": nested(5000),
        "/b/truncated": Page(page(FRENCH).encode()[:-60] + b"<div class=\"x"),
        "/b/tr-nocharset": Page(page(TURKISH).encode("cp1254"), headers=html),
        "/b/ru-meta": Page(page(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251"), headers=html),
        "/b/bom": Page(b"\xef\xbb\xbf" + page(FRENCH).encode(), headers=html),
        "/b/mislabelled": Page(page(FRENCH).encode("latin-1"), headers={"Content-Type": "text/html; charset=utf-8"}),
    }
    site.routes.update(routes)
    site.routes["/b/feed.xml"] = Page(feed([site.url + p for p in routes]), headers={"Content-Type": "application/rss+xml"})
    site.routes["/b/html-feed.xml"] = Page(b"<html><body><p>We moved our feed.</p></body></html>", headers=html)
    cut = feed([site.url + a.path for a in site.articles[:2]])  # type: ignore[attr-defined]
    site.routes["/b/truncated-feed.xml"] = Page(cut[:-40], headers={"Content-Type": "application/rss+xml"})
    site.routes["/b/lol-feed.xml"] = Page(b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY xxe SYSTEM "file:///etc/hostname">]><rss><channel><item><link>http://127.0.0.1/&e;</link></item>
<item><link>http://127.0.0.1/&xxe;</link></item></channel></rss>""", headers={"Content-Type": "application/rss+xml"})
    # gzip files and a gzip-encoded feed that inflate past the 1 MB cap: the server answered all of them
    site.routes["/b/sitemap.xml.gz"] = Page(inflating(sitemap(site.articles, site.url), 3 << 20),  # type: ignore[attr-defined]
                                            headers=gzip_file)
    two = link_feed([site.url + a.path for a in site.articles[:2]])  # type: ignore[attr-defined]
    site.routes["/b/gz-feed.xml.gz"] = Page(inflating(two, 3 << 20), headers=gzip_file)
    site.routes["/b/bomb-feed.xml"] = Page(inflating(two, 3 << 20), headers={
        "Content-Type": "application/rss+xml", "Content-Encoding": "gzip"})
    # a WordPress feed with one undeclared entity (&nbsp;): all five of its articles are fetched
    entity_feed = (FEEDS / "wordpress-nbsp.rss").read_bytes().replace(b"https://news.example.org", site.url.encode())
    site.routes["/b/entity-feed.xml"] = Page(entity_feed, headers={"Content-Type": "application/rss+xml"})
    sources = "".join(source_toml(name, "feed", f"{site.url}/b/{name}.xml")
                      for name in ("feed", "html-feed", "truncated-feed", "lol-feed", "bomb-feed", "entity-feed"))
    sources += source_toml("gz-feed", "feed", f"{site.url}/b/gz-feed.xml.gz")
    sources += source_toml("gz-sitemap", "sitemap", f"{site.url}/b/sitemap.xml.gz")
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", sources=sources,
                                                         extra="max_size = 1048576"))
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        errors = dict(conn.execute("SELECT replace(url, ?, ''), reason FROM fetch_errors", (site.url,)).fetchall())
        statuses = dict(conn.execute("SELECT replace(url, ?, ''), status FROM fetch_errors", (site.url,)).fetchall())
        run = conn.execute("SELECT status, message FROM crawl_runs").fetchone()
        texts = dict(conn.execute("SELECT replace(a.url, ?, ''), v.text FROM articles a "
                                  "JOIN article_versions v ON v.article_id = a.id", (site.url,)).fetchall())
    assert errors.pop("/b/pdf") == "binary content (pdf) served as text/html"
    assert errors.pop("/b/png") == "binary content (png) served as text/html"
    assert errors.pop("/b/zip") == "binary content (zip) served as text/html"
    assert errors.pop("/b/huge") == "skipped: larger than the download size cap of 1,048,576 bytes (1 MB): 3,145,728 bytes"
    assert errors.pop("/b/bomb") == "skipped: larger than the download size cap of 1,048,576 bytes (1 MB) once decompressed"
    assert errors.pop("/b/bomb-feed.xml") == ("skipped: larger than the download size cap of 1,048,576 bytes (1 MB) "
                                              "once decompressed")
    assert errors.pop("/b/sitemap.xml.gz") == "sitemap larger than 1 MB once decompressed (the download size cap): not read"
    assert errors.pop("/b/gz-feed.xml.gz") == "feed larger than 1 MB once decompressed (the download size cap): not read"
    assert statuses["/b/sitemap.xml.gz"] == statuses["/b/gz-feed.xml.gz"] == 200
    assert run == ("ok", None)  # every source answered: none is reported unreachable
    assert "Traceback" not in result.stderr, result.stderr
    assert errors.pop("/b/html-feed.xml").startswith("feed unusable: root element <html>")
    assert errors.pop("/b/truncated-feed.xml") == "feed is malformed or cut off: used its 1 complete entries"
    assert errors.pop("/b/lol-feed.xml", None) is None  # parsed as data: no expansion, no file read
    assert errors.pop("http://127.0.0.1/").startswith("connection refused")  # the link without its entities
    assert not any("aaaaaaaaaa" in url or "\n" in url for url in errors)
    assert TURKISH in texts["/b/tr-nocharset"]
    assert RUSSIAN in texts["/b/ru-meta"]
    assert FRENCH in texts["/b/bom"] and not texts["/b/bom"].startswith("\ufeff")
    assert FRENCH in texts["/b/mislabelled"]
    assert FRENCH in texts["/b/truncated"]
    assert "/b/nested" in texts or errors.pop("/b/nested").startswith(("no article text", "extraction failed"))
    assert texts[site.articles[0].path]  # type: ignore[attr-defined]  # the complete entry of the cut feed
    assert all(texts[a.path] for a in site.articles[6:11])  # type: ignore[attr-defined]  # the entity feed's
    assert site.articles[1].path not in texts  # type: ignore[attr-defined]  # its cut entry is not guessed at
    assert set(errors) <= {"/b/nested"}
