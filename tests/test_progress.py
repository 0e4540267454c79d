"""On a terminal, `tollwatch crawl` shows a progress line (sources done; pages stored, extracting, in flight)
while it runs."""
from __future__ import annotations

import os
import pty
import select
import subprocess
from pathlib import Path

from tests.conftest import TOLLWATCH
from tests.site import FixtureSite, config_toml


def test_progress_line_on_a_terminal(tmp_path: Path, site: FixtureSite) -> None:
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db"))
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([TOLLWATCH, "crawl"], cwd=tmp_path, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=secondary)
    os.close(secondary)
    seen = b""
    while True:
        ready, _, _ = select.select([primary], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    out = proc.communicate(timeout=120)[0].decode()
    os.close(primary)
    assert proc.returncode == 0
    text = seen.decode(errors="replace")
    assert "\r\x1b[K" in text  # the line is rewritten in place
    assert "sources 4/4 · pages 18 stored, 0 extracting, 0 in flight · new 12 · changed 0 · errors 0" in text
    assert "12 new articles" in out and "sources" not in out  # progress goes to the terminal, not stdout
