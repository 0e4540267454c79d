"""Sources crawled together: those with the same schedule fall due together, so the daemon crawls them in one
crawl process (up to `--batch` of them) and an idle poll costs its conditional requests, not a process start.
A run of several sources is still judged per source: one that could not be reached failed in it."""
from __future__ import annotations

import re
from collections.abc import Sequence

from scheduler.config import Source

_UNREACHABLE = re.compile(r"(?:^|; )unreachable: ([^;]*)")


def batches(sources: Sequence[Source], size: int) -> list[tuple[Source, ...]]:
    """The sources grouped by schedule (interval or cron), in config order, each group cut into batches of at
    most `size`."""
    groups: dict[tuple[str | None, float | None], list[Source]] = {}
    for source in sources:
        groups.setdefault((source.cron, None if source.cron else source.interval), []).append(source)
    return [tuple(group[i:i + size]) for group in groups.values() for i in range(0, len(group), size)]


def source_status(status: str, message: str | None, name: str) -> str:
    """A source's outcome in a run with `status` and `message`: an "ok" run of several sources failed for
    those its message lists as unreachable (crawler/spiders/news.run_outcome)."""
    if status == "ok" and message:
        listed = _UNREACHABLE.search(message)
        if listed and name in listed.group(1).split(", "):
            return "failed"
    return status


def batch_id(names: Sequence[str]) -> str:
    """A batch's scheduler job id: a single source's name (as before batches), else its names after "batch:"
    (no source name has a colon)."""
    return names[0] if len(names) == 1 else "batch:" + ",".join(names)


def batch_label(names: Sequence[str]) -> str:
    """How log lines name a batch: a source's own name, or "N sources (a, b, c, ...)"."""
    if len(names) == 1:
        return names[0]
    shown = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
    return f"{len(names)} sources ({shown})"
