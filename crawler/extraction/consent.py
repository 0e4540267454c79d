"""Cookie-consent banner removal from the markup, before trafilatura.

Trafilatura keeps consent banners when their markup does not carry its English class names; this layer
removes consent-platform containers and generic consent containers from the DOM. The text layer, which
drops notice paragraphs that still come through, is `consent_text`.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files

import lxml.html
from lxml import etree

from crawler.extraction.consent_text import looks_like_notice
from crawler.extraction.platform_selectors import SCANNED_ATTRIBUTES, Selector, load_platform_selectors
from crawler.extraction.removed import Removed

AUTOCONSENT_FILE = files(__package__) / "autoconsent_selectors.txt"  # from @duckduckgo/autoconsent
RULES_FILE = files(__package__) / "consent_rules.txt"  # what autoconsent lacks, seen on real pages
MAX_RECORDED_CHARS = 500
# generic (non-platform) containers: longest notice text accepted and largest share of the page
MAX_GENERIC_CHARS = 4000
MAX_PAGE_SHARE = 0.5
# platform roots: largest share of the page's text they may hold (guards against wrapper misuse)
MAX_PLATFORM_SHARE = 0.8
PROTECTED_TAGS = frozenset({"html", "head", "body", "main", "article"})
# consent terms in id/class names, each attribute tested on its own (lowercased)
ATTRIBUTE_TOKENS = (
    "cookie", "consent", "gdpr", "cerez", "çerez", "kvkk", "datenschutz", "dsgvo",
    "rgpd", "lgpd", "ciasteczk", "einwilligung", "toestemming", "privacy-banner",
    "privacy-notice", "privacy-popup",
)


def _page_tests(selector: Selector) -> list[tuple[str, str]]:
    """How the page scan tests a selector's keys, the first decisive: ("word", w) among the lower-case words of
    the scanned values (a whole value or a word of one), ("text", t) in their lower-case text (part of one, or
    a value of several words), ("tag", name) for a custom element."""
    tests = []
    for kind, literal in selector.keys:
        word = kind in ("value", "token") and len(literal.split()) == 1
        tests.append(("tag", literal) if kind == "tag" else ("word" if word else "text", literal.lower()))
    return tests


def _index(tests: list[list[tuple[str, str]]]) -> dict[str, dict[str, list[int]]]:
    """Selector numbers by the kind and literal of their first test."""
    index: dict[str, dict[str, list[int]]] = {"word": {}, "text": {}, "tag": {}}
    for number, (kind, literal) in enumerate(first for first, *_ in tests):
        index[kind].setdefault(literal, []).append(number)
    return index


@lru_cache(maxsize=1024)
def _platform_xpath(numbers: tuple[int, ...]) -> etree.XPath:
    """One query for the selectors of one rule that can match a page."""
    return etree.XPath(" | ".join(PLATFORM_SELECTORS[number].xpath for number in numbers))


def _token_xpath(token: str) -> etree.XPath:
    """Elements whose id or class contains a token in lower or capitalised form, each attribute
    tested on its own."""
    tests = " or ".join(f"contains(., '{variant}')" for variant in sorted({token, token.capitalize()}))
    return etree.XPath(f"$body//*/@id[{tests}]/.. | $body//*/@class[{tests}]/..")


# The queries run on $body, the page's body elements (found once per page), and test attribute
# nodes before taking their elements (`.../@role[...]/..`): libxml2 evaluates a predicate on every
# element of `//body//*[...]` several times slower than it walks the few matching attributes.
# (The parser puts the body under the root: `//body` would walk the whole page to find it.)
BODIES = etree.XPath("/html/body")
PLATFORM_SELECTORS = load_platform_selectors((AUTOCONSENT_FILE, "autoconsent:"), (RULES_FILE, ""))
PLATFORM_TESTS = [_page_tests(selector) for selector in PLATFORM_SELECTORS]
PLATFORM_INDEX = _index(PLATFORM_TESTS)
WORD_KEYS, TAG_KEYS = frozenset(PLATFORM_INDEX["word"]), tuple(PLATFORM_INDEX["tag"])
TOKEN_RULES = [(token, _token_xpath(token)) for token in ATTRIBUTE_TOKENS]
DIALOGS = etree.XPath(
    "($body//*/@role[. = 'dialog' or . = 'alertdialog'] | $body//*/@aria-modal[. = 'true']"
    " | $body//*/@aria-label[contains(., 'ookie') or contains(., 'onsent')])/..")
# the values of the scanned attributes, to skip rules whose literals are absent (one query per
# attribute: only the set of values matters, and a union would sort them)
ATTRIBUTE_VALUES = [etree.XPath(f"$body/descendant-or-self::*/@{attribute}", smart_strings=False)
                    for attribute in SCANNED_ATTRIBUTES]
VISIBLE_TEXT = etree.XPath(
    "descendant::text()[not(ancestor::script | ancestor::style | ancestor::noscript)]", smart_strings=False)
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "link", "meta"})


def _normalise(text: str) -> str:
    return " ".join(text.split())


def _visible_text(elem: lxml.html.HtmlElement) -> str:
    return _normalise(" ".join(VISIBLE_TEXT(elem)))


def _delete(elem: lxml.html.HtmlElement) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = elem.getparent()
    if elem.tail:
        previous = elem.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + elem.tail
        else:
            parent.text = (parent.text or "") + elem.tail
    parent.remove(elem)


def _generic_rule(elem: lxml.html.HtmlElement) -> str:
    """Name the generic signal an element matched."""
    for attribute in ("id", "class", "aria-label"):
        value = elem.get(attribute, "").lower()
        for token in ATTRIBUTE_TOKENS:
            if token in value:
                return f"{attribute}-token:{token}"
    return "dialog"


def _platform_numbers(body: list[lxml.html.HtmlElement], words: set[str], text: str) -> dict[str, list[int]]:
    """The platform selectors whose keys are all on the page (the lower-case words and text of the scanned
    values), by rule."""
    index = PLATFORM_INDEX
    # (lxml looks a custom element's name up in the parser's dictionary first: a name never parsed walks nothing)
    numbers = [*(n for word in WORD_KEYS.intersection(words) for n in index["word"][word]),
               *(n for literal, found in index["text"].items() if literal in text for n in found),
               *(n for element in body for tagged in element.iter(*TAG_KEYS) for n in index["tag"][tagged.tag])]
    present = {"word": words.__contains__, "text": text.__contains__}  # a custom element's name is a key alone
    by_rule: dict[str, list[int]] = {}
    for number in sorted(set(numbers)):
        if all(present[kind](literal) for kind, literal in PLATFORM_TESTS[number][1:]):
            by_rule.setdefault(PLATFORM_SELECTORS[number].rule, []).append(number)
    return by_rule


def _candidates(tree: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str | None]]:
    """Elements matched by a platform rule (with its name) or a generic signal (None), outermost first.

    One cheap scan of the id/class/role/aria-label values decides which compiled rules can match;
    only those walk the tree, one query per platform rule.
    """
    body = BODIES(tree)
    values = " ".join({value for xpath in ATTRIBUTE_VALUES for value in xpath(tree, body=body)}).lower()
    names = set(values.split())
    found: dict[lxml.html.HtmlElement, str | None] = {}
    for rule, numbers in _platform_numbers(body, names, values).items():
        for elem in _platform_xpath(tuple(numbers))(tree, body=body):
            found.setdefault(elem, rule)
    for token, xpath in TOKEN_RULES:
        if token in values:
            for elem in xpath(tree, body=body):
                found.setdefault(elem, None)
    if "dialog" in names or "cookie" in values or "consent" in values:
        for elem in DIALOGS(tree, body=body):
            found.setdefault(elem, None)
    return sorted(found.items(), key=lambda item: sum(1 for _ in item[0].iterancestors()))


def remove_consent_markup(tree: lxml.html.HtmlElement) -> list[Removed]:
    """Remove consent-management containers from the parsed page in place, before trafilatura.

    Platform roots go unless they hold most of the page's text; elements with a generic signal
    (consent token in id, class or aria-label; a modal dialog) go only when their text reads like
    a consent notice.
    """
    page_chars, removed_chars = None, 0
    removed: list[Removed] = []
    gone: set[lxml.html.HtmlElement] = set()
    for elem, rule in _candidates(tree):
        if elem.tag in PROTECTED_TAGS or elem.tag in SKIPPED_TAGS or elem.getparent() is None:
            continue
        if any(ancestor in gone for ancestor in elem.iterancestors()):
            continue
        text = _visible_text(elem)
        if rule is None and (not text or len(text) > MAX_GENERIC_CHARS or not looks_like_notice(text)):
            continue
        if rule is None or len(text) > 1000:
            if page_chars is None:
                page_chars = len(_visible_text(tree)) + removed_chars
            if len(text) > (MAX_PLATFORM_SHARE if rule else MAX_PAGE_SHARE) * page_chars:
                continue
        gone.add(elem)
        removed_chars += len(text)
        _delete(elem)
        removed.append(Removed("markup", rule or _generic_rule(elem), text[:MAX_RECORDED_CHARS]))
    return removed
