"""Benchmark the event table on the event gold set: found, dates, figures, categories,
false places, the review queue and the reliability of ``confidence``.

Run: ``.venv/bin/python tests/benchmarks/bench_events.py [--eval-dir DIR] [--keep DIR]
[--details] [--dump]``

Writes the gold documents (``tests/data/events_gold``; the ones taken from the evaluation
corpora are read from ``--eval-dir`` at run time, default /work/shared/eval, and skipped with
a message when it is missing) to a temporary folder with an ``index.csv`` giving each its
date, runs ``sitmap events FOLDER --format jsonl`` on it in a new process, as a user would,
and prints what ``score_events.py`` prints (its docstring defines every figure): for all the
documents, then for the "report" half, where the reliability table of ``confidence`` (fitted
on the "fit" half by ``fit_review.py --write``; bins of at least 30 rows) and its expected
calibration error are the honest figures. ``--keep DIR`` keeps the articles and the events
file there.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from score_events import (
    DEFAULT_EVAL_DIR,
    dump,
    halves,
    load_gold,
    read_rows,
    report,
    score,
    write_articles,
)

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "events_gold"


def main() -> int:
    """Run the benchmark and print its figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    ap.add_argument("--gold-dir", type=Path, default=GOLD_DIR)
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="write the articles and events.jsonl to DIR and keep them")
    ap.add_argument("--details", action="store_true", help="print every miss and wrong row")
    ap.add_argument("--dump", action="store_true",
                    help="print the text of wrong-figure rows, look-alikes and missed events, "
                    "and every found event with a wrong category or date with the judged row")
    args = ap.parse_args()
    warn: list[str] = []
    docs = load_gold(args.gold_dir, args.eval_dir, warn=warn)
    for line in warn:
        print(line, file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="sitmap-events-gold-") as tmp:
        work = args.keep or Path(tmp)
        articles, events = work / "articles", work / "events.jsonl"
        write_articles(docs, articles)
        size = sum(len(d.text.encode("utf-8")) for d in docs)
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "sitmap", "events", str(articles), "--format", "jsonl",
             "-o", str(events)],
            capture_output=True, text=True, env=os.environ.copy(), check=False)
        wall = time.perf_counter() - t0
        if done.returncode != 0:
            print(f"sitmap events failed (exit {done.returncode}):\n{done.stderr}",
                  file=sys.stderr)
            return 1
        rows = read_rows(events, docs)
        s_all = score(docs, rows)
        dumped = dump(docs, rows) if args.dump else []
        which = halves(docs)
        half_docs = [d for d in docs if which[d.id] == "report"]
        s_half = score(half_docs, read_rows(events, half_docs))
    print(f"python {platform.python_version()}, {platform.machine()}; gold {args.gold_dir}")
    print(f"sitmap events on {len(docs)} documents ({size / 1e3:.1f} kB): {len(rows)} rows "
          f"in {wall:.2f} s wall clock (a new process: start-up and gazetteer open included)")
    if args.details:
        for line in s_all.misses:
            print(line)
    for line in dumped:
        print(line)
    for line in report(s_all):
        print(line)
    print()
    for line in report(s_half, label=" (report half)"):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
