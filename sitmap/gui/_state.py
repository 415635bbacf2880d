"""The window's state: the event frame, its articles, the filters and the selection.

Widgets take an :class:`AppState` in their constructor, listen to its signals and turn user
input into one call on it; they never talk to each other. Every view reads the same
``visible`` mask, so a filter means the same thing on the map, in the table and in the counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import numpy as np
import pandas as pd
from PySide6.QtCore import QObject, Signal

from sitmap.events import empty_frame, filter_events, timeline_span, validate
from sitmap.model import Article

__all__ = ["AppState", "signals_blocked"]

# What filter_events reads: the dates, category and role always, the text columns only
# when there is text to look for.
_FILTER_COLUMNS = ("date_start", "date_end", "category", "role")
_TEXT_COLUMNS = ("passage", "place", "toponym_text", "title", "sources")


@contextmanager
def signals_blocked(obj: QObject) -> Iterator[None]:
    """Silence ``obj``'s signals inside the block, so a widget updated from the state does
    not echo the change back to it."""
    previous = obj.blockSignals(True)
    try:
        yield
    finally:
        obj.blockSignals(previous)


def _day(value: dt.date | pd.Timestamp | str) -> dt.date:
    return pd.Timestamp(value).date()


class AppState(QObject):
    """What the window shows. Signals say what changed; the data itself stays here.

    Signals:
        dataChanged: a new frame (and articles) replaced the old one; the range was reset.
        rangeChanged(str, str): the inclusive ISO day range shown.
        filterChanged: categories, text or the background toggle changed.
        selectionChanged(str, str): event id ("" for none) and the origin of the change
            ("map", "table", "article" or "" for programmatic), so the origin does not
            react to its own click.
    """

    dataChanged = Signal()
    rangeChanged = Signal(str, str)
    filterChanged = Signal()
    selectionChanged = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame = empty_frame()
        self._articles: dict[str, Article] = {}
        self._start = self._end = dt.date.today()
        self._bounds = (self._start, self._end)
        self._categories: frozenset[str] | None = None
        self._text = ""
        self._show_background = True
        self._selected = ""
        self._visible = np.zeros(0, dtype=bool)
        self._passes_filter = np.zeros(0, dtype=bool)
        self._row_of: dict[str, int] = {}
        self._article_codes = np.zeros(0, dtype=np.int64)
        self._slim = self._slim_text = self._frame.assign(_row=np.arange(0))

    # -- data -------------------------------------------------------------------------

    def set_data(
        self, frame: pd.DataFrame, articles: Iterable[Article] | Mapping[str, Article] = ()
    ) -> None:
        """Replace the events and their articles; reset the range to the data's full span.

        Raises:
            sitmap.events.SchemaError: ``frame`` does not follow the event-table schema.
        """
        self._frame = validate(frame)
        values = articles.values() if isinstance(articles, Mapping) else articles
        self._articles = {a.id: a for a in values}
        ids = self._frame["event_id"].tolist()
        self._row_of = dict(zip(ids, range(len(ids)), strict=True))
        self._article_codes = pd.factorize(self._frame["article_id"])[0]
        # filter_events copies the rows it keeps: hand it only the columns it reads, and
        # the row numbers to map its answer back.
        rows = np.arange(len(self._frame))
        self._slim = self._frame.loc[:, list(_FILTER_COLUMNS)].assign(_row=rows)
        self._slim_text = self._frame.loc[:, [*_FILTER_COLUMNS, *_TEXT_COLUMNS]].assign(_row=rows)
        self._selected = ""
        self._bounds = self._data_bounds()
        self._start, self._end = self._bounds
        self._recompute_filter()
        self.dataChanged.emit()

    def _data_bounds(self) -> tuple[dt.date, dt.date]:
        # The same span the page's timeline covers, so stray years-earlier asides do not
        # squash the days that matter; the whole span still means "no date filter".
        span = timeline_span(self._frame)
        if span is None:
            today = dt.date.today()
            return today, today
        return span

    @property
    def frame(self) -> pd.DataFrame:
        """The whole event table (all rows, filters not applied)."""
        return self._frame

    @property
    def articles(self) -> Mapping[str, Article]:
        """Articles by id (those the events came from)."""
        return self._articles

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or ``None`` when it is not loaded."""
        return self._articles.get(article_id)

    def row_of(self, event_id: str) -> int | None:
        """Position of an event in :attr:`frame`, or ``None`` if there is no such event."""
        return self._row_of.get(event_id)

    # -- date range -------------------------------------------------------------------

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """First and last day the timeline covers (``sitmap.events.timeline_span``; today
        twice when there are no dated events). Selecting all of it means no date filter."""
        return self._bounds

    @property
    def date_range(self) -> tuple[dt.date, dt.date]:
        """The inclusive day range shown."""
        return self._start, self._end

    def set_range(self, start: dt.date | str, end: dt.date | str) -> None:
        """Show events overlapping the inclusive day range; swapped ends are put in order."""
        a, b = sorted((_day(start), _day(end)))
        if (a, b) == (self._start, self._end):
            return
        self._start, self._end = a, b
        self._recompute_range()
        self.rangeChanged.emit(a.isoformat(), b.isoformat())

    def _recompute_range(self) -> None:
        self._visible = self._mask(dated=(self._start, self._end) != self._bounds)

    def _mask(self, *, dated: bool) -> np.ndarray:
        # One definition of the filters for map, table, counts and exports: filter_events.
        # The whole span means "no date filter", so undated events show until the user
        # narrows the range.
        kept = filter_events(
            self._slim_text if self._text.strip() else self._slim,
            date_from=self._start if dated else None,
            date_to=self._end if dated else None,
            categories=self._categories,
            text=self._text,
            roles=None if self._show_background else ["event"],
        )
        mask = np.zeros(len(self._frame), dtype=bool)
        mask[kept["_row"].to_numpy()] = True
        return mask

    # -- filters ----------------------------------------------------------------------

    @property
    def categories(self) -> frozenset[str] | None:
        """Categories shown, ``None`` for all."""
        return self._categories

    @property
    def text(self) -> str:
        """Case-insensitive text the passage, place, title or sources must contain."""
        return self._text

    @property
    def show_background(self) -> bool:
        """Whether dateline and mention places are shown."""
        return self._show_background

    def set_categories(self, categories: Iterable[str] | None) -> None:
        """Show only these categories; ``None`` shows all."""
        self._set_filter(None if categories is None else frozenset(categories), self._text,
                         self._show_background)

    def set_text(self, text: str) -> None:
        """Show only events whose passage, place, title or sources contain ``text``."""
        self._set_filter(self._categories, text, self._show_background)

    def set_show_background(self, show: bool) -> None:
        """Show or hide background places (role dateline or mention)."""
        self._set_filter(self._categories, self._text, show)

    def _set_filter(self, categories: frozenset[str] | None, text: str, show: bool) -> None:
        if (categories, text, show) == (self._categories, self._text, self._show_background):
            return
        self._categories, self._text, self._show_background = categories, text, show
        self._recompute_filter()
        self.filterChanged.emit()

    def _recompute_filter(self) -> None:
        self._passes_filter = self._mask(dated=False)
        self._recompute_range()

    @property
    def filtered(self) -> np.ndarray:
        """Boolean mask over :attr:`frame` rows passing the filters, whatever their date."""
        return self._passes_filter

    @property
    def visible(self) -> np.ndarray:
        """Boolean mask over :attr:`frame` rows: in the date range and passing the filters."""
        return self._visible

    def visible_count(self) -> int:
        """Number of events shown."""
        return int(np.count_nonzero(self._visible))

    def visible_article_count(self) -> int:
        """Number of articles with at least one event shown."""
        codes = self._article_codes[self._visible]
        return int(np.count_nonzero(np.bincount(codes))) if len(codes) else 0

    # -- selection --------------------------------------------------------------------

    @property
    def selected(self) -> str:
        """The selected event id, ``""`` for none."""
        return self._selected

    def select(self, event_id: str, *, origin: str = "") -> None:
        """Select an event (``""`` clears); unknown ids are ignored.

        ``origin`` names the widget that asked ("map", "table", "article") so that it can
        ignore the echo.
        """
        if event_id and event_id not in self._row_of:
            return
        # Re-selecting the same event is still news: the user wants to be taken to it again.
        self._selected = event_id
        self.selectionChanged.emit(event_id, origin)
