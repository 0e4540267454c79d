"""What the crawl's processes load, and when: the command and the crawl process never import the
extractor, and the extraction workers start only once the crawl has a page to extract."""
from __future__ import annotations

import gc
import json
import os
import pickle
import socket
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler.conditional import ConditionalRequests
from crawler.entry import YOUNG_THRESHOLD
from crawler.pipelines import ExtractionPipeline
from crawler.settings import scrapy_settings
from crawler.work import extract_and_pack
from crawler.worker import pages_to_extract, worker_context
from scheduler.spawn import CrawlProcess
from storage.db import open_database
from storage.link import StorageLink, send
from storage.recorder import PageRecord, Recorder, has_articles, start_run
from storage.service import StorageService
from tests.conftest import TOLLWATCH
from tests.site import FixtureSite, config_toml

HEAVY = ("trafilatura", "crawler.extraction.page", "crawler.extraction.figures.grammar", "scrapy", "sqlalchemy")
ARTICLE = (b"<html><body><article><h1>Flood</h1><p>" + b"At least 12 people were killed in the flood, officials "
           b"said on Monday. " * 10 + b"</p></article></body></html>")


def loaded_after(code: str, stdin: bytes = b"") -> set[str]:
    """The heavy modules a fresh interpreter has imported after running `code`."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], input=stdin, capture_output=True, check=True)
    return set(out.stdout.decode().split())


def test_the_command_loads_nothing_heavy_before_a_command_runs() -> None:
    assert loaded_after("import scheduler.cli; scheduler.cli.build_parser()") == set()


def test_loading_a_config_loads_nothing_heavy(tmp_path: Path) -> None:
    """`tollwatch crawl` loads its config before it starts the crawl process, which imports Scrapy while
    the command opens the database: the config must not hold that start up."""
    config = tmp_path / "tollwatch.toml"
    config.write_text(config_toml("http://127.0.0.1:9", f"sqlite:///{tmp_path / 'db.sqlite'}",
                                  extra='[[monitors]]\nname = "floods"\nkeywords = ["flood"]\n'))
    code = f"from scheduler.config import load_config; assert load_config({str(config)!r}).monitors"
    assert loaded_after(code) == set()


def test_the_crawl_process_never_loads_sqlalchemy() -> None:
    """The crawl process stores through its link to the command (or daemon) that started it: SQLAlchemy
    would add a fifth of a second of importing to every crawl's start-up, a re-crawl's largest cost after
    its requests."""
    probe = ("import sys, crawler.entry, crawler.run, crawler.middlewares, crawler.pipelines; "
             "print(' '.join(m for m in ('sqlalchemy', 'storage.recorder', 'storage.db') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, text=True)
    assert out.stdout.split() == []


def test_the_crawl_process_loads_multiprocessing_only_to_extract() -> None:
    """A re-crawl answered with 304s extracts nothing: the worker pool's modules (multiprocessing, 20 ms of
    a re-crawl's start-up) are imported when the workers start, not with the crawler."""
    probe = ("import sys, crawler.entry, crawler.run, crawler.middlewares, crawler.pipelines; "
             "print(' '.join(m for m in ('multiprocessing', 'concurrent.futures.process') if m in sys.modules)); "
             "from crawler.worker import worker_context; worker_context(); "
             "print('multiprocessing' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, text=True)
    assert out.stdout.splitlines() == ["", "True"]


def test_a_crawls_command_loads_neither_the_orm_nor_alembic(tmp_path: Path) -> None:
    """The command sends the crawl process its job as soon as it can: the ORM's import (a tenth of a
    second) would hold up the crawl, whose process has imported Scrapy by then. A database already at the
    newest revision needs no Alembic."""
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_database(db).dispose()
    config = tmp_path / "tollwatch.toml"
    config.write_text(config_toml("http://127.0.0.1:9", db))
    code = ("from scheduler.config import load_config\n"
            "from scheduler.crawl import run_crawl\n"
            "from storage.db import opened_database\n"
            f"config = load_config({str(config)!r})\n"
            "with opened_database(config.database_url) as engine:\n"
            "    result = run_crawl(config, engine, config.sources)\n"
            "assert result.status == 'failed', result\n"
            "import sys\n"
            "print(' '.join(m for m in ('sqlalchemy.orm', 'storage.models', 'alembic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, text=True, timeout=120)
    assert out.stdout.split() == []


def test_the_crawl_process_keeps_its_link_from_the_processes_it_starts() -> None:
    """The link arrives as stdin; moved off it, and not inheritable, so that the command sees it close the
    moment the crawl process ends, even while its extraction workers' server is still shutting down."""
    probe = ("import os, stat, sys\n"
             "from crawler.entry import take_link\n"
             "from storage.link import receive\n"
             "link = take_link()\n"
             "print(receive(link), os.get_inheritable(link.fileno()), stat.S_ISCHR(os.fstat(0).st_mode),\n"
             "      sys.stdin.read() == '')\n")
    child = CrawlProcess([sys.executable, "-c", probe], stdout=subprocess.PIPE)
    send(child.link, "job")
    out, _ = child.communicate(timeout=60)
    child.link.close()
    assert out.decode().split() == ["job", "False", "True", "True"]  # stdin is /dev/null now


def test_the_crawl_runs_with_its_imports_frozen_and_collection_on() -> None:
    """The crawl process imports with garbage collection off, then freezes what the imports built and
    turns collection back on, with a larger first threshold, before the crawl starts."""
    probe = ("import gc, json, crawler.run\n"
             "def crawl(job, link):\n"
             "    print(json.dumps([gc.isenabled(), gc.get_threshold()[0], gc.get_freeze_count()]))\n"
             "    return 0\n"
             "crawler.run.crawl = crawl\n"
             "from crawler.entry import main\n"
             "main()\n")
    child = CrawlProcess([sys.executable, "-c", probe], stdout=subprocess.PIPE)
    send(child.link, {"first_crawl": False, "crawl": {"workers": 0}})
    out, _ = child.communicate(timeout=60)
    child.link.close()
    assert child.returncode == 0
    enabled, threshold, frozen = json.loads(out)
    assert enabled and threshold == YOUNG_THRESHOLD
    assert frozen > 50_000  # Scrapy and Twisted, at least


def test_a_quiet_crawl_does_not_gather_the_versions_it_would_not_log() -> None:
    crawl = {"contact": "ops@example.org", "obey_robots": True, "autothrottle": True, "concurrency": 8,
             "per_domain": 2, "delay": 1.0, "timeout": 30, "max_size": 1 << 20, "workers": 1, "url_budget": 5000,
             "sitemap_depth": 3, "revisit_share": 0.5}
    job = {"crawl": crawl, "run_id": 1, "sources": []}
    assert scrapy_settings({**job, "log_level": "ERROR"}).getlist("LOG_VERSIONS") == []
    assert "Platform" in scrapy_settings({**job, "log_level": "INFO"}).getlist("LOG_VERSIONS")  # --verbose


def with_crawl_components(code: str) -> str:
    """The output of `code`, run in a fresh interpreter where `crawler` is a Scrapy crawler with the crawl's
    settings (its reactor installed, as in the crawl process)."""
    probe = ("from scrapy.utils.reactor import install_reactor\n"
             "install_reactor('twisted.internet.asyncioreactor.AsyncioSelectorReactor')\n"
             "from scrapy.utils.test import get_crawler\n"
             "from crawler.settings import scrapy_settings\n"
             "crawler = get_crawler(settings_dict=scrapy_settings().copy_to_dict())\n" + code)
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, check=True, text=True).stdout


def test_no_spider_middleware_wraps_the_output_of_every_page() -> None:
    """Each spider middleware with an output method adds a layer of asynchronous generators to every
    response's output, article pages included; the crawl's links are made conditional by the spider's
    feed, sitemap and listing callbacks instead."""
    out = with_crawl_components("""
from scrapy.core.spidermw import SpiderMiddlewareManager
manager = SpiderMiddlewareManager.from_crawler(crawler)
print(sum(method is not None for method in manager.methods["process_spider_output"]),
      len(manager.methods["process_start"]))
""")
    assert out.split() == ["0", "1"]  # no output layers; start requests are still marked


def test_no_extension_receives_a_signal_per_stored_page() -> None:
    """Scrapy runs each receiver of `item_scraped` as an asyncio task of its own, for every page; the
    crawl's stats still have their finish reason and (for --verbose's log line) the pages recorded."""
    out = with_crawl_components("""
from pydispatch.dispatcher import getAllReceivers
from scrapy import signals
from scrapy.extension import ExtensionManager
manager = ExtensionManager.from_crawler(crawler)
names = sorted(type(ext).__name__ for ext in manager.middlewares)
stats = crawler.stats
spider = object()
crawler.signals.send_catch_log(signals.spider_opened, spider=spider)
stats.inc_value("tollwatch/new", 2)
stats.inc_value("tollwatch/unchanged", 5)
crawler.signals.send_catch_log(signals.spider_closed, spider=spider, reason="finished")
print(len(list(getAllReceivers(crawler.signals.sender, signals.item_scraped))), stats.get_value("finish_reason"),
      stats.get_value("item_scraped_count"), "PageStats" in names, "PageLogStats" in names, "ReleaseMemory" in names)
""")
    assert out.split() == ["0", "finished", "7", "True", "True", "True"]


def test_a_worker_result_is_read_without_the_extractor() -> None:
    packed = extract_and_pack(ARTICLE, "text/html", "https://wire.example/a")
    assert packed.article is not None and packed.article["figures"][0]["value"] == 12
    code = ("import pickle, sys; packed = pickle.loads(sys.stdin.buffer.read()); "
            "assert packed.article['figures'][0]['value'] == 12")
    assert loaded_after(code, pickle.dumps(packed)) == set()


def test_workers_start_on_the_first_page_or_when_new_articles_are_announced() -> None:
    crawler = get_crawler(settings_dict={"TOLLWATCH_WORKERS": 1})
    pipeline = ExtractionPipeline.from_crawler(crawler)
    try:
        assert pipeline.pool is not None and pipeline.pool.pools_started == 0
        crawler.signals.send_catch_log(pages_to_extract)
        assert pipeline.pool.pools_started == 1
        pipeline.start_workers()  # once only
        assert pipeline.pool.pools_started == 1
        pipeline.pool.ready.result(timeout=120)
    finally:
        pipeline.close_spider()


def test_workers_collect_garbage_and_share_the_frozen_extractor() -> None:
    """The forkserver loads the extractor with collection off; its workers must collect again, and leave
    the extractor's objects (frozen, shared copy-on-write) alone."""
    with ProcessPoolExecutor(1, mp_context=worker_context()) as pool:
        enabled, frozen = pool.submit(gc.isenabled).result(timeout=120), pool.submit(gc.get_freeze_count).result()
    assert enabled
    assert frozen > 50_000  # trafilatura, lxml, the language model...


def test_new_article_links_announce_extraction_and_known_ones_do_not(sqlite_url: str) -> None:
    engine = open_database(sqlite_url)
    assert not has_articles(engine, ["wire"])
    recorder = Recorder(engine, start_run(engine, ["wire"]), {"wire": ("feed", "https://wire.example/rss")})
    recorder.record_page(PageRecord(url="https://wire.example/a", source="wire", text="Twelve were killed.",
                                    figures=[], fetched_url="https://wire.example/a", etag='"v1"'))
    assert has_articles(engine, ["wire"]) and not has_articles(engine, ["other"])

    ours, theirs = socket.socketpair()
    service = StorageService(theirs, engine, 1, {}).start()
    crawler = get_crawler()
    announced: list[bool] = []
    crawler.signals.connect(lambda: announced.append(True), signal=pages_to_extract, weak=False)
    conditional = ConditionalRequests(StorageLink(ours), crawler)

    def links(*urls: str) -> list[Request]:
        return conditional.prepare([Request(u, meta={"article": True}) for u in urls])

    known = links("https://wire.example/a")
    assert announced == [] and known[0].headers[b"If-None-Match"] == b'"v1"'
    links("https://wire.example/a", "https://wire.example/b")
    assert announced == [True]
    conditional.link.close()
    service.join()
    engine.dispose()


# Imported at start-up of the tollwatch command (sqlalchemy), the crawl process (crawler.entry before its
# Ctrl-C guard, then scrapy.crawler) and the extraction workers' forkserver (trafilatura).
CTRL_C_POINTS = ("sqlalchemy", "crawler.entry", "scrapy.crawler", "trafilatura")
# Loaded by every Python process of the crawl through PYTHONPATH: the first process to import the module named
# in TOLLWATCH_TEST_CTRL_C_AT sends SIGINT to the whole process group, as Ctrl-C in a terminal does.
CTRL_C_HOOK = """
import os, signal, sys

class CtrlCAtImport:
    def find_spec(self, name, path=None, target=None):
        if name == os.environ["TOLLWATCH_TEST_CTRL_C_AT"]:
            try:
                os.close(os.open(os.environ["TOLLWATCH_TEST_CTRL_C_MARK"], os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                return None
            os.killpg(os.getpgrp(), signal.SIGINT)
        return None

if os.environ.get("TOLLWATCH_TEST_CTRL_C_AT"):
    sys.meta_path.insert(0, CtrlCAtImport())
"""


@pytest.mark.parametrize("module", CTRL_C_POINTS)
def test_ctrl_c_while_starting_up_is_reported_without_a_traceback(site: FixtureSite, tmp_path: Path,
                                                                   module: str) -> None:
    """Ctrl-C reaches the command, the crawl process and the extraction workers' server while one of them
    imports `module` (at that point exactly, not after a guessed delay); each ends quietly and the command
    says it was interrupted."""
    config = tmp_path / "tollwatch.toml"
    config.write_text(config_toml(site.url, f"sqlite:///{tmp_path / 'tw.db'}"))
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CTRL_C_HOOK)
    mark = tmp_path / "ctrl-c-sent"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(hook), os.environ.get("PYTHONPATH")])),
           "TOLLWATCH_TEST_CTRL_C_AT": module, "TOLLWATCH_TEST_CTRL_C_MARK": str(mark)}
    crawl = subprocess.Popen([TOLLWATCH, "--config", str(config), "crawl", "--quiet"], cwd=tmp_path, env=env,
                             start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = crawl.communicate(timeout=120)[0].decode()
    assert mark.exists(), f"no process imported {module}: {out}"
    assert crawl.returncode in (1, 130), out
    assert "Traceback" not in out and "KeyboardInterrupt" not in out, out


def test_the_crawl_process_entry_exits_as_interrupted_with_the_code_the_parent_reads() -> None:
    """crawler/__main__.py cannot import crawler.entry's exit codes before its guard: its literal must match."""
    from crawler import entry

    assert "os._exit(4)" in (Path(entry.__file__).parent / "__main__.py").read_text()
    assert entry.EXIT_INTERRUPTED == 4


def test_no_downloader_middleware_filters_offsite_requests() -> None:
    """Scrapy's offsite filter passes every request of a spider without allowed_domains; it is switched off,
    which is right only while NewsSpider keeps allowed_domains empty (feeds link to other hosts)."""
    from crawler.spiders.news import NewsSpider

    names = with_crawl_components("""
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
manager = DownloaderMiddlewareManager.from_crawler(crawler)
print(" ".join(type(mw).__name__ for mw in manager.middlewares))
""").split()
    assert "RobotsTxtMiddleware" in names and "OffsiteMiddleware" not in names
    assert not getattr(NewsSpider, "allowed_domains", None)


