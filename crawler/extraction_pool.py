"""A pool of extraction worker processes: a crawl's own (`tollwatch crawl`, `scrapy crawl news`), or the daemon's
one pool for every crawl it runs, whose crawl processes send their pages over their links (request "extract",
answered by `storage.service`) instead of each starting a pool.

With the daemon's `--parallel 4` that is one forkserver and `workers` workers, not four of each (each holding
its own copy of the language model), and each crawl process is a single process, which the memory limit
bounds whole. The pool starts with the first page to extract; the daemon's stops after IDLE_AFTER seconds
without one, so an idle daemon holds no workers.

A page may take `cpu_limit` CPU-seconds: the kernel kills the worker that goes over (RLIMIT_CPU, moved on
before each page), so a hostile page cannot hold a worker for ever, whatever C code it is stuck in. A worker
that dies (over that limit, out of memory, killed) breaks its pool, as Python's pools cannot replace one: the next page
starts a new pool, and each page the dead one held is tried once more, so only the page that killed it twice
is lost.
"""
from __future__ import annotations

import logging
import resource
import threading
from concurrent.futures import CancelledError, Future
from typing import TYPE_CHECKING, Any

from crawler.worker import end_with_crawl, extract_in_worker, start_forkserver, worker_context

if TYPE_CHECKING:  # imported with the first pool: a re-crawl answered with 304s never loads multiprocessing
    from concurrent.futures import ProcessPoolExecutor

IDLE_AFTER = 60.0  # seconds without a page before the daemon's workers stop
log = logging.getLogger("tollwatch.extraction")  # in the daemon's log


class WorkerDied(RuntimeError):
    """An extraction worker died twice with a page in hand."""


def start_worker(memory_limit: int | None) -> None:
    """Initializer of each worker: die with the process that started the pool, leave no core file when the
    kernel ends it for its CPU limit, and stay within `memory_limit` bytes of address space (a page that
    needs more fails alone, with MemoryError)."""
    end_with_crawl()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))


class ExtractionPool:
    """`submit(body, content_type, url, known_hash)` → a future of the page's `crawler.items.Packed`, extracted by
    one of `workers` processes shared by every caller; `idle_after` None keeps them until `shutdown`."""

    def __init__(self, workers: int, memory_limit: int | None = None, cpu_limit: float | None = None,
                 idle_after: float | None = IDLE_AFTER):
        self.workers = max(1, workers)
        self.memory_limit = memory_limit
        self.cpu_limit = cpu_limit
        self.idle_after = idle_after
        self.lock = threading.Lock()
        self.pool: ProcessPoolExecutor | None = None
        self.ready: Future[None] | None = None  # the current pool's workers have started
        self.in_flight = 0
        self.idle_timer: threading.Timer | None = None
        self.pools_started = 0  # one per busy period of the daemon's pool, one more after each dead worker
        self.closed = False

    def start(self) -> None:
        """Start the workers now (the forkserver loads the extractor in the background), if they are not running."""
        with self.lock:
            if not self.closed:
                self._pool()

    def submit(self, body: bytes, content_type: str | None, url: str, known_hash: str | None) -> Future[Any]:
        """Extract one page in the pool (started now if it is not running)."""
        result: Future[Any] = Future()
        with self.lock:
            self.in_flight += 1
        result.add_done_callback(self._done)
        self._send((body, content_type, url, known_hash), result, retried=False)
        return result

    def shutdown(self) -> None:
        """Accept no more pages and stop the workers (pages not yet extracted fail)."""
        with self.lock:
            self.closed = True
            pool, self.pool = self.pool, None
            if self.idle_timer is not None:
                self.idle_timer.cancel()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def _send(self, work: tuple[Any, ...], result: Future[Any], retried: bool) -> None:
        with self.lock:  # never held while a future is resolved: its callbacks take it (_done)
            closed = self.closed
            if not closed:
                pool, ready = self._pool()
        if closed:
            result.set_exception(RuntimeError("the extraction pool is shut down"))
            return
        ready.add_done_callback(lambda started: self._run(pool, started, work, result, retried))

    def _pool(self) -> tuple[ProcessPoolExecutor, Future[None]]:
        """The running pool and its start, or a new one (lock held)."""
        if self.idle_timer is not None:
            self.idle_timer.cancel()
            self.idle_timer = None
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(self.workers, mp_context=worker_context(), initializer=start_worker,
                                            initargs=(self.memory_limit,))
            self.ready = Future()
            self.pools_started += 1
            log.info("extraction pool started: %d workers", self.workers)
            threading.Thread(target=self._start, args=(self.pool, self.ready), name="tollwatch-workers",
                             daemon=True).start()
        assert self.ready is not None
        return self.pool, self.ready

    def _start(self, pool: ProcessPoolExecutor, ready: Future[None]) -> None:
        """Start the forkserver (it loads the extractor, a second or more) and the workers, off the callers'
        threads (a crawl's reactor, the daemon's links), which go on meanwhile."""
        try:
            start_forkserver()  # with Ctrl-C held off while its interpreter starts
            for started in [pool.submit(int) for _ in range(self.workers)]:
                started.result()
        except BaseException as exc:  # noqa: BLE001 - every page waiting for this pool reports it
            ready.set_exception(exc)
        else:
            ready.set_result(None)

    def _run(self, pool: ProcessPoolExecutor, started: Future[None], work: tuple[Any, ...], result: Future[Any],
             retried: bool) -> None:
        """Hand the page to the pool once it has started; its outcome becomes `result`'s."""
        try:
            started.result()
            extracted = pool.submit(extract_in_worker, *work, self.cpu_limit)
        except BaseException as exc:  # noqa: BLE001 - the pool could not start, or broke meanwhile
            self._failed(pool, exc, work, result, retried)
            return
        extracted.add_done_callback(lambda done: self._settle(pool, done, work, result, retried))

    def _settle(self, pool: ProcessPoolExecutor, done: Future[Any], work: tuple[Any, ...], result: Future[Any],
                retried: bool) -> None:
        if done.cancelled():
            result.set_exception(CancelledError("the extraction pool was shut down"))
        elif done.exception() is None:
            result.set_result(done.result())
        else:
            self._failed(pool, done.exception(), work, result, retried)  # type: ignore[arg-type]

    def _failed(self, pool: ProcessPoolExecutor, exc: BaseException, work: tuple[Any, ...], result: Future[Any],
                retried: bool) -> None:
        """A page's extraction failed: with its worker dead, forget the broken pool and try the page once more."""
        from concurrent.futures.process import BrokenProcessPool

        if not isinstance(exc, BrokenProcessPool):
            result.set_exception(exc)
            return
        with self.lock:
            if self.pool is pool:
                self.pool = None
        pool.shutdown(wait=False, cancel_futures=True)
        if not retried:
            self._send(work, result, retried=True)
            return
        limit = f"over its CPU limit of {self.cpu_limit:g}s for a page, " if self.cpu_limit else ""
        result.set_exception(WorkerDied(f"an extraction worker died twice with this page in the pool ({limit}out of "
                                        "memory, or killed)"))

    def _done(self, _: Future[Any]) -> None:
        """One page less in flight; the last one arms the idle timer."""
        with self.lock:
            self.in_flight -= 1
            if self.in_flight == 0 and self.pool is not None and not self.closed and self.idle_after is not None:
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

