"""The one list of export formats: what ``sitmap export``, ``sitmap events --format``, their
help text and the window's Export dialog offer.

Each :class:`ExportFormat` is a label, its suffixes and one writer. A new format is one
entry in :data:`REGISTRY` and one writer ``(path, request) -> None``; nothing else lists
formats. A format the window has to render (a picture of the map view) has no writer here:
it is marked ``needs_window`` and the window supplies the writer when it exports.

This module imports neither pandas nor folium (the writers import them when they run), so
the command line can build its help from it at once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sitmap.errors import ExportError

if TYPE_CHECKING:
    import pandas as pd

    from sitmap.events import EventFormat
    from sitmap.mapping._deck import Deck
    from sitmap.mapping._tiles import TilePackage
    from sitmap.model import Article

__all__ = [
    "REGISTRY",
    "ExportFormat",
    "UnknownFormatError",
    "ExportRequest",
    "MapRenderer",
    "Writer",
    "dialog_filters",
    "export_formats",
    "format_for",
    "stream_formats",
    "write_export",
]


class UnknownFormatError(ExportError, ValueError):
    """No export format has the suffix of the file asked for."""


class MapRenderer(Protocol):
    """What only Qt can do for an export, handed in by whoever has Qt (the window, or
    ``sitmap export`` through ``sitmap.gui.offscreen_renderer``): draw the request's scenes
    as map pictures, and lay a deck out as PDF pages."""

    def scene_pictures(self, request: ExportRequest, *,
                       size: tuple[int, int]) -> list[bytes]:
        """One PNG of ``size`` pixels per scene of ``request.scenes``, in order: the map of
        ``request.frame`` at the scene's view, range, filters and highlights, legend open.

        Raises:
            sitmap.errors.ExportError: the map could not be rendered.
        """
        ...

    def write_pages(self, path: Path, deck: Deck) -> None:
        """Write ``deck`` as PDF pages at ``path`` (atomically), one page per slide.

        Raises:
            sitmap.errors.ExportError: the file cannot be written.
        """
        ...


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What an export writes: the whole event table ``frame`` and the ``shown`` rows (those
    in the date range and filters; ``None``: all of ``frame``), and for a map its starting
    state (``date_range``, ``view``, ``categories``, ``text``, ``show_background``), its
    ``articles`` and storyboard ``scenes``. A map writes ``frame`` and starts from that
    state; a table writes ``shown``. ``reviewed``, when given, is the set of event ids an
    analyst marked reviewed, and every format leaves out the other rows (``sitmap export
    --reviewed-only``, the Export dialog's "reviewed rows only"). ``annotations``
    (``Annotation.to_json()`` dicts) are drawn on a map and added to GeoJSON and KML with
    their styles. ``renderer`` draws the maps
    of slides and pages (the formats marked ``briefing``); ``attribution`` is a credit they
    carry besides the built-in data's (a tile package's own, for example). ``tiles`` is a
    tile package's ``config.tiles`` for a standalone map, its tiles embedded
    (``sitmap.mapping._tiles.embed_for_export``); ``tile_package`` the open package the
    maps of slides and pages are drawn over. ``layers`` (``{"heat", "sized", "icons"}``
    booleans) starts a standalone map's heatmap, sized marks and category icons on."""

    frame: pd.DataFrame
    shown: pd.DataFrame | None = None
    title: str = ""
    subtitle: str = ""
    date_range: tuple[dt.date | str | None, dt.date | str | None] | None = None
    view: Mapping[str, float] | None = None
    categories: Iterable[str] | None = None
    text: str = ""
    show_background: bool = True
    articles: Sequence[Article] | None = None
    scenes: Sequence[Mapping[str, Any]] | None = None
    reviewed: frozenset[str] | None = None
    renderer: MapRenderer | None = None
    attribution: str = ""
    annotations: Sequence[Mapping[str, Any]] = ()
    tiles: Mapping[str, Any] | None = None
    tile_package: TilePackage | None = None
    layers: Mapping[str, bool] | None = None

    def only_reviewed(self) -> ExportRequest:
        """This request with ``frame`` and ``shown`` cut to the ``reviewed`` rows (itself
        when ``reviewed`` is ``None``). Raises nothing."""
        if self.reviewed is None:
            return self
        keep = self.reviewed

        def cut(frame: pd.DataFrame | None) -> pd.DataFrame | None:
            return None if frame is None else frame.loc[frame["event_id"].isin(keep)]

        frame = cut(self.frame)
        assert frame is not None
        return dataclasses.replace(self, frame=frame, shown=cut(self.shown), reviewed=None)

    @property
    def rows(self) -> pd.DataFrame:
        """The rows a table format writes: ``shown``, or ``frame`` when none are given."""
        return self.frame if self.shown is None else self.shown


