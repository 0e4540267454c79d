"""Monitors in the database: which article versions match a monitor, the series of figures they report,
the changes of each series, and the queue of alert messages. SQL and plain Python only.

A monitor is anything with `name`, `keywords` and `sources` (an empty `sources` means all sources);
monitors live in the config, tables store their names as text.

Rules (also in the README):
- A version matches when its title or text contains a keyword as a whole word, case-insensitively.
- A series is (monitor, category, who, attribution); unattributed figures form one series per source
  (`scope` = the source's name). `who`/`attribution` NULL are stored as '' so keys compare equal;
  attributions that differ only in case ("Local officials" / "local officials") are one series.
- Every matching figure is a point. Increments ("another 5 killed") and implied single victims
  ("a policeman was killed") are points that never set a series' value (`counts` false).
- A point's report time is its article's `published_at` (else the version's `fetched_at`; a date without a
  time of day counts as min(fetched_at, end of that day)); for a later version of an article (an update) it is
  that version's `fetched_at`. A figure of a live page's entry reports at its entry's time (at most the
  version's `fetched_at`).
- Per version and series one point counts: a cumulative one first, then the newest report (a live page's
  newest entry), then the largest.
- Points are taken in order of report time; a point at least as new as the series' current one becomes
  current, and is a change (`direction` up or down) when its value differs. An older report (a page found
  late) is kept as a point but changes nothing.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import Connection, DateTime, bindparam, column, delete, func, insert, select, text, update

from storage.history import filters
from storage.models import (ArticleVersion, MonitorArticle, MonitorChange, MonitorNotification, MonitorPoint,
                            MonitorSeries)

NOT_COUNTED_ROLES = ("increment", "implied", "previous", "claim")
BATCH = 500


class MonitorLike(Protocol):
    name: str
    keywords: Sequence[str]
    sources: Sequence[str]


@lru_cache(maxsize=256)
def keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """A case-insensitive, Unicode-aware whole-word pattern for any of the keywords (inner spaces match any
    whitespace)."""
    parts = sorted((r"\s+".join(re.escape(word) for word in k.split()) for k in keywords if k.strip()),
                   key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def matches(monitor: MonitorLike, *texts: str | None) -> bool:
    """Whether any of the texts names one of the monitor's keywords as a whole word."""
    pattern = keyword_pattern(tuple(monitor.keywords))
    return any(t and pattern.search(t) for t in texts)


@dataclass
class _Version:
    id: int
    article_id: int
    source_id: int
    source: str
    title: str | None
    article_title: str | None
    text: str
    fetched_at: datetime
    reported_at: datetime
    run_id: int | None


@dataclass
class _State:
    """A series as the update sees it: its id and current point."""

    id: int
    point_id: int | None = None
    value: int | None = None
    reported_at: datetime | None = None
    points: int = 0
    changes: int = 0
    last_change_id: int | None = None
    dirty: bool = False


@dataclass
class UpdateSummary:
    """What an update of the monitors recorded."""

    versions: int = 0  # versions examined
    matched: dict[str, int] = field(default_factory=dict)  # monitor -> versions newly matched
    points: dict[str, int] = field(default_factory=dict)
    changes: dict[str, int] = field(default_factory=dict)
    series: dict[str, int] = field(default_factory=dict)  # monitor -> its series after the update

    def total(self, what: str) -> int:
        return sum(getattr(self, what).values())


