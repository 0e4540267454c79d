"""Crawl throughput: tollwatch against trafilatura's own command line and bare trafilatura.extract.

Serves the real pages of ../shared/corpora/zyte and ../shared/corpora/wcxb-dev (articles) from a
local server on 127.0.0.1 behind an RSS feed and a sitemap, then, in the same run and alternating:
(1) `tollwatch crawl` into a fresh SQLite database (fast profile), (2) `trafilatura -i urls.txt
--parallel N`, (3) bare `trafilatura.extract` in one process, (4) a second `tollwatch crawl` of the
unchanged site. Prints pages/second, ratios, CPU seconds and peak memory (PSS) of each whole
process tree, pages stored, and how much parallel work the machine gives N busy processes (a shared
VM's cores may not give two processes twice the work of one). `--memory-pages 10000` adds a crawl of
that many distinct URLs for the memory target.

    .venv/bin/python bench/crawl.py [--rounds 2] [--memory-pages 10000]
"""
from __future__ import annotations

import argparse
import compileall
import gzip
import json
import multiprocessing
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from tests.site import SiteServer  # noqa: E402


def load_pages() -> dict[str, bytes]:
    """Zyte pages and WCXB dev article pages, by id."""
    pages = {f"zyte-{p.name.split('.')[0]}": gzip.decompress(p.read_bytes())
             for p in sorted((CORPORA / "zyte" / "html").glob("*.html.gz"))}
    metadata = json.loads((CORPORA / "wcxb-dev" / "metadata.json").read_text())
    items = metadata.items() if isinstance(metadata, dict) else ((m.get("id"), m) for m in metadata)
    for page_id, meta in items:
        kind = (meta.get("page_type") or meta.get("type") or "") if isinstance(meta, dict) else ""
        path = CORPORA / "wcxb-dev" / "html" / f"{page_id}.html.gz"
        if kind == "article" and path.exists():
            pages[f"wcxb-{page_id}"] = gzip.decompress(path.read_bytes())
    return pages


def send_with_etag(handler: BaseHTTPRequestHandler, body: bytes | None, content_type: str) -> None:
    """Answer with `body` and its ETag, or 304 when the request already has it, or 404 for no body: the
    validators any static file server sends, so a re-crawl is answered 304."""
    if body is None:
        handler.send_error(404)
        return
    etag = f'"{zlib.crc32(body):08x}"'
    if handler.headers.get("If-None-Match") == etag:
        handler.send_response(304)
        handler.send_header("ETag", etag)
        handler.end_headers()
        return
    handler.send_response(200)
    handler.send_header("ETag", etag)
    handler.send_header("Last-Modified", "Mon, 16 Mar 2026 09:00:00 GMT")
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class Site:
    """Serves every page under `copies` distinct URLs, an RSS feed, a sitemap and urls.txt."""

    def __init__(self, pages: dict[str, bytes], copies: int = 1, limit: int | None = None):
        self.pages = pages
        ids = list(pages)
        self.paths = [f"/p/{i}-{c}.html" for c in range(copies) for i in ids][:limit]
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                if self.path.startswith("/p/"):
                    body, ctype = site.pages.get(self.path[3:].rsplit("-", 1)[0]), "text/html"
                elif self.path == "/rss.xml":
                    body, ctype = site.rss(), "application/rss+xml"
                elif self.path == "/sitemap.xml":
                    body, ctype = site.sitemap(), "application/xml"
                else:
                    body, ctype = b"User-agent: *\nAllow: /\n" if self.path == "/robots.txt" else None, "text/plain"
                send_with_etag(self, body, ctype)

            def log_message(self, *args: object) -> None:
                pass

        self.server = SiteServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # Its own process: the measuring loop must not compete with the server for the GIL.
        self.process = multiprocessing.get_context("fork").Process(target=self.server.serve_forever, daemon=True)
        self.process.start()

    def rss(self) -> bytes:
        items = "".join(f"<item><link>{self.url}{p}</link></item>" for p in self.paths)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title>{items}</channel></rss>'.encode()

    def sitemap(self) -> bytes:
        urls = "".join(f"<url><loc>{self.url}{p}</loc></url>" for p in self.paths)
        return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def tree_usage(pid: int, cpu: dict[int, float]) -> int:
    """Proportional resident bytes (PSS: shared pages split between the processes sharing them) of a
    process and all its descendants, so forked workers are not counted twice; records each one's CPU
    seconds so far in `cpu` (by pid)."""
    children: dict[int, list[int]] = {}
    used: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(f"/proc/{entry.name}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            used[int(entry.name)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        if current in used:
            cpu[current] = used[current]
        stack.extend(children.get(current, []))
    return total


def measure(command: list[str], cwd: Path, stdin: bytes | None = None) -> tuple[float, int, float, str]:
    """Wall seconds (to the moment the process exits), peak PSS of the process tree, CPU seconds of the
    tree (sampled every 0.2 s: a process's last fraction of a sample is missed) and stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    peak, out, ended, cpu = 0, [], [], {}

    def wait() -> None:
        out.append(proc.communicate(stdin)[0])
        ended.append(time.perf_counter())

    waiter = threading.Thread(target=wait)
    waiter.start()
    while waiter.is_alive():
        peak = max(peak, tree_usage(proc.pid, cpu))
        waiter.join(0.2)
    if proc.returncode:
        raise SystemExit(f"{command[0]} failed with {proc.returncode}: {out}")
    return ended[0] - start, peak, sum(cpu.values()), b"".join(out).decode(errors="replace")


def tollwatch(site: Site, work: Path, db: Path, workers: int) -> tuple[float, int, float, int]:
    """(wall seconds, peak PSS, CPU seconds, articles stored) of one `tollwatch crawl` of the site's feed."""
    config = work / "tollwatch.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{db}"\n\n[crawl]\nprofile = "fast"\nworkers = {workers}\n\n'
                      f'[[sources]]\nname = "bench"\nfeed = "{site.url}/rss.xml"\nallow_private_addresses = true\n')
    seconds, peak, cpu, _ = measure([str(BIN / "tollwatch"), "--config", str(config), "crawl", "--quiet"], work)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return seconds, peak, cpu, stored


