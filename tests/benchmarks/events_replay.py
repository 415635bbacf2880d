"""The event stage alone, over the dev texts, with places and dates replayed from a pickle:
the instruction-count recipe of the speed rounds (wt-sp16e .. wt-sp20e), kept in one place.

Run (``PYTHONPATH`` set to the tree measured; the pickle is made once, by any tree whose
geoparser and date finder are the ones to replay):

- ``.venv/bin/python tests/benchmarks/events_replay.py make OUT.pickle [--eval-dir DIR]``:
  ``build_events`` over every LGL and TR-News text (dated 2010-06-15, as
  ``bench_pipeline.py`` dates them) with the real geoparser and date finder, recording what
  each returned; writes the articles, those answers and the frame built (never committed:
  it holds the eval texts).
- ``... events_replay.py run PICKLE [--check]``: ``build_events`` again in this process with
  the recorded answers (no gazetteer, no geoparser), prints its CPU seconds; ``--check``
  compares the frame cell for cell with the pickle's.
- ``valgrind --tool=callgrind --callgrind-out-file=cg.%p .venv/bin/python
  tests/benchmarks/events_replay.py run PICKLE --callgrind``: the counters are zeroed right
  before ``build_events`` and dumped right after it (``callgrind_control``), so the
  ``summary:`` line of the second file (``cg.PID.1``) is the stage's instructions, first
  build in a new process. One run takes 15 minutes at a load of 10 on the 2-vCPU machine.
- ``... events_replay.py census PICKLE``: per rule family, its calls, the calls that
  returned nothing and the thread CPU time of each (a wrapper's ~0.5 us a call included):
  what a gate in front of the family could spare at most.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import pickle
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

DAY = dt.date(2010, 6, 15)


def _make(out: Path, eval_dir: Path) -> None:
    from sitmap._gc import tune_for_batch
    from sitmap.events import build_events
    from sitmap.geoparse import Geoparser
    from sitmap.ingest import article_from_text
    from sitmap.timeline import find_dates

    tune_for_batch()
    docs = [json.loads(line) for name in ("lgl", "trnews")
            for line in (eval_dir / f"{name}.jsonl").open(encoding="utf-8")]
    articles = [article_from_text(d["id"], d["text"]) for d in docs]
    geoparser = Geoparser()
    places: dict[Any, Any] = {}
    dates: dict[Any, Any] = {}
    countries: dict[str, Any] = {}
    parse, country = geoparser.parse, geoparser.gazetteer.country

    def parse_kept(text: str, *, context: Any) -> Any:
        places[(text, context)] = found = parse(text, context=context)
        return found

    def country_kept(code: str) -> Any:
        countries[code] = found = country(code)
        return found

    def dates_kept(text: str, **kw: Any) -> Any:
        dates[(text, tuple(sorted(kw.items())))] = found = find_dates(text, **kw)
        return found

    geoparser.parse = parse_kept  # type: ignore[method-assign, assignment]
    geoparser.gazetteer.country = country_kept  # type: ignore[method-assign]
    frame = build_events(articles, geoparser=geoparser, article_date=DAY, find_dates=dates_kept)
    with out.open("wb") as f:
        pickle.dump((articles, places, dates, countries, frame), f)
    print(f"{len(articles)} articles, {len(frame)} rows -> {out}")


class _Gazetteer:
    def __init__(self, countries: dict[str, Any]) -> None:
        self._countries = countries

    def country(self, code: str) -> Any:
        return self._countries[code]


class _Replayed:
    """A geoparser that answers what the recorded one answered."""

    def __init__(self, places: dict[Any, Any], countries: dict[str, Any]) -> None:
        self._places = places
        self.gazetteer = _Gazetteer(countries)

    def parse(self, text: str, *, context: Any) -> Any:
        return self._places[(text, context)]


def _load(path: Path) -> tuple[Any, Callable[..., Any], Callable[..., Any], Any]:
    # The pickle is this benchmark's own output (made by ``make``), never an input file.
    with path.open("rb") as f:
        articles, places, dates, countries, frame = pickle.load(f)

    def replayed_dates(text: str, **kw: Any) -> Any:
        return dates[(text, tuple(sorted(kw.items())))]

    def build() -> Any:
        from sitmap.events import build_events

        return build_events(articles, geoparser=_Replayed(places, countries), article_date=DAY,
                            find_dates=replayed_dates)

    return articles, build, replayed_dates, frame


def _run(path: Path, *, check: bool, callgrind: bool) -> None:
    import pandas as pd

    import sitmap.events  # noqa: F401 - imported before the counted call
    from sitmap._gc import tune_for_batch

    tune_for_batch()
    _, build, _, expected = _load(path)
    if callgrind:
        subprocess.run(["callgrind_control", "-z", str(os.getpid())], check=True,
                       capture_output=True)
    cpu = time.process_time()
    frame = build()
    cpu = time.process_time() - cpu
    if callgrind:
        subprocess.run(["callgrind_control", "-d", str(os.getpid())], check=True,
                       capture_output=True)
    print(f"{len(frame)} rows, {cpu:.3f} s CPU")
    if check:
        pd.testing.assert_frame_equal(expected, frame, check_exact=True)
        print("identical to the recorded frame")


def _census(path: Path) -> None:
    import sitmap.events._borrow as borrow
    import sitmap.events._build as builder
    import sitmap.events._lookalike as lookalike
    import sitmap.events._placeless as placeless
    import sitmap.events._review as review
    from sitmap._gc import tune_for_batch

    tune_for_batch()
    _, build, _, _ = _load(path)
    stats: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0])

    def empty(found: Any) -> bool:
        return not found

    def wrap(module: Any, name: str, nothing: Callable[[Any], bool] = empty) -> None:
        inner = getattr(module, name)
        key = f"{module.__name__.rsplit('.', 1)[-1]}.{name}"

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.thread_time_ns()
            found = inner(*args, **kwargs)
            spent = time.thread_time_ns() - t
            s = stats[key]
            s[0] += 1
            s[2] += spent
            if nothing(found):
                s[1] += 1
                s[3] += spent
            return found

        setattr(module, name, timed)

    for name in ("_aside", "relative_clauses", "find_figures", "opinion_quotes", "borrowed_rows",
                 "placeless_rows", "drop_lookalikes", "cue_hits", "_states_no_happening"):
        wrap(builder, name)
    wrap(builder, "passage_dates", lambda r: not r[0])
    wrap(builder, "passage_roles", lambda r: all(x == "event" for x in r))
    for name in ("place_categories", "merge_reports", "review_columns", "_unreviewed_table"):
        wrap(builder, name, lambda r: False)
    wrap(borrow, "find_figures")
    wrap(placeless, "event_category_of_words", lambda r: r is None)
    wrap(lookalike, "lookalike_reason", lambda r: r is None)
    wrap(review, "_no_past")
    t = time.thread_time_ns()
    build()
    total = time.thread_time_ns() - t
    print(f"build_events: {total / 1e6:.0f} ms thread CPU")
    print(f"{'family':36s} {'calls':>6s} {'empty':>6s} {'ms':>8s} {'share':>6s} {'empty ms':>9s}")
    for key, (calls, nothing, ns, nothing_ns) in sorted(stats.items(), key=lambda x: -x[1][2]):
        print(f"{key:36s} {calls:6d} {nothing:6d} {ns / 1e6:8.1f} {100 * ns / total:5.1f}% "
              f"{nothing_ns / 1e6:9.1f}")


def main() -> int:
    """Parse the command line and run the chosen step; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("make", "run", "census"))
    ap.add_argument("pickle", type=Path)
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--callgrind", action="store_true")
    args = ap.parse_args()
    if args.step == "make":
        _make(args.pickle, args.eval_dir)
    elif args.step == "run":
        _run(args.pickle, check=args.check, callgrind=args.callgrind)
    else:
        _census(args.pickle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
