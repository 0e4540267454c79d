"""Who a sentence in a language described as data attributes its figures to: the noun phrase after "according
to" (selon, según, laut, по данным), before a postposition ("AFAD'a göre"), or beside a reporting verb ("a
indiqué la préfecture", "la police a indiqué"), kept in the text's language without its articles."""
from __future__ import annotations

import re

from ..sources import Mention
from .model import Language, alternation
from .reading import lowered

_SUFFIX = re.compile(r"['’]\w+$")
_END = r"(?=\s*(?:[,.;:!?()«»\"“”،؛]|$))"


def patterns(lang: Language) -> tuple[re.Pattern[str], ...]:
    """The language's attribution patterns: after a preposition, before a postposition, around a verb."""
    words = r"[^\s,.;:!?()«»\"“”،؛]+"
    phrase = rf"(?P<np>{words}(?: {words}){{0,7}}?)"
    out = []
    if lang.according_to:
        out.append(re.compile(rf"(?<!\w){alternation(lang.according_to)} {phrase}{_END}"))
    if lang.according_after:
        out.append(re.compile(rf"(?:^|[,.;:] ?){phrase}['’]?\w{{0,4}} {alternation(lang.according_after)}(?!\w)"))
    if lang.reporting_verbs:
        verbs = alternation(lang.reporting_verbs)
        if lang.complementisers:  # "قال الدفاع المدني إن 140 شخصا ...": first, the source ends at "إن"
            out.append(re.compile(rf"(?<!\w){verbs} {phrase},? {alternation(lang.complementisers)}(?!\w)"))
        out.append(re.compile(rf"(?<!\w){verbs} {phrase}{_END}"))
        out.append(re.compile(rf"(?:^|[,;:] ?){phrase} {verbs}(?!\w)"))
    return tuple(out)


def sources_in(sentence: str, lang: Language) -> list[Mention]:
    """The source phrases of a sentence, in order, without leading articles or prepositions ("сообщили в СК
    России") or the day and what follows it."""
    low = lowered(sentence, lang)
    found: dict[int, str] = {}
    articles = {w for w in (*lang.articles, *lang.determiners, *lang.prepositions) if " " not in w}
    for rx in lang.compiled.sources:
        for m in rx.finditer(low):
            words = sentence[m.start("np"):m.end("np")].split()
            skip = 0
            while skip < len(words) and words[skip].lower().strip("'’") in articles:
                skip += 1
            kept = words[skip:]  # none when only an article or pronoun: "Das teilte die Polizei mit"
            if len(kept) > 1 and kept[-1].lower() in lang.verb_particles:
                kept.pop()  # "teilte die Polizei mit"
            day = next((i for i, w in enumerate(kept) if w.lower().startswith(lang.weekdays)), None) \
                if lang.weekdays else None
            if day is not None:  # the day splits the phrase, and the source is the longer side: "teilte die
                # Polizei in Köln am Montagabend mit", "a indiqué lundi la préfecture", "informaron este lunes las
                # autoridades"
                before, after = kept[:day], kept[day + 1:]
                while before and before[-1].lower() in articles:
                    before.pop()
                while after and after[0].lower() in articles:
                    after.pop(0)
                kept = before if len(before) >= len(after) else after
            if kept and lang.according_after:  # a language of postpositions: "AFAD'a göre" is AFAD
                kept[-1] = _SUFFIX.sub("", kept[-1])
            if kept and not any(c.isdigit() for c in "".join(kept)):
                found.setdefault(m.start("np"), " ".join(kept))
    return [Mention(text, at) for at, text in sorted(found.items())]
