"""Start of the crawl child process: read the job, start the extraction workers' forkserver, crawl.

Kept free of heavy imports: the forkserver (its own process) loads trafilatura and the language model
while this process imports Scrapy, so the workers are ready when the first pages arrive.
"""
from __future__ import annotations

import json
import logging
import os
import sys

from crawler.worker import start_forkserver

# Exit codes of the crawl process, read by scheduler.crawl.
EXIT_OK, EXIT_NOTHING_RAN, EXIT_INTERRUPTED, EXIT_DATABASE = 0, 3, 4, 5


def main() -> None:
    """Run the crawl job given as JSON on stdin and exit with its code (see `crawler.run.crawl`)."""
    text = sys.stdin.read()
    if not text.strip():  # the parent gave up before sending a job
        sys.exit(EXIT_NOTHING_RAN)
    job = json.loads(text)
    if job["crawl"]["workers"] > 0:
        start_forkserver()
    from crawler.run import crawl

    code = crawl(job)
    # All is stored, closed and shut down by now: skip the interpreter's own teardown of Scrapy, Twisted
    # and the pool's bookkeeping, a third of a second (a tenth of a re-crawl) spent on nothing.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
