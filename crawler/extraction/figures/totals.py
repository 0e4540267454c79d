"""Per-category totals of a text's own news, and the figures that make them.

Background figures and earlier stages of a toll never count; an unverified claim counts only when nothing else
does; vague amounts ("dozens") never enter an exact total. A cumulative toll beats everything else. Otherwise
each event's count is taken (groups joined in one clause add up, parts are not added again, increments are,
attackers who died are a group of their own) and distinct events add up, unless the first event only
summarises the others ("killing six policemen and three soldiers" ... "In the first attack ... six police
officers" ... "Hours later ... three soldiers").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..categories import CATEGORIES
from .languages import LANGUAGES
from .grammar import DIED_AMONG, FATALLY, ONE_PLACE, ORDINAL, ORDINAL_VALUE, REVISED, SELF_BLAST
from .record import Figure, Total
from .sources import source_kind, summarise_sources, vague_source

# Attackers in any language tollwatch reads: when they die they are a group of their own.
PERPETRATORS = frozenset(w.lower() for lang in LANGUAGES.values() for w in lang.perpetrators)

_BROAD = ("at_least", "more_than")


def count_totals(figures: Sequence[Figure]) -> dict[str, Total]:
    """The total of each category the figures report (categories without a figure are left out)."""
    out: dict[str, Total] = {}
    for category in CATEGORIES:
        indices = [k for k, f in enumerate(figures) if f.category == category]
        total = _category_total(figures, indices, category) if indices else None
        if total is not None:
            out[category] = total
    return _shared_sources(figures, out)


def _shared_sources(figures: Sequence[Figure], found: dict[str, Total]) -> dict[str, Total]:
    """A victims' total nobody is credited with takes the source of the other victims' total when a sentence gives
    both ("Four young men have died and a fifth man is in a critical condition": the source the four dead are
    credited with elsewhere gave the injured one too)."""
    out = dict(found)
    for category, other in (("injured", "killed"), ("killed", "injured")):
        mine, theirs = found.get(category), found.get(other)
        if not mine or mine.attribution or mine.value is None or not theirs or not theirs.attribution:
            continue
        said = {f.sentence for f in figures if f.category == category and f.value == mine.value and not f.background}
        if any(f.category == other and f.value == theirs.value and not f.background and f.sentence in said
               for f in figures):
            out[category] = replace(mine, attribution=theirs.attribution)
    return out


def totals(figures: Sequence[Figure], text: str | None = None) -> dict[str, int]:
    """The exact total of each category (vague-only categories are left out).

    *text* is accepted for callers that have it; every rule works from the figures' own fields."""
    return {c: t.value for c, t in count_totals(figures).items() if t.value is not None}


def _category_total(figures: Sequence[Figure], indices: list[int], category: str) -> Total | None:
    usable = [k for k in indices if not figures[k].background and figures[k].role != "previous"]
    usable = [k for k in usable if figures[k].role != "claim"] or usable
    if not usable:  # only what was said at an earlier stage: the largest of it is all the text says
        stages = [k for k in indices if not figures[k].background]
        usable = [max(stages, key=lambda k: figures[k].value)] if stages else []
    if not usable:
        return None
    exact = [k for k in usable if not figures[k].vague]
    if exact and len(exact) < len(usable) and all(figures[k].role == "part" for k in exact):
        exact = []  # parts of a vague count give no exact total: "Dutzende weitere verletzt ... darunter drei Kinder"
    if not exact:
        first = usable[0]
        return Total(category, None, True, figures[first].qualifier, figures[first].attribution, (first,))
    tolls = [k for k in exact if figures[k].cumulative and figures[k].role in ("total", "group")]
    if tolls:
        # the highest, unless a later one revises it ("Ministry revises toll to six" after "rises to seven")
        revised = [k for k in tolls if figures[k].language == "en" and REVISED.search(figures[k].sentence)]
        best = max(revised) if revised else max(tolls, key=lambda k: (figures[k].value, -k))
        lead = exact[0]
        if not revised and not figures[lead].cumulative and figures[lead].role in ("total", "group") \
                and figures[lead].qualifier in ("exact", "at_least") and figures[lead].value > figures[best].value \
                and lead < best:
            # a lower toll after the lead's count is one source's or one place's ("put the death toll at 12"
            # after "killed at least 19"; "the toll in Kharkiv had risen to five" after "at least eight")
            best = lead
        elif not revised and _another_count(figures[lead], figures[best]) and lead < best:
            best = lead  # another body's count: "The Observatory ... put the toll at 10" after the lead's eight
        value, chosen = figures[best].value, [best]
        if figures[best].role == "group":  # a running toll given in groups: "12 in Khan Younis and 5 others in Gaza"
            chosen = [k for k in tolls if figures[k].role == "group" and figures[k].sentence == figures[best].sentence
                      and abs(figures[k].start - figures[best].start) < len(figures[best].sentence)]
            value = sum(figures[k].value for k in chosen)
    else:
        value, chosen = _events_total(figures, exact)
    counted = _grown_by(figures, indices, chosen)
    if counted:  # "initially said three were killed" ... "killing four" ... "One of the wounded died": in the four
        value -= sum(figures[k].value for k in counted)
        chosen = [k for k in chosen if k not in counted]
    if category == "injured":
        died = _died_among(figures, chosen)
        # the wounded who are left, counted again after the deaths ("wounding nine" ... "Two of the wounded died"
        # ... "The seven other wounded remained in hospital"): that count
        left = [k for k in chosen if died and any(figures[k].value + died == figures[j].value and j < k for j in chosen)]
        if left:
            value, chosen = figures[left[-1]].value, [j for j in chosen if figures[j].value == figures[left[-1]].value
                                                     or figures[j].value == figures[left[-1]].value + died]
        elif died and value + died not in _stages(figures, indices):
            value -= died  # unless the count is an earlier stage's less those who died ("17 wounded" ... "16")
    return Total(category, value, False, _qualifier(figures, chosen), _attribution(figures, chosen, value),
                 tuple(sorted(chosen)))


