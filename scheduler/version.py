"""`tollwatch --version`: the installed package's version, looked up only when asked for."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

PACKAGE = "tollwatch"


def installed_version() -> str:
    """The version of the installed tollwatch distribution (its package metadata)."""
    from importlib.metadata import version

    return version(PACKAGE)


class VersionAction(argparse.Action):
    """`--version`: print `tollwatch X.Y.Z` and exit 0; unlike argparse's own, the version is read only then."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> NoReturn:
        print(f"{PACKAGE} {installed_version()}")
        sys.exit(0)
