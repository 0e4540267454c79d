"""Skip trafilatura's readability comparison on pages where it cannot change the result.

On every page trafilatura also runs readability (a fifth of its time) and, in its balanced mode, takes
readability's text only when its own is empty, when readability's is more than twice as long, or when
its own has no paragraph text or more tables than paragraphs. Readability returns a part of the page,
so when the own text is well formed and at least half as long as all the page's text, readability
cannot win: it is handed an empty page instead, and trafilatura's result is the same, sooner.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import lxml.html
import trafilatura.core
from lxml import etree

DROPPED = ("script", "style", "fencedframe")  # readability drops these first of all
IFRAME_TEXT = len("VIDEO")  # and writes this into each iframe it keeps


def page_text_bound(raw_tree: lxml.html.HtmlElement) -> int:
    """An upper bound on the length of readability's trimmed text for `raw_tree`, which readability
    has yet to see: drops what it would drop first, then counts the trimmed text of all the rest (any
    part of a text has at most as many characters and word gaps) plus what it adds to iframes."""
    for elem in list(raw_tree.iter(DROPPED)):
        elem.drop_tree()
    text = etree.tostring(raw_tree, method="text", encoding=str)
    return len(" ".join(text.split())) + IFRAME_TEXT * sum(1 for _ in raw_tree.iter("iframe"))


def readability_cannot_win(raw_tree: lxml.html.HtmlElement, body: etree._Element, text: str,
                           options: Any) -> bool:
    """Whether trafilatura (balanced mode) would keep its own extraction whatever readability returns."""
    if options.focus != "balanced" or not text:
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    return page_text_bound(raw_tree) <= 2 * len(text)


def _gated(compare: Callable[..., Any]) -> Callable[..., Any]:
    def compare_extraction(cleaned_tree: Any, raw_tree: Any, body: Any, text: str, options: Any) -> Any:
        if readability_cannot_win(raw_tree, body, text, options):
            raw_tree = lxml.html.Element("html")  # readability of an empty page: empty, never preferred
        return compare(cleaned_tree, raw_tree, body, text, options)

    return compare_extraction


@contextmanager
def readability_gate() -> Iterator[None]:
    """Within the block, trafilatura skips readability where it cannot win (a no-op if a trafilatura
    release no longer compares through `trafilatura.core.compare_extraction`)."""
    original = getattr(trafilatura.core, "compare_extraction", None)
    if original is None:
        yield
        return
    trafilatura.core.compare_extraction = _gated(original)
    try:
        yield
    finally:
        trafilatura.core.compare_extraction = original
