"""Per-category totals from a text's figures: tolls beat increments, groups add, parts don't, and a
background toll ("since November", "this year") gives way to the event's own count."""
from __future__ import annotations

import re

from .grammar import MONTHS
from .record import CATEGORIES, Figure

# A running toll of a whole campaign or period ("since November 5", "so far this year", "since the start of
# the war"): background to the event a report describes, not its toll.
_BACKGROUND = re.compile(
    rf"\bsince (?:(?:early|late|mid|the (?:start|beginning|outbreak|end)|the first|last|(?:{MONTHS})\b|\d{{4}}\b))"
    r"|\b(?:so far )?this year\b|\bin (?:the|this) (?:conflict|war|insurgency|crisis)\b",
    re.I,
)


def _units(figures: list[Figure]) -> list[tuple[int, bool, bool]]:
    """(value, cumulative, increment) per reported count, summing conjoined groups of one clause."""
    units: list[tuple[int, bool, bool]] = []
    prev: Figure | None = None
    for f in figures:
        if f.role == "part":
            continue
        if f.role == "group" and prev is not None and prev.role == "group" and prev.sentence == f.sentence:
            value, cum, inc = units[-1]
            units[-1] = (value + f.value, cum or f.cumulative, inc)
        else:
            units.append((f.value, f.cumulative and f.role != "implied", f.role == "increment"))
        prev = f
    return units


def _event_figures(figures: list[Figure]) -> list[Figure]:
    """Drop background tolls when another sentence reports the event's own count."""
    background = {f.sentence for f in figures if f.cumulative and _BACKGROUND.search(f.sentence)}
    event = [f for f in figures if f.sentence not in background]
    return event if any(f.role in ("total", "group", "implied") for f in event) and background else figures


def _category_total(figures: list[Figure]) -> int:
    """One total from a category's figures (in text order)."""
    units = _units(_event_figures(figures))
    if not units:
        return max(f.value for f in figures)
    cumulative = [v for v, cum, inc in units if cum and not inc]
    if cumulative:
        return max(cumulative)
    base = max((v for v, _, inc in units if not inc), default=0)
    rest = [v for v, _, _ in units]
    if base in rest:
        rest.remove(base)
    if base and len(rest) > 1 and sum(rest) == base:  # the others break the total down ("four ... eight others")
        return base
    return base + sum(v for v, _, inc in units if inc)


def totals(figures: list[Figure], text: str | None = None) -> dict[str, int]:
    """Best estimate of the total the text reports for each category (only categories found).

    *text* is accepted for callers that have it; every rule works from the figures' own fields.
    """
    out: dict[str, int] = {}
    for cat in CATEGORIES:
        figs = sorted((f for f in figures if f.category == cat), key=lambda f: f.start)
        if figs:
            out[cat] = _category_total(figs)
    return out
