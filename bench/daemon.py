"""Run the real daemon for a few hundred short crawls and show that its own memory stays flat.

A tiny local fixture site (two articles per feed), several sources with interval 1s and no jitter,
a fresh SQLite database. Prints the daemon's resident memory (VmRSS from /proc) after its first run
and every --every runs, then at the end, with the run count and how the runs ended.

Run from the repo root: .venv/bin/python bench/daemon.py [--runs 300] [--sources 4] [--parallel 4]
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.site import FixtureSite, make_articles, publish  # noqa: E402

TOLLWATCH = shutil.which("tollwatch", path=str(Path(sys.executable).parent)) or "tollwatch"


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def threads(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


def fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def counts(db: Path) -> dict[str, int]:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return dict(conn.execute("SELECT status, count(*) FROM crawl_runs GROUP BY status").fetchall())
    except sqlite3.OperationalError:  # the daemon is still creating the schema
        return {}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300, help="stop after this many finished runs")
    parser.add_argument("--sources", type=int, default=4, help="sources (each interval 1s)")
    parser.add_argument("--parallel", type=int, default=4, help="the daemon's --parallel")
    parser.add_argument("--every", type=int, default=50, help="print memory every N runs")
    args = parser.parse_args()

    site = FixtureSite().start()
    publish(site, make_articles(4))  # two articles in the RSS feed, two in the Atom feed
    work = Path(tempfile.mkdtemp(prefix="tollwatch-bench-"))
    feeds = ["rss.xml", "atom.xml"]
    sources = "".join(f'\n[[sources]]\nname = "s{i}"\nfeed = "{site.url}/{feeds[i % 2]}"\ninterval = "1s"\n'
                      f"allow_private_addresses = true\n" for i in range(args.sources))
    (work / "tollwatch.toml").write_text(f'[database]\nurl = "sqlite:///tollwatch.db"\n\n[crawl]\nprofile = "fast"\n'
                                         f"workers = 0\n{sources}")
    env = {k: v for k, v in os.environ.items() if k != "TOLLWATCH_DATABASE_URL"}
    log = open(work / "daemon.log", "wb")  # noqa: SIM115
    daemon = subprocess.Popen([TOLLWATCH, "daemon", "--jitter", "0", "--parallel", str(args.parallel)], cwd=work,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    db = work / "tollwatch.db"
    started = time.monotonic()
    try:
        while not db.exists() or sum(counts(db).get(s, 0) for s in ("ok", "failed")) < 1:
            if daemon.poll() is not None:
                raise SystemExit(f"the daemon exited: {(work / 'daemon.log').read_text()[-2000:]}")
            time.sleep(0.5)
        first = rss_kib(daemon.pid)
        print(f"after run 1: daemon VmRSS {first} KiB, {threads(daemon.pid)} threads, {fds(daemon.pid)} fds",
              flush=True)
        next_report = args.every
        while True:
            done = sum(n for status, n in counts(db).items() if status != "running")
            if done >= next_report:
                print(f"after {done} runs ({time.monotonic() - started:.0f}s): daemon VmRSS {rss_kib(daemon.pid)} "
                      f"KiB, {threads(daemon.pid)} threads, {fds(daemon.pid)} fds", flush=True)
                next_report += args.every
            if done >= args.runs:
                break
            if daemon.poll() is not None:
                raise SystemExit("the daemon exited early")
            time.sleep(1)
        last = rss_kib(daemon.pid)
        daemon.send_signal(signal.SIGTERM)
        code = daemon.wait(timeout=120)
        final = counts(db)
        total = sum(final.values())
        print(f"runs: {total} in {time.monotonic() - started:.0f}s ({', '.join(f'{k} {v}' for k, v in sorted(final.items()))})")
        print(f"daemon VmRSS: {first} KiB after run 1, {last} KiB after {total} runs "
              f"({(last - first) / first * 100:+.1f}%); exit code {code} on SIGTERM")
    finally:
        if daemon.poll() is None:
            daemon.kill()
        log.close()
        site.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
