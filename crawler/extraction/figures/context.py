"""What a figure means in its article: background or news, a claim nobody verified, which event it belongs to,
and who said it once pronouns, surnames and descriptions are resolved.

News copy has a shape: the headline and first paragraph (the lead) report the news; later paragraphs add
detail (other incidents, parts, increments, quotes) and background (earlier events, the war's running toll).
The rules below read that shape from markers in the text; they work sentence by sentence on what
`find_figures` found, so a one-paragraph report is all lead.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .fold import cue, fold, phrase_pieces
from .grammar import DAYS, MONTHS
from .languages import LANGUAGES
from .languages.attribution import sources_in as language_sources
from .languages.model import Language, alternation
from .record import Figure
from .sources import (BODY_NAME, SOURCE_LABEL, is_office, normalise_source, person_names, source_kind, sources_in,
                      vague_source)

_MONTH = rf"(?:{MONTHS})"
_WEEKDAY = "|".join(d.capitalize() for d in DAYS.split("|"))
_NUMBER_WORD = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
# An earlier or another event, whatever else the text says: "last year's floods", "the 2015 quake".
_STRONG_PAST = re.compile(
    rf"\b(?:last|previous|past) year(?:'s)?\b|\blast (?:{_MONTH}|spring|summer|autumn|fall|winter)\b"
    rf"|\b{_NUMBER_WORD} (?:years?|decades?) ago\b|\banniversary\b|\b(?:19|20)\d\d's\b"
    # "the attack came barely four months after more than 50 persons were killed in Zike"
    rf"|\b(?:came|comes|happened|occurred|follows|followed) (?:barely |just |only |almost |nearly |less than |about "
    rf"|some |around |more than |over )?{_NUMBER_WORD} (?:weeks?|months?|years?) (?:after|since)\b"
    rf"|\b{_NUMBER_WORD} (?:years?|decades?) (?:after|since) (?:the|a|an) (?:[a-z-]+ ){{0,2}}?(?:quake|earthquake|attack"
    r"|bombing|war|floods?|massacre|shooting|tsunami|famine|fire|blast|crash|disaster|genocide|tornado|hurricane"
    r"|cyclone|storm|stampede|landslide) (?:that|which|ripped|tore|struck|hit|swept|killed)\b"
    r"|\b(?:in|since|by|from|during|until|of|the) 1[0-8]\d\d\b"
    rf"|\bthe (?:{_MONTH} )?(?:19|20)\d\d (?:[a-z-]+ ){{0,2}}?(?:quake|earthquake|attack|attacks|bombing|war|floods?"
    r"|massacre|shooting|tsunami|famine|fire|blast|crash|riot|stampede|disaster|violence|uprising|genocide|pandemic"
    r"|outbreak|conflict|crisis|hurricane|cyclone|storm|invasion|strike|heatwave|landslide)\b"
    r"|\b(?:\d{1,2}(?:st|nd|rd|th)|[a-z]+teenth|twentieth|eleventh|twelfth|tenth|ninth|eighth|seventh|sixth)"
    r" century\b|\bover the centuries\b|\bin (?:the )?(?:ancient|medieval|colonial) times\b",
    re.I)
# A time before the news: a year, "In April", "that month", "earlier this year".
_PAST = re.compile(rf"(?<![\d,.])\b(?:19|20)\d\d\b(?!\d|,\d)|\b(?:that|the same) (?:year|month)\b|\bearlier this (?:year|month)\b"
                   r"|^(?:Last|Earlier this) (?:month|week)\b"
                   rf"|^(?:In|By|At|Until) (?:(?:early|late|mid-?) )?{_MONTH}\b", re.I)
# A running toll of a whole war, campaign, season or country: the background of an event's own count.
_SCOPE = re.compile(
    rf"\bsince (?:(?:early|late|mid)\b|the (?:start|beginning|outbreak|end)\b|the first\b|last\b|(?:{MONTHS})\b"
    r"|\d{4}\b|(?:the|a) (?:war|conflict|invasion|takeover|coup|ceasefire|truce|fighting|uprising|insurgency|rainy"
    r" season|monsoon|wet season|crisis|revolution)\b|[A-Z][\w'’-]* (?:launched|began|started|seized|took|returned|invaded)\b)"
    r"|\b(?:so far )?this year\b|\b(?:killed|died|dead|deaths|lives|wounded|injured)(?: [a-z]+){0,3} (?:in|during)"
    r" (?:the|this) (?:conflict|war|insurgency|crisis)\b"
    r"|\bnationwide\b|\bacross (?:the|this) country\b|\b(?:the|[A-Z][\w-]*['’]s) (?:(?:civil|[a-z]+-year) )?"
    r"(?:war|conflict|insurgency|fighting)(?:, [^.;]{0,120},)?(?: [^,.;]{0,60})? (?:has|have|had) killed\b"
    r"|\bover the past (?:year|decade)\b"
    # a rate, not an event: "Avalanches kill around 30 people in France every winter on average"
    r"|\bevery (?:year|winter|summer|spring|autumn|month)\b|\bon average\b|\bannually\b|\beach year\b"
    r"|\b(?:in|during) recent (?:fighting|clashes|weeks|months|years)\b"
    # a period's tally: "in the first quarter of the year", "in the past six months"
    r"|\b(?:in|during|over) the (?:first|second|third|fourth|last|past|previous) (?:quarter|half)\b"
    r"|\b(?:in|during|over) the (?:past|last|previous) (?:\w+ )?(?:months|years)\b",
    re.I)
# What each of the three above needs, in folded text (fold.py: lower case): a sentence with none of these has none
# of their markers, and is not searched for them. (A new marker above needs its words here.)
_MARKER_CUE = cue((
    r"1\d\d\d", r"20\d\d", " year", " month", r" weeks? (?:after|since)", "last week", "earlier this week", " decade", " ago", " centur", " times",
    "anniversary", "nationwide", rf"last (?:{MONTHS}|spring|summer|autumn|fall|winter)", "since ",
    "(?:the|this) (?:conflict|war|insurgenc|crisis|fighting)", "s (?:civil )?(?:war|conflict|insurgenc)",
    "across (?:the|this) country",
    "every (?:winter|summer|spring|autumn)", "on average", "annually", "(?:in|during) recent (?:fighting|clashes|weeks)",
    "(?:in|during|over) the (?:first|second|third|fourth|last|past|previous) (?:quarter|half)",
    rf"^(?:in|by|at|until) (?:(?:early|late|mid-?) )?(?:{MONTHS})"))
# A figure nobody could check: it stays a figure, but a verified one is preferred for the total.
_UNVERIFIED = re.compile(r"(?:not|n't|n’t) (?:be |been )?(?:able to )?(?:immediately )?(?:independently )?(?:verif|confirm)"
                         r"|\bunable to (?:independently )?(?:verif|confirm)|\bunverified\b"
                         # of the figures before: "Neither figure could be independently verified"
                         r"|\b(?:neither|none of the) (?:figure|toll|number|count|claim|account)s? (?:could|can|has|have)"
                         r" (?:be |been )?(?:immediately )?(?:independently )?(?:verif|confirm)"
                         r"|\bwithout (?:providing|giving|offering) (?:any )?evidence\b|\b(?:not clear|unclear) how many\b"
                         r"|\b(?:did not|didn't|didn’t|without) (?:say|saying|explain|explaining) how (?:it|they|he|she)"
                         r" (?:had )?(?:arrived at|reached|came to|calculated|counted)"
                         # an armed group's own count: "claimed responsibility ..., saying its fighters had killed 20"
                         r"|\bclaimed responsibility\b[^.]*\b(?:saying|said|claiming)\b",
                         re.I)
# What opens another incident: a place ("In Odesa, ..."), a time ("Hours later"), "Separately", "another group".
_INCIDENT = re.compile(
    r"^(?:In|At|Near|Outside) (?:the )?(?:[a-z-]+ ){0,3}?(?:of )?(?!(?:%s|%s)\b)[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*"
    r"(?:'s)?(?: [a-z-]+){0,4},"
    r"|^(?:Hours|Minutes|Days|Weeks|Moments) (?:later|earlier|after)\b|^(?:Later|Separately|Elsewhere|Meanwhile)\b"
    r"|^(?:In|On) (?:a|another) (?:separate )?(?:incident|attack)\b"
    r"|^In the (?:first|second|third|other|latest|earlier|later) (?:attack|incident|strike|blast|raid|assault)\b"
    r"|^On (?:the )?\d{1,2}(?:st|nd|rd|th)\b|^On (?:%s) \d{1,2}\b|^On \d{1,2} (?:%s)\b"
    % ("|".join(MONTHS.title().split("|")), _WEEKDAY, MONTHS.title(), MONTHS.title()))
# ... and anywhere in a sentence, "another group", "the following day" (apart from the openings above, whose anchor
# lets `re` try the sentence's start only; this one opens with a letter, for `re` to skip to, and looks behind for
# the word's start)
_INCIDENT_ANYWHERE = re.compile(
    r"a(?<!\wa)(?:nother|\ separate) (?:group|gang|attack|incident|blast|explosion|strike|gunman|bomber|raid)\b"
    rf"|[Tt]he(?<!\w[Tt]he) (?:following|next) (?:day|morning|night|week|{_WEEKDAY})\b")
_DAY = re.compile(rf"\b(?:{_WEEKDAY})\b")
_REPORTING = r"said|says|told|reported|announced|confirmed|stated|added"
_REPORT_DAY = re.compile(rf"\b(?:{_REPORTING})(?: [\w']+){{0,4}}?,? (?:on |late |early )?(?:{_WEEKDAY})\b"
                         rf"|\b(?:{_WEEKDAY}),? (?:[\w']+ ){{0,4}}?(?:{_REPORTING})\b"
                         # a count's status at a time, not an event's day: "As of Sunday morning, 43 injured ..."
                         rf"|\b(?:[Aa]s (?:of|at)|[Bb]y) (?:{_WEEKDAY})\b")
# Bodies found, recovered or buried on a day may be an earlier day's dead: no event day of their own.
_BODIES = re.compile(r"\b(?:bod(?:y|ies)|corpses|remains)\b", re.I)
# Bodies handed over in an exchange are the dead of the whole war, not of the news.
_REPATRIATED = re.compile(r"\b(?:received|returned|handed over|repatriated|exchanged) (?:the )?(?:bodies|remains)\b",
                          re.I)
_HEADLINE_END = re.compile(r"[.!?\"”]$")
# Groups that may include any other ("people", "personnes"): never a distinct group of their own.
GENERIC_GROUPS = frozenset(w for lang in LANGUAGES.values() for w in lang.people)
# The languages whose markers and source phrases are described as data; English's are written in this module
# and in sources.py.
_DESCRIBED = {code: lang for code, lang in LANGUAGES.items() if code != "en"}
_GENERIC_WORDS = {"group", "official", "officials", "local", "a", "the", "an", "of", "regional", "state", "national",
                  "provincial", "district", "ministry", "agency", "office", "team", "service", "authorities"}


@dataclass
class _Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    markers: "Markers"
    language: str | None = None
    folded: str = ""  # the text folded (fold.py), for the markers' cue
    mentions: list[tuple[int, str, str]] = field(default_factory=list)  # (offset in text, normalised, kind)


@dataclass(frozen=True)
class Markers:
    """A language's markers of background, claims and incidents, compiled."""

    strong: re.Pattern[str]
    past: re.Pattern[str]
    scope: re.Pattern[str]
    unverified: re.Pattern[str]
    incident: re.Pattern[str]
    day: re.Pattern[str]
    report_day: re.Pattern[str]
    cue: re.Pattern[str] | None = None  # what `strong`, `past` and `scope` need, in folded text (None: not known)
    incident_anywhere: re.Pattern[str] | None = None  # another incident's marker anywhere in a sentence
    place_clause: re.Pattern[str] | None = None  # a clause opening on another place (see `_place_opening`)


