"""``sitmap export`` on event tables (issue 15): what it prints, the rows it writes, the
lines it says on stderr, and ``--columns``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sitmap.cli import main
from sitmap.events import read_event_table, synthetic_events, write_events

ACLED = Path(__file__).parent / "data" / "tables" / "acled_sample.csv"


def test_an_acled_export_becomes_geojson_with_the_bad_row_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acled.geojson"
    assert main(["export", str(ACLED), "-o", str(out)]) == 1  # a row was skipped
    said = capsys.readouterr()
    assert said.err.splitlines() == [
        f"{ACLED}:8: latitude 95.4569 is outside -90..90; row skipped"]
    assert said.out.strip() == f"{out}: 7 events from event tables"
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert [f["id"] for f in features][:2] == ["acled:KEN9001", "acled:KEN9002"]
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [36.8167, -1.2833]}


def test_a_formula_in_acled_notes_is_neutralised_in_the_csv_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "acled.csv"
    main(["export", str(ACLED), "-o", str(out)])
    capsys.readouterr()
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    notes = table.loc[table["event_id"] == "acled:KEN9008", "passage"].iloc[0]
    assert notes.startswith("'=On 18 March 2024, students in Eldoret")
    # ... and sitmap reads its own CSV back without the quote.
    again = read_event_table(out).frame
    assert again.loc[again["event_id"] == "acled:KEN9008", "passage"].iloc[0].startswith("=On")


def test_sitmaps_jsonl_exports_back_to_csv_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame = synthetic_events(40)
    write_events(frame, tmp_path / "a.jsonl", format="jsonl")
    write_events(frame, tmp_path / "direct.csv", format="csv")
    assert main(["export", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "b.csv")]) == 0
    capsys.readouterr()
    assert (tmp_path / "b.csv").read_bytes() == (tmp_path / "direct.csv").read_bytes()


def test_a_csv_of_unknown_layout_needs_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("when,y,x,what\n2023-05-01,51.5,-0.12,Strike at the depot\n",
                    encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert main(["export", str(mine), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{mine}: a CSV file of unknown layout" in err and "--columns" in err
    assert main(["export", str(mine), "-o", str(out),
                 "--columns", "lat=y,lon=x,date=when,text=what"]) == 0
    props = json.loads(out.read_text(encoding="utf-8"))["features"][0]["properties"]
    assert (props["lat"], props["lon"], props["date_start"], props["passage"]) == (
        51.5, -0.12, "2023-05-01", "Strike at the depot")


def test_a_bad_columns_option_is_exit_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["export", str(ACLED), "-o", str(out), "--columns", "lat=y,lon=x"]) == 2
    assert capsys.readouterr().err.strip() == (
        "sitmap export: --columns: needs date (as in lat=latitude,lon=longitude,date=event_date)")
    assert not out.exists()


def test_sitmap_events_converts_a_table_with_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("when,y,x\n2023-05-01,51.5,-0.12\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["events", str(mine), "--format", "jsonl", "-o", str(out),
                 "--columns", "lat=y,lon=x,date=when"]) == 0
    row = json.loads(out.read_text(encoding="utf-8"))
    assert (row["lat"], row["lon"], row["date_start"]) == (51.5, -0.12, "2023-05-01")


def test_times_with_differing_utc_offsets_read_whole_on_the_day_they_were_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A local clock across a summer-time change (+02:00 then +03:00), "Z" beside a bare
    # date, and a late evening west of Greenwich: the whole file reads (pandas refused the
    # mix as "Mixed timezones detected", and sitmap refused the file), and each row keeps
    # the day of its own clock (23:30-05:00 is not the next day in UTC).
    mine = tmp_path / "mine.csv"
    mine.write_text("timestamp,latitude,longitude\n"
                    "2025-03-29T12:00:00+02:00,50.45,30.52\n"
                    "2025-03-31T10:00:00+03:00,48.46,35.05\n"
                    "2025-04-01T06:15Z,46.48,30.72\n"
                    "2025-04-02,49.99,36.23\n"
                    "2025-04-02T23:30:00-05:00,40.71,-74.01\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["events", str(mine), "--format", "jsonl", "-o", str(out), "--columns",
                 "lat=latitude,lon=longitude,date=timestamp"]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted((r["date_start"], r["lat"]) for r in rows) == [
        ("2025-03-29", 50.45), ("2025-03-31", 48.46), ("2025-04-01", 46.48),
        ("2025-04-02", 40.71), ("2025-04-02", 49.99)]
    assert "Mixed timezones" not in capsys.readouterr().err


# Another tool's tables, in its own words (own invented rows): the same three events as a
# JSON Lines file, a GeoJSON file (position in the Point geometry, as GIS tools write it)
# and a Parquet file, none with sitmap's column names. The third row has a latitude
# outside -90..90 and must be reported by its line, feature or row and skipped.
_OTHER = [
    {"when": "2023-05-01", "y": 51.5, "x": -0.12, "what": "Strike at the depot", "ref": "a1"},
    {"when": "2023-05-02", "y": 48.85, "x": 2.35, "what": "Road closed", "ref": "a2"},
    {"when": "2023-05-03", "y": 95.0, "x": 2.35, "what": "Lost", "ref": "a3"},
]


def _other_table(tmp_path: Path, kind: str) -> Path:
    if kind == "jsonl":
        path = tmp_path / "theirs.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in _OTHER), encoding="utf-8")
    elif kind == "geojson":
        path = tmp_path / "theirs.geojson"
        features = [{"type": "Feature",
                     "geometry": {"type": "Point", "coordinates": [r["x"], r["y"]]},
                     "properties": {k: r[k] for k in ("when", "what", "ref")}} for r in _OTHER]
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                        encoding="utf-8")
    else:
        path = tmp_path / "theirs.parquet"
        pd.DataFrame(_OTHER).to_parquet(path)
    return path


@pytest.mark.parametrize(("kind", "columns", "where"), [
    ("jsonl", "lat=y,lon=x,date=when,text=what,id=ref", ":3"),
    ("geojson", "lat=geometry.lat,lon=geometry.lon,date=when,text=what,id=ref", ": feature 3"),
    ("parquet", "lat=y,lon=x,date=when,text=what,id=ref", ": row 3"),
])
def test_a_json_lines_geojson_or_parquet_table_of_another_layout_opens_with_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, columns: str, where: str
) -> None:
    # The issue: "any table with latitude, longitude and a date column, through a small
    # column-mapping dialog ... (--columns)" worked for CSV only; a JSON Lines, GeoJSON or
    # Parquet file had to carry every sitmap column.
    table = _other_table(tmp_path, kind)
    out = tmp_path / "out.csv"
    assert main(["export", str(table), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{table}: " in err and "--columns" in err
    assert "say which columns hold latitude, longitude and date" in err
    assert main(["export", str(table), "-o", str(out), "--columns", columns]) == 1  # row 3
    err = capsys.readouterr().err
    assert f"{table}{where}: latitude 95 is outside -90..90; row skipped" in err
    rows = pd.read_csv(out)
    assert sorted(rows["passage"]) == ["Road closed", "Strike at the depot"]
    assert sorted(rows["event_id"]) == [f"{kind}:a1", f"{kind}:a2"]
    assert sorted(zip(rows["lat"], rows["lon"], rows["date_start"], strict=True)) == [
        (48.85, 2.35, "2023-05-02"), (51.5, -0.12, "2023-05-01")]


def test_a_new_users_table_with_odd_headers_gets_a_columns_option_it_can_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Tried as a new user (issue 15, session 10): headers with units and spaces, ACLED's
    # event types and a fatalities column. The refusal now ends with the --columns option
    # the window's dialog would start from; run as given it reads the rows with their
    # categories (ACLED's types mapped as for ACLED's export) and killed figures.
    import shlex

    mine = tmp_path / "desk.csv"
    mine.write_text(
        "Event ID,Event Date,Latitude (deg),Longitude (deg),Type,Fatalities,Location,Notes\n"
        "K3,2023-05-06,0.5143,35.2698,Battles,5,Eldoret,Raiders and police exchanged fire.\n"
        "K4,7 May 2023,-0.0917,34.768,Protests,,Kisumu,Students protested fee increases.\n",
        encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["export", str(mine), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    _, found, option = err.partition("; perhaps --columns ")
    assert found
    columns = shlex.split(option.splitlines()[0])
    assert columns == ["lat=Latitude (deg),lon=Longitude (deg),date=Event Date,text=Notes,"
                       "place=Location,category=Type,id=Event ID,killed=Fatalities"]
    assert main(["export", str(mine), "-o", str(out), "--columns", columns[0]]) == 0
    rows = pd.read_csv(out).sort_values("event_id")
    assert rows["event_id"].tolist() == ["csv:K3", "csv:K4"]
    assert rows["category"].tolist() == ["armed clash/violence", "protest"]
    assert rows["killed"].tolist()[0] == 5 and pd.isna(rows["killed"].tolist()[1])
    assert rows["place"].tolist() == ["Eldoret", "Kisumu"]


def test_a_gis_tools_geojson_says_which_features_have_no_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Tried as a new user: a GeoJSON file as a GIS tool writes it (a crs member, a feature
    # id "fid", a third coordinate, features with no geometry, a MultiPoint, a Polygon).
    # The suggested option names the point, the date, the notes, the type and the id;
    # each feature without a Point is named with what its geometry is.
    def feature(fid: int, geometry: object, event: str) -> dict:
        return {"type": "Feature", "geometry": geometry,
                "properties": {"fid": fid, "date": f"2023-05-0{fid}", "event": event,
                               "description": f"Report {fid}"}}

    collection = {"type": "FeatureCollection", "name": "incidents",
                  "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
                  "features": [
                      feature(1, {"type": "Point", "coordinates": [36.8172, -1.2864]}, "Protests"),
                      feature(2, {"type": "Point", "coordinates": [39.67, -4.04, 12.0]}, "Battles"),
                      feature(3, None, "Riots"),
                      feature(4, {"type": "MultiPoint", "coordinates": [[34.7, -0.1]]}, "Riots"),
                      feature(5, {"type": "Polygon", "coordinates": [[[34, 0], [35, 0], [34, 1],
                                                                      [34, 0]]]}, "Riots")]}
    path = tmp_path / "incidents.geojson"
    path.write_text(json.dumps(collection), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["export", str(path), "-o", str(out)]) == 1
    option = capsys.readouterr().err.partition("; perhaps --columns ")[2].splitlines()[0]
    assert option == ("lat=geometry.lat,lon=geometry.lon,date=date,text=description,"
                      "category=event,id=fid")
    assert main(["export", str(path), "-o", str(out), "--columns", option]) == 1
    err = capsys.readouterr().err
    assert f"{path}: feature 3: no geometry; row skipped" in err
    assert f"{path}: feature 4: its geometry is 'MultiPoint', not a Point; row skipped" in err
    assert f"{path}: feature 5: its geometry is 'Polygon', not a Point; row skipped" in err
    rows = pd.read_csv(out).sort_values("event_id")
    assert rows["event_id"].tolist() == ["geojson:1", "geojson:2"]
    assert rows["category"].tolist() == ["protest", "armed clash/violence"]
    assert rows["lat"].tolist() == [-1.2864, -4.04]


def _geoparquet(path: Path, geometries: list[bytes | None], crs: dict | None) -> Path:
    """A GeoParquet 1.0 file as GeoPandas writes one: a few properties and a WKB geometry
    column, named in the ``geo`` metadata (with ``crs``)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    n = len(geometries)
    table = pa.table({"event_date": [f"2023-05-0{k + 1}" for k in range(n)],
                      "summary": [f"Report {k + 1}" for k in range(n)],
                      "geometry": pa.array(geometries, type=pa.binary())})
    column: dict[str, object] = {"encoding": "WKB", "geometry_types": ["Point"]}
    if crs is not None:
        column["crs"] = crs
    geo = {"version": "1.0.0", "primary_column": "geometry", "columns": {"geometry": column}}
    pq.write_table(table.replace_schema_metadata({"geo": json.dumps(geo)}), path)
    return path


