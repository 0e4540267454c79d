"""French: numbers as French writes them, and each construction of casualty reporting, positive and negative."""
from __future__ import annotations

import pytest

from crawler.extraction.figures import count_totals, find_figures, totals


@pytest.mark.parametrize("text, expected", [
    # numbers: words, compounds, spaces between thousands, approximations, ranges
    ("Vingt-six personnes ont été tuées lors de l'attaque.", {"killed": 26}),
    ("Au moins 1 554 personnes ont été tuées et 826 blessées en Haïti, selon l'ONU.",
     {"killed": 1554, "injured": 826}),
    ("Une quarantaine de civils ont été tués dans la nuit de mardi à mercredi.", {"killed": 40}),
    ("Entre 20 et 25 personnes ont été tuées et une cinquantaine blessées.", {"killed": 20, "injured": 50}),
    ("Quatre-vingt-dix personnes ont péri dans le naufrage.", {"killed": 90}),
    # constructions: passive, active, nominal, toll, conjoined groups, parts, singles, increments
    ("Au moins 12 personnes ont été tuées et 30 autres blessées samedi.", {"killed": 12, "injured": 30}),
    ("Une frappe israélienne a tué au moins 19 personnes, dont des enfants.", {"killed": 19}),
    ("Un accident de car a fait 7 morts et 23 blessés, dont 5 graves, mardi matin.", {"killed": 7, "injured": 23}),
    ("Le bilan du cyclone s'est alourdi à 39 morts et plus de 5 600 blessés.", {"killed": 39, "injured": 5600}),
    ("Le ministère a annoncé que 43 Palestiniens de plus ont été tués ces dernières 24 heures. Le bilan depuis le 7 "
     "octobre 2023 s'élève ainsi à 41 788 morts.", {"killed": 41788}),
    ("Dix-sept personnes ont été blessées, neuf d'entre elles sont hospitalisées.", {"injured": 17}),
    ("Au moins 120 personnes ont été tuées à Antakya, selon la préfecture.", {"killed": 120}),  # "à": no object
    ("Deux hommes ont blessé des passants avant de fuir.", {}),  # the two are the attackers
    ("Trois nouveaux décès ont été enregistrés, portant à 17 le nombre de morts.", {"killed": 17}),
    ("Trois femmes et deux enfants ont péri dans le naufrage d'une embarcation.", {"killed": 5}),
    ("Quatre personnes, dont deux enfants, ont péri dans l'incendie d'un pavillon.", {"killed": 4}),
    ("Un motard de 19 ans a trouvé la mort dimanche soir à Villeurbanne.", {"killed": 1}),
    ("Deux hommes ont été tués par balles et un troisième grièvement blessé.", {"killed": 2, "injured": 1}),
    ("Au moins 15 soldats et 28 assaillants ont été tués lors d'une attaque jihadiste.", {"killed": 43}),
    ("Onze soldats ont été tués près de Téra, tandis qu'un engin explosif a coûté la vie à quatre civils et blessé "
     "sept autres.", {"killed": 15, "injured": 7}),
    # negatives: negation, fear, ages, floors, dates, money, magnitudes, scores, the past, the missing
    ("Aucun des 14 passagers n'a été blessé, selon la Métropole.", {}),
    ("Jusqu'à 2 000 personnes pourraient avoir été ensevelies par un glissement de terrain.", {}),
    ("Une fillette de 4 ans a été grièvement blessée après une chute du deuxième étage.", {"injured": 1}),
    ("Un séisme de magnitude 5,2 a été ressenti jeudi sans faire de victimes.", {}),
    ("Le Paris Saint-Germain s'est imposé 4-2 face à Lyon devant 47 321 spectateurs.", {}),
    ("Une dizaine de personnes sont portées disparues.", {"missing": 10}),
    ("Près de dix ans après les attentats du 13 novembre 2015, qui avaient fait 130 morts, une plaque "
     "commémorative a été dévoilée.", {}),
    ("Des dizaines de blessés ont été évacués vers Kaya.", {}),
    # a single victim named by a compound noun, after a negation of other victims
    ("Aucune victime n'est à déplorer parmi la population, mais un sapeur-pompier a été légèrement blessé à la main.",
     {"injured": 1}),
    # an approximate age; stabbed to death is killed, not injured too; stabbed is injured
    ("Un homme d'une trentaine d'années a été mortellement poignardé mardi soir à Valence.", {"killed": 1}),
    ("Un homme a été poignardé mardi soir à la sortie d'un bar.", {"injured": 1}),
    ("Une mère de famille de 41 ans est morte, intoxiquée par le monoxyde de carbone.", {"killed": 1}),
    # a year after an earlier disaster, its toll is background
    ("Un an après l'incendie qui avait fait 12 morts, les habitants se sont rassemblés devant l'immeuble.", {}),
])
def test_french(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_french_figures_say_their_language_qualifier_and_source() -> None:
    (killed,) = find_figures("Au moins 94 personnes ont été tuées dans l'explosion, a indiqué la police.")
    assert (killed.language, killed.qualifier, killed.who, killed.attribution) == ("fr", "at_least", "personnes",
                                                                                    "police")
    (vague,) = count_totals(find_figures("Des dizaines de blessés ont été évacués vers Kaya.")).values()
    assert (vague.value, vague.vague) == (None, True)
