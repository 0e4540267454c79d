"""Decode a page whose charset is missing or wrong: trust a declared charset only when the bytes
agree with it, otherwise guess from the bytes (Windows-1254 Turkish, Windows-1251 Cyrillic, ...)."""
from __future__ import annotations

import codecs
from typing import NamedTuple

import charset_normalizer
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

SNIFF_BYTES = 64 * 1024


class DecodedPage(NamedTuple):
    """A page's text and, when its body already was that text in UTF-8 (most pages), the body: parsing
    and storing want UTF-8, and need not encode the text again."""

    text: str
    body_utf8: bytes | None = None

    def utf8(self) -> bytes:
        """The text as UTF-8."""
        return self.body_utf8 if self.body_utf8 is not None else self.text.encode("utf-8")


def decode_page(body: bytes, content_type: str | None) -> str:
    """The page's text: a BOM wins, then a declared charset the body really is in, then detection."""
    return decode_body(body, content_type).text


def decode_body(body: bytes, content_type: str | None) -> DecodedPage:
    """`decode_page`, keeping the body when it is valid UTF-8 without a BOM (then it is the text's UTF-8)."""
    bom, _ = read_bom(body)
    if bom:
        return DecodedPage(body.decode(bom, errors="replace").lstrip("\ufeff"))
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body[:SNIFF_BYTES])
    for encoding in filter(None, (declared, "utf-8")):
        try:
            name = _python_name(encoding)
            text = body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        return DecodedPage(text, body if name == "utf-8" else None)
    best = charset_normalizer.from_bytes(body[:SNIFF_BYTES]).best()
    return DecodedPage(body.decode(best.encoding if best else "cp1252", errors="replace"))


def _python_name(encoding: str) -> str:
    name = codecs.lookup(encoding).name
    # WHATWG: pages labelled latin-1 / ascii are decoded as windows-1252 by browsers.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name