def lock(conn: Connection) -> None:
    """Serialise monitor updates (parallel crawls of the daemon finish at the same time): an advisory lock on
    PostgreSQL, the write lock on SQLite, both held until the transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7405190009)"))
    else:
        conn.execute(text("UPDATE monitor_series SET id = id WHERE 1 = 0"))


def update_monitors(conn: Connection, monitors: Sequence[MonitorLike], run_id: int | None,
                    now: datetime, progress: Callable[[int], None] | None = None) -> UpdateSummary:
    """Match the versions written by crawl run `run_id` (every stored version when None) against the
    monitors and record monitor_articles, points, series and changes. Versions already matched add nothing,
    so running it twice is harmless. Runs inside the caller's transaction; `progress` is told how many
    versions were examined after each batch."""
    summary = UpdateSummary()
    if not monitors:
        return summary
    states = {m.name: _load_series(conn, m.name) for m in monitors}
    spelling = {m.name: {key[2].casefold(): key[2] for key in states[m.name]} for m in monitors}
    candidates: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for batch in _versions(conn, run_id):
        summary.versions += len(batch)
        for monitor in monitors:
            wanted = set(monitor.sources)
            hits = [v for v in batch if (not wanted or v.source in wanted)
                    and matches(monitor, v.title, v.article_title, v.text)]
            if not hits:
                continue
            done = set(conn.scalars(select(MonitorArticle.version_id).where(
                MonitorArticle.monitor == monitor.name,
                MonitorArticle.version_id.in_([v.id for v in hits]))))
            hits = [v for v in hits if v.id not in done]
            if not hits:
                continue
            conn.execute(insert(MonitorArticle), [
                {"monitor": monitor.name, "version_id": v.id, "article_id": v.article_id, "run_id": run_id,
                 "matched_at": now} for v in hits])
            summary.matched[monitor.name] = summary.matched.get(monitor.name, 0) + len(hits)
            points, added = _add_points(conn, monitor.name, hits, states[monitor.name], spelling[monitor.name])
            summary.points[monitor.name] = summary.points.get(monitor.name, 0) + points
            candidates[monitor.name].extend(added)
        if progress:
            progress(summary.versions)
    for monitor in monitors:
        summary.changes[monitor.name] = _detect_changes(conn, states[monitor.name], candidates[monitor.name],
                                                        run_id)
        _save_series(conn, states[monitor.name])
        summary.series[monitor.name] = len(states[monitor.name])
    return summary


def clear_monitors(conn: Connection, names: Collection[str] | None = None) -> None:
    """Forget the matches, points, series and changes of the named monitors (of every monitor when None);
    the alert queue is kept."""
    if names is None:
        for model in (MonitorChange, MonitorPoint, MonitorSeries, MonitorArticle):
            conn.execute(delete(model))
        return
    series = select(MonitorSeries.id).where(MonitorSeries.monitor.in_(list(names)))
    conn.execute(delete(MonitorChange).where(MonitorChange.series_id.in_(series)))
    conn.execute(delete(MonitorPoint).where(MonitorPoint.series_id.in_(series)))
    conn.execute(delete(MonitorSeries).where(MonitorSeries.monitor.in_(list(names))))
    conn.execute(delete(MonitorArticle).where(MonitorArticle.monitor.in_(list(names))))


def count_versions(conn: Connection) -> int:
    """How many article versions are stored: what a monitor filled from the history examines."""
    return conn.scalar(select(func.count()).select_from(ArticleVersion)) or 0


def _load_series(conn: Connection, monitor: str) -> dict[tuple[str, str, str, str], _State]:
    s, p = MonitorSeries.__table__.c, MonitorPoint.__table__.c
    rows = conn.execute(select(s.id, s.category, s.who, s.attribution, s.scope, s.current_point_id, p.value,
                               p.reported_at, s.points, s.changes, s.last_change_id)
                        .select_from(MonitorSeries.__table__.outerjoin(MonitorPoint.__table__,
                                                                       p.id == s.current_point_id))
                        .where(s.monitor == monitor))
    return {(r.category, r.who, r.attribution, r.scope): _State(r.id, r.current_point_id, r.value, r.reported_at,
                                                                r.points, r.changes, r.last_change_id)
            for r in rows}


_VERSIONS_SQL = """
SELECT v.id, v.article_id, a.source_id, s.name AS source, v.title, a.title AS article_title, v.text,
       v.fetched_at, a.published_at, a.published_precision, v.run_id,
       (SELECT min(v2.id) FROM article_versions v2 WHERE v2.article_id = v.article_id) AS first_id