Writer = Callable[[Path, ExportRequest], None]
"""Writes one export to the path; raises ExportError (naming the file) when it cannot."""


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """One export format: ``label`` as the dialog shows it, ``suffixes`` (the first is the
    one a file gets when it has none), the ``writer``, ``None`` for a format only the window
    can render, and ``stream``, the name ``sitmap events --format`` knows an event-table
    format by (``None``: not one). ``exported`` is False for a format only ``sitmap events``
    writes. ``whole_map`` marks a map of every event that starts from the request's range,
    filters, view and storyboard; the other formats write the shown rows only."""

    label: str
    suffixes: tuple[str, ...]
    writer: Writer | None
    stream: EventFormat | None = None
    exported: bool = True
    whole_map: bool = False
    briefing: bool = False

    @property
    def suffix(self) -> str:
        """The format's own suffix (``.html``)."""
        return self.suffixes[0]

    @property
    def needs_window(self) -> bool:
        """True when only the window can write this format (it renders the map view)."""
        return self.writer is None

    @property
    def dialog_filter(self) -> str:
        """The file dialog's filter, ``"Standalone map (*.html)"``."""
        return f"{self.label} (*{self.suffix})"


def _write_html(path: Path, request: ExportRequest) -> None:
    from sitmap.mapping._export import export_html

    export_html(
        request.frame,
        path,
        title=request.title,
        subtitle=request.subtitle,
        date_range=request.date_range,
        view=request.view,
        categories=request.categories,
        text=request.text,
        show_background=request.show_background,
        articles=request.articles,
        scenes=request.scenes,
        annotations=request.annotations,
        tiles=request.tiles,
        layers=request.layers,
    )


def _write_kml(path: Path, request: ExportRequest) -> None:
    from sitmap.mapping._export import export_kml

    export_kml(request.rows, path, title=request.title or "sitmap events",
               annotations=request.annotations)


def _write_geojson(path: Path, request: ExportRequest) -> None:
    from sitmap.mapping._export import export_geojson

    export_geojson(request.rows, path, annotations=request.annotations)


def _deck(path: Path, request: ExportRequest) -> tuple[Deck, MapRenderer]:
    from sitmap.mapping._deck import MAP_SIZE, MAX_SCENES, plan_deck

    renderer = request.renderer
    if renderer is None:
        raise ExportError(f"{path}: slides and pages need the map drawn, which only the "
                          "window or `sitmap export` can do")
    count = len(request.scenes or ())
    if count > MAX_SCENES:
        # Each map takes a second or so to draw: a storyboard from a file cannot make an
        # export run for hours.
        raise ExportError(f"{path}: the storyboard has {count:,} scenes; a deck holds at "
                          f"most {MAX_SCENES} (remove some in the Storyboard panel)")
    try:
        pictures = renderer.scene_pictures(request, size=MAP_SIZE)
    except ExportError as exc:
        raise ExportError(f"{path}: {exc}") from None
    return plan_deck(request, pictures), renderer


