"""The work an extraction worker process does for one page: decode it, extract it, compress it.

Everything CPU-bound about a page happens here, off the crawl's reactor process, which only hands
over the raw bytes (cheap to pass between processes, unlike a decoded str).
"""
from __future__ import annotations

import zlib

from crawler.encoding import decode_page
from crawler.extraction import Extraction, extract_page


def extract_and_pack(body: bytes, content_type: str | None, url: str) -> tuple[Extraction | None, bytes]:
    """The page's extraction and its zlib-compressed UTF-8 HTML (kept so `reprocess` needs no re-fetch)."""
    html = decode_page(body, content_type)
    return extract_page(html, url), zlib.compress(html.encode("utf-8"), 1)  # level 1: 3x faster, ~20% larger
