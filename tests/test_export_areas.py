"""GeoJSON and KML draw an area (country, region) as its outline, with its representative
point as properties; points stay points."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from sitmap.events import synthetic_events, validate
from sitmap.mapping import export_geojson, export_kml

K = "{http://www.opengis.net/kml/2.2}"


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat0, lon0), (lat1, lon1) = a, b
    p = math.pi / 180
    h = (math.sin((lat1 - lat0) * p / 2) ** 2
         + math.cos(lat0 * p) * math.cos(lat1 * p) * math.sin((lon1 - lon0) * p / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(h))



@pytest.fixture
def areas() -> pd.DataFrame:
    """Rows on Russia (a country across the antimeridian), Texas (a region) and a city."""
    table = synthetic_events(3, seed=1)
    for i, (place, cc, kind, lat, lon) in enumerate([
        ("Russia", "RU", "country", 60.0, 100.0),
        ("Texas", "US", "region", 31.131, -98.7607),
        ("Almaty", "KZ", "city", 43.25, 76.92),
    ]):
        table.loc[i, ["place", "country_code", "kind"]] = [place, cc, kind]
        table.loc[i, ["lat", "lon"]] = [lat, lon]
    return validate(table)


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def _inside(ring: list[list[float]], lon: float, lat: float) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def test_geojson_draws_a_country_as_its_outline_with_the_point_as_properties(
    areas: pd.DataFrame, tmp_path: Path
) -> None:
    export_geojson(areas, tmp_path / "events.geojson")
    russia, texas, almaty = json.loads(
        (tmp_path / "events.geojson").read_text(encoding="utf-8"))["features"]
    assert russia["geometry"]["type"] == "MultiPolygon"
    assert (russia["properties"]["lat"], russia["properties"]["lon"]) == (60.0, 100.0)
    rings = [polygon[0] for polygon in _polygons(russia["geometry"])]
    lons = [x for ring in rings for x, _ in ring]
    assert all(-180 <= x <= 180 for x in lons)  # split at the antimeridian (RFC 7946)
    assert min(lons) < 30 and max(lons) == 180  # from the Baltic to the date line
    assert any(_inside(ring, 100.0, 60.0) for ring in rings)
    assert all(_signed_area(ring) > 0 for ring in rings)  # counterclockwise, as RFC 7946 asks
    # Kept small: a table of many rows on one country repeats the outline in each.
    assert len(json.dumps(russia["geometry"], separators=(",", ":"))) < 1000
    # A region is the map's circle (90 km) around its point.
    assert texas["geometry"]["type"] == "Polygon"
    ring = texas["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and _signed_area(ring) > 0
    assert all(88 < km((lat, lon), (31.131, -98.7607)) < 92 for lon, lat in ring)
    assert almaty["geometry"] == {"type": "Point", "coordinates": [76.92, 43.25]}


def test_kml_draws_a_country_as_its_outline_and_point(areas: pd.DataFrame, tmp_path: Path) -> None:
    export_kml(areas, tmp_path / "events.kml")
    doc = ET.parse(tmp_path / "events.kml").getroot()
    marks = {m.findtext(f"{K}name"): m for m in doc.iter(f"{K}Placemark")}
    russia = marks["Russia"]
    shapes = russia.find(f"{K}MultiGeometry")
    assert shapes is not None
    assert shapes.findtext(f"{K}Point/{K}coordinates") == "100.000000,60.000000"
    outlines = shapes.findall(f"{K}Polygon")
    assert len(outlines) >= 2
    ring = [tuple(map(float, p.split(","))) for p in outlines[0].findtext(
        f"{K}outerBoundaryIs/{K}LinearRing/{K}coordinates").split()]
    assert len(ring) >= 4 and ring[0] == ring[-1]
    data = {d.get("name"): d.findtext(f"{K}value") for d in russia.iter(f"{K}Data")}
    assert (data["lat"], data["lon"]) == ("60.000000", "100.000000")
    assert marks["Texas"].find(f"{K}MultiGeometry/{K}Polygon") is not None
    assert marks["Almaty"].find(f"{K}MultiGeometry") is None
    assert marks["Almaty"].findtext(f"{K}Point/{K}coordinates") == "76.920000,43.250000"


def _decimals(value: float) -> int:
    text = repr(value)
    return len(text.split(".")[1]) if "." in text else 0


def test_an_area_adds_little_to_a_geojson_row(tmp_path: Path) -> None:
    """Rows on one country repeat its outline, so the outline is kept small: a table all on
    Russia is at most 1.3 times the size of the same table as points, and no coordinate of an
    outline or a region's circle has more than 2 decimals (about 1 km)."""
    table = synthetic_events(200, seed=3)
    table["place"], table["country_code"], table["lat"], table["lon"] = "Russia", "RU", 60.0, 100.0
    sizes = {}
    for kind in ("country", "city"):
        table["kind"] = kind
        export_geojson(validate(table), tmp_path / f"{kind}.geojson")
        sizes[kind] = (tmp_path / f"{kind}.geojson").stat().st_size
    assert sizes["country"] <= 1.3 * sizes["city"]
    table["place"], table["country_code"], table["kind"] = "Texas", "US", "region"
    table["lat"], table["lon"] = 31.131, -98.7607
    export_geojson(validate(table.iloc[:1]), tmp_path / "texas.geojson")
    for name in ("country", "texas"):
        doc = json.loads((tmp_path / f"{name}.geojson").read_text(encoding="utf-8"))
        geometry = doc["features"][0]["geometry"]
        assert all(_decimals(v) <= 2 for polygon in _polygons(geometry)
                   for ring in polygon for point in ring for v in point)


