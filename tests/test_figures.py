"""Casualty-figure parser: numbers, grammar, negative cases, totals and the seed article."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extraction.figures import CATEGORIES, Figure, find_figures, totals
from crawler.extraction.figures.text import split_sentences

FIXTURES = Path(__file__).parent / "fixtures" / "figures"


def _pairs(text: str) -> list[tuple[str, int]]:
    return [(f.category, f.value) for f in find_figures(text)]


@pytest.mark.parametrize("text, expected", [
    # thousands separators, millions, number words
    ("1,174 people were injured in the blast.", [("injured", 1174)]),
    ("1.174 people were injured in the blast.", [("injured", 1174)]),
    ("1 174 people were injured in the blast.", [("injured", 1174)]),
    ("3 million people have been displaced by the fighting.", [("displaced", 3_000_000)]),
    ("1.5m refugees have fled to neighbouring countries.", [("refugees", 1_500_000)]),
    ("Thirteen youths were killed on Saturday.", [("killed", 13)]),
    ("Twenty-one soldiers were killed in the ambush.", [("killed", 21)]),
    ("A dozen villagers were killed by gunmen.", [("killed", 12)]),
    ("Two hundred and fifty people were killed.", [("killed", 250)]),
    # active and passive, several figures per sentence
    ("Gunmen killed 22 people and wounded 10 others.", [("killed", 22), ("injured", 10)]),
    ("Seven people have been killed and at least 18 wounded in a suicide bomb attack.", [("killed", 7), ("injured", 18)]),
    # an attacker who blew himself up is killed too (the README's conventions)
    ("A suicide attacker blew himself up, killing 10 civilians, and injuring 5.",
     [("killed", 10), ("injured", 5), ("killed", 1)]),
    ("Eleven people were killed and five others wounded in air strikes.", [("killed", 11), ("injured", 5)]),
    ("The clashes left 12 people dead.", [("killed", 12)]),
    ("The death toll rose to 40 on Monday.", [("killed", 40)]),
    ("Two people are still missing after the attack.", [("missing", 2)]),
    ("Clashes over land have claimed 17 lives.", [("killed", 17)]),
    # negatives: negation, hypotheticals and fears, years, dates, ages, times, money, magnitudes, nearby numbers
    ("No one was killed in the attack.", []),
    ("None of the 20 passengers were injured.", []),
    ("Officials warned that the storm could kill thousands.", []),
    ("The militants threatened to kill 50 hostages.", []),
    ("Ten people were feared dead after the landslide.", []),
    ("In 2019 the group killed villagers in the north.", []),
    ("The attack on 12 March killed civilians.", []),
    ("A man aged 45 was among those hurt in the clashes.", []),
    ("Gunmen opened fire at 10:30 and killed villagers.", []),
    ("The rebels demanded $500 after they killed villagers.", []),
    ("A magnitude 6.1 earthquake killed villagers.", []),
    ("The attack happened 20 kilometres from the town where villagers were killed.", []),
    ("Five suspects were arrested after the killing of a farmer.", [("killed", 1)]),
    # scale words: "two dozen" is 24, not 2; corpses are bodies
    ("Around two dozen people were killed.", [("killed", 24)]),
    ("The corpses of six men were found by the road.", [("killed", 6)]),
])
def test_figures_in_sentences(text: str, expected: list[tuple[str, int]]) -> None:
    assert _pairs(text) == expected


@pytest.mark.parametrize("text, field, expected", [
    ("Storms kill 23 across three provinces in Vietnam", "who", None),
    ("At least 13 people were killed.", "qualifier", "at_least"),
    ("More than 38 civilians have been killed.", "qualifier", "more_than"),
    ("Around 10 soldiers have been killed.", "qualifier", "about"),
    ("Nearly 80 fighters were killed.", "qualifier", "nearly"),
    ("Up to 50 people were killed.", "qualifier", "up_to"),
    ("Fewer than 20 people were killed.", "qualifier", "less_than"),
    ("No fewer than 16 persons have been shot dead.", "qualifier", "at_least"),
    ("Eleven civilians were shot dead.", "qualifier", "exact"),
    ("Eleven civilians were shot dead.", "who", "civilians"),
    ("Seven persons were killed in overnight attacks.", "who", "people"),
    ("Gunmen killed 17 people in Nigeria, police said.", "where", "Nigeria"),
    ("Gunmen killed 17 people in Nigeria, police said.", "attribution", "police"),
    ("Eight people were killed, according to the Red Cross.", "attribution", "Red Cross"),
    ("Another 5 people were killed on Tuesday.", "cumulative", False),
    ("The death toll rose to 40.", "cumulative", True),
])
def test_figure_fields(text: str, field: str, expected: object) -> None:
    figures = find_figures(text)
    assert len(figures) == 1
    assert getattr(figures[0], field) == expected


@pytest.mark.parametrize("text, low, high, value, vague", [
    ("Between 10 and 15 people were killed.", 10, 15, 10, False),
    ("10-15 people were killed.", 10, 15, 10, False),
    ("Five or six people were killed.", 5, 6, 5, False),
    ("Dozens of people were injured.", 24, None, 24, True),
    ("Hundreds of people have been displaced.", 200, None, 200, True),
])
def test_ranges_and_vague_words(text: str, low: int, high: int | None, value: int, vague: bool) -> None:
    (fig,) = find_figures(text)
    assert (fig.low, fig.high, fig.value, fig.vague) == (low, high, value, vague)


def test_offsets_point_at_the_number() -> None:
    text = "Police said on Monday. At least 1,174 people were injured in the blast."
    (fig,) = find_figures(text)
    assert text[fig.start:fig.end] == "1,174"
    assert fig.sentence == "At least 1,174 people were injured in the blast."


@pytest.mark.parametrize("text, expected", [
    # distinct groups in one event are summed
    ("At least three women and six children have been killed in an ambush.", {"killed": 9}),
    ("A barrage of rockets hit the town, killing four soldiers and five civilians.", {"killed": 9}),
    # a group inside a total is not added again
    ("29 people, including 10 foreigners, were killed in the attack.", {"killed": 29}),
    ("At least 17 civilians, including 10 women and one girl, were killed.", {"killed": 17}),
    # implied single victim
    ("Gunmen shot dead the village chief on Tuesday.", {"killed": 1}),
    ("A journalist was shot dead on Friday night near the city.", {"killed": 1}),
    # cumulative toll beats an increment
    ("Another 5 people were killed on Tuesday. The death toll rose to 40.", {"killed": 40}),
    # increments add to an earlier count when there is no toll
    ("Four people were killed in the first attack. Another 3 were killed in the second.", {"killed": 7}),
    # parts that break a total down are not added to it
    ("Clashes left 12 people dead. Four were killed in the village while eight others were killed in reprisals.",
     {"killed": 12}),
    ("No one was injured in the attack.", {}),
])
def test_totals(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text), text) == expected


def test_seed_article() -> None:
    text = (FIXTURES / "aa-ukraine-turkey.txt").read_text(encoding="utf-8").strip()
    figures = {f.category: f for f in find_figures(text)}
    killed, injured, refugees = figures["killed"], figures["injured"], figures["refugees"]
    assert (killed.value, killed.qualifier, killed.who, killed.where, killed.cumulative) == (
        726, "at_least", "civilians", "Ukraine", True)
    assert injured.value == 1174
    assert (refugees.value, refugees.qualifier, refugees.attribution) == (3_000_000, "more_than", "UN")
    expected = json.loads((FIXTURES / "aa-ukraine-turkey.expected.json").read_text(encoding="utf-8"))["totals"]
    assert totals(list(figures.values()), text) == expected


def test_record_shape() -> None:
    (fig,) = find_figures("Eleven civilians were shot dead.")
    assert isinstance(fig, Figure) and fig.category in CATEGORIES
    assert set(fig.to_dict()) >= {"category", "value", "low", "high", "vague", "qualifier", "who", "where",
                                   "attribution", "cumulative", "sentence", "start", "end"}


@pytest.mark.parametrize("text, expected", [
    # a background toll of a campaign or period does not replace the event's own toll
    ("More than 100 people have died in attacks since November 5. On Sunday, six civilians were killed in a raid.",
     {"killed": 6}),
    ("At least 300 people have been killed so far this year. Gunmen killed eight farmers on Monday.", {"killed": 8}),
    # a single later count equal to the first is another victim, not a breakdown of it
    ("A mayor was shot dead on Saturday. His bodyguard was also killed.", {"killed": 2}),
    # "including ..." inside an unpunctuated subject does not count again
    ("At least seven people including two women and two children were killed.", {"killed": 7}),
    ("A mortar killed five civilians including a baby and two toddlers.", {"killed": 5}),
    # a number set off after a name is an age
    ("John Smith, 46, was murdered on Wednesday.", {"killed": 1}),
    # implied single victims
    ("An elderly woman was burnt alive in her house.", {"killed": 1}),
    ("Militants hacked an elderly priest to death on Tuesday.", {"killed": 1}),
    ("The mayor's body was found on Tuesday.", {"killed": 1}),
    ("Gunmen killed John Smith, a local councillor, on Monday.", {"killed": 1}),
    ("Gunmen shot dead Riverside deputy mayor on Friday.", {"killed": 1}),
    ("Troops killed Palestinian protesters in the West Bank.", {}),
    ("The blast killed six people. The mayor later died of his wounds.", {"killed": 7}),
    ("Four people were killed in the village. Another man was shot dead nearby.", {"killed": 5}),
    # a single person conjoined with a counted group
    ("The attack killed a dozen villagers and a police officer.", {"killed": 13}),
    ("A party leader and two other members were tortured to death.", {"killed": 3}),
    ("Militants killed a soldier and two civilians.", {"killed": 3}),
    ("A gunman wounded a police officer and two others.", {"injured": 3}),
    # a conjunction does not join counts across a verb
    ("He said 52 were shot and 11 of them died.", {"killed": 11}),
    # injured: singular objects, "with injuries", qualifier words that are not before a number
    ("Gunmen killed five members of a family and wounded another.", {"killed": 5, "injured": 1}),
    ("Twelve others were also brought in with injuries.", {"injured": 12}),
    ("Five people have since died and 15 others injured around the factory.", {"killed": 5, "injured": 15}),
    # conjoined singular victims count one each
    ("A soldier and a civilian were killed in the crossfire.", {"killed": 2}),
    ("Gunmen shot dead a trader and his driver on the highway.", {"killed": 2}),
    ("A soldier, a guard and a driver were killed when the convoy was hit.", {"killed": 3}),
    ("A clerk and election observer were killed at the polling station.", {"killed": 2}),
    # ... but a second title without its own determiner may be the same person, and a list that is not all
    # persons is not guessed at
    ("Gunmen killed a lecturer and secretary of the council.", {"killed": 1}),
    ("A sous-chef, a guard and a driver were killed when the convoy was hit.", {}),
    ("A cook, a guard and a driver were killed when the convoy was hit.", {"killed": 3}),
    ("Gunmen threatened to kill a farmer and his son.", {}),
    # a single victim conjoined with a counted group through a possessive or a definite article
    ("Gunmen killed a farmer and his three sons.", {"killed": 4}),
    ("The commander and two of his guards were killed.", {"killed": 3}),
    # asides inside an intransitive subject do not make it too long to be one; a number inside a parenthesis is
    # not a subject, and a noun predicate ("bodies") keeps the short limit
    ("Ten people, four of them children, died in the fire.", {"killed": 10}),
    ("Nine villagers, mostly elderly women, died in the raid.", {"killed": 9}),
    ("Nine miners (including two foremen) died in the collapse.", {"killed": 9}),
    (("The release adds nine features (finalized after four previews), compact headers, flexible constructor "
      "bodies for safety."), {}),
    # deaths among the wounded add to the dead (and leave the wounded); a part of the dead does not
    ("Three people were killed and nine were wounded, two of whom later died in hospital.",
     {"killed": 5, "injured": 7}),
    ("Nine people were killed, two of whom were children.", {"killed": 9}),
    # a toll stated as "the number killed at N" beats the first count
    ("Gunmen killed at least 30 people. Residents put the number killed at 35.", {"killed": 35}),
    # the killing of a named kind of person implies one victim; of anything else, none
    ("Police are investigating the slaying of a shopkeeper.", {"killed": 1}),
    ("Police are investigating the killing of a dog.", {}),
    # a pronoun subject, a subject after a reporting verb, a name with a lower-case particle
    ("He was murdered by a militia in Ruhemba village.", {"killed": 1}),
    ("He said a soldier was killed.", {"killed": 1}),
    ("Basra police say al-Ghrawi was shot and killed in front of his house.", {"killed": 1}),
    ("He said he was not killed.", {}),
    # offices and trades beyond the commonest are persons
    ("The publisher of the newspaper has been slain in the Philippines.", {"killed": 1}),
    ("An attack killed a Turkish diplomat and one other person in Erbil.", {"killed": 2}),
    # singles listed before a counted group add to it
    ("A traditional chief, his wife and three sons have been shot dead.", {"killed": 5}),
    # a qualifier set off by commas; "martyred" is killed
    ("Protests spread, leading to the death of, at least, seven people so far.", {"killed": 7}),
    ("Eight people had been martyred during the operation.", {"killed": 8}),
    # a headline's present tense without an article; other words that merely look like one
    ("Unidentified gunmen kill prominent traditional elder in Baidoa", {"killed": 1}),
    ("Kill switch on all major platforms with configurable options.", {}),
    ("My mother's murder and father's violent death changed me.", {}),
    ("She said she had died a thousand deaths when her horse fell.", {}),
    # "brought" makes a toll only with one: corpses brought in are not a running toll beating the count
    ("27 people were killed in the raid. Residents brought in 17 bloodied corpses the day after the killing.",
     {"killed": 27}),
    ("Two more bodies were found, bringing the number of dead to 35.", {"killed": 35}),
    # a sentence opening on a count it breaks down gives that count again, and a part of it
    ("An additional 181 people were wounded. Of the 181 injured, 27 suffered gunshot wounds.", {"injured": 181}),
    ("Of the 181 injured, 27 suffered gunshot wounds.", {"injured": 181}),
    # "also" adds a counted group to those counted before
    ("A paramedic was killed and six others wounded. Three police officers also died in the attack.",
     {"killed": 4, "injured": 6}),
    ("A bomb killed ten people in the market. It also killed two soldiers at a checkpoint.", {"killed": 12}),
    # a possessive before the count or the single victim
    ("Gunmen killed a farmer's wife and wounded her three sons.", {"killed": 1, "injured": 3}),
    ("Gunmen opened fire on the car, killing the journalist and wounding his cameraman.",
     {"killed": 1, "injured": 1}),
    # people blown up are killed, things are not; an age range inside the subject
    ("At least eight children aged 12 to 17 were blown up during the raid.", {"killed": 8}),
    ("Two bridges were blown up by retreating troops.", {}),
    # a parent "of three" has children, not victims, unless the count has a noun of its own
    ("A teacher was gunned down. The 42-year-old mother of three died in the town of Muyuka.", {"killed": 1}),
    ("The mother of three children killed in the strike spoke to reporters.", {"killed": 3}),
    # a toll stated as "the number of people who were killed"
    ("More than 80 people lost their lives. The number of people who were killed on both sides is 86.",
     {"killed": 86}),
    # a name of two words or more, or a pronoun, and a count of others: one more
    ("At least 15 people were killed in two attacks. Paramount Chief Albino Mawut and three others were killed at "
     "a cattle camp on 26 June. 11 others were killed in a separate raid on 25 June.", {"killed": 15}),
    ("He and two others were killed.", {"killed": 3}),
    ("Police and three others were wounded.", {"injured": 3}),
    # people forced or driven from their homes are displaced
    ("The floods forced 45,000 people from their homes.", {"displaced": 45000}),
    ("The fighting has driven 20,000 people out of their homes.", {"displaced": 20000}),
    # "the following Saturday" opens another incident, whose dead add up
    ("Clashes left three civilians dead in North Darfur. Four farmers were shot dead in a revenge attack in El "
     "Salam the following Saturday.", {"killed": 7}),
    # one of the wounded who died is one more dead
    ("The mayor was killed. Another official who was injured during the attack died Wednesday morning.",
     {"killed": 2}),
    # a number word after a month is a count (a day is written in digits); a list item before a verb of its own
    ("On 25 July five people were killed in an attack on Cogolo.", {"killed": 5}),
    ("Gunmen killed two elderly people and a child and burned houses.", {"killed": 3}),
    ("On July 5 three people died.", {"killed": 3}),
    # a toll stated as a "death total"
    ("Human Rights Watch puts the civilian death total from the incident at 14 civilians.", {"killed": 14}),
    # a single victim with a relative clause of their own; a clause that reports others' deaths is not one
    ("A blogger who wrote satirical critiques of the government and the clergy died on Sunday after being "
     "stabbed.", {"killed": 1}),
    ("A doctor who treated the victims said they died.", {}),
    # "during the fighting" is the event's own, not a war's running toll
    ("Ten soldiers were killed in an attack on the base. Four villagers were also killed during the fighting.",
     {"killed": 14}),
    # single victims of clauses of their own add up; an ordinal subject is one more of those counted
    ("A man was shot dead, while a woman was killed by a stray bullet.", {"killed": 2}),
    ("A man was shot dead in the market and the man was killed instantly.", {"killed": 1}),
    # "sustained injuries" has a subject of its own, however long; a death toll's word is not the injured's
    ("Police killed 17 bandits. Three other persons from the team sustained various degrees of injuries.",
     {"killed": 17, "injured": 3}),
    # a lower toll after the lead's count is one source's: the lead's stands (the World Atrocities coders' reading)
    ("At least five people were killed and 18 injured. The military gave a death toll of three and said 16 were "
     "injured.", {"killed": 5, "injured": 18}),
    ("Bombardments killed six civilians. At least four civilians were killed in Maarat al-Numan. Another civilian "
     "was killed in Heish, while a sixth was killed by rocket fire on a village.", {"killed": 6}),
    # the rest of a group broken down is part of it, not more of it
    ("Seven civilians were killed by air strikes and sniper fire. Four of them were killed by an air strike while "
     "the three others were killed by snipers.", {"killed": 7}),
    ("Ten people were killed in the attack. Six of them were shot, and the four others died in the fire.",
     {"killed": 10}),
    ("Four people were killed in the attack, and three others were injured.", {"killed": 4, "injured": 3}),
    # singles with a count that only adds to them: "another" presumes the first
    ("Security forces shot dead a rickshaw driver and his passenger and killed another four people who were "
     "protesting.", {"killed": 6}),
    ("Gunmen killed a soldier and wounded another four.", {"killed": 1, "injured": 4}),
    # a couple is two people; "a couple of" is no count
    ("An activist couple who are members of the ruling party were killed in Batibo. The couple was killed because "
     "they took part in the celebrations.", {"killed": 2}),
    ("Gunmen shot dead an elderly couple in their home on Sunday.", {"killed": 2}),
    ("The couple could have been killed.", {}),
    ("The couple of the year was praised by the judges.", {}),
    # "the injured" after a determiner is a noun, not a predicate of the numbers before it
    ("The army deployed 16 helicopters and some 3,000 soldiers and police to help with rescue efforts and to fly "
     "the seriously injured to hospitals.", {}),
    # "pronounced dead"; "N others" after a part of the same sentence is the rest of that group
    ("A former employee opened fire at a warehouse, killing five people. Three of the victims were pronounced dead "
     "at the scene, and two others died in hospital.", {"killed": 5}),
    ("A man was pronounced dead at the scene.", {"killed": 1}),
    # an attacker set off by an aside is still the attacker, who counts as a group of their own
    ("A gunman opened fire at a warehouse, killing five people. The gunman, identified as 34-year-old Derek Lawson, "
     "was found dead in an office.", {"killed": 6}),
    ("The gunman killed five people before fatally shooting himself.", {"killed": 6}),
    # injured who later died are dead, no longer injured; others who died are not among the injured
    ("Twelve people died at the scene and 23 were injured, two of whom later died in hospital.",
     {"killed": 14, "injured": 21}),
    ("Two of the militiamen were injured, one of whom later died in the district hospital.",
     {"killed": 1, "injured": 1}),
    ("Five people were injured and two others later died.", {"killed": 2, "injured": 5}),
    # a count after a count, with "of whom", is a part of it, not a second group
    ("Rescuers pulled 14 people out alive, eight of whom were taken to hospital with injuries.", {"injured": 8}),
    # an earlier stage of the toll, put by another body, is not the toll
    ("An air strike killed at least 27 people, the ministry said. Civil defence had earlier put the death toll at 19.",
     {"killed": 27}),
    ("Officials initially gave a toll of 12. Later the ministry said 30 people had died.", {"killed": 30}),
    ("Police put the death toll at 19.", {"killed": 19}),
    # a lead that sums the victims of the incidents that follow, which name attackers who died too
    ("Militants attacked an army checkpoint and a police patrol, killing eight members of the security forces, "
     "officials said. At the checkpoint, six soldiers were killed, and four of the attackers were killed in the "
     "exchange of fire. Hours later, a roadside bomb killed two policemen.", {"killed": 12}),
    ("Militants attacked a checkpoint, killing eight members of the security forces and a civilian, officials said.",
     {"killed": 9}),
    ("Maoists blew up a vehicle carrying security personnel, killing five CRPF jawans and the driver.", {"killed": 6}),
    # counts by place listed after the verb are summed, all of them; a count broken down by place is not
    ("Gunmen attacked three villages, killing 12 people in Ancha, seven in Nkiedonwhro and five in Rafiki, police "
     "said.", {"killed": 24}),
    ("Russians killed four residents — two in Kostiantynivka, one in Druzhkivka and one in Sloviansk.",
     {"killed": 4}),
    # the injured by their wounds or their treatment
    ("Gunmen shot dead 10 passengers. Two other passengers escaped with gunshot wounds.", {"killed": 10, "injured": 2}),
    ("The death toll rose to 21 after four of the wounded died. About 30 others are still being treated.",
     {"killed": 21, "injured": 30}),
    # an earlier stage that a sentence opens with "Earlier,": not added to the toll that replaced it
    ("The death toll has risen to 11. Another 58 people have been injured. Earlier, the regional administration "
     "reported six dead and 43 injured.", {"killed": 11, "injured": 58}),
    # one more injured with its verb left out; minor cuts and bruises; flown to hospital with fractures
    ("Two people have been killed and a third seriously injured after a ski plane crashed on take-off. The four "
     "other people on board suffered minor cuts and bruises.", {"killed": 2, "injured": 5}),
    ("Five people were flown by helicopter to Wabag hospital with broken limbs and head injuries.", {"injured": 5}),
    # an attacker shot dead by the police is one of the dead too
    ("A gunman opened fire at a party, killing five people and wounding 10 others before he was fatally shot by an "
     "off-duty officer working security, police said.", {"killed": 6, "injured": 10}),
    ("Two people were fatally injured in a knife attack. The suspected attacker was shot by police officers and died "
     "at the scene.", {"killed": 3}),
    ("A gunman shot dead two people. Police later arrested the gunman.", {"killed": 2}),
    # "a third person has died": one more, by its ordinal, whatever the verb's tense
    ("Two people died in the explosion. A third person has died in hospital.", {"killed": 3}),
    # a district's name set off by a comma is no label; the electrocuted are dead; bodies by day
    ("In Nashik district, three persons, including a 12-year-old boy, drowned in separate incidents. In Thane "
     "district, two men were electrocuted after coming in contact with a live wire.", {"killed": 5}),
    ("Rescuers recovered three more bodies on Saturday. He said his teams had recovered six bodies on Thursday and "
     "four on Friday.", {"killed": 13}),
    # a lead that sums the places after it, one of them counted inside the lead's event
    ("Tornadoes tore through the Deep South overnight, killing at least 21 people in three states, authorities said. "
     "The Mississippi Emergency Management Agency said 13 people were killed in the state.\n\nIn Alabama, five "
     "people died.\n\nIn Tennessee, three people were killed when a tornado struck a campground.", {"killed": 21}),
    # a higher toll nobody "has been able to independently verify" does not replace the lead's
    ("At least 43 civilians were killed, according to humanitarian partners.\n\nLocal authorities have reported a "
     "higher toll of 52 dead. OCHA has not been able to independently verify these figures.", {"killed": 43}),
    # a drill's victims are nobody's; soldiers killed in a training exercise are dead
    ("Under the scenario, 300 people were killed and 1,100 injured when the simulated wave struck the waterfront.",
     {}),
    ("Two soldiers were killed during a training exercise.", {"killed": 2}),
    # the bodies of a couple are two; treated at a hospital for burns is injured
    ("The charred bodies of an elderly couple were found in their burned home. Five people were treated at Chalkida "
     "General Hospital for burns and respiratory problems.", {"killed": 2, "injured": 5}),
    # "N others" said again later are the same others, not N more
    ("Four people were killed and seven others wounded early Sunday when a man opened fire inside a bar, police said. "
     "A fourth victim died at a hospital. Seven other people were taken to area hospitals with gunshot wounds.",
     {"killed": 4, "injured": 7}),
    ("Two people were injured in the first blast. Three more were injured in a second blast.", {"injured": 5}),
    # "N of them" after the killers counts their victims, after those they fought the attackers
    ("Gunmen killed five villagers. The gunmen shot dead two of them in the mosque.", {"killed": 5}),
    ("Troops killed four civilians in the raid and exchanged fire with the attackers and killed six of them.",
     {"killed": 10}),
    # where the wounded are treated is no new incident's place
    ("A stampede broke out at a temple in Kotturu on Saturday morning, leaving several dead and over 40 injured.\n\n"
     "Eleven persons died on the spot, the Collector said.\n\nAs of Sunday morning, 43 injured persons were "
     "undergoing treatment at the GGH and the Area Hospital in Palasa, the Collector said.",
     {"killed": 11, "injured": 43}),
    # a bomber "killing himself and 14 others" is one of 15; the dead buried in a mass grave are dead
    ("A suicide bomber detonated his explosives near a mosque, killing himself and 14 others, the Interior Ministry "
     "said. Another 32 people were wounded.", {"killed": 15, "injured": 32}),
    ("Seventy-three people were buried on Thursday in a mass grave in Makurdi, victims of attacks by herdsmen.",
     {"killed": 73}),
    # money after a currency's code, and the family of each victim, are no victims
    ("At least 19 people were killed and 103 injured. The prime minister ordered compensation of EGP 100,000 to the "
     "family of each person killed and EGP 20,000 to each injured person.", {"killed": 19, "injured": 103}),
    # a count's status "as of" a later day is the same event's
    ("A stampede on Saturday left 11 dead and over 40 injured, the collector said. As of Sunday morning, 43 injured "
     "persons were undergoing treatment.", {"killed": 11, "injured": 43}),
    # an earlier event's toll near a lead's "at least" is not a restatement of it
    ("At least twenty-three people died after a bus fell into a ravine early Friday, police said.\n\nIn January, 24 "
     "people died when a bus plunged into a ravine in the Cajamarca region.", {"killed": 23}),
    ("Gunmen on a motorcycle shot dead a government schoolteacher outside his home.", {"killed": 1}),
    # "a dead man walking" is an idiom
    ("\"The prime minister is a dead man walking,\" the leader of the opposition told the House.", {}),
    ("A man is dead after a shooting in the city.", {"killed": 1}),
    # one left in a critical condition is injured; an economy is not
    ("The activist and his cousin were attacked with daggers. The cousin was in critical condition.", {"injured": 1}),
    ("Three people were killed in the crash and a fourth was in critical condition, police said.",
     {"killed": 3, "injured": 1}),
    ("Five people were wounded, and a man is in serious condition.", {"injured": 5}),
    ("The economy is in critical condition, the minister said.", {}),
    # the wounded who died of their wounds in a later sentence: more dead, fewer wounded
    ("Of the 64 wounded people our teams treated, 41 had gunshot wounds. Two of the wounded, a 19-year-old student "
     "and a 32-year-old street vendor, died of their injuries.", {"killed": 2, "injured": 62}),
    ("Five people were killed and 20 wounded. Two of the wounded later died in hospital.",
     {"killed": 7, "injured": 18}),
    ("Two of the wounded were taken to Kabul.", {"injured": 2}),
    # a part with no total stands for the count that those who died later add to
    ("Our teams received 68 people. Four of them were brought in dead. Two of the wounded died of their injuries.",
     {"killed": 6}),
    ("Two teams, one from the coast guard and one from the navy, brought bodies to different ports.", {}),
    ("Wabag General Hospital said it had treated 17 people for gunshot and machete wounds since Sunday.",
     {"injured": 17}),
    ("A Russian artillery strike killed a 64-year-old man and injured a 58-year-old woman, the governor said.",
     {"killed": 1, "injured": 1}),
    # a toll that grew "after seven of the wounded died" already holds them
    ("An air strike killed at least 19 people and wounded more than 40, the ministry said. The ministry said the "
     "death toll had climbed from 12 earlier in the day after seven of the wounded died of their injuries.",
     {"killed": 19, "injured": 40}),
    # money in rupees is no count; a chemical plant is no plan
    ("The Chief Minister announced ₹3 lakh each to the families of the deceased and ₹50,000 each to those grievously "
     "injured.", {}),
    ("The death toll from an explosion at a chemical plant in Shandong Province has risen to nine.", {"killed": 9}),
    # a rate is no event; attackers in a headline keep their noun past a semicolon
    ("Four skiers were killed by an avalanche. Avalanches kill around 30 people in France every winter on average.",
     {"killed": 4}),
    ("Troops repel ISWAP attack on Marte base, kill 22 terrorists; four soldiers killed", {"killed": 26}),
    # states summed; a breakdown "four of the deaths" is a part; an anniversary's toll is background
    ("In Mississippi, the state's Emergency Management Agency said seven people had died. Four of the deaths were in "
     "Monroe County. In Alabama, the county coroner confirmed two deaths. In Tennessee, the sheriff's office said a "
     "41-year-old woman was killed. The storms came a year after a tornado ripped through Rolling Fork, killing at "
     "least 17 people.", {"killed": 10}),
    # "ten-man Athletic" is a team; a hospital's patients "wounded in recent fighting" are not this event's
    ("Rovers ran riot on Saturday, slaughtering ten-man Athletic 7-0 to move within three points of the top.", {}),
    ("Two of its staff members were killed and three injured. The team was delivering supplies to a hospital treating "
     "more than 200 patients wounded in recent fighting.", {"killed": 2, "injured": 3}),
    # one fighting for life, or taken to hospital with a wound, is injured
    ("Two people have died and a third is fighting for life after a head-on collision.", {"killed": 2, "injured": 1}),
    ("A 27-year-old man was taken to Mercy Hospital with a non-life-threatening stab wound to the arm.",
     {"injured": 1}),
    ("42 people had been rescued, 14 of whom were admitted to Gatundu Level Five Hospital with injuries.",
     {"injured": 14}),
    # two singles in clauses of their own, one with his age after him
    ("A 17-year-old boy died after being crushed, and a man in his 30s died in hospital from head injuries.",
     {"killed": 2}),
    ("A man was shot dead, and the man's brother was arrested.", {"killed": 1}),
    # "two others" after a breakdown in the sentence before are the rest of it, not more
    ("Thirteen people were killed after a bus collided with a truck, police said. Eleven of the fatalities died on "
     "the spot. Two others were declared dead on arrival at the medical center.", {"killed": 13}),
    ("Five people were killed in the attack. Two others were killed in a separate blast.", {"killed": 7}),
    # a place named without a figure belongs to the event: a quote's count there is no new event
    ("At least 37 people have been killed after fighters attacked a church in eastern Congo, according to the army."
     "\n\nThe assailants stormed the parish in the village of Mambelenga, in Ituri province, witnesses said.\n\n"
     "\"We have counted 31 bodies in and around the church,\" the army spokesman in Ituri told Al Jazeera.",
     {"killed": 37}),
    # a toll of "the number of people who have died", a headline's "deaths climb to"
    ("The number of people who have died of dengue in Argentina this season has climbed to 129, up from 106.",
     {"killed": 129}),
    ("Dengue deaths climb to 129 as season's case count passes 400,000", {"killed": 129}),
    # a count of a place that is not the lead's sums nothing after it; provinces add up
    ("Typhoon Rosal tore across the northern Philippines on Monday, killing people in three provinces, officials "
     "said.\n\nPolice in Cagayan said seven people had died there.\n\nIn neighbouring Isabela, five people drowned, the "
     "governor said. In Aurora on the eastern seaboard, the provincial disaster office reported two deaths.",
     {"killed": 14}),
    # an ordinal victim is one more, unless the count already holds them
    ("Gunmen opened fire in a bar, killing five people, authorities said. A sixth victim died later in hospital.",
     {"killed": 6}),
    ("Two workers were killed after a gas leak. UPDATE: The sheriff's office said a second worker died at a hospital.",
     {"killed": 2}),
    # a budget declared dead on arrival is no death; a group's own claim counts only when nothing else does
    ("The chancellor was fired less than 48 hours after his budget was declared dead on arrival.", {}),
    ("A suicide bomber blew himself up at a checkpoint, killing six soldiers and two civilians, police said. Al-Shabab "
     "claimed responsibility in a statement, saying its fighters had killed more than 20 soldiers.", {"killed": 9}),
    # a toll has no conjuncts; those still in hospital are injured
    ("Siwan hooch tragedy: Death toll rises to 31, 40 still in hospital", {"killed": 31, "injured": 40}),
    # a toll "rose from six after rescuers found eight more bodies": the eight are in it
    ("A fire killed 14 people, officials said. The toll rose from six after rescuers found eight more bodies "
     "overnight.", {"killed": 14}),
    # one victim in an earlier year is background, though the lead also counts ones
    ("A man and his grandson were killed Tuesday when a train slammed into their truck, the sheriff's office said."
     "\n\nIt is the second deadly crash at the crossing in six years. In 2019, a 22-year-old driver was killed there.",
     {"killed": 2}),
    # a count a body "had initially reported" is an earlier stage; the others who remain are the count now
    ("Three workers were killed when a tank exploded. Two of the injured died of their wounds overnight. Seventeen "
     "other people remain in hospital, according to the health directorate, which had initially reported 19 injured.",
     {"killed": 5, "injured": 17}),
    ("Police initially reported 12 dead. The toll later rose to 15.", {"killed": 15}),
    # each number with its own noun: cases are not deaths
    ("Tawila alone accounts for more than 1,200 cases and 41 deaths.", {"killed": 41}),
    ("The floods caused 12 deaths and 30 injuries.", {"killed": 12, "injured": 30}),
    # an ordinal after a count is one more of them
    ("Nine miners were stoned to death by rival workers. A tenth was seriously injured.", {"killed": 9, "injured": 1}),
    ("Two people were wounded in the blast. A third was injured on Monday.", {"injured": 3}),
    ("Two people were wounded in the blast. A youth was injured on Monday.", {"injured": 2}),
])
def test_totals_event_grammar(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text), text) == expected


@pytest.mark.parametrize("text, expected", [
    # events on distinct days add up ...
    (("Five protesters were killed in the capital on Thursday. Security forces shot dead two demonstrators near "
      "the port on Friday."), {"killed": 7}),
    ("Four people were killed in a market blast on Monday. Separately, a roadside bomb killed three soldiers.",
     {"killed": 7}),
    # ... but the day a report was made is not an event day, and bodies found later are the same dead
    (("Eight people were killed in the raid, officials said on Monday. Police told reporters on Tuesday that eight "
      "people were killed."), {"killed": 8}),
    ("Gunmen killed six farmers on Sunday. Six bodies were recovered on Monday.", {"killed": 6}),
    ("Eleven people were killed on Saturday. The death toll rose to 14 on Sunday.", {"killed": 14}),
])
def test_totals_events_on_distinct_days(text: str, expected: dict[str, int]) -> None:
    assert totals(find_figures(text), text) == expected


@pytest.mark.parametrize("text, fields", [
    ("Gunmen killed five members of a family and wounded another.",
     [("killed", 5, "total"), ("injured", 1, "increment")]),
    ("Gunmen killed John Smith, a local councillor, on Monday.", [("killed", 1, "implied")]),
    ("The attack killed a dozen villagers and a police officer.", [("killed", 12, "group"), ("killed", 1, "group")]),
    ("John Smith, 46, was murdered on Wednesday.", [("killed", 1, "implied")]),
])
def test_implied_and_group_roles(text: str, fields: list[tuple[str, int, str]]) -> None:
    assert [(f.category, f.value, f.role) for f in find_figures(text)] == fields


def test_background_toll_kept_when_alone() -> None:
    text = "At least 726 civilians have been killed in Ukraine since the beginning of the war."
    (fig,) = find_figures(text)
    assert (fig.value, fig.cumulative) == (726, True)
    assert totals([fig], text) == {"killed": 726}


@pytest.mark.parametrize("text, sentences", [
    # a time's "a.m." ends a sentence before a count written as a word, not before a day
    ("A fourth victim died shortly after 3 a.m. Seven other people were taken to hospitals.", 2),
    ("The attack began at 5 a.m. Tuesday and lasted an hour.", 1),
])
def test_a_time_ends_a_sentence_before_its_next_first_word(text: str, sentences: int) -> None:
    assert len(split_sentences(text)) == sentences
