"""Values of command-line flags that several commands take (`tollwatch crawl`, `daemon`, `stop`)."""
from __future__ import annotations

from scheduler.config import parse_duration
from scheduler.lock import DaemonError


def seconds(text: str, flag: str, allow_zero: bool = False) -> float:
    """A CLI duration read as every config key reads one (`parse_duration`); a mistake is a DaemonError
    naming the flag, printed as `tollwatch: error: --jitter: ...`."""
    try:
        return parse_duration(text, allow_zero)
    except ValueError as exc:
        raise DaemonError(f"{flag}: {exc}") from None
