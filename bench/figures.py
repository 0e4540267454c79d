"""Score crawler.extraction.figures.totals against the WAD dev set (killed/injured exact match, speed).

Run from the repo root: .venv/bin/python bench/figures.py [--errors killed|injured] [--half even|odd]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extraction.figures import find_figures, totals  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpora" / "wad-dev.jsonl"
ROUNDS = 5
PUBLISHED = "EACL 2023 (Zhong et al.), deaths exact match: T5 QA 0.813 | SRL 0.741 | dependency 0.226 | regex 0.117"


def score(rows: list[dict], preds: list[dict[str, int]]) -> dict[str, float]:
    """Exact match per category (null labels excluded, missing prediction = 0) and found-P/R."""
    out: dict[str, float] = {}
    for cat in ("killed", "injured"):
        gold = [(r[cat], p.get(cat, 0)) for r, p in zip(rows, preds) if r[cat] is not None]
        out[f"{cat}_em"] = sum(g == p for g, p in gold) / len(gold)
        out[f"{cat}_n"] = len(gold)
        tp = sum(g > 0 and p > 0 for g, p in gold)
        fp = sum(g == 0 and p > 0 for g, p in gold)
        fn = sum(g > 0 and p == 0 for g, p in gold)
        out[f"{cat}_p"] = tp / (tp + fp) if tp + fp else 1.0
        out[f"{cat}_r"] = tp / (tp + fn) if tp + fn else 1.0
    return out


def main() -> None:
    """Print scores for even rows, odd rows and all rows, and texts/second."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--errors", choices=["killed", "injured"], help="print mismatching rows")
    ap.add_argument("--half", choices=["even", "odd", "all"], default="even", help="rows for --errors")
    args = ap.parse_args()
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = [totals(find_figures(r["text"]), r["text"]) for r in rows]
    times = []
    for _ in range(ROUNDS):  # best round, as timeit does: other processes only ever add time
        t0 = time.perf_counter()
        for r in rows:
            totals(find_figures(r["text"]), r["text"])
        times.append(time.perf_counter() - t0)
    speed = len(rows) / min(times)
    print(f"wad-dev: {len(rows)} rows  ({CORPUS})")
    for name, idx in (("even", range(0, len(rows), 2)), ("odd", range(1, len(rows), 2)), ("total", range(len(rows)))):
        s = score([rows[i] for i in idx], [preds[i] for i in idx])
        print(f"{name:>5}: killed EM {s['killed_em']:.3f} (n={s['killed_n']}, found P {s['killed_p']:.3f} "
              f"R {s['killed_r']:.3f}) | injured EM {s['injured_em']:.3f} (n={s['injured_n']}, found P "
              f"{s['injured_p']:.3f} R {s['injured_r']:.3f})")
    print(f"speed: {speed:.0f} texts/second (single process, best of {ROUNDS} rounds)")
    print(f"published: {PUBLISHED}")
    if args.errors:
        start = {"even": 0, "odd": 1, "all": 0}[args.half]
        step = 1 if args.half == "all" else 2
        for i in range(start, len(rows), step):
            r, p = rows[i], preds[i]
            if r[args.errors] is not None and r[args.errors] != p.get(args.errors, 0):
                print(f"\n[{i}] gold {r[args.errors]} pred {p.get(args.errors, 0)} | {r['text'][:600]}")


if __name__ == "__main__":
    main()
