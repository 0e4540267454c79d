"""Several crawl runs writing one database at once, on a SQLite file and on PostgreSQL: recorders in separate
processes storing the same articles at the same moment, and two real `tollwatch crawl` commands over one site.
Every article and every distinct version is stored once, exactly one run counts an article new, no write
fails, and each figure change follows the one before it. A batch that loses a deadlock is written again, and
a record the database refuses is counted as a fetch error, not dropped."""
from __future__ import annotations

import asyncio
import multiprocessing
import queue
import random
import subprocess
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from sqlalchemy import event, text

from crawler.items import PageItem
from storage.db import first_line, open_database
from storage.recorder import PageRecord, Recorder, UnchangedRecord, finish_run, start_run
from tests.conftest import TOLLWATCH
from tests.site import FixtureSite, Page, config_toml, make_articles, publish, source_toml
from tests.test_pipelines import pipeline

WRITERS = 6
ARTICLES = 40  # even ones have the same text in every run, odd ones a text of each run's own
BATCH = 5  # records per transaction, as the storage service groups what queued up
SOURCE, FEED = "wire", "https://wire.example/rss"


def figure(value: int, sentence: str) -> dict[str, Any]:
    """A headline toll, as the extraction reports it."""
    return {"category": "killed", "value": value, "low": None, "high": None, "vague": False, "qualifier": "at_least",
            "who": None, "where": None, "attribution": "officials", "cumulative": True, "role": "total",
            "sentence": sentence, "start": 9, "end": 9 + len(str(value)), "background": False, "language": "en"}


def article(number: int, writer: int) -> PageRecord:
    """Article `number` as `writer` fetched it: the same for all writers when `number` is even, its own toll
    (and so its own text) for each writer when odd."""
    value = 10 + number if number % 2 == 0 else 100 * number + writer
    sentence = f"At least {value} people were killed in the floods, officials said."
    url = f"https://wire.example/news/{number}"
    return PageRecord(url=url, source=SOURCE, text=f"Floods swept the valley overnight. {sentence}",
                      title=f"Floods {number}", figures=[figure(value, sentence)], fetched_url=url,
                      etag=f'"{number}-{value}"', body_hash=f"{number}-{value}", language="en")


def write_articles(db_url: str, writer: int, start: Any, results: Any) -> None:
    """One crawl run in its own process: once every writer is ready, store all the articles in batches, in an
    order of its own, and report the outcomes (or the exception that stopped it)."""
    engine = open_database(db_url, migrate=False)
    records = [article(number, writer) for number in range(ARTICLES)]
    random.Random(writer).shuffle(records)
    start.wait()
    try:
        run_id = start_run(engine, [SOURCE])
        recorder = Recorder(engine, run_id, {SOURCE: ("feed", FEED)})
        outcomes: Counter[str | None] = Counter()
        for first in range(0, ARTICLES, BATCH):
            outcomes.update(recorder.record(records[first:first + BATCH]))
        finish_run(engine, run_id, "ok")
        results.put((writer, dict(outcomes), None))
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put((writer, None, f"{type(exc).__name__}: {first_line(exc)}"))
    finally:
        engine.dispose()


def query(db_url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(sql))]
    finally:
        engine.dispose()


