"""Turkish: the words of casualty reporting in the style of Anadolu Ajansı, DHA and İHA.

Turkish is agglutinative and verb-final: the count comes first and its verb closes the clause ("4 kişi hayatını
kaybetti", "27 kişinin yaralandığını açıkladı"), a relative participle comes before its count ("yaralanan 14
kişi"), and a toll is a noun with a possessive before its number ("ölü sayısı 38'e yükseldi"). Negation is a
suffix of the verb ("yaralanmadı"), so the word lists below give the affirmative forms of each verb stem (a bare
`yaralan*` would read "yaralanmadı" too) and never its "-ebil-" forms of possibility ("ölebilir").

Numbers: digits with dotted thousands ("1.482") and decimal commas ("5,3"); "bin", "milyon" after digits ("2 bin
114", "43 binden fazla"); case endings after an apostrophe ("38'e", "1.482'ye", "60'tan fazla"), read with the
number by `_more_numbers`; number words summed and multiplied by the engine ("iki bin dört yüz seksen iki"). No
maintained library reads Turkish number words (number-parser carries a Turkish table but cannot parse with it),
and the table is small. A person named with the initial of a surname ("Fatma K.", the Turkish press's way of
naming private people) is one person, read as a count of one; so is a singular person noun opening a sentence or
clause ("Sürücü olay yerinde hayatını kaybetti") or joined to a count ("3 asker ile bir polis"), which the engine's
single victims (after an article, and only where no count of their category stands) leave out.
"""
from __future__ import annotations

import re
from itertools import product

from .model import Category, Language

_VOWELS = "aeıioöuü"
_HARD = "çfhkpsşt"
_FOUR = {"a": "ı", "ı": "ı", "o": "u", "u": "u", "e": "i", "i": "i", "ö": "ü", "ü": "ü"}


def _forms(word: str, soft: str | None = None, plural: bool = True) -> set[str]:
    """A noun's common case forms, singular (and plural): nominative, accusative, dative, locative, ablative,
    genitive, instrumental and the third person possessive with its cases ("sürücü", "sürücüsü", "sürücünün",
    "sürücüye"...). *soft* is the stem before a vowel ("çocuğ" for "çocuk")."""
    last = next((c for c in reversed(word) if c in _VOWELS), "e")
    a, i = ("a" if last in "aıou" else "e"), _FOUR[last]
    d = "t" if word[-1] in _HARD else "d"
    out = {word, word + d + a, word + d + a + "n", word + d + a + "ki"}
    if word[-1] in _VOWELS:
        out |= {word + "y" + i, word + "y" + a, word + "n" + i + "n", word + "yl" + a, word + "s" + i,
                word + "s" + i + "n" + i + "n", word + "s" + i + "n" + i, word + "s" + i + "n" + a,
                word + "s" + i + "nd" + a, word + "s" + i + "nd" + a + "n", word + "l" + a}
    else:
        stem = soft or word
        out |= {stem + i, stem + a, stem + i + "n", word + "l" + a, stem + i + "n" + i + "n", stem + i + "n" + i,
                stem + i + "n" + a, stem + i + "nd" + a, stem + i + "nd" + a + "n"}
    if plural:
        ler = word + "l" + a + "r"
        pi = _FOUR["a" if a == "a" else "e"]
        out |= {ler, ler + pi, ler + a, ler + "d" + a, ler + "d" + a + "n", ler + pi + "n", ler + pi + "n" + pi,
                ler + pi + "n" + pi + "n", ler + pi + "n" + a, ler + "l" + a}
    return out


def _all(*words: str, plural: bool = True) -> tuple[str, ...]:
    """The case forms of several nouns ("çocuk/çocuğ": a stem that softens before a vowel)."""
    out: set[str] = set()
    for w in words:
        word, _, soft = w.partition("/")
        out |= _forms(word, soft or None, plural)
    return tuple(sorted(out))


