"""English's grammar of casualty reporting: which numbers in a sentence are killed/injured/... figures (`read`,
the engine's reader for English: `languages/en.py`).

A sentence is lower-cased and every number expression replaced by a placeholder ``<Nk>`` (a
candidate count) or ``<X>`` (a year, age, date, time, amount, measure), so the patterns below read
as plain English grammar: passives ("12 people were killed"), actives ("killing 22 people"),
nouns ("16 deaths"), tolls ("the death toll rose to 40"), plus singular victims ("a man was shot dead").
"""
from __future__ import annotations

import itertools
import re
from functools import lru_cache

from .numbers import factored, find_numbers, lower_same
from .people import NON_HUMAN, PERPETRATORS, PERSON, PERSON_SINGULAR, non_human
from .record import Match, Number

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
# Ordinals that name one more victim ("a sixth victim died later", "a tenth was seriously injured"), by value.
ORDINAL_VALUE = {w: k for k, w in enumerate("second third fourth fifth sixth seventh eighth ninth tenth".split(), 2)}
_ORDINAL_WORDS = "|".join(ORDINAL_VALUE)
_ORDINALS = tuple(f" {w} " for w in ORDINAL_VALUE)
ORDINAL = re.compile(rf"\ban? ({_ORDINAL_WORDS}) ", re.I)
_ORDINAL_SUBJECT = re.compile(rf"\ban? (?:{_ORDINAL_WORDS}) (?:[a-z-]+ ){{0,2}}$")

# Words after a number that make it a measure, age, time, amount or date rather than a count.
_UNIT_AFTER = re.compile(
    r"^[\s-]*(?:years?\b|yrs?\b|-?year|months?\b|weeks?\b|days?\b|nights?\b|hours?\b|hrs\b|minutes?\b|mins?\b"
    r"|seconds?\b|decades?\b|centur|km\b|kms\b|kilomet|kilometr|miles?\b|met(?:er|re)s?\b|m\b|ft\b|feet\b|foot\b"
    r"|inch|kg\b|kilo|tons?\b|tonnes?\b|percent|per\s*cent|%|am\b|pm\b|a\.m|p\.m|o'clock|gmt\b|utc\b|hrs\b"
    r"|dollars?|usd\b|euros?\b|pounds?\b|naira|rupees?|shillings?|francs?|yuan|cfa\b|dinars?|pesos?|rand\b"
    r"|times\b|storey|stor(?:y|ies)\b|floors?\b|magnitude|-magnitude|richter|degrees?\b|°|acres?\b"
    r"|hectares?\b|sq\b|square\b|rounds?\b|bullets?\b|shots?\b|vehicles?\b|cars?\b|trucks?\b|houses?\b|homes?\b"
    r"|buildings?\b|villages?\b|rockets?\b|missiles?\b|shells?\b|mortars?\b|bombs?\b"
    r"|-(?:man|men|member|strong|seat|point|game|match|goal|page|part|minute|hour|day|week|month)\b"  # "ten-man Athletic"
    r"|(?:suspects?|attackers?|assailants?|gunmen|militants?) (?:attacked|stormed|opened|raided|arrived|were arrested))"
    r"|^[:/\w]"
    rf"|^[\s,]+(?:{MONTHS})\b",
    re.I,
)
# Words just before a number that make it an age, amount, label, date or time span.
_NOT_COUNT_WORD = set(
    "aged age ages usd rs rs. magnitude no. number route highway page article resolution flight chapter section"
    " km kilometres kilometers mile miles district zone sector phase bus room level grade class covid code unit"
    " block plot ward station top worth last past first next"
    " tk tk. taka ksh kes sh inr pkr bdt ngn zar eur gbp ghs php idr rp rp. n".split()  # "Tk 15,000 for each injured"
) | set(MONTHS.split("|"))
_NOT_COUNT_PAIR = {("valued", "at"), ("cost", "of"), ("at", "around"), ("magnitude", "of"), ("age", "of"),
                   ("children", "under")}
_CODE_BEFORE = re.compile(r"(?<![\w.])[A-Z]{3}$")
_CURRENCY_SIGNS = frozenset("$€£¥₹₦₱₨₺₴₽")
_TAIL = re.compile(r"[\w.$€£¥₹₦₱₨₺₴₽-]+")


def _not_count_before(before: str) -> bool:
    """Whether the words just before a number make it something other than a head count."""
    stripped = before.rstrip()
    if stripped[-1:] in _CURRENCY_SIGNS or before.endswith("-") or _CODE_BEFORE.search(stripped):
        return True  # not a dateline's " - "; a currency's code: "EGP 20,000 to each injured person"
    tail = _TAIL.findall(stripped[-24:].lower())
    if stripped.endswith(","):  # a date or a label's word set off before a count: "As of 18 February, 34 people
        return False  # have died", "In Nashik district, three persons drowned"
    return bool(tail) and (tail[-1] in _NOT_COUNT_WORD or tail[-1].rstrip(".") in _NOT_COUNT_WORD
                           or tuple(tail[-2:]) in _NOT_COUNT_PAIR)


_TITLE_WORD_BEFORE = re.compile(r"(?<![.!?:]\s)(?<!^)\b[A-Z][a-z]+ $")
_LABEL_AFTER = re.compile(r"[\"”’',)]|\s+[A-Z]|$")
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\s*$", re.I)
_DECIMAL_AFTER = re.compile(r"^\s*\.\s*\d")
_ONE_IDIOM = re.compile(r"^\s+(?:another|day|time|side|way)\b")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_LOWER_WORD_AFTER = re.compile(r"^\s+[a-z]")
# "John Smith, 46, was ...", "the gunman, 19, was ...", "John Smith (46)": a small number set off right after a
# name or noun is an age; so is the second of "aged 6 and 11".
_NAME_COMMA = re.compile(r"\b[A-Za-z][a-z]+[,(]\s*$")
# "a mother of three", "father-of-four": a parent's children, unless the count has a noun of its own.
# "a man of about 40", "a woman in her 30s": an age.
_PERSON_OF = re.compile(r"\b(?:man|woman|boy|girl|person|child|men|women|people) (?:of|aged) (?:about |around |some"
                        r" |roughly |approximately )?$", re.I)
_PARENT_OF = re.compile(r"\b(?:mother|father|parent|mum|mom|dad)s?[ -]of[ -]$", re.I)
_PEOPLE_AFTER = re.compile(r"\s+(?:[a-z-]+ )?(?:[a-z-]+s|children|men|women|people)\b")
_AGED_AND = re.compile(r"\baged?\s+\d+\s*(?:and|or|to|,)\s*$", re.I)
# "150 patients a day": a rate, not a count.
_RATE_AFTER = re.compile(r"^\s+(?:[a-z]+\s+){0,2}(?:a|per|each|every)\s+(?:day|week|month|year|hour)\b")
_PRE_ONE = re.compile(r"\b(?:no|any|every|some|this|that|the|each|which|no-|someone|anyone|at)\s*$", re.I)
_YEAR_CONTEXT = re.compile(r"\b(?:in|since|of|until|till|by|from|during|early|late|mid|between|and|to|the|its|this"
                           r"|that|,)\s*$", re.I)

# The words before a number that qualify it (the engine reads a figure's qualifier with them).
QUALIFIERS = {
    "at_least": ("at least", "no fewer than", "no less than", "not less than", "a minimum of", "a total of at least"),
    "more_than": ("more than", "over", "upwards of", "in excess of", "above", "well over", "passed", "topped",
                  "exceeded", "surpassed"),
    "about": ("about", "around", "some", "approximately", "roughly", "an estimated", "estimated", "approx.", "approx",
              "an approximate"),
    "nearly": ("nearly", "almost", "close to", "just under", "closer to"),
    "up_to": ("up to", "as many as", "many as", "at most", "a maximum of", "as much as"),
    "less_than": ("less than", "fewer than", "under", "below"),
}
QUAL_WORDS = "|".join(re.escape(p) for phrases in QUALIFIERS.values() for p in phrases)

