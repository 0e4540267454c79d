"""Who can be a victim: person nouns, the attackers among them, and the things that are never victims.

A casualty figure counts people. Animals, aircraft, vehicles, buildings, body parts and abstractions ("jobs",
"hopes", "the bill") are killed, shot down or destroyed in news copy too, and never yield one.
"""
from __future__ import annotations

import re

from .numbers import factored

# Singular nouns for a person (an implied single victim needs one: "a journalist was shot dead").
PERSON_SINGULAR = (
    r"man|woman|boy|girl|child|baby|infant|toddler|teenager|teen|youth|person|civilian|soldier|policeman"
    r"|policewoman|officer|journalist|reporter|chief|leader|farmer|herder|teacher|student|resident|villager"
    r"|priest|pastor|imam|cleric|monk|activist|member|official|driver|trader|merchant|shopkeeper|worker"
    r"|guard|militant|fighter|commander|mayor|councillor|councilor|candidate|lawyer|judge|doctor|nurse"
    r"|businessman|businesswoman|elder|politician|legislator|lawmaker|governor|spy|informant|defender"
    r"|agent|employee|pilgrim|worshipper|passenger|protester|demonstrator|prisoner|inmate|detainee|suspect"
    r"|headman|headmaster|principal|chairman|chairperson|secretary|president|minister|head|husband|wife"
    r"|son|daughter|father|mother|brother|sister|relative|neighbour|neighbor|colleague|volunteer|ranger"
    r"|vigilante|contractor|engineer|mechanic|tailor|musician|singer|rapper|artist|athlete|footballer"
    r"|tourist|foreigner|national|citizen|migrant|refugee|sheikh|emir|king|chieftain|landowner|lecturer"
    r"|professor|physician|paramedic|midwife|medic|editor|photographer|cameraman|blogger|preacher|bishop"
    r"|catechist|seminarian|missionary|nun|deacon|rabbi|marine|sergeant|captain|colonel|general|lieutenant"
    r"|major|private|corporal|constable|inspector|commissioner|magistrate|prosecutor|deputy|aide|bodyguard"
    r"|taxi driver|motorcyclist|cyclist|pedestrian|shepherd|fisherman|herdsman|hunter|miner|labourer|laborer"
    r"|visitor|guest|customer|patient|bystander|victim|clerk|observer|friend|companion|partner|escort"
    r"|gunman|attacker|assailant|bomber|rider|schoolboy|schoolgirl|abbot|owner|grandmother|grandfather"
    r"|grandson|granddaughter|uncle|aunt|nephew|niece|cousin|firefighter|rescuer|sailor|pilot|crew member"
    r"|novelist|writer|poet|author|director|manager|executive|provost|filmmaker|film-maker|representative"
    r"|spokesman|spokeswoman|spokesperson|ally|opponent|critic|dissident|entrepreneur|banker|scholar|academic"
    r"|cell-mate|cellmate|partner|couple|survivor|witness|mourner|devotee|pupil|apprentice|helper|porter"
    # Offices, trades and roles of news victims beyond the commonest
    r"|publisher|broadcaster|presenter|columnist|correspondent|diplomat|ambassador|envoy|consul|delegate"
    r"|adviser|advisor|senator|congressman|congresswoman|assemblyman|alderman|ruler|monarch|prince|princess"
    r"|queen|sultan|mukhtar|chief executive|industrialist|tycoon|vendor|hawker|cook|chef|waiter|cashier"
    r"|watchman|caretaker|janitor|cleaner|maid|nanny|servant|staffer|peacekeeper|gendarme|militiaman"
    r"|conscript|recruit|cadet|veteran|reservist|sniper|trooper|paratrooper|commando|policeman|technician"
    r"|electrician|carpenter|mason|builder|surveyor|actor|actress|comedian|researcher|scientist|economist"
    r"|campaigner|organiser|organizer|coordinator|unionist|hostage|captive|abductee|smuggler|robber|thief"
    r"|kidnapper|player|coach|referee|voter|aspirant|reverend|evangelist|vicar|muezzin|herdsboy|housewife"
    r"|schoolteacher|headteacher|housemaid|farmhand|labourer|passer-by|passerby|onlooker"
)
PERSON = factored(PERSON_SINGULAR)

