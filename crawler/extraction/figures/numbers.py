"""Number expressions in English news text: digits, separators, scale words, number words, ranges.

Only finds and values numbers; whether a number is a casualty figure is decided by grammar.py.
"""
from __future__ import annotations

import re

from .record import Number

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SUFFIX_SCALES = {"m": 1_000_000, "mn": 1_000_000, "k": 1_000, "bn": 1_000_000_000}
# Vague quantity words -> the low bound of what they mean ("dozens" is at least two dozen).
VAGUE = {
    "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000,
    "tens of thousands": 20_000, "hundreds of thousands": 200_000,
}


def _heads(words: list[str]) -> tuple[bool, list[tuple[str, list[str]]]]:
    """Whether *words* include the empty word, and the others grouped by first character."""
    heads: dict[str, list[str]] = {}
    for w in words:
        heads.setdefault(w[:1], []).append(w[1:])
    return heads.pop("", None) is not None, sorted(heads.items())


def _trie(words: list[str]) -> str:
    """Regex matching exactly *words*, as a trie of nested groups."""
    optional, heads = _heads(words)
    alts = [re.escape(h) + _trie(rest) for h, rest in heads]
    body = alts[0] if len(alts) == 1 else f"(?:{'|'.join(alts)})" if alts else ""
    return f"(?:{body})?" if optional and body else body


def factored(words: str, after_first: str = "", end: str = "") -> str:
    """Alternation for the plain words "a|b|c" as one branch per first character (*after_first* after it,
    *end* after the branch), each a trie: `re` tries branches in turn and skips non-initial characters in C."""
    _, heads = _heads(sorted(set(words.split("|"))))
    return "|".join(re.escape(h) + after_first + _trie(rest) + end for h, rest in heads)


_WORD = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
_SCALE = "hundred|thousand|million|billion"
_DIGITS = (
    r"(?<![\w.,$€£¥:/])(?:\d{1,3}(?:(?:,|\.|[ \u00a0\u202f'’])\d{3})+(?![.,]?\d)"
    r"|\d+(?:\.\d+)?)(?!\d|[:/.,]\d)"
)
_WORDNUM = (
    rf"(?:(?:{_WORD})(?:[-\s](?:{_WORD}))?"
    rf"(?:\s+(?:{_SCALE})(?:\s+(?:and\s+)?(?:{_WORD})(?:[-\s](?:{_WORD}))?)?)?)"
)
_SINGLE = (
    rf"(?:{_DIGITS}(?:\s*(?:{_SCALE})\b|(?:m|mn|bn|k)\b)?"
    r"|\b(?:a|one|two|three|half\s+a)\s+dozen\b"
    rf"|\b(?:a|one)\s+(?:{_SCALE})\b|\b{_WORDNUM}\b)"
)
_VAGUE_RE = r"\b(?:(?:tens|hundreds)\s+of\s+thousands|dozens|scores|hundreds|thousands|millions)(?:\s+of)?\b"
_RANGE = (
    rf"\bbetween\s+(?P<a>{_SINGLE})\s+and\s+(?P<b>{_SINGLE})"
    rf"|(?<!from\s)(?:(?P<c>{_SINGLE})\s*(?:–|—|\bto\b|\bor\b)\s*(?P<d>{_SINGLE})|(?P<e>{_DIGITS})-(?P<f>{_DIGITS}))"
    r"(?!\s*-?\s*(?:year|month|week|day|hour))"
)
_SINGLE_RE = re.compile(_SINGLE)
# Words a number expression can start with.
_FIRST_WORDS = [*UNITS, *TENS, "half", "between", "tens", "dozens", "scores", "hundreds", "thousands", "millions"]
# Matched against lower-cased text: case-insensitive matching is several times slower in `re`.
NUMBER_RE = re.compile(rf"(?:(?P<range>{_RANGE})|(?P<vague>{_VAGUE_RE})|(?P<single>{_SINGLE}))")
# Where a number can start: a digit or a number word.  Every branch opens with a literal so that `re` skips
# other characters in C (a leading \b or lookahead would make it try the whole pattern at every position).
_WORD_START = factored("|".join(_FIRST_WORDS), after_first=r"(?<!\w.)", end=r"\b")
_START = re.compile("|".join("0123456789") + rf"|{_WORD_START}|a(?<!\w.)\s+(?:{_SCALE}|dozen)\b")


