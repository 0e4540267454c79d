"""Competing and doubted counts, results that are no victims, and who a described body is: constructions of wire copy
that reports one toll beside others (positive and negative rows)."""
from __future__ import annotations

import pytest

from crawler.extraction.figures import count_totals, find_figures, totals
from crawler.extraction.figures.sources import normalise_source


@pytest.mark.parametrize("text, expected", [
    # a score and what it "killed off" are no victims
    ("Leinster ran in seven tries in a 45-10 rout that killed off Ulster's title hopes.", {}),
    ("A 3-0 defeat killed the club's chances of promotion.", {}),
    # counts after the lead that nobody could check: "Neither figure ...", "did not say how it arrived at"
    ("Police said 14 people were killed in the raid.\n\nResidents said they had buried 20 bodies. A local lawmaker "
     "said at least 26 people had died. Neither figure could be independently verified.", {"killed": 14}),
    ("Police said 14 people were killed in the raid.\n\nA local lawmaker said at least 26 people had died. None of "
     "the figures could be verified.", {"killed": 14}),
    ("Nine people were crushed to death in a stampede, police said.\n\nThe Red Cross gave a higher figure of 12 "
     "dead, but did not say how it had arrived at the number.", {"killed": 9}),
    # a doubt covers the sentence before it only
    ("Police said 14 people were killed in the raid.\n\nResidents said they had buried 20 bodies. The figure could "
     "not be independently verified. Later, hospital officials said the toll had risen to 17.", {"killed": 17}),
    # an earlier toll of the story, revised
    ("The ministry said 12 people had been killed, revising down an earlier toll of 15 given by local media.",
     {"killed": 12}),
    ("The agency put the toll at 40, up from an initial figure of 31.", {"killed": 40}),
    # another body's count of the lead's event: the lead stands; a revision by the lead's own body beats it
    ("Air strikes killed six people, the civil defence said.\n\nThe war monitor, which relies on sources on the "
     "ground, put the toll at nine.", {"killed": 6}),
    ("Air strikes killed six people, the civil defence said.\n\nThe civil defence later said the toll had risen to "
     "nine.", {"killed": 9}),
    # an ambulance service that took people to hospital counts the injured
    ("Two people died in the fire. Paramedics said they took five people to hospital.", {"killed": 2, "injured": 5}),
    ("The fire brigade rushed three residents to hospital.", {"injured": 3}),
    ("The bus took 40 pilgrims to the shrine.", {}),
    # a part's scope ends at "that": the count after it is no part of the vague "dozens wounded", but the injured
    ("At least 21 people were killed and dozens wounded when a drone struck a market, the group said.\n\nIn a later "
     "statement, the group said the number of dead had reached 26, including seven children and four women, and "
     "that 41 people were being treated for injuries.", {"killed": 26, "injured": 41}),
])
def test_competing_and_doubted_counts(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_a_described_body_is_the_source_not_its_description() -> None:
    """"X, a monitor that relies on sources, put the toll at 10": X, never a word of the description."""
    (killed,) = find_figures("Air strikes killed eight people on Monday.\n\nThe Syrian Observatory for Human Rights, "
                             "a Britain-based war monitor that relies on a network of sources, put the toll at 10.")[1:]
    assert killed.attribution == "Syrian Observatory for Human Rights"
    (total,) = count_totals(find_figures("The Syrian Observatory for Human Rights, a monitor that relies on sources, "
                                         "said 10 people were killed.")).values()
    assert total.attribution == "Syrian Observatory for Human Rights"


def test_the_syrian_civil_defence_is_the_white_helmets() -> None:
    assert {normalise_source(s) for s in ("the White Helmets", "Syrian Civil Defence", "the Syrian Civil Defense")} \
        == {"White Helmets"}


@pytest.mark.parametrize("text, expected", [
    # one more dead by its ordinal after a count; the dead "declared deceased"
    ("Four people were declared deceased at the scene and a fifth person died in hospital.", {"killed": 5}),
    ("Three workers were killed instantly, while a fourth succumbed on the way to hospital.", {"killed": 4}),
    ("Three workers were killed; a fourth was seriously injured.", {"killed": 3, "injured": 1}),
    # some of a group counted before who died: the group's number is no count here
    ("Eleven people died on the spot. Three survivors were rushed to hospital. One of the three succumbed to head "
     "injuries on Monday.", {"killed": 12}),
    ("Eleven people died on the spot and five were injured. Two of the five later died in hospital.",
     {"killed": 13, "injured": 3}),
    ("Five people were killed in the ambush. Four of the five killed were cousins.", {"killed": 5}),
    # treated by paramedics, at the scene, for breathing difficulties: injured; treated for an illness: not
    ("Sixteen people have been treated by paramedics after a chemical leak at a leisure centre.", {"injured": 16}),
    ("Of those, 16 were treated for breathing difficulties and eye irritation.", {"injured": 16}),
    ("The hospital said 12 patients were treated for cancer last year.", {}),
    # the patients paramedics treated are the injured
    ("A man died in the crash. The ambulance service said paramedics treated nine patients.", {"killed": 1,
                                                                                               "injured": 9}),
    # paramedics who had taken people to hospital count the injured
    ("Two people died. The ambulance service said paramedics had taken 11 people to hospitals in the city.",
     {"killed": 2, "injured": 11}),
])
def test_more_ways_of_counting(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


@pytest.mark.parametrize("text, category, source", [
    # a paragraph opening on where the figures before came from credits them
    ("Fourteen people were killed and eight injured when a building collapsed.\n\nThe figures were released by the "
     "Regional Disaster Management Cell, which coordinated the rescue.", "killed",
     "Regional Disaster Management Cell"),
    ("The toll rose to 31 on Saturday, with 52 people injured.\n\nThe figures came from the morning situation report "
     "of the National Disaster Council (NDC), which said most deaths were caused by landslides.", "injured",
     "National Disaster Council (NDC)"),
    # a titled person of a body speaks for it, and the name said again later is that body
    ("Six people were killed, Acting Inspector Karen Doyle of Tasmania Police told reporters.", "killed",
     "Tasmania Police"),
    ("Seven people were killed, officials said.\n\nThe head of the regional military administration, Ivan Petrenko, "
     "reported five killed on Tuesday.\n\nPetrenko said 30 people had been injured.", "injured",
     "regional military administration"),
    # a place is no source; a broadcaster named beats "state TV"
    ("Forty injured workers were being treated at the burn unit and at a private clinic in Gazipur, said the Health "
     "Ministry.", "injured", "Health Ministry"),
    ("Mine collapse kills nine, state TV says\n\nA mine collapse killed nine miners, state broadcaster CCTV "
     "reported.", "killed", "CCTV"),
])
def test_who_gave_the_figures(text: str, category: str, source: str) -> None:
    assert count_totals(find_figures(text))[category].attribution == source


@pytest.mark.parametrize("text, category, source", [
    # a headline's label and a release's dateline name who gives the figures; a city, a country, a wire do not
    ("Police: 3 killed, 5 wounded in nightclub shooting", "injured", "police"),
    ("UN: 12 killed in air strike on school", "killed", "UN"),
    ("KARACHI: Three people were killed in a fire, rescuers said.", "killed", "rescuers"),
    ("Kenya: 4 killed as police open fire on protesters", "killed", None),
    ("Geneva (ICRC) – The International Committee of the Red Cross is saddened that two of its staff were killed "
     "on 8 May.", "killed", "ICRC"),
    ("LAGOS (Reuters) - Gunmen killed 12 people in a raid on a village.", "killed", None),
])
def test_labels_and_datelines(text: str, category: str, source: str | None) -> None:
    assert count_totals(find_figures(text))[category].attribution == source


@pytest.mark.parametrize("text, expected", [
    # those stabbed, not to death, are injured
    ("The attacker stabbed three passengers and was arrested.", {"injured": 3}),
    ("A man stabbed two people to death at the station.", {"killed": 2}),
    ("He stabbed the victim 12 times.", {}),
])
def test_stabbed(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_a_sentence_giving_both_tolls_has_one_source() -> None:
    """The lead gives the dead and the injured; a later sentence credits the dead: the injured have that source."""
    found = count_totals(find_figures("Four young men have died and a fifth man is in a critical condition following "
                                      "a crash.\n\nThe four men were pronounced dead at the scene, gardaí said."))
    assert (found["killed"].attribution, found["injured"].attribution) == ("police", "police")
    # not when the injured figure stands in a sentence of its own
    found = count_totals(find_figures("Four young men have died in a crash, gardaí said.\n\nA fifth man is in a "
                                      "critical condition."))
    assert (found["killed"].attribution, found["injured"].attribution) == ("police", None)


def test_a_group_named_by_its_number_is_no_count() -> None:
    """"Ten of the 18 staffers ... were absent the night Epstein was found dead": no 18 dead (it was read so)."""
    found = find_figures("Ten of the 18 staffers who reported for duty were absent the night Epstein was found dead.")
    assert 18 not in {f.value for f in found}


@pytest.mark.parametrize("text, expected", [
    # the pool a breakdown is taken from is no count
    ('She said, "Out of the 23 persons involved, three were killed, nine were injured and 11 were rescued unhurt."',
     {"killed": 3, "injured": 9}),
    # a season's tally is background
    ("Three children were killed when a roof collapsed in Lahore.\n\nThe disaster authority said at least 27 people "
     "had died in rain-related incidents across Punjab since the monsoon began on June 26.", {"killed": 3}),
    # a reporting verb opens a clause: the speaker is no victim of what he calls dead
    ("The Senate spokesman said the bill was dead on arrival.", {}),
    ("Police said a man was shot dead.", {"killed": 1}),
    # the headline's "N others" and the lead's are the same others
    ("Man dies after stabbing as three others hurt\n\nA 23-year-old man has died and three other people were "
     "injured following a stabbing outside a nightclub.", {"killed": 1, "injured": 3}),
])
def test_pools_seasons_and_others_again(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text)) == expected


def test_the_force_is_the_police_named_before() -> None:
    found = count_totals(find_figures("West Yorkshire Police were called to a disturbance.\n\nIn a statement, the "
                                      "force said two men had died."))
    assert found["killed"].attribution == "West Yorkshire Police"