ENGLISH = Markers(_STRONG_PAST, _PAST, _SCOPE, _UNVERIFIED, _INCIDENT, _DAY, _REPORT_DAY, _MARKER_CUE,
                  _INCIDENT_ANYWHERE)
_YEARS = r"(?<![\d,.])\b(?:19|20)\d\d\b(?!\d|,\d)"


@lru_cache(maxsize=None)
def markers(code: str | None) -> Markers:
    """The markers of a language described as data (English's are written above)."""
    lang = _DESCRIBED.get(code or "")
    if lang is None:
        return ENGLISH
    days = alternation(lang.weekdays)
    verbs = alternation(lang.reporting_verbs)
    pieces = [phrase_pieces(lang.strong_past), phrase_pieces(lang.past), phrase_pieces(lang.scope)]
    place = _place_opening(lang)
    return Markers(
        strong=re.compile(rf"(?<!\w){alternation(lang.strong_past)}(?!\w)"
                          rf"|(?<!\w){alternation(lang.prepositions)} 1[0-8]\d\d\b", re.I),
        past=re.compile(rf"{_YEARS}|(?<!\w){alternation(lang.past)}(?!\w)", re.I),
        scope=re.compile(rf"(?<!\w){alternation(lang.scope)}(?!\w)", re.I),
        unverified=re.compile(rf"(?<!\w){alternation(lang.unverified)}(?!\w)", re.I),
        incident=re.compile(rf"^(?:{alternation(lang.incident)})(?!\w)" + (f"|^{place}" if place else ""), re.I),
        day=re.compile(rf"(?<!\w){days}(?!\w)", re.I),
        report_day=re.compile(rf"(?<!\w){verbs}(?: [\w']+){{0,4}}? {days}(?!\w)", re.I),
        cue=None if None in pieces else cue([r"1[0-8]\d\d", r"(?:19|20)\d\d", *(p for ps in pieces for p in ps or ())]),
        place_clause=re.compile(rf"[,;]\s*{place}", re.I) if place else None)


