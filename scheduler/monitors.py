"""Monitors: the stories users follow (`[[monitors]]` in the config), and the step that runs after each crawl
to record their series and changes and to send alerts."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scheduler.config import ConfigError

if TYPE_CHECKING:  # loading a config must not import SQLAlchemy: `tollwatch crawl` starts its crawl process first
    from sqlalchemy import Engine

log = logging.getLogger("tollwatch.monitors")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
KEYS = {"name", "keywords", "sources", "notify"}


@dataclass(frozen=True)
class Monitor:
    """A story or topic followed: articles whose title or text names a keyword, from `sources` (all when
    empty); `notify` are Apprise URLs told about each crawl's series changes."""

    name: str
    keywords: tuple[str, ...]
    sources: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()


def parse_monitors(raw: Any, where: str, source_names: set[str] | frozenset[str]) -> tuple[Monitor, ...]:
    """Validate the `[[monitors]]` tables; every mistake is one ConfigError line naming file, monitor, key."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
        raise ConfigError(f"{where}: 'monitors' must be [[monitors]] tables")
    monitors: list[Monitor] = []
    for index, item in enumerate(raw, 1):
        monitor = _monitor(item, f"{where}: monitor {item.get('name', f'#{index}')!r}", source_names)
        if any(m.name == monitor.name for m in monitors):
            raise ConfigError(f"{where}: monitor {monitor.name!r}: key 'name': duplicate monitor name")
        monitors.append(monitor)
    return tuple(monitors)


def _monitor(raw: dict[str, Any], where: str, source_names: set[str] | frozenset[str]) -> Monitor:
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(KEYS))})")
    name = raw.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ConfigError(f"{where}: key 'name': must be a short name of letters, digits, '-', '_' or '.'")
    keywords = raw.get("keywords")
    if (not isinstance(keywords, list) or not keywords
            or not all(isinstance(k, str) and k.strip() for k in keywords)):
        raise ConfigError(f"{where}: key 'keywords': must be a non-empty list of words, e.g. [\"Ukraine\", \"Kyiv\"]")
    sources = raw.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ConfigError(f"{where}: key 'sources': must be a list of source names")
    for source in sources:
        if source not in source_names:
            raise ConfigError(f"{where}: key 'sources': no source named {source!r} "
                              f"(known: {', '.join(sorted(source_names)) or 'none'})")
    notify = raw.get("notify", [])
    if isinstance(notify, str):
        notify = [notify]
    if not isinstance(notify, list) or not all(isinstance(u, str) and u.strip() for u in notify):
        raise ConfigError(f"{where}: key 'notify': must be a list of Apprise URLs")
    if notify:
        from scheduler.notify import check_url

        for url in notify:
            problem = check_url(url)
            if problem:
                raise ConfigError(f"{where}: key 'notify': {problem}")
    return Monitor(name=name, keywords=tuple(k.strip() for k in keywords), sources=tuple(dict.fromkeys(sources)),
                   notify=tuple(u.strip() for u in notify))


def after_crawl(config: Any, engine: Engine, run_id: int) -> None:
    """The post-crawl step: match the versions the run wrote against the monitors, record points and series
    changes in one transaction, queue one message per monitor and target when there are changes, then send
    every pending message (earlier failures included). Nothing to do without monitors."""
    monitors: tuple[Monitor, ...] = getattr(config, "monitors", ())
    if not monitors:
        return
    from scheduler.notify import queue_messages, send_pending
    from storage.monitors import lock, update_monitors
    from storage.recorder import utcnow

    now = utcnow()
    with engine.begin() as conn:
        lock(conn)
        summary = update_monitors(conn, monitors, run_id, now)
        queue_messages(conn, monitors, run_id, summary.changes, now)
    if summary.total("changes"):
        log.info("crawl %s: %d series change(s) for monitors: %s", run_id, summary.total("changes"),
                 ", ".join(f"{n} {c}" for n, c in summary.changes.items() if c))
    send_pending(engine, monitors)


def rebuild(config: Any, engine: Engine) -> Any:
    """Re-evaluate all stored history for the configured monitors (after the monitor list or the figures
    changed): forget every monitor's matches, series and changes and record them again, in one transaction.
    Changes found again are not alerted (they are history); the alert queue is kept."""
    from storage.monitors import clear_monitors, lock, update_monitors
    from storage.recorder import utcnow

    monitors: tuple[Monitor, ...] = getattr(config, "monitors", ())
    with engine.begin() as conn:
        lock(conn)
        clear_monitors(conn)
        return update_monitors(conn, monitors, None, utcnow())
