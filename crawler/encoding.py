"""Decode a page whose charset is missing or wrong: trust a declared charset only when the bytes
agree with it, otherwise guess from the bytes (Windows-1254 Turkish, Windows-1251 Cyrillic, ...)."""
from __future__ import annotations

import codecs

import charset_normalizer
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

SNIFF_BYTES = 64 * 1024


def decode_page(body: bytes, content_type: str | None) -> str:
    """The page's text: a BOM wins, then a declared charset the body really is in, then detection."""
    bom, _ = read_bom(body)
    if bom:
        return body.decode(bom, errors="replace").lstrip("\ufeff")
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body[:SNIFF_BYTES])
    for encoding in filter(None, (declared, "utf-8")):
        try:
            return body.decode(_python_name(encoding))
        except (UnicodeDecodeError, LookupError):
            continue
    best = charset_normalizer.from_bytes(body[:SNIFF_BYTES]).best()
    return body.decode(best.encoding if best else "cp1252", errors="replace")


def _python_name(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    # WHATWG: pages labelled latin-1 / ascii are decoded as windows-1252 by browsers.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name