def test_recorders_in_parallel_processes_store_each_article_once(db_url: str) -> None:
    """Six runs store 40 articles at once, in batches and orders of their own: half the articles with one
    text, half with a text per run. Each article is new to exactly one run; a shared text is one version,
    unchanged for the other runs; each run's own text is a version of its own, and its toll one figure change,
    whose old value is the value the change before it set."""
    open_database(db_url).dispose()  # the schema, before the writers start
    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(WRITERS), context.Queue()
    writers = [context.Process(target=write_articles, args=(db_url, n, start, results)) for n in range(WRITERS)]
    for process in writers:
        process.start()
    reports = []
    for _ in writers:
        try:
            reports.append(results.get(timeout=180))
        except queue.Empty:
            break
    for process in writers:
        process.join(timeout=30)
    assert [error for _, _, error in reports if error] == []
    assert len(reports) == WRITERS and all(process.exitcode == 0 for process in writers)

    shared, own = ARTICLES // 2, ARTICLES // 2
    outcomes = sum((Counter(counts) for _, counts, _ in reports), Counter())
    assert outcomes == {"new": ARTICLES, "unchanged": shared * (WRITERS - 1), "changed": own * (WRITERS - 1)}
    runs = query(db_url, "SELECT sum(pages_fetched), sum(new_articles), sum(changed_articles), "
                         "sum(unchanged_articles), sum(errors), sum(figure_changes), count(*) FROM crawl_runs")
    assert runs == [(WRITERS * ARTICLES, ARTICLES, own * (WRITERS - 1), shared * (WRITERS - 1), 0,
                     shared + own * WRITERS, WRITERS)]
    assert query(db_url, "SELECT count(*), count(DISTINCT url) FROM articles") == [(ARTICLES, ARTICLES)]
    assert query(db_url, "SELECT count(*) FROM sources") == [(1,)]
    assert query(db_url, "SELECT count(*) FROM fetch_state") == [(ARTICLES,)]
    versions = query(db_url, "SELECT a.url, count(*), count(DISTINCT v.content_hash) FROM article_versions v "
                             "JOIN articles a ON a.id = v.article_id GROUP BY a.url")
    expected = {f"https://wire.example/news/{n}": WRITERS if n % 2 else 1 for n in range(ARTICLES)}
    assert {url: (count, distinct) for url, count, distinct in versions} == {
        url: (count, count) for url, count in expected.items()}

    changes: dict[str, list[tuple[int | None, int]]] = {}
    for url, old, new in query(db_url, "SELECT a.url, c.old_value, c.new_value FROM figure_changes c "
                                       "JOIN articles a ON a.id = c.article_id ORDER BY c.id"):
        changes.setdefault(url, []).append((old, new))
    for number in range(ARTICLES):
        chain = changes[f"https://wire.example/news/{number}"]
        if number % 2 == 0:
            assert chain == [(None, 10 + number)]
        else:  # one change per run's text, each from the value the one before it left
            assert sorted(new for _, new in chain) == [100 * number + n for n in range(WRITERS)]
            assert [old for old, _ in chain] == [None] + [new for _, new in chain[:-1]]


SITE_ARTICLES = 60  # the more articles both crawls store at once, the likelier a race


def served_in_pairs(site: FixtureSite, paths: list[str], crawls: int = 2) -> None:
    """Answer each of `paths` only once every crawl has asked for it, so that the crawls fetch, extract and
    store each article at the same moment (a crawl that asked waits for the other, a minute at most)."""
    for path in paths:
        page, meeting = site.routes[path], threading.Barrier(crawls)

        def send(handler: BaseHTTPRequestHandler, page: Page = page, meeting: threading.Barrier = meeting) -> None:
            try:
                meeting.wait(timeout=60)
            except threading.BrokenBarrierError:
                pass  # the other crawl never asked: answer all the same, the counts will tell
            page.send(handler)

        site.routes[path] = Page(handler=send)


