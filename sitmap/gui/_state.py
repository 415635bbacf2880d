"""The window's state: a Qt adapter over :class:`sitmap.viewmodel.ViewModel`.

Widgets take an :class:`AppState` in their constructor, listen to its signals and turn user
input into one call on it; they never talk to each other. Every view reads the same
``visible`` mask, so a filter means the same thing on the map, in the table and in the counts.
The rules (filters, range, selection) are the view model's; this class only announces what
changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

import numpy as np
import pandas as pd
from PySide6.QtCore import QObject, Signal

from sitmap._gc import release_free_memory
from sitmap.model import Article
from sitmap.viewmodel import Filter, ViewModel

__all__ = ["AppState", "signals_blocked"]

# Above this many rows a new table hands the heap's freed pages back (a few ms of work;
# for a small table there is little to gain).
_RELEASE_ABOVE = 100_000


@contextmanager
def signals_blocked(obj: QObject) -> Iterator[None]:
    """Silence ``obj``'s signals inside the block, so a widget updated from the state does
    not echo the change back to it."""
    previous = obj.blockSignals(True)
    try:
        yield
    finally:
        obj.blockSignals(previous)


class AppState(QObject):
    """What the window shows. Signals say what changed; the data itself stays in
    :attr:`model`.

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

    def __init__(self, parent: QObject | None = None, *, model: ViewModel | None = None) -> None:
        super().__init__(parent)
        self.model = model if model is not None else ViewModel()

    # -- data -------------------------------------------------------------------------

    def set_data(
        self, frame: pd.DataFrame, articles: Iterable[Article] | Mapping[str, Article] = (),
        *, checked: bool = False,
    ) -> None:
        """Replace the events and their articles; reset the range to the data's full span.
        ``checked``: ``frame`` is a validated frame, unchanged, not to be validated again
        (:meth:`sitmap.viewmodel.ViewModel.set_data`).

        Raises:
            sitmap.events.SchemaError: ``frame`` does not follow the event-table schema.
        """
        self.model.set_data(frame, articles, checked=checked)
        self.dataChanged.emit()
        if len(frame) > _RELEASE_ABOVE:
            # What building and replacing a large table freed stays resident otherwise.
            release_free_memory()

    @property
    def frame(self) -> pd.DataFrame:
        """The whole event table (all rows, filters not applied)."""
        return self.model.frame

    @property
    def articles(self) -> Mapping[str, Article]:
        """Articles by id (those the events came from)."""
        return self.model.articles

    def article(self, article_id: str) -> Article | None:
        """The article with this id, or ``None`` when it is not loaded."""
        return self.model.article(article_id)

    def row_of(self, event_id: str) -> int | None:
        """Position of an event in :attr:`frame`, or ``None`` if there is no such event."""
        return self.model.row_of(event_id)

    # -- date range -------------------------------------------------------------------

    @property
    def bounds(self) -> tuple[dt.date, dt.date]:
        """First and last day the timeline covers (``sitmap.events.timeline_span``; today
        twice when there are no dated events). Selecting all of it means no date filter."""
        return self.model.bounds

    @property
    def date_range(self) -> tuple[dt.date, dt.date]:
        """The inclusive day range shown."""
        return self.model.date_range

    def set_range(self, start: dt.date | str, end: dt.date | str) -> None:
        """Show events overlapping the inclusive day range; swapped ends are put in order."""
        if self.model.set_range(start, end):
            a, b = self.model.date_range
            self.rangeChanged.emit(a.isoformat(), b.isoformat())

    # -- filters ----------------------------------------------------------------------

    @property
    def filter(self) -> Filter:
        """Categories, text, the background toggle, sources and roles, as one value."""
        return self.model.filter

    @property
    def categories(self) -> tuple[str, ...] | None:
        """Categories shown, ``None`` for all."""
        return self.model.filter.categories

    @property
    def text(self) -> str:
        """Case-insensitive text the passage, place, title or sources must contain."""
        return self.model.filter.text

    @property
    def show_background(self) -> bool:
        """Whether dateline and mention places are shown."""
        return self.model.filter.show_background

    def set_filter(self, new: Filter) -> None:
        """Apply categories, text and the background toggle at once."""
        if self.model.set_filter(new):
            self.filterChanged.emit()

    def set_categories(self, categories: Iterable[str] | None) -> None:
        """Show only these categories; ``None`` shows all."""
        f = self.model.filter
        chosen = Filter.of(categories).categories
        self.set_filter(replace(f, categories=chosen))

    def set_text(self, text: str) -> None:
        """Show only events whose passage, place, title or sources contain ``text``."""
        self.set_filter(replace(self.model.filter, text=text))

    def set_show_background(self, show: bool) -> None:
        """Show or hide background places (role dateline or mention)."""
        self.set_filter(replace(self.model.filter, show_background=show))

    def set_sources(self, sources: Iterable[str] | None) -> None:
        """Show only events one of these sources reported; ``None`` shows all."""
        self.set_filter(replace(self.model.filter, sources=Filter.of(None, sources=sources)
                                .sources))

    def set_roles(self, roles: Iterable[str] | None) -> None:
        """Show only events whose place has one of these roles; ``None`` shows all."""
        self.set_filter(replace(self.model.filter, roles=Filter.of(None, roles=roles).roles))

    @property
    def filtered(self) -> np.ndarray:
        """Boolean mask over :attr:`frame` rows passing the filters, whatever their date."""
        return self.model.filtered

    @property
    def visible(self) -> np.ndarray:
        """Boolean mask over :attr:`frame` rows: in the date range and passing the filters."""
        return self.model.visible

    def visible_count(self) -> int:
        """Number of events shown."""
        return self.model.visible_count()

    def unplaced_count(self) -> int:
        """Number of events shown that the map draws nowhere (no coordinates: a figure of no
        single place, ``place_basis`` "unknown")."""
        lat = self.frame["lat"].to_numpy(dtype=float, na_value=np.nan)
        visible = self.visible
        if len(visible) != len(lat):
            return 0
        return int(np.count_nonzero(np.isnan(lat) & visible))

    def visible_article_count(self) -> int:
        """Number of articles with at least one event shown."""
        return self.model.visible_article_count()

    # -- selection --------------------------------------------------------------------

    @property
    def selected(self) -> str:
        """The selected event id, ``""`` for none."""
        return self.model.selected

    def select(self, event_id: str, *, origin: str = "") -> None:
        """Select an event (``""`` clears); unknown ids are ignored.

        ``origin`` names the widget that asked ("map", "table", "article") so that it can
        ignore the echo.
        """
        # Re-selecting the same event is still news: the user wants to be taken to it again.
        if self.model.select(event_id):
            self.selectionChanged.emit(event_id, origin)
