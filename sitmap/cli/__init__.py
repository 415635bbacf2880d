"""The ``sitmap`` command: argument parsing and exit codes only.

Each subcommand's body lives in its own module (``_geoparse``, ``_events``, ``_batch``,
``_export``, ``_open``) and is imported only when that subcommand runs, so ``sitmap --help``
stays fast and nothing imports Qt unless the window is asked for. :func:`geoparse_record` (what
``sitmap geoparse --jsonl`` writes for one input record) loads its module on first use.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitmap import __version__
from sitmap._about import ABOUT
from sitmap._gc import small_arrow_pages as _small_arrow_pages
from sitmap._gc import tune_for_batch as _tune_for_batch
from sitmap._lazy import lazy_names as _lazy_names
from sitmap.mapping._formats import export_formats as _export_formats
from sitmap.mapping._formats import stream_formats as _stream_formats

if TYPE_CHECKING:
    from sitmap.cli._geoparse import geoparse_record

__all__ = ["main", "build_parser", "geoparse_record", "ABOUT"]

__getattr__ = _lazy_names(__name__, {"geoparse_record": "sitmap.cli._geoparse"})



_COLUMNS_HELP = ("for an event table of unknown layout (CSV, JSON Lines, GeoJSON properties, "
                 "Parquet): its latitude, longitude and date columns (optional too: end, "
                 "text, place, category, source, title, id; a GeoJSON point is geometry.lat, "
                 "geometry.lon)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sitmap",
        description="Read news articles, find the places and dates in them, and map them "
        "- offline. With no command, opens the window on the bundled seed articles.",
    )
    parser.add_argument("--version", action="version", version=f"sitmap {__version__}")
    parser.add_argument(
        "--about", action="store_true", help="print version and data attribution, then exit"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("geoparse", help="find and resolve place names; JSONL out")
    p.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders")
    p.add_argument("--jsonl", metavar="FILE", help='read documents {"id", "text"} from FILE')
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    p = sub.add_parser("events", help="build the event table")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="article files or folders, or event tables to convert")
    p.add_argument("--format", choices=_stream_formats(), default="csv")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument(
        "--article-date",
        metavar="YYYY-MM-DD",
        help="date to resolve relative dates against when an article has none",
    )
    p.add_argument("--columns", metavar="lat=COL,lon=COL,date=COL", help=_COLUMNS_HELP)

    p = sub.add_parser(
        "batch", help="build the event table of a large corpus on Dask, into Parquet",
        description="Build the merged event table of many articles on a Dask cluster (a "
        "local one on 127.0.0.1 by default) into a Parquet dataset partitioned by month. "
        "Inputs: article files and folders, .jsonl, .jsonl.gz, .parquet, .warc, .warc.gz.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files and folders to read")
    p.add_argument("-o", "--output", metavar="OUT", required=True,
                   help="output folder (a rerun into it skips what is written)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="tcp://HOST:8786",
                       help="a running Dask scheduler (its workers must see the same paths)")
    where.add_argument("--workers", type=int, metavar="N",
                       help="local worker processes (default: one per core)")
    p.add_argument("--article-date", metavar="YYYY-MM-DD",
                   help="date to resolve relative dates against when an article has none")
    p.add_argument("--since-last", action="store_true",
                   help="read only articles not seen by the last run into OUT and add them")
    p.add_argument("--partition-kb", type=int, default=1000, metavar="KB",
                   help="input per task (default 1000 kB, about a second of one core)")

    p = sub.add_parser(
        "export", help="export the map (standalone HTML), the event table, or slides and pages")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="article files, folders, event tables or a project")
    formats = _export_formats(window=False)
    suffixes = " ".join(f.suffix for f in formats if not f.briefing)
    decks = " ".join(f.suffix for f in formats if f.briefing)
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help=f"output file; format from its suffix: a map or table ({suffixes}) "
                        f"or a briefing of the storyboard, made automatically for articles "
                        f"({decks})")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--title", default=None)
    p.add_argument("--subtitle", default=None)
    p.add_argument("--article-date", metavar="YYYY-MM-DD")
    p.add_argument("--reviewed-only", action="store_true",
                   help="a project's rows marked reviewed only (its Review panel)")
    p.add_argument("--columns", metavar="lat=COL,lon=COL,date=COL", help=_COLUMNS_HELP)
    p.add_argument("--tiles", metavar="PACKAGE",
                   help="an MBTiles or PMTiles file of raster tiles to draw over the basemap "
                        "(a project's own package is used when not given)")
    p.add_argument("--embed-tiles-zoom", type=int, metavar="N",
                   help=".html: embed the package's tiles of the starting view up to zoom N "
                        "(default: two levels deeper than the starting view)")
    p.add_argument("--embed-tiles-max-mb", type=float, default=10.0, metavar="MB",
                   help=".html: at most this many MB of embedded tiles (default 10)")
    p.add_argument("--layers", metavar="heat,sized,icons",
                   help=".html: start with these layers on: the heatmap (heat), marks sized "
                        "by casualties (sized), category icons (icons); the page's layer "
                        "control switches them either way")

    p = sub.add_parser("open", help="open the window on articles, folders, event tables "
                       "or a project")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--columns", metavar="lat=COL,lon=COL,date=COL", help=_COLUMNS_HELP)
    p.add_argument("--screenshot", metavar="FILE.png", help="render, save a picture, exit")
    p.add_argument("--tiles", metavar="PACKAGE",
                   help="draw an MBTiles or PMTiles file of raster tiles over the basemap "
                        "(remembered with the project)")
    p.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD")
    p.add_argument("--size", default="1400x900", metavar="WxH")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit status.

    Never raises for a failure: an unexpected exception becomes one line on stderr naming
    the command, and exit status 1 (``SITMAP_DEBUG=1`` in the environment re-raises it, so
    the traceback shows). Ctrl-C is exit status 130.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.about:
        sys.stdout.write(ABOUT.format(version=__version__))
        return 0
    command = args.command or "open"
    if command == "geoparse":
        from sitmap.cli._geoparse import run
    elif command == "events":
        from sitmap.cli._events import run
    elif command == "batch":
        from sitmap.cli._batch import run
    elif command == "export":
        from sitmap.cli._export import run
    else:
        if args.command is None:
            args = parser.parse_args(["open"])
        # The window's process, before its imports load pyarrow (sitmap._gc).
        _small_arrow_pages()
        from sitmap.cli._open import run
    if command != "open" and argv is None:
        # This process's own command line: the process is this one batch (a caller that
        # passes ``argv`` keeps its collector as it is).
        _tune_for_batch()
    try:
        return run(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - one line for the user, never a traceback
        if os.environ.get("SITMAP_DEBUG") == "1":
            raise
        print(_unexpected(command, exc), file=sys.stderr)
        return 1


def _unexpected(command: str, exc: Exception) -> str:
    """One line saying that ``command`` stopped on an unexpected error, and how to see more."""
    if isinstance(exc, MemoryError):
        what = "out of memory"
    elif isinstance(exc, RecursionError):
        what = "input nested too deeply"
    else:
        detail = " ".join(str(exc).split())
        what = f"unexpected {type(exc).__name__}" + (f": {detail[:300]}" if detail else "")
    return (f"sitmap {command}: stopped: {what} (this is a bug if the input is sound; "
            "SITMAP_DEBUG=1 shows where)")
