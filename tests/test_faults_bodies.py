"""Hostile bodies: binaries, oversized pages, gzip bombs, wrong charsets, broken HTML and feeds."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.conftest import run_cli
from tests.faults import big_page, gzip_bomb, nested
from tests.site import FixtureSite, Page, config_toml, link_feed, source_toml

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


def test_hostile_bodies(tmp_path: Path, site: FixtureSite) -> None:
    html = {"Content-Type": "text/html"}
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
    sources = "".join(source_toml(name, "feed", f"{site.url}/b/{name}.xml")
                      for name in ("feed", "html-feed", "truncated-feed", "lol-feed"))
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", sources=sources,
                                                         extra="max_size = 1048576"))
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        errors = dict(conn.execute("SELECT replace(url, ?, ''), reason FROM fetch_errors", (site.url,)).fetchall())
        texts = dict(conn.execute("SELECT replace(a.url, ?, ''), v.text FROM articles a "
                                  "JOIN article_versions v ON v.article_id = a.id", (site.url,)).fetchall())
    assert errors.pop("/b/pdf") == "binary content (pdf) served as text/html"
    assert errors.pop("/b/png") == "binary content (png) served as text/html"
    assert errors.pop("/b/zip") == "binary content (zip) served as text/html"
    assert errors.pop("/b/huge").startswith("skipped: larger than the download size cap")
    assert errors.pop("/b/bomb").startswith("skipped: larger than the download size cap")
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
    assert site.articles[1].path not in texts  # type: ignore[attr-defined]  # its cut entry is not guessed at
    assert set(errors) <= {"/b/nested"}
