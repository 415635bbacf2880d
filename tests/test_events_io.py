"""The event table's file formats: GeoJSON (RFC 7946), JSON Lines and CSV."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from sitmap.errors import ExportError
from sitmap.events import COLUMNS, DTYPES, synthetic_events, to_geojson, validate, write_events

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture
def frame() -> pd.DataFrame:
    table = synthetic_events(12, seed=3)
    # One row with an unknown date and figures, as the builder makes them.
    table.loc[0, ["date_start", "date_end"]] = pd.NaT
    table.loc[0, ["date_precision", "date_basis"]] = "unknown"
    table.loc[1, "killed"] = 26
    table.loc[2, "passage"] = 'He said: "stop",\nthen left; 3,811 detained.'
    return validate(table)


def test_geojson_is_an_rfc7946_feature_collection_in_lon_lat_order(frame: pd.DataFrame) -> None:
    doc = json.loads(json.dumps(to_geojson(frame)))  # must survive plain JSON
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == len(frame)
    for feature, (_, row) in zip(doc["features"], frame.iterrows(), strict=True):
        assert feature["type"] == "Feature"
        assert feature["id"] == row["event_id"]
        if row["kind"] in ("country", "region"):  # an area: its outline, the point as properties
            assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
            assert (feature["properties"]["lon"], feature["properties"]["lat"]) == (
                row["lon"], row["lat"])
        else:
            assert feature["geometry"] == {
                "type": "Point", "coordinates": [row["lon"], row["lat"]]}
        assert set(feature["properties"]) == set(COLUMNS)


def test_geojson_properties_are_iso_dates_and_null_for_missing(frame: pd.DataFrame) -> None:
    features = to_geojson(frame)["features"]
    first, second = features[0]["properties"], features[1]["properties"]
    assert first["date_start"] is None and first["date_end"] is None
    assert first["killed"] is None
    assert second["killed"] == 26
    assert ISO_DAY.match(second["date_start"]) and ISO_DAY.match(second["date_end"])
    assert second["date_start"] == frame.loc[1, "date_start"].strftime("%Y-%m-%d")
    assert isinstance(second["corrected"], bool) and isinstance(second["n_sources"], int)


def test_csv_round_trips_through_pandas(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    write_events(frame, out, format="csv")
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert re.search(r",\d{4}-\d{2}-\d{2},", text)  # ISO days, no time of day
    dates = [c for c, t in DTYPES.items() if t.startswith("datetime")]
    dtypes = {c: t for c, t in DTYPES.items() if c not in dates}
    back = pd.read_csv(out, dtype=dtypes, parse_dates=dates, keep_default_na=False, na_values=[""])
    back = validate(back)
    pd.testing.assert_frame_equal(back, frame, check_dtype=True)


def test_jsonl_one_object_per_row(frame: pd.DataFrame) -> None:
    stream = io.StringIO()
    write_events(frame, stream, format="jsonl")
    lines = stream.getvalue().splitlines()
    assert len(lines) == len(frame)
    rows = [json.loads(line) for line in lines]
    assert [r["event_id"] for r in rows] == list(frame["event_id"])
    assert rows[2]["passage"] == frame.loc[2, "passage"]
    assert rows[0]["date_start"] is None


def test_geojson_file_matches_to_geojson(frame: pd.DataFrame, tmp_path: Path) -> None:
    out = tmp_path / "events.geojson"
    write_events(frame, out, format="geojson")
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(to_geojson(frame)))
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]  # no temp file left


def test_write_failure_names_the_file_and_keeps_the_old_one(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-folder" / "events.csv"
    with pytest.raises(ExportError, match=re.escape(str(missing))):
        write_events(frame, missing, format="csv")
    target = tmp_path / "events.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown event table format"):
        write_events(frame, target, format="xml")  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "old"


def test_every_column_has_a_json_type(frame: pd.DataFrame) -> None:
    props = to_geojson(frame)["features"][3]["properties"]
    for column, dtype in DTYPES.items():
        value = props[column]
        if value is None:
            continue
        expected = {"string": str, "Int64": int, "float64": float, "bool": bool}.get(dtype, str)
        assert isinstance(value, expected), column