def _write_pptx(path: Path, request: ExportRequest) -> None:
    from sitmap.mapping._deck import write_pptx

    write_pptx(path, _deck(path, request)[0])


def _write_pdf(path: Path, request: ExportRequest) -> None:
    deck, renderer = _deck(path, request)
    renderer.write_pages(path, deck)


def _write_geoparquet(path: Path, request: ExportRequest) -> None:
    from sitmap.events import write_geoparquet

    write_geoparquet(request.rows, path)


def _table_writer(stream: EventFormat) -> Writer:
    def write(path: Path, request: ExportRequest) -> None:
        from sitmap.events import write_events

        write_events(request.rows, path, format=stream)

    return write


REGISTRY: list[ExportFormat] = [
    ExportFormat("Standalone map", (".html", ".htm"), _write_html, whole_map=True),
    ExportFormat("GeoJSON", (".geojson", ".json"), _write_geojson, "geojson"),
    ExportFormat("KML", (".kml",), _write_kml),
    ExportFormat("Event table", (".csv",), _table_writer("csv"), "csv"),
    ExportFormat("PowerPoint slides", (".pptx",), _write_pptx, whole_map=True, briefing=True),
    ExportFormat("PDF pages", (".pdf",), _write_pdf, whole_map=True, briefing=True),
    ExportFormat("GeoParquet", (".parquet",), _write_geoparquet),
    ExportFormat("Picture of the map view", (".png",), None),
    ExportFormat("JSON Lines", (".jsonl",), _table_writer("jsonl"), "jsonl"),
]
"""Every format, in the order the dialog offers them (the first is its default)."""


def export_formats(*, window: bool) -> list[ExportFormat]:
    """The formats an export can write: with ``window`` also those only the window renders
    (the dialog's list), without it those a command can write. Raises nothing."""
    return [f for f in REGISTRY if f.exported and (window or not f.needs_window)]


def stream_formats() -> list[EventFormat]:
    """The names ``sitmap events --format`` accepts, in registry order. Raises nothing."""
    return [f.stream for f in REGISTRY if f.stream is not None]


def dialog_filters(*, briefing: bool = False) -> dict[str, str]:
    """The Export dialog's filters (with ``briefing``: the slides and pages the Export
    Briefing items offer instead), each mapped to the suffix a file chosen under it gets
    when it has none. Raises nothing."""
    return {f.dialog_filter: f.suffix for f in export_formats(window=True)
            if f.briefing == briefing}


def format_for(path: str | os.PathLike[str], *, window: bool = False) -> ExportFormat:
    """The format named by the suffix of ``path`` (any of a format's suffixes, any case).

    Raises:
        UnknownFormatError: no format has that suffix (an ExportError and a ValueError;
            the message names the file and lists the formats' suffixes).
    """
    suffix = Path(path).suffix.lower()
    formats = export_formats(window=window)
    for fmt in formats:
        if suffix in fmt.suffixes:
            return fmt
    raise UnknownFormatError(
        f"{path}: unknown export format {suffix or '(no suffix)'!r}; "
        f"use one of {', '.join(f.suffix for f in formats)}"
    )


def write_export(
    path: str | os.PathLike[str],
    request: ExportRequest,
    *,
    render: Callable[[Path], None] | None = None,
) -> ExportFormat:
    """Write ``request`` to ``path`` in the format its suffix names, without the unreviewed
    rows when ``request.reviewed`` is given; ``render`` writes the formats only the window
    can (given by the window; without it they are unknown). Return the format written.

    Raises:
        UnknownFormatError: an unknown suffix.
        sitmap.errors.ExportError: the file cannot be written.
        sitmap.errors.SchemaError: the frame does not follow the schema.
    """
    fmt = format_for(path, window=render is not None)
    request = request.only_reviewed()
    if fmt.writer is None:
        assert render is not None  # format_for offers these only with a renderer
        render(Path(path))
    else:
        fmt.writer(Path(path), request)
    return fmt
