"""Casualty-figure parser: find killed/injured/missing/displaced/refugee figures in article text.

`find_figures` returns one `Figure` per casualty number with its evidence, read sentence by sentence in the
language of its paragraph by one engine (languages/reading.py) with that language's grammar (languages/: eight
described as data, English written as code in grammar.py) and then in its article's context (context.py:
background, claims, events, sources); `count_totals` turns them into one `Total` per category, `totals` into the
exact numbers. Pure regular grammar, no models beyond the language classifier.
"""
from __future__ import annotations

from ..categories import CATEGORIES
from .context import in_context
from .languages import LANGUAGES, paragraph_language, reading
from .record import Figure, Total
from .text import split_sentences
from .totals import count_totals, totals

__all__ = ["CATEGORIES", "Figure", "Total", "count_totals", "find_figures", "totals"]


def find_figures(text: str, language: str | None = None) -> list[Figure]:
    """Every casualty figure stated in *text*, in text order, each with its sentence and offsets; *language* is
    the page's, used where a paragraph is too short to tell its own."""
    figures: list[Figure] = []
    spans = split_sentences(text)
    paragraph_end, code = -1, None
    codes: list[str | None] = []
    for s0, s1 in spans:
        if s0 > paragraph_end:  # a new paragraph: its language
            paragraph_end = text.find("\n", s0)
            paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
            code = paragraph_language(text[s0:paragraph_end], language)
        codes.append(code)
        if code is not None:
            figures.extend(reading.read(text, s0, s1, LANGUAGES[code]))
    return in_context(figures, text, spans, codes)
