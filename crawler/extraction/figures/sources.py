"""Who a figure is attributed to: the source a sentence names, cleaned to one form per body.

A source is an organisation, office, official, person, outlet or a group such as "police", "the military" or
"hospital officials": never a time ("on Tuesday"), a verb phrase ("India attacked six locations") or a clause.
`sources_in` finds the noun phrases a sentence attributes its statements to; `normalise_source` gives each one
form (people's names dropped for their office, the aliases in `ALIASES`, another body named with its acronym as
"Full Name (ACR)");
`source_kind` tells a named body from a pronoun, a person, or a generic description ("a medical group") that the
article resolves elsewhere (crawler/extraction/figures/context.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# One form per body, matched on the cleaned phrase case-insensitively. The UN, its offices, missions, officials
# and experts are "UN"; agencies with a name of their own keep it (a different body, a different series).
ALIASES: dict[str, str] = {
    **dict.fromkeys(("un", "u.n.", "united nations", "the un", "un office", "un officials", "un experts",
                     "un monitoring mission", "un human rights office", "un human rights monitoring mission",
                     "un human rights monitoring mission in ukraine", "un monitoring mission in ukraine", "hrmmu",
                     "ohchr", "office of the un high commissioner for human rights", "un rights office",
                     "un human rights chief", "un secretary-general", "un spokesperson", "un spokesman",
                     "un mission", "un peacekeeping mission", "un agencies", "un security council"), "UN"),
    **dict.fromkeys(("unicef", "un children's agency", "un children's fund", "united nations children's fund"),
                    "UNICEF"),
    **dict.fromkeys(("unhcr", "un refugee agency", "united nations high commissioner for refugees",
                     "un high commissioner for refugees"), "UNHCR"),
    **dict.fromkeys(("ocha", "un humanitarian office", "un humanitarian agency", "un office for the coordination"
                     " of humanitarian affairs", "un aid office", "un humanitarian affairs office"), "OCHA"),
    **dict.fromkeys(("who", "world health organization", "world health organisation", "un health agency"), "WHO"),
    **dict.fromkeys(("unrwa", "un agency for palestinian refugees", "un palestinian refugee agency"), "UNRWA"),
    **dict.fromkeys(("wfp", "world food programme", "world food program", "un food agency"), "WFP"),
    **dict.fromkeys(("iom", "international organization for migration", "international organisation for migration",
                     "un migration agency"), "IOM"),
    **dict.fromkeys(("msf", "doctors without borders", "medecins sans frontieres", "médecins sans frontières"), "MSF"),
    **dict.fromkeys(("icrc", "international committee of the red cross"), "ICRC"),
    **dict.fromkeys(("hrw", "human rights watch"), "Human Rights Watch"),
    **dict.fromkeys(("acled", "armed conflict location and event data project", "armed conflict location & event"
                     " data project"), "ACLED"),
    **dict.fromkeys(("sohr", "syrian observatory for human rights", "the observatory"),
                    "Syrian Observatory for Human Rights"),
    **dict.fromkeys(("white helmets", "syrian civil defence", "syrian civil defense", "syria civil defence",
                     "syria civil defense", "syrian civil defence rescue service", "syrian civil defense rescue service"),
                    "White Helmets"),
    **dict.fromkeys(("afad", "disaster and emergency management authority", "turkey's disaster agency",
                     "turkish disaster agency", "disaster agency afad"), "AFAD"),
    **dict.fromkeys(("police", "the police", "police officials", "police sources", "police officers"), "police"),
    **dict.fromkeys(("military", "the military", "army", "the army", "armed forces"), "military"),
    **dict.fromkeys(("govt", "gov't", "govt.", "the govt"), "government"),
    **dict.fromkeys(("gardaí", "gardai", "garda", "an garda síochána", "garda síochána"), "police"),
    # police ranks written before a name in South Asian and Nigerian copy ("DSP Alabi Olumide", "SP Grace Ityo")
    **dict.fromkeys(("sp", "dsp", "asp", "ssp", "csp", "acp", "dcp", "cp", "igp", "dig", "aig", "sho", "ppro"),
                    "police"),
}

# Words for whoever speaks for a body: "police spokeswoman", "ministry official" name the body.
_SPEAKERS = ("spokesman spokeswoman spokesperson spokespeople official officials officer source sources member"
             " members representative representatives doctor doctors medic medics worker workers staff"
             " employee employees scientists researchers experts analysts officer-in-charge").split()
# Titles before a person's name: the name is dropped, the title kept ("Gaya district magistrate Shashank Mishra").
_ROLES = ("spokesman spokeswoman spokesperson official officer chief commander minister governor magistrate director"
          " head chairman chairperson chairwoman commissioner inspector superintendent president mayor secretary"
          " coordinator administrator prosecutor coroner uno dpo general gen gen. col col. colonel commodore captain"
          " major lieutenant sgt mr mr. ms ms. mrs mrs. dr dr. sheikh leader elder officer-in-charge collector sheriff"
          " lt lt. maj maj. capt capt. prof prof."
          " sp dsp asp ssp csp acp dcp cp igp dig aig sho ppro").split()
_PERSON_TITLES = {"mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr.", "gen", "gen.", "col", "col.", "commodore",
                  "captain", "major", "lieutenant", "sgt", "colonel", "general", "sheikh", "lt", "lt.", "maj", "maj.",
                  "capt", "capt.", "prof", "prof."}
_OFFICES = frozenset(r for r in _ROLES if r not in _PERSON_TITLES)  # roles that are an office, not a title
# Words that make a capitalised phrase a body, not a person ("Sudan Doctors Network", "Coast Guard").
_BODY_WORDS = frozenset(
    "ministry agency network team service services force forces guard hospital organization organisation council"
    " committee authority authorities commission department office police army military navy government"
    " administration cross crescent doctors nations observatory group union association society forum bureau"
    " centre center institute alliance front party corps unit brigade directorate board court prosecutor's"
    " agency's station media television radio news press mission command headquarters coalition watch relations"
    " division".split())
_DOCUMENTS = re.compile(r"\s+(?:figures|data|tally|tallies|statistics|estimates|count|counts|report|reports"
                        r"|statement|statements|bulletin|records|sources)$", re.I)
_TIME_TAIL = re.compile(
    r"(?:,?\s+(?:on|late|early|last|this|in(?!\s+(?-i:[A-Z]))|by|during|via|over|through|from|after|before|when|while"
    r"|(?-i:that|who|which)|as|but|and said|adding|citing)\b.*"
    r"|,?\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|overnight)\b.*)$",
    re.I)
_PRONOUNS = {"he", "she", "they", "it", "we"}
# Words that stand for no source at all ("each reported them", "some estimates put", "which said").
_NOT_SOURCES = {"i", "you", "this", "that", "there", "which", "who", "each", "some", "both", "all", "many", "most",
                "others", "one", "another", "everyone", "nobody", "anyone", "someone", "both sides", "sides",
                "now", "then", "still", "already"}  # "Eleven people are now confirmed dead"
_GENERIC_HEADS = frozenset(
    "officials official authorities authority sources source residents resident witnesses witness group groups"
    " agency agencies ministry office organisation organization organisations organizations hospital network team"
    " service spokesman spokeswoman spokesperson officer officers doctor doctors medics medic rescuers workers"
    " statement figures government administration survivors critics villagers relatives activists analysts"
    " media television broadcaster broadcasters"
    " experts charity charities department".split())

# The reporting verbs after or before their subject.
_VERBS = (r"said|says|say|told|tells|reported|reports|confirmed|confirms|stated|states|announced|announces|added"
          r"|adds|put|puts|estimated|estimates|revised|raised|lowered|updated|gave|gives|recorded|records"
          r"|wrote|writes|posted|posts"  # an official's social media: "Marchenko wrote on Telegram"
          r"|(?<=can )confirm")  # a press release's "The Department can confirm that ..."
_CUE = re.compile(rf"\b(?:{_VERBS}|according to|given by|released by|reported by|provided by|recovered|retrieved"
                  r"|came from|come from|taken from"
                  r"|pulled out)\b|^sources?:|\(sources?:|^(?:joint )?(?:press|media) (?:release|statement) (?:of|from|by) ")
# Who recovered the dead counted them: "The Greek coast guard recovered the bodies of nine people".
_RECOVERED = re.compile(r"\b(?:recovered|retrieved|pulled out) (?:[\w,.-]+ ){0,3}?(?:bodies|remains|corpses|dead)\b")
_SOURCE_IN_BRACKETS = re.compile(r"\((?:[Ss]ources?):\s*(?P<np>[^,;)]+)")  # "(source: military official, via ...)"
SOURCE_LABEL = re.compile(r"(?:Sources?:\s*|(?:Joint )?(?:[Pp]ress|[Mm]edia) (?:[Rr]elease|[Ss]tatement) (?:of|from|by) )"
                          r"(?P<np>[^;\n]+?)(?:;.*|,? on (?:Telegram|X|Twitter|Facebook)\b.*)?\s*$")  # a release's issuers
_ACCORDING = re.compile(r"\baccording to\s+(?P<np>(?:[^,;:.\"“”()]|(?<=\b[A-Z])\.)+(?:\([A-Z]{2,8}\))?)", re.I)
_BY = re.compile(r"\b(?:given|released|reported|provided|published|confirmed|announced|received|compiled|gathered"
                 r"|collected|verified|documented) by\s+(?P<np>[^,;:\"“”]+)"
                 # where figures came from: "The figures came from the 6 a.m. situation report of the NDRRMC"
                 r"|\b(?:figures|numbers|tolls?|counts?) (?:came|come|were taken) from (?:the |a )?(?:[^,;:\"“”]*? "
                 r"(?:report|bulletin|update|statement|tally|count) (?:of|by|from) )?(?P<from>[^,;:\"“”]+)")
# A lower-case subject after its verb ends in a word for whoever speaks: "said local police official Ram Thapa".
_SPEAKING = "|".join(sorted({*_SPEAKERS, *_OFFICES, *_GENERIC_HEADS, "police", "military", "army"}, key=len, reverse=True))
_AFTER_VERB = re.compile(rf"\b(?:{_VERBS.replace('told|tells|', '')})\s+"  # "told X": X is the listener
                         r"(?P<np>(?:the |a |an )?[A-Z][^;:\"“”]*|(?:the|a|an|its|their) [^;:\"“”]+"
                         rf"|(?:[a-z][\w'’-]* ){{0,3}}(?:{_SPEAKING})\b[^;:\"“”]*)")
# A subject after its verb follows a comma or a quotation: ", said a doctor", "\" said Heriyanto" (not "who
# confirmed the incident to our correspondent").
_INVERSION_BEFORE = re.compile(r"(?:^|[,\"”’'—–]|--|\b(?:[a-z]+ly))\s*$")
_VERB_AT = re.compile(rf"\b(?:{_VERBS})\b")
# Reporting verbs that are never a noun: "a provincial health official said" is no "official figures".
_ONLY_VERBS = frozenset(("said", "says", "say", "told", "tells", "stated", "added", "adds", "announced"))
_TOLL_WORD = re.compile(r"\btolls?\b", re.I)
_PUBLISHED_BY = re.compile(r"\s*,?\s*(?:published|issued|released|compiled|put out) by\b")
_DOCUMENT_END = re.compile(r"\b(?:bulletin|report|statement|update|figures|data|tally|count)$", re.I)
# Words before a noun: "the reports", "three states", "in 12 states", "several records"
_DETERMINERS = (r"a|an|the|some|many|other|these|those|such|several|both|all|two|three|four|five|six|seven|eight"
                r"|nine|ten|dozens|\d[\d,]*")
_NOUN_BEFORE = re.compile(rf"\b(?:{_DETERMINERS}|credible|unconfirmed|initial|early|latest|first|media|news|local"
                          r"|official|earlier|previous|conflicting)\s+$", re.I)
_DETERMINER_BEFORE = re.compile(rf"\b(?:{_DETERMINERS})\s+$", re.I)  # before a participle: "the reported 40"
_NOUN_AFTER = re.compile(r"\s+(?:of|from|received|suggesting|suggest|show|showed|shows|indicate|indicated|say|said)\b")
_PLURAL_NOUN_AFTER = re.compile(r"\s*[,.;]")  # "counted twice in hospital records,": "records" is a noun
_TOKEN = re.compile(r"\([A-Z][\w.&'’-]*\)|[\w.&'’-]+|[,—–;:]")
# A lowercase word that opens a clause inside a phrase: "officials appointed by ...", "who", "which".
_CLAUSE_WORD = re.compile(r"^(?:[a-z]+ed|who|which|that|whose|said|says|told|when|while|after|as|if)$")
# Words in -ed that are no verbs ("armed police", "United Nations", "elected officials").
_NOT_VERBS = ("armed", "united", "elected", "affected")
_OBJECT_START = {"the", "a", "an", "his", "her", "their", "its", "that", "this", "it", "them", "him"}
_PARTICIPLE_NEXT = {"by", "in", "to", "at", "on", "for", "from", "with", "into", "under", "over", ""}
# A title whose field is a list: "BNPB head of data, information and communication Dwi Hartanto said".
_TITLE_LIST = re.compile(r"\b(?:head|director|chief|minister|secretary|officer|commissioner) of (?:[a-z]+, )*[a-z]+,?"
                         r" and $")
_STOP_BACK = {"that", "as", "and", "but", "while", "because", "after", "when", "if", "though", "although", "since",
              "so", "where", "said", "says", "told", "reported", "added", "also", "have", "has", "had", "was", "were",
              "is", "are", "be", "been", "could", "would", "will", "not", "it", "he", "she", "they", "than", "may",
              "might", "can", "should", "must", "do", "did", "does", "what", "how", "why", "whether", "who",
              "which", "according"}


@dataclass(frozen=True)
class Mention:
    """A phrase a sentence attributes a statement to, with its offset in the sentence."""

    phrase: str
    start: int


def sources_in(sentence: str) -> list[Mention]:
    """The source phrases of a sentence, in order: "according to X", "X said", "said X", "given by X"."""
    if not _CUE.search(sentence.lower()) and ": " not in sentence[:60] and ") " not in sentence[:60]:
        return []  # (a headline's "Police: ..." and a release's "Geneva (ICRC) – ..." name their source too)
    found: list[Mention] = []
    label = SOURCE_LABEL.match(sentence) or _SOURCE_IN_BRACKETS.search(sentence)
    if label:  # a report's "Source: Roman Mrochko, Head of Kherson City Military Administration, on Telegram"
        found.append(Mention(_sentence_case(label.group("np")), label.start("np")))
    release = _RELEASE_DATELINE.match(sentence) if ") " in sentence[:60] else None
    if release and release.group("np").lower() in ALIASES:  # "Geneva (ICRC) – ... two of its staff were killed"
        found.append(Mention(release.group("np"), release.start("np")))
    headline = _HEADLINE_LABEL.match(sentence) if ": " in sentence[:60] else None
    if headline and (headline.group("np").lower() in ALIASES or any(
            w.lower() in _BODY_WORDS for w in headline.group("np").split())):
        found.append(Mention(headline.group("np"), 0))  # "Police: 4 killed, officer among 8 wounded in ..."
    for m in _ACCORDING.finditer(sentence):
        found.append(Mention(m.group("np"), m.start("np")))
    for m in _BY.finditer(sentence):
        group = "np" if m.group("np") else "from"
        found.append(Mention(m.group(group), m.start(group)))
    for m in _RECOVERED.finditer(sentence) if "recovered" in sentence or "retrieved" in sentence \
            or "pulled out" in sentence else ():  # "The Greek coast guard recovered the bodies of nine people"
        subject = _subject_before(sentence, m.start())
        if subject is not None and _kind(subject.phrase) == "named":
            found.append(subject)
    for m in _VERB_AT.finditer(sentence):
        noun_before = _DETERMINER_BEFORE if m.group().endswith("ed") else _NOUN_BEFORE  # "media reported" is a verb
        if m.group() not in _ONLY_VERBS and (noun_before.search(sentence, 0, m.start())
                                             or _NOUN_AFTER.match(sentence, m.end())
                                             or m.group().endswith("s") and _PLURAL_NOUN_AFTER.match(sentence, m.end())):
            continue  # "an estimated 10,000", "some reports suggesting": a noun or an adjective, not a verb
        subject = _subject_before(sentence, m.start() - 4 if m.group() == "confirm" else m.start())  # "can "
        if subject is not None:
            found.append(subject)
        after = _AFTER_VERB.match(sentence, m.start())
        if after is not None and _INVERSION_BEFORE.search(sentence, 0, m.start()) and _name_after(after.group("np")):
            found.append(Mention(after.group("np"), after.start("np")))
    out = []
    for mention in sorted(found, key=lambda x: x.start):
        if _TOLL_WORD.search(mention.phrase):
            continue  # "Earthquake toll in western Nepal revised down to 128": what was revised, not who
        phrase = clean_phrase(_sentence_case(mention.phrase) if mention.start == 0 else mention.phrase)
        if phrase and phrase.split()[0] in _PLACE_PREPOSITIONS:
            continue  # "treated at the burn unit and at a private clinic in Gazipur, said Dr Akter": a place, no one
        if phrase and _DOCUMENT_END.search(phrase) and _PUBLISHED_BY.match(sentence, mention.start + len(phrase)):
            continue  # "the latest National Epidemiological Bulletin published by the Health Ministry": the ministry
        owner = _ITS.match(phrase or "") and BODY_NAME.findall(sentence, 0, mention.start)
        if owner:  # "... at Nampula Central Hospital, its director told STV": the hospital's director
            phrase = f"{owner[-1]} {phrase[4:]}"
        possessive = _PLACE_POSSESSIVE.match(phrase or "")
        places = _PLACE_BEFORE.findall(sentence, 0, mention.start) if possessive else []
        if places:  # "In Mississippi, the state's Emergency Management Agency": Mississippi's
            phrase = f"{places[-1]} {phrase[possessive.end():]}"
        if phrase and not any(o.start == mention.start for o in out):
            out.append(Mention(phrase, mention.start))
    return out


_ITS = re.compile(r"its ", re.I)
# A release's dateline names its issuer (a wire's, "(Reuters) -", names no source of the figures: not in ALIASES).
_RELEASE_DATELINE = re.compile(r"[A-Z][\w'’. -]{1,40} \((?P<np>[A-Z][A-Za-z]{1,9})\) [–—-] ")
# A headline that names who says it before a colon: "Police: 4 killed ...", "UN: 1,200 dead in ..."
_HEADLINE_LABEL = re.compile(r"(?P<np>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}): (?=\S)")
_PLACE_PREPOSITIONS = frozenset(("at", "in", "on", "into", "near", "inside", "outside", "across", "to", "from"))
# A body's name in a sentence ("The Sudan Doctors Network, which tracks casualties, ..."): the antecedent of "the
# group" (context.py) and the owner of "its director".
BODY_NAME = re.compile(r"\b(?:(?!The |A |An |This )[A-Z][\w'’-]+ ){1,5}"
                       r"(?:Network|Team|Agency|Ministry|Service|Office|Hospital|Guard|Council"
                       r"|Committee|Authority|Commission|Department|Organization|Organisation|Observatory|Institute"
                       r"|Association|Society|Forum|Bureau|Centre|Center|Force|Forces|Police|Army)\b(?: \([A-Z]{2,8}\))?"
                       # head first: "The Department of Mineral and Petroleum Resources (DMPR)"
                       r"|\b(?:Department|Ministry|Office|Bureau|Directorate|Commission) of (?:the )?"
                       r"(?:[A-Z][\w'’-]+ (?:and )?){0,5}[A-Z][\w'’-]+(?: \([A-Z]{2,8}\))?")
_PLACE_POSSESSIVE = re.compile(r"(?:the )?(?:state|country|province|region|city|county|district|nation)['’]s ", re.I)
_PLACE_BEFORE = re.compile(r"\b(?:[Ii]n|[Aa]cross) ((?:[A-Z][\w'’-]+ )*[A-Z][\w'’-]+)")


def _sentence_case(phrase: str) -> str:
    """A phrase opening the sentence with its first word lower-cased when that capital is only the sentence's
    ("Local officials said", "Witnesses said"), not a name's ("Niger says", "Sinaloa prosecutors said")."""
    words = phrase.split(" ", 2)
    if words[0].endswith(("'s", "’s")):
        return phrase  # a name's possessive: "Gaza's civil defence agency"
    if _is_acronym(words[0]):
        return phrase  # "BNPB spokesperson Abdul Muhari"
    if len(words) > 1 and words[1][:1].islower() or len(words) == 1 and words[0].endswith("s") and \
            not _is_acronym(words[0]):
        return words[0].lower() + phrase[len(words[0]):]
    return phrase


