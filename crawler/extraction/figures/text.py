"""Sentence splitting with character offsets, aware of common abbreviations in news copy."""
from __future__ import annotations

import re

_ABBREV = re.compile(
    r"(?:\b(?:mr|mrs|ms|dr|gen|col|lt|sgt|capt|cpl|maj|gov|sen|rep|st|no|vs|jan|feb|mar|apr|jun|jul|aug"
    r"|sep|sept|oct|nov|dec|inc|ltd|co|corp|jr|sr|prof|rev|fig|approx|est)|\b[a-z]|\.[a-z])\.$",
    re.I,
)
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n\s*\n?")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in *text*, skipping blank stretches."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start:m.start()].rstrip("\"'”’)]")
        if m.group().strip() == "" and "\n" not in m.group() and _ABBREV.search(head[-12:]):
            continue
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
