"""Arabic: the words of casualty reporting in the style of Al Jazeera, WAFA, SANA, SPA and the Sudanese press.

Arabic writes its conjunctions and prepositions onto the next word (و "and", ف "so", ب "with", ل "for", and the
article ال), so a predicate is listed with the prefixes it takes ("وأصيب", "بمقتل"), and each phrase also in its
spelling without hamza ("اصيب"), which many outlets use. Numbers are digits (ASCII or Arabic-Indic, which the
engine reads alike) or words. No maintained library reads Arabic number words in running text (pyarabic's
text2number values a span it is given, and would be a new dependency), so the tables are below.

What the engine's patterns cannot find is read by `_more_numbers`, as numbers placed where the patterns look:
- number words, alone or in runs joined by an attached و ("خمسة وعشرين" 25, "مئة وخمسة" 105, "ثلاثة آلاف
  وخمسمئة" 3,500), digits after an attached conjunction ("و12 جريحا") and "44 ألفا و664";
- duals, which carry their number: "طفلين", "جثتين", "شهيدان" are two. A dual is read as a number 2 standing
  just before its noun, so that "مقتل طفلين" reads as "مقتل <2> طفلين" and "قتيلان" as "<2> قتيلان". Nouns whose
  plural ends the same way ("مدنيين", "مصابين") are duals only when "اثنين" follows them;
- singular nouns, which carry the number one: a person after a killing or wounding word ("مقتل شاب", "وأصيب
  زوجها"), a lone victim noun ("قتيل و3 جرحى", "فأردوه قتيلا") and a death with a singular pronoun ("لقي طفل
  يبلغ 11 عاما حتفه": his death), read as a number 1 the same way;
- in a sentence about a disease, a count of إصابة (infections, not injuries) is read with its إصابة, as one
  number that no predicate governs.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from .model import Category, Language

_HAMZA = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا"})
_VOWELLED = re.compile("[\u064b-\u0652]")


def _spellings(phrases: Iterable[str]) -> tuple[str, ...]:
    """Each phrase, and the same without hamza on its alifs (أصيب, اصيب) unless it is written with its vowels
    (أُصيب: a text that writes them writes the hamza too)."""
    out: dict[str, None] = {}
    for p in phrases:
        out[p] = None
        if not _VOWELLED.search(p):
            out[p.translate(_HAMZA)] = None
    return tuple(out)


def _prefixed(words: Iterable[str], prefixes: Iterable[str]) -> tuple[str, ...]:
    """Each word with each attached prefix ("" for the bare word)."""
    prefixes = tuple(prefixes)
    return _spellings(p + w for w in words for p in prefixes)


# ---------------------------------------------------------------------------------------------------- numbers
_UNITS = {"واحد": 1, "واحدة": 1, "أحد": 1, "إحدى": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
          "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2, "إثنان": 2, "إثنين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4,
          "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8,
          "ثمانية": 8, "تسع": 9, "تسعة": 9}
_TEN = {"عشر": 10, "عشرة": 10}
_TENS = {w: v for stem, v in (("عشر", 20), ("ثلاث", 30), ("أربع", 40), ("خمس", 50), ("ست", 60), ("سبع", 70),
                              ("ثمان", 80), ("تسع", 90)) for w in (stem + "ون", stem + "ين")}
_HUNDREDS = {"مئة": 100, "مائة": 100, "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "مئتا": 200,
             "مائتا": 200, **{stem + h: v * 100 for stem, v in (("ثلاث", 3), ("أربع", 4), ("خمس", 5), ("ست", 6),
                                                               ("سبع", 7), ("ثمان", 8), ("ثماني", 8), ("تسع", 9))
                              for h in ("مئة", "مائة")}}
_SCALES = {"ألف": 1000, "آلاف": 1000, "ألفا": 1000, "مليون": 10 ** 6, "ملايين": 10 ** 6, "مليونا": 10 ** 6,
           "مليار": 10 ** 9, "مليارات": 10 ** 9, "مليارا": 10 ** 9}
_PAIRS = {"ألفان": 2000, "ألفين": 2000, "مليونان": 2 * 10 ** 6, "مليونين": 2 * 10 ** 6}
_PLURAL_SCALES = {"آلاف", "ملايين", "مليارات"}  # alone, "thousands": a vague amount

_KIND: dict[str, tuple[str, int]] = {}
for _table, _kind in ((_UNITS, "unit"), (_TEN, "ten"), (_TENS, "tens"), (_HUNDREDS, "hundred"), (_SCALES, "scale"),
                      (_PAIRS, "pair")):
    for _word, _v in _table.items():
        _KIND[_word] = (_kind, _v)
        _KIND.setdefault(_word.translate(_HAMZA), (_kind, _v))


def _parse(words: list[tuple[str, bool]]) -> tuple[int, int]:
    """The value of a run of number words, each with whether a و joins it to the one before, and how many of them
    form one number ("خمسة وعشرون" 25; "خمسة وثلاثة" stops after خمسة: units follow hundreds, not units)."""
    total = current = 0
    last = None
    for k, (word, joined) in enumerate(words):
        kind, value = _KIND[word]
        if last is None:
            if joined or (kind == "scale" and word in _PLURAL_SCALES):
                return 0, 0
            if kind in ("scale", "pair"):
                total = value  # ألف, ألفين
            else:
                current = value
        elif kind == "unit" and joined and current % 100 == 0 and (current or total):
            current += value  # مئة وخمسة, ألف وثلاثة
        elif kind == "ten" and not joined and last == "unit" and current % 100 < 10:
            current += 10  # ثلاثة عشر
        elif kind == "ten" and joined and current % 100 == 0 and (current or total):
            current += 10
        elif kind == "tens" and joined and (last == "unit" and current % 100 < 10 or current % 100 == 0):
            current += value  # خمسة وعشرون, مئة وعشرون
        elif kind == "hundred" and not joined and value == 100 and last == "unit" and 0 < current < 10:
            current *= 100  # ثلاث مئة
        elif kind == "hundred" and joined and current == 0 and total:
            current = value  # ألف ومئتان
        elif kind == "scale" and not joined and current:
            total += current * value  # ثلاثة آلاف, مئة ألف
            current = 0
        else:
            return total + current, k
        last = kind
    return total + current, len(words)


def _value(span: str) -> int | None:
    """The value of a span of number words the engine found ("ثلاثة عشر", "خمسة و عشرين", "ثلاث مئة")."""
    words, joined = [], False
    for word in re.split(r"[\s-]+", span.strip()):
        if word == "و":
            joined = True
            continue
        if word not in _KIND and word[:1] == "و" and word[1:] in _KIND:
            word, joined = word[1:], True
        if word not in _KIND:
            return None
        words.append((word, joined))
        joined = False
    value, used = _parse(words)
    return value if used else None


# ------------------------------------------------------------------------------------------------ the words
# The words of killing and wounding, as written, after which a singular person is a victim ("مقتل شاب").
_KILL_NOUNS = ("مقتل", "استشهاد", "وفاة", "مصرع", "اغتيال", "إعدام", "ارتقاء", "قتل", "غرق", "موت")
_KILL_VERBS = ("قتل", "قُتل", "قتلت", "قُتلت", "يقتل", "تقتل", "يُقتل", "استشهد", "استشهدت", "اُستشهد", "توفي",
               "تُوفي", "توفيت", "تُوفيت", "يتوفى", "أعدم", "أعدمت", "اغتيل", "ارتقى", "ارتقت", "قضى", "لقي",
               "غرق", "أودى بحياة", "أودت بحياة", "يودي بحياة", "تودي بحياة", "حصد أرواح", "حصدت أرواح",
               "يحصد أرواح", "تحصد أرواح", "أزهق أرواح", "أزهقت أرواح", "راح ضحيته", "راح ضحيتها",
               "ذهب ضحيته", "ذهب ضحيتها", "راح ضحيتهما", "أسفر عن مقتل", "أسفرت عن مقتل")
_HURT_NOUNS = ("إصابة", "جرح")
_HURT_VERBS = ("أصيب", "أُصيب", "أصيبت", "أُصيبت", "يصاب", "يُصاب", "تصاب", "جرح", "جُرح", "جرحت", "جُرحت",
               "أصاب", "أصابت", "يصيب", "تصيب", "يجرح", "تجرح")
# The same as stems for the patterns, nouns with the prepositions they take, verbs with the conjunction: any form
# of them followed by a number is a count ("قتلت 5", "بقتل 5", "وأصيبوا 5").
_KILLING_NOUNS = ("مقتل", "استشهاد", "وفاة", "مصرع", "اغتيال", "إعدام", "ارتقاء", "موت", "هلاك", "قتل*")
_BODIES = ("جثث", "جثامين", "جثة", "جثمان", "جثتي", "جثماني")  # and construct duals: "جثتي امرأتين"
_KILLING_VERBS = ("هلك*", "قُتل*", "يقتل*", "تقتل*", "يُقتل*", "استشهد*", "استُشهد*", "اُستشهد*", "توفي*",
                  "تُوفي*", "يتوفى", "أعدم*", "أُعدم*", "اغتيل*", "اُغتيل*", "ارتقى", "ارتقت", "قضى", "غرق*",
                  "حصد* أرواح", "يحصد أرواح", "تحصد أرواح", "أزهق* أرواح", "راح ضحيت*", "ذهب ضحيت*")
_WOUNDING_NOUNS = ("إصابة", "جرح*")
_WOUNDING_VERBS = ("جُرح*", "أصيب*", "أُصيب*", "يصاب", "يُصاب", "تصاب", "أصاب*", "يصيب", "تصيب", "يجرح", "تجرح")
_BEFORE_NOUN = ("", "و", "ب", "ل")
_BEFORE_VERB = ("", "و")
_KILLED_TOLLS = ("عدد القتلى", "عدد الضحايا", "عدد الشهداء", "عدد الوفيات", "عدد الموتى", "عدد المتوفين",
                 "عدد قتلى", "عدد ضحايا", "عدد شهداء", "حصيلة", "الحصيلة", "حصيلة القتلى", "حصيلة الضحايا",
                 "حصيلة ضحايا", "حصيلة الشهداء", "حصيلة شهداء", "حصيلة الوفيات", "حصيلة قتلى", "إجمالي القتلى",
                 "إجمالي الضحايا", "إجمالي الشهداء", "إجمالي الوفيات", "إجمالي عدد القتلى", "مجموع القتلى")
_INJURED_TOLLS = ("عدد الجرحى", "عدد المصابين", "عدد الإصابات", "عدد جرحى", "عدد مصابي", "حصيلة الجرحى",
                  "حصيلة المصابين", "حصيلة الإصابات", "حصيلة الجرحى والمصابين", "إجمالي الجرحى",
                  "إجمالي المصابين", "إجمالي عدد الجرحى", "إجمالي عدد المصابين")

# Victim nouns: a count's noun after its number ("12 قتيلا", "4 قتلى", "164 مصابا"). Their singulars and duals
# carry their own number.
_VICTIMS_KILLED = ("قتلى", "قتيل", "قتيلا", "قتيلة", "قتيلين", "قتيلان", "شهيد", "شهيدا", "شهيدة",
                   "شهيدين", "شهيدان", "شهداء", "ضحايا", "ضحية", "ضحيتين", "ضحيتان", "جثة", "جثث",
                   "جثتين", "جثتان", "جثامين", "جثمان", "جثماني", "موتى", "وفيات", "وفاة", "حالة وفاة",
                   "حالات وفاة")
_VICTIMS_INJURED = ("جرحى", "جريح", "جريحا", "جريحة", "جريحين", "جريحان", "مصاب", "مصابا", "مصابة",
                    "مصابين", "مصابون", "مصابات", "إصابات", "مصابان")

_SINGLE_VICTIMS = frozenset(("قتيل", "قتيلا", "قتيلة", "شهيد", "شهيدا", "شهيدة", "جثة", "جريح", "جريحا", "جريحة"))
# "لقي طفل ... حتفه": his death, one person's; "مصرعهما", two persons'.
_OWN_DEATH = {p + w + s: n for w in ("مصرع", "حتف") for s, n in (("ه", 1), ("ها", 1), ("هما", 2))
              for p in ("", "و", "ف")}
_DUAL_VICTIMS = {"قتيلين", "قتيلان", "شهيدين", "شهيدان", "جثتين", "جثتان", "جريحين", "جريحان", "ضحيتين",
                 "ضحيتان", "مصابان"}
# Nouns of a person whose dual is unlike their plural (طفلين, not أطفال): the dual alone says two.
_DUAL_STEMS = ("شخص", "طفل", "رجل", "شاب", "ولد", "صبي", "جندي", "ضابط", "شرطي", "عنصر", "شقيق", "طبيب",
               "مريض", "سجين", "أسير", "رضيع", "تلميذ", "حارس", "قائد", "زعيم", "نائب", "فرد", "توأم", "زوج",
               "راعي", "امرأت", "سيدت", "فتات", "طفلت", "شابت", "شقيقت", "ممرضت", "طالبت", "ابنت", "زوجت",
               "ممرض", "مسلح", "مقاتل", "رهينت", "أخري")
_DUALS = {p + s + e for s in _DUAL_STEMS for e in ("ين", "ان") for p in ("", "ال")} - {
    "مسلحين", "المسلحين", "مقاتلين", "المقاتلين", "ممرضين", "الممرضين"}  # also plurals
_DUALS.add("آخران")  # not "آخرين", also a plural
# Nouns with a sound plural ("مدنيون", "مدنيين"): their nominative dual (مدنيان) and feminine duals (مدنيتين) are
# unlike any plural.
_SOUND_STEMS = ("مدني", "مواطن", "مستوطن", "مسلح", "مقاتل", "عامل", "مسعف", "صحفي", "صحافي", "فلسطيني",
                "إسرائيلي", "لبناني", "سوري", "عراقي", "يمني", "سوداني", "مصري", "ليبي", "أردني", "عسكري", "مزارع",
                "صياد", "مهاجر", "لاجئ", "نازح", "معتقل", "متظاهر", "محتج", "ناشط", "موظف", "مدرس", "معلم",
                "مهندس", "سائق", "مسن", "مقيم", "مجند", "منتسب", "مراسل", "مصور", "مدون", "مختطف", "راكب")
_DUALS |= {p + s + e for s in _SOUND_STEMS for p in ("", "ال") for e in ("ان", "تان", "تين")}
_DUALS |= {w.translate(_HAMZA) for w in _DUALS}
_PERSONS = ("شخص", "رجل", "امرأة", "سيدة", "طفل", "طفلة", "رضيع", "رضيعة", "فتاة", "فتى", "شاب", "شابة", "صبي",
            "ولد", "مواطن", "مواطنة", "مدني", "جندي", "شرطي", "ضابط", "عنصر", "عسكري", "مسلح", "مقاتل", "مستوطن",
            "مستوطنة", "فلسطيني", "فلسطينية", "إسرائيلي", "إسرائيلية", "سوري", "لبناني", "عراقي", "يمني",
            "سوداني", "مصري", "ليبي", "أردني", "سعودي", "صومالي", "أفغاني", "تركي", "إيراني", "قائد", "قيادي",
            "زعيم", "صحفي", "صحافي", "صحفية", "صحافية", "مصور", "مسعف", "طبيب", "طبيبة", "ممرض", "ممرضة",
            "سائق", "راع", "راعي", "مزارع", "عامل", "عاملة", "طالب", "طالبة", "تلميذ", "تلميذة", "مسن", "مسنة",
            "عجوز", "حارس", "مدرس", "مدرسة", "معلم", "معلمة", "أسير", "معتقل", "سجين", "لاجئ", "لاجئة", "نازح",
            "نازحة", "مهاجر", "صياد", "متظاهر", "محتج", "ناشط", "ناشطة", "إمام", "شيخ", "مختار", "نائب", "موظف",
            "موظفة", "مهندس", "محام", "قاض", "حاج", "زائر", "سائح", "راكب", "والد", "والدة", "ابن", "ابنة",
            "شقيق", "شقيقة", "زوج", "زوجة", "مراهق", "مراهقة", "رقيب", "عريف", "ملازم", "نقيب", "عقيد", "مقدم",
            "لواء", "عميد", "فرد", "أحد", "ثالث", "ثالثة", "رابع", "رابعة", "خامس", "خامسة", "آخر", "أخرى", "رهينة",
            "مختطف", "مدنية", "مقيم", "مقيمة", "وافد", "وافدة", "مجند", "خفير", "تاجر", "بائع", "منتسب",
            "مرافق", "مدون", "مراسل", "مراسلة", "حارسة")

# A relative named by a pronoun is one person too: "وأصيب زوجها", "مقتل ابنه".
_KIN = tuple(stem + suffix for stem in ("زوج", "زوجت", "ابن", "ابنت", "نجل", "نجلت", "شقيق", "شقيقت", "والد",
                                        "والدت", "طفل", "طفلت", "حفيد", "حفيدت", "صديق", "صديقت", "جد", "جدت",
                                        "عم", "خال", "أخو", "أخت", "مرافق", "حارس", "سائق")
             for suffix in ("ه", "ها", "هم", "هما"))
_SINGLE_PREDICATES = (*(w for w in (*_KILL_NOUNS, *_KILL_VERBS, *_HURT_NOUNS, *_HURT_VERBS) if " " not in w),
                      "لقيت", "لقيا", "بحياة")
_ATTACHED = ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل", "ك")
# Every written form of the words a number may hide in, with where its number stands: the word's start after
# its conjunction or preposition (an article stays with the noun: "مقتل <2> الطفلين").
_SURFACE: dict[str, tuple[str, int]] = {}
for _p in _ATTACHED:
    for _kind, _words, _articles in (("person", _PERSONS, ("", "ال")), ("person", _KIN, ("",)),
                                     ("dual", _DUALS, ("",)), ("victim", _SINGLE_VICTIMS, ("",)),
                                     ("victims", _DUAL_VICTIMS, ("",))):
        for _w in _spellings(_words):
            for _a in _articles:
                _SURFACE.setdefault(_p + _a + _w, (_kind, len(_p)))
                if _p.endswith("ل") and _a:  # لل: ل and ال
                    _SURFACE.setdefault(_p + "ل" + _w, (_kind, len(_p)))
_SURFACE.pop("أحد", None)
_PREDICATE_FORMS = frozenset(p + w for w in _spellings(_SINGLE_PREDICATES) for p in _ATTACHED)
_COUNTED = frozenset(("عشرات", "العشرات", "مئات", "المئات", "آلاف", "الآلاف", "الاف", "الالاف", "عدد"))
_TWO = frozenset(w for w in _KIND if w[:3] in ("اثن", "إثن") and _KIND[w][1] == 2 and w.endswith("ن"))
_ONE = frozenset(("واحد", "واحدة", "واحدا"))
_SCALE_VALUES = {w: v for w, (k, v) in _KIND.items() if k == "scale"}
_SCALE_WORDS = "|".join(sorted(_SCALE_VALUES, key=len, reverse=True))
_PREFIXED_DIGITS = re.compile(rf"(?<!\w)[وف](?P<d>\d{{1,3}}(?:[.,]\d{{3}})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
                              rf"(?:\s*(?P<s>{_SCALE_WORDS})(?!\w))?")
_GROUPED = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
# "44 ألفا و664": thousands, then the rest after و
_COMPOUND_DIGITS = re.compile(rf"(?<![\w.,])(?P<a>\d+(?:[.,]\d+)?)\s*(?P<s>{_SCALE_WORDS})\s+و\s*(?P<b>\d{{1,3}})"
                              rf"(?![\d.,])(?:\s*(?P<t>{_SCALE_WORDS})(?!\w))?")
# a word with its short vowels and tanween ("شخصاً", "قُتل"), looked up without them
_WORD = re.compile(r"\w[\w\u064b-\u0652\u0670]*")
_MARKS = str.maketrans("", "", "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")
_MARK = re.compile("[\u064b-\u0652\u0670]")
_PLAIN_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


def _digits_value(digits: str, scale: str | None) -> int | None:
    """Digits with an optional scale word ("و3 آلاف"), as the engine values them."""
    factor = _SCALE_VALUES.get(scale, 1) if scale else 1
    if _GROUPED.fullmatch(digits):
        return int(re.sub(r"\D", "", digits)) * factor
    number = float(digits.replace(",", "."))
    if factor == 1 and number != int(number):
        return None
    return int(round(number * factor))


def _is_number(token: str) -> bool:
    """Whether a word is a number or a vague amount ("12", "ثلاثة", "وخمسة", "عشرات")."""
    return bool(_DIGIT.search(token)) or token in _KIND or token[:1] in "وف" and token[1:] in _KIND or \
        token in _COUNTED


def _subject(tokens: list[tuple[str, int, int]], k: int) -> bool:
    """Whether the person before token k is a verb's subject with its object count after it ("قتل مسلح مجهول 3
    أشخاص"): a number within two words, before any word that opens another clause ("قتل جندي وأصيب اثنان")."""
    for token, _, _ in tokens[k:k + 2]:
        if token[:1] in "وف" and not _is_number(token):
            return False
        if _is_number(token):
            return True
    return False


