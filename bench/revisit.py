"""Re-visits over a simulated week (issue 33): are updates in place caught after an article leaves its feed, how
soon, and at what cost in extra requests?

1,000 articles are published over a week, one every ~10 minutes, on one source whose feed lists the 20 newest;
the source is crawled every 15 minutes. 50 of the articles, drawn at random, change once, between 10 minutes
and 3 days (log-uniform) after they leave the feed. Crawls go on after the week until every change's deadline
(twice the schedule step it fell in) has passed.

This drives the schedule logic directly, not a Scrapy crawl (672+ crawls of a site on a simulated clock would take
most of an hour): each simulated crawl takes its due URLs from the real job code (`scheduler.crawl.due_revisits`),
spends the real budget (`crawler.revisits.Revisits`) and stores what it "fetched" with the real recorder on a
simulated clock (SQLite in a temporary directory): a page whose text changed as a PageRecord, any other as
the UnchangedRecord a 304 gives. The fetching itself is left out.

Prints the changes caught, each one's delay against the step it fell in (target: all caught within 2x), the
re-visit requests made against their budget, and how many articles were still scheduled at the end.

    .venv/bin/python bench/revisit.py [--articles 1000] [--changes 50] [--seed 33] [--share 0.5]
"""
from __future__ import annotations

import argparse
import math
import random
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from crawler.revisits import Revisits, revisit_budget  # noqa: E402
from scheduler.config import parse_config  # noqa: E402
from scheduler.crawl import due_revisits  # noqa: E402
from storage.db import open_database  # noqa: E402
from storage.recorder import PageRecord, Recorder, UnchangedRecord, start_run  # noqa: E402

START = datetime(2026, 3, 16)
WEEK = timedelta(days=7)
INTERVAL = timedelta(minutes=15)
FEED_SIZE = 20
SOURCE = "wire"


