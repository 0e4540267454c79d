"""Entry point of a supervised crawl process: `python -m scheduler.child --parent PID [--memory-limit N]`.

It applies the limits to itself, then runs the same crawl as `python -m crawler` (its job, and the link
to the daemon that stores it, on stdin). Doing this here rather than in a `preexec_fn` keeps process
start-up safe in the threaded daemon.
"""
from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import resource
import signal

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when the daemon dies (Linux), so no crawl runs unsupervised."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return  # not Linux: the daemon marks the run as failed on its next start instead
    if os.getppid() != parent:  # the daemon died before the request took effect
        os._exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scheduler.child")
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--memory-limit", type=int)
    args = parser.parse_args()
    die_with_parent(args.parent)
    # the daemon blocks no signals, but be sure the graceful-stop signal reaches Scrapy
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if args.memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (args.memory_limit, args.memory_limit))
    from crawler.entry import main as crawl_main

    crawl_main()  # exits with the crawl's code


if __name__ == "__main__":
    main()
