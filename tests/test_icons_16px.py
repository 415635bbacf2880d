"""Category icons readable at 16 px (issue 15, "heat and size"; the audit's leftover 3): the
icons the map draws at their 16 px floor, read back from the page's point canvas in the
window, must differ clearly pair by pair (by outline alone, for a reader who cannot tell
the colours apart, and as seen over the basemap) and keep their outline visible against
the basemap's land and sea. The measures are in ``tests/_icons.py``; the same pixels make
``docs/icons-16px.png`` (``docs/screenshots.py --icons``)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import numpy as np
import pytest
from _icons import (
    LAND,
    WATER,
    edge_contrast,
    icon_frame,
    icon_patches,
    on,
    shape_distance,
    shape_of,
)
from test_gui_map import menu_action, show

from sitmap.events import CATEGORIES
from sitmap.pipeline import Loaded

pytestmark = pytest.mark.gui

# An icon covers about 80-180 of the 256 pixels of its 16 px box. Two shapes that differ
# in 20 or more pixels, however well aligned, differ by a whole corner, point or arm; two
# icons whose pixels as seen differ clearly (more than 40 of 255 in a channel) in 60 or
# more pixels cannot be taken for each other.
_SHAPE_PIXELS = 20
_SEEN_PIXELS = 60
_SEEN_STEP = 40
_GRAPHIC_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: a graphic one must see, against what is next to it


@pytest.fixture(scope="module")
def patches(qapp, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[np.ndarray]]:  # type: ignore[no-untyped-def]
    """The icons of every category as the window's map draws them (one window for the
    module: the measures below only read these pixels)."""
    from PySide6.QtCore import QSettings

    from sitmap.gui._window import MainWindow

    folder = tmp_path_factory.mktemp("icons")
    window = MainWindow(settings=QSettings(str(folder / "sitmap.ini"),
                                           QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()
    try:
        show(window, Loaded(icon_frame(), []))
        menu_action(window, "&View", "Category &Icons").trigger()
        assert window.map.evaluate("sitmap.layers().iconMarks") == len(CATEGORIES)
        yield icon_patches(window.map.evaluate)
    finally:
        from PySide6.QtCore import QCoreApplication, QEvent

        window.close()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_each_icon_is_drawn_in_its_16_px_box(patches: list[np.ndarray]) -> None:
    for name, patch in zip(CATEGORIES, patches, strict=True):
        rows, cols = np.nonzero(shape_of(patch))
        assert len(rows), f"{name}: nothing drawn where its event is"
        across = max(rows.max() - rows.min(), cols.max() - cols.min()) + 1
        # The smallest shape, the square, spans 12 of the box's 16 units, plus its rim; a
        # lone event's plain dot (10 px) would be drawn smaller than the icons' floor.
        assert 13 <= across <= 18, f"{name}: {across} px across"


def test_every_pair_of_icons_differs_by_outline_alone(patches: list[np.ndarray]) -> None:
    too_close = []
    for (a, pa), (b, pb) in itertools.combinations(zip(CATEGORIES, patches, strict=True), 2):
        differ = shape_distance(shape_of(pa), shape_of(pb))
        if differ < _SHAPE_PIXELS:
            too_close.append(f"{a} / {b}: {differ} px")
    assert too_close == []


@pytest.mark.parametrize("ground", [LAND, WATER], ids=["land", "sea"])
def test_every_pair_of_icons_differs_clearly_as_seen_on_the_map(
    patches: list[np.ndarray], ground: tuple[int, int, int]
) -> None:
    too_close = []
    for (a, pa), (b, pb) in itertools.combinations(zip(CATEGORIES, patches, strict=True), 2):
        seen_a, seen_b = on(pa, ground), on(pb, ground)
        differ = min(
            int(np.count_nonzero(np.abs(seen_a - np.roll(seen_b, (dy, dx), axis=(0, 1)))
                                 .max(axis=2) > _SEEN_STEP))
            for dy in range(-2, 3) for dx in range(-2, 3))
        if differ < _SEEN_PIXELS:
            too_close.append(f"{a} / {b}: {differ} px")
    assert too_close == []


@pytest.mark.parametrize("ground", [LAND, WATER], ids=["land", "sea"])
def test_every_icons_outline_keeps_contrast_against_the_map(
    patches: list[np.ndarray], ground: tuple[int, int, int]
) -> None:
    # Before: a white rim, 1.0-1.5:1 against the pale land and sea, so a light fill
    # (humanitarian/aid's yellow 1.15:1, displacement's sky blue 1.07:1 at sea) left the
    # icon all but unseen.
    faint = []
    for name, patch in zip(CATEGORIES, patches, strict=True):
        rim, body = edge_contrast(patch, ground)
        if rim < _GRAPHIC_CONTRAST:
            faint.append(f"{name}: rim {rim:.2f}:1, body {body:.2f}:1")
    assert faint == []
