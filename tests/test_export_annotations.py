"""Annotations leave the window: ``sitmap export PROJECT.sitmap`` draws them in the
standalone map (read back in headless Chromium, per scene and per date range) and writes them
to GeoJSON and KML with their styles (read back)."""

from __future__ import annotations

import datetime as dt
import json
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_export_browser import CHROMIUM, run_chromium, tags

from sitmap.cli import main
from sitmap.events import synthetic_events
from sitmap.model import ANNOTATION_COLOURS, Annotation
from sitmap.project import Project, SavedView, Scene

KYIV = (50.45, 30.52)
KHARKIV = (49.99, 36.23)
DNIPRO = (48.46, 35.05)
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    """A project with two scenes and one annotation of each kind; the area belongs to the
    second scene only, the front line to 5 January only."""
    project = Project.new()
    project.set_base_events(synthetic_events(12))
    one = project.add_scene(Scene("Before", SavedView(49.4, 33.0, 6)))
    two = project.add_scene(Scene("After", SavedView(49.4, 33.0, 6)))
    assert one.id is not None and two.id is not None
    for annotation in (
        Annotation("arrow", (KYIV, KHARKIV), label="Advance east", colour="blue"),
        Annotation("line", (KYIV, DNIPRO), label="Front 5 Jan", colour="black", dashed=True,
                   date_start=dt.date(2022, 1, 5), date_end=dt.date(2022, 1, 5)),
        Annotation("polygon", (KYIV, KHARKIV, DNIPRO), label="Contested", colour="orange",
                   scenes=(two.id,)),
        Annotation("circle", (DNIPRO,), label="Staging", colour="green", radius_m=25_000.0),
        Annotation("text", (KHARKIV,), label="<img src=x onerror=alert(1)>",
                   colour="purple"),
        Annotation("ring", (KYIV,), label="Artillery", radius_m=40_000.0),
    ):
        project.add_annotation(annotation)
    return project.save(tmp_path / "brief.sitmap")


