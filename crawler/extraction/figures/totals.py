"""Per-category totals from a text's figures: tolls beat increments, groups add, parts don't, events on distinct
days add up, and a background toll ("since November", "this year") gives way to the event's own count."""
from __future__ import annotations

import re

from .grammar import DAYS, MONTHS
from ..categories import CATEGORIES
from .record import Figure

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


# The day an event happened ("were killed on Thursday", "clashes on Friday"), not the day it was reported
# ("officials said Tuesday", "told AFP on Sunday").
# (Case-sensitive: news copy capitalises weekdays, and matching with re.IGNORECASE is several times slower.)
_WEEKDAYS = "|".join(d.capitalize() for d in DAYS.split("|"))
_DAY = re.compile(rf"\b(?:{_WEEKDAYS})\b")
_REPORTING = r"said|says|told|reported|announced|confirmed|stated|added"
_REPORT_DAY = re.compile(
    rf"\b(?:{_REPORTING})(?: [\w']+){{0,4}}?,? (?:on |late |early )?(?:{_WEEKDAYS})\b"
    rf"|\b(?:{_WEEKDAYS}),? (?:[\w']+ ){{0,4}}?(?:{_REPORTING})\b"
)
_SEPARATE = re.compile(r"^(?:separately|in (?:a|another) separate (?:incident|attack))\b", re.IGNORECASE)


# Bodies found, recovered or buried on a day may be those of an earlier day's dead: no event day of their own.
_BODIES = re.compile(r"\b(?:bod(?:y|ies)|corpses|remains)\b", re.IGNORECASE)


def _event_day(sentence: str) -> str | None:
    """The one weekday a sentence reports an event on, if it names exactly one outside reporting phrases."""
    if not _DAY.search(sentence) or _BODIES.search(sentence):
        return None
    days = set(_DAY.findall(_REPORT_DAY.sub(" ", sentence)))
    return days.pop() if len(days) == 1 else None


def _by_day(figures: list[Figure]) -> list[list[Figure]] | None:
    """Figures split into events on distinct days ("seven were killed on Thursday ... three on Friday"), or
    None when the text does not report killings on more than one day."""
    if all(f.sentence == figures[0].sentence for f in figures):
        return None
    groups: dict[str, list[Figure]] = {}
    key = None
    for f in figures:
        day = _event_day(f.sentence)
        if day is None and _SEPARATE.match(f.sentence):
            day = f.sentence
        key = day or key
        if key is None:
            return None
        groups.setdefault(key, []).append(f)
    return list(groups.values()) if len(groups) > 1 else None


def _category_total(figures: list[Figure]) -> int:
    """One total from a category's figures (in text order); events on distinct days add up."""
    if not any(f.cumulative for f in figures):
        days = _by_day(figures)
        if days:
            return sum(_one_total(g) for g in days)
    return _one_total(figures)


def _one_total(figures: list[Figure]) -> int:
    """One total from the figures of one event (in text order)."""
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