def _name_after(np: str) -> bool:
    """Whether the words after a verb start an inverted subject ("said a doctor at the hospital", "said Mohammad
    Rafiqul Islam, officer-in-charge ..."), not its object ("said India attacked")."""
    tokens = _TOKEN.findall(np)
    for i, token in enumerate(tokens):
        if token == ",":
            return i > 0
        if i > 0 and (_CLAUSE_WORD.match(token) and not token.startswith(("who", "which")) or token in _FINITE):
            return False
    return True


_FINITE = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "may", "might",
           "should", "did", "does", "do", "must"}


def _subject_before(sentence: str, end: int) -> Mention | None:
    """The noun phrase right before a reporting verb, walking back over its words (a comma only inside a title
    that lists: "head of data, information and communication Dwi Hartanto said")."""
    relative = _RELATIVE_BEFORE.search(sentence, 0, end) if ", wh" in sentence else None
    if relative is not None:  # "X, who confirmed the incident to our correspondent on Monday, said": X said
        # with its comma, a name set off after an office is the office's ("The Chairman of Maru LGA, Alhaji ...,")
        return _subject_before(sentence, relative.start() + 1) or _subject_before(sentence, relative.start())
    described = _DESCRIBED_BEFORE.search(sentence, 0, end) if ", a" in sentence or ", the " in sentence else None
    if described is not None and described.start() > 0 and _RELATIVE_IN.search(described.group()):
        # "The Syrian Observatory ..., a Britain-based war monitor that relies on ..., put the toll at 10": the body
        # the description describes
        return _subject_before(sentence, described.start())
    tokens = list(_TOKEN.finditer(sentence, 0, end))
    i = len(tokens)
    # "the ministry said", "Reuters reported", "police on Tuesday said": skip a time phrase before the verb
    while i > 0 and tokens[i - 1].group().lower() in ("on", "late", "early", "later", "also", "have", "has", "had",
                                                      "monday", "tuesday",
                                                      "wednesday", "thursday", "friday", "saturday", "sunday",
                                                      "yesterday", "today", "earlier", "initially"):
        i -= 1
    set_off = i > 1 and tokens[i - 1].group() == "," and (
        tokens[i - 2].group()[:1] in "(ABCDEFGHIJKLMNOPQRSTUVWXYZ" or _appositive(tokens, i - 1))
    if set_off:
        i -= 1  # a phrase set off right before the verb: "the media wing, Inter-Services Public Relations (ISPR), said"
    last = i
    if i and tokens[i - 1].group().lower() in _PRONOUNS:
        return Mention(tokens[i - 1].group(), tokens[i - 1].start())
    while i > 0:
        word = tokens[i - 1].group()
        low = word.lower()
        if word in ("—", "–", "-", "--", ";", ":", "'", "’", "‘"):
            break  # a dateline's dash, another clause, a single quotation mark
        if low == "and" and i > 1 and i < last and tokens[i - 2].group()[:1].isupper() and \
                tokens[i].group()[:1].isupper():
            i -= 1  # inside a name: "Pakistan Institute for Conflict and Security Studies"
            continue
        if low == "and" or word == ",":
            title = _TITLE_LIST.search(sentence, 0, tokens[i - 1].end() + 1)
            if title is None:
                break
            while i > 0 and tokens[i - 1].start() >= title.start():
                i -= 1
            continue
        if word.isdigit() and i > 1 and tokens[i - 2].group()[:1].isupper():
            i -= 1  # a number in a body's name: "Rescue 1122 said"
            continue
        verb_like = re.fullmatch(r"[a-z]+ed|\d[\d,.]*", word) or word.endswith("ing") and word.islower() and (
            i == last or tokens[i].group().lower() in _OBJECT_START)  # "killing the", but "monitoring mission"
        if verb_like and word not in _NOT_VERBS:
            if not (word.endswith("ed") and word != "died" and i < last and tokens[i].group() in _PARTICIPLE_NEXT):
                break  # a verb; but "officials appointed by the rebel group said" goes on to its noun
        if low in _STOP_BACK and not (len(word) > 1 and word.isupper()) or word.endswith((".", "\"", "”")) and \
                len(word) > 3 and not word[:-1].isupper():
            break  # but "WHO said" is the World Health Organization's
        i -= 1
    if i == last:
        return None
    start = tokens[i].start()
    phrase = sentence[start:tokens[last - 1].end()]
    if set_off and i > 1 and tokens[i - 1].group() == ",":
        # "the interior ministry spokesman, Colonel Ahmed Ali, said": a person's name set off after the office
        # they speak for; "the Syrian Observatory for Human Rights, a Britain-based war monitor, said": a
        # description set off after the body's name. The office or the body is the source.
        before = _subject_before(sentence, tokens[i - 1].start())
        if before is not None and not _RELATIVE.match(before.phrase) and (
                _kind(phrase) == "person" and _SPEAKER_END.search(before.phrase)
                or _INDEFINITE.match(phrase) and _kind(before.phrase) == "named"):
            return before
    return Mention(phrase, start)


