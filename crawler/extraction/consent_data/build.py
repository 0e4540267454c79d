"""Build model.tsv, the consent text layer's vocabulary, from the corpus beside this file.

Run from the repository root after changing the corpus: `.venv/bin/python crawler/extraction/consent_data/build.py`
(`--check` also prints how many cross-fitted corpus texts and news paragraphs pass the thresholds).
A word's weight for a class (consent notices with embed placeholders; newsletter prompts) is its log-odds
against ordinary text: log((p_class + EPSILON) / (p_ordinary + EPSILON)), clipped to [LOWEST, HIGHEST];
a word the class's texts never use weighs as an unknown word (the `unknown` parameter: a notice's
vocabulary is small, so a word outside it is evidence against a notice) plus log(EPSILON / (p_ordinary +
EPSILON)).
p_class is the word's frequency among the class's texts of its home language; p_ordinary the highest
of its frequency in the news of any language (the training half of ../shared/corpora) and, for the most
frequent words of each language (jusText's stoplists, ranked by frequency in Wikipedia), Zipf's
estimate ZIPF / rank. Words also count for their parts (`consent_text.parts`: prefixes and ending), which
stand in for an unknown word of the same stem. A word frequent in a few languages only (among their most frequent words,
or in their consent texts or news) names them, for telling a notice in another language than the
article's.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from crawler.extraction.consent_text import PART_MARK, Signals, parts, words  # noqa: E402

CORPUS = HERE / "corpus"
MODEL = HERE / "model.tsv"
SHARED = ROOT.parent / "shared" / "corpora"
EPSILON = 1e-5
MU = 500
LOWEST, HIGHEST = -2.0, 7.0
ZIPF = 0.06
STOPLIST_WORDS = 1000
LANGUAGE_WORDS = 200
# words weighted like an unknown word (within this margin of it) are left out of the model
SAME_AS_UNKNOWN = 0.5
# a word this frequent in a language's consent texts or news (share of its words) is a word of that language
LANGUAGE_SHARE = 0.003
# a word frequent in more languages than this names none
MAX_LANGUAGES = 3
PARAMETERS = {
    "unknown": -1.0,        # weight of a word the model does not know
    "hit": 2.0,             # a word weighing this much is a hit: typical of the class, rare in ordinary text
    "topical": 5.0,         # two words weighing this much make an article paragraph about cookies or consent
    "join_mean": 0.5,       # a short line at least this dense goes with a neighbouring notice
    # a notice (at the start or end of the text, or in another language) and an unmistakable one (anywhere:
    # strong, dense for a short one, or long); consent's chosen with `--check` on cross-fitted texts: the most
    # texts found for an unmistakable notice while no news paragraph passes, and for a notice while at most 40
    # (of about 27,000) pass; newsletter's unmistakable ones while at most 2 pass (only 48 texts to learn from).
    # consent's plain level (unmistakable in a paragraph without digits) came later, chosen the same way for the
    # most texts found while at most 2 news paragraphs pass (the room left under bench/consent.py's 5 dropped
    # held-out news paragraphs); newsletter's is its strong level (too few texts to choose one)
    "consent_notice_mean": 0.7, "consent_notice_sum": 6.0, "consent_notice_hits": 2,
    "consent_strong_mean": 1.0, "consent_strong_sum": 6.0, "consent_strong_hits": 5,
    "consent_dense_mean": 2.0, "consent_dense_sum": 8.0, "consent_dense_hits": 2,
    "consent_long_mean": 0.5, "consent_long_sum": 30.0, "consent_long_hits": 6,
    "consent_plain_mean": 1.1, "consent_plain_sum": 7.0, "consent_plain_hits": 3,
    # a notice inside a long line (consent_text.notice_sentences): its run of sentences must be this dense; chosen
    # with the cross-fitted scores for no run of news sentences in lines over 100 words passing, the most
    # unmistakable consent texts passing
    "consent_inline_mean": 1.5, "consent_inline_sum": 6.0, "consent_inline_hits": 3,
    # below the notice level, a paragraph is a notice when the article around it uses none of its hits (no digits;
    # consent_text.drop_consent_paragraphs); chosen with the cross-fitted scores of corpus texts inserted in
    # training news and the news's own paragraphs, for the most texts found while no news paragraph passes
    "consent_unechoed_mean": 0.6, "consent_unechoed_sum": 6.0, "consent_unechoed_hits": 2,
    "newsletter_notice_mean": 0.5, "newsletter_notice_sum": 4.0, "newsletter_notice_hits": 1,
    "newsletter_strong_mean": 1.0, "newsletter_strong_sum": 10.0, "newsletter_strong_hits": 4,
    "newsletter_dense_mean": 1.5, "newsletter_dense_sum": 8.0, "newsletter_dense_hits": 2,
    "newsletter_long_mean": 0.5, "newsletter_long_sum": 30.0, "newsletter_long_hits": 6,
    "newsletter_plain_mean": 1.0, "newsletter_plain_sum": 10.0, "newsletter_plain_hits": 4,
}
# `--check` scores the class texts of at least this many words (shorter lines join a neighbouring notice)
CHECK_MIN_WORDS = 4
KINDS = {"consent": 0, "embed": 0, "newsletter": 1}
# jusText's stoplist of each language of the corpus
STOPLISTS = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque",
    "fi": "Finnish", "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi",
    "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic", "it": "Italian",
    "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian", "mt": "Maltese", "nb": "Norwegian_Bokmal",
    "nl": "Dutch", "nn": "Norwegian_Nynorsk", "oc": "Occitan", "pl": "Polish", "pt": "Portuguese",
    "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian",
    "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese",
}


def held_out(identifier: str) -> bool:
    """The shared corpora's held-out half: pages and texts whose id has an odd CRC-32."""
    return zlib.crc32(identifier.encode()) % 2 == 1


