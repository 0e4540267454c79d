"""How fast `tollwatch serve` answers a monitor's page on a large database.

Builds (once, kept in --db) a SQLite database through the product's own recorder with --articles articles of
five figures each (1,000,000 figure rows by default) over 90 days, 10% of them about the monitored story (its
toll rising, each article quoting one of five voices), and fills the monitor `quake` from them, as the daemon
would: 20,000 reports of one story in the chart's window, far more than a real story has. Then, through Datasette's own client (no network),
times what a browser asks for to show the monitor's page: the dashboard's HTML and the query behind each of
its charts, with its default filters; and the overview page the same way. Prints the median and largest of
--rounds rounds per request and for the whole page (its requests one after another).

    .venv/bin/python bench/serve.py [--articles 200000] [--rounds 7] [--db /tmp/tollwatch-serve-bench.db]
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scheduler.config import parse_config  # noqa: E402
from scheduler.monitors import Monitor  # noqa: E402
from scheduler.serve import datasette, monitors_in  # noqa: E402
from storage.db import open_database, opened_database  # noqa: E402
from storage.monitors import lock, update_monitors  # noqa: E402
from storage.recorder import PageRecord, Recorder, start_run, utcnow  # noqa: E402

START = datetime(2026, 9, 1)
VOICES = ["UN", "Gaza health ministry", "police", "the military", None]


def figure(value: int, attribution: str | None, sentence: str, category: str = "killed") -> dict:
    return {"category": category, "value": value, "low": None, "high": None, "vague": False, "qualifier": "exact",
            "who": "civilians", "where": None, "attribution": attribution, "cumulative": True, "role": "total",
            "sentence": sentence}


def build(path: Path, articles: int) -> None:
    """The database: `articles` articles of five figures, a tenth about the story, the monitor filled."""
    rng = random.Random(7)
    engine = open_database(f"sqlite:///{path}")
    run_id = start_run(engine, ["wire"])
    recorder = Recorder(engine, run_id, {"wire": ("feed", "https://wire.example/feed")})
    started = time.perf_counter()
    for n in range(articles):
        story = n % 10 == 0
        place = "Hatay" if story else f"town {n % 997}"
        # the story: each voice's toll rises over the 90 days, each article quoting one voice
        voice = VOICES[(n // 10) % len(VOICES)] if story else rng.choice(VOICES)
        toll = 100 + n // 50 if story else rng.randrange(1, 500)
        figures = [figure(toll, voice, f"At least {toll} people were killed in {place}, officials said."),
                   figure(toll * 3, voice, f"{toll * 3} people were injured in {place}.", "injured"),
                   figure(rng.randrange(1, 50), None, f"{place}: rescuers found survivors.", "missing"),
                   figure(rng.randrange(100, 5000), "UN", f"{place}: thousands displaced.", "displaced"),
                   figure(rng.randrange(1, 9), "police", "Elsewhere a second blast killed more.", "injured")]
        recorder.record_page(PageRecord(
            url=f"https://wire.example/{n}", source="wire", title=f"{place}: the toll, day {n}",
            text=" ".join(f["sentence"] for f in figures), published_at=START + timedelta(minutes=n * 90 * 1440 // articles),
            figures=figures))
        if n % 20_000 == 0:
            print(f"  recorded {n:,} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    with engine.begin() as conn:
        lock(conn)
        update_monitors(conn, [Monitor("quake", ("Hatay",))], run_id, utcnow())
    engine.dispose()


async def timed(ds, urls: list[str], rounds: int) -> dict[str, list[float]]:
    """Seconds per request, per round (the first request of each URL is answered before timing starts)."""
    out: dict[str, list[float]] = {url: [] for url in urls}
    for url in urls:
        response = await ds.client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
    for _ in range(rounds):
        for url in urls:
            start = time.perf_counter()
            response = await ds.client.get(url)
            out[url].append(time.perf_counter() - start)
            assert response.status_code == 200
    return out


def page_requests(ds, board: str, filters: dict[str, str]) -> dict[str, str]:
    """The dashboard's page and the JSON request of each of its charts, as its script makes them, by name."""
    from datasette_dashboards import replace_opts_in_query

    config = ds.plugin_config("datasette-dashboards")[board]
    urls = {"page": f"/-/dashboards/{board}?{urlencode(filters)}"}
    for name, chart in config["charts"].items():
        sql = replace_opts_in_query(chart["query"], filters)
        urls[f"chart {name}"] = f"/{chart['db']}.json?" + urlencode({"sql": sql, **filters, "_shape": "objects"})
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000, help="articles of five figures each")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", type=Path, default=Path("/tmp/tollwatch-serve-bench.db"))
    args = parser.parse_args()
    if not args.db.exists():
        print(f"building {args.db} ({args.articles:,} articles)", file=sys.stderr)
        build(args.db, args.articles)
    toml = f'[database]\nurl = "sqlite:///{args.db}"\n[[sources]]\nname = "wire"\nfeed = "https://e.org/f"\n'
    with opened_database(f"sqlite:///{args.db}", create=False) as engine:
        monitors = monitors_in(engine, parse_config(toml, None))
    ds = datasette(args.db, monitors)
    asyncio.run(ds.invoke_startup())
    import sqlite3

    with sqlite3.connect(args.db) as conn:
        figures, points = conn.execute("SELECT (SELECT count(*) FROM figures), (SELECT count(*) FROM monitor_points)"
                                       ).fetchone()
    print(f"database: {figures:,} figure rows, {points:,} monitor points, {args.db.stat().st_size / 1e6:,.0f} MB")
    since = ds.plugin_config("datasette-dashboards")["monitor-quake"]["filters"]["since"].get("default")
    for board, filters in (("monitor-quake", {"monitor": "quake", "category": "killed",
                                              **({"since": since} if since else {})}),
                           ("overview", {})):
        named = page_requests(ds, board, filters)
        urls = list(named.values())
        times = asyncio.run(timed(ds, urls, args.rounds))
        totals = [sum(times[url][r] for url in urls) for r in range(args.rounds)]
        print(f"{board}: whole page median {statistics.median(totals) * 1000:.0f} ms, "
              f"largest {max(totals) * 1000:.0f} ms ({args.rounds} rounds)")
        for label, url in named.items():
            print(f"  {label:<16} median {statistics.median(times[url]) * 1000:7.1f} ms, "
                  f"largest {max(times[url]) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
