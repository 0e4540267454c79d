"""Casualty-figure parser: find killed/injured/missing/displaced/refugee figures in article text.

`find_figures` returns one `Figure` per casualty number with its evidence, read sentence by sentence
(grammar.py) and then in its article's context (context.py: background, claims, events, sources);
`count_totals` turns them into one `Total` per category, `totals` into the exact numbers. Pure regular
grammar, no models.
"""
from __future__ import annotations

from .context import in_context
from .grammar import CUE, analyse, is_count, normalise, places_in, qualifier, where, who
from .numbers import find_numbers, lower_same
from ..categories import CATEGORIES
from .record import Figure, Total
from .text import split_sentences
from .totals import count_totals, totals

__all__ = ["CATEGORIES", "Figure", "Total", "count_totals", "find_figures", "totals"]


def find_figures(text: str) -> list[Figure]:
    """Every casualty figure stated in *text*, in text order, each with its sentence and offsets."""
    figures: list[Figure] = []
    lowered = lower_same(text)
    spans = split_sentences(text)
    for s0, s1 in spans:
        if not CUE.search(lowered, s0, s1):
            continue
        sentence, lower = text[s0:s1], lowered[s0:s1]
        nums = find_numbers(lower)
        readings = [(k, n, is_count(sentence, n)) for k, n in enumerate(nums)]
        norm = normalise(lower, readings)
        matches = analyse(norm, sentence, normalise(sentence, readings))
        if not matches:
            continue
        places = places_in(sentence)
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
            figures.append(Figure(
                category=m.category, value=value, low=low, high=high, vague=vague, qualifier=qual,
                who=group, where=where(places, start), attribution=None, cumulative=m.cumulative,
                sentence=sentence, start=start + s0, end=end + s0, role=m.role,
            ))
    return in_context(figures, text, spans)
