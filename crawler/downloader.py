"""Scrapy's downloader, with its per-site concurrency limit kept under the asyncio reactor.

Scrapy 2.19 starts each download as an asyncio task and counts it against its slot's limit
(CONCURRENT_REQUESTS_PER_DOMAIN) only once the task first runs. One pass over a slot's queue therefore
starts every queued request at once: up to CONCURRENT_REQUESTS on one site, opening a new connection for
each request beyond the pool's size. This counts a download the moment it is started.
"""
from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot
from twisted.internet.defer import Deferred


class SlotLimitedDownloader(Downloader):
    """A download counts against its slot as soon as it is scheduled, not when its task starts."""

    def _wait_for_download(self, slot: Slot, request: Request,  # type: ignore[override]
                           queue_dfd: Deferred[Any]) -> Coroutine[Any, Any, None]:
        # `_download` adds the request to the same set (idempotent) and removes it when it ends.
        slot.transferring.add(request)
        return super()._wait_for_download(slot, request, queue_dfd)
