"""Slides, pages and paper: a briefing's maps drawn offscreen, its PDF pages, and printing.

:class:`SceneRenderer` is the ``MapRenderer`` of ``sitmap.mapping._formats`` that the window
and ``sitmap export`` hand to the PowerPoint and PDF writers: it draws each scene on a map
page of its own, never shown on screen (the user's map does not move), and lays a
``Deck`` out as PDF pages with ``QPdfWriter``. :func:`paint_map_page` paints the one page
File > Print sends to a printer. Every text is drawn as plain text (no rich text, so a
caption or a passage cannot become markup).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QMarginsF,
    QRectF,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from sitmap._atomic import write_atomically
from sitmap.errors import ExportError, SitmapError
from sitmap.events import EventFilter
from sitmap.gui._mapview import MapNotReady, MapView
from sitmap.gui._state import AppState
from sitmap.gui._towns import TownLabels
from sitmap.mapping._deck import MAP_KEY, Deck, DeckSlide, shown_url
from sitmap.mapping._formats import ExportRequest
from sitmap.project import SavedView

__all__ = ["SceneRenderer", "paint_map_page", "png_bytes"]

# How long a scene may take to be drawn (a loaded machine is slow, never endless), how
# often the page is asked meanwhile, and how long a new view may take to differ from the
# last scene's picture (two views of empty sea can look alike).
_DRAW_TIMEOUT_S: Final = 60.0
_POLL_MS: Final = 40
_CHANGE_WAIT_S: Final = 5.0
_STEADY_MS: Final = 250
_STEADY_TRIES: Final = 8
# A slide's map is drawn 1.5 times larger than the window's (a 1600x900 picture of a
# 1067x600 map, sitmap.project's FRAME_SIZE): names, markers and legend stay readable on a
# projected slide and on paper, and a scene saved from the window shows about what it did.
_PAGE_ZOOM: Final = 1.5
_PDF_DPI: Final = 300
_INK: Final = QColor("#1d2733")
_GREY: Final = QColor("#555f6b")
_WRAP: Final = int(Qt.TextFlag.TextWordWrap)


def png_bytes(picture: QImage, what: Path | str) -> bytes:
    """``picture`` encoded as PNG.

    Raises:
        ExportError: Qt could not encode it (the message names ``what``).
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not picture.save(buffer, "PNG"):  # type: ignore[call-overload]  # the stub says bytes
        raise ExportError(f"{what}: Qt could not encode the map picture")
    buffer.close()
    return bytes(data.data())


def _show_scene(view: MapView, scene: Mapping[str, Any]) -> None:
    """Put the page at ``scene`` (a scene's JSON, from a project: untrusted)."""
    shown = EventFilter.from_page(scene.get("filters"))
    view.set_filter(shown.categories, shown.text, shown.show_background)
    rng = scene.get("range")
    first, last = (rng[0], rng[1]) if isinstance(rng, list | tuple) and len(rng) == 2 else (
        None, None)
    view.set_range(first, last)
    ident = scene.get("id")
    # The annotations of this scene and of every scene (a scene without a stored id, such
    # as an auto-storyboard's, shows those of every scene), as presentation shows them.
    view.set_annotation_scene(ident if isinstance(ident, int) and not isinstance(ident, bool)
                              else None)
    highlighted = scene.get("highlighted")
    view.highlight([str(i) for i in highlighted] if isinstance(highlighted, list) else [])
    where = SavedView.from_page(scene.get("view"))
    view.set_view(where.lat, where.lon, where.zoom)
    # A read waits behind the calls before it: once it answers, the page has done them.
    view.current_view()


def _same_view(one: Mapping[str, Any] | None, other: Mapping[str, Any] | None) -> bool:
    """Whether two views the page reported (untrusted JSON) have the same centre and zoom."""
    if not isinstance(one, Mapping) or not isinstance(other, Mapping):
        return False
    try:
        return all(abs(float(one[k]) - float(other[k])) < 1e-9 for k in ("lat", "lon", "zoom"))
    except (KeyError, TypeError, ValueError):
        return False


