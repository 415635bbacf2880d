"""Compare the whole pipeline's first pass with a base commit's, in the same run, by CPU time.

Run: ``.venv/bin/python tests/benchmarks/bench_pipeline_vs_base.py BASE_DIR [--current DIR]
[--eval-dir DIR] [--rounds R] [--cache-root DIR]``

``BASE_DIR`` and ``--current`` (default: the tree holding this script) are source trees
(checkouts holding a ``sitmap`` package). Each measurement is one new process running this
tree's ``bench_pipeline.py`` child (``--first-pass-child``: ingest, geoparse, dates, events
over the LGL and TR-News texts, read at run time from ``--eval-dir``, pinned to one core;
``--geoparser-child``: ``Geoparser.parse`` alone) with ``PYTHONPATH`` set to the tree and
``SITMAP_CACHE_DIR`` to that tree's own gazetteer cache (``--cache-root``/base or /current).
The same timing code measures both trees. In each of ``--rounds`` rounds the trees take turns
(base first in odd rounds, current first in even ones), so a change in the machine's load
touches both alike.

Printed per tree: the median first pass of the pipeline and of the geoparser alone in MB/s
per CPU second, and CPU seconds per stage; then the ratios current / base. The issues state
their per-core figures on the machine they were filed on, where the base gave the pipeline
1.1 MB/s and the geoparser 2.5 MB/s; the last lines print what each absolute target is as a
multiple of the base on that machine (issue 13's floor 1 MB/s = 0.91 x base; issue 14's
2 MB/s = 1.82 x and 4 MB/s = 1.60 x) beside the measured ratio. Both views are printed; the
absolute figures are the issues' own. Exit status 0 when every child ran, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
DEFAULT_CURRENT = HERE.parents[2]
PIPELINE = HERE.parent / "bench_pipeline.py"
CORPORA = ("lgl", "trnews")
TREES = ("base", "current")
# The base's per-core figures where the issues were filed (issue 13: "1.1 MB/s"; issue 14:
# the geoparser's first pass "now 2.5"), and the issues' absolute targets.
FILED_BASE = {"pipeline": 1.1, "geoparser": 2.5}
TARGETS = (
    ("issue 13 floor, pipeline", "pipeline", 1.0),
    ("issue 14, pipeline", "pipeline", 2.0),
    ("issue 14, geoparser", "geoparser", 4.0),
)


def _child(tree: Path, cache: Path, eval_dir: Path, flag: str) -> dict[str, Any]:
    """Run one timed child of ``bench_pipeline.py`` on ``tree``'s ``sitmap``; return its JSON."""
    env = dict(os.environ, PYTHONPATH=str(tree), SITMAP_CACHE_DIR=str(cache))
    done = subprocess.run(
        [sys.executable, str(PIPELINE), "--eval-dir", str(eval_dir), flag],
        capture_output=True, text=True, check=True, env=env, cwd=tree,
    )
    value: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return value


def main() -> int:
    """Run the comparison and print its figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=Path)
    ap.add_argument("--current", type=Path, default=DEFAULT_CURRENT)
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cache-root", type=Path, default=Path("/tmp/sitmap-pipeline-vs-base"))
    args = ap.parse_args()
    trees = {"base": args.base.resolve(), "current": args.current.resolve()}
    for name, tree in trees.items():
        if not (tree / "sitmap" / "__init__.py").is_file():
            print(f"{tree}: no sitmap package ({name})", file=sys.stderr)
            return 2
    files = [args.eval_dir / f"{c}.jsonl" for c in CORPORA]
    if not all(f.is_file() for f in files):
        print(f"{args.eval_dir}: needs {', '.join(CORPORA)}.jsonl", file=sys.stderr)
        return 2
    megabytes = sum(
        len(json.loads(line)["text"].encode("utf-8")) for f in files for line in f.open()
    ) / 1e6
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}; corpus {megabytes:.2f} MB")
    print(f"base: {trees['base']}\ncurrent: {trees['current']}")
    passes: dict[str, list[dict[str, float]]] = {t: [] for t in TREES}
    geo: dict[str, list[float]] = {t: [] for t in TREES}
    for r in range(args.rounds):
        order = TREES if r % 2 == 0 else TREES[::-1]
        for name in order:
            cache = args.cache_root / name
            passes[name].append(
                _child(trees[name], cache, args.eval_dir, "--first-pass-child")["pass"]
            )
            geo[name].append(_child(trees[name], cache, args.eval_dir, "--geoparser-child")["cpu"])
        print(f"round {r + 1}: load {os.getloadavg()[0]:.1f}; pipeline CPU "
              + ", ".join(f"{t} {passes[t][-1]['cpu']:.2f} s" for t in TREES)
              + "; geoparser CPU " + ", ".join(f"{t} {geo[t][-1]:.2f} s" for t in TREES))
    rate: dict[str, dict[str, float]] = {}
    for name in TREES:
        cpu = statistics.median(p["cpu"] for p in passes[name])
        gcpu = statistics.median(geo[name])
        rate[name] = {"pipeline": megabytes / cpu, "geoparser": megabytes / gcpu}
        stages = [s for s in passes[name][0] if s not in ("cpu", "wall")]
        print(f"{name}: pipeline first pass {cpu:.2f} s CPU = {rate[name]['pipeline']:.2f} MB/s ("
              + ", ".join(f"{s} {statistics.median(p[s] for p in passes[name]):.2f}"
                          for s in stages)
              + f"); geoparser first pass {gcpu:.2f} s = {rate[name]['geoparser']:.2f} MB/s")
    for what in ("pipeline", "geoparser"):
        print(f"ratio current / base, {what}: {rate['current'][what] / rate['base'][what]:.3f}")
    for label, what, target in TARGETS:
        need = target / FILED_BASE[what]
        got = rate["current"][what] / rate["base"][what]
        print(f"{label}: {target:g} MB/s absolute, here {rate['current'][what]:.2f} "
              f"({'met' if rate['current'][what] >= target else 'NOT met'}); as a multiple of "
              f"the base where the issue was filed ({FILED_BASE[what]:g} MB/s): {need:.2f} x base,"
              f" here {got:.2f} x ({'met' if got >= need else 'NOT met'})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
