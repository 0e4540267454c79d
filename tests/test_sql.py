"""`tollwatch sql` reads and never writes, on SQLite and PostgreSQL, and stops runaway queries; the database
enforces each limit: on PostgreSQL the role tollwatch_reader in a read-only transaction, on SQLite a read-only
file and SQLite's own limits. Every attack reproduced in issue 28 is here, with more escape attempts; each leaves
the database as it was."""
from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

import storage.query
from storage.db import DatabaseError, create_db_engine, open_database, upgrade
from storage.query import MAX_ROWS, MAX_VALUE_BYTES, QueryError, run_query
from scheduler.cli import SQL_TIME_LIMIT
from tests.conftest import PG_URL, TOLLWATCH, run_cli

RUNAWAY = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
           "SELECT count(*) FROM n")
ADMIN = PG_URL.replace("+psycopg", "")
ARCHITECTURE = Path(__file__).parents[1] / "docs" / "architecture.md"


@pytest.fixture
def database(db_url: str) -> str:
    """A tollwatch database with a source, an article and a version in it."""
    seed(db_url)
    return db_url


def seed(url: str) -> None:
    """Create the schema and store one source, article and version."""
    engine = open_database(url)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO sources (name, kind, url, created_at) VALUES ('s', 'feed', 'u', '2026-01-01')"))
        conn.execute(text("INSERT INTO articles (url, source_id, first_seen_at, last_seen_at) "
                          "VALUES ('https://e.org/a', 1, '2026-01-01', '2026-01-01')"))
        conn.execute(text("INSERT INTO article_versions (article_id, fetched_at, content_hash, text) "
                          "VALUES (1, '2026-01-01', 'h', 'At least 12 people were killed')"))
    engine.dispose()


def state(url: str) -> dict[str, Any]:
    """What an attack could change: the tables and views and their row counts; on PostgreSQL also the large
    objects, tables named pwned in any schema, and tollwatch's roles with their memberships."""
    engine = create_db_engine(url)
    with engine.connect() as conn:
        names = inspect(conn).get_table_names() + inspect(conn).get_view_names()
        found: dict[str, Any] = {name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar() for name in names}
        if conn.dialect.name == "postgresql":
            found["large objects"] = conn.execute(text("SELECT count(*) FROM pg_largeobject_metadata")).scalar()
            found["pwned"] = conn.execute(text("SELECT count(*) FROM pg_class WHERE relname = 'pwned'")).scalar()
            found["roles"] = conn.execute(text(
                "SELECT rolname, rolsuper, rolcanlogin, rolcreaterole, ARRAY(SELECT b.rolname FROM pg_auth_members m "
                "JOIN pg_roles b ON b.oid = m.roleid WHERE m.member = r.oid ORDER BY 1) "
                "FROM pg_roles r WHERE rolname LIKE 'tollwatch%' ORDER BY 1")).all()
    engine.dispose()
    return found


def one_error_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    """Exit code 2 and one line on standard error: `tollwatch: error: ` and the expected message."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("tollwatch: error: "), result.stderr
    assert expected in result.stderr, result.stderr


def run_measured(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run the `tollwatch` command like `run_cli`, and also return its peak memory in MB."""
    env = {k: v for k, v in os.environ.items() if k != "TOLLWATCH_DATABASE_URL"}
    with (cwd / "stdout").open("w+") as out, (cwd / "stderr").open("w+") as err:
        process = subprocess.Popen([TOLLWATCH, *args], cwd=cwd, stdout=out, stderr=err, env=env)
        killer = threading.Timer(120, process.kill)
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = subprocess.CompletedProcess(args, process.returncode, out.read(), err.read())
    return result, usage.ru_maxrss / 1024


# Reading and writing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sql", [
    "DELETE FROM articles",
    "DROP TABLE articles",
    "INSERT INTO sources (name, kind, url, created_at) VALUES ('x', 'feed', 'u', '2020-01-01')",
    "UPDATE crawl_runs SET status = 'x'",
    "CREATE TABLE evil (x int)",
    "SELECT 1; DELETE FROM articles",
    "WITH gone AS (DELETE FROM articles RETURNING id) SELECT * FROM gone",
])
def test_writes_are_refused(database: str, sql: str) -> None:
    before = state(database)
    with pytest.raises(QueryError):
        run_query(database, sql, time_limit=5)
    assert state(database) == before


