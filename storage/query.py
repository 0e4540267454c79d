"""Read-only SQL for users, each limit enforced by the database itself, with a time limit on every query.

SQLite: the file opened read-only (`mode=ro`; never created) with `query_only`, an authorizer that allows reading
and nothing else, SQLite's own limits on the length of a value (SQLITE_LIMIT_LENGTH) and on its memory
(`hard_heap_limit`), and an interrupt at the time limit.
PostgreSQL: exactly one statement (the extended query protocol refuses several), in a transaction that is READ ONLY
before the query runs and is rolled back, under a `statement_timeout`, run as the role tollwatch_reader (migration
0006), which can read tollwatch's tables and nothing else. The query runs inside a SECURITY DEFINER function owned
by that role, where PostgreSQL refuses any change of role: after a bare `SET ROLE`, `set_config('role', 'none',
true)` in the query would take back the connecting role. Where tollwatch_reader cannot be used, a connecting role
that can do more than read is refused, unless the caller allows it.
"""
from __future__ import annotations

import os
import sqlite3
import sys
import threading
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sqlalchemy.engine import make_url

from storage.db import DatabaseError, first_line, normalize_url, require_existing, sqlite_file
from storage.display import MAX_PATH_SHOWN, shorten

if TYPE_CHECKING:
    import psycopg
    from psycopg import pq, sql as pgsql

MB = 2**20
MAX_ROWS = 100_000
MAX_RESULT_BYTES = 256 * MB  # the rows a query returns, as Python keeps them
MAX_VALUE_BYTES = 16 * MB  # SQLite: the longest string or blob a query reads or makes (SQLITE_LIMIT_LENGTH)
SQLITE_HEAP_BYTES = 256 * MB  # SQLite: the memory a query may take (PRAGMA hard_heap_limit)
READER_ROLE = "tollwatch_reader"
ALLOW_WRITABLE_ROLE = "--allow-writable-role"


class QueryError(Exception):
    """A query that was refused, failed or ran out of time, worded for the user."""


@dataclass
class QueryResult:
    """Column names and rows of a query; `truncated` when more than MAX_ROWS rows matched."""

    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool = False


def run_query(url: str, sql: str, time_limit: float, *, allow_writable_role: bool = False) -> QueryResult:
    """Run one read-only statement against the database at `url`, stopped after `time_limit` seconds. On
    PostgreSQL it runs as tollwatch_reader; without that role, as the connecting role only if that role can do
    nothing but read, or if `allow_writable_role`."""
    sql = sql.strip().rstrip(";").strip()
    if not sql:
        raise QueryError("empty query")
    if "\0" in sql:
        raise QueryError("refused: the query contains a NUL character")
    normalized = normalize_url(url)
    try:
        if normalized.startswith("sqlite"):
            return _sqlite(url, sql, time_limit)
        return _postgres(normalized, sql, time_limit, allow_writable_role)
    except MemoryError:
        raise QueryError(f"refused: the query needs more memory than tollwatch sql allows ({SQLITE_HEAP_BYTES // MB} "
                         "MB); select fewer or shorter values") from None


def _collect(columns: list[str], rows: Iterable[Sequence[Any]]) -> QueryResult:
    """The first MAX_ROWS rows, `truncated` when there are more; refused past MAX_RESULT_BYTES, before
    materialising them."""
    kept: list[tuple[Any, ...]] = []
    size = 0
    for row in rows:
        if len(kept) == MAX_ROWS:
            return QueryResult(columns, kept, truncated=True)
        size += sum(map(sys.getsizeof, row))
        if size > MAX_RESULT_BYTES:
            raise QueryError(f"refused: the result is larger than {MAX_RESULT_BYTES // MB} MB, the most "
                             "tollwatch sql returns; select fewer rows or columns")
        kept.append(tuple(row))
    return QueryResult(columns, kept)


def _time_limit_error(time_limit: float) -> QueryError:
    """The error of a query stopped at its time limit."""
    return QueryError(f"query stopped after the time limit of {time_limit:g}s")