_CAPITAL = "(?-i:[A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁЄІЇҐ])"


def _place_opening(lang: Language) -> str:
    """What opens a sentence or clause on a place in a language's roundups: one of its place prepositions before a
    capitalised name, or a capitalised name with a case ending after an apostrophe; "" when it has neither."""
    out = []
    if lang.place_prepositions:  # a name, not an acronym ("В МЧС сообщили")
        out.append(rf"{alternation(lang.place_prepositions)} {_CAPITAL}(?-i:[^\W\dA-ZА-ЯЁЄІЇҐ])")
    if lang.place_endings:
        out.append(rf"{_CAPITAL}\w+['’]{alternation(lang.place_endings)}(?!\w)")
    # not a body that reports ("В Минздраве сообщили"): no reporting verb in the next words
    return "(?:" + "|".join(out) + rf")(?!\w*(?: \S+){{0,3}} {alternation(lang.reporting_verbs)}(?!\w))" if out else ""


def sentence_layout(text: str, spans: list[tuple[int, int]], languages: list[str | None] | None = None
                    ) -> list[_Sentence]:
    """Each sentence with its paragraph number (a line break starts a paragraph) and its language's markers."""
    out, paragraph, pos = [], 0, 0
    for k, (start, end) in enumerate(spans):
        paragraph += text.count("\n", pos, start) > 0
        code = languages[k] if languages else "en"
        sentence = text[start:end]
        out.append(_Sentence(start, end, sentence, paragraph, markers(code), code, fold(sentence)))
        pos = end
    return out


