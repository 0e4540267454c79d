"""Shared fixtures: the local news site, database URLs (SQLite file and PostgreSQL) and the CLI runner."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.site import FixtureSite, make_articles, publish

PG_URL = os.environ.get("TOLLWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TOLLWATCH = shutil.which("tollwatch", path=str(Path(sys.executable).parent)) or "tollwatch"


def postgres_available() -> str | None:
    """None when the test PostgreSQL server answers, else why not."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgres]')"
    try:
        psycopg.connect(PG_URL.replace("+psycopg", ""), connect_timeout=3).close()
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {PG_URL}: {str(exc).splitlines()[0]}"
    return None


def news_site() -> FixtureSite:
    """The fixture news site with a dozen articles published, started (stop it)."""
    server = FixtureSite().start()
    server.articles = make_articles()  # type: ignore[attr-defined]
    publish(server, server.articles)  # type: ignore[attr-defined]
    return server


@pytest.fixture
def site() -> Iterator[FixtureSite]:
    """The fixture news site with a dozen articles published."""
    server = news_site()
    yield server
    server.stop()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tollwatch.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    with pg_schema() as url:
        yield url


@contextmanager
def pg_schema() -> Iterator[str]:
    """The URL of a fresh PostgreSQL schema, dropped at the end; skips (fails where required) without a server."""
    reason = postgres_available()
    if reason:
        if os.environ.get("TOLLWATCH_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required here (TOLLWATCH_REQUIRE_POSTGRES is set): {reason}")
        pytest.skip(reason)
    import psycopg

    schema = f"tw_{uuid.uuid4().hex[:12]}"
    admin = PG_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each storage test runs twice: on a SQLite file and on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return request.getfixturevalue(name)


def run_cli(*args: str, cwd: Path, timeout: float = 180, input: str | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed `tollwatch` command in a subprocess."""
    full_env = {k: v for k, v in os.environ.items() if k != "TOLLWATCH_DATABASE_URL"}
    full_env.update(env or {})
    return subprocess.run([TOLLWATCH, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          input=input, env=full_env)


@pytest.fixture
def daemons() -> Iterator[list[Any]]:
    """The daemons a test starts (tests.test_daemon.Daemon), killed when it ends."""
    started: list[Any] = []
    yield started
    for daemon in started:
        daemon.kill()


@pytest.fixture(autouse=True, scope="session")
def own_cache_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests and the processes they start keep what they cache (the language model) out of the user's
    ~/.cache."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before
