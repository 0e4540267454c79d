"""German: the words of casualty reporting in the style of dpa, Spiegel, FAZ and the regional press.

German writes a number below a million as one word ("dreiundzwanzig", "zweihundertfünfzig", "tausendeinhundert"):
the table below lists the words a number may be on its own, and `_more_numbers` finds the compounds (valued by
text2num, a maintained library that reads German numbers). Digits group thousands with a dot and take a decimal
comma ("1.174", "2,5 Millionen"); "Dutzend" counts twelve ("ein Dutzend", "zwei Dutzend": 24), "Dutzende" is
vague; an ordinal is a number and a dot ("am 3. Oktober").

German's indefinite article is also its numeral one. `_more_numbers` reads an article as the count 1 where the
patterns need a number to read a single person: a casualty noun ("ein Toter", "einen Verletzten"), a person
after a verb of killing or wounding ("starb ein Feuerwehrmann", "erschoss den Angreifer"), and persons joined to
another person or a count ("ihre Mutter und ein Feuerwehrmann", "14 Fahrgäste und der Busfahrer"). A person
before its verb ("ein Mann wurde von einem Auto erfasst und getötet") keeps its article: the `singular` words
read it as one victim.
"""
from __future__ import annotations

import re

from text_to_num import text2num

from .model import Category, Language, alternation

_UNITS = {
    "null": 0, "ein": 1, "eine": 1, "eins": 1, "zwei": 2, "zweier": 2, "drei": 3, "dreier": 3, "vier": 4,
    "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13,
    "vierzehn": 14, "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
    "zwanzig": 20, "dreißig": 30, "dreissig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60, "siebzig": 70,
    "achtzig": 80, "neunzig": 90, "hundert": 100, "beide": 2, "beiden": 2,
}
# The parts a compound number word is made of ("drei|und|zwanzig", "zwei|hundert|fünfzig").
_PARTS = ("eins", "ein", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf",
          "sech", "sieb", "zwanzig", "dreißig", "dreissig", "vierzig", "fünfzig", "sechzig", "siebzig", "achtzig",
          "neunzig", "hundert", "tausend", "und")
_MONTHS = ("januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober",
           "november", "dezember")