def _verb(*stems: str, objects: tuple[str, ...] = ("",)) -> tuple[str, ...]:
    """Affirmative forms of verb phrases, each given as its stem before the tense ("hayatını kaybet/kaybed"):
    past ("kaybetti", "kaybettiği", "kaybettiklerini"), participle ("kaybeden", "kaybedenlerin"), converb
    ("kaybederek"), reported past ("kaybetmiş", "kaybetmişti"), verbal noun ("kaybetmesine") and "-ken" (while:
    "kaybederken")."""
    out = []
    for spec, obj in product(stems, objects):
        stem, _, soft = spec.partition("/")
        soft = soft or stem
        last = next(c for c in reversed(stem) if c in _VOWELS)
        a, i = ("a" if last in "aıou" else "e"), _FOUR[last]
        d = "t" if stem[-1] in _HARD else "d"
        y = "y" if soft[-1] in _VOWELS else ""
        forms = [stem + d + i + "*", soft + y + a + "n*", soft + y + a + "r" + a + "k", stem + "m" + i + "ş*",
                 stem + "m" + a + "s" + i + "*", _aorist(stem, soft, i) + "ken"]
        out += [f"{obj} {f}".strip() for f in forms]
    return tuple(out)


def _aorist(stem: str, soft: str, i: str) -> str:
    """The aorist of a verb stem, for "-ken" (while): "kaybederken", "ölürken", "yaralanırken", "şehit olurken"."""
    last = stem.split()[-1]
    if last in _MONOSYLLABIC:
        return stem[:-len(last)] + _MONOSYLLABIC[last]
    if stem[-1] in _VOWELS:
        return stem + ("z" if stem.endswith(("ama", "eme")) else "r")  # "kurtarılamazken"
    if last.endswith("et"):
        return soft + "er"
    return soft + i + "r"


_MONOSYLLABIC = {"öl": "ölür", "ol": "olur", "al": "alır", "ver": "verir", "düş": "düşer", "kal": "kalır", "et": "eder"}
_UNITS = {"bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7, "sekiz": 8, "dokuz": 9, "on": 10,
          "yirmi": 20, "otuz": 30, "kırk": 40, "elli": 50, "altmış": 60, "yetmiş": 70, "seksen": 80, "doksan": 90}


def _number_cases(word: str) -> set[str]:
    """A number word's possessive and dative forms: "ikisi" (two of them), "dördü", "üçe" (to three)."""
    stem = {"dört": "dörd"}.get(word, word)
    last = next(c for c in reversed(word) if c in _VOWELS)
    a, i = ("a" if last in "aıou" else "e"), _FOUR[last]
    if word[-1] in _VOWELS:
        return {word + "s" + i, word + "y" + a}
    return {stem + i, stem + a}


# "bir", "on" and "yüz" have no such forms here: "biri" is someone, "onu" him, "yüzü" a face.
_INFLECTED = {form: value for word, value in _UNITS.items() if word not in ("bir", "on") for form in _number_cases(word)}
_SCALES = {"yüz": 100, "bin": 1000, "binden": 1000, "bine": 1000, "bini": 1000, "binin": 1000, "milyon": 1_000_000,
           "milyonu": 1_000_000, "milyondan": 1_000_000, "milyona": 1_000_000, "milyar": 1_000_000_000}

# Digits with their scale words and a case ending: "38'e", "1.482'ye", "2 bin 114'ü", "43 binden", "44 milyon 1
# bin 117". An ordinal ending ("5'inci") is left to the engine, which reads it as a label.
_SCALE_WORD = r"(?:milyar|milyon|bin)(?:den|dan|e|a|i|u|in|un|de|da)?"
_DIGIT_NUMBER = re.compile(  # a digit first (with no digit, letter or separator before it): `re` scans for it fast
    rf"(?P<n>\d(?<![\w.,]\d)(?:\d{{0,2}}(?:\.\d{{3}})+(?![.,]?\d)|\d*(?:,\d+)?))(?P<rest>(?: {_SCALE_WORD}(?: \d{{1,3}}"
    rf"(?![\d.,]))?)*)(?P<case>['’](?!(?:i|ı|u|ü)?n(?:ci|cı|cu|cü))[a-zçğıöşü]{{1,6}})?(?!\w)")
_THOUSAND = re.compile(r"(?<!\d )(?<!\w)bin (\d{1,3})(?![\d.,]\d)(?:['’](?!(?:i|ı|u|ü)?n(?:ci|cı|cu|cü))[a-zçğıöşü]{1,6})?"
                       r"(?!\w)")