# In a sentence about a disease, إصابة is an infection, not an injury: "إصابة 35 شخصا بالكوليرا", "5 إصابات
# بالكوليرا". Such a count is read together with its إصابة, as one number that no predicate governs; deaths stay.
# ("1,200 إصابة" after its number is never read as injured: the singular after 11 and more is the health
# bulletins' count of cases; "إصابة" and "حالة" are listed as things, so that "1,200 إصابة و19 وفاة" is no group.)
_DISEASE = re.compile(r"(?<!\w)[وبل]?(?:ال)?(?:كوليرا|كورونا|فيروس|حصبة|ملاريا|حمى|حمّى|تيفوئيد|وباء|أوبئة|إسهال|"
                      r"اسهال|جدري|إنفلونزا|انفلونزا|إيدز|ايدز|دفتيريا|ضنك|كوفيد|طاعون|عدوى|تفشي|جائحة|الكبد|"
                      r"سرطان|السكري|مرض(?!\w)|أمراض)")
_DIGITS = r"\d{1,3}(?:[.,]\d{3})+(?![.,]?\d)|\d+"
_INFECTIONS = re.compile(
    rf"(?<!\w)(?P<pred>[وبل]?(?:إصابة|اصابة|أصيب|اصيب|أُصيب|إصابات|اصابات)(?: [^\d\s]+){{0,3}}? )(?P<n>{_DIGITS})"
    rf"|(?:(?<![\w.,])|(?<=(?<!\w)[وف]))(?P<m>{_DIGITS})(?P<noun> (?:إصابات|اصابات|مصاب|مصابا|مصابين|مصابون))(?!\w)")