def _sqlite(url: str, sql: str, time_limit: float) -> QueryResult:
    """Run `sql` on a read-only connection to the SQLite file of `url`, interrupted at the time limit."""
    connection = _open_sqlite(url, time_limit)
    # sqlite3_interrupt is seen at every loop step of the query, unlike a progress handler's every N instructions
    timer = threading.Timer(time_limit, connection.interrupt)
    timer.daemon = True
    try:
        _limit_sqlite(connection)
        timer.start()
        cursor = connection.execute(sql)
        return _collect([d[0] for d in cursor.description or []], cursor)
    except sqlite3.Error as exc:
        raise _sqlite_error(exc, time_limit) from None
    finally:
        timer.cancel()
        connection.close()


def _open_sqlite(url: str, time_limit: float) -> sqlite3.Connection:
    """The existing file of `url`, its path exactly as written (`#`, `?`, `%` included), opened read-only."""
    path = sqlite_file(url)
    if path is None:
        raise DatabaseError("tollwatch sql needs a database file, not an in-memory database")
    require_existing(url)
    try:
        connection = sqlite3.connect(f"file://{quote(os.path.abspath(path))}?mode=ro", uri=True, timeout=time_limit)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open database {shorten(path, MAX_PATH_SHOWN)}: {exc}") from None
    return connection


def limit_reader(connection: sqlite3.Connection) -> None:
    """SQLite's own limits for a connection that runs other people's queries: the length of a value, the
    memory of SQLite (process-wide, and SQLite only ever lowers it), and no writing (`tollwatch sql`, and
    every connection of `tollwatch serve`)."""
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    connection.execute(f"PRAGMA hard_heap_limit={SQLITE_HEAP_BYTES}")
    connection.execute("PRAGMA query_only=ON")


def _limit_sqlite(connection: sqlite3.Connection) -> None:
    """`limit_reader`, and an authorizer that allows reading only."""
    limit_reader(connection)
    connection.set_authorizer(_sqlite_authorizer)


def _sqlite_error(exc: sqlite3.Error, time_limit: float) -> QueryError:
    """A failed SQLite query as the user's one line."""
    text = str(exc)
    if "interrupted" in text:
        return _time_limit_error(time_limit)
    if "too big" in text:
        return QueryError(f"refused: a value would be longer than {MAX_VALUE_BYTES // MB} MB, the longest "
                          f"tollwatch sql allows ({text})")
    if isinstance(exc, sqlite3.ProgrammingError):
        return QueryError(f"refused: {text}")
    if any(word in text for word in ("not authorized", "authorization denied", "readonly", "read-only")):
        return QueryError(f"refused: tollwatch sql is read-only ({text})")
    return QueryError(f"query failed: {text}")


_SQLITE_ALLOWED = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE}
_SQLITE_UNSAFE_FUNCTIONS = {"load_extension", "readfile", "writefile", "edit", "fts3_tokenizer"}


def _sqlite_authorizer(action: int, arg1: str | None, arg2: str | None, _db: str | None,
                       _trigger: str | None) -> int:
    """Allow reading tables and calling functions that touch nothing outside the query."""
    if action in _SQLITE_ALLOWED:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() not in _SQLITE_UNSAFE_FUNCTIONS:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


# Runs the query as its owner, tollwatch_reader, which creates it in the temporary schema for the transaction (the
# rollback drops it). FOR ... IN EXECUTE opens a cursor: one statement, and one that returns rows. Stopping after
# max_rows + 1 rows stops the query.
_READER_FUNCTION = """
CREATE FUNCTION pg_temp.tollwatch_query(query text, max_rows integer) RETURNS SETOF record
LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    result record;
    returned integer := 0;
BEGIN
    FOR result IN EXECUTE query LOOP
        RETURN NEXT result;
        returned := returned + 1;
        EXIT WHEN returned > max_rows;
    END LOOP;
END
$$
"""

