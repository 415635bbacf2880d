"""``sitmap export PATH... -o FILE [--from DATE] [--to DATE] [--title T] [--subtitle S]``.

Reads the articles, builds the event table and writes it in the format named by the output's
suffix: ``.html`` (standalone offline map; ``--from/--to`` set its starting date range),
``.geojson``, ``.kml``, ``.csv`` or ``.jsonl`` (the events in ``--from/--to``; CSV and JSON
Lines written streamed, as ``sitmap events`` writes them). A bad input file gets one
line on stderr naming it, the others are still exported, and the exit status is 1.

Event tables (a Parquet dataset, sitmap's own CSV/JSONL/GeoJSON exports, ACLED's CSV, any
CSV with ``--columns lat=NAME,lon=NAME,date=NAME``) are read as they are, without
geoparsing; a row that breaks the event schema is a line on stderr (``<file>:<line>:
<reason>``), the others are exported, and the exit status is 1.

``sitmap export PROJECT.sitmap -o FILE`` exports a project instead: its corrected events,
and for ``.html`` its storyboard as a slideshow, starting with the view, date range and
filters the project was saved with (``--from/--to`` override the range). With
``--reviewed-only`` only the rows marked reviewed (the window's Review panel) are written.

``.pptx`` (slides) and ``.pdf`` (pages) are briefings: a title, one slide per scene of the
storyboard with its map drawn offscreen (no display needed), a sources slide. Articles, or
a project without scenes, get the auto-storyboard (``sitmap.project.auto_storyboard``) of
the events in ``--from/--to``.

``--tiles PACKAGE`` (an MBTiles or PMTiles file; a project's remembered package otherwise)
draws a tile package over the basemap: ``.html`` embeds the tiles of its starting view up
to ``--embed-tiles-zoom`` within ``--embed-tiles-max-mb`` (a line on stderr says what went
in); slides and pages draw their maps over it; each credits the package's attribution.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import stat
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from sitmap.cli._inputs import (
    articles_phrase,
    build_reported,
    columns_option,
    counted,
    read_phrase,
)
from sitmap.errors import SitmapError
from sitmap.events import EventFilter, filter_events
from sitmap.mapping._formats import (
    ExportFormat,
    ExportRequest,
    UnknownFormatError,
    format_for,
    write_export,
)
from sitmap.mapping._tiles import (
    MAX_ZOOM,
    TILES_SETTING,
    TilePackage,
    embed_for_export,
    open_tile_package,
    saved_tiles_path,
)
from sitmap.project import Project, auto_storyboard

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


def _tile_options(args: argparse.Namespace) -> str | None:
    """What is wrong with the tile options, or None."""
    zoom, cap = args.embed_tiles_zoom, args.embed_tiles_max_mb
    if zoom is not None and not 0 <= zoom <= MAX_ZOOM:
        return f"--embed-tiles-zoom {zoom}: expected 0 to {MAX_ZOOM}"
    if not (math.isfinite(cap) and 0 < cap <= 1024):
        return f"--embed-tiles-max-mb {cap:g}: expected more than 0 and at most 1024"
    return None


def _open_tiles(path: Path, *, given: bool) -> TilePackage | None:
    """The package at ``path``; one the user named (``given``) and that is refused raises
    SitmapError, a project's remembered one that no longer opens is a line on stderr."""
    try:
        return open_tile_package(path)
    except SitmapError as exc:
        if given:
            raise
        print(f"sitmap export: {exc} (the project's tile package; the built-in basemap is "
              "used)", file=sys.stderr)
        return None


def _with_tiles(args: argparse.Namespace, fmt: ExportFormat, request: ExportRequest,
                package: TilePackage | None) -> ExportRequest:
    """``request`` with the tile package's credit, its embedded tiles for a standalone map
    (a line on stderr says what went in) and the package for slides and pages."""
    if package is None or not fmt.whole_map:
        return request
    request = replace(request, attribution=package.info.attribution or package.info.name,
                      tile_package=package)
    if not fmt.briefing:
        points = zip(request.frame["lat"].tolist(), request.frame["lon"].tolist(), strict=True)
        cap = int(args.embed_tiles_max_mb * 1024 * 1024)
        embedded = embed_for_export(package, view=request.view, points=points,
                                    max_zoom=args.embed_tiles_zoom, max_bytes=cap)
        print(embedded.describe(package.info.path, cap), file=sys.stderr)
        request = replace(request, tiles=embedded.page)
    return request


