"""One extraction pool per daemon (crawler/shared_extraction.py): the daemon's crawls send their pages to it over
their links and start no pool of their own; the pool stops when idle, survives a dead worker, and each of its
workers and each crawl process is held to the memory limit."""
from __future__ import annotations

import os
import signal
import threading
from concurrent.futures import Future
from pathlib import Path

from crawler.shared_extraction import SharedExtraction
from tests.processes import command, crawl_tree, descendants, parent
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
    extraction = SharedExtraction(2, memory_limit=LIMIT, idle_after=0.5)
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
        for pid in workers:  # each worker is held to the memory limit
            assert f"Max address space         {LIMIT}" in Path(f"/proc/{pid}/limits").read_text()

        # idle: the workers stop; the next page starts a new pool
        wait_for(lambda: not (_workers() & workers), 30, "the idle pool's workers to exit")
        assert extraction.submit(*_page(1)).result(timeout=60).article is not None
        assert extraction.pools_started == 2

        # a worker killed (out of memory, say) breaks its pool: at most the pages it had fail, the next start another
        extraction.idle_after = 60.0
        assert extraction.submit(*_page(2)).result(timeout=60).article is not None
        victim = sorted(_workers() - before)[0]
        os.kill(victim, signal.SIGKILL)
        wait_for(lambda: victim not in _workers(), 10, "the killed worker to go")
        outcomes = []
        for n in range(3):
            try:
                outcomes.append(extraction.submit(*_page(n)).result(timeout=60).article is not None)
            except Exception as exc:  # noqa: BLE001
                outcomes.append(type(exc).__name__)
        assert outcomes[-1] is True and set(outcomes) <= {True, "BrokenProcessPool"}, outcomes
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
        seen: dict[str, set[int]] = {"crawl": set(), "forkserver": set(), "worker": set()}
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
    assert first is not None and first.workers == 2 and first.memory_limit == LIMIT
    assert daemon._extraction_for(sized[2]) is first
    second = daemon._extraction_for(sized[3])
    assert second is not first and second.workers == 3 and first.closed and not second.closed
    assert daemon._extraction_for(sized[0]) is None
    daemon.close()
    assert second.closed
