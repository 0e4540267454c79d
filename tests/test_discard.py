"""The Python form of trafilatura's discard expressions selects exactly what the XPath selects."""
from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html
import pytest
import trafilatura
import trafilatura.core
import trafilatura.main_extractor
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.xpaths import OVERALL_DISCARD_XPATH, RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

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

RAW_TRICKY = """<html><body><main>
<div class="mvp-post-add-box"><h1>appended, with a headline: still pruned by the class</h1></div>
<section id="infinite-scroll"><p>appended, no headline</p></section>
<aside class="infinite-scroll"><h1>holds the headline: the real article</h1></aside>
<div id="x" class="infinitescroll-wrap"><div class="mvp-post-add-wrap">nested</div></div>
<ul class="comment-list"><li>a comment list</li></ul><ol id="dsq-comments"><li>disqus id: kept on a list</li></ol>
<div id="disqus_thread">disqus</div><div class="commentary">commentary is content</div>
<details class="Comments">comments</details><section id="comol">comol</section><div id="">empty id</div>
<div class="article-comments"><ul id="Comment-3"><li>nested list</li></ul></div><span class="comments">not a section</span>
</main></body></html>"""


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


def test_the_raw_tree_prunes_select_the_same_elements_in_the_same_order() -> None:
    assert discard.PYTHON_RAW_PRUNES is not None  # trafilatura's expressions have the shape mirrored here
    expressions = RAW_TREE_PRUNE_XPATH + REMOVE_COMMENTS_AND_LISTS_XPATH
    checked = 0
    for tree in [*trees(), lxml.html.fromstring(RAW_TRICKY)]:
        for xpath, python in zip(expressions, [*discard.PYTHON_RAW_PRUNES[0], *discard.PYTHON_RAW_PRUNES[1]]):
            expected = xpath(tree)
            assert python(tree) == expected
            checked += len(expected)
    assert checked >= 10  # the edge cases are selected, not only skipped


def test_it_is_used_only_for_the_shape_it_mirrors(monkeypatch: pytest.MonkeyPatch) -> None:
    changed = [lxml.etree.XPath(x.path.replace("'nav'", "'navi'"), namespaces={"re": "http://exslt.org/regular-expressions"})
               for x in OVERALL_DISCARD_XPATH]
    monkeypatch.setattr(discard, "OVERALL_DISCARD_XPATH", changed)
    assert discard.python_discard() is None
    assert discard.python_raw_prunes() is not None
    changed = [lxml.etree.XPath(x.path.replace("not(.//h1)", "not(.//h2)"), namespaces={"re": "http://exslt.org/regular-expressions"})
               for x in RAW_TREE_PRUNE_XPATH]
    monkeypatch.setattr(discard, "RAW_TREE_PRUNE_XPATH", changed)
    assert discard.python_raw_prunes() is None


def test_the_patch_is_scoped() -> None:
    html = decode_page(gzip.decompress(PAGES[0].read_bytes()), "text/html")
    with pytest.raises(RuntimeError), discard.python_discard_nodes():
        assert trafilatura.main_extractor.OVERALL_DISCARD_XPATH is discard.PYTHON_DISCARD
        assert trafilatura.core.RAW_TREE_PRUNE_XPATH is discard.PYTHON_RAW_PRUNES[0]
        raise RuntimeError
    assert trafilatura.main_extractor.OVERALL_DISCARD_XPATH is OVERALL_DISCARD_XPATH
    assert trafilatura.core.RAW_TREE_PRUNE_XPATH is RAW_TREE_PRUNE_XPATH
    assert trafilatura.core.REMOVE_COMMENTS_AND_LISTS_XPATH is REMOVE_COMMENTS_AND_LISTS_XPATH
    with discard.python_discard_nodes():
        inside = trafilatura.extract(parse_html(html))
    assert inside == trafilatura.extract(parse_html(html))
