"""The tables users query, as SQLAlchemy Core: names and columns are a public interface (docs/schema.md).

The crawl process writes through these alone, without loading the ORM (a tenth of a second of its
start-up); `storage.models` maps classes onto them for the rest of tollwatch.
"""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, DateTime, ForeignKey, Index, Integer, LargeBinary, MetaData,
                        String, Table, Text, UniqueConstraint)

metadata = MetaData()


def _required(name: str, *args: object, **kwargs: object) -> Column:
    """A NOT NULL column."""
    return Column(name, *args, nullable=False, **kwargs)  # type: ignore[arg-type]


sources = Table(
    "sources", metadata,
    Column("id", Integer, primary_key=True),
    _required("name", String(64), unique=True),
    _required("kind", String(16)),
    _required("url", Text),
    _required("created_at", DateTime),
)

crawl_runs = Table(
    "crawl_runs", metadata,
    Column("id", Integer, primary_key=True),
    _required("started_at", DateTime, index=True),
    Column("finished_at", DateTime),
    _required("status", String(16)),  # running | ok | failed | interrupted
    _required("sources", Text),  # comma-separated source names
    _required("trigger", String(16), default="manual"),  # manual | daemon
    Column("pid", Integer),
    Column("host", String(255)),  # the machine the crawl process ran on (its pid is only meaningful there)
    *(_required(name, Integer, default=0) for name in ("pages_fetched", "new_articles", "changed_articles",
                                                        "unchanged_articles", "errors", "figure_changes")),
    Column("message", Text),
    Column("node", String(255)),  # the Scrapyd node a daemon scheduled it on ([cluster]); NULL: run locally
    Column("job", String(64)),  # its Scrapyd job id there
)

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    _required("url", Text, unique=True),
    _required("source_id", ForeignKey("sources.id"), index=True),
    Column("title", Text),
    Column("published_at", DateTime),  # UTC
    Column("published_precision", String(8)),  # time | date: whether the page gave a time of day
    _required("first_seen_at", DateTime),
    _required("last_seen_at", DateTime),
    # the re-visit schedule (storage.revisit): when a fetch last found it new or changed, the step it waits and
    # when it is next due (NULL: not scheduled)
    Column("last_changed_at", DateTime),
    Column("revisit_step", Integer),
    Column("next_check_at", DateTime),
    Index("ix_articles_next_check", "source_id", "next_check_at"),
)

article_versions = Table(
    "article_versions", metadata,
    Column("id", Integer, primary_key=True),
    _required("article_id", ForeignKey("articles.id", ondelete="CASCADE")),
    Column("run_id", ForeignKey("crawl_runs.id"), index=True),
    _required("fetched_at", DateTime),
    _required("content_hash", String(64)),
    Column("title", Text),
    Column("author", Text),
    Column("language", String(16)),
    _required("text", Text),
    Column("html_gz", LargeBinary),  # compressed HTML (storage.compression), for reprocess
    Column("extractor", String(32)),  # tollwatch version that extracted the text
    _required("partial", Boolean, default=False),  # the free part of a paywalled article, its prompt removed
    Column("modified_at", DateTime),  # when the page says it last changed (its dateModified), UTC
    Column("last_modified_at", DateTime),  # the response's HTTP Last-Modified, UTC
    Index("ix_article_versions_article", "article_id", "id"),
)

fetch_errors = Table(
    "fetch_errors", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", ForeignKey("crawl_runs.id"), index=True),
    Column("source", String(64)),
    _required("url", Text),
    Column("status", Integer),  # HTTP status, NULL for network errors
    _required("reason", Text),
    _required("occurred_at", DateTime, index=True),
    # consent_wall | bot_challenge | login_wall | not_article (a page served instead of the article), or error
    _required("outcome", String(16), default="error"),
)

