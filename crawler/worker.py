"""Extraction worker processes: their multiprocessing context and entry point, importable without
loading the extractor itself, so the reactor process that submits work never imports trafilatura, nor
multiprocessing until a page needs extracting (a re-crawl answered with 304s never does: 20 ms less of
its start-up)."""
from __future__ import annotations

import itertools
import math
import os
import resource
import signal
import threading
from typing import TYPE_CHECKING, Any

from crawler.memory import release_memory

if TYPE_CHECKING:
    import multiprocessing.context

# Pages between hand-backs of freed memory to the system. Every 10 pages cost 1.5% of a first crawl's wall
# time (the pages handed back fault in again), every 50 kept the 10,000-page crawl's peak the same (442 MB).
TRIM_EVERY = 50
_pages = itertools.count(1)  # pages this worker process extracted


def worker_context() -> multiprocessing.context.ForkServerContext:
    """Workers are forked from a server that imported the extractor and its language model once, so
    they share that memory (copy-on-write) and start in milliseconds."""
    import multiprocessing

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["crawler.forkserver"])
    return context  # type: ignore[return-value]


def start_forkserver() -> None:
    """Start the workers' forkserver now (if it is not running); it loads the extractor in the background.

    SIGINT is blocked in this thread meanwhile, so the interpreters started (the forkserver, the resource
    tracker) start with it blocked: a Ctrl-C in their first milliseconds, before Python can handle it, would
    print a fatal error. The server ignores it anyway (crawler/forkserver.py), and so do its workers."""
    import multiprocessing.forkserver

    worker_context()
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def end_with_crawl() -> None:
    """Initializer of each worker: exit the moment the crawl process that uses it dies, however it dies.

    A worker holds both ends of its task queue and the pipes that keep the forkserver and the resource
    tracker running, so without this a killed crawl process would leave them all waiting for ever. Its
    parent sentinel (a pipe only the crawl process writes to) reaches its end when that process dies."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_at_end, args=(parent.sentinel,), name="tollwatch-crawl-watch",
                         daemon=True).start()


def _exit_at_end(sentinel: int) -> None:
    """Wait until the crawl process has died, then exit (in the middle of a page: nobody wants it now)."""
    from multiprocessing.connection import wait

    wait([sentinel])
    os._exit(1)


# Signal (Scrapy's signal manager) that the crawl will have pages to extract: start the workers now.
pages_to_extract = object()


def extract_in_worker(body: bytes, content_type: str | None, url: str, known_hash: str | None,
                      cpu_limit: float | None = None) -> Any:
    """`crawler.work.extract_and_pack`, already imported in the worker by its forkserver; in at most `cpu_limit`
    CPU-seconds, beyond which the kernel kills the worker."""
    from crawler.work import extract_and_pack

    limit_cpu(cpu_limit)
    try:
        return extract_and_pack(body, content_type, url, known_hash)
    finally:
        if next(_pages) % TRIM_EVERY == 0:
            release_memory()


def limit_cpu(seconds: float | None) -> None:
    """Let this process (a worker) use `seconds` more CPU time at most: the kernel kills it beyond (SIGXCPU, whose
    default action Python leaves alone), even in C code that never returns to the interpreter."""
    if not seconds:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard == resource.RLIM_INFINITY or soft <= hard:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
