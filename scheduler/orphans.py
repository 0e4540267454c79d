"""What crawls whose command or daemon died left behind: processes still running, runs still `running`.

`tollwatch crawl` and the daemon clean up when they start (`clean_up`):

- Processes. Every process of a crawl (the crawl process, the extraction workers' forkserver, the
  resource tracker, the workers) carries its supervisor's pid and start time in its environment
  (`crawler.lifeline.SUPERVISOR_ENV`). Those of this user whose supervisor no longer runs (pid gone, or
  reused by a later process) are killed, whatever their database: a crawl whose supervisor is gone cannot
  store anything. Linux 5.3 or newer only (it reads /proc and signals through pidfds, so a pid reused in
  between is never hit); processes of other users, and of tollwatch versions without the marker, are left.
- Runs. A run still `running` whose host is this machine and whose pid is not a live crawl process of a
  live supervisor is marked failed. A run of another host is left to that host's own next start, unless it
  has been running for more than FOREIGN_RUN_LIMIT. A daemon, which holds the database's lock, also marks
  every daemon run failed: no other daemon can be running them.
"""
from __future__ import annotations

import os
import signal
import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine, select, update

from crawler.lifeline import SUPERVISOR_ENV, is_running, parse_marker
from storage import tables
from storage.recorder import utcnow

STALE_MESSAGE = "crawl process died, or the command or daemon that started it"
# How long a run of another machine may stay `running` before it is presumed dead: far longer than a crawl
# takes (the daemon's default time limit is 30 minutes), short enough that a host that is gone for good
# (a replaced container has a new host name) does not leave its runs running for ever.
FOREIGN_RUN_LIMIT = timedelta(hours=24)
_MARKER = SUPERVISOR_ENV.encode() + b"="


def _pids() -> Iterator[int]:
    """The pids in /proc but this process's (none where there is no /proc)."""
    try:
        names = os.listdir("/proc")
    except OSError:
        return
    yield from (int(name) for name in names if name.isdigit() and int(name) != os.getpid())


def supervisor_of(pid: int) -> tuple[int, int] | None:
    """(pid, start time) of the supervisor of `pid`, if it is a process of a crawl; PermissionError when
    `pid` is another user's process."""
    environ = Path(f"/proc/{pid}/environ").read_bytes()
    value = next((entry[len(_MARKER):] for entry in environ.split(b"\0") if entry.startswith(_MARKER)), None)
    return parse_marker(value.decode("ascii", "replace")) if value is not None else None


def _is_leftover(pid: int) -> bool:
    """Whether `pid` is a process of a crawl whose supervisor no longer runs."""
    try:
        supervisor = supervisor_of(pid)
    except OSError:  # gone, or not ours
        return False
    return supervisor is not None and not is_running(*supervisor)


def reap_leftovers() -> list[int]:
    """Kill the processes left by crawls whose supervisor died; their pids."""
    reaped = []
    for pid in _pids():
        try:
            pidfd = os.pidfd_open(pid)  # the process itself, not whatever takes its pid later
        except OSError:  # gone already, or no pidfds (Linux before 5.3): leave it
            continue
        try:
            if _is_leftover(pid):
                signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                reaped.append(pid)
        except OSError:
            pass
        finally:
            os.close(pidfd)
    return reaped


def is_live_crawl(pid: int) -> bool:
    """Whether `pid` is a crawl process on this machine whose supervisor still runs (then it closes the run
    itself); a process this user may not inspect, or a machine without /proc, gets the benefit of the doubt."""
    if not Path("/proc/self").exists():
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if not (b"scheduler.child" in args or args[1:3] == [b"-m", b"crawler"] or is_scrapy_crawl(args)):
            return False  # gone (a zombie has no command line), or the pid was reused
        supervisor = supervisor_of(pid)
    except PermissionError:
        return True
    except OSError:
        return False
    return supervisor is None or is_running(*supervisor)  # None: a crawl of an earlier tollwatch


def is_scrapy_crawl(args: list[bytes]) -> bool:
    """Whether a command line is `scrapy crawl ...` or a Scrapyd job's `python -m scrapyd.runner crawl ...`
    (`scheduler.scrapy_run`: it closes its run itself)."""
    return any(Path(arg.decode("utf-8", "replace")).name == "scrapy" and args[i + 1:i + 2] == [b"crawl"]
               for i, arg in enumerate(args[:2])) or any(
        arg == b"-m" and args[i + 1:i + 3] == [b"scrapyd.runner", b"crawl"] for i, arg in enumerate(args[:3]))


def recover_stale_runs(engine: Engine, *, daemon: bool = False) -> dict[int, str]:
    """Mark the runs left `running` by crawls that died as failed; their ids, with the reason recorded.
    `daemon`: the caller is the daemon holding the database's lock."""
    runs = tables.crawl_runs
    here, now = socket.gethostname(), utcnow()
    with engine.connect() as conn:
        rows = conn.execute(select(runs.c.id, runs.c.trigger, runs.c.pid, runs.c.host, runs.c.started_at)
                            .where(runs.c.status == "running")).all()
    stale = {}
    for run_id, trigger, pid, host, started_at in rows:
        # a run written before hosts were recorded ran here if the database is a SQLite file
        local = host == here or (host is None and engine.dialect.name == "sqlite")
        if (daemon and trigger == "daemon") or (local and (pid is None or not is_live_crawl(pid))):
            stale[run_id] = STALE_MESSAGE
        elif not local and now - started_at > FOREIGN_RUN_LIMIT:
            stale[run_id] = (f"crawl process on {host or 'an unknown host'} presumed dead: still running "
                             f"after {FOREIGN_RUN_LIMIT.total_seconds() / 3600:g}h")
    with engine.begin() as conn:
        for run_id, message in stale.items():
            conn.execute(update(runs).where(runs.c.id == run_id, runs.c.status == "running")
                         .values(status="failed", finished_at=now, message=message))
    return stale


def clean_up(engine: Engine, *, daemon: bool = False) -> tuple[list[int], dict[int, str]]:
    """End the processes of crawls whose supervisor died, then close their runs (see the module's text)."""
    reaped = reap_leftovers()
    return reaped, recover_stale_runs(engine, daemon=daemon)
