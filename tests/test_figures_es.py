"""Spanish: numbers as Spain and Latin America write them, and each construction of casualty reporting, positive
and negative."""
from __future__ import annotations

import pytest

from crawler.extraction.figures import count_totals, find_figures, totals


@pytest.mark.parametrize("text, expected", [
    # numbers: Mexico's comma and Spain's dot between thousands, "5 mil 652", words, approximations, ranges
    ("Al menos 1,174 personas fueron asesinadas en Guanajuato durante el primer cuatrimestre.", {"killed": 1174}),
    ("Un total de 1.174 personas han fallecido en las carreteras españolas este año, según la DGT.",
     {"killed": 1174}),
    ("Un total de 5 mil 652 homicidios dolosos se registraron en el primer semestre, informó el SESNSP.",
     {"killed": 5652}),
    ("Veintiséis personas murieron en el incendio de una discoteca en Murcia.", {"killed": 26}),
    ("Una docena de personas resultaron heridas en el choque de dos autobuses.", {"injured": 12}),
    ("Cerca de un centenar de migrantes murieron en el naufragio frente a Libia.", {"killed": 100}),
    ("Dos personas murieron y entre 15 y 20 resultaron heridas al desplomarse el techo de un salón.",
     {"killed": 2, "injured": 15}),
    # constructions: a subject after its verb, active verbs, "dejó X muertos", tolls, groups, parts, singles
    ("Murieron 12 personas y otras 30 resultaron heridas en el ataque, informó la policía.",
     {"killed": 12, "injured": 30}),
    ("Hombres armados mataron a 12 personas en un palenque de Irapuato.", {"killed": 12}),
    ("Dos policías muertos y tres heridos dejó un ataque con explosivos en Michoacán.", {"killed": 2, "injured": 3}),
    ("El saldo del accidente es de 5 muertos y 12 heridos, según Protección Civil.", {"killed": 5, "injured": 12}),
    ("Al menos 8 personas murieron este jueves, con lo que la cifra de muertos asciende ya a 213.", {"killed": 213}),
    ("La Defensoría elevó a 80 el número de muertos por los combates en el Catatumbo.", {"killed": 80}),
    ("Al menos 15 soldados y 28 atacantes murieron en un ataque yihadista en Malí.", {"killed": 43}),
    ("Cuatro personas, entre ellas dos niños, murieron en el incendio de su vivienda.", {"killed": 4}),
    ("La explosión dejó 3 muertos y 23 heridos, cinco de ellos graves.", {"killed": 3, "injured": 23}),
    ("Un agente de la Guardia Civil ha muerto y otros dos han resultado heridos en Barbate.",
     {"killed": 1, "injured": 2}),
    ("Seis militares fueron emboscados y asesinados en Tamaulipas.", {"killed": 6}),
    # a group named with its body, joined to the next: "dos agentes de la Guardia Nacional y cuatro sicarios"
    ("Dos agentes de la Guardia Nacional y cuatro presuntos sicarios murieron en un enfrentamiento en Michoacán.",
     {"killed": 6}),
    # the injured by their treatment: admitted, treated
    ("Quince personas permanecen ingresadas en el hospital, tres de ellas en estado crítico.", {"injured": 15}),
    ("Un bombero tuvo que ser atendido por inhalación de humo durante la extinción.", {"injured": 1}),
    ("Los cuerpos de cinco hombres fueron localizados en un paraje de Zacatecas.", {"killed": 5}),
    # negatives: negation, fears, ages, roads, magnitudes, scores, money, anniversaries, the missing, the vague
    ("El incendio no dejó heridos, según los bomberos.", {}),
    ("Ninguno de los 14 ocupantes resultó herido.", {}),
    ("La tormenta podría dejar hasta 200 muertos, advirtieron los expertos.", {}),
    ("Un joven de 17 años resultó herido de bala en la N-340, a la altura del kilómetro 150.", {"injured": 1}),
    ("Un sismo de magnitud 6,2 sacudió Oaxaca sin causar víctimas.", {}),
    ("El Real Madrid ganó 4-2 al Sevilla ante 70.000 espectadores en el Bernabéu.", {}),
    ("El Gobierno destinará 2.500 millones de euros a la reconstrucción.", {}),
    ("Este lunes se cumplen 20 años del atentado en el que murieron 192 personas.", {}),
    ("El huracán dejó 58 desaparecidos en Acapulco.", {"missing": 58}),
    ("Decenas de personas resultaron heridas en los disturbios.", {}),
    # approximate counts before "de muertos" ("además de" is a conjunction, its "de" alone is not)
    ("La explosión dejó al menos una docena de muertos y cerca de medio centenar de heridos, según las autoridades.",
     {"killed": 12, "injured": 50}),
    # who died stabbed is not also injured; another who was hurt is
    ("Un joven de 23 años murió apuñalado en la madrugada. Otros dos jóvenes resultaron heridos leves.",
     {"killed": 1, "injured": 2}),
    ("Un hombre murió y otro resultó herido en el tiroteo.", {"killed": 1, "injured": 1}),
])
def test_spanish(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_spanish_figures_say_their_language_qualifier_and_source() -> None:
    (killed,) = find_figures("Al menos 94 personas murieron en la explosión, informó la Fiscalía del estado.")
    assert (killed.language, killed.qualifier, killed.who, killed.attribution) == (
        "es", "at_least", "personas", "Fiscalía del estado")
    (vague,) = count_totals(find_figures("Decenas de personas resultaron heridas en los disturbios.")).values()
    assert (vague.value, vague.vague) == (None, True)
