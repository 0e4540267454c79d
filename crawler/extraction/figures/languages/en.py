"""English: the words of casualty reporting in the style of the wire services and the English-language press of
Africa, the Middle East and South Asia.

English's grammar is written as code in `..grammar` (with its numbers in `..numbers` and its person words in
`..people`), not as the word lists of the other languages: it reads constructions the patterns of `reading.py`
cannot express (a victim named by a capitalised subject or object, "a soldier and a civilian were killed",
earlier stages of a toll, asides set off in a subject). The engine calls it through `read` and makes the figures,
with their qualifiers read from the words below.
"""
from __future__ import annotations

from .. import grammar
from ..people import PERPETRATORS
from .model import Language

ENGLISH = Language(
    code="en",
    name="English",
    read=grammar.read,
    places=grammar.places_in,
    qualifiers=grammar.QUALIFIERS,
    people=("people", "victims", "others", "persons"),
    perpetrators=tuple(sorted(PERPETRATORS)),
)
