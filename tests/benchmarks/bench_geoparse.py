"""Benchmark the geoparser: quality on LGL and TR-News, speed, build/open time, memory.

Run: ``.venv/bin/python tests/benchmarks/bench_geoparse.py [--eval-dir DIR] [--runs N]``

Reads the evaluation corpora at run time from ``--eval-dir`` (default /work/shared/eval; they
are never copied into the repository), writes predictions to a temporary file, runs the
corpus's own ``score.py`` on them and prints its report and SCORE line. Speed is measured in one
thread of this process: the median of ``--runs`` passes over both corpora, by CPU time (stable on
a busy machine) and by wall clock.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitmap.geocode import open_gazetteer
from sitmap.geoparse import Geoparser

CORPORA = ("trnews", "lgl")


def _prediction(doc_id: str, toponyms: list) -> str:
    return json.dumps(
        {
            "id": doc_id,
            "toponyms": [
                {"start": t.start, "end": t.end, "lat": t.place.lat, "lon": t.place.lon}
                for t in toponyms
            ],
        }
    )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    """Run the benchmark and print its figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if not (args.eval_dir / "score.py").is_file():
        print(f"{args.eval_dir}: no score.py here; pass --eval-dir", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        open_gazetteer(cache_dir=Path(cache)).close()
        build_gazetteer_s = time.perf_counter() - t0
    open_gazetteer().close()  # make sure the default one is built before timing its opening
    t0 = time.perf_counter()
    gazetteer = open_gazetteer()
    open_s = time.perf_counter() - t0
    set_up: dict[str, float] = {}
    parsers: dict[str, Geoparser] = {}
    for scanner in ("lookup", "automaton"):
        t0 = time.perf_counter()
        parsers[scanner] = Geoparser(gazetteer, scanner=scanner)
        parsers[scanner].parse("warm up")
        set_up[scanner] = time.perf_counter() - t0
    parser = Geoparser(gazetteer)  # the default ("auto"), as users get it

    docs = {
        name: [json.loads(line) for line in (args.eval_dir / f"{name}.jsonl").open()]
        for name in CORPORA
    }
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}")
    print(f"gazetteer first build: {build_gazetteer_s:.1f} s; open: {open_s * 1000:.0f} ms; "
          f"recogniser set-up: {set_up['lookup']:.2f} s by lookup, "
          f"{set_up['automaton']:.2f} s with the automaton")
    with tempfile.TemporaryDirectory() as tmp:
        for name, corpus in docs.items():
            pred = Path(tmp) / f"{name}.pred.jsonl"
            with pred.open("w", encoding="utf-8") as out:
                for doc in corpus:
                    out.write(_prediction(doc["id"], parser.parse(doc["text"])) + "\n")
                    for warm in parsers.values():
                        warm.parse(doc["text"])
            report = subprocess.run(
                [sys.executable, str(args.eval_dir / "score.py"),
                 str(args.eval_dir / f"{name}.jsonl"), str(pred)],
                capture_output=True, text=True, check=True,
            ).stdout
            print(f"== {name}")
            print(report.rstrip())

    texts = [doc["text"] for corpus in docs.values() for doc in corpus]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    # Both scanners have seen every text once above, so their caches are equally warm.
    for scanner, timed in parsers.items():
        wall, cpu = [], []
        for _ in range(args.runs):
            t0, c0 = time.perf_counter(), time.process_time()
            for text in texts:
                timed.parse(text)
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        for label, times in (("CPU time", cpu), ("wall clock", wall)):
            median = statistics.median(times)
            print(f"throughput ({scanner}) by {label} (median of {args.runs}, one thread): "
                  f"{megabytes / median:.2f} MB/s, {len(texts) / median:.0f} docs/s "
                  f"({megabytes:.2f} MB, {len(texts)} docs)")
    print(f"load average during the run: {os.getloadavg()[0]:.1f}")
    print(f"peak memory (max RSS): {_peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