FROM article_versions v
JOIN articles a ON a.id = v.article_id
JOIN sources s ON s.id = a.source_id
WHERE {where}
ORDER BY v.id
LIMIT {limit}
"""


_VERSION_TYPES = [column(n) for n in ("id", "article_id", "source_id", "source", "title", "article_title", "text")] + [
    column("fetched_at", DateTime), column("published_at", DateTime), column("published_precision"), column("run_id"),
    column("first_id")]


def _versions(conn: Connection, run_id: int | None) -> Iterator[list[_Version]]:
    """The versions to examine, in batches."""
    after = 0
    while True:
        where = "v.id > :after" + (" AND v.run_id = :run" if run_id is not None else "")
        rows = conn.execute(text(_VERSIONS_SQL.format(where=where, limit=BATCH)).columns(*_VERSION_TYPES),
                            {"after": after, "run": run_id}).all()
        if not rows:
            return
        yield [_Version(r.id, r.article_id, r.source_id, r.source, r.title, r.article_title, r.text, r.fetched_at,
                        report_time(r.published_at, r.published_precision, r.fetched_at, r.id == r.first_id),
                        r.run_id) for r in rows]
        after = rows[-1].id


def report_time(published_at: datetime | None, precision: str | None, fetched_at: datetime,
                first_version: bool) -> datetime:
    """When a version reported its figures: the article's publication time (else when it was fetched);
    an update of an article reports when it was fetched. A publication known only by its date reports at
    the latest moment both that date and the fetch allow, so a same-day report with a time is not "later"
    than one published earlier that day: min(fetched_at, end of the date), never before the date's start."""
    if published_at is not None and precision == "date":
        day = published_at.date()
        published_at = max(datetime.combine(day, time.min), min(fetched_at, datetime.combine(day, time.max)))
    if first_version:
        return published_at or fetched_at
    return max(published_at or fetched_at, fetched_at)


# Background figures (other or earlier events) are never points of a story's series.
_FIGURES_SQL = text("SELECT id, version_id, category, value, qualifier, who, attribution, cumulative, role, entry_at "
                    "FROM figures WHERE version_id IN :ids AND NOT background ORDER BY id").bindparams(
                        bindparam("ids", expanding=True)).columns(entry_at=DateTime)


def _add_points(conn: Connection, monitor: str, versions: list[_Version],
                states: dict[tuple[str, str, str, str], _State], spelling: dict[str, str]) -> tuple[int, list[tuple[Any, ...]]]:
    """Insert the points of the versions' figures (creating series); returns how many, and the counting
    candidates as (reported_at, version_id, cumulative, value, point_id, series key, fetched_at)."""
    by_id = {v.id: v for v in versions}
    rows, keys = [], []
    for figure in conn.execute(_FIGURES_SQL, {"ids": list(by_id)}):
        version = by_id[figure.version_id]
        attribution = (figure.attribution or "").strip()
        attribution = spelling.setdefault(attribution.casefold(), attribution)
        key = (figure.category, (figure.who or "").strip(), attribution, "" if attribution else version.source)
        state = states.get(key)
        if state is None:
            series_id = conn.execute(insert(MonitorSeries).returning(MonitorSeries.id), {
                "monitor": monitor, "category": key[0], "who": key[1], "attribution": key[2], "scope": key[3],
                "points": 0, "changes": 0}).scalar_one()
            state = states[key] = _State(series_id)
        state.points += 1
        state.dirty = True
        rows.append({"series_id": state.id, "figure_id": figure.id, "version_id": version.id,
                     "article_id": version.article_id, "source_id": version.source_id, "value": figure.value,
                     "qualifier": figure.qualifier, "cumulative": bool(figure.cumulative), "role": figure.role,
                     "counts": figure.role not in NOT_COUNTED_ROLES,
                     "reported_at": min(figure.entry_at, version.fetched_at) if figure.entry_at else version.reported_at,
                     "fetched_at": version.fetched_at})
        keys.append(key)
    if not rows:
        return 0, []
    ids = conn.execute(insert(MonitorPoint).returning(MonitorPoint.id, sort_by_parameter_order=True),
                       rows).scalars().all()
    best: dict[tuple[int, tuple[str, str, str, str]], tuple[Any, ...]] = {}
    for row, key, point_id in zip(rows, keys, ids):
        if not row["counts"]:
            continue
        candidate = (row["reported_at"], row["version_id"], row["cumulative"], row["value"], point_id, key,
                     row["fetched_at"])
        current = best.get((row["version_id"], key))
        if current is None or (candidate[2], candidate[0], candidate[3]) > (current[2], current[0], current[3]):
            best[(row["version_id"], key)] = candidate
    return len(rows), list(best.values())