def text_held_out(source: str, key: str) -> bool:
    """The corpus's held-out half for `bench/consent.py`: texts whose source and key have an odd CRC-32
    (a text's translations go with it)."""
    return held_out(f"{source}/{key}")


def corpus_rows(exclude: Iterable[str] = (), split: str = "all") -> Iterator[tuple[str, dict]]:
    """(source, record) of the corpus files, leaving out the named sources; all texts, or the training or
    held-out half (`text_held_out`)."""
    for path in sorted(CORPUS.glob("*.jsonl")):
        if path.stem in set(exclude):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if split == "all" or text_held_out(path.stem, row["key"]) == (split == "held-out"):
                yield path.stem, row


def news_texts(split: str = "train") -> Iterator[tuple[str | None, str]]:
    """(language or None, text) of the news in ../shared/corpora, training or held-out half."""
    want = split == "held-out"
    zyte = json.loads((SHARED / "zyte" / "ground-truth.json").read_text())
    for pid, item in sorted(zyte.items()):
        if held_out(pid) == want:
            yield None, item["articleBody"]
    for path in sorted((SHARED / "wcxb-dev" / "ground-truth").glob("*.json")):
        if held_out(path.stem) == want:
            yield None, json.loads(path.read_text())["ground_truth"].get("main_content") or ""
    for name in ("articles-dev.jsonl", "multilingual-dev.jsonl"):
        for line in (SHARED / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if held_out(row["id"]) == want:
                yield row["lang"], row["text"]


def keys(tokens: list[str]) -> Iterator[str]:
    """The model keys a text's words count for: each word, and the parts that stand in for it when unknown."""
    for token in tokens:
        yield token
        yield from parts(token)


def counts(texts: Iterable[tuple[str, str]]) -> tuple[dict[str, Counter], Counter]:
    """Per language: how often each key occurs, and how many words there are."""
    keyed: dict[str, Counter] = {}
    totals: Counter = Counter()
    for language, text in texts:
        tokens = words(text)
        keyed.setdefault(language, Counter()).update(keys(tokens))
        totals[language] += len(tokens)
    return keyed, totals


def stoplist(language: str) -> list[str]:
    """jusText's most frequent words of a language, lowercased, most frequent first."""
    import justext

    path = Path(justext.__file__).parent / "stoplists" / f"{STOPLISTS[language]}.txt"
    ranked: dict[str, None] = {}
    for word in path.read_text(encoding="utf-8").split():
        for token in words(word):
            ranked.setdefault(token)
    return list(ranked)


def ordinary_shares(news: list[tuple[str, str]], languages: Iterable[str]) -> dict[str, dict[str, float]]:
    """Per language: each key's share of ordinary text, the higher of its share of the news and Zipf's
    estimate from its rank among the language's most frequent words."""
    keyed, totals = counts(news)
    shares = {language: {key: n / totals[language] for key, n in counter.items()} for language, counter in keyed.items()}
    for language in languages:
        table = shares.setdefault(language, {})
        zipf: Counter = Counter()
        for rank, token in enumerate(stoplist(language)[:STOPLIST_WORDS], start=1):
            for key in keys([token]):
                zipf[key] += ZIPF / rank
        for key, share in zipf.items():
            table[key] = max(table.get(key, 0.0), share)
    return shares


def weight(key: str, keyed: dict[str, Counter], totals: Counter, ordinary: dict[str, dict[str, float]],
           anywhere: dict[str, float]) -> float:
    """A key's weight for a class: its log-odds against ordinary text, its share of the class's texts in its
    home language (among the class's languages, the one where the key is most frequent in consent and
    ordinary text together) against its highest share of ordinary text in any language (`anywhere`: a
    common word of one language is no sign of a notice in a language with few texts), the class's share
    smoothed towards the ordinary share by MU words, so that the absence of a common word from a language's
    few consent texts says little. A key the class's texts never use weighs as an unknown word too."""
    home, best = None, 0.0
    for language, counter in keyed.items():
        share = counter[key] / totals[language] + ordinary.get(language, {}).get(key, 0.0)
        if share > best:
            home, best = language, share
    used = any(counter[key] for counter in keyed.values())
    if home is None:
        return PARAMETERS["unknown"]
    p_ordinary = anywhere.get(key, 0.0)
    p_class = (keyed[home][key] + MU * p_ordinary) / (totals[home] + MU)
    odds = math.log(p_class + EPSILON) - math.log(p_ordinary + EPSILON)
    return min(HIGHEST, max(LOWEST, odds + (0.0 if used else PARAMETERS["unknown"])))


@cache
def training_news() -> list[tuple[str, str]]:
    """(language, text) of the news's training half; a text without a language gets the one py3langid
    finds, as tollwatch detects it."""
    from crawler.extraction.language import detect_language

    return [(language or detect_language(text) or "en", text) for language, text in news_texts("train")]


def vocabulary(corpus: list[dict], news: list[tuple[str, str]]) -> list[str]:
    """The model's rows `key<TAB>consent<TAB>newsletter<TAB>languages`, learned from corpus records and news."""
    by_class: dict[int, list[tuple[str, str]]] = {0: [], 1: []}
    for row in corpus:
        by_class[KINDS[row["kind"]]].append((row["lang"], row["text"]))
    languages = sorted({language for texts in by_class.values() for language, _ in texts} & set(STOPLISTS))
    ordinary = ordinary_shares(news, languages)
    classes = [counts(by_class[kind]) for kind in (0, 1)]
    named: dict[str, set[str]] = {}
    for language in languages:
        for token in stoplist(language)[:LANGUAGE_WORDS]:
            named.setdefault(token, set()).add(language)
    for keyed, totals in (classes[0], counts(news)):
        for language, counter in keyed.items():
            for key, n in counter.items():
                if n >= LANGUAGE_SHARE * totals[language] and PART_MARK not in key:
                    named.setdefault(key, set()).add(language)
    rows = []
    used = {key for keyed, _ in classes for counter in keyed.values() for key in counter}
    anywhere: dict[str, float] = {}
    for table in ordinary.values():
        for key, share in table.items():
            anywhere[key] = max(anywhere.get(key, 0.0), share)
    for key in sorted(used | set(anywhere)):
        weights = [weight(key, keyed, totals, ordinary, anywhere) for keyed, totals in classes]
        language = ",".join(sorted(named.get(key, ()))) if len(named.get(key, ())) <= MAX_LANGUAGES else ""
        if key in used or min(weights) < PARAMETERS["unknown"] - SAME_AS_UNKNOWN or language:
            rows.append(f"{key}\t{weights[0]:.2f}\t{weights[1]:.2f}\t{language}")
    return rows


def write(path: Path, rows: list[str]) -> None:
    """Write a model: the parameters as `#name value` lines, then the rows."""
    header = [f"#{name} {value}" for name, value in PARAMETERS.items()]
    path.write_text("\n".join(header + rows) + "\n", encoding="utf-8")


def fold(identifier: str) -> int:
    """Which of two folds a corpus text (by source and key, with its translations) or a news text is in."""
    return zlib.crc32(f"fold/{identifier}".encode()) % 2


def cross_fitted(corpus: list[tuple[str, dict]], news: list[tuple[str, str]]) -> list[tuple[str, int | None, Signals]]:
    """(text, class or None for a news paragraph, signals) of the corpus's texts of at least CHECK_MIN_WORDS
    words and the news's paragraphs, each fold's scored by a vocabulary learned from the other fold, so that
    they look as unseen texts will: what the thresholds are chosen on."""
    from crawler.extraction.consent_text import read_model, signals

    scored = []
    for held in (0, 1):
        train = [row for source, row in corpus if fold(f"{source}/{row['key']}") != held]
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "fold.tsv"
            write(path, vocabulary(train, [item for item in news if fold(item[1]) != held]))
            table = read_model(path)
        texts = [(row["text"], KINDS[row["kind"]]) for source, row in corpus
                 if fold(f"{source}/{row['key']}") == held and len(words(row["text"])) >= CHECK_MIN_WORDS]
        texts += [(line, None) for _, text in news if fold(text) == held for line in text.split("\n")]
        scored += [(text, kind, found) for text, kind in texts if (found := signals(text, table)) is not None]
    return scored


def check() -> None:
    """Print, per class and threshold set, the share of its cross-fitted texts and the news paragraphs that pass."""
    from crawler.extraction.consent_text import read_model

    table = read_model(MODEL)
    scored = cross_fitted(list(corpus_rows()), training_news())
    for kind, name in enumerate(("consent", "newsletter")):
        texts = [found for _, label, found in scored if label == kind]
        news = [(text, found) for text, label, found in scored if label is None]
        for strong in (False, True):
            passing = [text for text, found in news if found.reads_as(kind, table, strong)]
            recall = sum(found.reads_as(kind, table, strong) for found in texts) / len(texts)
            print(f"{name} {'unmistakable' if strong else 'notice'}: {recall:.1%} of {len(texts)} texts, "
                  f"{len(passing)} of {len(news)} news paragraphs" + "".join(f"\n  {text[:100]}" for text in passing[:5]))


def build(exclude: Iterable[str] = (), path: Path = MODEL, split: str = "all") -> None:
    """Write the model, learned from the corpus (without the excluded sources; all texts or the training
    half) and the news's training half."""
    write(path, vocabulary([row for _, row in corpus_rows(exclude, split)], training_news()))


if __name__ == "__main__":
    build()
    print(f"{MODEL.relative_to(ROOT)}: {sum(1 for _ in MODEL.open(encoding='utf-8'))} lines")
    if "--check" in sys.argv:
        check()
