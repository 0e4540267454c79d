"""Configuration mistakes: one line naming the file, source and key, exit code 2, never a traceback."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from scheduler.config import MAX_CONFIG_BYTES, ConfigError, load_config, parse_config, parse_duration
from tests.conftest import run_cli

GOOD_SOURCE = '[[sources]]\nname = "a"\nfeed = "https://example.org/rss.xml"\n'


@pytest.mark.parametrize("text, message", [
    ('[[sources]]\nname = "a"\n', "source 'a': needs exactly one of the keys feed, sitemap, pages (found none)"),
    ('[[sources]]\nname = "a"\nfeed = "https://e.org/f"\nsitemap = "https://e.org/s"\n',
     "source 'a': needs exactly one of the keys feed, sitemap, pages (found feed, sitemap)"),
    (GOOD_SOURCE + 'colour = "red"\n', "source 'a': unknown key 'colour'"),
    ('[[sources]]\nname = "a"\npages = ["https://e.org/"]\nfollow = "(unclosed"\n',
     "source 'a': key 'follow': bad regular expression"),
    (GOOD_SOURCE + 'interval = "15x"\n', "source 'a': key 'interval': '15x' is not a duration"),
    (GOOD_SOURCE + 'interval = "0s"\n', "source 'a': key 'interval': '0s' must be longer than zero"),
    (GOOD_SOURCE + 'cron = "every day"\n', "source 'a': key 'cron': 'every day' is not a crontab expression"),
    ('[[sources]]\nname = "a"\nfeed = "ftp://e.org/f"\n', "source 'a': key 'feed': 'ftp://e.org/f' is not an http(s) URL"),
    ('[[sources]]\nname = "a"\nfeed = "not a url"\n', "source 'a': key 'feed': 'not a url' is not an http(s) URL"),
    (GOOD_SOURCE + GOOD_SOURCE, "source 'a': key 'name': duplicate source name"),
    ('[database]\nurl = "tollwatch.db"\n', "[database] key 'url': 'tollwatch.db' is not a database URL"),
    ('[databse]\nurl = "sqlite:///x.db"\n', "unknown key 'databse'"),
    ('[crawl]\nworkers = -1\n', "[crawl]: key 'workers': must be a whole number of at least 0"),
    ('[crawl]\nper_domain = 0\n', "[crawl]: key 'per_domain': must be a whole number of at least 1"),
    ('[crawl]\nconcurrency = "many"\n', "[crawl]: key 'concurrency': must be a whole number of at least 1"),
    ('[crawl]\nprofile = "turbo"\n', "[crawl]: key 'profile': must be \"polite\" or \"fast\""),
    ('[crawl]\nurl_budget = 0\n', "[crawl]: key 'url_budget': must be a whole number of at least 1"),
    ('[crawl]\nsitemap_depth = "deep"\n', "[crawl]: key 'sitemap_depth': must be a whole number of at least 1"),
    (GOOD_SOURCE + 'url_budget = 2.5\n', "source 'a': key 'url_budget': must be a whole number of at least 1"),
    (GOOD_SOURCE + 'sitemap_depth = 2\n', "source 'a': key 'sitemap_depth': only applies to 'sitemap' sources"),
    ('[[sources]]\nname = "a"\nsitemap = "https://e.org/s.xml"\nsitemap_depth = 0\n',
     "source 'a': key 'sitemap_depth': must be a whole number of at least 1"),
    ('[crawl]\nrevisit = "30m"\n', "[crawl]: key 'revisit': must be a list of durations"),
    ('[crawl]\nrevisit = ["30m", "soon"]\n', "[crawl]: key 'revisit': step 2: 'soon' is not a duration"),
    ('[crawl]\nrevisit = ["0s"]\n', "[crawl]: key 'revisit': step 1: '0s' must be longer than zero"),
    ('[crawl]\nrevisit_share = -0.5\n', "[crawl]: key 'revisit_share': must be a number of at least 0"),
    ('[crawl]\nrevisit_share = "half"\n', "[crawl]: key 'revisit_share': must be a number of at least 0"),
    ('[crawl]\nrevisit_quiet = "a week"\n', "[crawl]: key 'revisit_quiet': 'a week' is not a duration"),
    ('[crawl]\nextract_limit = "0s"\n', "[crawl]: key 'extract_limit': '0s' must be longer than zero"),
    ('[[sources]]\nname = "a"\nfeed = \n', "TOML syntax error: Invalid value (at line 3, column 8)"),
    ('[cluster]\nscrapyd = "http://node1:6800"\n', "[cluster]: key 'scrapyd': must be a list of node URLs"),
    ('[cluster]\nscrapyd = ["node1:6800"]\n', "[cluster]: key 'scrapyd': 'node1:6800' is not a Scrapyd node URL"),
    ('[cluster]\nscrapyd = ["http://n:6800"]\nproject = ""\n', "[cluster]: key 'project': must be a non-empty"),
    ('[cluster]\nnodes = []\n', "[cluster]: unknown key 'nodes'"),
    ('[cluster]\nlost_after = "soon"\n', "[cluster]: key 'lost_after': 'soon' is not a duration"),
])
def test_config_errors_name_file_source_and_key(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, Path("my.toml"))
    assert str(info.value).startswith(f"my.toml: {message}")
    assert "\n" not in str(info.value)


def test_defaults_and_durations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TOLLWATCH_DATABASE_URL", raising=False)
    config = load_config(None)  # no tollwatch.toml here: the bundled sources
    assert config.path is None and config.database_url == "sqlite:///tollwatch.db"
    assert {"aa-en", "un-news", "aljazeera", "bbc-world"} <= {s.name for s in config.sources}
    assert all(s.kind == "feed" and s.urls[0].startswith("https://") for s in config.sources)
    assert [parse_duration(t) for t in ("30s", "15m", "2h", "1d", "1.5h")] == [30, 900, 7200, 86400, 5400]
    assert config.crawl.revisit == (1800, 7200, 21600, 86400, 259200) and config.crawl.revisit_share == 0.5
    revisits = parse_config('[crawl]\nrevisit = ["45s", 90, "2h", "3d"]\nrevisit_share = 1\n', None).crawl
    assert revisits.revisit == (45, 90, 7200, 259200) and revisits.revisit_share == 1.0
    assert parse_config('[crawl]\nrevisit = []\n', None).crawl.revisit == ()
    assert config.crawl.extract_limit == 60 and parse_config('[crawl]\nextract_limit = "2m"\n', None).crawl.extract_limit == 120
    monkeypatch.setenv("TOLLWATCH_DATABASE_URL", "sqlite:///other.db")
    assert load_config(None).database_url == "sqlite:///other.db"


def test_fast_profile_and_overrides() -> None:
    config = parse_config('[crawl]\nprofile = "fast"\ndelay = "2s"\nworkers = 3\n' + GOOD_SOURCE, None)
    assert (config.crawl.concurrency, config.crawl.delay, config.crawl.autothrottle, config.crawl.workers) == (
        32, 2.0, False, 3)
    assert config.sources[0].interval == 900


def test_url_budget_and_sitemap_depth() -> None:
    """`[crawl]` sets them for every source (defaults 5,000 and 3); a source's own keys win for it."""
    assert (parse_config(GOOD_SOURCE, None).crawl.url_budget, parse_config(GOOD_SOURCE, None).crawl.sitemap_depth) == (
        5000, 3)
    config = parse_config('[crawl]\nurl_budget = 300\nsitemap_depth = 2\n' + GOOD_SOURCE + 'url_budget = 40\n'
                          '[[sources]]\nname = "b"\nsitemap = "https://e.org/s.xml"\nsitemap_depth = 5\n', None)
    assert (config.crawl.url_budget, config.crawl.sitemap_depth) == (300, 2)
    assert [(s.to_job()["url_budget"], s.to_job()["sitemap_depth"]) for s in config.sources] == [(40, None), (None, 5)]