def test_queries_read_the_tables(database: str) -> None:
    result = run_query(database, "SELECT s.name, a.url, v.text FROM sources s JOIN articles a ON a.source_id = s.id "
                                 "JOIN article_versions v ON v.article_id = a.id;", time_limit=5)
    assert result.columns == ["name", "url", "text"]
    assert result.rows == [("s", "https://e.org/a", "At least 12 people were killed")]


def test_runaway_query_is_stopped(database: str) -> None:
    with pytest.raises(QueryError, match="time limit of 0.5s"):
        run_query(database, RUNAWAY, time_limit=0.5)


def test_rows_are_limited_in_number_and_in_bytes(database: str, monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {MAX_ROWS + 5}) "
    result = run_query(database, numbers + "SELECT i FROM n", time_limit=30)
    assert result.truncated and len(result.rows) == MAX_ROWS and result.rows[-1] == (MAX_ROWS,)
    monkeypatch.setattr(storage.query, "MAX_RESULT_BYTES", 100_000)
    with pytest.raises(QueryError, match="the result is larger than"):
        run_query(database, numbers + f"SELECT i, '{'x' * 1000}' FROM n", time_limit=30)


def test_sql_command_formats(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    open_database(db).dispose()  # `sql` only reads: it creates no database
    result = run_cli("--database", db, "sql", "SELECT 1 AS one, 'a\nb' AS two", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"one": 1, "two": "a\nb"}]
    result = run_cli("--database", db, "sql", "SELECT 1 AS one, 'a\nb' AS two", cwd=tmp_path)
    assert result.stdout.splitlines() == ["one  two", "---  ----", "1    a\\nb"]
    result = run_cli("--database", db, "sql", "SELECT 1 AS one", "--format", "csv", cwd=tmp_path)
    assert result.stdout.splitlines() == ["one", "1"]
    one_error_line(run_cli("--database", db, "sql", "DROP TABLE articles", cwd=tmp_path), "error: refused")
    one_error_line(run_cli("--database", db, "sql", "SELEC nonsense", cwd=tmp_path), "error: query failed: near")
    for limit, message in (("0", "'0' must be longer than zero"), ("nan", "'nan' is not a duration"),
                           ("inf", "'inf' is not a duration"), ("1e12", "'1e12' is not a duration"),
                           ("25h", "'25h' is too long for a query (at most 1d)")):
        one_error_line(run_cli("--database", db, "sql", "SELECT 1", "--time-limit", limit, cwd=tmp_path),
                       f"--time-limit: {message}")


# SQLite: the file, exactly, read-only; SQLite's limits -------------------------------------------------------------


@pytest.mark.parametrize("name", ["e#x.db", "q?x.db", "p%41x.db", "s p;x.db"])
def test_sqlite_paths_are_opened_exactly_and_read_only(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    seed(f"sqlite:///{path}")
    before = hashlib.sha256(path.read_bytes()).hexdigest(), files(tmp_path)
    assert run_query(f"sqlite:///{path}", "SELECT url FROM articles", time_limit=5).rows == [("https://e.org/a",)]
    with pytest.raises(QueryError, match="refused"):
        run_query(f"sqlite:///{path}", "DELETE FROM articles", time_limit=5)
    result = run_cli("--database", f"sqlite:///{path}", "sql", "SELECT count(*) AS n FROM article_versions",
                     cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.splitlines()[2] == "1", result.stderr
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), files(tmp_path)) == before


def files(directory: Path) -> list[str]:
    """The files in `directory` but SQLite's WAL companions (a read-only reader leaves them)."""
    return sorted(p.name for p in directory.iterdir() if not p.name.endswith(("-wal", "-shm")))


