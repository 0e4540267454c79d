"""The faster parse and the readability gate change nothing trafilatura extracts, only its cost."""
from __future__ import annotations

import copy
import gzip
import importlib.util
import inspect
from pathlib import Path
from typing import Any

import pytest
import trafilatura
import trafilatura.core
import trafilatura.utils
from lxml import etree
from trafilatura.external import try_readability
from trafilatura.settings import Extractor
from trafilatura.utils import load_html, trim

from crawler.encoding import decode_body, decode_page
from crawler.extraction import parse
from crawler.extraction import readability_gate as gate
from crawler.extraction.parse import parse_html, repair_utf8
from crawler.extraction.readability_gate import page_text_bound, readability_gate

PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html.gz"))
SKIPPED = {"wcxb-0437", "wcxb-4249"}  # see fixtures/pages/README.md


def html_of(path: Path) -> str:
    return decode_page(gzip.decompress(path.read_bytes()), "text/html")


def extract(tree: etree._Element) -> str | None:
    return trafilatura.extract(tree, include_comments=False, include_tables=True)


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name.split(".")[0])
def test_parse_html_gives_trafilaturas_tree(path: Path) -> None:
    body = gzip.decompress(path.read_bytes())
    page = decode_body(body, "text/html")
    assert page.body_utf8 is body  # a UTF-8 page keeps its body, to be parsed from its bytes
    assert repair_utf8(body, page.text[:50].lower()) is not None  # and is: no fallback to the text
    expected = etree.tostring(load_html(page.text))
    assert etree.tostring(parse_html(page.text)) == expected
    assert etree.tostring(parse_html(page.text, page.body_utf8)) == expected


TRICKY = {
    "controls and noncharacters": "<html><body><p>a\x00b\x08c\x0bd\x0ce\x1ff \ufffe\uffff g</p>"
                                  "<p>kept: \ufffd \ufff9 \uffbf \u00e9 \u4e2d \U0001f600</p></body></html>",
    "doctype with a slash": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/'
                            'DTD/xhtml1-strict.dtd">\n<html><body><p>text</p></body></html>',
    "doctype on the only line": '<!doctype html SYSTEM "about:legacy-compat/x"><html><body><p>one line</p></body></html>',
    "self-closing html tag": '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml" />\n'
                             "<body><p>after the broken tag</p></body>",
    "self-closing html after a line separator": "<!DOCTYPE html>\u2028<html lang='en'/>\n<body><p>x</p></body>",
    "unicode line breaks": "<!DOCTYPE html>\r\n<html>\u2028<head>\x85<title>t</title></head>\u2029"
                           "<body><p>\x1cline\x1d \x1e</p></body></html>",
    "not html": "just a line of text",
}


@pytest.mark.parametrize("text", TRICKY.values(), ids=TRICKY.keys())
def test_parse_html_from_utf8_repairs_as_trafilatura(text: str) -> None:
    expected = load_html(text)
    for tree in (parse_html(text), parse_html(text, text.encode("utf-8"))):
        assert (tree is None) == (expected is None)
        assert tree is None or etree.tostring(tree) == etree.tostring(expected)


def test_utf8_repair_leaves_a_self_closing_html_tag_to_trafilatura() -> None:
    text = TRICKY["self-closing html tag"]
    assert repair_utf8(text.encode(), text[:50].lower()) is None
    text = TRICKY["doctype with a slash"]
    assert repair_utf8(text.encode(), text[:50].lower()) == text.split("\n", 1)[1].join(["\n", ""]).encode()


def changed_copy(module: Any, old: str, new: str, tmp_path: Path) -> Any:
    """A fresh copy of a trafilatura module whose source has `old` (found once) replaced by `new`."""
    source = inspect.getsource(module)
    assert source.count(old) == 1
    name = f"{module.__name__}_copy_{abs(hash(new))}"
    (tmp_path / f"{name}.py").write_text(source.replace(old, new))
    spec = importlib.util.spec_from_file_location(name, tmp_path / f"{name}.py")  # in trafilatura's package
    copied = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copied)
    return copied


def test_utf8_repair_only_for_the_repair_it_mirrors(tmp_path: Path) -> None:
    first = '    htmlstring = INVALID_XML_CHARS.sub("", htmlstring)'
    assert parse.mirrors_repair(trafilatura.utils.repair_faulty_html)
    assert parse.mirrors_repair(changed_copy(trafilatura.utils, first, first, tmp_path).repair_faulty_html)
    more = '    htmlstring = htmlstring.replace("\\r", "")\n' + first  # a release that repairs one thing more
    assert not parse.mirrors_repair(changed_copy(trafilatura.utils, first, more, tmp_path).repair_faulty_html)


def test_gate_only_for_the_comparison_it_mirrors(tmp_path: Path) -> None:
    first = "    postbody, temp_text = extract_content(cleaned_tree, options)"
    assert gate.mirrors(changed_copy(trafilatura.core, first, first, tmp_path)._extract_and_compare)
    more = "    tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)\n" + first  # one step more, before
    assert not gate.mirrors(changed_copy(trafilatura.core, first, more, tmp_path)._extract_and_compare)


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


def test_gate_stays_out_when_a_part_it_assumes_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    original = trafilatura.core._extract_and_compare
    assert gate._ASSUMED_UNCHANGED  # the trafilatura installed is the one the gate was written against
    monkeypatch.setattr(gate, "_ASSUMED_UNCHANGED", False)
    with readability_gate():
        assert trafilatura.core._extract_and_compare is original