@pytest.mark.parametrize("config_text, args, message", [
    (None, ["--config", "missing.toml", "crawl"], "tollwatch: error: missing.toml: config file not found"),
    ('[[sources]]\nname = "x"\n', ["crawl"], "tollwatch: error: tollwatch.toml: source 'x': needs exactly one"),
    (GOOD_SOURCE, ["--database", "mysql://h/db", "crawl"], "tollwatch: error: unsupported database 'mysql'"),
    ('[crawl]\nurl_budget = -1\n' + GOOD_SOURCE, ["crawl"],
     "tollwatch: error: tollwatch.toml: [crawl]: key 'url_budget': must be a whole number of at least 1"),
    (GOOD_SOURCE, ["--database", "postgresql://127.0.0.1:1/none", "sql", "select 1"],
     "tollwatch: error: cannot open database postgresql://127.0.0.1:1/none: connection failed"),
    (GOOD_SOURCE, ["--database", "sqlite:////nonexistent-dir/x.db", "crawl"],
     "tollwatch: error: cannot open database sqlite:////nonexistent-dir/x.db: directory '/nonexistent-dir' does "
     "not exist (create it first)"),
])
def test_cli_user_mistakes_are_one_line_exit_2(tmp_path: Path, config_text: str | None, args: list[str],
                                               message: str) -> None:
    if config_text is not None:
        (tmp_path / "tollwatch.toml").write_text(config_text)
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_config_paths_that_are_no_config_file_say_what_they_are(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.toml")  # opening it would wait for a writer: it is never opened
    (tmp_path / "latin1.toml").write_bytes('[[sources]]\nname = "Ümraniye"\n'.encode("latin-1"))
    with (tmp_path / "huge.toml").open("wb") as huge:
        huge.truncate(MAX_CONFIG_BYTES + 1)
    (tmp_path / "dir.toml").mkdir()
    for path, message in (("/dev/zero", "/dev/zero: not a regular file (a device, pipe or socket)"),
                          ("fifo.toml", "fifo.toml: not a regular file (a device, pipe or socket)"),
                          ("dir.toml", "dir.toml: is a directory, not a config file"),
                          ("huge.toml", "huge.toml: too large for a config file (more than 1,048,576 bytes)"),
                          ("latin1.toml", "latin1.toml: not UTF-8 text (line 2 has the byte 0xdc); a config file is TOML in UTF-8"),
                          ("missing.toml", "missing.toml: config file not found")):
        result = run_cli("--config", path, "crawl", cwd=tmp_path, timeout=30)
        assert (result.returncode, result.stderr) == (2, f"tollwatch: error: {message}\n")
    (tmp_path / "dir.toml").rename(tmp_path / "tollwatch.toml")  # the default config too: not skipped silently
    result = run_cli("crawl", cwd=tmp_path, timeout=30)
    assert result.stderr == "tollwatch: error: tollwatch.toml: is a directory, not a config file\n"


@pytest.mark.parametrize("text, message", [
    (f'[[sources]]\nname = "{"n" * 100_000}"\n', "source 'nnn"),
    (GOOD_SOURCE + f'{"k" * 100_000} = 1\n', "source 'a': unknown key 'kkk"),
    (GOOD_SOURCE + f'interval = "{"9" * 100_000}x"\n', "source 'a': key 'interval': '999"),
    (GOOD_SOURCE + f'[[monitors]]\nname = "m"\nkeywords = ["Kyiv"]\nsources = ["{"s" * 100_000}"]\n',
     "monitor 'm': key 'sources': no source named 'sss"),
])
def test_long_values_are_shortened_in_messages(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(text, Path("my.toml"))
    assert str(info.value).startswith(f"my.toml: {message}") and "…'" in str(info.value)
    assert len(str(info.value)) < 300


def test_cluster_nodes_default_to_this_config_s_path_on_each_node(tmp_path: Path) -> None:
    path = tmp_path / "tollwatch.toml"
    config = parse_config(GOOD_SOURCE + '[cluster]\nscrapyd = ["http://n1:6800", "http://n2:6800/", "http://n1:6800"]\n',
                          path)
    assert config.cluster.scrapyd == ("http://n1:6800/", "http://n2:6800/")
    assert config.cluster.project == "tollwatch" and config.cluster.node_config == str(path.resolve())
    assert parse_config(GOOD_SOURCE, path).cluster.scrapyd == ()
