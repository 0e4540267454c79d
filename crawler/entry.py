"""Start of the crawl child process: import the crawler while the job is read, crawl.

The parent starts this process first and opens the database meanwhile, so the two start-ups overlap.
The job arrives on the process's link to the parent (its stdin, `storage.link`), which then stores
what the crawl finds. A thread reads it: the first crawl of its sources starts the extraction workers'
forkserver at once (every page will need extracting), so it loads the extractor while this process
imports Scrapy.

The crawl process ends with the tollwatch process that started it (`crawler.lifeline`): nothing it finds
could be stored any more.
"""
from __future__ import annotations

import gc
import logging
import os
import queue
import socket
import sys
import threading
from typing import Any

from crawler.lifeline import die_with_supervisor
from crawler.worker import start_forkserver
from storage.link import StorageLink, receive

# Exit codes of the crawl process, read by scheduler.crawl. EXIT_ORPHANED: the process storing the crawl
# is gone, or ended the link.
EXIT_OK, EXIT_NOTHING_RAN, EXIT_INTERRUPTED, EXIT_DATABASE, EXIT_ORPHANED = 0, 3, 4, 5, 6
# Young objects collected per first-generation collection in the crawl (Python's default: 700).
YOUNG_THRESHOLD = 10_000


def main() -> None:
    """Run the crawl job sent on the link (stdin) and exit with its code (see `crawler.run.crawl`)."""
    if not die_with_supervisor():
        os._exit(EXIT_ORPHANED)
    gc.disable()  # until the imports are done: see settle_garbage_collection
    jobs: queue.SimpleQueue[tuple[dict[str, Any] | None, socket.socket | None]] = queue.SimpleQueue()
    threading.Thread(target=read_job, args=(jobs,), name="tollwatch-job", daemon=True).start()
    try:
        # before the rest of Scrapy, while few modules are loaded: see crawler/run.py
        import scrapy.core.downloader.contextfactory  # noqa: F401
        from crawler.run import crawl

        job, link = jobs.get()
        if job is None or link is None:  # the parent gave up before sending a job
            sys.exit(EXIT_NOTHING_RAN)
        settle_garbage_collection()
        # Scrapy handles Ctrl-C itself once the crawl has started
        code = crawl(job, StorageLink(link, on_end=end_orphaned))
    except KeyboardInterrupt:  # Ctrl-C while starting up: the parent reports it, without a traceback
        os._exit(EXIT_INTERRUPTED)
    # All is stored, closed and shut down by now: skip the interpreter's own teardown of Scrapy, Twisted
    # and the pool's bookkeeping, a third of a second (a tenth of a re-crawl) spent on nothing.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def end_orphaned() -> None:
    """The link ended under a running crawl: the process storing it is gone (or refuses more), so nothing
    the crawl finds could be stored. End at once, and the extraction workers with this process."""
    os._exit(EXIT_ORPHANED)


def settle_garbage_collection() -> None:
    """Leave the imported modules' objects out of garbage collection and collect young objects in larger
    batches: a re-crawl spent a quarter of a second in collections, mostly full ones walking the 80,000
    objects of Scrapy, Twisted and SQLAlchemy again, which live until the process ends.

    Imports run with collection off (the collections they trigger cost 40 ms and free under 1 MB); what
    they built is then frozen. A first threshold of YOUNG_THRESHOLD keeps at most that many young objects
    waiting, a few MB, and makes the per-request objects' collections fewer."""
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
    gc.enable()


def read_job(jobs: queue.SimpleQueue[tuple[dict[str, Any] | None, socket.socket | None]]) -> None:
    """Read the job from the link (None: there is none) and start the workers' forkserver if it is a first crawl."""
    job, link = None, None
    try:
        link = take_link()
        job = receive(link)
        if job is not None and job.get("first_crawl") and job["crawl"]["workers"] > 0 \
                and not job.get("shared_extraction"):
            start_forkserver()
    except OSError as exc:
        print(f"tollwatch: the crawl process takes its job from tollwatch, on a socket as stdin ({exc})",
              file=sys.stderr)
    finally:
        jobs.put((job, link))


def take_link() -> socket.socket:
    """The link to the parent, moved off stdin: no process started from here (the workers' forkserver)
    may inherit it, so the parent sees the link close the moment this process ends."""
    fd = os.dup(0)  # not inheritable
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    return socket.socket(fileno=fd)
