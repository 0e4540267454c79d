"""`[retention]`: old finished crawl runs nothing refers to and old fetch errors are pruned (`storage.retention`,
`tollwatch prune`, the daemon's job); history never is."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select

from scheduler.config import ConfigError, Retention, parse_config
from storage import retention, tables
from storage.db import open_database
from storage.recorder import utcnow
from storage.retention import PruneResult, prune
from tests.conftest import run_cli
from tests.site import FixtureSite, source_toml
from tests.test_daemon import Daemon, wait_for, write_config

DAY = 86400.0
NOW = datetime(2026, 6, 1, 12, 0)
HISTORY = ("articles", "article_versions", "figures", "figure_changes")


def add(engine: Engine, table: Any, **values: Any) -> int:
    with engine.begin() as conn:
        return conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()


def add_run(engine: Engine, days_ago: float, status: str = "ok", outcomes: bool = True) -> int:
    started = NOW - timedelta(days=days_ago)
    run = add(engine, tables.crawl_runs, started_at=started, status=status, sources="wire", trigger="daemon",
              finished_at=None if status == "running" else started + timedelta(minutes=1))
    if outcomes:
        add(engine, tables.fetch_outcomes, run_id=run, source="wire", outcome="article", pages=3)
    return run


def add_error(engine: Engine, run: int | None, days_ago: float) -> int:
    return add(engine, tables.fetch_errors, run_id=run, source="wire", url=f"https://wire.example/{run}/{days_ago}",
               reason="HTTP 404", status=404, occurred_at=NOW - timedelta(days=days_ago))


def seed(engine: Engine) -> dict[str, int]:
    """Runs of every kind, by what should become of them under 90 days for runs and 30 for errors."""
    runs = {
        "old with a version": add_run(engine, 200),
        "old with old errors": add_run(engine, 120),
        "old with a recent error": add_run(engine, 100),
        "old monitor match": add_run(engine, 150),
        "old notification": add_run(engine, 95),
        "old running": add_run(engine, 300, status="running"),
        "old bare": add_run(engine, 91),
        "old failed": add_run(engine, 400, status="failed", outcomes=False),
        "recent": add_run(engine, 10),
    }
    source = add(engine, tables.sources, name="wire", kind="feed", url="https://wire.example/rss",
                 created_at=NOW - timedelta(days=400))
    article = add(engine, tables.articles, url="https://wire.example/a", source_id=source,
                  first_seen_at=NOW - timedelta(days=200), last_seen_at=NOW)
    old_version = add(engine, tables.article_versions, article_id=article, run_id=runs["old with a version"],
                      fetched_at=NOW - timedelta(days=200), content_hash="a" * 64, text="12 people were killed.")
    new_version = add(engine, tables.article_versions, article_id=article, run_id=runs["recent"],
                      fetched_at=NOW - timedelta(days=10), content_hash="b" * 64, text="15 people were killed.")
    for version, value in ((old_version, 12), (new_version, 15)):
        add(engine, tables.figures, version_id=version, category="killed", value=value, vague=False,
            qualifier="exact", cumulative=False, role="total", sentence=f"{value} people were killed.", start=0,
            end=2)
        add(engine, tables.figure_changes, article_id=article, source_id=source, version_id=version,
            category="killed", old_value=None if value == 12 else 12, new_value=value, qualifier="exact",
            detected_at=NOW, sentence=f"{value} people were killed.")
    add(engine, tables.monitor_articles, monitor="m", version_id=new_version, article_id=article,
        run_id=runs["old monitor match"], matched_at=NOW)
    add(engine, tables.monitor_notifications, monitor="m", run_id=runs["old notification"], target_hash="h",
        target="json://x", title="t", body="b", changes=1, created_at=NOW)
    add_error(engine, runs["old with old errors"], 120)
    add_error(engine, runs["old with old errors"], 119)
    add_error(engine, runs["old with a recent error"], 5)
    add_error(engine, runs["recent"], 31)  # an old error of a recent run: the error goes, the run stays
    add_error(engine, None, 60)
    return runs


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {name: conn.scalar(select(func.count()).select_from(tables.metadata.tables[name]))
                for name in (*HISTORY, "crawl_runs", "fetch_errors", "fetch_outcomes", "monitor_articles",
                             "monitor_notifications")}


def run_ids(engine: Engine) -> set[int]:
    with engine.connect() as conn:
        return set(conn.scalars(select(tables.crawl_runs.c.id)))


@pytest.fixture
def engine(db_url: str) -> Any:
    engine = open_database(db_url)
    yield engine
    engine.dispose()


def test_prune_removes_only_old_unreferenced_runs_and_old_errors(engine: Engine) -> None:
    runs = seed(engine)
    before = counts(engine)
    assert prune(engine, 90 * DAY, 30 * DAY, NOW, dry_run=True) == PruneResult(runs=3, fetch_errors=4)
    assert counts(engine) == before  # a dry run changes nothing

    assert prune(engine, 90 * DAY, 30 * DAY, NOW) == PruneResult(runs=3, fetch_errors=4)
    gone = {runs["old with old errors"], runs["old bare"], runs["old failed"]}
    assert run_ids(engine) == set(runs.values()) - gone
    after = counts(engine)
    assert {name: after[name] for name in HISTORY} == {name: before[name] for name in HISTORY}
    assert after["fetch_errors"] == 1  # the recent error only
    assert after["fetch_outcomes"] == before["fetch_outcomes"] - 2  # those of the two removed runs that had them
    assert (after["monitor_articles"], after["monitor_notifications"]) == (1, 1)
    with engine.connect() as conn:
        assert set(conn.scalars(select(tables.fetch_outcomes.c.run_id))) == set(runs.values()) - gone - {
            runs["old failed"]}
    assert prune(engine, 90 * DAY, 30 * DAY, NOW) == PruneResult(0, 0)  # nothing left to remove


def test_forever_keeps_everything_and_kept_errors_keep_their_runs(engine: Engine) -> None:
    runs = seed(engine)
    before = counts(engine)
    assert prune(engine, None, None, NOW) == PruneResult(0, 0)
    assert counts(engine) == before
    # errors kept for good keep their runs too; the others old enough go
    assert prune(engine, 90 * DAY, None, NOW) == PruneResult(runs=2, fetch_errors=0)
    assert runs["old with old errors"] in run_ids(engine)


def test_prune_works_in_batches(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(retention, "RUN_BATCH", 2)
    monkeypatch.setattr(retention, "ERROR_BATCH", 2)
    runs = seed(engine)
    extra = [add_run(engine, 100 + n) for n in range(5)]
    for run in extra:
        add_error(engine, None, 45)
    assert prune(engine, 90 * DAY, 30 * DAY, NOW) == PruneResult(runs=3 + 5, fetch_errors=4 + 5)
    assert not run_ids(engine) & set(extra)
    assert runs["old with a version"] in run_ids(engine)


def test_retention_config() -> None:
    source = '[[sources]]\nname = "a"\nfeed = "https://e.org/f"\n'
    assert parse_config(source, None).retention == Retention(90 * DAY, 30 * DAY)
    config = parse_config('[retention]\nruns = "forever"\nfetch_errors = "2w"\n' + source, None)
    assert config.retention == Retention(runs=None, fetch_errors=14 * DAY)
    for text, message in (('runs = "0"', "must be longer than zero; \"forever\" keeps them"),
                          ("fetch_errors = 0", "must be longer than zero"),
                          ('runs = "soon"', "is not a duration"),
                          ('keep = "1d"', "unknown key 'keep'")):
        with pytest.raises(ConfigError, match="\\[retention\\]") as raised:
            parse_config(f"[retention]\n{text}\n" + source, None)
        assert message in str(raised.value)


def sqlite_rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchall()


def test_prune_command_and_dry_run(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tollwatch.db'}"
    (tmp_path / "tollwatch.toml").write_text(
        f'[database]\nurl = "{url}"\n\n[retention]\nruns = "30d"\nfetch_errors = "forever"\n'
        '\n[[sources]]\nname = "wire"\nfeed = "https://wire.example/rss"\n')
    engine = open_database(url)
    now = utcnow()
    for days in (40, 50, 1):
        add(engine, tables.crawl_runs, started_at=now - timedelta(days=days), status="ok", sources="wire",
            trigger="daemon", finished_at=now - timedelta(days=days))
    add(engine, tables.fetch_errors, run_id=None, url="https://wire.example/x", reason="HTTP 404",
        occurred_at=now - timedelta(days=400))
    engine.dispose()
    result = run_cli("prune", "--dry-run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "would remove 2 crawl runs, 0 fetch errors (runs older than 30d, fetch errors kept " \
                            "forever)\n"
    assert sqlite_rows(tmp_path / "tollwatch.db", "SELECT count(*) FROM crawl_runs") == [(3,)]
    result = run_cli("prune", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("removed 2 crawl runs, 0 fetch errors")
    assert sqlite_rows(tmp_path / "tollwatch.db", "SELECT count(*) FROM crawl_runs") == [(1,)]
    assert sqlite_rows(tmp_path / "tollwatch.db", "SELECT count(*) FROM fetch_errors") == [(1,)]


def test_the_daemon_prunes_at_start(tmp_path: Path, site: FixtureSite, daemons: list[Any]) -> None:
    write_config(tmp_path, site, source_toml("wire", "feed", f"{site.url}/rss.xml", interval="1h"),
                 extra='\n[retention]\nruns = "1d"\nfetch_errors = "1d"\n')
    engine = open_database(f"sqlite:///{tmp_path / 'tollwatch.db'}")
    now = utcnow()
    old = [add(engine, tables.crawl_runs, started_at=now - timedelta(days=days), status="ok", sources="elsewhere",
               trigger="daemon", finished_at=now - timedelta(days=days)) for days in (2, 3)]
    add(engine, tables.fetch_errors, run_id=old[0], url="https://wire.example/x", reason="HTTP 404",
        occurred_at=now - timedelta(days=2))
    engine.dispose()
    daemon = Daemon(tmp_path)
    daemons.append(daemon)
    wait_for(lambda: "retention: removed" in daemon.log, 60, "the daemon to prune")
    assert "retention: removed 2 crawl runs, 1 fetch error (runs older than 1d, fetch errors older than 1d)" \
        in daemon.log
    # by what the old runs hold, not their ids: SQLite may give a freed id to the daemon's own first run
    assert sqlite_rows(tmp_path / "tollwatch.db", "SELECT count(*) FROM crawl_runs WHERE sources = 'elsewhere'") \
        == [(0,)]