@pytest.mark.parametrize("name", ["missing.db", "e#x.db", "dir/typo.db"])
def test_a_missing_sqlite_file_is_an_error_and_is_not_created(tmp_path: Path, name: str) -> None:
    url = f"sqlite:///{tmp_path / name}"
    with pytest.raises(DatabaseError, match=re.escape(str(tmp_path / name))):
        run_query(url, "SELECT 1", time_limit=5)
    one_error_line(run_cli("--database", url, "sql", "SELECT count(*) FROM articles", cwd=tmp_path),
                   f"{tmp_path / name.split('/')[0]}' does not exist")  # the file, or its missing directory
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("sql", [
    "ATTACH DATABASE '/tmp/tollwatch-evil.db' AS evil",
    "PRAGMA writable_schema = ON",
    "PRAGMA journal_mode = DELETE",
    "VACUUM INTO '/tmp/tollwatch-copy.db'",
    "SELECT load_extension('/tmp/evil.so')",
    "SELECT \"load_extension\"('/tmp/evil.so')",
    "SELECT load_extension/**/('/tmp/evil.so')",
    "SELECT 1; DELETE FROM article_versions",
    "SELECT ';'; DELETE FROM article_versions",
    "CREATE TEMP TABLE pwned AS SELECT 1",
    "INSERT INTO article_versions SELECT * FROM article_versions",
    "REPLACE INTO sources (id, name, kind, url, created_at) VALUES (1, 'x', 'feed', 'u', '2020-01-01')",
])
def test_sqlite_escape_hatches_are_refused(tmp_path: Path, sql: str) -> None:
    url = f"sqlite:///{tmp_path / 'tollwatch.db'}"
    seed(url)
    before = hashlib.sha256((tmp_path / "tollwatch.db").read_bytes()).hexdigest()
    one_error_line(run_cli("--database", url, "sql", sql, cwd=tmp_path), "error: refused")
    assert hashlib.sha256((tmp_path / "tollwatch.db").read_bytes()).hexdigest() == before
    assert not Path("/tmp/tollwatch-copy.db").exists() and not Path("/tmp/tollwatch-evil.db").exists()


@pytest.mark.parametrize(("sql", "expected"), [
    # issue 28: 13.6 s past a 5 s limit at 2 GB
    ("SELECT hex(randomblob(400000000))", f"longer than {MAX_VALUE_BYTES >> 20} MB"),
    # issue 28: 5.9 GB, then a MemoryError traceback
    ("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000) "
     "SELECT zeroblob(50000000) FROM c", f"longer than {MAX_VALUE_BYTES >> 20} MB"),
    # values each within the length limit: the rows' byte budget
    ("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 100000) "
     "SELECT zeroblob(16000000) FROM c", "the result is larger than 256 MB"),
    # many values within the length limit at once: SQLite's heap limit
    ("SELECT length(max(" + ", ".join(["randomblob(16000000)"] * 40) + "))", "needs more memory"),
])
def test_sqlite_memory_is_bounded(tmp_path: Path, sql: str, expected: str) -> None:
    url = f"sqlite:///{tmp_path / 'tollwatch.db'}"
    seed(url)
    started = time.monotonic()
    result, peak_mb = run_measured("--database", url, "sql", sql, cwd=tmp_path)
    assert peak_mb < 800 and time.monotonic() - started < 5, (peak_mb, result.stderr[-300:])
    one_error_line(result, expected)


def test_sqlite_time_limit_holds_for_the_longest_expressions(tmp_path: Path) -> None:
    """The progress of one function call is not interrupted: the length limit bounds it; a query's loop is
    interrupted at its next step."""
    url = f"sqlite:///{tmp_path / 'tollwatch.db'}"
    seed(url)
    longest = MAX_VALUE_BYTES // 2 - 1  # hex doubles it
    started = time.monotonic()
    assert run_query(url, f"SELECT length(hex(randomblob({longest})))", time_limit=5).rows == [(2 * longest,)]
    assert time.monotonic() - started < 0.5  # a tenth of the default time limit
    with pytest.raises(QueryError, match="longer than"):
        run_query(url, f"SELECT length(hex(randomblob({longest + 2})))", time_limit=5)
    started = time.monotonic()
    with pytest.raises(QueryError, match="time limit of 2s"):
        run_query(url, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
                       f"SELECT length(hex(randomblob({longest}))) FROM n", time_limit=2)
    assert time.monotonic() - started < 2.2


# PostgreSQL: the role tollwatch_reader ----------------------------------------------------------------------------


def admin_execute(*statements: str) -> None:
    """Run statements as the test server's superuser."""
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def schema_of(url: str) -> str:
    """The test schema of a `pg_url`."""
    return url.rsplit("%3D", 1)[1]


@pytest.fixture
def login_role(pg_url: str) -> Iterator[str]:
    """A new LOGIN role, without CREATEROLE, that may use the test schema; dropped afterwards."""
    name = f"tw_user_{uuid.uuid4().hex[:8]}"
    admin_execute(f"CREATE ROLE {name} LOGIN", f"GRANT USAGE ON SCHEMA {schema_of(pg_url)} TO {name}")
    yield name
    admin_execute(f"DROP OWNED BY {name} CASCADE", f"DROP ROLE {name}")


