"""Storage for one crawl process, served in the process that started it (`scheduler.crawl`), over the
crawl process's link (`storage.link`); or in the crawl's own process (`DirectStore`: `scrapy crawl news`).

Lookups of validators are answered at once; records are written by one writer thread, and what arrives
while it is busy is written together in one short transaction (a record that fails the transaction is
retried alone, so it fails alone). The run is closed after everything sent before the close is written.
"""
from __future__ import annotations

import logging
import queue
import socket
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from storage.db import first_line
from storage.link import DatabaseUnavailable, LinkClosed, Outcome, RecordRefused, receive, send
from storage.recorder import Recorder, finish_run, load_validators
from storage.records import Record
from storage.revisit import RevisitPolicy

logger = logging.getLogger(__name__)
STOP = ("stop", None)


class RunWriter:
    """Stores the records of crawl run `run_id` on one writer thread, and answers lookups of validators.
    `sources` maps each source of the run to (kind, url), for the rows of sources seen first. Requests
    are queued on `writes` as (kind, request_id, *args); a subclass delivers each answer (`_answer`)."""

    BATCH = 200  # records per transaction at most

    def __init__(self, engine: Engine, run_id: int, sources: dict[str, tuple[str, str]],
                 revisit: RevisitPolicy = RevisitPolicy(), clock: Callable[[], datetime] | None = None):
        self.engine = engine
        self.run_id = run_id
        self.sources = sources
        self.revisit = revisit  # the re-visit schedule and the clock the recorder stores with
        self.clock = clock
        self.recorder: Recorder | None = None
        self.recorder_made = threading.Lock()
        self.writes: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self.writer = threading.Thread(target=self._write, name=f"tollwatch-writer-{run_id}", daemon=True)

    def _answer(self, request_id: Any, ok: bool, value: Any) -> None:
        raise NotImplementedError

    def _validators(self, request_id: Any, urls: list[str]) -> None:
        try:
            with self.engine.connect() as connection:
                self._answer(request_id, True, load_validators(connection, urls))
        except Exception as exc:  # noqa: BLE001 - the crawl process reports it
            self._answer(request_id, False, DatabaseUnavailable(f"{type(exc).__name__}: {first_line(exc)}"))

    def _write(self) -> None:
        """Writer thread: store records, what is queued together up to BATCH a transaction; close the run."""
        try:
            self._recorder()  # the rows of new sources, before any record arrives
        except Exception:  # noqa: BLE001 - tried again, and reported, with the first record
            pass
        held: tuple[Any, ...] | None = None  # taken from the queue but not part of the batch before it
        while True:
            message, held = held or self.writes.get(), None
            kind, request_id, *args = message
            if kind == "stop":
                return
            if kind == "finish":
                self._finish(request_id, *args)
                continue
            batch = [(request_id, args[0])]
            size = len(args[0])
            while size < self.BATCH:
                try:
                    following = self.writes.get_nowait()
                except queue.Empty:
                    break
                if following[0] != "store" or size + len(following[2]) > self.BATCH:
                    held = following
                    break
                batch.append((following[1], following[2]))
                size += len(following[2])
            outcomes = self._store([record for _, records in batch for record in records])
            for request_id, records in batch:
                self._answer(request_id, True, outcomes[:len(records)])
                outcomes = outcomes[len(records):]

    def _store(self, records: list[Record]) -> list[Outcome]:
        """Write records in one transaction; when one of them fails it, the others are written one by one."""
        try:
            return list(self._recorder().record(records))
        except OperationalError as exc:  # the database, not a record: each one may be tried again
            return [DatabaseUnavailable(first_line(exc.orig))] * len(records)
        except Exception as exc:  # noqa: BLE001 - one bad record: store the others one by one, fail only it
            if len(records) == 1:
                return [RecordRefused(f"{type(exc).__name__}: {first_line(exc)}")]
            return [self._store([record])[0] for record in records]

    def _recorder(self) -> Recorder:
        """The run's one recorder, made at its first use by whichever thread comes first."""
        with self.recorder_made:
            if self.recorder is None:
                self.recorder = Recorder(self.engine, self.run_id, self.sources, self.revisit, self.clock)
            return self.recorder

    def _finish(self, request_id: Any, status: str, message: str | None) -> None:
        try:
            finish_run(self.engine, self.run_id, status, message)
        except Exception as exc:  # noqa: BLE001 - the crawl process reports it and exits accordingly
            self._answer(request_id, False, DatabaseUnavailable(first_line(exc)))
        else:
            self._answer(request_id, True, None)


