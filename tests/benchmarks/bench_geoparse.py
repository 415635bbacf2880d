"""Benchmark the geoparser: quality on LGL and TR-News, speed, build/open time, memory.

Run: ``.venv/bin/python tests/benchmarks/bench_geoparse.py [--eval-dir DIR] [--runs N]``

Reads the evaluation corpora at run time from ``--eval-dir`` (default /work/shared/eval; they
are never copied into the repository), writes predictions to a temporary file, runs the
corpus's own ``score.py`` on them and prints its report and SCORE line. Speed is measured in one
thread, by CPU time (stable on a busy machine) and by wall clock, over both corpora: first the
default ``Geoparser()`` as a ``sitmap geoparse`` run gets it (scanner "auto"): ``--runs`` first
passes, each in a new Python process on a newly opened gazetteer (every cache cold, set-up
excluded); then the median of ``--runs`` warm passes for each scanner in this process. The
scored output is a first pass of a new ``Geoparser()`` in this process.
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
from typing import Literal

from sitmap._gc import tune_for_batch
from sitmap.geocode import open_gazetteer
from sitmap.geoparse import Geoparser
from sitmap.model import Toponym

CORPORA = ("trnews", "lgl")
ScannerName = Literal["auto", "lookup", "automaton"]
SCANNERS: tuple[ScannerName, ...] = ("auto", "lookup", "automaton")


def _prediction(doc_id: str, toponyms: list[Toponym]) -> str:
    return json.dumps(
        {
            "id": doc_id,
            "toponyms": [
                {"start": t.start, "end": t.end, "lat": t.place.lat, "lon": t.place.lon}
                for t in toponyms
            ],
        }
    )


def _texts(eval_dir: Path) -> list[str]:
    return [
        json.loads(line)["text"]
        for name in CORPORA
        for line in (eval_dir / f"{name}.jsonl").open(encoding="utf-8")
    ]


def _first_pass_child(eval_dir: Path) -> int:
    """Time one first pass of a new ``Geoparser()`` in this (new) process; print the CPU and
    wall-clock seconds as JSON."""
    texts = _texts(eval_dir)
    parser = Geoparser(open_gazetteer())
    parser.parse("warm up")
    t0, c0 = time.perf_counter(), time.process_time()
    for text in texts:
        parser.parse(text)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    print(json.dumps({"CPU time": cpu, "wall clock": wall}))
    return 0


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    """Run the benchmark and print its figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--first-pass-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not (args.eval_dir / "score.py").is_file():
        print(f"{args.eval_dir}: no score.py here; pass --eval-dir", file=sys.stderr)
        return 2
    if args.first_pass_child:
        tune_for_batch()  # as the sitmap command does for a batch
        return _first_pass_child(args.eval_dir)

    with tempfile.TemporaryDirectory() as cache:
        t0 = time.perf_counter()
        open_gazetteer(cache_dir=Path(cache)).close()
        build_gazetteer_s = time.perf_counter() - t0
    open_gazetteer().close()  # make sure the default one is built before timing its opening
    t0 = time.perf_counter()
    gazetteer = open_gazetteer()
    open_s = time.perf_counter() - t0
    set_up: dict[str, float] = {}
    parsers: dict[ScannerName, Geoparser] = {}
    for scanner in SCANNERS:
        t0 = time.perf_counter()
        parsers[scanner] = Geoparser(gazetteer, scanner=scanner)
        parsers[scanner].parse("warm up")
        set_up[scanner] = time.perf_counter() - t0

    docs = {
        name: [json.loads(line) for line in (args.eval_dir / f"{name}.jsonl").open()]
        for name in CORPORA
    }
    texts = _texts(args.eval_dir)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}")
    print(f"gazetteer first build: {build_gazetteer_s:.1f} s; open: {open_s * 1000:.0f} ms; "
          f"recogniser set-up: {set_up['auto']:.2f} s by default, "
          f"{set_up['lookup']:.2f} s by lookup, {set_up['automaton']:.2f} s with the automaton")

    def report(label: str, times: dict[str, list[float]]) -> None:
        for clock, runs in times.items():
            median = statistics.median(runs)
            print(f"throughput ({label}) by {clock} (median of {len(runs)}, one thread): "
                  f"{megabytes / median:.2f} MB/s, {len(texts) / median:.0f} docs/s "
                  f"({megabytes:.2f} MB, {len(texts)} docs)")

    first: dict[str, list[float]] = {"CPU time": [], "wall clock": []}
    for _ in range(args.runs):
        # A new process each time: a process that has parsed before is not cold (and its
        # heap, grown by earlier passes and the automaton, slows a later first pass).
        child = subprocess.run(
            [sys.executable, __file__, "--eval-dir", str(args.eval_dir), "--first-pass-child"],
            capture_output=True, text=True, check=True,
        )
        for clock, seconds in json.loads(child.stdout).items():
            first[clock].append(seconds)
    scored = Geoparser(gazetteer)
    found = [scored.parse(text) for text in texts]

    with tempfile.TemporaryDirectory() as tmp:
        results = iter(found)
        for name, corpus in docs.items():
            pred = Path(tmp) / f"{name}.pred.jsonl"
            with pred.open("w", encoding="utf-8") as out:
                for doc in corpus:
                    out.write(_prediction(doc["id"], next(results)) + "\n")
            report_text = subprocess.run(
                [sys.executable, str(args.eval_dir / "score.py"),
                 str(args.eval_dir / f"{name}.jsonl"), str(pred)],
                capture_output=True, text=True, check=True,
            ).stdout
            print(f"== {name}")
            print(report_text.rstrip())

    report("default Geoparser(), first pass in a new process: every cache cold", first)
    warm: dict[ScannerName, dict[str, list[float]]] = {}
    for scanner, timed in parsers.items():
        for text in texts:  # one untimed pass, so every scanner's caches are equally warm
            timed.parse(text)
        warm[scanner] = {"CPU time": [], "wall clock": []}
    # Scanners take turns, so that a change in the machine's load touches all alike.
    for _ in range(args.runs):
        for scanner, timed in parsers.items():
            t0, c0 = time.perf_counter(), time.process_time()
            for text in texts:
                timed.parse(text)
            warm[scanner]["CPU time"].append(time.process_time() - c0)
            warm[scanner]["wall clock"].append(time.perf_counter() - t0)
    for scanner, times in warm.items():
        report(f"scanner={scanner}{' (the default)' if scanner == 'auto' else ''}, warm", times)
    print(f"load average during the run: {os.getloadavg()[0]:.1f}")
    print(f"peak memory (max RSS): {_peak_rss_mb():.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