def as_role(url: str, role: str) -> str:
    """`url` connecting as `role` (the test server trusts local connections)."""
    return url.replace("postgres@", f"{role}@", 1)


@pytest.mark.postgres
def test_the_migration_gives_the_reader_role_its_grants(pg_url: str) -> None:
    seed(pg_url)
    engine = create_db_engine(pg_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT rolsuper, rolcanlogin, rolcreaterole FROM pg_roles "
                                 "WHERE rolname = 'tollwatch_reader'")).one() == (False, False, False)
        ungranted = conn.execute(text(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
            "AND c.relkind IN ('r', 'v') AND NOT has_table_privilege('tollwatch_reader', c.oid, 'SELECT')")).all()
        written = conn.execute(text(
            "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND "
            "has_table_privilege('tollwatch_reader', c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES')")).all()
        conn.execute(text("CREATE TABLE later (x int)"))  # a table a later migration would add
        conn.commit()
    engine.dispose()
    assert ungranted == [] and written == []
    assert run_query(pg_url, "SELECT current_user, count(*) FROM later", time_limit=5).rows == [("tollwatch_reader", 0)]


@pytest.mark.postgres
def test_a_database_from_an_older_version_gets_the_grants(pg_url: str) -> None:
    engine = open_database(pg_url, migrate=False)
    upgrade(engine, "0005")
    with pytest.raises(QueryError, match=f"refused: tollwatch_reader may not use the schema {schema_of(pg_url)}"):
        run_query(pg_url, "SELECT count(*) FROM sources", time_limit=5)
    upgrade(engine)
    engine.dispose()
    assert run_query(pg_url, "SELECT count(*) FROM sources", time_limit=5).rows == [(0,)]


