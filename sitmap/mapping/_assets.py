"""The files the map page links to, resolved at run time and served or inlined.

Third-party files (Leaflet) come from the installed XStatic packages; sitmap's own script,
style and basemap come from ``resources/``. Nothing here reaches the network.
"""

from __future__ import annotations

import base64
import functools
import importlib
import json
import math
import mimetypes
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from sitmap._paths import resources_dir

__all__ = ["ASSET_BASE", "asset_bytes", "asset_url", "countries_in_view", "inline_assets",
           "offer_window_script", "pack_features", "regions_for", "regions_near",
           "water_near", "window_scripts"]

ASSET_BASE: Final = "sitmap://assets/"

_MIME: Final = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}

# Our own page files, relative to resources/.
_OWN: Final = {
    "util.js": "web/util.js",
    "core.js": "web/core.js",
    "map.js": "web/map.js",
    "density.js": "web/density.js",
    "layers.js": "web/layers.js",
    "map.css": "web/map.css",
    "standalone.js": "web/standalone.js",
    "standalone.css": "web/standalone.css",
    "slideshow.js": "web/slideshow.js",
    "annotate.js": "web/annotate.js",
    "unpack.js": "web/unpack.js",
}


def _xstatic_dir(module: str) -> Path:
    return Path(importlib.import_module(module).BASE_DIR)


def _leaflet_dir() -> Path:
    return _xstatic_dir("xstatic.pkg.leaflet")


# Steps per degree of the packed basemap (the derived files are rounded to 0.01 degree).
_PACK_SCALE: Final = 100
_DEPTH: Final = {"LineString": 0, "MultiLineString": 1, "Polygon": 1, "MultiPolygon": 2}


def _packed_line(points: Any) -> list[int]:
    out: list[int] = []
    px = py = 0
    for point in points:
        x, y = round(float(point[0]) * _PACK_SCALE), round(float(point[1]) * _PACK_SCALE)
        out += [x - px, y - py]
        px, py = x, y
    return out


def _packed(coordinates: Any, depth: int) -> Any:
    if depth == 0:
        return _packed_line(coordinates)
    return [_packed(part, depth - 1) for part in coordinates]


def pack_features(collection: dict[str, Any]) -> dict[str, Any]:
    """The compact form of a GeoJSON FeatureCollection of lines and polygons that the page
    unpacks (``resources/web/unpack.js``, ``window.sitmapUnpack``): ``"packed": 100`` and
    each line or ring one flat list of whole 0.01-degree steps, the first point then the
    differences (about 45 % of the plain JSON). Returns a new dict; raises KeyError for a
    geometry type other than (Multi)LineString or (Multi)Polygon. A feature is packed once
    per process (memoised by identity): it must not change after it was packed."""
    return {"type": "FeatureCollection", "packed": _PACK_SCALE,
            "features": [_packed_feature(f) for f in collection["features"]]}


# Packed features by the id of the feature packed (kept with it, so the id cannot be
# reused): the basemap's own features are read once per process and packed again for
# every page the window builds (~0.02 s each time for the regions of a 10k table).
_PACKED_FEATURES: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
_PACKED_FEATURES_MAX: Final = 4096


def _packed_feature(f: dict[str, Any]) -> dict[str, Any]:
    known = _PACKED_FEATURES.get(id(f))
    if known is not None and known[0] is f:
        return known[1]
    packed = {"type": "Feature", "properties": f["properties"],
              "geometry": {"type": f["geometry"]["type"],
                           "coordinates": _packed(f["geometry"]["coordinates"],
                                                  _DEPTH[f["geometry"]["type"]])}}
    if len(_PACKED_FEATURES) >= _PACKED_FEATURES_MAX:
        _PACKED_FEATURES.clear()
    _PACKED_FEATURES[id(f)] = (f, packed)
    return packed


def _compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"))


@functools.cache
def _basemap_script() -> bytes:
    # A script rather than a JSON file so both hosts load it the same way (<script src> or
    # inline) without fetch(), which custom schemes and file:// pages restrict. The
    # countries travel packed (pack_features); sitmapInit unpacks them (unpack.js).
    geojson = json.loads((resources_dir() / "basemap" / "countries.geojson").read_text(
        encoding="utf-8"))
    return ("window.sitmapCountries = " + _compact(pack_features(geojson)) + ";\n").encode(
        "utf-8")


