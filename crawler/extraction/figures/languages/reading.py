"""The reading engine of every language (model.Language): numbers as the language writes them, what is not a
count, which numbers are counts of killed, injured, missing or displaced people, and the figures they make.

A language described as data is read with patterns built from its words (English, whose grammar is written as
code, brings its own reader: `Language.read`). Numbers are found and valued, each is replaced by `<Nk>` (a
candidate count) or `<X>` (a year, age, date, time, amount, measure), and the patterns read
the sentence: a number before its predicate ("12 personnes ont été tuées", "3 ölü"), a predicate before its
number ("ont tué 12 personnes", "مقتل 12 شخصا"), a toll ("le bilan s'est alourdi à 39"), a single person
("un motard a trouvé la mort"), groups joined by a conjunction, parts ("dont"), increments and negations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..record import Figure, Match, Number
from .model import Language, alternation

# Arabic-Indic and Eastern Arabic-Indic digits, read as ASCII digits (one character each: offsets stay).
DIGITS = str.maketrans({**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)},
                        "\u066b": ",", "\u066c": "."})
_QUOTES = str.maketrans({"—": " , ", "–": " , ", **{q: " " for q in "\"“”‘’`«»‹›„"},
                         **{c: f" {c} " for c in ",;:()[]!?؛،؟"}})
_FULL_STOP = re.compile(r"\.(?=\s|$)")
_DASH_AFTER_COUNT = re.compile(r"(<N\d+> )\s*[—–]")
_ELISION = re.compile(r"(?<=\w)['’](?=\w)")
_DIGITS = r"\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?"
_GROUPED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3})+")
_NON_DIGIT = re.compile(r"\D")
_NUMBER_TAG = re.compile(r"<N\d+>")
_VOWEL_MARKS = re.compile("[\u064b-\u0652\u0670\u0640]")  # Arabic short vowels and tatweel: not letters
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_YEAR_BEFORE = re.compile(r"(?:\b(?:en|in|im|de|del|em|da|do|в|у|из|з|yılı?|عام|سنة)|[,-])\s*$")


@dataclass(frozen=True)
class Reading:
    """A number found in a sentence, with whether the language wrote it as an approximation ("une dizaine")."""

    number: Number
    approximate: bool


class Compiled:
    """A language's patterns, compiled once."""

    def __init__(self, lang: Language) -> None:
        self.lang = lang
        words = alternation(lang.number_words)
        joiners = alternation(lang.joiners) if lang.joiners else None
        scales = alternation(lang.scales) if lang.scales else "(?!)"
        joined = rf"(?:[ -]+(?:{joiners} )?|-)" if joiners else r"[ -]+"
        self.word_number = rf"(?:{words}|{scales})(?:{joined}(?:{words}|{scales}))*"
        approx = alternation(lang.approximate) if lang.approximate else "(?!)"
        vague = alternation(lang.vague) if lang.vague else "(?!)"
        articles = alternation(lang.articles) if lang.articles else "(?!)"
        self.number = re.compile(
            rf"(?<![\w.,])(?P<digits>{_DIGITS})(?:\s*(?P<scale>{scales})\b\.?(?:\s+(?P<rest>\d{{1,3}})\b(?![.,]\d))?)?"
            rf"|\b(?P<vague>{vague})\b|\b(?:{articles} )?(?P<approx>{approx})\b|\b(?P<words>{self.word_number})\b")
        self.article = re.compile(rf"{articles}")
        self.word_value = {w.lower(): v for w, v in lang.number_words.items()}
        self.scale_value = {w.lower(): v for w, v in lang.scales.items()}
        self.units_after = re.compile(rf"^\s*(?:-\s*)?{alternation(lang.units_after)}(?!\w)|^\s*[%°€$£]|^\s*[:h]\s*\d"
                                      rf"|^[.,]\d|^\s*(?:{alternation(lang.months)})\b")
        self.not_before = re.compile(rf"(?<!\w)(?:{alternation(lang.not_count_before)}|{alternation(lang.months)})\s*$"
                                     r"|[$€£№#]\s*$|\bn[°º]\s*$")
        self.qualifier = re.compile("|".join(rf"(?<!\w)(?P<{q}>{alternation(p)})\s*$" for q, p in lang.qualifiers.items()))
        qual_words = alternation(p for ps in lang.qualifiers.values() for p in ps)
        self.qual_words = qual_words
        aux = alternation(lang.auxiliaries)
        det = alternation([*lang.determiners, *(p for ps in lang.qualifiers.values() for p in ps)])
        clause = alternation(lang.clause_words)
        self.clause = re.compile(rf"\b{clause}\b|[;؛]|<X>")
        self.negation = re.compile(rf"\b{alternation(lang.negations)}\b")
        self.hypothetical = re.compile(rf"\b{alternation(lang.hypotheticals)}\b")
        self.after: dict[str, re.Pattern[str]] = {}
        self.before: dict[str, re.Pattern[str]] = {}
        for cat, c in lang.categories.items():
            if c.after:
                self.after[cat] = re.compile(rf"<N(\d+)>(?P<np>(?: [^ ]+){{0,16}}?) (?:{aux} )*"
                                             rf"(?P<pred>{alternation(c.after)})(?!\w)")
            if c.before:
                gap = rf"(?:(?![,;.:] |<N)[^ ]+ ){{0,{lang.before_gap}}}?" if lang.before_gap else ""
                self.before[cat] = re.compile(rf"(?<!\w)(?P<pred>{alternation(c.before)}) {gap}(?:{det} )*<N(\d+)>"
                                              rf"(?P<np>(?: [^ ]+){{0,4}})")
        heads = {cat: alternation(c.toll) for cat, c in lang.categories.items() if c.toll}
        links = alternation(lang.toll_links)
        first = alternation(lang.toll_first)
        self.toll = re.compile("|".join(
            rf"(?P<{cat}>(?<!\w){head})(?: (?![;.] )[^ ]+){{0,35}}? {links} (?:{qual_words} )?<N(?P<{cat}_n>\d+)>"
            rf"|(?<!\w){first} (?:{qual_words} )?<N(?P<{cat}_f>\d+)> (?:[^ ]+ ){{0,2}}?(?P<{cat}_h>{head})(?!\w)"
            for cat, head in heads.items())) if heads else None
        parts = alternation(lang.parts_before)
        self.aside = re.compile(rf" , (?:{parts}) [^,]*,| \( [^()]* \)")
        # an age or size inside a count's noun phrase: "dos jóvenes de 19 y 21 años", "trois enfants de 4 ans"
        conj = alternation(w for w in lang.conjunctions if w.strip(" ,"))
        self.measure = re.compile(rf" {alternation(lang.prepositions)} <X>(?: (?:{conj}|,) <X>)*(?: [^ <]+)?(?= |$)")
        # the words of a predicate: a negation inside one ("sin vida", "sem vida") negates nothing
        # a word every casualty pattern needs (the longest of each predicate or toll phrase): a sentence without
        # one is not read at all
        self.cue = re.compile(rf"(?<!\w){alternation(_cue_words(lang))}(?!\w)")
        self.predicates = re.compile(rf"(?<!\w){alternation(w for c in lang.categories.values() for w in (*c.after, *c.before))}(?!\w)")
        # the second number is only looked at, so that "A , B et C" tries B with C too
        # a roundup's place may open the second: "Rize'de 2 , Artvin'de 1 kişi hayatını kaybetti"
        place = rf"(?:[^ ]+[ '’]{alternation(lang.place_endings)} )?" if lang.place_endings else ""
        self.conjoined = re.compile(rf"<N(\d+)>((?: (?!<N)[^ ]+){{0,6}}?) (?:{alternation(lang.conjunctions)}) "
                                    rf"{place}(?:{qual_words} )?(?=<N(\d+)>)")
        # further apart when the second says it is others of the same kind: "استشهاد 12 فلسطينيا في غارات على مدينة
        # خان يونس ، و5 آخرين في قصف"
        self.conjoined_others = re.compile(
            rf"<N(\d+)>((?: (?!<N)[^ ]+){{7,12}}?) (?:{alternation(lang.conjunctions)}) (?:{qual_words} )?"
            rf"(?=<N(\d+)> {alternation(lang.others)}(?!\w))") if lang.others else None
        self.parts = re.compile(rf"\b{alternation(lang.parts_before)}(?: [^ ]+){{0,3}} $")
        self.parts_after = re.compile(rf"^ {alternation(lang.parts_after)}(?!\w)") if lang.parts_after else None
        self.increments_before = re.compile(rf"\b{alternation(lang.increments_before)} $")
        self.increments_after = re.compile(rf"^ {alternation(lang.increments_after)}(?!\w)")
        self.others = re.compile(rf"^ {alternation(lang.others)}(?!\w)")
        self.cumulative = re.compile(rf"(?<!\w){alternation(lang.cumulative)}(?!\w)")
        persons = alternation(lang.persons)
        articles = alternation(lang.articles)
        singular = {cat: alternation(c.singular) for cat, c in lang.categories.items() if c.singular}
        self.single = {cat: re.compile(rf"(?<!\w){articles} (?:(?!<N)[^ ]+ ){{0,{lang.single_lead}}}?(?:\w+-)?{persons}(?: (?!<N)[^ ]+){{0,{lang.single_gap}}}? "
                                       rf"(?:{aux} )*{pred}(?!\w)") for cat, pred in singular.items()}
        self.perpetrators = frozenset(w.lower() for w in lang.perpetrators)
        self.non_human = frozenset(w.lower() for w in lang.non_human)
        self.person = re.compile(rf"(?:\w+-)?{persons}(?!\w)") if lang.persons else None
        self.np_skip = frozenset(w for p in (*lang.determiners, *lang.auxiliaries, *lang.others,
                                             *(q for qs in lang.qualifiers.values() for q in qs))
                                 for w in p.split())
        self.not_group = frozenset(w for p in (*lang.prepositions, *lang.clause_words, *lang.conjunctions)
                                   for w in p.split())
        from .attribution import patterns

        self.sources = patterns(lang)
        # a count's noun phrase ending in one is a verb's object ("... et blessé sept autres"); a word of a longer
        # conjunction is not ("además de": "una docena de muertos")
        self.conjunction_words = frozenset(p.strip() for p in lang.conjunctions if len(p.split()) == 1)
        self.object_after = re.compile(rf" (?:{det} )*<N| {alternation(lang.objects)} (?!<)")


