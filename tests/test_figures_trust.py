"""Figures a person can trust: toll updates, victims who are people, sources that are sources, background
kept apart, conventions, and whole articles read as their shape says (each case failed before)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.extraction import extract_text
from crawler.extraction.figures import count_totals, find_figures, totals
from crawler.extraction.figures.sources import normalise_source

ARTICLES = Path(__file__).parent / "fixtures" / "figures" / "articles.jsonl"


def _killed(text: str) -> list[tuple[int, str]]:
    return [(f.value, f.role) for f in find_figures(text) if f.category == "killed"]


@pytest.mark.parametrize("text, expected", [
    # toll updates: the toll far from its number, earlier stages, a date before it
    ("The death toll from a fire that left two residential buildings charred ruins in the Spanish city of Valencia "
     "rose to 10.", {"killed": 10}),
    ("The death toll rose from 120 to 250.", {"killed": 250}),
    ("Israeli strikes killed 40 people on Sunday, taking the death toll since October 7 to 41,000.",
     {"killed": 41000}),
    ("The number of people killed in the landslide in Wonosobo district, Central Java, has climbed to 27.",
     {"killed": 27}),
    ("The number of wounded rose to 171,806.", {"injured": 171806}),
    # an increment in the lead is part of the running toll beside it, not the article's total
    ("The Health Ministry said 43 more Palestinians were killed in Israeli strikes over the past 24 hours. The death "
     "toll since October 7, 2023 has risen to 41,788.", {"killed": 41788}),
    # victims are people
    ("The gunman, 19, was killed by police.", {"killed": 1}),
    ("Two catastrophic crashes that killed a total of 346 people grounded the fleet.", {"killed": 346}),
    ("Bird flu has killed 12,000 chickens.", {}),
    ("The drought killed 3,000 cattle.", {}),
    ("Witnesses said more than 300 head of cattle, sheep and camels were also killed.", {}),
    ("He cooked parts of one of the bodies.", {}),
    ("The film follows a hitman killing a bunch of dudes in unexpected ways.", {}),
    ("Climate-tech messaging is dead", {}),
    ("The bill is dead, and the killer amendment was written to kill it.", {}),
    ("He finished the series with 71 kills and only 38 deaths.", {}),
    ("Her trainer said she had died a thousand deaths when the horse made a mistake.", {}),
    ("Russian forces had lost 1,150 troops killed or wounded over the past day.", {}),
    # from real pages that are not casualty news
    ("The predictions of whether SEO is dead or alive are as old as the method itself.", {}),
    ("Make removing the three Ds (Dead, Damaged, Diseased) your first step in any pruning job.", {}),
    ("Hardware attestation gives evidence that a Nix build was executed as specified.", {}),
    ("Instead of discarding a keyboard because of one dead switch, you can replace it.", {}),
    ("This mouse boasts a responsive switch and a perfectly executed Titan Wheel Pro Scroll.", {}),
    ("At least 106 protesters in 21 cities have been killed, according to Amnesty.", {"killed": 106}),
    # conventions: attackers who die count; approximate wording gives its number; vague is not exact
    ("Two suicide bombers blew themselves up at the gate.", {"killed": 2}),
    ("A gunman opened fire inside a bar, killing five people and wounding three others before turning the gun on "
     "himself, police said.", {"killed": 6, "injured": 3}),
    ("A gunman killed five people before police shot him dead.", {"killed": 6}),
    # those a fire sent to hospital or doctors treated for smoke inhalation are injured; an obituary is no toll
    ("A fire at a chemical plant sent 45 workers to hospital. Doctors treated 60 people for smoke inhalation.",
     {"injured": 60}),
    ("The former prime minister died on Sunday aged 89 after a long illness, his family said.", {}),
    ("Dozens of people were killed.", {}),
    ("Gang members killed at least 28 residents. Police exchanged fire with the attackers and killed six of them.",
     {"killed": 34}),
    # background: another or an earlier event never is the news
    ("Last year's floods killed more than 300 people. On Monday, 32 people died in floods.", {"killed": 32}),
    ("The 2015 quake killed 9,000 people.", {}),
    ("Ten years after the quake that killed 9,000 people, the city has been rebuilt.", {}),
    # a body described by the war it documents does not make what follows a war's running toll
    ("Gunmen killed 40 people in the camp on Friday.\n\nA rights group that documents abuses in the war said the "
     "dead included 12 women. A clinic in the camp said it had treated 85 wounded.", {"killed": 40, "injured": 85}),
    # a count of trains is not the toll; the same toll's next number is
    ("The death toll from the collision of two passenger trains and a goods train rose to 288 on Saturday.",
     {"killed": 288}),
    # events: distinct incidents add up; a lead that sums them is not added again
    ("Gunmen killed eight people in a bar late on Saturday. On Sunday, four gunmen were killed in a shootout with "
     "soldiers. Hours later, a man and his son were shot dead in Mazatlan.", {"killed": 14}),
    ("In Odesa, two people were killed and nine injured.\nA 71-year-old man was killed and his wife was wounded in "
     "a village in the Zaporizhzhia region.", {"killed": 3, "injured": 10}),
    # an unverified claim gives way to a verified count
    ("Police said 14 people were killed. A youth leader told the BBC that 27 people had been killed. The BBC could "
     "not independently verify the figures.", {"killed": 14}),
    ("Gunmen killed nine traders, police said. A resident told Reuters he had counted 11 bodies, but police did not "
     "confirm that figure.", {"killed": 9}),
    ("At least 54 people have died of heatstroke. A charity said its morgue had received 427 bodies in four days, "
     "but it was not clear how many had died of the heat.", {"killed": 54}),
    # what a source had said at an earlier stage is no count; a count grown from it by the deaths among the wounded
    # already holds them
    ("A gunman opened fire on a block party late Saturday, killing four people and wounding 16 others before "
     "officers shot him dead in a nearby parking lot, police said Sunday.\n\nOfficials had initially said three "
     "people were killed and 17 wounded. One of the wounded, a 19-year-old woman, died early Sunday at the University "
     "of Mississippi Medical Center, Dell said. Five of the 16 people still being treated were in critical "
     "condition.", {"killed": 5, "injured": 16}),
    # a relative clause ending a subject is skipped, its own predicate is not the count's; a headline's present
    ("Two more workers who were burnt in Monday's fire at a knitwear factory in Gazipur's Konabari succumbed to "
     "their injuries last night.", {"killed": 2}),
    ("Two more workers who had been critically wounded died.", {"killed": 2}),
    ("Gazipur knitwear factory fire: two more succumb to burns", {"killed": 2}),
    ("Three firefighters were also treated for smoke inhalation and released.", {"injured": 3}),
    # amounts after a currency's abbreviation are no counts
    ("The district administration announced Tk 50,000 for the family of each deceased worker and Tk 15,000 for "
     "each injured worker.", {}),
    # a date set off by a comma before a count; what an earlier update reported is an earlier stage
    ("According to the National Institute for Disaster Risk Management and Reduction (INGD), as of 18 February, 34 "
     "people have died, 187 have been injured and 12 remain missing.\n\nThe previous Flash Update (No. 2, 16 "
     "February) reported 19 deaths and 96 injuries.", {"killed": 34, "injured": 187, "missing": 12}),
    # one of the wounded who died of his wounds is one more dead and one fewer wounded; "a man of about 40" is an age
    ("Three people were killed and five injured, MDA said. Hadassah said Friday evening that the boy had died of "
     "his wounds.", {"killed": 4, "injured": 4}),
    # the dead among the shot or wounded leave the wounded
    ("Fourteen people were wounded, two of them fatally.", {"killed": 2, "injured": 12}),
    # a period's tally is background; "shot N dead" kills; a second number with a predicate of its own is no
    # conjunct; a count given again is no part of its own breakdown
    ("Five policemen were killed on Monday. According to the Pakistan Institute for Conflict and Security Studies "
     "(PICSS), 96 security personnel were killed in militant attacks in K-P in the first quarter of the year.",
     {"killed": 5}),
    ("The assailants stormed Mushu village and shot 11 residents dead before moving to Daffo, where six others were "
     "killed.", {"killed": 17}),
    ("Flash floods in Malaysia's Kelantan kill two, 18,000 evacuated", {"killed": 2}),
    ("Six killed, 14 injured as gas cylinder explodes in Lahore\n\nAt least six people, including two children, "
     "were killed and 14 others injured when a gas cylinder exploded, rescue officials said. Four people died on the "
     "spot, while two more succumbed to their injuries at Services Hospital later in the night.",
     {"killed": 6, "injured": 14}),
    # injured by treatment: "taken to <a named> hospital for smoke inhalation", "still undergoing treatment", "remain
    # under treatment"; a single victim who "later succumbed to his injuries" leaves the injured
    ("Three other people, including a woman who lived in the unit next door, were taken to Changi General Hospital "
     "for smoke inhalation, SCDF said.", {"injured": 3}),
    ("Gill said 10 people were still undergoing treatment at Guru Nanak Dev Hospital, two of whom had been put on "
     "ventilator support.", {"injured": 10}),
    ("Fourteen devotees remain under treatment.", {"injured": 14}),
    ("Three people were killed. Five were taken to hospital with injuries, where a 34-year-old man later succumbed "
     "to his injuries.", {"killed": 4, "injured": 4}),
    ("A further three civilians died of their wounds on Thursday, raising to 19 the number of people killed by "
     "Tuesday's car bombing.", {"killed": 19}),
    # "here" is a dateline's city: the lead's count is the whole event's, restated later
    ("UJJAIN: Thirteen devotees, including nine women and three children, were killed and 28 others "
     "injured in a stampede near the Kal Bhairav temple here on Monday morning, as a massive crowd surged "
     "towards the shrine on the third Monday of Shravan.\n\nAccording to officials, nearly 1.5 lakh "
     "devotees had thronged the temple town since Sunday night. The stampede broke out around 6.40am near "
     "the barricading on the approach road when a section of the railing gave way and people at the front "
     "fell, witnesses said.\n\nUjjain district collector Neeraj Shrivastava told TOI that 11 people had "
     "died on the spot. \"Two more devotees, a 62-year-old woman from Dewas and a 10-year-old boy from "
     "Indore, succumbed during treatment in the afternoon. The toll now stands at 13. Twenty-eight injured"
     " are undergoing treatment, of whom four are critical and have been referred to MY Hospital, Indore,\""
     " he said. The administration had earlier put the number of injured at around 30.", {"killed": 13, "injured": 28}),
    # "came about three weeks after" another event's toll is background; "the attackers, two of whom were killed"
    # are attackers who died, and a lead that counts the victims only is summed by the incidents after it
    ("No fewer than 11 persons were killed on Tuesday in separate attacks by gunmen in Benue and Plateau states.\n\n"
     "In Benue, police said seven persons were killed. Police repelled the attackers, two of whom were killed in the "
     "exchange of fire.\n\nIn Plateau State, four persons were killed when gunmen attacked Kopmur village. The "
     "spokesperson confirmed the four deaths.\n\nThe attacks came about three weeks after 52 persons were killed in "
     "coordinated attacks in the same area.", {"killed": 13}),
    # what had been reported earlier is an earlier stage
    ("The death toll in Dnipro rose to 14, Governor Oleksandr Bilous said. Another 73 people were injured.\n\n"
     "Earlier in the day, Bilous had reported nine killed and 58 injured.", {"killed": 14, "injured": 73}),
    # a report's "Background:" paragraph
    ("Kherson Oblast: Two people were killed and 11 injured.\n\nBackground: On the previous day, Russian attacks "
     "killed five and injured 31 civilians across Ukraine.", {"killed": 2, "injured": 11}),
    # a headline that counts the victims states the story's toll: a place named later inside a sentence is a part
    # of it ...
    ("Tornadoes kill 5 in Oklahoma, injure 41\n\nAt least five people were killed and 41 injured after tornadoes "
     "tore through central and southern Oklahoma overnight, state emergency officials said.\n\nThe Oklahoma "
     "Department of Emergency Management said three people died in Pottawatomie County, including two in the town "
     "of McLoud, and two in Carter County. An earlier update had put the number of dead at four.",
     {"killed": 5, "injured": 41}),
    # an attacker "shot dead" after his attack is one dead; those he stabbed, not to death, are injured
    ("A man stabbed two people at the central bus station in Beersheba on Monday morning before being shot dead by "
     "an off-duty soldier, Israel Police said.", {"killed": 1, "injured": 2}),
    # a name's number is no count; firearms are no victims
    ("LOS ANGELES - The blood-soaked horror sequel \"Dead Harvest 3\" killed at the North American box office this "
     "weekend.", {}),
    ("Soldiers recovered the bodies of seven militants and 11 high-powered firearms.", {"killed": 7}),
    # a suicide bomber is not one of the attackers killed in the fighting after him
    ("Five policemen were martyred when a suicide bomber rammed a vehicle into a police checkpost, police said.\n\n"
     "The DPO said the attacker blew himself up at the gate of the checkpost, after which a group of militants tried "
     "to storm the post.\n\n\"Two terrorists were killed in the exchange of fire while the others fled,\" the DPO "
     "said.", {"killed": 8}),
    # a breakdown set off by dashes is no conjunct; a later revision beats a higher toll
    ("Gunmen opened fire on customers, killing 12 people.\n\nThe spokesman said that 10 victims — eight men and two "
     "women — died at the scene, while two other men died after being taken to the General Hospital.",
     {"killed": 12}),
    ("Gunmen killed 12 people, four men and eight women, in the village.", {"killed": 12}),
    ("7:00am — Death toll rises to seven. The ministry said seven people had died.\n\n10:15am — Ministry revises "
     "toll to six. \"Six people have died due to the cyclone,\" he said.", {"killed": 6}),
    # "5 a.m. The ministry said ...": a sentence ends; a war's running toll named by its country is background
    ("An air strike on a school in Deir al-Balah killed at least 27 people, the health ministry said.\n\nThe civil "
     "defence agency had earlier put the toll at 23, saying two classrooms collapsed shortly before 5 a.m. The "
     "ministry said 61 people were wounded. One doctor said three of the injured had been transferred to a field "
     "hospital.", {"killed": 27, "injured": 61}),
    ("Shells slammed into a crowded market, killing seven civilians, the city's health office said. Yemen's war, "
     "which pits the Houthis against a Saudi-backed government, has killed more than 150,000 people.",
     {"killed": 7}),
    # a lower toll after the lead's count is one source's or one place's; a revision still beats it
    ("Armed bandits killed at least 19 people in an overnight raid, a local government chairman said.\n\nA police "
     "spokesman confirmed the attack but put the death toll at 12.", {"killed": 19}),
    ("At least five people were killed and 18 injured in a series of explosions in Kirkuk. The military gave a lower "
     "death toll of three and said 16 were injured.", {"killed": 5, "injured": 18}),
    # one attacker is of the attackers; fiction's deaths are nobody's
    ("ELN fighters dropped explosives on a base, killing 2 soldiers and wounding 6, and the army said troops killed "
     "1 attacker in the ensuing clash.", {"killed": 3, "injured": 6}),
    ("The final 20 minutes are a bravura massacre in an abandoned grain silo, in which a dozen henchmen die in "
     "increasingly inventive ways.", {}),
    # what was announced the day before is an earlier stage; a text with only earlier stages keeps the latest
    ("The provincial government had on Saturday announced that 31 bodies had been recovered. But on Sunday the "
     "provincial minister for transport said the figure had been revised down.\n\n\"We deplore 23 deaths confirmed "
     "so far,\" the statement said.", {"killed": 23}),
    ("Officials had initially said three people were killed.", {"killed": 3}),
    # admitted to a named hospital: injured (not a disease's patients)
    ("Of the survivors, 11 were admitted to Inongo General Referral Hospital, its medical director said.",
     {"injured": 11}),
    # initial figures are an earlier stage; miners who "continue to be treated" are injured
    ("The death toll from a firedamp explosion at a coal mine has risen to seven after an injured miner succumbed to "
     "his wounds, the governor said. \"Eleven of our miners continue to be treated,\" he said.\n\nSix miners were "
     "killed and 12 others injured on Wednesday, according to initial figures announced by the minister.",
     {"killed": 7, "injured": 11}),
    # "still being treated in hospitals" and "for burns" injure; the wounded counted again after the deaths among
    # them are the count; injuries named at length still injure
    ("Police spokesman Abdirahman Mohamed Ali said 28 other people were still being treated in hospitals across the "
     "city.", {"injured": 28}),
    ("Another 28 people are still being treated for burns, the agency said.", {"injured": 28}),
    ("Gunmen opened fire on customers, killing six people and wounding nine, the state prosecutor's office said.\n\n"
     "Two of the wounded died in hospital on Sunday, raising the death toll to eight. The seven other wounded "
     "remained in hospital.", {"killed": 8, "injured": 7}),
    ("The local search and rescue office said 66 people had been evacuated, four of whom were taken to hospital with "
     "broken bones and head injuries.", {"injured": 4}),
    # "Last month, ..." after the news is another event
    ("Shells killed at least 31 civilians on Sunday, a medical group said.\n\nLast month, an RSF drone strike on a "
     "mosque in the city killed 75 worshippers during dawn prayers, according to local officials.", {"killed": 31}),
    # a headline's second clause after ";" is read on its own; gang members and gunmen killed are attackers
    ("Gang attack kills 42 residents; police kill six gunmen", {"killed": 48}),
    ("Gang members killed at least 42 residents in a dawn assault, police said.\n\nOfficers later drove back the "
     "attackers, killing six gang members, the police spokeswoman said.", {"killed": 48}),
    # a passer-by is a person
    ("A suicide bomber rammed a car into a police checkpoint, killing seven policemen and a passer-by, police said. "
     "The bomber was also killed in the blast.", {"killed": 9}),
])
def test_totals_of_constructions(text: str, expected: dict[str, int]) -> None:
    """Each of these failed before."""
    assert totals(find_figures(text)) == expected


@pytest.mark.parametrize("text, expected", [
    ("The death toll from the magnitude 7.8 earthquake has risen to 1,200, the disaster agency AFAD said.",
     {"killed": 1200}),
    ("The toll stands at 47, up from 31 on Monday.", {"killed": 47}),
    ("The coast guard revised down the death toll from the sinking of the ferry to 26 from 31.", {"killed": 26}),
    ("The air force shot down five Indian fighter jets.", {}),
    ("16 construction company employees were killed in the blast.", {"killed": 16}),
    ("Police detained two suspects whom they said have shot and killed a traditional elder.", {"killed": 1}),
    ("Nearly 50 people were killed.", {"killed": 50}),
    ("Police said the gunman had threatened to take his own life.", {}),
    ("Two years after the war began, 500 people were killed this week.", {"killed": 500}),
    ("The cholera outbreak sent 300 people to hospital.", {}),
    ("Militants killed six policemen and three soldiers in two attacks. In the first attack, militants killed six "
     "police officers. Hours later, a roadside bomb killed three soldiers.", {"killed": 9}),
    # deaths among the wounded still add up and leave the wounded when no earlier stage holds them
    ("Four people were killed and 16 wounded. One of the wounded died early Sunday at the hospital.",
     {"killed": 5, "injured": 15}),
    ("Police said earlier that three people were killed.", {"killed": 3}),
    ("Officials had initially said three people were killed; on Monday the toll rose to five.", {"killed": 5}),
    ("The 23 workers who were injured remained under treatment.", {"injured": 23}),
    ("Pages 108-112 (Hard Copy pages 1724-1728) - Taps & Dies", {}),
    ("He could die, doctors said.", {}),
    ("On February 25, 2024, five people died.", {"killed": 5}),
    ("2 killed, 12 wounded in shooting at Memphis house party\n\nFourteen people were shot, two of them fatally, at "
     "a crowded house party, police said. The 12 wounded were taken to hospital.", {"killed": 2, "injured": 12}),
    ("Monsoon rains have killed 120 people in the past three weeks.", {"killed": 120}),
    ("Gunmen killed three women and six children.", {"killed": 9}),
    ("Some 300 cholera patients are receiving treatment.", {}),
    ("The treatment of 40 patients was delayed.", {}),
    ("Earlier, police said 12 people had died.", {"killed": 12}),
    # ... and a paragraph opening on its place is a roundup's next incident
    ("Storms kill 7 in Kharkiv and Odesa\n\nAt least five people were killed in Kharkiv, the governor said.\n\n"
     "In Odesa, two people were killed in a drone attack.", {"killed": 7}),
    ("Two men were wounded before being shot dead.", {"injured": 2}),
    ("They were taken away before being killed.", {}),
    ("In Kharkiv 2 people were killed.", {"killed": 2}),
    ("The avalanche hit Camp 3, killing 4 climbers.", {"killed": 4}),
    ("Two suicide bombers blew themselves up at the gate. Both attackers were killed, police said.", {"killed": 2}),
    ("The blast hit at 5 a.m. Tuesday and killed 12 people.", {"killed": 12}),
    ("Twelve people were killed at the scene.", {"killed": 12}),
    ("Gunmen killed eight people on Monday. The death toll later rose to 12.", {"killed": 12}),
    ("Some 40 cholera patients were admitted to Kano General Hospital.", {}),
    ("At least 12 people were killed, including three children, according to preliminary figures.", {"killed": 12}),
    ("Last week, gunmen killed 12 people in the village, police said.", {"killed": 12}),
])
def test_guards_of_the_new_rules(text: str, expected: dict[str, int]) -> None:
    """Readings the code before got right too, which the new rules must keep (a person noun after a thing noun,
    a verb with its own object, a summarising lead, toll updates read before)."""
    assert totals(find_figures(text)) == expected


@pytest.mark.parametrize("text, figures", [
    ("The toll stands at 47, up from 31 on Monday.", [(47, "total"), (31, "previous")]),
    ("The death toll rose from 120 to 250.", [(250, "total"), (120, "previous")]),
    ("Gunmen killed eight people. The bar's owner was among the dead.", [(8, "total"), (1, "part")]),
])
def test_roles(text: str, figures: list[tuple[int, str]]) -> None:
    assert sorted(_killed(text), key=lambda f: -f[0]) == figures


def test_a_part_of_the_seriously_injured_is_a_part() -> None:
    found = find_figures("Fourteen people were killed and 40 injured. Helicopters airlifted 25 of the seriously "
                         "injured to the capital.")
    assert [(f.value, f.role) for f in found if f.category == "injured"] == [(40, "total"), (25, "part")]


def test_cumulative_is_decided_per_clause() -> None:
    (killed,) = find_figures("A total of 1,200 homes were destroyed and 15 people died.")
    assert (killed.value, killed.cumulative) == (15, False)
    killed, injured = find_figures("At least 726 civilians have been killed and 1,174 injured since the war began.")
    assert killed.cumulative and injured.cumulative


@pytest.mark.parametrize("text, background", [
    ("Gunmen killed 30 people in three communities, police said. The attack came barely two weeks after more than 50 "
     "persons were killed in Zike.", [False, True]),
    ("A cholera outbreak has killed 112 people, the ministry said. Earlier this month, a drone strike on a market in "
     "El Fasher killed at least 18 civilians.", [False, True]),
    ("Last year's floods killed more than 300 people. On Monday, 32 people died in floods.", [True, False]),
    ("Floods killed 32 people on Monday.\nIn January 2023, a flood in the same valley killed 46 people.",
     [False, True]),
    ("Floods killed 32 people on Monday.\nThe war began in 2023. It killed more than 4,000 people.", [False, True]),
    ("Floods killed 32 people on Monday.\nThe UN says more than 14,000 civilians have been killed since the "
     "invasion began.", [False, True]),
    ("Sunday marks the anniversary of the massacre in which 40 people were killed.", [True]),
    ("Floods killed 32 people on Monday.\nThe Black Death killed an estimated 25 million people in Europe in the "
     "14th Century.", [False, True]),
    # a running toll alone is the news, and a restated lead toll is not background
    ("At least 726 civilians have been killed in Ukraine since the beginning of the war.", [False]),
    ("The toll has passed 72,000, the ministry said.\nThe ministry put the death toll since October 7, 2023, at "
     "72,019.", [False, False]),
])
def test_background(text: str, background: list[bool]) -> None:
    assert [f.background for f in find_figures(text) if f.category == "killed"] == background


@pytest.mark.parametrize("text, source", [
    ("Five soldiers were killed in the attack, a spokesman said on Tuesday.", "spokesman"),
    ("According to a report into the incident published on Friday, 12 people were killed.", None),
    ("Pakistan said India attacked six locations, killing 26 people.", "Pakistan"),
    ("Eight soldiers were killed, the district governor said in televised remarks.", "district governor"),
    ("The death toll has risen to 1,200, the disaster agency AFAD said.", "AFAD"),
    ("At least 726 civilians have been killed, according to the U.N.", "UN"),
    ("At least 726 civilians have been killed, according to the United Nations.", "UN"),
    ("The U.N. human rights monitoring mission in Ukraine says 726 civilians have been killed.", "UN"),
    ("The U.N. refugee agency UNHCR says 12 refugees drowned.", "UNHCR"),
    ("Doctors Without Borders (MSF) said its teams had treated 15 people for gunshot wounds.", "MSF"),
    ("The Ministry of Health in Gaza says 72,000 people have been killed.", "Gaza health ministry"),
    ("Fourteen people were killed, police spokeswoman Marie Verrier told AFP.", "police"),
    ("At least 106 protesters have been killed, according to credible reports received by Amnesty.", "Amnesty"),
    ("The doctors said that, based on an estimated 200,000 children in custody, three children died.", "doctors"),
    # pronouns, surnames and descriptions resolved in the article
    ("State police spokesperson Bashir Ayuba said the attackers arrived at midnight. Fourteen people were killed, "
     "he said. Later, eight people were killed in another village, Mr Ayuba said.", "state police"),
    ("The death toll rose to 47, a medical group said.\nThe Sudan Doctors Network, which tracks casualties, blamed "
     "the RSF. Twelve of the dead were children, the group said.", "Sudan Doctors Network"),
    ("The heatwave closed schools across the country, the health ministry said on Monday. More than 900 people "
     "have been injured, the ministry said.", "health ministry"),
    ("Soldiers repelled the assault, the defence ministry said. Fourteen soldiers were wounded, the ministry said "
     "in a statement.", "defence ministry"),
    ("The mine collapsed on Wednesday, said Jean-Baptiste Habimana, a spokesperson for the provincial governor. "
     "\"So far we have recovered 42 bodies. They are in the morgue,\" Habimana told Reuters.", "provincial governor"),
    # "official said" is a subject and its verb, not "official figures"; what was revised is not who revised it;
    # a name's possessive keeps its capital
    ("At least 54 people have died of heatstroke this week, a provincial health official said on Wednesday.",
     "provincial health official"),
    ("Earthquake toll in western Nepal revised down to 128", None),
    ("Gaza's civil defence agency said 30 people were wounded, some critically.", "Gaza civil defence agency"),
    # "WHO" is no relative pronoun; a name or a description set off after an office or a body is not the source
    ("The WHO said 1,200 cholera cases had been recorded and 34 people had died.", "WHO"),
    ("The attack left 13 people dead, the interior ministry spokesman, Colonel Ahmed Ali, said.",
     "interior ministry"),
    ("The strike killed 10 people, the Syrian Observatory for Human Rights, a Britain-based war monitor, said.",
     "Syrian Observatory for Human Rights"),
    # "media reported" is a verb ("the reported 40 deaths" an adjective); figures from a body are the body's
    ("Local media reported that 15 people had died.", "local media"),
    ("The reported 40 deaths could not be confirmed.", None),
    ("According to figures from the health ministry, 33 people died.", "health ministry"),
    ("According to data from the UN, 33 people died.", "UN"),
    # a place after the source is its tail, a named place part of its name
    ("A volunteer-run clinic in the camp said it had treated 85 wounded.", "volunteer-run clinic"),
    ("Police in Gaza said 12 people were killed.", "police in Gaza"),
    # an office alone is the one named before
    ("The toll, given by South Kivu's interior minister, was expected to rise. We have recovered 62 bodies so far, "
     "the minister told reporters.", "South Kivu interior minister"),
    # "the hospital" is a hospital, not the last body named
    ("The Israeli military said it had targeted a command centre. Hospital director Fadel Naim said the hospital "
     "had received 17 bodies.", "hospital"),
    # "he" is the person last named with an office, even an office without a capital
    ("Heavy rain triggered the landslide, said Heriyanto, head of the regency's disaster agency. Rescuers pulled out "
     "eight people with injuries, he said.", "regency's disaster agency"),
    # "in three states" is no reporting verb
    ("The storm is now blamed for at least nine deaths in three states.", None),
    # a district collector is an office; the surname later is that office's
    ("About 35 people were at work, said Virudhunagar district collector R. Meenakshi. \"We have confirmed the toll "
     "is eight,\" Meenakshi told reporters.", "Virudhunagar district collector"),
    # a description takes a body named before it or soon after, not one of another place paragraphs later
    ("Drones killed four people and injured 32 in Kharkiv, Governor Oleh Syniehubov reported.\n\n" + "The attack hit "
     "a nine-story apartment building, and fires broke out on several floors of it overnight. " * 5 + "\n\nElsewhere, "
     "a strike on Kherson killed a man, Kherson Oblast Governor Oleksandr Prokudin said.", "Governor"),
    # "the state's agency" is the agency of the state named before
    ("In Mississippi, the state's Emergency Management Agency said seven people had died.",
     "Mississippi Emergency Management Agency"),
    # "have said" is said; "security sources" are a source, not a document
    ("At least 68 people have died in a heatwave, health officials have said.", "health officials"),
    ("At least 12 soldiers were killed, according to security sources; the army said it repelled the attack.",
     "security sources"),
    # a bulletin "published by" a body is the body's
    ("The number of people who have died of dengue has climbed to 129, according to the latest National "
     "Epidemiological Bulletin published by the Health Ministry on Monday.", "Health Ministry"),
    # in its clause, a mention that names somebody goes before "authorities"
    ("Authorities said the road was closed; 12 people were killed, the district collector said.",
     "district collector"),
    # "its director" after a body named in the sentence is that body's; a bracketed "(source: ...)" is a source
    ("Seventeen people were wounded and were being treated at Nampula Central Hospital, its director told STV.",
     "Nampula Central Hospital"),
    ("Al-Shabaab fired mortar rounds at a base; 2 soldiers killed, 5 wounded (source: military official, via Garowe "
     "Online).", "military"),
    # a report's "Source:" line credits what no sentence credits
    ("Russian forces attacked Kherson with drones, killing a 64-year-old man and injuring four people.\n\nSource: "
     "Roman Mrochko, Head of Kherson City Military Administration, on Telegram", "Kherson City Military Administration"),
    # after a dash, "said X" is X's; a name after "Superintendent of Police" is dropped for the office
    ("Three people died in Patuakhali -- two crushed under a collapsed house and a man who drowned in Rangabali -- "
     "said Patuakhali Superintendent of Police Md Saiful Alam.", "Patuakhali Superintendent of Police"),
    # "he" is the office named before, though it has no capital
    ("The provisional toll was given by the provincial minister of transport, Jean-Pierre Mputu. \"So far we have "
     "recovered 23 bodies,\" he told Radio Okapi.", "provincial minister of transport"),
    # an office with its acronym in brackets is the office
    ("Six patients died on the spot, district magistrate (DM) Rajesh Kumar told TOI.", "district magistrate"),
    # a relative clause between a source and its verb is skipped, and its own verb takes an object, not a subject
    ("The police spokesman, who spoke on condition of anonymity, said 12 people died.", "police"),
    ("The chairman, who confirmed the incident to our correspondent on Monday, said 23 people were killed.",
     "chairman"),
    # a press release's "The Department can confirm": the department named before
    ("The Department of Mineral and Petroleum Resources (DMPR) has learnt with great sadness of the seismic event. "
     "The Department can confirm that the bodies of nine mineworkers have been recovered.",
     "Department of Mineral and Petroleum Resources (DMPR)"),
    # "it said" is the body named before, a media wing's name too
    ("Militants stormed a checkpoint, the military's media wing, Inter-Services Public Relations, said in a "
     "statement. Six soldiers were killed, it said.", "Inter-Services Public Relations"),
    # an inverted "..., said X" after a clause that holds "a ..." is X's; the clause is no appositive
    ("In Nasirnagar upazila, a 40-year-old woman was killed by lightning while collecting dried cow dung in front "
     "of her home, said the local Union Parishad chairman.", "local Union Parishad chairman"),
    # an inverted subject in lower case, ending in a word for whoever speaks; not the subject of a clause after it
    ("Two bodies have been recovered, while 35 others are feared dead, said local police official Ram Bahadur Thapa.",
     "local police"),
    ("Three people were killed in the blast, said police.", "police"),
    ("Three people were killed, he said police had told him.", None),  # an unresolved "he" is no source
    # a police rank before a name is the police's ("DSP", "SP": South Asian and Nigerian copy)
    ("The command's spokesman, DSP Alabi Olumide, said in a statement that 11 persons were injured.", "police"),
    ("Eight people were injured, SP Grace Ityo said.", "police"),
    # a date is no source
    ("The previous update (No. 2, 16 February) reported 19 deaths.", None),
    # a number in a body's name
    ("Three members of a family were killed when the roof of a house collapsed in Lahore on Saturday, Rescue 1122 "
     "said.", "Rescue 1122"),
])
def test_sources(text: str, source: str | None) -> None:
    killed = [f for f in find_figures(text) if f.category in ("killed", "injured", "refugees")]
    assert killed and killed[0].attribution == source


@pytest.mark.parametrize("text, value, source", [
    # a single-quoted quotation's speaker set off before his office: the office's body
    ("'Four bodies have been recovered and two guides were rescued with injuries,' Bishnu Prasad Adhikari, a "
     "director at the Department of Tourism, said by phone from Kathmandu.", 4, "Department of Tourism"),
    # what was counted, or a phrase ending on a function word, is no source; an acronym opening a sentence keeps it
    ("The death toll has risen to 27, with 11 more deaths reported overnight at hospitals in Chhapra and Patna, "
     "District Magistrate Rakesh Kumar Singh said on Thursday.", 11, "District Magistrate"),
    ("Fourteen people have died of cholera, the health ministry said on Tuesday, as the number of recorded cases "
     "passed 1,900.", 14, "health ministry"),
    ("BNPB spokesperson Abdul Muhari said 31 people had died.", 31, "BNPB"),
    # an inverted speaker after a single-quoted quotation, the body "known as" its acronym
    ("'Six people have lost their lives and three remain missing,' said Ana Lucía Morales, a spokesperson for the "
     "National Coordinator for Disaster Reduction, known as CONRED.", 6,
     "National Coordinator for Disaster Reduction (CONRED)"),
    # who recovered the dead counted them
    ("The Greek coast guard recovered the bodies of nine people on Wednesday after a fishing boat capsized.", 9,
     "Greek coast guard"),
    # an office "of" a place of a level is that level's office; a number in a body's name inside a phrase
    ("A drone struck a minibus, killing two people, the governor of Russia's Belgorod region said.", 2,
     "Belgorod regional governor"),
    ("A fire swept through a factory, killing 16 workers and injuring nine, officials of the Rescue 1122 emergency "
     "service said.", 16, "Rescue 1122 emergency service"),
    # a name set off after an office "for" something is the office's
    ("In a statement on Sunday, Mai-Ndombe's provincial minister for transport, Jean-Pierre Mbuyi, said 23 people "
     "had died.", 23, "Mai-Ndombe provincial minister for transport"),
    # "its medical director": the hospital, not "... Hospital medical"
    ("Of the survivors, 11 were admitted to Inongo General Referral Hospital, its medical director said.", 11,
     "Inongo General Referral Hospital"),
    # a country's "security sources" speak for no body named
    ("A roadside bomb killed two fighters and wounded three, Iraqi security sources said.", 2,
     "Iraqi security sources"),
    # a verb phrase is no source; "its medical director, Dr Albert Bokele": the hospital
    ("A fourth soldier died on the way to hospital in Catarman, said Lt. Col. Ramon Dizon, commander of the 803rd "
     "Infantry Brigade.", 1, "803rd Infantry Brigade"),
    ("Among the survivors, 12 people who were injured in the panic have been admitted to the Inongo General Referral "
     "Hospital, said its medical director, Dr Albert Bokele.", 12, "Inongo General Referral Hospital"),
    # Ireland's police
    ("Four young men died after their car struck a wall, Gardaí said.", 4, "police"),
    # "confirmed the death": the source of the figures just before it
    ("One person has died and two others are seriously injured after a two-vehicle crash near Taupō. A police "
     "spokesperson confirmed the death and said both injured people had been flown to Waikato Hospital.", 1,
     "police"),
    # what was counted is not who counted it
    ("The provincial governor said: \"We deplore 23 deaths confirmed so far.\"", 23, "provincial governor"),
    # a body described by its kind is the body named before it
    ("Three civilians died of their wounds on Thursday, the Syrian Observatory for Human Rights said. The "
     "Britain-based monitor said about 30 others remained wounded.", 30, "Syrian Observatory for Human Rights"),
    ("At least 21 civilians were killed, according to the Sudan Doctors Network.\n\nIn a later statement, the "
     "medical group said the number of dead had reached 26.", 26, "Sudan Doctors Network"),
    # ... but a description that names a body of its own stays it
    ("Police in Cagayan said seven people had died there. The national disaster agency said 31 people had been "
     "injured.", 31, "national disaster agency"),
])
def test_the_source_of_a_figure(text: str, value: int, source: str | None) -> None:
    assert next(f.attribution for f in find_figures(text) if f.value == value) == source


def test_a_source_phrase_ends_at_a_clause_before_it() -> None:
    """A headline's "... market; police say": the source is police, not "at Nigerian market; police"."""
    text = ("Gunmen kill 9 at Nigerian market; police say two suspects arrested\n\nABUJA — Gunmen opened fire at a "
            "busy market on Tuesday, killing nine traders and wounding 14 others, police said.")
    figures = extract_text(text, None).figures
    assert [(f.value, f.attribution) for f in figures] == [(9, "police"), (9, "police"), (14, "police")]


