"""The Figure record: one casualty number with its reading and its evidence."""
from __future__ import annotations

from dataclasses import asdict, dataclass


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
    role: str = "total"  # total | group (summed with its conjuncts) | part | increment | implied (single victim)

    def to_dict(self) -> dict:
        """Plain-dict form for storage and JSON."""
        return asdict(self)