def read(text: str, s0: int, s1: int, lang: Language) -> list[Figure]:
    """The figures of the sentence text[s0:s1] in a language: read with the language's patterns, or with its own
    reader where it has one."""
    sentence = text[s0:s1]
    if lang.read is not None:
        lower, numbers, matches = lang.read(sentence)
        if not matches:
            return []
        nums = [Reading(n, False) for n in numbers]
    else:
        lower = lowered(sentence, lang)
        if not compiled_cue(lower, lang):
            return []
        nums = find_numbers(lower, lang)
        if not nums and not lang.compiled.single:
            return []
        flags = [(k, r, is_count(lower, r, lang)) for k, r in enumerate(nums)]
        matches = analyse(normalise(lower, flags, lang), lang)
    places = lang.places(sentence) if lang.places is not None and matches else []
    out = []
    for m in matches:
        if m.index is None:
            value, low, high, vague, qual, start, end = 1, None, None, False, "exact", 0, s1 - s0
        else:
            r = nums[m.index]
            n = r.number
            value, low, high, vague, start, end = n.value, n.low, n.high, n.vague, n.start, n.end
            qual = qualifier(lower[max(0, start - 30):start], r, lang)
            if qual == "exact" and vague:
                qual = "at_least"
            noun = lower[start:end].split()[:1]  # a person noun read as one ("Стрелок был ликвидирован")
            if m.who is None and noun and noun[0] in lang.compiled.perpetrators:
                m.who = noun[0]  # an attacker, one of a group of their own
        out.append(Figure(
            category=m.category, value=value, low=low, high=high, vague=vague, qualifier=qual, who=m.who,
            where=_nearest(places, start), attribution=None, cumulative=m.cumulative, sentence=sentence,
            start=start + s0, end=end + s0, role=m.role, language=lang.code,
        ))
    return out


