"""The `tollwatch` command line: crawl sources, inspect a page's extraction, query the history."""
from __future__ import annotations

import argparse
import json
import sys
import urllib.request
from datetime import timedelta
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from crawler.extraction.figures import CATEGORIES
from scheduler.config import Config, ConfigError, load_config, parse_duration
from scheduler.output import FORMATS, print_rows
from storage.db import DatabaseError, open_database, safe_url
from storage.query import DEFAULT_TIME_LIMIT, QueryError, run_query

EXIT_USAGE = 2
FETCH_LIMIT = 10 * 1024 * 1024


class UserError(Exception):
    """A mistake the user can fix; printed as one line, exit code 2."""


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `tollwatch` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        sys.exit(EXIT_USAGE)
    try:
        code = args.handler(args)
    except (UserError, ConfigError, DatabaseError, QueryError) as exc:
        print(f"tollwatch: error: {exc}", file=sys.stderr)
        code = EXIT_USAGE
    except KeyboardInterrupt:
        print("tollwatch: interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        code = 0
    sys.exit(code)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    crawl = _command(commands, "crawl", cmd_crawl, "crawl the configured sources once, now",
                     "Fetch every configured source (or those named with --source), extract new and "
                     "changed articles and store them. Exit 0 when the crawl ran, even if some pages "
                     "failed (see the fetch_errors table); 1 when no source could be reached.")
    crawl.add_argument("--source", action="append", metavar="NAME", help="crawl only this source (repeatable)")
    crawl.add_argument("--verbose", "-v", action="store_true", help="show Scrapy's log")
    crawl.add_argument("--quiet", "-q", action="store_true", help="no progress line")

    extract = _command(commands, "extract", cmd_extract, "show the extraction of one or more pages",
                       "Run consent removal, text extraction and casualty-figure parsing on pages given "
                       "as file paths, URLs or - (standard input), and print the result. Nothing is stored.")
    extract.add_argument("inputs", nargs="+", metavar="INPUT", help="a file path, an http(s) URL, or -")
    extract.add_argument("--format", choices=("text", "json", "jsonl"), default="text",
                         help="text: the main text; json: one object with metadata, removed banners, "
                              "figures and totals; jsonl: one such object per line, per input")
    extract.add_argument("--input-format", choices=("html", "text"), default="html",
                         help="treat inputs as HTML pages (default) or as plain article text")

    sql = _command(commands, "sql", cmd_sql, "query the database, read-only",
                   "Run one read-only SQL query against the database (tables and views in the README). "
                   "Statements that write are refused by the connection itself.")
    sql.add_argument("query", help="one SQL SELECT statement")
    sql.add_argument("--format", choices=FORMATS, default="table")
    sql.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                     help=f"stop the query after this long (default {DEFAULT_TIME_LIMIT:g})")
    changes = _command(commands, "changes", cmd_changes, "list recent changes of reported figures",
                       "Every time an article reported a figure for the first time, or a new value for it, "
                       "newest first (the figure_timeline view).")
    changes.add_argument("--since", metavar="DURATION", default="7d",
                         help="how far back: e.g. 6h, 2d (default 7d)")
    changes.add_argument("--source", metavar="NAME", help="only this source")
    changes.add_argument("--category", choices=CATEGORIES, help="only this category")
    changes.add_argument("--limit", type=int, default=1000, help="at most this many rows (default 1000)")
    changes.add_argument("--format", choices=FORMATS, default="table")

    _command(commands, "reprocess", cmd_reprocess, "re-run the extractor over stored pages",
             "Re-extract the text and figures of every stored version from its saved HTML with the "
             "current extractor (no fetching), rebuild figures and figure changes, and report what changed.")
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
        config = Config(config.path, args.database, config.sources, config.crawl)
    return config


