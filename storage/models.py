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
    html_gz: Mapped[bytes | None] = mapped_column(LargeBinary)  # zlib-compressed raw HTML, for reprocess
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