# Past participles / predicates, by category (passive and intransitive use).
KILL = (
    r"killed|dead|shot dead|shot and killed|gunned down|murdered|slain|slaughtered|massacred|executed"
    r"|beheaded|lynched|(?:hacked|stabbed|beaten|burn(?:ed|t)|crushed|stoned|clubbed|tortured|shot|starved)"
    r" to death|burn(?:ed|t) alive|buried alive|butchered|assassinated|died|perished|drowned|lost their lives"
    r"|fatally (?:shot|wounded|injured|stabbed)|mortally wounded|confirmed dead|found dead|deaths|fatalities"
    r"|(?:declared|pronounced|confirmed|found) deceased"
    r"|bodies|dead bodies|corpses|lives lost|people dead|were killed|succumbed|neutrali[sz]ed|martyred|electrocuted"
    r"|die|succumbs?"  # a headline's present: "Five die in bus crash", "two more succumb to burns"
    r"|blown (?:up|apart|to pieces)|brought (?:in )?dead"
    r"|buried (?:[a-z]+ ){0,3}?in (?:a |the )?(?:mass|common) graves?"  # "were buried on Thursday in a mass grave"
)
INJURE = (
    r"injured|wounded|hurt|maimed|hospitali[sz]ed|injuries|(?:suffered|sustained) (?:\w+ ){0,3}?(?:injuries|wounds"
    r"|cuts|bruises|fractures|burns)"
    r"|shot and (?:wounded|injured)|(?:treated|admitted|brought in|taken to hospital|rushed to hospital) (?:for|with)"
    r" (?:\w+ ){0,4}?(?:injuries|wounds|burns|inhalation)|(?:still )?being treated (?:in|at) (?:\w+ ){0,3}?hospitals?|still being treated\b|admitted to (?:a |the )?hospitals?|in hospitals?(?= |$)"
    r"|admitted to (?:[^ ]+ ){1,5}?(?:hospitals?|medical cent(?:er|re)|clinic)(?: with (?:\w+ ){0,2}?"
    r"(?:injuries|wounds|burns))?"
    r"|(?:pulled out|rescued|evacuated|found|brought out|recovered|escaped|survived)(?: alive)? with (?:\w+ ){0,2}?"
    r"(?:injuries|wounds|burns)"
    # "were taken to Changi General Hospital for smoke inhalation"
    r"|(?:(?:taken|rushed|brought|airlifted|flown)(?: by [a-z]+)? to (?:[^ ]+ ){1,5}?(?:hospitals?"
    r"|medical cent(?:er|re)|clinic)|treated (?:at|in) (?:[^ ]+ ){1,5}?(?:hospitals?|clinics?|medical cent(?:er|re)))"
    r" (?:for|with) (?:\w+ ){0,4}?(?:injuries|wounds|burns|inhalation|fractures)"
    r"|(?:still |being )?(?:undergoing|receiving) treatment|(?:still |remain )?under treatment"
    r"|(?:continue|continues|continued|remain|remains|remained) to be treated"
    # "Sixteen people have been treated by paramedics", "16 were treated for breathing difficulties"
    r"|treated (?:by paramedics|at the scene|on the spot|and (?:discharged|released))"
    r"|treated for (?:\w+ ){0,3}?(?:difficulties|irritation|poisoning|cuts|bruises|shock|burns|fractures)"
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
    r"|neutrali[sz]ed|neutrali[sz]ing"
    r"|(?:claimed|claiming|cost|costing|took|taking) the lives of|(?:the )?(?:deaths?|killings?|murders?"
    r"|massacre|bodies|corpses|execution|slaughter) of|left dead|death toll of|toll of"
)
INJURE_ACT = r"wounded|wounding|wounds|wound|injured|injuring|injures|injure|hurting|maiming|maimed"
# Those treated or received by a hospital: "had treated 15 people for gunshot wounds", "received 63 injured".
INJURE_TREATED = re.compile(
    r"\b(?P<verb>treated|treating|received|receiving|admitted|admitting)(?: (?:a total of|(?:" + QUAL_WORDS + r")))?"
    r" <N(?P<n>\d+)>(?P<np>(?: (?!<N)[^ ]+){0,3}?) (?:for|with) (?:[a-z-]+ ){0,3}?(?:injuries|wounds|burns"
    r"|smoke inhalation)\b"
    # those a blast or fire sent to hospital, or an ambulance service took there: "sent 45 workers to hospital",
    # "it took six people to hospital"
    r"|\b(?P<sent>sent|sending|sends|took|taken|taking|transported|transporting|rushed|rushing|ferried|ferrying)(?: (?:"
    + QUAL_WORDS + r"))? <N(?P<n2>\d+)>(?P<np2>(?: (?!<N)[^ ]+){0,3}?) to "
    r"(?:a |the )?(?:[a-z-]+ )?hospitals?\b"
    # the patients paramedics treated: "NSW Ambulance said paramedics treated nine patients"
    r"|\b(?:paramedics|ambulance crews|medics) (?:had |have |has )?treated (?:(?:" + QUAL_WORDS + r") )?<N(?P<n3>\d+)>"
    r"(?P<np3> (?:patients|people|casualties))\b")
DISPLACE_ACT = r"displaced|displacing|displaces|uprooted|uprooting|forced|forcing|driving|driven|drove"
CAT_ACTIVE = {"killed": KILL_ACT, "injured": INJURE_ACT, "displaced": DISPLACE_ACT}

_AUXW = (
    r"were|was|have|has|had|are|is|be|been|being|got|get|reportedly|allegedly|also|all|later|subsequently"
    r"|now|both|reported|confirmed|said|to|left|critically|seriously|severely|badly|slightly|gravely|lightly"
    r"|brutally|still|remain|remained|remains|either|each|further|apparently|officially|initially|so far|since"
    r"|pronounced"
)
_MODAL = re.compile(
    r"\b(?:could|would|might|may|will|shall|can|cannot|should|must|threaten\w*|plan(?:s|ned|ning)?|intend\w*|fear\w*"
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
    r"|\bsuch as|\bmostly|\bmost of (?:them|whom))"
    r"(?: (?!were|was|are|is|killed|wounded|injured|killing|wounding|injuring|hurting|that)[^ ]+){0,8} $"
)
# A group counted before, named again by its number: "One of the three succumbed", "two of the five later died".
_ONE_OF_THE = re.compile(r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) of (?:the|those|these) $"
                         r"|\bout of (?:the |a total of |all )?$", re.I)  # "Out of the 23 persons involved, three ..."
_PART_AFTER = re.compile(r"^ (?:of (?:them|whom|those|these|the (?:[a-z]+ly )?(?:victims|dead|deceased|wounded|injured|casualties"
                         r"|deaths|fatalities"
                         r"|total|people|passengers))|among them)\b")
# A sentence that opens on a count it goes on to break down: "Of the 12 people killed, nine were civilians".
_OF_THE = re.compile(rf"^ of (?:the|these|those) (?:(?:{QUAL_WORDS}) )?<N(\d+)>(?: [^ ,]+){{0,4}} ,")
_OF_THE_INJURED = re.compile(r" of (?:the|those) (?:[a-z]+ )?(?:wounded|injured)\b")
_SOME_OF = re.compile(r"<N\d+> of (?:them|whom|those|these)\b")
_NEG_BEFORE = re.compile(r"\b(?:(?:none|neither) of(?: the| these| those| its| their)?|no|not|nor|without) $")
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a further|an additional|further|additional)(?: [^ ]+)? $")
_INCREMENT_AFTER = re.compile(r"^ (?:more|additional|further|others?)\b")
_CUMULATIVE = re.compile(
    r"\b(?:toll|tolls|total|totals|in all|so far|to date|since|altogether|overall|cumulative"
    r"|(?:bringing|brings|brought|taking|takes|took)(?= to <N| (?:the|its|their) (?:[a-z-]+ ){0,3}?"
    r"(?:number|count|figure|tally)\b)"
    r"|(?:rose|risen|rising|climbed|increased|jumped|mounted|reached) to|this year|last year)\b"
)
# Those of them that qualify a whole sentence ("... killed and 1,174 injured since the beginning of the war"), not
# only their own part of it ("A total of 1,200 homes were destroyed and 15 people died").
_SENTENCE_WIDE = frozenset(("in all", "so far", "to date", "since", "altogether", "overall", "this year",
                            "last year"))
# A toll and the number it is stated at: "the death toll from the quake has risen to 1,200", "the number of people
# killed in the landslide has climbed to 27", "taking the death toll since October 7 to 41,000", "put the toll at".
# The head may be far from its number (up to 25 words, within the sentence part before a ";").
_TOLL_HEADS = {
    "killed": r"\b(?:(?:death|casualty|fatality|civilian|final|official|human|overall|confirmed) )?tolls?"
              r"|\b(?:civilian )?death (?:total|count)"
              r"|\bnumber (?:of )?(?:the )?(?:[a-z'-]+ ){0,2}?(?:(?:who|that) (?:were|have been|had been) )?"
              r"(?:dead|deaths|killed|fatalities|victims)|\bnumber of (?:people|persons) (?:who|that) (?:have |had )?died"
              # a headline's "Dengue deaths climb to 129"
              r"|\bdeaths(?= (?:climb|climbs|climbed|rise|rises|rose|jump|jumps|jumped|reach|reaches|reached|top|tops"
              r"|topped|pass|passes|passed|hit|hits) )",
    "injured": r"\b(?:injury|injuries) toll|\bnumber of (?:the )?(?:[a-z'-]+ ){0,2}?(?:(?:who|that) (?:were|have been"
               r"|had been) )?(?:wounded|injured|injuries)",
    "missing": r"\bnumber of (?:the )?(?:[a-z'-]+ ){0,2}?missing",
    "displaced": r"\bnumber of (?:the )?(?:[a-z'-]+ ){0,2}?(?:displaced|homeless)",
}
_TOLL_AT = r"(?:to|at|of|reached|hit|is|was|now|stood|stands|passed|topped|exceeded|surpassed|past)"
_TOLL = re.compile("|".join(
    rf"(?P<{cat}>{head})(?: (?![;.] )[^ ]+){{0,35}}? {_TOLL_AT} (?:(?:{QUAL_WORDS}|a total of) )?<N(?P<{cat}_n>\d+)>"
    for cat, head in _TOLL_HEADS.items()))
# An earlier stage of a toll: "up from 31 on Monday", "rose from 120 to 250", "to 26 from 31", "had stood at 12".
_PREVIOUS = re.compile(
    rf"\b(?:up|down) from (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
    rf"|\bfrom (?:(?:{QUAL_WORDS}) )?<N(\d+)> to (?:(?:{QUAL_WORDS}) )?<N\d+>"
    rf"|\b(?:rose|risen|climbed|increased|jumped|grown|gone up|went up) from (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
    rf"|\bto (?:(?:{QUAL_WORDS}) )?<N\d+> from (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
    rf"|\btolls? (?:(?![;.] )[^ ]+ ){{0,6}}?had (?:stood|been|reached) (?:at )?(?:(?:{QUAL_WORDS}) )?<N(\d+)>"
    # "civil defence had earlier put the death toll at 19", "officials initially gave a toll of 12"
    rf"|\b(?:had|earlier|initially|previously|first)(?: (?:earlier|initially|previously|first))? (?:put|given|gave"
    rf"|reported|estimated|set|placed) (?:the|a|its|their) (?:[a-z-]+ )?(?:toll|number of (?:dead|deaths)) (?:at|as|of)"
    rf" (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
    # "the directorate, which had initially reported 19 injured"
    rf"|\b(?:initially|earlier|previously|first) (?:reported|counted|recorded|given|gave) (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
    # "revising down an earlier toll of 26 dead given by state media"
    rf"|\b(?:an|the|a|its|their) (?:earlier|previous|initial|preliminary|first|original) (?:[a-z-]+ )?(?:toll|figure"
    rf"|count|tally|estimate)s? of (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
)
# A whole sentence of earlier figures: "Six miners were killed and 12 others injured, according to initial figures".
_INITIAL_FIGURES = re.compile(r"\baccording to (?:the )?(?:initial|preliminary|earlier|first) (?:official )?(?:figures"
                              r"|reports?|estimates?|counts?|tall(?:y|ies)|data)\b")