def _infections(text: str) -> list[tuple[int, int, int, bool]]:
    """The counts of infections of a sentence about a disease, each read with its إصابة."""
    if not _DISEASE.search(text):
        return []
    out = []
    for m in _INFECTIONS.finditer(text):
        digits = m.group("n") or m.group("m")
        value = _digits_value(digits, None)
        if value is not None:
            out.append((m.start(), m.end(), value, False))
    return out


# the words `_more_numbers` stops at; any other is passed over unless "واحد" or "اثنين" follows it
_RELEVANT = frozenset((*_KIND, *("و" + w for w in _KIND), *("ف" + w for w in _KIND), *_OWN_DEATH, *_SURFACE))
_AFTER_NOUN = _ONE | _TWO


def _more_numbers(text: str) -> list[tuple[int, int, int, bool]]:
    """Arabic numbers the engine's patterns cannot find (see the module's docstring), as (start, end, value,
    approximate) in the lower-cased sentence."""
    out: list[tuple[int, int, int, bool]] = []
    for m in _PREFIXED_DIGITS.finditer(text):
        value = _digits_value(m.group("d"), m.group("s"))
        if value is not None:
            out.append((m.start("d"), m.end(), value, False))
    out.extend(_infections(text))
    for m in _COMPOUND_DIGITS.finditer(text):
        high, low = _digits_value(m.group("a"), m.group("s")), _digits_value(m.group("b"), m.group("t"))
        if high is not None and low is not None and low < _SCALE_VALUES[m.group("s")]:
            out.append((m.start(), m.end(), high + low, False))
    if _MARK.search(text):
        tokens = [(m.group().translate(_MARKS), m.start(), m.end()) for m in _WORD.finditer(text)]
    else:
        tokens = [(m.group(), m.start(), m.end()) for m in _PLAIN_WORD.finditer(text)]
    n, k = len(tokens), 0
    while k < n:
        token, start, end = tokens[k]
        if token not in _RELEVANT and (k + 1 == n or tokens[k + 1][0] not in _AFTER_NOUN):
            k += 1
            continue
        cut = 0 if token in _KIND else 1 if token[:1] in "وف" and token[1:] in _KIND else -1
        if cut >= 0:  # a run of number words, the first perhaps after an attached conjunction
            words, ends, j = [(token[cut:], False)], [end], k + 1
            while j < n:
                nxt, s, e = tokens[j]
                gap = text[ends[-1]:s].strip()
                joined = gap == "و"
                if gap not in ("", "و"):
                    break
                if nxt not in _KIND and not joined and nxt[:1] == "و" and nxt[1:] in _KIND:
                    nxt, joined = nxt[1:], True
                if nxt not in _KIND:
                    break
                words.append((nxt, joined))
                ends.append(e)
                j += 1
            value, used = _parse(words)
            if used:
                out.append((start + cut, ends[used - 1], value, False))
            k += max(used, 1)
            continue
        if token in _OWN_DEATH:
            out.append((start, start, _OWN_DEATH[token], False))  # لقي طفل (11 عاما) <1> حتفه
            k += 1
            continue
        kind, cut = _SURFACE.get(token, (None, 0))
        following = tokens[k + 1][0] if k + 1 < n else ""
        if kind is None:
            if following in _ONE and token not in _PREDICATE_FORMS and not _is_number(token):
                out.append((start, tokens[k + 1][2], 1, False))  # شخصاً واحداً
                k += 2
                continue
            if following in _TWO and len(token) >= 4 and token.endswith(("ين", "ان")) and not (
                    k and _is_number(tokens[k - 1][0])):
                # مدنيين اثنين: two, whatever the noun; a victim noun keeps its place ("<2> مصابين اثنين")
                victim = token.lstrip("وفبل") in ("مصابين", "المصابين", "جرحى", "الجرحى")
                out.append((start, start if victim else tokens[k + 1][2], 2, False))
                k += 1 if victim else 2
                continue
            k += 1
            continue
        if k and _is_number(tokens[k - 1][0]):
            k += 1
            continue
        at = start + cut
        if kind in ("dual", "victims"):
            out.append((at, at, 2, False))  # مقتل <2> طفلين, <2> قتيلان
        elif kind == "victim":
            out.append((at, at, 1, False))  # <1> قتيل و3 جرحى, فأردوه <1> قتيلا
        elif following in _ONE:
            out.append((at, tokens[k + 1][2], 1, False))  # شخص واحد
            k += 2
            continue
        elif k and tokens[k - 1][0] in _PREDICATE_FORMS and not _subject(tokens, k + 1):
            out.append((at, at, 1, False))  # مقتل <1> شاب, لقي <1> طفل مصرعه
        k += 1
    return out


