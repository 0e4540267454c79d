"""One reading of durations everywhere: config keys and command-line flags accept and refuse the same forms,
and each mistake is one line naming the key or the flag."""
from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.config import ConfigError, parse_config
from scheduler.flags import seconds
from tests.conftest import run_cli
from tests.test_daemon import cli

SOURCE = '[[sources]]\nname = "a"\nfeed = "https://example.org/rss.xml"\n'
SITEMAP = '[[sources]]\nname = "a"\nsitemap = "https://example.org/sitemap.xml"\n'


@pytest.mark.parametrize("toml, seconds", [
    ('"30s"', 30), ('"15m"', 900), ('"2h"', 7200), ('"1d"', 86400), ('"1w"', 604800), ('"1.5h"', 5400),
    ('"1h30m"', 5400), ('"1d 2h"', 93600), ('"30"', 30), ('" 45 "', 45), ("30", 30), ("2.5", 2.5),
])
def test_config_durations_accepted(toml: str, seconds: float) -> None:
    source = parse_config(f"{SOURCE}interval = {toml}\n", None).sources[0]
    assert source.interval == seconds
    assert parse_config(f"{SITEMAP}max_age = {toml}\n", None).sources[0].max_age == seconds
    assert parse_config(f"[crawl]\ntimeout = {toml}\n{SOURCE}", None).crawl.timeout == seconds


@pytest.mark.parametrize("toml, message", [
    ('"0"', "'0' must be longer than zero"),
    ('"0s"', "'0s' must be longer than zero"),
    ("0", "0 must be longer than zero"),
    ("0.0", "0.0 must be longer than zero"),
    ('"-5s"', "'-5s' must not be negative"),
    ("-5", "-5 must not be negative"),
    ('""', "'' is not a duration"),
    ('"soon"', "'soon' is not a duration"),
    ('"15x"', "'15x' is not a duration"),
    ('"30m1h"', "'30m1h' is not a duration (give each unit once, largest first"),
    ('"1m1m"', "'1m1m' is not a duration (give each unit once"),
    ('"1e5"', "'1e5' is not a duration"),
    ("nan", "nan is not a duration"),
    ("inf", "inf is too long (at most 10 years)"),
    ('"20000d"', "'20000d' is too long (at most 10 years)"),
    ("99999999999999999999", "99999999999999999999 is too long"),
    ("true", "True is not a duration"),
    ('["1h"]', "['1h'] is not a duration"),
])
def test_config_durations_refused(toml: str, message: str) -> None:
    for text, where in ((f"{SOURCE}interval = {toml}\n", "source 'a': key 'interval': "),
                        (f"{SITEMAP}max_age = {toml}\n", "source 'a': key 'max_age': "),
                        (f"[crawl]\ntimeout = {toml}\n{SOURCE}", "[crawl]: key 'timeout': ")):
        with pytest.raises(ConfigError) as info:
            parse_config(text, Path("my.toml"))
        assert str(info.value).startswith(f"my.toml: {where}{message}"), str(info.value)
        assert "\n" not in str(info.value)


def test_zero_only_where_it_means_none() -> None:
    """[crawl] delay 0 is no delay; an interval, a sitemap age or a download timeout of zero is a mistake."""
    for value in ("0", '"0"', '"0s"', "0.0"):
        assert parse_config(f"[crawl]\ndelay = {value}\n{SOURCE}", None).crawl.delay == 0
    assert parse_config(f'[crawl]\ndelay = "1.5"\n{SOURCE}', None).crawl.delay == 1.5
    with pytest.raises(ConfigError, match=r"\[crawl\]: key 'delay': '-1s' must not be negative"):
        parse_config(f'[crawl]\ndelay = "-1s"\n{SOURCE}', None)