# Nouns of one person (singular: "ein Mann", "die Frau", "seine Tochter"); a compound ending in one is one too
# ("Motorradfahrer", "Feuerwehrmann", "Crewmitglied", "Achtjähriger").
_PERSONS = (
    "mann", "frau", "kind", "junge", "mädchen", "baby", "säugling", "jugendliche", "jugendlicher", "teenager",
    "mensch", "person", "soldat", "soldatin", "polizist", "polizistin", "beamter", "beamtin", "fahrer", "fahrerin",
    "führer", "führerin", "fußgänger", "fußgängerin", "passant", "passantin", "passagier", "passagierin", "fahrgast",
    "insasse", "insassin", "mitglied", "sanitäter", "sanitäterin", "arbeiter", "arbeiterin", "angreifer",
    "angreiferin", "täter", "täterin", "attentäter", "attentäterin", "schütze", "schützin", "verdächtiger",
    "verdächtige", "bewohner", "bewohnerin", "anwohner", "anwohnerin", "zivilist", "zivilistin", "journalist",
    "journalistin", "reporter", "reporterin", "fotograf", "fotografin", "rentner", "rentnerin", "senior", "seniorin",
    "schüler", "schülerin", "student", "studentin", "lehrer", "lehrerin", "arzt", "ärztin", "pfleger", "pflegerin",
    "landwirt", "landwirtin", "bauer", "bäuerin", "wanderer", "wanderin", "steiger", "steigerin", "skifahrer",
    "schwimmer", "schwimmerin", "badegast", "urlauber", "urlauberin", "tourist", "touristin", "pilot", "pilotin",
    "kapitän", "seemann", "fischer", "migrant", "migrantin", "flüchtling", "häftling", "gefangener", "gefangene",
    "demonstrant", "demonstrantin", "aktivist", "aktivistin", "politiker", "politikerin", "bürgermeister",
    "bürgermeisterin", "offizier", "kommandeur", "kämpfer", "kämpferin", "milizionär", "mitarbeiter",
    "mitarbeiterin", "angestellter", "angestellte", "helfer", "helferin", "besucher", "besucherin", "zuschauer",
    "zuschauerin", "opfer", "jährige", "jähriger", "greis", "greisin", "sohn", "tochter", "vater", "mutter",
    "bruder", "schwester", "ehemann", "ehefrau", "partner", "partnerin", "sportler", "sportlerin", "spieler",
    "spielerin", "reiter", "reiterin", "pilger", "pilgerin", "priester", "mönch", "nonne", "wachmann", "bergmann",
    "nachbar", "nachbarin", "patient", "patientin", "obdachloser", "obdachlose", "einwohner", "einwohnerin",
    "kollege", "kollegin", "unternehmer", "unternehmerin", "händler", "händlerin", "zeuge", "zeugin",
)
# Compounds of them that news copy uses most, for the single-victim pattern (it reads whole words).
_COMPOUND_PERSONS = tuple(
    prefix + noun for noun, prefixes in (
        ("fahrer", ("auto", "motorrad", "rad", "fahrrad", "lkw-", "pkw-", "bus", "roller", "bei", "taxi", "e-scooter-",
                    "traktor", "transporter", "mofa", "lastwagen", "ski", "quad", "krad")),
        ("fahrerin", ("auto", "motorrad", "rad", "fahrrad", "pkw-", "bei", "roller", "e-scooter-")),
        ("mitglied", ("besatzungs", "crew", "familien")), ("mann", ("feuerwehr", "polizei")),
        ("arbeiter", ("bau", "forst", "bahn", "gleis", "hafen")), ("beamter", ("polizei", "justizvollzugs")),
        ("beamtin", ("polizei",)), ("sanitäter", ("rettungs",)), ("steiger", ("berg",)), ("kind", ("klein",)),
        ("führer", ("lok", "zug", "fahrzeug")), ("vater", ("familien",)), ("gänger", ("fuß", "spazier")),
        ("gängerin", ("fuß", "spazier")), ("soldat", ("bundeswehr",)), ("schütze", ("hecken",)),
    ) for prefix in prefixes)
# Weak nouns after "einen": "einen Polizisten", "einen Menschen" (plural forms elsewhere).
_WEAK = ("menschen", "polizisten", "soldaten", "jungen", "passanten", "studenten", "demonstranten", "journalisten",
         "zivilisten", "nachbarn", "bauern", "piloten", "touristen", "migranten", "aktivisten", "patienten",
         "beamten", "angestellten", "jugendlichen", "verdächtigen", "insassen", "gefangenen", "obdachlosen",
         "jährigen", "kollegen", "zeugen")
# A casualty as a noun: "ein Toter", "eine Verletzte", "einen Schwerverletzten".
_NOMINAL = ("toter", "tote", "toten", "todesopfer", "verletzter", "verletzte", "verletzten", "schwerverletzter",
            "schwerverletzte", "schwerverletzten", "leichtverletzter", "leichtverletzte", "leichtverletzten",
            "schwerstverletzter", "schwerstverletzte", "schwerstverletzten", "verwundeter", "verwundete",
            "verwundeten")

# Plural nouns of victims ("kostete 20 Zivilisten das Leben").
_VICTIMS = ("kinder", "kindern", "frauen", "männer", "männern", "personen", "soldaten", "zivilisten", "bewohner",
            "bewohnern", "arbeiter", "arbeitern", "migranten", "passagiere", "passagieren", "insassen", "polizisten",
            "kämpfer", "kämpfern", "einwohner", "einwohnern", "touristen", "schüler", "schülern", "bergleute",
            "bergleuten", "fahrgäste", "fahrgästen", "pilger", "pilgern", "gläubige", "gläubigen")
# Injuries suffered ("erlitten leichte Verletzungen"; "Verletzungen" alone may be of a law or a truce).
_WOUNDS = ("leichte verletzungen", "leichten verletzungen", "schwere verletzungen", "schweren verletzungen",
           "lebensgefährliche verletzungen", "lebensgefährlichen verletzungen", "schwerste verletzungen",
           "schwersten verletzungen", "erlitten verletzungen", "erlitt verletzungen", "verletzungen davon")