@dataclass
class Story:
    """One article of the simulated source: its URL, when it was published and its current toll."""

    url: str
    published: datetime
    toll: int = 10
    left_feed: datetime | None = None
    change_at: datetime | None = None  # when its toll is updated in place (the 50 only)
    step: float | None = None  # the schedule step (seconds) the change fell in
    caught_at: datetime | None = None

    def text(self) -> str:
        return f"At least {self.toll} people were killed in the floods, officials said. ({self.url})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--seed", type=int, default=33)
    parser.add_argument("--share", type=float, default=0.5, help="[crawl] revisit_share (default 0.5)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    spacing = WEEK / args.articles
    stories = [Story(f"https://wire.example/news/{n}", START + n * spacing) for n in range(args.articles)]
    for n, story in enumerate(stories):  # it leaves the feed when the FEED_SIZE-th newer one is published
        story.left_feed = stories[n + FEED_SIZE].published if n + FEED_SIZE < len(stories) else None
    changing = rng.sample([s for s in stories if s.left_feed is not None], args.changes)
    for story in changing:
        story.change_at = story.left_feed + timedelta(seconds=math.exp(rng.uniform(math.log(600), math.log(3 * 86400))))

    with tempfile.TemporaryDirectory() as work:
        config = parse_config(f'[database]\nurl = "sqlite:///{work}/bench.db"\n[[sources]]\nname = "{SOURCE}"\n'
                              f'feed = "https://wire.example/rss.xml"\n[crawl]\nrevisit_share = {args.share}\n', None)
        engine = open_database(config.database_url)
        steps = config.crawl.revisit
        stored: dict[str, str] = {}  # the text each URL was last stored with
        now, runs, made, allowed, most, short, fed = START, 0, 0, 0, 0, 0, 0
        deadline = max(s.change_at for s in changing) + timedelta(seconds=2 * max(steps))
        while now <= START + WEEK or (now <= deadline and any(s.caught_at is None for s in changing)):
            for story in changing:  # updates in place since the last crawl
                if story.change_at is not None and story.change_at <= now and story.step is None:
                    story.step = step_at(engine, story.url, steps)
                    story.toll += 25
            published = [s for s in stories if s.published <= now]
            feed = [s.url for s in published[-FEED_SIZE:]]
            due = due_revisits(config, engine, config.sources, now)
            wanted = [url for url in due[SOURCE] if url not in feed]
            extra = Revisits(due, config.crawl.revisit_share).take(SOURCE, len(feed), set(feed))
            made, allowed, most = made + len(extra), allowed + revisit_budget(config.crawl.revisit_share, len(feed)), \
                max(most, len(extra))
            short += len(wanted) > len(extra)  # due articles left for a later crawl
            fed += len(feed)
            by_url = {s.url: s for s in published}
            records = [PageRecord(url=url, source=SOURCE, text=by_url[url].text(), etag=url,
                                  published_at=by_url[url].published)
                       if stored.get(url) != by_url[url].text() else UnchangedRecord(url, 304, SOURCE)
                       for url in feed + extra]
            recorder = Recorder(engine, start_run(engine, [SOURCE]), {SOURCE: ("feed", "https://wire.example/rss.xml")},
                                config.crawl.revisit_policy(), clock=lambda: now)
            for record, outcome in zip(records, recorder.record(records)):
                if isinstance(record, PageRecord):
                    stored[record.url] = record.text
                    story = by_url[record.url]
                    if outcome == "changed" and story.caught_at is None:
                        story.caught_at = now
            runs += 1
            now += INTERVAL
        with engine.connect() as conn:
            scheduled = conn.execute(text("SELECT count(*) FROM articles WHERE next_check_at IS NOT NULL")).scalar()
        engine.dispose()

    report(changing, runs, fed, made, allowed, most, short, revisit_budget(config.crawl.revisit_share, FEED_SIZE),
           scheduled, args.articles, now - START)


def step_at(engine, url: str, steps: tuple[float, ...]) -> float | None:
    """The schedule step (seconds) an article waits when it changes; None when it is no longer scheduled."""
    with engine.connect() as conn:
        step = conn.execute(text("SELECT revisit_step FROM articles WHERE url = :u AND next_check_at IS NOT NULL"),
                            {"u": url}).scalar()
    return steps[step] if step is not None else None


def report(changing: list[Story], runs: int, fed: int, made: int, allowed: int, most: int, short: int, per_crawl: int,
           scheduled: int, articles: int, span: timedelta) -> None:
    caught = [s for s in changing if s.caught_at is not None]
    within = [s for s in caught if s.step and (s.caught_at - s.change_at).total_seconds() <= 2 * s.step]
    unscheduled = [s for s in changing if s.step is None]
    ratios = sorted((s.caught_at - s.change_at).total_seconds() / s.step for s in caught if s.step)
    delays = sorted((s.caught_at - s.change_at).total_seconds() / 3600 for s in caught)
    print(f"simulated {span.days}d {span.seconds // 3600}h: {articles:,} articles, feed of the {FEED_SIZE} newest, "
          f"{runs} crawls every {INTERVAL.seconds // 60}m")
    print(f"changes after leaving the feed: {len(changing)}; caught {len(caught)}, of which {len(within)} within 2x "
          f"their schedule step; {len(unscheduled)} fell after the schedule ended")
    if ratios:
        print(f"delay / step: median {ratios[len(ratios) // 2]:.2f}, max {ratios[-1]:.2f}; delay in hours: median "
              f"{delays[len(delays) // 2]:.2f}, max {delays[-1]:.2f}")
    print(f"re-visit requests: {made:,} ({made / runs:.1f} per crawl, at most {most} in one); budget {allowed:,} "
          f"(max(3, revisit_share x the crawl's feed requests): {per_crawl} per crawl of a full feed); "
          f"feed-discovered requests {fed:,}; crawls that left due articles for later: {short}")
    print(f"articles still scheduled at the end: {scheduled}")


if __name__ == "__main__":
    main()
