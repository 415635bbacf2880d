"""Exports at scale (issue 15): CSV, JSON Lines and GeoJSON are written in pieces and equal
what the whole-frame writer gave; GeoParquet carries metadata the GeoParquet 1.1 spec asks
for, read back with pyarrow."""

from __future__ import annotations

import io
import json
import struct
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from sitmap.cli import main
from sitmap.events import _io as events_io
from sitmap.events import read_event_table, synthetic_events, write_events

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class _Pieces(io.StringIO):
    """A stream that remembers the size of each write."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson"])
@pytest.mark.parametrize("n", [0, 1, 7, 50])
def test_streamed_text_equals_the_whole_frame_writer(monkeypatch, fmt, n) -> None:
    frame = synthetic_events(n, seed=9)
    if n:  # text a piece boundary must not disturb: formulas, quotes, line breaks
        frame.loc[0, "passage"] = '=cmd "quoted", with\nbreak'
        frame.loc[n - 1, "place"] = "Straße\u2028Nord"
        frame.loc[n // 2, "lat"] = np.nan
        frame.loc[n // 2, "lon"] = np.nan
        frame.loc[n // 2, "place_basis"] = "unknown"  # only a row of no place has none
    whole = events_io._render(frame, fmt)  # the writer before streaming
    monkeypatch.setattr(events_io, "STREAM_ROWS", 3)
    out = _Pieces()
    write_events(frame, out, format=fmt)
    assert out.getvalue() == whole
    if n > 3:
        assert len(out.sizes) == -(-n // 3)  # a piece per 3 rows, never the whole text
        assert max(out.sizes) < len(whole)


def test_a_streamed_file_is_written_whole_and_reads_back(monkeypatch, tmp_path: Path) -> None:
    frame = synthetic_events(40, seed=2)
    monkeypatch.setattr(events_io, "STREAM_ROWS", 6)
    target = tmp_path / "events.geojson"
    write_events(frame, target, format="geojson")
    back = read_event_table(target)
    assert list(back.frame["event_id"]) == list(frame["event_id"])
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


def _wkb_point(blob: bytes) -> tuple[float, float]:
    order, kind = blob[0], struct.unpack("<I" if blob[0] == 1 else ">I", blob[1:5])[0]
    assert (order, kind) == (1, 1) and len(blob) == 21
    x, y = struct.unpack("<dd", blob[5:])
    return x, y


def test_geoparquet_metadata_follows_the_spec(tmp_path: Path) -> None:
    frame = synthetic_events(300, seed=5)
    frame.loc[3, ["lat", "lon"]] = np.nan
    frame.loc[3, "place_basis"] = "unknown"  # only a row of no place has no coordinates
    target = tmp_path / "events.parquet"
    from sitmap.mapping import ExportRequest, write_export

    write_export(target, ExportRequest(frame))
    table = pq.read_table(target)
    geo = json.loads(table.schema.metadata[b"geo"])
    # GeoParquet 1.1: version, primary_column naming a column described in columns, each
    # with encoding and geometry_types; bbox as [xmin, ymin, xmax, ymax]; no crs = CRS84.
    assert geo["version"] == "1.1.0"
    assert geo["primary_column"] == "geometry" and "geometry" in geo["columns"]
    column = geo["columns"]["geometry"]
    assert column["encoding"] == "WKB"
    assert column["geometry_types"] == ["Point"]
    assert "crs" not in column
    kept = frame.drop(index=3)
    assert column["bbox"] == [kept["lon"].min(), kept["lat"].min(),
                              kept["lon"].max(), kept["lat"].max()]
    field = table.schema.field("geometry")
    assert str(field.type) == "binary"
    geometry = table.column("geometry").to_pylist()
    assert geometry[3] is None
    for row in (0, 150, 299):
        assert _wkb_point(geometry[row]) == (frame["lon"][row], frame["lat"][row])
    # every column of the event table is there too, and sitmap reads it back
    assert set(frame.columns) <= set(table.column_names)
    back = read_event_table(target)
    assert list(back.frame["event_id"]) == list(frame["event_id"])


def test_geoparquet_is_offered_by_the_command_line(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    assert ".parquet" in capsys.readouterr().out