figures = Table(
    "figures", metadata,
    Column("id", Integer, primary_key=True),
    _required("version_id", ForeignKey("article_versions.id", ondelete="CASCADE"), index=True),
    _required("category", String(16)),
    _required("value", BigInteger),
    Column("low", BigInteger),
    Column("high", BigInteger),
    _required("vague", Boolean),
    _required("qualifier", String(16)),
    Column("who", String(64)),
    Column("where", Text),
    Column("attribution", Text),
    _required("cumulative", Boolean),
    _required("role", String(16)),  # total | group | part | increment | implied | previous | claim
    _required("sentence", Text),
    _required("start", Integer),
    _required("end", Integer),
    _required("background", Boolean, default=False),  # another or an earlier event's figure
    _required("in_total", Boolean, default=False),  # one of the figures its version's total is made of
    Column("language", String(16)),  # the language of the sentence it was read in ("en", "fr", "ar", ...)
    Column("page", Integer),  # the page of a PDF document it was read on; NULL for a web page
    Column("entry_at", DateTime),  # the time of the live page's entry it was read in; NULL for other pages
    Column("entry_title", Text),  # that entry's headline
)

# One row per version and category with a total: the article's count of its own news at that version.
version_totals = Table(
    "version_totals", metadata,
    Column("id", Integer, primary_key=True),
    _required("version_id", ForeignKey("article_versions.id", ondelete="CASCADE")),
    _required("category", String(16)),
    Column("value", BigInteger),  # NULL when the text gives only vague amounts ("dozens")
    _required("vague", Boolean),
    _required("qualifier", String(16)),
    Column("attribution", Text),  # the sources of the figures that make it, "; "-separated
    _required("figures", Integer),  # how many figures make it (they have in_total set)
    UniqueConstraint("version_id", "category", name="uq_version_totals_category"),
)

figure_changes = Table(
    "figure_changes", metadata,
    Column("id", Integer, primary_key=True),
    _required("article_id", ForeignKey("articles.id", ondelete="CASCADE")),
    _required("source_id", ForeignKey("sources.id")),  # the article's source, for fast timelines
    _required("version_id", ForeignKey("article_versions.id", ondelete="CASCADE"), index=True),
    _required("category", String(16)),
    Column("who", String(64)),
    Column("old_value", BigInteger),
    _required("new_value", BigInteger),
    _required("qualifier", String(16)),
    _required("detected_at", DateTime, index=True),
    _required("sentence", Text),
    Index("ix_figure_changes_article", "article_id", "id"),
    Index("ix_figure_changes_source_time", "source_id", "detected_at"),
)

fetch_state = Table(
    "fetch_state", metadata,
    Column("url", Text, primary_key=True),
    Column("article_id", ForeignKey("articles.id", ondelete="SET NULL")),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("body_hash", String(64)),
    Column("last_status", Integer),
    _required("last_fetched_at", DateTime),
    Column("outcome", String(16)),  # what the last fetch whole was: article | partial | a wall | not_article
)

# Per run, source and outcome, how many fetched URLs had it (re-fetches included): the crawl summary, status
# and the daemon's warnings about walls read it.
fetch_outcomes = Table(
    "fetch_outcomes", metadata,
    Column("id", Integer, primary_key=True),
    _required("run_id", ForeignKey("crawl_runs.id"), index=True),
    Column("source", String(64)),
    _required("outcome", String(16)),
    _required("pages", Integer),
)

# --- Monitors (issue 9): stories users follow, the series of numbers reported about them, and alerts. ---
# Monitors are declared in the config; tables store their names as text. NULL `who` / `attribution` are
# stored as '' so series keys compare equal; `scope` is '' for attributed series and the source name for
# unattributed ones (each source is then its own voice).

