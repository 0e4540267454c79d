"""SQLAlchemy models: the tables users query. Names and columns are a public interface (see README)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    """Declarative base of every tollwatch table."""


class SourceRow(Base):
    """A configured source, created the first time a crawl uses its name."""

    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class CrawlRun(Base):
    """One crawl: when it ran, how it ended and what it found."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))  # running | ok | failed | interrupted
    sources: Mapped[str] = mapped_column(Text)  # comma-separated source names
    trigger: Mapped[str] = mapped_column(String(16), default="manual")  # manual | daemon
    pid: Mapped[int | None] = mapped_column(Integer)
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    new_articles: Mapped[int] = mapped_column(Integer, default=0)
    changed_articles: Mapped[int] = mapped_column(Integer, default=0)
    unchanged_articles: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    figure_changes: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)


class Article(Base):
    """One article, identified by its canonical URL."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime)


class ArticleVersion(Base):
    """A distinct extracted text of an article; a new row only when the text changed."""

    __tablename__ = "article_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    html_gz: Mapped[bytes | None] = mapped_column(LargeBinary)  # compressed HTML (storage.compression), for reprocess
    extractor: Mapped[str | None] = mapped_column(String(32))  # tollwatch version that extracted the text
    __table_args__ = (Index("ix_article_versions_article", "article_id", "id"),)


class FetchError(Base):
    """A URL that could not be fetched or extracted during a run, with a readable reason."""

    __tablename__ = "fetch_errors"
    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    source: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[int | None] = mapped_column(Integer)  # HTTP status, NULL for network errors
    reason: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column(DateTime)


class Figure(Base):
    """One casualty figure found in one article version, with its evidence sentence and offsets."""

    __tablename__ = "figures"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    value: Mapped[int] = mapped_column(BigInteger)
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    vague: Mapped[bool] = mapped_column(Boolean)
    qualifier: Mapped[str] = mapped_column(String(16))
    who: Mapped[str | None] = mapped_column(String(64))
    where: Mapped[str | None] = mapped_column("where", Text)
    attribution: Mapped[str | None] = mapped_column(Text)
    cumulative: Mapped[bool] = mapped_column(Boolean)
    role: Mapped[str] = mapped_column(String(16))
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column("end", Integer)


class FigureChange(Base):
    """An article reporting a (category, who) figure for the first time, or a new value for it."""

    __tablename__ = "figure_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))  # the article's source, for fast timelines
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    who: Mapped[str | None] = mapped_column(String(64))
    old_value: Mapped[int | None] = mapped_column(BigInteger)
    new_value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16))
    detected_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    sentence: Mapped[str] = mapped_column(Text)
    __table_args__ = (Index("ix_figure_changes_article", "article_id", "id"),
                      Index("ix_figure_changes_source_time", "source_id", "detected_at"))


class FetchState(Base):
    """Per fetched URL: validators for conditional requests and the last body's hash."""

    __tablename__ = "fetch_state"
    url: Mapped[str] = mapped_column(Text, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    body_hash: Mapped[str | None] = mapped_column(String(64))
    last_status: Mapped[int | None] = mapped_column(Integer)
    last_fetched_at: Mapped[datetime] = mapped_column(DateTime)


# --- Monitors (issue 9): stories users follow, the series of numbers reported about them, and alerts. ---
# Monitors are declared in the config; tables store their names as text. NULL `who` / `attribution` are
# stored as '' so series keys compare equal; `scope` is '' for attributed series and the source name for
# unattributed ones (each source is then its own voice).


class MonitorArticle(Base):
    """An article version whose title or text matched a monitor's keywords."""

    __tablename__ = "monitor_articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    monitor: Mapped[str] = mapped_column(String(64))
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    matched_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (UniqueConstraint("monitor", "version_id", name="uq_monitor_articles_version"),
                      Index("ix_monitor_articles_article", "monitor", "article_id"))


class MonitorSeries(Base):
    """One voice reporting one number about one group: (monitor, category, who, attribution[, source])."""

    __tablename__ = "monitor_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    monitor: Mapped[str] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(16))
    who: Mapped[str] = mapped_column(String(64))  # '' when the text does not say
    attribution: Mapped[str] = mapped_column(Text)  # '' when unattributed
    scope: Mapped[str] = mapped_column(String(64))  # '' when attributed, else the source's name
    current_point_id: Mapped[int | None] = mapped_column(Integer)  # the latest report of its value
    last_change_id: Mapped[int | None] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(Integer, default=0)
    changes: Mapped[int] = mapped_column(Integer, default=0)
    __table_args__ = (UniqueConstraint("monitor", "category", "who", "attribution", "scope",
                                       name="uq_monitor_series_key"),)


class MonitorPoint(Base):
    """One matching figure as a point of its series."""

    __tablename__ = "monitor_points"
    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("monitor_series.id", ondelete="CASCADE"))
    figure_id: Mapped[int] = mapped_column(ForeignKey("figures.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("article_versions.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"))
    value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16))
    cumulative: Mapped[bool] = mapped_column(Boolean)
    role: Mapped[str] = mapped_column(String(16))
    counts: Mapped[bool] = mapped_column(Boolean)  # false for increments and implied single victims
    reported_at: Mapped[datetime] = mapped_column(DateTime)  # published_at, else fetched_at (see README)
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    __table_args__ = (UniqueConstraint("series_id", "figure_id", name="uq_monitor_points_figure"),
                      Index("ix_monitor_points_series_time", "series_id", "reported_at", "id"))


class MonitorChange(Base):
    """A newer report in a series giving a different value than the series' latest one."""

    __tablename__ = "monitor_changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("monitor_series.id", ondelete="CASCADE"))
    old_point_id: Mapped[int] = mapped_column(ForeignKey("monitor_points.id", ondelete="CASCADE"), index=True)
    new_point_id: Mapped[int] = mapped_column(ForeignKey("monitor_points.id", ondelete="CASCADE"), index=True)
    old_value: Mapped[int] = mapped_column(BigInteger)
    new_value: Mapped[int] = mapped_column(BigInteger)
    direction: Mapped[str] = mapped_column(String(8))  # up | down
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    detected_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    __table_args__ = (Index("ix_monitor_changes_series", "series_id", "id"),)


class MonitorNotification(Base):
    """One alert message for one monitor, crawl run and notify target; pending until `sent_at` is set.
    The target URL itself (it may hold tokens or passwords) is not stored: only its hash and a redacted form."""

    __tablename__ = "monitor_notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    monitor: Mapped[str] = mapped_column(String(64))
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"))
    target_hash: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(Text)  # redacted URL, for people
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    changes: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    __table_args__ = (UniqueConstraint("monitor", "run_id", "target_hash", name="uq_monitor_notifications_run"),)
