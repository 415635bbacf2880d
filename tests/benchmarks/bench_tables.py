"""Reopening sitmap's own GeoJSON export at scale (issue 15): write N synthetic events
with ``write_events(format="geojson")``, then read the file back with
``read_event_table`` in a fresh process, which reports its CPU and wall time and its peak
resident memory (``ru_maxrss``).

Run: ``.venv/bin/python tests/benchmarks/bench_tables.py [--rows 1000000]
[--keep PATH]``. Needs free disk space for the file (about 1.4 kB per event). Not a
test: no pass/fail.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_READ = r"""
import resource, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from sitmap.events import read_event_table
read = read_event_table(sys.argv[1])
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(len(read.frame), len(read.errors), f"{wall:.1f}", f"{cpu:.1f}", f"{peak:.0f}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the file here and keep it")
    args = parser.parse_args()

    from sitmap.events import synthetic_events, write_events

    folder = None if args.keep else tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "events.geojson"  # type: ignore[union-attr]
    try:
        if not path.exists():
            frame = synthetic_events(args.rows, days=60)
            t0 = time.process_time()
            write_events(frame, path, format="geojson")
            print(f"written in {time.process_time() - t0:.1f} s CPU")
            del frame
        size = path.stat().st_size
        load = os.getloadavg()[0]
        out = subprocess.run([sys.executable, "-c", _READ, str(path)], capture_output=True,
                             text=True, check=True).stdout.split()
        rows, errors, wall, cpu, peak = out
        print(f"| reopening sitmap's GeoJSON export of {args.rows:,} events "
              f"({size / 1e9:.2f} GB; {rows} rows read, {errors} errors; load {load:.1f}) "
              f"| {wall} s wall, {cpu} s CPU, peak RSS {peak} MiB |")
    finally:
        if folder is not None:
            folder.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
