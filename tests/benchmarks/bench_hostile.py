"""Benchmark hostile inputs: peak memory and time of one pathological article, and of batches.

Run: ``.venv/bin/python tests/benchmarks/bench_hostile.py [--eval-dir DIR] [--names N]
[--batches 200,2000]``

1. The issue's article: ``--names`` (default 100,000) comma-separated place names on one
   line (about 0.7 MB). ``sitmap geoparse`` and ``sitmap events`` on it, each in a child
   process; prints the child's peak RSS (``getrusage(RUSAGE_CHILDREN).ru_maxrss``, measured
   in a fresh intermediate process so each figure is its own) and CPU and wall time. The
   same for a one-line file (the gazetteer's share of the peak).
2. Batches: ``sitmap events`` on folders of 200 and 2,000 articles (the LGL texts, read at
   run time from ``--eval-dir``, default /work/shared/eval, repeated as needed), to show
   that a batch's peak grows with the event table only, not with every article held.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMES = ("Kyiv", "Paris", "Rome", "Minsk", "Oslo", "Riga", "Lviv", "Kharkiv", "Berlin",
         "Madrid", "Vienna", "Prague", "Warsaw", "Odesa", "Tbilisi", "Baku")


def _measure(command: list[str]) -> None:
    """(Intermediate process) run ``command``, print its peak RSS and times as JSON."""
    wall = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({
        "status": done.returncode,
        "peak_mb": usage.ru_maxrss / 1024,  # kB on Linux
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "wall_s": time.perf_counter() - wall,
        "stderr": done.stderr.strip().splitlines()[-3:],
    }))


def measure(*args: str) -> dict[str, object]:
    """Peak RSS and times of one ``sitmap`` command, run in its own child."""
    command = [sys.executable, "-m", "sitmap", *args]
    out = subprocess.run([sys.executable, __file__, "--measure", *command],
                         capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def show(label: str, result: dict[str, object]) -> None:
    print(f"{label:<44} peak RSS {result['peak_mb']:7.0f} MB   CPU {result['cpu_s']:6.1f} s   "
          f"wall {result['wall_s']:6.1f} s   exit {result['status']}")
    for line in result["stderr"]:  # type: ignore[attr-defined]
        print(f"{'':<44} {line[:100]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    parser.add_argument("--names", type=int, default=100_000)
    parser.add_argument("--batches", default="200,2000")
    parser.add_argument("--measure", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    if args.measure:
        _measure(args.measure)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tiny = folder / "tiny.txt"
        tiny.write_text("Protesters gathered in Kharkiv.\n", encoding="utf-8")
        big = folder / "names.txt"
        big.write_text(", ".join(NAMES[i % len(NAMES)] for i in range(args.names)) + ".\n",
                       encoding="utf-8")
        size = big.stat().st_size / 1e3
        date = ("--article-date", "2022-03-03")
        print(f"{args.names:,} comma-separated place names, {size:.0f} kB")
        show("sitmap geoparse, one-line file (baseline)",
             measure("geoparse", str(tiny), "-o", os.devnull))
        show(f"sitmap geoparse, {args.names:,} names", measure("geoparse", str(big), "-o",
                                                               os.devnull))
        show(f"sitmap events, {args.names:,} names",
             measure("events", str(big), "-o", str(folder / "big.csv"), *date))

        texts = [json.loads(line)["text"]
                 for line in (args.eval_dir / "lgl.jsonl").open(encoding="utf-8")]
        print(f"\nbatches of LGL articles ({len(texts)} texts, repeated as needed)")
        for count in (int(n) for n in args.batches.split(",")):
            batch = folder / f"batch{count}"
            batch.mkdir()
            for i in range(count):
                (batch / f"{i:05}.txt").write_text(texts[i % len(texts)], encoding="utf-8")
            out = folder / f"batch{count}.csv"
            result = measure("events", str(batch), "-o", str(out), "--article-date",
                             "2010-06-15")
            rows = sum(1 for _ in out.open(encoding="utf-8")) - 1 if out.exists() else 0
            show(f"sitmap events, {count:,} articles ({rows:,} rows)", result)


if __name__ == "__main__":
    main()