# What a source said at an earlier stage, every number of its clause: "Officials had initially said three people
# were killed and 17 wounded" (pluperfect or "initially": "police said earlier" may be the current toll).
_STAGE_SAID = re.compile(r"(?:\b(?:had (?:earlier|initially|previously|first|originally|on (?:monday|tuesday|wednesday"
                         r"|thursday|friday|saturday|sunday)) |initially |originally |at first )"
                         r"(?:said|reported|stated|announced|put|given|gave|estimated)"
                         # "Earlier in the day, Bilous had reported nine killed and 58 injured"
                         r"|^ (?:earlier|previously)\b[^;]*? had (?:said|reported|stated|announced|put|given)"
                         # "Earlier, the regional administration reported six dead and 43 injured"
                         r"|^ (?:earlier|previously)(?: [a-z]+){0,4} , (?:[^ ,;<]+ ){1,6}?(?:said|reported|stated"
                         r"|announced|put|gave)"
                         # "The previous Flash Update (No. 2, 16 February) reported 19 deaths"
                         r"|^ (?:the|an?) (?:previous|earlier|preceding|first) (?:[a-z-]+ )?(?:update|report|bulletin"
                         r"|statement|situation report|sitrep|count|tally)s?\b[^;]*? (?:said|reported|recorded|put|gave"
                         r"|listed|counted|stated))\b[^;]*?(?=; | but |$)")
_WHO_STOP = re.compile(
    r"^(?:in|on|at|from|of|by|near|across|over|throughout|through|amid|into|inside|outside|and|or|with|were|was"
    r"|have|has|had|are|is|been|being|who|that|which|when"
    r"|after|during|including|,|;|:|\(|\)|-|--|\.)$"
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
    # one attacker is of the attackers' group: "troops killed 1 attacker"
    "attacker": "attackers", "assailant": "assailants", "militant": "militants", "terrorist": "terrorists",
    "bandit": "bandits", "insurgent": "insurgents", "bomber": "bombers", "jihadist": "jihadists",
}
_SING_PASSIVE_KILL = re.compile(
    r"\b(?:was|has been|had been|got|is)(?: (?!not\b|never\b)[a-z]+){0,3}? (?:\w+ (?:and|then) )?"
    r"(?:found )?(?:killed|shot dead|shot and killed|gunned down|murdered|slain|executed|beheaded|lynched"
    r"|assassinated|(?:hacked|stabbed|beaten|burn(?:ed|t)|tortured|shot|strangled) to death|found dead"
    r"|fatally (?:shot|stabbed|wounded)|mortally wounded|murdered|dead|burn(?:ed|t) alive|buried alive|martyred)\b"
    r"|\b(?:has|had) died\b(?! (?:a|an|<N\d+>) (?:[a-z]+ )?deaths\b)|\b(?:the )?body of (?:a|an|the)\b(?=.* (?:was|has been) (?:found|discovered|recovered))"
    r"|\b(?:his|her|\w+'s) (?:dead )?body (?:was |has been )?(?:found|discovered|recovered)\b"
    r"|\b(?:later )?(?:died of|succumbed to) (?:his|her) (?:wounds|injuries)|\blater died\b"
    # "A man stabbed two people ... before being shot dead by an off-duty soldier"
    r"|\b(?:before|after) being (?:shot dead|shot and killed|killed|gunned down|fatally shot)\b"
    r"|\b(?:a|an|the) (?=(?:[^ ]+ ){1,8}(?:(?:later|also|reportedly) )?(?:killed|died|shot dead|murdered)\b)"
    r"(?:(?!<N|of |each |every )[^ ]+ ){0,3}?(?:" + PERSON + r")(?: in (?:his|her) (?:early |mid-|late )?<X> s"
    r"| aged <X>)?"  # not "the family of each person killed"
    r" (?:(?:later|also|reportedly) )?(?:killed|died|shot dead|murdered)\b"
    r"(?! (?:a|an|the|his|her|their|<N|two|three|some|several|people|at least)\b)"
)
# The same with a relative clause, read only in sentences with " who ": one of the wounded who died ("another
# official who was injured ... died"), a person with a clause of their own ("a blogger who wrote ... died").
_SING_RELATIVE_KILL = re.compile(
    r"\bwho (?:was|had been) (?:[a-z]+ )?(?:injured|wounded|hurt)\b(?: (?!and\b|but\b|while\b|[,;.])[^ ]+){0,8}? died\b"
    r"|\b(?:a|an) (?:(?!<N)[^ ]+ ){0,3}?(?:" + PERSON + r") who (?:(?!(?:said|says|told|they|their|them|people"
    r"|or|he|she|his|her|whose|were|are)\b)[^ ,;.<]+ ){1,14}?died\b(?! (?:a|an|the|<N)\b)"
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
    # a headline's present tense, with no article: "Gunmen kill prominent traditional elder in Baidoa"
    r"|(?<=[a-z] )(?<!\bthe )(?<!\ba )(?:kill|kills|murder|murders|behead|beheads|lynch|lynches|shoot dead"
    r"|shoots dead) (?:(?!(?:and|or|of|on|in|at|to|for|with|all|the|a|an)\b)[a-z-]+ ){0,3}?(?:"
    + PERSON + r")\b(?! and\b| ?'s\b)"
    r"|\b(?:killing|murder|slaying|assassination|lynching|beheading) of (?:a|an|the|his|her|their|its)"
    r"(?: (?!<N|and\b|or\b|in\b|on\b|at\b|of\b)[^ ]+){0,4}? (?:" + PERSON + r")\b(?! and\b)"
)
_SING_SUBJECT_BAD = re.compile(r"(?:\b(?:no|nobody|none|neither|not|one|it|this)\b|<N\d+>)[^,;]*$")


_NUM = re.compile(r"<N\d+>")


def read(sentence: str) -> tuple[str, list[Number], list[Match]]:
    """One English sentence lower-cased, its numbers and its casualty readings of them, each with the group it
    counts (the engine's `read` hook for English)."""
    lower = lower_same(sentence)
    if not CUE.search(lower):
        return lower, [], []
    nums = find_numbers(lower)
    readings = [(k, n, is_count(sentence, n)) for k, n in enumerate(nums)]
    matches = analyse(normalise(lower, readings), sentence, normalise(sentence, readings))
    for m in matches:
        if m.index is not None:
            m.who = m.who or who(m.np)
    return lower, nums, matches


def is_count(sentence: str, num: Number) -> bool:
    """False for numbers that are years, dates, ages, times, money, measures or ordinals."""
    s, e = num.start, num.end
    after = sentence[e:e + 24]
    before = sentence[max(0, s - 30):s]
    raw = sentence[s:e]
    if _UNIT_AFTER.match(after) or _not_count_before(before) and not (raw.isalpha() and _MONTH_BEFORE.search(before)):
        return False  # "On 25 July five people were killed": a day is written in digits
    if _DECIMAL_AFTER.match(after) or _AGED_AND.search(before) or _RATE_AFTER.match(after):
        return False
    if _NAME_COMMA.search(before) and after.lstrip()[:1] in (",", ")") and num.value <= 120:
        return False
    if raw.isdigit() and _TITLE_WORD_BEFORE.search(before) and _LABEL_AFTER.match(after):
        return False  # a name's number: "Dead Harvest 3" killed at the box office, "Camp 3, at around 6,800 metres"
    if _PERSON_OF.search(before) or before.endswith(("the ", "those ", "these ", "of ", "all ")) and _ONE_OF_THE.search(
            before):
        return False  # "One of the three succumbed": the three are a group counted before
    if before.endswith(("of ", "of-")) and _PARENT_OF.search(before) and not _PEOPLE_AFTER.match(after):
        return False  # "the 42-year-old mother of three died": her children, not victims
    if raw.lower() == "one" and (_PRE_ONE.search(before) or _ONE_IDIOM.match(after)):
        return False
    if num.high is None and _YEAR.fullmatch(raw):
        if _YEAR_CONTEXT.search(before) or not _LOWER_WORD_AFTER.match(after):
            return False
    return True


# Dashes become commas, quotes go, punctuation becomes its own token (one C-level pass, then two regexes).
_TOKENS = str.maketrans({"—": " , ", "–": " , ", **{q: " " for q in "\"“”‘’`"}, **{c: f" {c} " for c in ",;:()[]!?"}})
_APOSTROPHE = re.compile(r"'(?![sS]\b)")
_FULL_STOP = re.compile(r"\.(?=\s|$)")
# Stems without which a sentence cannot report a casualty figure (a cheap filter before parsing; it reads
# lower-cased text, as case-insensitive matching is several times slower).
CUE = re.compile(factored(
    "kill|dead|death|die|wound|injur|hurt|maim|missing|unaccounted|displac|refugee|fled|flee|homeless|uproot"
    "|idp|asylum|toll|lives|shot|gunned|murder|massacr|slaughter|slain|slay|execut|behead|lynch|assassin|body|bodies"
    "|corpse|perish|drown|fatal|hospital|butcher|succumb|stabbed|hacked|burn|to death|blew|blown|neutrali|martyr"
    "|own life|gun on|mass grave|common grave|electrocut|inhalation|treat|bruis|fractur|their homes|critical condition|serious condition|fighting for"
))


# A qualifier set off by commas reads as one: "the death of, at least, seven people".
_QUALIFIER_ASIDE = re.compile(rf" , ((?:{QUAL_WORDS})) , (?=<N)")


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
    return _QUALIFIER_ASIDE.sub(r" \1 ", " " + " ".join(low.split()) + " ")


_BREAKDOWN = r", <N\d+> [a-z-]+(?: and <N\d+> [a-z-]+)+ ,"  # "10 victims , eight men and two women , died"
# Asides inside a subject that do not count it again: "including ...", "(...)", ", most of them ...,".
_ASIDE_RE = (r", including [^,]*,| including [^,]*$|\( [^()]* \)|, (?:most|many|all|some|mostly|mainly|both|among)"
             # a breakdown set off by dashes: "10 victims , eight men and two women , died"
             r" [^,]*,|" + _BREAKDOWN + r"|, (?:[a-z'-]+ |<X> )*,|, (?:(?:" + QUAL_WORDS + r") )?<N\d+> of (?:them|whom) [^,]*,"
             r"| aged <X>(?: (?:to|and|or) <X>)?"
             # a relative clause ending the subject: "two more workers who were burnt in the fire succumbed"
             r"| (?:who|that) (?:were|was|had|have|has) (?!<N)[^,]*$")
_ASIDE = re.compile(_ASIDE_RE)
_ASIDE_AUX = re.compile(_ASIDE_RE + r"|, [^,]*,")


_DETERMINER_FIRST = re.compile(r" (?:the|a|an|this|that|these|those)\b")
# A count of places or things inside a subject: "106 protesters in 21 cities have been killed".
_PLACE_COUNT = re.compile(r" (?:in|across|from|at) <N\d+>((?: [a-z-]+){1,2})")


