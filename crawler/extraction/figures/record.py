"""The records of a reading: a number found in text, a reading of it as a casualty figure, and the Figure that
holds one casualty number with its reading and its evidence."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Number:
    """A number expression found in text: its span, best value, range bounds and vagueness."""

    start: int
    end: int
    value: int
    low: int | None
    high: int | None
    vague: bool


@dataclass
class Match:
    """A number (or an implied single victim) read as a casualty figure of one category."""

    category: str
    index: int | None
    role: str
    cumulative: bool
    np: str
    who: str | None = None  # the group, when it is not read from `np` (attackers who blew themselves up)


@dataclass(frozen=True)
class Figure:
    """One casualty figure: category, value/range, qualifier, who/where/source, and its evidence span."""

    category: str
    value: int
    low: int | None
    high: int | None
    vague: bool
    qualifier: str
    who: str | None
    where: str | None
    attribution: str | None
    cumulative: bool
    sentence: str
    start: int
    end: int
    # total | group (summed with its conjuncts) | part (of another count) | increment ("another 5") | implied (a
    # single victim without a number) | previous (an earlier stage of the toll: "up from 31") | claim (unverified)
    role: str = "total"
    background: bool = False  # another or an earlier event's figure: never part of a total
    event: int = 0  # which event of the text it belongs to (0: the first reported)
    language: str = "en"  # the language of the sentence it was read in
    page: int | None = None  # the page of a PDF document it was read on (crawler/extraction/pdf.py)
    # a live page's entry it was read in (crawler/extraction/live.py): its time (ISO 8601 UTC) and headline
    entry_at: str | None = None
    entry_title: str | None = None

    def to_dict(self) -> dict:
        """Plain-dict form for storage and JSON."""
        return asdict(self)


@dataclass(frozen=True)
class Total:
    """A text's count of its own news in one category, and which of its figures (by index) make it."""

    category: str
    value: int | None  # None when the text gives only vague amounts ("dozens")
    vague: bool
    qualifier: str
    attribution: str | None  # the sources of the figures that make it, "; "-separated
    figures: tuple[int, ...]

    def to_dict(self) -> dict:
        """Plain-dict form for storage and JSON."""
        return {**asdict(self), "figures": list(self.figures)}