@pytest.mark.postgres
def test_without_the_reader_role_a_writing_role_is_refused_unless_allowed(
        pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(pg_url)
    monkeypatch.setattr(storage.query, "READER_ROLE", f"tw_missing_{uuid.uuid4().hex[:8]}")
    with pytest.raises(QueryError, match=r"^refused: postgres is a superuser, and the read-only role tw_missing_\w+ "
                                         r"cannot be used \(role .* does not exist\); create it as "
                                         r"docs/architecture.md says \(The reader role by hand\), or pass "
                                         r"--allow-writable-role"):
        run_query(pg_url, "SELECT count(*) FROM sources", time_limit=5)
    result = run_query(pg_url, "SELECT current_user, count(*) FROM sources", time_limit=5, allow_writable_role=True)
    assert result.rows == [("postgres", 1)]
    with pytest.raises(QueryError, match="read-only transaction"):  # still read-only
        run_query(pg_url, "DELETE FROM sources RETURNING id", time_limit=5, allow_writable_role=True)


@pytest.mark.postgres
def test_a_role_that_cannot_create_roles_is_told_what_an_administrator_runs(
        pg_url: str, login_role: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """tollwatch connects as a role without CREATEROLE: its migration grants what it can and warns; `sql` refuses
    it (it owns the tables) until an administrator runs the documented SQL, or --allow-writable-role is given."""
    open_database(pg_url).dispose()  # tollwatch_reader exists on the server (it is created once per server)
    schema = schema_of(pg_url)
    url = as_role(f"{PG_URL}?options=-csearch_path%3D{schema}_own", login_role)
    admin_execute(f"CREATE SCHEMA {schema}_own AUTHORIZATION {login_role}")
    try:
        with caplog.at_level(logging.WARNING, logger="tollwatch.migrations"):
            seed(url)
        assert f"{login_role} could not run 'GRANT tollwatch_reader TO CURRENT_USER'" in caplog.text
        refused = run_cli("--database", url, "sql", "SELECT current_user", cwd=tmp_path)
        one_error_line(refused, f"refused: {login_role} can write to ")
        assert ("create it as docs/architecture.md says (The reader role by hand), or pass --allow-writable-role"
            in refused.stderr)
        allowed = run_cli("--database", url, "sql", "SELECT current_user", "--allow-writable-role", cwd=tmp_path)
        assert allowed.returncode == 0 and allowed.stdout.splitlines()[2] == login_role, allowed.stderr
        admin_execute(*readme_sql(login_role, f"{schema}_own"))
        granted = run_cli("--database", url, "sql", "SELECT current_user, count(*) AS n FROM article_versions",
                          cwd=tmp_path)
        assert granted.returncode == 0 and granted.stdout.split()[-2:] == ["tollwatch_reader", "1"], granted.stderr
    finally:
        admin_execute(f"DROP SCHEMA {schema}_own CASCADE")


def readme_sql(role: str, schema: str) -> list[str]:
    """The documented SQL for an administrator, for `role` and `schema` (the role it creates exists already)."""
    block = ARCHITECTURE.read_text().split("### The reader role by hand", 1)[1].split("```sql\n", 1)[1] \
        .split("```", 1)[0]
    statements = [re.sub(r"\s*--.*", "", line).strip() for line in block.splitlines()]
    return [re.sub(r"\bpublic\b", schema, re.sub(r"\btollwatch\b", role, s)) for s in statements
            if s and not s.startswith("CREATE ROLE")]


@pytest.mark.postgres
def test_a_read_only_login_role_queries_as_itself(pg_url: str, login_role: str) -> None:
    seed(pg_url)
    admin_execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema_of(pg_url)} TO {login_role}")
    url = as_role(pg_url, login_role)
    assert run_query(url, "SELECT current_user, count(*) FROM sources", time_limit=5).rows == [(login_role, 1)]
    before = state(pg_url)
    for attack in ("SELECT set_config('role', 'none', true), query_to_xml('DELETE FROM sources', true, false, '')",
                   "SELECT set_config('role', 'postgres', true)", "DELETE FROM sources RETURNING id"):
        with pytest.raises(QueryError):
            run_query(url, attack, time_limit=5)
    assert state(pg_url) == before


@pytest.mark.postgres
def test_a_reader_role_given_more_than_reading_is_refused(pg_url: str) -> None:
    seed(pg_url)
    admin_execute(f"GRANT INSERT ON {schema_of(pg_url)}.sources TO tollwatch_reader")
    with pytest.raises(QueryError, match=r"^refused: tollwatch_reader can write to sources, so it can do more than read"):
        run_query(pg_url, "SELECT 1", time_limit=5)


@pytest.mark.postgres
def test_columns_keep_their_types_and_names(pg_url: str) -> None:
    seed(pg_url)
    result = run_query(pg_url, "SELECT a.id, a.url, s.name AS name, v.fetched_at, 1.5::numeric AS n, ARRAY[1, 2] AS a, "
                               "c.column_name, 1 AS \"?column?\", 2 FROM articles a JOIN sources s ON s.id = a.source_id "
                               "JOIN article_versions v ON v.article_id = a.id JOIN information_schema.columns c "
                               "ON c.table_name = 'sources' AND c.column_name = 'kind' "
                               "AND c.table_schema = current_schema()", time_limit=5)
    assert result.columns == ["id", "url", "name", "fetched_at", "n", "a", "column_name", "?column?", "?column?"]
    (row,) = result.rows
    assert row[:3] == (1, "https://e.org/a", "s") and row[3].isoformat() == "2026-01-01T00:00:00"
    assert (str(row[4]), row[5], row[6], row[7], row[8]) == ("1.5", [1, 2], "kind", 1, 2)
    with pytest.raises(QueryError, match="has the type void, which tollwatch sql cannot return"):
        run_query(pg_url, "SELECT pg_sleep(0)", time_limit=5)


# PostgreSQL: the attacks of issue 28, and more ---------------------------------------------------------------------


@dataclass
class Target:
    """A tollwatch database on PostgreSQL with rows in it, a daemon's lock connection to it, and a file path a
    successful attack would create."""

    url: str
    daemon: str
    lock: Any
    marker: Path


@pytest.fixture
def target(pg_url: str) -> Iterator[Target]:
    import psycopg

    seed(pg_url)
    daemon = f"tollwatch daemon {uuid.uuid4().hex[:8]} testhost"
    marker = Path(f"/tmp/tollwatch-pwned-{uuid.uuid4().hex}")  # the server writes as its own user
    with psycopg.connect(ADMIN, autocommit=True, application_name=daemon) as lock:
        lock.execute("SELECT pg_advisory_lock(1, 2)")
        yield Target(pg_url, daemon, lock, marker)


def b64(sql: str) -> str:
    """`sql` as base64, to hide it from a word list."""
    return base64.b64encode(sql.encode()).decode()


DENIED = "refused: permission denied for "
NO_ROWS = "refused: tollwatch sql runs queries, and this statement returns no rows"
SEVERAL = "query failed: cannot insert multiple commands into a prepared statement"
ROLE_CHANGE = "cannot set parameter \"{}\" within security-definer function"

PG_ATTACKS = [
    # issue 28, as reproduced: closing the wrapper's bracket, then several statements
    ("SELECT 1) AS a; ROLLBACK; DELETE FROM article_versions WHERE id = 1; SELECT * FROM (SELECT 1",
     "query failed: syntax error at or near \")\""),
    ("SELECT 1) AS a; COMMIT; CREATE TABLE pwned AS SELECT 1; SELECT * FROM (SELECT 1", "query failed: syntax error"),
    ("SELECT 1) AS a; COMMIT; COPY (SELECT 1) TO PROGRAM 'touch {marker}'; SELECT * FROM (SELECT 1",
     "query failed: syntax error"),
    # issue 28: past the word list
    ("SELECT \"pg_read_file\"('/etc/hostname')", DENIED + "function pg_read_file"),
    ("SELECT pg_read_file/**/('/etc/hostname')", DENIED + "function pg_read_file"),
    ("SELECT pg_catalog.\"pg_ls_dir\"('.')", DENIED + "function pg_ls_dir"),
    ("SELECT \"current_setting\"('data_directory')", "have privileges of pg_read_all_settings"),
    ("SELECT \"lo_import\"('/etc/hostname')", DENIED + "function lo_import"),
    (f"SELECT query_to_xml(convert_from(decode('{b64('SELECT pg_read_file(chr(47) || $$etc/hostname$$)')}', "
     "'base64'), 'utf8'), true, false, '')", DENIED + "function pg_read_file"),
    (f"SELECT query_to_xml(convert_from(decode('{b64('DELETE FROM article_versions RETURNING id')}', 'base64'), "
     "'utf8'), true, false, '')", "DELETE is not allowed in a non-volatile function"),
    ("SELECT \"pg_terminate_backend\"(pid) FROM pg_stat_activity WHERE application_name = '{daemon}'",
     "refused: must be a superuser to terminate superuser process"),
    # one statement only, however the second one is hidden
    ("SELECT 1; DELETE FROM article_versions", SEVERAL),
    ("SELECT ';'; DELETE FROM article_versions", SEVERAL),
    ("SELECT $q$ ; $q$; DELETE FROM article_versions", SEVERAL),
    ("SELECT 1 /* ; */; DELETE FROM article_versions -- ;", SEVERAL),
    ("SELECT * FROM \"article_versions\"; DROP TABLE \"article_versions\"", SEVERAL),
    # writing inside a query
    ("WITH d AS (DELETE FROM article_versions RETURNING id) SELECT count(*) FROM d", "refused: "),
    ("SELECT * FROM article_versions FOR UPDATE", "refused: cannot execute SELECT FOR UPDATE in a read-only"),
    ("EXPLAIN ANALYZE DELETE FROM article_versions", "refused: "),
    ("SELECT nextval('sources_id_seq')", DENIED + "sequence sources_id_seq"),
    ("SELECT * FROM pg_temp.tollwatch_query('DELETE FROM article_versions RETURNING id', 9) AS t(id int)",
     "refused: "),
    # taking back the connecting role
    ("SET ROLE postgres", NO_ROWS),
    ("RESET ROLE", NO_ROWS),
    ("SET SESSION AUTHORIZATION postgres", NO_ROWS),
    ("SELECT set_config('role', 'none', true), query_to_xml('SELECT pg_read_file(''/etc/hostname'')', true, false, '')",
     ROLE_CHANGE.format("role")),
    ("SELECT set_config('role', 'postgres', false), query_to_xml('DELETE FROM article_versions', true, false, '')",
     ROLE_CHANGE.format("role")),
    ("SELECT set_config('session_authorization', 'postgres', true)", ROLE_CHANGE.format("session_authorization")),
    ("SELECT set_config('transaction_read_only', 'off', false)", "read-write mode must be set before any query"),
    # the server's files, programs and settings
    ("COPY (SELECT 1) TO PROGRAM 'touch {marker}'", NO_ROWS),
    ("COPY article_versions TO STDOUT", NO_ROWS),
    ("SELECT lo_export(lo_from_bytea(0, 'x'), '{marker}')", DENIED + "function lo_export"),
    ("SELECT pg_reload_conf()", DENIED + "function pg_reload_conf"),
    ("SELECT * FROM ts_stat('SELECT pg_read_file(''/etc/hostname'')::tsvector')", DENIED + "function pg_read_file"),
    # statements that are not queries
    ("DO $$ BEGIN DELETE FROM article_versions; END $$", NO_ROWS),
    ("CALL pwned()", "query failed: procedure pwned() does not exist"),
    ("CREATE TEMP TABLE pwned AS SELECT 1", NO_ROWS),
    ("SELECT * INTO TEMP pwned FROM sources", NO_ROWS),
    ("TRUNCATE article_versions", NO_ROWS),
    ("PREPARE pwned AS DELETE FROM article_versions", NO_ROWS),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("attack", "expected"), PG_ATTACKS)
def test_postgres_attacks_fail_and_change_nothing(target: Target, attack: str, expected: str) -> None:
    """Each attack through what `tollwatch sql` runs (`run_query`, with the command's time limit), here in the test's
    process: the command adds only its error line, which the next test checks for a few of them."""
    before = state(target.url)
    sql = attack.replace("{marker}", str(target.marker)).replace("{daemon}", target.daemon)
    with pytest.raises(QueryError) as refused:
        run_query(target.url, sql, time_limit=SQL_TIME_LIMIT)
    assert state(target.url) == before
    assert not target.marker.exists()
    assert target.lock.execute("SELECT 1").fetchone() == (1,)  # the daemon's lock connection is alive
    assert expected in str(refused.value) and "\n" not in str(refused.value), refused.value


@pytest.mark.postgres
def test_postgres_attacks_through_the_command(target: Target, tmp_path: Path) -> None:
    """A few of the attacks through the real command, at once: one line each, exit 2, nothing changed."""
    attacks = [attack for attack in PG_ATTACKS if attack[1] in (SEVERAL, NO_ROWS)][:2] + [
        attack for attack in PG_ATTACKS if attack[1].startswith(DENIED)][:2]
    before = state(target.url)
    commands = [subprocess.Popen([TOLLWATCH, "--database", target.url, "sql", attack.replace("{marker}", str(
        target.marker))], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for attack, _ in attacks]
    for (_, expected), command in zip(attacks, commands):
        out, err = command.communicate(timeout=60)
        one_error_line(subprocess.CompletedProcess(command.args, command.returncode, out, err), expected)
    assert state(target.url) == before and not target.marker.exists()


@pytest.mark.postgres
@pytest.mark.parametrize("sql", [
    "SELECT lo_from_bytea(0, 'x')",
    "SELECT txid_current()",
    "SELECT set_config('statement_timeout', '0', false)",
    "SELECT pg_try_advisory_lock(1, 2)",
])
def test_postgres_what_reading_may_do_is_rolled_back(target: Target, tmp_path: Path, sql: str) -> None:
    before = state(target.url)
    result = run_cli("--database", target.url, "sql", sql, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert state(target.url) == before


@pytest.mark.postgres
@pytest.mark.parametrize(("sql", "expected"), [
    # issue 28: the time limit was the transaction's, and the query ended the transaction
    ("SELECT 1) AS a; COMMIT; SELECT 1 FROM \"pg_sleep\"(15); SELECT * FROM (SELECT 1", "syntax error"),
    ("SELECT 1 FROM \"pg_sleep\"(15)", "time limit"),
    ("SELECT set_config('statement_timeout', '0', false), (SELECT 1 FROM \"pg_sleep\"(15))", "time limit"),
    ("SELECT (SELECT 1 FROM \"pg_sleep\"(15)), set_config('statement_timeout', '0', false)", "time limit"),
    ("SELECT \"pg_sleep\"(0.5)::text FROM generate_series(1, 30)", "time limit"),
])
def test_postgres_time_limit_holds_for_the_statement(target: Target, tmp_path: Path, sql: str, expected: str) -> None:
    started = time.monotonic()
    assert run_cli("--database", target.url, "sql", "SELECT 1", cwd=tmp_path).returncode == 0
    start_up = time.monotonic() - started
    started = time.monotonic()
    result = run_cli("--database", target.url, "sql", sql, "--time-limit", "2", cwd=tmp_path)
    assert time.monotonic() - started - start_up < 2.5
    one_error_line(result, expected)
    started = time.monotonic()
    with pytest.raises(QueryError, match=expected):
        run_query(target.url, sql, time_limit=1)
    assert time.monotonic() - started < 1.1