def test_officials_somewhere_give_way_to_an_office() -> None:
    """"Authorities in India's southern Tamil Nadu state" name no body: the collector who confirmed the toll is the
    total's source."""
    text = ("Authorities in India's southern Tamil Nadu state revised down the death toll from an explosion to eight "
            "from 10 on Wednesday. About 35 people were at work, said Virudhunagar district collector R. Meenakshi. "
            "\"We have confirmed the toll is eight,\" Meenakshi told reporters.")
    assert count_totals(find_figures(text))["killed"].attribution == "Virudhunagar district collector"


@pytest.mark.parametrize("text, attribution", [
    # a total worked out (less those who later died) that a figure states as it is: that figure's source
    ("Twelve people died at the scene and 23 were injured, two of whom later died, according to a police statement. "
     "The regional health directorate said 21 injured passengers were being treated in hospital.",
     "regional health directorate"),
    # groups that add up to an unattributed count give it their source
    ("Kanpur hospital ICU fire: 7 patients dead, 3 staffers injured\n\nThree staff members - two nurses and a ward "
     "boy - sustained burn injuries, according to chief medical officer (CMO) Dr Alok Ranjan.",
     "chief medical officer"),
    # "hospital records," is a noun, not a reporting verb; "authorities" give way to the collector
    ("Authorities revised the death toll down to six from seven, saying one woman had been counted twice in hospital "
     "records, district collector Swapnil Dinkar said.", "district collector"),
    # "officials" give way to the named source of the singles that make the count
    ("Two people have died after rioting broke out at a football match, officials say. A 17-year-old boy died after "
     "being crushed, and a man in his 30s died in hospital from head injuries, the local health directorate said.",
     "local health directorate"),
    # offices of one level summed: one label, as an analyst records it
    ("At least four people were killed when drones hit Kharkiv, the regional governor said. In Odesa, two people "
     "were killed in a drone attack, the head of the regional military administration said.", "regional officials"),
    # governors of several regions, one named with its region, are "regional governors"
    ("At least four people were killed when drones hit Kharkiv, the regional governor said. In Dnipro, three people "
     "were killed, Dnipropetrovsk Oblast Governor Oleksandr Bilous said.", "regional governors"),
    # bodies of different kinds, or of no shared level, stay listed
    ("Five people were killed in Kharkiv, the regional governor said. In Odesa, two people were killed in a separate "
     "attack, regional police said.", "regional governor; regional police"),
    ("Five people were killed in the north, the district magistrate said. In the south, two people were killed in a "
     "separate attack, the provincial governor said.", "district magistrate; provincial governor"),
])
def test_a_total_worked_out_or_of_several_offices(text: str, attribution: str) -> None:
    assert count_totals(find_figures(text))["injured" if "injured" in text else "killed"].attribution == attribution


