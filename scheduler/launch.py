"""Entry point of the `tollwatch` command. For `tollwatch crawl` it starts the crawl process before the
command line itself loads (30 ms of imports and config), so that process imports Scrapy meanwhile:
a re-crawl of an unchanged site ends that much sooner. Everything else is `scheduler.cli.main`."""
from __future__ import annotations

import sys
from collections.abc import Sequence

# The command line's options that come before the command and take a value (see `cli.build_parser`).
GLOBAL_OPTIONS_WITH_VALUE = ("--config", "--database")


def command_name(argv: Sequence[str]) -> str | None:
    """The command `argv` names: its first argument that is neither a global option nor an option's value."""
    args = iter(argv)
    for arg in args:
        if arg in GLOBAL_OPTIONS_WITH_VALUE:
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None


def main() -> None:
    """Run the `tollwatch` command; a crawl process started here and never given its job is ended."""
    child = None
    try:
        if command_name(sys.argv[1:]) == "crawl":
            from scheduler.spawn import start_child

            try:
                child = start_child()
            except OSError:
                child = None  # `tollwatch crawl` tries again and records why it cannot
        from scheduler import cli

        cli.main(crawl_child=child)
    except KeyboardInterrupt:  # Ctrl-C before the command line had loaded
        print("tollwatch: interrupted", file=sys.stderr)
        sys.exit(130)
    finally:
        if child is not None and child.poll() is None:  # the command failed before handing over a job
            child.kill()
            child.wait()
