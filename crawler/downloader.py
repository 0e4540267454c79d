"""Scrapy's downloader, with its per-site concurrency limit kept under the asyncio reactor.

Scrapy 2.19 starts each download as an asyncio task and counts it against its slot's limit
(CONCURRENT_REQUESTS_PER_DOMAIN) only once the task first runs. One pass over a slot's queue therefore
starts every queued request at once: up to CONCURRENT_REQUESTS on one site, opening a new connection for
each request beyond the pool's size. This counts a download the moment it is started. It is a fix, not a
speed-up, and a candidate for Scrapy itself (docs/architecture.md, "Couplings to Scrapy and Twisted").
"""
from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from twisted.internet.defer import Deferred

from crawler.extraction.scoped import fingerprint

# `scoped.fingerprint` of the Scrapy code the fix rests on: the queue pass that starts a task per request
# while `free_transfer_slots` is positive, the task, and `_download`, which adds the request to
# `slot.transferring` (so adding it earlier is idempotent) and removes it when the download ends.
ASSUMED = {
    "Downloader._process_queue": (Downloader._process_queue, "f65b731caf3a7400"),
    "Downloader._wait_for_download": (Downloader._wait_for_download, "058d00d81e91230f"),
    "Downloader._download": (Downloader._download, "f7065fa213de66f3"),
    "Slot.free_transfer_slots": (Slot.free_transfer_slots, "53c4643b479ec71d"),
}
# Whether Scrapy is still the one the fix was written against; if not, Scrapy's own downloader runs
# unchanged, and tests/test_crawl.py's per-site limit test fails until the fix is checked again.
MENDED = all(fingerprint(function) == recorded for function, recorded in ASSUMED.values())


class SlotLimitedDownloader(Downloader):
    """A download counts against its slot as soon as it is scheduled, not when its task starts."""

    if MENDED:
        def _wait_for_download(self, slot: Slot, request: Request,  # type: ignore[override]
                               queue_dfd: Deferred[Any]) -> Coroutine[Any, Any, None]:
            slot.transferring.add(request)
            return super()._wait_for_download(slot, request, queue_dfd)
