"""Nobody gets in: private addresses need explicit permission, only http(s) is followed, and page
content cannot forge terminal output."""
from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from scheduler.output import FORMATS, print_rows
from storage.display import CONTROL
from tests.conftest import run_cli
from tests.site import FixtureSite, Page, config_toml, link_feed


def errors_of(tmp_path: Path) -> dict[str, str]:
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        return dict(conn.execute("SELECT url, reason FROM fetch_errors").fetchall())


def test_private_addresses_are_refused_unless_allowed(tmp_path: Path, site: FixtureSite) -> None:
    port = site.url.rsplit(":", 1)[1]
    sources = f"""
[[sources]]
name = "loopback-ip"
feed = "{site.url}/rss.xml"

[[sources]]
name = "loopback-name"
feed = "http://localhost:{port}/atom.xml"
"""
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", sources=sources))
    result = run_cli("crawl", cwd=tmp_path)
    assert result.returncode == 1 and "no source could be reached" in result.stdout
    assert errors_of(tmp_path) == {
        f"{site.url}/rss.xml": "refused: 127.0.0.1 is a private or loopback address (127.0.0.1); "
                               "set allow_private_addresses = true on the source to allow it",
        f"http://localhost:{port}/atom.xml": "refused: localhost is a private or loopback address (127.0.0.1); "
                                             "set allow_private_addresses = true on the source to allow it",
    }
    assert site.hits == {}  # not even robots.txt was fetched


def test_only_http_links_of_sane_length_are_followed(tmp_path: Path, site: FixtureSite) -> None:
    long_link = f"{site.url}/story?ref={'x' * 3000}"
    links = ["file:///etc/passwd", "data:text/html,<p>At least 99 people were killed</p>", "ftp://127.0.0.1/x",
             "javascript:alert(1)", long_link, site.url + site.articles[0].path]  # type: ignore[attr-defined]
    items = "".join(f"<item><link>{link.replace('<', '&lt;').replace('>', '&gt;')}</link></item>" for link in links)
    site.set_xml("/mixed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')
    sources = f'[[sources]]\nname = "mixed"\nfeed = "{site.url}/mixed.xml"\nallow_private_addresses = true\n'
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", sources=sources))
    assert run_cli("crawl", cwd=tmp_path).returncode == 0
    errors = errors_of(tmp_path)
    assert errors == {**{link: f"refused: only http and https links are followed, not {link.split(':')[0]}:"
                         for link in links[:4]},
                      long_link[:500]: f"refused: the link is {len(long_link)} characters long, longer than "
                                       "URLLENGTH_LIMIT (2083)"}
    assert not any(path.startswith("/story") for path in site.hits)
    with sqlite3.connect(tmp_path / "tollwatch.db") as conn:
        texts = [r[0] for r in conn.execute("SELECT text FROM article_versions")]
    assert len(texts) == 1 and "root:" not in texts[0] and "99 people" not in texts[0]


def test_page_content_cannot_forge_output_lines(tmp_path: Path) -> None:
    forged = "Ceasefire holds\n2026-01-01 00:00:00 daemon: all sources OK\x1b[2J"
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        print_rows(["title"], [(forged,)], "table", handle)
    lines = out.read_text().splitlines()
    assert len(lines) == 3 and "\\n" in lines[2] and "\x1b" not in lines[2]
    db = tmp_path / "t.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE t (title TEXT)")
        conn.execute("INSERT INTO t VALUES (?)", (forged,))
    result = run_cli("--database", f"sqlite:///{db}", "sql", "SELECT title FROM t", cwd=tmp_path)
    assert result.stdout.splitlines()[2].startswith("Ceasefire holds\\n2026-01-01") and "\x1b" not in result.stdout


def test_code_running_and_unused_scrapy_components_are_left_out() -> None:
    """The telnet console and the remote-control server run code sent to them: a crawl does not even
    import them. Checked in a fresh interpreter: Scrapy imports every component its settings name, even
    one switched off with None. `scrapy` commands, reading the settings module alone, find them off."""
    code = """
import json, sys
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
import crawler.settings
from crawler.settings import COMPONENT_SETTINGS, scrapy_settings
def lists(settings):  # as Scrapy's component managers read them
    return {name: build_component_list(settings.get_component_priority_dict_with_base(name))
            for name in COMPONENT_SETTINGS}
crawl = lists(scrapy_settings())
# modules of the components switched off, but for those used components import themselves: Scrapy's
# redirect middleware (and with it the Referer module) is used, only its meta-refresh part is replaced;
# StartRequestsMiddleware is Scrapy's start middleware without its pass-through, PageStats and
# PageLogStats are Scrapy's core and log stats without their per-item receivers
modules = {path.rsplit(".", 1)[0] for name in COMPONENT_SETTINGS
           for path, order in getattr(crawler.settings, name).items() if order is None} | {"aiohttp"}
modules -= {"scrapy.downloadermiddlewares.redirect", "scrapy.spidermiddlewares.referer",
            "scrapy.spidermiddlewares.start", "scrapy.extensions.corestats", "scrapy.extensions.logstats"}
imported = sorted(modules & set(sys.modules))
module_only = Settings()
module_only.setmodule(crawler.settings, priority="project")
print(json.dumps({"crawl": crawl, "imported": imported, "scrapy_command": lists(module_only)}))
"""
    result = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                       check=True).stdout)
    assert result["imported"] == []
    for lists in (result["crawl"], result["scrapy_command"]):
        extensions, downloader, spider = (lists[name] for name in
                                          ("EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES"))
        assert not {"scrapy.extensions.telnet.TelnetConsole", "scrapy.extensions.remote_control.RemoteControl",
                    "scrapy.extensions.feedexport.FeedExporter"} & set(extensions)
        assert "scrapy.downloadermiddlewares.cookies.CookiesMiddleware" not in downloader
        assert "scrapy.spidermiddlewares.referer.RefererMiddleware" not in spider
        assert "crawler.progress.Progress" in extensions and "scrapy.extensions.throttle.AutoThrottle" in extensions
        assert "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware" in downloader
        assert "crawler.middlewares.MetaRefreshMiddleware" in downloader


