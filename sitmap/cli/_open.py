"""``sitmap open``: the window on articles, folders, event tables or the bundled seeds; or a
screenshot."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from sitmap.cli._inputs import columns_option

__all__ = ["run"]


def _size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{2,5})\s*[xX]\s*(\d{2,5})\s*", text)
    if match is None:
        raise ValueError(f"--size: expected WIDTHxHEIGHT such as 1400x900, got {text!r}")
    return int(match[1]), int(match[2])


def _date(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{option}: expected a date YYYY-MM-DD, got {text!r}") from None


def run(args: argparse.Namespace) -> int:
    """Open the window (or save a screenshot); return the exit status.

    Exit status 2 for a bad option value, 1 when an input could not be read or the map did
    not come up, 0 otherwise.
    """
    try:
        size = _size(args.size)
        date_from = _date("--from", args.date_from)
        date_to = _date("--to", args.date_to)
        columns = columns_option(args.columns)
    except ValueError as exc:
        print(f"sitmap open: {exc}", file=sys.stderr)
        return 2
    from sitmap.gui import run as run_window

    screenshot = Path(args.screenshot) if args.screenshot else None
    return run_window(
        args.paths, screenshot=screenshot, date_from=date_from, date_to=date_to, size=size,
        columns=columns, tiles=Path(args.tiles) if args.tiles else None,
    )
