"""py3langid's language model, kept decompressed in the user's cache directory.

py3langid ships its model LZMA-compressed, and every process that loads it decompresses 68 MB: 0.3 to
0.7 s of CPU on these machines, paid by every crawl with pages to extract (its workers wait for it)
and every `tollwatch extract`. As plain .npy files the model maps into memory in milliseconds, and
processes that map it share its pages. A copy that fails to read back or to classify as the model
does is never used: py3langid then loads its own model, as it would without a cache.
"""
from __future__ import annotations

import contextlib
import importlib.metadata
import logging
import os
import shutil
import time
from array import array
from pathlib import Path
from typing import Any

import numpy as np
import py3langid.langid as langid

LOGGER = logging.getLogger(__name__)
FIELDS = ("nb_ptc", "nb_pc", "nb_classes", "tk_nextmove", "tk_row", "tk_output")
PREFIX = "py3langid-"
KEEP_UNUSED = 30 * 86400  # seconds
# Texts a copy must classify exactly as the model does (the full score of every language) to be kept.
CHECKS = ("Kyiv says at least 12 people were killed in the overnight strike.",
          "En az 12 kişi hayatını kaybetti, 30 kişi yaralandı.", "Не менее 12 человек погибли.",
          "قتل 12 شخصا على الأقل", "至少12人死亡")


def cache_dir() -> Path:
    """Where tollwatch keeps what it can rebuild: $XDG_CACHE_HOME/tollwatch, else ~/.cache/tollwatch."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tollwatch"


def install(directory: Path | None = None) -> None:
    """Give py3langid its model, from the cache when possible, unless it already has it."""
    if langid.IDENTIFIER is None:
        langid.IDENTIFIER = load_identifier(directory or cache_dir())


def load_identifier(directory: Path) -> Any:
    """py3langid's classifier with its own model: read from `directory`, else loaded by py3langid and
    copied there for the next process."""
    path = directory / model_key()
    try:
        identifier = read_identifier(path)
    except (OSError, ValueError, TypeError, KeyError) as exc:  # not there yet, or damaged: replaced below
        LOGGER.debug("language model cache %s not used: %s", path, exc)
        _discard(path)
    else:
        with contextlib.suppress(OSError):  # a read-only cache is still used
            os.utime(path)  # in use: kept by other installs' clean-ups
        return identifier
    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)
    try:
        write_identifier(identifier, path)
    except (OSError, ValueError, TypeError) as exc:  # read-only home, full disk, another py3langid layout
        LOGGER.debug("language model not cached in %s: %s", path, exc)
    return identifier


def model_key() -> str:
    """The cache entry's name: py3langid's version and its model file's size and modification time."""
    model = Path(langid.MODEL_DIR) / langid.MODEL_FILE
    stat = model.stat()
    return f"{PREFIX}{importlib.metadata.version('py3langid')}-{stat.st_size}-{stat.st_mtime_ns}"


def read_identifier(path: Path) -> Any:
    """A classifier over the arrays stored in `path`, mapped rather than read into memory."""
    data = {name: np.asarray(np.load(path / f"{name}.npy", mmap_mode="r", allow_pickle=False)) for name in FIELDS}
    return langid.LanguageIdentifier(
        data["nb_ptc"], data["nb_pc"], data["nb_classes"].tolist(), _stdlib_array(data["tk_nextmove"]),
        data["tk_output"].tolist(), tk_row=_stdlib_array(data["tk_row"]))


def write_identifier(identifier: Any, path: Path) -> None:
    """Store the classifier's arrays in `path` (whole or not at all), once they read back into a
    classifier that scores the check texts exactly as it does; entries no process used for
    KEEP_UNUSED seconds go (another install, with another py3langid, may still use its own)."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    try:
        for name in FIELDS:
            np.save(partial / f"{name}.npy", np.asarray(getattr(identifier, name)), allow_pickle=False)
        copy = read_identifier(partial)
        if any(copy.rank(text) != identifier.rank(text) for text in CHECKS):
            raise ValueError("the stored model classifies differently")
        partial.rename(path)
    except OSError:
        if not path.is_dir():  # not another process's copy, stored first
            raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    unused = time.time() - KEEP_UNUSED
    # other entries, and the hidden copies a process killed while writing or removing one left behind
    for old in [*path.parent.glob(f"{PREFIX}*"), *path.parent.glob(f".{PREFIX}*")]:
        with contextlib.suppress(OSError):  # removed by another process meanwhile
            if old != path and old.stat().st_mtime < unused:
                _discard(old)


def _discard(path: Path) -> None:
    """Remove a cache entry; renamed first, so no process reads it half deleted."""
    gone = path.with_name(f".{path.name}.{os.getpid()}.old")
    try:
        path.rename(gone)
    except OSError:
        return
    shutil.rmtree(gone, ignore_errors=True)


def _stdlib_array(values: np.ndarray) -> array:
    """An integer ndarray as the stdlib array py3langid indexes (same item type)."""
    out = array(values.dtype.char)
    out.frombytes(memoryview(np.ascontiguousarray(values)).cast("B"))
    return out
