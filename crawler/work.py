"""The work an extraction worker process does for one page: extract it and compress its HTML."""
from __future__ import annotations

import zlib

from crawler.extraction import Extraction, extract_page


def extract_and_pack(html: str, url: str) -> tuple[Extraction | None, bytes]:
    """The page's extraction and its zlib-compressed HTML (kept so `reprocess` needs no re-fetch)."""
    return extract_page(html, url), zlib.compress(html.encode("utf-8"), 1)  # level 1: 3x faster, ~20% larger