class _Drawn:
    """Waits, for one offscreen page, until it has drawn the view it was last told.

    A picture is accepted only once the page reports (``MapView.draw_state``) the view it
    was put at, no pan or zoom animating and no basemap tile loading, once the towns of that
    view have been sent to it (its ``viewMoved`` report answered by ``TownLabels``), and
    once two animation frames have passed after all that; and, when the view changed from
    the last scene's, only a picture that differs from the last scene's. Two grabs alike
    in a row (a pause apart) then end it. A busy machine makes this slower, never wrong."""

    def __init__(self, view: MapView, labels: TownLabels) -> None:
        self._view = view
        self._labels = labels
        self._report = ""
        self._last: tuple[dict[str, Any], QImage] | None = None
        view.viewMoved.connect(self._on_moved)

    def _on_moved(self, report: str) -> None:
        self._report = report

    def _reported_view(self) -> dict[str, Any] | None:
        try:
            view = json.loads(self._report)
        except ValueError:
            return None
        return view if isinstance(view, dict) else None

    def picture(self, number: int) -> tuple[QImage, dict[str, Any]]:
        """The picture of the page once it has drawn scene ``number`` (just shown), and the
        page's draw state at that moment.

        Raises:
            ExportError: the page did not get there within ``_DRAW_TIMEOUT_S``.
            MapNotReady: the page stopped answering.
        """
        view = self._view
        deadline = time.monotonic() + _DRAW_TIMEOUT_S
        target = view.current_view()

        def wait(done: Callable[[], bool], what: str) -> None:
            while not done():
                if time.monotonic() > deadline:
                    raise ExportError(f"scene {number}: the map did not finish drawing "
                                      f"({what}) in {_DRAW_TIMEOUT_S:.0f} s")
                view.settle(ms=_POLL_MS)

        def placed() -> bool:
            state = view.draw_state()
            return (state is not None and _same_view(state, target)
                    and not state.get("moving") and not state.get("tilesLoading")
                    and _same_view(self._reported_view(), target)
                    and self._labels.sent_for(self._report))

        def painted() -> QImage:
            mark = view.mark_frames()
            if mark is None:
                raise ExportError(f"scene {number}: the map page gave no frame mark")

            def passed() -> bool:
                state = view.draw_state()
                frames = state.get("frames") if state is not None else None
                return isinstance(frames, int) and frames >= mark

            wait(passed, "the page's animation frames")
            return view.grab().toImage()

        wait(placed, "the scene's view, its basemap and town names")
        picture = painted()
        if self._last is not None and not _same_view(self._last[0], target):
            # A new view must not give the last scene's picture (a frame not yet shown).
            changed = time.monotonic() + _CHANGE_WAIT_S
            while picture == self._last[1] and time.monotonic() < min(changed, deadline):
                view.settle(ms=_POLL_MS)
                picture = painted()
        for _ in range(_STEADY_TRIES):
            view.settle(ms=_STEADY_MS)
            again = view.grab().toImage()
            if again == picture:
                break
            picture = again
        state = view.draw_state() or {}
        self._last = (dict(target or {}), picture)
        return picture, state


class SceneRenderer:
    """Draws scenes offscreen and lays decks out as PDF pages (a ``MapRenderer``).

    Needs a running QApplication (``sitmap.gui.offscreen_renderer`` starts one offscreen
    for the command line).

    Attributes:
        drawn_states: for the last :meth:`scene_pictures`, what the page reported
            (``MapView.draw_state``) when each scene's picture was taken (a debug hook).
    """

    def __init__(self) -> None:
        self.drawn_states: list[dict[str, Any]] = []

    def scene_pictures(self, request: ExportRequest, *,
                       size: tuple[int, int]) -> list[bytes]:
        """One PNG of ``size`` per scene of ``request.scenes``: the map of
        ``request.frame`` at the scene's view, range, filters and highlights, with the
        ``request.annotations`` of that scene and its days, legend open, town names on,
        drawn on a page of its own that is never shown on screen.

        Raises:
            ExportError: the map page did not come up, or a scene is malformed.
        """
        scenes = list(request.scenes or ())
        if not scenes:
            return []
        state = AppState()
        state.set_data(request.frame, list(request.articles or ()))
        view = MapView(state)
        if request.tile_package is not None:
            view.set_tiles(request.tile_package)
        # Before the page has loaded, so that it is laid out at this size from the start.
        view.setZoomFactor(_PAGE_ZOOM)
        view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        view.resize(*size)
        view.show()
        drawn = _Drawn(view, TownLabels(view, view))
        self.drawn_states = []
        pictures: list[bytes] = []
        try:
            view.wait_ready()
            view.set_legend_open(True)
            view.set_printing(True)
            view.set_annotations([dict(a) for a in request.annotations])
            for number, scene in enumerate(scenes, 1):
                try:
                    _show_scene(view, scene)
                except (SitmapError, ValueError, TypeError) as exc:
                    raise ExportError(f"scene {number}: {exc}") from None
                picture, drawn_state = drawn.picture(number)
                self.drawn_states.append(drawn_state)
                if (picture.width(), picture.height()) != size:
                    picture = picture.scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                                             Qt.TransformationMode.SmoothTransformation)
                pictures.append(png_bytes(picture, f"scene {number}"))
        except MapNotReady as exc:
            raise ExportError(f"the map could not be drawn: {exc}") from None
        finally:
            view.close()
            view.deleteLater()
            state.deleteLater()
            # The page must be gone before its profile, and both before the application.
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return pictures

    def write_pages(self, path: Path, deck: Deck) -> None:
        """Write ``deck`` at ``path`` as A4 landscape PDF pages (atomically): a title page,
        one page per scene (caption, map, period, key passages) and a sources page, each
        with the data credits.

        Raises:
            ExportError: the file cannot be written.
        """
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QPdfWriter(buffer)
        writer.setResolution(_PDF_DPI)
        writer.setPageLayout(QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter))
        writer.setTitle(deck.title)
        writer.setCreator("sitmap")
        painter = QPainter()
        if not painter.begin(writer):
            raise ExportError(f"{path}: Qt could not start the PDF")
        try:
            _paint_title(painter, writer, deck)
            for slide in deck.slides:
                writer.newPage()
                _paint_scene(painter, writer, slide, deck.credits)
            writer.newPage()
            _paint_sources(painter, writer, deck)
        finally:
            painter.end()
        buffer.close()
        write_atomically(path, bytes(data.data()), what="the pages")


