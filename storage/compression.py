"""Compression of the page HTML kept with each version: zstd at level 1, three times faster
than zlib's and smaller. Versions that earlier builds wrote with zlib still read back."""
from __future__ import annotations

import zlib

try:
    from compression import zstd  # Python 3.14 and later
except ImportError:
    from backports import zstd

LEVEL = 1
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # the first bytes of every zstd frame; a zlib stream starts with 0x78


def compress_html(html: bytes) -> bytes:
    """The stored form of a page's UTF-8 HTML."""
    return zstd.compress(html, LEVEL)


def decompress_html(data: bytes) -> bytes:
    """A page's UTF-8 HTML from its stored form: zstd, or zlib as earlier builds wrote it."""
    return zstd.decompress(data) if data[:4] == ZSTD_MAGIC else zlib.decompress(data)
