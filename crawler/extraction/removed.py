"""The record of one piece of boilerplate the consent layers took out of a page."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Removed:
    """One piece of consent boilerplate taken out of a page, with the layer and rule that did it."""

    layer: str
    rule: str
    text: str

    def to_dict(self) -> dict:
        """Return the record as a plain dict for JSON output."""
        return asdict(self)
