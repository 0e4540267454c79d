"""tollwatch deployed to a real Scrapyd node as Scrapy projects are (`scrapyd-deploy` with scrapy.cfg and
setup.py), its `news` spider scheduled there with the source and the config as spider arguments."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.site import FixtureSite, config_toml
from tests.test_scrapy_crawl import counts

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PROJECT_FILES = ("pyproject.toml", "setup.py", "scrapy.cfg", "README.md", "crawler", "scheduler", "storage")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


def _post(url: str, fields: dict[str, str]) -> dict:
    with urllib.request.urlopen(url, urllib.parse.urlencode(fields).encode(), timeout=10) as answer:
        return json.load(answer)


@pytest.fixture
def scrapyd_node(tmp_path: Path) -> Iterator[str]:
    """A Scrapyd node on 127.0.0.1 in its own directory; its URL."""
    node = tmp_path / "node"
    node.mkdir()
    port = _free_port()
    (node / "scrapyd.conf").write_text(f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = eggs\n"
                                       "logs_dir = logs\ndbs_dir = dbs\nitems_dir =\nmax_proc = 2\npoll_interval = 0.5\n")
    process = subprocess.Popen([str(BIN / "scrapyd")], cwd=node, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                if _get(url + "daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "scrapyd did not start"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_project_deploys_to_scrapyd_and_its_news_spider_stores_a_crawl(
        tmp_path: Path, site: FixtureSite, scrapyd_node: str) -> None:
    project = tmp_path / "project"  # a copy: building the egg writes build/ and *.egg-info/ beside the code
    project.mkdir()
    for name in PROJECT_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, project / name)
    with (project / "scrapy.cfg").open("a") as cfg:
        cfg.write(f"\n[deploy]\nurl = {scrapyd_node}\nproject = tollwatch\n")
    deploy = subprocess.run([str(BIN / "scrapyd-deploy")], cwd=project, capture_output=True, text=True, timeout=180,
                            env={"PATH": f"{BIN}:/usr/bin:/bin"})
    assert deploy.returncode == 0, deploy.stderr + deploy.stdout
    assert json.loads(deploy.stdout)["status"] == "ok", deploy.stdout
    assert _get(scrapyd_node + "listspiders.json?project=tollwatch")["spiders"] == ["news"]

    work = tmp_path / "work"
    work.mkdir()
    db_url = f"sqlite:///{work / 'tollwatch.db'}"
    (work / "tollwatch.toml").write_text(config_toml(site.url, db_url))
    job = _post(scrapyd_node + "schedule.json", {"project": "tollwatch", "spider": "news", "source": "fixture-rss",
                                                "config": str(work / "tollwatch.toml")})
    assert job["status"] == "ok", job
    deadline = time.monotonic() + 120
    while not any(j["id"] == job["jobid"] for j in _get(scrapyd_node + "listjobs.json?project=tollwatch")["finished"]):
        assert time.monotonic() < deadline, "the Scrapyd job did not finish"
        time.sleep(0.5)
    articles, versions, runs = counts(db_url)
    assert (articles, versions) == (6, 6)  # the feed announces half of the site's 12 articles
    assert runs == [("ok", None, "scrapy", "fixture-rss", 6, 6, 0, 0, True)]
