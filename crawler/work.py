"""The work an extraction worker process does for one page: hash it, decode it, extract it, compress it
(a PDF report: read its text and figures).

Everything CPU-bound about a page happens here, off the crawl's reactor process, which only hands
over the raw bytes (cheap to pass between processes, unlike a decoded str).
"""
from __future__ import annotations

import hashlib
from typing import Any

from crawler.encoding import decode_body
from crawler.extraction import Extraction, examine_page
from crawler.extraction.pdf_kind import is_pdf
from crawler.items import Packed
from storage.compression import compress_html


def extract_and_pack(body: bytes, content_type: str | None, url: str, known_hash: str | None = None) -> Packed:
    """Extract and compress an article page, unless its body hashes to `known_hash` (that of its last fetch);
    a page that is no article comes back with its outcome and why."""
    body_hash = hashlib.sha256(body).hexdigest()
    if body_hash == known_hash:
        return Packed(body_hash, unchanged=True)
    if is_pdf(body, content_type):  # its text is stored; the document is not (reprocess keeps its figures)
        from crawler.extraction.pdf import examine_pdf

        verdict, extraction = examine_pdf(body, url)
        html_gz = None
    else:
        page = decode_body(body, content_type)
        verdict, extraction = examine_page(page, url)
        html_gz = compress_html(page.utf8()) if extraction is not None else None
    if extraction is None:
        return Packed(body_hash, outcome=verdict.outcome, reason=verdict.reason)
    return Packed(body_hash, article=article_fields(extraction), html_gz=html_gz)


def article_fields(extraction: Extraction) -> dict[str, Any]:
    """What storage keeps of an extraction, as builtins (cheap to pickle, no classes to import)."""
    return {"url": extraction.url, "text": extraction.text, "title": extraction.title,
            "published": extraction.published, "modified": extraction.modified, "author": extraction.author,
            "language": extraction.language,
            "partial": extraction.outcome == "partial", "live": extraction.live, "figures": [f.to_dict() for f in extraction.figures],
            "totals": [t.to_dict() for t in extraction.totals.values()]}
