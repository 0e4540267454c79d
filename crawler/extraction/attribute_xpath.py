"""trafilatura's attribute-test XPath expressions, compiled to Python: the same elements in the same order.

Expressions such as BODY_XPATH and BASIC_CLEAN_XPATH select elements by tag and by tests on their
attributes (`@class='post'`, `contains(...)`, `starts-with(...)`, `translate(...)`, EXSLT `re:test`).
libxml2 evaluates each test on every element, and answers each `re:test` by calling back into
Python, attribute or not. One Python pass over the elements of the named tags, reading each one's
attributes once, takes half to three quarters of the time. Only expressions made entirely of the forms
below are compiled; any other stays an XPath.

    expression := part ('|' part)*
    part       := './/' node pred* | '(' './/' node pred* ')[1]'      (the second: first match only)
    node       := '*' | NAME
    pred       := '[' term (' or ' term)* ']' | '[1]'                 ('[1]': first match per parent)
    term       := 'self::' NAME | '@' NAME '=' STR | contains|starts-with '(' value ', ' STR ')'
                | 're:test(' ATTRS ', ' STR [', ' STR] ')'
    value      := ATTRS | 'translate(' ATTRS ', ' STR ', ' STR ')'
    ATTRS      := '@' NAME ('|@' NAME)*
"""
from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass

import trafilatura.main_extractor
from lxml import etree

from crawler.extraction.discard import first_value
from crawler.extraction.scoped import replaced

NAME = r"[\w-]+"
STR = r"'([^']*)'"
ATTRS = rf"(@{NAME}(?:\|@{NAME})*)"
TERMS = [  # (kind, pattern of one term)
    ("self", re.compile(rf"self::({NAME})")),
    ("equals", re.compile(rf"@({NAME}) ?= ?{STR}")),
    ("contains", re.compile(rf"contains\({ATTRS}, {STR}\)")),
    ("starts", re.compile(rf"starts-with\({ATTRS}, {STR}\)")),
    ("contains_translated", re.compile(rf"contains\(translate\({ATTRS}, ?{STR}, ?{STR}\), {STR}\)")),
    ("regex", re.compile(rf"re:test\({ATTRS}, {STR}(?:, {STR})?\)")),
]
PART = re.compile(rf"(\()?\.//(\*|{NAME})(.*)")  # then predicates, and ")[1]" if it opened with "("

Test = Callable[[etree._Element], bool]


def _value(names: tuple[str, ...]) -> Callable[[etree._Element], str]:
    """XPath's string(@a|@b...) as a function of the element."""
    if len(names) == 1:
        name = names[0]
        return lambda e: e.get(name) or ""
    return lambda e: first_value(e, names)


def _term(text: str) -> Test | None:
    """One term of an `or`, or None if it is not one of the compiled forms."""
    for kind, pattern in TERMS:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        groups = match.groups()
        if kind == "self":
            return lambda e, tag=groups[0]: e.tag == tag
        if kind == "equals":
            return lambda e, name=groups[0], wanted=groups[1]: e.get(name) == wanted
        value = _value(tuple(a.lstrip("@") for a in groups[0].split("|")))
        if kind == "contains":
            return lambda e, s=groups[1]: s in value(e)
        if kind == "starts":
            return lambda e, s=groups[1]: value(e).startswith(s)
        if kind == "contains_translated":
            # not compiled: characters without a counterpart (XPath deletes them), or repeated ones
            if len(groups[2]) < len(groups[1]) or len(set(groups[1])) < len(groups[1]):
                return None
            table = str.maketrans(groups[1], groups[2][:len(groups[1])])
            return lambda e, s=groups[3]: s in value(e).translate(table)
        flags = groups[2] or ""
        if set(flags) - {"i"}:
            return None
        regex = re.compile(groups[1], re.IGNORECASE if flags else 0)
        return lambda e: regex.search(value(e)) is not None
    return None


def _split_outside(text: str, separator: str) -> list[str] | None:
    """The pieces of `text` between separators that stand outside string literals, brackets and
    parentheses (`a|b` into parts, `a or b` into terms); None if those do not balance."""
    pieces, depth, quoted, start, i = [], 0, False, 0, 0
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted = not quoted
        elif quoted:
            pass
        elif char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            pieces.append(text[start:i])
            start = i + len(separator)
            i = start
            continue
        i += 1
    return None if quoted or depth else [*pieces, text[start:]]


@dataclass
class Part:
    """One `.//node[...]...` of a union: its tests, and which matches it selects."""

    tags: frozenset[str] | None  # the element names it can select, None for any
    test: Test
    first: bool  # (...)[1]: only the first match in document order
    first_per_parent: bool  # ...[1]: the first match among each element's children


