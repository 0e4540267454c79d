"""`tollwatch daemon`: crawl each source on its own schedule until SIGTERM or SIGINT.

An APScheduler 3 BackgroundScheduler fires one job per source (interval or cron, with jitter, one run
at a time, missed runs coalesced). Each run is `run_crawl` in a child process with a time and memory
limit; the daemon itself only waits, logs one line per run and keeps the schedule. The main thread
handles signals: SIGTERM/SIGINT stop (running crawls get a grace period), SIGHUP reloads the config.
"""
from __future__ import annotations

import collections
import dataclasses
import logging
import logging.handlers
import os
import random
import select
import signal
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobSubmissionEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from crawler.extraction_pool import ExtractionPool
from scheduler.backoff import DEFAULT_MAX_BACKOFF, backoff_delay, period
from scheduler.batches import batch_id, batch_label, batches, source_status
from scheduler.cluster import run_on_cluster
from scheduler.config import Config, ConfigError, Source, load_config
from scheduler.control import check_pidfile_writable, remove_pidfile, write_pidfile
from scheduler.crawl import StopRequest, run_crawl
from scheduler.detach import Notifier
from scheduler.lock import DaemonError, DaemonLock
from scheduler.monitors import FillStopped, fill_monitors
from scheduler.orphans import clean_up
from scheduler.output import timestamp
from scheduler.status import WALLED_RUNS, due, source_state, walled_streak
from storage.db import DatabaseError, first_line, open_database, safe_url
from storage.display import escape_controls
from storage.outcomes import describe, outcomes_by_source
from storage.records import WALLS
from storage.retention import limits, prune

log = logging.getLogger("tollwatch.daemon")

DEFAULT_TIME_LIMIT = 30 * 60.0
DEFAULT_MEMORY_LIMIT = 2 * 1024**3
DEFAULT_JITTER = 5.0
DEFAULT_GRACE = 30.0
DEFAULT_PARALLEL = 4
DEFAULT_BATCH = 100  # sources with the same schedule crawled in one crawl process, at most
LOCK_CHECK = 30.0  # seconds between checks that the PostgreSQL lock connection is still alive
OUTPUT_LINES = 40  # lines of a crawl process's own output (crashes, critical errors) logged per run
PRUNE_EVERY = 6 * 3600.0  # seconds between applications of [retention]; the first is at start
PRUNE_JOB = "tollwatch:retention"  # its job id: no source name has a colon


@dataclass
class Options:
    """Everything `tollwatch daemon` is told on its command line."""

    config: str | None = None
    database: str | None = None
    time_limit: float = DEFAULT_TIME_LIMIT
    memory_limit: int | None = DEFAULT_MEMORY_LIMIT
    jitter: float = DEFAULT_JITTER
    grace: float = DEFAULT_GRACE
    max_backoff: float = DEFAULT_MAX_BACKOFF
    parallel: int = DEFAULT_PARALLEL
    batch: int = DEFAULT_BATCH
    pidfile: Path | None = None
    logfile: Path | None = None

    def argv(self) -> list[str]:
        """The command line of the same daemon in the foreground (for --detach)."""
        argv = []
        if self.config:
            argv += ["--config", os.path.abspath(self.config)]
        if self.database:
            argv += ["--database", self.database]
        # seconds as digits: 1w is no 6.048e+05
        argv += ["daemon", "--time-limit", f"{self.time_limit:f}", "--memory-limit", str(self.memory_limit or 0),
                 "--jitter", f"{self.jitter:f}", "--grace", f"{self.grace:f}", "--max-backoff",
                 f"{self.max_backoff:f}", "--parallel", str(self.parallel), "--batch", str(self.batch)]
        if self.pidfile:
            argv += ["--pidfile", os.path.abspath(self.pidfile)]
        if self.logfile:
            argv += ["--logfile", os.path.abspath(self.logfile)]
        return argv


# --- log lines -------------------------------------------------------------------------------------

