"""Storage benchmark: insert rate of articles with figures, and figure_timeline query time at growing
sizes (10k, 100k, 1M figure rows) on SQLite and PostgreSQL. Run from the repository root:

    .venv/bin/python bench/storage.py [--sizes 10000,100000,1000000] [--skip-postgres]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, insert, text  # noqa: E402

from storage.db import open_database  # noqa: E402
from storage.models import Article, ArticleVersion, Figure, FigureChange, SourceRow  # noqa: E402
from storage.recorder import PageRecord, Recorder, start_run, utcnow  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SOURCES = 10
FIGURES_PER_VERSION = 4
TIMELINE = ("SELECT * FROM figure_timeline WHERE source = :source "
            "ORDER BY detected_at DESC, change_id DESC LIMIT 100")
TIMELINE_COUNT = "SELECT count(*) FROM figure_timeline WHERE source = :source"


def figure(i: int, category: str) -> dict:
    sentence = f"At least {i} civilians have been {category} in the city, officials said."
    return {"category": category, "value": i, "low": None, "high": None, "vague": False, "qualifier": "at_least",
            "who": "civilians", "where": "city", "attribution": "officials", "cumulative": True, "role": "total",
            "sentence": sentence, "start": 9, "end": 9 + len(str(i))}


def insert_rate(engine: Engine, articles: int) -> float:
    """Articles per second through the crawl's own write path (one transaction per article)."""
    run_id = start_run(engine, ["src-0"])
    recorder = Recorder(engine, run_id, {f"src-{n}": ("feed", f"https://e{n}.org/rss") for n in range(SOURCES)})
    start = time.perf_counter()
    for i in range(articles):
        figures = [figure(i + k, c) for k, c in enumerate(("killed", "injured", "missing", "displaced"))]
        recorder.record_page(PageRecord(url=f"https://e.org/live/{i}", source=f"src-{i % SOURCES}",
                                        text=f"Article {i} text. " * 50, title=f"Article {i}", figures=figures,
                                        html_gz=b"x" * 2000))
    return articles / (time.perf_counter() - start)


def fill(engine: Engine, target_figures: int, state: dict) -> None:
    """Bulk-add articles, versions, figures and change events until `target_figures` figure rows exist."""
    now = utcnow()
    with engine.begin() as conn:
        source_ids = [r[0] for r in conn.execute(text("SELECT id FROM sources ORDER BY id"))]
        while state["figures"] < target_figures:
            batch = min(5000, (target_figures - state["figures"]) // FIGURES_PER_VERSION) or 1
            first = state["next_article"]
            conn.execute(insert(Article), [
                {"url": f"https://e.org/bulk/{first + i}", "source_id": source_ids[(first + i) % len(source_ids)],
                 "title": f"Bulk {first + i}", "first_seen_at": now, "last_seen_at": now} for i in range(batch)])
            ids = [r[0] for r in conn.execute(text("SELECT id FROM articles WHERE url LIKE 'https://e.org/bulk/%' "
                                                   "ORDER BY id DESC LIMIT :n"), {"n": batch})]
            conn.execute(insert(ArticleVersion), [
                {"article_id": a, "fetched_at": now, "content_hash": uuid.uuid4().hex, "text": "t"} for a in ids])
            versions = [r for r in conn.execute(text(
                "SELECT v.id, v.article_id, a.source_id FROM article_versions v JOIN articles a ON a.id = v.article_id "
                "ORDER BY v.id DESC LIMIT :n"), {"n": batch})]
            figures, changes = [], []
            for version_id, article_id, source_id in versions:
                when = now - timedelta(minutes=random.randint(0, 60 * 24 * 365))
                for k, category in enumerate(("killed", "injured", "missing", "displaced")):
                    f = figure(random.randint(1, 5000), category)
                    figures.append({"version_id": version_id, **f})
                    changes.append({"article_id": article_id, "source_id": source_id, "version_id": version_id,
                                    "category": category,
                                    "who": "civilians", "old_value": None, "new_value": f["value"],
                                    "qualifier": "at_least", "detected_at": when, "sentence": f["sentence"]})
            conn.execute(insert(Figure), figures)
            conn.execute(insert(FigureChange), changes)
            state["figures"] += len(figures)
            state["next_article"] += batch
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def time_query(engine: Engine, sql: str, repeat: int = 7) -> float:
    """Median milliseconds of `sql` for one source."""
    times = []
    with engine.connect() as conn:
        for n in range(repeat):
            start = time.perf_counter()
            conn.execute(text(sql), {"source": f"src-{n % SOURCES}"}).fetchall()
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench(name: str, url: str, sizes: list[int], articles: int) -> list[tuple]:
    engine = open_database(url)
    with engine.begin() as conn:
        conn.execute(insert(SourceRow), [{"name": f"src-{n}", "kind": "feed", "url": f"https://e{n}.org/rss",
                                          "created_at": utcnow()} for n in range(SOURCES)])
    rate = insert_rate(engine, articles)
    print(f"{name}: {rate:,.0f} articles/s recorded with {FIGURES_PER_VERSION} figures each "
          f"(one transaction per article)", flush=True)
    state = {"figures": articles * FIGURES_PER_VERSION, "next_article": 0}
    rows = []
    for size in sizes:
        fill(engine, size, state)
        rows.append((name, size, time_query(engine, TIMELINE), time_query(engine, TIMELINE_COUNT, 3)))
        print(f"{name}: {size:>9,} figure rows: newest 100 changes of one source {rows[-1][2]:7.2f} ms, "
              f"count of one source's changes {rows[-1][3]:8.1f} ms", flush=True)
    engine.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--articles", type=int, default=1000, help="articles for the insert-rate test")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results += bench("sqlite", f"sqlite:///{tmp}/bench.db", sizes, args.articles)
    if not args.skip_postgres:
        import psycopg

        schema = f"bench_{uuid.uuid4().hex[:8]}"
        admin = PG_URL.replace("+psycopg", "")
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        try:
            results += bench("postgresql", f"{PG_URL}?options=-csearch_path%3D{schema}", sizes, args.articles)
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
    print("\nbackend     figure rows   newest-100 ms   count ms   (ratio of newest-100 to the smallest size)")
    for name in dict.fromkeys(r[0] for r in results):
        mine = [r for r in results if r[0] == name]
        for _, size, newest, count in mine:
            print(f"{name:<10} {size:>12,} {newest:>15.2f} {count:>10.1f}   x{newest / mine[0][2]:.2f}")


if __name__ == "__main__":
    main()
