"""Monitors: the stories users follow (`[[monitors]]` in the config), the fill of a monitor that is new or
changed from the stored history, and the step that runs after each crawl to record their series and changes
and to send alerts."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from scheduler.config import ConfigError
from storage.display import shorten

if TYPE_CHECKING:  # loading a config must not import SQLAlchemy: `tollwatch crawl` starts its crawl process first
    from sqlalchemy import Connection, Engine

# A fill's progress: monitor, versions examined so far (0 when it starts), versions stored.
FillProgress = Callable[[str, int, int], None]

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
        monitor = _monitor(item, f"{where}: monitor {shorten(str(item.get('name', f'#{index}')))!r}", source_names)
        if any(m.name == monitor.name for m in monitors):
            raise ConfigError(f"{where}: monitor {monitor.name!r}: key 'name': duplicate monitor name")
        monitors.append(monitor)
    return tuple(monitors)


def _monitor(raw: dict[str, Any], where: str, source_names: set[str] | frozenset[str]) -> Monitor:
    unknown = sorted(set(raw) - KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key {shorten(unknown[0])!r} (allowed: {', '.join(sorted(KEYS))})")
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
            raise ConfigError(f"{where}: key 'sources': no source named {shorten(source)!r} "
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


class FillStopped(Exception):
    """Raised by a fill's progress callback to abandon the fill (it is rolled back): the process is stopping."""


def fill_monitors(config: Any, engine: Engine, report: Callable[[str], None],
                  progress: FillProgress | None = None) -> None:
    """Fill each configured monitor that is new, or whose keywords or sources changed since its rows were
    built, from every stored version, and `report` one line for each. Done before a crawl (and when the
    daemon starts or reloads), so the crawl's own versions are then news, alerted as always. A failure is
    logged and never fails the crawl: the monitor is filled at the next try."""
    monitors: tuple[Monitor, ...] = getattr(config, "monitors", ())
    if not monitors:
        return
    from storage.monitor_definitions import definition, stored_definitions

    wanted = {m.name: definition(m) for m in monitors}
    try:
        with engine.connect() as conn:
            stored = stored_definitions(conn)
    except Exception:  # noqa: BLE001
        log.exception("monitors: cannot read their stored definitions; filling them waits for the next crawl")
        return
    for monitor in monitors:
        if stored.get(monitor.name) == wanted[monitor.name]:
            continue
        try:
            line = _fill(engine, monitor, wanted[monitor.name], progress)
        except FillStopped:
            log.info("monitor %s: filling abandoned, the process is stopping; it is filled at the next start",
                     monitor.name)
            return
        except Exception:  # noqa: BLE001
            log.exception("monitor %s: filling from the stored history failed; it is tried again at the next "
                          "crawl", monitor.name)
            continue
        if line:
            report(line)


def _fill(engine: Engine, monitor: Monitor, wanted: str, progress: FillProgress | None) -> str | None:
    """Rebuild one monitor from every stored version in one transaction, under the monitors' lock: clear its
    own rows, match, record its definition. Nothing is alerted (found history is not news). Returns the line
    to report, or None when there is nothing to tell: another process filled it meanwhile, or nothing is
    stored yet (a first crawl)."""
    from storage.monitor_definitions import record_definitions, stored_definitions
    from storage.monitors import clear_monitors, count_versions, lock, update_monitors
    from storage.recorder import utcnow

    with engine.begin() as conn:
        lock(conn)
        before = stored_definitions(conn).get(monitor.name)
        if before == wanted:
            return None
        total = count_versions(conn)
        if progress:
            progress(monitor.name, 0, total)
        clear_monitors(conn, [monitor.name])
        step = (lambda done: progress(monitor.name, done, total)) if progress else None
        summary = update_monitors(conn, [monitor], None, utcnow(), step)
        record_definitions(conn, {monitor.name: wanted}, utcnow())
    if not summary.versions:
        return None
    how = "filled" if before is None else "keywords or sources changed; filled again"
    return (f"monitor {monitor.name}: {how} from {_count(summary.versions, 'stored article version')} "
            f"({summary.total('matched'):,} matching): {_count(summary.total('points'), 'point')}, "
            f"{summary.total('series'):,} series")


def _count(n: int, noun: str) -> str:
    """A count for people: "1 point", "1,234 points"."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def after_crawl(config: Any, engine: Engine, run_id: int) -> None:
    """The post-crawl step: match the versions the run wrote against the monitors, record points and series
    changes in one transaction, queue one message per monitor and target when there are changes, then send
    every pending message (earlier failures included). A monitor whose stored rows were built from another
    definition is left alone; it and any monitor not configured here lose their stored definition when the
    run wrote versions, so whoever configures them next fills them again."""
    monitors: tuple[Monitor, ...] = getattr(config, "monitors", ())
    from storage.monitor_definitions import definition, stored_definitions

    wanted = {m.name: definition(m) for m in monitors}
    with engine.connect() as conn:
        if not monitors and not stored_definitions(conn):
            return
    from scheduler.notify import queue_messages, send_pending
    from storage.monitors import lock, update_monitors
    from storage.recorder import utcnow

    now = utcnow()
    with engine.begin() as conn:
        lock(conn)
        current = _keep_definitions(conn, monitors, wanted, run_id)
        summary = update_monitors(conn, current, run_id, now)
        queue_messages(conn, current, run_id, summary.changes, now)
    if summary.total("changes"):
        log.info("crawl %s: %d series change(s) for monitors: %s", run_id, summary.total("changes"),
                 ", ".join(f"{n} {c}" for n, c in summary.changes.items() if c))
    send_pending(engine, monitors)


def _keep_definitions(conn: Connection, monitors: tuple[Monitor, ...], wanted: dict[str, str],
                      run_id: int) -> list[Monitor]:
    """The monitors this run may update: those whose rows were built from the definition configured here, or
    from none recorded. Stored definitions this run did not keep up (monitor not configured here, or defined
    otherwise) are forgotten when it wrote versions."""
    from storage.monitor_definitions import forget_definitions, stored_definitions, wrote_versions

    stored = stored_definitions(conn)
    outdated = [name for name, text in stored.items() if wanted.get(name) != text]
    if outdated and wrote_versions(conn, run_id):
        forget_definitions(conn, outdated)
    for name in outdated:
        if name in wanted:
            log.warning("monitor %s: its rows were built from another definition than this config's (a daemon "
                        "not reloaded after the config changed?); crawl %s did not update it, the next crawl "
                        "fills it again", name, run_id)
    return [m for m in monitors if stored.get(m.name, wanted[m.name]) == wanted[m.name]]


def rebuild(config: Any, engine: Engine) -> Any:
    """Re-evaluate all stored history for the configured monitors (after the monitor list or the figures
    changed): forget every monitor's matches, series and changes and record them again, with the definitions
    they were built from, in one transaction. Changes found again are not alerted (they are history); the
    alert queue is kept."""
    from storage.monitor_definitions import definition, forget_definitions, record_definitions
    from storage.monitors import clear_monitors, lock, update_monitors
    from storage.recorder import utcnow

    monitors: tuple[Monitor, ...] = getattr(config, "monitors", ())
    with engine.begin() as conn:
        lock(conn)
        clear_monitors(conn)
        summary = update_monitors(conn, monitors, None, utcnow())
        forget_definitions(conn)
        record_definitions(conn, {m.name: definition(m) for m in monitors}, utcnow())
    return summary
