"""The Python form of trafilatura's discard expressions selects exactly what the XPath selects."""
from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html
import pytest
import trafilatura
import trafilatura.main_extractor
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.xpaths import OVERALL_DISCARD_XPATH

from crawler.encoding import decode_page
from crawler.extraction import discard
from crawler.extraction.parse import parse_html

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html.gz"))
TRICKY = """<html><body><div>
<div class="nav-x" id="main">first of id|class is the id: 'main'</div>
<div id="x" class="cookie-bar">first is the id 'x': not a cookie notice by @id|@class</div>
<div class="cookie-bar" id="x">first is the class: a cookie notice</div>
<span role="NAVigation">role</span><p data-lp-replacement-content="">empty attribute</p>
<section style="display: none">hidden</section><em aria-hidden="true">any tag</em>
<b class="reply-to">reply</b><b id="hidden-note" style="x">hidden by id</b><i style="a" id="hidden">style first</i>
<p class="comments-title">Comments</p><div class=" ad ">ad</div><div class="">empty class</div>
</div></body></html>"""


def trees() -> list[lxml.html.HtmlElement]:
    """The fixture pages, raw and as trafilatura's extractor sees them, and a page of edge cases."""
    found = [lxml.html.fromstring(TRICKY)]
    for path in PAGES:
        tree = parse_html(decode_page(gzip.decompress(path.read_bytes()), "text/html"))
        options = Extractor(tables=True)
        found += [tree, convert_tags(tree_cleaning(tree, options), options)]
    return found


def test_it_selects_the_same_elements_in_the_same_order() -> None:
    assert discard.PYTHON_DISCARD is not None  # trafilatura's expressions have the shape mirrored here
    checked = 0
    for tree in trees():
        for xpath, python in zip(OVERALL_DISCARD_XPATH, discard.PYTHON_DISCARD):
            expected = xpath(tree)
            assert python(tree) == expected
            checked += len(expected)
    assert checked > 100  # the fixtures do exercise it


def test_it_is_used_only_for_the_shape_it_mirrors(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = [lxml.etree.XPath(x.path.replace("'nav'", "'navi'"), namespaces={"re": "http://exslt.org/regular-expressions"})
               for x in OVERALL_DISCARD_XPATH]
    monkeypatch.setattr(discard, "OVERALL_DISCARD_XPATH", changed)
    assert discard.python_discard() is None


def test_the_patch_is_scoped() -> None:
    html = decode_page(gzip.decompress(PAGES[0].read_bytes()), "text/html")
    with pytest.raises(RuntimeError), discard.python_discard_nodes():
        assert trafilatura.main_extractor.OVERALL_DISCARD_XPATH is discard.PYTHON_DISCARD
        raise RuntimeError
    assert trafilatura.main_extractor.OVERALL_DISCARD_XPATH is OVERALL_DISCARD_XPATH
    with discard.python_discard_nodes():
        inside = trafilatura.extract(parse_html(html))
    assert inside == trafilatura.extract(parse_html(html))