_KILLED_BEFORE = ("tötete", "töteten", "tötet", "getötet wurden", "getötet wurde", "starben", "starb", "verstarb",
                  "verstarben", "erschoss", "erschossen wurden", "erschossen wurde", "erstach", "erschlug", "tod",
                  "leichen", "leiche", "das leben", "ermordete", "ermordeten", "ums leben kam", "ums leben kamen")
_INJURED_BEFORE = ("verletzte", "verletzten", "verwundete", "verwundeten", "verletzt wurden", "verletzt wurde",
                   "verwundet wurden", "verwundet wurde")

_COMPOUND = re.compile(rf"(?:{'|'.join(sorted(_PARTS, key=len, reverse=True))}){{2,}}")
_COMPOUND_HINT = re.compile("hundert|tausend|und")  # a compound not in the table holds one of them
# Up to three inflected words before a person's noun ("ein 45-jähriger Motorradfahrer", "den 18-jährigen
# Angreifer") are read with its article, so that the count's noun phrase is the person; a compound ending in a
# person's noun is one too ("Motorradfahrer", "Feuerwehrmann", "Crewmitglied").
_ADJ = (r"(?: (?!(?:ein|eine|einen|einer|einem|eines|der|die|das|den|dem|des|sein|seine|seinen|ihr|ihre|ihren|sich"
        r"|und|oder|mit|von|in|im|auf|bei|weitere[nrs]?)\b)[^ ]*(?:e|er|en|es|em|\d))")
_NOUN = rf"(?:[^\W\d][\w.]*-)?\w*{alternation(_PERSONS)}(?!\w)"
# "ein Toter", "eine Verletzte", "einen Schwerverletzten", "ein weiterer Mann", "ein weiteres Opfer starb": the
# article counts one.
_ONE = re.compile(rf"ein(?:e[mnr]?)?(?= {alternation(_NOMINAL)}(?!\w))|ein(?:e[nr]?)?(?= weitere[nrs]? (?:"
                  rf"{alternation(_NOMINAL)}(?!\w)|(?:[^ ]+ ){{0,2}}?{_NOUN}|(?:wurde|ist|starb|verstarb|erlag|kam|"
                  rf"erlitt|schwebt|musste)\b))")
# After a verb of killing or wounding, an article before a person counts one: "starb ein Feuerwehrmann", "erschoss
# den 18-jährigen Angreifer", "tötete seine Frau", "der Tod eines Kindes", "kostete einen Radfahrer das Leben".
# Before its verb, a person is read as a single victim (the `singular` words) and its article stays an article.
_THE_ONE = re.compile(
    rf"{alternation(_KILLED_BEFORE + _INJURED_BEFORE + ('kostete', 'kosteten'))} (?P<the>ein|eine|einen|eines"
    rf"|de[nrs]|die|seine[ns]?|ihre[ns]?|sein|ihr)(?P<adj>{_ADJ}{{0,3}}?) (?:[^\W\d][\w.]*-|\d+-)?\w*(?:"
    rf"{alternation(_PERSONS)}|{alternation(_WEAK)})(?:e?s)?(?!\w)")
# Persons joined to another person or a count: "ihre Mutter und ein Feuerwehrmann", "ein Mann und zwei Frauen",
# "14 Fahrgäste und der Busfahrer" (each article counts one, so that the counts add up as groups).
_AND = re.compile(" (?:und|sowie) ")
_ARTICLE = r"(?:ein|eine|einen|der|die|den|sein|seine|seinen|ihr|ihre|ihren)"
_COUNT = rf"(?:\d|{alternation(w for w in _UNITS if not w.startswith('ein'))}(?!\w))"
_JOINED_RIGHT = re.compile(rf"(?P<b>{_ARTICLE})(?P<bb>{_ADJ}{{0,3}}?) {_NOUN}|{_COUNT}")
_JOINED_LEFT = re.compile(rf"(?<![^ (])(?P<a>{_ARTICLE})(?P<aa>{_ADJ}{{0,3}}?) {_NOUN}$"
                          rf"|(?<![^ (]){_COUNT}[^ ]*(?: [^ ]+){{1,3}}$")


