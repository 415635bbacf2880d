"""The one definition of "filter the event table" that the map, the table and exports share."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

import pandas as pd

from sitmap.vocabulary import CATEGORIES

__all__ = ["EventFilter", "filter_events", "fold_table"]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the map shows: the events of ``categories`` (``None``: all) whose text holds
    ``text``, background places or not. The one place the page's filter shape
    ``{"categories", "text", "showBackground"}`` is built (:meth:`to_page`) and read
    (:meth:`from_page`)."""

    categories: tuple[str, ...] | None = None
    text: str = ""
    show_background: bool = True

    @classmethod
    def of(
        cls, categories: Iterable[str] | None, text: str = "", show_background: bool = True
    ) -> EventFilter:
        """A filter from loose values (any iterable of names, anything as text), its
        categories sorted and without repeats. Raises TypeError when ``categories`` is
        neither ``None`` nor iterable."""
        # Sorted and without repeats, so two filters that show the same events are equal.
        chosen = None if categories is None else tuple(sorted({str(c) for c in categories}))
        return cls(chosen, str(text), bool(show_background))

    @classmethod
    def from_page(cls, shape: Mapping[str, Any] | None) -> EventFilter:
        """Read the page's shape (a saved view's or a scene's ``filters``); a missing key
        keeps its default. Raises nothing."""
        shape = shape or {}
        return cls.of(shape.get("categories"), shape.get("text") or "",
                      shape.get("showBackground", True))

    def sorted(self) -> EventFilter:
        """The same filter with its categories in alphabetical order. Raises nothing."""
        return self if self.categories is None else replace(
            self, categories=tuple(sorted(self.categories)))

    def known(self) -> EventFilter:
        """The same filter with only known categories, in :data:`CATEGORIES` order. Raises
        nothing."""
        if self.categories is None:
            return self
        chosen = set(self.categories)
        return replace(self, categories=tuple(c for c in CATEGORIES if c in chosen))

    def to_page(self) -> dict[str, Any]:
        """``{"categories": [...] | None, "text": str, "showBackground": bool}``, the shape
        the map page's ``setFilter`` takes and projects save. Raises nothing."""
        return {
            "categories": None if self.categories is None else list(self.categories),
            "text": self.text,
            "showBackground": self.show_background,
        }

_TEXT_COLUMNS = ("passage", "place", "toponym_text", "title", "sources")
_BMP: Final = 0x10000
_SURROGATES: Final = range(0xD800, 0xE000)


@functools.cache
def fold_table() -> dict[str, str]:
    """The characters whose case folding differs from their lower case, each mapped to its
    folding ({"ß": "ss", "ﬁ": "fi", "ς": "σ", ...}: about 180 of them, all in the Basic
    Multilingual Plane), from this Python's Unicode data.

    The map page folds its text filter with it: JavaScript has no ``casefold``, but for
    every string ``s``, ``s.casefold()`` is ``s.lower()`` with each character put through
    this table, so the page (``toLowerCase()`` and the table) and :func:`filter_events`
    (``casefold()``) find the same rows. Raises nothing; computed once (about 10 ms).
    """
    table = {}
    for code in range(_BMP):
        if code in _SURROGATES:
            continue
        char = chr(code)
        if char.lower() == char and (folded := char.casefold()) != char:
            table[char] = folded
    return table



def filter_events(
    frame: pd.DataFrame,
    *,
    date_from: dt.date | str | None = None,
    date_to: dt.date | str | None = None,
    categories: Iterable[str] | None = None,
    text: str = "",
    roles: Iterable[str] | None = None,
    demonyms: bool = True,
) -> pd.DataFrame:
    """Return the rows of ``frame`` that pass every given criterion (index reset).

    * dates: a row is kept when its ``[date_start, date_end]`` overlaps the inclusive day
      range ``[date_from, date_to]``; either end may be open (``None``). When a date bound
      is given, rows with an unknown date are dropped (they cannot be shown to fall in the
      range); with no bound they are kept.
    * ``categories`` / ``roles``: kept when the row's value is one of them (``None``: all).
    * ``demonyms=False`` drops the rows whose place was named only by a demonym ("Kazakh"):
      like datelines and mentions they are background places.
    * ``text``: case-insensitive substring (both sides ``str.casefold()``-ed, so "strasse"
      finds "Straße"; the page folds the same way, see :func:`fold_table`) of passage,
      place, place name as written, title or sources (``""``: all).

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
    if not demonyms:
        keep &= ~frame["demonym"].astype(bool)
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