def _kind(phrase: str) -> str:
    """`source_kind` of a raw source phrase."""
    return source_kind(normalise_source(clean_phrase(phrase) or phrase))


def _appositive(tokens: list[re.Match], comma: int) -> bool:
    """Whether the words before the comma at `comma` are an indefinite description set off by commas (", a
    Britain-based war monitor,")."""
    opening = max((k for k in range(comma) if tokens[k].group() == ","), default=-1)
    return 0 <= opening < comma - 1 and tokens[opening + 1].group().lower() in ("a", "an") and not any(
        t.group().lower() in _FINITE for t in tokens[opening + 1:comma])  # ", a woman was killed ..., said X"


_RELATIVE_BEFORE = re.compile(r", (?:who|which) [^,;]*,\s*$")
# A description set off before the verb: "X, a war monitor that relies on a network of sources, put"; with a
# clause of its own, it describes the subject before it ("X, an official of the ministry, said" is the office).
_DESCRIBED_BEFORE = re.compile(r", (?:a|an|the) [^,;]*,\s*$")
_RELATIVE_IN = re.compile(r" (?:that|who|which) ")
_INDEFINITE = re.compile(r"(?:a|an)\s", re.I)
_RELATIVE = re.compile(r"(?:whose|who|which)\b", re.I)
_SPEAKER_END = re.compile(r"\b(?:spokesman|spokeswoman|spokesperson|official|officer|chief|head|director|commander"
                          r"|minister|governor|chairman|chairperson|administrator|commissioner|collector)"
                          r"(?: (?:of|for) (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,4})?$", re.I)