@pytest.mark.parametrize("text, category, attribution", [
    # wire copy credits a paragraph once: a figure its sentence does not credit takes the paragraph's source, before
    ("Two people have died and a third is fighting for life after a head-on collision overnight. Police say a sedan "
     "and a four-wheel drive collided, killing the driver of the sedan and his passenger.", "killed", "police"),
    # ... or after it
    ("The toll was revised down to six from seven, district collector Swapnil Dinkar said. Fourteen devotees "
     "injured in the crush remain under treatment.", "injured", "district collector"),
    ("\"The bomber detonated himself among the soldiers,\" police officer Abdirahman Hassan told Al Jazeera. "
     "\"Eleven other people were wounded, most of them soldiers.\"", "injured", "police"),
    # an official's post, and his surname after the body his title heads
    ("The death toll has risen to 11, head of the Dnipropetrovsk Regional Military Administration Oleh Marchenko "
     "reported.\n\n\"Another 58 people have been injured. Thirty-one of them remain in hospital,\" Marchenko "
     "wrote.", "injured", "Dnipropetrovsk Regional Military Administration"),
    # a press release's issuers credit what no sentence of it credits
    ("Joint press release of the Kassel Public Prosecutor's Office and North Hesse Police Headquarters\n\nKassel – "
     "Two people were fatally injured in a knife attack on Saturday afternoon.", "killed",
     "Kassel Public Prosecutor's Office and North Hesse Police Headquarters"),
    # "now confirmed dead" names no source: the police who say so are
    ("Eleven people are now confirmed dead after a tour bus rolled down an embankment, police say.", "killed",
     "police"),
    # "the affected states" is no verb's clause: the police in them are the source
    ("Police in the affected states said a total of 17 people had been injured.", "injured", "police"),
    # a sentence with no figure credits its paragraph too, before the figure or after it
    ("The blast happened at 3:20 p.m. when 83 workers were underground, the Luliang emergency management bureau said. Sixty-one miners made it "
     "to the surface, two of whom were hospitalised with burns.", "injured",
     "Luliang emergency management bureau"),
    ("Three people were killed and 14 others injured when a taxi overturned. Provincial EMS spokesperson Nomvula "
     "Dlamini said the driver appeared to have lost control.", "killed", "Provincial EMS"),
    # ... a body or an office, not a witness
    ("Three people were killed when a taxi overturned. \"It rolled over twice,\" said resident John Mbeki.", "killed",
     None),
    # another paragraph's source is not the paragraph's
    ("Six people were killed in the blast, police said.\n\nEleven other people were wounded.", "injured", None),
    # a restatement keeps the source of what it restates, not the paragraph's
    ("Five people were killed and four wounded, police said.\n\nThree of the victims died at the scene, a hospital "
     "spokeswoman said. The four wounded were being treated in hospital.", "injured", "police"),
])
def test_a_paragraph_is_credited_once(text: str, category: str, attribution: str | None) -> None:
    assert count_totals(find_figures(text))[category].attribution == attribution


