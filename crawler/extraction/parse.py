"""Parse a decoded page into the lxml tree the extraction works on, as trafilatura would, faster.

lxml.html asks a Python method for the class of every element it hands to Python (forms, inputs and
labels get their own); trafilatura never uses those classes, and on real pages the lookup costs a
tenth of its extraction time. This parser gives every element the plain `HtmlElement` class, at C
speed; trees copied from its trees keep it.

trafilatura also repairs the page's text and encodes it to UTF-8 before parsing. A page whose body
already is that UTF-8 is repaired as bytes instead, which spares the encoding and is faster.

Both are used only while the trafilatura functions this mirrors (`load_html` and the functions it calls on a
page given as text, the assignment of its `HTML_PARSER` and `repair_faulty_html`) are the ones recorded here;
otherwise pages are parsed by trafilatura's own `load_html`.
"""
from __future__ import annotations

import re
from typing import Any

import lxml.html
import trafilatura.utils
from lxml import etree
from trafilatura.utils import DOCTYPE_TAG, INVALID_XML_CHARS, is_dubious_html, load_html, repair_faulty_html

from crawler.extraction.scoped import assignment, statements, unchanged

# `scoped.fingerprint` of the trafilatura functions whose behaviour `parse_html` reproduces: loading a page
# given as text (decode_file leaves text as it is), parsing it with HTML_PARSER, as bytes if need be
ASSUMED = {
    "trafilatura.utils.load_html": "08e5b812f2d0b0f5",
    "trafilatura.utils.decode_file": "a0b39f9a65205f7e",
    "trafilatura.utils.fromstring_bytes": "50a4a644275cd50f",
}
MIRRORED_PARSER = ("HTMLParser(collect_ids=False, default_doctype=False, encoding='utf-8', remove_comments=True, "
                   "remove_pis=True)")

# trafilatura's own parser options (trafilatura.utils.HTML_PARSER), with the plain class lookup.
PARSER = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                              remove_pis=True)
PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity))

# trafilatura.utils.INVALID_XML_CHARS in UTF-8: the control characters are single bytes (never part of
# another character's bytes), U+FFFE and U+FFFF are three bytes each.
CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b\x0c" + bytes(range(0x0e, 0x20))
NONCHARACTERS = re.compile("\ufffe|\uffff".encode())
DOCTYPE_BYTES = re.compile(DOCTYPE_TAG.pattern.encode(), re.IGNORECASE)
# the statements of trafilatura.utils.repair_faulty_html after its docstring, as `ast.unparse` writes them
MIRRORED_REPAIR = """\
htmlstring = INVALID_XML_CHARS.sub('', htmlstring)
if 'doctype' in beginning:
    firstline, _, rest = htmlstring.partition('\\n')
    htmlstring = DOCTYPE_TAG.sub('', firstline, count=1) + '\\n' + rest
for line in htmlstring[:4096].splitlines()[:4]:
    if '<html' in line and line.endswith('/>'):
        htmlstring = FAULTY_HTML.sub('\\\\1>', htmlstring, count=1)
        break
return htmlstring"""


def parse_html(html: str, utf8: bytes | None = None) -> lxml.html.HtmlElement | None:
    """The page's tree, repaired and checked as by `trafilatura.utils.load_html`; None when the text
    is not HTML (no html tag or declaration and fewer than two top-level elements). `utf8`, if given,
    is `html` in UTF-8 (the page's body, usually)."""
    if not USABLE:
        return load_html(html)
    beginning = html[:50].lower()
    data = repair_utf8(utf8, beginning) if utf8 is not None and _UTF8_REPAIR else None
    if data is None:
        data = repair_faulty_html(html, beginning).encode("utf-8", "surrogatepass")
    try:
        tree = lxml.html.fromstring(data, parser=PARSER)
    except (etree.LxmlError, ValueError):  # nothing to parse ("Document is empty")
        return None
    if is_dubious_html(beginning) and len(tree) < 2:
        return None
    return tree


def repair_utf8(data: bytes, beginning: str) -> bytes | None:
    """`trafilatura.utils.repair_faulty_html` on the UTF-8 of a page; None for the rare page whose
    `<html .../>` tag it would also rewrite (left to trafilatura's own repair)."""
    data = data.translate(None, CONTROL_BYTES)
    if b"\xef\xbf" in data:  # U+FFFE or U+FFFF may be there
        data = NONCHARACTERS.sub(b"", data)
    if "doctype" in beginning:
        first, _, rest = data.partition(b"\n")
        data = DOCTYPE_BYTES.sub(b"", first, count=1) + b"\n" + rest
    # trafilatura looks at the first four lines of the first 4096 characters (at most 16384 bytes)
    for line in data[:16384].decode("utf-8", "ignore")[:4096].splitlines()[:4]:
        if "<html" in line and line.endswith("/>"):
            return None
    return data


def mirrors_repair(function: Any) -> bool:
    """Whether `function` and the patterns it uses are the repair that `repair_utf8` mirrors."""
    return (statements(function) == MIRRORED_REPAIR
            and INVALID_XML_CHARS.pattern == r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
            and DOCTYPE_TAG.pattern.isascii() and bool(DOCTYPE_TAG.flags & re.IGNORECASE))


USABLE = (unchanged(ASSUMED, [(trafilatura.utils, "HTML_PARSER")])
          and assignment(trafilatura.utils, "HTML_PARSER") == MIRRORED_PARSER)
_UTF8_REPAIR = mirrors_repair(repair_faulty_html)