_TIME_WORD = re.compile(r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight"
                        r"|overnight|last|this|on|in|late|early|january|february|march|april|may|june|july|august"
                        r"|september|october|november|december|(?:the|a|an)?$)\b", re.I)
_DOCUMENT_FIRST = re.compile(r"(?:(?:report|statement|study|survey|investigation|analysis|review|bulletin|tally|figure"
                             r"|estimate|statistic|count)s?|data|tallies)\b"
                             r"(?:.*?\b(?:by|from) (?:the )?(?P<body>.+))?", re.I)
_LEADING = re.compile(r"^(?:the|a|an|its|their|his|her)\s+", re.I)
_ACRONYM_IN_BRACKETS = re.compile(r"\((?P<acr>[A-Z][A-Za-z.&]{1,9})\)")


# What is counted is no source ("11 more deaths reported overnight"), nor a phrase ending on a function word.
_COUNTED = frozenset(("deaths", "dead", "bodies", "victims", "casualties", "injured", "wounded", "fatalities", "cases",
                      "injuries", "people", "persons"))
_FUNCTION_END = frozenset(("of", "the", "a", "an", "to", "for", "in", "on", "at", "by", "with", "and", "or"))
# "the National Coordinator for Disaster Reduction, known as CONRED": the body with its acronym
_KNOWN_AS = re.compile(r",? (?:also |better )?known as (?:the )?([A-Z][A-Za-z.&]{1,9})\b.*$")
_OFFICE_OF_PLACE = re.compile(r"(?:the )?(?P<office>governor|mayor|head|administrator) of (?:the )?(?:[A-Z][\w-]*['’]s )?"
                             r"(?P<place>(?:[A-Z][\w'’-]+ ){1,3})(?P<level>region|oblast|province|state|district|county)$",
                             re.I)