def cmd_crawl(args: argparse.Namespace) -> int:
    from scheduler.crawl import run_crawl

    config = load(args)
    sources = config.select(args.source)
    if not sources:
        raise UserError(f"{config.where}: no sources configured")
    engine = open_database(config.database_url)
    try:
        progress = sys.stderr.isatty() and not args.quiet
        if not args.quiet:
            print(f"crawling {len(sources)} source(s) into {safe_url(config.database_url)}", file=sys.stderr)
        result = run_crawl(config, engine, sources, progress=progress,
                           log_level="INFO" if args.verbose else "ERROR")
    finally:
        engine.dispose()
    print(f"crawl {result.run_id} {result.status} in {result.duration:.1f}s: {result.pages_fetched} pages "
          f"fetched, {result.new_articles} new articles, {result.changed_articles} changed, "
          f"{result.unchanged_articles} unchanged, {result.errors} errors"
          + (f" ({result.message})" if result.message else ""))
    return 0 if result.status == "ok" else 1


def cmd_extract(args: argparse.Namespace) -> int:
    from crawler.extraction import extract_page, extract_text

    failures = 0
    for index, source in enumerate(args.inputs):
        data, url = _read_input(source)
        if args.input_format == "text":
            result = extract_text(data.decode("utf-8", errors="replace"), url)
        else:
            result = extract_page(data, url)
        if result is None:
            print(f"tollwatch: {source}: no article text found", file=sys.stderr)
            failures += 1
            if args.format == "jsonl":
                print(json.dumps({"input": source, "error": "no article text found"}))
            continue
        if args.format == "text":
            if index:
                print()
            print(result.text)
        elif args.format == "json":
            print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            print(json.dumps({"input": source, **result.to_dict()}, ensure_ascii=False))
    return 1 if failures == len(args.inputs) else 0


def _read_input(source: str) -> tuple[bytes, str | None]:
    """Bytes of a path, URL or stdin, and the URL they came from (if any)."""
    if source == "-":
        return sys.stdin.buffer.read(), None
    if source.startswith(("http://", "https://")):
        from crawler.settings import USER_AGENT

        request = urllib.request.Request(source, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (http/https only)
                return response.read(FETCH_LIMIT), response.geturl()
        except (OSError, ValueError) as exc:
            raise UserError(f"cannot fetch {source}: {exc}") from None
    path = Path(source)
    try:
        return path.read_bytes(), None
    except OSError as exc:
        raise UserError(f"cannot read {source}: {exc.strerror or exc}") from None


def cmd_changes(args: argparse.Namespace) -> int:
    from storage.history import CHANGE_COLUMNS, recent_changes
    from storage.recorder import utcnow

    try:
        since = utcnow() - timedelta(seconds=parse_duration(args.since))
    except ValueError as exc:
        raise UserError(f"--since: {exc}") from None
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    engine = open_database(load(args).database_url)
    try:
        rows = recent_changes(engine, since, args.source, args.category, args.limit)
    finally:
        engine.dispose()
    print_rows(CHANGE_COLUMNS, rows, args.format)
    return 0


def cmd_reprocess(args: argparse.Namespace) -> int:
    from scheduler.reprocess import reprocess

    engine = open_database(load(args).database_url)
    try:
        summary = reprocess(engine)
    finally:
        engine.dispose()
    print(f"reprocessed {summary.versions} versions of {summary.articles} articles: {summary.texts_changed} "
          f"texts changed; figures {summary.figures_before} -> {summary.figures_after}; figure changes "
          f"{summary.changes_before} -> {summary.changes_after}"
          + (f"; {summary.skipped} versions without stored HTML kept as they were" if summary.skipped else ""))
    return 0


def cmd_sql(args: argparse.Namespace) -> int:
    config = load(args)
    if args.time_limit <= 0:
        raise UserError("--time-limit must be more than zero")
    engine = open_database(config.database_url)  # creates or upgrades the schema before reading
    engine.dispose()
    result = run_query(config.database_url, args.query, time_limit=args.time_limit)
    print_rows(result.columns, result.rows, args.format)
    if result.truncated:
        print(f"tollwatch: only the first {len(result.rows)} rows are shown", file=sys.stderr)
    return 0


if __name__ == "__main__":
    main()