def _lead_paragraphs(sentences: list[_Sentence]) -> set[int]:
    """The lead: the first paragraph, and the one after it when the first is a headline (no closing stop)."""
    if not sentences:
        return set()
    first = [s for s in sentences if s.paragraph == sentences[0].paragraph]
    if len(first) == 1 and not _HEADLINE_END.search(first[0].text) and len(first[0].text) < 200:
        return {first[0].paragraph, first[0].paragraph + 1}
    return {first[0].paragraph}


def in_context(figures: list[Figure], text: str, spans: list[tuple[int, int]],
               languages: list[str | None] | None = None) -> list[Figure]:
    """The figures with their article context applied: `background`, `claim` roles, `event` numbers and resolved
    `attribution`s."""
    if not figures:
        return figures
    sentences = sentence_layout(text, spans, languages)
    starts = [s.start for s in sentences]
    owner = [max(0, bisect_right(starts, f.start) - 1) for f in figures]  # the sentence holding each figure
    held: dict[int, list[int]] = {}
    for k, s in enumerate(owner):
        held.setdefault(s, []).append(k)
    lead = _lead_paragraphs(sentences)
    _read_sources(sentences)
    events = _events(sentences, held, figures, lead)
    background = _background(sentences, owner, held, figures, lead)
    claims = _claims(sentences, owner)
    sources, credits = _resolve_sources(sentences, owner, figures)
    out = []
    for k, f in enumerate(figures):
        role = "claim" if claims[k] and f.role in ("total", "group", "implied") else f.role
        if role == "increment" and _rest_of_part(figures, owner, k):
            role = "part"
        out.append(replace(f, background=background[k], role=role, event=events[k], attribution=sources[k]))
    donors = [(f.start, sentences[owner[k]].paragraph, f.attribution) for k, f in enumerate(out)
              if f.attribution and not f.background and f.role != "claim"]
    # (in a language read as data every source noun is capitalised or none is: "Das teilte die Bundespolizei mit")
    donors += [(s.start, s.paragraph - 1 if k and sentences[k - 1].paragraph != s.paragraph and _FIGURES_CREDITED.match(
                s.text) else s.paragraph, source) for k, (s, source) in enumerate(zip(sentences, credits))
               if source and (source_kind(source) == "named" or s.language in _DESCRIBED) and source.split()[0].lower()
               not in _BYSTANDERS]
    return _paragraph_sources(_inherit_sources(out), sorted(donors), [sentences[k].paragraph for k in owner])


# English: the rest of a count broken down in the sentence before ("Eleven of the fatalities died on the spot. Two
# others were declared dead on arrival").
_OTHERS_FIRST = re.compile(r"^\W*(?:the )?[\w-]+ others\b", re.I)


def _rest_of_part(figures: list[Figure], owner: list[int], k: int) -> bool:
    """Whether an increment ("two others") is the rest of a part given in the sentence just before its own."""
    f = figures[k]
    before = [j for j in range(k) if figures[j].category == f.category and owner[j] == owner[k] - 1]
    return f.language == "en" and bool(before) and figures[before[-1]].role == "part" and bool(
        _OTHERS_FIRST.match(f.sentence))


def _background(sentences: list[_Sentence], owner: list[int], held: dict[int, list[int]], figures: list[Figure],
                lead: set[int]) -> list[bool]:
    """Background figures: another or an earlier event's (a past time, a running toll of a wider scope), unless a
    figure restates one of the lead's. A background passage goes on to its paragraph's end ("The war began in
    2023 ... It killed more than 4,000 people"), from a sentence that had background figures or none."""
    marked = [_marker(s) for s in sentences]
    lead_figures = [(f, owner[k]) for k, f in enumerate(figures) if sentences[owner[k]].paragraph in lead
                    and f.category in ("killed", "injured") and f.role not in ("previous", "claim")]
    # an increment ("43 more in the past 24 hours") is news that a running toll beside it includes
    news = {(f.category, f.value) for f, s in lead_figures if not marked[s] and f.role != "increment"}
    has_news = bool(news) or any(not marked[owner[k]] and f.category in ("killed", "injured")
                                 and f.role not in ("previous", "claim", "part") for k, f in enumerate(figures))
    out = [False] * len(figures)
    passage = False
    for s, sentence in enumerate(sentences):
        carried = passage and sentence.paragraph == sentences[s - 1].paragraph and not sentence.markers.day.search(
            sentence.text)
        for k in held.get(s, []):
            f = figures[k]
            if marked[s] == "strong" or _REPATRIATED.search(sentence.text):
                out[k] = True
            elif sentence.paragraph in lead:
                # in the lead, a running toll gives way to the event's own count beside it
                out[k] = bool(marked[s]) and bool(news) and (f.category, f.value) not in news
            elif marked[s] == "scope" and not carried:
                # a running toll is background where the text has a count of its own news
                out[k] = has_news and not _restates(f, lead_figures)
            else:
                out[k] = bool(marked[s] or carried) and not _restates(f, lead_figures)
        counted = [k for k in held.get(s, []) if figures[k].role not in ("previous", "claim", "part")]
        passage = bool(marked[s] or carried) and (not counted or any(out[k] for k in counted))
    # a part of background counts only ("whose son was among those killed") is background too
    wholes: dict[str, list[bool]] = {}
    for k, f in enumerate(figures):
        if f.role != "part":
            wholes.setdefault(f.category, []).append(out[k])
    for k, f in enumerate(figures):
        if f.role == "part" and not out[k]:
            out[k] = all(wholes.get(f.category, [False]))
    return out


