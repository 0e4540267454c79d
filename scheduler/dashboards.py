"""Dashboards for `tollwatch serve` (the datasette-dashboards plugin): an overview, the sources, and one per
monitor.

A monitor's page draws each series of its tolls as a step line over the story's active period (the chart's
window, `scheduler.chart.active_since`, given as the `since` filter's default), with the value written on
each point that changes it, and below, its series with their sources and its latest changes with their
sentences. The plugin writes table cells into the page as HTML, and stored text comes from the network, so
every cell is made in SQL by `escaped`, `when` or `link`, and an empty table gets one row saying so (the plugin
cannot draw a table without rows).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

CATEGORIES = ["killed", "injured", "missing", "displaced", "refugees"]


def escaped(column: str) -> str:
    """SQL for a column's text as HTML: &, <, > and " as entities (NULL as an empty string)."""
    return (f"replace(replace(replace(replace(coalesce(CAST({column} AS TEXT), ''), '&', '&amp;'), '<', '&lt;'), "
            "'>', '&gt;'), '\"', '&quot;')")


def when(column: str) -> str:
    """SQL for a stored UTC time as every command prints it, to the second with a Z."""
    return f"coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', {column}), '')"


def link(url: str, article_id: str, database: str) -> str:
    """SQL for an article's cells: its URL as a link (http and https only, escaped) and a link to its row in
    the view, which lists its versions."""
    safe = escaped(url)
    return (f"CASE WHEN {url} LIKE 'http://%' OR {url} LIKE 'https://%' "
            f"THEN '<a href=\"' || {safe} || '\">' || {safe} || '</a>' ELSE {safe} END "
            f"|| ' (<a href=\"/{database}/articles/' || CAST({article_id} AS INTEGER) || '\">versions</a>)'")


def table_query(columns: list[tuple[str, str]], source: str, empty: str) -> str:
    """A query for the plugin's table: each column's SQL (made safe HTML by `escaped`, `when` or `link`) under
    its heading, from `source` (FROM ... onwards), or one row whose first cell says `empty`."""
    listed = ", ".join(f'{sql} AS "{heading}"' for sql, heading in columns)
    blanks = ", ".join([f"'{empty}'"] + ["''"] * (len(columns) - 1))
    headings = ", ".join(f'"{heading}"' for _, heading in columns)
    return (f"SELECT {headings} FROM (SELECT {listed} {source}) "
            f"UNION ALL SELECT {blanks} WHERE NOT EXISTS (SELECT 1 {source})")


# A monitor's points in one category (since a time), one row where a series' value changes and its newest
# report, labelled with the value where it changes (the newest MAX_LABELS changes only: more would overlap).
# Read from the tables, not the views: a story with thousands of reports is drawn in about a tenth of a second.
TOLL_POINTS = """
WITH s AS (SELECT id, coalesce(NULLIF(attribution, ''), 'unattributed') || coalesce(' (' || NULLIF(who, '') || ')', '')
                      || coalesce(' [' || NULLIF(scope, '') || ']', '') AS voice
           FROM monitor_series WHERE monitor = :monitor AND category = :category),
p AS (SELECT p.series_id, p.reported_at, p.value, p.source_id,
             lag(p.value) OVER (PARTITION BY p.series_id ORDER BY p.reported_at, p.id) AS before,
             row_number() OVER (PARTITION BY p.series_id ORDER BY p.reported_at DESC, p.id DESC) AS from_end
      FROM monitor_points p JOIN s ON s.id = p.series_id WHERE p.counts [[ AND p.reported_at >= :since ]]),
names AS (SELECT series_id, group_concat(name, ', ') AS sources
          FROM (SELECT DISTINCT p.series_id, src.name FROM p JOIN sources src ON src.id = p.source_id ORDER BY 1, 2)
          GROUP BY series_id),
kept AS (SELECT p.*, (before IS NULL OR before != value) AS changed,
                row_number() OVER (ORDER BY (before IS NULL OR before != value) DESC, reported_at DESC) AS newest
         FROM p WHERE before IS NULL OR before != value OR from_end = 1)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', kept.reported_at) AS reported_at, kept.value,
       s.voice || ' — ' || names.sources AS series,
       CASE WHEN changed AND newest <= MAX_LABELS THEN kept.value END AS label
FROM kept JOIN s ON s.id = kept.series_id JOIN names ON names.series_id = kept.series_id
ORDER BY kept.series_id, kept.reported_at
"""
MAX_LABELS = 40


