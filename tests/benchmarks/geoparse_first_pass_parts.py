"""Where the geoparser's first pass costs more than a warm one: its parts, measured by CPU.

Run: ``.venv/bin/python tests/benchmarks/geoparse_first_pass_parts.py [--eval-dir DIR]
[--rounds R]``

A first pass (a new process, a new default ``Geoparser()``, every memo empty) costs about
1.6 times a warm pass over the same texts. This script splits the difference. Each process
parses the LGL and TR-News texts (read at run time from ``--eval-dir``, never copied into the
repository) once with a first ``Geoparser`` (the ordinary first pass), then makes a second
``Geoparser`` and hands it, before its first pass, some of what the first one learnt:

- ``sqlite``: SQLite's answers (the rows of every name-table and gazetteer query, replayed
  from memory; the geoparser still builds its entries, places and hits from them);
- ``lookups``: the name table's entries and the gazetteer's hits of every name (no SQLite
  query, no place built);
- ``names``: that, and the plausibility rules' memos of names, surfaces, words and given
  names, and the typo matcher's memo of words;
- ``all``: that, and resolution's memos across documents (ranked readings, first guesses,
  candidates, evidence sinks, facts of readings lists).

The second ``Geoparser``'s first pass then costs the ordinary first pass less what was handed
over; its warm pass follows. Each of the ``--rounds`` rounds runs the four in new processes,
one after the other. Printed: the median of each figure in CPU seconds and the share of the
first pass's extra cost (first pass less warm pass) that each handed-over part accounts for.
The script reads the geoparser's private memos: a change of their names makes it fail with
an ``AttributeError`` (exit status 1), not print wrong figures. Exit status 0 when measured,
2 on bad arguments.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from bench_geoparse_speed_vs_base import CORPORA, _texts  # (the same texts, the same order)

HERE = Path(__file__).resolve()
VARIANTS = ("sqlite", "lookups", "names", "all")


def _clear_resolution_memos(resolution: Any) -> None:
    """Empty the resolver's module-level memos (``sitmap.geoparse._resolve``)."""
    for memo in (resolution._RANKED, resolution._FIRST_GUESS, resolution._CANDIDATES,
                 resolution._ONLY, resolution._SINKS, resolution._FACTS):
        memo.clear()


def _child(eval_dir: Path, variant: str) -> int:
    """Measure, in this new process, an ordinary first pass, then the first and a warm pass
    of a second ``Geoparser`` handed ``variant``'s memos; print the three CPU times as JSON.
    Returns 0; errors propagate."""
    from sitmap._gc import tune_for_batch
    from sitmap.geocode import open_gazetteer
    from sitmap.geoparse import Geoparser
    from sitmap.geoparse import _resolve as resolution

    texts = _texts(eval_dir)
    tune_for_batch()
    gazetteer = open_gazetteer()
    answers: dict[tuple[str, tuple[object, ...]], list[Any]] = {}

    def recorded(query: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        def wrapper(sql: str, params: Collection[Any] = ()) -> list[Any]:
            rows = query(sql, params)
            answers[(sql, tuple(params))] = rows
            return rows
        return wrapper

    def replayed(query: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
        def wrapper(sql: str, params: Collection[Any] = ()) -> list[Any]:
            rows = answers.get((sql, tuple(params)))
            return query(sql, params) if rows is None else rows
        return wrapper

    def one_pass(parser: Geoparser) -> float:
        c0 = time.process_time()
        for text in texts:
            parser.parse(text)
        return time.process_time() - c0

    first = Geoparser(gazetteer)
    first.parse("warm up")
    learnt = first._ready()
    gazetteer_query = gazetteer._query
    if variant == "sqlite":
        gazetteer._query = recorded(gazetteer_query)
        learnt._scan._table._query = recorded(learnt._scan._table._query)
    ordinary = one_pass(first)
    # What the first pass left (its memos, places, hits) is moved out of the collector's
    # sight, as tune_for_batch() does with what exists before a batch: otherwise each older
    # collection in the second pass walks it again, a cost an ordinary first pass never has
    # (0.1 s here).
    gc.freeze()
    second = Geoparser(gazetteer)
    second.parse("warm up")
    fresh = second._ready()
    if variant == "sqlite":
        gazetteer._query = replayed(gazetteer_query)
        fresh._scan._table._query = replayed(fresh._scan._table._query)
        _clear_resolution_memos(resolution)
        handed = one_pass(second)
        warm = one_pass(second)
        print(json.dumps({"first": ordinary, "handed": handed, "warm": warm}))
        return 0
    fresh._scan._forms = dict(learnt._scan._forms)
    fresh._known_hits = dict(learnt._known_hits)
    if variant in ("names", "all"):
        old, new = learnt._rules, fresh._rules
        new._names = dict(old._names)
        new._shapes = dict(old._shapes)
        new._word_cache = dict(old._word_cache)
        new._given_cache = dict(old._given_cache)
        fresh._fuzzy._fuzzy_cache = dict(learnt._fuzzy._fuzzy_cache)
    if variant != "all":
        _clear_resolution_memos(resolution)
    handed = one_pass(second)
    warm = one_pass(second)
    print(json.dumps({"first": ordinary, "handed": handed, "warm": warm}))
    return 0


def main() -> int:
    """Run the rounds and print the figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--rounds", type=int, default=3, help="processes per variant (default 3)")
    ap.add_argument("--child", choices=VARIANTS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if not all((args.eval_dir / f"{name}.jsonl").is_file() for name in CORPORA):
        print(f"{args.eval_dir}: no {' and '.join(CORPORA)} corpora here; pass --eval-dir",
              file=sys.stderr)
        return 2
    if args.child:
        return _child(args.eval_dir, args.child)
    if args.rounds < 1:
        print("--rounds must be at least 1", file=sys.stderr)
        return 2
    figures: dict[str, dict[str, list[float]]] = {
        v: {"first": [], "handed": [], "warm": []} for v in VARIANTS
    }
    loads = []
    for _ in range(args.rounds):
        for variant in VARIANTS:
            done = subprocess.run(
                [sys.executable, str(HERE), "--child", variant, "--eval-dir",
                 str(args.eval_dir)],
                capture_output=True, text=True, cwd=tempfile.gettempdir(),
            )
            if done.returncode:
                print(done.stderr, file=sys.stderr)
                return 1
            for key, value in json.loads(done.stdout).items():
                figures[variant][key].append(value)
            loads.append(os.getloadavg()[0])
    med = {v: {k: statistics.median(x) for k, x in f.items()} for v, f in figures.items()}
    first = statistics.median([x for f in figures.values() for x in f["first"]])
    warm = statistics.median([x for f in figures.values() for x in f["warm"]])
    extra = first - warm
    print(f"load average {min(loads):.1f}-{max(loads):.1f}; {args.rounds} rounds; CPU seconds, "
          "medians")
    print(f"ordinary first pass {first:.3f} s, warm pass {warm:.3f} s, "
          f"first-pass extra {extra:.3f} s")
    previous = first
    for variant in VARIANTS:
        handed = med[variant]["handed"]
        print(f"first pass handed {variant:8} {handed:.3f} s: {previous - handed:+.3f} s "
              f"against the step before ({100 * (previous - handed) / extra:.0f} % of the "
              "extra)")
        previous = handed
    return 0


if __name__ == "__main__":
    sys.exit(main())
