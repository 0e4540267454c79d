"""One daemon per database: a lock the operating system or the server releases when the daemon dies.

SQLite: `fcntl.flock` on `<database file>.lock`, which also holds "pid host since" of the daemon.
PostgreSQL: a session-level `pg_try_advisory_lock` on a dedicated connection, keyed by the schema;
the connection's application_name carries "pid host" so `status` and `stop` can find the daemon, and its
start is when the daemon took the lock.
"""
from __future__ import annotations

import fcntl
import os
import socket
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from storage.db import create_db_engine, first_line, normalize_url, safe_url

LOCK_CLASS = 0x746F6C6C  # "toll": first key of the advisory lock; the second is derived from the schema
APP_PREFIX = "tollwatch daemon"


class DaemonError(Exception):
    """A daemon-level problem worded as one line (lock held, pidfile unwritable, nothing to stop...)."""


@dataclass(frozen=True)
class Holder:
    """The daemon holding a database's lock."""

    pid: int | None
    host: str | None
    since: datetime | None = None  # when it took the lock (UTC)

    @property
    def local(self) -> bool:
        return self.host in (None, socket.gethostname())

    def describe(self) -> str:
        where = "" if self.local or not self.host else f" on host {self.host}"
        return f"pid {self.pid}{where}" if self.pid else f"unknown pid{where}"


def _identity() -> str:
    return f"{os.getpid()} {socket.gethostname()}"


def _parse_identity(value: str, since: datetime | None = None) -> Holder:
    """A holder from "pid host [since]" (since: ISO 8601, as the lock file has it; else `since`)."""
    parts = value.split()
    pid = int(parts[0]) if parts and parts[0].isdigit() else None
    if len(parts) > 2:
        try:
            since = datetime.fromisoformat(parts[2])
        except ValueError:
            pass
    return Holder(pid, parts[1] if len(parts) > 1 else None, since)


def sqlite_lock_path(url: str) -> Path:
    """`<database file>.lock`, resolved so that two spellings of one file share one lock."""
    database = make_url(normalize_url(url)).database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        raise DaemonError("the daemon needs a database file or server: an in-memory SQLite database "
                          "cannot be shared with crawl processes")
    return Path(os.path.realpath(database)).with_name(Path(database).name + ".lock")


def is_sqlite(url: str) -> bool:
    return make_url(normalize_url(url)).get_backend_name() == "sqlite"


class DaemonLock:
    """Held for the daemon's lifetime; `acquire` raises DaemonError naming the daemon that holds it."""

    def __init__(self, url: str):
        self.url = url
        self._file: Any = None
        self._engine: Any = None
        self._conn: Connection | None = None
        self._key: tuple[int, int] | None = None

    def acquire(self, attempts: int = 5) -> None:
        for attempt in range(attempts):  # a `status` probing the lock holds it for a moment
            holder = self._try()
            if holder is None:
                return
            time.sleep(0.2 * (attempt + 1))
        raise DaemonError(f"another tollwatch daemon ({holder.describe()}) is already running on "
                          f"{safe_url(self.url)}; stop it first ('tollwatch stop')")

    def _try(self) -> Holder | None:
        if is_sqlite(self.url):
            return self._try_file()
        return self._try_advisory()

    def _try_file(self) -> Holder | None:
        path = sqlite_lock_path(self.url)
        try:
            file = open(path, "a+", encoding="utf-8")  # noqa: SIM115 (held open while the daemon runs)
        except OSError as exc:
            raise DaemonError(f"cannot create the daemon lock file {path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.seek(0)
            holder = _parse_identity(file.read())
            file.close()
            return holder
        file.seek(0)
        file.truncate()
        file.write(f"{_identity()} {datetime.now(timezone.utc).isoformat(timespec='seconds')}\n")
        file.flush()
        self._file = file
        return None

    def _try_advisory(self) -> Holder | None:
        if self._engine is None:
            self._engine = create_db_engine(self.url)
        try:
            conn = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            key = advisory_key(conn)
            conn.execute(text("SELECT set_config('application_name', :name, false)"),
                         {"name": f"{APP_PREFIX} {_identity()}"[:63]})
            if conn.execute(text("SELECT pg_try_advisory_lock(:a, :b)"), {"a": key[0], "b": key[1]}).scalar():
                self._conn, self._key = conn, key
                return None
            holder = advisory_holder(conn, key)
            conn.close()
            return holder or Holder(None, None)
        except SQLAlchemyError as exc:
            raise DaemonError(f"cannot take the daemon lock on {safe_url(self.url)}: "
                              f"{first_line(getattr(exc, 'orig', exc))}") from None

    def check(self) -> bool:
        """Whether the lock is still held (a PostgreSQL connection can drop); re-take it if it can."""
        if self._conn is None:
            return self._file is not None
        try:
            self._conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            try:
                self._conn.close()
            except SQLAlchemyError:
                pass
            self._conn = None
        try:
            return self._try_advisory() is None
        except DaemonError:
            return False

    def release(self) -> None:
        if self._file is not None:
            self._file.seek(0)
            self._file.truncate()
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:a, :b)"),
                                   {"a": self._key[0], "b": self._key[1]})  # type: ignore[index]
                self._conn.close()
            except SQLAlchemyError:
                pass
            self._conn = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def advisory_key(conn: Connection) -> tuple[int, int]:
    """(class, object) of the advisory lock: one per database and schema."""
    schema = conn.execute(text("SELECT current_schema()")).scalar() or "public"
    return LOCK_CLASS, zlib.crc32(schema.encode()) & 0x7FFFFFFF


def advisory_holder(conn: Connection, key: tuple[int, int]) -> Holder | None:
    row = conn.execute(text(
        "SELECT a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
        "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = :a AND l.objid = :b AND l.objsubid = 2 "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
        {"a": key[0], "b": key[1]}).first()
    if row is None:
        return None
    name = row[0] or ""
    if not name.startswith(APP_PREFIX):
        return Holder(None, None, row[1])
    return _parse_identity(name[len(APP_PREFIX):], row[1])


def find_daemon(url: str) -> Holder | None:
    """The daemon running on this database, or None; never takes the lock for longer than a moment."""
    if is_sqlite(url):
        path = sqlite_lock_path(url)
        try:
            file = open(path, encoding="utf-8")  # noqa: SIM115
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DaemonError(f"cannot read the daemon lock file {path}: {exc.strerror or exc}") from None
        with file:
            try:
                fcntl.flock(file, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return _parse_identity(file.read())
            fcntl.flock(file, fcntl.LOCK_UN)
            return None
    engine = create_db_engine(url)
    try:
        with engine.connect() as conn:
            return advisory_holder(conn, advisory_key(conn))
    except SQLAlchemyError as exc:
        raise DaemonError(f"cannot reach {safe_url(url)}: {first_line(getattr(exc, 'orig', exc))}") from None
    finally:
        engine.dispose()