_BACKGROUND_LABEL = re.compile(r"\W*background\s*:", re.I)


def _marker(sentence: _Sentence) -> str:
    """"strong" for an earlier event whatever else is said, "past" or "scope" for background, "" for none."""
    if _BACKGROUND_LABEL.match(sentence.text):
        return "strong"  # a report's "BACKGROUND:" paragraph
    if sentence.markers.cue is not None and not sentence.markers.cue.search(sentence.folded):
        return ""
    if sentence.markers.strong.search(sentence.text):
        return "strong"
    if sentence.markers.past.search(sentence.text):
        return "past"
    return "scope" if sentence.markers.scope.search(sentence.text) else ""


def _restates(f: Figure, lead_figures: list[tuple[Figure, int]]) -> bool:
    """Whether a figure gives a lead figure's value again (a round "passed 72,000" is restated by 72,019, "at least
    23" is not by 24); one victim is no evidence of it ("In 2019, a driver was killed there" after a lead's man and
    grandson)."""
    if f.value < 2:
        return False
    for g, _ in lead_figures:
        if g.category != f.category:
            continue
        if g.value == f.value or (g.qualifier in ("more_than", "at_least", "about", "nearly") and g.value % 10 == 0
                                  and g.value <= f.value <= g.value * 1.05):
            return True
    return False


_DOUBTED = {"neither": 2, "none": 3}  # how many sentences with figures a doubt covers: "Neither figure could ..."


def _claims(sentences: list[_Sentence], owner: list[int]) -> list[bool]:
    """Figures nobody could verify: in a sentence saying so, else in the last sentence with figures before it in
    its paragraph (up to three sentences back)."""
    doubted = set()
    holding = set(owner)
    for k, s in enumerate(sentences):
        found = s.markers.unverified.search(s.text)
        if found:
            before = [j for j in range(k, max(-1, k - 4), -1) if sentences[j].paragraph == s.paragraph
                      and j in holding]
            doubted.update(before[:_DOUBTED.get(found.group().split()[0].lower(), 1)])
    return [s in doubted for s in owner]


def _events(sentences: list[_Sentence], held: dict[int, list[int]], figures: list[Figure], lead: set[int]) -> list[int]:
    """The event number of each figure: a new event starts at an incident marker, at a weekday other than the
    current event's, or after the lead at a paragraph opening with a new count on a place the event has not named."""
    event, day, places = 0, None, set()
    # a headline that counts the victims states the story's toll: a place named later inside a sentence is a part
    # of it, only a paragraph opening on its place a roundup's next incident
    counted_headline = len(lead) > 1 and any(figures[j].category in ("killed", "injured") for j in held.get(0, []))
    unread: list[_Sentence] = []  # sentences of the event whose places are not read yet
    seen: set[tuple[str, int]] = set()
    numbers = []
    ahead: dict[int, int] = {}  # figure -> how many events it is past its sentence's (a contrast inside it)
    for k, s in enumerate(sentences):
        new_day = _event_day(s)
        first_in_paragraph = k == 0 or sentences[k - 1].paragraph != s.paragraph
        mine = [figures[j] for j in held.get(k, [])]
        here = {f.where for f in mine if f.where}
        starts = _incident(s) or new_day is not None and day is not None and new_day != day
        if not starts and s.paragraph not in lead and first_in_paragraph and here and not here & places and (
                not counted_headline or _FRONTED_PLACE.match(s.text)):
            # places named without a figure ("in the village of Mambelenga, in Ituri province") belong to the
            # event too: read only when they could matter
            for earlier in unread:
                places |= _named_places(earlier)
            unread = []
            starts = bool(places) and not here & places and any((f.category, f.value) not in seen for f in mine)
        seen |= {(f.category, f.value) for f in mine}
        if starts and k > 0:
            event += 1
            day, places, unread = None, set(), []
        day = new_day or day
        places |= here
        unread.append(s)
        numbers.append(event)
        for figure in _contrasted(s, held.get(k, []), figures):
            event += 1
            ahead[figure] = event - numbers[-1]
    return [numbers[s] + ahead.get(k, 0) for k, s in sorted((k, s) for s, ks in held.items() for k in ks)]


# A roundup's paragraph opens on its place ("In neighbouring Isabela, five people drowned"); a place named inside a
# sentence ("three people died in Pottawatomie County") may be a part of the lead's count.
_FRONTED_PLACE = re.compile(r"\W*(?:(?:Meanwhile|Elsewhere|Separately|Further|Farther)\b,?\s*)?(?:[Ii]n|[Aa]t|[Nn]ear"
                            r"|[Aa]cross|[Ff]rom)\b")


def _named_places(sentence: _Sentence) -> set[str]:
    """The places a sentence names, in its language's grammar (none for a language without one)."""
    lang = LANGUAGES.get(sentence.language or "en")
    return {name for _, name in lang.places(sentence.text)} if lang is not None and lang.places else set()


