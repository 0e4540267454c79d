"""The languages tollwatch reads casualty figures in, and which one a paragraph is written in.

English is read by the grammar in `..grammar` (the first language, written as code); the others are described
as data (`model.Language`, one module each) and read by `reading.py`. A paragraph's language picks its grammar.
"""
from __future__ import annotations

import re

from .fr import FRENCH
from .model import Language

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (FRENCH,)}
SUPPORTED = frozenset({"en", *LANGUAGES})
# A paragraph full of English function words is English, without asking the classifier (its model takes a second
# to load, then 30 µs a paragraph): three of them in its first 400 characters, or two in plain ASCII.
_ENGLISH = re.compile(r"\b(?:the|of|and|were|said|have|has|been|with|from|that|their|after|killed)\b", re.I)


def paragraph_language(paragraph: str, default: str | None = None) -> str | None:
    """The language of a paragraph, among those tollwatch reads; None when it is written in another one."""
    english = len(_ENGLISH.findall(paragraph[:400]))
    if english >= 3 or english >= 2 and paragraph.isascii():
        return "en"
    if len(paragraph) < 20 and default in SUPPORTED:
        return default
    from crawler.extraction.language import load_model

    load_model()
    import py3langid

    ranked = py3langid.rank(paragraph[:2000])
    top = ranked[0][0]
    if top in SUPPORTED:
        return top
    return default if default in SUPPORTED and ranked and _close(ranked, default) else None


def _close(ranked: list[tuple[str, float]], code: str) -> bool:
    """Whether the page's own language is among the classifier's first three guesses for a paragraph."""
    return code in [lang for lang, _ in ranked[:3]]
