"""The view model: the event frame, its articles, the filter, the date range and the
selection, with the masks every view reads. Plain Python: Qt's ``AppState`` adapts it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from sitmap.events import (
    DENSITY_THRESHOLD,
    EventGrid,
    empty_frame,
    filter_events,
    timeline_span,
    validate,
)
from sitmap.model import Article
from sitmap.viewmodel._storage import TextCells, arrow_text
from sitmap.viewmodel._values import Filter

__all__ = ["ViewModel"]

# What filter_events reads: the dates, category and role always, the text columns only
# when there is text to look for.
_FILTER_COLUMNS = ("date_start", "date_end", "category", "role", "demonym", "sources")
_TEXT_COLUMNS = ("passage", "place", "toponym_text", "title", "sources")
_FOUND_KEPT = 256  # event ids whose row ViewModel.row_of keeps


def _day(value: dt.date | pd.Timestamp | str) -> dt.date:
    day: dt.date = pd.Timestamp(value).date()
    return day


class ViewModel:
    """What the window shows. Setters return whether anything changed, so an adapter
    knows what to announce; the data itself stays here."""

    def __init__(self) -> None:
        self._frame = empty_frame()
        self._articles: dict[str, Article] = {}
        self._start = self._end = dt.date.today()
        self._bounds = (self._start, self._end)
        self._filter = Filter()
        self._selected = ""
        self._visible = np.zeros(0, dtype=bool)
        self._passes_filter = np.zeros(0, dtype=bool)
        # event id -> row: a scan of the id column (no Python object per row)
        self._ids = TextCells(self._frame["event_id"])
        self._found: dict[str, int | None] = {}
        self._article_codes = np.zeros(0, dtype=np.int64)
        self._slim = self._slim_text = self._frame.assign(_row=np.arange(0))
        self._date_start = self._date_end = np.zeros(0, dtype="datetime64[ns]")
        self._grid: EventGrid | None = None
        self.density_threshold = DENSITY_THRESHOLD
        # On a page in density mode a view with at most this many events shows them as
        # points, each a new canvas mark per redraw (~1,000 fit a 50 ms slider step here;
        # 20,000 took 1.4 s: docs/benchmarks.md).
        self.points_in_view = 1_000

    # -- data -------------------------------------------------------------------------

    def set_data(
        self, frame: pd.DataFrame, articles: Iterable[Article] | Mapping[str, Article] = (),
        *, checked: bool = False,
    ) -> None:
        """Replace the events and their articles; reset the range to the data's full span
        and clear the selection. The text columns that would hold a Python object per row
        (event ids, passages, titles...) are kept in Arrow storage
        (:func:`sitmap.viewmodel._storage.arrow_text`): :attr:`frame` is a valid event
        table whose text columns are pandas "string" in Python or Arrow storage.

        ``checked`` is the caller's word that ``frame`` is, unchanged, a frame
        :func:`sitmap.events.validate` (or an event table reader, which validates) has just
        returned, with ``arrow_text``: it is not validated again (0.7 s at a million rows).
        Pass it only for that very object (see :attr:`sitmap.pipeline.Loaded.checked`).

        Raises:
            sitmap.events.SchemaError: ``frame`` does not follow the event-table schema.
        """
        valid = frame.copy(deep=False) if checked else validate(frame, arrow_text=True)
        self._frame = arrow_text(valid)
        values = articles.values() if isinstance(articles, Mapping) else articles
        self._articles = {a.id: a for a in values}
        self._ids = TextCells(self._frame["event_id"])
        self._found = {}
        self._article_codes = pd.factorize(self._frame["article_id"])[0]
        # filter_events copies the rows it keeps: hand it only the columns it reads, and
        # the row numbers to map its answer back.
        rows = np.arange(len(self._frame))
        self._slim = self._frame.loc[:, list(_FILTER_COLUMNS)].assign(_row=rows)
        self._date_start = self._frame["date_start"].to_numpy(dtype="datetime64[ns]")
        self._date_end = self._frame["date_end"].to_numpy(dtype="datetime64[ns]")
        text_only = [c for c in _TEXT_COLUMNS if c not in _FILTER_COLUMNS]
        self._slim_text = self._frame.loc[:, [*_FILTER_COLUMNS, *text_only]].assign(_row=rows)
        self._selected = ""
        self._grid = None
        self._bounds = self._data_bounds()
        self._start, self._end = self._bounds
        self._recompute_filter()

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
        """The whole event table (all rows, filters not applied). Its text columns are
        pandas "string", some in Arrow storage (:meth:`set_data`): concatenate it with
        other tables only after :func:`sitmap.events.validate` (Python storage)."""
        return self._frame

    def shows(self, frame: pd.DataFrame) -> bool:
        """Whether ``frame`` holds the rows :attr:`frame` holds, column for column, whatever
        the storage of their text (Python or Arrow). Raises nothing."""
        mine = self._frame
        if len(frame) != len(mine) or list(frame.columns) != list(mine.columns):
            return False
        for name in mine.columns:
            a, b = frame[name], mine[name]
            if a.dtype == b.dtype:
                if not a.reset_index(drop=True).equals(b):
                    return False
            elif not (isinstance(a.dtype, pd.StringDtype) and isinstance(b.dtype, pd.StringDtype)
                      and np.array_equal(a.to_numpy(dtype=object), b.to_numpy(dtype=object))):
                return False
        return True

    @property
    def articles(self) -> Mapping[str, Article]:
        """Articles by id (those the events came from)."""
        return self._articles

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or ``None`` when it is not loaded."""
        return self._articles.get(article_id)

    def row_of(self, event_id: str) -> int | None:
        """Position of an event in :attr:`frame`, or ``None`` if there is no such event."""
        if not isinstance(event_id, str):
            return None
        # A scan of the ids (about 15 ms a million rows; no index of a str per row), asked
        # for the same event by every panel a selection reaches: the answers are kept.
        if event_id not in self._found:
            if len(self._found) >= _FOUND_KEPT:
                self._found.clear()
            self._found[event_id] = self._ids.find(event_id)
        return self._found[event_id]

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

    @property
    def whole_range(self) -> bool:
        """Whether the range shown is the whole span (no date filter)."""
        return (self._start, self._end) == self._bounds

    def set_range(self, start: dt.date | str, end: dt.date | str) -> bool:
        """Show events overlapping the inclusive day range; swapped ends are put in order.
        Returns whether the range changed."""
        a, b = sorted((_day(start), _day(end)))
        if (a, b) == (self._start, self._end):
            return False
        self._start, self._end = a, b
        self._recompute_range()
        return True

    def _recompute_range(self) -> None:
        # filter_events' date rule (the row's [date_start, date_end] overlaps the range;
        # undated rows drop out) over the mask of the other filters: a slider step is a
        # few numpy comparisons, not a new pass of the whole filter (0.1 s at 1M rows).
        if self.whole_range:
            self._visible = self._passes_filter
            return
        start = np.datetime64(self._start, "ns")
        end = np.datetime64(self._end, "ns")
        self._visible = (self._passes_filter & (self._date_end >= start)
                         & (self._date_start <= end))

    def _mask(self, *, dated: bool) -> np.ndarray:
        # One definition of the filters for map, table, counts and exports: filter_events.
        # The whole span means "no date filter", so undated events show until the user
        # narrows the range.
        f = self._filter
        kept = filter_events(
            self._slim_text if f.text.strip() else self._slim,
            date_from=self._start if dated else None,
            date_to=self._end if dated else None,
            categories=f.categories,
            text=f.text,
            roles=f.effective_roles(),
            demonyms=f.show_background,
            sources=f.sources,
        )
        mask = np.zeros(len(self._frame), dtype=bool)
        mask[kept["_row"].to_numpy()] = True
        return mask

    # -- filters ----------------------------------------------------------------------

    @property
    def filter(self) -> Filter:
        """Categories, text, the background toggle, sources and roles."""
        return self._filter

    def set_filter(self, new: Filter) -> bool:
        """Apply ``new``; returns whether the filter changed."""
        if new == self._filter:
            return False
        self._filter = new
        self._recompute_filter()
        return True

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

    # -- density (issue 15) ------------------------------------------------------------

    @property
    def dense(self) -> bool:
        """Whether the table is too big to send every event to the map page: above
        :attr:`density_threshold` rows the page gets :meth:`density_layer` for each view."""
        return len(self._frame) > self.density_threshold

    def density_layer(
        self, zoom: float, bounds: tuple[float, float, float, float] | None
    ) -> dict[str, object]:
        """What the map page draws for the visible events in the view (``bounds``: south,
        west, north, east in degrees; ``None``: the world) at ``zoom``: their points when
        at most :attr:`points_in_view` (and :attr:`density_threshold`) are in view, else
        bins with counts and a category breakdown (:meth:`sitmap.events.EventGrid.layer`).
        ``"visible"`` is the count of visible events, in view or not, so the page's counts
        stay the table's.

        Raises:
            ValueError: ``zoom`` or ``bounds`` is not made of finite numbers.
        """
        if not np.isfinite(zoom):
            raise ValueError(f"zoom is not a finite number: {zoom!r}")
        if self._grid is None:
            self._grid = EventGrid.of(self._frame)
        ids = self._frame["event_id"].array
        layer = self._grid.layer(self._visible, ids, zoom=round(zoom), bounds=bounds,
                                 threshold=min(self.points_in_view, self.density_threshold))
        layer["visible"] = self.visible_count()
        return layer

    def data_view(self) -> dict[str, float] | None:
        """A first view (``{"lat", "lon", "zoom"}``) that frames most events (the 2nd to
        98th percentile of latitude and longitude, for a map about 800 pixels wide), for a
        page that gets bins instead of every event; ``None`` without coordinates."""
        if self._grid is None:
            self._grid = EventGrid.of(self._frame)
        return self._grid.first_view()

    # -- selection --------------------------------------------------------------------

    @property
    def selected(self) -> str:
        """The selected event id, ``""`` for none."""
        return self._selected

    def select(self, event_id: str) -> bool:
        """Select an event (``""`` clears). Returns ``False`` for an unknown id (ignored);
        re-selecting the same event returns ``True``: the user wants to be taken there."""
        if event_id and self.row_of(event_id) is None:
            return False
        self._selected = event_id
        return True
