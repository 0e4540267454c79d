"""The `tollwatch` command line: crawl sources, inspect a page's extraction, query the history."""
from __future__ import annotations

import argparse
import dataclasses
import gc
import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from crawler.extraction.categories import CATEGORIES
from scheduler.config import Config, ConfigError, load_config, parse_duration
from scheduler.output import FORMATS, json_text, print_rows, timestamp
from scheduler.version import VersionAction
from storage.display import MAX_PATH_SHOWN, MAX_SHOWN, escape_controls, shorten

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from scheduler.spawn import CrawlProcess

# Commands import what they use (SQLAlchemy, Scrapy, the extractor) themselves: `tollwatch crawl`
# starts its crawl process first, and `--help` answers at once.

EXIT_FAILED, EXIT_USAGE = 1, 2
FETCH_LIMIT = 10 * 1024 * 1024
SQL_TIME_LIMIT = 5.0  # seconds a `tollwatch sql` query may run, unless --time-limit says otherwise
SQL_MAX_TIME_LIMIT = 86_400  # the longest --time-limit: a day


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


# A value argparse quotes in its messages (its repr), or an unquoted word, longer than a message shows.
_LONG_VALUE = re.compile(r"""'(?:[^'\\]|\\.){%d,}'|"(?:[^"\\]|\\.){%d,}"|\S{%d,}""" % ((MAX_SHOWN + 1,) * 3))


class Parser(argparse.ArgumentParser):
    """argparse, with the user's values in its error line shortened and their control characters escaped."""

    def error(self, message: str) -> NoReturn:
        """Usage, then one error line; exit code 2."""
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {escape_controls(_LONG_VALUE.sub(_shorter, message))}\n")


def _shorter(match: re.Match[str]) -> str:
    """A long value of an argparse message shortened, its quotes kept."""
    text = match.group()
    quote = text[0] if text[0] in "'\"" and text[-1] == text[0] else ""
    return quote + shorten(text[len(quote):len(text) - len(quote)]) + quote