_LEVEL = {"region": "regional", "oblast": "regional", "province": "provincial", "state": "state", "district": "district",
          "county": "county"}
_OBLAST_OFFICE = re.compile(r"\b([A-Z][\w'’-]+) (?:Oblast|Region|Province) [Gg]overnor\b")
_TITLE_FIRST = re.compile(r"^(?:(?:Dr|Mr|Mrs|Ms|Prof|Col|Gen|Lt|Maj|Capt|Sgt)\.? )+")
_NUMBERED_NAME = re.compile(r"\b[A-Z][\w-]+ \d+\b(?! [a-z]+ (?:people|dead|killed))")  # "Rescue 1122": a name's number


def clean_phrase(phrase: str) -> str | None:
    """A source phrase without its tail (times, relative clauses, "in a statement"), or None when what is left is
    no noun phrase (a verb phrase, a number, a time)."""
    text = _KNOWN_AS.sub(r" (\1)", " ".join(phrase.split()).strip(" ,."))
    document = _DOCUMENT_FIRST.match(_LEADING.sub("", text))
    if document and document.group("body"):  # "figures from the health ministry": the ministry's
        text = document.group("body")
    text = _TIME_TAIL.sub("", text).strip(" ,.")
    words = text.split()
    for k, word in enumerate(words):  # "officials appointed by the rebel group" -> "officials"
        following = words[k + 1].lower() if k + 1 < len(words) else ""
        if k and _CLAUSE_WORD.match(word) and (not word.endswith("ed") or following in _PARTICIPLE_NEXT):
            words = words[:k]
            break
    text = " ".join(words).strip(" ,.")
    if not text or re.search(r"(?<![\w-])\d(?!\d*(?:st|nd|rd|th) [A-Z])", _NUMBERED_NAME.sub("", text)) or "<" in text \
            or _TIME_WORD.match(text):  # a number is no source's, but a unit's ordinal is: "the 803rd Infantry Brigade"
        return None
    if re.fullmatch(r"[a-z]+ed", text.split()[0]) and text.split()[0] not in _NOT_VERBS:
        return None  # a verb phrase: "died on the way to hospital in Catarman, said ..."
    if text.lower() in _PRONOUNS:
        return text.lower()
    bare = _DOCUMENTS.sub("", _LEADING.sub("", text))
    if not _is_acronym(bare) and (bare.lower() in _PRONOUNS or bare.lower() in _NOT_SOURCES):
        return None  # "which said", "each reported", "some estimates put"
    if bare.split()[-1].lower() in _COUNTED or bare.split()[-1].lower() in _FUNCTION_END:
        return None  # "11 more deaths reported", "the number of recorded cases"
    return text


