"""`tollwatch reprocess`: run the current extractor over stored HTML and record what changed."""
from __future__ import annotations

import sys
from typing import TextIO

from sqlalchemy import Engine

from crawler.extraction import extract_page
from crawler.settings import VERSION
from storage.history import Reextracted, ReprocessSummary, article_ids, reprocess_article


def reextract(html: str) -> Reextracted | None:
    """The current extractor's text and figures for stored HTML."""
    result = extract_page(html)
    if result is None:
        return None
    return Reextracted(result.text, [f.to_dict() for f in result.figures],
                       [t.to_dict() for t in result.totals.values()], result.outcome == "partial")


def reprocess(engine: Engine, progress: TextIO | None = sys.stderr) -> ReprocessSummary:
    """Re-extract every stored version, one transaction per article, showing progress on a terminal."""
    summary = ReprocessSummary()
    ids = article_ids(engine)
    show = progress is not None and progress.isatty()
    for done, article_id in enumerate(ids, 1):
        reprocess_article(engine, article_id, reextract, VERSION, summary)
        if show and (done % 20 == 0 or done == len(ids)):
            progress.write(f"\r\x1b[Kreprocessed {done}/{len(ids)} articles")
            progress.flush()
    if show and ids:
        progress.write("\n")
    return summary