def test_a_body_named_with_its_acronym_keeps_both() -> None:
    """A body the alias table does not know is the name the article gives it with its acronym, and the acronym
    alone later in the article is the same body; one the table knows takes its one form."""
    text = ("According to the Ministry of Public Health and Population (MSPP), 29 people have died.\n\nMSPP reports "
            "that 48 people remain hospitalized with burns, and the Cleveland Division of Fire spokesman said two "
            "firefighters were hurt.")
    figures = find_figures(text)
    assert [f.attribution for f in figures if f.category in ("killed", "injured")][:2] == [
        "Ministry of Public Health and Population (MSPP)"] * 2
    assert normalise_source("the commander of the Civilian Joint Task Force (CJTF)") == \
        "Civilian Joint Task Force (CJTF)"
    assert normalise_source("Doctors Without Borders (MSF)") == "MSF"
    assert normalise_source("Cleveland Division of Fire spokesman") == "Cleveland Division of Fire"


def test_a_breakdown_credits_the_count_it_makes() -> None:
    """Counts of one sentence that add up to an unattributed total give it their source."""
    text = ("At least nine devotees were killed and 31 others injured in a stampede at the temple on Sunday.\n\n"
            "Six persons died on the spot and three others succumbed to their injuries at the hospital, District "
            "Collector R. Senthil Kumar told The Hindu.")
    assert count_totals(find_figures(text))["killed"].attribution == "District Collector"


