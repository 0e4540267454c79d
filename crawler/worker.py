"""Entry point of extraction worker processes, importable without loading the extractor itself, so
the reactor process that submits work never imports trafilatura."""
from __future__ import annotations

from typing import Any


def extract_in_worker(body: bytes, content_type: str | None, url: str) -> Any:
    """`crawler.work.extract_and_pack`, already imported in the worker by its forkserver."""
    from crawler.work import extract_and_pack

    return extract_and_pack(body, content_type, url)
