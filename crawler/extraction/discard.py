"""trafilatura's OVERALL_DISCARD_XPATH, evaluated in Python: the same elements in the same order.

Its two expressions test every element with EXSLT `re:test`, which lxml answers by calling back into
Python three times per element, attribute or not: about a tenth of the extraction time on real news
pages (a third of that remains).
Here each element's attributes are read once and the same regular expressions run only on the values
present. The patterns are read from trafilatura's own expressions, and the replacement is used only
when those expressions have exactly the shape mirrored here, so a trafilatura release that changes them
is simply evaluated by XPath again.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import trafilatura.external
import trafilatura.main_extractor
from lxml import etree
from trafilatura.xpaths import OVERALL_DISCARD_XPATH

# The two expressions, whitespace-normalised, with the regular expressions left as groups.
SECTION_SHAPE = re.compile(
    r"\.//\*\[self::div or self::item or self::list or self::p or self::section or self::span\]\["
    r" ?@data-lp-replacement-content or contains\(translate\(@role, 'N', 'n'\), 'nav'\) or "
    r"contains\(@data-component, 'MostPopularStories'\) or re:test\(@id\|@class, '([^']*)'\) or "
    r"re:test\(@id, '([^']*)'\) or re:test\(@class, '([^']*)'\)\]")
HIDDEN_SHAPE = re.compile(
    r"\.//\*\[@class='comments-title' or starts-with\(@id\|@class, 'reply-'\) or "
    r"re:test\(@id\|@style, '([^']*)'\) or contains\(@style, 'display:none'\) or "
    r"contains\(@style, 'display: none'\) or re:test\(@id, '([^']*)'\) or re:test\(@class, '([^']*)'\) "
    r"or @aria-hidden='true'\]")
SECTION_TAGS = ("div", "item", "list", "p", "section", "span")


def _first(element: etree._Element, names: tuple[str, str]) -> str:
    """XPath's string(@a|@b): the value of whichever of the two comes first on the element, or ''."""
    for name, value in element.items():
        if name in names:
            return value
    return ""


class SectionDiscard:
    """The first expression: sections, paragraphs and spans whose id, class or role mark boilerplate."""

    def __init__(self, either: str, by_id: str, by_class: str):
        self.either, self.by_id, self.by_class = re.compile(either), re.compile(by_id), re.compile(by_class)

    def __call__(self, tree: etree._Element) -> list[etree._Element]:
        return [e for e in tree.iterdescendants(*SECTION_TAGS) if e.attrib and self.matches(e)]

    def matches(self, e: etree._Element) -> bool:
        get = e.get
        return ("data-lp-replacement-content" in e.attrib
                or "nav" in (get("role") or "").replace("N", "n")
                or "MostPopularStories" in (get("data-component") or "")
                or self.either.search(_first(e, ("id", "class"))) is not None
                or self.by_id.search(get("id") or "") is not None
                or self.by_class.search(get("class") or "") is not None)


class HiddenDiscard:
    """The second expression: any element that is hidden, a comment title or a reply."""

    def __init__(self, id_or_style: str, by_id: str, by_class: str):
        self.id_or_style, self.by_id, self.by_class = re.compile(id_or_style), re.compile(by_id), re.compile(by_class)

    def __call__(self, tree: etree._Element) -> list[etree._Element]:
        return [e for e in tree.iterdescendants(etree.Element) if e.attrib and self.matches(e)]

    def matches(self, e: etree._Element) -> bool:
        get = e.get
        style = get("style") or ""
        return (get("class") == "comments-title"
                or _first(e, ("id", "class")).startswith("reply-")
                or self.id_or_style.search(_first(e, ("id", "style"))) is not None
                or "display:none" in style or "display: none" in style
                or self.by_id.search(get("id") or "") is not None
                or self.by_class.search(get("class") or "") is not None
                or get("aria-hidden") == "true")


def python_discard() -> list[SectionDiscard | HiddenDiscard] | None:
    """The Python form of trafilatura's OVERALL_DISCARD_XPATH, or None if its expressions changed shape
    (or a pattern could match an element without the attribute, which the shortcut above assumes not)."""
    if len(OVERALL_DISCARD_XPATH) != 2:
        return None
    paths = [" ".join(x.path.split()) for x in OVERALL_DISCARD_XPATH]
    section, hidden = SECTION_SHAPE.fullmatch(paths[0]), HIDDEN_SHAPE.fullmatch(paths[1])
    if section is None or hidden is None:
        return None
    if any(re.search(p, "") for p in section.groups() + hidden.groups()):
        return None
    return [SectionDiscard(*section.groups()), HiddenDiscard(*hidden.groups())]


PYTHON_DISCARD = python_discard()
MODULES = (trafilatura.main_extractor, trafilatura.external)  # those that prune with the expressions


@contextmanager
def python_discard_nodes() -> Iterator[None]:
    """Within the block, trafilatura prunes boilerplate with the Python form (if it could be built)."""
    if PYTHON_DISCARD is None:
        yield
        return
    originals = [module.OVERALL_DISCARD_XPATH for module in MODULES]
    for module in MODULES:
        module.OVERALL_DISCARD_XPATH = PYTHON_DISCARD
    try:
        yield
    finally:
        for module, original in zip(MODULES, originals):
            module.OVERALL_DISCARD_XPATH = original
