"""Extraction of article text, consent removal and casualty figures; usable without Scrapy.

The names below load on first use, so importing a submodule (say the figure categories) does not
pull in trafilatura: the crawl's reactor process and the command line stay small.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Examined", "Extraction", "ExtractionSettings", "examine_page", "extract_page", "extract_text"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("crawler.extraction.page"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
