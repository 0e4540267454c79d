"""Module attributes replaced for the length of a block and restored even on error: how tollwatch has
trafilatura use a faster equivalent of one of its parts without changing trafilatura outside the block."""
from __future__ import annotations

import ast
import inspect
import textwrap
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


def definition(function: Any) -> ast.FunctionDef | None:
    """The syntax tree of a function's source; None without source. Replacements read it to check that
    the part of trafilatura they stand in for is still the one they mirror."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    except (OSError, TypeError, SyntaxError):  # no source to read
        return None
    return tree if isinstance(tree, ast.FunctionDef) else None


def statements(function: Any) -> str | None:
    """A function's statements after its docstring as `ast.unparse` writes them (no comments, one layout);
    None without source."""
    tree = definition(function)
    if tree is None:
        return None
    return "\n".join(map(ast.unparse, tree.body[1:] if ast.get_docstring(tree) is not None else tree.body))
