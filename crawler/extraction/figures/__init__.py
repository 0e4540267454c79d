"""Casualty-figure parser: find killed/injured/missing/displaced/refugee figures in article text.

`find_figures` returns one `Figure` per casualty number with its evidence; `totals` turns them into
one best estimate per category.  Pure regex, no models (see grammar.py for the patterns).
"""
from __future__ import annotations

from .grammar import CUE, analyse, attribution, is_count, normalise, places_in, qualifier, where, who
from .numbers import find_numbers, lower_same
from ..categories import CATEGORIES
from .record import Figure
from .text import split_sentences
from .totals import totals

__all__ = ["CATEGORIES", "Figure", "find_figures", "totals"]


def find_figures(text: str) -> list[Figure]:
    """Every casualty figure stated in *text*, in text order, each with its sentence and offsets."""
    figures: list[Figure] = []
    lowered = lower_same(text)
    for s0, s1 in split_sentences(text):
        if not CUE.search(lowered, s0, s1):
            continue
        sentence, lower = text[s0:s1], lowered[s0:s1]
        nums = find_numbers(lower)
        norm = normalise(lower, [(k, n, is_count(sentence, n)) for k, n in enumerate(nums)])
        matches = analyse(norm, sentence)
        if not matches:
            continue
        source = attribution(sentence, lower)
        places = places_in(sentence)
        for m in matches:
            if m.index is None:
                value, low, high, vague, qual, start, end = 1, None, None, False, "exact", 0, s1 - s0
                group = None
            else:
                n = nums[m.index]
                value, low, high, vague, start, end = n.value, n.low, n.high, n.vague, n.start, n.end
                qual = qualifier(lower[max(0, start - 30):start])
                if qual == "exact" and vague:
                    qual = "at_least"
                group = who(m.np)
            figures.append(Figure(
                category=m.category, value=value, low=low, high=high, vague=vague, qualifier=qual,
                who=group, where=where(places, start), attribution=source, cumulative=m.cumulative,
                sentence=sentence, start=start + s0, end=end + s0, role=m.role,
            ))
    return figures
