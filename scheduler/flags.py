"""Values of command-line flags that several commands take (`tollwatch crawl`, `daemon`, `stop`)."""
from __future__ import annotations

import re

from scheduler.config import parse_duration
from scheduler.lock import DaemonError


def seconds(text: str, flag: str, allow_zero: bool = False) -> float:
    """A CLI duration: "30s", "15m", "2h", or a plain number of seconds."""
    value = str(text).strip()
    try:
        result = float(value) if re.fullmatch(r"\d+(\.\d+)?", value) else parse_duration(value)
    except ValueError as exc:
        raise DaemonError(f"{flag}: {exc}") from None
    if result < 0 or (result == 0 and not allow_zero):
        raise DaemonError(f"{flag}: must be more than zero")
    return result