def _cue_words(lang: Language) -> set[str]:
    """The longest word of each phrase that states a category (a predicate, a single victim's, a toll's head)."""
    phrases = (p for c in lang.categories.values() for p in (*c.after, *c.before, *c.singular, *c.toll))
    return {max((w for w in p.split() if "<" not in w), key=lambda w: len(w.rstrip("*")), default="") for p in phrases}
    - {""}


def _nearest(places: list[tuple[int, str]], at: int) -> str | None:
    """The place nearest a figure at offset *at* of its sentence, preferring one after it."""
    return min(places, key=lambda p: (p[0] < at, abs(p[0] - at)))[1] if places else None


def compiled_cue(lower: str, lang: Language) -> bool:
    """Whether a lower-cased sentence has a word a casualty pattern needs (Arabic read without its vowel marks)."""
    return bool(lang.compiled.cue.search(_VOWEL_MARKS.sub("", lower) if _VOWEL_MARKS.search(lower) else lower))


def lowered(text: str, lang: Language) -> str:
    """The text lower-cased with the same offsets (the language's own case pairs first: Turkish İ is i)."""
    for upper, lower in lang.case_map.items():
        if upper in text:
            text = text.replace(upper, lower)
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def find_numbers(lower: str, lang: Language) -> list[Reading]:
    """Every number expression of a lower-cased sentence, valued, in text order."""
    compiled = lang.compiled
    text = lower.translate(DIGITS)
    out: list[Reading] = []
    for m in compiled.number.finditer(text):
        if m.group("digits"):
            value = _digits_value(m.group("digits"), m.group("scale"), m.group("rest"), compiled)
            if value is not None:
                out.append(Reading(Number(m.start(), m.end(), value, None, None, False), False))
        elif m.group("approx"):
            value = compiled.lang.approximate.get(m.group("approx"))
            if value is None:
                value = next((v for k, v in compiled.lang.approximate.items() if re.fullmatch(alternation([k]), m.group(
                    "approx"))), None)
            if value is not None:
                out.append(Reading(Number(m.start(), m.end(), value, None, None, False), True))
        elif m.group("vague"):
            value = next(v for k, v in compiled.lang.vague.items() if re.fullmatch(alternation([k]), m.group("vague")))
            out.append(Reading(Number(m.start(), m.end(), value, value, None, True), False))
        elif not compiled.article.fullmatch(m.group("words")):  # "un", "une" alone are articles, not numbers
            value = _words_value(m.group("words"), compiled)
            if value is not None:
                out.append(Reading(Number(m.start(), m.end(), value, None, None, False), False))
    if lang.more_numbers is not None:
        out = _merge(out, lang.more_numbers(text))
    return _ranges(text, out, lang)


