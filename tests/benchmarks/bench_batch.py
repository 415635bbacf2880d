"""Benchmark ``sitmap batch``: 1 against 2 workers on the same input, memory per worker,
and how throughput holds as the corpus grows.

Run: ``.venv/bin/python tests/benchmarks/bench_batch.py [--docs 10000 50000] [--workers 1 2]
[--rounds 2] [--keep DIR]``

The corpus is generated (``sitmap.batch._synthetic``) from the sentences of the seed
articles and the event gold set's own articles, as JSON Lines, once per size. Each round
runs every worker count in turn on a fresh output folder (old and new alternate, so the
noise of a shared machine falls on both), each run on a new local cluster. Printed per
run: the build step's wall seconds, documents/s and MB/s (UTF-8 bytes of article text),
the CPU seconds the workers spent building (process time, summed over partitions) and
MB per CPU second, the merge (shuffle) and finish steps' wall seconds, and the peak
resident memory of each worker process (sampled every 0.2 s). The speed-up of N workers
is the median build wall time of 1 worker over that of N.

Also printed: the workers' CPU seconds of each step (build, merge, finish; from the run's
``_run.json``) and of all steps per MB, the figure that shows whether throughput stays flat
as the corpus grows (wall times on a shared machine measure its load). ``--docs 200000``
makes the 200,000-document corpus (154 MB; one run with 2 workers takes 30-60 minutes on a
shared 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import psutil

from sitmap.batch import run_batch
from sitmap.batch._synthetic import source_sentences, synthetic_records, write_jsonl

ROOT = Path(__file__).resolve().parents[2]


def _sentences() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    gold = ROOT / "tests" / "data" / "events_gold" / "documents.jsonl"
    texts += [d["text"] for d in map(json.loads, gold.read_text("utf-8").splitlines())
              if "text" in d]
    return source_sentences(texts)


class _Memory:
    """Samples the resident memory of this process's children (the workers) in a thread."""

    def __init__(self) -> None:
        self.peak: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _Memory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except psutil.Error:
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)


def _run(corpus: Path, workers: int, scratch: Path) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix=f"w{workers}-", dir=scratch))
    with _Memory() as memory:
        result = run_batch([str(corpus)], out, workers=workers)
    record = result.record
    built = record["counts"]
    seconds = record["seconds"]
    # The workers are the largest children (the nannies that watch them stay small).
    peaks = sorted(memory.peak.values(), reverse=True)[:workers]
    return {
        "workers": workers,
        "docs": built["new_articles"],
        "mb": built["bytes_built"] / 1e6,
        "build_s": seconds["build"],
        "cpu_s": built["cpu_seconds_built"],
        "merge_s": seconds["merge"],
        "finish_s": seconds["finish"],
        "total_s": seconds["total"],
        "events": built["events"],
        "peak_mb": [round(p / 1e6) for p in peaks],
        # The workers' own CPU seconds per step (time.process_time, from _run.json): the
        # throughput figure a loaded machine does not distort.
        "worker_cpu": record["worker_cpu_seconds"],
        "out": str(out),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="folder for the corpora and outputs")
    args = parser.parse_args()
    scratch = args.keep or Path(tempfile.mkdtemp(prefix="bench-batch-"))
    scratch.mkdir(parents=True, exist_ok=True)
    sentences = _sentences()
    print(f"{len(sentences)} source sentences; scratch {scratch}", flush=True)
    for docs in args.docs:
        corpus = scratch / f"corpus-{docs}.jsonl"
        if not corpus.exists():
            write_jsonl(synthetic_records(sentences, docs, seed=docs, days=3 * 365), corpus)
        print(f"\n{docs:,} documents, {corpus.stat().st_size / 1e6:.1f} MB of JSON Lines")
        print("workers  build s   docs/s   MB/s  cpu s  MB/cpu-s  merge s  finish s  "
              "events  peak MB per worker")
        runs: dict[int, list[dict[str, Any]]] = {w: [] for w in args.workers}
        for _ in range(args.rounds):
            for workers in args.workers:
                r = _run(corpus, workers, scratch)
                runs[workers].append(r)
                print(f"{workers:>7}  {r['build_s']:7.1f}  {r['docs'] / r['build_s']:7.0f}  "
                      f"{r['mb'] / r['build_s']:5.2f}  {r['cpu_s']:5.1f}  "
                      f"{r['mb'] / max(r['cpu_s'], 1e-9):8.2f}  {r['merge_s']:7.1f}  "
                      f"{r['finish_s']:8.1f}  {r['events']:6d}  {r['peak_mb']}", flush=True)
                cpu = r["worker_cpu"]
                total = sum(cpu.values())
                steps = ", ".join(f"{k} {v:.1f}" for k, v in cpu.items())
                print(f"         workers' CPU s: {steps}"
                      f"; all steps {total:.1f} = {total / max(r['mb'], 1e-9):.2f} CPU s per "
                      f"MB; {r['out']}", flush=True)
        fewest = min(args.workers)
        base = statistics.median(r["build_s"] for r in runs[fewest])
        for workers in sorted(set(args.workers) - {fewest}):
            mine = statistics.median(r["build_s"] for r in runs[workers])
            print(f"speed-up of {workers} workers over {fewest} (median build wall "
                  f"time): {base / mine:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
