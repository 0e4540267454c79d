"""Which articles are due for a re-visit (`storage.revisit`): the URLs each crawl of a source requests beyond its
feed, and the schedule `tollwatch status` shows per source."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from storage import tables


def due_urls(conn: Connection, source: str, now: datetime, limit: int) -> list[str]:
    """The URLs of at most `limit` articles of `source` due for a re-visit at `now`, the longest overdue first."""
    articles, source_rows = tables.articles, tables.sources
    return list(conn.scalars(select(articles.c.url).join(source_rows, articles.c.source_id == source_rows.c.id)
                             .where(source_rows.c.name == source, articles.c.next_check_at <= now)
                             .order_by(articles.c.next_check_at, articles.c.id).limit(limit)))


@dataclass(frozen=True)
class SourceRevisits:
    """A source's re-visit schedule at a moment: how many of its articles are due, and the earliest next check
    of those scheduled (None when none is)."""

    due: int
    next_check_at: datetime | None


def source_revisits(conn: Connection, source: str, now: datetime) -> SourceRevisits:
    """The re-visit schedule of source `source` (`tollwatch status`)."""
    articles, source_rows = tables.articles, tables.sources
    scheduled = (select(articles.c.next_check_at).join(source_rows, articles.c.source_id == source_rows.c.id)
                 .where(source_rows.c.name == source, articles.c.next_check_at.is_not(None)))
    due = conn.scalar(select(func.count()).select_from(scheduled.where(articles.c.next_check_at <= now).subquery()))
    earliest = conn.scalar(scheduled.order_by(articles.c.next_check_at).limit(1))
    return SourceRevisits(due or 0, earliest)