monitor_articles = Table(
    "monitor_articles", metadata,
    Column("id", Integer, primary_key=True),
    _required("monitor", String(64)),
    _required("version_id", ForeignKey("article_versions.id", ondelete="CASCADE"), index=True),
    _required("article_id", ForeignKey("articles.id", ondelete="CASCADE")),
    Column("run_id", ForeignKey("crawl_runs.id"), index=True),
    _required("matched_at", DateTime),
    UniqueConstraint("monitor", "version_id", name="uq_monitor_articles_version"),
    Index("ix_monitor_articles_article", "monitor", "article_id"),
)

monitor_series = Table(
    "monitor_series", metadata,
    Column("id", Integer, primary_key=True),
    _required("monitor", String(64)),
    _required("category", String(16)),
    _required("who", String(64)),  # '' when the text does not say
    _required("attribution", Text),  # '' when unattributed
    _required("scope", String(64)),  # '' when attributed, else the source's name
    Column("current_point_id", Integer),  # the latest report of its value
    Column("last_change_id", Integer),
    _required("points", Integer, default=0),
    _required("changes", Integer, default=0),
    UniqueConstraint("monitor", "category", "who", "attribution", "scope", name="uq_monitor_series_key"),
)

monitor_points = Table(
    "monitor_points", metadata,
    Column("id", Integer, primary_key=True),
    _required("series_id", ForeignKey("monitor_series.id", ondelete="CASCADE")),
    _required("figure_id", ForeignKey("figures.id", ondelete="CASCADE"), index=True),
    _required("version_id", ForeignKey("article_versions.id", ondelete="CASCADE"), index=True),
    _required("article_id", ForeignKey("articles.id", ondelete="CASCADE"), index=True),
    _required("source_id", ForeignKey("sources.id")),
    _required("value", BigInteger),
    _required("qualifier", String(16)),
    _required("cumulative", Boolean),
    _required("role", String(16)),
    _required("counts", Boolean),  # false for increments and implied single victims
    _required("reported_at", DateTime),  # published_at, else fetched_at (see README)
    _required("fetched_at", DateTime),
    UniqueConstraint("series_id", "figure_id", name="uq_monitor_points_figure"),
    Index("ix_monitor_points_series_time", "series_id", "reported_at", "id"),
)

monitor_changes = Table(
    "monitor_changes", metadata,
    Column("id", Integer, primary_key=True),
    _required("series_id", ForeignKey("monitor_series.id", ondelete="CASCADE")),
    _required("old_point_id", ForeignKey("monitor_points.id", ondelete="CASCADE"), index=True),
    _required("new_point_id", ForeignKey("monitor_points.id", ondelete="CASCADE"), index=True),
    _required("old_value", BigInteger),
    _required("new_value", BigInteger),
    _required("direction", String(8)),  # up | down
    Column("run_id", ForeignKey("crawl_runs.id"), index=True),
    _required("detected_at", DateTime, index=True),
    Index("ix_monitor_changes_series", "series_id", "id"),
)

# The definition (keywords and sources, as JSON) each configured monitor's rows were built from: a monitor that
# is new in the config, or whose definition changed, is filled from the stored history at the next crawl.
monitor_definitions = Table(
    "monitor_definitions", metadata,
    Column("monitor", String(64), primary_key=True),
    _required("definition", Text),
    _required("filled_at", DateTime),
)

# The target URL itself (it may hold tokens or passwords) is not stored: only its hash and a redacted form.
monitor_notifications = Table(
    "monitor_notifications", metadata,
    Column("id", Integer, primary_key=True),
    _required("monitor", String(64)),
    Column("run_id", ForeignKey("crawl_runs.id"), index=True),
    _required("target_hash", String(64)),
    _required("target", Text),  # redacted URL, for people
    _required("title", Text),
    _required("body", Text),
    _required("changes", Integer),
    _required("created_at", DateTime),
    _required("attempts", Integer, default=0),
    Column("claimed_at", DateTime),
    Column("last_error", Text),
    Column("sent_at", DateTime, index=True),
    UniqueConstraint("monitor", "run_id", "target_hash", name="uq_monitor_notifications_run"),
)
