"""Hand trafilatura the parsed page itself, not a copy of it.

`trafilatura.bare_extraction` copies a tree it is given, so that the caller's tree stays as it was.
tollwatch reads everything it needs from the page's tree before extracting and never looks at it
again, so that copy is wasted work (3 to 5% of a worker's time on the bench pages). Within
`handed_over`, trafilatura's `load_html` takes a `HandedOver` tree as a page it parsed itself, which
`bare_extraction` does not copy.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, NamedTuple

import lxml.html
import trafilatura.core

from crawler.extraction.scoped import definition, replaced


class HandedOver(NamedTuple):
    """A tree trafilatura may change as it extracts."""

    tree: lxml.html.HtmlElement


def copies_only_its_own_input(function: Any) -> bool:
    """Whether `function` (bare_extraction) uses its input only to load it and to copy a tree it was given:
    `tree = load_html(filecontent, ...)` and `if tree is filecontent: tree = copy(tree)`."""
    tree = definition(function)
    if tree is None or not tree.args.args:
        return False
    name = tree.args.args[0].arg
    uses = [node for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id == name]
    loads = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Name) and node.func.id == "load_html"
             and node.args and isinstance(node.args[0], ast.Name) and node.args[0].id == name]
    copies = [node for node in ast.walk(tree) if isinstance(node, ast.If)
              and ast.unparse(node) == f"if tree is {name}:\n    tree = copy(tree)"]
    return len(uses) == 2 and len(loads) == 1 and len(copies) == 1


def _load_html(htmlobject: Any, max_size: int | None = None) -> Any:
    """trafilatura's `load_html`, which takes a handed-over tree as it is."""
    if isinstance(htmlobject, HandedOver):
        return htmlobject.tree
    return _ORIGINAL(htmlobject, max_size)


@contextmanager
def handed_over(tree: lxml.html.HtmlElement) -> Iterator[HandedOver | lxml.html.HtmlElement]:
    """Within the block, `bare_extraction` of what this yields works on `tree` itself (or, with a
    trafilatura release that uses its input otherwise, on a copy as usual)."""
    if not _USABLE:
        yield tree
        return
    with replaced([(trafilatura.core, "load_html", _load_html)]):
        yield HandedOver(tree)


_ORIGINAL = trafilatura.core.load_html
_USABLE = copies_only_its_own_input(trafilatura.core.bare_extraction)