def _merge(found: list[Reading], more: list[tuple[int, int, int, bool]]) -> list[Reading]:
    """The numbers found, with a language's own readings where they do not overlap a longer one."""
    out = list(found)
    for start, end, value, approximate in more:
        overlapping = [r for r in out if r.number.start < end and start < r.number.end]
        if all(r.number.end - r.number.start < end - start for r in overlapping):
            out = [r for r in out if r not in overlapping]
            out.append(Reading(Number(start, end, value, None, None, False), approximate))
    return sorted(out, key=lambda r: r.number.start)


def _digits_value(digits: str, scale: str | None, rest: str | None, compiled: Compiled) -> int | None:
    """The value of digits with local separators and an optional scale word ("1 174", "3,5 тыс.", "5 mil 652")."""
    factor = _scale(scale, compiled) if scale else 1
    if _GROUPED.fullmatch(digits) and not (scale and re.search(r"[.,]\d{3}$", digits) is None):
        value = int(_NON_DIGIT.sub("", digits)) * factor
    else:
        try:
            number = float(digits.replace(",", "."))
        except ValueError:
            return None
        if factor == 1 and number != int(number):
            return None
        value = int(round(number * factor))
    return value + int(rest) if rest and factor >= 1000 and int(rest) < factor else value


def _scale(word: str, compiled: Compiled) -> int:
    word = word.lower().rstrip(".")
    return compiled.scale_value.get(word) or compiled.scale_value.get(word + ".") or next(
        (v for k, v in compiled.scale_value.items() if re.fullmatch(alternation([k]), word)), 1)


