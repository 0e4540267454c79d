"""Alerts through Apprise (webhooks, e-mail, Slack, Telegram, ntfy, ...): one message per monitor, crawl run
and target summarising the run's series changes. Messages are queued in `monitor_notifications` in the
crawl's transaction and sent afterwards; a failure is logged and the message stays pending for the next run."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Connection, Engine

from scheduler.output import timestamp

log = logging.getLogger("tollwatch.notify")
CLAIM_TIMEOUT = timedelta(minutes=10)  # a claimed message whose sender died is retried after this


def _apprise() -> Any:
    import apprise

    return apprise


def check_url(url: str) -> str | None:
    """None when Apprise accepts the URL, else why not (without repeating secrets)."""
    apprise = _apprise()
    with apprise.LogCapture(level=logging.ERROR):  # Apprise logs refusals itself; we report them as one line
        plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        return f"{redact(url)!r} is not a notification URL Apprise supports (e.g. json://host:port/path, " \
               "mailto://user:password@example.org, ntfy://topic)"
    return None


def target_hash(url: str) -> str:
    """What the database stores to recognise a target: its URL may hold tokens or passwords."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def redact(url: str) -> str:
    """A form of the URL safe to show: scheme, host and port only, user names and secrets removed."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return url.split(":", 1)[0] + "://…"
    return f"{parts.scheme}://{host}{port}" + ("/…" if parts.path not in ("", "/") else "")


def outlet(url: str | None) -> str:
    """The site of an article URL, as a person names it: aa.com.tr."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host[4:] if host.startswith("www.") else host


def format_change(row: Any) -> str:
    """One line: "ukraine-war: killed (civilians, UN) 726 → 816 — aa.com.tr, 2026-03-18T14:02:00Z"."""
    voice = ", ".join(x for x in (row.who, row.attribution or f"unattributed, {row.source}") if x)
    flag = " (down: a correction or a different scope?)" if row.direction == "down" else ""
    return (f"{row.monitor}: {row.category} ({voice}) {row.old_value} → {row.new_value}{flag} — "
            f"{outlet(row.url)}, {timestamp(row.reported_at)}")


def format_message(monitor: str, rows: Sequence[Any]) -> tuple[str, str]:
    """Title and body of a run's message for one monitor; changes in order of report time."""
    rows = sorted(rows, key=lambda r: (r.reported_at, r.change_id))
    title = f"tollwatch: {monitor}: {len(rows)} change{'s' if len(rows) != 1 else ''}"
    body = "\n".join(format_change(r) + (f"\n  {r.url}" if r.url else "") for r in rows)
    return title, body


def queue_messages(conn: Connection, monitors: Sequence[Any], run_id: int, changes: dict[str, int],
                   now: Any) -> int:
    """Queue one message per monitor with changes in this run and per notify target; returns how many."""
    from storage.monitors import queue_notification, series_changes

    queued = 0
    for monitor in monitors:
        if not monitor.notify or not changes.get(monitor.name):
            continue
        rows = series_changes(conn, monitor.name, run_id=run_id, limit=100_000)
        if not rows:
            continue
        title, body = format_message(monitor.name, rows)
        for url in monitor.notify:
            queued += queue_notification(conn, monitor.name, run_id, target_hash(url), redact(url), title, body,
                                         len(rows), now)
    return queued


def send(url: str, title: str, body: str) -> str | None:
    """Send one message; None on success, else the reason."""
    apprise = _apprise()
    client = apprise.Apprise()
    with apprise.LogCapture(level=logging.WARNING) as logs:
        if not client.add(url):
            return "Apprise does not accept the URL"
        ok = client.notify(body=body, title=title)
    if ok:
        return None
    lines = [line.split(" - ", 2)[-1] for line in logs.getvalue().splitlines() if line.strip()]
    return (lines[-1] if lines else "delivery failed")[:500]


def send_pending(engine: Engine, monitors: Sequence[Any]) -> tuple[int, int]:
    """Send every pending message whose monitor still lists its target; returns (sent, failed). Never raises
    for a delivery problem: it is logged and kept for the next run."""
    from storage.monitors import claim_notification, finish_notification, pending_notifications
    from storage.recorder import utcnow

    targets = {(m.name, target_hash(url)): url for m in monitors for url in m.notify}
    with engine.connect() as conn:
        pending = pending_notifications(conn)
    sent = failed = 0
    for message in pending:
        url = targets.get((message.monitor, message.target_hash))
        if url is None:
            continue  # the target is no longer configured for this monitor: kept, not sent
        now = utcnow()
        with engine.begin() as conn:
            if not claim_notification(conn, message.id, now, now - CLAIM_TIMEOUT):
                continue
        try:
            error = send(url, message.title, message.body)
        except Exception as exc:  # noqa: BLE001 (a plugin bug must not lose the message)
            error = f"{type(exc).__name__}: {exc}"
        with engine.begin() as conn:
            finish_notification(conn, message.id, utcnow(), error)
        if error is None:
            sent += 1
        else:
            failed += 1
            log.warning("notification for monitor %s (run %s) to %s failed (attempt %d), will retry next run: %s",
                        message.monitor, message.run_id, message.target, message.attempts + 1, error)
    return sent, failed