# Plural nouns of those who carry out an attack: when they die they are counted, as a group of their own.
PERPETRATORS = frozenset(
    "attackers assailants gunmen militants terrorists bombers insurgents jihadists bandits raiders gangsters"
    " kidnappers hijackers khawarij extremists rebels fighters attacker assailant gunman militant terrorist"
    " bomber insurgent jihadist bandit raider".split())

# Nouns that are never victims (plural and singular forms; "head" as in "300 head of cattle").
_NON_HUMAN = (
    "cattle cow cows bull bulls ox oxen goat goats sheep lamb lambs camel camels donkey donkeys horse horses mule"
    " mules pig pigs chicken chickens hen hens bird birds poultry duck ducks fish livestock animal animals dog dogs"
    " cat cats elephant elephants lion lions wolf wolves deer rhino rhinos whale whales dolphin dolphins bee bees"
    " head herd flock jet jets plane planes aircraft airplane airplanes helicopter helicopters drone drones"
    " missile missiles rocket rockets tank tanks vehicle vehicles car cars truck trucks lorry lorries bus buses boat"
    " boats ship ships vessel vessels motorcycle motorcycles train trains ferry ferries wagon wagons carriage"
    " carriages van vans minibus minibuses tractor tractors house houses home homes building buildings school"
    " schools shop shops stall stalls tree trees crop crops hectare hectares acre acres job jobs hope hopes bill"
    " bills deal deals idea ideas kill kills game games point points goal goals seat seats vote votes share shares"
    " stock stocks part parts limb limbs organ organs body-part leg legs arm arms round rounds map maps"
    " business businesses company companies brand brands plant plants factory factories bridge bridges"
    " budget budgets plan plans proposal proposals career careers campaign campaigns bid bids chance chances"
    " dream dreams project projects policy policies reform reforms season seasons film films book books"
    " win wins victory victories defeat defeats demolition demolitions rout routs drubbing thrashing try tries"
    " weapon weapons gun guns firearm firearms rifle rifles pistol pistols grenade grenades cartridges"
    " flood floods quake quakes earthquake earthquakes storm storms fire fires attack attacks"
    " strike strikes bombing bombings blast blasts explosion explosions landslide landslides"
    " city cities town towns village villages province provinces state states country countries district districts"
    " region regions area areas location locations site sites place places community communities"
)
NON_HUMAN = frozenset(_NON_HUMAN.split())
_WORDS = re.compile(r"[a-z][a-z'-]*|[,;().!?]")
# Words that end the noun group after a number ("12 cattle were killed", "300 head of cattle, sheep and camels").
_NP_END = frozenset("were was are is have has had been being who that which when in on at near by after during"
                    " as while of and or with from to for into since over across amid among under before until"
                    " through against towards toward inside outside along following including according than per"
                    " the a an this these those his her their its , ; ( ) . ! ?".split())


def non_human(np: str) -> bool:
    """Whether the noun group that follows a number names things that are never victims: its head (the last
    word before a verb, preposition or conjunction) is an animal, aircraft, building... ("300 head of cattle",
    "five fighter jets"; but "16 construction company employees", "20 bus passengers" are people)."""
    head = None
    for word in _WORDS.findall(np)[:8]:  # the noun group comes right after the number: "12 cattle", not "12 since the"
        if word in _NP_END or word.endswith("ing") and head is not None:
            break
        head = word
    return head in NON_HUMAN


def perpetrators(np: str) -> bool:
    """Whether the noun phrase names attackers ("suspected gunmen", "of the attackers")."""
    return any(word in PERPETRATORS for word in _WORDS.findall(np)[:5])
