"""What an idle poll costs: a source polled when nothing is new, alone or batched with others.

Serves --feeds feeds from 127.0.0.1, each listing one article, stores them all with a first crawl, then
measures, alternating, the CPU seconds (the kernel's accounting of the whole process tree) of
(a) polling one source in a crawl of its own, as the daemon does today for each source that falls due, and
(b) polling every source in one crawl, as `tollwatch crawl` does, and
(c) the daemon polling every source on one interval, batching the sources that fall due together (--batch 100,
its default); (d) the daemon with --batch 1, for small fleets only; the daemon's cost per new article when
every feed lists one more, running two crawls at a time, (e) extracting in each crawl process (workers = 0) and
(f) in its one shared pool of two workers. For the daemon, also the peak PSS of its whole process tree.
Each idle poll is a conditional request for the feed and its article, answered 304. The issue's target is
0.05 CPU-seconds or less per idle poll.

    .venv/bin/python bench/fleet.py [--feeds 1000] [--rounds 3] [--singles 10] [--interval 20] [--daemon-rounds 3]
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from crawl import send_with_etag, tree_usage  # noqa: E402
from tests.processes import command  # noqa: E402
from tests.site import SiteServer  # noqa: E402

BIN = Path(sys.executable).parent
ARTICLE = ("<html><head><title>Floods in district {n}</title></head><body><article><h1>Floods in district {n}</h1>"
           "<p>At least {n} people were killed when floods swept through the district on Monday, officials said. "
           "Rescue teams were searching for survivors in the villages along the river.</p><p>The regional "
           "governor said the toll could rise as more areas became reachable.</p></article></body></html>")


class Fleet:
    """--feeds RSS feeds of one article each, with ETags, so a second poll is answered 304."""

    def __init__(self, feeds: int):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                send_with_etag(self, site.body(self.path),
                               "application/rss+xml" if self.path.endswith(".xml") else "text/html")

            def log_message(self, *args: object) -> None:
                pass

        self.feeds = feeds
        self.generation = 0  # articles added to every feed since the start
        self.server = SiteServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        import threading

        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def body(self, path: str) -> bytes | None:
        if path == "/robots.txt":
            return b"User-agent: *\nAllow: /\n"
        if path.startswith("/feed/") and path.endswith(".xml"):
            n = path[6:-4]
            items = "".join(f"<item><link>{self.url}/news/{n}{f'-{g}' if g else ''}.html</link></item>"
                            for g in range(self.generation + 1))
            return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>feed {n}</title>{items}'
                    "</channel></rss>").encode()
        if path.startswith("/news/") and path.endswith(".html"):
            n, _, g = path[6:-5].partition("-")
            return ARTICLE.format(n=n).replace("district on Monday", f"district on day {g or 0}").encode()
        return None

    def config(self, db: Path) -> str:
        sources = "".join(f'[[sources]]\nname = "s{n}"\nfeed = "{self.url}/feed/{n}.xml"\n'
                          f"allow_private_addresses = true\n\n" for n in range(self.feeds))
        return f'[database]\nurl = "sqlite:///{db}"\n\n[crawl]\nprofile = "fast"\nworkers = 1\n\n{sources}'


def crawl(work: Path, *sources: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and every process it waited for) of one `tollwatch crawl`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN / "tollwatch"), "crawl", "--quiet", *[a for s in sources for a in ("--source", s)]],
                   cwd=work, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def daemon(work: Path, interval: int, batch: int, polls_wanted: int, new_wanted: int = 0, workers: int = 0,
           flags: tuple[str, ...] = ()) -> tuple[float, int, int, float, int]:
    """(CPU seconds of the daemon and every process below it, polls made, new articles stored, wall
    seconds, peak PSS of the daemon's whole process tree) of `tollwatch daemon --batch BATCH` polling every source
    each `interval` seconds until `polls_wanted` polls and `new_wanted` new articles are done; its start-up
    (imports, scheduling each source from its history) is included.

    With `workers` = 0 pages are extracted in the crawl processes, which the daemon reaps, so the kernel counts all
    their CPU. With the daemon's shared pool (workers > 0), the pool's forkserver is never reaped: its processes'
    CPU is read from /proc at each sample (every 0.25 s) and added, so up to 0.25 s of each may be missed."""
    config = (work / "tollwatch.toml").read_text().replace("workers = 1", f"workers = {workers}")
    (work / "daemon.toml").write_text(re.sub(r'(feed = "[^"]+"\n)', rf'\1interval = "{interval}s"\n', config))
    with sqlite3.connect(work / "tollwatch.db") as conn:
        first = conn.execute("SELECT coalesce(max(id), 0) FROM crawl_runs").fetchone()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen([str(BIN / "tollwatch"), "--config", "daemon.toml", "daemon", "--jitter", "0",
                                "--batch", str(batch), *flags], cwd=work, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    polls = new = peak = 0
    tree_cpu: dict[int, float] = {}  # CPU seconds so far of each process of the daemon's tree, by pid
    pool: set[int] = set()  # those of the shared pool (its forkserver and workers), which nobody reaps
    while polls < polls_wanted or new < new_wanted:
        for _ in range(4):
            time.sleep(0.25)
            peak = max(peak, tree_usage(process.pid, tree_cpu))
            pool.update(pid for pid in tree_cpu.keys() - pool if "multiprocessing.forkserver" in command(pid))
        with sqlite3.connect(work / "tollwatch.db") as conn:
            done = conn.execute("SELECT sources, new_articles FROM crawl_runs WHERE id > ? AND status = 'ok'",
                                (first,)).fetchall()
        polls = sum(len(sources.split(",")) for sources, _ in done)
        new = sum(count for _, count in done)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=120)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    reaped = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return reaped + sum(tree_cpu[pid] for pid in pool), polls, new, wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds of (a) and (b)")
    parser.add_argument("--singles", type=int, default=10, help="sources polled alone in each round of (a)")
    parser.add_argument("--interval", type=int, default=20, help="the daemon's interval for every source, (c)")
    parser.add_argument("--daemon-rounds", type=int, default=3, help="polls of each source by the daemon, (c)")
    parser.add_argument("--new-rounds", type=int, default=1, help="alternating rounds of (e) and (f)")
    args = parser.parse_args()
    fleet = Fleet(args.feeds)
    work = Path(tempfile.mkdtemp(prefix="tollwatch-fleet-"))
    try:
        db = work / "tollwatch.db"
        (work / "tollwatch.toml").write_text(fleet.config(db))
        wall, _ = crawl(work)
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        # (its extraction workers' CPU is not in the kernel's count: their server is not reaped by the crawl)
        print(f"first crawl of {args.feeds} sources: {stored} articles in {wall:.1f} s; machine: {os.cpu_count()} "
              "cores")
        alone: list[float] = []
        batched: list[float] = []
        for round_ in range(args.rounds):
            def singles() -> None:
                for n in range(args.singles):
                    alone.append(crawl(work, f"s{(round_ * args.singles + n) % args.feeds}")[1])

            def everything() -> None:
                batched.append(crawl(work)[1] / args.feeds)

            for step in ((singles, everything) if round_ % 2 == 0 else (everything, singles)):
                step()
        print(f"(a) one source per crawl: median {statistics.median(alone):.3f} CPU-s per idle poll "
              f"({len(alone)} polls)")
        print(f"(b) all {args.feeds} sources in one crawl: median {statistics.median(batched):.4f} CPU-s per idle "
              f"poll ({args.rounds} crawls); target <= 0.05")
        for batch in (100, 1):  # the daemon's default, then each source in a crawl of its own (as before batches)
            if batch == 1 and args.feeds > 100:
                print(f"(d) the daemon with --batch 1: skipped for {args.feeds} sources (about (a) per poll, "
                      f"{args.feeds * statistics.median(alone) / 2:.0f} s of both cores a round)")
                continue
            cpu, polls, _, wall, peak = daemon(work, args.interval, batch, args.daemon_rounds * args.feeds)
            print(f"({'c' if batch == 100 else 'd'}) `tollwatch daemon --batch {batch}`, every source every "
                  f"{args.interval} s: {cpu / polls:.4f} CPU-s per idle poll ({polls} polls in {wall:.0f} s, "
                  f"{cpu:.1f} CPU-s with its start-up); peak PSS of its process tree {peak / 2**20:.0f} MB; "
                  "target <= 0.05")
        for round_ in range(args.new_rounds):  # alternating: extraction in each crawl, in the daemon's one pool
            for workers in ((0, 2) if round_ % 2 == 0 else (2, 0)):
                fleet.generation += 1  # every feed now lists one article more
                cpu, polls, new, wall, peak = daemon(work, args.interval, 100, args.feeds, stored, workers,
                                                     ("--parallel", "2"))
                where = "in each crawl process" if workers == 0 else "in the daemon's one pool"
                print(f"({'e' if workers == 0 else 'f'}) `tollwatch daemon --batch 100 --parallel 2` with "
                      f"workers = {workers} ({where}) "
                      f"when every source has one new article: {cpu / new:.4f} CPU-s per new article ({new} new in "
                      f"{polls} polls, {wall:.0f} s, its start-up included); peak PSS of its process tree "
                      f"{peak / 2**20:.0f} MB")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        fleet.server.shutdown()


if __name__ == "__main__":
    main()
