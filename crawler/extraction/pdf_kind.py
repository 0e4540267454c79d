"""Whether a response is a PDF document: light enough for the crawl process, which never loads the extractor."""
from __future__ import annotations

PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})


def is_pdf(body: bytes, content_type: str | None) -> bool:
    """By its declared type, or by its first bytes (a server may call a PDF `application/octet-stream`)."""
    declared = (content_type or "").split(";")[0].strip().lower()
    return declared in PDF_TYPES or body[:5] == b"%PDF-"
