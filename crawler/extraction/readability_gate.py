"""Skip trafilatura's readability comparison on pages where it cannot change the result.

On every page trafilatura also runs readability (a fifth of its time) on a copy of the raw page and, in
its balanced mode, takes readability's text only when its own is empty, when readability's is more
than twice as long, or when its own has no paragraph text or more tables than paragraphs. Readability
returns a part of the page, so when the own text is well formed and at least half as long as all the
page's text, readability cannot win: it is handed an empty page instead of the copy, and trafilatura's
result is the same, sooner.

The gate is used only while trafilatura is the one it was written against: `_extract_and_compare` has the
statements mirrored here, and the functions recorded in ASSUMED are unchanged: those that decide whether
readability wins (`compare_extraction`, `_prefer_readability`), those that produce readability's text
(`try_readability`, `fromstring_bytes` and the whole `readability_lxml` module, on which the bound on its
length rests) and the other function that calls `_extract_and_compare` (`_recall_retry`, and
`trafilatura_sequence`, the first).
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from copy import copy
from typing import Any

import lxml.html
import trafilatura.core
from lxml import etree

from crawler.extraction.scoped import replaced, statements, unchanged

IFRAME_TEXT = len("VIDEO")  # readability writes this into each iframe it keeps
# Text outside the script and style elements readability drops first of all (only their own text
# nodes: anything else inside them, fencedframe's content included, is counted, which errs high).
TEXT_OUTSIDE_SCRIPTS = etree.XPath("descendant::text()[not(parent::script or parent::style)]", smart_strings=False)
# `scoped.fingerprint` of the parts of trafilatura whose behaviour the gate assumes (above)
ASSUMED = {
    "trafilatura.external.compare_extraction": "de47b33a1650f123",
    "trafilatura.external._prefer_readability": "3a5c7b2b7eb9cebe",
    "trafilatura.external.try_readability": "faad2961d19089c7",
    "trafilatura.utils.fromstring_bytes": "50a4a644275cd50f",
    "trafilatura.readability_lxml": "70e97be9ba9f2f73",
    "trafilatura.core._recall_retry": "b350246dde02598a",
    "trafilatura.core.trafilatura_sequence": "944668a85d1b331b",
}
# the statements of trafilatura.core._extract_and_compare after its docstring, as `ast.unparse` writes
# them: the function mirrored below
MIRRORED_BODY = """\
postbody, temp_text = extract_content(cleaned_tree, options)
if not options.fast:
    postbody, temp_text = compare_extraction(cleaned_tree_backup, copy(tree), postbody, temp_text, options)
return (postbody, temp_text)"""


def page_text_bound(raw_tree: lxml.html.HtmlElement) -> int:
    """An upper bound on the length of readability's trimmed text for `raw_tree` (left as it is): the
    trimmed text of all but scripts and styles (any part of a text has at most as many characters and
    word gaps), plus what readability writes into iframes."""
    text = "".join(TEXT_OUTSIDE_SCRIPTS(raw_tree)) + (raw_tree.tail or "")
    return len(" ".join(text.split())) + IFRAME_TEXT * sum(1 for _ in raw_tree.iter("iframe"))


def readability_cannot_win(raw_tree: lxml.html.HtmlElement, body: etree._Element, text: str,
                           options: Any) -> bool:
    """Whether trafilatura (balanced mode) would keep its own extraction whatever readability returns."""
    if options.focus != "balanced" or not text:
        return False
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return False
    return page_text_bound(raw_tree) <= 2 * len(text)


def extract_and_compare(cleaned_tree: Any, cleaned_tree_backup: Any, tree: Any, options: Any) -> tuple[Any, str]:
    """trafilatura.core._extract_and_compare, copying the raw page for readability only where it can win."""
    postbody, temp_text = trafilatura.core.extract_content(cleaned_tree, options)
    if not options.fast:
        raw_tree = (lxml.html.Element("html") if readability_cannot_win(tree, postbody, temp_text, options)
                    else copy(tree))  # readability of an empty page: empty, never preferred
        postbody, temp_text = trafilatura.core.compare_extraction(cleaned_tree_backup, raw_tree, postbody,
                                                                  temp_text, options)
    return postbody, temp_text


def mirrors(function: Any) -> bool:
    """Whether `function` is the `_extract_and_compare` that `extract_and_compare` mirrors."""
    return statements(function) == MIRRORED_BODY


def readability_gate() -> AbstractContextManager[None]:
    """Within the block, trafilatura skips readability where it cannot win (a no-op if a trafilatura
    release no longer compares through the `_extract_and_compare` mirrored here, or changed any part of
    trafilatura recorded in ASSUMED)."""
    original = getattr(trafilatura.core, "_extract_and_compare", None)
    usable = original is not None and (original is _MIRRORED or mirrors(original)) and _ASSUMED_UNCHANGED
    return replaced([(trafilatura.core, "_extract_and_compare", extract_and_compare)] if usable else [])


_MIRRORED = trafilatura.core._extract_and_compare if mirrors(trafilatura.core._extract_and_compare) else None
_ASSUMED_UNCHANGED = unchanged(ASSUMED, [(trafilatura.core, "_extract_and_compare")])