def one_line(text: str) -> str:
    """Control characters escaped, so text from a source cannot break a log line or forge another."""
    return escape_controls(text)


class OneLineFormatter(logging.Formatter):
    converter = time.gmtime

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%SZ")

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


def setup_logging(logfile: Path | None) -> logging.Handler:
    try:
        handler: logging.Handler = (logging.handlers.WatchedFileHandler(logfile, encoding="utf-8") if logfile
                                    else logging.StreamHandler(sys.stderr))
    except OSError as exc:
        raise DaemonError(f"cannot write log file {logfile}: {exc.strerror or exc}") from None
    handler.setFormatter(OneLineFormatter())
    for name, level in (("tollwatch", logging.INFO), ("apscheduler", logging.ERROR)):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False
    return handler


# --- the daemon ------------------------------------------------------------------------------------

class Daemon:
    """One daemon process: start() may raise user errors; loop() runs until stopped."""

    def __init__(self, options: Options):
        self.options = options
        self.stop = StopRequest()
        self.exit_code = 0
        self._mutex = threading.Lock()
        self._active = 0
        self._failures: dict[str, int] = {}  # failed runs in a row, per source
        self._backoff_until: dict[str, datetime | None] = {}  # a failing source sits out its batch's runs until then
        self._running: set[str] = set()  # sources in a crawl now: a batch re-made by a reload skips them
        self._signals: collections.deque[int] = collections.deque()
        self.lock: DaemonLock | None = None
        self.engine: Engine | None = None
        self.scheduler: BackgroundScheduler | None = None
        self._extraction: ExtractionPool | None = None  # the pool every local crawl extracts its pages in
        self._retired: list[ExtractionPool] = []  # pools a reload replaced: they serve their crawls until idle
        self._pidfile_written = False

    # start-up ------------------------------------------------------------------------------------

    def load(self) -> Config:
        config = load_config(self.options.config)
        if self.options.database:
            config = dataclasses.replace(config, database_url=self.options.database)
        if not config.sources:
            raise ConfigError(f"{config.where}: no sources configured")
        return config

    def start(self) -> None:
        self.config = self.load()
        self.sources = {s.name: s for s in self.config.sources}
        if self.options.pidfile:
            check_pidfile_writable(self.options.pidfile)
        url = self.config.database_url
        self.engine = open_database(url)
        self.lock = DaemonLock(url)
        self.lock.acquire()
        if self.options.pidfile:
            write_pidfile(self.options.pidfile)
            self._pidfile_written = True
        reaped, stale = clean_up(self.engine, daemon=True)
        if reaped:
            log.warning("ended %d process(es) left by crawls whose command or daemon died: pid %s", len(reaped),
                        ", ".join(map(str, reaped)))
        for run_id, message in stale.items():
            log.warning("run %d was left running; marked failed: %s", run_id, message)
        self.scheduler = BackgroundScheduler(
            executors={"default": ThreadPoolExecutor(self.options.parallel)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None})
        self.scheduler.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES)
        for batch in batches(self.config.sources, self.options.batch):
            self._schedule(batch)
        self.scheduler.add_job(self._prune, IntervalTrigger(seconds=PRUNE_EVERY), id=PRUNE_JOB, name="retention",
                               next_run_time=datetime.now(timezone.utc))
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        limit = f"{self.options.memory_limit / 1024**2:g} MiB" if self.options.memory_limit else "none"
        log.info("daemon started (pid %d) on %s with %d source(s) from %s; time limit %gs, memory limit %s, "
                 "jitter %gs, grace %gs, max back-off %gs, %d crawl(s) at a time%s", os.getpid(), safe_url(url),
                 len(self.sources), self.config.where, self.options.time_limit, limit, self.options.jitter,
                 self.options.grace, self.options.max_backoff, self.options.parallel,
                 f", on Scrapyd nodes {', '.join(self.config.cluster.scrapyd)}" if self.config.cluster.scrapyd else "")

    def _schedule(self, batch: tuple[Source, ...]) -> None:
        """(Re)create the job of a batch of sources with one schedule; its first run comes from their history, so
        a restart or a reload keeps its rhythm, runs once at once what was missed, and keeps backing off a
        failing source."""
        assert self.scheduler is not None and self.engine is not None
        now = datetime.now(timezone.utc)
        dues = []
        for member in batch:
            state = source_state(self.engine, member.name)
            self._failures[member.name] = state.failures
            dues.append(due(member, state, now, self.options.max_backoff))
            self._backoff_until[member.name] = dues[-1] if state.failures else None
        first, failing = min(dues), sum(bool(self._failures[member.name]) for member in batch)
        source, names = batch[0], tuple(member.name for member in batch)
        jitter = self.options.jitter or None
        if source.cron:
            trigger = CronTrigger.from_crontab(source.cron)
            trigger.jitter = jitter
        else:
            trigger = IntervalTrigger(seconds=source.interval, start_date=first, jitter=jitter)
        when = first + timedelta(seconds=random.uniform(0, self.options.jitter))
        job_id = batch_id(names)
        self.scheduler.add_job(self._crawl, trigger, args=[job_id, names], id=job_id, name=batch_label(names),
                               replace_existing=True, next_run_time=when)
        backing_off = (f" (backing off after {self._failures[source.name]} failed runs)" if len(batch) == 1 else
                       f" ({failing} backing off)") if failing else ""
        log.info("%s: %s; next run %s%s", batch_label(names),
                 f"cron {source.cron}" if source.cron else f"every {source.interval:g}s", _when(when, now),
                 backing_off)

    # the job -------------------------------------------------------------------------------------

    def _crawl(self, job_id: str, names: tuple[str, ...]) -> None:
        """The job of a batch: one crawl of its sources still configured, not crawling now and not backing
        off; returns at once once the daemon is stopping."""
        now = datetime.now(timezone.utc)
        with self._mutex:
            if self.stop.asked.is_set():
                return
            sources = tuple(self.sources[name] for name in names if name in self.sources
                            and name not in self._running and (self._backoff_until.get(name) or now) <= now)
            if not sources:
                return
            self._running.update(source.name for source in sources)
            config = self.config
            self._active += 1
        try:
            self._run(sources, config)
            self._wait_for_backoff(job_id, names)
        finally:
            with self._mutex:
                self._active -= 1
                self._running.difference_update(source.name for source in sources)

    def _run(self, sources: tuple[Source, ...], config: Config) -> None:
        assert self.engine is not None
        names = [source.name for source in sources]
        name = batch_label(names)
        output = _OutputRelay(name)
        self._fill_monitors(config)  # one left unfilled by a failure, or by a crawl with another config
        started = time.monotonic()
        try:
            if config.cluster.scrapyd:  # a job on a Scrapyd node, which takes over the run
                result = run_on_cluster(config, self.engine, sources, time_limit=self.options.time_limit,
                                        stop=self.stop, grace=self.options.grace, current_config=lambda: self.config)
            else:
                result = run_crawl(config, self.engine, sources, trigger="daemon", time_limit=self.options.time_limit,
                                   memory_limit=self.options.memory_limit, stop=self.stop, grace=self.options.grace,
                                   isolate=True, on_output=output, log_level="CRITICAL",
                                   current_config=lambda: self.config, extraction=self._extraction_for(config))
        except Exception as exc:  # the database went away, the disk is full...: log, back off, go on
            log.error("%s: the crawl could not run after %.1fs: %s: %s", name, time.monotonic() - started,
                      type(exc).__name__, first_line(getattr(exc, "orig", None) or exc))
            statuses = dict.fromkeys(names, "failed")
        else:
            output.finish()
            level = logging.INFO if result.status == "ok" else logging.WARNING
            outcomes = describe(result.outcomes)
            log.log(level, "%s: run %d %s in %.1fs: %d pages, %d new, %d changed, %d figure changes, %d errors%s%s",
                    name, result.run_id, result.status, result.duration, result.pages_fetched,
                    result.new_articles, result.changed_articles, result.figure_changes, result.errors,
                    f"; outcomes: {outcomes}" if outcomes else "", f" ({result.explanation})" if result.explanation else "")
            statuses = {member: source_status(result.status, result.message, member) for member in names}
            by_source = {names[0]: result.outcomes} if len(names) == 1 else self._outcomes(result.run_id)
            for member, outcomes in by_source.items():
                if any(outcomes.get(wall) for wall in WALLS):
                    self._warn_if_walled(member, outcomes)
        self._after(sources, statuses)

    def _extraction_for(self, config: Config) -> ExtractionPool | None:
        """The daemon's one extraction pool, of the config's size and page limit (none with `workers = 0`: each crawl
        then extracts in its own process). A reload that changes either makes a new one for the crawls that start
        after it; the old one serves the crawls still running with it, and stops once idle."""
        workers, limit = config.crawl.workers, config.crawl.extract_limit
        with self._mutex:
            current = self._extraction
            if workers == 0 or (current is not None and (current.workers, current.cpu_limit) == (workers, limit)):
                return current if workers else None
            if current is not None:
                self._retired.append(current)
            self._extraction = ExtractionPool(workers, self.options.memory_limit, limit)
            return self._extraction

    def _outcomes(self, run_id: int) -> dict[str, dict[str, int]]:
        """A run's fetched URLs by source and outcome; none when the database cannot say."""
        assert self.engine is not None
        try:
            return outcomes_by_source(self.engine, run_id)
        except SQLAlchemyError as exc:
            log.error("run %d: cannot read its outcomes: %s", run_id, first_line(getattr(exc, "orig", None) or exc))
            return {}

    def _prune(self) -> None:
        """The retention job: apply the current config's [retention]; one line when it removed something."""
        assert self.engine is not None
        with self._mutex:
            if self.stop.asked.is_set():
                return
            keep = self.config.retention
            self._active += 1  # a stop waits for it, as for a crawl
        try:
            result = prune(self.engine, keep.runs, keep.fetch_errors)
        except SQLAlchemyError as exc:  # the database went away: the next application tries again
            log.error("retention: cannot remove old runs and fetch errors: %s",
                      first_line(getattr(exc, "orig", None) or exc))
            return
        finally:
            with self._mutex:
                self._active -= 1
        if result.runs or result.fetch_errors:
            log.info("retention: removed %s (%s)", result.describe(), limits(keep.runs, keep.fetch_errors))

    def _warn_if_walled(self, name: str, outcomes: dict[str, int]) -> None:
        """Warn, after each run from the WALLED_RUNS-th on, about a source that answers mostly with walls or
        challenges: its articles are not being updated."""
        assert self.engine is not None
        try:
            streak = walled_streak(self.engine, name)
        except SQLAlchemyError as exc:  # the database went away: the next run tries again
            log.error("%s: cannot read its recent outcomes: %s", name, first_line(getattr(exc, "orig", None) or exc))
            return
        if streak >= WALLED_RUNS:
            log.warning("%s: answered mostly with walls or challenges in %d runs in a row (last run: %s); its "
                        "articles are not being updated", name, streak, describe(outcomes, articles=True))

    def _after(self, sources: tuple[Source, ...], statuses: dict[str, str]) -> None:
        """Back off each failing source (it sits out its batch's runs until then); note a recovery."""
        now = datetime.now(timezone.utc)
        for source in sources:
            name = source.name
            if statuses[name] == "failed":
                failures = self._failures.get(name, 0) + 1
                self._failures[name] = failures
                delay = backoff_delay(period(source.interval, source.cron, now), failures, self.options.max_backoff)
                when = now + timedelta(seconds=delay + random.uniform(0, self.options.jitter))
                self._backoff_until[name] = when
                if not self.stop.asked.is_set():
                    log.warning("%s: %d failed run(s) in a row; backing off, next run %s", name, failures,
                                _when(when, now))
            elif statuses[name] == "ok":
                if self._failures.get(name):
                    log.info("%s: recovered after %d failed run(s)", name, self._failures[name])
                self._failures[name] = 0
                self._backoff_until[name] = None

    def _wait_for_backoff(self, job_id: str, names: tuple[str, ...]) -> None:
        """A batch all of whose sources are backing off runs next when the first of them may."""
        if self.stop.asked.is_set() or self.scheduler is None:
            return
        untils = [self._backoff_until.get(name) for name in names if name in self.sources]
        if not untils or not all(untils):
            return
        when = min(until for until in untils if until is not None)
        try:
            job = self.scheduler.get_job(job_id)
            if job is not None and job.next_run_time is not None and job.next_run_time < when:
                job.modify(next_run_time=when)
        except Exception:  # noqa: BLE001 (the scheduler is shutting down)
            return

    def _fill_monitors(self, config: Config) -> None:
        """Fill the monitors new or changed in `config` from the stored history, one log line each."""
        assert self.engine is not None
        fill_monitors(config, self.engine, lambda line: log.info("%s", line), self._fill_progress)

    def _fill_progress(self, monitor: str, done: int, total: int) -> None:
        """Log a fill's start, so a long one does not look hung; abandon it once the daemon is to stop."""
        if self._stopping():
            raise FillStopped
        if done == 0 and total:
            log.info("monitor %s: filling from %s stored article versions", monitor, f"{total:,}")

    def _stopping(self) -> bool:
        """Whether the daemon is stopping or has been signalled to (the main loop has not seen it yet)."""
        return self.stop.asked.is_set() or signal.SIGTERM in self._signals or signal.SIGINT in self._signals

    def _skipped(self, event: JobSubmissionEvent) -> None:
        log.debug("%s: previous run still going; skipped the run due at %s", event.job_id,
                  timestamp(min(event.scheduled_run_times)))

    # signals, reload, stop -------------------------------------------------------------------------

    def _on_signal(self, signum: int, _frame: object) -> None:
        self._signals.append(signum)  # handled by the main loop, outside the signal handler

    def loop(self) -> int:
        """Fill the monitors that need it, start the schedule, then wait for signals until stopped; returns
        the exit code."""
        assert self.scheduler is not None
        self._fill_monitors(self.config)  # before the first crawl, whose own versions are then news
        if not self._stopping():
            self.scheduler.start()
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        writer.setblocking(False)
        previous = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
        next_check = time.monotonic() + LOCK_CHECK
        stopping = False
        try:
            while True:
                select.select([reader], [], [], 0.2 if stopping else 5.0)
                try:
                    while reader.recv(512):
                        pass
                except (BlockingIOError, InterruptedError):
                    pass
                while self._signals:
                    signum = self._signals.popleft()
                    if signum == signal.SIGHUP and not stopping:
                        self.reload()
                    elif signum in (signal.SIGTERM, signal.SIGINT):
                        if stopping:
                            log.warning("%s again: killing running crawls now", signal.Signals(signum).name)
                            self.stop.now.set()
                        else:
                            self._begin_stop(f"{signal.Signals(signum).name} received")
                            stopping = True
                if not stopping and time.monotonic() >= next_check:
                    next_check = time.monotonic() + LOCK_CHECK
                    if self.lock is not None and not self.lock.check():
                        log.error("lost the daemon lock on the database (connection dropped and another "
                                  "daemon took over, or the server is unreachable); stopping")
                        self.exit_code = 1
                        self._begin_stop("lost the lock")
                        stopping = True
                if stopping:
                    with self._mutex:
                        if self._active == 0:
                            break
        finally:
            signal.set_wakeup_fd(previous)
            reader.close()
            writer.close()
        log.info("daemon stopped")
        return self.exit_code

    def _begin_stop(self, why: str) -> None:
        with self._mutex:
            self.stop.asked.set()
            active = self._active
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        log.info("%s: stopping; no new crawls%s", why,
                 f"; {active} running crawl(s) get {self.options.grace:g}s to finish their current articles"
                 if active else "")

    def reload(self) -> None:
        """SIGHUP: apply a new valid config; keep the old schedule if it is not valid."""
        try:
            config = self.load()
            if config.database_url != self.config.database_url:
                raise ConfigError(f"{config.where}: the database URL changed; restart the daemon to switch "
                                  "databases")
        except (ConfigError, DatabaseError, OSError) as exc:
            log.error("config reload refused, the previous schedule keeps running: %s", exc)
            return
        old, new = self.sources, {s.name: s for s in config.sources}
        with self._mutex:
            self.config, self.sources = config, new
        added = [n for n in new if n not in old]
        removed = [n for n in old if n not in new]
        rescheduled = [n for n in new if n in old and (new[n].interval, new[n].cron) != (old[n].interval, old[n].cron)]
        assert self.scheduler is not None
        wanted = {batch_id(tuple(s.name for s in batch)): batch
                  for batch in batches(config.sources, self.options.batch)}
        for job in self.scheduler.get_jobs():
            if job.id != PRUNE_JOB and job.id not in wanted:
                try:
                    job.remove()
                except Exception:  # noqa: BLE001 (already gone)
                    pass
        for job_id, batch in wanted.items():
            if self.scheduler.get_job(job_id) is not None and not any(s.name in rescheduled for s in batch):
                continue  # the same sources on the same schedule: the job keeps its rhythm
            try:
                self._schedule(batch)
            except Exception as exc:  # noqa: BLE001 (the database is unreachable: keep the old job)
                log.error("%s: cannot schedule the source: %s", batch_label(tuple(s.name for s in batch)),
                          first_line(getattr(exc, "orig", None) or exc))
        log.info("config reloaded from %s: %d source(s); added: %s; removed: %s; rescheduled: %s", config.where,
                 len(new), ", ".join(added) or "none", ", ".join(removed) or "none",
                 ", ".join(rescheduled) or "none")
        self._fill_monitors(config)

    def close(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for pool in [*self._retired, self._extraction]:
            if pool is not None:
                pool.shutdown()
        if self._pidfile_written and self.options.pidfile:
            remove_pidfile(self.options.pidfile, os.getpid())
        if self.lock is not None:
            self.lock.release()
        if self.engine is not None:
            self.engine.dispose()


class _OutputRelay:
    """Logs a crawl process's own output (Scrapy errors, tracebacks) line by line, escaped and capped."""

    def __init__(self, name: str):
        self.name = name
        self.lines = 0

    def __call__(self, line: str) -> None:
        self.lines += 1
        if self.lines <= OUTPUT_LINES and line.strip():
            log.warning("%s: crawl output: %s", self.name, line[:2000])

    def finish(self) -> None:
        if self.lines > OUTPUT_LINES:
            log.warning("%s: crawl output: %d more lines not logged", self.name, self.lines - OUTPUT_LINES)


def _when(when: datetime, now: datetime) -> str:
    wait = (when - now).total_seconds()
    return f"at {timestamp(when)}" + (f" (in {wait:.0f}s)" if wait >= 1 else " (now)")


def run_daemon(options: Options) -> int:
    """The `tollwatch daemon` process: start (user errors raise, and reach a --detach parent), then loop."""
    notifier = Notifier()
    try:
        setup_logging(options.logfile)
        daemon = Daemon(options)
        try:
            daemon.start()
        except BaseException:
            daemon.close()
            raise
    except (ConfigError, DatabaseError, DaemonError) as exc:
        notifier.error(str(exc))
        raise
    except Exception as exc:
        notifier.error(f"{type(exc).__name__}: {exc}")
        raise
    notifier.ready()
    try:
        return daemon.loop()
    finally:
        daemon.close()