# --------------------------------------------------------------------------------------------- the language
_MONTHS = ("يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه", "أغسطس",
           "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر", "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
           "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول", "جانفي", "فيفري", "أفريل",
           "ماي", "جوان", "جويلية", "أوت", "محرم", "ربيع الأول", "ربيع الآخر", "ربيع الثاني", "جمادى الأولى",
           "جمادى الآخرة", "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذي القعدة", "ذو الحجة", "ذي الحجة")
_WEEKDAYS = ("الأحد", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت")

ARABIC = Language(
    code="ar",
    name="Arabic",
    before_gap=3,  # words between a verb and its number (verb-second / verb-subject-object order)
    # number words are found by `_more_numbers` (it knows the attached و of "وعشرين"); the engine's own pattern
    # only needs the scales, for digits ("9 آلاف")
    number_words={},
    scales=_SCALE_VALUES,
    # with an attached و ("وعشرات الجرحى") a vague amount is left unread: the engine would take the و into it
    vague={"عشرات": 20, "العشرات": 20, "مئات": 200, "المئات": 200, "آلاف": 2000, "الآلاف": 2000, "الاف": 2000,
           "الالاف": 2000, "عشرات الآلاف": 20000, "عشرات الالاف": 20000, "مئات الآلاف": 200000,
           "مئات الالاف": 200000, "ملايين": 2_000_000, "بضعة": 3, "بضع": 3, "عدة": 3, "عدد من": 3},
    value=_value,
    more_numbers=_more_numbers,
    units_after=_spellings((
        "عام", "عاما", "أعوام", "سنة", "سنوات", "سنين", "شهر", "شهرا", "أشهر", "شهور", "أسبوع", "أسبوعا",
        "أسابيع", "يوم", "يوما", "أيام", "ساعة", "ساعات", "دقيقة", "دقائق", "ثانية", "ثوان", "ثواني", "كم",
        "كلم", "كيلومتر", "كيلومترا", "كيلومترات", "متر", "مترا", "أمتار", "م", "سم", "ملم", "مم",
        "سنتيمتر", "سنتيمترا", "سنتيمترات", "ميل", "أميال", "قدم", "كغ", "كجم", "كيلوغرام", "كيلوغراما",
        "كيلوغرامات", "كيلوجرام", "غرام", "جرام", "طن", "طنا", "أطنان", "لتر", "لترا", "لترات", "برميل",
        "براميل", "هكتار", "هكتارا", "هكتارات", "دونم", "دونما", "دونمات", "فدان", "فدانا", "أفدنة",
        "درجة", "درجات", "ريختر", "بالمئة", "بالمائة", "في المئة", "في المائة", "نقطة", "نقاط", "مرة", "مرات",
        "ضعف", "أضعاف", "دولار", "دولارا", "دولارات", "يورو", "جنيه", "جنيها", "جنيهات", "ريال", "ريالا",
        "ريالات", "درهم", "درهما", "دراهم", "دينار", "دينارا", "دنانير", "ليرة", "ليرات", "شيكل", "شيكلا",
        "روبل", "فرنك", "أوقية", "ميغاواط", "منزل", "منزلا", "منازل", "مبنى", "مباني", "وحدة", "وحدات",
        "سيارة", "سيارات", "مركبة", "مركبات", "صاروخ", "صاروخا", "صواريخ", "طائرة", "طائرات", "مسيرة",
        "مسيرات", "قذيفة", "قذائف", "غارة", "غارات", "محل", "محلا", "محلات", "متجر", "متجرا", "متاجر", "مدرسة",
        "مدارس", "قرية", "قرى", "بلدة", "بلدات", "مقعد", "مقعدا", "مقاعد", "صوت", "صوتا", "أصوات", "هدف",
        "هدفا", "أهداف", "صورة", "صور", "طابق", "طوابق", "رأس", "ماشية", "سائح", "زائر", "حاج", "حاجا",
        "إصابة جديدة", "إصابات جديدة", "حالة إصابة", "حالات إصابة", "حالة اشتباه", "حالات اشتباه",
        "إصابة مؤكدة", "إصابات مؤكدة", "إصابة بفيروس", "إصابة بكورونا", "إصابة بالكوليرا", "إصابة بالفيروس",
        "كيلو", "مليم", "ألف دولار", "مليون دولار")),
    not_count_before=_spellings((
        "العمر", "عمره", "عمرها", "بعمر", "في سن", "دون سن", "تحت سن", "فوق سن", "بسن", "بقوة", "قوته", "قوتها",
        "رقم", "الرقم", "برقم", "طريق",
        "الطريق", "الطابق", "طابق", "المادة", "القرار", "الساعة", "الدقيقة", "الكيلو", "الكيلومتر", "المرتبة",
        "المركز", "بنتيجة", "نتيجة", "بفارق", "نسبة", "بنسبة", "بمعدل", "معدل", "سعر", "بسعر", "بقيمة", "قيمة",
        "اللواء", "الفرقة", "الكتيبة", "الفيلق", "صفحة", "الفصل", "البند", "الحلقة", "الموسم", "النسخة",
        "الدورة", "الجولة", "المباراة", "مقابل")),
    # the engine reads these at the end of the words before a number, without a word boundary: no short word
    # that ends other words ("اب" would end "شاب", "سن" "حسن")
    months=tuple(m for m in _spellings(_MONTHS) if m not in ("اب", "اوت")),
    weekdays=_spellings(_WEEKDAYS),
    categories={
        # injured first: a toll's head "حصيلة" is the dead's unless it names the injured ("حصيلة المصابين")
        "injured": Category(
            after=_spellings((*_VICTIMS_INJURED, "أصيبوا", "أُصيبوا", "أصيبا", "أُصيبا", "جرحوا", "جُرحوا",
                              "أصبن", "أصيبت")),
            before=(*_prefixed(_WOUNDING_NOUNS, _BEFORE_NOUN), *_prefixed(_WOUNDING_VERBS, _BEFORE_VERB),
                    *_spellings(_INJURED_TOLLS)),
            toll=_prefixed(_INJURED_TOLLS, ("", "و")),
        ),
        "killed": Category(
            after=_spellings((*_VICTIMS_KILLED, "قتلوا", "قُتلوا", "قتلا", "قُتلا", "قتلن", "استشهدوا", "استُشهدوا",
                              "استشهدا", "استشهدن", "مصرع*", "حتف*", "حياتهم", "حياتهما", "أرواحهم", "توفوا",
                              "تُوفوا", "توفيا", "ماتوا", "غرقا", "غرقوا", "في عداد القتلى", "فارقوا الحياة",
                              "قضوا نحبهم", "أعدموا", "اغتيلوا", "لقوا حتفهم")),
            before=(*_prefixed(_KILLING_NOUNS, _BEFORE_NOUN), *_prefixed((*_KILLING_VERBS, *_BODIES), _BEFORE_VERB),
                    *_spellings(("بحياة", "بأرواح", *_KILLED_TOLLS[:9], *_KILLED_TOLLS[11:]))),
            toll=_prefixed(_KILLED_TOLLS, ("", "و")),
        ),
        "missing": Category(
            after=_spellings(("في عداد المفقودين", "مفقود", "مفقودا", "مفقودين", "مفقودون", "المفقودين",
                              "مفقودة", "مفقودات")),
            before=_prefixed(("فقدان", "اختفاء", "عدد المفقودين"), ("", "و", "ب")),
        ),
        "displaced": Category(
            after=_spellings(("نازح", "نازحا", "نازحين", "نازحون", "النازحين", "مشرد", "مشردا", "مشردين",
                              "مهجر", "مهجرا", "مهجرين", "نزحوا", "شردوا")),
            before=_prefixed(("نزوح", "تهجير", "تشريد"), ("", "و", "ب")),
        ),
    },
    auxiliaries=_spellings(("قد", "كانوا", "كان", "كانا", "أيضا", "كذلك", "جميعهم", "كلهم", "بالفعل", "لقوا",
                            "لقي", "لقيا", "لقين", "لقيت")),
    determiners=_spellings(("أيضا", "كذلك", "فيه", "فيها", "خلاله", "خلالها")),
    qualifiers={
        "at_least": _spellings(("ما لا يقل عن", "لا يقل عن", "ما لايقل عن", "على الأقل", "بما لا يقل عن")),
        "more_than": _spellings(("أكثر من", "ما يزيد على", "ما يزيد عن", "يزيد على", "يزيد عن", "أزيد من",
                                 "ما يربو على", "يربو على", "ما يفوق", "يفوق", "تجاوز", "تجاوزت", "يتجاوز",
                                 "تخطى", "تخطت", "بأكثر من", "لأكثر من")),
        "about": _spellings(("نحو", "حوالي", "حوالى", "زهاء", "بنحو", "بحوالي", "ما بين", "بين", "تقريبا")),
        "nearly": _spellings(("قرابة", "ما يقارب", "يقارب", "ما يقرب من", "بقرابة")),
        "up_to": _spellings(("ما يصل إلى", "يصل إلى", "حتى")),
        "less_than": _spellings(("أقل من", "ما دون")),
    },
    negations=_spellings(("لم", "لن", "دون", "بدون", "عدم", "ليس", "ليست", "نفى", "نفت", "ينفي", "تنفي")),
    hypotheticals=_spellings(("قد ي*", "قد تكون", "قد ترتفع", "قد تتجاوز", "قد تصل", "ربما", "يخشى", "يُخشى",
                              "خشية", "مخاوف", "تخوف*", "يحتمل", "يُحتمل", "محتمل*", "المحتمل*", "احتمال",
                              "يرجح", "يُرجح", "يرجّح", "مرجح", "المرجح", "يعتقد", "يُعتقد", "يتوقع", "يُتوقع",
                              "المتوقع", "يهدد", "تهدد", "مهدد*", "إذا", "لو", "سيؤدي", "يحاكي", "محاكاة",
                              "افتراضي*", "سيناريو", "حكم", "حكما", "أحكام", "أحكاما", "الحكم", "قضت", "بالإعدام")),
    clause_words=_spellings(("الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "عندما", "حين",
                             "حينما", "بعد", "بعدما", "قبل", "بينما", "فيما", "في", "لكن", "غير أن", "إلا أن", "أن",
                             "أنه", "أنها", "إن", "إنه", "كما", "حيث", "إذ", "لأن", "بحسب", "حسب", "وفقا", "وفق",
                             "إثر", "عقب", "جراء", "وقال", "وقالت", "وأضاف", "وأضافت")),
    conjunctions=("و", "،", ","),
    parts_before=_spellings(("بينهم", "بينهن", "بينهما", "من بينهم", "من بينهن", "منهم", "منهن", "منهما",
                             "بين القتلى", "بين الضحايا", "بين الشهداء", "بين الجرحى", "بين المصابين", "ضمنهم",
                             "من ضمنهم", "معظمهم", "غالبيتهم", "أغلبهم", "بمن فيهم", "بمن فيهن")),
    # a count in a clause that adds to the sentence's first ("... فيما أصيب 30 آخرون", "كما قتل 3")
    parts_after=_spellings(("منهم", "منهن", "منهما")),
    increments_before=("فيما *", "فيما * *", "بينما *", "بينما * *", "في حين *", "في حين * *", "كما *", "كما * *"),
    increments_after=_spellings(("* جدد", "* جديدة", "* جديدين", "* إضافيين", "* إضافية", "جدد", "إضافيين")),
    others=_spellings(("آخرين", "آخرون", "آخر", "أخرى", "آخران", "آخرتين", "آخرتان", "أخريات", "* آخرين",
                       "* آخرون")),
    cumulative=_spellings(("حصيلة", "الحصيلة", "ارتفع*", "وارتفع*", "ليرتفع", "لترتفع", "ارتفاع", "وارتفاع",
                           "إجمالي", "الإجمالي", "بإجمالي", "إجمالا", "في المجمل", "المجموع", "مجموع", "حتى الآن",
                           "منذ", "ليصل", "لتصل", "ليبلغ", "لتبلغ")),
    toll_links=_spellings(("إلى", "بلغت", "بلغ", "وصل إلى", "وصلت إلى", "تجاوز", "تجاوزت", ":", "هو", "هي")),
    persons=_spellings(_PERSONS),
    people=_spellings(("أشخاص", "شخصا", "شخص", "الأشخاص", "ضحايا", "قتلى", "جرحى", "مصابين", "مصابا",
                       "آخرين", "آخرون", "شهداء", "شهيدا", "قتيلا", "جريحا", "نسمة", "فردا", "أفراد",
                       "مواطنين", "مواطنا")),
    prepositions=_spellings(("في", "من", "على", "إلى", "عن", "مع", "عند", "لدى", "نحو", "قرب", "بالقرب", "داخل",
                             "خارج", "خلال", "منذ", "حتى", "بين", "ضد")),
    perpetrators=_spellings(("مسلحين", "مسلحون", "مسلحا", "مسلح", "مسلحان", "مهاجمين", "مهاجمون", "مهاجم",
                             "إرهابيين", "إرهابيون", "إرهابيا", "إرهابي", "انتحاريين", "انتحاري", "انتحاريان",
                             "انتحاريا", "متطرفين", "خاطفين", "المسلحين", "المهاجمين", "الإرهابيين")),
    non_human=frozenset(_spellings((
        "منزلا", "منازل", "منزل", "سيارة", "سيارات", "مركبة", "مركبات", "مبنى", "مباني", "صاروخا", "صواريخ",
        "طائرة", "طائرات", "مسيرة", "مسيرات", "دبابة", "دبابات", "رأس", "رؤوس", "ماشية", "أغنام", "ماعز",
        "أبقار", "إبل", "جمال", "حيوانات", "حيوانا", "محلا", "محلات", "متجرا", "متاجر", "قرية", "قرى",
        "مدرسة", "مدارس", "خيمة", "خيام", "وحدة", "وحدات", "قاربا", "قوارب", "مستشفى", "مستشفيات", "مسجدا",
        "مساجد", "منشأة", "منشآت", "بيتا", "بيوت", "شاحنة", "شاحنات", "حافلة", "حافلات", "مواقع", "موقعا",
        "هدفا", "أهداف", "هكتارا", "طنا", "أطنان", "قذيفة", "قذائف", "غارة", "غارات", "رحلة", "رحلات", "إصابة",
        "حالة", "حالات", "شوارع", "أحياء", "مناطق", "مدن", "بلدات"))),
    strong_past=_spellings(("بعد * سنوات", "بعد * أعوام", "بعد عام على", "بعد عام من", "العام الماضي", "العام المنصرم", "السنة الماضية", "قبل عام", "قبل عامين",
                            "قبل * أعوام", "قبل * سنوات", "قبل * عاما", "ذكرى", "الذكرى", "بذكرى", "لذكرى",
                            "إحياء ذكرى", "في مثل هذا اليوم", "العقد الماضي", "القرن الماضي")),
    past=_spellings(("في وقت سابق", "سابقا", "حصيلة سابقة", "الحصيلة السابقة", "آنذاك", "حينها", "حينذاك",
                     "في ذلك الوقت", "في ذلك العام", "في حينه")),
    scope=_spellings(("منذ بداية الحرب", "منذ بدء الحرب", "منذ اندلاع", "منذ بدء العدوان", "منذ بداية العدوان",
                      "منذ بداية العام", "منذ مطلع العام", "منذ بداية السنة", "منذ بدء الصراع",
                      "منذ بداية الصراع", "منذ بداية النزاع", "منذ بدء النزاع", "منذ بدء الغزو",
                      "منذ بداية الأزمة", "منذ بدء الأزمة", "منذ بداية الثورة", "في جميع أنحاء البلاد",
                      "في أنحاء البلاد", "على مستوى البلاد", "منذ السابع من أكتوبر")),
    unverified=_spellings(("لم يتسن التحقق", "لم يتسن التأكد", "لم يتسنّ", "لا يمكن التحقق", "تعذر التحقق",
                           "يتعذر التحقق", "بشكل مستقل", "من مصادر مستقلة", "من مصدر مستقل", "دون تقديم أدلة",
                           "دون أن يقدم", "لم يتم التحقق")),
    incident=_spellings(("وفي حادث آخر", "في حادث آخر", "وفي حادثة أخرى", "في حادثة أخرى", "وفي هجوم آخر",
                         "في هجوم آخر", "وفي وقت لاحق", "في وقت لاحق", "وفي تطور آخر", "من جهة أخرى",
                         "ومن جهة أخرى", "من جانب آخر", "ومن جانب آخر", "وفي حادث منفصل", "في حادث منفصل",
                         "وفي سياق منفصل", "إلى ذلك", "وإلى ذلك", "في غضون ذلك", "وفي غضون ذلك",
                         "وفي مكان آخر", "في مكان آخر", "وبعد ساعات", "بعد ساعات")),
    according_to=_spellings(("بحسب", "حسب", "وفق", "وفقا", "وفقاً", "نقلا عن", "نقلاً عن", "على لسان",
                             "استنادا إلى", "بحسب ما أفاد*", "بحسب ما أعلن*", "بحسب ما ذكر*", "بحسب ما نقل*",
                             "بحسب ما قال*", "حسب ما أفاد*", "حسب ما أعلن*", "حسب ما ذكر*", "وفق ما أفاد*",
                             "وفق ما أعلن*", "وفق ما ذكر*", "وفقا لما أعلن*", "وفقا لما أفاد*",
                             "وفقا لما ذكر*")),
    reporting_verbs=_prefixed(("قال", "قالت", "أعلن", "أعلنت", "أفاد", "أفادت", "ذكر", "ذكرت", "أكد", "أكدت",
                                "أوضح", "أوضحت", "صرح", "صرحت", "أشار", "أشارت", "أضاف", "أضافت", "نقل", "نقلت",
                                "وثق", "وثقت", "أحصى", "أحصت"), ("", "و", "ف")),
    complementisers=_spellings(("إن", "أن", "بأن")),
)
