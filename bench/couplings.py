"""What each coupling to Scrapy's and Twisted's internals saves a crawl, measured alone.

The places where the crawl leans on something Scrapy does not offer as a public API, each switched off alone,
in the crawl process only, by a `sitecustomize` overlay that edits `crawler.settings` as it is imported (the
product has no switch for them), and compared with the code as it is, alternating, over `--rounds` rounds:

- base-lists: the components switched off are dropped from Scrapy's `*_BASE` lists too -> only set to
  None in ours (Scrapy then imports each to normalise its name);
- downloader: `crawler.downloader.SlotLimitedDownloader` (a correctness fix: keeps the per-site limit)
  -> Scrapy's Downloader; measured for information, it is not kept for speed.

Three more were measured with this script on 2026-12-07 and removed for saving under 5% of a re-crawl's
CPU (docs/performance.md): remembering Twisted's IDNA encoding per hostname, a stats collector without
Scrapy's `__getattribute__`, and importing Scrapy's TLS modules with a cheap `inspect.stack`.

The workload is a re-crawl of the bench site (the real Zyte and WCXB article pages behind one feed, each
answered 304), where the per-request cost of these places shows most, and a first crawl of the same site.
Prints, per variant, the median CPU seconds of the whole process tree (the kernel's accounting; for a
first crawl wall seconds only, as its extraction workers are not reaped by the crawl process) and wall
seconds, and the saving of the code as it is over the variant (positive: the coupling saves that share).

    .venv/bin/python bench/couplings.py [--rounds 20] [--first-rounds 3] [--against ../before]
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from crawl import Site, load_pages, parallel_speed  # noqa: E402

BIN = Path(sys.executable).parent
VARIANTS = ("as-is", "base-lists", "downloader")

# Run at the crawl process's start-up (and the command's, where it changes nothing): when `crawler.settings`
# has been executed, undo the coupling named by TOLLWATCH_BENCH_WITHOUT in it.
OVERLAY = '''
import importlib.abc, importlib.util, os, sys

WITHOUT = os.environ.get("TOLLWATCH_BENCH_WITHOUT", "")


def undo(module):
    if WITHOUT == "downloader":
        module.DOWNLOADER = "scrapy.core.downloader.Downloader"
    elif WITHOUT == "base-lists":
        def scrapy_settings(job=None):
            from scrapy.settings import Settings
            settings = Settings()
            settings.setmodule(module, priority="project")  # components off as None, base lists untouched
            if job is not None:
                settings.setdict(module.build_settings(job), priority="cmdline")
            return settings
        module.scrapy_settings = scrapy_settings


class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name != "crawler.settings" or not WITHOUT:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        sys.meta_path.insert(0, self)
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            undo(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Finder())
'''


def crawl(site: Site, work: Path, db: Path, variant: str, overlay: Path,
          against: Path | None = None) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, articles stored) of one `tollwatch crawl` of the site's feed. CPU is the
    rusage of the command and every process it waited for, as the kernel accounts it (each process of a
    crawl is reaped by its parent), so a sub-second re-crawl is measured exactly."""
    config = work / "tollwatch.toml"
    config.write_text(f'[database]\nurl = "sqlite:///{db}"\n\n[crawl]\nprofile = "fast"\n\n'
                      f'[[sources]]\nname = "bench"\nfeed = "{site.url}/rss.xml"\nallow_private_addresses = true\n')
    tree = [str(against)] if variant == "before" and against else []  # another checkout's code, first
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(overlay), *tree]),
           "TOLLWATCH_BENCH_WITHOUT": "" if variant in ("as-is", "before") else variant}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([str(BIN / "tollwatch"), "--config", str(config), "crawl", "--quiet"], cwd=work, env=env,
                   check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    with sqlite3.connect(db) as conn:
        stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    return wall, cpu, stored


def report(title: str, results: dict[str, list[tuple[float, float]]], cpu_counted: bool = True) -> None:
    """Medians per variant and the saving of the code as it is over each (CPU only where it is all counted)."""
    base_cpu = statistics.median(cpu for _, cpu in results["as-is"])
    base_wall = statistics.median(wall for wall, _ in results["as-is"])
    print(f"{title} ({len(results['as-is'])} alternating rounds, medians)")
    print(f"  {'variant':<12} {'CPU s':>7} {'wall s':>7}  saving of the code as it is"
          + (" (CPU, wall)" if cpu_counted else " (wall)"))
    for variant, runs in results.items():
        cpu = statistics.median(c for _, c in runs)
        wall = statistics.median(w for w, _ in runs)
        saving = "" if variant == "as-is" else (f"  {1 - base_cpu / cpu:+.1%}," if cpu_counted else "  ") \
            + f" {1 - base_wall / wall:+.1%}"
        print(f"  {variant:<12} {cpu if cpu_counted else float('nan'):>7.2f} {wall:>7.2f}{saving}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="alternating rounds of re-crawls")
    parser.add_argument("--first-rounds", type=int, default=3, help="alternating rounds of first crawls")
    parser.add_argument("--variants", nargs="*", choices=VARIANTS[1:], default=VARIANTS[1:],
                        help="couplings to switch off, one at a time")
    parser.add_argument("--against", type=Path, help="also run the code of this checkout (e.g. a `git worktree` "
                                                     "of an earlier commit) as the variant 'before'")
    args = parser.parse_args()
    pages = load_pages()
    site = Site(pages)
    work = Path(tempfile.mkdtemp(prefix="tollwatch-couplings-"))
    try:
        overlay = work / "overlay"
        overlay.mkdir()
        (overlay / "sitecustomize.py").write_text(OVERLAY)
        print(f"bench site: {len(site.paths)} pages; machine: {os.cpu_count()} cores, parallel speed "
              f"{parallel_speed(os.cpu_count() or 1):.2f}")
        variants = ("as-is", *args.variants, *(["before"] if args.against else []))
        first: dict[str, list[tuple[float, float]]] = {v: [] for v in variants}
        again: dict[str, list[tuple[float, float]]] = {v: [] for v in variants}
        db = work / "recrawl.db"
        _, _, articles = crawl(site, work, db, "as-is", overlay)  # the re-crawls' database
        print(f"articles stored by a first crawl: {articles}")
        for round_ in range(max(args.rounds, args.first_rounds)):
            order = variants if round_ % 2 == 0 else variants[::-1]
            for variant in order:
                if round_ < args.first_rounds:
                    fresh = work / f"first-{variant}.db"
                    fresh.unlink(missing_ok=True)
                    wall, cpu, stored = crawl(site, work, fresh, variant, overlay, args.against)
                    if stored != articles:
                        raise SystemExit(f"{variant}: {stored} articles stored, not {articles}")
                    first[variant].append((wall, cpu))
                if round_ < args.rounds:
                    wall, cpu, _ = crawl(site, work, db, variant, overlay, args.against)
                    again[variant].append((wall, cpu))
        if args.first_rounds:
            # the extraction workers' server is not reaped by the crawl process: their CPU is not counted
            report("first crawl", first, cpu_counted=False)
        report("re-crawl (every page answered 304)", again)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        site.process.terminate()


if __name__ == "__main__":
    main()
