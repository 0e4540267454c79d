"""Values of command-line flags that several commands take (`tollwatch crawl`, `daemon`, `stop`)."""
from __future__ import annotations

import re

from scheduler.config import parse_duration
from scheduler.lock import DaemonError


def seconds(text: str, flag: str, allow_zero: bool = False) -> float:
    """A CLI duration read as every config key reads one (`parse_duration`); a mistake is a DaemonError
    naming the flag, printed as `tollwatch: error: --jitter: ...`."""
    try:
        return parse_duration(text, allow_zero)
    except ValueError as exc:
        raise DaemonError(f"{flag}: {exc}") from None


def size(text: str, flag: str) -> int | None:
    """A CLI size in bytes: "2G", "512M", "800K" or a number; 0 means no limit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", str(text), re.IGNORECASE)
    if not match:
        raise DaemonError(f"{flag}: {text!r} is not a size (e.g. 2G, 512M, or 0 for no limit)")
    value = int(float(match.group(1)) * 1024 ** " kmgt".index(match.group(2).lower() or " "))
    if 0 < value < 64 * 1024**2:
        raise DaemonError(f"{flag}: {text!r} is too small for a crawl (at least 64M, or 0 for no limit)")
    return value or None
