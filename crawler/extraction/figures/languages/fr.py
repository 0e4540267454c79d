"""French: the words of casualty reporting in the style of AFP, Le Monde and the francophone African press.

Number words are valued by text2num (a maintained library for French numbers); the table below only lists
the words that start or continue a number, so that the reader can find them.
"""
from __future__ import annotations

from text_to_num import text2num

from .model import Category, Language

_UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
    "cents": 100,
}


def _value(span: str) -> int | None:
    """text2num's value of a span of French number words, None when it is not one number."""
    try:
        return text2num(span, "fr")
    except ValueError:
        return None


FRENCH = Language(
    code="fr",
    name="French",
    number_words=_UNITS,
    scales={"mille": 1000, "million*": 1_000_000, "milliard*": 1_000_000_000},
    joiners=("et",),
    approximate={"dizaine*": 10, "douzaine*": 12, "quinzaine*": 15, "vingtaine*": 20, "trentaine*": 30,
                 "quarantaine*": 40, "cinquantaine*": 50, "soixantaine*": 60, "centaine": 100},
    vague={"dizaines": 20, "centaines": 200, "milliers": 2000, "dizaines de milliers": 20000,
           "centaines de milliers": 200000},
    value=_value,
    units_after=("ans", "an", "année*", "d'années", "mois", "semaine*", "jour*", "heure*", "h", "minute*", "seconde*", "km",
                 "kilomètre*", "mètre*", "m", "cm", "mm", "kg", "tonne*", "degré*", "%", "pour cent", "euro*",
                 "dollar*", "franc*", "fcfa", "livre*", "étage*", "e", "ème", "er", "ère", "points", "point",
                 "voix", "sièges", "exemplaires", "entrées", "spectateurs", "logements", "communes", "cas",
                 "maisons", "cases", "bâtiments", "véhicules", "voitures", "boutiques", "départements", "ha",
                 "hectares", "litres", "habitants", "millimètres", "milliards", "millions d'euros"),
    not_count_before=("âgé de", "âgée de", "âgés de", "âgées de", "âge de", "n°", "numéro", "route nationale",
                      "nationale", "autoroute", "rn", "arrondissement", "magnitude", "magnitude de", "force",
                      "de magnitude", "lors de la", "page", "article", "journée", "score de", "plus de peur"),
    months=("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    categories={
        "killed": Category(
            after=("tué*", "morts", "mort", "morte*", "décédé*", "décès", "péri", "ont péri", "trouvé la mort",
                   "perdu la vie", "tués par balles", "abattu*", "assassiné*", "massacré*", "exécuté*", "noyé*",
                   "victimes mortelles", "corps", "cadavres", "neutralisé*", "mortellement blessé*",
                   "mortellement percuté*", "carbonisé*", "succombé", "mortellement poignardé*", "poignardé* à mort"),
            before=("tué", "tuant", "ont tué", "a tué", "coûté la vie à", "coûtant la vie à", "mort de", "décès de", "corps de", "dépouilles de", "abattu", "abattant",
                    "massacré", "exécuté", "neutralisé", "assassinat de"),
            singular=("tué*", "mort", "morte", "décédé*", "trouvé la mort", "perdu la vie", "abattu*", "assassiné*",
                      "mortellement percuté*", "mortellement blessé*", "succombé", "mortellement poignardé*",
                      "poignardé* à mort"),
            toll=("bilan", "bilans", "nombre de morts", "nombre de victimes", "nombre de décès", "bilan humain",
                  "nombre des morts"),
        ),
        "injured": Category(
            after=("blessé*", "touchés par balles", "touchées par balles", "hospitalisé*", "brûlé*", "poignardé*"),
            before=("blessant", "blessé", "ont blessé", "a blessé"),
            singular=("blessé*", "touché par balle", "touchée par balle", "grièvement brûlé*", "hospitalisé*",
                      "poignardé*"),
            toll=("nombre de blessés",),
        ),
        "missing": Category(after=("disparu*", "portés disparus", "portées disparues", "porté disparu")),
        "displaced": Category(after=("déplacé*", "sans-abri", "sinistré*"), before=("déplaçant", "jeté sur les routes")),
    },
    auxiliaries=("ont", "a", "ont été", "a été", "sont", "est", "été", "étaient", "était", "avaient été", "avait été",
                 "auraient été", "se sont", "s'est", "y", "également", "aussi", "déjà", "au total", "en tout",
                 "par balles", "grièvement", "légèrement", "dont", "mortellement", "encore", "toutes", "tous"),
    objects=("les", "des", "un", "une", "ses", "leurs", "plusieurs"),
    determiners=("les", "des", "de", "d", "la", "le", "l", "aux", "à", "au", "au moins", "plus de"),
    qualifiers={
        "at_least": ("au moins", "pas moins de", "au minimum", "au bas mot"),
        "more_than": ("plus de", "plus d", "au-delà de", "dépassé", "franchi la barre des", "franchi le cap des"),
        "about": ("environ", "quelque", "quelques", "autour de", "approximativement"),
        "nearly": ("près de", "près d", "presque", "pratiquement", "quasiment"),
        "up_to": ("jusqu'à", "jusqu à", "jusqu", "au plus"),
        "less_than": ("moins de", "moins d"),
    },
    negations=("aucun", "aucune", "personne", "ni", "sans", "pas", "n", "ne", "nul", "nulle", "indemne*"),
    hypotheticals=("pourrait", "pourraient", "pourra", "pourront", "risque", "risquent", "craint", "craignent",
                   "crainte", "redoute", "redoutent", "menacé de", "menace de", "susceptible*", "probablement",
                   "s'alourdir", "alourdir", "si", "puisse", "pourrait s'alourdir", "aurait pu", "auraient pu"),
    clause_words=("qui", "que", "quand", "lorsque", "après", "avant", "pendant", "tandis", "alors", "car", "mais",
                  "selon", "où", "dont les", "parce", "si", "pour"),
    conjunctions=("et", ",", ", et", "ainsi que", "plus"),
    parts_before=("dont", "parmi eux", "parmi elles", "parmi lesquels", "parmi lesquelles", "y compris", "notamment",
                  "parmi les victimes", "en majorité"),
    parts_after=("d'entre eux", "d'entre elles", "parmi eux", "parmi elles"),
    increments_before=("encore", "de nouveaux", "nouveaux", "nouvelles", "un autre", "une autre", "autres"),
    increments_after=("supplémentaires", "de plus", "nouveaux", "nouvelles"),
    others=("autres",),
    cumulative=("bilan", "au total", "en tout", "depuis", "portant à", "porte à", "portant le bilan", "cumul*",
                "s'est alourdi", "s'alourdit", "a franchi", "dépassé"),
    toll_links=("à", "de", "est de", "s'élève à", "s'établit à", "atteint", "passe à", "se monte à", "porté à",
                "portant à"),
    toll_first=("portant à", "porte à", "porté à", "faisant passer à", "fait passer à", "portant ainsi à"),
    persons=("homme", "femme", "enfant", "garçon", "fille", "fillette", "bébé", "adolescent*", "jeune", "motard",
             "cycliste", "piéton", "conducteur", "conductrice", "passager", "passagère", "policier", "policière",
             "gendarme", "militaire", "soldat", "civil", "enseignant*", "élève", "étudiant*", "chauffeur",
             "journaliste", "maire", "chef", "commerçant*", "agriculteur*", "éleveur*", "habitant*", "villageois",
             "ouvrier*", "pompier", "médecin", "infirmier*", "prêtre", "imam", "pasteur", "touriste", "randonneur*",
             "alpiniste", "skieur", "nageur", "baigneur", "pêcheur", "occupant", "retraité*", "septuagénaire",
             "octogénaire", "quadragénaire", "quinquagénaire", "trentenaire", "sexagénaire", "vigile", "agent",
             "détenu", "prisonnier", "migrant*", "réfugié*", "manifestant*", "militant*", "responsable", "dirigeant",
             "mère", "père", "fils", "frère", "sœur", "mari", "épouse", "compagnon", "compagne", "assaillant",
             "agresseur", "suspect", "kamikaze", "victime", "deuxième", "troisième", "quatrième", "cinquième",
             "sixième"),
    people=("personnes", "victimes", "morts", "blessés", "gens", "individus", "habitants"),
    prepositions=("sur", "dans", "à", "au", "aux", "en", "de", "du", "des", "près", "vers", "chez", "par", "pour",
                  "avec", "sans", "sous", "entre", "contre", "lors"),
    articles=("un", "une", "le", "la", "l", "son", "sa"),
    perpetrators=("assaillants", "assaillant", "jihadistes", "djihadistes", "terroristes", "terroriste",
                  "kamikazes", "kamikaze", "bandits", "rebelles", "insurgés", "hommes armés", "criminels",
                  "malfaiteurs", "agresseurs", "agresseur", "auteurs", "tireurs", "tireur"),
    non_human=("maisons", "cases", "boutiques", "véhicules", "voitures", "bâtiments", "logements", "têtes", "bovins",
               "vaches", "moutons", "chèvres", "animaux", "bêtes", "chevaux", "drones", "missiles", "roquettes",
               "avions", "hélicoptères", "chars", "écoles", "villages", "localités", "communes", "départements",
               "étages", "arbres", "hectares"),
    strong_past=("* ans après", "un an après", "* années après", "l'an dernier", "l an dernier", "l'année dernière", "l année dernière", "il y a un an",
                 "il y a * ans", "anniversaire", "commémor*", "en souvenir", "l'an passé", "l an passé"),
    past=("cette année-là", "ce mois-là", "à l'époque", "à l époque", "précédemment", "auparavant",
          "un précédent bilan", "précédent bilan"),
    scope=("depuis le début", "depuis janvier", "depuis le début de l'année", "depuis le début de la guerre",
           "dans tout le pays", "à l'échelle nationale", "à l échelle nationale", "depuis l'invasion",
           "depuis l invasion", "depuis le début du conflit", "depuis le début de l année"),
    unverified=("n'a pas pu être vérifié", "n a pas pu être vérifié", "non vérifié", "invérifiable",
                "de source indépendante", "sans qu'il soit possible de vérifier"),
    place_prepositions=("à", "en", "dans"),
    incident=("par ailleurs", "plus tard", "dans une autre attaque", "dans un autre incident", "ailleurs",
              "quelques heures plus tard", "le lendemain", "en outre"),
    according_to=("selon", "d'après", "d après", "de source"),
    reporting_verbs=("a indiqué", "ont indiqué", "a annoncé", "ont annoncé", "a déclaré", "ont déclaré",
                     "a affirmé", "a précisé", "a rapporté", "a confirmé", "indique", "annonce", "affirme",
                     "précise", "rapporte", "a-t-on appris", "a dit", "a expliqué", "a fait savoir"),
)