def _words_value(span: str, compiled: Compiled) -> int | None:
    """The value of a run of number words: a library's reading where the language has one, else units and tens
    summed and multiplied by scale words."""
    if compiled.lang.value is not None:
        value = compiled.lang.value(span)
        if value is not None:
            return value
    total, current, seen = 0, 0, False
    for word in re.split(r"[ -]+", span):
        if not word or word in compiled.lang.joiners:
            continue
        if word in compiled.word_value or _stem_value(word, compiled.word_value) is not None:
            current += compiled.word_value.get(word, _stem_value(word, compiled.word_value) or 0)
            seen = True
        else:
            scale = _scale(word, compiled)
            if scale == 1:
                return None
            if scale >= 1000:
                total += max(current, 1) * scale
                current = 0
            else:
                current = max(current, 1) * scale
            seen = True
    return total + current if seen else None


def _stem_value(word: str, table: dict[str, int]) -> int | None:
    for key, value in table.items():
        if key.endswith("*") and word.startswith(key[:-1]):
            return value
    return None


def _ranges(text: str, readings: list[Reading], lang: Language) -> list[Reading]:
    """Two numbers joined as a range ("entre 20 et 25", "20 à 25", "20-25") become one, valued at its low end."""
    out: list[Reading] = []
    for r in readings:
        prev = out[-1] if out else None
        if prev is not None and not prev.number.vague and not r.number.vague and prev.number.value < r.number.value \
                and not (_YEAR.fullmatch(text[prev.number.start:prev.number.end]) and not _YEAR.fullmatch(
                    text[r.number.start:r.number.end])):  # "octobre 2023 à 43 603" is a date, then a toll
            gap = text[prev.number.end:r.number.start]
            before = text[max(0, prev.number.start - 12):prev.number.start]
            if re.fullmatch(r"\s*(?:-|–|à|a|bis|до|до|ila|ve|to|و|إلى|e|y|et|und|и|і|ou|o|oder|или|або)\s*", gap) and (
                    gap.strip() in ("-", "–", "à", "a", "bis", "до", "to", "إلى", "ila") or re.search(
                    r"(?:entre|zwischen|от|від|entre|arasında|بين|de|von)\s*$", before)):
                n = Number(prev.number.start, r.number.end, prev.number.value, prev.number.value, r.number.value, False)
                out[-1] = Reading(n, prev.approximate)
                continue
        out.append(r)
    return out


def is_count(lower: str, reading: Reading, lang: Language) -> bool:
    """False for a number that is a year, date, age, time, amount, measure, label or decimal."""
    compiled = lang.compiled
    n = reading.number
    after = lower[n.end:n.end + 24]
    before = lower[max(0, n.start - 24):n.start]
    raw = lower[n.start:n.end].translate(DIGITS)
    if compiled.units_after.match(after) or compiled.not_before.search(before):
        return False
    if n.high is None and _YEAR.fullmatch(raw):  # a year, unless a noun follows with no preposition before
        return bool(re.match(r"^\s+\w", after)) and not _YEAR_BEFORE.search(before)
    return True


def normalise(lower: str, readings: list[tuple[int, Reading, bool]], lang: Language) -> str:
    """The lower-cased sentence with numbers replaced by <Nk> / <X> and punctuation spaced as tokens."""
    parts, pos = [], 0
    for k, r, ok in readings:
        parts.append(lower[pos:r.number.start])
        parts.append(f" <N{k}> " if ok else " <X> ")
        pos = r.number.end
    parts.append(lower[pos:])
    text = "".join(parts)
    if lang.dash_copula and "<N" in text:
        text = _DASH_AFTER_COUNT.sub(r"\1", text)
    text = text.translate(_QUOTES)
    if not lang.apostrophe_in_words:
        text = _ELISION.sub(" ", text)
    text = _FULL_STOP.sub(" . ", _VOWEL_MARKS.sub("", text))
    return " " + " ".join(text.split()) + " "


