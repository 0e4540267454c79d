"""The daemon's side of Scrapyd nodes (scheduler/cluster.py) against nodes that answer badly: what a node says
is network input, so a garbled answer or a dead node is skipped, never a crash."""
from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scheduler.cluster import NodeError, call, least_busy


@pytest.fixture
def fake_nodes() -> Iterator[dict[str, str]]:
    """Three nodes on 127.0.0.1 answering daemonstatus.json: garbled numbers, not JSON, a real status."""
    answers = {"garbled": b'{"status": "ok", "running": "many", "pending": 0}', "html": b"<html>Scrapyd</html>",
               "busy": b'{"status": "ok", "running": 3, "pending": 1}', "idle": b'{"status": "ok", "running": 0}'}
    servers = {}
    for name, body in answers.items():
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self, body: bytes = body) -> None:  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass
        servers[name] = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=servers[name].serve_forever, daemon=True).start()
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    urls = {name: f"http://127.0.0.1:{server.server_address[1]}/" for name, server in servers.items()}
    urls["dead"] = f"http://127.0.0.1:{dead}/"
    try:
        yield urls
    finally:
        for server in servers.values():
            server.shutdown()


def test_the_least_busy_node_that_answers_sensibly_is_chosen(fake_nodes: dict[str, str]) -> None:
    nodes = tuple(fake_nodes[name] for name in ("dead", "garbled", "html", "busy"))
    assert least_busy(nodes, []) == fake_nodes["busy"]
    assert least_busy(nodes, [fake_nodes["busy"]]) is None  # every other one is dead or garbled
    assert least_busy(nodes + (fake_nodes["idle"],), []) == fake_nodes["idle"]


def test_a_node_s_bad_answer_is_a_node_error(fake_nodes: dict[str, str]) -> None:
    for name in ("html", "dead"):
        with pytest.raises(NodeError):
            call(fake_nodes[name], "daemonstatus.json")
    assert call(fake_nodes["busy"], "daemonstatus.json")["running"] == 3
