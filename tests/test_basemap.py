"""The richer offline basemap (issue 16): Natural Earth rivers and lakes as a compact derived
file, drawn at city zoom and not at world zoom; region borders of the countries an export's
views need, not only those with events; the packed form the page carries."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from test_export_browser import CHROMIUM, probe

from sitmap._paths import resources_dir
from sitmap.mapping._assets import pack_features, regions_for, regions_near, water_near

WATER = resources_dir() / "basemap" / "water.geojson"
# The size README.md states for water.geojson; the page's packed copy is under half of it.
WATER_MAX_BYTES = 400_000


def _points(coordinates: object) -> list[list[float]]:
    if isinstance(coordinates, list) and coordinates and isinstance(coordinates[0], float | int):
        return [coordinates]  # type: ignore[list-item]
    assert isinstance(coordinates, list)
    return [p for part in coordinates for p in _points(part)]


def test_water_file_is_valid_geojson_of_rivers_and_lakes_within_its_size() -> None:
    assert WATER.stat().st_size <= WATER_MAX_BYTES
    collection = json.loads(WATER.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    kinds = {"river": 0, "lake": 0}
    for feature in collection["features"]:
        assert feature["type"] == "Feature"
        kind = feature["properties"]["kind"]
        kinds[kind] += 1
        geometry = feature["geometry"]
        if kind == "river":
            assert geometry["type"] == "MultiLineString"
            assert all(len(line) >= 2 for line in geometry["coordinates"])
        else:
            assert geometry["type"] == "MultiPolygon"
            for polygon in geometry["coordinates"]:
                for ring in polygon:
                    assert len(ring) >= 4 and ring[0] == ring[-1]  # closed rings
        for lon, lat in _points(geometry["coordinates"]):
            assert math.isfinite(lon) and math.isfinite(lat)
            assert -90 <= lat <= 90 and -190 <= lon <= 190
            assert round(lon, 2) == lon and round(lat, 2) == lat  # rounded to 0.01 degree
    # Natural Earth 1:50m has a few hundred of each.
    assert kinds["river"] > 300 and kinds["lake"] > 200


def _unpacked(packed: dict) -> list[list[float]]:
    # What resources/web/unpack.js does, for one flat line: running sums over 100.
    out, x, y = [], 0, 0
    for k in range(0, len(packed), 2):
        x, y = x + packed[k], y + packed[k + 1]
        out.append([x / 100, y / 100])
    return out


def test_packed_features_give_back_the_same_points() -> None:
    collection = regions_for({"KZ"})
    packed = pack_features(collection)
    assert packed["packed"] == 100
    original = collection["features"][0]["geometry"]["coordinates"]
    lines = packed["features"][0]["geometry"]["coordinates"]
    assert len(lines) == len(original)
    for flat, line in zip(lines, original, strict=True):
        assert all(isinstance(v, int) for v in flat)
        assert _unpacked(flat) == line
    assert len(json.dumps(packed)) < 0.6 * len(json.dumps(collection))


def test_water_near_a_box_takes_only_what_meets_it() -> None:
    everything = json.loads(WATER.read_text(encoding="utf-8"))["features"]
    near_baghdad = water_near((32.3, 43.4, 34.3, 45.4))["features"]
    assert 0 < len(near_baghdad) < len(everything) / 20
    assert water_near(None)["features"] == []


def test_regions_near_keep_the_event_countries_and_add_neighbours_within_budget() -> None:
    box = (40.0, 70.0, 46.0, 80.0)  # around Almaty and Bishkek
    codes = [f["properties"]["cc"] for f in regions_near({"KZ"}, box)["features"]]
    assert "KZ" in codes and {"KG", "UZ", "CN"} <= set(codes)
    assert [f["properties"]["cc"] for f in regions_near({"KZ"}, None)["features"]] == ["KZ"]
    # Nothing but the event countries when the budget allows no more.
    tight = regions_near({"KZ"}, box, budget_bytes=0)["features"]
    assert [f["properties"]["cc"] for f in tight] == ["KZ"]


_BASEMAP_SNAPSHOT = """function () {
  var s = window.sitmap;
  return {zoom: s.getView().zoom, layers: s.basemapLayers(), regions: s.regionCountries()};
}"""


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium (Debian 'chromium')")
def test_export_draws_water_at_city_zoom_and_region_borders_of_countries_without_events(
    tmp_path: Path,
) -> None:
    from sitmap._paths import seeds_dir
    from sitmap.cli import main

    page = tmp_path / "seeds.html"
    assert main(["export", str(seeds_dir()), "-o", str(page)]) == 0
    world, city = probe(page, tmp_path, [
        "window.sitmap.setView(30, 40, 3, false);",
        # Zoom 10 on Semey, on the Irtysh.
        "window.sitmap.setView(50.41, 80.23, 10, false);",
    ], snapshot=_BASEMAP_SNAPSHOT)[1:]
    assert world["zoom"] == 3 and city["zoom"] == 10
    for name in ("rivers", "lakes"):
        assert world["layers"][name]["features"] > 0  # the export carries them
        assert not world["layers"][name]["shown"] and world["layers"][name]["drawn"] == 0
    assert city["layers"]["rivers"]["shown"] and city["layers"]["rivers"]["drawn"] > 0
    assert city["layers"]["lakes"]["shown"]
    # No seed event is in Uzbekistan or Mongolia; their region borders come all the same.
    assert {"UZ", "MN", "KZ"} <= set(city["regions"])
