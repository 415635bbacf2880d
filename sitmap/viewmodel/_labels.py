"""The event table's date labels: how precise a date is shows in its label."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["date_labels"]

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
