"""`tollwatch notify --test MONITOR`: a test message through each of a monitor's notify targets, sent the way real
alerts are (`scheduler.notify.send`), so a wrong URL, token or firewall shows before the first real change does.
The database is not used: nothing is queued or recorded."""
from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from scheduler.notify import redact, send
from scheduler.output import timestamp


@dataclass(frozen=True)
class Delivery:
    """What became of the test message to one target: its URL as it may be shown, and why it failed (None: sent)."""

    target: str
    error: str | None


def check_message(monitor: str) -> tuple[str, str]:
    """Title and body of the test message: it must not be mistaken for an alert."""
    title = f"tollwatch: {monitor}: test notification"
    body = (f"This is a test of monitor {monitor}'s alerts (tollwatch notify --test {monitor}), sent from "
            f"{socket.gethostname()} at {timestamp(datetime.now(timezone.utc))}. No figure has changed; "
            "alerts about reported changes will arrive here the same way.")
    return title, body


def send_test(monitor: str, urls: Sequence[str]) -> list[Delivery]:
    """Send the test message to each URL in turn; a failing target never stops the others."""
    title, body = check_message(monitor)
    deliveries = []
    for url in urls:
        try:
            error = send(url, title, body)
        except Exception as exc:  # noqa: BLE001 (a plugin's bug is that target's failure, as for real alerts)
            error = f"{type(exc).__name__}: {exc}"
        deliveries.append(Delivery(redact(url), error))
    return deliveries
