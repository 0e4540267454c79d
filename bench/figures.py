"""Score the casualty-figure parser: WAD reports, full articles with decoys, non-casualty text, speed.

Run from the repo root: .venv/bin/python bench/figures.py [--errors killed|injured] [--half even|odd|all]
                                                          [--articles-detail]
Articles are read as a user would: each one's title, a blank line and its text, through
`tollwatch extract --input-format text --format jsonl` in a subprocess.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extraction.figures import count_totals, find_figures, totals  # noqa: E402
from crawler.extraction.figures.people import PERPETRATORS  # noqa: E402
from crawler.extraction.figures.sources import normalise_source  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
WAD = CORPORA / "wad-dev.jsonl"
ARTICLES = CORPORA / "articles-dev.jsonl"
WCXB = CORPORA / "wcxb-dev" / "ground-truth"
MULTILINGUAL = CORPORA / "multilingual-dev.jsonl"
WRITTEN = ROOT / "bench" / "data" / "written-articles.jsonl"  # see bench/data/README.md
HELD_OUT = {"written-10", "written-13", "written-15", "written-17", "written-20"}  # batches never read for rules (bench/data/README.md)
# short reports and other-language texts written the same way; half of each batch never read (bench/data/README.md)
WRITTEN_REPORTS = ROOT / "bench" / "data" / "written-reports.jsonl"
WRITTEN_MULTILINGUAL = ROOT / "bench" / "data" / "written-multilingual.jsonl"
ROUNDS = 5
PUBLISHED = "EACL 2023 (Zhong et al.), deaths exact match: T5 QA 0.813 | SRL 0.741 | dependency 0.226 | regex 0.117"
VICTIMS = ("killed", "injured")


def read_jsonl(path: Path) -> list[dict]:
    """One object per non-empty line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def attackers_only(text: str, gold: int) -> bool:
    """Whether a killed total misses its label only by the attackers who died in it (tollwatch counts them, the
    dataset's coders mostly do not)."""
    found = find_figures(text)
    total = count_totals(found).get("killed")
    if total is None or total.value is None:
        return False
    attackers = sum(found[k].value for k in total.figures if (found[k].who or "") in PERPETRATORS)
    return bool(attackers) and total.value - attackers == gold


def wad_score(rows: list[dict], preds: list[dict[str, int]]) -> dict[str, float]:
    """Exact match per category (null labels excluded, missing prediction = 0) and found-P/R."""
    out: dict[str, float] = {}
    for cat in VICTIMS:
        gold = [(r[cat], p.get(cat, 0)) for r, p in zip(rows, preds) if r[cat] is not None]
        out[f"{cat}_em"] = sum(g == p for g, p in gold) / len(gold)
        out[f"{cat}_n"] = len(gold)
        tp = sum(g > 0 and p > 0 for g, p in gold)
        fp = sum(g == 0 and p > 0 for g, p in gold)
        fn = sum(g > 0 and p == 0 for g, p in gold)
        out[f"{cat}_p"] = tp / (tp + fp) if tp + fp else 1.0
        out[f"{cat}_r"] = tp / (tp + fn) if tp + fn else 1.0
    return out


def extract_articles(rows: list[dict]) -> list[dict]:
    """`tollwatch extract` of every article (title, blank line, text), in one subprocess."""
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for row in rows:
            path = Path(tmp) / f"{row['id']}.txt"
            path.write_text(f"{row['title']}\n\n{row['text']}\n", encoding="utf-8")
            paths.append(str(path))
        out = subprocess.run([str(ROOT / ".venv" / "bin" / "tollwatch"), "extract", "--input-format", "text",
                              "--format", "jsonl", *paths], capture_output=True, text=True, check=True)
    return [json.loads(line) for line in out.stdout.splitlines()]


_WORD = re.compile(r"[a-z0-9]+")
_STOP = {"the", "a", "an", "of", "s", "in", "and", "for", "said"}


def _words(source: str) -> set[str]:
    return set(_WORD.findall(normalise_source(source).lower())) - _STOP


