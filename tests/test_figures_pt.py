"""Portuguese: numbers as Brazil, Portugal and Mozambique write them, and each construction of casualty reporting,
positive and negative."""
from __future__ import annotations

import pytest

from crawler.extraction.figures import count_totals, find_figures, totals


@pytest.mark.parametrize("text, expected", [
    # numbers: dots or spaces between thousands, "mil" after digits, words, approximations, ranges
    ("Pelo menos 1 200 pessoas morreram em consequência do ciclone Idai, segundo o INGC.", {"killed": 1200}),
    ("O Brasil ultrapassou 700 mil mortes por covid-19, informou o Ministério da Saúde.", {"killed": 700000}),
    ("Vinte e seis pessoas morreram no incêndio da boate.", {"killed": 26}),
    ("Uma dezena de pessoas ficou ferida no descarrilamento de um elétrico em Lisboa.", {"injured": 10}),
    ("Cerca de 20 pessoas ficaram feridas nos confrontos em Maputo.", {"injured": 20}),
    ("Entre quinze e vinte pessoas ficaram feridas no desabamento.", {"injured": 15}),
    # constructions: Brazil's and Portugal's, a subject after its verb, active verbs, tolls, groups, parts, singles
    ("O acidente deixou 7 mortos e 15 feridos na BR-116, em Minas Gerais.", {"killed": 7, "injured": 15}),
    ("Um choque frontal na Estrada Nacional 125 provocou duas vítimas mortais e três feridos graves.",
     {"killed": 2, "injured": 3}),
    ("Morreram 12 pessoas e outras 30 ficaram feridas no ataque, segundo a polícia.", {"killed": 12, "injured": 30}),
    ("O atirador matou duas pessoas e feriu outras cinco numa escola de Aracruz.", {"killed": 2, "injured": 5}),
    ("Subiu para 175 o número de mortos nas enchentes do Rio Grande do Sul.", {"killed": 175}),
    ("Mais duas pessoas morreram no hospital, elevando para nove o número de vítimas mortais do incêndio.",
     {"killed": 9}),
    ("Três mulheres e duas crianças morreram afogadas no rio São Francisco.", {"killed": 5}),
    ("Quatro pessoas, entre elas duas crianças, morreram no incêndio.", {"killed": 4}),
    ("Insurgentes mataram pelo menos 11 civis em Cabo Delgado, segundo fontes locais.", {"killed": 11}),
    ("Um homem morreu e outro ficou ferido numa explosão numa fábrica de pirotecnia em Lousada.",
     {"killed": 1, "injured": 1}),
    ("Um polícia foi morto a tiro durante um assalto em Luanda.", {"killed": 1}),
    ("Seis militares foram emboscados e mortos no distrito de Macomia.", {"killed": 6}),
    ("Mais de 300 pessoas ficaram feridas e 13 morreram em confrontos.", {"killed": 13, "injured": 300}),
    # negatives: negation, dates, roads, magnitudes, money, houses, anniversaries, the missing, the vague
    ("Não há registo de feridos, segundo a Autoridade Nacional de Emergência e Proteção Civil.", {}),
    ("Nenhum dos 40 passageiros ficou ferido, segundo a companhia.", {}),
    ("Um sismo de magnitude 5,3 foi sentido às 5h11 em Lisboa sem causar vítimas.", {}),
    ("O ciclone destruiu mais de 155 mil casas na província de Nampula nesta sexta-feira (13).", {}),
    ("O governo anunciou um investimento de 2,5 mil milhões de euros.", {}),
    ("Seis anos após o rompimento da barragem, que matou 272 pessoas, familiares fizeram um ato.", {}),
    ("Ainda há 38 desaparecidos no litoral norte.", {"missing": 38}),
    ("Dezenas de pessoas morreram nas cheias em Moçambique.", {}),
    # attackers shot down by the army are killed too; a hunter's boars are not victims
    ("Ataque de insurgentes a uma aldeia faz pelo menos cinco mortos entre a população civil. Na perseguição que se "
     "seguiu, as Forças de Defesa e Segurança abateram quatro insurgentes.", {"killed": 9}),
    ("O caçador abateu três javalis na serra.", {}),
    # stabbed to death is killed, not injured too
    ("Um jovem de 19 anos foi esfaqueado mortalmente na madrugada deste sábado em Albufeira.", {"killed": 1}),
])
def test_portuguese(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_portuguese_figures_say_their_language_qualifier_and_source() -> None:
    (killed,) = find_figures("Pelo menos 94 pessoas morreram na explosão, informou a Polícia Rodoviária Federal.")
    assert (killed.language, killed.qualifier, killed.who, killed.attribution) == (
        "pt", "at_least", "pessoas", "Polícia Rodoviária Federal")
    (about,) = find_figures("Cerca de 20 pessoas ficaram feridas nos confrontos em Maputo.")
    assert (about.category, about.value, about.qualifier) == ("injured", 20, "about")
    (vague,) = count_totals(find_figures("Dezenas de pessoas morreram nas cheias em Moçambique.")).values()
    assert (vague.value, vague.vague) == (None, True)