def trafilatura_cli(site: Site, work: Path, parallel: int) -> tuple[float, int, float, int]:
    out = work / "trafilatura-out"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    (work / "urls.txt").write_text("".join(f"{site.url}{p}\n" for p in site.paths))
    (work / "trafilatura.cfg").write_text("[DEFAULT]\nSLEEP_TIME = 0\nSSRF_PROTECTION = off\nDOWNLOAD_TIMEOUT = 30\n"
                                          "MAX_FILE_SIZE = 20000000\nMIN_FILE_SIZE = 10\nMAX_REDIRECTS = 2\n"
                                          "MIN_EXTRACTED_SIZE = 250\nMIN_OUTPUT_SIZE = 1\nMIN_OUTPUT_COMM_SIZE = 1\n"
                                          "EXTRACTION_TIMEOUT = 0\nMIN_DUPLCHECK_SIZE = 100\nMAX_REPETITIONS = 2\n"
                                          "EXTENSIVE_DATE_SEARCH = on\nEXTERNAL_URLS = off\nUSER_AGENTS =\nCOOKIE =\n"
                                          "INSECURE_SSL_FALLBACK = off\nMAX_TREE_SIZE =\n")
    seconds, peak, cpu, _ = measure([str(BIN / "trafilatura"), "-i", "urls.txt", "--parallel", str(parallel), "-o",
                                str(out), "--config-file", "trafilatura.cfg"], work)
    return seconds, peak, cpu, len(list(out.glob("*")))


BARE = """
import gzip, sys, time, pickle, trafilatura
pages = pickle.load(sys.stdin.buffer)
start = time.perf_counter()
cpu = time.process_time()
done = sum(1 for html in pages if trafilatura.extract(html))
print(time.perf_counter() - start, time.process_time() - cpu, done)
"""


def bare(pages: list[bytes], work: Path) -> tuple[float, int, float, int]:
    """Extraction alone, one process: seconds and CPU seconds spent extracting (not loading), peak PSS,
    texts."""
    import pickle

    _, peak, _, out = measure([sys.executable, "-c", BARE], work, stdin=pickle.dumps(pages))
    seconds, cpu, done = out.split()
    return float(seconds), peak, float(cpu), int(done)


def spin(_: object = None) -> float:
    """Seconds a fixed pure-Python loop takes in this process."""
    start = time.perf_counter()
    sum(i * i for i in range(5_000_000))
    return time.perf_counter() - start