def same_source(predicted: str | None, gold: str | None) -> bool:
    """Whether a predicted attribution names the labelled source: both normalised (the product's alias table);
    each "; "-separated part of one matches a part of the other, a part matching when one's words include the
    other's or they share at least two thirds of the shorter one's words."""
    if not gold or not predicted:
        return not gold and not predicted
    golds = [_words(g) for g in gold.split(";") if g.strip()]
    preds = [_words(p) for p in predicted.split(";") if p.strip()]

    def match(a: set[str], b: set[str]) -> bool:
        return bool(a and b) and (a <= b or b <= a or len(a & b) >= 2 / 3 * min(len(a), len(b)))

    return all(any(match(g, p) for p in preds) for g in golds) and all(any(match(p, g) for g in golds)
                                                                      for p in preds)


def article_result(row: dict, data: dict) -> dict:
    """Per article: exact match of each total, its attribution, and the decoys reported as victims."""
    out: dict = {"id": row["id"], "kind": row["kind"], "decoys": []}
    for cat in VICTIMS:
        total = data["totals"].get(cat)
        value = total["value"] if total else None
        gold = row[cat]
        # null gold: only vague amounts, so no exact total; 0: none reported
        out[f"{cat}_pred"] = value
        out[f"{cat}_ok"] = value is None if gold is None else (value or 0) == gold
        if gold:
            out[f"{cat}_attr_pred"] = total["attribution"] if total else None
            out[f"{cat}_attr_ok"] = same_source(out[f"{cat}_attr_pred"], row[f"{cat}_attribution"])
    # a single victim without a number ("a man was shot dead") has no number in the text to be a decoy: its
    # evidence span is its whole sentence
    victims = [f for f in data["figures"] if f["category"] in VICTIMS and f["end"] - f["start"] != len(f["sentence"])]
    for value, reason, kind in row["decoys"]:
        if kind == "partial":
            continue  # a legitimate figure of the story, only not its total
        for f in victims:
            if f["value"] == value and (kind == "not_casualty" or not f["background"]):
                out["decoys"].append(f"{value} ({reason}, {kind}) as {f['category']}: {f['sentence'][:90]}")
                break
    return out


def article_scores(results: list[dict]) -> str:
    """One line: exact matches, attributions right, decoys reported as victims."""
    em = {cat: sum(r[f"{cat}_ok"] for r in results) for cat in VICTIMS}
    attr = [r[f"{cat}_attr_ok"] for r in results for cat in VICTIMS if f"{cat}_attr_ok" in r]
    decoys = sum(len(r["decoys"]) for r in results)
    n = len(results)
    return (f"killed EM {em['killed'] / n:.3f} | injured EM {em['injured'] / n:.3f} | both {sum(r['killed_ok'] and r['injured_ok'] for r in results) / n:.3f}"
            f" | attribution right {sum(attr) / len(attr):.3f} ({sum(attr)}/{len(attr)}) | decoys as victims {decoys}")


def exact(total: dict | None, gold: int | None) -> bool:
    """A total matches its label: null labels (vague amounts only) want no exact total, 0 wants none or 0."""
    value = total.value if total else None
    return value is None if gold is None else (value or 0) == gold


def short_hits(rows: list[dict]) -> tuple[int, int]:
    """How many short texts, each read alone, have their killed and their injured total right."""
    hits = [(exact(got.get("killed"), r["killed"]), exact(got.get("injured"), r["injured"]))
            for r in rows for got in [count_totals(find_figures(r["text"]))]]
    return sum(k for k, _ in hits), sum(i for _, i in hits)


def short_scores(rows: list[dict]) -> str:
    """Exact match of the killed and injured totals of short texts."""
    killed, injured = short_hits(rows)
    return f"killed {killed / len(rows):.3f} injured {injured / len(rows):.3f} (n={len(rows)})"


