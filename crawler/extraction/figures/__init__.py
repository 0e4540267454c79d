"""Casualty-figure parser: find killed/injured/missing/displaced/refugee figures in article text.

`find_figures` returns one `Figure` per casualty number with its evidence, read sentence by sentence in the
language of its paragraph (English with grammar.py, the other languages with languages/reading.py and their
data) and then in its article's context (context.py: background, claims, events, sources); `count_totals`
turns them into one `Total` per category, `totals` into the exact numbers. Pure regular grammar, no models
beyond the language classifier.
"""
from __future__ import annotations

from .context import in_context
from .grammar import CUE, analyse, is_count, normalise, places_in, qualifier, where, who
from .languages import LANGUAGES, paragraph_language
from .languages import reading
from .numbers import find_numbers, lower_same
from ..categories import CATEGORIES
from .record import Figure, Total
from .text import split_sentences
from .totals import count_totals, totals

__all__ = ["CATEGORIES", "Figure", "Total", "count_totals", "find_figures", "totals"]


def find_figures(text: str, language: str | None = None) -> list[Figure]:
    """Every casualty figure stated in *text*, in text order, each with its sentence and offsets; *language* is
    the page's, used where a paragraph is too short to tell its own."""
    figures: list[Figure] = []
    lowered = lower_same(text)
    spans = split_sentences(text)
    paragraph_end, code = -1, None
    codes: list[str | None] = []
    for s0, s1 in spans:
        if s0 > paragraph_end:  # a new paragraph: its language
            paragraph_end = text.find("\n", s0)
            paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
            code = paragraph_language(text[s0:paragraph_end], language)
        codes.append(code)
        if code == "en":
            figures.extend(_english(text, lowered, s0, s1))
        elif code in LANGUAGES:
            figures.extend(_other(text, s0, s1, code))
    return in_context(figures, text, spans, codes)


def _english(text: str, lowered: str, s0: int, s1: int) -> list[Figure]:
    """The figures of one English sentence."""
    if not CUE.search(lowered, s0, s1):
        return []
    sentence, lower = text[s0:s1], lowered[s0:s1]
    nums = find_numbers(lower)
    readings = [(k, n, is_count(sentence, n)) for k, n in enumerate(nums)]
    norm = normalise(lower, readings)
    matches = analyse(norm, sentence, normalise(sentence, readings))
    if not matches:
        return []
    places = places_in(sentence)
    out = []
    for m in matches:
        if m.index is None:
            value, low, high, vague, qual, start, end = 1, None, None, False, "exact", 0, s1 - s0
            group = m.who
        else:
            n = nums[m.index]
            value, low, high, vague, start, end = n.value, n.low, n.high, n.vague, n.start, n.end
            qual = qualifier(lower[max(0, start - 30):start])
            if qual == "exact" and vague:
                qual = "at_least"
            group = m.who or who(m.np)
        out.append(Figure(
            category=m.category, value=value, low=low, high=high, vague=vague, qualifier=qual,
            who=group, where=where(places, start), attribution=None, cumulative=m.cumulative,
            sentence=sentence, start=start + s0, end=end + s0, role=m.role,
        ))
    return out


def _other(text: str, s0: int, s1: int, code: str) -> list[Figure]:
    """The figures of one sentence in a language described as data."""
    lang = LANGUAGES[code]
    sentence = text[s0:s1]
    lower = reading.lowered(sentence, lang)
    nums = reading.find_numbers(lower, lang)
    if not nums and not lang.compiled.single:
        return []
    flags = [(k, r, reading.is_count(lower, r, lang)) for k, r in enumerate(nums)]
    matches = reading.analyse(reading.normalise(lower, flags, lang), lang)
    out = []
    for m in matches:
        if m.index is None:
            value, low, high, vague, qual, start, end = 1, None, None, False, "exact", 0, s1 - s0
        else:
            r = nums[m.index]
            n = r.number
            value, low, high, vague, start, end = n.value, n.low, n.high, n.vague, n.start, n.end
            qual = reading.qualifier(lower[max(0, start - 30):start], r, lang)
            if qual == "exact" and vague:
                qual = "at_least"
        out.append(Figure(
            category=m.category, value=value, low=low, high=high, vague=vague, qualifier=qual, who=m.who,
            where=None, attribution=None, cumulative=m.cumulative, sentence=sentence, start=start + s0,
            end=end + s0, role=m.role, language=code,
        ))
    return out
