"""Load and validate `tollwatch.toml`: sources, database and crawl settings.

Every mistake becomes one `ConfigError` line naming the file, the source and the key, so the
command line can print it and exit 2 instead of showing a traceback.
"""
from __future__ import annotations

import math
import os
import re
import stat
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from storage.display import MAX_PATH_SHOWN, MAX_SHOWN, shorten
from storage.revisit import DEFAULT_QUIET, DEFAULT_STEPS, RevisitPolicy

DEFAULT_CONFIG_NAME = "tollwatch.toml"
DEFAULT_DATABASE_URL = "sqlite:///tollwatch.db"
DATABASE_ENV = "TOLLWATCH_DATABASE_URL"
MAX_CONFIG_BYTES = 1024 * 1024  # a config file is a page of TOML; this bounds reading a wrong one
KINDS = ("feed", "sitemap", "pages")
_UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
_NUMBER = r"\d+(?:\.\d+)?"
_DURATION = re.compile(rf"(?:{_NUMBER}\s*[wdhms]\s*)+|{_NUMBER}")
_DURATION_PART = re.compile(rf"({_NUMBER})\s*([wdhms])")
MAX_DURATION = 10 * 365 * 86400  # ten years: anything longer is a typo, and overflows datetime arithmetic
DURATION_FORMS = "a number with s, m, h, d or w, e.g. \"15m\", \"1h30m\"; a bare number is seconds"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class ConfigError(Exception):
    """A user mistake in the configuration, worded as one line for the terminal."""


def parse_duration(value: Any, allow_zero: bool = False) -> float:
    """Seconds in a duration, the one reading of every config key and flag that takes one: "30s", "15m", "2h",
    "1d", "1w", "1.5h", "1h30m", or a bare number (string or TOML number) of seconds. Zero only with
    `allow_zero` (where it means "none"); otherwise a ValueError worded for the user."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:  # not NaN
        seconds = float(max(-1, min(value, math.inf, MAX_DURATION + 1)))  # clamped: no int overflows a float
    elif isinstance(value, str) and value.strip().startswith("-"):
        raise ValueError(f"{_shown(value)} must not be negative")
    elif isinstance(value, str) and _DURATION.fullmatch(value.strip()):
        parts = _DURATION_PART.findall(value)
        units = [unit for _, unit in parts]
        if units != sorted(set(units), key=list(_UNITS).index):
            raise ValueError(f"{_shown(value)} is not a duration (give each unit once, largest first, "
                             "e.g. \"1h30m\")")
        seconds = sum(float(number) * _UNITS[unit] for number, unit in parts) if parts else float(value)
    else:
        raise ValueError(f"{_shown(value)} is not a duration ({DURATION_FORMS})")
    if seconds < 0:
        raise ValueError(f"{_shown(value)} must not be negative")
    if seconds > MAX_DURATION:
        raise ValueError(f"{_shown(value)} is too long (at most 10 years)")
    if seconds == 0 and not allow_zero:
        raise ValueError(f"{_shown(value)} must be longer than zero")
    return seconds


@dataclass(frozen=True)
class Source:
    """One configured news source: where its article links come from and how often to look."""

    name: str
    kind: str  # feed | sitemap | pages
    urls: tuple[str, ...]
    follow: str | None = None  # regex for article links on listing pages
    interval: float = 900.0  # seconds between daemon runs
    cron: str | None = None
    max_age: float | None = None  # sitemaps: skip entries whose lastmod is older (seconds)
    allow_private_addresses: bool = False
    url_budget: int | None = None  # URLs its documents may lead to in one run; None: [crawl]'s
    sitemap_depth: int | None = None  # levels of sitemap index followed; None: [crawl]'s

    def to_job(self) -> dict[str, Any]:
        """The plain-data form handed to the crawl child process."""
        return {"name": self.name, "kind": self.kind, "urls": list(self.urls), "follow": self.follow,
                "max_age": self.max_age, "allow_private_addresses": self.allow_private_addresses,
                "url_budget": self.url_budget, "sitemap_depth": self.sitemap_depth}


@dataclass(frozen=True)
class CrawlSettings:
    """The `[crawl]` table: politeness and resource limits of one crawl."""

    profile: str = "polite"
    concurrency: int = 16
    per_domain: int = 2
    delay: float = 1.0
    autothrottle: bool = True
    obey_robots: bool = True
    timeout: float = 30.0
    max_size: int = 5 * 1024 * 1024
    url_budget: int = 5000  # URLs one source's feeds, sitemaps and pages may lead to in one run
    sitemap_depth: int = 3  # levels of sitemap index followed (a source's sitemap is level 1)
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    extract_limit: float = 60.0  # CPU-seconds a worker may spend on one page before the kernel ends it
    contact: str = "https://github.com/tollwatch/tollwatch"
    revisit: tuple[float, ...] = DEFAULT_STEPS  # waits (seconds) of the re-visit schedule; empty: no re-visits
    revisit_share: float = 0.5  # re-visits per run at most this share of a source's feed-discovered requests
    revisit_quiet: float = DEFAULT_QUIET  # seconds without a change after which an article is no longer re-visited

    def to_job(self) -> dict[str, Any]:
        """The plain-data form handed to the crawl child process."""
        return dict(self.__dict__)

    def revisit_policy(self) -> RevisitPolicy:
        """The re-visit schedule the recorder moves articles along."""
        return RevisitPolicy(self.revisit, self.revisit_quiet)


KEEP_FOREVER = "forever"  # a [retention] value that keeps rows for good


@dataclass(frozen=True)
class Retention:
    """The `[retention]` table: how long finished crawl runs and fetch errors are kept (seconds; None: for
    good), so a busy daemon's bookkeeping does not grow without end (`storage.retention`)."""

    runs: float | None = 90 * 86400.0
    fetch_errors: float | None = 30 * 86400.0


