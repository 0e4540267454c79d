"""Benchmark of monitors at scale: `tollwatch monitors`, the `series` view, `changes --monitor` and the
post-crawl step, over 100k articles and 1M series points, on SQLite and PostgreSQL.

    .venv/bin/python bench/monitors.py [--articles 100000] [--points-per-article 10] [--skip-postgres]

Data are generated inside the database (recursive CTE / generate_series): 5 monitors, 500 series,
100k articles with one version each, 10 figures per version, one point per figure, 10k series changes.
PostgreSQL uses a scratch schema in 127.0.0.1:5432/test, dropped afterwards.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from scheduler.monitors import Monitor  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.monitors import lock, update_monitors  # noqa: E402
from storage.recorder import utcnow  # noqa: E402

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/test"
MONITORS, SERIES = 5, 500
TOLLWATCH = shutil.which("tollwatch", path=str(Path(sys.executable).parent)) or "tollwatch"


def rows_of(dialect: str, n: int) -> str:
    if dialect == "sqlite":
        return f"(WITH RECURSIVE g(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM g WHERE i < {n}) SELECT i FROM g) AS g"
    return f"generate_series(1, {n}) AS g(i)"


def at(dialect: str, seconds: str) -> str:
    if dialect == "sqlite":
        return f"datetime('2026-01-01', '+' || ({seconds}) || ' seconds')"
    return f"(timestamp '2026-01-01' + ({seconds}) * interval '1 second')"


def generate(engine, articles: int, per_article: int) -> None:
    dialect = engine.dialect.name
    points = articles * per_article
    changes = min(10_000, points // SERIES // 2 * SERIES)
    steps = [
        "INSERT INTO sources (id, name, kind, url, created_at) VALUES (1, 's1', 'feed', 'u1', '2026-01-01'), "
        "(2, 's2', 'feed', 'u2', '2026-01-01'), (3, 's3', 'feed', 'u3', '2026-01-01')",
        "INSERT INTO crawl_runs (id, started_at, status, sources, trigger, pages_fetched, new_articles, "
        "changed_articles, unchanged_articles, errors, figure_changes) "
        "VALUES (1, '2026-01-01', 'ok', 's1', 'manual', 0, 0, 0, 0, 0, 0)",
        f"INSERT INTO articles (id, url, source_id, title, published_at, first_seen_at, last_seen_at) "
        f"SELECT i, 'https://e.org/' || i, i % 3 + 1, 'Title ' || i, {at(dialect, 'i * 60')}, "
        f"{at(dialect, 'i * 60')}, {at(dialect, 'i * 60')} FROM {rows_of(dialect, articles)}",
        f"INSERT INTO article_versions (id, article_id, run_id, fetched_at, content_hash, text) "
        f"SELECT i, i, 1, {at(dialect, 'i * 60')}, 'h', 'Story m' || (i % {MONITORS}) || ' text ' || i "
        f"FROM {rows_of(dialect, articles)}",
        f"INSERT INTO figures (id, version_id, category, value, vague, qualifier, cumulative, role, sentence, start, "
        f"\"end\") SELECT i, (i - 1) / {per_article} + 1, 'killed', i, FALSE, 'exact', TRUE, 'total', "
        f"'At least ' || i || ' killed', 0, 1 FROM {rows_of(dialect, points)}",
        f"INSERT INTO monitor_articles (monitor, version_id, article_id, run_id, matched_at) "
        f"SELECT 'm' || (i % {MONITORS}), i, i, 1, '2026-01-01' FROM {rows_of(dialect, articles)}",
        f"INSERT INTO monitor_series (id, monitor, category, who, attribution, scope, points, changes) "
        f"SELECT i, 'm' || ((i - 1) % {MONITORS}), CASE WHEN (i - 1) / {MONITORS} % 2 = 0 THEN 'killed' "
        f"ELSE 'injured' END, 'who' || (i % 7), 'attribution ' || i, '', {points // SERIES}, "
        f"{changes // SERIES} FROM {rows_of(dialect, SERIES)}",
        f"INSERT INTO monitor_points (id, series_id, figure_id, version_id, article_id, source_id, value, qualifier, "
        f"cumulative, role, counts, reported_at, fetched_at) SELECT i, (i - 1) % {SERIES} + 1, i, "
        f"(i - 1) / {per_article} + 1, (i - 1) / {per_article} + 1, (i - 1) / {per_article} % 3 + 1, i / {SERIES}, "
        f"'exact', TRUE, 'total', TRUE, {at(dialect, 'i * 6')}, {at(dialect, 'i * 6')} "
        f"FROM {rows_of(dialect, points)}",
        f"INSERT INTO monitor_changes (id, series_id, old_point_id, new_point_id, old_value, new_value, direction, "
        f"run_id, detected_at) SELECT i, (i - 1) % {SERIES} + 1, "
        f"(i - 1) % {SERIES} + 1 + {SERIES} * (((i - 1) / {SERIES}) * 2), "
        f"(i - 1) % {SERIES} + 1 + {SERIES} * (((i - 1) / {SERIES}) * 2 + 1), 1, 2, 'up', 1, "
        f"{at(dialect, 'i * 60')} FROM {rows_of(dialect, changes)}",
        f"UPDATE monitor_series SET current_point_id = {points} - {SERIES} + id, "
        f"last_change_id = {changes} - {SERIES} + id",
    ]
    with engine.begin() as conn:
        for sql in steps:
            conn.execute(text(sql))
        if dialect == "postgresql":
            for table in ("articles", "article_versions", "figures", "monitor_articles", "monitor_series",
                          "monitor_points", "monitor_changes", "crawl_runs", "sources"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def timed(label: str, fn, repeat: int = 3) -> None:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"  {label:<58} {best * 1000:9.1f} ms  ({result})")


def new_run(engine, count: int, per_article: int) -> int:
    """A crawl run that wrote `count` new versions mentioning monitor m1, each with `per_article` figures."""
    with engine.begin() as conn:
        run = conn.execute(text("INSERT INTO crawl_runs (started_at, status, sources, trigger, pages_fetched, "
                                "new_articles, changed_articles, unchanged_articles, errors, figure_changes) VALUES "
                                "(:t, 'ok', 's1', 'manual', 0, 0, 0, 0, 0, 0) RETURNING id"), {"t": utcnow()}).scalar_one()
        for n in range(count):
            article = conn.execute(text("INSERT INTO articles (url, source_id, title, published_at, first_seen_at, "
                                        "last_seen_at) VALUES (:u, 1, 'Story m1', :t, :t, :t) RETURNING id"),
                                   {"u": f"https://e.org/new/{run}/{n}", "t": utcnow()}).scalar_one()
            version = conn.execute(text("INSERT INTO article_versions (article_id, run_id, fetched_at, content_hash, "
                                        "text) VALUES (:a, :r, :t, 'h', 'Story m1 update') RETURNING id"),
                                   {"a": article, "r": run, "t": utcnow()}).scalar_one()
            conn.execute(text("INSERT INTO figures (version_id, category, value, vague, qualifier, cumulative, role, "
                              "sentence, start, \"end\") VALUES (:v, 'killed', :x, FALSE, 'exact', TRUE, 'total', "
                              ":s, 0, 1)"),
                         [{"v": version, "x": 5_000_000 + n * 10 + k, "s": f"{n} {k} killed"} for k in range(per_article)])
    return run


def bench(url: str, name: str, articles: int, per_article: int, workdir: Path) -> None:
    print(f"{name}: {articles:,} articles, {articles * per_article:,} points, {SERIES} series, {MONITORS} monitors")
    engine = open_database(url)
    start = time.perf_counter()
    generate(engine, articles, per_article)
    print(f"  {'generate the data':<58} {time.perf_counter() - start:9.1f} s")
    toml = workdir / f"{name}.toml"
    toml.write_text('[[sources]]\nname = "s1"\nfeed = "https://e.org/feed"\n\n' + "\n".join(
        f'[[monitors]]\nname = "m{i}"\nkeywords = ["m{i}"]\n' for i in range(MONITORS)))
    env = {k: v for k, v in os.environ.items() if k != "TOLLWATCH_DATABASE_URL"}

    def cli(*args: str) -> str:
        done = subprocess.run([TOLLWATCH, "--config", str(toml), "--database", url, *args], capture_output=True,
                              text=True, env=env, check=True)
        return f"{len(done.stdout.splitlines()) - 2} rows"

    def query(sql: str):
        def run() -> str:
            with engine.connect() as conn:
                return f"{len(conn.execute(text(sql)).all())} rows"
        return run

    timed("tollwatch monitors (whole command, incl. start-up)", lambda: cli("monitors"))
    timed("tollwatch changes --monitor m1 --since 3650d --limit 100", lambda: cli(
        "changes", "--monitor", "m1", "--since", "3650d", "--limit", "100"))
    timed("start-up baseline: tollwatch changes --help", lambda: subprocess.run(
        [TOLLWATCH, "changes", "--help"], capture_output=True, check=True) and "help")
    timed("SELECT * FROM series", query("SELECT * FROM series"))
    timed("SELECT * FROM series WHERE monitor = 'm1'", query("SELECT * FROM series WHERE monitor = 'm1'"))
    timed("series_points of one series, in time order", query(
        "SELECT value, reported_at, url FROM series_points WHERE series_id = 7 ORDER BY reported_at"))
    timed("series_changes of one monitor, newest 100", query(
        "SELECT * FROM series_changes WHERE monitor = 'm1' ORDER BY detected_at DESC LIMIT 100"))
    monitors = [Monitor(f"m{i}", (f"m{i}",)) for i in range(MONITORS)]

    def post_crawl() -> str:
        run = new_run(engine, 100, per_article)
        start = time.perf_counter()
        with engine.begin() as conn:
            lock(conn)
            summary = update_monitors(conn, monitors, run, utcnow())
        post_crawl.elapsed = time.perf_counter() - start  # type: ignore[attr-defined]
        return f"{summary.total('matched')} versions, {summary.total('points')} points, {summary.total('changes')} changes"

    note = post_crawl()
    print(f"  {'post-crawl step for a run of 100 new versions (update_monitors)':<58} "
          f"{post_crawl.elapsed * 1000:9.1f} ms  ({note})")  # type: ignore[attr-defined]
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--points-per-article", type=int, default=10)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="tollwatch-bench-"))
    try:
        bench(f"sqlite:///{workdir / 'bench.db'}", "sqlite", args.articles, args.points_per_article, workdir)
        if not args.skip_postgres:
            import psycopg

            schema = f"bench_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"CREATE SCHEMA {schema}")
            try:
                bench(f"postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%3D{schema}",
                      "postgresql", args.articles, args.points_per_article, workdir)
            finally:
                with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                    conn.execute(f"DROP SCHEMA {schema} CASCADE")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