def _np_ok(np: str, has_aux: bool, noun: bool = False) -> bool:
    """Whether the words between a number and its verb can be that number's noun phrase (asides set off in it
    do not count towards its length, unless the predicate is a noun such as "bodies")."""
    if _NEG.search(np) or _MODAL.search(np):
        return False
    close, opening = np.find(")"), np.find("(")
    if close >= 0 and (opening < 0 or close < opening):  # the number sits inside a parenthesis
        return False
    if opening >= 0 and close < 0 or _DETERMINER_FIRST.match(np):  # "three Ds (Dead, ...", "2 The Summer ... Died"
        return False
    outside = _ASIDE_AUX.sub(" ", np) if has_aux else _ASIDE.sub(" ", np)
    outside = _PLACE_COUNT.sub(lambda m: " " if non_human(m.group(1)) else m.group(), outside)
    words = np.split() if has_aux or noun else outside.split()
    if "<N" in outside or (_BLOCK if not has_aux else _BLOCK_AUX).search(outside):
        return False
    if re.search(r"\b\w+ed (?:the|a|an|his|her|their|its|<N)\b", outside):
        return False
    if not has_aux and re.search(r"\b(?:and|or) (?!others\b)", outside) and not re.search(r"\b(?:women|men|children|girls|boys)"
                                                                      r" and (?:women|men|children|girls|boys)",
                                                                      outside):
        return False
    return len(words) <= (24 if has_aux else 4) and ("," not in outside or has_aux)


_PASSIVE_RX = {
    cat: re.compile(rf"<N(\d+)>(?P<np>(?: [^ ]+){{0,24}}?) (?P<aux>(?:(?:{_AUXW}) )*)(?:{verbs})\b(?P<rest>.{{0,12}})")
    for cat, verbs in CAT_PASSIVE.items()
}
_ACTIVE_RX = {
    cat: re.compile(rf"\b(?P<verb>{verbs}) (?:(?:an?|the) (?:[a-z-]+ ){{0,3}}?(?:{PERSON}) and (?:(?:his|her|their) )?"
                    rf"|(?:himself|herself|themselves) and )?"  # "killing himself and 14 others"
                    rf"(?:(?:{QUAL_WORDS}|all|another|a further|an additional|a total of|his|her|their) )*"
                    rf"<N(\d+)>(?P<np>(?: (?!;)[^ ]+){{0,4}})")  # not past a clause's end: "...; police kill six"
    for cat, verbs in CAT_ACTIVE.items()
}
_ACTIVE_RX["killed"] = [_ACTIVE_RX["killed"], re.compile(
    rf"\b(?P<verb>hacked|stabbed|beaten|beat|burn(?:ed|t)|stoned|clubbed|tortured|shot|strangled|crushed|hacked and burnt)"
    rf" (?:(?:{QUAL_WORDS}|all) )*<N(\d+)>(?P<np>(?: (?!<N)[^ ]+){{0,5}}?) (?:to death|alive|dead)\b"), re.compile(
    rf"\b(?P<verb>claimed|claiming|cost|costing|took|taking) (?:(?:{QUAL_WORDS}|the) )*<N(\d+)>"
    rf"(?P<np>(?: [^ ]+)?) lives\b")]
# Those stabbed, not to death: "A man stabbed two people at the bus station before being shot dead".
_ACTIVE_RX["injured"] = [_ACTIVE_RX["injured"], re.compile(
    rf"\b(?P<verb>stabbed|stabbing|stabs) (?:(?:{QUAL_WORDS}|all) )*<N(\d+)>(?P<np>(?: (?!<N|to\b)[^ ]+){{0,4}}?)"
    r"(?= (?:at|in|on|near|inside|outside|before|after|during|with|and|,|\.)(?: |$)| ?$)")]
_ACTIVE_MODAL = re.compile(
    r"\b(?:could|would|might|may|will|shall|can|cannot|should|threaten\w*|plann\w*|fear\w*|intend\w*|vow\w*"
    r"|wanted|want|sought|aim\w*|attempt\w*|tr(?:y|ied|ying)) (?:to )?(?:\w+ )?$"
)
_CONJOINED = re.compile(rf"<N(\d+)>((?: (?!<N|and|or)[^ ]+){{0,6}}?) (?:,|and|, and|as well as|plus)"
                        rf" (?:(?:{QUAL_WORDS}) )?(?:other )?(?=<N(\d+)>)")  # B is looked at: "A , B and C" pairs B and C too
_BY_PLACE = re.compile(r" (?:in|at) ")
# Counts of the dead by day or place, the second without its noun: "recovered six bodies on Thursday and four on
# Friday".
_BODIES_WHEN = re.compile(r" (?:bodies|dead|deaths) (?:on|in|at|near) (?:[^ ]+ ){0,2}?[^ ]+")
_WHEN_AFTER = re.compile(r" (?:on|in|at|near) ")
_OWN_NOUN = re.compile(r" (?:deaths|fatalities|injuries|casualties|bodies|corpses)\b")
_CONJ_VERB = re.compile(rf"\b(?:{KILL}|{INJURE}|were|was|are|is|have|has|had|been)\b")