def analyse(norm: str, lang: Language) -> list[Match]:
    """The casualty readings of the numbers of a normalised sentence, with singles when no count says it."""
    compiled = lang.compiled
    found: dict[int, Match] = {}
    for m in _tolls(norm, compiled) + _numbered(norm, compiled):
        found.setdefault(m.index, m)
    read_before = {k for k, m in found.items() if m.role == "before"}
    for m in found.values():
        m.role = "total" if m.role == "before" else m.role
    if len(found) < norm.count("<N"):
        _conjoined(norm, found, compiled, read_before)
    cumulative = bool(compiled.cumulative.search(norm))
    for k, m in list(found.items()):
        tag = f"<N{k}>"
        pos = norm.find(tag)
        before, after = norm[max(0, pos - 60):pos], norm[pos + len(tag):pos + len(tag) + 30]
        if _negated(before[-20:], compiled):
            del found[k]
            continue
        if compiled.parts.search(before) or (compiled.parts_after and compiled.parts_after.match(after)):
            m.role = "part"
        elif compiled.increments_before.search(before) or compiled.increments_after.match(after) or (
                m.role != "group" and compiled.others.match(after) and any(  # "12 ... و5 آخرين": one group
                    o.category == m.category and o.index < k for o in found.values() if o.index is not None)):
            m.role = "increment"
        if m.role != "increment":
            m.cumulative = m.cumulative or cumulative
    out = sorted(found.values(), key=lambda m: m.index or 0)
    deaths: list[tuple[int, int]] = []  # a death's span: its victim is not also injured ("esfaqueado mortalmente")
    for cat, rx in compiled.single.items():
        if any(m.category == cat and m.role != "increment" for m in out):
            continue
        single = rx.search(norm)
        if single and not compiled.hypothetical.search(single.group()) and not compiled.negation.search(
                single.group()) and not any(start < single.end() <= end or _same_victim(norm, start, end, single, compiled)
                                            for start, end in deaths):
            out.append(Match(cat, None, "implied", False, ""))
            if cat == "killed":
                deaths.append(single.span())
    return out


def _same_victim(norm: str, start: int, end: int, single: re.Match, compiled: Compiled) -> bool:
    """Whether a single victim's words go on from a death's in the same clause: "murió apuñalado", "erlag ... ihren
    schweren Brandverletzungen" is the one who died, "murió y otro resultó herido" another."""
    gap = norm[end:single.end()].split()[:-1]
    return single.start() == start and not compiled.clause.search(f" {' '.join(gap)} ") and not any(
        w in compiled.conjunction_words or w in ",;." for w in gap)


def _numbered(norm: str, compiled: Compiled) -> list[Match]:
    """Counts after or before their predicate (those before it with `np` starting with a space as the marker
    `_conjoined` reads: "ont tué 3 soldats et 4 civils")."""
    out = []
    starts = [m.start() for m in _NUMBER_TAG.finditer(norm)]
    for cat, rx in compiled.after.items():
        for m in filter(None, (rx.match(norm, start) for start in starts)):  # each number its own try
            np = m.group("np")
            bare = compiled.measure.sub(" ", compiled.aside.sub(" ", np))  # "quatre personnes , dont deux enfants ,"
            if "<N" in bare or " , " in bare and compiled.lang.comma_ends_subject or compiled.clause.search(bare) or len(bare.split()) > 8 or _blocked(
                    norm, m.start(), m.end(), compiled) or _things(np, compiled):
                continue
            if compiled.object_after.match(norm, m.end()) or bare.split()[-1:] and bare.split()[-1] in \
                    compiled.conjunction_words:
                continue  # "... et blessé sept autres": an active verb with its own object
            out.append(Match(cat, int(m.group(1)), "total", False, np, _who(np, compiled)))
    for cat, rx in compiled.before.items():
        for m in rx.finditer(norm):
            np = m.group("np")
            if _blocked(norm, m.start(), m.end(), compiled) or _things(np, compiled):
                continue
            out.append(Match(cat, int(m.group(2)), "before", False, np, _who(np, compiled)))
    return sorted(out, key=lambda m: m.index or 0)