def _value(span: str) -> int | None:
    """text2num's value of a span of German number words, None when it is not one number."""
    try:
        return text2num(span, "de")
    except ValueError:
        return None


def _starts_word(lower: str, at: int) -> bool:
    return at == 0 or not lower[at - 1].isalnum()


def _more_numbers(lower: str) -> list[tuple[int, int, int, bool]]:
    """The compound number words of a sentence ("dreiundzwanzig", "zweitausenddreihundert"), valued, and the
    articles that count one person ("ein Toter", "starb ein Feuerwehrmann", "erschoss den Angreifer")."""
    out: list[tuple[int, int, int, bool]] = []
    end = -1
    for m in _COMPOUND_HINT.finditer(lower):
        if m.start() < end:
            continue
        start, end = m.start(), m.end()
        while start and lower[start - 1].isalpha():
            start -= 1
        while end < len(lower) and lower[end].isalpha():
            end += 1
        if end - start > m.end() - m.start() and _COMPOUND.fullmatch(lower, start, end):
            value = _value(lower[start:end])
            if value is not None:
                out.append((start, end, value, False))
    out.extend((m.start(), m.end(), 1, False) for m in _ONE.finditer(lower) if _starts_word(lower, m.start()))
    out.extend((m.start("the"), m.end("adj"), 1, False) for m in _THE_ONE.finditer(lower)
               if _starts_word(lower, m.start()))
    for m in _AND.finditer(lower):
        right = _JOINED_RIGHT.match(lower, m.end())
        if right is None:
            continue
        left = _JOINED_LEFT.search(lower, max(0, m.start() - 60), m.start())
        if left is None or not (left.group("a") or right.group("b")):
            continue
        for group, found in (("a", left), ("b", right)):
            if found.group(group):
                out.append((found.start(group), found.end(group + group), 1, False))
    return out