# A body stating its own count, not the toll growing: "The Syrian Observatory ... put the toll at 10".
_PUT_AT = re.compile(r"\b(?:put|puts|putting|placed|places|gave|gives|giving) (?:the|its|their|a) (?:[a-z]+ )?(?:death )?"
                     r"(?:toll|figure|count|number of (?:dead|deaths)) (?:at|of)\b", re.I)


def _another_count(lead: Figure, toll: Figure) -> bool:
    """Whether a toll after the lead's exact count is only another body's count of it: a statement of its own
    ("put the toll at"), credited to a source other than the lead's, in English."""
    return (lead.language == toll.language == "en" and not lead.cumulative and lead.role in ("total", "group")
            and lead.qualifier == "exact" and bool(lead.attribution) and bool(toll.attribution)
            and lead.attribution != toll.attribution and bool(_PUT_AT.search(toll.sentence)))


def _stages(figures: Sequence[Figure], indices: list[int]) -> set[int]:
    """The values of a category's earlier stages ("up from 31", "had initially said three")."""
    return {figures[k].value for k in indices if figures[k].role == "previous" and not figures[k].background}


def _grown_by(figures: Sequence[Figure], indices: list[int], chosen: list[int]) -> list[int]:
    """The chosen increments a chosen count already holds: it is an earlier stage plus just them."""
    added = [k for k in chosen if figures[k].role == "increment"]
    stages = _stages(figures, indices) if added else set()
    grown = sum(figures[k].value for k in added)
    return added if stages and any(figures[k].value - grown in stages for k in chosen if k not in added) else []


def _died_among(figures: Sequence[Figure], chosen: list[int]) -> int:
    """How many of the chosen injured figures' count the text says later died: a killed increment after them, in
    their sentence ("23 were injured, two of whom later died") or a later one ("Two of the wounded died"), or the
    dead among the shot ("Fourteen people were shot, two of them fatally")."""
    first = min(figures[k].start for k in chosen)
    return sum(f.value for f in figures if f.category == "killed" and f.language == "en" and not f.background
               and f.start >= first and (f.role == "increment" and DIED_AMONG.search(f.sentence)
                                         or f.role == "total" and FATALLY.search(f.sentence)))


def _one_place(f: Figure) -> bool:
    """Whether a count is of one place, not of the whole event ("seven people had died there")."""
    return f.language == "en" and bool(ONE_PLACE.search(f.sentence))


