"""tollwatch on real Scrapyd nodes: deployed as Scrapy projects are (`scrapyd-deploy` with scrapy.cfg and
setup.py), its `news` spider scheduled there by hand, and the daemon dispatching its runs to two nodes
(`[cluster] scrapyd`), one of which dies mid-run."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site import FixtureSite, config_toml, source_toml
from tests.test_daemon import Daemon, slow_articles, wait_for
from tests.test_scrapy_crawl import counts

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_FILES = ("pyproject.toml", "setup.py", "scrapy.cfg", "README.md", "crawler", "scheduler", "storage")


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


def _post(url: str, fields: dict[str, str]) -> dict:
    with urllib.request.urlopen(url, urllib.parse.urlencode(fields).encode(), timeout=10) as answer:
        return json.load(answer)


class Node:
    """A Scrapyd node on 127.0.0.1 in its own directory and session (so killing it kills its jobs too)."""

    def __init__(self, directory: Path):
        directory.mkdir()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        (directory / "scrapyd.conf").write_text(
            f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = eggs\nlogs_dir = logs\n"
            "dbs_dir = dbs\nitems_dir =\nmax_proc = 4\npoll_interval = 0.5\n")
        self.url = f"http://127.0.0.1:{port}/"
        self.process = subprocess.Popen([str(BIN / "scrapyd")], cwd=directory, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                if _get(self.url + "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            assert self.process.poll() is None and time.monotonic() < deadline, "scrapyd did not start"
            time.sleep(0.2)

    def kill(self) -> None:
        """The node dies with its running jobs, as a machine that goes down."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[list[Node]]:
    """Two Scrapyd nodes, killed when the test ends."""
    started = [Node(tmp_path / "node1"), Node(tmp_path / "node2")]
    try:
        yield started
    finally:
        for node in started:
            node.kill()


def deploy(tmp_path: Path, nodes: list[Node]) -> None:
    """`scrapyd-deploy -a` from a copy of the project (building the egg writes build/ and *.egg-info/ beside
    the code) to every node, each a [deploy:NAME] target in its scrapy.cfg."""
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, project / name)
    with (project / "scrapy.cfg").open("a") as cfg:
        for number, node in enumerate(nodes, 1):
            cfg.write(f"\n[deploy:node{number}]\nurl = {node.url}\nproject = tollwatch\n")
    result = subprocess.run([str(BIN / "scrapyd-deploy"), "-a"], cwd=project, capture_output=True, text=True,
                            timeout=300, env={"PATH": f"{BIN}:/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr + result.stdout
    for node in nodes:
        assert _get(node.url + "listspiders.json?project=tollwatch")["spiders"] == ["news"]


def test_the_project_deploys_to_scrapyd_and_its_news_spider_stores_a_crawl(
        tmp_path: Path, site: FixtureSite, nodes: list[Node]) -> None:
    node = nodes[0]
    deploy(tmp_path, [node])
    work = tmp_path / "work"
    work.mkdir()
    db_url = f"sqlite:///{work / 'tollwatch.db'}"
    (work / "tollwatch.toml").write_text(config_toml(site.url, db_url))
    job = _post(node.url + "schedule.json", {"project": "tollwatch", "spider": "news", "source": "fixture-rss",
                                             "config": str(work / "tollwatch.toml")})
    assert job["status"] == "ok", job
    deadline = time.monotonic() + 120
    while not any(j["id"] == job["jobid"] for j in _get(node.url + "listjobs.json?project=tollwatch")["finished"]):
        assert time.monotonic() < deadline, "the Scrapyd job did not finish"
        time.sleep(0.5)
    articles, versions, runs = counts(db_url)
    assert (articles, versions) == (6, 6)  # the feed announces half of the site's 12 articles
    assert runs == [("ok", None, "scrapy", "fixture-rss", 6, 6, 0, 0, True)]


@pytest.mark.postgres
def test_the_daemon_dispatches_to_two_nodes_and_a_run_a_dead_node_lost_is_stored_once_elsewhere(
        tmp_path: Path, site: FixtureSite, nodes: list[Node], pg_url: str, daemons: list[Daemon]) -> None:
    deploy(tmp_path, nodes)
    slow_articles(site, delay=0.4)  # runs last a few seconds, one article at a time
    # two sources share the RSS feed's articles: whichever stores one first, it is stored once
    sources = "".join(source_toml(name, "feed", f"{site.url}/{feed}", interval="1h")
                      for name, feed in (("rss-a", "rss.xml"), ("rss-b", "rss.xml"), ("atom", "atom.xml")))
    cluster = f"[cluster]\nscrapyd = [{', '.join(json.dumps(node.url) for node in nodes)}]\nlost_after = \"2s\"\n"
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, pg_url, sources=sources, extra="per_domain = 1")
                                             + cluster)
    daemon = Daemon(tmp_path, "--batch", "1")
    daemons.append(daemon)
    engine_rows = _pg_rows(pg_url)
    first = nodes[0].url
    wait_for(lambda: engine_rows("SELECT id FROM crawl_runs WHERE node = %s AND status = 'running' "
                                 "AND pid IS NOT NULL", first), 60, "a job running on the first node")
    nodes[0].kill()
    wait_for(lambda: {name for name, in engine_rows("SELECT sources FROM crawl_runs WHERE status = 'ok'")}
             == {"rss-a", "rss-b", "atom"}, 120, "an ok run of every source")
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(60) == 0, daemon.log

    runs = engine_rows("SELECT sources, status, node, job, message FROM crawl_runs ORDER BY id")
    assert {node for _, _, node, _, _ in runs} == {nodes[0].url, nodes[1].url}, runs  # both nodes had jobs
    assert all(job for _, _, _, job, _ in runs), runs
    lost = [run for run in runs if run[1] == "failed"]
    assert lost and all(run[2] == first and run[4] == f"Scrapyd node {first} lost job {run[3]}; tried again on "
                        "another node" for run in lost), runs
    assert {run[0] for run in runs if run[1] == "ok"} == {"rss-a", "rss-b", "atom"}, runs
    assert engine_rows("SELECT count(*) FROM crawl_runs WHERE status = 'running'") == [(0,)]
    # every page stored once: 12 articles (RSS and Atom announce disjoint halves), one version each
    assert engine_rows("SELECT count(*), count(DISTINCT url) FROM articles") == [(12, 12)]
    assert engine_rows("SELECT count(*) FROM article_versions") == [(12,)]
    assert "Scrapyd node " + first + " lost job" in daemon.log
    assert f"on Scrapyd nodes {nodes[0].url}, {nodes[1].url}" in daemon.log


