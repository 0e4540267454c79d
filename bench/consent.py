"""Consent-banner benchmark: bare trafilatura vs tollwatch extraction on the shared corpora.

Run from the repository root: `.venv/bin/python bench/consent.py [--limit N] [--show-leaks]`. Prints,
per row set, pages, mean word-level F1 against the ground truth, pages with a leaked consent paragraph
and pages/second, for `trafilatura.extract(html)` ("bare") and for tollwatch's
`extract_page(html, url).text` ("tollwatch": also metadata, language detection, figures, no comments),
plus "+consent": `trafilatura.extract` with bare's options, run on the tree after
`remove_consent_markup` and followed by `drop_consent_paragraphs`, which isolates the consent layers.
Last, how many of the real article pages (Zyte and WCXB articles) tollwatch classes as no article (a wall,
a challenge, no article text: `crawler.extraction.outcome`); it should be about none.
Then the text layer on notices it never saw, in two schemes: by source (each source's banner messages and
embed placeholders judged by a model built without that source, `crawler/extraction/consent_data/build.py`)
and by text (the held-out half of every source's texts, judged by a model built from the other half). Each
notice is placed at the start, middle and end of the article container of real article pages (the held-out
half of Zyte and WCXB articles) and of same-language news texts (the held-out half of articles-dev and
multilingual-dev): notices kept, per language. Last, the paragraphs of the held-out news that the text
layer drops (false positives).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import lxml.html
import trafilatura
from trafilatura.utils import load_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extraction.consent import remove_consent_markup  # noqa: E402
from crawler.extraction.consent_text import drop_consent_paragraphs  # noqa: E402

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


def articles_not_stored(rows: dict[str, list[dict]]) -> tuple[list[str], int]:
    """The real article pages (Zyte, WCXB articles) that tollwatch classes as something other than an article
    or the free part of one (crawler.extraction.outcome), as "id: outcome", and how many pages were looked at."""
    from crawler.extraction.page import examine_page

    pages = rows["zyte"] + rows["wcxb-articles"]
    verdicts = [(row["id"], examine_page(row["html"], row["url"]).verdict) for row in pages]
    return [f"{pid[:12]}: {verdict.outcome}" for pid, verdict in verdicts if not verdict.stored], len(pages)


NOTICE_LANGUAGES = ("en", "tr", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "ar")
POSITIONS = ("start", "middle", "end")
# the keys of a tool's banner message and blocked-embed placeholder in the corpus files
NOTICE_KEYS = re.compile(
    r"(?:consentNotice|consentModal|cookieBanner|consentManagerDialog|iab\.banner|banner|contextualConsent)\.description"
    r"|banner\.message|alertBigPrivacy|alertBigClick\+alertBig|disclaimer|mandatoryText|consent_modal_description"
    r"|settings_modal_before_consent_description|messageLocales|COOKIE_INFO_PARA|frame\.title|fallback\+allow"
    r"|To give you the best .*|You can not view this content .*"
    r"|bannerDescription|iframeBlocked|body|message|description|consent_modal\.description"
    r"|\w+\.(?:title|description)_text|CookiePolicyDescription")
Notice = tuple[str, str, str]  # source, language, text


def article_container(html: bytes, truth: str) -> tuple[lxml.html.HtmlElement, list] | None:
    """The page's tree and the paragraphs of its article container (the parent of most paragraphs that are
    in the ground truth), if it has three."""
    tree = lxml.html.fromstring(html)
    truth = " ".join(truth.split())
    found = [p for p in tree.iter("p") if len(text := " ".join(p.text_content().split())) >= 60 and text[:60] in truth]
    if not found:
        return None
    parent = Counter(p.getparent() for p in found).most_common(1)[0][0]
    paragraphs = [p for p in found if p.getparent() is parent]
    return (tree, paragraphs) if len(paragraphs) >= 3 else None


def with_notice(page: tuple[lxml.html.HtmlElement, list], notice: str, position: str) -> str:
    """The page with the notice as a paragraph at the start, middle or end of its article container."""
    tree, paragraphs = page
    element = lxml.html.fragment_fromstring("<p></p>")
    element.text = notice
    anchor = {"start": paragraphs[0], "middle": paragraphs[len(paragraphs) // 2], "end": paragraphs[-1]}[position]
    anchor.addnext(element) if position == "end" else anchor.addprevious(element)
    html = lxml.html.tostring(tree, encoding="unicode")
    element.getparent().remove(element)
    return html


def corpus_notices(split: str = "all") -> list[Notice]:
    """The banner messages and blocked-embed placeholders of the corpus in the languages above: all of them,
    or the held-out half of the text-level split less the texts its training half also has."""
    from crawler.extraction.consent_data import build

    seen = {(row["lang"], row["text"]) for _, row in build.corpus_rows(split="train")} if split == "held-out" else set()
    return [(source, row["lang"], row["text"]) for source, row in build.corpus_rows(split=split)
            if row["lang"] in NOTICE_LANGUAGES and NOTICE_KEYS.fullmatch(row["key"]) and len(row["text"].split()) >= 4
            and (row["lang"], row["text"]) not in seen]


def notice_leaks(notices: list[Notice], model_of: Callable[[str], Path], pages: list, news: dict[str, list[str]],
                 show: bool) -> dict[str, tuple[Counter, Counter]]:
    """Per setting ("pages", "texts"): notices kept and notices placed, per language. Each notice is judged by
    the model `model_of(its source)`, placed at the start, middle and end of a held-out article page's
    container and of three held-out news texts of its language."""
    from crawler.extraction import consent_text
    from crawler.extraction.page import extract_page

    kept = {"pages": Counter(), "texts": Counter()}
    placed = {"pages": Counter(), "texts": Counter()}
    default_model = consent_text.MODEL_FILE
    try:
        for n, (source, language, notice) in enumerate(notices):
            consent_text.MODEL_FILE = model_of(source)
            consent_text.model.cache_clear()
            needle = " ".join(notice.split())[:50]
            for k, position in enumerate(POSITIONS):
                i = len(POSITIONS) * n + k
                result = extract_page(with_notice(pages[i % len(pages)], notice, position))
                leak = {"pages": needle in " ".join((result.text if result else "").split())}
                if news.get(language):
                    paragraphs = [news[language][(i + j) % len(news[language])] for j in range(3)]
                    paragraphs.insert({"start": 0, "middle": 2, "end": 3}[position], notice)
                    text, _ = consent_text.drop_consent_paragraphs("\n".join(paragraphs), language)
                    leak["texts"] = needle in " ".join(text.split())
                for setting, kept_it in leak.items():
                    placed[setting][language] += 1
                    kept[setting][language] += kept_it
                    if show and kept_it:
                        print(f"  kept ({setting}, {position}): {language} {source}: {notice[:100]}")
    finally:
        consent_text.MODEL_FILE = default_model
        consent_text.model.cache_clear()
    return {setting: (kept[setting], placed[setting]) for setting in kept}


def held_out_notice_leaks(rows: dict[str, list[dict]], show: bool) -> dict[str, dict[str, tuple[Counter, Counter]]]:
    """The text layer on notices it never saw, per scheme: "source" (each source's notices judged by a model
    built without that source) and "text" (the held-out half of the text-level split, judged by a model built
    from the training half)."""
    import tempfile

    from crawler.extraction.consent_data import build

    pages = [page for row in rows["zyte"] + rows["wcxb-articles"] if build.held_out(row["id"])
             and (page := article_container(row["html"], row["truth"])) is not None]
    news: dict[str, list[str]] = {}
    for language, text in build.news_texts("held-out"):
        if language:
            news.setdefault(language, []).append(text)
    with tempfile.TemporaryDirectory() as tmp:
        models: dict[str, Path] = {}

        def without(source: str) -> Path:
            if source not in models:
                models[source] = Path(tmp) / f"without-{source}.tsv"
                build.build(exclude=[source], path=models[source])
            return models[source]

        split_model = Path(tmp) / "text-split.tsv"
        build.build(path=split_model, split="train")
        return {"source": notice_leaks(corpus_notices(), without, pages, news, show),
                "text": notice_leaks(corpus_notices("held-out"), lambda _: split_model, pages, news, show)}


def news_false_positives(show: bool) -> tuple[Counter, Counter]:
    """Paragraphs of the held-out news (the truth of Zyte and WCXB pages, articles-dev and multilingual-dev)
    that the text layer drops, and all their paragraphs, per language ("?" where the corpus names none)."""
    from crawler.extraction.consent_data import build

    dropped, paragraphs = Counter(), Counter()
    for language, text in build.news_texts("held-out"):
        _, removed = drop_consent_paragraphs(text, language)
        dropped[language or "?"] += len(removed)
        paragraphs[language or "?"] += sum(1 for line in text.split("\n") if line.strip())
        for item in removed if show else ():
            print(f"  dropped ({language or '?'}, {item.rule}): {item.text[:100]}")
    return dropped, paragraphs


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
    wrong, looked_at = articles_not_stored(rows)
    print(f"article pages classed as no article: {len(wrong)} of {looked_at}" + (f" ({'; '.join(wrong)})" if wrong else ""))
    for scheme, settings in held_out_notice_leaks(rows, args.show_leaks).items():
        for setting, (kept, placed) in settings.items():
            counts = " ".join(f"{language} {kept[language]}/{placed[language]}" for language in NOTICE_LANGUAGES
                              if placed[language])
            print(f"held-out notices kept (by {scheme}, {setting}): {sum(kept.values())} of {sum(placed.values())}: {counts}")
    dropped, paragraphs = news_false_positives(args.show_leaks)
    counts = " ".join(f"{language} {dropped[language]}" for language in sorted(dropped) if dropped[language])
    print(f"held-out news paragraphs dropped: {sum(dropped.values())} of {sum(paragraphs.values())}: {counts}")


if __name__ == "__main__":
    main()