def normalise_source(phrase: str) -> str:
    """One form of a source phrase: names dropped for their office, speakers for their body, "Full Name (ACR)" kept
    (or the alias table's form: "Doctors Without Borders (MSF)" as MSF), "the disaster agency AFAD" as AFAD, "Ministry of Health in Gaza" as "Gaza health ministry", aliases
    applied ("U.N." and "United Nations" are "UN")."""
    text = " ".join(phrase.split()).strip(" ,.")
    name, _, role = text.partition(", ")
    if role and _NAME_RUN.fullmatch(name) and not any(w.lower() in _BODY_WORDS for w in name.split()):
        text = role  # "Serene Gregg, local president of the union": the office, not the name
    elif role and _NAME_RUN.fullmatch(_TITLE_FIRST.sub("", role).strip(" ,")) and not any(
            w.lower() in _BODY_WORDS for w in role.split()):
        text = name  # "its medical director, Dr Albert Bokele": the office
    acronym = _ACRONYM_IN_BRACKETS.search(text)
    if acronym and text[:acronym.start()].split()[-1:] and text[:acronym.start()].split()[-1].lower() in _ROLES:
        text = text[:acronym.start()] + text[acronym.end():]  # "district magistrate (DM) Rajesh Kumar": an office
    elif acronym:
        # a body the alias table knows takes its one form ("Doctors Without Borders (MSF)": MSF); another keeps the
        # name the article gives it with its acronym, the form a reader knows it by either way
        known = _alias(acronym.group("acr"))
        full = normalise_source(text[:acronym.start()]) if known == acronym.group("acr") else ""
        return f"{full} ({known})" if full and full != known and source_kind(full) == "named" else known
    text = _LEADING.sub("", text)
    document = _DOCUMENT_FIRST.match(text)
    if document:  # "a report into the incident": no body; "a report by Amnesty": Amnesty; "the statement": its author
        if document.group("body"):
            return normalise_source(document.group("body"))
        return "statement" if text.lower() == "statement" else ""
    text = _OBLAST_OFFICE.sub(r"\1 regional governor", text)  # "Kharkiv Oblast Governor": the region's governor
    office = _OFFICE_OF_PLACE.match(text)
    if office:  # "the governor of Russia's Belgorod region": Belgorod's regional governor
        text = f"{office.group('place')} {_LEVEL[office.group('level').lower()]} {office.group('office').lower()}"
    text = re.sub(r"\bMinistry of (\w+)(?: (?:in|of) ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*)*))?$",
                  lambda m: f"{m.group(2) + ' ' if m.group(2) else ''}{m.group(1).lower()} ministry", text)
    if len(text.split()) > 1 and _DOCUMENTS.search(text):
        stripped = _DOCUMENTS.sub("", text)
        if not any(w[:1].isupper() or w.lower() in _BODY_WORDS for w in stripped.split()):
            if text.lower().endswith(" sources") and len(text.split()) == 2:
                return text.lower()  # "security sources", "local sources": people who speak, if for no body named
            return ""  # "its latest epidemiological bulletin", "official figures": a document, no body
        words = text.split()
        if words[-1].lower() == "sources" and words[-2][:1].islower() and all(w[:1].isupper() for w in words[:-2]):
            return text  # "Iraqi security sources": speakers of a country's, no body named
        text = stripped
    titled = _TITLED_NAME_OF.match(text)
    if titled and any(w.lower() in _BODY_WORDS for w in titled.group("body").split()):
        return normalise_source(titled.group("body"))  # "Acting Superintendent Karen Doyle of Queensland Police"
    words = text.replace("’", "'").split()
    if "TV" in words and all(w == "TV" or w.islower() for w in words):
        words = ["television" if w == "TV" else w for w in words]  # "state TV" names no body; "Press TV" does
    # a place's possessive goes ("Nigeria's army"), a body's or an office's stays ("Sheriff's Office")
    words = [w[:-2] if w.endswith("'s") and w[:1].isupper() and w[:-2].lower() not in _BODY_WORDS
             and w[:-2].lower() not in _ROLES else w for w in words]
    words = _drop_name(words)
    body = _speaker_body(words)
    if body:
        words = body
    if len(words) > 1 and _is_acronym(words[-1]) and any(w[:1].islower() for w in words[:-1]):
        words = words[-1:]  # "the disaster agency AFAD", "the U.N. refugee agency UNHCR"
    return _alias(" ".join(words))


