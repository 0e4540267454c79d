"""The `tollwatch daemon`, `stop` and `status` commands: their flags read into Options, the foreground or
detached start, and the report on a running daemon (the daemon itself is scheduler/daemon.py)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scheduler.config import Config
from scheduler.control import check_pidfile_writable
from scheduler.daemon import Daemon, Options, run_daemon
from scheduler.flags import seconds, size
from scheduler.lock import DaemonError
from storage.db import open_database, safe_url

DEFAULT_DETACHED_LOG = "tollwatch.log"


def options_from(args: argparse.Namespace) -> Options:
    """Options from the parsed `tollwatch daemon` command line; DaemonError for a bad value."""
    get = vars(args).__getitem__
    if get("parallel") < 1:
        raise DaemonError("--parallel: must be at least 1")
    if get("batch") < 1:
        raise DaemonError("--batch: must be at least 1")
    logfile = get("logfile") or (DEFAULT_DETACHED_LOG if get("detach") else None)
    return Options(config=get("config"), database=get("database"),
                   time_limit=seconds(get("time_limit"), "--time-limit"),
                   memory_limit=size(get("memory_limit"), "--memory-limit"),
                   jitter=seconds(get("jitter"), "--jitter", allow_zero=True),
                   grace=seconds(get("grace"), "--grace", allow_zero=True),
                   max_backoff=seconds(get("max_backoff"), "--max-backoff"),
                   parallel=get("parallel"), batch=get("batch"),
                   pidfile=Path(get("pidfile")) if get("pidfile") else None,
                   logfile=Path(logfile) if logfile else None)


def daemon_command(args: argparse.Namespace) -> int:
    from scheduler.detach import start_detached

    options = options_from(args)
    if not args.detach:
        return run_daemon(options)
    # check what can be checked here, for a quick one-line error; the daemon checks again
    Daemon(options).load()
    if options.pidfile:
        check_pidfile_writable(options.pidfile)
    assert options.logfile is not None
    pid = start_detached(options.argv(), options.logfile)
    print(f"tollwatch daemon started in the background (pid {pid}); log: {options.logfile}"
          + (f"; pidfile: {options.pidfile}" if options.pidfile else ""))
    return 0


def stop_command(config: Config, args: argparse.Namespace) -> int:
    from scheduler.control import stop_daemon

    timeout = seconds(args.timeout, "--timeout")
    pidfile = Path(args.pidfile) if args.pidfile else None
    stopped = stop_daemon(config.database_url, pidfile, timeout)
    if stopped is None:
        print(f"tollwatch: no daemon is running on {safe_url(config.database_url)}"
              + (f" (pidfile {pidfile})" if pidfile else ""), file=sys.stderr)
        return 1
    print(f"tollwatch daemon stopped ({stopped.describe()})")
    return 0


def status_command(config: Config, args: argparse.Namespace) -> int:
    from scheduler.control import find_running
    from scheduler.output import json_text, print_rows
    from scheduler.status import STATUS_COLUMNS, daemon_state, status_rows

    pidfile = Path(args.pidfile) if args.pidfile else None
    running = find_running(config.database_url, pidfile)
    engine = open_database(config.database_url, create=False)
    try:
        rows = status_rows(engine, config.sources, running is not None)
    finally:
        engine.dispose()
    fmt = args.format
    daemon = daemon_state(running, safe_url(config.database_url))
    state = (f"running ({running.describe()}" + (f", since {daemon['since']}" if daemon["since"] else "") + ")"
             if running else "not running")
    if fmt == "table":
        print(f"daemon: {state} on {safe_url(config.database_url)}; times in UTC")
    else:
        print(f"tollwatch: daemon {state}", file=sys.stderr)
    if fmt == "json":
        print(json_text({"daemon": daemon, "sources": [dict(zip(STATUS_COLUMNS, row)) for row in rows]}, indent=2))
    else:
        print_rows(STATUS_COLUMNS, rows, fmt)
    return 0 if running else 3
