"""GeoJSON event tables are read streaming (issue 15): sitmap's own export of a million
events is 1.4 GB, past the 1 GB bound of the formats read whole. The tests shrink the
chunk and batch sizes so a small generated file crosses many of each, and check that
hostile files still get one line naming them."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import sitmap.events._stream as stream
import sitmap.events._tables as tables
from sitmap.errors import InputError
from sitmap.events import read_event_table, synthetic_events, validate, write_events


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 1 kB and batches of 7 features: every feature spans chunk ends."""
    monkeypatch.setattr(stream, "CHUNK_BYTES", 1024)
    monkeypatch.setattr(tables, "_GEOJSON_BATCH", 7)


def _written(tmp_path: Path, rows: int = 40) -> tuple[pd.DataFrame, Path]:
    frame = validate(synthetic_events(rows, seed=5))
    frame.loc[3, "passage"] = "Straße, ΟΔΟΣ, \"quoted\", a lone \ud800 and ﬁ"
    path = tmp_path / "events.geojson"
    write_events(frame, path, format="geojson")
    return frame, path


def test_a_geojson_export_reads_back_across_chunks_and_batches(
    tmp_path: Path, small_pieces: None
) -> None:
    frame, path = _written(tmp_path)
    assert path.stat().st_size > 20 * 1024  # many chunks, six batches
    read = read_event_table(path)
    assert read.errors == []
    pd.testing.assert_frame_equal(read.frame, frame)


def test_a_geojson_file_past_the_whole_text_limit_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bound of CSV and JSON Lines (read whole) no longer applies to GeoJSON; the
    # streamed bound does.
    frame, path = _written(tmp_path, rows=5)
    monkeypatch.setattr(tables, "MAX_TABLE_BYTES", 100)
    pd.testing.assert_frame_equal(read_event_table(path).frame, frame)
    monkeypatch.setattr(tables, "MAX_STREAMED_BYTES", 1000)
    with pytest.raises(InputError, match=r"events.geojson: file is .* GB; the limit is 1e-06 GB"):
        read_event_table(path)


def test_bad_features_are_skipped_by_number_across_batches(
    tmp_path: Path, small_pieces: None
) -> None:
    frame, path = _written(tmp_path, rows=20)
    doc = json.loads(path.read_text(encoding="utf-8"))
    features = doc["features"]
    deep: object = 1
    for _ in range(80):
        deep = [deep]
    features[2]["geometry"] = {"type": "Point", "coordinates": deep}  # too deep
    features[9]["properties"]["lat"] = "north"
    features[15]["properties"]["event_id"] = features[1]["properties"]["event_id"]  # batch 3
    features[17] = {"type": "Feature", "geometry": None}
    path.write_text(json.dumps(doc), encoding="utf-8")
    read = read_event_table(path)
    assert read.errors == [
        f"{path}: feature 3: nested 82 levels deep (at most 64); row skipped",
        f"{path}: feature 10: lat 'north' is not a number; row skipped",
        f"{path}: feature 16: event_id {features[1]['properties']['event_id']!r} again "
        "(first at feature 2); row skipped",
        f"{path}: feature 18: a feature without properties; row skipped",
    ]
    assert len(read.frame) == 16
    assert read.frame["event_id"].tolist() == [
        e for k, e in enumerate(frame["event_id"]) if k not in (2, 9, 15, 17)]


@pytest.mark.parametrize(("text", "message"), [
    ('{"type": "FeatureCollection", "features": [{"type": "Feature"} {}]}',
     "after feature 1: expected ',' or ']'"),
    ('{"type": "FeatureCollection", "features": [{"properties": {"event_id": "a", "lat": '
     'NaN}}]}', "feature 1: NaN is not a number JSON allows"),
    ('{"type": "FeatureCollection", "features": [' + "[" * 5000 + "]" * 5000 + "]}",
     "feature 1: JSON nested too deeply to read"),
    ('{"type": "FeatureCollection", "features": [{"properties": {"passage": "'
     + "x" * 5000 + '"}}]}', "feature 1: longer than 2,000 characters"),
    ('{"type": "FeatureCollection", "features": [{"properties": {}}',
     "after feature 1: expected ',' or ']', found the end of the file"),
    ('{"type": "FeatureCollection", "features": [{"properties": {}}, {"properties": {"a',
     "feature 2: not valid JSON"),
    ('{"type": "Topology", "features": []}', "not a GeoJSON FeatureCollection"),
    ('{"type": "FeatureCollection"}', "no features array"),
    ("[1, 2]", "the start: expected '{'"),
    ('{"type": "FeatureCollection", "features": []} trailing', "text after the end"),
])
def test_hostile_geojson_gets_one_line_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_pieces: None, text: str,
    message: str
) -> None:
    monkeypatch.setattr(stream, "MAX_FEATURE_CHARS", 2000)
    path = tmp_path / "hostile.geojson"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_event_table(path)
    line = str(caught.value)
    assert line.startswith(f"{path}: ") and "\n" not in line
    assert message in line


def test_too_many_features_and_bad_utf8_are_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_pieces: None
) -> None:
    _frame, path = _written(tmp_path, rows=9)
    monkeypatch.setattr(tables, "MAX_ROWS", 8)
    with pytest.raises(InputError, match=r"events.geojson: more than 8 features, the limit"):
        read_event_table(path)
    data = path.read_bytes()
    cut = data.index(b'"passage"', len(data) // 2)
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    line = data[:cut].count(b"\n") + 1
    with pytest.raises(InputError, match=rf"events.geojson: line {line}: not UTF-8 text"):
        read_event_table(path)