def _alias(text: str) -> str:
    key = re.sub(r"\bu\.n\.?", "un", text.lower().replace("’", "'"))
    key = re.sub(r"^the ", "", key)
    if key in ALIASES:
        return ALIASES[key]
    first = key.split(" ")[0]
    if first in ("un", "united") and key.startswith(("un ", "united nations ")) and not any(
            alias.startswith(key) for alias in ("un children", "un refugee")):
        rest = key.split(" ", 2 if key.startswith("united nations") else 1)[-1]
        named = ALIASES.get(f"un {rest}")
        return named if named else "UN"
    return text


def _is_acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return 2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()


def _drop_name(words: list[str]) -> list[str]:
    """Words without a person's name that follows a title ("Gaya district magistrate Shashank Mishra" -> "Gaya
    district magistrate"; "Mr Ayuba" stays: a name alone is resolved elsewhere)."""
    roles = [k for k, w in enumerate(words) if w.lower().rstrip(",") in _ROLES]
    if not roles:
        return words
    k = roles[-1]
    bodies = [j for j in range(k + 1, len(words)) if words[j].lower() in _BODY_WORDS]
    if bodies and words[k + 1:k + 2] and words[k + 1].lower() == "of":
        k = bodies[-1]  # "Patuakhali Superintendent of Police Md Saiful Alam": the name after the office's body
    tail = words[k + 1:]
    if tail and all(w[:1].isupper() and w.lower() not in _BODY_WORDS and not _is_acronym(w) for w in tail):
        kept = words[:k + 1]
        while kept and kept[-1].lower() in _PERSON_TITLES:
            kept = kept[:-1]
        return kept or words  # "Mr Ayuba": a name with only a title is kept, to be resolved
    return words


_RANKS = frozenset("superintendent inspector sergeant constable commissioner".split())
_RANK_MODIFIERS = frozenset("acting deputy assistant senior chief detective".split())


def _speaker_body(words: list[str]) -> list[str] | None:
    """The body a speaker speaks for: "police spokeswoman" -> police, "BNPB head of data ..." -> BNPB, "a spokesperson
    for the X" -> X, "Doctors at X" -> X, "a member of X" -> X, "head of the regional military administration"."""
    low = [w.lower() for w in words]
    for k, word in enumerate(low):
        if word not in _SPEAKERS and word not in ("head", "chief", "director", "commander") and not (
                word in _RANKS and k and low[k - 1] in ("police", *_RANK_MODIFIERS)):
            continue  # a police rank after its force: "Queensland Police Acting Superintendent Kerri-Anne Walsh"
        if k and any(w in _BODY_WORDS or _is_acronym(v) for w, v in zip(low[:k], words)):
            body = words[:k]  # "police spokeswoman", "hospital officials", "UN officials", "BNPB head of ..."
            while len(body) > 1 and body[-1][:1].islower() and body[-1].lower() not in _BODY_WORDS:
                body = body[:-1]  # "Inongo General Referral Hospital medical director": the hospital
            while len(body) > 1 and body[-1].lower() in _RANK_MODIFIERS:
                body = body[:-1]  # "Queensland Police Acting Superintendent": the force
            return body
        if k + 2 < len(words) and low[k + 1] in ("for", "at", "of", "from", "with", "in"):
            rest = words[k + 2:]
            return rest[1:] if rest[0].lower() == "the" and len(rest) > 1 else rest
    return None


_GOVERNMENT = frozenset(("administration", "government", "authority", "authorities", "office", "council",
                         "ministry", "department", *_OFFICES))


def is_office(normalised: str) -> bool:
    """Whether a source names an office held by a person ("provincial minister of transport"): a "he" or "she"
    later is theirs."""
    return any(w in _OFFICES for w in normalised.lower().split())