def written_short(reports: list[dict], multilingual: list[dict]) -> None:
    """The written short reports and other-language texts, per batch: the half read for rules and the half held
    out (never read)."""
    batches = sorted({r["set"] for r in reports})
    print(f"written reports: {len(reports)} short WAD-style reports ({WRITTEN_REPORTS.relative_to(ROOT)}); per batch, "
          "the half read for rules and the half never read")
    for name in batches:
        print(f"  {name}: " + " | ".join(f"{half} {short_scores([r for r in reports if (r['set'], r['half']) == (name, half)])}"
                                       for half in ("read", "held out")))
    batches = sorted({r["set"] for r in multilingual})
    print(f"written multilingual: {len(multilingual)} short texts ({WRITTEN_MULTILINGUAL.relative_to(ROOT)}); per "
          "language and batch, killed/injured exact match of the half read for rules and the half never read")
    for lang in sorted({r["lang"] for r in multilingual}):
        cells = []
        for name in batches:
            for half in ("read", "held out"):
                part = [r for r in multilingual if (r["set"], r["half"], r["lang"]) == (name, half, lang)]
                if not part:
                    continue
                killed, injured = short_hits(part)
                cells.append(f"{name.rsplit('-', 1)[1]} {half} {killed}/{injured} of {len(part)}")
        print(f"  {lang}: " + " | ".join(cells))


def languages(rows: list[dict]) -> None:
    """Per language: exact match of killed and injured on all items (traps and non-casualty included), each half
    of the rows (even: developed on, odd: the check), figures in non-casualty items, and speed on one core."""
    print(f"multilingual dev: {len(rows)} short texts ({MULTILINGUAL}); rules written reading the even rows of each "
          "language, the odd rows are the check")
    for lang in sorted({r["lang"] for r in rows}):
        mine = [r for r in rows if r["lang"] == lang]
        results = []
        for r in mine:
            found = find_figures(r["text"])
            got = count_totals(found)
            results.append((exact(got.get("killed"), r["killed"]), exact(got.get("injured"), r["injured"]),
                            sum(f.category in VICTIMS and not f.background for f in found)
                            if r["kind"] == "noncasualty" else 0))
        halves = []
        for name, part in (("even", results[0::2]), ("odd", results[1::2]), ("all", results)):
            halves.append(f"{name} killed {sum(k for k, _, _ in part) / len(part):.3f} injured "
                          f"{sum(i for _, i, _ in part) / len(part):.3f}")
        times = []
        for _ in range(ROUNDS):  # best of ROUNDS rounds of ten passes, in CPU time: other processes add none
            t0 = time.process_time()
            for _ in range(10):
                for r in mine:
                    totals(find_figures(r["text"]))
            times.append(time.process_time() - t0)
        speed = 10 * len(mine) / min(times)
        print(f"  {lang}: " + " | ".join(halves) + f" | figures in non-casualty items {sum(n for _, _, n in results)}"
              f" | {speed:.0f} texts/second (CPU)")


