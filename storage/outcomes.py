"""What the pages a crawl fetched turned out to be (`fetch_outcomes`): a run's counts, a source's, and how many
runs in a row a source answered with walls or challenges instead of its articles."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Engine, func, select

from storage import tables
from storage.records import OUTCOME_NAMES, WALLS

_O = tables.fetch_outcomes.c


def run_outcomes(engine: Engine, run_id: int, source: str | None = None) -> dict[str, int]:
    """Fetched URLs of a run by outcome (of one source's, when given)."""
    query = select(_O.outcome, func.sum(_O.pages)).where(_O.run_id == run_id).group_by(_O.outcome)
    if source is not None:
        query = query.where(_O.source == source)
    with engine.connect() as conn:
        return {outcome: int(pages) for outcome, pages in conn.execute(query)}


def outcomes_by_source(engine: Engine, run_id: int) -> dict[str, dict[str, int]]:
    """Fetched URLs of a run by source and outcome."""
    query = (select(_O.source, _O.outcome, func.sum(_O.pages)).where(_O.run_id == run_id)
             .group_by(_O.source, _O.outcome))
    out: dict[str, dict[str, int]] = {}
    with engine.connect() as conn:
        for source, outcome, pages in conn.execute(query):
            out.setdefault(source or "", {})[outcome] = int(pages)
    return out


def walled_runs(engine: Engine, run_ids: Sequence[int], source: str) -> int:
    """How many of `run_ids` (newest first) in a row `source` answered mostly with walls or challenges: more
    than half of the pages it served (errors left out) a consent wall, bot challenge or login wall."""
    counts: dict[int, Counter[str]] = {run_id: Counter() for run_id in run_ids}
    if run_ids:
        query = select(_O.run_id, _O.outcome, _O.pages).where(_O.run_id.in_(list(run_ids)), _O.source == source)
        with engine.connect() as conn:
            for run_id, outcome, pages in conn.execute(query):
                counts[run_id][outcome] += pages
    streak = 0
    for run_id in run_ids:
        served = sum(pages for outcome, pages in counts[run_id].items() if outcome != "error")
        if 2 * sum(counts[run_id][wall] for wall in WALLS) <= served or not served:
            break
        streak += 1
    return streak


def describe(counts: dict[str, int], articles: bool = False) -> str:
    """Counts of outcomes as people read them, "3 consent walls, 1 bot challenge", in a fixed order; plain
    articles only when `articles`, errors never (the summaries count them already)."""
    shown = [name for name in OUTCOME_NAMES if name != "error" and (articles or name != "article")]
    return ", ".join(f"{counts[name]} {OUTCOME_NAMES[name][counts[name] != 1]}" for name in shown if counts.get(name))
