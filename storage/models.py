"""ORM classes over the tables of `storage.tables`, for the queries and updates that read best as objects.

Table and column names are a public interface (docs/schema.md); `storage.tables` defines them, once.
"""
from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

from storage import tables


class Base(DeclarativeBase):
    """Declarative base of every tollwatch table."""

    metadata = tables.metadata


class SourceRow(Base):
    """A configured source, created the first time a crawl uses its name."""

    __table__ = tables.sources


class CrawlRun(Base):
    """One crawl: when it ran, how it ended and what it found."""

    __table__ = tables.crawl_runs


class Article(Base):
    """One article, identified by its canonical URL."""

    __table__ = tables.articles


class ArticleVersion(Base):
    """A distinct extracted text of an article; a new row only when the text changed."""

    __table__ = tables.article_versions


class FetchError(Base):
    """A URL that could not be fetched or extracted during a run, with a readable reason."""

    __table__ = tables.fetch_errors


class Figure(Base):
    """One casualty figure found in one article version, with its evidence sentence and offsets."""

    __table__ = tables.figures


class VersionTotal(Base):
    """A version's total for one category, made of the figures marked `in_total`."""

    __table__ = tables.version_totals


class FigureChange(Base):
    """An article reporting a (category, who) figure for the first time, or a new value for it."""

    __table__ = tables.figure_changes


class FetchState(Base):
    """Per fetched URL: validators for conditional requests and the last body's hash."""

    __table__ = tables.fetch_state


class MonitorArticle(Base):
    """An article version whose title or text matched a monitor's keywords."""

    __table__ = tables.monitor_articles


class MonitorSeries(Base):
    """One voice reporting one number about one group: (monitor, category, who, attribution[, source])."""

    __table__ = tables.monitor_series


class MonitorPoint(Base):
    """One matching figure as a point of its series."""

    __table__ = tables.monitor_points


class MonitorChange(Base):
    """A newer report in a series giving a different value than the series' latest one."""

    __table__ = tables.monitor_changes


class MonitorDefinition(Base):
    """The keywords and sources a configured monitor's stored rows were built from."""

    __table__ = tables.monitor_definitions


class MonitorNotification(Base):
    """One alert message for one monitor, crawl run and notify target; pending until `sent_at` is set.
    The target URL itself (it may hold tokens or passwords) is not stored: only its hash and a redacted form."""

    __table__ = tables.monitor_notifications