def _incident(sentence: _Sentence) -> bool:
    """Whether a sentence opens another incident."""
    anywhere = sentence.markers.incident_anywhere
    return bool(sentence.markers.incident.search(sentence.text)) or anywhere is not None and bool(
        anywhere.search(sentence.text))


# "eleven soldiers were killed near Tera, while a bomb killed four civilians": two events in one sentence.
_CONTRAST = re.compile(r"(?:,|\b)\s*(?:while|whereas|tandis qu|alors qu|mientras qu|enquanto|während|тогда как"
                       r"|в то время как|тоді як|у той час як|iken|بينما|في حين|فيما)", re.I)


def _contrasted(sentence: _Sentence, held: list[int], figures: list[Figure]) -> list[int]:
    """The figures of a sentence that open an event of their own: a count of another named group of the same
    category after a contrasting conjunction ("while", "tandis que"), or one of a clause opening on another place."""
    out = []
    for a, b in zip(held, held[1:]):
        fa, fb = figures[a], figures[b]
        if fa.category != fb.category or fa.role not in ("total", "group") or fb.role not in ("total", "increment"):
            continue
        place = sentence.markers.place_clause
        if place is not None and place.search(sentence.text, fa.end - sentence.start, fb.start - sentence.start):
            out.append(b)  # "У Костянтинівці росіяни вбили двох цивільних, у Покровську загинула одна людина"
            continue
        if fb.role != "total":
            continue
        if not fa.who or not fb.who or fa.who == fb.who or {fa.who, fb.who} & GENERIC_GROUPS:
            continue
        if _CONTRAST.search(sentence.text, fa.end - sentence.start, fb.start - sentence.start):
            out.append(b)
    return out


def _event_day(sentence: _Sentence) -> str | None:
    """The one weekday a sentence reports an event on, if it names exactly one outside reporting phrases."""
    found = sentence.markers.day
    if not found.search(sentence.text) or _BODIES.search(sentence.text):
        return None
    days = {d.lower() for d in found.findall(sentence.markers.report_day.sub(" ", sentence.text))}
    return days.pop() if len(days) == 1 else None


def _read_sources(sentences: list[_Sentence]) -> None:
    """Every sentence's source mentions, normalised, with their kind."""
    for s in sentences:
        lang = _DESCRIBED.get(s.language or "")
        for m in (sources_in(s.text) if lang is None else language_sources(s.text, lang)):
            normalised = normalise_source(m.phrase)
            if normalised:
                s.mentions.append((s.start + m.start, normalised, source_kind(normalised)))
                named = person_names(m.phrase)
                after = _NAME_SET_OFF.match(s.text, m.start + len(m.phrase))
                if after and not named:  # "The head of the regional administration, Vadym Serhiienko, reported"
                    named = [after.group(1).split()[-1]]
                s.mentions.extend((s.start + m.start, f"@{name}", "name") for name in named
                                  if source_kind(normalised) in ("named", "generic"))
        for m in BODY_NAME.finditer(s.text):  # by its name, not its acronym: "The Department" is one's antecedent
            named = normalise_source(m.group())
            body = named if "(" in named or "(" not in m.group() else normalise_source(_BRACKETS.sub("", m.group()))
            if not any(kind == "named" and value.startswith(body) and value != body for _, value, kind in s.mentions):
                s.mentions.append((s.start + m.start(), body, "body"))  # not "Syrian Observatory" of its full name
        s.mentions.sort()
    # an acronym alone is the body the article named with it: "MSPP reports" after "the Ministry of Public Health
    # and Population (MSPP)"
    defined: dict[str, str] = {}
    for value in (value for s in sentences for _, value, _ in s.mentions):
        m = _DEFINED.fullmatch(value)
        if m and len(value) > len(defined.get(m.group(2), "")):  # the fullest name: not "Management Council (NDRRMC)"
            defined[m.group(2)] = value
    if defined:
        for s in sentences:
            s.mentions = [(at, defined.get(value, value), kind) for at, value, kind in s.mentions]


_NAME_SET_OFF = re.compile(r", ((?:[A-Z][\w'’-]+ ){1,2}[A-Z][\w'’-]+),")
_DEFINED = re.compile(r"(.+) \(([A-Z][A-Za-z.&]{1,9})\)")


# A body named in passing ("The Sudan Doctors Network, which tracks casualties, ..."), the antecedent of "the group".
_BRACKETS = re.compile(r" \([^()]*\)")