@functools.cache
def _water_text() -> str:
    return (resources_dir() / "basemap" / "water.geojson").read_text(encoding="utf-8").strip()


@functools.cache
def _water_script() -> bytes:
    # Natural Earth rivers and lakes for the window (an export carries only those near its
    # events, water_near); a script like basemap.js for the same reason.
    packed = _compact(pack_features(json.loads(_water_text())))
    return ("window.sitmapWater = " + packed + ";\n").encode("utf-8")


# The scripts derived from the basemap's GeoJSON (json.loads and pack_features: ~0.1 s of
# the window's first page), by asset name.
_DERIVED: Final = {"basemap.js": _basemap_script, "water.js": _water_script}
# The same, made by the start-up's early load (a fork of this process running the same
# code, sitmap.pipeline._early) and handed over before the page asks for them.
_OFFERED: dict[str, bytes] = {}


def window_scripts() -> dict[str, bytes]:
    """The derived scripts every window page loads (``basemap.js``, ``water.js``), by
    asset name, made now (once per process). Raises OSError or ValueError if the bundled
    basemap files are missing or broken."""
    return {name: make() for name, make in _DERIVED.items()}


def offer_window_script(name: str, content: object) -> None:
    """Serve ``content`` as the derived script ``name`` (one of :func:`window_scripts`'
    names, as a fork of this process made it), so this process need not make it again.
    Anything else (another name, not bytes) is ignored. Raises nothing."""
    if name in _DERIVED and isinstance(content, bytes):
        _OFFERED.setdefault(name, content)


def _path_of(name: str) -> Path:
    if name in ("leaflet.js", "leaflet.css"):
        return _leaflet_dir() / name
    if name.startswith("images/") and "/" not in name[len("images/") :]:
        return _leaflet_dir() / name
    if name in _OWN:
        return resources_dir() / _OWN[name]
    raise KeyError(name)


def asset_bytes(name: str) -> tuple[bytes, str]:
    """Return ``(content, mime type)`` of the page asset ``name``.

    ``name`` is what follows ``sitmap://assets/`` in the page (``leaflet.js``,
    ``images/layers.png``, ``map.js``, ``basemap.js``, ``water.js``, ...). Raises KeyError
    for a name the page never links to (so a handler cannot be made to read arbitrary files) and
    FileNotFoundError if an installed package lacks the file.
    """
    if name in _DERIVED:
        offered = _OFFERED.get(name)
        return (offered if offered is not None else _DERIVED[name]()), _MIME[".js"]
    path = _path_of(name)
    suffix = path.suffix.lower()
    mime = _MIME.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return path.read_bytes(), mime


def asset_url(name: str) -> str:
    """The URL under which the Qt window's scheme handler serves ``name``."""
    return ASSET_BASE + name


_SCRIPT_TAG = re.compile(r'<script src="sitmap://assets/([^"]+)"></script>')
_CSS_TAG = re.compile(r'<link rel="stylesheet" href="sitmap://assets/([^"]+)"/>')
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


def _data_uri(name: str) -> str:
    content, mime = asset_bytes(name)
    return f"data:{mime.split(';')[0]};base64,{base64.b64encode(content).decode('ascii')}"


def _inline_css(name: str) -> str:
    css = asset_bytes(name)[0].decode("utf-8")
    folder = name.rsplit("/", 1)[0] + "/" if "/" in name else ""

    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        return f'url("{_data_uri(folder + target)}")'

    return _CSS_URL.sub(replace, css)


def _inline_script(name: str) -> str:
    source = asset_bytes(name)[0].decode("utf-8")
    # "</script" inside the text would end the inline element early.
    return re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE)


# Leaflet finds its default marker images relative to leaflet.css, which an inlined page
# does not have; point it at data: URIs instead.
_ICON_FIX: Final = (
    "L.Icon.Default.imagePath = '';\n"
    "L.Icon.Default.mergeOptions({{iconUrl: '{icon}', iconRetinaUrl: '{retina}', "
    "shadowUrl: '{shadow}'}});\n"
)


