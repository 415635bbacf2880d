"""``sitmap export PATH... -o FILE [--from DATE] [--to DATE] [--title T] [--subtitle S]``.

Reads the articles, builds the event table and writes it in the format named by the output's
suffix: ``.html`` (standalone offline map; ``--from/--to`` set its starting date range),
``.geojson``, ``.kml`` or ``.csv`` (the events in ``--from/--to``). A bad input file gets one
line on stderr naming it, the others are still exported, and the exit status is 1.

``sitmap export PROJECT.sitmap -o FILE`` exports a project instead: its corrected events,
and for ``.html`` its storyboard as a slideshow, starting with the view, date range and
filters the project was saved with (``--from/--to`` override the range). With
``--reviewed-only`` only the rows marked reviewed (the window's Review panel) are written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import stat
import sys
from pathlib import Path
from typing import Any

from sitmap.cli._inputs import articles_phrase, build_reported, counted
from sitmap.errors import SitmapError
from sitmap.events import EventFilter, filter_events
from sitmap.mapping._formats import (
    ExportFormat,
    ExportRequest,
    UnknownFormatError,
    format_for,
    write_export,
)
from sitmap.project import Project

__all__ = ["run"]

PROJECT_SUFFIX = ".sitmap"


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"sitmap export: {option} {value!r} is not a date (expected YYYY-MM-DD)"
        ) from None


def _export_project(
    args: argparse.Namespace,
    fmt: ExportFormat,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> int:
    """Export the one project in ``args.paths``; return the exit status."""
    path = Path(args.paths[0])
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None  # missing or unreadable: Project.open says which
    if mode is not None and not stat.S_ISREG(mode):
        # SQLite would wait for ever on a FIFO.
        what = ("a folder" if stat.S_ISDIR(mode) else "a FIFO (named pipe)"
                if stat.S_ISFIFO(mode) else "a device or socket")
        print(f"sitmap export: {path}: skipped: {what}, not a regular file", file=sys.stderr)
        return 1
    try:
        project = Project.open(path)
        for notice in project.notices:
            print(f"sitmap export: {notice}", file=sys.stderr)
        try:
            frame = project.events()
            reviewed = (frozenset(frame.loc[project.reviewed(frame), "event_id"])
                        if args.reviewed_only else None)
            articles = project.articles()
            scenes = [scene.to_json() for scene in project.scenes()]
            annotations = [a.to_json() for a in project.annotations()]
            saved: dict[str, Any] = project.setting("view") or {}
        finally:
            project.close()
        saved_range = saved.get("range")
        date_range: tuple[dt.date | str | None, dt.date | str | None] | None = None
        if date_from is not None or date_to is not None:
            date_range = (date_from, date_to)
        elif saved_range:
            date_range = (saved_range[0], saved_range[1])
        filters = EventFilter.from_page(saved.get("filters"))
        if date_range is not None and not fmt.whole_map:
            frame = filter_events(frame, date_from=date_range[0], date_to=date_range[1])
        write_export(
            args.output,
            ExportRequest(
                frame,
                title=args.title or path.stem,
                subtitle=args.subtitle or "",
                date_range=date_range,
                view=saved.get("view"),
                categories=filters.categories,
                text=filters.text,
                show_background=filters.show_background,
                articles=articles,
                scenes=scenes,
                reviewed=reviewed,
                annotations=annotations,
            ),
        )
    except (SitmapError, ValueError) as exc:
        print(f"sitmap export: {exc}", file=sys.stderr)
        return 1
    if reviewed is not None:
        frame = frame.loc[frame["event_id"].isin(reviewed)]
    print(f"{args.output}: {counted(len(frame), 'event')} from "
          f"{articles_phrase(len(articles))}, {counted(len(scenes), 'scene')} "
          f"(project {path.name})")
    return 0


def run(args: argparse.Namespace) -> int:
    """Export the events of ``args.paths`` (article files and folders, or one ``.sitmap``
    project) to ``args.output``; return the exit status (0 done, 1 some input or the output
    failed, 2 a bad option)."""
    try:
        fmt = format_for(args.output)
    except UnknownFormatError as exc:
        print(f"sitmap export: {exc}", file=sys.stderr)
        return 2
    try:
        date_from = _date(args.date_from, "--from")
        date_to = _date(args.date_to, "--to")
        article_date = _date(args.article_date, "--article-date")
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    projects = [p for p in args.paths if Path(p).suffix.lower() == PROJECT_SUFFIX]
    if projects:
        if len(args.paths) > 1:
            print(f"sitmap export: {projects[0]}: a project is exported on its own (open it "
                  "in the window to add articles)", file=sys.stderr)
            return 2
        return _export_project(args, fmt, date_from, date_to)
    if args.reviewed_only:
        print("sitmap export: --reviewed-only needs a project (.sitmap): articles read now "
              "have no rows marked reviewed", file=sys.stderr)
        return 2
    try:
        built, errors = build_reported(args.paths, article_date)
        frame, articles = built.frame, built.articles
        if not fmt.whole_map and (date_from or date_to):
            frame = filter_events(frame, date_from=date_from, date_to=date_to)
        write_export(
            args.output,
            ExportRequest(
                frame,
                title=args.title or "",
                subtitle=args.subtitle or "",
                date_range=(date_from, date_to) if date_from or date_to else None,
                articles=articles,
            ),
        )
    except SitmapError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"{args.output}: {counted(len(frame), 'event')} from "
          f"{articles_phrase(len(articles))}")
    return 1 if errors else 0
