"""Handing trafilatura the page's tree itself: the same extraction, without trafilatura's copy of the tree."""
from __future__ import annotations

import gzip
from copy import copy
from pathlib import Path

import pytest
import trafilatura
import trafilatura.core
from lxml import etree
from trafilatura.utils import load_html

from crawler.encoding import decode_page
from crawler.extraction.handover import HandedOver, copies_only_its_own_input, handed_over
from crawler.extraction.parse import parse_html

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html.gz"))


def tree_of(path: Path) -> etree._Element:
    return parse_html(decode_page(gzip.decompress(path.read_bytes()), "text/html"))


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name.split(".")[0])
def test_the_same_extraction_without_copying_the_page(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[object] = []
    monkeypatch.setattr(trafilatura.core, "copy", lambda tree: copied.append(tree) or copy(tree))
    given = tree_of(path)
    expected = trafilatura.extract(given, include_comments=False)
    copies = len(copied)
    assert copied[0] is given  # trafilatura's first step: a copy of the page it was given
    copied.clear()
    tree = tree_of(path)
    with handed_over(tree) as page:
        assert isinstance(page, HandedOver)
        assert trafilatura.extract(page, include_comments=False) == expected and expected
    assert len(copied) == copies - 1 and copied[0] is tree  # that copy is not made: trafilatura changes `tree`


def test_other_inputs_load_as_before() -> None:
    html = "<html><body><article><p>" + "Floods killed at least 12 people, officials said. " * 10 + "</p></article></body></html>"
    with handed_over(parse_html(html)):
        assert trafilatura.core.load_html is not load_html
        assert "at least 12 people" in trafilatura.extract(html)
    assert trafilatura.core.load_html is load_html


def test_trafilatura_is_restored_even_on_error() -> None:
    with pytest.raises(RuntimeError), handed_over(parse_html("<html><body><p>x</p></body></html>")):
        raise RuntimeError("boom")
    assert trafilatura.core.load_html is load_html


def copying(filecontent, options=None):  # noqa: ANN001, ANN201  (trafilatura's shape)
    tree = load_html(filecontent)
    if tree is filecontent:
        tree = copy(tree)
    return tree


def copying_and_logging(filecontent, options=None):  # noqa: ANN001, ANN201
    tree = load_html(filecontent)
    if tree is filecontent:
        tree = copy(tree)
    print(filecontent)  # a release that uses its input once more: a HandedOver would reach it
    return tree


def always_copying(filecontent, options=None):  # noqa: ANN001, ANN201
    tree = copy(load_html(filecontent))
    return tree


def test_only_for_a_bare_extraction_that_uses_its_input_as_mirrored() -> None:
    assert copies_only_its_own_input(trafilatura.core.bare_extraction)
    assert copies_only_its_own_input(copying)
    assert not copies_only_its_own_input(copying_and_logging)
    assert not copies_only_its_own_input(always_copying)
