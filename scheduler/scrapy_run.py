"""`scrapy crawl news -a source=NAME[,NAME...] [-a config=FILE]`: a crawl that Scrapy starts itself, without
a tollwatch process to store it. `scrapy.cfg` names `scheduler.scrapy_settings`, whose spider `news` is the
crawler's NewsSpider opened here: it reads the config (default ./tollwatch.toml), opens its database, starts a
run (trigger "scrapy"), stores in this process (`storage.service.DirectStore`) and closes the run at the end.

It lives in `scheduler`, above the crawler, as the daemon and `tollwatch crawl` do: the crawler reads no config.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

from scheduler.config import Config, ConfigError, load_config
from scheduler.crawl import due_revisits
from storage.db import DatabaseError, open_database
from storage.link import DatabaseUnavailable
from storage.recorder import claim_run, start_run, utcnow
from storage.service import DirectStore

from crawler.settings import build_settings
from crawler.spiders.news import NewsSpider, run_outcome

TRIGGER = "scrapy"
logger = logging.getLogger(__name__)


class SetupError(Exception):
    """A bad config, an unknown source or an unusable database: one line for the log."""


@dataclass
class Standalone:
    """A crawl run opened for a spider that Scrapy constructed: its sources (as a job's), settings and store."""

    config: Config
    sources: list[dict[str, Any]]
    settings: dict[str, Any]
    store: DirectStore

    @classmethod
    def open(cls, source: str | None, config: str | None, run: str | None = None) -> "Standalone":
        """Load the config, select the sources named (all when none are), open the database and start a run (or
        take over open run `run`, which the daemon started for a Scrapyd job); a SetupError saying what is
        wrong otherwise."""
        names = [name.strip() for name in (source or "").split(",") if name.strip()]
        try:
            loaded = load_config(config)
            selected = loaded.select(names)
            engine = open_database(loaded.database_url)
        except (ConfigError, DatabaseError) as exc:
            raise SetupError(str(exc)) from None
        try:
            if run is None:
                run_id = start_run(engine, [s.name for s in selected], TRIGGER, pid=os.getpid())
            elif not run.isdigit() or not claim_run(engine, int(run), os.getpid()):
                raise SetupError(f"crawl run {run[:40]!r} is not an open run of this database")
            else:
                run_id = int(run)
            due = due_revisits(loaded, engine, selected, utcnow())
            jobs = [dict(s.to_job(), revisit=due.get(s.name, [])) for s in selected]
            store = DirectStore(engine, run_id, {s["name"]: (s["kind"], s["urls"][0]) for s in jobs},
                                loaded.crawl.revisit_policy())
        except SetupError:
            engine.dispose()
            raise
        except Exception as exc:
            engine.dispose()
            raise SetupError(f"cannot start a crawl run: {type(exc).__name__}: {exc}") from None
        # the config's [crawl] table, below `-s` options (priority "spider"); Scrapy's own LOG_LEVEL stays
        settings = build_settings({"crawl": loaded.crawl.to_job()})
        for name in ("LOG_LEVEL", "LOG_VERSIONS", "TOLLWATCH_PROGRESS"):
            settings.pop(name, None)
        return cls(loaded, jobs, settings, store)

    def finish(self, status: str, message: str | None) -> None:
        """Close the run with the crawl's outcome once everything is stored, then update the monitors."""
        store = self.store
        try:
            store.call("finish", status, message)  # after everything sent before it is stored
        except DatabaseUnavailable as exc:
            logger.error("cannot close crawl run %s: %s", store.run_id, exc)
        finally:
            store.close()
        try:  # monitors: series, changes and alerts of what this run wrote, as after `tollwatch crawl`
            from scheduler.monitors import after_crawl

            after_crawl(self.config, store.engine, store.run_id)
        except Exception:  # noqa: BLE001 - never fails the crawl
            logger.exception("crawl %s: recording monitors failed", store.run_id)
        finally:
            store.engine.dispose()



class ScrapyNewsSpider(NewsSpider):
    """The `news` spider as `scrapy crawl` constructs it: its sources, store and run opened from the config; on
    a bad config or an unknown source, one error line and exit code 2 (before anything is crawled)."""

    def __init__(self, source: str | None = None, config: str | None = None, run: str | None = None,
                 **kwargs: Any):
        try:
            self.standalone = Standalone.open(source, config, run)
        except SetupError as exc:
            logger.error("%s", exc)
            raise SystemExit(2) from None  # Scrapy builds the spider in a task: an exception prints a traceback
        super().__init__(self.standalone.sources, self.standalone.store, **kwargs)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "ScrapyNewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.settings.setdict(spider.standalone.settings, priority="spider")  # `-s` options still win
        return spider

    def closed(self, reason: str) -> None:
        """Store the bound notes, then close the run with the crawl's outcome."""
        super().closed(reason)
        database_error = self.crawler.stats.get_value("tollwatch/database_error")
        self.standalone.finish(*run_outcome(self, reason, database_error))
