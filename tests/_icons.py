"""The category icons as the map draws them at their 16 px floor, read back from the page's
canvas, and the measures a reader's eye uses on them: the shape (which pixels the icon
covers), its colours over the basemap's land and sea, and the contrast of its edge against
them. Used by ``tests/test_icons_16px.py`` and ``docs/screenshots.py --icons`` (the PNG
strip in ``docs/icons-16px.png``). Import only where Qt may load (it drives a window).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sitmap.events import CATEGORIES, synthetic_events, validate

__all__ = ["LAND", "PATCH", "WATER", "contrast", "edge_contrast", "icon_frame",
           "icon_patches", "luminance", "on", "shape_distance", "shape_of"]

# The basemap's land and sea fills (resources/web/map.js: the country and water styles).
LAND = (0xF3, 0xF0, 0xE8)
WATER = (0xB8, 0xD3, 0xEA)
PATCH = 32  # pixels each side of the square read around an icon's point
# Where the icons are put: two rows of points far enough apart at zoom 6 to draw one icon
# each (a place with one event is a 16 px icon), over the Sahara and the Sahel.
_ZOOM = 6
_CENTRE = (15.0, 7.5)


def _places(count: int) -> list[tuple[float, float]]:
    return [(18.0 if k < 6 else 12.0, 3.0 * (k % 6)) for k in range(count)]


def icon_frame() -> pd.DataFrame:
    """One event of each category, each alone at its own place (a city), all foreground
    events ('event' role), in :data:`sitmap.events.CATEGORIES` order."""
    frame = synthetic_events(len(CATEGORIES), seed=1).copy()
    places = _places(len(CATEGORIES))
    frame["category"] = pd.array(list(CATEGORIES), dtype="string")
    frame["lat"] = [lat for lat, _ in places]
    frame["lon"] = [lon for _, lon in places]
    frame["kind"] = "city"
    frame["role"] = "event"
    frame["place_basis"] = "named"
    frame["place"] = pd.array([f"Place {k}" for k in range(len(frame))], dtype="string")
    frame["place_id"] = frame["place"]
    return validate(frame)


def _world(lat: float, lon: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates of a point at ``zoom`` (Leaflet's EPSG:3857)."""
    scale = 256 * 2 ** zoom
    s = math.sin(math.radians(lat))
    return ((lon + 180) / 360 * scale, (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi))
            * scale)


_READ = """(function (points, half) {
  var box = document.querySelector('.leaflet-container').getBoundingClientRect();
  var canvas = document.querySelector('.leaflet-smPoints-pane canvas');
  var at = canvas.getBoundingClientRect();
  var ratio = canvas.width / at.width;
  var ctx = canvas.getContext('2d');
  return points.map(function (p) {
    var x = Math.round((p[0] + box.left - at.left) * ratio) - half;
    var y = Math.round((p[1] + box.top - at.top) * ratio) - half;
    return Array.from(ctx.getImageData(x, y, 2 * half, 2 * half).data);
  });
})(%s, %d)"""


def icon_patches(evaluate: Any) -> list[np.ndarray]:
    """The pixels (``PATCH`` x ``PATCH`` x RGBA, straight alpha, uint8) of the page's point
    canvas around each place of :func:`icon_frame`, in its order, once the map shows that
    frame with the icons on. ``evaluate`` runs a script in the page and returns its value
    (``MapView.evaluate``). Sets the view itself."""
    evaluate(f"sitmap.setView({_CENTRE[0]}, {_CENTRE[1]}, {_ZOOM}, false)")
    view = evaluate("sitmap.getView()")
    size = evaluate("(function () { var c = document.querySelector('.leaflet-container');"
                    " return [c.clientWidth, c.clientHeight]; })()")
    assert isinstance(view, dict) and isinstance(size, list)
    cx, cy = _world(float(view["lat"]), float(view["lon"]), int(view["zoom"]))
    points = []
    for lat, lon in _places(len(CATEGORIES)):
        x, y = _world(lat, lon, int(view["zoom"]))
        points.append([x - cx + size[0] / 2, y - cy + size[1] / 2])
    got = evaluate(_READ % (points, PATCH // 2))
    assert isinstance(got, list)
    return [np.array(p, dtype=np.uint8).reshape(PATCH, PATCH, 4) for p in got]


def shape_of(patch: np.ndarray) -> np.ndarray:
    """The pixels the icon covers at least half (alpha >= 128), as booleans."""
    return patch[:, :, 3] >= 128


def shape_distance(a: np.ndarray, b: np.ndarray, *, reach: int = 2) -> int:
    """How many pixels two shapes differ in, aligned as well as shifts of up to ``reach``
    pixels can (a point placed a pixel off must not count as another shape)."""
    best = a.size
    for dy in range(-reach, reach + 1):
        for dx in range(-reach, reach + 1):
            moved = np.roll(np.roll(b, dy, axis=0), dx, axis=1)
            best = min(best, int(np.count_nonzero(a ^ moved)))
    return best


def on(patch: np.ndarray, ground: Sequence[int]) -> np.ndarray:
    """The icon's pixels laid over a plain ``ground`` colour, as the eye sees them (RGB,
    float 0-255)."""
    alpha = patch[:, :, 3:4].astype(float) / 255
    return patch[:, :, :3].astype(float) * alpha + np.array(ground, dtype=float) * (1 - alpha)


def luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (last axis RGB, 0-255)."""
    c = np.asarray(rgb, dtype=float) / 255
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return np.asarray(lin @ np.array([0.2126, 0.7152, 0.0722]))


def contrast(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """WCAG 2 contrast ratio (1-21) of luminances ``a`` and ``b``."""
    hi, lo = np.maximum(a, b), np.minimum(a, b)
    return np.asarray((hi + 0.05) / (lo + 0.05))


def _eroded(shape: np.ndarray) -> np.ndarray:
    """The pixels of ``shape`` whose four neighbours are in it too."""
    inside = np.pad(shape, 1)
    return np.asarray(shape & inside[:-2, 1:-1] & inside[2:, 1:-1] & inside[1:-1, :-2]
                      & inside[1:-1, 2:])


def edge_contrast(patch: np.ndarray, ground: Sequence[int]) -> tuple[float, float]:
    """How well the icon stands out from a plain ``ground``: the WCAG contrast ratio
    against it of the icon's rim (the median colour of its edge: the pixels of its shape
    with a neighbour outside it) and of its body (the median colour of the pixels two
    steps inside the edge), both as the eye sees them over the ground. An icon whose rim
    and body both stay near 1 melts into the map; WCAG asks 3 of a graphic one must see
    (success criterion 1.4.11)."""
    shape = shape_of(patch)
    seen = on(patch, ground)
    body = _eroded(_eroded(shape))
    edge = shape & ~_eroded(shape)
    bg = luminance(np.array(ground, dtype=float))
    ratios = []
    for part in (edge, body):
        colour = np.median(seen[part], axis=0) if part.any() else np.array(ground, float)
        ratios.append(float(contrast(luminance(colour), bg)))
    return ratios[0], ratios[1]
