"""Casualty-figure parser: find killed/injured/missing/displaced/refugee figures in article text.

`find_figures` returns one `Figure` per casualty number with its evidence; `totals` turns them into
one best estimate per category.  Pure regex, no models (see grammar.py for the patterns).
"""
from __future__ import annotations

from .grammar import CUE, analyse, attribution, is_count, normalise, qualifier, where, who
from .numbers import find_numbers
from .record import CATEGORIES, Figure
from .text import split_sentences
from .totals import totals

__all__ = ["CATEGORIES", "Figure", "find_figures", "totals"]


def find_figures(text: str) -> list[Figure]:
    """Every casualty figure stated in *text*, in text order, each with its sentence and offsets."""
    figures: list[Figure] = []
    for s0, s1 in split_sentences(text):
        sentence = text[s0:s1]
        if not CUE.search(sentence):
            continue
        nums = find_numbers(sentence)
        shifted = [n.__class__(n.start + s0, n.end + s0, n.value, n.low, n.high, n.vague) for n in nums]
        flagged = [(k, n, is_count(sentence, n, s0)) for k, n in enumerate(shifted)]
        norm = normalise(sentence, flagged, s0)
        matches = analyse(norm)
        if not matches:
            continue
        source = attribution(sentence)
        for m in matches:
            if m.index is None:
                value, low, high, vague, qual, start, end = 1, None, None, False, "exact", s0, s1
                group, rel = None, 0
            else:
                n = shifted[m.index]
                value, low, high, vague, start, end = n.value, n.low, n.high, n.vague, n.start, n.end
                qual = qualifier(text[max(s0, start - 30):start])
                if qual == "exact" and vague:
                    qual = "at_least"
                group, rel = who(m.np), start - s0
            figures.append(Figure(
                category=m.category, value=value, low=low, high=high, vague=vague, qualifier=qual,
                who=group, where=where(sentence, rel), attribution=source, cumulative=m.cumulative,
                sentence=sentence, start=start, end=end, role=m.role,
            ))
    return figures
