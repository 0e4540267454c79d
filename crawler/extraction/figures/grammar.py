"""Grammar of casualty reporting: which numbers in a sentence are killed/injured/... figures.

A sentence is lower-cased and every number expression replaced by a placeholder ``<Nk>`` (a
candidate count) or ``<X>`` (a year, age, date, time, amount, measure), so the patterns below read
as plain English grammar: passives ("12 people were killed"), actives ("killing 22 people"),
nouns ("16 deaths"), tolls ("the death toll rose to 40"), plus singular victims ("a man was shot dead").
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .numbers import Number, factored

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"

# Words after a number that make it a measure, age, time, amount or date rather than a count.
_UNIT_AFTER = re.compile(
    r"^[\s-]*(?:years?\b|yrs?\b|-?year|months?\b|weeks?\b|days?\b|nights?\b|hours?\b|hrs\b|minutes?\b|mins?\b"
    r"|seconds?\b|decades?\b|centur|km\b|kms\b|kilomet|kilometr|miles?\b|met(?:er|re)s?\b|m\b|ft\b|feet\b|foot\b"
    r"|inch|kg\b|kilo|tons?\b|tonnes?\b|percent|per\s*cent|%|am\b|pm\b|a\.m|p\.m|o'clock|gmt\b|utc\b|hrs\b"
    r"|dollars?|usd\b|euros?\b|pounds?\b|naira|rupees?|shillings?|francs?|yuan|cfa\b|dinars?|pesos?|rand\b"
    r"|times\b|storey|stor(?:y|ies)\b|floors?\b|magnitude|-magnitude|richter|degrees?\b|°|acres?\b"
    r"|hectares?\b|sq\b|square\b|rounds?\b|bullets?\b|shots?\b|vehicles?\b|cars?\b|trucks?\b|houses?\b|homes?\b"
    r"|buildings?\b|villages?\b|rockets?\b|missiles?\b|shells?\b|mortars?\b|bombs?\b|suspects?\b|attackers?\b"
    r"|assailants?\b|gunmen\b|militants? (?:attacked|stormed|opened))|^[:/\w]"
    rf"|^[\s,]+(?:{MONTHS})\b",
    re.I,
)
# Words just before a number that make it an age, amount, label, date or time span.
_NOT_COUNT_WORD = set(
    "aged age ages usd rs rs. magnitude no. number route highway page article resolution flight chapter section"
    " km kilometres kilometers mile miles district zone sector phase bus room level grade class covid code unit"
    " block plot ward station top worth last past first next".split()
) | set(MONTHS.split("|"))
_NOT_COUNT_PAIR = {("valued", "at"), ("cost", "of"), ("at", "around"), ("magnitude", "of"), ("age", "of"),
                   ("children", "under")}
_TAIL = re.compile(r"[\w.$€£¥-]+")


def _not_count_before(before: str) -> bool:
    """Whether the words just before a number make it something other than a head count."""
    stripped = before.rstrip()
    if stripped[-1:] in ("$", "€", "£", "¥", "-"):
        return True
    tail = _TAIL.findall(stripped[-24:].lower())
    return bool(tail) and (tail[-1] in _NOT_COUNT_WORD or tail[-1].rstrip(".") in _NOT_COUNT_WORD
                           or tuple(tail[-2:]) in _NOT_COUNT_PAIR)


_DECIMAL_AFTER = re.compile(r"^\s*\.\s*\d")
_ONE_IDIOM = re.compile(r"^\s+(?:another|day|time|side|way)\b")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LOWER_WORD_AFTER = re.compile(r"^\s+[a-z]")
# "John Smith, 46, was ..." / "John Smith (46)": a number set off right after a name is an age.
_NAME_COMMA = re.compile(r"\b[A-Z][a-z]+[,(]\s*$")
_PRE_ONE = re.compile(r"\b(?:no|any|every|some|this|that|the|each|which|no-|someone|anyone|at)\s*$", re.I)
_YEAR_CONTEXT = re.compile(r"\b(?:in|since|of|until|till|by|from|during|early|late|mid|between|and|to|,)\s*$", re.I)

QUALIFIERS = [
    (r"at least|no fewer than|no less than|not less than|a minimum of|a total of at least", "at_least"),
    (r"more than|over|upwards of|in excess of|above|well over", "more_than"),
    (r"about|around|some|approximately|roughly|an estimated|estimated|approx\.?|an approximate", "about"),
    (r"nearly|almost|close to|just under|closer to", "nearly"),
    (r"up to|as many as|at most|a maximum of|as much as", "up_to"),
    (r"less than|fewer than|under|below", "less_than"),
]
_QUAL_RE = re.compile("|".join(rf"\b(?P<{q}>{p})\s*$" for p, q in QUALIFIERS))
QUAL_WORDS = "|".join(p for p, _ in QUALIFIERS)

# Past participles / predicates, by category (passive and intransitive use).
KILL = (
    r"killed|dead|shot dead|shot and killed|gunned down|murdered|slain|slaughtered|massacred|executed"
    r"|beheaded|lynched|(?:hacked|stabbed|beaten|burn(?:ed|t)|crushed|stoned|clubbed|tortured|shot|starved)"
    r" to death|burn(?:ed|t) alive|buried alive|butchered|assassinated|died|perished|drowned|lost their lives"
    r"|fatally (?:shot|wounded|injured|stabbed)|mortally wounded|confirmed dead|found dead|deaths|fatalities"
    r"|bodies|dead bodies|corpses|lives lost|people dead|were killed|succumbed"
)
INJURE = (
    r"injured|wounded|hurt|maimed|hospitali[sz]ed|injuries|(?:suffered|sustained) (?:\w+ ){0,3}?(?:injuries|wounds)"
    r"|shot and (?:wounded|injured)|(?:treated|admitted|brought in|taken to hospital|rushed to hospital) (?:for|with)"
    r" (?:\w+ ){0,2}?(?:injuries|wounds)"
)
MISSING = r"missing|unaccounted for"
DISPLACE = (
    r"displaced|internally displaced|(?:forced|driven) (?:to flee|from their homes|out of their homes)"
    r"|fled their (?:homes|villages)|made homeless|left homeless|homeless|uprooted|idps"
)
REFUGEE = (
    r"refugees|fled (?:to|into|across) (?:neighbou?ring|other|the border|abroad)|fled the country"
    r"|fled abroad|crossed (?:the border )?into|sought (?:refuge|asylum) (?:in|abroad)|asylum seekers"
)
CAT_PASSIVE = {"killed": KILL, "injured": INJURE, "missing": MISSING, "displaced": DISPLACE, "refugees": REFUGEE}

# Active verbs followed by their object count.
KILL_ACT = (
    r"killed|killing|kills|kill|beheads|executes|murders|massacres|slaughters|shot dead|shooting dead|shot and killed|murdered|murdering|executed|executing"
    r"|massacred|massacring|slaughtered|slaughtering|beheaded|beheading|gunned down|gunning down"
    r"|(?:claimed|claiming|cost|costing|took|taking) the lives of|(?:the )?(?:deaths?|killings?|murders?"
    r"|massacre|bodies|corpses|execution|slaughter) of|left dead|death toll of|toll of"
)
INJURE_ACT = r"wounded|wounding|wounds|wound|injured|injuring|injures|injure|hurting|maiming|maimed"
DISPLACE_ACT = r"displaced|displacing|displaces|uprooted|uprooting|forced|forcing|driving"
CAT_ACTIVE = {"killed": KILL_ACT, "injured": INJURE_ACT, "displaced": DISPLACE_ACT}

_AUXW = (
    r"were|was|have|has|had|are|is|be|been|being|got|get|reportedly|allegedly|also|all|later|subsequently"
    r"|now|both|reported|confirmed|said|to|left|critically|seriously|severely|badly|slightly|gravely|lightly"
    r"|brutally|still|remain|remained|remains|either|each|further|apparently|officially|initially|so far|since"
)
_MODAL = re.compile(
    r"\b(?:could|would|might|may|will|shall|can|cannot|should|must|threaten\w*|plann?\w*|intend\w*|fear\w*"
    r"|risk\w*|warn\w*|potentially|likely|unlikely|expected|aim\w*|attempt\w*|tr(?:y|ied|ying)|if|unless"
    r"|wanted|want|sought|seeking|vow\w*|order(?:ed)? to|capable|enough to)\b"
)
_NEG = re.compile(r"\b(?:no|not|none|never|neither|nor|nobody|without|n't)\b|n't\b")
_BLOCK = re.compile(
    r"\b(?:who|which|when|after|before|while|as|because|since|said|says|but|where|whose|if|although|though"
    r"|during|than|until|whereas|told|say)\b|;|<X>"
)
_BLOCK_AUX = re.compile(
    r"\b(?:when|after|before|while|as|because|said|says|but|where|whose|if|although|though|during|than|until"
    r"|whereas|told|say)\b|;|<X>"
)
_OBJECT_AFTER = re.compile(rf"^ (?:<N|a |an |the |his |her |their |its |two |some |several |(?:{QUAL_WORDS}) <N)")
_PART_BEFORE = re.compile(
    r"(?:\bincluding|\bincluded|\bamong (?:them|whom|those|the)|\bof whom|\bof (?:those|them|these)"
    r"|\bsuch as|\bmostly|\bmost of (?:them|whom))(?: (?!were|was|are|is|killed|wounded|injured)[^ ]+){0,8} $"
)
_PART_AFTER = re.compile(r"^ (?:of (?:them|whom|those|these|the (?:victims|dead|deceased|wounded|injured|casualties"
                         r"|total|people|passengers))|among them)\b")
_NEG_BEFORE = re.compile(r"\b(?:(?:none|neither) of(?: the| these| those| its| their)?|no|not|nor|without) $")
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a further|an additional|further|additional)(?: [^ ]+)? $")
_INCREMENT_AFTER = re.compile(r"^ (?:more|additional|further|others?)\b")
_CUMULATIVE = re.compile(
    r"\b(?:toll|tolls|total|totals|in all|so far|to date|since|altogether|overall|cumulative|bringing|brings"
    r"|brought|(?:rose|risen|rising|climbed|increased|jumped|mounted|reached) to|this year|last year)\b"
)
_TOLL = re.compile(
    rf"\b(?:(?:death|casualty|fatality|civilian|final|official|human) )?toll(?: (?!<N)[^ ]+){{0,8}}? "
    rf"(?:to|at|of|reached|hit|is|was|now|stood|stands|rose|climbed|(?:has|had) (?:risen|climbed|reached))"
    rf" (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
    rf"|\bnumber (?:of (?:the )?)?(?:dead|deaths|killed|people killed|fatalities|those killed|victims)(?: (?!<N)[^ ]+){{0,6}}?"
    rf" (?:to|at|is|was|reached|stood|stands) (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
)
_WHO_STOP = re.compile(
    r"^(?:in|on|at|from|of|by|near|and|or|with|were|was|have|has|had|are|is|been|being|who|that|which|when"
    r"|after|during|including|,|\(|\)|-|--|\.)$"
)
_NOT_NOUN = re.compile(
    r"^(?:more|other|others|additional|further|another|least|than|about|some|people's|its|has|was|is|as|his"
    r"|this|us|thus|plus|across|perhaps|whereas|besides|alas|various|numerous|previous|serious|dangerous)$"
)
_WHO_NORMAL = {
    "persons": "people", "person": "people", "kids": "children", "child": "children", "troops": "soldiers",
    "soldier": "soldiers", "man": "men", "woman": "women", "policeman": "policemen",
    "policewoman": "policewomen", "civilian": "civilians", "people": "people", "individuals": "people",
    "individual": "people", "others": None, "youth": "youths", "police": "police officers",
    "personnel": "personnel", "militia": "militiamen", "gunman": "gunmen", "fisherman": "fishermen",
    "herdsman": "herdsmen", "children": "children", "men": "men", "women": "women",
}
PERSON_SINGULAR = (
    r"man|woman|boy|girl|child|baby|infant|toddler|teenager|teen|youth|person|civilian|soldier|policeman"
    r"|policewoman|officer|journalist|reporter|chief|leader|farmer|herder|teacher|student|resident|villager"
    r"|priest|pastor|imam|cleric|monk|activist|member|official|driver|trader|merchant|shopkeeper|worker"
    r"|guard|militant|fighter|commander|mayor|councillor|councilor|candidate|lawyer|judge|doctor|nurse"
    r"|businessman|businesswoman|elder|politician|legislator|lawmaker|governor|spy|informant|defender"
    r"|agent|employee|pilgrim|worshipper|passenger|protester|demonstrator|prisoner|inmate|detainee|suspect"
    r"|headman|headmaster|principal|chairman|chairperson|secretary|president|minister|head|husband|wife"
    r"|son|daughter|father|mother|brother|sister|relative|neighbour|neighbor|colleague|volunteer|ranger"
    r"|vigilante|contractor|engineer|mechanic|tailor|musician|singer|rapper|artist|athlete|footballer"
    r"|tourist|foreigner|national|citizen|migrant|refugee|sheikh|emir|king|chieftain|landowner|lecturer"
    r"|professor|physician|paramedic|midwife|medic|editor|photographer|cameraman|blogger|preacher|bishop"
    r"|catechist|seminarian|missionary|nun|deacon|rabbi|marine|sergeant|captain|colonel|general|lieutenant"
    r"|major|private|corporal|constable|inspector|commissioner|magistrate|prosecutor|deputy|aide|bodyguard"
    r"|taxi driver|motorcyclist|cyclist|pedestrian|shepherd|fisherman|herdsman|hunter|miner|labourer|laborer"
    r"|visitor|guest|customer|patient|bystander|victim|clerk|observer|friend|companion|partner|escort"
)


PERSON = factored(PERSON_SINGULAR)
_SING_PASSIVE_KILL = re.compile(
    r"\b(?:was|has been|had been|got|is)(?: (?!not\b|never\b)[a-z]+){0,3}? (?:\w+ (?:and|then) )?"
    r"(?:found )?(?:killed|shot dead|shot and killed|gunned down|murdered|slain|executed|beheaded|lynched"
    r"|assassinated|(?:hacked|stabbed|beaten|burn(?:ed|t)|tortured|shot|strangled) to death|found dead"
    r"|fatally (?:shot|stabbed|wounded)|mortally wounded|murdered|dead|burn(?:ed|t) alive|buried alive)\b"
    r"|\b(?:has|had) died\b|\b(?:the )?body of (?:a|an|the)\b(?=.* (?:was|has been) (?:found|discovered|recovered))"
    r"|\b(?:his|her|\w+'s) (?:dead )?body (?:was |has been )?(?:found|discovered|recovered)\b"
    r"|\b(?:later )?(?:died of|succumbed to) (?:his|her) (?:wounds|injuries)|\blater died\b"
    r"|\b(?:a|an|the) (?=(?:[^ ]+ ){1,4}(?:(?:later|also|reportedly) )?(?:killed|died|shot dead|murdered)\b)"
    r"(?:(?!<N)[^ ]+ ){0,3}?(?:" + PERSON + r") (?:(?:later|also|reportedly) )?(?:killed|died|shot dead|murdered)\b"
    r"(?! (?:a|an|the|his|her|their|<N|two|three|some|several|people|at least)\b)"
)
_SING_ACTIVE_KILL = re.compile(
    r"\b(?:killed|killing|shot dead|shooting dead|shot and killed|gunned down|gunning down|murdered|murdering"
    r"|executed|executing|beheaded|beheading|lynched|lynching|assassinated|assassinating|stabbed to death"
    r"|hacked to death|beat to death|beaten to death) (?:a|an|the|one|his|her|their|its)"
    r"(?:(?: (?!<N|and\b|or\b|in\b|on\b|at\b|of\b)[^ ]+){0,5}? (?!\w+s\b)[a-z]+ (?=in |on |at |of |near |outside |inside"
    r"|while |as |when |after |during |who |, |\. |; |$)(?<!and )|(?: (?!<N|or\b|in\b|on\b|at\b|of\b)[^ ]+){0,4}? (?:"
    + PERSON + r")\b(?! and (?:a|an|his|her|their|the|<N)\b))"
    r"|\b(?:hacked|stabbed|beat|beaten|burned|burnt|clubbed|stoned|tortured|strangled) (?:a|an|the|his|her)"
    r"(?: (?!<N|and\b|or\b)[^ ]+){1,4}? (?:to death|alive)\b"
    r"|\b(?:killing|murder|slaying|assassination|lynching|beheading) of (?:a|an|the|his|her|their|its)"
    r"(?: (?!<N|and\b|or\b|in\b|on\b|at\b|of\b)[^ ]+){0,4}? (?:" + PERSON + r")\b(?! and\b)"
)
_SING_SUBJECT_BAD = re.compile(r"(?:\b(?:no|nobody|none|neither|not|one|it|this)\b|<N\d+>)[^,;]*$")


_NUM = re.compile(r"<N\d+>")


@dataclass
class Match:
    """A number (or an implied single victim) read as a casualty figure of one category."""

    category: str
    index: int | None
    role: str
    cumulative: bool
    np: str


def is_count(sentence: str, num: Number) -> bool:
    """False for numbers that are years, dates, ages, times, money, measures or ordinals."""
    s, e = num.start, num.end
    after = sentence[e:e + 24]
    before = sentence[max(0, s - 30):s]
    raw = sentence[s:e]
    if _UNIT_AFTER.match(after) or _not_count_before(before):
        return False
    if _DECIMAL_AFTER.match(after) or (_NAME_COMMA.search(before) and after.lstrip()[:1] in (",", ")")):
        return False
    if raw.lower() == "one" and (_PRE_ONE.search(before) or _ONE_IDIOM.match(after)):
        return False
    if num.high is None and _YEAR.fullmatch(raw):
        if _YEAR_CONTEXT.search(before) or not _LOWER_WORD_AFTER.match(after):
            return False
    return True


# Dashes become commas, quotes go, punctuation becomes its own token (one C-level pass, then two regexes).
_TOKENS = str.maketrans({"—": " , ", "–": " , ", **{q: " " for q in "\"“”‘’`"}, **{c: f" {c} " for c in ",;:()[]!?"}})
_APOSTROPHE = re.compile(r"'(?!s\b)")
_FULL_STOP = re.compile(r"\.(?=\s|$)")
# Stems without which a sentence cannot report a casualty figure (a cheap filter before parsing; it reads
# lower-cased text, as case-insensitive matching is several times slower).
CUE = re.compile(factored(
    "kill|dead|death|die|wound|injur|hurt|maim|missing|unaccounted|displac|refugee|fled|flee|homeless|uproot"
    "|idp|asylum|toll|lives|shot|gunned|murder|massacr|slaughter|slain|slay|execut|behead|lynch|assassin|body|bodies"
    "|corpse|perish|drown|fatal|hospitali|butcher|succumb|stabbed|hacked|burn|to death"
))


def normalise(sentence: str, nums: list[tuple[int, Number, bool]]) -> str:
    """A lower-cased *sentence* with numbers replaced by <Nk> / <X> and punctuation spaced as tokens."""
    parts, pos = [], 0
    for k, num, ok in nums:
        parts.append(sentence[pos:num.start])
        parts.append(f" <N{k}> " if ok else " <X> ")
        pos = num.end
    parts.append(sentence[pos:])
    low = "".join(parts).replace("--", " , ").translate(_TOKENS)
    low = _FULL_STOP.sub(" . ", _APOSTROPHE.sub(" ", low))
    return " " + " ".join(low.split()) + " "


# Asides inside a subject that do not count it again: "including ...", "(...)", ", most of them ...,".
_ASIDE_RE = (r", including [^,]*,| including [^,]*$|\( [^()]* \)|, (?:most|many|all|some|mostly|mainly|both|among)"
             r" [^,]*,|, [a-z' ]*,|, (?:(?:" + QUAL_WORDS + r") )?<N\d+> of (?:them|whom) [^,]*,")
_ASIDE = re.compile(_ASIDE_RE)
_ASIDE_AUX = re.compile(_ASIDE_RE + r"|, [^,]*,")


def _np_ok(np: str, has_aux: bool, noun: bool = False) -> bool:
    """Whether the words between a number and its verb can be that number's noun phrase (asides set off in it
    do not count towards its length, unless the predicate is a noun such as "bodies")."""
    if _NEG.search(np) or _MODAL.search(np):
        return False
    close, opening = np.find(")"), np.find("(")
    if close >= 0 and (opening < 0 or close < opening):  # the number sits inside a parenthesis
        return False
    outside = _ASIDE_AUX.sub(" ", np) if has_aux else _ASIDE.sub(" ", np)
    words = np.split() if has_aux or noun else outside.split()
    if "<N" in outside or (_BLOCK if not has_aux else _BLOCK_AUX).search(outside):
        return False
    if re.search(r"\b\w+ed (?:the|a|an|his|her|their|its|<N)\b", outside):
        return False
    if not has_aux and re.search(r"\b(?:and|or) (?!others\b)", outside) and not re.search(r"\b(?:women|men|children|girls|boys)"
                                                                      r" and (?:women|men|children|girls|boys)",
                                                                      outside):
        return False
    return len(words) <= (16 if has_aux else 4) and ("," not in outside or has_aux)


_PASSIVE_RX = {
    cat: re.compile(rf"<N(\d+)>(?P<np>(?: [^ ]+){{0,16}}?) (?P<aux>(?:(?:{_AUXW}) )*)(?:{verbs})\b(?P<rest>.{{0,12}})")
    for cat, verbs in CAT_PASSIVE.items()
}
_ACTIVE_RX = {
    cat: re.compile(rf"\b(?P<verb>{verbs}) (?:(?:an?|the) (?:[a-z-]+ ){{0,3}}?(?:{PERSON}) and (?:(?:his|her|their) )?)?"
                    rf"(?:(?:{QUAL_WORDS}|all|another|a further|an additional) )*<N(\d+)>(?P<np>(?: [^ ]+){{0,4}})")
    for cat, verbs in CAT_ACTIVE.items()
}
_ACTIVE_RX["killed"] = [_ACTIVE_RX["killed"], re.compile(
    rf"\b(?P<verb>hacked|stabbed|beaten|beat|burn(?:ed|t)|stoned|clubbed|tortured|shot|strangled|crushed|hacked and burnt)"
    rf" (?:(?:{QUAL_WORDS}|all) )*<N(\d+)>(?P<np>(?: (?!<N)[^ ]+){{0,5}}?) (?:to death|alive)\b"), re.compile(
    rf"\b(?P<verb>claimed|claiming|cost|costing|took|taking) (?:(?:{QUAL_WORDS}|the) )*<N(\d+)>"
    rf"(?P<np>(?: [^ ]+)?) lives\b")]
_ACTIVE_MODAL = re.compile(
    r"\b(?:could|would|might|may|will|shall|can|cannot|should|threaten\w*|plann\w*|fear\w*|intend\w*|vow\w*"
    r"|wanted|want|sought|aim\w*|attempt\w*|tr(?:y|ied|ying)) (?:to )?(?:\w+ )?$"
)
_CONJOINED = re.compile(rf"<N(\d+)>((?: (?!<N|and|or)[^ ]+){{0,6}}?) (?:,|and|, and|as well as|plus)"
                        rf" (?:(?:{QUAL_WORDS}) )?(?:other )?<N(\d+)>")
_CONJ_VERB = re.compile(rf"\b(?:{KILL}|{INJURE}|were|was|are|is|have|has|had|been)\b")


# Stems each category's predicates contain ("fled" serves both displaced and refugees).
_CUE_STEMS = {
    **dict.fromkeys(
        "kill dead death die shot gunned murder massacr slaughter slain slay execut behead lynch assassin body bodies corpse"
        " perish drown fatal butcher succumb lives alive".split() + ["to death"], ("killed",)),
    **dict.fromkeys("injur wound hurt maim hospitali".split(), ("injured",)),
    **dict.fromkeys("missing unaccounted".split(), ("missing",)),
    **dict.fromkeys("displac flee homeless uproot idp forc driv".split(), ("displaced",)),
    **dict.fromkeys("refugee crossed asylum sought".split(), ("refugees",)),
    "fled": ("displaced", "refugees"),
}
_CAT_CUE = re.compile(factored("|".join(_CUE_STEMS)))


def _cues(norm: str) -> dict[str, int]:
    """Offset of the last cue stem of each category present in *norm*."""
    last: dict[str, int] = {}
    for m in _CAT_CUE.finditer(norm):
        for cat in _CUE_STEMS[m.group()]:
            last[cat] = m.start()
    return last


_NOUN_PREDICATES = {"dead", "deaths", "fatalities", "bodies", "dead bodies", "corpses", "lives lost", "people dead",
                    "injuries", "missing", "refugees", "homeless", "idps"}
_BE = re.compile(r"\b(?:were|was|are|is|be|been|being|got|get|remain\w*|left)\b")
_HAVE = re.compile(r"\b(?:have|has|had)\b")


def _passive(norm: str, cats: dict[str, int]) -> list[Match]:
    """Numbers before a passive/intransitive predicate: "12 people were killed", "three others wounded"."""
    out = []
    starts = [n.start() for n in _NUM.finditer(norm)]
    for cat, rx in _PASSIVE_RX.items():
        if cat not in cats:
            continue
        # every predicate contains a cue stem, so only numbers before the category's last stem can be subjects
        for m in filter(None, (rx.match(norm, s) for s in starts if s < cats[cat])):
            np, aux = m.group("np"), m.group("aux")
            if _MODAL.search(aux) or _NEG.search(aux):
                continue
            has_be = _BE.search(aux)
            transitive_perfect = not has_be and _HAVE.search(aux)
            verb_text = norm[m.end("aux"):m.start("rest")].strip()
            if cat == "killed" and verb_text in ("killed", "murdered", "executed", "massacred", "slaughtered",
                                                 "beheaded", "shot dead", "gunned down", "slain", "lynched"):
                if (transitive_perfect or not aux.strip()) and _OBJECT_AFTER.match(m.group("rest")):
                    continue
            if cat == "injured" and verb_text in ("injured", "wounded", "hurt") and not aux.strip():
                if _OBJECT_AFTER.match(m.group("rest")):
                    continue
            if not _np_ok(np, bool(aux.strip()), verb_text in _NOUN_PREDICATES) and not _AND_ONE.match(np):
                continue
            if cat == "refugees" and np.strip() and verb_text == "refugees" and len(np.split()) > 3:
                continue
            out.append(Match(cat, int(m.group(1)), "total", False, np))
    return out


def _active(norm: str, cats: dict[str, int]) -> list[Match]:
    """Numbers after an active verb or noun: "killing 22 people", "the deaths of 16"."""
    out = []
    for cat, rxs in _ACTIVE_RX.items():
        if cat not in cats:
            continue
        for m in (m for rx in (rxs if isinstance(rxs, list) else [rxs]) for m in rx.finditer(norm)):
            pre = norm[max(0, m.start() - 30):m.start()]
            if _ACTIVE_MODAL.search(pre) or _NEG.search(pre[-12:]):
                continue
            np = m.group("np")
            if cat == "displaced" and not re.search(r"\b(?:to flee|from their homes|out of their homes|flee)\b", np) \
                    and m.group("verb") not in ("displaced", "displacing", "displaces", "uprooted", "uprooting"):
                continue
            out.append(Match(cat, int(m.group(2)), "total", False, np))
    return out


def _toll(norm: str) -> list[Match]:
    """Numbers a toll is stated at: "the death toll rose to 40", "the number of dead reached 12"."""
    out = []
    if "toll" not in norm and "number " not in norm:
        return out
    for m in _TOLL.finditer(norm):
        k = m.group(1) or m.group(2)
        if _MODAL.search(norm[max(0, m.start() - 30):m.end()]):
            continue
        cat = "killed"
        if re.search(r"\b(?:casualty) toll", m.group()) and re.search(r"\b(?:injur|wound)", m.group()):
            continue
        out.append(Match(cat, int(k), "total", True, ""))
    return out


def _conjoined(norm: str, matches: dict[int, Match]) -> None:
    """Give "three women and six children were killed" both numbers the category, as a summed group."""
    changed = True
    while changed:
        changed = False
        for m in _CONJOINED.finditer(norm):
            a, b = int(m.group(1)), int(m.group(3))
            if _BLOCK.search(m.group(2)) or _CONJ_VERB.search(m.group(2)):
                continue
            if a in matches and b not in matches:
                matches[b] = Match(matches[a].category, b, "group", matches[a].cumulative, "")
                matches[a].role = "group" if matches[a].role == "total" else matches[a].role
                changed = True
            elif b in matches and a not in matches:
                matches[a] = Match(matches[b].category, a, "group", matches[b].cumulative, m.group(2))
                matches[b].role = "group" if matches[b].role == "total" else matches[b].role
                changed = True


# A single person conjoined with a counted group: "killed nine soldiers and a civilian", "a party leader and
# two other members were killed".
_ONE_NP = rf"(?:a|an|one) (?:[a-z-]+ ){{0,3}}?(?:{PERSON})\b"
_AND_ONE = re.compile(rf"^(?: [a-z-]+){{1,3}}? and {_ONE_NP}$")
_WITH_ONE = re.compile(
    rf"<N(\d+)>(?: [a-z-]+){{1,3}}? and {_ONE_NP}(?! (?:and|of|was|is|has)\b)"
    rf"|\b(?=(?:a|an|one|the) (?:[a-z-]+ ){{1,4}}and (?:(?:his|her|their) )?<N)(?:a|an|one|the) (?:[a-z-]+ ){{0,3}}?"
    rf"(?:{PERSON})\b and (?:(?:his|her|their) )?<N(\d+)>"
)


def _with_one(norm: str, found: dict[int, Match]) -> list[Match]:
    """Implied single victims conjoined with a counted group, which becomes a group summed with them."""
    out = []
    for m in _WITH_ONE.finditer(norm):
        group = found.get(int(m.group(1) or m.group(2)))
        if group is not None and group.role != "part":
            group.role = "group" if group.role == "total" else group.role
            out.append(Match(group.category, None, "group", group.cumulative, ""))
    return out


# Two single victims conjoined: "a soldier and a civilian were killed", "killed a man and his son".
_PAIR_ADJ = r"(?:(?!<N|and\b|or\b|a\b|an\b|the\b|was\b|were\b|killed\b|wounded\b|injured\b)[a-z'-]+ ){0,3}?"
# A second conjunct without its own determiner may be the same person ("a lecturer and secretary"), unless a
# plural verb follows ("a clerk and observer were killed").
# Further singulars listed before them ("a soldier , a policeman and a civilian") count one each; a list that
# starts with a word not known as a person is not read.
_PAIR_DET = "a|an|the|one|his|her|their|its"
_PAIR_LIST = rf"(?<! , )(?:(?:{_PAIR_DET}) {_PAIR_ADJ}(?:{PERSON}) , ){{0,4}}"
_PAIR = (rf"{_PAIR_LIST}(?:a|an|the|one) {_PAIR_ADJ}(?:{PERSON}) and (?:{_PAIR_DET}) {_PAIR_ADJ}"
         rf"(?:{PERSON})\b")
_PAIR_PLURAL = (rf"{_PAIR_LIST}(?:a|an|the|one) {_PAIR_ADJ}(?:{PERSON}) and (?:(?:{_PAIR_DET}) )?{_PAIR_ADJ}"
                rf"(?:{PERSON})\b")
_LISTED = re.compile(rf" , (?:{_PAIR_DET}) ")
_PAIR_KILL = re.compile(
    rf"\b{_PAIR_PLURAL}(?: , who)? (?:were|have been|had been|are) (?:(?:later|also|reportedly|allegedly|both) )?"
    r"(?:killed|shot dead|shot and killed|gunned down|murdered|slain|executed|beheaded|lynched|assassinated"
    r"|(?:hacked|stabbed|beaten|burn(?:ed|t)|tortured|shot|strangled) to death|found dead|burn(?:ed|t) alive)\b"
    r"|\b(?:killed|killing|shot dead|shooting dead|shot and killed|gunned down|murdered|murdering|executed"
    r"|beheaded|lynched|assassinated|stabbed to death|hacked to death|(?:killing|murder|deaths?|slaying) of) "
    rf"{_PAIR}(?! (?:and|or|<N)\b)"
)


def _pair(norm: str) -> list[Match]:
    """Two conjoined singular victims, as two summed groups of one."""
    m = _PAIR_KILL.search(norm)
    if m is None or _MODAL.search(norm, max(0, m.start() - 25), m.end()) or _NEG.search(norm, max(0, m.start() - 12),
                                                                                        m.end()):
        return []
    return [Match("killed", None, "group", False, "") for _ in range(2 + len(_LISTED.findall(m.group())))]


def _singles(norm: str) -> list[Match]:
    """Victims implied by a singular: "a journalist was shot dead", "gunmen shot dead the village chief"."""
    if " and " in norm:
        pair = _pair(norm)
        if pair:
            return pair
    out = []
    for m in _SING_PASSIVE_KILL.finditer(norm):
        subject = norm[max(0, m.start() - 150):m.start()]
        clause = re.split(r" (?:, and|;|but|while|whereas) ", subject)[-1]
        if _SING_SUBJECT_BAD.search(clause) or _MODAL.search(norm[max(0, m.start() - 20):m.end()]):
            continue
        if re.search(r"\b(?:were|are|they|them|their|those|these|people|both|all)\b", clause[-40:]):
            continue
        if re.search(r"\b(?:he|she)\b", clause[-20:]) and not re.search(r"\b(?:he|she) (?:was|has|had)", clause[-20:]):
            continue
        out.append(_single(norm, m))
    for m in _SING_ACTIVE_KILL.finditer(norm):
        if _MODAL.search(norm[max(0, m.start() - 25):m.start()]) or _NEG.search(norm[max(0, m.start() - 12):m.start()]):
            continue
        out.append(_single(norm, m))
    return out[:1] + [m for m in out[1:] if m.role == "increment"]


_SING_INJURE = re.compile(
    r"\b(?:wounded|wounding|injured|injuring) (?:another|one|an?(?= (?:[a-z-]+ ){0,3}?(?:" + PERSON + r")\b))"
    r"(?! (?:of|<N)\b)|\b(?:a|an|another) (?=(?:[^ ]+ ){1,4}(?:was|has been|had been) )"
    r"(?:(?!<N)[^ ]+ ){0,3}?(?:" + PERSON + r") (?:was|has been|had been)"
    r" (?:also )?(?:(?:seriously|critically|badly|slightly) )?(?:injured|wounded|hurt)\b"
)


def _injured_single(norm: str) -> list[Match]:
    """One injured victim implied by a singular: "wounded another", "a policeman was injured"."""
    m = _SING_INJURE.search(norm)
    if not m or _MODAL.search(norm, max(0, m.start() - 25), m.start()) or _NEG.search(norm, max(0, m.start() - 12),
                                                                                        m.start()):
        return []
    return [Match("injured", None, "increment" if "another" in m.group() else "implied", False, "")]


# A single victim added to those already counted: "was also killed", "another man was shot dead", "the
# wounded mayor later died of his wounds".
_ALSO = re.compile(r"\balso\b|\blater (?:died|succumbed)\b")
_ANOTHER = re.compile(r"\banother\b(?! (?:<N|one\b))[^,;]*$")


def _single(norm: str, m: re.Match) -> Match:
    """An implied single victim; "X was also killed" adds one to what the text already counted."""
    also = _ALSO.search(norm, max(0, m.start() - 10), m.end()) or _ANOTHER.search(norm, max(0, m.start() - 40),
                                                                                   m.start())
    return Match("killed", None, "increment" if also else "implied", False, "")


# A named victim as the object of a killing: "gunmen killed John Smith, ...", "shot dead Riverside deputy
# mayor" (capitalised words, then punctuation, a preposition, the end or a singular title).
_NAMED_VICTIM = re.compile(
    r"\b(?:killed|shot dead|shot and killed|gunned down|murdered|assassinated|executed|beheaded|lynched) "
    rf"(?!(?i:{MONTHS}|{DAYS}|last|this|the)\b)"
    r"(?:[A-Z][a-z'’-]+ ){0,3}[A-Z][a-z'’-]+(?:,| (?:in|on|at|near|outside|inside|while|as|who|after)\b|\.?$"
    r"| (?:[a-z-]+ ){0,2}(?:" + PERSON + r")\b)"
)


def analyse(norm: str, sentence: str = "") -> list[Match]:
    """All casualty readings of the numbers in a normalised sentence (one category per number); *sentence*,
    in its original casing, lets a capitalised name stand for a single victim."""
    found: dict[int, Match] = {}
    cats = _cues(norm)
    numbered = _toll(norm) + _active(norm, cats) + _passive(norm, cats) if "<N" in norm else []
    for m in numbered:
        if m.index not in found:
            found[m.index] = m
        elif found[m.index].category == "refugees" and m.category != "refugees":
            found[m.index] = m
    if len(found) < norm.count("<N"):
        _conjoined(norm, found)
    cumulative = bool(found) and _CUMULATIVE.search(norm) is not None
    for k, m in list(found.items()):
        tag = f"<N{k}>"
        pos = norm.find(tag)
        before, after = norm[max(0, pos - 80):pos], norm[pos + len(tag):pos + len(tag) + 40]
        if _NEG_BEFORE.search(before):
            del found[k]
            continue
        if _PART_BEFORE.search(before) or _PART_AFTER.match(after):
            m.role = "part"
        elif _INCREMENT_BEFORE.search(before) or _INCREMENT_AFTER.match(after):
            m.role = "increment"
        if m.role != "increment":
            m.cumulative = m.cumulative or cumulative
    out = sorted(found.values(), key=lambda m: m.index)
    for prev, m in itertools.pairwise(out):
        # "eight were wounded, two of whom later died": deaths among the injured add to the dead
        if m.role == "part" and m.category == "killed" and prev.category == "injured":
            m.role = "increment"
    if found and " and " in norm:
        out += _with_one(norm, found)
    singles = []
    if "killed" in cats and not any(m.category == "killed" for m in out):
        singles = _singles(norm)
        if not singles and _NAMED_VICTIM.search(sentence) and not _ACTIVE_MODAL.search(norm):
            singles.append(Match("killed", None, "implied", False, ""))
    if "injured" in cats and not any(m.category == "injured" for m in out):
        singles += _injured_single(norm)
    return out + singles


def who(np: str) -> str | None:
    """Normalised plural noun for the group a figure counts ("civilians", "children", "people")."""
    for w in np.split()[:4]:
        if _WHO_STOP.match(w):
            break
        w = w.strip(",.")
        if w in _WHO_NORMAL:
            return _WHO_NORMAL[w]
        if _NOT_NOUN.match(w) or not w.isalpha():
            continue
        if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
            return w
    return None


def qualifier(prefix: str) -> str:
    """Qualifier word(s) at the end of lower-cased *prefix* ("at least" -> at_least); exact when none."""
    m = _QUAL_RE.search(prefix)
    return m.lastgroup if m else "exact"


_PLACE = re.compile(
    r"\b(?:in|near|outside|across|at)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|of|de|al|el)(?=\s|$|[,.;]))*)"
)
_PLACE_TAIL = re.compile(r"(?:\s+(?:of|de|al|el))+$|['’]s$")
_NOT_PLACE = re.compile(rf"^(?:{MONTHS}|{DAYS}|the|a|an|this|that|least|total|addition|all|which|recent|his|her)$", re.I)


def places_in(sentence: str) -> list[tuple[int, str]]:
    """(offset, name) of each place the sentence names ("in Ukraine" -> "Ukraine")."""
    out = []
    for m in _PLACE.finditer(sentence):
        name = _PLACE_TAIL.sub("", m.group(1).rstrip("."))
        if name and not _NOT_PLACE.match(name.split()[0]):
            out.append((m.start(), name))
    return out


def where(places: list[tuple[int, str]], rel: int) -> str | None:
    """The place nearest a figure at offset *rel*, preferring one after it."""
    return min(places, key=lambda p: (p[0] < rel, abs(p[0] - rel)))[1] if places else None


# Read on lower-cased text (the source is sliced from the original); the cue skips most sentences cheaply.
_ATTR_CUE = re.compile(r"according to|said|says|reported|told|confirmed|stated|announced")
_ATTR = [
    re.compile(r"\baccording to (?:the |a |an )?((?:[\w'’.-]+(?: |$)){1,6}?)(?=\s*(?:[,.;]|$|\b(?:on|in|who|which|that|and)\b))"),
    re.compile(r"(?:^|,|\band\b)\s*(?:the |a |an )?((?:[\w'’.-]+ ){0,3}[\w'’.-]+) (?:said|says|reported|told|confirmed|stated|announced)\b"),
    re.compile(r"\b(?:said|says|reported|confirmed|stated|announced)\s+(?:the |a |an )?((?:[\w'’.-]+ ?){1,4}?)(?=\s*(?:[,.;]|$|\b(?:on|in|who|that)\b))"),
]
_NOT_SOURCE = re.compile(r"^(?:it|he|she|they|we|i|there|which|who|that|this|and)$", re.I)


def attribution(sentence: str, low: str) -> str | None:
    """Source the sentence attributes its figures to ("according to the UN" -> "UN", "police said" -> "police").

    *low* is the sentence lower-cased with the same offsets."""
    if not _ATTR_CUE.search(low):
        return None
    for rx in _ATTR:
        m = rx.search(low)
        if m:
            src = sentence[m.start(1):m.end(1)].strip(" ,.")
            src = re.sub(r"^(?:the|a|an)\s+", "", src, flags=re.I)
            if src and not _NOT_SOURCE.match(src) and "<" not in src and not re.search(r"\d", src):
                return src
    return None
