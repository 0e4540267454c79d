"""Module attributes replaced for the length of a block and restored even on error: how tollwatch has
trafilatura use a faster equivalent of one of its parts without changing trafilatura outside the block."""
from __future__ import annotations

import ast
import hashlib
import importlib
import inspect
import sys
import textwrap
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import ModuleType
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


def definition(function: Any) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The syntax tree of a function's source; None without source. Replacements read it to check that
    the part of trafilatura they stand in for is still the one they mirror."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function))).body[0]
    except (OSError, TypeError, SyntaxError):  # no source to read
        return None
    return tree if isinstance(tree, (ast.FunctionDef, ast.AsyncFunctionDef)) else None


def statements(function: Any) -> str | None:
    """A function's statements after its docstring as `ast.unparse` writes them (no comments, one layout);
    None without source."""
    tree = definition(function)
    if tree is None:
        return None
    return "\n".join(map(ast.unparse, tree.body[1:] if ast.get_docstring(tree) is not None else tree.body))


def fingerprint(function: Any) -> str | None:
    """A short hash of a function's statements (`statements`), or of a whole module's code (without comments):
    what a replacement records of each part of trafilatura whose behaviour it assumes, to be used only while
    that part is unchanged. None without source."""
    if isinstance(function, ModuleType):
        try:
            body: str | None = ast.unparse(ast.parse(inspect.getsource(function)))
        except (OSError, TypeError, SyntaxError):
            body = None
    else:
        body = statements(function)
    return None if body is None else hashlib.sha256(body.encode()).hexdigest()[:16]


def readers(module: ModuleType, name: str) -> set[str] | None:
    """The functions of `module` (by name, `Class.method` for methods) whose code reads the global `name`,
    and "<module>" if code outside any function does; None without the module's source."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return None

    def reads(node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) for n in ast.walk(node))

    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            found |= {node.name} if reads(node) else set()
        elif isinstance(node, ast.ClassDef):
            found |= {f"{node.name}.{n.name}" for n in node.body
                      if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and reads(n)}
            found |= {"<module>"} if any(reads(n) for n in node.body
                                         if not isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))) else set()
        elif reads(node):
            found.add("<module>")
    return found


def unchanged(assumed: dict[str, str], globals_read: Iterable[tuple[ModuleType, str]] = ()) -> bool:
    """Whether trafilatura is still the one a replacement was written against: each function named in
    `assumed` ("package.module.function", or a module's name, mapped to its recorded `fingerprint`) has the
    same statements, and each global `(module, name)` the replacement swaps is read by no function of its
    module but those."""
    for qualified, recorded in assumed.items():
        module_name, _, function_name = qualified.rpartition(".")
        try:
            function = sys.modules.get(qualified) or getattr(importlib.import_module(module_name), function_name)
        except (ImportError, AttributeError):
            return False
        if fingerprint(function) != recorded:
            return False
    for module, name in globals_read:
        found = readers(module, name)
        if found is None or not found <= {q.rpartition(".")[2] for q in assumed
                                           if q.rpartition(".")[0] == module.__name__}:
            return False
    return True


def assignment(module: ModuleType, name: str) -> str | None:
    """The value `module` assigns to its global `name` at its top level, as `ast.unparse` writes it; None
    without source or without exactly one such assignment."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError, SyntaxError):
        return None
    values = [node.value for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
              and any(isinstance(t, ast.Name) and t.id == name
                      for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))]
    return ast.unparse(values[0]) if len(values) == 1 and values[0] is not None else None
