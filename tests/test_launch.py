"""The `tollwatch` entry point starts a crawl's process before the command line loads, hands it to the
crawl command, and ends it when the command fails before giving it a job."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import scheduler.spawn
from scheduler import launch
from tests.site import FixtureSite, config_toml


@pytest.mark.parametrize(("argv", "name"), [
    (["crawl"], "crawl"),
    (["--config", "crawl.toml", "crawl", "--source", "x"], "crawl"),
    (["--config=crawl.toml", "--database", "sqlite:///crawl.db", "crawl"], "crawl"),
    (["--database", "crawl", "sql", "SELECT 1"], "sql"),
    (["--config", "crawl"], None),
    (["--help"], None),
    ([], None),
])
def test_command_name(argv: list[str], name: str | None) -> None:
    assert launch.command_name(argv) == name


def started_children(monkeypatch: pytest.MonkeyPatch) -> list[subprocess.Popen[bytes]]:
    """The crawl processes `start_child` starts from now on (real processes)."""
    children: list[subprocess.Popen[bytes]] = []
    real = scheduler.spawn.start_child

    def start_child(**options: object) -> subprocess.Popen[bytes]:
        children.append(real(**options))  # type: ignore[arg-type]
        return children[-1]

    monkeypatch.setattr(scheduler.spawn, "start_child", start_child)
    return children


def run_launcher(monkeypatch: pytest.MonkeyPatch, *argv: str) -> int:
    monkeypatch.setattr(sys, "argv", ["tollwatch", *argv])
    with pytest.raises(SystemExit) as exit_:
        launch.main()
    return exit_.value.code  # type: ignore[return-value]


def test_a_crawl_uses_the_process_started_first(site: FixtureSite, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    children = started_children(monkeypatch)
    config = tmp_path / "tollwatch.toml"
    config.write_text(config_toml(site.url, f"sqlite:///{tmp_path / 'tw.db'}"))
    assert run_launcher(monkeypatch, "--config", str(config), "crawl", "--quiet") == 0
    assert len(children) == 1 and children[0].returncode == 0
    with sqlite3.connect(tmp_path / "tw.db") as db:
        assert db.execute("SELECT count(*) FROM articles").fetchone()[0] > 0


def test_a_crawl_that_fails_before_its_job_leaves_no_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    children = started_children(monkeypatch)
    config = tmp_path / "tollwatch.toml"
    config.write_text("[crawl]\nworkers = -1\n")
    assert run_launcher(monkeypatch, "--config", str(config), "crawl") == 2
    assert "workers" in capsys.readouterr().err
    assert len(children) == 1 and children[0].poll() is not None  # ended, not left waiting for a job
    assert run_launcher(monkeypatch, "crawl", "--no-such-option") == 2  # argparse's own exit
    assert len(children) == 2 and children[1].poll() is not None
