"""PDF reports (situation reports, press releases): their text with pypdf, their figures with page numbers.

A PDF's pages are joined with a form feed (as pdftotext does), so each figure's page is the number of form feeds
before it, plus one. Within a page, the line breaks of the layout are joined into running text (a sentence
often spans lines), and blank lines stay paragraph breaks.
"""
from __future__ import annotations

import io
import re
from dataclasses import replace

from crawler.extraction.figures import count_totals, find_figures
from crawler.extraction.language import detect_language
from crawler.extraction.outcome import ARTICLE, NOT_ARTICLE, Verdict
from crawler.extraction.page import Examined, Extraction
from crawler.extraction.published import published_text

MAX_PAGES = 300  # pages read from one document (a longer one is read up to here)
PAGE_BREAK = "\f"
NO_PDF_TEXT = "a PDF without text (scanned pages?)"
_LINE_BREAK = re.compile(r"[ \t]*\n(?!\s*\n)[ \t]*")  # a single line break, not a blank line


def examine_pdf(body: bytes, url: str | None = None) -> Examined:
    """Read a PDF's text and figures; a document that cannot be read, or has no text, is no article."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(body))
        pages = [_running_text(page.extract_text() or "") for page in reader.pages[:MAX_PAGES]]
        info = reader.metadata
    except (PyPdfError, ValueError, KeyError, TypeError, RecursionError) as exc:
        return Examined(Verdict(NOT_ARTICLE, f"unreadable PDF ({type(exc).__name__})"), None)
    text = PAGE_BREAK.join(pages).strip(PAGE_BREAK + " \n")
    if not text.strip():
        return Examined(Verdict(NOT_ARTICLE, NO_PDF_TEXT), None)
    language = detect_language(text, None)
    found = [replace(f, page=text.count(PAGE_BREAK, 0, f.start) + 1) for f in find_figures(text, language)]
    title = (str(info.title).strip() or None) if info is not None and info.title else None
    published = None
    if info is not None:
        try:
            created = info.creation_date
        except (ValueError, TypeError):  # a date in no format pypdf reads
            created = None
        if created is not None:
            # a time without a zone is only sure of its day, as `parse_published` reads it
            published = published_text(created) if created.tzinfo else created.isoformat()
    return Examined(Verdict(ARTICLE, "PDF text"), Extraction(
        url=url, text=text, title=title or _first_line(text), published=published, language=language,
        figures=found, totals=count_totals(found)))


def _running_text(page: str) -> str:
    """A page's text with layout line breaks joined, blank lines kept."""
    return _LINE_BREAK.sub(" ", page.replace(PAGE_BREAK, " ")).strip()


def _first_line(text: str) -> str | None:
    """The first line of the text, as a title when the document names none (at most 200 characters)."""
    first = text.lstrip().split("\n", 1)[0].split(PAGE_BREAK, 1)[0].strip()
    return first[:200] or None
