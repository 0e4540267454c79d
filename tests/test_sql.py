"""`tollwatch sql` reads and never writes, on SQLite and PostgreSQL, and stops runaway queries."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from storage.db import open_database
from storage.query import QueryError, run_query
from tests.conftest import run_cli

RUNAWAY = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
           "SELECT count(*) FROM n")


@pytest.fixture
def database(db_url: str) -> str:
    open_database(db_url).dispose()
    return db_url


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
    with pytest.raises(QueryError):
        run_query(database, sql, time_limit=5)
    assert run_query(database, "SELECT count(*) FROM alembic_version", time_limit=5).rows == [(1,)]


@pytest.mark.parametrize("sql", [
    "ATTACH DATABASE '/tmp/tollwatch-evil.db' AS evil",
    "PRAGMA writable_schema = ON",
    "PRAGMA journal_mode = DELETE",
    "VACUUM INTO '/tmp/tollwatch-copy.db'",
    "SELECT load_extension('/tmp/evil.so')",
])
def test_sqlite_escape_hatches_are_refused(sqlite_url: str, sql: str) -> None:
    open_database(sqlite_url).dispose()
    with pytest.raises(QueryError, match="refused|read-only|not authorized"):
        run_query(sqlite_url, sql, time_limit=5)
    assert not Path("/tmp/tollwatch-copy.db").exists()


@pytest.mark.postgres
@pytest.mark.parametrize("sql", [
    "COPY (SELECT 1) TO PROGRAM 'touch /tmp/tollwatch-pwned'",
    "SET ROLE postgres",
    "SELECT pg_terminate_backend(1)",
    "SELECT pg_reload_conf()",
    "SELECT set_config('statement_timeout', '0', false)",
    "DO $$ BEGIN CREATE TABLE evil (x int); END $$",
])
def test_postgres_escape_hatches_are_refused(pg_url: str, sql: str) -> None:
    open_database(pg_url).dispose()
    with pytest.raises(QueryError):
        run_query(pg_url, sql, time_limit=5)
    assert not Path("/tmp/tollwatch-pwned").exists()


def test_runaway_query_is_stopped(database: str) -> None:
    with pytest.raises(QueryError, match="time limit of 0.5s"):
        run_query(database, RUNAWAY, time_limit=0.5)


def test_sql_command_formats(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = run_cli("--database", db, "sql", "SELECT 1 AS one, 'a\nb' AS two", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"one": 1, "two": "a\nb"}]
    result = run_cli("--database", db, "sql", "SELECT 1 AS one, 'a\nb' AS two", cwd=tmp_path)
    assert result.stdout.splitlines() == ["one  two", "---  ----", "1    a\\nb"]
    result = run_cli("--database", db, "sql", "SELECT 1 AS one", "--format", "csv", cwd=tmp_path)
    assert result.stdout.splitlines() == ["one", "1"]
    result = run_cli("--database", db, "sql", "DROP TABLE articles", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("tollwatch: error: refused")
    result = run_cli("--database", db, "sql", "SELEC nonsense", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("tollwatch: error: query failed: near")