def test_one_form_per_body() -> None:
    assert {normalise_source(s) for s in ("the UN", "U.N.", "United Nations", "UN monitoring mission")} == {"UN"}
    assert normalise_source("UNICEF") == "UNICEF" and normalise_source("the World Health Organization") == "WHO"


def test_vague_total_is_no_exact_total() -> None:
    (killed,) = count_totals(find_figures("Dozens of people drowned when the boat capsized.")).values()
    assert (killed.value, killed.vague) == (None, True)


@pytest.mark.parametrize("row", [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()],
                         ids=lambda row: row["id"])
def test_articles(row: dict) -> None:
    """Whole articles (from the development set): their totals, and no decoy number as a victim."""
    found = find_figures(f"{row['title']}\n\n{row['text']}")
    result = count_totals(found)
    for category in ("killed", "injured"):
        total = result.get(category)
        assert ((total.value if total else None) or 0) == (row[category] or 0), category
    victims = {f.value for f in found if f.category in ("killed", "injured") and not f.background
               and f.end - f.start != len(f.sentence)}
    assert not victims & {value for value, _, kind in row["decoys"] if kind != "partial"}


def test_a_person_of_an_age_is_no_count() -> None:
    """"a man of about 40" is his age, not 40 injured."""
    assert 40 not in {f.value for f in find_figures("Three people were killed. A man of about 40 was injured.")}


def test_an_office_keeps_its_possessive_a_place_does_not() -> None:
    """"Sheriff's Office" is the body's name; "Nigeria's army" is the army of a place."""
    assert normalise_source("the Story County Sheriff's Office") == "Story County Sheriff's Office"
    assert normalise_source("Nigeria's army") == "Nigeria army"


def test_a_police_rank_after_its_force_speaks_for_the_force() -> None:
    """"Queensland Police Acting Superintendent Kerri-Anne Walsh" is the Queensland Police; "Superintendent of
    Police" stays an office."""
    assert normalise_source("Queensland Police Acting Superintendent Kerri-Anne Walsh") == "Queensland Police"
    assert normalise_source("Superintendent of Police Rajesh Kumar") == "Superintendent of Police"
