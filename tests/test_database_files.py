"""Which file a SQLite URL opens, exactly as written, and which commands may create a database."""
from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.lock import sqlite_lock_path
from storage.db import sqlite_file
from tests.test_daemon import cli
from tests.conftest import run_cli

CONFIG = """[[sources]]
name = "a"
feed = "https://example.org/rss.xml"

[[monitors]]
name = "m"
keywords = ["Kyiv"]
"""
READERS = (["changes"], ["changes", "--monitor", "m"], ["monitors"], ["status"], ["chart", "m", "--out", "m.png"],
           ["sql", "SELECT 1"])


def database_files(directory: Path) -> set[str]:
    """The files in `directory` but the config and SQLite's write-ahead log and its index."""
    return {p.name for p in directory.iterdir() if p.name != "tollwatch.toml" and not p.name.endswith(("-wal", "-shm"))}


def test_reading_commands_refuse_a_missing_database(tmp_path: Path) -> None:
    (tmp_path / "tollwatch.toml").write_text(CONFIG)
    # each time, the commands run at once: their start-up is most of the time
    for args, command in zip(READERS, [cli("--database", "sqlite:///typo.db", *args, cwd=tmp_path) for args in READERS]):
        out, err = command.communicate(timeout=120)
        assert command.returncode == 2, (args, out, err)
        assert err == ("tollwatch: error: database file 'typo.db' does not exist (check the path; "
                       "tollwatch crawl creates the database)\n"), args
    assert database_files(tmp_path) == set()
    assert run_cli("--database", "sqlite:///typo.db", "reprocess", cwd=tmp_path).returncode == 0  # a writer
    assert database_files(tmp_path) == {"typo.db"}
    commands = [cli("--database", "sqlite:///typo.db", *args, cwd=tmp_path) for args in READERS]
    for command in commands:
        command.communicate(timeout=120)
    codes = [command.returncode for command in commands]
    assert codes == [0, 0, 0, 3, 1, 0]  # status: no daemon; chart: no figures yet


@pytest.mark.parametrize("name", ["e#x.db", "f?x.db", "g%41x.db", "h%x.db", "i?mode=ro&uri=true"])
def test_sqlite_paths_are_opened_exactly_as_written(tmp_path: Path, name: str) -> None:
    url = f"sqlite:///{tmp_path / name}"
    assert sqlite_file(url) == str(tmp_path / name)
    assert sqlite_lock_path(url) == tmp_path / f"{name}.lock"  # the daemon's lock sits beside that very file
    result = run_cli("--database", url, "reprocess", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert database_files(tmp_path) == {name}  # no stray file: not `f`, not `gAx.db`
    result = run_cli("--database", url, "changes", "--format", "csv", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout.startswith("detected_at,"), result.stderr
    assert database_files(tmp_path) == {name}


def test_in_memory_and_server_urls_name_no_file() -> None:
    assert [sqlite_file(url) for url in ("sqlite://", "sqlite:///:memory:", "postgresql://h/db")] == [None] * 3


def test_a_database_from_a_newer_tollwatch_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    import sqlite3

    (tmp_path / "tollwatch.toml").write_text(CONFIG)
    assert run_cli("reprocess", cwd=tmp_path).returncode == 0  # creates tollwatch.db at this version's schema
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")  # as a later tollwatch would leave it
    for args in (["changes"], ["crawl"]):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr, (args, result.stderr)
        assert "schema revision '0099', which this tollwatch does not know" in result.stderr, result.stderr
