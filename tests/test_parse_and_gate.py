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
    copies = []
    monkeypatch.setattr(gate, "copy", lambda tree: copies.append(tree) or copy.copy(tree))
    plain = extract(load_html(html))
    with readability_gate():
        gated = extract(parse_html(html))
    assert gated == plain and plain
    assert any(decisions) == (path.name.split(".")[0] in SKIPPED)
    assert len(copies) == decisions.count(False)  # the raw page is copied only for readability to run on


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name.split(".")[0])
def test_page_text_bound_is_an_upper_bound(path: Path) -> None:
    tree = parse_html(html_of(path))
    readability = try_readability(copy.copy(tree))
    length = len(trim(etree.tostring(readability, method="text", encoding="utf-8").decode("utf-8")))
    before = etree.tostring(tree)
    assert length <= page_text_bound(tree)
    assert etree.tostring(tree) == before  # the page is left as it is, for trafilatura's other stages


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
    original = trafilatura.core._extract_and_compare
    with pytest.raises(RuntimeError), readability_gate():
        assert trafilatura.core._extract_and_compare is gate.extract_and_compare
        raise RuntimeError("boom")
    assert trafilatura.core._extract_and_compare is original


def test_gate_stays_out_of_a_changed_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    def changed(cleaned_tree, cleaned_tree_backup, tree, options):  # noqa: ANN001, ANN202
        return trafilatura.core.extract_content(cleaned_tree, options)

    monkeypatch.setattr(trafilatura.core, "_extract_and_compare", changed)
    with readability_gate():
        assert trafilatura.core._extract_and_compare is changed
