"""``sitmap export PATH... -o FILE [--from DATE] [--to DATE] [--title T] [--subtitle S]``.

Reads the articles, builds the event table and writes it in the format named by the output's
suffix: ``.html`` (standalone offline map; ``--from/--to`` set its starting date range),
``.geojson``, ``.kml`` or ``.csv`` (the events in ``--from/--to``). A bad input file gets one
line on stderr naming it, the others are still exported, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sitmap.errors import SitmapError
from sitmap.events import build_events, filter_events
from sitmap.ingest import load
from sitmap.mapping import EXPORT_FORMATS, export_file

__all__ = ["run"]


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"sitmap export: {option} {value!r} is not a date (expected YYYY-MM-DD)"
        ) from None


def run(args: argparse.Namespace) -> int:
    """Export the events of ``args.paths`` to ``args.output``; return the exit status
    (0 done, 1 some input or the output failed, 2 a bad option)."""
    suffix = Path(args.output).suffix.lower()
    if suffix not in (*EXPORT_FORMATS, ".htm", ".json"):
        print(f"sitmap export: {args.output}: unknown format {suffix or '(no suffix)'!r}; "
              f"use one of {', '.join(EXPORT_FORMATS)}", file=sys.stderr)
        return 2
    try:
        date_from = _date(args.date_from, "--from")
        date_to = _date(args.date_to, "--to")
        article_date = _date(args.article_date, "--article-date")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    loaded = load(args.paths)
    for error in loaded.errors:
        print(str(error), file=sys.stderr)
    try:
        frame = build_events(loaded.articles, article_date=article_date)
        is_map = suffix in (".html", ".htm")
        if not is_map and (date_from or date_to):
            frame = filter_events(frame, date_from=date_from, date_to=date_to)
        export_file(
            frame,
            args.output,
            title=args.title or "",
            subtitle=args.subtitle or "",
            date_range=(date_from, date_to) if date_from or date_to else None,
            articles=loaded.articles,
        )
    except SitmapError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{args.output}: {len(frame)} events from {len(loaded.articles)} articles")
    return 1 if loaded.errors else 0
