"""Benchmark the geoparser: quality on LGL and TR-News, speed, build/open time, memory.

Run: ``.venv/bin/python tests/benchmarks/bench_geoparse.py [--eval-dir DIR] [--runs N]
[--skip-demonyms] [--errors] [--predictions DIR]``

Reads the evaluation corpora at run time from ``--eval-dir`` (default /work/shared/eval; they
are never copied into the repository). The scored predictions are exactly the records
``sitmap geoparse --jsonl CORPUS`` writes: each document goes through
``sitmap.cli.geoparse_record``, the function the command itself uses (the text as an article,
its dateline passed as context), so the benchmark and the command cannot drift apart. They
go to a temporary file (or to ``--predictions DIR``, kept), the corpus's own ``score.py``
scores them and its report and SCORE line are printed. ``--skip-demonyms`` also scores each
corpus with ``score.py --skip-demonyms`` (predictions flagged ``"demonym": true`` left out)
and prints both scorings; ``--errors`` prints ``geoparse_errors.py``'s breakdown of each
corpus's errors. Speed is measured in one
thread, by CPU time (stable on a busy machine) and by wall clock, over both corpora: first the
default ``Geoparser()`` as a ``sitmap geoparse`` run gets it (scanner "auto"): ``--runs`` first
passes, each in a new Python process on a newly opened gazetteer (every cache cold, set-up
excluded); then the median of ``--runs`` warm passes for each scanner in this process. The
timed passes call ``Geoparser.parse(text)`` (as the base commit's figures did); the scored
output is a first pass of a new ``Geoparser()`` in this process, through the command's path.
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
from sitmap.cli import geoparse_record
from sitmap.geocode import open_gazetteer
from sitmap.geoparse import Geoparser

CORPORA = ("trnews", "lgl")
ScannerName = Literal["auto", "lookup", "automaton"]
SCANNERS: tuple[ScannerName, ...] = ("auto", "lookup", "automaton")
ERRORS_SCRIPT = Path(__file__).with_name("geoparse_errors.py")
SCORED_PATH = ("scored: the records `sitmap geoparse --jsonl` writes "
               "(sitmap.cli.geoparse_record: text plus dateline context)")


def predictions(geoparser: Geoparser, corpus: list[dict[str, object]]) -> list[dict[str, object]]:
    """Return the prediction record of each document of ``corpus`` (gold JSONL records), as
    ``sitmap geoparse --jsonl`` writes it; whatever the geoparser raises propagates."""
    return [geoparse_record(doc, geoparser) for doc in corpus]


def _flagged_demonyms(records: list[dict[str, object]]) -> int:
    """How many predictions carry ``"demonym": true`` (or kind "demonym"), which
    ``score.py --skip-demonyms`` leaves out."""
    return sum(
        1
        for record in records
        for t in record["toponyms"]  # type: ignore[attr-defined]
        if t.get("demonym") or t.get("kind") == "demonym"
    )


def _score(eval_dir: Path, gold: Path, pred: Path, *options: str) -> str:
    """Return ``score.py``'s report on ``pred`` against ``gold``."""
    return subprocess.run(
        [sys.executable, str(eval_dir / "score.py"), str(gold), str(pred), *options],
        capture_output=True, text=True, check=True,
    ).stdout.rstrip()


def scorings(eval_dir: Path, name: str, records: list[dict[str, object]], folder: Path, *,
             skip_demonyms: bool = False, errors: bool = False) -> str:
    """Write ``records`` to ``folder/<name>.pred.jsonl``; return ``score.py``'s report on them
    against ``eval_dir/<name>.jsonl``, then (``skip_demonyms``) its report with
    ``--skip-demonyms`` when some prediction is flagged as a demonym, and (``errors``)
    ``geoparse_errors.py``'s breakdown. Raises ``subprocess.CalledProcessError`` when a
    script fails."""
    gold = eval_dir / f"{name}.jsonl"
    pred = folder / f"{name}.pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    parts = [f"== {name}", _score(eval_dir, gold, pred)]
    if skip_demonyms:
        flagged = _flagged_demonyms(records)
        parts.append(f"== {name}, score.py --skip-demonyms ({flagged} flagged predictions "
                     "left out)")
        parts.append(_score(eval_dir, gold, pred, "--skip-demonyms") if flagged
                     else "no prediction is flagged as a demonym: the same as above")
    if errors:
        parts.append(f"== {name}, error breakdown")
        parts.append(subprocess.run(
            [sys.executable, str(ERRORS_SCRIPT), str(gold), str(pred)],
            capture_output=True, text=True, check=True,
        ).stdout.rstrip())
    return "\n".join(parts)


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
    ap.add_argument("--skip-demonyms", action="store_true",
                    help="also score with score.py --skip-demonyms (flagged demonyms left out)")
    ap.add_argument("--errors", action="store_true",
                    help="print the error breakdown of each corpus (geoparse_errors.py)")
    ap.add_argument("--predictions", type=Path, metavar="DIR",
                    help="keep the scored predictions as DIR/<corpus>.pred.jsonl")
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
    found = {name: predictions(scored, corpus) for name, corpus in docs.items()}

    print(SCORED_PATH)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.predictions or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for name, records in found.items():
            print(scorings(args.eval_dir, name, records, folder,
                           skip_demonyms=args.skip_demonyms, errors=args.errors))

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
