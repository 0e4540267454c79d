"""Whether a response is a PDF document: light enough for the crawl process, which never loads the extractor."""
from __future__ import annotations

PDF_TYPES = frozenset({"application/pdf", "application/x-pdf"})
UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})  # a type that says nothing


def is_pdf(body: bytes, content_type: str | None) -> bool:
    """By its declared type, or by its first bytes when the type says nothing (a server may call a PDF
    `application/octet-stream`); a PDF served as a web page stays the server's mistake."""
    declared = (content_type or "").split(";")[0].strip().lower()
    return declared in PDF_TYPES or (declared in UNTYPED and body[:5] == b"%PDF-")