# Stems each category's predicates contain ("fled" serves both displaced and refugees).
_CUE_STEMS = {
    **dict.fromkeys(
        "kill dead death die shot gunned murder massacr slaughter slain slay execut behead lynch assassin body bodies corpse"
        " perish drown fatal butcher succumb lives alive blew blown neutrali martyr".split()
        + ["to death", "own life", "gun on", "mass grave", "common grave", "electrocut"], ("killed",)),
    **dict.fromkeys("injur wound hurt maim hospital inhalation treat bruis fractur burns stabb".split()
                    + ["critical condition", "serious condition", "fighting for"], ("injured",)),
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
            if _NOUN_USE.search(np) and not _PARTITIVE.fullmatch(np):
                continue  # "some 3,000 soldiers ... to fly the seriously injured": "the injured" is a noun
            has_be = _BE.search(aux)
            transitive_perfect = not has_be and _HAVE.search(aux)
            verb_text = norm[m.end("aux"):m.start("rest")].strip()
            if cat == "killed" and verb_text not in _NOUN_PREDICATES and verb_text != "dead":
                # a verb with its own object ("suspects ... have shot and killed a traditional elder") is active
                if (transitive_perfect or not aux.strip()) and _OBJECT_AFTER.match(m.group("rest")):
                    continue
            if verb_text == "dead" and _THING_AFTER.match(m.group("rest")):
                continue  # "one dead switch": an adjective of a thing
            if cat == "injured" and verb_text in ("injured", "wounded", "hurt") and not aux.strip():
                if _OBJECT_AFTER.match(m.group("rest")):
                    continue
            finite = verb_text.startswith(("suffered", "sustained"))  # a verb of its own: "... sustained injuries"
            if not _np_ok(np, bool(aux.strip()) or finite, verb_text in _NOUN_PREDICATES) and not _AND_ONE.match(np):
                continue
            if cat == "refugees" and np.strip() and verb_text == "refugees" and len(np.split()) > 3:
                continue
            if non_human(np) or _not_subject(norm, m.start(), np, verb_text):
                continue
            if cat == "injured" and verb_text.startswith(("admitted to", "in hospital", "undergoing", "receiving",
                                                          "under", "still", "being", "remain")) and _DISEASE.search(norm):
                continue
            if cat == "killed" and _EITHER.match(m.group("rest")) or _EITHER_BEFORE.search(np):
                continue  # "1,150 troops killed or wounded": a count of both
            # "three police officers also died": more victims than those counted before
            out.append(Match(cat, int(m.group(1)), "increment" if _ALSO_WORD.search(aux) else "total", False, np))
    return out


_ALSO_WORD = re.compile(r"\balso\b")
_NOUN_USE = re.compile(r" (?:the|a|an|his|her|their|its|our)$")
_PARTITIVE = re.compile(r" of (?:the|their|its|our)")
_PREPOSITION_END = re.compile(rf"\b(?:of|in|on|from|with|by|into|among|than|between)(?: (?:{QUAL_WORDS}))? $")
_IDIOM_VERB_END = re.compile(r"\b(?:die[sd]?|dying|knock(?:s|ed|ing)?|drop(?:s|ped)?|play(?:s|ed|ing)?)(?: a)? $")


_THING_AFTER = re.compile(r" (?!and\b|or\b|in\b|on\b|at\b|after\b|when\b|as\b|by\b|from\b|with\b|since\b|during\b"
                          r"|while\b|following\b|including\b|across\b|near\b|so\b|this\b|last\b|people\b"
                          r"|men\b|women\b|children\b|bodies\b|or\b|was\b|were\b|is\b|are\b)[a-z]{3,}\b")


def _not_subject(norm: str, start: int, np: str, verb_text: str) -> bool:
    """Whether the number at *start* cannot be its predicate's subject: it sits inside a prepositional phrase as
    a partitive ("parts of one of the bodies"), or is the object of an idiom ("died a thousand deaths",
    "knocks 90,000 dead")."""
    before = norm[max(0, start - 30):start]
    if np.startswith(" of ") and _PREPOSITION_END.search(before):
        return True
    return verb_text in _NOUN_PREDICATES and bool(_IDIOM_VERB_END.search(before))


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
            if cat == "displaced" and not re.search(r"\b(?:to flee|from their homes|out of their homes|flee)\b",
                                                    norm[m.start("np"):m.end() + 8]) \
                    and m.group("verb") not in ("displaced", "displacing", "displaces", "uprooted", "uprooting"):
                continue
            if non_human(np):
                continue
            also = _ALSO_WORD.search(pre[-12:])  # "the blast also killed three soldiers"
            out.append(Match(cat, int(m.group(2)), "increment" if also else "total", False, np))
    if "injured" in cats:
        for m in INJURE_TREATED.finditer(norm):
            np = m.group("np") if m.group("verb") else m.group("np2") if m.group("sent") else m.group("np3")
            if not non_human(np) and not _NEG.search(norm, max(0, m.start() - 12), m.start()) and not (
                    m.group("sent") and _DISEASE.search(norm)):
                out.append(Match("injured", int(m.group("n") or m.group("n2") or m.group("n3")), "total", False, np))
    return out


def _toll(norm: str) -> list[Match]:
    """Numbers a toll is stated at: "the death toll rose to 40", "the number of dead reached 12"."""
    out = []
    if "toll" not in norm and "number " not in norm and "death total" not in norm and "death count" not in norm \
            and "deaths " not in norm:
        return out
    for m in _TOLL.finditer(norm):
        text = norm
        # a count of things is not the toll ("the toll of a convoy of 12 vehicles"): the same head's next number
        # may be ("the death toll from the collision of two passenger trains ... rose to 288")
        while m is not None and non_human(text[m.end():m.end() + 40]):
            text = text[:m.start(m.lastindex)] + "X" * len(m.group(m.lastindex)) + text[m.end(m.lastindex):]
            m = _TOLL.match(text, m.start())
        if m is None:
            continue
        cat = m.lastgroup.removesuffix("_n") if m.lastgroup else "killed"
        k = int(m.group(f"{cat}_n"))
        if _MODAL.search(norm[max(0, m.start() - 30):m.end()]):
            continue
        if re.search(r"\b(?:casualty) toll", m.group()) and re.search(r"\b(?:injur|wound)", m.group()):
            continue
        out.append(Match(cat, k, "total", True, ""))
    for m in _TOLL_AFTER.finditer(norm):  # "raising to 19 the number of people killed"
        if not any(o.index == int(m.group(1)) for o in out):
            out.append(Match("killed" if m.group("killed") else "injured", int(m.group(1)), "total", True, ""))
    return out


# The toll after its number: "raising to 19 the number of people killed", "bringing to 40 the death toll".
_TOLL_AFTER = re.compile(rf"\b(?:raising|bringing|taking|pushing|lifting|raised|brought|took|pushed) to "
                         rf"(?:(?:{QUAL_WORDS}) )?<N(\d+)> the (?:(?P<killed>{_TOLL_HEADS['killed']})"
                         rf"|{_TOLL_HEADS['injured']})")


_BREAKDOWN_ASIDE = re.compile(f" {_BREAKDOWN} ")
_OTHER_PREDICATE = re.compile(r" (?:[a-z-]+ )?(?:evacuated|rescued|arrested|detained|affected|displaced|missing"
                              r"|abducted|kidnapped|relocated|stranded|trapped|sheltered|homeless|unaccounted)\b")


def _conjoined(norm: str, matches: dict[int, Match]) -> None:
    """Give "three women and six children were killed" both numbers the category, as a summed group."""
    changed = True
    while changed:
        changed = False
        for m in _CONJOINED.finditer(norm):
            a, b = int(m.group(1)), int(m.group(3))
            end = m.end(3) + 1  # after B's tag
            if _BLOCK.search(m.group(2)) or _CONJ_VERB.search(m.group(2)) and not (
                    _BODIES_WHEN.fullmatch(m.group(2)) and _WHEN_AFTER.match(norm, end)) or _PART_AFTER.match(
                    norm[end:end + 40]):
                continue  # "pulled 14 people out alive , eight of whom were injured": a part, not a conjunct
            if m.group(2).strip() and _OWN_NOUN.match(norm, end):
                continue  # "1,200 cases and 41 deaths": each number has its own noun
            if _BREAKDOWN_ASIDE.match(norm, m.end(2)):
                continue  # "10 victims , eight men and two women , died": a breakdown of the first, no conjunct
            if _BY_PLACE.match(norm, end) and not _BY_PLACE.search(m.group(2)) and norm[m.end(2):end].startswith(" , "):
                continue  # "four residents , two in Kostiantynivka , one in ...": the first broken down by place
            if _OTHER_PREDICATE.match(norm, end):
                continue  # "kill two , 18,000 evacuated": the second number has a predicate of its own
            if a in matches and matches[a].cumulative and not matches[a].np:
                continue  # "Death toll rises to 31 , 40 still in hospital": a toll has no conjuncts
            if a in matches and b not in matches and not non_human(norm[end:]):
                matches[b] = Match(matches[a].category, b, "group", matches[a].cumulative, "")
                matches[a].role = "group" if matches[a].role == "total" else matches[a].role
                changed = True
            elif b in matches and a not in matches and not non_human(m.group(2)):
                matches[a] = Match(matches[b].category, a, "group", matches[b].cumulative, m.group(2))
                matches[b].role = "group" if matches[b].role == "total" else matches[b].role
                changed = True


# A single person conjoined with a counted group: "killed nine soldiers and a civilian", "a party leader and
# two other members were killed".
_ONE_NP = rf"(?:a|an|one) (?:[a-z-]+ ){{0,3}}?(?:{PERSON})\b"
_AND_ONE = re.compile(rf"^(?: [a-z-]+){{1,3}}? and {_ONE_NP}$")
# A name or pronoun and a count of others: "Paramount Chief Albino Mawut and three others were killed".
_NAME_AND_OTHERS = re.compile(r"(?:^|[,;] ) ?(?:(?:[A-Z][\w'-]+ ){2,6}|[Hh]e |[Ss]he )and <N(\d+)> others\b()")
_WITH_ONE = re.compile(
    rf"<N(\d+)>(?: [a-z-]+| of the [a-z-]+ [a-z-]+){{1,3}}? and (?:{_ONE_NP}|the (?:[a-z-]+ ){{0,2}}?(?:{PERSON})\b)"
    rf"(?! (?:and (?:a|an|the|his|her|their|its|one|<N)|of|was|is|has)\b)"
    rf"|\b(?=(?:a|an|one|the) (?:[a-z-]+ ){{1,4}}and (?:(?:his|her|their) )?<N)(?:a|an|one|the) (?:[a-z-]+ ){{0,3}}?"
    rf"(?:{PERSON})\b and (?:(?:his|her|their) )?<N(\d+)>"
)


# Several singles listed before the group: "a traditional chief , his wife and three sons".
_LIST_WITH_GROUP = re.compile(
    rf"\b(?:a|an|one|the) (?:[a-z-]+ ){{0,3}}?(?:{PERSON})"
    rf"(?P<rest>(?: , (?:a|an|one|the|his|her|their) (?:[a-z-]+ ){{0,2}}?(?:{PERSON})){{1,3}})"
    rf"(?: ,)? and (?:(?:his|her|their) )?<N(\d+)>")


def _with_one(norm: str, found: dict[int, Match], cased: str) -> list[Match]:
    """Implied single victims conjoined with a counted group, which becomes a group summed with them."""
    out = []
    named = _NAME_AND_OTHERS.finditer(cased) if " others" in norm else ()
    for m in itertools.chain(_WITH_ONE.finditer(norm), named):
        group = found.get(int(m.group(1) or m.group(2)))
        if group is not None and group.role != "part":
            group.role = "group" if group.role == "total" else group.role
            out.append(Match(group.category, None, "group", group.cumulative, ""))
    if out:
        return out
    for m in _LIST_WITH_GROUP.finditer(norm):
        group = found.get(int(m.group(m.lastindex)))
        if group is not None and group.role != "part":
            group.role = "group" if group.role == "total" else group.role
            out += [Match(group.category, None, "group", group.cumulative, "")
                    for _ in range(1 + m.group("rest").count(" , "))]
    return out


# Two single victims conjoined: "a soldier and a civilian were killed", "killed a man and his son".
_PAIR_ADJ = r"(?:(?!<N|and\b|or\b|a\b|an\b|the\b|was\b|were\b|killed\b|wounded\b|injured\b)(?:[a-z'-]+|<X>) ){0,3}?"
# A second conjunct without its own determiner may be the same person ("a lecturer and secretary"), unless a
# plural verb follows ("a clerk and observer were killed").
# Further singulars listed before them ("a soldier , a policeman and a civilian") count one each; a list that
# starts with a word not known as a person is not read.
_PAIR_DET = "a|an|the|one|his|her|their|its"
_PAIR_LIST = rf"(?:(?:{_PAIR_DET}) {_PAIR_ADJ}(?:{PERSON}) , ){{0,4}}"
# A list item before the match: the list starts earlier, with a word not known as a person ("a cook , ...").
_LIST_BEFORE = re.compile(r"\b(?:a|an|the|one) (?:[a-z'-]+ ){0,3}[a-z'-]+ , $")
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
    rf"{_PAIR}(?! (?:and(?! (?:killed|killing|wounded|wounding|injured|injuring)\b)|or|<N)\b)"
)


# A couple is two people: "an elderly couple were killed", "gunmen shot dead a couple" (not "a couple of ...").
_COUPLE = r"(?:a|an|the) (?:[a-z-]+ ){0,2}?couple\b(?! of\b)"
_COUPLE_KILL = re.compile(
    rf"\b{_COUPLE}(?: (?!and\b|but\b|;|<N)[^ ]+){{0,10}}? (?:were|was|have been|had been) (?:(?:later|also|both) )?"
    r"(?:killed|shot dead|shot and killed|gunned down|murdered|slain|beheaded|lynched|(?:hacked|stabbed|beaten"
    r"|burn(?:ed|t)|strangled) to death|found dead)\b"
    r"|\b(?:killed|killing|shot dead|shooting dead|shot and killed|gunned down|murdered|murdering|beheaded|lynched"
    rf"|(?:killing|murder|deaths?|slaying) of) {_COUPLE}(?! and\b)"
    rf"|\b(?:bodies|remains) of {_COUPLE}(?! and\b)"  # "The charred bodies of an elderly couple were found"
)


def _pair(norm: str) -> list[Match]:
    """Two conjoined singular victims, or a couple, as two summed groups of one."""
    m = _PAIR_KILL.search(norm) if " and " in norm else None
    if m is None and "couple" in norm:
        m = _COUPLE_KILL.search(norm)
        if m is not None and not _MODAL.search(norm, max(0, m.start() - 25), m.end()) and not _NEG.search(
                norm, max(0, m.start() - 12), m.end()):
            return [Match("killed", None, "group", False, "") for _ in range(2)]
        return []
    if m is not None and _LIST_BEFORE.search(norm, max(0, m.start() - 60), m.start()):
        return []
    if m is None or _MODAL.search(norm, max(0, m.start() - 25), m.end()) or _NEG.search(norm, max(0, m.start() - 12),
                                                                                        m.end()):
        return []
    return [Match("killed", None, "group", False, "") for _ in range(2 + len(_LISTED.findall(m.group())))]


_PERSON_WORDS = frozenset(PERSON_SINGULAR.split("|"))