_SCALE_VALUE = {"bin": 1000, "milyon": 1_000_000, "milyar": 1_000_000_000}
# "Fatma K.", "Emre D.'nin": a person named with the initial of a surname (found from its full stop)
# (with the comma after it: "Emre D., kaldırıldığı hastanede yaşamını yitirdi")
_INITIAL = re.compile(r"\.(?<= [a-zçğıöşü]\.)(?:['’][a-zçğıöşü]{1,6})?(?:,(?= ))?(?![\w.])")
_NAME = re.compile(r"(?<![\w.])[a-zçğıöşüâî]{2,} $")
# between two names of one group: an age, "ile" or "ve", and up to two words ("yanındaki arkadaşı", "eşi")
_NAME_JOIN = re.compile(r"(?: \(\d{1,3}\))?,? (?:ile|ve)(?: [a-zçğıöşü]+){0,2} ")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")


def _more_numbers(text: str) -> list[tuple[int, int, int, bool]]:
    """The numbers written with scale words and case endings, and the persons named by an initial, as (start,
    end, value, approximate)."""
    out = []
    if "'" in text or "’" in text or " bin" in text or " milyon" in text or " milyar" in text:
        for m in _DIGIT_NUMBER.finditer(text):
            if not m.group("rest") and not m.group("case") or not m.group("rest") and _YEAR.fullmatch(m.group("n")):
                continue  # plain digits and years: the engine's own reading
            value = _digit_value(m.group("n"), m.group("rest"))
            if value is not None:
                out.append((m.start(), m.end(), value, False))
    if "bin " in text:  # "bin 482": a thousand needs no "bir"
        out += [(m.start(), m.end(), 1000 + int(m.group(1)), False) for m in _THOUSAND.finditer(text)]
    if "." in text:
        out += _named(text)
    if " ve " in text or " ile " in text:
        out += _and_one(text)
    return out + [p for p in _opening_persons(text) if not any(start <= p[0] < end for start, end, _, _ in out)]


def _opening_persons(text: str) -> list[tuple[int, int, int, bool]]:
    """A singular person noun among the first words of a sentence or clause, as a count of one: "Sürücü olay yerinde
    hayatını kaybetti", "..., otomobil sürücüsü ağır yaralandı", "Kardeşleri kurtarmaya çalışan amcaları da
    yaralandı", "..., saldırgan da etkisiz hale getirildi" (an attacker, added). The engine's single victims need an
    article before the person, which Turkish often leaves out, and only stand where no count of their category
    does."""
    out = []
    start = len(text) - len(text.lstrip(" \"'“‘«(-—"))  # after an opening quote
    while start >= 0:
        pos = start
        tokens = text[start:start + 80].split(" ", 5)[:5]
        for k, token in enumerate(tokens[:4]):
            word = token.rstrip(",;:")
            if not (word.isalpha() or _ORDINAL.fullmatch(word)) or word in _NOT_BEFORE_PERSON:
                break  # four words at most, none a count, an article or punctuation ("5. kattan düşen işçi": one)
            if word in _OPENERS:  # a count of one just before the noun, which names its group
                out.append((pos, pos, 1, False))
                # or after the subject's comma, where the engine ends a count's noun phrase ("Kadın, eşi
                # tarafından öldürüldü", "Genç kız, ..."), unless the noun is one of those who speak ("Muhtar, ...
                # söyledi")
                comma = next((j for j in (k, k + 1) if j < len(tokens) and tokens[j].endswith(",")), None)
                if comma is not None and tokens[comma].rstrip(",") in _SPEAKERS:
                    out.pop()
                elif comma is not None:
                    at = pos + sum(len(t) + 1 for t in tokens[k:comma + 1])
                    out[-1] = (at, at, 1, False)
                break
            if word != token:
                break
            pos += len(token) + 1
        start = -1
        for clause in _CLAUSE.finditer(text, pos + 1):
            if _VERB_END.search(text, max(0, clause.start() - 12), clause.start()):
                start = clause.end()  # a clause after a verb's ("... devrildi, sürücü yaralandı"), not after a
                break  # subject's comma ("Kadın, eşi tarafından ...": the husband is not the victim)
    return out


