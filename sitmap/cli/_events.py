"""``sitmap events PATH... [--format csv|jsonl|geojson] [-o FILE] [--article-date YYYY-MM-DD]
[--columns lat=C,lon=C,date=C]``.

Writes the event table. A bad input file gets one line on stderr naming it, the other files
are still processed, and the exit status is 1; an article with no date of its own (and no
``--article-date``) gets a one-line note, and its events say "date unknown". Event tables
among the paths are written as read (a format conversion), each skipped row a line on
stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from sitmap.cli._inputs import build_reported, columns_option
from sitmap.errors import SitmapError
from sitmap.events import write_events

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    """Build and write the event table for ``args.paths``; return the exit status
    (0 all read, 1 some input or the output failed, 2 a bad ``--article-date`` or
    ``--columns``)."""
    article_date = None
    if args.article_date:
        try:
            article_date = dt.date.fromisoformat(args.article_date)
        except ValueError:
            print(
                f"sitmap events: --article-date {args.article_date!r} is not a date "
                "(expected YYYY-MM-DD)",
                file=sys.stderr,
            )
            return 2
    try:
        columns = columns_option(args.columns)
    except ValueError as exc:
        print(f"sitmap events: {exc}", file=sys.stderr)
        return 2
    try:
        built, errors = build_reported(args.paths, article_date, columns=columns)
        write_events(built.frame, args.output or sys.stdout, format=args.format)
    except SitmapError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 1 if errors else 0