# Why the current role can do more than read tollwatch's tables, through itself or a role it can switch to: the
# first reason, or no row.
_MORE_THAN_READING = """
WITH roles AS (
    SELECT oid, rolname, rolsuper, rolcreaterole FROM pg_roles WHERE pg_has_role(current_user, oid, 'MEMBER')
)
SELECT format('%s is a superuser', rolname) FROM roles WHERE rolsuper
UNION ALL
SELECT format('%s can create roles', rolname) FROM roles WHERE rolcreaterole
UNION ALL
SELECT format('%s is a member of %s', current_user, rolname) FROM roles
WHERE rolname IN ('pg_execute_server_program', 'pg_read_server_files', 'pg_write_server_files',
                  'pg_signal_backend', 'pg_write_all_data')
UNION ALL
SELECT format('%s can write to %s', r.rolname, c.oid::regclass)
FROM roles r JOIN pg_class c ON c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND (c.relowner = r.oid OR has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE'))
LIMIT 1
"""

# The type of each column for the function's column definition list, without type modifiers (the rows may carry
# none). The protocol describes a domain by its base type while the rows carry the domain: a column read from a
# table or view takes the type it is declared with there.
_COLUMN_TYPES = """
SELECT format_type(t.oid, NULL), t.typtype = 'p'
FROM unnest(%s::oid[], %s::oid[], %s::int[]) WITH ORDINALITY AS c(type, tab, col, n)
LEFT JOIN pg_attribute a ON a.attrelid = c.tab AND a.attnum = c.col AND c.col > 0
JOIN pg_type t ON t.oid = coalesce(a.atttypid, c.type)
ORDER BY c.n
"""


def _postgres(url: str, sql: str, time_limit: float, allow_writable_role: bool) -> QueryResult:
    """Run `sql` as tollwatch_reader (or a connecting role allowed to run it) in one transaction, read-only from
    before the query on and rolled back, each of its statements stopped after `time_limit`."""
    import psycopg

    connection = _connect(url)
    try:
        with connection.transaction(force_rollback=True):
            _set_time_limit(connection, time_limit)
            unusable = _become_reader(connection)
            connection.execute("SET TRANSACTION READ ONLY")
            if not allow_writable_role:
                _refuse_more_than_reading(connection, unusable)
            columns, statement, params = _statement(connection, sql, via_reader=unusable is None)
            with closing(connection.cursor().stream(statement, params)) as rows:
                return _collect(columns, rows)
    except psycopg.Error as exc:
        raise _postgres_error(exc, time_limit) from None
    finally:
        connection.close()


def _connect(url: str) -> psycopg.Connection[Any]:
    """A connection of its own for the query, in autocommit mode."""
    import psycopg

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        return psycopg.connect(conninfo, connect_timeout=10, autocommit=True, application_name="tollwatch sql")
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot connect to the database: {first_line(exc)}") from None


def _set_time_limit(connection: psycopg.Connection[Any], time_limit: float) -> None:
    """Stop each statement of the transaction after `time_limit`, and the session if it idles in the transaction
    as long. A query cannot lift the limit of the statement it runs in, nor end the transaction."""
    milliseconds = str(max(1, round(time_limit * 1000)))
    for setting in ("statement_timeout", "idle_in_transaction_session_timeout"):
        connection.execute("SELECT set_config(%s, %s, true)", (setting, milliseconds))


def _become_reader(connection: psycopg.Connection[Any]) -> str | None:
    """Switch to tollwatch_reader for the rest of the transaction and create, as that role, the function that runs
    the query; None when done, else why the role cannot be used (it does not exist, the connecting role may not
    switch to it...). Refused when the role may not use tollwatch's schema."""
    import psycopg

    try:
        with connection.transaction():  # a savepoint: on failure, the connecting role carries on
            schema, granted = connection.execute(
                "SELECT current_schema(), has_schema_privilege(%s, current_schema(), 'USAGE')", (READER_ROLE,)
            ).fetchone()
            if not granted:
                raise QueryError(f"refused: {READER_ROLE} may not use the schema {schema}: grant it what "
                                 "docs/architecture.md says (The reader role by hand)")
            connection.execute(f"SET LOCAL ROLE {READER_ROLE}")
            connection.execute(_READER_FUNCTION)
    except psycopg.Error as exc:
        return first_line(exc)
    return None


