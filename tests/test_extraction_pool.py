"""Extraction pools (crawler/extraction_pool.py): the daemon's one pool, to which its crawls send their pages over
their links, starting no pool of their own; it stops when idle, survives dead workers (trying each page they
held once more), and its workers are held to the memory limit and, per page, to a CPU-time limit the kernel
enforces."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

from crawler.extraction_pool import ExtractionPool, WorkerDied
from tests.processes import command, crawl_tree, descendants, parent, running
from tests.site import FixtureSite, article_html, config_toml, make_articles
from tests.test_daemon import Daemon, rows, slow_articles, source, wait_for

LIMIT = 3 * 1024**3


ARTICLES = make_articles(20)


def _page(n: int) -> tuple[bytes, str, str, None]:
    """Article n of the fixture site, as a crawl sends it: its killed figure is 10 + n."""
    article = ARTICLES[n]
    html = article_html(article, "http://127.0.0.1")
    return html.encode(), "text/html; charset=utf-8", f"http://127.0.0.1{article.path}", None


def _workers() -> set[int]:
    return set(crawl_tree(descendants(os.getpid()))["worker"])


def test_pages_from_several_callers_share_one_pool_which_stops_when_idle_and_survives_a_dead_worker() -> None:
    before = _workers()
    extraction = ExtractionPool(2, memory_limit=LIMIT, cpu_limit=30, idle_after=0.5)
    try:
        futures: list[Future] = []
        callers = [threading.Thread(target=lambda k=k: futures.extend(extraction.submit(*_page(k * 10 + i))
                                                                     for i in range(4))) for k in range(2)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join()
        packed = [future.result(timeout=60) for future in futures]
        assert len(packed) == 8 and all(p.article and "have been killed" in p.article["text"] for p in packed)
        assert sorted(f["value"] for p in packed for f in p.article["figures"] if f["category"] == "killed") == \
            [10, 11, 12, 13, 20, 21, 22, 23]
        assert extraction.pools_started == 1
        workers = _workers() - before
        assert len(workers) == 2, workers
        for pid in workers:  # each worker is held to the memory limit, and to 30 more CPU-seconds for its page
            limits = Path(f"/proc/{pid}/limits").read_text()
            assert f"Max address space         {LIMIT}" in limits
            soft = int(re.search(r"Max cpu time +(\d+)", limits).group(1))
            assert 30 < soft <= 30 + 5, limits

        # idle: the workers stop; the next page starts a new pool
        wait_for(lambda: not (_workers() & workers), 30, "the idle pool's workers to exit")
        assert extraction.submit(*_page(1)).result(timeout=60).article is not None
        assert extraction.pools_started == 2

        # a worker killed (out of memory, say) breaks its pool: the next page starts another, and is extracted
        extraction.idle_after = 60.0
        assert extraction.submit(*_page(2)).result(timeout=60).article is not None
        victim = sorted(_workers() - before)[0]
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: victim not in _workers(), 10, "the killed worker to go")
        assert [extraction.submit(*_page(n)).result(timeout=60).article is not None for n in range(3)] == [True] * 3
        assert extraction.pools_started == 3
    finally:
        extraction.shutdown()
    failed = extraction.submit(*_page(0))
    assert "shut down" in str(failed.exception(timeout=1))


def test_parallel_daemon_crawls_extract_in_the_daemons_one_pool(tmp_path: Path, site: FixtureSite) -> None:
    slow_articles(site, delay=0.2)  # the two crawls overlap
    text = config_toml(site.url, "sqlite:///tollwatch.db", sources=source("alpha", f"{site.url}/rss.xml", "1h")
                       + source("beta", f"{site.url}/atom.xml", "1h")).replace("workers = 1", "workers = 2")
    assert "workers = 2" in text
    (tmp_path / "tollwatch.toml").write_text(text)
    daemon = Daemon(tmp_path, "--parallel", "2", "--batch", "1", "--memory-limit", "3G")
    try:
        seen: dict[str, set[int]] = {"crawl": set(), "forkserver": set(), "worker": set(), "tracker": set()}
        crawl_children: set[int] = set()

        def sample() -> bool:
            tree = descendants(daemon.process.pid)
            roles = crawl_tree(tree)
            for role in seen:
                seen[role].update(roles[role])
            crawl_children.update(pid for pid, _ in tree if parent(pid) in roles["crawl"])
            return rows(tmp_path, "SELECT count(*) FROM crawl_runs WHERE status = 'ok'") == [(2,)]

        wait_for(sample, 90, "a run of each source")
        assert len(seen["crawl"]) == 2, seen
        assert crawl_children == set(), [command(pid) for pid in crawl_children]  # no crawl started a pool
        assert len(seen["forkserver"]) == 1 and len(seen["worker"]) == 2, seen
        assert all(parent(pid) == daemon.process.pid for pid in seen["forkserver"])
        for pid in seen["worker"] | seen["crawl"]:
            limits = Path(f"/proc/{pid}/limits")
            if limits.exists():
                assert f"Max address space         {3 * 1024**3}" in limits.read_text()
        stored = rows(tmp_path, "SELECT count(*), count(DISTINCT v.article_id) FROM article_versions v "
                                "JOIN figures f ON f.version_id = v.id")
        assert stored[0][0] > 0, stored
        assert rows(tmp_path, "SELECT count(*) FROM fetch_errors") == [(0,)]
        assert daemon.log.count("extraction pool started: 2 workers") == 1, daemon.log
        # kill -9 of the daemon: its pool (still up, within its idle minute) and resource tracker end with it
        pool = [(pid, start) for pid, start in descendants(daemon.process.pid)
                if pid in seen["forkserver"] | seen["worker"] | seen["tracker"]]
        assert len(pool) == 4, (pool, seen)
        daemon.kill()
        wait_for(lambda: not running(pool), 10, "the pool to end with the daemon")
    finally:
        daemon.kill()



def test_a_reload_that_changes_the_workers_replaces_the_pool_and_zero_workers_shares_none() -> None:
    import dataclasses

    from scheduler.config import load_config
    from scheduler.daemon import Daemon as DaemonProcess, Options

    config = load_config(None)
    sized = {n: dataclasses.replace(config, crawl=dataclasses.replace(config.crawl, workers=n)) for n in (0, 2, 3)}
    daemon = DaemonProcess(Options(memory_limit=LIMIT))
    first = daemon._extraction_for(sized[2])
    assert first is not None and first.workers == 2 and first.memory_limit == LIMIT and first.cpu_limit == 60
    assert daemon._extraction_for(sized[2]) is first
    second = daemon._extraction_for(sized[3])
    assert second is not first and second.workers == 3 and not first.closed and not second.closed
    assert daemon._extraction_for(sized[3]) is second  # the crawls running with the first keep it until they end
    assert daemon._extraction_for(sized[0]) is None
    daemon.close()
    assert first.closed and second.closed


def test_the_kernel_ends_a_process_over_its_cpu_limit_even_in_c_code() -> None:
    """A regular expression that backtracks for ever never returns to the interpreter: only the kernel stops it."""
    code = ("import re; from crawler.worker import limit_cpu; limit_cpu(1); "
            "re.match(r'(a+)+$', 'a' * 64 + 'b')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60, cwd=Path(__file__).parent.parent)
    assert done.returncode == -signal.SIGXCPU, done


def test_a_page_whose_worker_dies_twice_fails_alone_and_the_pool_goes_on() -> None:
    big = ("<html><body><article>" + "<p>Forty people were killed in the strike, officials said on Monday. "
           "Rescue teams searched the rubble through the night.</p>" * 40_000 + "</article></body></html>").encode()
    before = _workers()
    extraction = ExtractionPool(1, cpu_limit=30, idle_after=None)
    try:
        assert extraction.submit(*_page(0)).result(timeout=60).article is not None  # the pool is up
        page = extraction.submit(big, "text/html", "http://127.0.0.1/world/2026/big.html", None)
        for _ in range(2):  # its worker killed twice while extracting it (as the kernel does past the limit)
            busy = wait_for(lambda: _busy_worker(before), 30, "a worker busy with the page")
            os.kill(busy, signal.SIGKILL)
            wait_for(lambda: busy not in _workers(), 10, "the killed worker to go")
        error = page.exception(timeout=60)
        assert isinstance(error, WorkerDied) and "over its CPU limit of 30s for a page" in str(error), error
        assert extraction.submit(*_page(1)).result(timeout=60).article is not None
        assert extraction.pools_started == 3
    finally:
        extraction.shutdown()


def _busy_worker(before: set[int]) -> int | None:
    """A worker of the pool that has used over 0.1 s of CPU since it started extracting (a page in hand)."""
    for pid in _workers() - before:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") > 0.3:
            return pid
    return None
