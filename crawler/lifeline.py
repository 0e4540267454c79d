"""How the processes of a crawl end with the tollwatch process that started it (its supervisor: the
`tollwatch crawl` command or the daemon), however that one ends, `kill -9` included.

- The crawl process has the kernel send it SIGKILL when its parent dies (Linux `PR_SET_PDEATHSIG`), and,
  on every platform, exits when its link to the supervisor ends (`crawler.entry`).
- Each extraction worker exits the moment the crawl process dies (`crawler.worker.end_with_crawl`).
- The workers' forkserver and multiprocessing's resource tracker then exit on their own: each waits for
  the end of a pipe that only the crawl process and its workers hold.

Every process of a crawl also carries `SUPERVISOR_ENV` ("pid:start time" of its supervisor) in its
environment, inherited from the crawl process, so that a later start can recognise and end what a crawl
left behind should all of this have failed (`scheduler.orphans`). Imported by the crawl process before
anything else: keep it light.
"""
from __future__ import annotations

import os
import signal
from pathlib import Path

SUPERVISOR_ENV = "TOLLWATCH_CRAWL_SUPERVISOR"
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def start_time(pid: int) -> int | None:
    """When process `pid` started (clock ticks after boot, from /proc); None when it is gone or a zombie,
    or where there is no /proc. With its pid, it names one process: a later one reusing the pid differs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
        return None if fields[0] in (b"Z", b"X") else int(fields[19])
    except (OSError, IndexError, ValueError):
        return None


def supervisor_marker() -> str:
    """The value of SUPERVISOR_ENV for the crawl processes this process starts: its own pid and start time."""
    return f"{os.getpid()}:{start_time(os.getpid()) or 0}"


def parse_marker(value: str) -> tuple[int, int] | None:
    """(pid, start time) of a SUPERVISOR_ENV value; None if it is not one."""
    pid, _, start = value.partition(":")
    return (int(pid), int(start)) if pid.isdigit() and start.isdigit() else None


def is_running(pid: int, start: int) -> bool:
    """Whether the process that started at `start` with pid `pid` still runs (Linux)."""
    return start_time(pid) == start


def die_with_supervisor() -> bool:
    """In a crawl process started by `scheduler.spawn.start_child`: have the kernel kill it when the
    supervisor, its parent, dies (Linux). False when the supervisor is gone already."""
    marker = parse_marker(os.environ.get(SUPERVISOR_ENV, ""))
    if marker is None:  # not started by tollwatch's supervisor (a test's own process): the link still ends it
        return True
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the end of the link ends the crawl process instead
    return os.getppid() == marker[0]  # else it died before the request took effect
