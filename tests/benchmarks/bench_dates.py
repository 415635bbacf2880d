"""Benchmark date finding: accuracy on the hand-annotated sets, and speed.

Run: ``.venv/bin/python tests/benchmarks/bench_dates.py [--eval-dir DIR] [--runs N]``

Accuracy: each expected expression must be found (overlapping span) with the exact day range
and precision (scoring shared with tests/test_timeline_accuracy.py). Speed: ``find_dates`` over
the LGL and TR-News texts read at run time from ``--eval-dir`` (default /work/shared/eval,
never copied into the repository; the seeds are used when it is missing), dated 2010-06-15,
on one core; prints the median of ``--runs`` passes in dates/s, documents/s and MB/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(TESTS))

from test_timeline_accuracy import ANNOTATED, HELDOUT, load_annotations, score  # noqa: E402

from sitmap.timeline import find_dates  # noqa: E402

REFERENCE = dt.date(2010, 6, 15)


def _texts(eval_dir: Path) -> tuple[str, list[str]]:
    files = [eval_dir / "lgl.jsonl", eval_dir / "trnews.jsonl"]
    if all(f.is_file() for f in files):
        texts = [json.loads(line)["text"] for f in files
                 for line in f.read_text(encoding="utf-8").split("\n") if line.strip()]
        return "LGL + TR-News", texts
    seeds = sorted((TESTS.parent / "seeds").glob("*.txt"))
    return "seeds (eval dir missing)", [p.read_text(encoding="utf-8") for p in seeds]


def main() -> int:
    """Print accuracy and speed figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    for name, path in (("tuned-on set", ANNOTATED), ("held-out set", HELDOUT)):
        result = score(load_annotations(path))
        print(f"{name} ({path.name}): {result.correct}/{result.expected} expressions right "
              f"= {result.accuracy:.1%}; {result.false_positives} spurious of "
              f"{result.predicted} found")
        for miss in result.misses:
            print(f"  miss: {miss}")

    corpus, texts = _texts(args.eval_dir)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    seconds, cpu_seconds = [], []
    found = 0
    for _ in range(args.runs):
        t0, c0 = time.perf_counter(), time.process_time()
        found = sum(len(find_dates(t, reference=REFERENCE)) for t in texts)
        seconds.append(time.perf_counter() - t0)
        cpu_seconds.append(time.process_time() - c0)
    # On a shared machine the wall clock includes waiting for the core; CPU time does not.
    for label, median in (("wall clock", statistics.median(seconds)),
                          ("CPU time", statistics.median(cpu_seconds))):
        print(f"speed on {corpus} by {label}: {len(texts)} documents, {megabytes:.2f} MB, "
              f"{found} dates; median of {args.runs} runs {median:.3f} s = "
              f"{found / median:,.0f} dates/s, {len(texts) / median:,.0f} documents/s, "
              f"{megabytes / median:.2f} MB/s")
    print(f"machine: {platform.processor() or platform.machine()}, one core pinned, "
          f"Python {platform.python_version()}; load average (1, 5, 15 min): "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
