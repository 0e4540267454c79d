"""`tollwatch notify --test MONITOR`: a test message to each of a monitor's notify targets, through the installed
command, to a webhook receiver on 127.0.0.1."""
from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.test_monitors import Webhook

SOURCE = '[[sources]]\nname = "wire"\nfeed = "https://example.org/feed.xml"\n'


@pytest.fixture
def receiver() -> Iterator[Webhook]:
    server = Webhook()
    yield server
    server.stop()


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    server.server_close()
    return server.server_address[1]


def configure(tmp_path: Path, *urls: str) -> None:
    notify = ", ".join(json.dumps(u) for u in urls)
    (tmp_path / "tollwatch.toml").write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "never.db"}"\n\n{SOURCE}\n'
        f'[[monitors]]\nname = "quake"\nkeywords = ["Hatay"]\nnotify = [{notify}]\n\n'
        '[[monitors]]\nname = "quiet"\nkeywords = ["Kabul"]\n')


def test_the_test_message_arrives(tmp_path: Path, receiver: Webhook) -> None:
    configure(tmp_path, f"json://user:s3cret@127.0.0.1:{receiver.server.server_address[1]}/hook")
    result = run_cli("notify", "--test", "quake", cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"1. json://127.0.0.1:{receiver.server.server_address[1]}/…: delivered\n"
    assert "s3cret" not in result.stdout + result.stderr
    [message] = receiver.received
    assert message["path"] == "/hook"
    assert message["title"] == "tollwatch: quake: test notification"
    assert "This is a test of monitor quake's alerts" in message["message"]
    assert not (tmp_path / "never.db").exists()


def test_a_target_that_fails_is_reported_and_the_others_still_get_it(tmp_path: Path, receiver: Webhook) -> None:
    dead = closed_port()
    configure(tmp_path, f"json://127.0.0.1:{dead}/dead", f"json://127.0.0.1:{receiver.server.server_address[1]}/hook")
    result = run_cli("notify", "--test", "quake", cwd=tmp_path, timeout=60)
    assert result.returncode == 1, result.stderr
    first, second = result.stdout.splitlines()
    assert first.startswith(f"1. json://127.0.0.1:{dead}/…: failed: ")
    assert second == f"2. json://127.0.0.1:{receiver.server.server_address[1]}/…: delivered"
    assert len(receiver.received) == 1


@pytest.mark.parametrize(("monitor", "error"), [
    ("nope", "no monitor named 'nope' (known: quake, quiet)"),
    ("quiet", "monitor 'quiet' has no notify URLs"),
])
def test_an_unknown_monitor_or_one_without_targets_is_a_usage_error(tmp_path: Path, monitor: str,
                                                                    error: str) -> None:
    configure(tmp_path, "json://127.0.0.1:1/x")
    result = run_cli("notify", "--test", monitor, cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert error in result.stderr
    assert result.stdout == ""
