"""Sentence splitting with character offsets, aware of common abbreviations in news copy."""
from __future__ import annotations

import re

# A "." ending an abbreviation or an initial ("Mr.", "Sept.", "J.", "U.S."): lookbehinds, each of one width.
_ABBREV_END = (
    r"(?<=\b(?:mr|ms|dr|lt|st|no|vs|co|jr|sr)\.)"
    r"|(?<=\b(?:mrs|gen|col|sgt|cpl|maj|gov|sen|rep|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|inc|ltd|rev|fig"
    r"|est)\.)|(?<=\b(?:capt|sept|corp|prof)\.)|(?<=\bapprox\.)|(?<=\b[a-z]\.)|(?<=\.[a-z]\.)"
)
# A sentence break: group 1 after ".", "!" or "?" (closing quotes or brackets, then spaces, before an
# opening quote, capital or digit; spaces alone after an abbreviation do not break), or a line break with
# the blank lines after it.  The pattern opens with a character class so that `re` skips to candidates
# in C (a leading lookbehind is tried at every position).
# What a sentence starts with: a capital of a cased script (Latin with accents, Turkish, Cyrillic), a digit, or a
# letter of Arabic, which has no capitals.
_CAPITAL = "[A-Z0-9À-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĠĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽА-ЯЁЄІЇҐ\u0620-\u064a\u0660-\u0669]"
_BOUNDARY = re.compile(
    rf"[.!?\u061f\n](?:(?<=[.!?\u061f])(?!(?i:{_ABBREV_END})[^\S\n]+(?!\s))([\"'”’»)\]]*\s+)(?=[\"'“‘«„(\[]?{_CAPITAL})"
    r"|(?<=\n)\s*\n?)"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence in *text*, skipping blank stretches."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        gap = m.start(1)
        spans.append((start, gap if gap >= 0 else m.start()))
        start = m.end()
    spans.append((start, len(text)))
    if "m. " in text:  # "shortly before 5 a.m. The ministry said": a time's full stop that ends a sentence
        spans = [part for s, e in spans for part in _split_after_time(text, s, e)]
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


# A time's "a.m."/"p.m." ends a sentence when a sentence's usual first word follows it ("at 5 a.m. Tuesday" does not).
_TIME_END = re.compile(r"\b[ap]\.m\.\s+(?=(?:The|A|An|He|She|It|They|We|His|Her|Their|Its|This|That|These|Those|There"
                       r"|In|On|At|But|And|Police|Officials|Rescuers|Witnesses|Residents|More|Most|Some|Several|All"
                       r"|Both|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve)\b)")


def _split_after_time(text: str, start: int, end: int) -> list[tuple[int, int]]:
    parts, s = [], start
    for m in _TIME_END.finditer(text, start, end):
        parts.append((s, m.start() + 4))
        s = m.end()
    parts.append((s, end))
    return parts