def _wkb_point(lon: float, lat: float, *, big: bool = False) -> bytes:
    import struct

    order = ">" if big else "<"
    return bytes([0 if big else 1]) + struct.pack(order + "Idd", 1, lon, lat)


def test_a_geoparquet_file_of_points_opens_with_its_geometry_as_columns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Tried as a new user: GeoPandas' GeoParquet keeps the position only in its WKB
    # geometry column (no latitude or longitude column), so no column map could name it.
    import struct

    line = bytes([1]) + struct.pack("<II4d", 2, 2, 0.0, 0.0, 1.0, 1.0)
    wgs84 = {"name": "WGS 84", "id": {"authority": "EPSG", "code": 4326}}
    path = _geoparquet(tmp_path / "gp.parquet", [
        _wkb_point(36.8172, -1.2864), _wkb_point(2.35, 48.85, big=True), line, None], wgs84)
    out = tmp_path / "out.csv"
    assert main(["export", str(path), "-o", str(out)]) == 1
    option = capsys.readouterr().err.partition("; perhaps --columns ")[2].splitlines()[0]
    assert option == "lat=geometry.lat,lon=geometry.lon,date=event_date,text=summary"
    assert main(["export", str(path), "-o", str(out), "--columns", option]) == 1
    err = capsys.readouterr().err
    assert f"{path}: row 3: its geometry is no Point; row skipped" in err
    assert f"{path}: row 4: its geometry is no Point; row skipped" in err
    rows = pd.read_csv(out).sort_values("date_start")
    assert rows["passage"].tolist() == ["Report 1", "Report 2"]
    assert rows["lat"].tolist() == [-1.2864, 48.85] and rows["lon"].tolist() == [36.8172, 2.35]
    # Coordinates in metres (a projected CRS) are refused whole, saying why.
    mercator = {"name": "WGS 84 / Pseudo-Mercator", "id": {"authority": "EPSG", "code": 3857}}
    metres = _geoparquet(tmp_path / "m.parquet", [_wkb_point(4e6, -1.4e5)], mercator)
    assert main(["export", str(metres), "-o", str(out), "--columns", option]) == 1
    assert (f"{metres}: its geometry is in 'WGS 84 / Pseudo-Mercator', not longitude and "
            "latitude (save it in EPSG:4326)") in capsys.readouterr().err


def test_export_writes_json_lines_as_the_events_command_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # au15c: `sitmap export -o x.jsonl` was refused ("unknown export format") while
    # `sitmap events --format jsonl` wrote JSON Lines.
    out = tmp_path / "acled.jsonl"
    assert main(["export", str(ACLED), "-o", str(out)]) == 1  # the bad row, as above
    said = capsys.readouterr()
    assert said.out.strip() == f"{out}: 7 events from event tables"
    assert main(["events", str(ACLED), "--format", "jsonl", "-o",
                 str(tmp_path / "events.jsonl")]) == 1
    capsys.readouterr()
    assert out.read_bytes() == (tmp_path / "events.jsonl").read_bytes()
    again = read_event_table(out).frame
    assert again["event_id"].tolist()[:2] == ["acled:KEN9001", "acled:KEN9002"]
    assert len(again) == 7