def _events_total(figures: Sequence[Figure], indices: list[int]) -> tuple[int, list[int]]:
    """Distinct events add up, unless the first one summarises the others (its counts come again later, or the
    later counts add up to it: "Twelve civilians were killed in twin attacks ... nine ... three")."""
    first = [k for k in indices if figures[k].sentence == figures[indices[0]].sentence]
    firsts = set(first)
    later = [k for k in indices if k not in firsts and figures[k].role != "part"]
    # a count of the lead's event may sum those after it, not one of a place ("seven people had died there")
    if later and figures[first[0]].event == 0 and not _one_place(figures[first[0]]):
        value, chosen = _event_total(figures, first)
        if value >= 2 and len(later) >= 2 and value == sum(figures[k].value for k in later):
            return value, chosen
        victims = [k for k in later if (figures[k].who or "") not in PERPETRATORS]
        if value >= 2 and len(victims) >= 2 and len(victims) < len(later) and value == sum(
                figures[k].value for k in victims):
            # the lead sums the victims of the incidents that follow; they name the attackers who died too
            return _events_total(figures, [k for k in indices if k not in firsts])
    events: dict[int, list[int]] = {}
    for k in indices:
        events.setdefault(figures[k].event, []).append(k)
    counts = [_event_total(figures, ks) for ks in events.values()]
    if not any(chosen for _, chosen in counts):  # parts alone: the largest stands for the count
        best = max(indices, key=lambda k: (figures[k].value, -k))
        return figures[best].value, [best]
    if len(counts) == 1:
        return counts[0]
    (lead_value, lead_chosen), others = counts[0], counts[1:]
    rest = sum(v for v, _ in others)
    lead_values = _counted_values(figures, next(iter(events.values())))
    later_figures = [k for ks in list(events.values())[1:] for k in ks if figures[k].role not in ("part", "previous")]
    later = _counted_values(figures, later_figures)
    # the first event summarises the others: its counts come again, or add up to its own (only the lead's event
    # can: "Police in Cagayan said seven people had died there" does not sum the next provinces' five and two)
    # (a lead may count the victims only: "No fewer than 11 persons were killed" ... seven, two attackers ... four)
    victims_only = sum(_victims_total(figures, [k for k in ks if (figures[k].who or "") not in PERPETRATORS])[0]
                       for ks in list(events.values())[1:])
    # ... with a place of its own counted inside the lead's event ("killing at least 21 in three states" ... "13
    # people were killed in the state" ... "In Alabama, five" ... "In Tennessee, three")
    inner = sum(figures[k].value for k in next(iter(events.values())) if k not in lead_chosen
                and figures[k].role in ("total", "group") and 2 <= figures[k].value < lead_value)
    if next(iter(events)) == 0 and not _one_place(figures[indices[0]]) and (lead_values & later
                                    or lead_value in (rest, victims_only,
                                                      sum(figures[k].value for k in later_figures))
                                    or inner and lead_value == rest + inner):
        if rest >= lead_value:
            return rest, [k for _, chosen in others for k in chosen]
        return lead_value, lead_chosen
    return lead_value + rest, lead_chosen + [k for _, chosen in others for k in chosen]


def _counted_values(figures: Sequence[Figure], indices: list[int]) -> set[int]:
    return {figures[k].value for k in indices if figures[k].value >= 2 and figures[k].role != "implied"}


def _event_total(figures: Sequence[Figure], indices: list[int]) -> tuple[int, list[int]]:
    """One event's count: its victims', plus the attackers who died (the largest count of them given)."""
    attackers = [k for k in indices if (figures[k].who or "") in PERPETRATORS and figures[k].role != "part"]
    excluded = set(attackers)
    victims = [k for k in indices if k not in excluded]
    value, chosen = _victims_total(figures, victims) if victims else (0, [])
    if attackers:
        best = max(attackers, key=lambda k: (figures[k].value, -k))
        value, chosen = value + figures[best].value, chosen + [best]
        # a suicide bomber is not one of the attackers killed in the fighting after him ("the attacker blew himself
        # up" ... "Two terrorists were killed in the exchange of fire")
        bomber = next((k for k in attackers if figures[k].value == 1 and figures[k].sentence != figures[best].sentence
                       and figures[best].value > 1 and SELF_BLAST.search(figures[k].sentence)), None)
        if bomber is not None:
            value, chosen = value + 1, chosen + [bomber]
    return value, chosen


def _victims_total(figures: Sequence[Figure], indices: list[int]) -> tuple[int, list[int]]:
    """The largest count, groups of one clause summed, parts left out, increments added unless the other counts
    only break the largest one down ("four ... eight others" of 12)."""
    units: list[tuple[int, bool, bool, list[int]]] = []  # value, cumulative, increment, figures
    prev: Figure | None = None
    parts = [k for k in indices if figures[k].role == "part"]
    base_part = None
    added = [k for k in indices if figures[k].role == "increment"]
    if parts and added and len(parts) + len(added) == len(indices) and min(parts) < min(added):
        # "Four of them were brought in dead ... Two of the wounded died": the part stands for the count the
        # increments add to
        base_part = max(parts, key=lambda k: (figures[k].value, -k))
    for k in indices:
        f = figures[k]
        if f.role == "part" and k != base_part:
            continue
        if f.role == "group" and prev is not None and prev.role == "group" and prev.sentence == f.sentence:
            value, cumulative, increment, members = units[-1]
            units[-1] = (value + f.value, cumulative or f.cumulative, increment, members + [k])
        else:
            units.append((f.value, f.cumulative and f.role != "implied", f.role == "increment", [k]))
        prev = f
    if not units:  # only parts of counts given elsewhere: nothing of its own
        return 0, []
    cumulative = [u for u in units if u[1] and not u[2]]
    if cumulative:
        best_unit = max(cumulative, key=lambda u: u[0])
        return best_unit[0], best_unit[3]
    base = max((u for u in units if not u[2]), key=lambda u: u[0], default=None)
    # the count given again (a headline and its lead) is no part of its breakdown
    rest = [u for u in units if u is not base and not (base and u[0] == base[0] and not u[2])]
    if base is not None and len(rest) > 1 and sum(u[0] for u in rest) == base[0]:
        return base[0], base[3]
    increments = [u for u in units if u[2] and not (base and _counted_ordinal(figures[u[3][0]], base[0]))
                  and not _others_again(figures, u[3], units)]
    value = (base[0] if base else 0) + sum(u[0] for u in increments)
    return value, (base[3] if base else []) + [k for u in increments for k in u[3]]