LETTERS = "قتلى Погибшие Ümraniye"
HOSTILE = f"{LETTERS}\tRetry-After: \x1b[2J\x1b]0;pwned\x07 \x9b31m red\x7f\u2028next\r\nline"


def raw_controls(text: str, allowed: str = "") -> set[str]:
    """The control characters in `text` that would reach a terminal raw."""
    return {c for c in text if CONTROL.match(c) and c not in allowed}


def test_every_output_format_neutralises_control_characters_and_keeps_letters() -> None:
    outputs = {}
    for fmt in FORMATS:
        out = io.StringIO()
        print_rows(["reason"], [(HOSTILE,)], fmt, out)
        outputs[fmt] = out.getvalue()
        assert LETTERS in outputs[fmt], fmt  # issue 31: letters of every script print as they are
    assert raw_controls(outputs["table"], "\n") == set() and len(outputs["table"].splitlines()) == 3
    assert f"{LETTERS}\\tRetry-After: \\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m red" in outputs["table"]
    assert raw_controls(outputs["csv"].replace("\r\n", "\n"), "\n\t") == set()
    assert list(csv.reader(io.StringIO(outputs["csv"])))[1] == [
        f"{LETTERS}\tRetry-After: \\x1b[2J\\x1b]0;pwned\\x07 \\x9b31m red\\x7f\\u2028next\\r\nline"]
    assert raw_controls(outputs["json"], "\n") == set() and "\\u009b31m" in outputs["json"]
    assert json.loads(outputs["json"]) == [{"reason": HOSTILE}]  # JSON escapes: the exact text back


def test_hostile_http_headers_reach_no_terminal_raw(tmp_path: Path, site: FixtureSite) -> None:
    """A server's Retry-After is stored in fetch_errors.reason as it came; every format shows it escaped."""
    retry_after = "\x1b[2J\x1b]0;pwned\x07\x9b31m"
    site.routes["/hostile"] = Page(b"gone", 410, {"Retry-After": retry_after, "Content-Type": "text/plain"})
    site.set_xml("/hostile.xml", link_feed([site.url + "/hostile", site.url + site.articles[0].path]))  # type: ignore[attr-defined]
    sources = f'[[sources]]\nname = "hostile"\nfeed = "{site.url}/hostile.xml"\nallow_private_addresses = true\n'
    (tmp_path / "tollwatch.toml").write_text(config_toml(site.url, "sqlite:///tollwatch.db", sources=sources))
    crawl = run_cli("crawl", cwd=tmp_path)
    assert crawl.returncode == 0, crawl.stderr
    reason = errors_of(tmp_path)[site.url + "/hostile"]
    assert reason == f"HTTP 410 (Retry-After: {retry_after})"
    query = "SELECT reason FROM fetch_errors"
    for fmt in FORMATS:
        result = run_cli("sql", query, "--format", fmt, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert raw_controls(result.stdout.replace("\r\n", "\n"), "\n") == set(), fmt
    result = run_cli("sql", query, "--format", "json", cwd=tmp_path)
    assert json.loads(result.stdout) == [{"reason": reason}]
    result = run_cli("sql", query, "--format", "csv", cwd=tmp_path)
    assert result.stdout.splitlines()[1] == "HTTP 410 (Retry-After: \\x1b[2J\\x1b]0;pwned\\x07\\x9b31m)"


def test_error_lines_escape_control_characters_and_shorten_long_values(tmp_path: Path) -> None:
    (tmp_path / "tollwatch.toml").write_text('[[sources]]\nname = "a"\nfeed = "https://example.org/rss.xml"\n')
    result = run_cli("--config", "conf\x1b[2J\x9b.toml", "crawl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "tollwatch: error: conf\\x1b[2J\\x9b.toml: config file not found\n"
    name = "n" * 100_000
    for args in (["crawl", "--source", name], ["changes", "--category", name], ["changes", "--since", name],
                 [name], ["sql", "SELECT 1", "\x1b[2J" + name]):
        result = run_cli(*args, cwd=tmp_path)
        line = result.stderr.splitlines()[-1]
        assert result.returncode == 2 and "Traceback" not in result.stderr, line[:300]
        assert len(line) < 300 and "n" * 70 + "…" in line and not raw_controls(line), line