def inline_assets(html: str) -> str:
    """Replace every ``sitmap://assets/`` script and stylesheet link in ``html`` by the
    file's content (CSS ``url()`` targets become data: URIs).

    Raises KeyError if the page links to an unknown asset.
    """

    def script(match: re.Match[str]) -> str:
        name = match.group(1)
        body = _inline_script(name)
        if name == "leaflet.js":
            body += "\n" + _ICON_FIX.format(
                icon=_data_uri("images/marker-icon.png"),
                retina=_data_uri("images/marker-icon-2x.png"),
                shadow=_data_uri("images/marker-shadow.png"),
            )
        return f"<script>/* {name} */\n{body}\n</script>"

    def css(match: re.Match[str]) -> str:
        return f"<style>/* {match.group(1)} */\n{_inline_css(match.group(1))}\n</style>"

    return _CSS_TAG.sub(css, _SCRIPT_TAG.sub(script, html))


# Where each country's feature starts in admin1.geojson (one compact line, written by
# resources/basemap/derive_basemap.py): only the few countries a page needs get parsed, not
# the whole 2 MB file (0.2 s of the window's start-up).
_ADMIN1_FEATURE = re.compile(r'\{"type":"Feature","properties":\{"cc":"([A-Z]{2})"')


@functools.cache
def _admin1_index() -> tuple[str, dict[str, int]]:
    path = resources_dir() / "basemap" / "admin1.geojson"
    text = path.read_text(encoding="utf-8")
    return text, {m.group(1): m.start() for m in _ADMIN1_FEATURE.finditer(text)}


@functools.cache
def _admin1_feature(cc: str) -> dict[str, Any] | None:
    text, starts = _admin1_index()
    if cc not in starts:
        return None
    feature: dict[str, Any] = json.JSONDecoder().raw_decode(text, starts[cc])[0]
    return feature


@functools.cache
def _admin1_size(cc: str) -> int:
    feature = _admin1_feature(cc)
    if feature is None:
        return 0
    return len(_compact(pack_features({"features": [feature]})["features"][0]))


def regions_for(country_codes: set[str]) -> dict[str, Any]:
    """First-level region borders of the given countries (ISO alpha-2), as a GeoJSON
    FeatureCollection; countries the basemap has no regions for are left out."""
    found = (_admin1_feature(cc) for cc in sorted(country_codes))
    return {"type": "FeatureCollection", "features": [f for f in found if f is not None]}


# A view wider than this shows no region borders (the page draws them from zoom 5 on).
_REGION_VIEW_MAX_DEGREES: Final = 60.0
_REGION_VIEW_MAX_COUNTRIES: Final = 40


def _box(coordinates: Any, box: list[float]) -> None:
    if coordinates and isinstance(coordinates[0], int | float):
        lon, lat = float(coordinates[0]), float(coordinates[1])
        box[0], box[1] = min(box[0], lat), min(box[1], lon)
        box[2], box[3] = max(box[2], lat), max(box[3], lon)
        return
    for part in coordinates:
        _box(part, box)


@functools.cache
def _country_boxes() -> tuple[tuple[str, float, float, float, float], ...]:
    geojson = json.loads((resources_dir() / "basemap" / "countries.geojson").read_text(
        encoding="utf-8"))
    boxes: list[tuple[str, float, float, float, float]] = []
    for feature in geojson["features"]:
        cc = feature["properties"].get("cc")
        if not cc:
            continue
        box = [math.inf, math.inf, -math.inf, -math.inf]
        _box(feature["geometry"]["coordinates"], box)
        boxes.append((str(cc), box[0], box[1], box[2], box[3]))
    return tuple(boxes)