def _and_one(text: str) -> list[tuple[int, int, int, bool]]:
    """A single person beside a count or another person, as a count of its own: "2 kadın ve minibüsün sürücüsü
    hayatını kaybetti", "3 asker ile bir polis", "anne ile 2 çocuğu" (one each), "sürücü ile yanındaki yolcu"
    (two: but not "polis ile şüpheli arasında", between them)."""
    out = []
    for m in _JOIN.finditer(text):
        count = _COUNT_NOUN.search(text, max(0, m.start() - 40), m.start())
        person = None if count else _PERSON_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if person is not None and person.group(1) not in _PERSON_SET:
            person = None
        if person is not None and _COUNT_AFTER.match(text, m.end()):
            out.append((person.start(1), person.end(1), 1, False))
            continue
        np = _NP_AFTER.match(text, m.end())
        if np is None or count is None and person is None:
            continue
        words = np.group().split()
        if words[0] == "bir":
            words = words[1:]
        end = np.end() if words and words[-1] in _PERSON_SET else np.end() - len(words[-1]) - 1 if len(
            words) > 1 and words[0] in _PERSON_SET else None
        if end is None or text.startswith(" arasında", end):
            continue
        if count is not None:
            out.append((np.start(), end, 1, False))
        elif person is not None:
            out.append((person.start(1), end, 2, False))
    return out


def _named(text: str) -> list[tuple[int, int, int, bool]]:
    """Persons named by an initial, one each, and those joined by "ile" or "ve" as one group ("Mehmet Y. (27) ile
    yanındaki arkadaşı Burak T. (25)": two)."""
    out: list[tuple[int, int, int, bool]] = []
    for m in _INITIAL.finditer(text):
        name = _NAME.search(text, max(0, m.start() - 40), m.start() - 1)
        if name is None:
            continue
        if out and _NAME_JOIN.fullmatch(text, out[-1][1], name.start()):
            start, _, count, _ = out[-1]
            out[-1] = (start, m.end(), count + 1, False)
        else:
            out.append((name.start(), m.end(), 1, False))
    return out


def _digit_value(first: str, rest: str) -> int | None:
    """"2" and " bin 114" -> 2114; "1,5" and " milyon" -> 1500000."""
    try:
        current = float(first.replace(".", "").replace(",", ".")) if "," in first else float(first.replace(".", ""))
    except ValueError:
        return None
    total = 0.0
    for word in rest.split():
        if word.isdigit():
            current = float(word)
        else:
            scale = next(v for k, v in _SCALE_VALUE.items() if word.startswith(k))
            total += current * scale
            current = 0.0
    value = total + current
    return int(round(value)) if value == int(value) or rest else None


# "öl" (die) is written out: "öldü*" would read "öldürmek" (to kill: "öldürmekle suçlanan", accused of killing)
_KILLED_VERBS = _verb("kaybet/kaybed", objects=("hayatını", "hayatlarını", "canını")) + _verb(
    "yitir", objects=("yaşamını", "yaşamlarını", "hayatını")) + _verb(
    "öldür", "öldürül", "kurtarılama", "vefat et/vefat ed", "can ver", "boğul", "şehit ol", "şehit düş",
    "şehit edil", "etkisiz hale getiril") + ("öldü", "öldüler", "öldüğü*", "öldük*", "ölen*", "ölerek", "ölmüş*",
                                             "ölmesi*", "ölürken")
# The fear, belief or possibility a death is stated in, after it: "öldüğünden korkuluyor", "öldüğü sanılıyor".
_DOUBTED = tuple(f"{verb} {doubt}" for verb in ("öldüğü*", "hayatını kaybettiği*", "yaşamını yitirdiği*")
                 for doubt in ("korkul*", "endişe*", "düşünül*", "sanıl*", "ihtimal*"))
# "X Devlet Hastanesi'ne kaldırıldı": the apostrophe of a name is a space by now
_INJURED_VERBS = _verb("yaralan", "yarala", "zehirlen", "yara al") + (
    "yaralı", "yaralı olarak", "hastaneye kaldırıldı*", "hastanelere kaldırıldı*", "hastanesine kaldırıldı*",
    "hastanesi ne kaldırıldı*", "hastaneye kaldırılan*", "tedavi altına alındı*", "tedavi altına alınan*",
    "dumandan etkilen*")