def _predicates(text: str) -> list[str] | None:
    """The contents of `[...][...]`, brackets inside string literals left alone."""
    found, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif quoted:
            continue
        elif char == "[":
            depth += 1
            if depth == 1:
                start = i + 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                found.append(text[start:i])
        elif depth == 0:  # anything between predicates: not of the grammar
            return None
    return None if depth or quoted else found


def _part(text: str) -> Part | None:
    match = PART.fullmatch(text.strip())
    if match is None:
        return None
    first, node, rest = bool(match.group(1)), match.group(2), match.group(3)
    if first:
        if not rest.endswith(")[1]"):
            return None
        rest = rest[:-len(")[1]")]
    predicates = _predicates(rest)
    if predicates is None:
        return None
    tests: list[Test] = []
    tags = None if node == "*" else frozenset([node])
    first_per_parent = False
    for number, predicate in enumerate(predicates):
        if predicate.strip() == "1":
            if number != len(predicates) - 1:  # a position before another test: not compiled
                return None
            first_per_parent = True
            continue
        terms = [t.strip() for t in _split_outside(predicate.strip(), " or ") or [""]]
        selves = [TERMS[0][1].fullmatch(t) for t in terms]
        if all(selves):  # only tag tests: they narrow the walk
            named = frozenset(m.group(1) for m in selves if m)
            tags = named if tags is None else tags & named
            continue
        compiled = [_term(t) for t in terms]
        if any(t is None for t in compiled):
            return None
        tests.append(compiled[0] if len(compiled) == 1 else (lambda e, ts=tuple(compiled): any(t(e) for t in ts)))
    test = tests[0] if len(tests) == 1 else (lambda e, ts=tuple(tests): all(t(e) for t in ts))
    return Part(tags, test, first=first, first_per_parent=first_per_parent)


class CompiledXPath:
    """An expression of the grammar above, evaluated in one pass over the tree in document order."""

    def __init__(self, path: str, parts: list[Part]):
        self.path, self.parts = path, parts
        tags = [p.tags for p in parts]
        self.tags = () if None in tags else tuple(sorted(frozenset().union(*tags)))  # type: ignore[arg-type]

    def __call__(self, tree: etree._Element) -> list[etree._Element]:
        selected: list[etree._Element] = []
        done = [False] * len(self.parts)
        parents: list[set[etree._Element]] = [set() for _ in self.parts]
        for e in tree.iterdescendants(*self.tags) if self.tags else tree.iterdescendants(etree.Element):
            chosen = False
            for i, part in enumerate(self.parts):
                if done[i] or (part.tags is not None and e.tag not in part.tags) or not part.test(e):
                    continue
                if part.first:
                    done[i] = True
                elif part.first_per_parent:
                    parent = e.getparent()
                    if parent in parents[i]:
                        continue
                    parents[i].add(parent)
                chosen = True
            if chosen:
                selected.append(e)
            if all(done):
                break
        return selected


def compile_xpath(xpath: etree.XPath) -> CompiledXPath | None:
    """The Python form of an XPath of the grammar above, or None if it is not of that grammar."""
    path = " ".join(xpath.path.split())
    parts = [_part(p) for p in _split_outside(path, "|") or []]
    if not parts or any(p is None for p in parts):
        return None
    return CompiledXPath(path, parts)  # type: ignore[arg-type]


def _compiled_list(xpaths: list[etree.XPath]) -> list[etree.XPath | CompiledXPath]:
    return [compile_xpath(x) or x for x in xpaths]


# (module, name, Python form) of the expressions compiled where that measured faster: finding the
# article body, and the basic cleaning behind html2txt (DISCARD_IMAGE_ELEMENTS and TEASER_DISCARD_XPATH
# would compile too, but their plain contains() tests cost libxml2 no more than Python)
_MAIN = trafilatura.main_extractor
_BASELINE = importlib.import_module("trafilatura.baseline")  # the package's `baseline` is the function
COMPILED = [
    (_MAIN, "BODY_XPATH", _compiled_list(_MAIN.BODY_XPATH)),
    (_BASELINE, "BASIC_CLEAN_XPATH", compile_xpath(_BASELINE.BASIC_CLEAN_XPATH) or _BASELINE.BASIC_CLEAN_XPATH),
]


def compiled_attribute_xpaths() -> AbstractContextManager[None]:
    """Within the block, trafilatura evaluates these expressions in their Python form."""
    return replaced(COMPILED)
