"""Soak: 20 crawls in a row against a local server that mixes every fault tollwatch must survive.

Between crawls some healthy articles change their figures. At the end it prints pages attempted,
articles stored, errors by kind and the database integrity check, and checks that nothing served
correctly was lost: every healthy article is stored with the text it was last served with.

    .venv/bin/python bench/soak.py [--crawls 20]
"""
from __future__ import annotations

import argparse
import collections
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.faults import big_page, gzip_bomb, hang, nested, redirect, retry_after, trickle  # noqa: E402
from tests.site import FixtureSite, Page, article_html, config_toml, link_feed, make_articles, publish  # noqa: E402

TOLLWATCH = Path(sys.executable).parent / "tollwatch"


def fault_routes(site: FixtureSite, extra: list) -> dict[str, Page]:
    """One route per fault family (HTTP, network, bodies); `extra` holds the 429 article."""
    html = {"Content-Type": "text/html"}
    return {
        "/f/404": Page(b"missing", status=404), "/f/410": Page(b"gone", status=410),
        "/f/500": Page(b"oops", status=500), "/f/503": Page(b"busy", status=503),
        extra[0].path: retry_after(article_html(extra[0], site.url).encode(), 1, site, extra[0].path),
        "/f/hang": hang(10), "/f/trickle": trickle(), "/f/loop": redirect("/f/loop"), "/f/empty": Page(b""),
        "/f/pdf": Page(b"%PDF-1.7\n" + bytes(range(256)) * 10, headers=html),
        "/f/huge": big_page(3 * 1024 * 1024), "/f/bomb": gzip_bomb(20 * 1024 * 1024), "/f/nested": nested(4000),
        "/f/truncated": Page(article_html(extra[1], site.url).encode()[:-400]),
        "/f/cp1254": Page(article_html(extra[2], site.url).replace("charset=\"utf-8\"", "")
                          .replace('<meta charset="utf-8">', "").encode("cp1254", errors="replace"), headers=html),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawls", type=int, default=20)
    args = parser.parse_args()
    site = FixtureSite().start()
    site.hit_times = {}  # type: ignore[attr-defined]
    articles = make_articles(30)
    healthy, extra = articles[:27], articles[27:]
    publish(site, healthy)
    site.routes.update(fault_routes(site, extra))
    fault_urls = [site.url + p for p in fault_routes(site, extra)]
    site.set_xml("/faults.xml", link_feed(fault_urls + ["http://127.0.0.1:9/refused", "http://no-such-host.invalid/"]))
    site.routes["/broken.xml"] = Page(b"<rss><channel><item><link>" + site.url.encode() + b"/world/2026/story-0",
                                      headers={"Content-Type": "application/rss+xml"})
    sources = "".join(f'[[sources]]\nname = "{name}"\n{kind} = "{site.url}{path}"\nallow_private_addresses = true\n\n'
                      for name, kind, path in (("rss", "feed", "/rss.xml"), ("atom", "feed", "/atom.xml"),
                                               ("sitemap", "sitemap", "/sitemap.xml"), ("faults", "feed", "/faults.xml"),
                                               ("broken", "feed", "/broken.xml")))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", sources=sources,
                                                         extra='timeout = "2s"\nmax_size = 1048576'))
        started = time.perf_counter()
        for n in range(args.crawls):
            if n % 4 == 1:  # some healthy articles report a new toll
                for article in healthy[n % 7::7]:
                    article.paragraphs[1] = re.sub(r"At least \d+", f"At least {100 + n}", article.paragraphs[1])
                    for path in (article.path, article.path + "?utm_source=rss&utm_medium=feed"):
                        site.set_html(path, article_html(article, site.url))
            result = subprocess.run([str(TOLLWATCH), "crawl", "--quiet"], cwd=work, capture_output=True, text=True)
            print(f"crawl {n + 1:>2}: exit {result.returncode} {result.stdout.strip()}", flush=True)
            if "Traceback" in result.stderr:
                print(result.stderr)
        elapsed = time.perf_counter() - started
        with sqlite3.connect(work / "tollwatch.db") as conn:
            runs = conn.execute("SELECT count(*), sum(pages_fetched), sum(errors), sum(new_articles), "
                                "sum(changed_articles), sum(status = 'ok') FROM crawl_runs").fetchone()
            reasons = collections.Counter(re.sub(r"[:(].*", "", r[0]).strip() for r in
                                          conn.execute("SELECT reason FROM fetch_errors"))
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            versions = conn.execute("SELECT count(*) FROM article_versions").fetchone()[0]
            integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
            orphans = conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM "
                                   "article_versions v WHERE v.article_id = a.id)").fetchone()[0]
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
            latest = dict(conn.execute(
                "SELECT a.url, v.text FROM articles a JOIN article_versions v ON v.id = "
                "(SELECT max(id) FROM article_versions WHERE article_id = a.id)").fetchall())
        lost = [a.path for a in healthy if a.paragraphs[1] not in latest.get(site.url + a.path, "")]
        print(f"\n{args.crawls} crawls in {elapsed:.0f}s: {runs[0]} runs ({runs[5]} ok), "
              f"pages attempted: {runs[1]} answered by the server (HTTP errors included) and {runs[2]} errors "
              f"(network failures included), "
              f"{runs[3]} new and {runs[4]} changed articles")
        print(f"stored: {stored} articles, {versions} versions")
        print("errors by kind:")
        for reason, count in reasons.most_common():
            print(f"  {count:>5}  {reason}")
        print(f"integrity_check: {integrity}; foreign key violations: {len(fk)}; articles without a version: {orphans}")
        print(f"healthy articles stored with their latest served text: {len(healthy) - len(lost)}/{len(healthy)}"
              + (f" — LOST: {lost}" if lost else " — nothing lost"))
    site.stop()
    sys.exit(1 if lost or integrity != "ok" or fk or orphans else 0)


if __name__ == "__main__":
    main()