# -- painting ------------------------------------------------------------------------------


def _page_rect(device: QPagedPaintDevice) -> QRectF:
    """The printable area of ``device`` in its own units (pixels at its resolution), with
    its top left at the painter's origin (Qt puts the origin inside the margins)."""
    rect = QRectF(device.pageLayout().paintRectPixels(device.logicalDpiX()))
    return rect.translated(-rect.topLeft())


def _font(points: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _text(painter: QPainter, rect: QRectF, text: str, *, points: float,
          bold: bool = False, colour: QColor = _INK, flags: int = 0) -> float:
    """Draw ``text`` (plain) wrapped in ``rect``; return the height it took."""
    painter.setFont(_font(points, bold=bold))
    painter.setPen(colour)
    used = painter.boundingRect(rect, flags | _WRAP, text)
    painter.drawText(rect, flags | _WRAP, text)
    return min(used.height(), rect.height())


def _mm(device: QPagedPaintDevice) -> float:
    return device.logicalDpiX() / 25.4


def _credits(painter: QPainter, area: QRectF, mm: float, credits: str) -> QRectF:
    """Draw the credits at the foot of ``area``; return the area above them."""
    foot = QRectF(area.left(), area.bottom() - 7 * mm, area.width(), 7 * mm)
    _text(painter, foot, credits, points=7, colour=_GREY,
          flags=int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom))
    return QRectF(area.left(), area.top(), area.width(), area.height() - 8 * mm)


def _paint_title(painter: QPainter, device: QPagedPaintDevice, deck: Deck) -> None:
    area = _page_rect(device)
    mm = _mm(device)
    body = _credits(painter, area, mm, deck.credits)
    top = body.top() + body.height() * 0.3
    width = body.width() - 30 * mm
    left = body.left() + 15 * mm
    top += _text(painter, QRectF(left, top, width, 40 * mm), deck.title, points=30,
                 bold=True) + 6 * mm
    top += _text(painter, QRectF(left, top, width, 25 * mm), deck.subtitle, points=16,
                 colour=_GREY) + 3 * mm
    _text(painter, QRectF(left, top, width, 10 * mm), deck.made, points=11, colour=_GREY)


def _fit(size: tuple[int, int], box: QRectF) -> QRectF:
    """The largest rect of ``size``'s aspect ratio in ``box``, at its top left."""
    width, height = size
    scale = min(box.width() / width, box.height() / height)
    return QRectF(box.left(), box.top(), width * scale, height * scale)