def labels_in(dom: str) -> list[str]:
    """The annotation labels the page drew, as text."""
    from html import unescape

    out = []
    for chunk in dom.split('class="sm-note-text')[1:]:
        out.append(unescape(chunk.split(">", 1)[1].split("<", 1)[0]))
    return out


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium")
def test_the_standalone_map_draws_them_per_scene_and_date(briefing: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    assert main(["export", str(briefing), "-o", str(out)]) == 0
    first = labels_in(run_chromium(out.as_uri() + "#scene=1", tmp_path))
    assert "Contested" not in first
    assert {"Advance east", "Front 5 Jan", "Staging", "Artillery · 40 km",
            "<img src=x onerror=alert(1)>"} <= set(first)
    dom = run_chromium(out.as_uri() + "#scene=2", tmp_path)
    assert "Contested" in labels_in(dom)
    # The hostile label is text: no image element was made of it.
    assert not [a for t, a in tags(dom) if t == "img" and a.get("src") == "x"]
    # A range without 5 January hides the front line.
    later = labels_in(run_chromium(out.as_uri() + "#from=2022-01-06&to=2022-01-09", tmp_path))
    assert "Front 5 Jan" not in later and "Advance east" in later


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def test_geojson_holds_them_with_their_styles(briefing: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.geojson"
    assert main(["export", str(briefing), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    notes = [f for f in doc["features"] if f["properties"].get("sitmap") == "annotation"]
    events = [f for f in doc["features"] if "event_id" in f["properties"]]
    assert len(events) == len(Project.open(briefing).events())
    by_kind = {f["properties"]["kind"]: f for f in notes}
    assert list(by_kind) == ["arrow", "line", "polygon", "circle", "text", "ring"]
    arrow = by_kind["arrow"]
    assert arrow["geometry"] == {"type": "LineString",
                                 "coordinates": [[KYIV[1], KYIV[0]], [KHARKIV[1], KHARKIV[0]]]}
    assert arrow["properties"]["stroke"] == ANNOTATION_COLOURS["blue"]
    assert arrow["properties"]["arrow"] == "end"
    assert by_kind["line"]["properties"]["dashed"] is True
    assert by_kind["line"]["properties"]["date_start"] == "2022-01-05"
    area = by_kind["polygon"]
    assert area["geometry"]["type"] == "Polygon"
    ring = area["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1] and len(ring) == 4
    assert area["properties"]["fill-opacity"] > 0 and area["properties"]["scenes"] == [2]
    assert by_kind["text"]["geometry"]["type"] == "Point"
    assert by_kind["text"]["properties"]["label"] == "<img src=x onerror=alert(1)>"
    # A range ring is a polygon whose every point lies at its radius from the centre.
    rr = by_kind["ring"]
    assert rr["properties"]["readout"] == "40 km" and rr["properties"]["fill-opacity"] == 0
    centre = tuple(rr["properties"]["center"])
    for point in rr["geometry"]["coordinates"][0]:
        assert _metres(centre, tuple(point)) == pytest.approx(40_000.0, rel=1e-3)


def test_kml_holds_them_with_their_styles(briefing: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.kml"
    assert main(["export", str(briefing), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    folders = {f.findtext(f"{KML}name"): f for f in root.iter(f"{KML}Folder")}
    marks = folders["Annotations"].findall(f"{KML}Placemark")
    names = [m.findtext(f"{KML}name") for m in marks]
    # Text nodes are inert: markup is escaped before XML escaping.
    assert names == ["Advance east", "Front 5 Jan", "Contested", "Staging",
                     "&lt;img src=x onerror=alert(1)&gt;", "Artillery · 40 km"]
    arrow, line, area, circle, _text, ring = marks
    blue = ANNOTATION_COLOURS["blue"]
    assert arrow.findtext(f"{KML}Style/{KML}LineStyle/{KML}color") == (
        "ff" + blue[5:7] + blue[3:5] + blue[1:3])
    assert arrow.find(f"{KML}LineString") is not None
    assert line.findtext(f"{KML}TimeSpan/{KML}begin") == "2022-01-05"
    data = {d.get("name"): d.findtext(f"{KML}value") for d in line.iter(f"{KML}Data")}
    assert data["dashed"] == "true" and data["colour"] == "black"
    assert area.findtext(f"{KML}Style/{KML}PolyStyle/{KML}fill") == "1"
    assert ring.findtext(f"{KML}Style/{KML}PolyStyle/{KML}fill") == "0"
    coords = circle.findtext(f"{KML}Polygon/{KML}outerBoundaryIs/{KML}LinearRing/{KML}coordinates")
    assert coords is not None and len(coords.split()) == 73


def test_a_project_without_annotations_exports_as_before(tmp_path: Path) -> None:
    project = Project.new()
    project.set_base_events(synthetic_events(5))
    path = project.save(tmp_path / "plain.sitmap")
    out = tmp_path / "plain.geojson"
    assert main(["export", str(path), "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert all("event_id" in f["properties"] for f in doc["features"])


def test_a_hostile_annotation_is_named_on_stderr_and_left_out(
    briefing: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    db = sqlite3.connect(briefing)
    db.execute("UPDATE annotations SET colour = 'url(javascript:alert(1))' WHERE kind = 'arrow'")
    db.commit()
    db.close()
    out = tmp_path / "brief.geojson"
    assert main(["export", str(briefing), "-o", str(out)]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert [line for line in lines if "annotation" in line] == [
        f"sitmap export: {briefing}: annotation 1 dropped: an annotation's colour must be one "
        "of red, blue, black, orange, green, purple, got 'url(javascript:alert(1))'"]
    kinds = [f["properties"]["kind"] for f in json.loads(out.read_text())["features"]
             if f["properties"].get("sitmap") == "annotation"]
    assert kinds == ["line", "polygon", "circle", "text", "ring"]


@pytest.fixture
def rings(tmp_path: Path) -> Path:
    """A project with three 40 km range rings, one in each readout unit."""
    project = Project.new()
    project.set_base_events(synthetic_events(12))
    for unit, place in (("km", KYIV), ("nm", KHARKIV), ("mi", DNIPRO)):
        project.add_annotation(Annotation("ring", (place,), label=f"Guns {unit}",
                                          radius_m=40_000.0, unit=unit))
    return project.save(tmp_path / "rings.sitmap")


def test_a_rings_unit_shows_in_the_geojson_and_kml_labels(rings: Path, tmp_path: Path) -> None:
    # 40 km is 21.598 nautical miles and 24.855 statute miles (whole numbers from 10 on).
    expected = ["Guns km · 40 km", "Guns nm · 22 nm", "Guns mi · 25 mi"]
    geojson = tmp_path / "rings.geojson"
    assert main(["export", str(rings), "-o", str(geojson)]) == 0
    notes = [f["properties"] for f in json.loads(geojson.read_text(encoding="utf-8"))["features"]
             if f["properties"].get("sitmap") == "annotation"]
    assert [f"{p['label']} · {p['readout']}" for p in notes] == expected
    assert [p["unit"] for p in notes] == ["km", "nm", "mi"]
    kml = tmp_path / "rings.kml"
    assert main(["export", str(rings), "-o", str(kml)]) == 0
    root = ET.parse(kml).getroot()
    folder = next(f for f in root.iter(f"{KML}Folder") if f.findtext(f"{KML}name") == "Annotations")
    marks = folder.findall(f"{KML}Placemark")
    assert [m.findtext(f"{KML}name") for m in marks] == expected
    units = [d.findtext(f"{KML}value") for m in marks for d in m.iter(f"{KML}Data")
             if d.get("name") == "unit"]
    assert units == ["km", "nm", "mi"]


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium")
def test_the_standalone_map_writes_each_ring_in_its_unit(rings: Path, tmp_path: Path) -> None:
    out = tmp_path / "rings.html"
    assert main(["export", str(rings), "-o", str(out)]) == 0
    labels = labels_in(run_chromium(out.as_uri(), tmp_path))
    assert sorted(labels) == ["Guns km · 40 km", "Guns mi · 25 mi", "Guns nm · 22 nm"]
