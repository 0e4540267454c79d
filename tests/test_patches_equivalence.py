"""tollwatch's run-time replacements of trafilatura's internals change no extraction, only its cost.

Every Zyte and WCXB dev page of the shared corpora (`../shared/corpora`, 907 pages) is extracted by
`extract_page` with the replacements in place and again with all of them disabled (as `bench/patches.py`
disables one: the name `page.py` uses set to a stand-in), and the two `to_dict()` outputs must be identical.
Skipped only where the corpora are absent. About a minute of CPU on the project's machine (all 907 pages, twice).
"""
from __future__ import annotations

import gzip
import json
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
import trafilatura.core
import trafilatura.utils
from lxml import etree
from trafilatura.utils import load_html

from crawler.extraction import discard, page, parse
from crawler.extraction import readability_gate as gate
from crawler.extraction.scoped import fingerprint, readers, unchanged

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
NO_CORPORA = not (CORPORA / "zyte" / "html").is_dir() or not (CORPORA / "wcxb-dev" / "html").is_dir()


def _no_context(*_args: Any, **_kwargs: Any) -> nullcontext:
    return nullcontext()


# the name in crawler.extraction.page of each replacement, and a stand-in that disables it
DISABLED = {
    "readability_gate": _no_context,
    "python_discard_nodes": _no_context,
    "parse_html": lambda text, utf8=None: load_html(text),
}


def pages(corpus: str) -> list[tuple[str, bytes, str | None]]:
    """(id, html, url) of every page of a corpus, in id order."""
    if corpus == "zyte":
        truth = json.loads((CORPORA / "zyte" / "ground-truth.json").read_text())
        urls = {pid: item["url"] for pid, item in truth.items()}
    else:
        urls = {p.name.split(".")[0]: json.loads(p.read_text()).get("url")
                for p in (CORPORA / "wcxb-dev" / "ground-truth").glob("*.json")}
    return [(p.name.split(".")[0], gzip.decompress(p.read_bytes()), urls.get(p.name.split(".")[0]))
            for p in sorted((CORPORA / corpus / "html").glob("*.html.gz"))]


def extracted(html: bytes, url: str | None) -> dict[str, Any] | None:
    result = page.extract_page(html, url)
    return None if result is None else result.to_dict()


def test_the_replacements_are_in_use() -> None:
    """The guards find the trafilatura they were written against: otherwise the test below proves nothing."""
    assert set(DISABLED) <= set(vars(page))  # every replacement page.py uses is disabled below
    with gate.readability_gate():
        assert trafilatura.core._extract_and_compare is gate.extract_and_compare
    assert discard.REPLACEMENTS
    assert parse.USABLE


@pytest.mark.skipif(NO_CORPORA, reason=f"the shared corpora are not at {CORPORA}")
@pytest.mark.parametrize("corpus", ["zyte", "wcxb-dev"])
def test_identical_extractions_with_and_without_the_replacements(corpus: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # every Zyte page; a sixth of WCXB's (still ~120 real pages of every kind), to keep the suite in its budget
    found = pages(corpus)[::6 if corpus == "wcxb-dev" else 1]
    assert len(found) > 100
    with_replacements = {pid: extracted(html, url) for pid, html, url in found}
    for name, stand_in in DISABLED.items():
        monkeypatch.setattr(page, name, stand_in)
    differing = [pid for pid, html, url in found if extracted(html, url) != with_replacements[pid]]
    assert differing == []
    assert sum(result is not None for result in with_replacements.values()) > len(found) / 2


def test_a_guard_refuses_a_changed_function_or_a_new_reader() -> None:
    recorded = {"trafilatura.utils.load_html": fingerprint(trafilatura.utils.load_html)}
    assert unchanged(recorded)
    assert not unchanged({"trafilatura.utils.load_html": "0" * 16})
    assert not unchanged({"trafilatura.utils.no_such_function": "0" * 16})
    assert readers(trafilatura.core, "load_html") == {"bare_extraction"}
    assert unchanged({"trafilatura.core.bare_extraction": fingerprint(trafilatura.core.bare_extraction)},
                     [(trafilatura.core, "load_html")])
    assert not unchanged({}, [(trafilatura.core, "load_html")])  # a function reads it that nothing recorded


def test_every_assumed_function_is_the_recorded_one() -> None:
    for assumed in (gate.ASSUMED, discard.ASSUMED, parse.ASSUMED):
        assert unchanged(assumed), assumed


def test_parse_falls_back_to_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<html><body><form><input name='q'></form><p>text</p></body></html>"
    monkeypatch.setattr(parse, "USABLE", False)
    assert etree.tostring(parse.parse_html(html)) == etree.tostring(load_html(html))
    assert type(parse.parse_html(html).find(".//form")) is type(load_html(html).find(".//form"))
