"""Benchmark the date finder on TempEval-3's news (TBAQ): span F1, value F1 and speed.

Run: ``.venv/bin/python tests/benchmarks/bench_tbaq.py [--eval-dir DIR] [--runs N]
[--errors FILE]``

Reads ``tbaq.jsonl`` and ``score_dates.py`` from ``--eval-dir`` (default /work/shared/eval)
at run time; neither is copied into the repository. Each document is run through
``sitmap.timeline.find_dates`` with its creation date (``dct``) as the article date, the
predictions are written to a temporary file and scored by ``score_dates.py`` (span F1 and
value F1 over the DATE/TIME expressions with a concrete day range; its docstring defines
every figure). Speed is the median of ``--runs`` passes on one core, in MB/s of text.
``--errors FILE`` keeps the scorer's per-expression records for error analysis.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitmap.timeline import find_dates


def main() -> int:
    """Print the scorer's figures and the speed; return the exit status (2: no data)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--errors", type=Path, default=None)
    args = ap.parse_args()
    gold_path, scorer = args.eval_dir / "tbaq.jsonl", args.eval_dir / "score_dates.py"
    if not gold_path.is_file() or not scorer.is_file():
        print(f"bench_tbaq: {gold_path} or {scorer} is missing", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    docs = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    inputs = [(d["text"], dt.date.fromisoformat(d["dct"])) for d in docs]

    seconds = []
    found: list[list[dict[str, object]]] = []
    for _ in range(max(1, args.runs)):
        t0 = time.process_time()
        results = [find_dates(text, reference=dct) for text, dct in inputs]
        seconds.append(time.process_time() - t0)
        found = [[{"start": e.start, "end": e.end,
                   "date_start": e.date_start and e.date_start.isoformat(),
                   "date_end": e.date_end and e.date_end.isoformat()} for e in exprs]
                 for exprs in results]

    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps({"id": d["id"], "dates": dates}) + "\n"
                                for d, dates in zip(docs, found, strict=True)),
                        encoding="utf-8")
        cmd = [sys.executable, str(scorer), str(gold_path), str(pred)]
        if args.errors is not None:
            cmd += ["--errors", str(args.errors)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    print(out.stdout, end="")
    if out.returncode:
        print(out.stderr, file=sys.stderr, end="")
        return out.returncode

    megabytes = sum(len(text.encode("utf-8")) for text, _ in inputs) / 1e6
    median = statistics.median(seconds)
    print(f"speed (CPU time, one core): {len(docs)} documents, {megabytes:.2f} MB, "
          f"{sum(map(len, found))} dates; median of {len(seconds)} runs {median:.3f} s = "
          f"{megabytes / median:.2f} MB/s")
    print(f"machine: {platform.processor() or platform.machine()}, "
          f"Python {platform.python_version()}; load average: "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