def _finite(verbs: tuple[str, ...]) -> tuple[str, ...]:
    """The forms that state a single victim's fate, without the converbs: "ağır yaralanarak" goes on to say what
    became of him ("... hayatını kaybetti", "... hastaneye kaldırıldı")."""
    return tuple(v for v in verbs if not v.endswith(("arak", "erek")))


_KILLED = _KILLED_VERBS + _DOUBTED + ("ölü", "ölüsü", "ölümüne", "ölümü", "şehit", "cesed*", "ceset*", "cansız beden*")


def _tolls(*heads: str) -> tuple[str, ...]:
    """A toll's head with the possessive that stands right before its number: "ölü sayısı 38'e yükseldi",
    "hayatını kaybedenlerin sayısının 5'e yükseldiği", "hayatını kaybeden işçi sayısı", "yaralıların sayısı ise
    96.794'e", "can kaybı 7'ye yükseldi". (The engine's toll pattern allows words between a head and its link, and
    a Turkish link is a possessive any category shares: these are read as predicates before a count.)"""
    out = []
    for head in heads:
        links = [head] if head.startswith("can kayb") else [f"{head} {link}" for link in ("sayısı", "sayısının")]
        out += [f"{link}{topic}" for link in links for topic in ("", " ise", " da", " de")]
        out += [f"{head} * sayısı", f"{head} * sayısının"]
    return tuple(out)


def _clause_final(predicates: tuple[str, ...]) -> tuple[str, ...]:
    """Predicates that a count of the next clause may follow with no comma ("3 asker şehit olurken 2 korucu
    yaralandı", "3 ölü 7 yaralı", "2 kişi öldü 4 kişi yaralandı"), with that count's tag: the engine reads a count right after a predicate as its
    object ("... et blessé sept autres"), which a verb-final language never has."""
    return tuple(f"{p} <N*" for p in predicates if p.endswith(("ken", "ölü", "yaralı", "şehit", "öldü")) or p in (
        "hayatını kaybetti*", "yaşamını yitirdi*", "öldürüldü*", "şehit oldu*", "yaralandı*"))


_MONTHS = ("ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım",
           "aralık")
# singular nouns of a person; a compound's head stands for it ("otomobil sürücüsü": sürücü, "güvenlik korucusu":
# korucu), and the possessive for "our" ("askerimiz": asker)
_PERSONS = ("kişi", "vatandaş", "adam", "kadın", "erkek", "çocuk/çocuğ", "bebek/bebeğ", "genç/genc", "kız", "öğrenci",
            "öğretmen", "işçi", "çalışan", "sürücü", "şoför", "yolcu", "yaya", "motosikletli", "bisikletli", "kurye",
            "motokurye", "polis", "memur", "bekçi", "asker", "çavuş", "astsubay", "subay", "teğmen", "yüzbaşı",
            "komiser", "korucu", "jandarma", "itfaiyeci", "itfaiye eri", "doktor", "hemşire", "sağlıkçı", "gazeteci",
            "muhtar", "imam", "çiftçi", "çoban", "balıkçı", "madenci", "avcı", "turist", "göçmen", "mülteci", "sivil",
            "hasta", "mahkum", "tutuklu", "şüpheli", "saldırgan", "anne", "baba", "eş", "kardeş", "amca", "dayı",
            "teyze", "dede", "torun", "yeğen", "oğul/oğl", "abla", "ağabey", "kuzen", "nişanlı", "komşu", "esnaf", "dağcı", "pilot", "personel", "emekli", "yaşlı",
            "kaptan")
# "amcaları", "anneleri": their uncle, their mother (one person)
_RELATIVES = tuple(f"{w}{'ları' if w[-1] in 'aıou' else 'leri'}" for w in ("anne", "baba", "amca", "dayı", "teyze",
                                                                         "hala", "dede", "babaanne", "anneanne"))


