"""Soak: 20 crawls in a row against a local server that mixes every fault tollwatch must survive, then
the hostile cases: kill -9 of each process that supervises a crawl.

Between crawls some healthy articles change their figures. At the end it prints pages attempted,
articles stored, errors by kind and the database integrity check, and checks that nothing served
correctly was lost: every healthy article is stored with the text it was last served with.

The hostile cases crawl an endless tree of sitemap indexes (each index names two deeper ones; the
source's depth and URL bounds set out of reach) together with a healthy feed, and kill -9, once the
extraction worker runs: the `tollwatch crawl` command, its crawl process, the daemon. Each prints the
peak memory of the process tree (PSS), the requests made after the kill, the processes of the tree still
running --watch seconds after it (target 0), how the killed runs were closed and, after a normal crawl of
the healthy feed, the healthy articles not stored (target 0). Figures only: nothing is timed.

    .venv/bin/python bench/soak.py [--crawls 20] [--watch 10]     (--crawls 0: the hostile cases only)
"""
from __future__ import annotations

import argparse
import collections
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.processes import crawl_tree, descendants, memory, running  # noqa: E402
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


def fault_soak(crawls: int) -> bool:
    """`crawls` crawls of the faulty site; whether nothing served correctly was lost and the database is sound."""
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
        for n in range(crawls):
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
        print(f"\n{crawls} crawls in {elapsed:.0f}s: {runs[0]} runs ({runs[5]} ok), "
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
    return not (lost or integrity != "ok" or fk or orphans)


# --- hostile cases: kill -9 of what supervises a crawl ---------------------------------------------------

VICTIMS = {"command": "`tollwatch crawl`", "crawl": "the crawl process of `tollwatch crawl`", "daemon": "the daemon"}
CHAIN = "/chain/"
SAMPLE = 0.2  # seconds between samples of the process tree


def serve_index(site: FixtureSite, node: int, handler: BaseHTTPRequestHandler) -> None:
    """Answer sitemap index `node` of an endless tree: it names two deeper ones, routed from now on."""
    children = (2 * node + 1, 2 * node + 2)
    for child in children:
        site.routes[f"{CHAIN}{child}.xml"] = Page(handler=lambda h, child=child: serve_index(site, child, h))
    body = ('<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<sitemap><loc>{site.url}{CHAIN}{child}.xml</loc></sitemap>" for child in children)
            + "</sitemapindex>")
    try:
        Page(body.encode(), headers={"Content-Type": "application/xml"}).send(handler)
    except OSError:  # the crawl that asked was killed meanwhile
        pass


def hostile_sources(site: FixtureSite) -> str:
    """A healthy feed of every article, and the endless chain next to a sitemap of them (so that its crawl
    extracts too), its bounds out of reach."""
    return (f'[[sources]]\nname = "healthy"\nfeed = ["{site.url}/rss.xml", "{site.url}/atom.xml"]\n'
            f'interval = "1h"\nallow_private_addresses = true\n\n'
            f'[[sources]]\nname = "endless"\nsitemap = ["{site.url}{CHAIN}0.xml", "{site.url}/sitemap.xml"]\n'
            f'interval = "1h"\nsitemap_depth = 1000000\nurl_budget = 100000000\nallow_private_addresses = true\n')


class TreeWatch(threading.Thread):
    """Samples the process tree under `root`: its peak memory (PSS sum) and every process seen in it."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peak, self.done = root, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE):
            self.peak = max(self.peak, memory([self.root] + [pid for pid, _ in descendants(self.root)]))


def articles_stored(work: Path) -> int:
    """Articles stored so far: once all are, the crawl has nothing left to store, only indexes to follow."""
    try:
        with sqlite3.connect(f"file:{work / 'tollwatch.db'}?mode=ro", uri=True) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def chain_hits(site: FixtureSite) -> int:
    return sum(n for path, n in list(site.hits.items()) if path.startswith(CHAIN))


def hostile(victim: str, watch: float) -> bool:
    """kill -9 `victim` in the middle of the endless crawl; print what it left; whether no page was lost."""
    site = FixtureSite().start()
    healthy = make_articles(12)
    publish(site, healthy)
    site.routes[f"{CHAIN}0.xml"] = Page(handler=lambda h: serve_index(site, 0, h))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db",
                                                         sources=hostile_sources(site)))
        command = ["daemon", "--jitter", "0", "--logfile", "daemon.log"] if victim == "daemon" else ["crawl"]
        with open(work / "output.txt", "wb") as output:  # not a pipe: a process left over would hold it open
            root = subprocess.Popen([str(TOLLWATCH), *command], cwd=work, stdout=output, stderr=output)
        tree = TreeWatch(root.pid)
        tree.start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (chain_hits(site) >= 200 and articles_stored(work) >= len(healthy) and
                                                   crawl_tree(descendants(root.pid))["worker"]):
            time.sleep(SAMPLE)
        processes = descendants(root.pid)
        roles = crawl_tree(processes)
        target = roles["crawl"][0] if victim == "crawl" else root.pid
        watched = [p for p in processes if p[0] != target]
        before, hits = chain_hits(site), sum(site.hits.values())
        os.kill(target, signal.SIGKILL)
        killed_at = time.monotonic()
        ended_after, hits_at_end = None, 0
        while time.monotonic() < killed_at + watch:
            if ended_after is None and not running(watched):
                ended_after, hits_at_end = time.monotonic() - killed_at, sum(site.hits.values())
            time.sleep(SAMPLE)
        left = running(watched)
        after = sum(site.hits.values()) - hits
        after_end = sum(site.hits.values()) - hits_at_end
        tree.done.set()
        for pid, _ in left:  # processes of this bench's own crawl, still running
            os.kill(pid, signal.SIGKILL)
        root.wait(timeout=120)
        supervisor_output = (work / "output.txt").read_text(errors="replace").strip().splitlines()
        recovery = subprocess.run([str(TOLLWATCH), "crawl", "--quiet", "--source", "healthy"], cwd=work,
                                  capture_output=True, text=True)
        with sqlite3.connect(work / "tollwatch.db") as conn:
            stored = {url for (url,) in conn.execute("SELECT url FROM articles")}
            runs = conn.execute("SELECT id, sources, status, message FROM crawl_runs ORDER BY id").fetchall()
    site.stop()
    lost = [a.path for a in healthy if site.url + a.path not in stored]
    counts = ", ".join(f"{len(pids)} {role}" for role, pids in roles.items() if pids)
    print(f"\nkill -9 of {VICTIMS[victim]} after {before} sitemap-index requests:")
    print(f"  peak memory of the process tree: {tree.peak / 1024**2:.0f} MB (PSS sum)")
    print(f"  requests reaching the server in the {watch:g}s after the kill: {after} (in flight at the kill, or "
          "sent later)" + (f", {after_end} of them after its processes had all ended" if ended_after is not None
                           else ""))
    print(f"  processes of the tree still running {watch:g}s after the kill: {len(left)} of {len(watched)} "
          f"(the tree at the kill: {counts}); "
          + (f"all ended {ended_after:.1f}s after it" if ended_after is not None else "not all ended"))
    if victim == "crawl":
        print(f"  the command said: {supervisor_output[-1] if supervisor_output else '(nothing)'}")
    for run_id, sources, status, message in runs[:-1]:
        print(f"  run {run_id} ({sources}): {status}" + (f" ({message})" if message else ""))
    print(f"  next crawl of the healthy feed: {recovery.stdout.strip()}")
    print(f"  healthy articles lost: {len(lost)} of {len(healthy)}" + (f": {lost}" if lost else ""))
    return not lost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crawls", type=int, default=20, help="crawls of the faulty site (0: none)")
    parser.add_argument("--watch", type=float, default=10.0, help="seconds to watch after each kill")
    args = parser.parse_args()
    ok = fault_soak(args.crawls) if args.crawls else True
    for victim in VICTIMS:
        ok = hostile(victim, args.watch) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
