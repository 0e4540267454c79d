"""trafilatura's boilerplate-pruning expressions, evaluated in Python: the same elements in the same order.

OVERALL_DISCARD_XPATH and the two prunes of the raw tree (RAW_TREE_PRUNE_XPATH, and
REMOVE_COMMENTS_AND_LISTS_XPATH when comments are off) test elements with EXSLT `re:test`, which lxml
answers by calling back into Python for every element tested, attribute or not: together about a fifth
of the extraction time on real news pages.
Here each element's attributes are read once and the same regular expressions run only on the values
present. The patterns are read from trafilatura's own expressions, and the replacement is used only
when those expressions have exactly the shape mirrored here and the functions that read them (which only
hand them to `prune_unwanted_nodes`, which only calls each on a tree and iterates what it returns) are the
ones recorded in ASSUMED, so a trafilatura release that changes them is simply evaluated by XPath again.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager

import trafilatura.core
import trafilatura.external
import trafilatura.main_extractor
from lxml import etree
from trafilatura.xpaths import OVERALL_DISCARD_XPATH, RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

from crawler.extraction.scoped import replaced, unchanged

# `scoped.fingerprint` of the trafilatura functions that read the expressions replaced here, and of the one
# function they hand them to (the replaced globals are read by no other function of their modules)
ASSUMED = {
    "trafilatura.htmlprocessing.prune_unwanted_nodes": "11ee6714f3ee5151",
    "trafilatura.main_extractor.prune_unwanted_sections": "0fe9c7039a2cd0b8",
    "trafilatura.external.compare_extraction": "de47b33a1650f123",
    "trafilatura.core.trafilatura_sequence": "944668a85d1b331b",
}

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
# The raw-tree prunes: tags, then an id/class test, then a second one that some elements are exempt from.
_ID_CLASS = r" ?re:test\(@id, '([^']*)'\) or re:test\(@class, '([^']*)'\)"
APPENDED_SHAPE = re.compile(
    rf"\.//\*\[self::div or self::section or self::aside\]\[{_ID_CLASS}\]\[ not\(\.//h1\) or{_ID_CLASS}\]")
COMMENTS_SHAPE = re.compile(
    r"\.//\*\[self::div or self::list or self::section or self::details or self::ol or self::ul\]"
    rf"\[{_ID_CLASS}\]\[ not\(self::ol or self::ul\) or{_ID_CLASS}\]")


def first_value(element: etree._Element, names: tuple[str, ...]) -> str:
    """XPath's string(@a|@b|...): the value of whichever of these comes first on the element, or ''."""
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
                or self.either.search(first_value(e, ("id", "class"))) is not None
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
                or first_value(e, ("id", "class")).startswith("reply-")
                or self.id_or_style.search(first_value(e, ("id", "style"))) is not None
                or "display:none" in style or "display: none" in style
                or self.by_id.search(get("id") or "") is not None
                or self.by_class.search(get("class") or "") is not None
                or get("aria-hidden") == "true")


class IdClassPrune:
    """A raw-tree prune: elements of some tags whose id or class matches, and then either are exempt
    from the second test (`exempt`) or match its id or class patterns too."""

    def __init__(self, tags: tuple[str, ...], exempt: Callable[[etree._Element], bool],
                 by_id: str, by_class: str, then_id: str, then_class: str):
        self.tags, self.exempt = tags, exempt
        self.first = (re.compile(by_id), re.compile(by_class))
        self.then = (re.compile(then_id), re.compile(then_class))

    def __call__(self, tree: etree._Element) -> list[etree._Element]:
        return [e for e in tree.iterdescendants(*self.tags) if e.attrib and self.matches(e)]

    def matches(self, e: etree._Element) -> bool:
        values = (e.get("id"), e.get("class"))
        if not any(v is not None and p.search(v) for p, v in zip(self.first, values)):
            return False
        return self.exempt(e) or any(v is not None and p.search(v) for p, v in zip(self.then, values))


def _without_h1(e: etree._Element) -> bool:
    return next(e.iterdescendants("h1"), None) is None


def _not_a_list(e: etree._Element) -> bool:
    return e.tag not in ("ol", "ul")


def python_raw_prunes() -> tuple[list[IdClassPrune | etree.XPath], list[IdClassPrune]] | None:
    """Python forms of RAW_TREE_PRUNE_XPATH (its second, plain expression kept) and
    REMOVE_COMMENTS_AND_LISTS_XPATH, or None if their expressions changed shape."""
    if len(RAW_TREE_PRUNE_XPATH) != 2 or len(REMOVE_COMMENTS_AND_LISTS_XPATH) != 1:
        return None
    appended = APPENDED_SHAPE.fullmatch(" ".join(RAW_TREE_PRUNE_XPATH[0].path.split()))
    comments = COMMENTS_SHAPE.fullmatch(" ".join(REMOVE_COMMENTS_AND_LISTS_XPATH[0].path.split()))
    if appended is None or comments is None or any(re.search(p, "") for p in appended.groups() + comments.groups()):
        return None
    return ([IdClassPrune(("div", "section", "aside"), _without_h1, *appended.groups()), RAW_TREE_PRUNE_XPATH[1]],
            [IdClassPrune(("div", "list", "section", "details", "ol", "ul"), _not_a_list, *comments.groups())])


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
PYTHON_RAW_PRUNES = python_raw_prunes()


# (module, name, Python form) of each expression list that could be mirrored
REPLACEMENTS: list[tuple[object, str, object]] = []
if PYTHON_DISCARD is not None:
    REPLACEMENTS += [(module, "OVERALL_DISCARD_XPATH", PYTHON_DISCARD)
                     for module in (trafilatura.main_extractor, trafilatura.external)]
if PYTHON_RAW_PRUNES is not None:
    REPLACEMENTS += [(trafilatura.core, "RAW_TREE_PRUNE_XPATH", PYTHON_RAW_PRUNES[0]),
                     (trafilatura.core, "REMOVE_COMMENTS_AND_LISTS_XPATH", PYTHON_RAW_PRUNES[1])]
if not unchanged(ASSUMED, [(module, name) for module, name, _ in REPLACEMENTS]):
    REPLACEMENTS = []


def python_discard_nodes() -> AbstractContextManager[None]:
    """Within the block, trafilatura prunes boilerplate with the Python forms (those that could be built)."""
    return replaced(REPLACEMENTS)
