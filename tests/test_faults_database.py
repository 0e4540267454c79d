"""Database faults: a locked SQLite file, a full disk and dropped PostgreSQL connections end cleanly,
with the reason recorded where it can be, and never a half-written article."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.pool import Pool

from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from storage.db import open_database
from tests.conftest import run_cli
from tests.site import FixtureSite, Page, article_html, config_toml, source_toml


def consistent(conn: sqlite3.Connection) -> None:
    """Integrity holds and every article is whole: a version, with fetch state pointing at it."""
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                        "(SELECT 1 FROM article_versions v WHERE v.article_id = a.id)").fetchone() == (0,)


def test_sqlite_locked_by_long_reader_and_writer(tmp_path: Path, site: FixtureSite) -> None:
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db"))
    open_database(f"sqlite:///{tmp_path / 'tollwatch.db'}").dispose()  # the schema
    reader = sqlite3.connect(tmp_path / "tollwatch.db")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM articles").fetchone()  # a read transaction held throughout
    writer = sqlite3.connect(tmp_path / "tollwatch.db", isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")  # another writer holds the write lock for a while

    def release() -> None:
        time.sleep(4)
        writer.execute("COMMIT")
    threading.Thread(target=release).start()
    result = run_cli("crawl", cwd=tmp_path)
    reader.rollback()
    assert result.returncode == 0, result.stderr
    assert "12 new articles" in result.stdout
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        consistent(conn)


@pytest.fixture
def tiny_disk(tmp_path: Path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tiny tmpfs to simulate a full disk (needs root): {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_fails_cleanly_and_recovers(tmp_path: Path, site: FixtureSite, tiny_disk: Path) -> None:
    db = tiny_disk / "tollwatch.db"
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, f"sqlite:///{db}"))
    open_database(f"sqlite:///{db}").dispose()
    filler = tiny_disk / "filler"
    free = os.statvfs(tiny_disk).f_bavail * os.statvfs(tiny_disk).f_frsize
    filler.write_bytes(b"\0" * max(free - 160 * 1024, 0))  # leave room for a few articles only
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "full" in (result.stdout + result.stderr)
    with sqlite3.connect(db) as conn:
        consistent(conn)
        stored_before = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert stored_before < 12
    filler.unlink()
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        consistent(conn)
        assert conn.execute("SELECT count(*) FROM articles").fetchone() == (12,)
        statuses = [r[0] for r in conn.execute("SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses[-1] == "ok" and statuses[0] in ("failed", "running")


@pytest.mark.postgres
def test_postgres_connections_dropped_mid_crawl(site: FixtureSite, pg_url: str) -> None:
    for article in site.articles:  # type: ignore[attr-defined]
        page = Page(article_html(article, site.url).encode())

        def slow(handler, page=page) -> None:  # noqa: ANN001
            time.sleep(0.4)
            page.send(handler)
        site.routes[article.path] = Page(handler=slow)
    sources = source_toml("atom", "feed", f"{site.url}/atom.xml") + source_toml("sitemap", "sitemap",
                                                                                f"{site.url}/sitemap.xml")
    config = parse_config(config_toml(site.url, pg_url, sources=sources, extra="per_domain = 1\nconcurrency = 1"), None)
    killed: list[bool] = []
    ours: set[int] = set()  # the backends this process opens: other tests' may share the server

    def remember(dbapi_connection, _record) -> None:  # noqa: ANN001
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            ours.add(cursor.fetchone()[0])
    event.listen(Pool, "connect", remember)
    engine = open_database(pg_url)

    watcher = open_database(pg_url, migrate=False)  # its own pool: never handed the crawl's connection

    def drop_connections() -> None:
        deadline = time.monotonic() + 60
        with watcher.connect() as conn:
            while time.monotonic() < deadline:
                if conn.execute(text("SELECT count(*) FROM articles")).scalar_one() >= 3:
                    break
                conn.rollback()
                time.sleep(0.2)
            # what a server restart does to the crawl's connections
            killed.extend(conn.execute(text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE pid = ANY(:ours) AND pid <> pg_backend_pid()"), {"ours": sorted(ours)}).scalars())
            conn.commit()
    dropper = threading.Thread(target=drop_connections)
    dropper.start()
    try:
        result = run_crawl(config, engine, config.sources)
    finally:
        dropper.join()
        event.remove(Pool, "connect", remember)
        watcher.dispose()
    assert killed and all(killed)
    assert result.status == "ok", result
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar_one() == 12
        assert conn.execute(text("SELECT count(*) FROM article_versions")).scalar_one() == 12
        assert conn.execute(text("SELECT count(DISTINCT version_id) FROM figures")).scalar_one() == 12
    engine.dispose()
