"""Issue 13: a row of no single place (``place_basis`` "unknown", no coordinates) reaches
every output as a row that is drawn nowhere: the page data, GeoJSON (null geometry),
GeoParquet (null geometry), KML (no Placemark), the standalone map, CSV read back, a saved
project reopened, a correction. Own prose, invented places (``test_events_placeless``)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_events_placeless import PUBLISHED, Finder, find_dates
from test_mapping import page_data

from sitmap.events import build_events, read_event_table, write_events
from sitmap.ingest import article_from_text
from sitmap.mapping import ExportRequest, build_page, export_kml, write_export
from sitmap.project import Project, Target, add_place, apply_corrections

TEXT = ("Rioters burned a depot in Ostrava Nova on May 7.\n\n"
        "Worldwide, 260 people have died in such riots this year.\n")


@pytest.fixture
def frame() -> pd.DataFrame:
    art = article_from_text("a1", TEXT, published=PUBLISHED, source="Wire")
    built = build_events([art], geoparser=Finder(), find_dates=find_dates)
    assert list(built["place_basis"]) == ["named", "unknown"]
    return built


def nowhere_id(frame: pd.DataFrame) -> str:
    return str(frame.loc[frame["place_basis"] == "unknown", "event_id"].iloc[0])


def test_the_page_data_has_no_point_for_it(frame: pd.DataFrame) -> None:
    data, _ = page_data(build_page(frame))
    at = data["id"].index(nowhere_id(frame))
    assert data["lat"][at] is None and data["lon"][at] is None
    assert data["kinds"][data["kind"][at]] == ""
    assert data["d0"][at] is not None  # still dated: the histogram counts it


def test_geojson_writes_it_with_a_null_geometry(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    write_events(frame, out, format="geojson")
    doc = json.loads(out.read_text(encoding="utf-8"))
    feature = next(f for f in doc["features"] if f["id"] == nowhere_id(frame))
    assert feature["geometry"] is None
    assert feature["properties"]["killed"] == 260
    assert feature["properties"]["place_basis"] == "unknown"


def test_geoparquet_writes_a_null_geometry(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    write_export(out, ExportRequest(frame))
    table = pq.read_table(out).to_pandas()
    row = table[table["event_id"] == nowhere_id(frame)].iloc[0]
    assert row["geometry"] is None
    assert row["killed"] == 260


def test_kml_draws_no_placemark_for_it(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "events.kml"
    export_kml(frame, out)
    ids = [m.get("id") for m in ET.parse(out).getroot().iter("{http://www.opengis.net/kml/2.2}Placemark")]
    assert ids == [f"ev-{frame['event_id'].iloc[0]}"]


def test_the_standalone_map_is_written(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "map.html"
    write_export(out, ExportRequest(frame))
    assert nowhere_id(frame) in out.read_text(encoding="utf-8")


def test_csv_reads_back_with_the_row(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    write_events(frame, out, format="csv")
    back = read_event_table(out).frame
    row = back[back["event_id"] == nowhere_id(frame)].iloc[0]
    assert pd.isna(row["lat"]) and row["place_basis"] == "unknown" and row["killed"] == 260


def test_a_csv_row_without_coordinates_and_a_named_place_is_skipped(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"
    bad = frame.copy()
    write_events(bad, out, format="csv")
    text = out.read_text(encoding="utf-8").replace(",unknown,", ",named,")
    out.write_text(text, encoding="utf-8")
    read = read_event_table(out)
    assert list(read.frame["place_basis"]) == ["named"]
    assert any("no latitude or longitude" in line for line in read.errors)


def test_a_saved_project_keeps_it(frame: pd.DataFrame, tmp_path: Path) -> None:
    project = Project.new()
    project.set_base_events(frame)
    path = project.save(tmp_path / "p.sitmap")
    project.close()
    reopened = Project.open(path)
    assert reopened.notices == []
    events = reopened.events()
    row = events[events["event_id"] == nowhere_id(frame)].iloc[0]
    assert row["place_basis"] == "unknown" and pd.isna(row["lat"]) and row["killed"] == 260
    reopened.close()


def test_a_place_given_by_hand_puts_it_on_the_map(frame: pd.DataFrame) -> None:
    target = Target.of_event(frame, nowhere_id(frame))
    out = apply_corrections(frame, [add_place(target, name="Riot belt", lat=10.0, lon=20.0,
                                              kind="region")])
    row = out[out["event_id"] == nowhere_id(frame)].iloc[0]
    assert (row["lat"], row["lon"], row["kind"], row["corrected"]) == (10.0, 20.0, "region",
                                                                       True)
