"""Read-only SQL for users: enforced by the connection itself, with a time limit on every query.

SQLite: a `mode=ro` connection with `query_only`, an authorizer that allows reading and nothing else,
and a progress handler that interrupts a query after the time limit.
PostgreSQL: a READ ONLY transaction with a statement timeout, rolled back afterwards; admin
functions are refused too (for full safety connect as a SELECT-only role, see the README).
"""
from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import make_url

from storage.db import DatabaseError, first_line, normalize_url

MAX_ROWS = 100_000
# Functions that touch files, the server or settings: refused even inside a read-only transaction.
_PG_UNSAFE = re.compile(
    r"\b(pg_\w+|lo_\w+|set_config|dblink\w*|current_setting|txid_\w+|nextval|setval)\s*\(", re.I)
_SQLITE_UNSAFE_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


class QueryError(Exception):
    """A query that was refused, failed or ran out of time, worded for the user."""


@dataclass
class QueryResult:
    """Column names and rows of a query; `truncated` when more than MAX_ROWS rows matched."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool = False


def run_query(url: str, sql: str, time_limit: float) -> QueryResult:
    """Run one read-only statement against the database at `url`, stopped after `time_limit` seconds."""
    sql = sql.strip().rstrip(";").strip()
    if not sql:
        raise QueryError("empty query")
    url = normalize_url(url)
    if url.startswith("sqlite"):
        return _sqlite(url, sql, time_limit)
    return _postgres(url, sql, time_limit)


def _fetch(cursor: Any) -> QueryResult:
    columns = [d[0] for d in cursor.description or []]
    rows = cursor.fetchmany(MAX_ROWS + 1) if cursor.description else []
    return QueryResult(columns, [tuple(r) for r in rows[:MAX_ROWS]], truncated=len(rows) > MAX_ROWS)


def _sqlite(url: str, sql: str, time_limit: float) -> QueryResult:
    path = make_url(url).database
    if not path or path == ":memory:":
        raise DatabaseError("tollwatch sql needs a database file, not an in-memory database")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=time_limit)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open database {path}: {exc}") from None
    try:
        connection.execute("PRAGMA query_only=ON")
        connection.set_authorizer(_sqlite_authorizer)
        deadline = time.monotonic() + time_limit
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            cursor = connection.execute(sql)
            return _fetch(cursor)
        except sqlite3.ProgrammingError as exc:
            raise QueryError(f"refused: {exc}") from None
        except sqlite3.DatabaseError as exc:
            if "interrupted" in str(exc):
                raise QueryError(f"query stopped after the time limit of {time_limit:g}s") from None
            if any(word in str(exc) for word in ("not authorized", "authorization denied", "readonly", "read-only")):
                raise QueryError(f"refused: tollwatch sql is read-only ({exc})") from None
            raise QueryError(f"query failed: {exc}") from None
    finally:
        connection.close()


_SQLITE_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE}


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None,
                       _trigger: str | None) -> int:
    if action in _SQLITE_ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() not in _SQLITE_UNSAFE_FUNCTIONS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _postgres(url: str, sql: str, time_limit: float) -> QueryResult:
    import psycopg

    if _PG_UNSAFE.search(sql):
        raise QueryError("refused: server administration and setting functions are not allowed "
                         "in tollwatch sql")
    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        connection = psycopg.connect(conninfo, connect_timeout=10)
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot connect to the database: {first_line(exc)}") from None
    try:
        with connection.transaction(force_rollback=True), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION READ ONLY")
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", (f"{int(time_limit * 1000)}",))
            try:
                # Wrapping the statement makes anything but a query (COPY, SET ROLE, DO...) a syntax error.
                cursor.execute(f"SELECT * FROM ({sql}\n) AS tollwatch_query")  # noqa: S608
            except psycopg.errors.QueryCanceled:
                raise QueryError(f"query stopped after the time limit of {time_limit:g}s") from None
            except psycopg.errors.ReadOnlySqlTransaction as exc:
                raise QueryError(f"refused: tollwatch sql is read-only ({first_line(exc)})") from None
            except psycopg.errors.InsufficientPrivilege as exc:
                raise QueryError(f"refused: {first_line(exc)}") from None
            except psycopg.Error as exc:
                raise QueryError(f"query failed: {first_line(exc)}") from None
            return _fetch(cursor)
    finally:
        connection.close()