def test_a_source_with_both_interval_and_cron_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tollwatch.toml").write_text(f'{SOURCE}interval = "15m"\ncron = "*/15 * * * *"\n')
    result = run_cli("crawl", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert result.stderr == ("tollwatch: error: tollwatch.toml: source 'a': has both 'interval' and 'cron': give one "
                             "(cron runs at fixed times, interval every so often)\n")
    assert parse_config(f'{SOURCE}cron = "*/15 * * * *"\n', None).sources[0].cron == "*/15 * * * *"


def test_config_duration_mistakes_through_the_command(tmp_path: Path) -> None:
    (tmp_path / "tollwatch.toml").write_text(f"{SOURCE}interval = 0\n")
    result = run_cli("crawl", cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stderr) == (
        2, "tollwatch: error: tollwatch.toml: source 'a': key 'interval': 0 must be longer than zero\n")


# The flags that take a duration, each with the other arguments of its command; the command refuses the
# value before it does anything else.
FLAGS = [
    (("crawl", "--time-limit"), False),
    (("daemon", "--time-limit"), False),
    (("daemon", "--jitter"), True),
    (("daemon", "--grace"), True),
    (("daemon", "--max-backoff"), False),
    (("stop", "--timeout"), False),
    (("changes", "--since"), False),
    (("sql", "SELECT 1", "--time-limit"), False),
]


REFUSED = [
    ("soon", "'soon' is "),  # `--since` adds that it takes a date or time too
    ("15x", "'15x' is not a duration (a number with s, m, h, d or w"),
    ("nan", "'nan' is "),
    ("inf", "'inf' is "),
    ("", "'' is "),
    ("-5s", "'-5s' must not be negative"),
    ("20000d", "'20000d' is too long"),
    ("1h1h", "'1h1h' is not a duration (give each unit once"),
]


@pytest.mark.parametrize("args, zero_allowed", FLAGS)
def test_flags_refuse_what_the_config_refuses(tmp_path: Path, args: tuple[str, ...], zero_allowed: bool) -> None:
    """Each refused value, given to the flag (the commands run at once: their start-up is most of the time)."""
    (tmp_path / "tollwatch.toml").write_text(SOURCE)
    flag = args[-1]
    commands = [cli("--database", f"sqlite:///{tmp_path / 'none.db'}", *args[:-1], f"{flag}={value}", cwd=tmp_path)
                for value, _ in REFUSED]
    for (value, message), command in zip(REFUSED, commands):
        stderr = command.communicate(timeout=60)[1]
        assert command.returncode == 2, (value, stderr)
        assert stderr.startswith(f"tollwatch: error: {flag}: {message}"), stderr
        assert len(stderr.splitlines()) == 1, stderr
        if value in ("soon", "nan", "inf", ""):
            assert "not a duration (a number with s, m, h, d or w" in stderr or (
                flag == "--since" and "neither a duration (15m, 1h30m, 1w)" in stderr)


@pytest.mark.parametrize("args, zero_allowed", FLAGS)
def test_zero_is_refused_unless_it_means_none(tmp_path: Path, args: tuple[str, ...], zero_allowed: bool) -> None:
    """`--jitter 0s` and `--grace 0` are accepted (the daemon then fails on the missing config, which it reads
    after its flags); zero for any other flag is `must be longer than zero`."""
    (tmp_path / "tollwatch.toml").write_text(SOURCE)
    zeros = ("0", "0s", "0m")
    where = ("--config", "missing.toml") if zero_allowed else ("--database", f"sqlite:///{tmp_path / 'none.db'}")
    for zero, command in zip(zeros, [cli(*where, *args, zero, cwd=tmp_path) for zero in zeros]):
        stderr = command.communicate(timeout=60)[1]
        if zero_allowed:
            assert stderr == "tollwatch: error: missing.toml: config file not found\n"
        else:
            assert stderr == f"tollwatch: error: {args[-1]}: '{zero}' must be longer than zero\n"
        assert command.returncode == 2


def test_flags_accept_every_form(tmp_path: Path) -> None:
    """Each form is read, not refused: the command goes on to the next thing it checks (here, the lack of
    sources or of a daemon), or runs."""
    (tmp_path / "tollwatch.toml").write_text("[crawl]\n")  # no sources
    assert run_cli("reprocess", cwd=tmp_path).returncode == 0  # creates the database
    # every form through the flags' parser; each command with two of them (its wiring)
    assert [seconds(value, "--x") for value in ("30", "1.5", "90s", "15m", "2h", "1d", "1w", "1.5h", "1h30m")] == \
        [30, 1.5, 90, 900, 7200, 86400, 604800, 5400, 5400]
    for value in ("1.5", "1h30m"):  # each value's commands at once
        crawl, stop, changes = (cli(*args, cwd=tmp_path) for args in (
            ("crawl", "--time-limit", value), ("stop", "--timeout", value),
            ("changes", "--since", value, "--format", "csv")))
        assert crawl.communicate(timeout=60)[1] == "tollwatch: error: tollwatch.toml: no sources configured\n", value
        err = stop.communicate(timeout=60)[1]
        assert stop.returncode == 1 and err.startswith("tollwatch: no daemon is running"), err
        assert changes.communicate(timeout=60)[1] == "" and changes.returncode == 0, value
    for value in ("30", "2.5", "1m"):
        sql = run_cli("sql", "SELECT 7 AS n", "--time-limit", value, "--format", "csv", cwd=tmp_path, timeout=60)
        assert (sql.returncode, sql.stdout) == (0, "n\n7\n"), sql.stderr
    refused = run_cli("sql", "SELECT 1", "--time-limit", "2d", cwd=tmp_path, timeout=60)
    assert refused.stderr == "tollwatch: error: --time-limit: '2d' is too long for a query (at most 1d)\n"
    for flag in ("--time-limit", "--jitter", "--grace", "--max-backoff"):
        daemon = run_cli("--config", "missing.toml", "daemon", flag, "1w", cwd=tmp_path, timeout=60)
        assert daemon.stderr == "tollwatch: error: missing.toml: config file not found\n", (flag, daemon.stderr)


def test_help_says_a_bare_number_is_seconds(tmp_path: Path) -> None:
    for command in ("crawl", "daemon", "stop", "changes", "sql"):
        help_text = " ".join(run_cli(command, "--help", cwd=tmp_path, timeout=60).stdout.split())
        assert "a bare number is seconds" in help_text, command