def _resolve_sources(sentences: list[_Sentence], owner: list[int],
                     figures: list[Figure]) -> tuple[list[str | None], list[str | None]]:
    """Each figure's source: the mention nearest the number in its sentence (for a sentence inside a quotation,
    the speaker named where the quotation closes), with pronouns, surnames and descriptions resolved against the
    rest of the article; and the source of each sentence without figures (the mention nearest its end), for its
    paragraph."""
    everywhere = [(offset, value) for s in sentences for offset, value, kind in s.mentions if kind in ("named", "body")]
    names: dict[str, str] = {}
    bodies: list[tuple[int, str, bool]] = []  # offset, body, named as a sentence's subject
    described: list[tuple[int, str]] = []  # offset, a description with a modifier: "the health ministry"
    speakers: list[str] = []
    anaphora: dict[str, str] = {}
    resolved_at: dict[int, str] = {}
    last_source = None
    for s in sentences:
        pending_names = []
        for offset, value, kind in s.mentions:
            if kind == "name":
                pending_names.append(value[1:])
                continue
            head = _head(value)
            if kind == "generic" and head in _DESCRIBED_KIND and head != value.lower() and _DEFINITE.match(
                    s.text, offset - s.start):  # "the medical group", "the Britain-based monitor": as "the group"
                found = _resolve(head, kind, offset, names, bodies, described, speakers, anaphora, everywhere)
                found = value if found == head else found
            else:
                found = _resolve(value, kind, offset, names, bodies, described, speakers, anaphora, everywhere)
            if kind == "person" and found == value:  # "the Agency, whose spokesman, Abdullahi Bello, said"
                found = next((v for at, v, kd in reversed(s.mentions) if at < offset and kd in ("named", "body")),
                             value)
            elif value == "statement" and kind == "generic":  # "the statement said": whoever issued it
                found = last_source or value
            resolved_at[offset] = found
            if kind in ("named", "body"):
                bodies.append((offset, value, offset - s.start <= 4))
            elif kind == "generic" and len(found.split()) > 1 and _DEFINITE.match(s.text, offset - s.start):
                described.append((offset, found))  # "the health ministry"; "a medical group" is resolved itself
            if kind in ("named", "person", "pronoun") and source_kind(found) == "named" or kind == "generic" and (
                    pending_names or is_office(found)):  # "said Heriyanto, head of the regency's disaster agency"
                speakers.append(found)
            if kind != "body" and found not in ("he", "she", "it", "they", "we"):
                last_source = found
            for name in pending_names:
                names[name] = found
            pending_names = []
    # a report's "Source: ..." line is the source of whatever it does not credit to anyone else
    labelled = next((resolved_at[at] for s in sentences if SOURCE_LABEL.match(s.text) for at, _, kind in s.mentions
                     if kind not in ("name", "body") and at in resolved_at), None)
    # "A police spokesperson confirmed the death": the source of the figures just before it
    confirmers = [(k, resolved_at[at]) for k, s in enumerate(sentences) if "confirmed" in s.text and _CONFIRMED.search(s.text)
                  for at, _, kind in s.mentions[:1] if kind not in ("name", "body") and at in resolved_at]
    out = []
    for k, f in enumerate(figures):
        said = _said_in(sentences, owner[k], f.start, resolved_at) or next(
            (who for j, who in confirmers if j > owner[k] and sentences[j].paragraph - sentences[owner[k]].paragraph
             <= 1 and source_kind(who) == "named"), None) or labelled
        out.append(said)
    holding = set(owner)
    credits = [None if k in holding else _final(_said_in(sentences, k, s.end, resolved_at), anaphora)
               for k, s in enumerate(sentences)]
    return [_final(a, anaphora) for a in out], credits


def _final(source: str | None, anaphora: dict[str, str]) -> str | None:
    """A resolved source as it is kept: a pronoun nothing resolved is no source (the paragraph's may be); an
    indefinite description takes the body a later "the group" turned out to be ("a medical group said" ... "The
    Sudan Doctors Network ..." ... "the group said")."""
    if source and source_kind(source) == "pronoun":
        return None
    return anaphora.get(_head(source), source) if source and source_kind(source) == "generic" else source


_CONFIRMED = re.compile(r"\bconfirmed (?:the|both|all(?: the)?|their|these) (?:deaths?|tolls?|fatalit\w*|casualt\w*"
                        r"|figures?|killings)\b")
_OPENS_QUOTE = re.compile(r"^[\"“]")
_CLOSES_QUOTE = re.compile(r"[\"”]")


def _said_in(sentences: list[_Sentence], k: int, offset: int, resolved_at: dict[int, str]) -> str | None:
    """The resolved source of the mention nearest an offset in sentence k; for a sentence opening a quotation
    that it does not close, that of the sentence closing it (same paragraph, up to four sentences on)."""
    s = sentences[k]
    # the nearest mention in the number's clause, one that names somebody before "authorities" or "officials"
    said = [(";" in s.text[min(at, offset) - s.start:max(at, offset) - s.start], vague_source(resolved_at[at]),
             abs(at - offset), resolved_at[at]) for at, _, kind in s.mentions
            if kind not in ("name", "body") and at in resolved_at]
    if said:
        return min(said)[3]
    if _OPENS_QUOTE.match(s.text) and len(_CLOSES_QUOTE.findall(s.text)) < 2:
        for later in sentences[k + 1:k + 5]:
            if later.paragraph != s.paragraph:
                break
            if _CLOSES_QUOTE.search(later.text):
                after = [resolved_at[at] for at, _, kind in later.mentions
                         if kind not in ("name", "body") and at in resolved_at]
                return after[0] if after else None
    return None


