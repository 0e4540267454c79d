"""Consent-platform selectors for the markup layer (`consent.py`): reading their data files, and the
literals of the page's id, class, role and aria-label values that each needs, by which the layer skips the
selectors that cannot match a page without walking it."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources.abc import Traversable

from cssselect import HTMLTranslator
from cssselect import parser as css

# the attributes whose values the page scan collects; platform selectors are found by them
SCANNED_ATTRIBUTES = ("id", "class", "role", "aria-label")
ATTRIBUTE_KEYS = {"=": "value", "~=": "token", "^=": "substring", "*=": "substring", "$=": "substring",
                  "|=": "substring"}
MIN_KEY_CHARS = 3


@dataclass(frozen=True)
class Selector:
    """A platform selector: its rule, the literals a page must hold for it to match, and its XPath."""

    rule: str
    keys: tuple[tuple[str, str], ...]  # the rarest (longest) first; a custom element's name only alone
    xpath: str


def selector_keys(selector: css.Tree) -> list[tuple[str, str]]:
    """The literals an element the selector matches, or one it needs around or inside it, carries in a
    scanned attribute: ("value", a whole value), ("token", a word of one), ("substring", part of one); or
    ("tag", a custom element's name) when it has none of those. Empty: the page scan cannot find it."""
    found: list[tuple[str, str]] = []
    tags: list[tuple[str, str]] = []
    stack = [selector]
    while stack:
        node = stack.pop()
        if isinstance(node, css.CombinedSelector):
            stack += [node.selector, node.subselector]
            continue
        if isinstance(node, css.Hash):
            found.append(("value", node.id))
        elif isinstance(node, css.Class):
            found.append(("token", node.class_name))
        elif isinstance(node, css.Attrib) and node.attrib in SCANNED_ATTRIBUTES and node.value is not None \
                and node.operator in ATTRIBUTE_KEYS:
            found.append((ATTRIBUTE_KEYS[node.operator], node.value.value))
        elif isinstance(node, css.Relation):  # :has(...) needs its argument inside
            stack += [argument.parsed_tree for _, argument in node.arguments]
        elif isinstance(node, css.Element):
            if node.element and "-" in node.element:
                tags.append(("tag", node.element))
            continue
        stack.append(node.selector)  # the compound it refines (never a negated or alternative part)
    found = sorted((key for key in found if len(key[1]) >= MIN_KEY_CHARS), key=lambda key: -len(key[1]))
    return found or tags[:1]


def load_platform_selectors(*files: tuple[Traversable, str]) -> list[Selector]:
    """Read "<rule name><TAB><css selector>" lines of the (file, rule prefix) pairs; a selector the page
    scan cannot find is an error."""
    translator, selectors = HTMLTranslator(), []
    for path, prefix in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            rule, selector = line.split("\t")
            for part in css.parse(selector):
                keys = selector_keys(part.parsed_tree)
                if not keys:
                    raise ValueError(f"{path.name}: {selector!r} has no id, class, role, aria-label or custom element")
                xpath = translator.selector_to_xpath(part, prefix="$body/descendant-or-self::")
                selectors.append(Selector(prefix + rule, tuple(keys), xpath))
    return selectors


