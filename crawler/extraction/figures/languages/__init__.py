"""The languages tollwatch reads casualty figures in, and which one a paragraph is written in.

Each language is a `model.Language` (one module each) that the engine in `reading.py` reads a sentence with: the
others as data, English (`en.py`) with its grammar written as code in `..grammar`, the engine's `read` hook.
A paragraph's language picks its grammar.
"""
from __future__ import annotations

import re

from .ar import ARABIC
from .de import GERMAN
from .en import ENGLISH
from .es import SPANISH
from .fr import FRENCH
from .model import Language
from .pt import PORTUGUESE
from .ru import RUSSIAN
from .tr import TURKISH
from .uk import UKRAINIAN

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    ARABIC, GERMAN, ENGLISH, SPANISH, FRENCH, PORTUGUESE, RUSSIAN, TURKISH, UKRAINIAN)}
# A paragraph full of English function words is English, without asking the classifier (its model takes a second
# to load, then 30 µs a paragraph): three of them in its first 400 characters, or two in plain ASCII.
_ENGLISH_WORDS = r"\b(?:the|of|and|were|said|have|has|been|with|from|that|their|after|killed)\b"
_ENGLISH = re.compile(_ENGLISH_WORDS, re.I)
# the same in lower-cased text, where ignoring case is lower-casing (a faster search): text without the letters
# that ignoring case takes for an ASCII i or s and lower-casing does not make one (lower-casing keeps what is a letter)
_ENGLISH_LOWER = re.compile(rf"(?=[tofawshbk]){_ENGLISH_WORDS}")
_NOT_LOWERED = re.compile("[ıİſ]")


# Function words and letters that tell the languages apart in a paragraph of news prose: a clear winner spares the
# classifier; a close call goes to it.
_FUNCTION_WORDS = {
    "fr": "les des une est été dans pour sur qui selon ont aux du au ces",
    "es": "el los las del fueron según por tras tiene hubo está sus murieron y con fue al resultaron después",
    "pt": "os das dos uma foram não em pelo pela segundo ao às são com um foi na nos nas após morreram também",
    "de": "der die das und wurden ist mit den dem des sich nach auf im bei sind ein eine einer einem einen wurde worden"
          " hat haben von zu vor",
    "tr": "ve bir bu ile için olarak göre kişi oldu sonucu olan ise olduğu olduğunu meydana gelen ilçesinde"
          " tarafından sonrası ardından açıkladı bildirdi",
    "ru": "и в на не по что с из за был были это при",
    "uk": "і в на не за що з від було були це під та",
}
_WORDS = {code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()}
_TOKEN = re.compile(r"\w+")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_RUNS = re.compile(r"[\u0600-\u06ff]+")  # counted by their lengths: fewer, longer matches
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґ]", re.I)
_RUSSIAN = re.compile(r"[ыэъё]", re.I)
# letters only one of these languages writes: a strong vote for it
_LETTERS = {"tr": re.compile(r"[ğşı]"), "pt": re.compile(r"[ãõ]"), "es": re.compile(r"[ñ¿¡]")}


def _quick(paragraph: str) -> str | None:
    """The language a paragraph's script, letters and function words show clearly, else None."""
    sample = paragraph[:600]
    if _ARABIC.search(sample):
        return "ar" if sum(map(len, _ARABIC_RUNS.findall(sample))) > len(sample) // 4 else None
    if _CYRILLIC.search(sample):
        ukrainian, russian = len(_UKRAINIAN.findall(sample)), len(_RUSSIAN.findall(sample))
        return "uk" if ukrainian > russian else "ru" if russian > ukrainian else None
    words = _TOKEN.findall(sample.lower())
    votes = sorted(((sum(map(_WORDS[code].__contains__, words)), code) for code in ("fr", "es", "pt", "de", "tr")),
                   reverse=True)
    marked = {code for code, letters in _LETTERS.items() if letters.search(sample)}
    if len(marked) == 1:
        votes = sorted([(n + 3 if code in marked else n, code) for n, code in votes], reverse=True)
    (best, code), (second, _) = votes[0], votes[1]
    return code if best >= 4 and best >= 2 * second else None


def _english_words(sample: str) -> int:
    """How many English function words the sample has, counted up to three (all a decision needs)."""
    lowered = sample.isascii() or not _NOT_LOWERED.search(sample)
    found = _ENGLISH_LOWER.finditer(sample.lower()) if lowered else _ENGLISH.finditer(sample)
    count = 0
    for _ in found:
        count += 1
        if count == 3:
            break
    return count


def paragraph_language(paragraph: str, default: str | None = None) -> str | None:
    """The language of a paragraph, among those tollwatch reads; None when it is written in another one."""
    english = _english_words(paragraph[:400])
    if english >= 3 or english >= 2 and paragraph.isascii():
        return "en"
    if len(paragraph) < 20 and default in LANGUAGES:
        return default
    quick = _quick(paragraph)
    if quick is not None:
        return quick
    from crawler.extraction.language import load_model

    load_model()
    import py3langid

    ranked = py3langid.rank(paragraph[:2000])
    top = ranked[0][0]
    if top in LANGUAGES:
        return top
    if _CYRILLIC.search(paragraph):  # a short Russian text taken for Bulgarian or Serbian
        cyrillic = [lang for lang, _ in ranked[:3] if lang in ("ru", "uk")]
        if cyrillic:
            return cyrillic[0]
    return default if default in LANGUAGES and ranked and _close(ranked, default) else None


def _close(ranked: list[tuple[str, float]], code: str) -> bool:
    """Whether the page's own language is among the classifier's first three guesses for a paragraph."""
    return code in [lang for lang, _ in ranked[:3]]