def _person_subject(norm: str, cased: str, end: int) -> bool:
    """Whether the subject before *end* (back to the clause's start) names a person: a person noun, "he"/"she",
    "his/her/their" and a noun, or a name as its head that does not merely open the sentence ("Climate-tech
    messaging is dead", "The deal is dead", "SEO is dead", "a Nix build was executed" have none)."""
    start = max((m.end() for m in _SUBJECT_START.finditer(norm, 0, end)), default=0)
    words, capitals = norm[start:end].split(), cased[start:end].split()
    if len(words) > 2 and words[-1] == ",":  # an aside before the verb: "John Smith , <X> , was murdered"
        aside = max(i for i, w in enumerate(words[:-1]) if w == ",") if "," in words[:-1] else len(words) - 1
        words, capitals = words[:aside] + words[-1:-1], capitals[:aside]
    if not words:
        return False
    if words[-1] in ("he", "she") or any(w in _PERSON_WORDS or w.removesuffix("'s") in _PERSON_WORDS for w in words):
        return True
    if len(words) > 1 and words[-2] in ("his", "her", "their") and words[-1] not in NON_HUMAN:
        return True  # "his brother", "her escort"; not "his budget was declared dead on arrival"
    if words[-2:-1] == ["a"] and words[-1] in ORDINAL_VALUE:  # "while a sixth was killed": one more of those counted
        return True
    head = capitals[-1].strip(",.").rsplit("-", 1)[-1]  # "al-Ghrawi", "el-Sayed": the name after its particle
    return head[:1].isupper() and not head.isupper() and (len(capitals) > 1 or start > 1)  # a name as its head


# (a reporting verb opens its clause too: "the spokesman said the bill was dead on arrival" has no person subject)
_SUBJECT_START = re.compile(r" (?:;|, and|but|while|whereas|that|when|after|before|because|as|said|says|added|stated) ")


def _person_object(norm: str, cased: str, end: int) -> bool:
    """Whether the object ending at *end* names a person: a person noun or a capitalised name."""
    words = norm[:end].split()
    return bool(words) and (words[-1] in _PERSON_WORDS or cased[:end].split()[-1][:1].isupper())


_AUX_START = re.compile(r"(?:was|has been|had been|got|is)\b")


_NUMBER_SUBJECT = re.compile(r" ?(?:[^ ]+ )?<N\d+>")


def _singles(norm: str, cased: str) -> list[Match]:
    """Victims implied by a singular: "a journalist was shot dead", "gunmen shot dead the village chief"."""
    if " and " in norm or "couple" in norm:
        pair = _pair(norm)
        if pair:
            return pair
    out: list[tuple[int, Match]] = []
    relative = _SING_RELATIVE_KILL.finditer(norm) if " who " in norm else ()
    for m in itertools.chain(_SING_PASSIVE_KILL.finditer(norm), relative):
        subject = norm[max(0, m.start() - 150):m.start()]
        clause = re.split(r" (?:, and|;|but|while|whereas|said|says|say|told [a-z]+) ", subject)[-1]
        being = m.group().startswith(("before being", "after being"))  # its subject opens the clause
        if (_SING_SUBJECT_BAD.search(clause) if not being else _NUMBER_SUBJECT.match(clause)) or _MODAL.search(
                norm[max(0, m.start() - 20):m.end()]):
            continue
        if re.search(r"\b(?:were|are|they|them|their|those|these|people|both|all)\b", clause[-40:]):
            continue
        if re.search(r"\b(?:he|she)\b", clause[-20:]) and not re.search(r"\b(?:he|she)(?: (?:was|has|had)| $)",
                                                                         clause[-20:]):
            continue
        if _AUX_START.match(norm, m.start()) and not _person_subject(norm, cased, m.start()):
            continue
        if norm.endswith((" a dead", " an dead"), 0, m.end()):
            continue  # "is a dead man walking": an adjective of an idiom, no death
        out.append((m.start(), _single(norm, m)))
    for m in _SING_ACTIVE_KILL.finditer(norm):
        if _MODAL.search(norm[max(0, m.start() - 25):m.start()]) or _NEG.search(norm[max(0, m.start() - 12):m.start()]):
            continue
        if not m.group().endswith((" death", " alive")) and not _person_object(norm, cased, m.end()):
            continue  # "killing a bunch of dudes", "killed the game as a contest"
        out.append((m.start(), _single(norm, m)))
    # one victim however often a sentence names them, unless "also"/"another", or a clause of its own ("a man
    # was shot dead, while a woman was killed by a stray bullet")
    out.sort(key=lambda found: found[0])
    kept = out[:1]
    for at, single in out[1:]:
        if single.role == "increment" or _CONTRAST_BREAK.search(norm, kept[-1][0], at) or (
                norm.endswith(" , and ", 0, at) and norm.startswith(("a ", "an "), at)):
            kept.append((at, single))  # "a boy died after being crushed , and a man died in hospital": two
    if sum(single.role == "implied" for _, single in kept) > 1:  # victims of their own clauses: summed groups
        for _, single in kept:
            single.role = "group" if single.role == "implied" else single.role
    return [single for _, single in kept]


_CONTRAST_BREAK = re.compile(r" (?:, while|while|whereas|;) ")


_SING_INJURE = re.compile(
    r"\b(?:wounded|wounding|injured|injuring) (?:another|one|(?:an?|his|her)(?= (?:[a-z-]+ |<X> ){0,3}?(?:" + PERSON
    + r")\b))"
    r"(?! (?:of|<N)\b)|\b(?:a|an|another|his|her|their) (?=(?:[^ ]+ ){1,4}(?:was|has been|had been) )"
    r"(?:(?!<N)[^ ]+ ){0,3}?(?:" + PERSON + r") (?:was|has been|had been)"
    r" (?:also )?(?:(?:seriously|critically|badly|slightly) )?(?:injured|wounded|hurt)\b"
    rf"|\b(?:another|an? (?:{_ORDINAL_WORDS}))"
    r" (?:was|has been|had been) (?:also )?(?:(?:seriously|critically|badly|slightly) )?(?:injured|wounded|hurt)\b"
    # its verb left out after the dead's: "Two people have been killed and a third seriously injured"
    rf"|\band (?:another|an? (?:{_ORDINAL_WORDS})) (?:(?:seriously|critically|badly|slightly) )?(?:injured|wounded|hurt)\b"
)
# Read only in sentences with "condition", "fighting for" or "hospital": one left in a critical condition ("the cousin
# was in critical condition", "a fourth is in serious condition"), one taken to hospital with a wound.
_SING_INJURE_STATE = re.compile(
    rf"\b(?:another|an? (?:{_ORDINAL_WORDS})|(?:a|an|the|his|her|their)"
    r" (?:(?!<N)[^ ]+ ){0,3}?(?:" + PERSON + r")) (?:was|is|remains|remained|was left|is still|was still) (?:also )?"
    r"(?:in (?:a )?(?:critical|serious) condition|fighting for (?:his |her |their )?life)\b"
    # "a 27-year-old man was taken to Mercy Hospital with a non-life-threatening stab wound"
    r"|\b(?:a|an|the|his|her) (?:(?!<N)[^ ]+ ){0,3}?(?:" + PERSON + r") (?:was|has been) (?:taken|rushed|airlifted"
    r"|transported|flown) to (?:(?!<N)[^ ]+ ){0,4}?with (?:(?!<N)[^ ]+ ){0,4}?(?:wounds?|injuries|injury|burns)\b"
)


def _injured_single(norm: str) -> list[Match]:
    """One injured victim implied by a singular: "wounded another", "a policeman was injured"."""
    m = _SING_INJURE.search(norm)
    if m is None and ("condition" in norm or "fighting for" in norm or "hospital" in norm):
        m = _SING_INJURE_STATE.search(norm)
    if not m or _MODAL.search(norm, max(0, m.start() - 25), m.start()) or _NEG.search(norm, max(0, m.start() - 12),
                                                                                        m.start()):
        return []
    more = "another" in m.group() or any(word in ORDINAL_VALUE for word in m.group().split()[1:3])
    return [Match("injured", None, "increment" if more else "implied", False, "")]  # "a tenth": one more


# A single victim added to those already counted: "was also killed", "another man was shot dead", "the
# wounded mayor later died of his wounds".
# One of the wounded who died, named as such: "the boy had died of his wounds".
_DIED_OF_WOUNDS = r"\b(?:died|succumbed) (?:later )?(?:of|from|to) (?:his|her) (?:wounds|injuries|burns)\b"
_ALSO = re.compile(rf"\balso\b|\blater (?:died|succumbed)\b|\b(?:died|succumbed) later\b|{_DIED_OF_WOUNDS}")
_ANOTHER = re.compile(r"\banother\b(?! (?:<N|one\b))[^,;]*$")


# Some of a group counted before (its number not a count here) who died: "One of the three succumbed to head
# injuries", "two of the five later died".
_DIED_OF_GROUP = re.compile(r"<N(\d+)> of (?:the|those|these) <X> (?:later |also |subsequently |eventually )?"
                            r"(?:died|succumbed)\b")
# One more dead after a count, by its ordinal: "Five people were declared deceased at the scene and a sixth person
# died on the way to hospital", "while a sixth succumbed".
_ONE_MORE_DEAD = re.compile(rf"(?:\band|\bwhile|;) an? (?:{_ORDINAL_WORDS}) (?:[a-z-]+ )?(?:later )?(?:died|was killed"
                            r"|was shot dead|succumbed|was (?:declared|pronounced|confirmed) (?:dead|deceased))\b")


_AMONG = re.compile(r"\bamong (?:the|those) (?:dead|killed|victims|deceased)\b")
_ASIDE_END = re.compile(r" , [^,;]{1,80} , $")
_ATTACKER_SUBJECT = re.compile(r"\b(?:the|a|an) (?:[a-z-]+ ){0,2}?(?P<who>attacker|assailant|gunman|bomber|militant"
                               r"|terrorist|insurgent|jihadist|bandit) ?$")