def _paint_legend(painter: QPainter, left: float, top: float, width: float,
                  legend: Sequence[tuple[str, str]], mm: float) -> float:
    """Draw ``legend`` (name, ``#rrggbb``) in four columns and the key to the marks under
    it, from ``left``, ``top``; return the height taken."""
    cell = width / 4
    for number, (name, colour) in enumerate(legend):
        x = left + (number % 4) * cell
        y = top + (number // 4) * 5.5 * mm
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(QRectF(x, y + 0.9 * mm, 3.2 * mm, 3.2 * mm))
        _text(painter, QRectF(x + 4.5 * mm, y, cell - 5.5 * mm, 5 * mm), name, points=9)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    used = -(-len(legend) // 4) * 5.5 * mm
    used += _text(painter, QRectF(left, top + used + 0.5 * mm, width, 9 * mm), MAP_KEY,
                  points=7.5, colour=_GREY) + 0.5 * mm
    return used


def _paint_scene(painter: QPainter, device: QPagedPaintDevice, slide: DeckSlide,
                 credits: str) -> None:
    area = _page_rect(device)
    mm = _mm(device)
    body = _credits(painter, area, mm, credits)
    top = body.top()
    top += _text(painter, QRectF(body.left(), top, body.width(), 22 * mm), slide.caption,
                 points=18 if len(slide.caption) < 90 else 14, bold=True) + 4 * mm
    image = QImage.fromData(slide.picture)
    column = 70 * mm
    box = QRectF(body.left(), top, body.width() - column - 6 * mm, body.bottom() - top - 9 * mm)
    target = _fit((max(1, image.width()), max(1, image.height())), box)
    if not image.isNull():
        painter.drawImage(target, image)
    painter.setPen(_GREY)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(target)
    below = target.bottom() + 1.5 * mm
    below += _text(painter, QRectF(target.left(), below, target.width(), 7 * mm),
                   slide.period, points=10, colour=_GREY) + 2.5 * mm
    _paint_legend(painter, target.left(), below, target.width(), slide.legend, mm)
    left = target.right() + 6 * mm
    width = body.right() - left
    y = top
    y += _text(painter, QRectF(left, y, width, 8 * mm), "Key passages", points=11,
               bold=True) + 2 * mm
    if not slide.quotes:
        _text(painter, QRectF(left, y, width, 10 * mm), "(none in this scene)", points=9,
              colour=_GREY)
    for quote in slide.quotes:
        if y >= body.bottom() - 8 * mm:
            break
        y += _text(painter, QRectF(left, y, width, body.bottom() - y), quote.line(),
                   points=8.5) + 3 * mm


def _paint_sources(painter: QPainter, device: QPagedPaintDevice, deck: Deck) -> None:
    area = _page_rect(device)
    mm = _mm(device)
    body = _credits(painter, area, mm, deck.credits)
    y = body.top()
    y += _text(painter, QRectF(body.left(), y, body.width(), 15 * mm), "Sources", points=20,
               bold=True) + 5 * mm
    lines = list(deck.sources) or ["(no articles)"]
    if deck.more_sources:
        lines.append(f"… and {deck.more_sources:,} more article"
                     f"{'s' if deck.more_sources != 1 else ''}")
    for number, line in enumerate(lines):
        if y >= body.bottom():
            break
        y += _text(painter, QRectF(body.left(), y, body.width(), body.bottom() - y), line,
                   points=11) + 0.5 * mm
        url = deck.source_url(number)
        if url and y < body.bottom():
            y += _text(painter, QRectF(body.left() + 4 * mm, y, body.width() - 4 * mm,
                                       body.bottom() - y), shown_url(url, 150), points=8.5,
                       colour=_GREY)
        y += 2 * mm


def paint_map_page(device: QPagedPaintDevice, *, picture: QImage, caption: str,
                   legend: Sequence[tuple[str, str]], credits: str) -> None:
    """Paint one page on ``device`` (a printer, a PDF writer): ``caption`` as its title,
    the map ``picture`` as large as fits, under it the ``legend`` (category name and
    ``#rrggbb`` colour of each category shown) and the data ``credits``.

    Raises:
        ExportError: the device cannot be painted on (a printer that failed to start).
    """
    painter = QPainter()
    if not painter.begin(device):
        raise ExportError("the printer could not start")
    try:
        area = _page_rect(device)
        mm = _mm(device)
        body = _credits(painter, area, mm, credits)
        top = body.top()
        top += _text(painter, QRectF(body.left(), top, body.width(), 20 * mm), caption,
                     points=16, bold=True) + 3 * mm
        key_height = -(-len(legend) // 4) * 5.5 * mm + 12 * mm
        box = QRectF(body.left(), top, body.width(), body.bottom() - top - key_height)
        target = _fit((max(1, picture.width()), max(1, picture.height())), box)
        target.moveLeft(body.left() + (body.width() - target.width()) / 2)
        painter.drawImage(target, picture)
        painter.setPen(_GREY)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(target)
        _paint_legend(painter, target.left(), target.bottom() + 2.5 * mm, target.width(),
                      legend, mm)
    finally:
        painter.end()
