"""An extraction's casualty figures and totals as lines of text: what `tollwatch extract` shows after the text."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from scheduler.output import timestamp
from storage.display import escape_controls, shorten

if TYPE_CHECKING:
    from crawler.extraction.figures import Figure, Total

SENTENCE_SHOWN = 100  # characters of a figure's evidence sentence shown
QUALIFIERS = {"at_least": "at least", "more_than": "more than", "about": "about", "nearly": "nearly",
              "up_to": "up to", "less_than": "less than"}  # "exact" says nothing


def figure_lines(figures: Sequence[Figure], totals: Mapping[str, Total]) -> list[str]:
    """A separator line, one line per figure (category, value with its qualifier and who, source, how it
    counts, a live page's entry time, the evidence sentence shortened), then the totals: the JSON's `figures`
    and `totals`, to read."""
    width = max([len(f.category) for f in figures] + [len(c) for c in totals] + [0])
    lines = [f"--- {len(figures)} figure{'s' * (len(figures) != 1)} ---"]
    for figure in figures:
        amount = _amount(figure.qualifier, figure.value, figure.low, figure.high)
        notes = [n for n in (figure.role if figure.role != "total" else "", "vague" if figure.vague else "",
                             "background" if figure.background else "") if n]
        parts = [f"{amount} {figure.who}" if figure.who else amount,
                 f"source: {figure.attribution}" if figure.attribution else "", ", ".join(notes),
                 _entry(figure.entry_at, figure.entry_title), f"\"{shorten(figure.sentence.strip(), SENTENCE_SHOWN)}\""]
        lines.append(f"{figure.category:<{width}}  " + " · ".join(p for p in parts if p))
    if totals:
        lines.append("--- totals ---")
    for category, total in totals.items():
        parts = [_amount(total.qualifier, total.value) + (" (vague)" if total.vague and total.value else ""),
                 f"source: {total.attribution}" if total.attribution else "",
                 f"from {len(total.figures)} figure{'s' * (len(total.figures) != 1)}"]
        lines.append(f"{category:<{width}}  " + " · ".join(p for p in parts if p))
    return [escape_controls(line) for line in lines]


def _entry(entry_at: str | None, entry_title: str | None) -> str:
    """`entry 2026-03-18T14:00:00Z` for a figure of a live page's entry (`entry (no time)` when it states
    none); empty for any other figure."""
    if entry_at:
        return f"entry {timestamp(datetime.fromisoformat(entry_at))}"
    return "entry (no time)" if entry_title else ""


def _amount(qualifier: str, value: int | None, low: int | None = None, high: int | None = None) -> str:
    """`at least 726`, `12–15`; `vague` for a total of vague amounts only."""
    if value is None:
        return "vague"
    number = f"{low:,}–{high:,}" if low is not None and high is not None and low != high else f"{value:,}"
    words = QUALIFIERS.get(qualifier)
    return f"{words} {number}" if words else number