def main() -> None:
    """Print WAD scores (even, odd, all), article scores (both halves), non-casualty figures and speed."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", choices=["killed", "injured"], help="print mismatching WAD rows")
    ap.add_argument("--half", choices=["even", "odd", "all"], default="even", help="rows for --errors")
    ap.add_argument("--articles-detail", action="store_true", help="print each article's result")
    args = ap.parse_args()

    rows = read_jsonl(WAD)
    preds = [totals(find_figures(r["text"])) for r in rows]
    print(f"WAD dev: {len(rows)} reports ({WAD}); rules are written against the even rows and the odd rows 1 mod 4;"
          " the odd rows 3 mod 4 are held out")
    # The odd rows with index 1 mod 4 were read for rules too, in the session of 2026-12-07: the rows 3 mod 4 are
    # the part still never read.
    for name, idx in (("even", range(0, len(rows), 2)), ("odd", range(1, len(rows), 2)),
                      ("odd 1", range(1, len(rows), 4)), ("odd 3", range(3, len(rows), 4)), ("total", range(len(rows)))):
        s = wad_score([rows[i] for i in idx], [preds[i] for i in idx])
        attackers = sum(attackers_only(rows[i]["text"], rows[i]["killed"]) for i in idx
                        if rows[i]["killed"] is not None and preds[i].get("killed", 0) != rows[i]["killed"])
        print(f"  {name:>5}: killed EM {s['killed_em']:.3f} (n={s['killed_n']}, found P {s['killed_p']:.3f} "
              f"R {s['killed_r']:.3f}; {attackers} misses only by attackers who died) | injured EM "
              f"{s['injured_em']:.3f} (n={s['injured_n']}, found P {s['injured_p']:.3f} R {s['injured_r']:.3f})")
    print(f"  published: {PUBLISHED}")

    articles = read_jsonl(ARTICLES)
    started = time.perf_counter()
    extracted = extract_articles(articles)
    took = time.perf_counter() - started
    results = [article_result(row, data) for row, data in zip(articles, extracted)]
    print(f"articles dev: {len(articles)} full articles ({ARTICLES}), read through `tollwatch extract`; rules were "
          "developed reading all of them, so both halves are development data (held-out articles judge)")
    for name, part in (("odd", results[0::2]), ("even", results[1::2]), ("all", results)):
        print(f"  {name:>5}: {article_scores(part)}")
    noncasualty = [(row, data) for row, data in zip(articles, extracted) if row["kind"] == "noncasualty"]
    found = [f for _, data in noncasualty for f in data["figures"] if not f["background"]]
    print(f"non-casualty text: {len(found)} figures (not background) in {len(noncasualty)} articles"
          + "".join(f"\n    {f['category']} {f['value']}: {f['sentence'][:100]}" for f in found))
    pages = [json.loads(p.read_text(encoding="utf-8"))["ground_truth"].get("main_content") or ""
             for p in sorted(WCXB.glob("*.json"))]
    on_pages = [f for text in pages for f in find_figures(text) if f.category in VICTIMS and not f.background]
    print(f"real pages (WCXB dev reference texts: blogs, shops, docs, news; few casualty stories): "
          f"{len(on_pages)} killed/injured figures in {len(pages)} pages"
          + "".join(f"\n    {f.category} {f.value}: {f.sentence[:100]}" for f in on_pages))
    for r in results:
        if args.articles_detail or r["decoys"] or not (r["killed_ok"] and r["injured_ok"]) or not all(
                r.get(f"{c}_attr_ok", True) for c in VICTIMS):
            row = next(a for a in articles if a["id"] == r["id"])
            print(f"    {r['id']} killed {r['killed_pred']} (gold {row['killed']}) injured {r['injured_pred']} "
                  f"(gold {row['injured']}) | attribution {r.get('killed_attr_pred')!r} / "
                  f"{r.get('injured_attr_pred')!r} (gold {row['killed_attribution']!r} / "
                  f"{row['injured_attribution']!r})" + "".join(f"\n      decoy {d}" for d in r["decoys"]))

    written = read_jsonl(WRITTEN)
    written_results = [article_result(row, data) for row, data in zip(written, extract_articles(written))]
    print(f"written articles: {len(written)} texts ({WRITTEN.relative_to(ROOT)}), each batch scored once before it "
          "was read for rules (figures in docs/performance.md); those marked held out were never read")
    for name in sorted({row["set"] for row in written}, key=lambda name: int(name.rsplit("-", 1)[1])):
        print(f"  {name}: " + article_scores([r for r, row in zip(written_results, written) if row["set"] == name])
              + (" (held out)" if name in HELD_OUT else ""))

    written_short(read_jsonl(WRITTEN_REPORTS), read_jsonl(WRITTEN_MULTILINGUAL))
    languages(read_jsonl(MULTILINGUAL))

    texts = [r["text"] for r in rows]
    article_texts = [f"{a['title']}\n\n{a['text']}" for a in articles]
    wad_times, article_times = [], []
    for _ in range(ROUNDS):  # best round in CPU time, as timeit takes the best: other processes only add time
        t0 = time.process_time()
        for text in texts:
            totals(find_figures(text))
        wad_times.append(time.process_time() - t0)
        t0 = time.process_time()
        for text in article_texts:
            totals(find_figures(text))
        article_times.append(time.process_time() - t0)
    print(f"speed (one core, CPU time, best of {ROUNDS}): {len(texts) / min(wad_times):.0f} WAD texts/second, "
          f"{len(article_texts) / min(article_times):.0f} articles/second; `tollwatch extract` of the "
          f"{len(articles)} articles took {took:.2f} s including start-up")

    if args.errors:
        start = {"even": 0, "odd": 1, "all": 0}[args.half]
        step = 1 if args.half == "all" else 2
        for i in range(start, len(rows), step):
            r, p = rows[i], preds[i]
            if r[args.errors] is not None and r[args.errors] != p.get(args.errors, 0):
                print(f"\n[{i}] gold {r[args.errors]} pred {p.get(args.errors, 0)} | {r['text'][:600]}")


if __name__ == "__main__":
    main()
