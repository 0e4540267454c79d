"""`scrapy crawl news`: Scrapy constructs the spider itself, which reads tollwatch.toml and stores through
its own `DirectStore`, without a tollwatch process (`scheduler.scrapy_run`)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from scheduler.orphans import is_scrapy_crawl
from storage.db import open_database
from tests.site import FixtureSite, config_toml

SCRAPY = str(Path(sys.executable).parent / "scrapy")


def scrapy_crawl(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`scrapy crawl news ARGS` in `cwd`, with tollwatch's settings found as outside the checkout."""
    env = {k: v for k, v in os.environ.items() if k != "TOLLWATCH_DATABASE_URL"}
    env["SCRAPY_SETTINGS_MODULE"] = "scheduler.scrapy_settings"
    return subprocess.run([SCRAPY, "crawl", "news", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=180)


def counts(db_url: str) -> tuple[int, int, list[tuple]]:
    engine = open_database(db_url)
    try:
        with engine.connect() as conn:
            articles = conn.scalar(sa.text("SELECT count(*) FROM articles"))
            versions = conn.scalar(sa.text("SELECT count(*) FROM article_versions"))
            runs = conn.execute(sa.text(
                "SELECT status, message, trigger, sources, pages_fetched, new_articles, unchanged_articles, errors, "
                "finished_at IS NOT NULL FROM crawl_runs ORDER BY id")).all()
    finally:
        engine.dispose()
    return articles, versions, [tuple(run) for run in runs]


def test_scrapy_crawl_stores_a_source_and_closes_its_run(tmp_path: Path, site: FixtureSite, db_url: str) -> None:
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, db_url))
    result = scrapy_crawl(tmp_path, "-a", "source=fixture-rss")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    articles, versions, runs = counts(db_url)
    assert (articles, versions) == (6, 6)  # the feed announces half of the site's 12 articles
    assert runs == [("ok", None, "scrapy", "fixture-rss", 6, 6, 0, 0, True)]

    # the store answers a re-crawl's lookups of validators: the stored hashes tell unchanged pages
    result = scrapy_crawl(tmp_path, "-a", "source=fixture-rss,fixture-atom")
    assert result.returncode == 0, result.stderr + result.stdout
    articles, versions, runs = counts(db_url)
    assert (articles, versions) == (12, 12)
    assert runs[1] == ("ok", None, "scrapy", "fixture-rss,fixture-atom", 12, 6, 6, 0, True)


def test_scrapy_crawl_refuses_an_unknown_source_or_config_in_one_line(tmp_path: Path, site: FixtureSite) -> None:
    db_url = f"sqlite:///{tmp_path / 'tollwatch.db'}"
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, db_url))
    for args, error in [(["-a", "source=nope"], "tollwatch.toml: no source named 'nope' (known: fixture-rss, "),
                        (["-a", "source=fixture-rss", "-a", "config=missing.toml"],
                         "missing.toml: config file not found")]:
        result = scrapy_crawl(tmp_path, *args)
        assert result.returncode == 2, result.stderr + result.stdout
        lines = [line for line in (result.stderr + result.stdout).splitlines() if line.strip()]
        assert len(lines) == 1, lines
        assert "ERROR: " in lines[0] and error in lines[0]
    assert not (tmp_path / "tollwatch.db").exists()  # nothing was opened, no run started
    assert not site.hits


def test_a_running_scrapy_crawl_is_not_taken_for_an_orphan() -> None:
    """`tollwatch crawl` and the daemon mark failed the runs of crawl processes that are gone
    (scheduler.orphans): a `scrapy crawl` closes its run itself while it runs."""
    assert is_scrapy_crawl([b"/srv/.venv/bin/python", b"/srv/.venv/bin/scrapy", b"crawl", b"news", b"-a", b"source=x"])
    assert is_scrapy_crawl([b"scrapy", b"crawl", b"news"])
    assert is_scrapy_crawl([b"/srv/.venv/bin/python", b"-m", b"scrapyd.runner", b"crawl", b"news", b"-a", b"source=x"])
    assert not is_scrapy_crawl([b"/usr/bin/python3", b"-m", b"crawler"])
    assert not is_scrapy_crawl([b"/usr/bin/python3", b"-m", b"scrapyd.runner", b"list"])
    assert not is_scrapy_crawl([b"/srv/.venv/bin/python", b"/srv/.venv/bin/scrapy", b"shell", b"crawl"])