def _detect_changes(conn: Connection, states: dict[tuple[str, str, str, str], _State],
                    candidates: list[tuple[Any, ...]], run_id: int | None) -> int:
    """Walk the new counting points in report order and record series changes."""
    changes = 0
    for reported_at, _version, _cumulative, value, point_id, key, fetched_at in sorted(
            candidates, key=lambda c: (c[0], c[1])):
        state = states[key]
        if state.point_id is not None and state.reported_at is not None and reported_at < state.reported_at:
            continue  # an older report than the series' current one: history, not news
        if state.point_id is not None and value != state.value:
            state.last_change_id = conn.execute(insert(MonitorChange).returning(MonitorChange.id), {
                "series_id": state.id, "old_point_id": state.point_id, "new_point_id": point_id,
                "old_value": state.value, "new_value": value, "direction": "up" if value > state.value else "down",
                "run_id": run_id, "detected_at": fetched_at}).scalar_one()
            state.changes += 1
            changes += 1
        state.point_id, state.value, state.reported_at, state.dirty = point_id, value, reported_at, True
    return changes


def _save_series(conn: Connection, states: dict[tuple[str, str, str, str], _State]) -> None:
    dirty = [s for s in states.values() if s.dirty]
    if dirty:
        t = MonitorSeries.__table__
        conn.execute(update(t).where(t.c.id == bindparam("key")).values(
            current_point_id=bindparam("point"), last_change_id=bindparam("change"), points=bindparam("n_points"),
            changes=bindparam("n_changes")),
            [{"key": s.id, "point": s.point_id, "change": s.last_change_id, "n_points": s.points,
              "n_changes": s.changes} for s in dirty])
        for s in dirty:
            s.dirty = False


# --- reading ---

SERIES_COLUMNS = ("monitor", "category", "who", "attribution", "source", "value", "qualifier", "reported_at",
                  "last_change", "last_change_at", "points", "url")
SERIES_CHANGE_COLUMNS = ("detected_at", "monitor", "category", "who", "attribution", "source", "old_value",
                         "new_value", "direction", "reported_at", "article_id", "url")
CATEGORY_ORDER = ("killed", "injured", "missing", "displaced", "refugees")


def monitor_overview(conn: Connection, names: Sequence[str]) -> list[tuple[Any, ...]]:
    """Per configured monitor, its series with their latest value and last change (a monitor with no
    series yet gets one empty row)."""
    rows = conn.execute(text(
        "SELECT monitor, category, who, attribution, COALESCE(scope, source) AS voice, source, value, qualifier,"
        " reported_at, last_old_value, last_new_value, last_change_at, points, url FROM series "
        "WHERE monitor IN :names").bindparams(bindparam("names", expanding=True))
        .columns(reported_at=DateTime, last_change_at=DateTime), {"names": list(names)}).all()
    order = {n: i for i, n in enumerate(names)}
    rank = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    rows.sort(key=lambda r: (order[r.monitor], rank.get(r.category, 99), r.value is None, -(r.value or 0),
                             r.who or "", r.attribution or "", r.voice or ""))
    out: list[tuple[Any, ...]] = []
    for name in names:
        mine = [r for r in rows if r.monitor == name]
        if not mine:
            out.append((name, None, None, None, None, None, None, None, "no reports yet", None, 0, None))
        for r in mine:
            change = f"{r.last_old_value} -> {r.last_new_value}" if r.last_change_at is not None else None
            out.append((r.monitor, r.category, r.who, r.attribution or "(unattributed)", r.source, r.value,
                        r.qualifier, r.reported_at, change, r.last_change_at, r.points, r.url))
    return out


