"""Module attributes replaced for the length of a block and restored even on error: how tollwatch has
trafilatura use a faster equivalent of one of its parts without changing trafilatura outside the block."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def replaced(replacements: Iterable[tuple[Any, str, Any]]) -> Iterator[None]:
    """Within the block, each (module, name, value) has `module.name` set to `value`."""
    replacements = list(replacements)
    originals = [getattr(module, name) for module, name, _ in replacements]
    for module, name, value in replacements:
        setattr(module, name, value)
    try:
        yield
    finally:
        for (module, name, _), original in zip(replacements, originals):
            setattr(module, name, original)