def _on(table: pd.DataFrame, rows: list[tuple[str, str, str, float, float]]) -> pd.DataFrame:
    """``table`` with its first rows moved onto the given (place_id, place, kind, lat, lon)."""
    for i, (place_id, place, kind, lat, lon) in enumerate(rows):
        table.loc[i, ["place_id", "place", "kind", "country_code"]] = [place_id, place, kind,
                                                                       "US"]
        table.loc[i, ["lat", "lon"]] = [lat, lon]
    return validate(table)


def _reach_km(geometry: dict, lat: float, lon: float) -> float:
    """How far the drawn outline reaches from the point: the mean distance of its vertices."""
    ring = _polygons(geometry)[0][0]
    return sum(km((lat, lon), (y, x)) for x, y in ring) / len(ring)


def test_an_area_is_exported_at_its_own_size(tmp_path: Path) -> None:
    # A county, a small and a large state, and a continent: each circle as wide as the area
    # (the radius of a disc of its land area). Henry County, Alabama is about 1,450 km2
    # (r 21 km), Rhode Island about 3,100 (r 31), Texas about 690,000 (r 470); Europe, with
    # all of Russia in M49's Eastern Europe, over 2,000. Before, every one was 90 km.
    table = _on(synthetic_events(5, seed=2), [
        ("us2:01067", "Henry County", "region", 31.5149, -85.2415),
        ("ne1:USA-3539", "Rhode Island", "region", 41.69455, -71.59486),
        ("ne1:USA-3536", "Texas", "region", 31.42933, -99.34511),
        ("lm:europe", "Europe", "region", 48.69096, 9.14062),
        ("lm:made-up-area", "Somewhere", "region", 10.0, 10.0),
    ])
    export_geojson(table, tmp_path / "areas.geojson")
    features = json.loads((tmp_path / "areas.geojson").read_text(encoding="utf-8"))["features"]
    reach = {f["properties"]["place"]: _reach_km(f["geometry"], f["properties"]["lat"],
                                                 f["properties"]["lon"]) for f in features}
    assert 15 < reach["Henry County"] < 30
    assert 20 < reach["Rhode Island"] < 45
    assert 350 < reach["Texas"] < 600
    assert reach["Europe"] > 2000
    assert reach["Somewhere"] == pytest.approx(90, rel=0.02)  # size unknown: the default

    export_kml(table, tmp_path / "areas.kml")
    root = ET.parse(tmp_path / "areas.kml").getroot()
    for mark in root.iter(f"{K}Placemark"):
        if mark.findtext(f"{K}name", "").startswith("Henry County"):
            ring = mark.find(f".//{K}Polygon//{K}coordinates").text.split()
            lon, lat = (float(v) for v in mark.find(f".//{K}Point/{K}coordinates").text
                        .split(","))
            far = max(km((lat, lon), (float(y), float(x)))
                      for x, y in (p.split(",")[:2] for p in ring))
            assert 15 < far < 30
            break
    else:
        pytest.fail("no Henry County placemark")