def _person(spec: str) -> tuple[str, ...]:
    """A singular person noun as a subject or object names it: "sürücü", "sürücünün", "sürücüyü", "sürücüsü*";
    "asker", "askeri*" (askerin, askerimiz); never the plural ("sürücüler")."""
    word, _, soft = spec.partition("/")
    last = next(c for c in reversed(word) if c in _VOWELS)
    i = _FOUR[last]
    if word[-1] in _VOWELS:
        return word, word + "n" + i + "n", word + "y" + i, word + "s" + i + "*"
    return word, (soft or word) + i + "*"


_PERSON_SET = frozenset(_all(*_PERSONS, plural=False))
_JOIN = re.compile(r" (?:ve|ile) ")
_COUNT_WORDS = "|".join(w for w in _UNITS if w != "bir")  # "bir" is an article here
_COUNT_NOUN = re.compile(rf"(?:(?<![\w.,])\d+|\b(?:{_COUNT_WORDS}))(?: [a-zçğıöşü]+){{1,2}}$")
_PERSON_BEFORE = re.compile(r"(?:^|[ ,(])([a-zçğıöşü]+)$")
_COUNT_AFTER = re.compile(rf"(?:\d|(?:{_COUNT_WORDS}) )")
_NP_AFTER = re.compile(r"(?:bir )?(?:[a-zçğıöşü]+ )?[a-zçğıöşü]+(?!\w)")


def _subject(spec: str) -> set[str]:
    """A singular person noun's forms as a subject, or a possessor: "sürücü", "sürücüsü", "sürücünün", "askerimiz"
    (not "polise", "askerde": to or at one, no subject)."""
    word, _, soft = spec.partition("/")
    stem, i = soft or word, _FOUR[next(c for c in reversed(word) if c in _VOWELS)]
    if word[-1] in _VOWELS:
        return {word, word + "n" + i + "n", word + "s" + i, word + "s" + i + "n" + i + "n", word + "m" + i + "z"}
    return {word, stem + i + "n", stem + i, stem + i + "n" + i + "n", stem + i + "m" + i + "z"}


_OPENERS = frozenset(form for p in _PERSONS for form in _subject(p)) | set(_RELATIVES)
_SPEAKERS = frozenset(form for p in ("muhtar", "doktor", "imam", "polis", "jandarma", "komiser", "gazeteci", "öğretmen",
                                      "esnaf", "komşu", "personel", "pilot", "kaptan", "hemşire", "sağlıkçı", "bekçi",
                                      "itfaiyeci") for form in _subject(p))
_CLAUSE = re.compile(r"[,;:] ")
_VERB_END = re.compile(r"(?:[dt][ıiuü](?:lar|ler)?|ken|[ae]rak|[ae]rek|m[ıiuü]ş(?:t[ıiuü])?|[ıiuü]yor)$")
_ORDINAL = re.compile(r"\d+\.")
# a count or an article before the person: its noun is a count's, or the engine's single victim
_NOT_BEFORE_PERSON = frozenset({*_UNITS, "birkaç", "onlarca", "yüzlerce", "binlerce", "çok", "birçok", "pek", "bu",
                                "şu", "o", "diğer"})
_PERPETRATORS = _all("terörist", "saldırgan", "militan", "bombacı", "canlı bomba", "intihar bombacısı", "eylemci")
# things that are never victims; a vehicle or place before a person is a compound's modifier ("köy korucusu",
# "otomobil sürücüsü", "ev sahibi"), so those are not listed
_NON_HUMAN = _all("hayvan", "koyun", "keçi", "sığır", "inek", "büyükbaş", "küçükbaş", "köpek/köpeğ", "kuş",
                  "tavuk/tavuğ", "arı", "balık/balığ", "kovan", "ağaç/ağac", "füze", "roket", "mermi", "silah",
                  "mühimmat", "cephane", "hektar", "dönüm", "ton", "deprem", "artçı", "sarsıntı", "orman", "parsel",
                  "metrekare", "bina", "konut", "çadır", "dükkan", "mağaza")


