"""The re-visit schedule (issue 33): articles that may still change are fetched again after they leave their
feed, on a decaying schedule kept as data (`articles.next_check_at`, `revisit_step`, `last_changed_at`).

The rule, applied by the recorder to every fetch of an article, whatever led to it (a feed, or a re-visit):
- a new version starts the schedule at its first step when the article is a candidate (young, live, its figures
  changed, its dateModified moved) or was scheduled already: any change found resets it;
- a fetch that finds no change moves a due article (`next_check_at` passed) to its next step, and re-anchors one
  that is not due, so an article still in its feed waits its step from the last time it was seen;
- after the last step, or once the article has been quiet for `quiet`, it is no longer scheduled (NULL).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_STEPS = (1800.0, 7200.0, 21600.0, 86400.0, 259200.0)  # 30m, 2h, 6h, 24h, 3d
DEFAULT_QUIET = 7 * 86400.0
YOUNG = 2 * 86400.0  # an article published (or first found) less than this ago may still change


@dataclass(frozen=True)
class RevisitPolicy:
    """The configured steps (seconds; empty: no re-visits) and how long a quiet article is followed at most."""

    steps: tuple[float, ...] = DEFAULT_STEPS
    quiet: float = DEFAULT_QUIET


@dataclass(frozen=True)
class Schedule:
    """An article's place in the schedule: the step it waits (index into the steps) and until when; both None
    when it is not scheduled."""

    step: int | None = None
    next_check_at: datetime | None = None


NOT_SCHEDULED = Schedule()


def is_candidate(now: datetime, published_at: datetime | None, *, live: bool = False,
                 figures_changed: bool = False, modified_moved: bool = False) -> bool:
    """Whether a newly stored version makes an unscheduled article worth re-visiting: it is young (published,
    or else first found, less than YOUNG ago), live, its figures changed or its dateModified moved."""
    young = published_at is None or now - published_at < timedelta(seconds=YOUNG)
    return young or live or figures_changed or modified_moved


def after_change(policy: RevisitPolicy, current: Schedule, candidate: bool, now: datetime) -> Schedule:
    """The schedule after a fetch stored a new version: the first step, for a candidate or a scheduled article."""
    if not policy.steps or not (candidate or current.next_check_at is not None):
        return NOT_SCHEDULED
    return Schedule(0, now + timedelta(seconds=policy.steps[0]))


def after_check(policy: RevisitPolicy, current: Schedule, last_changed_at: datetime | None,
                now: datetime) -> Schedule:
    """The schedule after a fetch that found no change (or failed): the next step if the article was due, the
    same step from now if not; none after the last step or a quiet period."""
    if current.next_check_at is None or current.step is None:
        return NOT_SCHEDULED
    step = current.step + 1 if now >= current.next_check_at else current.step
    quiet = last_changed_at is not None and now - last_changed_at >= timedelta(seconds=policy.quiet)
    if step >= len(policy.steps) or quiet:
        return NOT_SCHEDULED
    return Schedule(step, now + timedelta(seconds=policy.steps[step]))