def toll_chart(database: str) -> dict[str, Any]:
    """A vega-lite step chart of a monitor's series in one category since a time, values on new points."""
    return {
        "title": "Tolls as reported, per series (attribution, group and sources)",
        "db": database,
        "library": "vega-lite",
        "query": TOLL_POINTS.replace("MAX_LABELS", str(MAX_LABELS)).strip(),
        "display": {
            "height": 320,
            "encoding": {"x": {"field": "reported_at", "type": "temporal", "title": "reported (UTC)"},
                         "y": {"field": "value", "type": "quantitative", "title": "as reported"},
                         "color": {"field": "series", "type": "nominal",
                                   "legend": {"orient": "bottom", "columns": 2, "labelLimit": 400}}},
            "layer": [
                {"mark": {"type": "line", "interpolate": "step-after", "point": True, "tooltip": True}},
                {"mark": {"type": "text", "dy": -9, "fontSize": 11},
                 "encoding": {"text": {"field": "label", "type": "quantitative", "format": ","}}},
            ],
        },
    }


def monitor_dashboard(database: str, monitor: str, since: datetime | None) -> dict[str, Any]:
    """A monitor's dashboard: its chart, its series and their sources, its latest changes."""
    where = "FROM series WHERE monitor = :monitor AND category = :category ORDER BY value DESC"
    # the newest 50 changes found through the tables' indexes first, then read through the view
    changes = ("FROM series_changes WHERE change_id IN (SELECT c.id FROM monitor_changes c JOIN monitor_series s "
               "ON s.id = c.series_id WHERE s.monitor = :monitor AND s.category = :category "
               "ORDER BY c.detected_at DESC, c.id DESC LIMIT 50) ORDER BY detected_at DESC, change_id DESC")
    filters: dict[str, Any] = {
        "monitor": {"name": "Monitor", "type": "select", "options": [monitor], "default": monitor},
        "category": {"name": "Category", "type": "select", "options": CATEGORIES, "default": "killed"},
        "since": {"name": "Since", "type": "date"},
    }
    if since is not None:
        filters["since"]["default"] = since.strftime("%Y-%m-%d")
    return {
        "title": f"Monitor: {monitor}",
        "description": "Each series is one voice (an attribution, a group, a source) reporting the toll; the "
                       "chart starts with the story's active period by default (change Since to see more).",
        "layout": [["toll", "toll"], ["series", "series"], ["changes", "changes"]],
        "filters": filters,
        "charts": {
            "toll": toll_chart(database),
            "series": {"title": "Series: current value and sources", "db": database, "library": "table",
                       "query": table_query([(escaped("attribution"), "attribution"), (escaped("who"), "who"),
                                             (escaped("source"), "source"), (escaped("value"), "value"),
                                             (escaped("qualifier"), "qualifier"), (when("reported_at"), "reported"),
                                             (escaped("last_old_value"), "before"),
                                             (when("last_change_at"), "changed"),
                                             (link("url", "article_id", database), "article")],
                                            where, "no figures yet")},
            "changes": {"title": "Latest changes, with their sentences", "db": database, "library": "table",
                        "query": table_query([(when("detected_at"), "detected"), (escaped("source"), "source"),
                                              (escaped("attribution"), "attribution"), (escaped("old_value"), "from"),
                                              (escaped("new_value"), "to"), (escaped("sentence"), "sentence"),
                                              (link("url", "article_id", database), "article")],
                                             changes, "no changes yet")},
        },
    }


