"""What each of tollwatch's replacements of trafilatura's internals saves, measured alone.

Run from the repository root: `.venv/bin/python bench/patches.py [--wcxb N] [--rounds R]`. Extracts a fixed set
of real pages (all Zyte pages and the first N WCXB dev pages in id order, as `bench/consent.py` reads them)
with `crawler.extraction.page.extract_page`, with every replacement in place ("all") and with each one
disabled in turn. Disabling one changes no product code: the bench sets the name `page.py` uses to a
stand-in (a `nullcontext` for the context managers; trafilatura's own `load_html` for `parse_html`).

The configurations alternate page by page, in an order rotated from page to page, so drift in the machine's
speed falls on all of them alike; each round sums the CPU time (`time.process_time`) of every configuration
over all pages. A replacement's saving is (time without it - time with all) / time without it: the share of
extraction CPU it saves. The table gives the median over the rounds and the smallest and largest.
A replacement is kept only if its median saving is at least THRESHOLD (docs/performance.md, "Replacements of
trafilatura's internals", has the measurements, including those of the two replacements removed for saving
less: `attribute_xpath` and `handover`).
"""
from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack, nullcontext
from pathlib import Path
from typing import Any

from trafilatura.utils import load_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extraction import page  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
THRESHOLD = 5.0  # % of extraction CPU a replacement of trafilatura's internals must save to be kept


def _no_context(*_args: Any, **_kwargs: Any) -> nullcontext:
    return nullcontext()


def _trafilatura_parse(text: str, utf8: bytes | None = None) -> Any:
    return load_html(text)


# replacement -> (name in crawler.extraction.page, stand-in that disables it); only those page.py still uses
DISABLED: dict[str, tuple[str, Callable[..., Any]]] = {
    "readability_gate": ("readability_gate", _no_context),
    "discard": ("python_discard_nodes", _no_context),
    "parse": ("parse_html", _trafilatura_parse),
}


def load_pages(wcxb: int) -> list[tuple[bytes, str | None]]:
    """(html, url) of all Zyte pages and the first `wcxb` WCXB dev pages, in id order."""
    truth = json.loads((CORPORA / "zyte" / "ground-truth.json").read_text())
    pages = [(gzip.decompress((CORPORA / "zyte" / "html" / f"{pid}.html.gz").read_bytes()), item["url"])
             for pid, item in sorted(truth.items())]
    for path in sorted((CORPORA / "wcxb-dev" / "html").glob("*.html.gz"))[:wcxb]:
        pid = path.name.split(".")[0]
        ground = json.loads((CORPORA / "wcxb-dev" / "ground-truth" / f"{pid}.json").read_text())
        pages.append((gzip.decompress(path.read_bytes()), ground.get("url")))
    return pages


def active() -> dict[str, tuple[str, Callable[..., Any]]]:
    return {name: spec for name, spec in DISABLED.items() if hasattr(page, spec[0])}


def timed(html: bytes, url: str | None, without: str | None) -> float:
    with ExitStack() as stack:
        if without is not None:
            attribute, stand_in = DISABLED[without]
            original = getattr(page, attribute)
            setattr(page, attribute, stand_in)
            stack.callback(setattr, page, attribute, original)
        start = time.process_time()
        page.extract_page(html, url)
        return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--wcxb", type=int, default=300, help="WCXB dev pages after the 181 Zyte pages")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    pages = load_pages(args.wcxb)
    configs: list[str | None] = [None, *active()]
    for html, url in pages[:20]:  # warm up: imports, compiled patterns, caches
        page.extract_page(html, url)
    savings: dict[str, list[float]] = {name: [] for name in configs if name is not None}
    totals: list[float] = []
    for round_number in range(args.rounds):
        spent = dict.fromkeys(configs, 0.0)
        for number, (html, url) in enumerate(pages):
            shift = (number + round_number) % len(configs)
            for config in configs[shift:] + configs[:shift]:
                spent[config] += timed(html, url, config)
        totals.append(spent[None])
        for name in savings:
            savings[name].append(100 * (spent[name] - spent[None]) / spent[name])
        print(f"round {round_number + 1}: all replacements {spent[None]:.2f} s CPU; "
              + ", ".join(f"{n} {s[-1]:+.1f}%" for n, s in savings.items()), file=sys.stderr, flush=True)
    print(f"{len(pages)} pages (181 Zyte + {len(pages) - 181} WCXB), {args.rounds} rounds; extraction CPU with "
          f"all replacements: median {statistics.median(totals):.2f} s per round")
    print(f"{'replacement':<18} {'median saving':>14} {'min':>7} {'max':>7}  decision (keep at >= {THRESHOLD:g}%)")
    for name, values in savings.items():
        median = statistics.median(values)
        print(f"{name:<18} {median:>13.1f}% {min(values):>6.1f}% {max(values):>6.1f}%  "
              f"{'keep' if median >= THRESHOLD else 'remove'}")


if __name__ == "__main__":
    main()