GERMAN = Language(
    code="de",
    name="German",
    before_gap=5,  # words between a verb and its number (verb-second / verb-subject-object order)
    # the participle ends the clause: "Ein Mann ist am Mittwoch bei einem Arbeitsunfall in einem Kieswerk in Bad
    # Kreuznach ums Leben gekommen"
    single_gap=16,
    # an attribute before the noun may be a clause of its own: "der bei der Messerattacke in der Bremer Innenstadt
    # schwer verletzte 31-Jährige"
    single_lead=8,
    number_words=_UNITS,
    scales={"tausend": 1000, "million*": 1_000_000, "mio": 1_000_000, "milliarde*": 1_000_000_000,
            "mrd": 1_000_000_000, "dutzend": 12},
    approximate={"dutzend": 12, "halbes dutzend": 6},
    vague={"dutzende*": 24, "hunderte*": 200, "tausende*": 2000, "zehntausende*": 20000, "hunderttausende*": 200000,
           "millionen": 2_000_000, "milliarden": 2_000_000_000,
           **{f"{some} {unit}": value for some in ("mehrere", "mehreren", "einige", "einigen")
              for unit, value in (("dutzend", 24), ("hundert", 200), ("tausend", 2000))}},
    value=_value,
    more_numbers=_more_numbers,
    units_after=("jahr*", "jährig*", "-jährig*", "monat*", "woche*", "tag", "tage", "tagen", "stunde*", "minute*",
                 "sekunde*", "uhr", "prozent", "%", "prozentpunkt*", "euro", "dollar", "us-dollar", "franken",
                 "pfund", "cent", "rubel", "griwna", "kilometer*", "km", "meter*", "m", "zentimeter", "cm",
                 "millimeter", "mm", "kilogramm", "kilo", "kg", "gramm", "tonne*", "grad", "liter", "hektar",
                 "quadratkilometer*", "qm", "punkt*", "stimme*", "sitz*", "mandat*", "stockwerk*", "etage*", "stock",
                 "geschoss*", "jahrhundert*", "jahrzehnt*", "exemplar*", "fahrzeug*", "autos", "häuser", "gebäude",
                 "wohnungen", "haushalt*", "arbeitsplätze", "stellen", "fälle", "fällen", "mal", "runde*", "spiele",
                 "tore", "ps", "kw", "mw", "megawatt", "flüge", *(". " + m for m in _MONTHS)),
    not_count_before=("im alter von", "alter von", "nr.", "nr", "nummer", "platz", "gleis", "linie", "artikel",
                      "paragraf", "paragraph", "§", "stärke", "magnitude", "bundesstraße", "landesstraße",
                      "kreisstraße", "autobahn", "tempo", "bis zum", "seite", "kapitel", "flug", "ausgabe", "gruppe",
                      "kategorie", "stufe", "warnstufe", "alarmstufe", "pegel", "pegelstand", "jahrgang", "covid-",
                      "sars-cov-"),
    months=_MONTHS,
    weekdays=("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"),
    categories={
        "killed": Category(
            after=("getötet", "getötete", "getöteten", "tot", "toter", "tote", "toten", "todesopfer", "todesopfern",
                   "menschenleben", "ums leben", "zu tode", "gestorben", "starben", "starb", "verstarben", "verstarb",
                   "verstorben", "erlag", "ertrank", "umgekommen", "erschossen", "erstochen", "erschlagen", "ertrunken",
                   "ertranken", "verbrannt", "verbrannten", "tödlich verletzt*", "tödlich verunglückt",
                   "tödlich getroffen", "in den tod", "leichen", "leiche", "tot geborgen", "tot aufgefunden",
                   "hingerichtet", "ermordet", "exekutiert", "erlagen", "erlegen", "sprengten sich", "sprengte sich", "tödliche verletzungen",
                   "todesfälle", "todesfällen", "verloren ihr leben", "ihr leben verloren", "leblos",
                   # "kostete zehn Menschen das Leben": the noun and "das Leben" ("das Leben" alone is any life)
                   *(noun + " das leben" for noun in _PERSONS + _COMPOUND_PERSONS + _WEAK + _VICTIMS)),
            before=_KILLED_BEFORE,
            singular=("getötet", "tot", "ums leben", "zu tode", "gestorben", "starb", "verstarb", "verstorben",
                      "umgekommen", "erschossen", "erstochen", "erschlagen", "ertrunken", "ertrank", "tödlich",
                      "tödliche", "erlag", "erlegen", "hingerichtet", "ermordet", "leblos", "sprengte sich",
                      "erschoss sich", "tötete sich", "nahm sich das leben", "verlor sein leben", "verlor ihr leben",
                      "sein leben verloren", "ihr leben verloren"),
            toll=("zahl der toten", "zahl der todesopfer", "zahl der getöteten", "zahl der opfer", "totenzahl",
                  "opferzahl", "zahl der todesfälle", "zahl der ums leben gekommenen", "zahl der verstorbenen",
                  "todeszahl", "zahl der tot*"),
        ),
        "injured": Category(
            after=("verletzt*", "schwerverletzt*", "leichtverletzt*", "schwerstverletzt*", "verwundet*",
                   "ins krankenhaus", "in krankenhäuser", "in kliniken", "in eine klinik", "eingeliefert",
                   *(how + " " + done for how in ("ambulant", "stationär", "ärztlich", "medizinisch", "vor ort",
                                                  "im krankenhaus", "in krankenhäusern", "in kliniken")
                     for done in ("behandelt", "versorgt")), *_WOUNDS,
                   "rauchgasvergiftung*", "rauchvergiftung*", "schussverletzung*",
                   "brandverletzung*", "schnittverletzung*", "stichverletzung*", "kopfverletzung*", "knochenbrüche",
                   "prellungen", "in lebensgefahr"),
            before=_INJURED_BEFORE,
            singular=("verletzt*", "verwundet", "ins krankenhaus", "in eine klinik", "eingeliefert", *_WOUNDS,
                      "rauchgasvergiftung", "rauchvergiftung", "schussverletzung*", "brandverletzung*", "schnittverletzung*", "stichverletzung*", "kopfverletzung*", "knochenbrüche",
                      "prellungen", "in lebensgefahr", "lebensgefährlich"),
            toll=("zahl der verletzten", "zahl der verwundeten"),
        ),
        "missing": Category(after=("vermisst*", "als vermisst", "verschollen", "verschüttet"),
                            before=("vermisst werden", "vermisst wurden", "vermisst")),
        "displaced": Category(after=("obdachlos", "vertrieben", "evakuiert", "in sicherheit gebracht", "geflohen",
                                     "ihre häuser verlassen", "ihre wohnungen verlassen"),
                              before=("evakuiert wurden", "vertrieben wurden")),
    },
    auxiliaries=("sind", "ist", "wurden", "wurde", "worden", "seien", "sei", "waren", "war", "haben", "hat",
                 "hatten", "hatte", "werden", "wird", "dabei", "bereits", "ebenfalls", "auch", "zudem", "insgesamt",
                 "schwer", "leicht", "lebensgefährlich", "teils", "teilweise", "zum teil", "sofort", "noch",
                 "inzwischen", "mittlerweile", "kamen", "kam"),
    objects=("die", "den", "einen", "eine"),
    determiners=("die", "den", "von", "insgesamt"),
    qualifiers={
        "at_least": ("mindestens", "wenigstens", "zumindest", "nicht weniger als"),
        "more_than": ("mehr als", "über", "weit über", "weit mehr als", "deutlich mehr als", "überschritten", "gut"),
        "about": ("rund", "etwa", "ungefähr", "circa", "ca.", "zirka", "schätzungsweise", "an die"),
        "nearly": ("fast", "knapp", "beinahe", "nahezu", "annähernd"),
        "up_to": ("bis zu", "höchstens", "maximal"),
        "less_than": ("weniger als",),
    },
    negations=("niemand", "kein", "keine", "keiner", "keinen", "keinem", "nicht", "ohne", "nichts",
               # "ein Mann wurde tödlich verletzt" is a death, not also an injury: a phrase longer than the window
               # the engine reads before a number (20 characters), so that it only stops a single victim
               "* tödlich verletzt", "* tödliche verletzungen"),
    hypotheticals=("könnte", "könnten", "können", "kann", "befürchtet", "befürchten", "befürchte", "fürchtet",
                   "fürchten", "droht", "drohen", "drohte", "möglicherweise", "vermutlich", "wahrscheinlich",
                   "wäre", "wären", "hätte", "hätten", "würde", "würden", "falls", "wenn", "gefahr", "gefährdet",
                   "gerettet", "rettete", "retteten", "dürfte", "dürften", "steigen", "vermutet",
                   # a player out injured is not a casualty
                   "fällt", "fallen", "verletzungsbedingt", "training"),
    clause_words=("als", "nachdem", "bevor", "während", "weil", "dass", "wenn", "obwohl", "sondern", "aber", "doch",
                  "jedoch", "wo", "denn", "ob", "sagte", "sagten", "sprach", "sprachen", "berichtete",
                  "berichteten", "erklärte", "teilte", "mitteilte", "viele", "vielen", "zahlreiche", "zahlreichen",
                  "mehrere", "mehreren", "einige", "einigen"),
    conjunctions=("und", "sowie"),
    parts_before=("darunter", "unter ihnen", "unter den toten", "unter den opfern", "unter den verletzten",
                  "davon", "von ihnen", "einschließlich", "inklusive"),
    parts_after=("von ihnen", "davon"),
    increments_before=("weitere", "weiteren", "weiterer", "erneut", "nochmals"),
    increments_after=("weitere", "weiteren", "weiterer"),
    others=("weitere", "weiteren", "weiterer", "weiteres", "andere", "anderen"),
    cumulative=("zahl der", "insgesamt", "bislang", "bisher", "inzwischen", "mittlerweile", "gestiegen", "stieg",
                "erhöhte sich", "erhöht", "kletterte", "seit", "damit", "gesamtzahl"),
    toll_links=("auf", "bei", "mit", "beträgt", "betrug", "belief sich auf", "beläuft sich auf", "nun", "jetzt"),
    persons=_PERSONS + _COMPOUND_PERSONS + ("-jährige", "-jähriger"),
    people=("menschen", "personen", "opfer", "leute", "tote", "toten", "verletzte", "verletzten", "todesopfer"),
    prepositions=("auf", "in", "im", "an", "am", "bei", "beim", "nach", "vor", "mit", "von", "vom", "zu", "zum",
                  "zur", "aus", "für", "durch", "gegen", "um", "unter", "über", "neben", "zwischen", "ohne", "nahe",
                  "infolge", "wegen", "trotz"),
    articles=("ein", "eine", "einer", "einem", "einen", "der", "die", "das", "dem", "den", "sein", "seine",
              "ihr", "ihre", "wie"),
    perpetrators=("angreifer", "attentäter", "täter", "terroristen", "terrorist", "extremisten", "islamisten",
                  "dschihadisten", "selbstmordattentäter", "rebellen", "aufständische", "aufständischen",
                  "bewaffnete", "bewaffneten", "schützen", "milizionäre", "militante", "militanten"),
    non_human=("fahrzeuge", "autos", "lkw", "häuser", "gebäude", "wohnungen", "tiere", "rinder", "kühe", "schafe",
               "ziegen", "schweine", "hühner", "pferde", "hunde", "drohnen", "raketen", "marschflugkörper",
               "flugzeuge", "hubschrauber", "rettungshubschrauber", "panzer", "schulen", "dörfer", "ortschaften",
               "gemeinden", "bäume", "hektar", "boote", "schiffe", "züge", "geschäfte", "läden", "betten",
               "krankenhäuser", "kliniken", "rettungswagen", "streifenwagen", "arbeitsplätze", "stellen"),
    strong_past=("* jahre nach", "ein jahr nach", "einem jahr nach", "* jahren nach", "* jahrzehnte nach", "im vergangenen jahr", "vergangenes jahr", "letztes jahr", "im letzten jahr", "im vorjahr",
                 "vor einem jahr", "vor * jahren", "vor * jahrzehnten", "jahrestag", "jahrestages", "gedenk*",
                 "gedacht*", "gedenkt", "erinnert an", "erinnerten an", "in erinnerung", "damals", "seinerzeit",
                 "im jahr *", "bei einem ähnlichen", "bei einem früheren",
                 # a trial is about an earlier event
                 "angeklagte*", "prozess*", "verurteilt*", "urteil*", "landgericht*", "amtsgericht*", "anklage*"),
    past=("zuvor", "vorherige*", "bereits im", "schon im", "vergangene woche", "letzte woche",
          "in der vergangenen woche", "im vergangenen monat", "vor * wochen", "vor * monaten",
          *("im " + m for m in _MONTHS)),
    scope=("seit beginn", "seit dem beginn", "seit kriegsbeginn", "seit jahresbeginn", "seit anfang",
           "landesweit", "im ganzen land", "bundesweit", "seit ausbruch", "seit dem ausbruch", "in diesem jahr",
           "dieses jahr", *("seit " + m for m in _MONTHS)),
    unverified=("unabhängig überprüfen", "unabhängig überprüft", "nicht überprüfen", "nicht überprüft",
                "nicht überprüfbar", "nicht unabhängig", "nicht bestätigt", "nicht verifiziert",
                "unabhängig bestätigt", "nicht bestätigen", "unabhängige bestätigung"),
    incident=("unterdessen", "derweil", "später", "an anderer stelle", "andernorts", "in einem anderen",
              "bei einem anderen", "bei einem weiteren", "in einem weiteren", "wenige stunden später",
              "am folgenden tag", "tags darauf", "am tag darauf"),
    # "laut" and "nach Angaben" start a German sentence without a comma ("Laut Polizei wurden drei Menschen
    # getötet"): the attribution patterns would take the whole clause for the source, so they are left out
    according_to=(),
    according_after=("zufolge",),
    reporting_verbs=("sagte", "sagten", "mitteilte", "mitteilten", "berichtete", "berichteten", "erklärte",
                     "erklärten", "meldete", "meldeten", "sagt", "berichtet", "meldet", "teilte", "teilten", "angab",
                     "so der", "so die", "so das", "so ein", "so eine"),
    verb_particles=("mit",),  # "teilte die Polizei mit"
)
