"""German: numbers as German writes them, and each construction of casualty reporting, positive and negative."""
from __future__ import annotations

import pytest

from crawler.extraction.figures import count_totals, find_figures, totals


@pytest.mark.parametrize("text, expected", [
    # numbers: compound words, dot thousands, "Dutzend" and its multiples, ranges, scales
    ("Bei dem Busunglück in Südtirol sind dreiundzwanzig Menschen ums Leben gekommen.", {"killed": 23}),
    ("Bei den Gefechten wurden nach Armeeangaben zweihundertfünfzig Kämpfer getötet.", {"killed": 250}),
    ("Nach dem Erdbeben ist die Zahl der Todesopfer auf 1.174 gestiegen.", {"killed": 1174}),
    ("Beim Einsturz einer Tribüne wurde ein Dutzend Zuschauer verletzt.", {"injured": 12}),
    ("Knapp zwei Dutzend Menschen mussten im Krankenhaus behandelt werden.", {"injured": 24}),
    ("Zwischen 20 und 25 Menschen kamen in den Fluten ums Leben.", {"killed": 20}),
    # qualifiers
    ("Rund 300 Menschen wurden bei den Ausschreitungen verletzt.", {"injured": 300}),
    ("Fast 50 Menschen kamen bei dem Fährunglück ums Leben.", {"killed": 50}),
    ("Bei dem Beben starben mehr als 50.000 Menschen, über 100.000 wurden verletzt.",
     {"killed": 50000, "injured": 100000}),
    # tolls and their updates
    ("Die Zahl der Toten nach den Überschwemmungen ist auf mindestens 45 gestiegen.", {"killed": 45}),
    ("Ein weiterer Verletzter erlag am Freitag seinen Verletzungen; die Zahl der Todesopfer erhöhte sich damit auf "
     "neun.", {"killed": 9}),
    ("Die Zahl der Verletzten wurde mit 48 angegeben.", {"injured": 48}),
    ("Das Zugunglück forderte mindestens 19 Menschenleben.", {"killed": 19}),
    # nominal headlines
    ("Zugunglück in Bayern: Fünf Tote, mehr als 40 Verletzte", {"killed": 5, "injured": 40}),
    ("Explosion in Wohnhaus: ein Toter, zwei Schwer- und vier Leichtverletzte", {"killed": 1, "injured": 6}),
    # groups, subgroups, increments
    ("Bei dem Angriff wurden zehn Soldaten und drei Zivilisten getötet.", {"killed": 13}),
    ("Bei dem Luftangriff wurden mindestens 18 Menschen getötet, darunter sieben Kinder.", {"killed": 18}),
    ("Rund 40 Menschen wurden verletzt, sieben von ihnen schwer.", {"injured": 40}),
    ("Zwei Menschen wurden getötet, fünf weitere zum Teil schwer verletzt.", {"killed": 2, "injured": 5}),
    ("Bei dem Brand starben sieben Bewohner, 21 weitere erlitten Rauchgasvergiftungen.",
     {"killed": 7, "injured": 21}),
    # single victims: before and after the verb, "tödlich verletzt" is a death, persons joined
    ("Ein Radfahrer ist am Montagabend in Köln tödlich verletzt worden.", {"killed": 1}),
    ("Bei dem Feuer starb ein Feuerwehrmann.", {"killed": 1}),
    ("Die Polizei erschoss den 31-jährigen Angreifer.", {"killed": 1}),
    ("Der Lkw-Fahrer wurde leicht verletzt.", {"injured": 1}),
    ("Ihr Mann und ein Nachbar kamen mit Rauchgasvergiftungen ins Krankenhaus.", {"injured": 2}),
    ("Es gab einen Toten und drei Verletzte.", {"killed": 1, "injured": 3}),
    # negations
    ("Bei dem Auffahrunfall wurde zum Glück niemand verletzt.", {}),
    ("Es gab keine Verletzten, teilte die Feuerwehr mit.", {}),
    ("Die 46 Passagiere blieben unverletzt.", {}),
    # fears and hypotheticals
    ("Bis zu 500 Menschen könnten unter den Trümmern ums Leben gekommen sein.", {}),
    ("Die Behörden befürchten, dass mehr als 100 Menschen getötet wurden.", {}),
    # ages, dates, times, money, magnitudes, floors, scores
    ("Ein 23-Jähriger wurde bei einer Messerattacke schwer verletzt.", {"injured": 1}),
    ("Bei dem Unfall kam eine Frau im Alter von 67 Jahren ums Leben.", {"killed": 1}),
    ("Am 3. Oktober wurden bei einem Unfall auf der A3 zwei Menschen verletzt.", {"injured": 2}),
    ("Um 14.30 Uhr stürzte die Maschine ab, alle 150 Insassen kamen ums Leben.", {"killed": 150}),
    ("Der Schaden wird auf 2,5 Millionen Euro geschätzt.", {}),
    ("Ein Beben der Stärke 6,1 erschütterte die Region, Verletzte gab es nicht.", {}),
    ("Das Feuer brach im 4. Stock aus, drei Bewohner wurden leicht verletzt.", {"injured": 3}),
    ("Bayern gewann mit 3:1 gegen Dortmund vor 75.000 Zuschauern.", {}),
    # missing and displaced people are neither killed nor injured
    ("Nach dem Lawinenabgang werden noch 14 Menschen vermisst.", {"missing": 14}),
    ("Vier Bergsteiger gelten als vermisst.", {"missing": 4}),
    ("Rund 1.000 Menschen mussten ihre Häuser verlassen.", {"displaced": 1000}),
    # the past: a commemoration, an earlier event
    ("Zum Jahrestag des Anschlags, bei dem zwölf Menschen starben, gedachten Hunderte der Opfer.", {}),
    ("Vor 20 Jahren kamen bei dem Tsunami rund 230.000 Menschen ums Leben.", {}),
    # no casualties
    ("Die Zahl der Erwerbstätigen stieg im dritten Quartal auf 46,1 Millionen.", {}),
    ("Der Autobauer streicht bis 2030 rund 3.000 Stellen.", {}),
    ("Dutzende Menschen wurden bei den Krawallen verletzt.", {}),
    # an earlier disaster's toll, years after it
    ("Vier Jahre nach der Flutkatastrophe im Ahrtal, bei der 135 Menschen ums Leben kamen, warnen Experten vor "
     "unzureichendem Hochwasserschutz.", {}),
    # who succumbed to her burns is dead, not also injured
    ("Die Zahl der Toten ist auf vier gestiegen. Eine 29 Jahre alte Frau erlag am Dienstag in einer Spezialklinik "
     "ihren schweren Brandverletzungen. Neun weitere Bewohner waren bei dem Feuer verletzt worden.",
     {"killed": 4, "injured": 9}),
    # a single person whose participle ends a long clause, or whose noun follows an attribute clause; "N-Jähriger"
    ("Eine 52 Jahre alte Frau ist am frühen Sonntagmorgen auf der Bundesstraße 10 zwischen Ulm und Neu-Ulm bei einem "
     "Frontalzusammenstoß ums Leben gekommen.", {"killed": 1}),
    ("Der am Samstag bei dem Brand in Leipzig schwer verletzte Rentner ist in der Klinik gestorben.", {"killed": 1}),
    ("Bei Augsburg starb ein 71-Jähriger, nachdem sein Wagen von der Fahrbahn abgekommen war.", {"killed": 1}),
    # parts of a vague count give no exact total
    ("Bei dem Angriff wurden fünf Menschen getötet und Dutzende weitere verletzt. Unter den Verletzten sind auch "
     "vier Kinder.", {"killed": 5}),
    # a year after an earlier disaster, its toll is background
    ("Ein Jahr nach dem Grubenunglück, bei dem elf Bergleute starben, hat die Zeche wieder geöffnet.", {}),
    ("Ein 40 Jahre alter Mann ist am Dienstagabend in seiner Wohnung in Chemnitz von der Polizei festgenommen "
     "worden.", {}),
])
def test_german(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_german_figures_say_their_language_qualifier_and_source() -> None:
    (killed,) = find_figures("Mindestens 94 Menschen wurden bei der Explosion getötet, sagte ein Polizeisprecher.")
    assert (killed.language, killed.qualifier, killed.who, killed.attribution) == ("de", "at_least", "menschen",
                                                                                    "Polizeisprecher")
    (vague,) = count_totals(find_figures("Dutzende Menschen wurden bei den Krawallen verletzt.")).values()
    assert (vague.value, vague.vague) == (None, True)


@pytest.mark.parametrize("text, source", [
    # a separable verb's particle and the day of a statement are not part of its source
    ("Drei Menschen wurden getötet, teilte die Feuerwehr mit.", "Feuerwehr"),
    ("Drei Menschen wurden getötet, teilte die Polizei in Kassel am Montagabend mit.", "Polizei in Kassel"),
    # "Das" opening "Das teilte ... mit" is no source
    ("Zwei Menschen starben. Das teilte die Bundespolizei mit.", "Bundespolizei"),
])
def test_german_sources_leave_out_the_day_and_the_particle(text: str, source: str) -> None:
    (killed,) = [f for f in find_figures(text) if f.category == "killed"]
    assert killed.attribution == source
