"""The shortcuts that keep figure reading fast decide exactly as the searches they spare: folded text and the
markers' cues (fold.py, context.py), the English function-word count and the quick vote (languages/__init__.py),
the incident markers split in two."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawler.extraction.figures import context, fold, languages
from crawler.extraction.figures.languages import LANGUAGES
from crawler.extraction.figures.text import split_sentences

CORPORA = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora"
ALL_CHARACTERS = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def _phrases(lang) -> list[str]:
    return [*lang.strong_past, *lang.past, *lang.scope]


def _corpus_sentences() -> list[str]:
    texts = []
    for name in ("wad-dev.jsonl", "articles-dev.jsonl", "multilingual-dev.jsonl"):
        path = CORPORA / name
        if path.exists():
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [t[a:b] for t in texts for a, b in split_sentences(t)]


def test_fold_keeps_every_case_insensitive_match():
    """Every character that `re` matches to a letter of a cue, ignoring case, folds as that letter does."""
    letters = {c for lang in LANGUAGES.values() for p in _phrases(lang) for c in p if c.isalpha()}
    letters |= set("abcdefghijklmnopqrstuvwxyz")
    for letter in sorted(letters):
        for match in set(re.findall(re.escape(letter), ALL_CHARACTERS, re.I)):
            assert fold.fold(match) == fold.fold(letter), (letter, match)


def test_fold_is_one_character_for_one():
    text = "İstanbul'da ſome ΣΊΣΥΦΟΣ ᲀ K Straße, ıssız"
    assert len(fold.fold(text)) == len(text)
    assert fold.fold("İN MARCH") == "in march"


ENGLISH_MARKERS = [
    "last year's floods", "Last March", "two years ago", "the anniversary", "the 1990's", "in 1848", "the 2015 quake",
    "the May 2015 floods", "19th century", "over the centuries", "in ancient times", "in 2019", "that month",
    "earlier this year", "In early March, 12 died", "İn March", "since the start", "since early", "since Russia invaded",
    "so far this year", "during the war", "nationwide", "across the country", "the conflict in the east has killed",
    "over the past decade", "ſince the war", "LAST YEAR", "THE WAR HAS KILLED", "Since 2014", "By June",
]


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_marker_cue_never_turns_a_marker_away(code):
    """Wherever a background marker matches, the cue that spares its search matches the folded sentence."""
    markers = context.markers(code)
    assert markers.cue is not None
    samples = list(ENGLISH_MARKERS) if code == "en" else []
    for phrase in _phrases(LANGUAGES[code]):
        spelled = " ".join(w[:-1] + "ых" if w.endswith("*") else w for w in phrase.split())
        samples += [f"x {spelled} y", spelled.upper(), spelled.replace("'", "’"), spelled.replace("'", " ")]
    samples += _corpus_sentences()
    for text in samples:
        if markers.strong.search(text) or markers.past.search(text) or markers.scope.search(text):
            assert markers.cue.search(fold.fold(text)), (code, text)


def test_english_markers_are_found():
    for text in ENGLISH_MARKERS:
        assert context.markers("en").cue.search(fold.fold(text)), text


def test_incident_split_matches_the_whole_pattern():
    whole = re.compile(context._INCIDENT.pattern + r"|\b(?:another|a separate) (?:group|gang|attack|incident|blast"
                       r"|explosion|strike|gunman|bomber|raid)\b|\b[Tt]he (?:following|next) (?:day|morning|night|week"
                       rf"|{context._WEEKDAY})\b")
    samples = _corpus_sentences() + ["another attack", "Yet another group", "xanother group", "a separate blast",
                                     "_another group", "In Kyiv, another raid", "Another group", "a  separate raid",
                                     "the following Saturday", "on the next day", "bathe next day",
                                     "The following day", "xThe next day"]
    for text in samples:
        split = bool(context._INCIDENT.search(text) or context._INCIDENT_ANYWHERE.search(text))
        assert split == bool(whole.search(text)), text


def _paragraphs() -> list[str]:
    out = []
    for sentence in _corpus_sentences():
        out.append(sentence)
    return out + ["The ſaid of wıth İts", "THE OF AND", "The cat and the dog", "ſaid the", "hıs the and of",
                  "Der Mann und die Frau", "Ἀθῆναι the of"]


def test_english_word_count_as_before():
    for p in _paragraphs():
        assert languages._english_words(p[:400]) == min(3, len(languages._ENGLISH.findall(p[:400]))), p


def test_quick_vote_as_before():
    def before(paragraph: str) -> str | None:
        sample = paragraph[:600]
        if languages._ARABIC.search(sample):
            return "ar" if len(languages._ARABIC.findall(sample)) > len(sample) // 4 else None
        if languages._CYRILLIC.search(sample):
            return languages._quick(paragraph)
        words = languages._TOKEN.findall(sample.lower())
        votes = sorted(((sum(w in languages._WORDS[code] for w in words), code)
                        for code in ("fr", "es", "pt", "de", "tr")), reverse=True)
        marked = {code for code, letters in languages._LETTERS.items() if letters.search(sample)}
        if len(marked) == 1:
            votes = sorted([(n + 3 if code in marked else n, code) for n, code in votes], reverse=True)
        (best, code), (second, _) = votes[0], votes[1]
        return code if best >= 4 and best >= 2 * second else None

    for p in _paragraphs():
        assert languages._quick(p) == before(p), p