def _single(norm: str, m: re.Match) -> Match:
    """An implied single victim; "X was also killed" adds one to what the text already counted, "X was among the
    dead" is one of them, and an attacker who died is one of a group of their own."""
    if _AMONG.search(norm, m.start(), m.end() + 20):
        return Match("killed", None, "part", False, "")
    also = _ALSO.search(norm, max(0, m.start() - 10), m.end() + 24) or _ANOTHER.search(
        norm, max(0, m.start() - 40), m.start()) or ORDINAL.match(norm, m.start()) or _ORDINAL_SUBJECT.search(
        norm, max(0, m.start() - 40), m.start())  # "a sixth victim died", "a third person has died"
    subject = _ASIDE_END.sub(" ", norm[max(0, m.start() - 150):m.start()])  # "the gunman , identified as ... ,"
    attacker = _ATTACKER_SUBJECT.search(subject, max(0, len(subject) - 40))
    who = {"gunman": "gunmen"}.get(attacker.group("who"), attacker.group("who") + "s") if attacker else None
    return Match("killed", None, "increment" if also else "implied", False, "", who)


# A named victim as the object of a killing: "gunmen killed John Smith, ...", "shot dead Riverside deputy
# mayor" (capitalised words, then punctuation, a preposition, the end or a singular title).
_NAMED_VICTIM = re.compile(
    r"\b(?:killed|shot dead|shot and killed|gunned down|murdered|assassinated|(?<!ly )executed|beheaded|lynched) "
    rf"(?!(?i:{MONTHS}|{DAYS}|last|this|the)\b)"
    r"(?:[A-Z][a-z'’-]+ ){0,3}[A-Z][a-z'’-]+(?:,| (?:in|on|at|near|outside|inside|while|as|who|after)\b|\.?$"
    r"| (?:[a-z-]+ ){0,2}(?:" + PERSON + r")\b)"
)


# Sentence parts a cumulative word does not reach across: "A total of 1,200 homes were destroyed and 15 people died".
_CLAUSE_BREAK = re.compile(
    rf" (?:;|, and|, with|but|while|whereas|, while) | and (?=(?:<N|a |an |the |another |(?:{QUAL_WORDS}) <N))")
# Attackers who die by their own hand: "a suicide bomber blew himself up", "two bombers blew themselves up".
_SELF_KILL = re.compile(
    r"(?:<N(\d+)> )?(?:[a-z-]+ ){0,3}?(?P<who>bombers?|attackers?|assailants?|gunm[ae]n|militants?)"
    r"(?: (?!<N)[^ ]+){0,6}?"
    r" (?:blew (?:himself|herself|themselves)(?: up)?|detonated (?:himself|herself|themselves)"
    r"|(?:fatally )?(?:killed|killing|shot|shooting) (?:himself|herself|themselves))\b")
# One attacker who ended their own life after the attack, named anywhere before: "a gunman opened fire ...,
# killing five people ... before turning the gun on himself", "the bomber ... before taking his own life".
_OWN_LIFE = re.compile(
    r"\b(?:a|an|the) (?:[a-z-]+ )?(?P<who>gunman|shooter|attacker|assailant|bomber|militant)\b(?! (?:and|or) )"
    r"(?:(?! (?:he|she|they) ).)*?\b(?P<end>turn(?:ed|ing) (?:the|his|her) (?:gun|weapon"
    r"|rifle|pistol) on (?:himself|herself)|(?:took|taking) (?:his|her) own life"
    r"|(?:fatally )?(?:shot|shooting|killed|killing) (?:himself|herself)"
    r"|(?:police|officers?|soldiers|troops|security forces|guards?) (?:[a-z]+ ){0,2}?(?:shot (?:him|her) dead"
    r"|shot and killed (?:him|her)|killed (?:him|her)|gunned (?:him|her) down)"
    # shot by the police himself: "before he was fatally shot by an off-duty officer", "The suspected attacker was
    # shot by police officers and died at the scene"
    r"| (?:he|she) was (?:fatally shot|shot dead|shot and killed)"
    r"|was (?:fatally )?shot by (?:[a-z-]+ ){0,3}?(?:police|officers?|soldiers|troops|guards?)(?: [a-z]+){0,3}? and died)\b")
# A death of old age or illness (an obituary's "died on Sunday aged 89 after a long illness") is no casualty.
_NATURAL_DEATH = re.compile(r"\b(?:after|following) (?:a|an|his|her) (?:long |short |brief |lengthy )?illness\b"
                            r"|\bof (?:natural causes|old age)\b|\bdied peacefully\b")
_OWN_LIFE_CUE = re.compile(r"\b(?:gunman|shooter|attacker|assailant|bomber|militant)\b")
_OWN_LIFE_ENDS = ("himself", "herself", "own life", " him ", " her ", " shot ")  # words each ending has, found cheaply first
# "71 kills and 38 deaths": a game's or a hunter's statistics, not casualties.
_KILL_STATS = re.compile(r"<N\d+> kills\b")
_FICTION_WORDS = ("scene", "screen", "film", "movie", "novel", "sequel", "series", "episode", "video game", "box office",
                  "henchm", "scenario", "simulat")
# Fiction's deaths are nobody's: "in the opening scene", "on-screen", "in the film", "henchmen", a drill's.
_FICTION = re.compile(r"\b(?:on-screen|on screen|(?:opening|final|closing|last) scenes?|(?:in|of) the (?:film|movie"
                      r"|novel|sequel|series|episode|video game)|box office|henchm[ae]n"
                      # a drill's victims: "Under the scenario, 300 people were killed", "the simulated wave"
                      r"|(?:under|in) the scenario|in the simulation|simulated)\b")
# Admissions for a disease are patients, not injured people.
_EITHER_BEFORE = re.compile(r" (?:killed|dead) (?:or|and/or)$")
_EITHER = re.compile(r" (?:or|and/or) (?:wounded|injured|missing|captured)\b")
_DISEASE = re.compile(r"\b(?:cholera|measles|malaria|dengue|ebola|covid\w*|coronavirus|virus|infect\w*|flu"
                      r"|influenza|fever|diarrh\w*|disease|outbreak|suspected cases?)\b")
_PERP_WORDS = r"attackers|assailants|gunmen|militants|terrorists|bombers|insurgents|jihadists|bandits|raiders|rebels"
_PERP_COMMA = re.compile(rf"\b(?:{_PERP_WORDS}) , $")
_PERP_BEFORE = re.compile(rf"\b(?:{_PERP_WORDS})\b(?!.*\b(?:people|civilians|victims|residents|villagers)\b)")


def _attackers_before(before: str) -> str | None:
    """The attackers named last before "N of them" when it counts them ("exchanged fire with the attackers and
    killed six of them"), not when they are the killers ("the gunmen shot dead two of them")."""
    last = list(_PERP_BEFORE.finditer(before))[-1:]
    return last[0].group() if last and not _VERB_OF_SUBJECT.fullmatch(before, last[0].end()) else None


# The words between a subject and its count: a verb of a word or three, no clause between.
_VERB_OF_SUBJECT = re.compile(r" (?:(?!and |or )[a-z-]+ ){1,3}")


