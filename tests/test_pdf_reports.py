"""PDF situation reports: their text and figures, each figure with the page it was read on."""
from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from crawler.extraction.outcome import ARTICLE, NOT_ARTICLE
from crawler.extraction.pdf import NO_PDF_TEXT, examine_pdf
from crawler.extraction.pdf_kind import is_pdf
from scheduler.config import parse_config
from scheduler.crawl import run_crawl
from storage.db import open_database
from tests.conftest import run_cli
from tests.site import FixtureSite, Page, config_toml, link_feed, source_toml

PAGES = [["Floods: situation report no. 7", "", "Heavy rain continued across the northern districts."],
         ["At least 12 people were killed and 30 injured", "in the floods, the UN said on Monday.", "",
          "The 2019 floods killed 40 people in the same districts."]]


def pdf(pages: list[list[str]], title: str | None = "Floods: situation report no. 7") -> bytes:
    """A PDF with one page per list of lines (real text, TrueType fonts: as an office suite writes it)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    out = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42}), PdfPages(out, metadata={"Title": title}) as document:
        for lines in pages:
            figure = Figure(figsize=(8.27, 11.69))
            for n, line in enumerate(lines):
                figure.text(0.1, 0.9 - n * 0.03, line, fontsize=11)
            document.savefig(figure)
    return out.getvalue()


def test_a_report_s_figures_carry_their_page() -> None:
    verdict, report = examine_pdf(pdf(PAGES), "https://relief.example/report.pdf")
    assert verdict.outcome == ARTICLE and report is not None
    assert report.title == "Floods: situation report no. 7" and report.language == "en"
    assert report.text.count("\f") == 1  # two pages
    assert "killed and 30 injured in the floods" in report.text  # lines of a sentence joined
    news = [(f.category, f.value, f.attribution, f.page) for f in report.figures if not f.background]
    assert news == [("killed", 12, "UN", 2), ("injured", 30, "UN", 2)]
    assert [(f.value, f.page) for f in report.figures if f.background] == [(40, 2)]
    assert report.totals["killed"].value == 12


def test_unreadable_and_textless_pdfs_are_no_article() -> None:
    assert examine_pdf(b"%PDF-1.7 then nothing a reader can use").verdict.outcome == NOT_ARTICLE
    blank = examine_pdf(pdf([[""]], title=None))
    assert blank == (blank.verdict, None) and blank.verdict.reason == NO_PDF_TEXT
    assert is_pdf(b"%PDF-1.4 ...", "application/octet-stream") and is_pdf(b"", "application/pdf; q=1")
    assert is_pdf(b"%PDF-1.4 ...", None) and not is_pdf(b"<html>", "text/html")
    assert not is_pdf(b"%PDF-1.4 ...", "text/html")  # the server's mistake: recorded as binary content


def test_a_crawl_stores_a_linked_report_and_extract_reads_one(site: FixtureSite, tmp_path: Path) -> None:
    body = pdf(PAGES)
    site.routes["/reports/sitrep-7.pdf"] = Page(body, headers={"Content-Type": "application/pdf"})
    site.set_xml("/reports.xml", link_feed([f"{site.url}/reports/sitrep-7.pdf"]), "application/rss+xml")
    db = tmp_path / "tollwatch.db"
    toml = config_toml(site.url, f"sqlite:///{db}", sources=source_toml("relief", "feed", f"{site.url}/reports.xml"))
    config = parse_config(toml, None)
    engine = open_database(f"sqlite:///{db}")
    result = run_crawl(config, engine, config.sources)
    engine.dispose()
    assert (result.status, result.new_articles, result.errors) == ("ok", 1, 0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT a.title, v.html_gz IS NULL FROM articles a JOIN article_versions v "
                            "ON v.article_id = a.id").fetchall() == [("Floods: situation report no. 7", 1)]
        assert conn.execute("SELECT category, value, attribution, page, background FROM figures ORDER BY id"
                            ).fetchall() == [("killed", 12, "UN", 2, 0), ("injured", 30, "UN", 2, 0),
                                             ("killed", 40, None, 2, 1)]
    (tmp_path / "report.pdf").write_bytes(body)
    out = run_cli("extract", "--format", "json", str(tmp_path / "report.pdf"), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert [(f["value"], f["page"]) for f in json.loads(out.stdout)["figures"]] == [(12, 2), (30, 2), (40, 2)]
    # a malformed one is one line of ours, without the reader library's own complaints
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    out = run_cli("extract", str(tmp_path / "broken.pdf"), cwd=tmp_path)
    assert out.returncode == 1 and out.stderr.splitlines() == [
        f"tollwatch: {tmp_path / 'broken.pdf'}: no article text found (unreadable PDF (PdfStreamError))"]
