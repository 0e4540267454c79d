"""Parse a decoded page into the lxml tree the extraction works on, as trafilatura would, faster.

lxml.html asks a Python method for the class of every element it hands to Python (forms, inputs and
labels get their own); trafilatura never uses those classes, and on real pages the lookup costs a
tenth of its extraction time. This parser gives every element the plain `HtmlElement` class, at C
speed; trees copied from its trees keep it.
"""
from __future__ import annotations

import lxml.html
from lxml import etree
from trafilatura.utils import is_dubious_html, repair_faulty_html

# trafilatura's own parser options (trafilatura.utils.HTML_PARSER), with the plain class lookup.
PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                              remove_pis=True)
PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree, repaired and checked as by `trafilatura.utils.load_html`; None when the text
    is not HTML (no html tag or declaration and fewer than two top-level elements)."""
    beginning = html[:50].lower()
    data = repair_faulty_html(html, beginning).encode("utf-8", "surrogatepass")
    try:
        tree = lxml.html.fromstring(data, parser=PARSER)
    except (etree.LxmlError, ValueError):  # nothing to parse ("Document is empty")
        return None
    if is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree
