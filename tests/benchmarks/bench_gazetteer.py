"""Benchmark the offline gazetteer: first build, open, lookups, memory, size.

Run: ``.venv/bin/python tests/benchmarks/bench_gazetteer.py [--runs N]``

Each build and each open runs in a fresh Python process so that the figures are what a user
sees (a cold process; the OS file cache is warm after the first run). Prints:
- first build: wall and CPU seconds, peak RSS of the building process (median of ``--runs``
  builds into a fresh temporary cache);
- open: ``open_gazetteer()`` plus one lookup in a new process, and the import of
  ``sitmap.geocode`` separately (median of 5);
- lookups/s for keys that exist (a spread sample of every key), for keys that do not, and
  for a few keys repeated (as in real text, answered from the lookup memo);
- resident memory of a process that has opened the gazetteer and done those lookups;
- size of the compiled file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BUILD = """
import json, resource, sys, time
from pathlib import Path
t, c = time.perf_counter(), time.process_time()
from sitmap.geocode import open_gazetteer
gaz = open_gazetteer(cache_dir=Path(sys.argv[1]))
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "size_mb": gaz.path.stat().st_size / 2**20}))
"""
OPEN = """
import json, sys, time
from pathlib import Path
t0, c0 = time.perf_counter(), time.process_time()
from sitmap.geocode import fold, open_gazetteer
t1, c1 = time.perf_counter(), time.process_time()
gaz = open_gazetteer(cache_dir=Path(sys.argv[1]))
gaz.lookup(fold("Almaty"))
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"import_ms": 1000 * (t1 - t0), "open_ms": 1000 * (t2 - t1),
                  "open_cpu_ms": 1000 * (c2 - c1)}))
"""


def _child(code: str, cache: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, str(cache)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds to time (default 3)")
    args = parser.parse_args()
    print(f"machine: {_machine()}")
    with tempfile.TemporaryDirectory(prefix="sitmap-bench-") as tmp:
        builds = []
        for run in range(args.runs):
            builds.append(_child(BUILD, Path(tmp) / f"cache{run}"))
        cache = Path(tmp) / "cache0"
        wall = statistics.median(b["wall"] for b in builds)
        cpu = statistics.median(b["cpu"] for b in builds)
        rss = statistics.median(b["rss_mb"] for b in builds)
        print(
            f"first build: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.0f} MB "
            f"(median of {args.runs})"
        )
        print(f"compiled file: {builds[0]['size_mb']:.1f} MB")
        opens = [_child(OPEN, cache) for _ in range(5)]
        print(
            f"open + first lookup, new process: "
            f"{statistics.median(o['open_ms'] for o in opens):.1f} ms wall, "
            f"{statistics.median(o['open_cpu_ms'] for o in opens):.1f} ms CPU "
            f"(import sitmap.geocode {statistics.median(o['import_ms'] for o in opens):.0f} ms;"
            " median of 5)"
        )

        from sitmap.geocode import Gazetteer, open_gazetteer

        gaz = open_gazetteer(cache_dir=cache)
        t = time.perf_counter()
        keys = list(gaz.iter_keys())
        print(f"iter_keys: {len(keys):,} keys in {time.perf_counter() - t:.2f} s")
        sample = keys[:: max(1, len(keys) // 20_000)]
        rng = random.Random(1)
        misses = [
            "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(9))
            for _ in range(len(sample))
        ]
        repeated = [rng.choice(sample[:200]) for _ in range(len(sample))]
        for label, batch in (
            ("existing keys", sample),
            ("missing keys", misses),
            ("200 keys repeated (memo)", repeated),
        ):
            rates, cpu_rates = [], []
            for _ in range(3):
                fresh = Gazetteer(gaz.path)  # an empty lookup memo for every run
                t, c = time.perf_counter(), time.process_time()
                for key in batch:
                    fresh.lookup(key)
                rates.append(len(batch) / (time.perf_counter() - t))
                cpu_rates.append(len(batch) / max(time.process_time() - c, 1e-9))
                fresh.close()
            print(
                f"lookups/s, {label}: {statistics.median(rates):,.0f} wall, "
                f"{statistics.median(cpu_rates):,.0f} per CPU second "
                f"({len(batch):,} lookups, median of 3)"
            )
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak RSS of this process after open, iter_keys and lookups: {rss:.0f} MB")
        gaz.close()


if __name__ == "__main__":
    main()
