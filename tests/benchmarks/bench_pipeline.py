"""Benchmark the whole pipeline: text -> Article -> places -> dates -> event table.

Run: ``.venv/bin/python tests/benchmarks/bench_pipeline.py [--eval-dir DIR] [--runs N]``

Reads the LGL and TR-News texts at run time from ``--eval-dir`` (default /work/shared/eval;
never copied into the repository). Their dates are unknown, so every article is dated
``--article-date`` (default 2010-06-15). The process is pinned to one core; the gazetteer is
opened and the recogniser built before timing. Prints events/s, documents/s and MB/s (UTF-8
bytes of article text), the median of ``--runs`` passes, by the wall clock and per CPU
second (the machine may be shared), and where the time goes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sitmap.events import build_events
from sitmap.geoparse import Geoparser
from sitmap.ingest import article_from_text
from sitmap.model import TimeExpr, Toponym
from sitmap.timeline import find_dates

CORPORA = ("lgl", "trnews")


class _Timed:
    """Adds the CPU seconds spent in the wrapped geoparser / date finder to ``seconds`` and,
    when ``keep``, keeps what they returned, by text, in ``found``.

    Only one pass keeps its results: a real run lets each article's places and dates go once
    its rows are built, and thousands of kept objects would make every garbage collection of
    the later passes slower than the pipeline is.
    """

    def __init__(
        self, parser: Geoparser, dates: Callable[..., Sequence[TimeExpr]], *, keep: bool
    ) -> None:
        self.parser, self.dates, self.keep = parser, dates, keep
        self.seconds = {"geoparse": 0.0, "dates": 0.0}
        self.found: dict[tuple[str, str], Any] = {}

    def parse(self, text: str, *, context: Any) -> list[Toponym]:
        t0 = time.process_time()
        try:
            found = self.parser.parse(text, context=context)
        finally:
            self.seconds["geoparse"] += time.process_time() - t0
        if self.keep:
            self.found[("places", text)] = found
        return found

    def find_dates(self, text: str, *, reference: dt.date | None) -> Sequence[TimeExpr]:
        t0 = time.process_time()
        try:
            found = self.dates(text, reference=reference)
        finally:
            self.seconds["dates"] += time.process_time() - t0
        if self.keep:
            self.found[("dates", text)] = found
        return found


class _Replay:
    """Hands back what a :class:`_Timed` pass found, so the event stage can be timed alone."""

    def __init__(self, found: dict[tuple[str, str], Any]) -> None:
        self.found = found

    def parse(self, text: str, *, context: Any) -> list[Toponym]:
        return list(self.found[("places", text)])

    def find_dates(self, text: str, *, reference: dt.date | None) -> Sequence[TimeExpr]:
        return self.found[("dates", text)]


def main() -> int:
    """Run the benchmark and print its figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--article-date", type=dt.date.fromisoformat, default=dt.date(2010, 6, 15))
    args = ap.parse_args()
    files = [args.eval_dir / f"{name}.jsonl" for name in CORPORA]
    if not all(f.is_file() for f in files):
        print(
            f"{args.eval_dir}: needs {', '.join(CORPORA)}.jsonl; pass --eval-dir", file=sys.stderr
        )
        return 2
    docs = [json.loads(line) for f in files for line in f.open(encoding="utf-8")]
    megabytes = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    parser = Geoparser()
    parser.parse("Warm up in Paris.")  # opens the gazetteer and builds the recogniser
    print(
        f"machine: {platform.processor() or platform.machine()}, pinned to 1 of "
        f"{os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    print(f"corpus: {len(docs)} documents, {megabytes:.2f} MB; article date {args.article_date}")

    walls, cpus, ingests, stages, counts = [], [], [], [], []
    for run in range(args.runs):
        timed = _Timed(parser, find_dates, keep=run == args.runs - 1)
        c0 = time.process_time()
        t0 = time.perf_counter()
        articles = [article_from_text(d["id"], d["text"]) for d in docs]
        c1 = time.process_time()
        frame = build_events(
            articles, geoparser=timed, article_date=args.article_date, find_dates=timed.find_dates
        )
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        ingests.append(c1 - c0)
        stages.append(timed.seconds)
        stages_found = timed.found
        counts.append(len(frame))
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    split = {
        "ingest": statistics.median(ingests),
        "geoparse": statistics.median(s["geoparse"] for s in stages),
        "dates": statistics.median(s["dates"] for s in stages),
        "events (rows, rules, merge, validate)": statistics.median(
            c - i - s["geoparse"] - s["dates"]
            for c, i, s in zip(cpus, ingests, stages, strict=True)
        ),
    }
    rate = megabytes / cpu
    print(f"events: {counts[0]} rows ({counts[0] / len(docs):.1f} per document)")
    # On a shared machine the wall clock includes waiting for the core; CPU time does not.
    print(
        f"whole pipeline per CPU second, median of {args.runs} ({cpu:.2f} s of CPU): "
        f"{rate:.2f} MB/s, {counts[0] / cpu:,.0f} events/s, {len(docs) / cpu:,.0f} docs/s "
        f"- target 1 MB/s {'met' if rate >= 1 else 'NOT met'}"
    )
    print(
        f"same by the wall clock ({wall:.2f} s): {megabytes / wall:.2f} MB/s, "
        f"{counts[0] / wall:,.0f} events/s, {len(docs) / wall:,.0f} docs/s"
    )
    print(
        "  CPU by stage, median of each: "
        + ", ".join(f"{name} {sec:.2f} s ({sec / cpu:.0%})" for name, sec in split.items())
    )
    print("  load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    # The residual above also pays for caches the geoparser evicts between articles; the
    # event stage alone is timed on the places and dates the last pass found.
    replay = _Replay(stages_found)
    alone = []
    for _ in range(args.runs):
        c0 = time.process_time()
        build_events(
            articles, geoparser=replay, article_date=args.article_date, find_dates=replay.find_dates
        )
        alone.append(time.process_time() - c0)
    print(
        f"  event stage alone (places and dates replayed), median of {args.runs}: "
        f"{statistics.median(alone):.2f} s of CPU"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