class StorageService(RunWriter):
    """Answers the storage requests of crawl run `run_id` arriving on `sock` until the crawl process closes
    its end; and its "extract" requests (a page's raw bytes) with `extract`, a shared extraction pool's
    submit (`crawler.extraction_pool`), when the daemon gives one."""

    def __init__(self, sock: socket.socket, engine: Engine, run_id: int, sources: dict[str, tuple[str, str]],
                 revisit: RevisitPolicy = RevisitPolicy(), clock: Callable[[], datetime] | None = None,
                 extract: Callable[..., Future[Any]] | None = None):
        super().__init__(engine, run_id, sources, revisit, clock)
        self.sock = sock
        self.extract = extract
        self.send_lock = threading.Lock()
        self.threads = [threading.Thread(target=self._read, name=f"tollwatch-storage-{run_id}", daemon=True),
                        self.writer]

    def start(self) -> "StorageService":
        for thread in self.threads:
            thread.start()
        return self

    def join(self, timeout: float | None = None) -> None:
        """Wait until all the crawl process sent is stored (it has closed its end, or exited)."""
        for thread in self.threads:
            thread.join(timeout)

    def _answer(self, request_id: Any, ok: bool, value: Any) -> None:
        try:
            with self.send_lock:
                send(self.sock, (request_id, ok, value))
        except OSError:
            pass  # the crawl process is gone; what it sent is still written
        except Exception as exc:  # noqa: BLE001 - an answer that cannot be pickled (an odd exception): say so
            self._answer(request_id, False, RuntimeError(f"unsendable answer: {type(exc).__name__}: {exc}"))

    def _read(self) -> None:
        """Reader thread: answer lookups, queue writes for the writer, stop at the end of the link."""
        try:
            while (message := receive(self.sock)) is not None:
                kind, request_id, *args = message
                if kind == "validators":
                    self._validators(request_id, *args)
                elif kind == "extract":
                    self._extract(request_id, *args)
                else:
                    self.writes.put(message)
        except OSError:
            pass  # the crawl process is gone
        except Exception:  # a message that cannot be read: end the link, so the crawl stops instead of waiting
            logger.exception("crawl run %s: unreadable message from the crawl process", self.run_id)
            self._end_link()
        finally:
            self.writes.put(STOP)

    def _extract(self, request_id: Any, *page: Any) -> None:
        """Have the shared pool extract a page; answered when it is done, in whatever order pages finish."""
        if self.extract is None:
            self._answer(request_id, False, RuntimeError("this crawl's store has no extraction pool"))
            return

        def answer(done: Future[Any]) -> None:
            exc = done.exception()
            self._answer(request_id, exc is None, exc if exc is not None else done.result())

        self.extract(*page).add_done_callback(answer)

    def _end_link(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


class DirectStore(RunWriter):
    """The store of a crawl that runs in this process (`scrapy crawl news`): the `storage.link.Store` a
    crawl process otherwise has in its link. Lookups are answered on the caller's thread, records written
    on the writer thread, as `StorageService` does."""

    def __init__(self, engine: Engine, run_id: int, sources: dict[str, tuple[str, str]],
                 revisit: RevisitPolicy = RevisitPolicy()):
        super().__init__(engine, run_id, sources, revisit)
        self.closed = False
        self.writer.start()

    def request(self, kind: str, *args: Any) -> Future[Any]:
        future: Future[Any] = Future()
        if self.closed:
            future.set_exception(LinkClosed("the store of this crawl is closed"))
        elif kind == "validators":
            self._validators(future, *args)
        else:
            self.writes.put((kind, future, *args))
        return future

    def call(self, kind: str, *args: Any) -> Any:
        return self.request(kind, *args).result()

    def close(self) -> None:
        """Wait until everything sent before is stored, and stop the writer."""
        if not self.closed:
            self.closed = True
            self.writes.put(STOP)
            self.writer.join()

    def _answer(self, request_id: Any, ok: bool, value: Any) -> None:
        if ok:
            request_id.set_result(value)
        else:
            request_id.set_exception(value)