def _refuse_more_than_reading(connection: psycopg.Connection[Any], unusable: str | None) -> None:
    """Refuse to run the query as a role that can do more than read: tollwatch_reader given more privileges, or
    a connecting role that can write (the role tollwatch_reader being `unusable`)."""
    reason = connection.execute(_MORE_THAN_READING).fetchone()
    if reason is None:
        return
    if unusable is None:
        raise QueryError(f"refused: {reason[0]}, so it can do more than read; give {READER_ROLE} no more than "
                         f"docs/architecture.md says (The reader role by hand), or pass {ALLOW_WRITABLE_ROLE}")
    raise QueryError(f"refused: {reason[0]}, and the read-only role {READER_ROLE} cannot be used ({unusable}); "
                     f"create it as docs/architecture.md says (The reader role by hand), or pass {ALLOW_WRITABLE_ROLE} "
                     f"to run the query as {connection.info.user} anyway")


def _statement(connection: psycopg.Connection[Any], sql: str,
               via_reader: bool) -> tuple[list[str], str | pgsql.Composed, tuple[Any, ...] | None]:
    """The column names of `sql` and the statement and parameters that run it: a call of tollwatch_reader's
    function, or `sql` itself (as one statement: `stream` uses the extended query protocol)."""
    from psycopg import sql as pgsql

    description = _describe(connection, sql)
    columns = [name for name, *_ in description]
    if not via_reader:
        return columns, sql, None
    _, oids, tables, numbers = zip(*description)
    types = connection.execute(_COLUMN_TYPES, (list(oids), list(tables), list(numbers))).fetchall()
    for name, (type_name, pseudo) in zip(columns, types):
        if pseudo:
            raise QueryError(f"refused: column {name!r} has the type {type_name}, which tollwatch sql cannot "
                             "return; cast it to another type (e.g. ::text)")
    definitions = pgsql.SQL(", ").join(pgsql.SQL("{} {}").format(pgsql.Identifier(f"c{i}"), pgsql.SQL(type_name))
                                       for i, (type_name, _) in enumerate(types))
    call = pgsql.SQL("SELECT * FROM pg_temp.tollwatch_query(%s, %s) AS query({})").format(definitions)
    return columns, call, (sql, MAX_ROWS)


def _describe(connection: psycopg.Connection[Any], sql: str) -> list[tuple[str, int, int, int]]:
    """(name, type, table, column number) of each column `sql` returns, as the server parses it, running
    nothing; refused unless it is one statement that returns rows."""
    encoding = connection.info.encoding
    try:
        command = sql.encode(encoding)
    except UnicodeEncodeError as exc:
        raise QueryError(f"query failed: the query cannot be sent in the database's encoding ({exc.reason})") from None
    _check(connection.pgconn.prepare(b"", command), encoding)
    result = connection.pgconn.describe_prepared(b"")
    _check(result, encoding)
    if not result.nfields:
        raise QueryError("refused: tollwatch sql runs queries, and this statement returns no rows")
    return [((result.fname(i) or b"").decode(encoding), result.ftype(i), result.ftable(i), result.ftablecol(i))
            for i in range(result.nfields)]


def _check(result: pq.abc.PGresult, encoding: str) -> None:
    """Raise the server's error of a libpq result that failed."""
    from psycopg import errors, pq

    if result.status != pq.ExecStatus.COMMAND_OK:
        raise errors.error_from_result(result, encoding=encoding)


def _postgres_error(exc: psycopg.Error, time_limit: float) -> QueryError:
    """A failed PostgreSQL query as the user's one line."""
    from psycopg import errors

    if isinstance(exc, errors.QueryCanceled):
        return _time_limit_error(time_limit)
    if isinstance(exc, (errors.InsufficientPrivilege, errors.ReadOnlySqlTransaction)):
        return QueryError(f"refused: {first_line(exc)} (tollwatch sql only reads)")
    return QueryError(f"query failed: {first_line(exc)}")
