"""`tollwatch serve` in a real headless browser (Debian's chromium, driven by Playwright): the pages load
without console errors and a monitor's chart is drawn with its points and values."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_serve import build, free_port

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TOLLWATCH = Path(sys.executable).parent / "tollwatch"


@pytest.fixture()
def browser() -> Iterator[object]:
    reason = None if CHROMIUM else "no chromium on this machine (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed"
    if reason:
        if os.environ.get("TOLLWATCH_REQUIRE_BROWSER"):
            pytest.fail(f"a browser is required here (TOLLWATCH_REQUIRE_BROWSER is set): {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    path = tmp_path / "tollwatch.db"
    build(path)
    port = free_port()
    process = subprocess.Popen([str(TOLLWATCH), "serve", "--port", str(port)], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/-/versions.json", timeout=5) as answer:
                json.loads(answer.read())
            break
        except OSError:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "serve did not answer"
            time.sleep(0.1)
    yield url
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)


def test_front_page_and_monitor_page_draw_without_errors(browser: object, server: str, tmp_path: Path) -> None:
    """Screenshots go to tmp_path, or to $TOLLWATCH_SCREENSHOTS (how docs/serve-monitor.png was made)."""
    shots = Path(os.environ.get("TOLLWATCH_SCREENSHOTS") or tmp_path)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))

    page.goto(f"{server}/-/dashboards/overview")
    page.wait_for_selector("#chart-tolls table")
    assert "quake" in page.inner_text("#chart-tolls") and "816" in page.inner_text("#chart-tolls")
    page.screenshot(path=str(shots / "serve-overview.png"), full_page=True)

    page.goto(f"{server}/-/dashboards/monitor-quake")  # redirected to the default filters: the active period
    assert "since=2026-03-16" in page.url
    page.wait_for_selector("#chart-toll svg .mark-text.role-mark text")
    labels = page.eval_on_selector_all("#chart-toll svg .mark-text.role-mark text", "nodes => nodes.map(n => n.textContent)")
    assert sorted(labels) == ["726", "816"]  # the 2023 report is before the window
    points = page.eval_on_selector_all("#chart-toll svg .mark-symbol.role-mark path", "nodes => nodes.length")
    assert points == 2
    changes = page.inner_text("#chart-changes")
    assert "816" in changes and "<script>" in changes  # shown as text, not run
    page.screenshot(path=str(shots / "serve-monitor.png"), full_page=True)

    page.goto(f"{server}/")  # the front page is the overview
    assert page.url.endswith("/-/dashboards/overview")
    page.wait_for_selector("#chart-tolls table")
    page.goto(f"{server}/tollwatch/figures?_search=UN")  # Datasette's own pages: search and facets
    page.wait_for_selector("text=816")
    assert errors == []
    assert (shots / "serve-monitor.png").stat().st_size > 10_000
