"""Compare the geoparser's speed with a base commit's, in the same run, by CPU time.

Run: ``.venv/bin/python tests/benchmarks/bench_geoparse_speed_vs_base.py BASE_DIR
[--current DIR] [--eval-dir DIR] [--rounds R] [--warm N] [--cache-root DIR]``

``BASE_DIR`` and ``--current`` (default: the tree holding this script) are source trees
(checkouts holding a ``sitmap`` package). Each measurement is a new Python process whose
``PYTHONPATH`` is the tree and whose ``SITMAP_CACHE_DIR`` is that tree's own gazetteer cache
(``--cache-root``/base or /current; the two trees' gazetteer sources may differ). Both caches
are built before timing. In each of ``--rounds`` rounds the two trees take turns (base first
in odd rounds, current first in even ones, so a change in the machine's load touches both
alike); each process opens the gazetteer, makes a new default ``Geoparser()``, parses
"warm up", then times by CPU time one first pass over the LGL and TR-News texts (read at run
time from ``--eval-dir``, never copied into the repository) and then ``--warm`` warm passes.
Printed per tree: the median first pass and the median of all warm passes in MB/s (UTF-8
bytes of text per CPU second), and the ratio current / base of each (1.00 = as fast). The
exit status is 0 when both figures were measured, whatever the ratios; 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPORA = ("trnews", "lgl")
HERE = Path(__file__).resolve()
DEFAULT_CURRENT = HERE.parents[2]
TREES = ("base", "current")


def _texts(eval_dir: Path) -> list[str]:
    """Return the texts of the dev corpora, TR-News first."""
    return [
        json.loads(line)["text"]
        for name in CORPORA
        for line in (eval_dir / f"{name}.jsonl").open(encoding="utf-8")
    ]


def _child(eval_dir: Path, warm: int) -> int:
    """Time, in this new process, a first pass and ``warm`` warm passes of a new default
    ``Geoparser()`` of whichever ``sitmap`` the ``PYTHONPATH`` gives; print the CPU seconds
    and the imported package's folder as JSON. Returns 0; import errors propagate."""
    import sitmap
    from sitmap._gc import tune_for_batch
    from sitmap.geocode import open_gazetteer
    from sitmap.geoparse import Geoparser

    texts = _texts(eval_dir)
    tune_for_batch()  # as the sitmap command does for a batch
    parser = Geoparser(open_gazetteer())
    parser.parse("warm up")
    c0 = time.process_time()
    for text in texts:
        parser.parse(text)
    first = time.process_time() - c0
    warm_runs = []
    for _ in range(warm):
        c0 = time.process_time()
        for text in texts:
            parser.parse(text)
        warm_runs.append(time.process_time() - c0)
    print(json.dumps({"package": str(Path(sitmap.__file__).parent), "first": first,
                      "warm": warm_runs}))
    return 0


def _env(tree: Path, cache: Path) -> dict[str, str]:
    """Return this process's environment with ``tree`` as the only ``PYTHONPATH`` entry and
    ``cache`` as the gazetteer cache."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(tree)
    env["SITMAP_CACHE_DIR"] = str(cache)
    return env


def _run(tree: Path, cache: Path, args: list[str]) -> str:
    """Run this script (or ``-c`` code) with ``args`` for ``tree``; return its stdout.
    Raises ``subprocess.CalledProcessError`` (stderr printed first) when it fails."""
    done = subprocess.run([sys.executable, *args], env=_env(tree, cache), capture_output=True,
                          text=True, cwd=tempfile.gettempdir())
    if done.returncode:
        print(done.stderr, file=sys.stderr)
        done.check_returncode()
    return done.stdout


def main() -> int:
    """Run the comparison and print its figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=Path, metavar="BASE_DIR", nargs="?",
                    help="source tree of the base commit")
    ap.add_argument("--current", type=Path, default=DEFAULT_CURRENT,
                    help="source tree of the code to compare (default: this script's tree)")
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--rounds", type=int, default=3, help="processes per tree (default 3)")
    ap.add_argument("--warm", type=int, default=3,
                    help="warm passes per process (default 3)")
    ap.add_argument("--cache-root", type=Path,
                    default=Path(tempfile.gettempdir()) / "sitmap-bench-speed-vs-base",
                    help="the gazetteer caches go to CACHE_ROOT/base and CACHE_ROOT/current")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not all((args.eval_dir / f"{name}.jsonl").is_file() for name in CORPORA):
        print(f"{args.eval_dir}: no {' and '.join(CORPORA)} corpora here; pass --eval-dir",
              file=sys.stderr)
        return 2
    if args.child:
        return _child(args.eval_dir, args.warm)
    if args.base is None or args.rounds < 1 or args.warm < 1:
        ap.print_usage(sys.stderr)
        print("BASE_DIR is needed; --rounds and --warm must be at least 1", file=sys.stderr)
        return 2
    trees = {"base": args.base.resolve(), "current": args.current.resolve()}
    for label, tree in trees.items():
        if not (tree / "sitmap" / "__init__.py").is_file():
            print(f"{tree}: no sitmap package here ({label} tree)", file=sys.stderr)
            return 2
    caches = {label: args.cache_root / label for label in TREES}
    for label in TREES:  # build (or check) each tree's gazetteer before any timing
        caches[label].mkdir(parents=True, exist_ok=True)
        _run(trees[label], caches[label], ["-c", "from sitmap.geocode import open_gazetteer; "
                                                  "open_gazetteer().close()"])

    megabytes = sum(len(t.encode("utf-8")) for t in _texts(args.eval_dir)) / 1e6
    first: dict[str, list[float]] = {label: [] for label in TREES}
    warm: dict[str, list[float]] = {label: [] for label in TREES}
    loads = []
    for round_ in range(args.rounds):
        order = TREES if round_ % 2 == 0 else TREES[::-1]
        for label in order:
            out = _run(trees[label], caches[label],
                       [str(HERE), "--child", "--eval-dir", str(args.eval_dir),
                        "--warm", str(args.warm)])
            result = json.loads(out)
            if Path(result["package"]).resolve() != trees[label] / "sitmap":
                print(f"{label}: imported {result['package']}, not {trees[label]}/sitmap "
                      "(is the tree shadowed?)", file=sys.stderr)
                return 1
            first[label].append(result["first"])
            warm[label].extend(result["warm"])
        loads.append(os.getloadavg()[0])

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cpus, "
          f"Python {platform.python_version()}; load average {min(loads):.1f}-{max(loads):.1f}")
    print(f"texts: {megabytes:.2f} MB (LGL and TR-News); {args.rounds} processes per tree, "
          f"trees alternating; {args.warm} warm passes each; CPU time, one thread")
    rate = {
        label: (megabytes / statistics.median(first[label]),
                megabytes / statistics.median(warm[label]))
        for label in TREES
    }
    for label in TREES:
        print(f"{label:8} {trees[label]}: first pass {rate[label][0]:.2f} MB/s "
              f"(median of {len(first[label])}), warm {rate[label][1]:.2f} MB/s "
              f"(median of {len(warm[label])})")
    print(f"ratio current/base: first pass {rate['current'][0] / rate['base'][0]:.3f}, "
          f"warm {rate['current'][1] / rate['base'][1]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
