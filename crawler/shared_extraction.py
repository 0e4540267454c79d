"""One pool of extraction workers for every crawl a daemon runs: its crawl processes send their pages over
their links (request "extract", answered by `storage.service`) instead of each starting a pool of its own.

With `--parallel 4` that is one forkserver and CPU-count workers, not four of each (each holding its own
copy of the language model), and each crawl process is a single process, which the memory limit bounds
whole. The pool starts with the first page to extract and stops after IDLE_AFTER seconds without one, so
an idle daemon holds no workers; a worker that dies (killed, out of memory) takes only the pages it had,
and the next page starts a new pool.
"""
from __future__ import annotations

import logging
import resource
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from crawler.worker import end_with_crawl, extract_in_worker, start_forkserver, worker_context

IDLE_AFTER = 60.0  # seconds without a page before the workers stop
log = logging.getLogger("tollwatch.extraction")  # in the daemon's log


def start_worker(memory_limit: int | None) -> None:
    """Initializer of each shared worker: die with the daemon, and stay within `memory_limit` bytes of
    address space (a page that needs more fails alone, with MemoryError)."""
    end_with_crawl()
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))


class SharedExtraction:
    """`submit(body, content_type, url, known_hash)` → a future of the page's `crawler.items.Packed`,
    extracted by one of `workers` processes shared by every caller."""

    def __init__(self, workers: int, memory_limit: int | None = None, idle_after: float = IDLE_AFTER):
        self.workers = max(1, workers)
        self.memory_limit = memory_limit
        self.idle_after = idle_after
        self.lock = threading.Lock()
        self.pool: ProcessPoolExecutor | None = None
        self.ready: Future[None] | None = None  # the current pool's workers have started
        self.in_flight = 0
        self.idle_timer: threading.Timer | None = None
        self.pools_started = 0  # pools started so far: one per busy period, a new one after a broken pool
        self.closed = False

    def submit(self, body: bytes, content_type: str | None, url: str, known_hash: str | None) -> Future[Any]:
        """Extract one page in the shared pool (started now if it is not running)."""
        result: Future[Any] = Future()
        with self.lock:
            if self.closed:
                result.set_exception(RuntimeError("the daemon's extraction pool is shut down"))
                return result
            pool, ready = self._pool()
            self.in_flight += 1
        result.add_done_callback(self._done)
        work = (body, content_type, url, known_hash)
        ready.add_done_callback(lambda started: self._run(pool, started, work, result))
        return result

    def shutdown(self, wait: bool = True) -> None:
        """Accept no more pages and stop the workers: at once (`wait`: pages not yet extracted fail), or once
        the pages in hand are extracted (a pool replaced by one of another size)."""
        with self.lock:
            self.closed = True
            pool, self.pool = self.pool, None
            if self.idle_timer is not None:
                self.idle_timer.cancel()
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=wait)

    def _pool(self) -> tuple[ProcessPoolExecutor, Future[None]]:
        """The running pool and its start, or a new one (lock held)."""
        if self.idle_timer is not None:
            self.idle_timer.cancel()
            self.idle_timer = None
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.workers, mp_context=worker_context(), initializer=start_worker,
                                            initargs=(self.memory_limit,))
            self.ready = Future()
            self.pools_started += 1
            log.info("extraction pool started: %d workers", self.workers)
            threading.Thread(target=self._start, args=(self.pool, self.ready), name="tollwatch-shared-workers",
                             daemon=True).start()
        assert self.ready is not None
        return self.pool, self.ready

    def _start(self, pool: ProcessPoolExecutor, ready: Future[None]) -> None:
        """Start the forkserver (it loads the extractor, a second or more) and the workers, off the
        callers' threads: they are the daemon's links, which go on answering the crawls meanwhile."""
        try:
            start_forkserver()
            for started in [pool.submit(int) for _ in range(self.workers)]:
                started.result()
        except BaseException as exc:  # noqa: BLE001 - every page waiting for this pool reports it
            ready.set_exception(exc)
        else:
            ready.set_result(None)

    def _run(self, pool: ProcessPoolExecutor, started: Future[None], work: tuple[Any, ...],
             result: Future[Any]) -> None:
        """Hand the page to the pool once it has started; its outcome becomes `result`'s."""
        try:
            started.result()
            extracted = pool.submit(extract_in_worker, *work)
        except BaseException as exc:  # noqa: BLE001 - the pool could not start, or broke meanwhile
            self._forget_if_broken(pool, exc)
            result.set_exception(exc)
            return
        extracted.add_done_callback(lambda done: self._settle(pool, done, result))

    def _settle(self, pool: ProcessPoolExecutor, done: Future[Any], result: Future[Any]) -> None:
        exc = done.exception()
        if exc is None:
            result.set_result(done.result())
        else:
            self._forget_if_broken(pool, exc)
            result.set_exception(exc)

    def _forget_if_broken(self, pool: ProcessPoolExecutor, exc: BaseException) -> None:
        """A pool a worker died in is broken for good: the next page starts another."""
        if isinstance(exc, BrokenProcessPool):
            with self.lock:
                if self.pool is pool:
                    self.pool = None
            pool.shutdown(wait=False, cancel_futures=True)

    def _done(self, _: Future[Any]) -> None:
        """One page less in flight; the last one arms the idle timer."""
        with self.lock:
            self.in_flight -= 1
            if self.in_flight == 0 and self.pool is not None and not self.closed:
                self.idle_timer = threading.Timer(self.idle_after, self._stop_if_idle, args=(self.pool,))
                self.idle_timer.daemon = True
                self.idle_timer.start()

    def _stop_if_idle(self, pool: ProcessPoolExecutor) -> None:
        with self.lock:
            if self.pool is not pool or self.in_flight:
                return
            self.pool = None
        log.info("extraction pool stopped after %gs without a page", self.idle_after)
        pool.shutdown(wait=True)
