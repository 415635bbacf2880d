"""``sitmap batch INPUT... -o OUT/ [--scheduler ADDRESS | --workers N] [--article-date D]
[--since-last] [--partition-kb KB]``: the event table of a large corpus, on Dask, as a
Parquet dataset.

Progress (partitions, documents, MB and their rate) goes to stderr, and so does the
dashboard's link when the scheduler has one. Bad documents are listed in
``OUT/_errors.jsonl`` (the exit status is then 1); the run goes on without them.
``--partition-kb`` sets how much input one task reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import sys
from typing import TextIO

from sitmap.errors import SitmapError

_BATCH_MODULES = ("dask", "distributed", "warcio")
"""What the ``batch`` extra installs and ``sitmap batch`` needs."""

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Run the batch for ``args``; return the exit status (0 every document read, 1 some
    could not be or the run could not finish, 2 a bad option)."""
    article_date = None
    if args.article_date:
        try:
            article_date = dt.date.fromisoformat(args.article_date)
        except ValueError:
            print(f"sitmap batch: --article-date {args.article_date!r} is not a date "
                  "(expected YYYY-MM-DD)", file=sys.stderr)
            return 2
    if args.workers is not None and args.workers < 1:
        print("sitmap batch: --workers must be 1 or more", file=sys.stderr)
        return 2
    if args.partition_kb < 1:
        print("sitmap batch: --partition-kb must be 1 or more", file=sys.stderr)
        return 2
    # sitmap.batch imports Dask, distributed and warcio only when a run needs them: ask for
    # the whole extra here, before any work, rather than fail half-way with a bare import error.
    missing = [name for name in _BATCH_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        print(f"sitmap batch: needs the batch extra ({', '.join(missing)} missing): "
              'pip install "sitmap[batch]"', file=sys.stderr)
        return 1
    from sitmap.batch import run_batch
    bar = _Bar(sys.stderr)
    try:
        result = run_batch(
            args.inputs, args.output, scheduler=args.scheduler, workers=args.workers,
            article_date=article_date, since_last=args.since_last, progress=bar.show,
            connected=_say_connected, part_bytes=args.partition_kb * 1000,
        )
    except SitmapError as exc:
        bar.end()
        print(str(exc), file=sys.stderr)
        return 1
    bar.end()
    for notice in result.notices:
        print(notice, file=sys.stderr)
    print(
        f"sitmap batch: {result.articles:,} articles ({result.new_articles:,} built now, "
        f"{result.parts_skipped:,} partitions already written), {result.events:,} event rows "
        f"in {result.out / 'events'}" + (
            f"; {result.bad:,} bad documents listed in {result.out / '_errors.jsonl'}"
            if result.bad else ""),
        file=sys.stderr,
    )
    return 1 if result.bad else 0


def _say_connected(address: str, dashboard: str) -> None:
    print(f"sitmap batch: scheduler {address}"
          + (f"; dashboard {dashboard}" if dashboard else ""), file=sys.stderr, flush=True)


class _Bar:
    """A one-line progress bar on a terminal; on anything else a line per tenth done."""

    _WIDTH = 24

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._tenth = -1
        self._open = False

    def show(self, progress: object) -> None:
        from sitmap.batch import Progress

        assert isinstance(progress, Progress)
        fraction = progress.parts_done / progress.parts if progress.parts else 1.0
        seconds = max(progress.seconds, 1e-9)
        filled = int(fraction * self._WIDTH)
        line = (f"[{'#' * filled}{'.' * (self._WIDTH - filled)}] "
                f"{progress.parts_done:,}/{progress.parts:,} partitions, "
                f"{progress.docs:,} docs, {progress.bytes / 1e6:,.1f} MB, "
                f"{progress.docs / seconds:,.0f} docs/s, "
                f"{progress.bytes / 1e6 / seconds:,.2f} MB/s")
        if self._tty:
            self._stream.write("\r" + line)
            self._stream.flush()
            self._open = True
        elif int(fraction * 10) != self._tenth:
            self._tenth = int(fraction * 10)
            print(line, file=self._stream, flush=True)

    def end(self) -> None:
        if self._open:
            self._stream.write("\n")
            self._open = False
