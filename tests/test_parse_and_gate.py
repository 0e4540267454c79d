"""The faster parse and the readability gate change nothing trafilatura extracts, only its cost."""
from __future__ import annotations

import copy
import gzip
from pathlib import Path

import pytest
import trafilatura
import trafilatura.core
from lxml import etree
from trafilatura.external import try_readability
from trafilatura.settings import Extractor
from trafilatura.utils import load_html, trim

from crawler.encoding import decode_page
from crawler.extraction import readability_gate as gate
from crawler.extraction.parse import parse_html
from crawler.extraction.readability_gate import page_text_bound, readability_gate

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html.gz"))
SKIPPED = {"wcxb-0437", "wcxb-4249"}  # see fixtures/pages/README.md


def html_of(path: Path) -> str:
    return decode_page(gzip.decompress(path.read_bytes()), "text/html")


def extract(tree: etree._Element) -> str | None:
    return trafilatura.extract(tree, include_comments=False, include_tables=True)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name.split(".")[0])
def test_parse_html_gives_trafilaturas_tree(path: Path) -> None:
    html = html_of(path)
    assert etree.tostring(parse_html(html)) == etree.tostring(load_html(html))


@pytest.mark.parametrize("text", ["", "   ", "just a line of text", "<p>one paragraph</p>"])
def test_parse_html_refuses_what_is_not_a_page(text: str) -> None:
    assert parse_html(text) is None
    assert load_html(text) is None  # as trafilatura does


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name.split(".")[0])
def test_gate_changes_no_extraction(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    html = html_of(path)
    decisions: list[bool] = []
    decide = gate.readability_cannot_win
    monkeypatch.setattr(gate, "readability_cannot_win", lambda *a: decisions.append(decide(*a)) or decisions[-1])
    plain = extract(load_html(html))
    with readability_gate():
        gated = extract(parse_html(html))
    assert gated == plain and plain
    assert any(decisions) == (path.name.split(".")[0] in SKIPPED)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name.split(".")[0])
def test_page_text_bound_is_an_upper_bound(path: Path) -> None:
    tree = parse_html(html_of(path))
    readability = try_readability(copy.copy(tree))
    length = len(trim(etree.tostring(readability, method="text", encoding="utf-8").decode("utf-8")))
    assert length <= page_text_bound(copy.copy(tree))


def test_gate_only_where_readability_cannot_win() -> None:
    options = Extractor()
    tree = parse_html("<html><body>" + "<div>word " * 300 + "</div>" * 300 + "</body></html>")
    paragraphs = etree.fromstring("<body><p>" + "word " * 200 + "</p></body>")
    assert gate.readability_cannot_win(copy.copy(tree), paragraphs, "word " * 200, options)
    assert not gate.readability_cannot_win(copy.copy(tree), paragraphs, "word " * 100, options)  # page 3x longer
    assert not gate.readability_cannot_win(copy.copy(tree), paragraphs, "", options)
    tables = etree.fromstring("<body><p>x</p><table/><table/></body>")
    assert not gate.readability_cannot_win(copy.copy(tree), tables, "word " * 200, options)
    options.focus = "recall"
    assert not gate.readability_cannot_win(copy.copy(tree), paragraphs, "word " * 200, options)


def test_gate_restores_trafilatura_even_on_error() -> None:
    original = trafilatura.core.compare_extraction
    with pytest.raises(RuntimeError), readability_gate():
        assert trafilatura.core.compare_extraction is not original
        raise RuntimeError("boom")
    assert trafilatura.core.compare_extraction is original