def _briefing(fmt: ExportFormat, request: ExportRequest) -> tuple[ExportRequest, str]:
    """``request`` made ready for a briefing format: the auto-storyboard when it has no
    scenes (of the events in ``--from/--to`` when given: the deck is of that period), and
    the offscreen renderer; with the words saying whose scenes they are."""
    if not fmt.briefing:
        return request, ""
    from sitmap.gui import offscreen_renderer

    how = ""
    if not request.scenes:
        if request.date_range is not None:
            first, last = request.date_range
            request = replace(request, frame=filter_events(
                request.frame, date_from=first, date_to=last))
        frame = request.only_reviewed().frame
        request = replace(request, scenes=[s.to_json() for s in auto_storyboard(frame)])
        how = " (auto-storyboard)"
    return replace(request, renderer=offscreen_renderer()), how


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
            saved_tiles = saved_tiles_path(project.setting(TILES_SETTING))
        finally:
            project.close()
        package = (_open_tiles(Path(args.tiles), given=True) if args.tiles else
                   _open_tiles(saved_tiles, given=False) if saved_tiles else None)
        saved_range = saved.get("range")
        date_range: tuple[dt.date | str | None, dt.date | str | None] | None = None
        if date_from is not None or date_to is not None:
            date_range = (date_from, date_to)
        elif saved_range:
            date_range = (saved_range[0], saved_range[1])
        filters = EventFilter.from_page(saved.get("filters"))
        if date_range is not None and not fmt.whole_map:
            frame = filter_events(frame, date_from=date_range[0], date_to=date_range[1])
        request, how = _briefing(fmt, ExportRequest(
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
            layers=args.layers,
        ))
        write_export(args.output, _with_tiles(args, fmt, request, package))
    except (SitmapError, ValueError) as exc:
        print(f"sitmap export: {exc}", file=sys.stderr)
        return 1
    if reviewed is not None:
        frame = frame.loc[frame["event_id"].isin(reviewed)]
    told = counted(len(request.scenes or ()), "scene")
    print(f"{args.output}: {counted(len(frame), 'event')} from "
          f"{articles_phrase(len(articles))}, {told}{how} (project {path.name})")
    return 0


_LAYERS: Final = ("heat", "sized", "icons")


def _layers_option(text: str | None) -> dict[str, bool] | None:
    """``--layers heat,sized,icons`` as ``{"heat": …, "sized": …, "icons": …}``; ``None``
    when not given. Raises ValueError naming an unknown layer."""
    if text is None:
        return None
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [name for name in names if name not in _LAYERS]
    if unknown:
        raise ValueError(f"--layers: unknown layer {unknown[0]!r} (choose from "
                         f"{', '.join(_LAYERS)})")
    return {name: name in names for name in _LAYERS}


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
    try:
        columns = columns_option(args.columns)
    except ValueError as exc:
        print(f"sitmap export: {exc}", file=sys.stderr)
        return 2
    problem = _tile_options(args)
    if problem is not None:
        print(f"sitmap export: {problem}", file=sys.stderr)
        return 2
    try:
        args.layers = _layers_option(getattr(args, "layers", None))
    except ValueError as exc:
        print(f"sitmap export: {exc}", file=sys.stderr)
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
        package = _open_tiles(Path(args.tiles), given=True) if args.tiles else None
        built, errors = build_reported(args.paths, article_date, columns=columns)
        frame, articles = built.frame, built.articles
        if errors and not articles and frame.empty:
            # Every input failed (each is already a line on stderr): an empty map or deck
            # would only hide that, and could replace a good file of the same name.
            print(f"sitmap export: {args.output}: not written: no input could be read",
                  file=sys.stderr)
            return 1
        if not fmt.whole_map and (date_from or date_to):
            frame = filter_events(frame, date_from=date_from, date_to=date_to)
        request, how = _briefing(fmt, ExportRequest(
            frame,
            title=args.title or "",
            subtitle=args.subtitle or "",
            date_range=(date_from, date_to) if date_from or date_to else None,
            articles=articles,
            layers=args.layers,
        ))
        write_export(args.output, _with_tiles(args, fmt, request, package))
    except SitmapError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    scenes = f", {counted(len(request.scenes or ()), 'scene')}{how}" if fmt.briefing else ""
    print(f"{args.output}: {counted(len(frame), 'event')} from {read_phrase(built)}{scenes}")
    return 1 if errors else 0
