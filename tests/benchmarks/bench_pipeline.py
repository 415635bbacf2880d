"""Benchmark the whole pipeline: text -> Article -> places -> dates -> event table.

Run: ``.venv/bin/python tests/benchmarks/bench_pipeline.py [--eval-dir DIR] [--runs N]``

Reads the LGL and TR-News texts at run time from ``--eval-dir`` (default /work/shared/eval;
never copied into the repository). Their dates are unknown, so every article is dated
``--article-date`` (default 2010-06-15). The process is pinned to one core; the gazetteer is
opened and the recogniser built before timing. Prints events/s, documents/s and MB/s (UTF-8
bytes of article text) per CPU second and by the wall clock (the machine may be shared), and
where the CPU time goes: the median of ``--runs`` first passes, each in a new process (what
one ``sitmap events`` run over these texts costs), the median of ``--runs`` later passes in
one process (the same texts again, with warm caches), then the event stage alone. It also
prints the geoparser's own first pass (``Geoparser.parse(text)`` over the texts, each run a
new process, as ``bench_geoparse.py`` times it) against issue 14's per-core targets:
geoparser first pass >= 4 MB/s, whole pipeline first pass >= 2 MB/s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sitmap._gc import tune_for_batch
from sitmap.events import build_events
from sitmap.geocode import open_gazetteer
from sitmap.geoparse import Geoparser
from sitmap.ingest import article_from_text
from sitmap.model import TimeExpr, Toponym
from sitmap.timeline import find_dates

CORPORA = ("lgl", "trnews")
# Issue 14's per-core targets for a first pass, in MB of article text per CPU second.
GEOPARSER_TARGET = 4.0
PIPELINE_TARGET = 2.0


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

    def find_dates(
        self, text: str, *, reference: dt.date | None, **options: Any
    ) -> Sequence[TimeExpr]:
        t0 = time.process_time()
        try:
            found = self.dates(text, reference=reference, **options)
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

    def find_dates(
        self, text: str, *, reference: dt.date | None, **options: Any
    ) -> Sequence[TimeExpr]:
        return self.found[("dates", text)]


def _passes(
    docs: list[dict[str, Any]], article_date: dt.date, runs: int
) -> tuple[list[dict[str, float]], int, list[Any], dict[tuple[str, str], Any]]:
    """Run the pipeline ``runs`` times over ``docs`` in this process with one geoparser.

    Returns each pass's seconds by stage, the number of events, the last pass's articles and
    the places and dates that pass found."""
    parser = Geoparser()
    parser.parse("Warm up in Paris.")  # opens the gazetteer and builds the recogniser
    passes: list[dict[str, float]] = []
    events = 0
    articles: list[Any] = []
    found: dict[tuple[str, str], Any] = {}
    for run in range(runs):
        timed = _Timed(parser, find_dates, keep=run == runs - 1)
        c0 = time.process_time()
        t0 = time.perf_counter()
        articles = [article_from_text(d["id"], d["text"]) for d in docs]
        c1 = time.process_time()
        frame = build_events(
            articles, geoparser=timed, article_date=article_date, find_dates=timed.find_dates
        )
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        found, events = timed.found, len(frame)
        passes.append(
            {
                "wall": wall,
                "cpu": cpu,
                "ingest": c1 - c0,
                "geoparse": timed.seconds["geoparse"],
                "dates": timed.seconds["dates"],
                "events (rows, rules, merge, validate)": cpu
                - (c1 - c0)
                - sum(timed.seconds.values()),
            }
        )
    return passes, events, articles, found


def _geoparser_first_pass(texts: list[str]) -> float:
    """The CPU seconds of one first pass of a new ``Geoparser()`` over ``texts``, timed as
    ``bench_geoparse.py`` times it: the gazetteer opened and "warm up" parsed first."""
    parser = Geoparser(open_gazetteer())
    parser.parse("warm up")
    c0 = time.process_time()
    for text in texts:
        parser.parse(text)
    return time.process_time() - c0


def _core_kind() -> str:
    """Say whether the imported ``sitmap`` modules are pure Python or, in part, compiled
    (e.g. by ``build_mypyc.py``), and where the package comes from."""
    compiled = sorted(
        name for name, module in sys.modules.items()
        if name.startswith("sitmap.") and str(getattr(module, "__file__", "")).endswith(".so")
    )
    where = Path(sys.modules["sitmap"].__file__ or "?").parent
    if not compiled:
        return f"pure Python ({where})"
    return f"{len(compiled)} modules compiled ({where}; build_mypyc.py)"


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def main() -> int:
    """Run the benchmark and print its figures; return the exit status."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval-dir", type=Path, default=Path("/work/shared/eval"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--article-date", type=dt.date.fromisoformat, default=dt.date(2010, 6, 15))
    ap.add_argument("--first-pass-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--geoparser-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    files = [args.eval_dir / f"{name}.jsonl" for name in CORPORA]
    if not all(f.is_file() for f in files):
        print(
            f"{args.eval_dir}: needs {', '.join(CORPORA)}.jsonl; pass --eval-dir", file=sys.stderr
        )
        return 2
    docs = [json.loads(line) for f in files for line in f.open(encoding="utf-8")]
    megabytes = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6
    _pin_to_one_core()
    if args.first_pass_child:
        tune_for_batch()  # as the sitmap command does for a batch
        passes, events, _, _ = _passes(docs, args.article_date, 1)
        print(json.dumps({"pass": passes[0], "events": events}))
        return 0
    if args.geoparser_child:
        tune_for_batch()
        print(json.dumps({"cpu": _geoparser_first_pass([d["text"] for d in docs])}))
        return 0

    print(
        f"machine: {platform.processor() or platform.machine()}, pinned to 1 of "
        f"{os.cpu_count()} cpus, Python {platform.python_version()}"
    )
    print(f"corpus: {len(docs)} documents, {megabytes:.2f} MB; article date {args.article_date}")
    print(f"core: {_core_kind()}")
    # The first pass is what one `sitmap events` run over these texts costs: each is run in a
    # new process, since a process that has parsed before holds the names in its caches.
    first: list[dict[str, float]] = []
    geoparser_first: list[float] = []
    for _ in range(args.runs):
        # The two kinds of first pass take turns, so a change in the machine's load touches
        # both alike.
        for flag in ("--first-pass-child", "--geoparser-child"):
            child = subprocess.run(
                [sys.executable, __file__, "--eval-dir", str(args.eval_dir),
                 "--article-date", args.article_date.isoformat(), flag],
                capture_output=True, text=True, check=True,
            )
            if flag == "--first-pass-child":
                first.append(json.loads(child.stdout)["pass"])
            else:
                geoparser_first.append(json.loads(child.stdout)["cpu"])
    # Later passes read the same texts again in one process, so the geoparser's and the
    # event stage's caches already hold their names and passages: they flatter.
    warm, events, articles, found = _passes(docs, args.article_date, args.runs + 1)
    print(f"events: {events} rows ({events / len(docs):.1f} per document)")
    geo_cpu = statistics.median(geoparser_first)
    geo_rate = megabytes / geo_cpu
    print(
        f"geoparser alone, first pass, new process each (caches empty), median of "
        f"{len(geoparser_first)}: {geo_cpu:.2f} s of CPU = {geo_rate:.2f} MB/s - target "
        f"{GEOPARSER_TARGET:g} MB/s {'met' if geo_rate >= GEOPARSER_TARGET else 'NOT met'}"
    )
    _report(
        f"pipeline, first pass, new process each (caches empty), median of {len(first)}",
        first, megabytes, len(docs), events, target=PIPELINE_TARGET,
    )
    _report(
        f"pipeline, later passes, median of {args.runs} (same texts, warm caches)",
        warm[1:], megabytes, len(docs), events,
    )
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    # The event stage's share above also pays for processor caches the geoparser evicts
    # between articles; alone, it is timed on the places and dates the last pass found.
    replay = _Replay(found)
    alone = []
    for _ in range(args.runs):
        c0 = time.process_time()
        build_events(
            articles, geoparser=replay, article_date=args.article_date, find_dates=replay.find_dates
        )
        alone.append(time.process_time() - c0)
    print(
        f"event stage alone (places and dates replayed), median of {args.runs}: "
        f"{statistics.median(alone):.2f} s of CPU"
    )
    return 0


def _report(
    label: str,
    passes: list[dict[str, float]],
    megabytes: float,
    docs: int,
    events: int,
    *,
    target: float | None = None,
) -> None:
    """Print the median throughput of ``passes`` per CPU second (the headline: on a shared
    machine the wall clock also counts waiting for the core) against ``target`` (MB/s) when
    given, and by the wall clock, and where the CPU time went."""
    cpu = statistics.median(p["cpu"] for p in passes)
    wall = statistics.median(p["wall"] for p in passes)
    rate = megabytes / cpu
    verdict = "" if target is None else (
        f" - target {target:g} MB/s {'met' if rate >= target else 'NOT met'}")
    print(
        f"{label}: {cpu:.2f} s of CPU = {rate:.2f} MB/s, {events / cpu:,.0f} events/s, "
        f"{docs / cpu:,.0f} docs/s per CPU second{verdict}; by the wall clock "
        f"{megabytes / wall:.2f} MB/s"
    )
    stages = [name for name in passes[0] if name not in ("wall", "cpu")]
    print(
        "  CPU by stage: "
        + ", ".join(
            f"{name} {(sec := statistics.median(p[name] for p in passes)):.2f} s ({sec / cpu:.0%})"
            for name in stages
        )
    )


if __name__ == "__main__":
    raise SystemExit(main())