def parallel_speed(cpus: int) -> float:
    """How many processes' worth of work the machine does with `cpus` busy processes: `cpus` times one
    process's loop time over their mean loop time (2.0 on two idle, uncontended cores)."""
    one = spin()
    with multiprocessing.get_context("fork").Pool(cpus) as pool:
        times = pool.map(spin, range(cpus))
    return cpus * one / statistics.mean(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds of (1)-(4)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory-pages", type=int, default=0, help="also crawl this many distinct URLs")
    args = parser.parse_args()
    # pip compiles an installed package's bytecode; an editable install writes it at first import, unless
    # PYTHONDONTWRITEBYTECODE is set: compiled here, no run compiles tollwatch's modules again
    for package in ("crawler", "scheduler", "storage"):
        compileall.compile_dir(ROOT / package, quiet=1)
    pages = load_pages()
    site = Site(pages)
    n = len(site.paths)
    print(f"machine: {platform.node()} · {os.cpu_count()} CPUs · {platform.python_version()} · "
          f"{platform.platform()}\npages served: {n} ({sum(map(len, pages.values())) / 1e6:.1f} MB of HTML)\n")
    results: dict[str, list[tuple[float, int, float, int]]] = {k: [] for k in ("crawl", "cli", "bare", "recrawl")}
    speeds = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for round_no in range(args.rounds):
            db = work / f"round{round_no}.db"
            speeds.append(parallel_speed(args.workers))
            results["crawl"].append(tollwatch(site, work, db, args.workers))
            results["cli"].append(trafilatura_cli(site, work, args.workers))
            results["bare"].append(bare(list(pages.values()), work))
            results["recrawl"].append(tollwatch(site, work, db, args.workers))
            print(f"round {round_no + 1}: " + ", ".join(f"{k} {v[-1][0]:.1f}s" for k, v in results.items())
                  + f", parallel speed {speeds[-1]:.2f}", flush=True)
        rows = [("(1) tollwatch crawl", "crawl"), ("(2) trafilatura CLI", "cli"), ("(3) bare trafilatura.extract", "bare"),
                ("(4) tollwatch re-crawl", "recrawl")]
        median = {k: statistics.median(r[0] for r in v) for k, v in results.items()}
        cpu = {k: statistics.median(r[2] for r in v) for k, v in results.items()}
        print(f"\n{'run':<30} {'seconds':>8} {'pages/s':>8} {'CPU s':>7} {'peak MB':>8} {'stored':>7}"
              "   (CPU s: all processes; peak MB: PSS of the process tree)")
        for label, key in rows:
            peak = max(r[1] for r in results[key]) / 2**20
            print(f"{label:<30} {median[key]:>8.1f} {n / median[key]:>8.1f} {cpu[key]:>7.1f} {peak:>8.0f} "
                  f"{results[key][-1][3]:>7}")
        print(f"\nratios (medians of {args.rounds} alternating rounds):")
        print(f"  (1)/(2) tollwatch vs trafilatura CLI, pages/s: {median['cli'] / median['crawl']:.2f}  (target >= 1.6)")
        print(f"  (1)/(3) tollwatch vs bare extract,   pages/s: {median['bare'] / median['crawl']:.2f}  (target >= 1.7)")
        print(f"  (4)/(1) re-crawl wall time:                    {median['recrawl'] / median['crawl']:.1%}  (target <= 10%)")
        print(f"\nCPU per page, (1) against (3): {cpu['crawl'] / cpu['bare']:.2f}x (the whole crawl, every process)")
        print(f"parallel speed of this machine: {args.workers} busy processes do {statistics.median(speeds):.2f} "
              f"processes' worth of work (medians of the rounds; {args.workers:.2f} when the cores are not shared)")
        if args.memory_pages:
            big = Site(pages, copies=-(-args.memory_pages // len(pages)), limit=args.memory_pages)
            seconds, peak, _, stored = tollwatch(big, work, work / "big.db", args.workers)
            print(f"\n{len(big.paths)}-page crawl: {seconds:.0f}s, {len(big.paths) / seconds:.1f} pages/s, "
                  f"peak PSS of the process tree {peak / 2**20:.0f} MB (target < 500 MB), {stored} stored")


if __name__ == "__main__":
    main()
