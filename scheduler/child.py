"""Entry point of a supervised crawl process: `python -m scheduler.child [--memory-limit N]`.

It applies the limits to itself, then runs the same crawl as `python -m crawler` (its job, and the link
to the daemon that stores it, on stdin; it dies with the daemon, see `crawler.lifeline`). Doing this
here rather than in a `preexec_fn` keeps process start-up safe in the threaded daemon.
"""
from __future__ import annotations

import argparse
import resource
import signal


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m scheduler.child")
    parser.add_argument("--memory-limit", type=int)
    args = parser.parse_args()
    # the daemon blocks no signals, but be sure the graceful-stop signal reaches Scrapy
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if args.memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (args.memory_limit, args.memory_limit))
    from crawler.entry import main as crawl_main

    crawl_main()  # exits with the crawl's code


if __name__ == "__main__":
    main()