@lru_cache(maxsize=4096)
def vague_source(normalised: str) -> bool:
    """Whether a source names nobody in particular ("officials", "authorities", "sources")."""
    return source_kind(normalised) != "named" and normalised.split()[-1].lower() in _GENERIC_HEADS


def summarise_sources(sources: list[str]) -> str | None:
    """One label for several offices of one level that a total sums, as an analyst records it: "regional
    governor" and "regional military administration" -> "regional officials"; None when they differ in kind."""
    # a place's name before the level is the office's place ("Dnipropetrovsk regional governor")
    words = [s.split()[1:] if len(s.split()) > 2 and s.split()[0][:1].isupper() and s.split()[1][:1].islower()
             else s.split() for s in sources]
    first = {w[0] for w in words}
    if len(sources) < 2 or len(first) != 1 or not next(iter(first)).isalpha() or not next(iter(first)).islower() \
            or any(len(w) < 2 or not _GOVERNMENT.intersection(x.lower() for x in w[1:]) for w in words):
        return None
    heads = {w[-1].lower() for w in words}
    if len(heads) == 1 and next(iter(heads)) in _OFFICES:  # all governors: "regional governors"
        return f"{words[0][0]} {next(iter(heads))}s"
    return f"{words[0][0]} officials"


@lru_cache(maxsize=4096)
def source_kind(normalised: str) -> str:
    """"pronoun" (he, she, they), "person" (a bare name: "Mr Ayuba", "Habimana"), "generic" (a description that
    names no body: "a medical group", "officials", "the ministry") or "named" (a body, office or title)."""
    words = normalised.split()
    low = [w.lower() for w in words]
    if not words:
        return "generic"
    if low[0] in _PRONOUNS and len(words) == 1:
        return "pronoun"
    if normalised in _ALIAS_NAMES or any(_is_acronym(w) for w in words):
        return "named"
    capitals = [w for w in words if w[:1].isupper() and not _MODIFIER.search(w)]
    cut = next((k for k, w in enumerate(low) if w in ("of", "at", "in", "for")), len(low))
    head = low[cut - 1]
    if cut == 1 and low[1:2] == ["in"] and head in _GENERIC_HEADS:
        return "generic"  # "Authorities in India's southern Tamil Nadu state": officials somewhere, no body
    if len(low) > 1 and any(w in _OFFICES for w in low) and head not in _SPEAKERS:
        return "named"  # an office: "regional governor", "Congolese Prime Minister", "district magistrate"
    if low[0] in _OFFICES or len(low) == 1 and low[0] in _GENERIC_HEADS:
        # an office or a body's head word alone ("the minister", "The Department"): the one named before ("South
        # Kivu's interior minister", "The Department of Mineral and Petroleum Resources")
        return "generic"
    if not capitals and (head in _GENERIC_HEADS or head not in _NAMED_COMMON):
        return "generic"  # "officials", "a medical group", "the ministry", "Witnesses", "herders"
    if low[0] in _PERSON_TITLES or (capitals and len(capitals) == len(words) and len(words) <= 3
                                    and not any(w in _BODY_WORDS for w in low)):
        return "person"
    return "named"


# A capitalised modifier is no name: "the Britain-based monitor", "the Iran-backed group".
_MODIFIER = re.compile(r"-(?:based|backed|run|led|funded|linked|aligned|allied|affiliated)$")
# The names the aliases give (a set: looked up for every source phrase).
_ALIAS_NAMES = frozenset(ALIASES.values())
# Lower-case sources that name a body of their own.
_NAMED_COMMON = frozenset("police military army navy coastguard guard".split())


_NAME_RUN = re.compile(r"(?:[A-Z][\w'’.-]+ ){0,3}[A-Z][\w'’-]+")


def person_names(phrase: str) -> list[str]:
    """Surnames of the people a source phrase names, so that a later "Mr Ayuba" or "Habimana told Reuters" finds
    their office: a name before an apposition ("Jean-Baptiste Habimana, a spokesperson for ..."), or after a title
    ("state police spokesperson Bashir Ayuba")."""
    words = " ".join(phrase.split()).split()
    head, _, rest = " ".join(words).partition(", ")
    if rest and _NAME_RUN.fullmatch(head) and not any(w.lower() in _BODY_WORDS for w in head.split()):
        return [head.split()[-1]]
    roles = [k for k, w in enumerate(words) if w.lower() in _ROLES]
    if roles and roles[-1] + 1 < len(words):
        tail = words[roles[-1] + 1:]
        named = [w[:1].isupper() and w.lower() not in _BODY_WORDS and not _is_acronym(w) for w in tail]
        if all(named):
            return [tail[-1]]
        # a name after the body its title heads: "head of the Dnipropetrovsk Regional Military Administration Oleh
        # Marchenko"
        length = next(k for k, ok in enumerate(reversed(named)) if not ok)  # the name ending the tail
        if 0 < length <= 3 and tail[-length - 1].lower().rstrip(",") in _BODY_WORDS:
            return [tail[-1]]
    titled = _TITLED_NAME_OF.match(" ".join(words))
    if titled:  # "Acting Superintendent Karen Doyle of Queensland Police"
        return [titled.group("name").split()[-1]]
    return []


# A titled person of a body: "Acting Superintendent Karen Doyle of Queensland Police" speaks for the police.
_TITLED_NAME_OF = re.compile(rf"^(?:[A-Z][\w.-]* )*?(?i:{'|'.join(re.escape(r) for r in (*_ROLES, *_RANKS))}) "
                             r"(?P<name>(?:[A-Z][\w'’-]+ ){1,3})(?:of|from|with|at) (?:the )?(?P<body>.+)$")
