"""Decoding pages: the text, and a UTF-8 body kept so that parsing and storing do not encode it again."""
from __future__ import annotations

import pytest

from crawler.encoding import decode_body, decode_page
from crawler.work import extract_and_pack
from storage.compression import decompress_html

TURKISH = ("<html lang='tr'><body><article><p>" + "Depremde en az 12 kişi öldü, yetkililer açıkladı. " * 10
           + "</p></article></body></html>")


def test_a_utf8_body_is_the_texts_utf8() -> None:
    body = TURKISH.encode("utf-8")
    page = decode_body(body, "text/html; charset=utf-8")
    assert page.text == TURKISH
    assert page.body_utf8 is body and page.utf8() is body


@pytest.mark.parametrize("body, content_type", [
    (TURKISH.encode("cp1254"), "text/html; charset=windows-1254"),
    (TURKISH.encode("cp1254"), "text/html"),  # no charset: detected
    (TURKISH.encode("cp1254"), "text/html; charset=utf-8"),  # mislabelled
    (b"\xef\xbb\xbf" + TURKISH.encode("utf-8"), "text/html"),  # a byte order mark
    (TURKISH.encode("utf-16"), None),
], ids=["declared", "detected", "mislabelled", "bom", "utf-16"])
def test_other_bodies_are_encoded_from_their_text(body: bytes, content_type: str | None) -> None:
    page = decode_body(body, content_type)
    assert page.text == decode_page(body, content_type) and page.text.startswith("<html lang='tr'>")
    assert page.body_utf8 is None
    assert page.utf8() == page.text.encode("utf-8")


@pytest.mark.parametrize("body, charset", [(TURKISH.encode("utf-8"), "utf-8"), (TURKISH.encode("cp1254"), "windows-1254")],
                         ids=["utf-8", "cp1254"])
def test_the_stored_html_is_the_decoded_page(body: bytes, charset: str) -> None:
    packed = extract_and_pack(body, f"text/html; charset={charset}", "https://haber.example/deprem")
    assert packed.article is not None and "12 kişi öldü" in packed.article["text"]
    assert decompress_html(packed.html_gz).decode("utf-8") == TURKISH