def main(argv: Sequence[str] | None = None, crawl_child: CrawlProcess | None = None) -> None:
    """The `tollwatch` command (`scheduler.launch` runs it); `crawl_child` is a crawl process already
    started for a `tollwatch crawl` (`scheduler.spawn.start_child`), waiting for its job."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.crawl_child = crawl_child
    if not getattr(args, "handler", None):
        parser.print_help()
        sys.exit(EXIT_USAGE)
    try:
        code = args.handler(args)
    except KeyboardInterrupt:
        print("tollwatch: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        code = 0
    except Exception as exc:
        code = failure(exc)
    # Everything loaded is kept until exit anyway: frozen, it is left out of the interpreter's final
    # garbage collections, which would otherwise walk every object of SQLAlchemy and the rest (80 ms
    # after a crawl). Exit handlers and reference-counted clean-up still run.
    gc.freeze()
    sys.exit(code)


def failure(exc: Exception) -> int:
    """Print a user's mistake or a database failure in one line and return the exit code; anything else
    is a bug, re-raised with its traceback."""
    from scheduler.lock import DaemonError
    from sqlalchemy.exc import SQLAlchemyError
    from storage.db import DatabaseError, first_line
    from storage.query import QueryError

    if isinstance(exc, (UserError, ConfigError, DatabaseError, QueryError, DaemonError)):
        print(f"tollwatch: error: {escape_controls(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(exc, SQLAlchemyError):  # the database failed while in use: locked, full, connection lost
        print(f"tollwatch: database error: {escape_controls(first_line(getattr(exc, 'orig', None) or exc))}",
              file=sys.stderr)
        return EXIT_FAILED
    raise exc


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="tollwatch",
        description="Watch news sources for reported numbers of killed, injured, missing and displaced "
                    "people, and keep a queryable history of every change.",
        epilog="Configuration: ./tollwatch.toml, or --config FILE; without either, a built-in list of "
               "international news feeds and the SQLite database ./tollwatch.db are used. "
               "Run 'tollwatch COMMAND --help' for a command's options.")
    parser.add_argument("--config", metavar="FILE", help="configuration file (default: ./tollwatch.toml)")
    parser.add_argument("--database", metavar="URL",
                        help="database URL, overriding the config and $TOLLWATCH_DATABASE_URL "
                             "(e.g. sqlite:///tollwatch.db, postgresql://localhost/tollwatch)")
    parser.add_argument("--version", action=VersionAction, help="print tollwatch's version and exit")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    crawl = _command(commands, "crawl", cmd_crawl, "crawl the configured sources once, now",
                     "Fetch every configured source (or those named with --source), extract new and "
                     "changed articles and store them. Exit 0 when the crawl ran, even if some pages "
                     "failed (see the fetch_errors table); 1 when no source could be reached.")
    crawl.add_argument("--source", action="append", metavar="NAME", help="crawl only this source (repeatable)")
    crawl.add_argument("--verbose", "-v", action="store_true", help="show Scrapy's log")
    crawl.add_argument("--quiet", "-q", action="store_true", help="no progress line")
    crawl.add_argument("--time-limit", metavar="DURATION",
                       help="stop the crawl after this long, e.g. 30m, 2h, 1h30m; a bare number is seconds (it "
                            "gets 30s to finish its current articles, then is killed) and record it as failed "
                            "(default: no limit)")

    extract = _command(commands, "extract", cmd_extract, "show the extraction of one or more pages",
                       "Run consent removal, text extraction and casualty-figure parsing on pages given "
                       "as file paths, URLs or - (standard input), and print the result. Nothing is stored.")
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="a file path, an http(s) URL, or -")
    extract.add_argument("--format", choices=("text", "json", "jsonl"), default="text",
                         help="text: the main text; json: one object with metadata, removed banners, "
                              "figures and totals; jsonl: one such object per line, per input")
    extract.add_argument("--input-format", choices=("html", "text"), default="html",
                         help="treat inputs as HTML pages (default) or as plain article text")
    extract.add_argument("--figures", action=argparse.BooleanOptionalAction,
                         help="text format: after each text, a line per casualty figure and the totals (default: "
                              "on a terminal only, so the text alone goes into a pipe or file)")

    sql = _command(commands, "sql", cmd_sql, "query the database, read-only",
                   "Run one read-only SQL query against the database (tables and views: tollwatch schema). "
                   "The database refuses anything but reading: SQLite opens the file read-only; PostgreSQL runs "
                   "the query as the role tollwatch_reader, which can only read tollwatch's tables, in a read-only "
                   "transaction (README: Read-only SQL).")
    sql.add_argument("query", help="one SQL SELECT statement")
    sql.add_argument("--format", choices=FORMATS, default="table")
    sql.add_argument("--time-limit", default=f"{SQL_TIME_LIMIT:g}s", metavar="DURATION",
                     help=f"stop the query after this long, e.g. 30s, 2m; a bare number is seconds "
                          f"(default {SQL_TIME_LIMIT:g}s, at most 1d)")
    sql.add_argument("--allow-writable-role", action="store_true",
                     help="PostgreSQL without the role tollwatch_reader: run the query as the connecting role even "
                          "though it can write or is a superuser (still in a read-only transaction)")
    changes = _command(commands, "changes", cmd_changes, "list recent changes of reported figures",
                       "Every time an article reported a figure for the first time, or a new value for it, "
                       "newest first (the figure_timeline view). The table shows the main columns, the title "
                       "shortened; csv and json every column of the view.")
    changes.add_argument("--since", metavar="WHEN", default="7d",
                         help="how far back: a duration (6h, 2d, 1w, 1h30m; a bare number is seconds), a date "
                              "(2026-12-01: from midnight UTC) or a time (2026-12-01T06:00:00Z; an offset such as "
                              "+02:00 is converted, none means UTC) (default 7d)")
    changes.add_argument("--source", metavar="NAME", help="only this configured source")
    changes.add_argument("--changed-only", action="store_true",
                         help="only new values of a figure, leaving out first reports (the rows without an "
                              "old_value); a monitor's series changes are always new values")
    changes.add_argument("--category", choices=CATEGORIES, help="only this category")
    changes.add_argument("--limit", type=int, default=1000, help="at most this many rows (default 1000)")
    changes.add_argument("--format", choices=FORMATS, default="table")
    changes.add_argument("--monitor", metavar="NAME",
                         help="the series changes of this monitor instead (the series_changes view)")

    reprocess = _command(commands, "reprocess", cmd_reprocess, "re-run the extractor over stored pages",
                         "Re-extract the text and figures of every stored version from its saved HTML with the "
                         "current extractor (no fetching), rebuild figures and figure changes, and report what "
                         "changed; then re-evaluate the configured monitors over the rebuilt figures.")
    reprocess.add_argument("--monitors", action="store_true",
                           help="only re-evaluate the configured monitors over all stored versions and drop "
                                "the rows of monitors no longer configured; no re-extraction (added or changed "
                                "monitors are filled at the next crawl without it)")

    monitors = _command(commands, "monitors", cmd_monitors, "show each monitor's series: latest values, changes",
                        "For each configured monitor, each series (category, who, attribution) with its latest "
                        "reported value, when and where it was reported, and its last change.")
    monitors.add_argument("--format", choices=FORMATS, default="table")

    chart = _command(commands, "chart", cmd_chart, "draw a monitor's series over time as a PNG",
                     "A step chart of each series of a monitor in one category over report time, labelled with "
                     "attribution and sources.")
    chart.add_argument("name", metavar="NAME", help="a configured monitor")
    chart.add_argument("--category", choices=CATEGORIES, default="killed", help="which figures (default killed)")
    chart.add_argument("--out", metavar="FILE.png", required=True, help="the PNG file to write")
    chart.add_argument("--since", metavar="WHEN",
                       help="draw reports from then on: a duration (2w), a date (2026-12-01) or a time "
                            "(default: the story's active period, the reports after its last gap of 30 days)")
    serve = _command(commands, "serve", cmd_serve, "browse the database in a web browser (Datasette), read-only",
                     "Serve the SQLite database read-only with Datasette: every table and view described, facets, "
                     "full-text search of evidence sentences and article texts, the README's questions as "
                     "canned queries, CSV and JSON export, and a dashboard per monitor. It can stay open while "
                     "crawls or the daemon write. There is no login: it binds to 127.0.0.1 unless --host says "
                     "otherwise. PostgreSQL databases are not served (see the README for Grafana or Metabase).")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8001, help="port to listen on (default 8001)")
    daemon = _command(commands, "daemon", cmd_daemon, "crawl each source on its schedule until stopped",
                      "Run in the foreground (as systemd and containers want it): crawl each source on its own "
                      "interval or cron schedule (sources with the same schedule together, see --batch), each crawl "
                      "in a child process with a time and memory limit, one line logged per run. SIGTERM or SIGINT stops it (running crawls get --grace to "
                      "finish their current articles); SIGHUP reloads the config. One daemon per database. "
                      "A DURATION is a number with s, m, h, d or w (30s, 15m, 1h30m, 1w); a bare number is "
                      "seconds.")
    daemon.add_argument("--detach", action="store_true", help="run in the background (see --logfile, --pidfile)")
    daemon.add_argument("--pidfile", metavar="FILE", help="write the daemon's pid to FILE while it runs")
    daemon.add_argument("--logfile", metavar="FILE",
                        help="log to FILE instead of standard error (default with --detach: tollwatch.log)")
    daemon.add_argument("--time-limit", default="30m", metavar="DURATION",
                        help="stop a crawl that runs longer than this (default 30m)")
    daemon.add_argument("--memory-limit", default="2G", metavar="SIZE",
                        help="address-space limit of each crawl process, e.g. 2G, 512M; 0: none (default 2G)")
    daemon.add_argument("--jitter", default="5s", metavar="DURATION",
                        help="random delay added to each run, so sources sharing a host are not hit at "
                             "the same second; 0: none (default 5s)")
    daemon.add_argument("--grace", default="30s", metavar="DURATION",
                        help="how long a running crawl may take to finish its current articles when the "
                             "daemon stops; 0: none, it is killed at once (default 30s)")
    daemon.add_argument("--max-backoff", default="1h", metavar="DURATION",
                        help="longest wait between runs of a failing source (default 1h)")
    daemon.add_argument("--parallel", type=int, default=4, metavar="N",
                        help="crawls running at the same time, at most one per source (default 4)")
    daemon.add_argument("--batch", type=int, default=100, metavar="N",
                        help="sources with the same schedule are crawled together, up to N in one crawl "
                             "process, so an idle poll costs a conditional request, not a process start; "
                             "1: each source alone (default 100)")

    stop = _command(commands, "stop", cmd_stop, "stop the running daemon gracefully",
                    "Send SIGTERM to the daemon of the configured database (found through its database lock, "
                    "or --pidfile) and wait until it has exited. Exit 1 when no daemon is running.")
    stop.add_argument("--pidfile", metavar="FILE", help="the daemon's pidfile")
    stop.add_argument("--timeout", default="120s", metavar="DURATION",
                      help="how long to wait for the daemon to exit, e.g. 2m; a bare number is seconds "
                           "(default 120s)")

    status = _command(commands, "status", cmd_status, "show the daemon and each source's last and next run",
                      "Whether a daemon is running on the configured database, and for each configured "
                      "source its last run (time, outcome, counts, what its pages were), failed runs in a row and next run (UTC). "
                      "Exit 0 when a daemon is running, 3 when not.")
    status.add_argument("--pidfile", metavar="FILE", help="the daemon's pidfile")
    status.add_argument("--format", choices=FORMATS, default="table")

    prune = _command(commands, "prune", cmd_prune, "remove old crawl runs and fetch errors ([retention])",
                     "Apply the [retention] limits of the config now (the daemon does it by itself every 6 hours): "
                     "delete finished crawl runs older than `runs` that no stored article version or monitor row "
                     "refers to, and fetch errors older than `fetch_errors`, and print how many. Articles, "
                     "versions, figures, figure changes and monitor series are never removed.")
    prune.add_argument("--dry-run", action="store_true", help="only count what would be removed")

    sources = _command(commands, "sources", cmd_sources, "list the configured sources and their schedules",
                       "Each configured source (tollwatch.toml, or the built-in defaults): name, kind, first URL "
                       "and how many it has, schedule (interval or cron expression) and, when the database exists, "
                       "its last run and, while a daemon runs, its next run (UTC). A missing database is not "
                       "created: those columns are left out.")
    sources.add_argument("--format", choices=FORMATS, default="table")

    schema = _command(commands, "schema", cmd_schema, "describe the database's tables, views and columns",
                      "Without NAME, every table and view tollwatch creates, with what a row is; with NAME, its "
                      "columns with their types and what they hold (the same text as docs/schema.md). No "
                      "database is needed.")
    schema.add_argument("name", nargs="?", metavar="NAME", help="a table or view, e.g. figures")
    schema.add_argument("--format", choices=FORMATS, default="table")

    notify = _command(commands, "notify", cmd_notify, "send a test message to a monitor's notify targets",
                      "Send a message saying it is a test through each notify URL of the monitor, as alerts are "
                      "sent, and report per target whether it was delivered. Exit 0 when all were, 1 when any "
                      "failed, 2 for an unknown monitor or one without notify URLs. The database is not used.")
    notify.add_argument("--test", required=True, metavar="MONITOR", help="the configured monitor to test")
    return parser


def _command(commands: Any, name: str, handler: Callable[[argparse.Namespace], int], summary: str,
             description: str) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=summary, description=description)
    sub.set_defaults(handler=handler)
    return sub


def load(args: argparse.Namespace) -> Config:
    """The configuration, with --database applied."""
    config = load_config(args.config)
    if args.database:
        config = dataclasses.replace(config, database_url=args.database)
    return config


def cmd_crawl(args: argparse.Namespace) -> int:
    from scheduler.flags import seconds
    from scheduler.spawn import start_child

    config = load(args)
    time_limit = seconds(args.time_limit, "--time-limit") if args.time_limit is not None else None
    sources = config.select(args.source)
    if not sources:
        raise UserError(f"{config.where}: no sources configured")
    child = args.crawl_child
    try:  # the crawl process imports Scrapy while this one opens the database
        child = child or start_child()
    except OSError:
        child = None  # run_crawl tries again and records why it cannot
    try:
        from scheduler.crawl import run_crawl
        from storage.db import opened_database, safe_url

        with opened_database(config.database_url) as engine:
            progress = sys.stderr.isatty() and not args.quiet
            if not args.quiet:
                print(f"crawling {len(sources)} source(s) into {escape_controls(safe_url(config.database_url))}",
                      file=sys.stderr)
            _clean_up(engine)
            _fill_monitors(config, engine, progress)
            result = run_crawl(config, engine, sources, progress=progress, time_limit=time_limit,
                               log_level="INFO" if args.verbose else "ERROR", child=child)
    finally:
        if child is not None and child.poll() is None:  # never given its job (the database failed)
            child.kill()
            child.wait()
    print(result.summary(monitors=bool(config.monitors)))
    return 0 if result.status == "ok" else 1


def _clean_up(engine: Engine) -> None:
    """End what crawls whose command or daemon died left running, and close their runs, one line each."""
    from scheduler.orphans import clean_up

    reaped, stale = clean_up(engine)
    if reaped:
        print(f"tollwatch: ended {len(reaped)} process(es) left by crawls whose command or daemon died: "
              f"pid {', '.join(map(str, reaped))}", file=sys.stderr)
    for run_id, message in stale.items():
        print(f"tollwatch: run {run_id} was left running; marked failed: {escape_controls(message)}",
              file=sys.stderr)


def _fill_monitors(config: Config, engine: Engine, show_progress: bool) -> None:
    """Before crawling, fill the monitors that are new or changed in the config from the stored history: one
    line each on stdout, and meanwhile a progress line on the terminal (stderr), as `reprocess` shows."""
    from scheduler.monitors import fill_monitors

    def progress(monitor: str, done: int, total: int) -> None:
        sys.stderr.write(f"\r\x1b[Kmonitor {monitor}: filling from stored article versions: {done:,}/{total:,}")
        sys.stderr.flush()

    def report(line: str) -> None:
        if show_progress:
            sys.stderr.write("\r\x1b[K")
        print(line, flush=True)

    fill_monitors(config, engine, report, progress if show_progress else None)


def cmd_extract(args: argparse.Namespace) -> int:
    from crawler.extraction import examine_page, extract_text
    from crawler.extraction.outcome import NO_TEXT
    from crawler.extraction.pdf import examine_pdf
    from crawler.extraction.pdf_kind import is_pdf
    from scheduler.figure_lines import figure_lines

    show_figures = sys.stdout.isatty() if args.figures is None else args.figures
    # pypdf logs each flaw of a malformed file ("EOF marker not found") through Python's last-resort handler,
    # raw on the terminal; what matters is said in the line below (an unreadable PDF), or the file was read
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    failures = 0
    for index, source in enumerate(args.inputs):
        data, url = _read_input(source)
        if args.input_format == "text":
            result = extract_text(data.decode("utf-8", errors="replace"), url)
        elif is_pdf(data, None):  # a PDF report, as a crawl reads one
            verdict, result = examine_pdf(data, url)
        else:
            verdict, result = examine_page(data, url)
        if result is None:
            why = "" if verdict.reason == NO_TEXT else f" ({verdict.reason})"  # a wall, a challenge: what told
            print(f"tollwatch: {escape_controls(shorten(source, MAX_PATH_SHOWN))}: no article text found"
                  f"{escape_controls(why)}", file=sys.stderr)
            failures += 1
            if args.format == "jsonl":
                print(json_text({"input": source, "error": "no article text found", "outcome": verdict.outcome,
                                 "reason": verdict.reason}))
            continue
        if args.format == "text":
            if index:
                print()
            print(escape_controls(result.text, keep="\n\t"))
            if show_figures:
                lines = figure_lines(result.figures, result.totals)  # after a blank line
                print("\n".join(lines if result.text.endswith("\n") else ["", *lines]))
        elif args.format == "json":
            print(json_text(result.to_dict(), indent=2))
        else:
            print(json_text({"input": source, **result.to_dict()}))
    return 1 if failures == len(args.inputs) else 0


def _read_input(source: str) -> tuple[bytes, str | None]:
    """Bytes of a path, URL or stdin, and the URL they came from (if any)."""
    if source == "-":
        return sys.stdin.buffer.read(), None
    if source.startswith(("http://", "https://")):
        from crawler.settings import USER_AGENT

        import urllib.request

        request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http/https only)
                return response.read(FETCH_LIMIT), response.geturl()
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot fetch {shorten(source, MAX_PATH_SHOWN)}: "
                            f"{shorten(str(exc), MAX_PATH_SHOWN)}") from None
    path = Path(source)
    try:
        return path.read_bytes(), None
    except OSError as exc:
        raise UserError(f"cannot read {shorten(source, MAX_PATH_SHOWN)}: {exc.strerror or exc}") from None


def cmd_changes(args: argparse.Namespace) -> int:
    from scheduler.changes import parse_since, print_changes
    from storage.history import CHANGE_COLUMNS, recent_changes
    from storage.recorder import utcnow
    from storage.db import opened_database

    config = load(args)
    try:
        since = parse_since(args.since, utcnow())
    except ValueError as exc:
        raise UserError(f"--since: {exc}") from None
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    if args.source is not None:
        config.select([args.source])  # a mistyped name is an error, not an empty list
    if args.monitor is not None:
        return _monitor_changes(args, config, since)
    with opened_database(config.database_url, create=False) as engine:
        rows = recent_changes(engine, since, args.source, args.category, args.limit, args.changed_only)
    print_changes(CHANGE_COLUMNS, rows, args.format)
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from scheduler.monitors import rebuild
    from storage.db import opened_database

    config = load(args)
    with opened_database(config.database_url) as engine:
        if not args.monitors:
            from scheduler.reprocess import reprocess

            summary = reprocess(engine)
            print(f"reprocessed {summary.versions} versions of {summary.articles} articles: {summary.texts_changed} "
                  f"texts changed; figures {summary.figures_before} -> {summary.figures_after}; figure changes "
                  f"{summary.changes_before} -> {summary.changes_after}"
                  + (f"; {summary.skipped} versions without stored HTML kept as they were"
                     if summary.skipped else ""))
        if args.monitors or config.monitors:  # figures were rebuilt: so must the monitors' points be
            result = rebuild(config, engine)
            print(f"monitors: {len(config.monitors)} re-evaluated over {result.versions} versions: "
                  f"{result.total('matched')} matching versions, {result.total('points')} points, "
                  f"{result.total('changes')} series changes")
    return 0


def _monitor_names(config: Config, name: str) -> None:
    if name not in {m.name for m in config.monitors}:
        known = ", ".join(m.name for m in config.monitors) or "none configured"
        raise UserError(f"{config.where}: no monitor named {shorten(name)!r} (known: {known})")


def _monitor_changes(args: argparse.Namespace, config: Config, since: Any) -> int:
    from scheduler.changes import print_series_changes
    from storage.monitors import SERIES_CHANGE_COLUMNS, series_changes
    from storage.db import opened_database

    _monitor_names(config, args.monitor)
    with opened_database(config.database_url, create=False) as engine:
        with engine.connect() as conn:
            rows = series_changes(conn, args.monitor, since, args.source, args.category, args.limit)
    print_series_changes(SERIES_CHANGE_COLUMNS, [tuple(r)[:len(SERIES_CHANGE_COLUMNS)] for r in rows], args.format)
    return 0


def cmd_monitors(args: argparse.Namespace) -> int:
    from storage.monitors import SERIES_COLUMNS, monitor_overview
    from storage.db import opened_database

    config = load(args)
    if not config.monitors:
        raise UserError(f"{config.where}: no monitors configured (add [[monitors]] tables, see the README)")
    with opened_database(config.database_url, create=False) as engine:
        with engine.connect() as conn:
            rows = monitor_overview(conn, [m.name for m in config.monitors])
    print_rows(SERIES_COLUMNS, rows, args.format)
    return 0


def cmd_chart(args: argparse.Namespace) -> int:
    from scheduler.changes import parse_since
    from scheduler.chart import active_since, window, write_chart
    from storage.monitors import chart_points
    from storage.db import opened_database
    from storage.recorder import utcnow

    config = load(args)
    _monitor_names(config, args.name)
    try:
        since = parse_since(args.since, utcnow()) if args.since is not None else None
    except ValueError as exc:
        raise UserError(f"--since: {exc}") from None
    out, shown = Path(args.out), shorten(args.out, MAX_PATH_SHOWN)
    if out.suffix.lower() != ".png":
        raise UserError(f"--out: {shown!r} must be a .png file")
    if not out.parent.is_dir():
        raise UserError(f"--out: directory {shorten(str(out.parent), MAX_PATH_SHOWN)!r} does not exist")
    if out.is_dir():
        raise UserError(f"--out: {shown!r} is a directory")
    with opened_database(config.database_url, create=False) as engine:
        with engine.connect() as conn:
            points = chart_points(conn, args.name, args.category)
    if not points:
        print(f"tollwatch: monitor {args.name!r} has no {args.category} figures yet; no chart written",
              file=sys.stderr)
        return 1
    points, start = window(points, since if args.since is not None else active_since(points))
    if not points:
        print(f"tollwatch: monitor {args.name!r} has no {args.category} figures since {timestamp(since)}; "
              "no chart written", file=sys.stderr)
        return 1
    try:
        write_chart(out, args.name, args.category, points, start)
    except OSError as exc:
        raise UserError(f"--out: cannot write {shown!r}: {exc.strerror or exc}") from None
    print(f"wrote {out} ({len({p.series_id for p in points})} series, {len(points)} points"
          + (f" since {timestamp(start)})" if start else ")"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from scheduler.serve import is_local, listen, monitors_in, serve
    from storage.db import opened_database, sqlite_file

    config = load(args)
    path = sqlite_file(config.database_url)
    if path is None:
        raise UserError("serve reads SQLite databases only; for PostgreSQL, point Grafana or Metabase at the "
                        "documented views with the read-only role (README, \"Browsing the database\")")
    if not 0 < args.port < 65536:
        raise UserError(f"--port: {args.port} is not a port number (1-65535)")
    with opened_database(config.database_url, create=False) as engine:  # upgrades the schema (search indexes)
        monitors = monitors_in(engine, config)
    try:
        sock = listen(args.host, args.port)
    except OSError as exc:
        raise UserError(f"cannot listen on {shorten(args.host)}:{args.port}: {exc.strerror or exc}") from None
    if not is_local(args.host):
        print(f"tollwatch: warning: serving on {shorten(args.host)}: anyone who can reach this port can read the "
              "whole database (there is no login; see the README for a reverse proxy with authentication)",
              file=sys.stderr)
    return serve(Path(path), monitors, sock)


def cmd_sql(args: argparse.Namespace) -> int:
    from storage.db import opened_database
    from storage.query import run_query

    config = load(args)
    try:
        time_limit = parse_duration(args.time_limit)
    except ValueError as exc:
        raise UserError(f"--time-limit: {exc}") from None
    if time_limit > SQL_MAX_TIME_LIMIT:
        raise UserError(f"--time-limit: {shorten(args.time_limit)!r} is too long for a query (at most 1d)")
    with opened_database(config.database_url, create=False):  # upgrades the schema before reading
        pass
    result = run_query(config.database_url, args.query, time_limit=time_limit,
                       allow_writable_role=args.allow_writable_role)
    print_rows(result.columns, result.rows, args.format)
    if result.truncated:
        print(f"tollwatch: only the first {len(result.rows)} rows are shown", file=sys.stderr)
    return 0


def cmd_daemon(args: argparse.Namespace) -> int:
    from scheduler.daemon_commands import daemon_command

    return daemon_command(args)


def cmd_stop(args: argparse.Namespace) -> int:
    from scheduler.daemon_commands import stop_command

    return stop_command(load(args), args)


def cmd_prune(args: argparse.Namespace) -> int:
    from storage.db import opened_database
    from storage.retention import limits, prune

    config = load(args)
    keep = config.retention
    with opened_database(config.database_url, create=False) as engine:
        result = prune(engine, keep.runs, keep.fetch_errors, dry_run=args.dry_run)
    print(f"{'would remove' if args.dry_run else 'removed'} {result.describe()} "
          f"({limits(keep.runs, keep.fetch_errors)})")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from scheduler.daemon_commands import status_command

    return status_command(load(args), args)


def cmd_sources(args: argparse.Namespace) -> int:
    from scheduler.source_listing import print_sources

    print_sources(load(args), args.format)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from scheduler.schema_listing import print_schema

    try:
        print_schema(args.name, args.format)
    except ValueError as exc:
        raise UserError(f"schema: {exc}") from None
    return 0


def cmd_notify(args: argparse.Namespace) -> int:
    from scheduler.notify_check import send_test

    config = load(args)
    _monitor_names(config, args.test)
    monitor = next(m for m in config.monitors if m.name == args.test)
    if not monitor.notify:
        raise UserError(f"{config.where}: monitor {args.test!r} has no notify URLs")
    deliveries = send_test(monitor.name, monitor.notify)
    for number, delivery in enumerate(deliveries, 1):
        outcome = "delivered" if delivery.error is None else f"failed: {delivery.error}"
        print(f"{number}. {delivery.target}: {escape_controls(outcome)}")
    return 1 if any(d.error is not None for d in deliveries) else 0


if __name__ == "__main__":
    main()