@dataclass(frozen=True)
class Cluster:
    """The `[cluster]` table: Scrapyd nodes the daemon schedules its crawls on (none: crawls run on this machine),
    the project tollwatch was deployed as, and the config file's path on the nodes (default: this file's)."""

    scrapyd: tuple[str, ...] = ()
    project: str = "tollwatch"
    node_config: str | None = None
    lost_after: float = 10.0  # seconds a node may stay unreachable before its job is taken as lost and run elsewhere


FAST_PROFILE = {"concurrency": 32, "per_domain": 16, "delay": 0.0, "autothrottle": False,
                "obey_robots": True}


@dataclass(frozen=True)
class Config:
    """A validated configuration; `path` is None when the bundled defaults are used."""

    path: Path | None
    database_url: str
    sources: tuple[Source, ...]
    crawl: CrawlSettings
    monitors: tuple = ()  # scheduler.monitors.Monitor objects, from [[monitors]]
    retention: Retention = Retention()
    cluster: Cluster = Cluster()

    def select(self, names: list[str] | None) -> tuple[Source, ...]:
        """The sources named (all when none are), or a ConfigError naming the unknown one."""
        if not names:
            return self.sources
        known = {s.name: s for s in self.sources}
        missing = [n for n in names if n not in known]
        if missing:
            raise ConfigError(f"{self.where}: no source named {shorten(missing[0])!r} "
                              f"(known: {', '.join(known) or 'none'})")
        return tuple(known[n] for n in dict.fromkeys(names))

    @property
    def where(self) -> str:
        return _where(self.path)


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Read the config at `path`, else ./tollwatch.toml, else the bundled default sources."""
    if path is not None:
        file = Path(path)
    elif Path(DEFAULT_CONFIG_NAME).exists():
        file = Path(DEFAULT_CONFIG_NAME)
    else:
        text = resources.files("scheduler").joinpath("default_sources.toml").read_text("utf-8")
        return parse_config(text, None)
    return parse_config(read_config_text(file), file)


def read_config_text(file: Path) -> str:
    """The text of a config file, read only if it is a regular file of at most MAX_CONFIG_BYTES; otherwise a
    ConfigError saying what the path is instead (missing, a directory, a device, too large, not UTF-8)."""
    where = _where(file)
    try:
        info = file.stat()  # before opening: opening a FIFO would wait for a writer
        if stat.S_ISDIR(info.st_mode):
            raise ConfigError(f"{where}: is a directory, not a config file")
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{where}: not a regular file (a device, pipe or socket)")
        with file.open("rb") as handle:
            data = handle.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        raise ConfigError(f"{where}: config file not found") from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read config: {exc.strerror or exc}") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{where}: too large for a config file (more than {MAX_CONFIG_BYTES:,} bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"{where}: not UTF-8 text (line {line} has the byte {data[exc.start]:#04x}); "
                          "a config file is TOML in UTF-8") from None


def _where(path: Path | None) -> str:
    """How messages name the config: its path, shortened; or the bundled sources."""
    return shorten(str(path), MAX_PATH_SHOWN) if path else "built-in default sources"


def parse_config(text: str, path: Path | None) -> Config:
    """Validate TOML text into a Config; `path` only names the file in error messages."""
    where = _where(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: TOML syntax error: {exc}") from None
    _check_keys(data, {"database", "sources", "crawl", "monitors", "retention", "cluster"}, where)
    database = _table(data, "database", where)
    _check_keys(database, {"url"}, f"{where}: [database]")
    url = os.environ.get(DATABASE_ENV) or database.get("url", DEFAULT_DATABASE_URL)
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(f"{where}: [database] key 'url': {_shown(url, MAX_PATH_SHOWN)} is not a database URL "
                          "(e.g. sqlite:///tollwatch.db or postgresql+psycopg://host/db)")
    raw_sources = data.get("sources", [])
    if not isinstance(raw_sources, list) or not all(isinstance(s, dict) for s in raw_sources):
        raise ConfigError(f"{where}: 'sources' must be [[sources]] tables")
    sources: list[Source] = []
    for index, raw in enumerate(raw_sources, 1):
        source = _source(raw, f"{where}: source {_shown(raw.get('name', f'#{index}'))}")
        if any(s.name == source.name for s in sources):
            raise ConfigError(f"{where}: source {source.name!r}: key 'name': duplicate source name")
        sources.append(source)
    from scheduler.monitors import parse_monitors

    return Config(path=path, database_url=url, sources=tuple(sources),
                  crawl=_crawl(_table(data, "crawl", where), f"{where}: [crawl]"),
                  monitors=parse_monitors(data.get("monitors"), where, {s.name for s in sources}),
                  retention=_retention(_table(data, "retention", where), f"{where}: [retention]"),
                  cluster=_cluster(_table(data, "cluster", where), f"{where}: [cluster]", path))


def _source(raw: dict[str, Any], where: str) -> Source:
    _check_keys(raw, {"name", "interval", "cron", "follow", "max_age", "allow_private_addresses", "url_budget",
                      "sitemap_depth", *KINDS}, where)
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"{where}: key 'name': must be a short name of letters, digits, '-', '_' or '.'")
    kinds = [k for k in KINDS if k in raw]
    if len(kinds) != 1:
        raise ConfigError(f"{where}: needs exactly one of the keys feed, sitemap, pages "
                          f"(found {', '.join(kinds) or 'none'})")
    kind = kinds[0]
    value = raw[kind]
    urls = [value] if isinstance(value, str) else value
    if not isinstance(urls, list) or not urls or not all(isinstance(u, str) for u in urls):
        raise ConfigError(f"{where}: key {kind!r}: must be a URL or a list of URLs")
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"{where}: key {kind!r}: {_shown(url, MAX_PATH_SHOWN)} is not an http(s) URL")
    follow = raw.get("follow")
    if follow is not None:
        if kind != "pages":
            raise ConfigError(f"{where}: key 'follow': only applies to 'pages' sources")
        try:
            re.compile(follow)
        except (re.error, TypeError) as exc:
            raise ConfigError(f"{where}: key 'follow': bad regular expression: {exc}") from None
    interval = _duration(raw, "interval", where, default=900.0)
    max_age = _duration(raw, "max_age", where, default=None)
    cron = raw.get("cron")
    if cron is not None:
        if "interval" in raw:
            raise ConfigError(f"{where}: has both 'interval' and 'cron': give one (cron runs at fixed times, "
                              "interval every so often)")
        _check_cron(cron, where)
    allow = raw.get("allow_private_addresses", False)
    if not isinstance(allow, bool):
        raise ConfigError(f"{where}: key 'allow_private_addresses': must be true or false")
    if "sitemap_depth" in raw and kind != "sitemap":
        raise ConfigError(f"{where}: key 'sitemap_depth': only applies to 'sitemap' sources")
    return Source(name=name, kind=kind, urls=tuple(urls), follow=follow, interval=interval,
                  cron=cron, max_age=max_age, allow_private_addresses=allow,
                  url_budget=_whole_number(raw, "url_budget", where), sitemap_depth=_whole_number(
                      raw, "sitemap_depth", where))


def _crawl(raw: dict[str, Any], where: str) -> CrawlSettings:
    fields = set(CrawlSettings.__dataclass_fields__)
    _check_keys(raw, fields, where)
    profile = raw.get("profile", "polite")
    if profile not in ("polite", "fast"):
        raise ConfigError(f"{where}: key 'profile': must be \"polite\" or \"fast\"")
    values: dict[str, Any] = dict(FAST_PROFILE) if profile == "fast" else {}
    values["profile"] = profile
    for key in ("concurrency", "per_domain", "workers", "max_size", "url_budget", "sitemap_depth"):
        if key in raw:
            least = 0 if key == "workers" else 1  # workers = 0: extraction in the crawl process itself
            if not isinstance(raw[key], int) or isinstance(raw[key], bool) or raw[key] < least:
                raise ConfigError(f"{where}: key {key!r}: must be a whole number of at least {least}")
            values[key] = raw[key]
    for key in ("delay", "timeout", "revisit_quiet", "extract_limit"):
        if key in raw:
            values[key] = _duration(raw, key, where, None, allow_zero=key == "delay")  # delay 0: none
    if "revisit" in raw:
        values["revisit"] = _revisit_steps(raw["revisit"], where)
    if "revisit_share" in raw:
        share = raw["revisit_share"]
        if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 <= share < math.inf:
            raise ConfigError(f"{where}: key 'revisit_share': must be a number of at least 0 (0.5: re-visits up "
                              "to half as many as the requests a source's feeds led to)")
        values["revisit_share"] = float(share)
    for key in ("autothrottle", "obey_robots"):
        if key in raw:
            if not isinstance(raw[key], bool):
                raise ConfigError(f"{where}: key {key!r}: must be true or false")
            values[key] = raw[key]
    if "contact" in raw:
        if not isinstance(raw["contact"], str) or not raw["contact"].strip():
            raise ConfigError(f"{where}: key 'contact': must be a URL or e-mail address")
        values["contact"] = raw["contact"].strip()
    return CrawlSettings(**values)


def _revisit_steps(value: Any, where: str) -> tuple[float, ...]:
    """`[crawl] revisit`: a list of durations (the waits of the re-visit schedule); an empty one turns it off."""
    if not isinstance(value, list):
        raise ConfigError(f"{where}: key 'revisit': must be a list of durations, e.g. [\"30m\", \"2h\", \"6h\"] "
                          "([] turns re-visits off)")
    steps = []
    for number, step in enumerate(value, 1):
        try:
            steps.append(parse_duration(step))
        except ValueError as exc:
            raise ConfigError(f"{where}: key 'revisit': step {number}: {exc}") from None
    return tuple(steps)


def _retention(raw: dict[str, Any], where: str) -> Retention:
    """The `[retention]` table: each key a duration, or "forever"."""
    fields = Retention.__dataclass_fields__
    _check_keys(raw, set(fields), where)
    for key, value in raw.items():
        if value in (0, "0"):  # zero would remove every row at once: more likely a wish to keep them
            raise ConfigError(f"{where}: key {key!r}: must be longer than zero; \"{KEEP_FOREVER}\" keeps them "
                              "for good")
    return Retention(**{key: None if raw.get(key) == KEEP_FOREVER
                        else _duration(raw, key, where, fields[key].default) for key in fields})


def _cluster(raw: dict[str, Any], where: str, path: Path | None) -> Cluster:
    """The `[cluster]` table: `scrapyd`, a list of node URLs (http or https); `project` and `node_config` text;
    `lost_after`, a duration."""
    _check_keys(raw, {"scrapyd", "project", "node_config", "lost_after"}, where)
    nodes = raw.get("scrapyd", [])
    if not isinstance(nodes, list) or not all(isinstance(n, str) for n in nodes):
        raise ConfigError(f"{where}: key 'scrapyd': must be a list of node URLs, e.g. [\"http://node1:6800\"]")
    for node in nodes:
        parts = urlsplit(node)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise ConfigError(f"{where}: key 'scrapyd': {_shown(node)} is not a Scrapyd node URL "
                              "(http://host:port)")
    for key in ("project", "node_config"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise ConfigError(f"{where}: key {key!r}: must be a non-empty string")
    node_config = raw.get("node_config") or (str(path.resolve()) if path else None)
    if nodes and node_config is None:
        raise ConfigError(f"{where}: key 'node_config': the nodes' config file must be named when the bundled "
                          "defaults are used")
    return Cluster(tuple(n.rstrip("/") + "/" for n in dict.fromkeys(nodes)), raw.get("project", "tollwatch"),
                   node_config, _duration(raw, "lost_after", where, Cluster.lost_after))


def _whole_number(raw: dict[str, Any], key: str, where: str) -> int | None:
    """A source's count key (at least 1), or None when it is not set."""
    value = raw.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        raise ConfigError(f"{where}: key {key!r}: must be a whole number of at least 1")
    return value


def _duration(raw: dict[str, Any], key: str, where: str, default: float | None,
              allow_zero: bool = False) -> float | None:
    """A duration key read with `parse_duration`, or `default` when it is not set."""
    if key not in raw:
        return default
    try:
        return parse_duration(raw[key], allow_zero)
    except ValueError as exc:
        raise ConfigError(f"{where}: key {key!r}: {exc}") from None


def _check_cron(expr: Any, where: str) -> None:
    from apscheduler.triggers.cron import CronTrigger

    try:
        CronTrigger.from_crontab(expr)
    except (ValueError, TypeError) as exc:
        raise ConfigError(f"{where}: key 'cron': {_shown(expr)} is not a crontab expression: {exc}") from None


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {key!r} must be a table ([{key}])")
    return value


def _check_keys(data: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key {_shown(unknown[0])} (allowed: {', '.join(sorted(allowed))})")


def _shown(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value from the config file as a message quotes it: its repr, shortened."""
    return repr(shorten(value, limit)) if isinstance(value, str) else shorten(repr(value), limit)
