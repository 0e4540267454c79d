"""Folded text: the cheap, exact pre-check of a case-insensitive pattern.

A pattern compiled with `re.IGNORECASE` matches a character of the text to one of the pattern when their lower
cases are equal or are one of the extra case pairs `re` knows (ı and i, ſ and s, ς and σ, Cyrillic ᲀ and в...).
`fold` maps each character to one representative of its class, one character for one (İ, lower-cased to two
characters, to i), so wherever such a pattern matches a literal of its own, `fold(literal)` stands in
`fold(text)`. A `cue` of the literals a pattern cannot match without, searched case-sensitively in the folded
text, therefore never turns away a text the pattern would match: the full, slow search runs only where it passes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

# The classes of characters `re` matches to each other ignoring case beyond their lower case (the extra case
# pairs of Unicode's case folding that `re` applies, Python 3.11 and later): ı i, ſ s, µ μ, the Greek variant
# letters, the old Cyrillic forms, ﬅ ﬆ. tests/test_figures_speed_equivalence.py checks them against `re` itself,
# over every code point, so a Python whose `re` pairs more letters fails there instead of losing a match.
_EXTRA_CLASSES = ("iı", "sſ", "µμ", "\u0345ι\u1fbe", "ΐ\u1fd3", "ΰ\u1fe3", "βϐ", "εϵ", "θϑ", "κϰ", "πϖ", "ρϱ", "ςσ",
                  "φϕ", "вᲀ", "дᲁ", "оᲂ", "сᲃ", "тᲄᲅ", "ъᲆ", "ѣᲇ", "ᲈ\ua64b", "ṡẛ", "\ufb05\ufb06")
_EXTRA_CASES = {ord(c): tuple(ord(o) for o in group if o != c) for group in _EXTRA_CLASSES for c in group}


def _canonical() -> dict[int, str | int | None]:
    """Each lower-cased character of a class of extra case pairs to the class's smallest; the combining dot of a
    lower-cased İ dropped (İ folds to i, as `re` lower-cases it)."""
    classes: dict[int, set[int]] = {}
    for key, others in _EXTRA_CASES.items():
        members = {key, *others}
        for m in list(members):
            members |= classes.get(m, set())
        for m in members:
            classes[m] = members
    table: dict[int, str | int | None] = {c: min(members) for c, members in classes.items() if min(members) != c}
    table[0x307] = None
    return table


_CANON = _canonical()
_SPECIAL = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_CANON)) + "]")


def fold(text: str) -> str:
    """The text lower-cased with `re`'s case classes merged, one character for each of the text's (but İ)."""
    low = text.lower()
    if low.isascii() or not _SPECIAL.search(low):
        return low
    return low.translate(_CANON)


def cue(pieces: Iterable[str]) -> re.Pattern[str] | None:
    """A case-sensitive pattern of regular-expression pieces, to search folded text with; None without pieces, so
    that the full search always runs."""
    parts = sorted(set(pieces))
    if not parts:
        return None
    return re.compile("|".join(parts))


def phrase_pieces(phrases: Iterable[str]) -> list[str] | None:
    """For each phrase of a word list (as `languages.model.alternation` matches it case-insensitively: words
    joined by a space, a final `*` any ending, an apostrophe any of ' ’ or a space), its longest run of literal
    characters, folded and escaped; None when a phrase has none."""
    out = []
    for phrase in phrases:
        words = phrase.split()
        spelled = " ".join(w[:-1] + "\0" if w.endswith("*") else w for w in words)  # \0: any ending, a break
        runs = [run for part in spelled.split("\0") for run in part.split("'") if run]
        if not runs:
            return None
        out.append(re.escape(fold(max(runs, key=len))))
    return out