def _others_again(figures: Sequence[Figure], members: list[int], units: list[tuple[int, bool, bool, list[int]]]) -> bool:
    """Whether "N others" in a later sentence gives a count of an earlier one again, others than the dead as before
    ("seven others wounded" ... "Seven other people were taken to area hospitals with gunshot wounds"), not N
    more."""
    f = figures[members[0]]
    # (or "N others" said before: the headline's "as three others hurt" and the lead's "three other people were
    # injured")
    return len(members) == 1 and f.language == "en" and any(
        (not increment or _OTHERS.search(figures[ks[0]].sentence) and not _MORE.search(figures[ks[0]].sentence))
        and value == f.value and figures[ks[0]].start < f.start and figures[ks[0]].sentence != f.sentence
        for value, _, increment, ks in units) and bool(_OTHERS.search(f.sentence)) and not _MORE.search(f.sentence)


_OTHERS = re.compile(r"\bothers?\b", re.I)
_MORE = re.compile(r"\b(?:more|another|further|additional)\b", re.I)


def _counted_ordinal(f: Figure, counted: int) -> bool:
    """Whether a single victim named by an ordinal is already in the count ("Two workers were killed" ... "a
    second worker died at a hospital"), rather than one more ("five people" ... "a sixth victim died later")."""
    m = ORDINAL.search(f.sentence) if f.value == 1 and f.language == "en" else None
    return m is not None and ORDINAL_VALUE[m.group(1).lower()] <= counted


def _qualifier(figures: Sequence[Figure], chosen: list[int]) -> str:
    if len(chosen) == 1:
        return figures[chosen[0]].qualifier
    qualifiers = {figures[k].qualifier for k in chosen}
    if qualifiers <= {"exact"}:
        return "exact"
    return "at_least" if qualifiers & set(_BROAD) or "exact" in qualifiers else "about"


def _attribution(figures: Sequence[Figure], chosen: list[int], value: int) -> str | None:
    """The sources of a total: per event, the most specific source of its figures or of their restatements (the
    same value elsewhere in the text), "; "-separated; a total worked out from several figures, or less those who
    later died, that a figure states as it is takes that figure's source."""
    sources: list[str] = []
    restated: dict[tuple[str, int], list[str]] = {}
    for f in figures:
        if not f.background and f.attribution:
            restated.setdefault((f.category, f.value), []).append(f.attribution)
    category = figures[chosen[0]].category
    if (len(chosen) > 1 or figures[chosen[0]].value != value) and restated.get((category, value)):
        best = _most_specific(restated[(category, value)])
        if not vague_source(best):  # not "officials" over the named sources of the figures that make it
            return best
    for event in dict.fromkeys(figures[k].event for k in sorted(chosen)):
        mine = [figures[k] for k in sorted(chosen) if figures[k].event == event]
        said = [f.attribution for f in mine if f.attribution] + [
            a for g in mine for a in restated.get((g.category, g.value), [])]
        if all(vague_source(a) for a in said):  # none, or "officials": the breakdown's source
            said = _broken_down(figures, mine) + said
        if not said:
            continue
        best = _most_specific(said)
        if best.casefold() not in (s.casefold() for s in sources):
            sources.append(best)
    return summarise_sources(sources) or "; ".join(sources) or None


def _most_specific(said: list[str]) -> str:
    """The first source that names a body or office, else the first."""
    return min(said, key=lambda a: source_kind(a) != "named")


def _broken_down(figures: Sequence[Figure], mine: list[Figure]) -> list[str]:
    """The source of a sentence's counts that add up to a figure without one ("3 staffers injured" ... "Three staff
    members - two nurses and a ward boy - sustained burn injuries, according to the chief medical officer")."""
    groups: dict[tuple[str, str], list[Figure]] = {}
    for g in figures:
        if g.role in ("group", "total", "increment") and g.attribution and not g.background:
            groups.setdefault((g.category, g.sentence), []).append(g)
    # "Six persons died on the spot and three others succumbed ..., District Collector R. Senthil Kumar told The Hindu"
    return [members[0].attribution for f in mine for (category, _), members in groups.items()
            if category == f.category and len(members) > 1 and sum(x.value for x in members) == f.value]
