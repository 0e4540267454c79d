"""The cached copy of py3langid's model: written on first use, mapped after, never trusted blindly."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import py3langid.langid as langid
import pytest

from crawler.extraction import language_model

TEXTS = ("At least 40 people were killed and 120 injured when the building collapsed, officials said.",
         "Au moins 40 personnes ont été tuées dans l'effondrement de l'immeuble.",
         "Mindestens 40 Menschen kamen ums Leben, 120 wurden verletzt.",
         "Kazada en az 40 kişi hayatını kaybetti, 120 kişi yaralandı.")


@pytest.fixture(scope="module")
def original() -> object:
    """py3langid's classifier as it loads its own model."""
    return langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE)


def test_first_use_stores_the_model_and_later_uses_map_it(tmp_path: Path, original: object) -> None:
    first = language_model.load_identifier(tmp_path)
    entry = tmp_path / language_model.model_key()
    assert sorted(p.name for p in entry.iterdir()) == sorted(f"{f}.npy" for f in language_model.FIELDS)
    second = language_model.load_identifier(tmp_path)
    assert isinstance(second.nb_ptc.base, np.memmap)  # mapped from the cache, not decompressed again
    for text in TEXTS:
        assert first.rank(text) == second.rank(text) == original.rank(text)  # type: ignore[attr-defined]


def test_a_damaged_copy_is_replaced(tmp_path: Path, original: object) -> None:
    language_model.load_identifier(tmp_path)
    damaged = tmp_path / language_model.model_key() / "tk_nextmove.npy"
    damaged.write_bytes(damaged.read_bytes()[:1000])
    assert language_model.load_identifier(tmp_path).rank(TEXTS[0]) == original.rank(TEXTS[0])  # type: ignore[attr-defined]
    assert damaged.stat().st_size > 1_000_000
    assert language_model.load_identifier(tmp_path).rank(TEXTS[1]) == original.rank(TEXTS[1])  # type: ignore[attr-defined]


def test_entries_unused_for_a_month_go_and_an_unwritable_cache_still_classifies(tmp_path: Path,
                                                                                original: object) -> None:
    stale, other, killed, writing = (tmp_path / "cache" / f"{prefix}{language_model.PREFIX}{name}" for prefix, name in
                                     (("", "0.1-1-1"), ("", "0.2-1-1"), (".", "0.1-1-1.4242"), (".", "0.2-1-1.4343")))
    for directory in (stale, other, killed, writing):
        directory.mkdir(parents=True, exist_ok=True)
    month = time.time() - language_model.KEEP_UNUSED - 60
    os.utime(stale, (month, month))
    os.utime(killed, (month, month))  # left by a process killed while writing its copy
    language_model.load_identifier(tmp_path / "cache")
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == sorted(
        [language_model.model_key(), other.name, writing.name])
    entry = tmp_path / "cache" / language_model.model_key()
    os.utime(entry, (month, month))
    language_model.load_identifier(tmp_path / "cache")
    assert entry.stat().st_mtime > month + 3600  # reading an entry marks it used
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    assert language_model.load_identifier(blocked).rank(TEXTS[2]) == original.rank(TEXTS[2])  # type: ignore[attr-defined]


def test_a_process_uses_the_cache_under_xdg_cache_home(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = ("from crawler.extraction.language import detect_language; "
            "print(detect_language('Mindestens 40 Menschen kamen ums Leben, sagte die Polizei.'))")
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "de"
    assert (tmp_path / "tollwatch" / language_model.model_key() / "nb_ptc.npy").is_file()


def test_a_cache_that_cannot_be_marked_used_is_still_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    language_model.load_identifier(tmp_path)

    def read_only(*args: object) -> None:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(language_model.os, "utime", read_only)
    assert isinstance(language_model.load_identifier(tmp_path).nb_ptc.base, np.memmap)
    assert (tmp_path / language_model.model_key() / "nb_ptc.npy").is_file()