_ASCII_LOWER = {c: c + 32 for c in range(65, 91)}
# A month name just before a range's first number makes it a date ("since October 7 to 41,000"), not a range.
_MONTH_BEFORE = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar"
    r"|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+$")


def lower_same(text: str) -> str:
    """*text* lower-cased, or with only ASCII lower-cased where full lower-casing would shift offsets."""
    low = text.lower()
    return low if len(low) == len(text) else text.translate(_ASCII_LOWER)


def _words_value(s: str) -> int | None:
    """Value of a spelled-out number such as "two hundred and fifty" or "twenty-one"."""
    total, current = 0, 0
    for w in re.split(r"[\s-]+", s.lower()):
        if w in ("and", ""):
            continue
        if w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in ("a", "one") and current == 0:
            current = 1
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in SCALES:
            total += max(current, 1) * SCALES[w]
            current = 0
        else:
            return None
    return total + current


_DOZEN = re.compile(r"(?:(a|one|two|three|half\s+a)\s+)dozen")
_DIGIT_NUMBER = re.compile(r"([\d.,'’ \u00a0\u202f]+?)\s*(hundred|thousand|million|billion|m|mn|bn|k)?")
_GROUPED = re.compile(r"\d{1,3}(?:[,.'’ \u00a0\u202f]\d{3})+")
_NON_DIGIT = re.compile(r"\D")


def parse_single(s: str) -> int | None:
    """Integer value of one number expression ("1,174", "1.174", "1 174", "3 million", "1.5m", "thirteen")."""
    s = s.strip().lower()
    m = _DOZEN.fullmatch(s)
    if m:
        return {"a": 12, "one": 12, "two": 24, "three": 36}.get(m.group(1), 6)
    m = _DIGIT_NUMBER.fullmatch(s)
    if m:
        num, scale = m.group(1).strip(), m.group(2)
        mult = SCALES.get(scale or "", SUFFIX_SCALES.get(scale or "", 1))
        if _GROUPED.fullmatch(num) and not (scale and "." in num):
            return int(_NON_DIGIT.sub("", num)) * mult
        try:
            val = float(num.replace(",", "."))
        except ValueError:
            return None
        if mult == 1 and val != int(val):
            return None
        return int(round(val * mult))
    return _words_value(s)


def find_numbers(text: str) -> list[Number]:
    """All number expressions in *text*, longest match first, non-overlapping, in text order."""
    out: list[Number] = []
    lowered, pos = lower_same(text), 0
    for start in _START.finditer(lowered):
        m = NUMBER_RE.match(lowered, start.start()) if start.start() >= pos else None
        if m is None:
            continue
        pos = m.end()
        if m.group("range"):
            a = m.group("a") or m.group("c") or m.group("e")
            b = m.group("b") or m.group("d") or m.group("f")
            if m.group("c") and _MONTH_BEFORE.search(lowered, max(0, m.start() - 12), m.start()):
                # a date, then a number of its own: read the first alone and look again after it
                first = _SINGLE_RE.match(lowered, m.start())
                if first is not None:
                    pos = first.end()
                    value = parse_single(first.group())
                    if value is not None:
                        out.append(Number(first.start(), first.end(), value, None, None, False))
                    continue
            lo, hi = parse_single(a), parse_single(b)
            if lo is None or hi is None:
                continue
            if hi <= lo:  # "2016-17", "10-3" are not ranges of counts
                out.append(Number(m.start(), m.start() + len(a), lo, None, None, False))
                continue
            out.append(Number(m.start(), m.end(), lo, lo, hi, False))
        elif m.group("vague"):
            key = re.sub(r"\s+of$", "", re.sub(r"\s+", " ", m.group("vague").lower()))
            low = VAGUE[key]
            out.append(Number(m.start(), m.end(), low, low, None, True))
        else:
            val = parse_single(m.group("single"))
            if val is not None:
                out.append(Number(m.start(), m.end(), val, None, None, False))
    return out