def _resolve(value: str, kind: str, offset: int, names: dict[str, str], bodies: list[tuple[int, str, bool]],
             described: list[tuple[int, str]], speakers: list[str], anaphora: dict[str, str],
             everywhere: list[tuple[int, str]]) -> str:
    """One mention resolved: a pronoun to the last speaker, a surname to the office it was introduced with, a
    description to the body it describes (the nearest body anywhere sharing one of its words, else for "the
    group", "the ministry" the last body or fuller description with that head, "the health ministry", else
    the last body named, a sentence's subject first)."""
    if kind == "pronoun":
        if value in ("he", "she"):
            return speakers[-1] if speakers else value
        return bodies[-1][1] if bodies else value
    if kind == "person":
        return names.get(value.split()[-1], value)
    if kind != "generic":
        return value
    words = {w for w in value.lower().split() if w not in _GENERIC_WORDS}
    # the nearest before, or one named soon after ("emergency officials said" ... "given by the Niger State Emergency
    # Management Agency"), not a governor of another place paragraphs later
    sharing = [(abs(offset - at), b) for at, b in everywhere if at - offset <= _AHEAD and words & set(b.lower().split())]
    if sharing:
        return min(sharing)[1]
    if value.lower() in _ANAPHORS and (bodies or described):
        kinds = _KIND_WORDS.get(value.lower(), {value.lower()})  # "the force": the police named before
        same = [(at, b) for at, b, _ in bodies if kinds & set(b.lower().split())] + [
            (at, d) for at, d in described if _head(d) == value.lower()]
        # failing a body of that name, "the group" may be the last one named, a sentence's subject first
        unnamed = [(at, b) for at, b, subject in bodies if subject] or [(at, b) for at, b, _ in bodies] \
            if value.lower() in _UNNAMED else []
        candidates = sorted(same) or unnamed
        if not candidates:
            return value
        anaphora[value.lower()] = candidates[-1][1]
        return anaphora[value.lower()]
    return value


_DEFINITE = re.compile(r"the\s", re.I)
_AHEAD = 300  # characters after a description where the body it describes may still be named
_ANAPHORS = {"group", "ministry", "agency", "network", "office", "service", "organisation", "organization", "team",
             "hospital", "charity", "mission", "authority", "department", "monitor", "force"}
_KIND_WORDS = {"force": {"force", "police", "constabulary"}}
# Those whose bodies' names often lack the word ("the group": the Sudan Doctors Network, "the agency": AFAD); "the
# hospital" or "the ministry" is only one whose name has it (not the Israeli military named before).
_UNNAMED = {"group", "agency", "network", "service", "organisation", "organization", "team", "charity", "mission",
            "monitor"}
# Heads whose modifiers only say what kind of body it is ("the medical group", "the Britain-based monitor"): the
# body named before, as "the group"; "the national disaster agency" is a body of its own.
_DESCRIBED_KIND = {"group", "monitor", "network", "organisation", "organization", "charity"}


def _head(source: str) -> str:
    return source.lower().split()[-1]


def _inherit_sources(figures: list[Figure]) -> list[Figure]:
    """An unattributed figure restating an attributed one (same category and value) takes its source."""
    said: dict[tuple[str, int | None], str] = {}
    named = [bool(f.attribution) and source_kind(f.attribution) == "named" for f in figures]
    for f, by_name in zip(figures, named):
        if by_name:
            said.setdefault((f.category, f.value), f.attribution)
    if not said:
        return figures
    return [replace(f, attribution=said[(f.category, f.value)])
            if not by_name and (f.category, f.value) in said else f for f, by_name in zip(figures, named)]


# Who saw it, not who counted it: "said resident John Mbeki" credits a quotation, not the paragraph.
_BYSTANDERS = frozenset("resident residents witness witnesses eyewitness eyewitnesses survivor survivors villager"
                        " villagers relative relatives neighbour neighbours neighbor neighbors passer-by".split())


# A paragraph opening on where the figures before it came from credits that paragraph: "The figures were released by
# the Regional Disaster Management Cell, which ..."
_FIGURES_CREDITED = re.compile(r"(?:The|These|Those|Both) (?:casualty |death |latest |official )?(?:figures|numbers|tolls?"
                               r"|counts?|tall(?:y|ies)) (?:were|was|came|come|had been|have been) (?:(?:released|given"
                               r"|provided|compiled|issued|confirmed|announced|published) by|from)\b")


def _paragraph_sources(figures: list[Figure], donors: list[tuple[int, int, str]], paragraph: list[int]) -> list[Figure]:
    """A figure of the news that neither its sentence nor a restatement credits takes the source of its paragraph,
    as wire copy credits a paragraph once: that of the nearest figure its own sentence credits, or sentence without
    figures crediting a body or office, before it in the paragraph, else after it ("Two people have died ... Police
    say ..."; "..., the district collector said. Fourteen devotees injured ..."; "..., the bureau said. Sixty-one
    miners made it out, two of whom were hospitalised"). *donors*: (offset, paragraph, source), in text order."""
    out = list(figures)
    for k, f in enumerate(figures):
        if f.attribution or f.background or f.role == "claim":
            continue
        same = [(at, source) for at, p, source in donors if p == paragraph[k]]
        before = [source for at, source in same if at < f.start]
        after = [source for at, source in same if at >= f.start]
        if before or after:
            out[k] = replace(f, attribution=before[-1] if before else after[0])
    return out
