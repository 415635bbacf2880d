"""The one definition of "filter the event table" that the map, the table and exports share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

__all__ = ["filter_events"]

_TEXT_COLUMNS = ("passage", "place", "toponym_text", "title", "sources")


def filter_events(
    frame: pd.DataFrame,
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    categories: Iterable[str] | None = None,
    text: str = "",
    roles: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the rows of ``frame`` that pass every given criterion (index reset).

    * dates: a row is kept when its ``[date_start, date_end]`` overlaps the inclusive day
      range ``[date_from, date_to]``; either end may be open (``None``). When a date bound
      is given, rows with an unknown date are dropped (they cannot be shown to fall in the
      range); with no bound they are kept.
    * ``categories`` / ``roles``: kept when the row's value is one of them (``None``: all).
    * ``text``: case-insensitive substring of passage, place, place name as written, title
      or sources (``""``: all).

    Raises ValueError if a date bound is not a date or ISO ``YYYY-MM-DD`` string.
    """
    keep = pd.Series(True, index=frame.index)
    if date_from is not None or date_to is not None:
        keep &= frame["date_start"].notna()
        if date_from is not None:
            keep &= frame["date_end"] >= _day(date_from)
        if date_to is not None:
            keep &= frame["date_start"] <= _day(date_to)
    if categories is not None:
        keep &= frame["category"].isin(list(categories))
    if roles is not None:
        keep &= frame["role"].isin(list(roles))
    needle = text.strip().casefold()
    if needle:
        hit = pd.Series(False, index=frame.index)
        for column in _TEXT_COLUMNS:
            hit |= frame[column].str.casefold().str.contains(needle, regex=False)
        keep &= hit
    return frame.loc[keep].reset_index(drop=True)


def _day(value: dt.date | str) -> pd.Timestamp:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return pd.Timestamp(value).normalize()