def countries_in_view(south: float, west: float, north: float, east: float) -> set[str]:
    """ISO alpha-2 codes of the countries whose bounding box meets the view (at most 40,
    and none for a view wider or taller than 60 degrees, where region borders are not
    drawn). Raises nothing."""
    if east - west > _REGION_VIEW_MAX_DEGREES or north - south > _REGION_VIEW_MAX_DEGREES:
        return set()
    found = set()
    for cc, s, w, n, e in _country_boxes():
        # Rings crossing the date line are unwrapped (lon past 180): compare both ways.
        if s <= north and n >= south and any(w <= east + k and e >= west + k
                                             for k in (-360.0, 0.0, 360.0)):
            found.add(cc)
    return found if len(found) <= _REGION_VIEW_MAX_COUNTRIES else set()


Box = tuple[float, float, float, float]
"""``(south, west, north, east)`` in degrees."""


def _meets(a: Box, b: Box) -> bool:
    # Rings crossing the date line are unwrapped (lon past 180): compare both ways.
    return a[0] <= b[2] and a[2] >= b[0] and any(
        a[1] <= b[3] + k and a[3] >= b[1] + k for k in (-360.0, 0.0, 360.0))


@functools.cache
def _water_features() -> tuple[tuple[Box, dict[str, Any]], ...]:
    out: list[tuple[Box, dict[str, Any]]] = []
    for feature in json.loads(_water_text())["features"]:
        box = [math.inf, math.inf, -math.inf, -math.inf]
        _box(feature["geometry"]["coordinates"], box)
        out.append(((box[0], box[1], box[2], box[3]), feature))
    return tuple(out)


def water_near(box: Box | None) -> dict[str, Any]:
    """Natural Earth rivers and lakes (``resources/basemap/water.geojson``) whose bounding
    box meets ``box`` (south, west, north, east), as a GeoJSON FeatureCollection; ``None``
    gives none. Raises nothing for a box (an unreadable resource file raises OSError)."""
    if box is None:
        return {"type": "FeatureCollection", "features": []}
    return {"type": "FeatureCollection",
            "features": [f for fbox, f in _water_features() if _meets(fbox, box)]}


# What an export spends on region borders of countries without events, packed (the 10k
# export's budget is 3 MB; admin1.geojson packs the whole world into 0.9 MB). 200 kB made the
# 10k synthetic export with every layer on 3,014,347 bytes; 170 kB makes it 2,984,317.
REGION_BUDGET_BYTES: Final = 170_000


def _box_gap(box: Box, lat: float, lon: float) -> float:
    """Degrees of latitude plus longitude from (lat, lon) to ``box`` (0 inside it)."""
    s, w, n, e = box
    dlat = max(s - lat, 0.0, lat - n)
    dlon = min(max(w + k - lon, 0.0, lon - (e + k)) for k in (-360.0, 0.0, 360.0))
    return dlat + dlon


def regions_near(countries: set[str], box: Box | None, *,
                 points: Sequence[tuple[float, float]] = (),
                 budget_bytes: int = REGION_BUDGET_BYTES) -> dict[str, Any]:
    """Region borders for a page that cannot ask for them by view (the standalone export):
    those of ``countries`` (ISO alpha-2, always), then those of every other country whose
    bounding box meets ``box`` (south, west, north, east), nearest first to ``points``
    (``(lat, lon)`` of the events, coarsened; default the box's centre), while they add up
    to at most ``budget_bytes`` (counting their :func:`pack_features` form, which the page
    carries; a country that does not fit is passed over for smaller ones). Returns a
    GeoJSON FeatureCollection, one feature per country, sorted by code. Raises nothing for
    bad input (an unreadable resource file raises OSError)."""
    chosen = set(countries)
    if box is not None:
        spots = list(points) or [((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)]
        # A country whose box spans most of the globe (the United States, New Zealand,
        # Fiji: islands on both sides of the date line) meets every box in its latitudes
        # and is "near" everything; it comes last.
        near = sorted(
            (min(_box_gap((s, w, n, e), lat, lon) for lat, lon in spots)
             + (1000.0 if e - w > 180 else 0.0), cc)
            for cc, s, w, n, e in _country_boxes()
            if cc not in chosen and _meets((s, w, n, e), box)
        )
        spent = 0
        for _, cc in near:
            size = _admin1_size(cc)
            if size == 0 or spent + size > budget_bytes:
                continue
            spent += size
            chosen.add(cc)
    return regions_for(chosen)
