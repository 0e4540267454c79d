"""Consent-banner benchmark: bare trafilatura vs tollwatch extraction on the shared corpora.

Run from the repository root: `.venv/bin/python bench/consent.py [--limit N] [--show-leaks]`. Prints,
per row set, pages, mean word-level F1 against the ground truth, pages with a leaked consent paragraph
and pages/second, for `trafilatura.extract(html)` ("bare") and for tollwatch's
`extract_page(html, url).text` ("tollwatch": also metadata, language detection, figures, no comments),
plus "+consent": `trafilatura.extract` with bare's options, run on the tree after
`remove_consent_markup` and followed by `drop_consent_paragraphs`, which isolates the consent layers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura
from trafilatura.utils import load_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extraction.consent import drop_consent_paragraphs, remove_consent_markup  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
TOKEN = re.compile(r"\w+")
# Fixed leak check, independent of the classifier: an output line naming cookies (or the IAB
# "we and our partners" formula) together with a site-to-visitor consent phrase, whose words are
# mostly (80%) not in the ground truth of that page. Lines over LEAK_MAX_WORDS words are article text.
LEAK_COOKIE = re.compile(r"cookie|çerez|ciasteczk|куки|кукі|ملفات تعريف الارتباط|we and our partners|your privacy", re.I)
LEAK_PHRASE = re.compile(
    r"we use|uses cookies|our cookies|(?:this|our) (?:web)?site|by (?:continuing|using|clicking|browsing)"
    r"|you (?:agree|consent|accept)|accept|consent|preferences|settings|privacy policy|store and/or access"
    r"|nous utilisons|vos préférences|wir verwenden|zustimm|utilizamos|utilizziamo|wij gebruiken|używamy"
    r"|используем|використовуємо|kullanılmaktadır|sitemiz|نستخدم",
    re.I,
)
LEAK_MAX_WORDS = 200


def word_f1(predicted: str, truth: str) -> float:
    """WCXB word-level F1: lowercase \\w+ tokens, multiset overlap."""
    pred, gold = Counter(TOKEN.findall(predicted.lower())), Counter(TOKEN.findall(truth.lower()))
    if not pred and not gold:
        return 1.0
    overlap = sum((pred & gold).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(pred.values()), overlap / sum(gold.values())
    return 2 * precision * recall / (precision + recall)


def leaked(text: str, truth: str, forbidden: list[str]) -> bool:
    """True when the output keeps a consent line that the reference text does not have."""
    if any(snippet.lower() in text.lower() for snippet in forbidden):
        return True
    truth_tokens = Counter(TOKEN.findall(truth.lower()))
    for line in text.split("\n"):
        norm = " ".join(line.lower().split())
        if norm and len(norm.split()) <= LEAK_MAX_WORDS and LEAK_COOKIE.search(norm) and LEAK_PHRASE.search(norm):
            tokens = Counter(TOKEN.findall(norm))
            if sum((tokens & truth_tokens).values()) < 0.8 * sum(tokens.values()):
                return True
    return False


def load_rows(limit: int | None) -> dict[str, list[dict]]:
    """Row sets: seed page, Zyte articles, WCXB dev articles, WCXB consent-leak pages."""
    seed_expected = json.loads((CORPORA / "seed" / "aa-ukraine-turkey.expected.json").read_text())
    rows = {"seed": [{"id": "aa-ukraine-turkey", "html": (CORPORA / "seed" / "aa-ukraine-turkey.html").read_bytes(), "url": None,
                      "truth": None, "forbidden": seed_expected["must_not_contain"]}]}
    zyte_truth = json.loads((CORPORA / "zyte" / "ground-truth.json").read_text())
    rows["zyte"] = [{"id": pid, "html": gzip.decompress((CORPORA / "zyte" / "html" / f"{pid}.html.gz").read_bytes()),
                     "url": item["url"], "truth": item["articleBody"], "forbidden": []}
                    for pid, item in sorted(zyte_truth.items())[:limit]]
    wcxb = CORPORA / "wcxb-dev"
    metadata = json.loads((wcxb / "metadata.json").read_text())
    leak_ids = json.loads((wcxb / "consent-leaks.json").read_text())

    def wcxb_row(pid: str) -> dict:
        truth = json.loads((wcxb / "ground-truth" / f"{pid}.json").read_text())
        forbidden = [s for s in truth["ground_truth"].get("without") or [] if LEAK_COOKIE.search(s)]
        return {"id": pid, "html": gzip.decompress((wcxb / "html" / f"{pid}.html.gz").read_bytes()), "url": truth.get("url"),
                "truth": truth["ground_truth"]["main_content"] or "", "forbidden": forbidden}

    articles = sorted(pid for pid, meta in metadata.items() if meta["page_type"] == "article"
                      and "main_content" in json.loads((wcxb / "ground-truth" / f"{pid}.json").read_text())["ground_truth"])
    rows["wcxb-articles"] = [wcxb_row(pid) for pid in articles[:limit]]
    rows["wcxb-consent-leaks"] = [wcxb_row(pid) for pid in leak_ids]
    return rows


def bare(row: dict) -> str:
    return trafilatura.extract(row["html"], url=row["url"]) or ""


def tollwatch(row: dict) -> str:
    from crawler.extraction.page import extract_page

    result = extract_page(row["html"], row["url"])
    return result.text if result else ""


def with_consent(row: dict) -> str:
    tree = load_html(row["html"])
    remove_consent_markup(tree)
    text = trafilatura.extract(tree, url=row["url"]) or ""
    return drop_consent_paragraphs(text, tree.get("lang"))[0]


METHODS = {"bare": bare, "tollwatch": tollwatch, "+consent": with_consent}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="pages per corpus row set")
    parser.add_argument("--show-leaks", action="store_true", help="print the ids of leaking pages")
    args = parser.parse_args()
    rows = load_rows(args.limit)
    tollwatch(rows["seed"][0])  # warms up lazy imports (language model) outside the timings
    print(f"{'row set':<20}{'method':<11}{'pages':>6}{'mean F1':>9}{'leaks':>7}{'pages/s':>9}")
    for name, items in rows.items():
        seconds, scores, leaks = Counter(), {m: [] for m in METHODS}, Counter()
        for item in items:  # methods interleaved page by page, so load changes hit all alike
            for method, run in METHODS.items():
                start = time.perf_counter()
                text = run(item)
                seconds[method] += time.perf_counter() - start
                if item["truth"] is not None:
                    scores[method].append(word_f1(text, item["truth"]))
                if leaked(text, item["truth"] or "", item["forbidden"]):
                    leaks[method] += 1
                    if args.show_leaks:
                        print(f"  leak: {name} {method} {item['id']}")
        for method in METHODS:
            f1 = f"{sum(scores[method]) / len(scores[method]):.4f}" if scores[method] else "-"
            rate = len(items) / seconds[method]
            print(f"{name:<20}{method:<11}{len(items):>6}{f1:>9}{leaks[method]:>7}{rate:>9.1f}")


if __name__ == "__main__":
    main()
