"""trafilatura's attribute-test expressions, compiled to Python, select exactly what the XPath selects."""
from __future__ import annotations

import gzip
from copy import copy
from pathlib import Path

import lxml.html
import pytest
from lxml import etree
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor

from crawler.encoding import decode_page
from crawler.extraction import attribute_xpath
from crawler.extraction.attribute_xpath import compile_xpath, compiled_attribute_xpaths
from crawler.extraction.parse import parse_html

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html.gz"))
RE = {"re": "http://exslt.org/regular-expressions"}
TRICKY = """<html><body><!-- a comment --><?pi x?>
<div class="Post-Body x" id="main-1"><p class="post">first</p><p class="post">second child</p></div>
<section id="Content-Main" class="story"><div class="post"><span class="post">deep</span></div></section>
<div id="x" class="footer-nav">id first</div><div class="footer-nav" id="x">class first</div>
<article class="">empty class</article><main role="main">main</main><div class=" post">not equal</div>
<aside><div class="Cookie-Banner">nested in an aside</div></aside><svg><g class="post"/></svg>
</body></html>"""
EXPRESSIONS = [
    ".//*[self::div or self::section][@class='post' or re:test(@id, 'main|tent')][1]",
    "(.//*[self::div or self::p][contains(@class|@id, 'footer') or starts-with(@id, 'x')])[1]",
    ".//*[contains(translate(@id, 'CM', 'cm'), 'content-main') or re:test(@class, 'post-body', 'i')]",
    "(.//*[self::div or self::section][starts-with(@class, 'main') or starts-with(@role, 'main')])[1]|(.//main)[1]",
    ".//aside|.//div[contains(@class|@id, 'footer')]|.//svg|.//*[re:test(@class, 'cookie[-_]?banner', 'i')]",
    ".//p[@class='post'][1]|(.//span)[1]|.//article",
]
NOT_COMPILED = [
    ".//*[not(self::div)]", ".//div[2]", ".//div[1][@class='post']", ".//*[re:test(@class, 'post', 'g')]",
    ".//*[contains(translate(@id, 'CM', 'c'), 'cain')]", ".//div/p", "//div[@class='post']",
    ".//*[@class='post' and @id='x']", ".//*[string-length(@class) > 3]",
]


def trees() -> list[etree._Element]:
    """The fixture pages, raw and as trafilatura's extractor sees them, and a page of edge cases."""
    found = [lxml.html.fromstring(TRICKY)]
    for path in PAGES:
        tree = parse_html(decode_page(gzip.decompress(path.read_bytes()), "text/html"))
        options = Extractor(tables=True)
        found += [tree, convert_tags(tree_cleaning(copy(tree), options), options)]
    return found


def test_compiled_expressions_select_the_same_elements_in_the_same_order() -> None:
    expressions = [etree.XPath(e, namespaces=RE) for e in EXPRESSIONS]
    for _, _, forms in attribute_xpath.COMPILED:
        expressions += [x for x in (forms if isinstance(forms, list) else [forms])
                        if isinstance(x, attribute_xpath.CompiledXPath)]
    assert len(expressions) > len(EXPRESSIONS) + 3  # trafilatura's own do compile
    checked = 0
    for expression in expressions:
        xpath = etree.XPath(expression.path, namespaces=RE)
        compiled = compile_xpath(xpath)
        assert compiled is not None, expression.path
        for tree in trees():
            expected = xpath(tree)
            assert compiled(tree) == expected, (expression.path, tree)
            checked += len(expected)
    assert checked > 200


@pytest.mark.parametrize("expression", NOT_COMPILED)
def test_other_expressions_stay_xpath(expression: str) -> None:
    assert compile_xpath(etree.XPath(expression, namespaces=RE)) is None


def test_the_patch_is_scoped() -> None:
    module, name, compiled = attribute_xpath.COMPILED[0]
    original = getattr(module, name)
    with pytest.raises(RuntimeError), compiled_attribute_xpaths():
        assert getattr(module, name) is compiled
        raise RuntimeError
    assert getattr(module, name) is original