def _cumulative_at(norm: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(start, end) of each sentence part holding a cumulative word ("toll", "so far", "since ..."): for killed
    figures, and for the others, whose parts a death toll's word does not mark ("gave a lower death toll of three
    and said 16 were injured")."""
    found = list(_CUMULATIVE.finditer(norm))
    if not found:
        return [], []
    others = [m for m in found if not (m.group() in ("toll", "tolls") and _DEATH_BEFORE.search(norm, 0, m.start()))]
    cuts: list[int] = []

    def parts(marks: list[re.Match[str]]) -> list[tuple[int, int]]:
        if any(m.group() in _SENTENCE_WIDE for m in marks):
            return [(0, len(norm))]
        if marks and not cuts:
            cuts.extend([0, *(m.start() for m in _CLAUSE_BREAK.finditer(norm)), len(norm)])
        return [(a, b) for a, b in itertools.pairwise(cuts) if any(a <= m.start() < b for m in marks)]

    killed = parts(found)
    return killed, killed if len(others) == len(found) else parts(others)


_DEATH_BEFORE = re.compile(r"\b(?:death|fatality) $")


@lru_cache(maxsize=8)
def _toll_grew(norm: str) -> bool:
    """Whether a sentence says how a toll grew ("rose from six after rescuers found eight more bodies"): asked for
    each of its increments and parts, read once."""
    return _PREVIOUS.search(norm) is not None


# "Fourteen people were shot, two of them fatally": all were wounded, and those who died leave the wounded.
_SHOT_FATALLY = re.compile(rf"<N(\d+)>(?P<np>(?: (?!<N)[^ ]+){{0,4}}?) (?:were|have been|had been|was)"
                           rf" (?:shot|wounded|injured|stabbed)\b(?: (?!<N)[^ ]+){{0,12}}? , (?:(?:{QUAL_WORDS}) )?<N(\d+)>"
                           r" of (?:them|whom) fatally\b")


def _shot_fatally(norm: str, found: dict[int, Match]) -> None:
    """Read "N were shot, M of them fatally": N wounded, of whom M died (the totals move the dead out of the
    wounded)."""
    for m in _SHOT_FATALLY.finditer(norm):
        shot, died = int(m.group(1)), int(m.group(3))
        found[shot] = Match("injured", shot, "total", False, m.group("np"))
        found[died] = Match("killed", died, "total", False, "")


def _previous(norm: str, found: dict[int, Match]) -> None:
    """Mark earlier stages of a toll ("up from 31", "rose from 120 to 250", "had stood at 12"), adding them when
    only the toll itself was read."""
    toll = next((m for m in found.values() if m.cumulative and m.role == "total"), None)
    for m in _PREVIOUS.finditer(norm):
        k = int(next(g for g in m.groups() if g is not None))
        if k in found:
            found[k].role = "previous"
        elif toll is not None:
            found[k] = Match(toll.category, k, "previous", True, "")
    if _INITIAL_FIGURES.search(norm):  # "Six miners were killed ..., according to initial figures"
        for m in found.values():
            m.role = "previous"
    for m in _STAGE_SAID.finditer(norm):
        for k in map(int, re.findall(r"<N(\d+)>", m.group())):
            if k in found:
                found[k].role = "previous"


def analyse(norm: str, sentence: str = "", cased: str = "") -> list[Match]:
    """All casualty readings of the numbers in a normalised sentence (one category per number); *sentence*, in its
    original casing, lets a capitalised name stand for a single victim, and *cased* is *norm* before lower-casing
    (same offsets), for the capitals of a subject or object."""
    if any(word in norm for word in _FICTION_WORDS) and _FICTION.search(norm):
        return []  # a story's deaths: "a dozen henchmen die in increasingly inventive ways"
    found: dict[int, Match] = {}
    cats = _cues(norm)
    numbered = _toll(norm) + _active(norm, cats) + _passive(norm, cats) if "<N" in norm else []
    for m in numbered:
        if m.index not in found:
            found[m.index] = m
        elif found[m.index].category == "refugees" and m.category != "refugees":
            found[m.index] = m
    if _KILL_STATS.search(norm):
        found = {k: m for k, m in found.items() if m.category != "killed"}
    if len(found) < norm.count("<N"):
        _conjoined(norm, found)
    if "from" in norm or "had" in norm or "initially" in norm or "previous" in norm or "earlier" in norm \
            or "according to" in norm or (
            "toll" in norm or "number of" in norm) and ("earlier" in norm or "first" in norm):
        _previous(norm, found)
    spans, other_spans = _cumulative_at(norm) if found else ([], [])
    for k, m in list(found.items()):
        tag = f"<N{k}>"
        pos = norm.find(tag)
        before, after = norm[max(0, pos - 80):pos], norm[pos + len(tag):pos + len(tag) + 40]
        if _NEG_BEFORE.search(before):
            del found[k]
            continue
        if m.role == "previous":
            continue
        attackers = None
        if _PART_AFTER.match(after):
            # "exchanged fire with the attackers and killed six of them"; "repelled the attackers, two of whom were
            # killed": attackers who died, a group of their own
            if after.startswith(" of th"):
                attackers = _attackers_before(before[-60:])
            elif after.startswith(" of whom") and _PERP_COMMA.search(before):
                attackers = _PERP_BEFORE.findall(before[-60:])[-1]
        if attackers:
            m.who = attackers
        elif _PART_BEFORE.search(before) or _PART_AFTER.match(after) or _INCREMENT_AFTER.match(after) and (
                before.endswith(" the ") and _SOME_OF.search(norm, 0, pos) or any(
                    o.role == "part" and o.category == m.category and o.index < k for o in found.values())):
            m.role = "part"  # "four of them ... while the three others ...": the rest of the same group
        elif _INCREMENT_BEFORE.search(before) or (_INCREMENT_AFTER.match(after) and not any(
                o.category != m.category and o.index is not None and o.index < k for o in found.values())):
            # "another 5", "3 more"; but "11 were killed and 34 others injured" is a total, and "the toll rose from
            # six after rescuers found eight more bodies" says how the toll grew
            m.role = "part" if _toll_grew(norm) else "increment"
        if m.category == "killed" and m.role == "part" and _OF_THE_INJURED.match(m.np) and not _toll_grew(norm):
            # "two of the wounded died of their injuries": more dead than counted before (unless the sentence
            # says how a toll grew: "climbed from 12 after seven of the wounded died")
            m.role = "increment"
        if m.role != "increment":
            m.cumulative = m.cumulative or any(a <= pos < b for a, b in (spans if m.category == "killed" else other_spans))
    restated = _OF_THE.match(norm)
    if restated and int(restated.group(1)) in found:
        # "Of the 181 injured, 27 suffered gunshot wounds": a count given again, and a part of it
        category = found[int(restated.group(1))].category
        for m in found.values():
            if m.category == category and m.role != "previous":
                m.role = "part"
    if " fatally" in norm:
        _shot_fatally(norm, found)
    out = sorted(found.values(), key=lambda m: m.index)
    for prev, m in itertools.pairwise(out):
        # "eight were wounded, two of whom later died": deaths among the injured add to the dead
        if m.role == "part" and m.category == "killed" and prev.category == "injured":
            m.role = "increment"
    if found and " and " in norm:
        out += _with_one(norm, found, cased or norm)
    singles = []
    if "killed" in cats:
        singles = _self_kills(norm, found)
        for died in _DIED_OF_GROUP.finditer(norm) if " <X> " in norm else ():  # "One of the three succumbed"
            if int(died.group(1)) not in found:
                singles.append(Match("killed", int(died.group(1)), "increment", False, ""))
        if any(w in norm for w in _ORDINALS) and any(m.category == "killed" and m.role != "increment" for m in out) \
                and _ONE_MORE_DEAD.search(norm):
            singles.append(Match("killed", None, "increment", False, ""))  # "... and a sixth person died": one more
    # singles are read beside counts only when those only add to them: "shot dead a driver and his passenger and
    # killed another four people"
    if "killed" in cats and all(m.category != "killed" or m.role == "increment" for m in out) \
            and not _KILL_STATS.search(norm) \
            and not _NATURAL_DEATH.search(norm):
        victims = _singles(norm, cased or norm)
        if not victims and _NAMED_VICTIM.search(sentence) and not _ACTIVE_MODAL.search(norm):
            victims.append(Match("killed", None, "implied", False, ""))
        singles += victims
    if "injured" in cats and not any(m.category == "injured" for m in out):
        singles += _injured_single(norm)
    return out + singles


def _self_kills(norm: str, found: dict[int, Match]) -> list[Match]:
    """Attackers who blew themselves up: a number of them, or one implied, as a group of attackers."""
    own = _OWN_LIFE.search(norm) if any(w in norm for w in _OWN_LIFE_ENDS) and _OWN_LIFE_CUE.search(norm) else None
    if own and not _MODAL.search(norm, max(0, own.start("end") - 25), own.end()):
        return [Match("killed", None, "implied", False, "", "gunmen" if own.group("who") in ("gunman", "shooter")
                      else own.group("who") + "s")]
    if "self" not in norm and "selves" not in norm:  # no reflexive: skip the costly scan (6% of all parsing)
        return []
    out = []
    for m in _SELF_KILL.finditer(norm):
        if _MODAL.search(norm, max(0, m.start() - 20), m.end()) or _NEG.search(norm, m.start(), m.end()):
            continue
        group = m.group("who") if m.group("who").endswith(("s", "men")) else {"gunman": "gunmen"}.get(
            m.group("who"), m.group("who") + "s")
        if m.group(1) is not None:
            k = int(m.group(1))
            if k not in found:
                out.append(Match("killed", k, "total", False, "", group))
        else:
            out.append(Match("killed", None, "implied", False, "", group))
    return out[:1]


_OF_ATTACKERS = re.compile(r" of (?:the|these|those) (?:[a-z-]+ )?(" + "|".join(sorted(
    w for w in PERPETRATORS if w.endswith(("s", "men")))) + r")\b")


def who(np: str) -> str | None:
    """Normalised plural noun for the group a figure counts ("civilians", "children", "people"): the last of the
    first noun group ("United States service members" -> members)."""
    found = None
    attackers = _OF_ATTACKERS.match(np)
    if attackers:  # "four of the attackers were killed": attackers, a group of their own
        return attackers.group(1)
    if _GANG.match(np):
        return "gangsters"  # "killing six gang members"
    for w in np.split()[:5]:
        if _WHO_STOP.match(w):
            break
        w = w.strip(",.")
        if w in _WHO_NORMAL:
            return _WHO_NORMAL[w]
        if _NOT_NOUN.match(w) or not w.isalpha():
            continue
        if w.endswith("s") and not w.endswith("ss") and len(w) > 3 or w.endswith("men") and len(w) > 4:
            found = w  # "civilians", "gunmen", "policemen"
    return found


_GANG = re.compile(r"\s*(?:armed |suspected )?gang members?\b")


_PLACE = re.compile(
    r"\b(?:[Ii]n|[Nn]ear|[Oo]utside|[Aa]cross|[Aa]t)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*)(?:\s+(?:[A-Z][\w'’.-]*|of|de|al|el)(?=\s|$|[,.;]))*)"
)
_PLACE_TAIL = re.compile(r"(?:\s+(?:of|de|al|el))+$|['’]s$")
_NOT_PLACE = re.compile(rf"^(?:{MONTHS}|{DAYS}|the|a|an|this|that|least|total|addition|all|which|recent|his|her)$", re.I)


def places_in(sentence: str) -> list[tuple[int, str]]:
    """(offset, name) of each place the sentence names ("in Ukraine" -> "Ukraine")."""
    out = []
    for m in _PLACE.finditer(sentence):
        name = _PLACE_TAIL.sub("", m.group(1).rstrip("."))
        if name and not _NOT_PLACE.match(name.split()[0]) and not _CARE_BEFORE.search(sentence, 0, m.start()):
            out.append((m.start(), name))
    return out


# Where the wounded are treated or the dead kept, not where it happened: "undergoing treatment at the GGH and the
# Area Hospital in Palasa".
_CARE_BEFORE = re.compile(r"(?:hospitals?|clinics?|cent(?:er|re)s?|morgues?|mortuar(?:y|ies))(?: \([^)]*\))? $"
                          r"|\b(?:treatment|treated|admitted|hospitali[sz]ed) $", re.I)


# Read by the totals (`totals.py`), on English figures' sentences.
# The injured of a count who later died ("23 were injured, two of whom later died"; "Two of the wounded died").
DIED_AMONG = re.compile(r"\b(?:injured|wounded|hurt)\b[^.;]*?, \S+ of (?:whom|them) (?:[a-z]+ )?(?:died|succumbed)\b"
                        r"|\b\S+ of (?:the|those) (?:[a-z]+ )?(?:wounded|injured)\b[^.;]*?\b(?:died|succumbed)\b"
                        # "One of the three succumbed to head injuries": of the injured counted before
                        r"|\b(?:one|two|three|four|five|\d+) of (?:the|those|these) (?:two|three|four|five|six|seven|eight"
                        r"|nine|ten|\d+)(?: [a-z]+)? (?:later |also |subsequently )?(?:died|succumbed)\b"
                        rf"|{_DIED_OF_WOUNDS}", re.I)
# A toll revised, the latest word on it: "Ministry revises toll to six", "the toll was lowered to 12".
REVISED = re.compile(r"\b(?:revis(?:ed|es|ing)|lowered|corrected|adjusted) (?:\w+ ){0,4}?(?:down )?to\b", re.I)
# A suicide attacker's own death: "the attacker blew himself up", "detonated his explosives vest".
SELF_BLAST = re.compile(r"\bblew (?:himself|herself) up\b|\bdetonated (?:himself|herself|his|her)\b", re.I)
# The dead counted among the shot: "Fourteen people were shot, two of them fatally".
FATALLY = re.compile(r"\bof (?:them|whom) fatally\b", re.I)
# A count of one place, not of the whole event ("seven people had died there").
ONE_PLACE = re.compile(r"\bthere\b")  # not "here": a dateline's city, the whole event ("the temple here")
