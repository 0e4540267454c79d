"""Open the database: engine set-up for SQLite and PostgreSQL, and migrations on first use."""
from __future__ import annotations

import ast
import os
import re
import tempfile
from collections.abc import Iterator
from importlib.resources import files
from importlib.resources.abc import Traversable
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from storage.display import MAX_PATH_SHOWN, shorten

MIGRATIONS = files(__package__) / "migrations"  # a Traversable: read from a zipped egg too (Scrapyd)
SQLITE_BUSY_TIMEOUT_MS = 30_000
# `sqlite:///PATH`: PATH is the file exactly as written, `#`, `?` and `%` included. SQLAlchemy's own parsing
# would end it at a `?` (`/tmp/e?x.db` opens `/tmp/e`) and decode `%41` as `A`; tollwatch sets the SQLite
# connection options itself, so such a URL has no query string to parse.
_SQLITE_URL = re.compile(r"(sqlite(?:\+pysqlite)?):///(.*)", re.DOTALL)


class DatabaseError(Exception):
    """The database cannot be used (bad URL, unreachable server, unwritable file), as one line."""


def normalize_url(url: str) -> str:
    """The URL as the user gave it (not one this returned), in the form SQLAlchemy parses back to the same
    database: a SQLite path exactly as written (its special characters quoted), the psycopg 3 driver for plain
    postgresql:// URLs (psycopg2 is not a dependency)."""
    sqlite = _SQLITE_URL.fullmatch(url)
    if sqlite:
        return URL.create(sqlite.group(1), database=sqlite.group(2) or None).render_as_string()
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(f"{shorten(url, MAX_PATH_SHOWN)!r} is not a database URL "
                            "(e.g. sqlite:///tollwatch.db)") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(f"unsupported database {shorten(parsed.get_backend_name())!r}: "
                            "use sqlite:///FILE or postgresql://HOST/DB")
    return parsed.render_as_string(hide_password=False)


def sqlite_file(url: str) -> str | None:
    """The file a `sqlite:///PATH` URL names, exactly as written; None for an in-memory database and any other
    URL."""
    sqlite = _SQLITE_URL.fullmatch(url)
    return sqlite.group(2) if sqlite and sqlite.group(2) not in ("", ":memory:") else None


def require_directory(url: str) -> None:
    """Refuse a SQLite database file whose directory does not exist, naming the directory: SQLite's own answer
    is a bare "unable to open database file", and no command creates directories (a mistyped path would
    grow a tree)."""
    path = sqlite_file(url)
    if path is None:
        return
    directory = os.path.dirname(path) or "."
    if not os.path.isdir(directory):
        what = "is not a directory" if os.path.exists(directory) else "does not exist"
        raise DatabaseError(f"cannot open database {safe_url(url)}: directory "
                            f"{shorten(directory, MAX_PATH_SHOWN)!r} {what} (create it first)")


def require_existing(url: str) -> None:
    """Refuse a SQLite database file that does not exist: a command that only reads must not create one, or a
    mistyped path would answer with an empty database. Only crawl, daemon and reprocess create it."""
    path = sqlite_file(url)
    if path is not None and not os.path.exists(path):
        raise DatabaseError(f"database file {shorten(path, MAX_PATH_SHOWN)!r} does not exist (check the path; "
                            "tollwatch crawl creates the database)")


def create_db_engine(url: str) -> Engine:
    """An engine with tollwatch's connection settings (WAL and busy timeout on SQLite)."""
    normalized = normalize_url(url)
    try:
        if normalized.startswith("sqlite"):
            engine = create_engine(normalized, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(normalized, pool_pre_ping=True,
                                   connect_args={"connect_timeout": 10, "application_name": "tollwatch"})
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"cannot use database {safe_url(url)}: {exc}") from None
    return engine


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def open_database(url: str, *, migrate: bool = True, create: bool = True) -> Engine:
    """Connect, check the database is reachable and bring its schema up to date; without `create`, a SQLite
    file that does not exist is refused (`require_existing`) instead of created."""
    require_directory(url)
    if not create:
        require_existing(url)
    engine = create_db_engine(url)
    try:
        with engine.connect():
            pass
        if migrate:
            upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open database {safe_url(url)}: {first_line(exc.orig)}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"database {safe_url(url)}: {first_line(exc)}") from None
    return engine


@contextmanager
def opened_database(url: str, *, create: bool = True) -> Iterator[Engine]:
    """`open_database` for the length of a `with` block, its connections closed afterwards."""
    engine = open_database(url, create=create)
    try:
        yield engine
    finally:
        engine.dispose()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply Alembic migrations up to `revision` (a no-op when already there). A database already at the
    newest revision is recognised without loading Alembic, a tenth of a second of every command."""
    if revision == "head":
        with engine.connect() as connection:
            current = current_revision(connection)
        if current is not None and current == head_revision():
            return
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    with _scripts() as location, engine.begin() as connection:
        config.set_main_option("script_location", location)
        current = MigrationContext.configure(connection).get_current_revision()
        scripts = ScriptDirectory.from_config(config)
        target = scripts.as_revision_number(revision)
        if current == target:
            return
        if current is not None and current not in {script.revision for script in scripts.walk_revisions()}:
            raise DatabaseError(f"the database is at schema revision {current[:40]!r}, which this tollwatch does not "
                                "know: it was written by a newer tollwatch; upgrade tollwatch to use it")
        if current is None and inspect(connection).has_table("articles"):
            raise DatabaseError("the database has tollwatch tables but no migration record; "
                                "it was not created by tollwatch")
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


@contextmanager
def _scripts() -> Iterator[str]:
    """The migration scripts' directory, as Alembic reads them: the package's own, or a temporary copy when the
    package is read from a zip (an egg deployed to Scrapyd)."""
    if isinstance(MIGRATIONS, Path) and MIGRATIONS.is_dir():
        yield str(MIGRATIONS)
        return
    with tempfile.TemporaryDirectory(prefix="tollwatch-migrations-") as tmp:
        _copy(MIGRATIONS, Path(tmp) / "migrations")
        yield str(Path(tmp) / "migrations")


def _copy(source: Traversable, target: Path) -> None:
    target.mkdir()
    for entry in source.iterdir():
        if entry.is_dir():
            _copy(entry, target / entry.name)
        elif entry.name.endswith((".py", ".mako")):
            (target / entry.name).write_bytes(entry.read_bytes())


def current_revision(connection: Connection) -> str | None:
    """The migration revision the database is at, as Alembic records it; None before any migration."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    versions = [row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
    return versions[0] if len(versions) == 1 else None


@cache
def head_revision() -> str | None:
    """The newest migration's revision, read from the migration scripts (their `revision` and
    `down_revision` assignments); None unless they form one line of revisions."""
    revisions, parents = set(), set()
    for script in (s for s in (MIGRATIONS / "versions").iterdir() if s.name.endswith(".py")):
        for node in ast.parse(script.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and isinstance(node.value, ast.Constant)):
                name, value = node.targets[0].id, node.value.value
                if name == "revision" and isinstance(value, str):
                    revisions.add(value)
                elif name == "down_revision" and isinstance(value, str):
                    parents.add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def safe_url(url: str) -> str:
    """The URL as given, with any password hidden and a very long one shortened, for messages and logs."""
    if _SQLITE_URL.fullmatch(url):
        return shorten(url, MAX_PATH_SHOWN)
    try:
        return shorten(make_url(url).render_as_string(hide_password=True), MAX_PATH_SHOWN)
    except ArgumentError:
        return "<invalid URL>"


def first_line(exc: object) -> str:
    """The first line of an exception's message: driver errors run to many lines."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