TURKISH = Language(
    code="tr",
    name="Turkish",
    number_words={**_UNITS, **_INFLECTED},
    scales=_SCALES,
    approximate={"düzine": 12},
    vague={"onlarca": 20, "yüzlerce": 200, "binlerce": 2000, "on binlerce": 20000, "yüz binlerce": 200000,
           "milyonlarca": 2_000_000, "düzinelerce": 24, "birkaç": 2, "çok sayıda": 2, "birçok": 2, "pek çok": 2,
           "sayısız": 2, "bir grup": 2},
    more_numbers=_more_numbers,
    units_after=("yaş*", "yıl*", "ay", "aylık", "ayda", "aydır", "ayı", "gün*", "hafta*", "saat*", "dakika*",
                 "saniye*", "asır*", "km", "kilometre*", "metre*", "m", "cm", "mm", "kg", "kilogram*", "ton*",
                 "gram*", "litre*", "derece*", "lira*", "tl", "dolar*", "avro*", "euro*", "sterlin*", "kuruş*",
                 "yıldız*", "kat", "katlı", "katında", "katından", "katta", "kattan", "kişilik", "puan*", "gol*",
                 "oy", "oyla", "oyu", "sandalye*", "büyüklüğ*", "şiddetinde*", "nolu", "numaralı",
                 "hektar*", "dönüm*", "metreküp*", "kilometrekare*", "adet", "'inci*", "'ıncı*", "'uncu*", "'üncü*",
                 "'nci*", "'ncı*", "'ncu*", "'ncü*", ". *", ")", "plaka*", "milimetre*", "santim*",
                 "sefer*", "kez", "kere", "defa", "-*", "mermi*", "el ateş*", "parti*", "seçmen*"),
    not_count_before=("yüzde", "%", "saat", "no", "no.", "numara", "sayfa", "madde", "d-", "e-", "o-", "skor", "kod",
                      "richter", "sayılı"),
    months=_MONTHS,
    weekdays=("pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar"),
    categories={
        "killed": Category(
            after=_KILLED + _clause_final(_KILLED),
            before=("ölen", "hayatını kaybeden", "hayatlarını kaybeden", "yaşamını yitiren", "yaşamlarını yitiren",
                    "öldürülen", "şehit olan", "şehit düşen", "can veren", "vefat eden", "kurtarılamayan",
                    *_tolls("ölü*", "ölen*", "hayatını kaybeden*", "yaşamını yitiren*", "öldürülen*", "şehit*",
                            "can kaybı", "can kaybının")),
            singular=_finite(_KILLED_VERBS) + _DOUBTED + ("ölü", "şehit", "cansız beden*"),
        ),
        "injured": Category(
            after=_INJURED_VERBS + _clause_final(_INJURED_VERBS),
            before=("yaralanan", "yaralı", "hastaneye kaldırılan", "tedavisi süren", "tedavi altına alınan",
                    "dumandan etkilenen", "zehirlenen", *_tolls("yaralı*", "yaralanan*")),
            singular=_finite(_INJURED_VERBS),
        ),
        "missing": Category(after=("kayıp", "kayboldu*", "kaybolan*", "haber alınamıyor", "haber alınamayan*",
                                   "kayıp olarak aranıyor", "aranıyor")),
        "displaced": Category(after=_verb("yerinden edil", "evsiz kal") + ("tahliye edildi*",)),
    },
    # between a count's noun and its predicate, and never the group it names ("27 kişinin de hafif yaralandığını",
    # "60'tan fazla kişi", "2 kişi daha")
    auxiliaries=("de", "da", "ise", "ağır", "hafif", "ağır şekilde", "hafif şekilde", "ağır olarak", "hafif olarak",
                 "fazla", "aşkın", "kadar", "yakın", "civarında", "toplam", "daha", "olay yerinde"),
    # between a predicate and its count ("ölen toplam 12 kişi"); "sayısı" after a predicate makes it a toll's head
    # ("ölü sayısı 38'e, yaralı sayısı 120'ye"), and the engine then leaves it
    determiners=("toplam", "toplamda", "sayısı", "sayısının"),
    qualifiers={
        "at_least": ("en az", "en azından", "asgari"),
        "about": ("yaklaşık", "tahminen", "yaklaşık olarak", "ortalama"),
        "nearly": ("neredeyse", "nerdeyse"),
        "up_to": ("en fazla", "en çok", "azami"),
    },
    negations=("hiçbir",),
    # fears, possibilities, drills and scenarios ("korkunç", dreadful, is no fear: "korkul*", not "kork*")
    hypotheticals=("olabilir", "olabilecek*", "olabileceği*", "ihtimal*", "muhtemel*", "olası", "korkul*",
                   "korkusu*", "endişe*", "risk*", "beklen*", "tatbikat*", "senaryo*", "varsayım*", "eğer",
                   "takdirde", "tehdit*", "düşünül*", "sanıl*", "ölebilir", "ölebileceği*", "yükselebilir",
                   "artabilir"),
    # a clause ends at a conjunction or a finite verb ("3 şüpheli gözaltına alındı, yaralanan polis ..."); the
    # postpositions inside a clause ("izdiham nedeniyle", "kazanın ardından") do not end it
    clause_words=("ancak", "ama", "fakat", "iken", "çünkü", "oysa", "gözaltına", "alındı", "edildi", "geldi",
                  "yapıldı", "gerçekleşti", "çarpıştı", "devrildi", "yakalandı", "kurtuldu", "kurtarıldı", "tutuklandı",
                  "açıkladı", "bildirdi", "belirtti", "söyledi", "kaydetti"),
    # "2 kadın, 3 çocuk ve 1 erkek", "3 asker ile bir polis" (a comma between clauses joins nothing: the first
    # count has a predicate of its own, "2 asker şehit oldu, 1 polis ve 2 sivil yaralandı")
    conjunctions=("ve", "ile", ","),
    parts_before=("aralarında", "bunlardan", "bunların", "içlerinde", "yaralılardan", "yaralananlardan",
                  "ölenlerden", "ölenler arasında", "hayatını kaybedenlerden", "hayatını kaybedenler arasında",
                  "yaralılar arasında", "yaralananlar arasında", "ölülerden"),
    increments_before=("ilave",),
    # "2 işçi daha kurtarılamadı": more deaths; attackers who died are a group of their own, added to the toll
    increments_after=("daha", "* daha", *_PERPETRATORS),
    cumulative=("toplam", "toplamda", "yüksel*", "ulaştı", "ulaştığı*", "bilanço*", "bu yana", "itibaren"),
    persons=tuple(form for p in _PERSONS for form in _person(p)) + _RELATIVES,
    people=_all("kişi", "insan", "vatandaş"),
    prepositions=(),
    # a single victim: "bir polis şehit oldu", "82 yaşındaki ...", "kazada motosiklet sürücüsü ..." (and a person
    # opening a sentence or clause, in `_opening_persons`)
    articles=("bir", "yaşındaki", "kazada", "olayda", "saldırıda", "patlamada", "yangında", "depremde", "çatışmada",
              "selde"),
    perpetrators=_PERPETRATORS,
    non_human=_NON_HUMAN,
    comma_ends_subject=False,  # "4 kişi, kaldırıldığı hastanede hayatını kaybetti"
    case_map={"İ": "i", "I": "ı"},
    # another event: last year's, an anniversary, an event of the last century ("17 Ağustos 1999'da", "1999
    # depremi")
    strong_past=("* yıl sonra", "geçen yıl*", "geçtiğimiz yıl*", "geçen sene*", "geçtiğimiz sene*", "* yıl önce", "yıl dönümü*",
                 "yıldönümü*", "anma", "anma töreni*", "anıldı", "anısına", "yüzyıl*",
                 "19* yılında", "19* yılındaki", "19* depremi*", *(f"{month} 19*" for month in _MONTHS)),
    past=("o yıl", "o dönem*", "o tarihte", "daha önce", "önceki bilanço*", "geçen ay", "geçtiğimiz ay"),
    scope=("başından bu yana", "başından beri", "yılbaşından bu yana", "yıl başından bu yana", "ülke genelinde",
           "tüm ülkede", "türkiye genelinde", "savaş boyunca", "savaşın başından", "bu yıl", "yılın başından"),
    unverified=("doğrulanama*", "teyit edileme*", "bağımsız kaynaklarca doğrulanma*", "bağımsız olarak doğrulan*"),
    place_endings=("da", "de", "ta", "te"),
    incident=("öte yandan", "diğer yandan", "bu arada", "başka bir", "ayrı bir", "aynı gün", "saatler sonra"),
    according_after=("göre",),
)
