"""`tollwatch serve`: the database in a browser, read-only, through Datasette.

Datasette opens a SQLite file read-only (`mode=ro`) and takes no write from its pages, so the view can stay
open while a crawl or the daemon writes. What tollwatch adds is configuration: titles and column
descriptions from `storage/schema_descriptions.toml`, default facets, canned queries for the README's
questions, the full-text indexes the storage layer keeps (`storage/search.py`), and the
dashboards of the datasette-dashboards plugin (`scheduler/dashboards.py`).
"""
from __future__ import annotations

import ipaddress
import socket
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import Engine

from scheduler.config import Config
from scheduler.dashboards import dashboards
from storage.display import MAX_PATH_SHOWN, escape_controls, shorten
from storage.schema_docs import relations
from storage.search import SEARCH_INDEXES

FRONT = "/-/dashboards/overview"  # the front page: scheduler/dashboards.py's overview
PLUGIN = "tollwatch-serve"  # tollwatch_plugin, registered under this name
TITLE = "tollwatch"
# The name the database is served under, whatever its file is called: stable URLs (`/tollwatch/figures`).
DATABASE = "tollwatch"
DESCRIPTION = ("Casualty figures read from news articles, each with its source and evidence sentence. "
               "Read-only: nothing on these pages changes the database.")
# Facets offered on each table or view's page: the ways an analyst narrows figures down.
FACETS = {
    "figures": ["category", "attribution", "who", "where", "language"],
    "latest_figures": ["category", "source", "attribution", "who", "where"],
    "article_totals": ["category", "source", "attribution"],
    "figure_timeline": ["category", "source", "who"],
    "series": ["monitor", "category", "attribution", "source"],
    "series_points": ["monitor", "category", "source", "attribution"],
    "series_changes": ["monitor", "category", "direction", "source"],
    "fetch_errors": ["source", "outcome", "status"],
    "fetch_outcomes": ["source", "outcome"],
    "crawl_runs": ["status", "trigger"],
}
# Newest first where a table or view has a time a reader sorts by.
SORT_DESC = {"figure_timeline": "detected_at", "series_changes": "detected_at", "crawl_runs": "started_at",
             "fetch_errors": "occurred_at", "article_versions": "fetched_at", "articles": "first_seen_at"}
# The README's questions, and the ones the web view adds (each a page with its own URL, exportable).
QUERIES: dict[str, dict[str, Any]] = {
    "current_tolls": {
        "title": "Current death toll per source",
        "description": "The highest killed total among each source's articles, in their current versions.",
        "sql": "SELECT source, max(value) AS killed, count(*) AS articles FROM article_totals "
               "WHERE category = 'killed' AND value IS NOT NULL GROUP BY source ORDER BY killed DESC",
    },
    "monitors_now": {
        "title": "Each monitor's current tolls",
        "description": "Every series of every monitor: its current value, source and last change.",
        "sql": "SELECT monitor, category, who, attribution, source, value, qualifier, reported_at, "
               "last_old_value, last_new_value, last_change_at, url FROM series ORDER BY monitor, category, value DESC",
    },
    "changes_last_day": {
        "title": "Changes in the last 24 hours",
        "description": "Every change of a monitored toll detected in the last day, with its sentence.",
        "sql": "SELECT detected_at, monitor, category, who, attribution, source, old_value, new_value, direction, "
               "sentence, url, article_id FROM series_changes "
               "WHERE detected_at >= datetime('now', '-1 day') ORDER BY detected_at DESC",
    },
    "tolls_went_down": {
        "title": "Killed figures that went down",
        "description": "A correction, or a different scope: worth a look.",
        "sql": "SELECT detected_at, source, who, old_value, new_value, sentence, url FROM figure_timeline "
               "WHERE category = 'killed' AND new_value < old_value ORDER BY detected_at DESC",
    },
    "last_crawl_failures": {
        "title": "Pages that failed in the last crawl",
        "description": "What the last crawl could not store as an article, and why.",
        "sql": "SELECT source, url, outcome, status, reason FROM fetch_errors "
               "WHERE run_id = (SELECT max(id) FROM crawl_runs) ORDER BY source, url",
    },
    "source_runs": {
        "title": "Each source's recent runs and outcomes",
        "description": "Pages per outcome (article, consent wall, bot challenge, ...) in each source's last runs.",
        "sql": "SELECT r.started_at, o.source, r.status, o.outcome, o.pages, r.message FROM fetch_outcomes o "
               "JOIN crawl_runs r ON r.id = o.run_id WHERE r.started_at >= datetime('now', '-7 days') "
               "ORDER BY r.started_at DESC, o.source, o.outcome",
    },
    "search_evidence": {
        "title": "Search the evidence",
        "description": "Figures whose evidence sentence matches the words searched for (SQLite FTS5 syntax: "
                       "words, \"a phrase\", OR, NOT, prefix*).",
        "sql": "SELECT f.category, f.value, f.qualifier, f.who, f.attribution, f.sentence, a.url, a.title, "
               "v.fetched_at, f.version_id FROM figures_search s JOIN figures f ON f.id = s.rowid "
               "JOIN article_versions v ON v.id = f.version_id JOIN articles a ON a.id = v.article_id "
               "WHERE figures_search MATCH :q ORDER BY v.fetched_at DESC LIMIT 200",
    },
}