def overview_dashboard(database: str) -> dict[str, Any]:
    """The front dashboard: each monitor's current toll and the last 24 hours of changes."""
    tolls = ("FROM (SELECT monitor, category, max(value) AS value, count(*) AS series FROM series "
             "WHERE value IS NOT NULL GROUP BY monitor, category) ORDER BY monitor, category")
    recent = ("FROM series_changes WHERE change_id IN (SELECT id FROM monitor_changes "
              "WHERE detected_at >= datetime('now', '-1 day') ORDER BY detected_at DESC, id DESC LIMIT 100) "
              "ORDER BY detected_at DESC, change_id DESC")
    return {
        "title": "Overview",
        "description": "Every monitor's highest current toll per category and the changes of the last 24 hours "
                       "(each monitor's own page: Dashboards; each source's runs: Sources).",
        "layout": [["tolls", "recent"]],
        "charts": {
            "tolls": {"title": "Monitors now (highest series value)", "db": database, "library": "table",
                      "query": table_query([(escaped("monitor"), "monitor"), (escaped("category"), "category"),
                                            (escaped("value"), "value"), (escaped("series"), "series")],
                                           tolls, "no monitor has figures yet")},
            "recent": {"title": "Changes in the last 24 hours", "db": database, "library": "table",
                       "query": table_query([(when("detected_at"), "detected"), (escaped("monitor"), "monitor"),
                                             (escaped("category"), "category"), (escaped("old_value"), "from"),
                                             (escaped("new_value"), "to"), (escaped("source"), "source"),
                                             (escaped("sentence"), "sentence"),
                                             (link("url", "article_id", database), "article")],
                                            recent, "no changes in the last day")},
        },
    }


def sources_dashboard(database: str) -> dict[str, Any]:
    """Each source's last runs and what its pages were (articles, walls, challenges, errors)."""
    last = ("FROM (SELECT s.name AS source, r.started_at, r.status, r.message, "
            "(SELECT group_concat(outcome || ' ' || pages, ', ') FROM fetch_outcomes o "
            "WHERE o.run_id = r.id AND o.source = s.name) AS outcomes "
            "FROM sources s JOIN crawl_runs r ON r.id = (SELECT max(o.run_id) FROM fetch_outcomes o "
            "WHERE o.source = s.name)) ORDER BY source")
    runs = ("FROM (SELECT o.source, r.started_at, r.status, o.outcome, o.pages FROM fetch_outcomes o "
            "JOIN crawl_runs r ON r.id = o.run_id ORDER BY r.started_at DESC, o.source LIMIT 200)")
    return {
        "title": "Sources",
        "description": "Each source's last run and what its pages were, then the latest runs one by one.",
        "layout": [["last"], ["runs"]],
        "charts": {
            "last": {"title": "Last run of each source", "db": database, "library": "table",
                     "query": table_query([(escaped("source"), "source"), (when("started_at"), "run started"),
                                           (escaped("status"), "status"), (escaped("outcomes"), "pages"),
                                           (escaped("message"), "message")], last, "no runs yet")},
            "runs": {"title": "Latest runs, per outcome", "db": database, "library": "table",
                     "query": table_query([(escaped("source"), "source"), (when("started_at"), "run started"),
                                           (escaped("status"), "status"), (escaped("outcome"), "outcome"),
                                           (escaped("pages"), "pages")], runs, "no runs yet")},
        },
    }


def dashboards(database: str, monitors: dict[str, datetime | None]) -> dict[str, Any]:
    """The plugin's configuration: the overview, the sources and one dashboard per monitor (by name, with the
    start of its story's active period)."""
    boards = {"overview": overview_dashboard(database), "sources": sources_dashboard(database)}
    for monitor, since in monitors.items():
        boards[f"monitor-{monitor}"] = monitor_dashboard(database, monitor, since)
    return boards
