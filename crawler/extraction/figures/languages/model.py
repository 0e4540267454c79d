"""A language's grammar of casualty reporting, as data: its number words, the words of each category, what a
number is not, the words that qualify, negate, part or add to a count, and the markers the article reading
needs (background, claims, incidents, sources). `reading.py` reads a sentence with it, or with the language's
own reader where it has one (English: `..grammar`).

Word lists are phrases in lower case; a trailing `*` stands for any ending ("tué*" is tué, tués, tuée, tuées),
so inflected languages list stems, not every form.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..record import Match, Number
    from .reading import Compiled


def alternation(phrases: Iterable[str]) -> str:
    """A regular expression matching any of the phrases as whole words (longest first), `*` as any ending;
    an apostrophe matches a space too."""
    parts = []
    for phrase in sorted(set(phrases), key=len, reverse=True):
        words = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in phrase.split()]
        # an elided "s'est" is "s est" once normalised, unless the language keeps apostrophes in words
        parts.append(" ".join(words).replace("'", "['’ ]"))
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


@dataclass(frozen=True)
class Category:
    """How a language states one category: `after` follows its number ("12 personnes ont été tuées", "3 ölü"),
    `before` precedes it ("ont tué 12 personnes", "مقتل 12 شخصا"), `singular` states one victim ("un homme a été
    tué"), `toll` heads a toll of this category ("le bilan s'est alourdi à 39")."""

    after: tuple[str, ...] = ()
    before: tuple[str, ...] = ()
    singular: tuple[str, ...] = ()
    toll: tuple[str, ...] = ()


@dataclass(frozen=True)
class Language:
    """Everything the reading engine needs to know about one language."""

    code: str
    name: str
    # a reader of its own for a whole sentence, in place of the patterns below: the sentence lower-cased (same
    # offsets), the numbers it finds and its readings of them, each with its group (English: `..grammar.read`)
    read: Callable[[str], tuple[str, list["Number"], list["Match"]]] | None = None
    places: Callable[[str], list[tuple[int, str]]] | None = None  # (offset, name) of the places a sentence names
    # numbers
    number_words: Mapping[str, int] = field(default_factory=dict)
    scales: Mapping[str, int] = field(default_factory=dict)  # "mille", "тыс.", "bin": after digits or number words
    joiners: tuple[str, ...] = ()  # words inside a number ("et", "und", "y", "e", "و")
    approximate: Mapping[str, int] = field(default_factory=dict)  # "dizaine": 10, read with qualifier "about"
    vague: Mapping[str, int] = field(default_factory=dict)  # "dizaines": 20, the low bound of a vague amount
    value: Callable[[str], int | None] | None = None  # a library's reading of a span of number words
    # numbers the patterns cannot find, as (start, end, value, approximate) in the lower-cased sentence: Arabic
    # duals (جثتين: two bodies), German compounds, Turkish case endings...
    more_numbers: Callable[[str], list[tuple[int, int, int, bool]]] | None = None
    # what a number is not
    units_after: tuple[str, ...] = ()  # "ans", "km", "%", "euros": a measure, age, time or amount
    not_count_before: tuple[str, ...] = ()  # "âgé de", "n°", "route": an age, label or number of something
    months: tuple[str, ...] = ()
    weekdays: tuple[str, ...] = ()
    # categories and the words around a count
    categories: Mapping[str, Category] = field(default_factory=dict)
    auxiliaries: tuple[str, ...] = ()  # between a number's noun and its predicate ("ont été", "sont", "wurden")
    determiners: tuple[str, ...] = ()  # between a predicate and its number ("les", "des")
    objects: tuple[str, ...] = ()  # opening an active predicate's own object ("ont tué les otages"): no count
    before_gap: int = 0  # other words allowed there: German "starben bei den Unwettern 12", Arabic verb-subject-object
    qualifiers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # at_least: ("au moins", ...)
    negations: tuple[str, ...] = ()
    hypotheticals: tuple[str, ...] = ()  # fears, conditionals, threats: not a death
    clause_words: tuple[str, ...] = ()  # words that end a number's noun phrase ("qui", "après", "lorsque")
    conjunctions: tuple[str, ...] = ()  # joining counts of one predicate ("et", ",")
    parts_before: tuple[str, ...] = ()  # "dont", "parmi eux": a part of a count given before
    comma_ends_subject: bool = True  # "12 personnes , selon X , sont mortes" is not read; Turkish puts one there
    parts_after: tuple[str, ...] = ()  # "d'entre eux", "из них" right after the number: a part too
    increments_before: tuple[str, ...] = ()  # "encore", "de nouveaux"
    increments_after: tuple[str, ...] = ()  # "supplémentaires", "de plus"
    others: tuple[str, ...] = ()  # "autres": an increment after a count of the same category
    cumulative: tuple[str, ...] = ()  # "au total", "depuis", "portant à": a running toll
    toll_links: tuple[str, ...] = ()  # what stands between a toll's head and its number ("à", "s'élève à")
    toll_first: tuple[str, ...] = ()  # before a number that a toll's head follows ("portant à 17 le nombre de morts")
    persons: tuple[str, ...] = ()  # singular nouns of a person (an implied single victim needs one)
    single_lead: int = 3  # words between a single person's article and its noun ("un jeune motard")
    single_gap: int = 8  # words between a single person and its predicate (German puts the participle last)
    people: tuple[str, ...] = ()  # plural nouns that may name anyone ("personnes", "victimes"): not a distinct group
    prepositions: tuple[str, ...] = ()  # never the group a count names
    articles: tuple[str, ...] = ()  # "un", "une", "le", "la": before a single person
    perpetrators: tuple[str, ...] = ()  # "assaillants", "jihadistes": attackers who died are a group of their own
    non_human: tuple[str, ...] = ()  # nouns that are never victims
    apostrophe_in_words: bool = False  # Ukrainian п'ять: an apostrophe inside a word is part of it
    dash_copula: bool = False  # a dash right after a count links it to its predicate: "ще 11 – поранені"
    case_map: Mapping[str, str] = field(default_factory=dict)  # lower-casing the language needs first (tr: İ -> i)
    # article context
    strong_past: tuple[str, ...] = ()  # "l'an dernier": another event's figure
    past: tuple[str, ...] = ()  # "en avril", "cette année-là" (years are universal)
    scope: tuple[str, ...] = ()  # "depuis le début", "dans tout le pays": a wider running toll
    unverified: tuple[str, ...] = ()  # "n'a pas pu être vérifié"
    incident: tuple[str, ...] = ()  # "par ailleurs", "plus tard", "dans une autre attaque"
    # a roundup's next place: a preposition or (after an apostrophe) a case ending of a capitalised name opening a
    # sentence or a clause ("У Покровську загинула ...", "Adıyaman'da ... hayatını kaybetti")
    place_prepositions: tuple[str, ...] = ()
    place_endings: tuple[str, ...] = ()
    # sources
    according_to: tuple[str, ...] = ()  # before the source: "selon", "d'après"
    according_after: tuple[str, ...] = ()  # after it: "göre" ("AFAD'a göre")
    reporting_verbs: tuple[str, ...] = ()  # "a indiqué", "a annoncé", "sagte", "сообщил*"
    complementisers: tuple[str, ...] = ()  # ending a source after its verb: "قال الدفاع المدني إن ..."
    verb_particles: tuple[str, ...] = ()  # a reporting verb's particle that ends its clause: "teilte die Polizei mit"

    @cached_property
    def compiled(self) -> "Compiled":
        """The language's regular expressions, built once on first use."""
        from .reading import Compiled

        return Compiled(self)
