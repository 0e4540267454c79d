"""Scrapy's TLS modules, imported without the cost of their deprecation shims.

`scrapy.core.downloader.tls` and `.contextfactory` define three deprecated classes with Scrapy's
`create_deprecated_class`, which names each class's module from `inspect.stack()[1]` and
`inspect.getmodule`: that finds the source file of every frame of the import chain and indexes all
~600 loaded modules by file (CPython issue #92041), 35 to 40 ms of every crawl's start-up, a tenth of
its imports. For that one import, frames come without their source and a frame's module is read from
its globals; the classes get the same `__module__`.
"""
from __future__ import annotations

import inspect
import sys
from types import ModuleType
from typing import Any

from crawler.extraction.scoped import replaced

_getmodule = inspect.getmodule


def frames_without_source(context: int = 1) -> list[inspect.FrameInfo]:
    """`inspect.stack()` (its caller's frame first, then theirs), without file names resolved or source read."""
    frames, frame = [], sys._getframe(1)
    while frame is not None:
        frames.append(inspect.FrameInfo(frame, frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name,
                                        None, None))
        frame = frame.f_back
    return frames


def module_of(obj: Any, _filename: str | None = None) -> ModuleType | None:
    """`inspect.getmodule`, answering for a frame from its globals rather than from every module's file."""
    if inspect.isframe(obj):
        module = sys.modules.get(obj.f_globals.get("__name__", ""))
        if module is not None:
            return module
    return _getmodule(obj, _filename)


def import_scrapy_tls() -> None:
    """Import Scrapy's TLS context factory (the download handler's first import) cheaply."""
    with replaced([(inspect, "stack", frames_without_source), (inspect, "getmodule", module_of)]):
        import scrapy.core.downloader.contextfactory  # noqa: F401
