"""Re-visits within a source's budget: once a source's feeds, sitemaps and listing pages of a run are read, its
articles due for a re-visit (oldest due first, handed over in the job) that no entry document listed this run are
requested too, at most a share of the article requests its entry documents led to; the rest stay due for the
next run. The schedule itself is storage's (`storage.revisit`): this decides only how many a run may ask for.
"""
from __future__ import annotations

REVISIT_FLOOR = 3  # re-visits a run may always make, even of a source whose feed led to few requests (or failed)


def revisit_budget(share: float, discovered: int) -> int:
    """How many re-visits a source's run may make when its entry documents led to `discovered` article requests."""
    return max(REVISIT_FLOOR, int(share * discovered))


class Revisits:
    """The due URLs of each source (`due`, oldest due first) and the share of extra requests each may make."""

    def __init__(self, due: dict[str, list[str]], share: float):
        self.due = due
        self.share = share

    def take(self, source: str, discovered: int, requested: set[str]) -> list[str]:
        """The URLs to re-visit for `source`, whose entry documents led to `discovered` article requests this run;
        those in `requested` (already asked for in this run) are left out. Once per source."""
        wanted = [url for url in self.due.pop(source, ()) if url not in requested]
        return wanted[:revisit_budget(self.share, discovered)]