def _pg_rows(url: str):  # noqa: ANN202
    """A query function on the test's PostgreSQL schema (psycopg, %s parameters)."""
    import psycopg

    parts = urllib.parse.urlsplit(url.replace("+psycopg", ""))
    options = urllib.parse.parse_qs(parts.query).get("options", [""])[0]

    def query(sql: str, *params: object) -> list[tuple]:
        with psycopg.connect(parts._replace(query="").geturl(), options=options) as conn:
            return [tuple(row) for row in conn.execute(sql, params).fetchall()]
    return query


def test_a_stopping_daemon_cancels_its_job_on_the_node(tmp_path: Path, site: FixtureSite, nodes: list[Node],
                                                        daemons: list[Daemon]) -> None:
    node = nodes[0]
    deploy(tmp_path, [node])
    slow_articles(site, delay=1.0)
    cluster = f"[cluster]\nscrapyd = [{json.dumps(node.url)}]\n"
    (tmp_path / "tollwatch.toml").write_text(
        config_toml(site.url, f"sqlite:///{tmp_path / 'tollwatch.db'}", extra="per_domain = 1") + cluster)
    daemon = Daemon(tmp_path, "--grace", "3s")
    daemons.append(daemon)
    wait_for(lambda: _sqlite(tmp_path, "SELECT id FROM crawl_runs WHERE status = 'running' AND pid IS NOT NULL"),
             60, "a job running on the node")
    daemon.signal(signal.SIGTERM)
    assert daemon.wait(60) == 0, daemon.log
    runs = _sqlite(tmp_path, "SELECT status, node, job FROM crawl_runs")
    assert runs and all(status == "interrupted" and url == node.url and job for status, url, job in runs), runs
    jobs = _get(node.url + "listjobs.json?project=tollwatch")
    assert not jobs["running"] and not jobs["pending"], jobs  # cancelled, not left crawling


def _sqlite(project: Path, sql: str) -> list[tuple]:
    import sqlite3

    with sqlite3.connect(project / "tollwatch.db", timeout=30) as conn:
        return conn.execute(sql).fetchall()
