"""The progress line counts the pages waiting for extraction, not only those stored and those in flight."""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

from scrapy.utils.test import get_crawler

from crawler.items import PageItem
from crawler.pipelines import ExtractionPipeline
from crawler.progress import progress_line
from crawler.worker import extract_in_worker
from crawler.stats import EXTRACTING

PAGE = b"<html><body><p>" + b"Forty people were killed in the strike, officials said. " * 20 + b"</p></body></html>"


def test_pages_waiting_for_extraction_are_counted_until_extracted() -> None:
    stats = get_crawler().stats
    stats.open_spider()
    stats.set_value("tollwatch/new", 2)
    pipeline = ExtractionPipeline(workers=1, stats=stats)
    worker = ThreadPoolExecutor(1)  # the pool's one worker, kept busy until `gate` opens
    pipeline.pool = SimpleNamespace(submit=lambda *page: worker.submit(extract_in_worker, *page))
    gate = threading.Event()
    worker.submit(gate.wait, 60)

    async def crawl() -> tuple[str, list[object]]:
        tasks = [asyncio.ensure_future(pipeline.process_item(
            PageItem("wire", f"https://wire.example/{n}", PAGE, "text/html"))) for n in range(3)]
        await asyncio.sleep(0)  # each task runs up to its wait for the pool
        waiting = progress_line(stats, 1, 2, {"wire": 4, "other": 0})
        gate.set()
        return waiting, list(await asyncio.gather(*tasks))

    try:
        waiting, items = asyncio.run(crawl())
    finally:
        worker.shutdown()
    assert waiting == "sources 1/2 · pages 2 stored, 3 extracting, 4 in flight · new 2 · changed 0 · errors 0"
    assert all(isinstance(item, PageItem) and item.article for item in items)
    assert stats.get_value(EXTRACTING) == 0
    assert progress_line(stats, 2, 2, {"wire": 0}) == ("sources 2/2 · pages 2 stored, 0 extracting, 0 in flight · "
                                                       "new 2 · changed 0 · errors 0")
