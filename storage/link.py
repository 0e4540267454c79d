"""The link between a crawl process and the tollwatch process that stores its crawl: one Unix socket,
the crawl process's stdin, carrying length-prefixed pickled messages both ways.

The storing process sends the job first; the crawl process then sends requests (`kind`, id, *args) and
gets answers (id, ok, value) from `storage.service`. The crawl process never loads SQLAlchemy or opens
the database: that was a third of a re-crawl's start-up, and its writes competed with the downloads for
the crawl process's one core. Both ends are the same user's processes, so pickle is safe here.
"""
from __future__ import annotations

import itertools
import pickle
import socket
import struct
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Protocol

HEADER = struct.Struct("!Q")  # length of the pickled message that follows
Outcome = str | None | Exception  # of one stored record: "new", "changed", "unchanged", "errors", None or why not
ENDED = "the tollwatch process storing this crawl ended"


class DatabaseUnavailable(Exception):
    """The database refused a write as a whole (locked, full, connection lost): worth trying again."""


class LinkClosed(DatabaseUnavailable):
    """The process that stores the crawl is gone: nothing more can be stored."""


class RecordRefused(Exception):
    """The database refused one record (a constraint, a value): trying again would not help."""


def send(sock: socket.socket, message: Any) -> None:
    """Send one message (anything picklable)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(data)) + data)


def receive(sock: socket.socket) -> Any | None:
    """The next message, or None once the other end has closed the link."""
    header = _read(sock, HEADER.size)
    if header is None:
        return None
    data = _read(sock, HEADER.unpack(header)[0])
    if data is None:
        raise ConnectionError("the link closed in the middle of a message")
    return pickle.loads(data)


def _read(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        n = sock.recv_into(view[got:])
        if n == 0:
            return None
        got += n
    return bytes(buffer)


class Store(Protocol):
    """Where a crawl stores what it finds: `StorageLink` (to the tollwatch process that started the crawl) or
    `storage.service.DirectStore` (in the crawl's own process, for `scrapy crawl news`). Requests: "store"
    (records; answered with their outcomes), "validators" (URLs), "finish" (status, message: closes the run)
    and, in the daemon, "extract" (a page: answered with its `crawler.items.Packed`, see `crawler.extraction_pool`)."""

    def request(self, kind: str, *args: Any) -> Future[Any]:
        """Send a request; its future gets the answer, or the exception the store raised."""

    def call(self, kind: str, *args: Any) -> Any:
        """Send a request and wait for its answer (raises what the store raised)."""

    def close(self) -> None:
        """Nothing more will be sent."""


class StorageLink:
    """The crawl process's end: requests go out from any thread, and a reader thread hands each answer to
    the future of its request. `on_end` is called (on the reader thread) when the storing side ends the
    link: it has died, or refuses to store more."""

    def __init__(self, sock: socket.socket, on_end: Callable[[], None] | None = None):
        self.sock = sock
        self.on_end = on_end
        self.lock = threading.Lock()  # waiting and closed
        self.send_lock = threading.Lock()
        self.waiting: dict[int, Future[Any]] = {}
        self.ids = itertools.count()
        self.closed: str | None = None
        self.reader = threading.Thread(target=self._read_answers, name="tollwatch-storage-link", daemon=True)
        self.reader.start()

    def request(self, kind: str, *args: Any) -> Future[Any]:
        """Send a request; its future gets the answer, or the exception that the storing side raised."""
        future: Future[Any] = Future()
        with self.lock:
            if self.closed is not None:
                future.set_exception(LinkClosed(self.closed))
                return future
            request_id = next(self.ids)
            self.waiting[request_id] = future
        try:
            with self.send_lock:  # not self.lock: the reader takes that one, and must never wait on a send
                send(self.sock, (kind, request_id, *args))
        except OSError:  # it closed the link: as when the reader finds the link closed
            with self.lock:
                self.closed = self.closed or ENDED
                if self.waiting.pop(request_id, None) is not None:  # else the reader failed it already
                    future.set_exception(LinkClosed(self.closed))
        return future

    def call(self, kind: str, *args: Any) -> Any:
        """Send a request and wait for its answer (raises what the storing side raised)."""
        return self.request(kind, *args).result()

    def close(self) -> None:
        """Tell the storing side this crawl has nothing more to send."""
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def _read_answers(self) -> None:
        reason = ENDED
        try:
            while (answer := receive(self.sock)) is not None:
                request_id, ok, value = answer
                with self.lock:
                    future = self.waiting.pop(request_id)
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except OSError:  # reset: the other end died with messages unread
            pass
        except Exception as exc:  # noqa: BLE001 - an answer that cannot be read
            reason = f"the link to the tollwatch process storing this crawl failed: {type(exc).__name__}: {exc}"
            try:
                self.sock.shutdown(socket.SHUT_RDWR)  # the storing side stops too
            except OSError:
                pass
        with self.lock:
            self.closed = self.closed or reason
            waiting, self.waiting = self.waiting, {}
        for future in waiting.values():
            future.set_exception(LinkClosed(reason))
        if reason == ENDED and self.on_end is not None:
            self.on_end()