def _tolls(norm: str, compiled: Compiled) -> list[Match]:
    """Numbers a toll is stated at: "le bilan s'est alourdi à 39 morts"."""
    if compiled.toll is None:
        return []
    out = []
    for m in compiled.toll.finditer(norm):
        cat = next(name for name, value in m.groupdict().items() if value).split("_")[0]
        if compiled.hypothetical.search(m.group()):
            continue
        out.append(Match(cat, int(m.group(f"{cat}_n") or m.group(f"{cat}_f")), "total", True, ""))
    return out


def _conjoined(norm: str, found: dict[int, Match], compiled: Compiled, read_before: set[int]) -> None:
    """Both numbers of one predicate, summed as a group: "trois femmes et deux enfants ont péri" (the second was
    read), "ont tué trois soldats et quatre civils" (the first was read, its predicate before it)."""
    pairs = list(compiled.conjoined.finditer(norm))
    if compiled.conjoined_others:
        pairs = sorted(pairs + list(compiled.conjoined_others.finditer(norm)), key=lambda m: m.start())
    for m in reversed(pairs):  # from the last pair: C, then B, then A
        a, b = int(m.group(1)), int(m.group(3))
        if m.re is compiled.conjoined and compiled.clause.search(m.group(2)):
            continue  # (others of the same kind are that group's, whatever clause stands between)
        if b in found and a not in found and not _things(m.group(2), compiled):
            found[a] = Match(found[b].category, a, "group", found[b].cumulative, m.group(2), _who(m.group(2),
                                                                                                  compiled))
            found[b].role = "group" if found[b].role == "total" else found[b].role
        elif a in read_before and b not in found and not _things(norm[m.end():m.end() + 30], compiled):
            after = norm[m.end():m.end() + 30]
            found[b] = Match(found[a].category, b, "group", found[a].cumulative, after, _who(after, compiled))
            found[a].role = "group" if found[a].role == "total" else found[a].role


def _blocked(norm: str, start: int, end: int, compiled: Compiled) -> bool:
    """A count that is negated, feared or hypothetical."""
    window = norm[max(0, start - 30):end]
    return bool(compiled.hypothetical.search(window)) or _negated(norm[max(0, start - 16):start], compiled)


def _negated(text: str, compiled: Compiled) -> bool:
    """Whether a negation word stands in the text, outside the words of a predicate ("cuerpos sin vida")."""
    return bool(compiled.negation.search(compiled.predicates.sub(" ", text)))


def _things(np: str, compiled: Compiled) -> bool:
    """Whether the noun after a number names things that are never victims (not when a person's noun follows the
    thing, its modifier: "2 orman işçisi", forest workers)."""
    words = np.split()[:3]
    for at, word in enumerate(words):
        if word in compiled.non_human:
            return not _modifies_person(words, at, compiled)
        if word not in compiled.np_skip:
            return False
    return False


def _modifies_person(words: list[str], at: int, compiled: Compiled) -> bool:
    """Whether the thing at *at* modifies the person's noun right after it ("orman işçisi": forest workers)."""
    return bool(compiled.person) and at + 1 < len(words) and bool(compiled.person.fullmatch(words[at + 1]))


def _who(np: str, compiled: Compiled) -> str | None:
    """The group a count names, in the text's language: the first word of its noun phrase, or the person a thing
    before it modifies ("orman işçisi")."""
    words = np.split()[:4]
    for at, word in enumerate(words):
        if word in compiled.np_skip or not word.isalpha():
            continue
        if word in compiled.non_human and _modifies_person(words, at, compiled):
            return words[at + 1]
        return None if word in compiled.not_group else word
    return None


def qualifier(prefix: str, reading: Reading, lang: Language) -> str:
    """The qualifier the words before a number give it ("au moins" -> at_least); "about" for an approximation."""
    if reading.approximate:
        return "about"
    m = lang.compiled.qualifier.search(prefix)
    return m.lastgroup if m and m.lastgroup else "exact"
