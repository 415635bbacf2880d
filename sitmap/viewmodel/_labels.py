"""Labels: the event table's dates (how precise a date is shows in its label), the time
bar's ticks, and the box of the map view whose towns get names."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd

__all__ = ["date_labels", "label_box", "tick_labels", "view_box"]

_MONTHS = np.array(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
)


def date_labels(frame: pd.DataFrame) -> np.ndarray:
    """How precise the date is shows in the label: "2016", "Apr 2021", "week of ...", a
    day, or a run of days. (numpy string functions: pandas strftime is ~50x slower.)"""
    start = frame["date_start"].to_numpy(dtype="datetime64[D]")
    end = frame["date_end"].to_numpy(dtype="datetime64[D]")
    end = np.where(np.isnat(end), start, end)
    first = np.datetime_as_string(start, unit="D")
    last = np.datetime_as_string(end, unit="D")
    same_month = np.strings.slice(first, 0, 7) == np.strings.slice(last, 0, 7)
    tail = np.where(same_month, np.strings.slice(last, 8, 10), last)
    days = np.where(start == end, first, np.strings.add(np.strings.add(first, "–"), tail))
    month = _MONTHS[(start.astype("datetime64[M]").astype(np.int64) % 12).clip(0, 11)]
    year = np.strings.slice(first, 0, 4)
    precision = frame["date_precision"].to_numpy(dtype=object)
    label = np.select(
        [precision == "year", precision == "month", precision == "week"],
        [year, np.strings.add(np.strings.add(month, " "), year),
         np.strings.add("week of ", first)],
        default=days,
    ).astype(object)
    label[np.isnat(start)] = "undated"
    return label


def tick_labels(first: dt.date, v0: int, v1: int, days: int,
                width: float) -> list[tuple[int, str]]:
    """The time bar's tick labels: ``(day offset from first, label)`` about every 70
    pixels of ``width`` across the days ``v0`` to ``v1`` shown; "05 Jan" while at most 400
    days show (``days``), "Jan 2022" beyond."""
    step = max(1, int(np.ceil(days / max(width / 70.0, 1.0))))
    out: list[tuple[int, str]] = []
    for offset in range(v0, v1 + 1, step):
        day = first + dt.timedelta(days=offset)
        out.append((offset, day.strftime("%d %b") if days <= 400 else day.strftime("%b %Y")))
    return out


def label_box(report: str) -> tuple[float, float, float, float, int] | None:
    """``(south, west, north, east, smallest town in thousands)`` from the map page's view
    report (``viewMoved``), ``None`` when it is not one (the page's text is not trusted)."""
    try:
        view = json.loads(report)
        south, west, north, east = (float(v) for v in view["bounds"])
        floor = float(view.get("labelFloor", 0))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if not all(math.isfinite(v) for v in (south, west, north, east, floor)):
        return None
    if south > north or west > east or floor < 0:
        return None
    return max(south, -90.0), west, min(north, 90.0), east, int(floor)


def view_box(report: str) -> tuple[float, tuple[float, float, float, float]] | None:
    """``(zoom, (south, west, north, east))`` from the map page's view report
    (``viewMoved``), ``None`` when it is not one (the page's text is not trusted)."""
    box = label_box(report)
    if box is None:
        return None
    try:
        zoom = float(json.loads(report)["zoom"])
    except (ValueError, TypeError, KeyError):
        return None
    if not math.isfinite(zoom) or not 0 <= zoom <= 30:
        return None
    return zoom, box[:4]