def metadata(database: str, monitors: dict[str, datetime | None]) -> dict[str, Any]:
    """Datasette metadata for the database named `database`: described tables and views, facets, canned
    queries, the search indexes, and the dashboards."""
    tables: dict[str, dict[str, Any]] = {}
    for relation in relations().values():
        entry: dict[str, Any] = {"description": " ".join(filter(None, (relation.summary, relation.notes))),
                                 "columns": {c.name: c.description for c in relation.columns}}
        if relation.name in FACETS:
            entry["facets"] = FACETS[relation.name]
        if relation.name in SORT_DESC:
            entry["sort_desc"] = SORT_DESC[relation.name]
        tables[relation.name] = entry
    for table, index in SEARCH_INDEXES.items():
        tables[table].update({"fts_table": index.name, "fts_pk": "id"})
    found = {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {database: {"tables": tables, "queries": QUERIES}},
    }
    found["plugins"] = {"datasette-dashboards": dashboards(database, monitors)}
    return found


def is_local(host: str) -> bool:
    """Whether `host` binds to this machine only (a loopback address or `localhost`)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def monitors_in(engine: Engine, config: Config) -> dict[str, datetime | None]:
    """The configured monitors and those with rows in the database, each with the start of its story's
    active period in killed figures (None: all of it), the default window of its chart."""
    from scheduler.chart import active_since
    from storage.monitors import chart_points, known_monitors

    with engine.connect() as conn:
        names = list(dict.fromkeys([m.name for m in config.monitors] + known_monitors(conn)))
        return {name: active_since(chart_points(conn, name, "killed")) for name in names}


def tollwatch_plugin(database: str) -> ModuleType:
    """A Datasette plugin (a module, as Datasette lists its plugins). Each connection to `database` gets the
    limits `tollwatch sql` runs under (the length of a value, SQLite's memory, no writing), so a query typed
    into the view cannot take the machine's memory. The front page `/` leads to the overview dashboard
    (FRONT); the database's own page stays at `/{database}`."""
    from datasette import hookimpl
    from datasette.utils.asgi import Response

    from storage.query import limit_reader

    @hookimpl
    def prepare_connection(conn: Any, database: str) -> None:
        if database == plugin.database:
            limit_reader(conn)

    @hookimpl
    def register_routes() -> list[tuple[str, Any]]:
        return [(r"^/$", lambda: Response.redirect(FRONT))]

    plugin = ModuleType("tollwatch_serve")
    plugin.database = database  # type: ignore[attr-defined]
    plugin.prepare_connection = prepare_connection  # type: ignore[attr-defined]
    plugin.register_routes = register_routes  # type: ignore[attr-defined]
    return plugin


def datasette(path: Path, monitors: dict[str, datetime | None]) -> Any:
    """A Datasette instance over the SQLite file at `path`, read-only, configured for tollwatch; the database is
    named by the file's stem (`serve` passes `served_file`'s `tollwatch.db`)."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    if pm.get_plugin(PLUGIN) is not None:  # an earlier instance in this process (tests)
        pm.unregister(name=PLUGIN)
    pm.register(tollwatch_plugin(path.stem), name=PLUGIN)
    return Datasette([str(path)], metadata=metadata(path.stem, monitors),
                     settings={"sql_time_limit_ms": 3000, "max_returned_rows": 1000})


@contextmanager
def served_file(path: Path) -> Iterator[Path]:
    """The database file as `tollwatch.db`, a symbolic link in a private directory (SQLite follows it to the file
    and its WAL). Datasette opens a file by a `file:` URI made of its path unescaped and names it by its stem, which
    the dashboards plugin puts into its data URLs unescaped: "my news#1.db" could be served neither way."""
    with tempfile.TemporaryDirectory(prefix="tollwatch-serve-") as directory:
        link = Path(directory) / f"{DATABASE}.db"
        link.symlink_to(path.resolve())
        yield link


def listen(host: str, port: int) -> socket.socket:
    """A socket listening on host:port (OSError when the name does not resolve or the port is taken), bound
    here so that a mistake is one line, not the web server's log."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve(path: Path, monitors: dict[str, datetime | None], sock: socket.socket) -> int:
    """Serve the database on a listening socket until interrupted (Ctrl-C or SIGTERM); the exit code."""
    import asyncio

    import uvicorn

    with served_file(path) as link:
        ds = datasette(link, monitors)
        asyncio.run(ds.invoke_startup())
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"tollwatch: serving {escape_controls(shorten(str(path), MAX_PATH_SHOWN))} read-only at "
              f"http://{shown}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
        uvicorn.Server(uvicorn.Config(ds.app(), log_level="warning")).run(sockets=[sock])
    return 0