def series_changes(conn: Connection, monitor: str, since: datetime | None = None, source: str | None = None,
                   category: str | None = None, limit: int = 1000, run_id: int | None = None) -> list[Any]:
    """Rows of the `series_changes` view for a monitor, newest first."""
    where, params = filters(("monitor", "=", monitor), ("detected_at", ">=", since), ("source", "=", source),
                            ("category", "=", category), ("run_id", "=", run_id))
    return conn.execute(text(
        f"SELECT {', '.join(SERIES_CHANGE_COLUMNS)}, change_id, scope, sentence FROM series_changes "
        f"WHERE {where} ORDER BY detected_at DESC, change_id DESC LIMIT :limit").columns(detected_at=DateTime, reported_at=DateTime),
        {**params, "limit": limit}).all()


def chart_points(conn: Connection, monitor: str, category: str) -> list[Any]:
    """The counting points of a monitor's series in one category, oldest first, for a chart."""
    return conn.execute(text(
        "SELECT series_id, who, attribution, scope, source, value, reported_at FROM series_points "
        "WHERE monitor = :monitor AND category = :category AND counts ORDER BY series_id, reported_at, point_id")
        .columns(reported_at=DateTime),
        {"monitor": monitor, "category": category}).all()


def known_monitors(conn: Connection) -> list[str]:
    """Monitor names that have rows in the database."""
    return list(conn.scalars(text("SELECT DISTINCT monitor FROM monitor_series ORDER BY monitor")))


# --- alert queue ---

def queue_notification(conn: Connection, monitor: str, run_id: int | None, target_hash: str, target: str,
                       title: str, body: str, changes: int, now: datetime) -> bool:
    """Add a pending message unless one exists for this monitor, run and target; True when added."""
    t = MonitorNotification.__table__.c
    exists = conn.scalar(select(t.id).where(t.monitor == monitor, t.run_id == run_id, t.target_hash == target_hash))
    if exists is not None:
        return False
    conn.execute(insert(MonitorNotification), {
        "monitor": monitor, "run_id": run_id, "target_hash": target_hash, "target": target, "title": title,
        "body": body, "changes": changes, "created_at": now, "attempts": 0})
    return True


def pending_notifications(conn: Connection) -> list[Any]:
    """Messages not sent yet, oldest first."""
    t = MonitorNotification.__table__.c
    return conn.execute(select(t.id, t.monitor, t.run_id, t.target_hash, t.target, t.title, t.body, t.attempts)
                        .where(t.sent_at.is_(None)).order_by(t.id)).all()


def claim_notification(conn: Connection, notification_id: int, now: datetime, stale_before: datetime) -> bool:
    """Take a pending message for sending (so two finishing crawls do not both send it)."""
    t = MonitorNotification.__table__
    claimed = conn.execute(update(t).where(
        t.c.id == notification_id, t.c.sent_at.is_(None),
        (t.c.claimed_at.is_(None)) | (t.c.claimed_at < stale_before)).values(
        claimed_at=now, attempts=t.c.attempts + 1))
    return claimed.rowcount == 1


def finish_notification(conn: Connection, notification_id: int, now: datetime, error: str | None) -> None:
    """Mark a claimed message sent, or release it with the error so the next run retries it."""
    t = MonitorNotification.__table__
    values: dict[str, Any] = {"claimed_at": None, "last_error": error}
    if error is None:
        values["sent_at"] = now
    conn.execute(update(t).where(t.c.id == notification_id).values(**values))

