"""The one definition of "filter the event table" that the map, the table and exports share."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Final

import numpy as np
import pandas as pd

from sitmap.vocabulary import CATEGORIES

__all__ = ["EventFilter", "event_sources", "filter_events", "fold_table", "SOURCE_SEPARATOR"]

SOURCE_SEPARATOR = "; "
"""What joins the sources of a merged event in the ``sources`` column."""


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What the map shows: the events of ``categories`` (``None``: all) whose text holds
    ``text``, background places or not, reported by one of ``sources`` and in one of
    ``roles`` (``None``: any). The one place the page's filter shape
    ``{"categories", "text", "showBackground"}`` (with ``"sources"`` and ``"roles"`` when
    set) is built (:meth:`to_page`) and read (:meth:`from_page`)."""

    categories: tuple[str, ...] | None = None
    text: str = ""
    show_background: bool = True
    sources: tuple[str, ...] | None = None
    roles: tuple[str, ...] | None = None

    @classmethod
    def of(
        cls, categories: Iterable[str] | None, text: str = "", show_background: bool = True,
        *, sources: Iterable[str] | None = None, roles: Iterable[str] | None = None,
    ) -> EventFilter:
        """A filter from loose values (any iterable of names, anything as text), its
        categories, sources and roles sorted and without repeats. Raises TypeError when
        one of them is neither ``None`` nor iterable."""
        # Sorted and without repeats, so two filters that show the same events are equal.
        def names(values: Iterable[str] | None) -> tuple[str, ...] | None:
            return None if values is None else tuple(sorted({str(v) for v in values}))

        return cls(names(categories), str(text), bool(show_background), names(sources),
                   names(roles))

    @classmethod
    def from_page(cls, shape: Mapping[str, Any] | None) -> EventFilter:
        """Read the page's shape (a saved view's or a scene's ``filters``); a missing key
        keeps its default. Raises nothing."""
        shape = shape or {}
        return cls.of(shape.get("categories"), shape.get("text") or "",
                      shape.get("showBackground", True), sources=shape.get("sources"),
                      roles=shape.get("roles"))

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
        the map page's ``setFilter`` takes and projects save, with ``"sources"`` and
        ``"roles"`` lists only when they are set (so a filter without them keeps the shape
        older projects hold). Raises nothing."""
        page: dict[str, Any] = {
            "categories": None if self.categories is None else list(self.categories),
            "text": self.text,
            "showBackground": self.show_background,
        }
        if self.sources is not None:
            page["sources"] = list(self.sources)
        if self.roles is not None:
            page["roles"] = list(self.roles)
        return page

    def effective_roles(self) -> tuple[str, ...] | None:
        """The roles shown: :attr:`roles` (``None``: all), and only ``event`` without
        background places. Raises nothing."""
        if self.show_background:
            return self.roles
        return ("event",) if self.roles is None or "event" in self.roles else ()

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
    sources: Iterable[str] | None = None,
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
    * ``sources``: kept when one of the row's sources (the ``sources`` column, every
      report of a merged event, :data:`SOURCE_SEPARATOR`-joined; ``""`` for an unnamed
      source) is one of them (``None``: all).

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
    if sources is not None:
        keep &= _any_source_in(frame["sources"], set(sources))
    needle = text.strip().casefold()
    if needle:
        hit = pd.Series(False, index=frame.index)
        for column in _TEXT_COLUMNS:
            hit |= _folded_contains(frame[column], needle)
        keep &= hit
    return frame.loc[keep].reset_index(drop=True)


def _folded_contains(column: pd.Series, needle: str) -> pd.Series:
    """Per row of a text ``column``, whether its ``casefold()``-ed text contains ``needle``
    (itself casefolded): what ``column.str.casefold().str.contains(needle)`` says, made
    cheaper. Text in Arrow storage (the view model's unique texts) is matched in Arrow where
    it is ASCII (whose casefold is its ASCII lower case) and in Python elsewhere; text in
    Python storage is folded once per distinct value (a category, a place, a source repeat
    over many rows). Missing text matches nothing. Raises nothing for a text column."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        try:
            needle.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: Arrow's text holds none
            return pd.Series(False, index=column.index)
        values = pa.array(column.array)  # the column's own buffers
        hit = np.asarray(pc.match_substring(pc.ascii_lower(values), needle).fill_null(False),
                         dtype=bool).copy()
        other = np.flatnonzero(~np.asarray(pc.string_is_ascii(values).fill_null(True),
                                           dtype=bool))
        if len(other):
            texts = column.array[other].tolist()
            hit[other] = [isinstance(t, str) and needle in t.casefold() for t in texts]
        return pd.Series(hit, index=column.index)
    codes, uniques = pd.factorize(column.array)  # missing text: code -1
    found = np.array([needle in str(u).casefold() for u in uniques] + [False], dtype=bool)
    return pd.Series(found[codes], index=column.index)


def _source_names(joined: str) -> list[str]:
    """The sources of one ``sources`` value; ``[""]`` for a row with no named source."""
    return joined.split(SOURCE_SEPARATOR) if joined else [""]


def _any_source_in(column: pd.Series, chosen: set[str]) -> pd.Series:
    """Per row, whether one of its sources is in ``chosen``."""
    codes, uniques = pd.factorize(column.fillna("").astype(str))
    hits = [any(name in chosen for name in _source_names(u)) for u in uniques]
    lookup = pd.array(hits + [False], dtype=bool)
    return pd.Series(lookup[codes], index=column.index, dtype=bool)


def event_sources(frame: pd.DataFrame) -> list[str]:
    """The sources of the events in ``frame`` (every report of a merged event), each once,
    in alphabetical order ignoring case; ``""`` stands for events with no named source.
    Raises ``KeyError`` when ``frame`` has no ``sources`` column."""
    found = {name for joined in frame["sources"].fillna("").astype(str).unique()
             for name in _source_names(joined)}
    return sorted(found, key=lambda name: (name.casefold(), name))


def _day(value: dt.date | str) -> pd.Timestamp:
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return pd.Timestamp(value).normalize()