def test_two_crawl_commands_at_once_store_each_article_once(tmp_path: Path, site: FixtureSite, db_url: str) -> None:
    """Two `tollwatch crawl` of one site's sitemap into one database at once, each article page served to both
    at the same moment: both end well and without a traceback, each fetched every article, and each article
    is one row with one version, new to one of the runs and unchanged to the other."""
    articles = make_articles(SITE_ARTICLES)
    publish(site, articles)
    sitemap = source_toml("fixture-sitemap", "sitemap", f"{site.url}/sitemap.xml")
    # extraction in the crawl process: no worker pool to wait for, which would put one crawl seconds behind
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, db_url, sitemap).replace("workers = 1",
                                                                                            "workers = 0"))
    open_database(db_url).dispose()  # the schema, before the crawls start
    served_in_pairs(site, [article.path for article in articles])
    crawls = [subprocess.Popen([TOLLWATCH, "crawl"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True) for _ in range(2)]
    ended = [crawl.communicate(timeout=180) for crawl in crawls]
    for crawl, (out, err) in zip(crawls, ended):
        assert crawl.returncode == 0, out + err
        assert "Traceback" not in out + err and "ERROR" not in err, out + err

    assert {path: site.hits[path] for path in site.hits if path.startswith("/world/2026/")} == {
        article.path: 2 for article in articles}
    runs = query(db_url, "SELECT status, pages_fetched, new_articles, changed_articles, unchanged_articles, errors "
                         "FROM crawl_runs ORDER BY id")
    assert [(status, pages, changed, errors) for status, pages, _, changed, _, errors in runs] == [
        ("ok", SITE_ARTICLES, 0, 0)] * 2
    assert [new + unchanged for _, _, new, _, unchanged, _ in runs] == [SITE_ARTICLES] * 2
    assert sum(new for _, _, new, _, _, _ in runs) == SITE_ARTICLES
    assert query(db_url, "SELECT count(*), count(DISTINCT url) FROM articles") == [(SITE_ARTICLES, SITE_ARTICLES)]
    assert query(db_url, "SELECT count(*), count(DISTINCT article_id) FROM article_versions") == [
        (SITE_ARTICLES, SITE_ARTICLES)]
    assert query(db_url, "SELECT count(*) FROM fetch_errors") == [(0,)]


def test_a_batch_that_loses_a_deadlock_is_written_again(pg_url: str) -> None:
    """Two runs whose batches each store one article's new text and a re-fetch of the other's article lock
    the two fetch states in opposite orders: PostgreSQL ends the deadlock by failing one transaction, which
    the recorder writes again once the other has committed. Both batches are stored, nothing twice."""
    engine = open_database(pg_url)
    urls = ["https://wire.example/news/x", "https://wire.example/news/y"]
    first = Recorder(engine, start_run(engine, [SOURCE]), {SOURCE: ("feed", FEED)})
    assert first.record([PageRecord(url=url, source=SOURCE, text="Old text.", fetched_url=url) for url in urls]) == [
        "new", "new"]
    meeting = threading.Barrier(2)
    waited = threading.local()

    def meet(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        """Once per writer: after the page's fetch state is written, wait until the other writer wrote its own,
        so each holds what the other's re-fetch will update."""
        if not statement.startswith("SELECT") and "fetch_state" in statement and "article_id" in statement \
                and not getattr(waited, "done", False):
            waited.done = True
            meeting.wait(timeout=30)

    event.listen(engine, "after_cursor_execute", meet)
    failures: list[str | None] = []
    event.listen(engine, "handle_error", lambda context: failures.append(
        getattr(context.original_exception, "sqlstate", None)))
    outcomes: dict[str, Any] = {}

    def write(page_url: str, refetched_url: str) -> None:
        recorder = Recorder(engine, start_run(engine, [SOURCE]), {SOURCE: ("feed", FEED)})
        try:
            outcomes[page_url] = recorder.record([
                PageRecord(url=page_url, source=SOURCE, text="New text.", fetched_url=page_url),
                UnchangedRecord(refetched_url, 304, SOURCE)])
        except Exception as exc:  # noqa: BLE001 - the test fails on it
            outcomes[page_url] = f"{type(exc).__name__}: {first_line(exc)}"

    writers = [threading.Thread(target=write, args=pair) for pair in (urls, urls[::-1])]
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    engine.dispose()
    assert outcomes == {url: ["changed", "unchanged"] for url in urls}
    assert failures == ["40P01"]  # deadlock_detected, once
    assert query(pg_url, "SELECT count(*), count(DISTINCT content_hash) FROM article_versions") == [(4, 2)]
    assert query(pg_url, "SELECT sum(changed_articles), sum(unchanged_articles) FROM crawl_runs") == [(2, 2)]


def test_a_record_the_database_refuses_is_counted_as_a_fetch_error(db_url: str) -> None:
    """A page that cannot be stored (here, of a source its run does not know) is not dropped: it becomes a
    fetch error with the reason, counted in the run, and the crawl goes on."""
    storage, service, run_id = pipeline(db_url)
    bad = PageItem("elsewhere", "https://wire.example/b", b"", "text/html", status=200)
    bad.article = {"url": None, "text": "At least 12 people were killed.", "title": None, "published": None,
                   "author": None, "language": "en", "partial": False, "figures": [], "totals": []}

    async def crawl() -> None:
        assert await storage.process_item(bad) is bad
        await storage.close_spider()

    asyncio.run(crawl())
    storage.link.close()
    service.join()
    service.engine.dispose()
    assert storage.stats.get_value("tollwatch/errors") == 1 and not storage.failed
    assert query(db_url, f"SELECT pages_fetched, new_articles, errors FROM crawl_runs WHERE id = {run_id}") == [
        (1, 0, 1)]
    assert query(db_url, "SELECT url, status, outcome, reason FROM fetch_errors") == [
        ("https://wire.example/b", 200, "error", "cannot be stored: KeyError: 'elsewhere'")]
    assert query(db_url, "SELECT count(*) FROM articles") == [(0,)]
