"""A file's own names (CSV header cells, JSON Lines keys, GeoJSON property names, Parquet
field names) reach messages escaped and cut, as its category values already do: whatever a
header holds, each message is one line of printable text, so a file cannot add a line that
looks like sitmap's own ("FAKE: 3 events written") or send an escape sequence to the
terminal. What a user sees: ``sitmap export``'s stderr, and the messages the window lists
under Problems (the same strings, from ``read_event_table``)."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from _examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitmap.cli import main
from sitmap.errors import InputError
from sitmap.events import ColumnMap, read_event_table


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def test_a_header_with_line_breaks_is_one_line_on_stderr(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "h8.csv"
    table.write_text(_csv_line(["la\nt\nFAKE: 3 events written", "lon", "date"])
                     + "1,2,2024-01-01\n", encoding="utf-8")
    main(["export", str(table), "-o", str(tmp_path / "x.geojson")])
    err = capsys.readouterr().err
    lines = err.splitlines()
    # The refusal naming the file, then the one saying nothing was written.
    assert len(lines) == 2, err
    assert lines[0].startswith(f"{table}: a CSV file of unknown layout")
    assert "'la\\nt\\nFAKE: 3 events written'" in lines[0]
    assert not any(line.startswith("FAKE") for line in lines)


def test_a_json_key_with_an_escape_sequence_does_not_reach_the_terminal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "h9.jsonl"
    table.write_text(json.dumps({"la\nt": 1, "lon": 2, "date\u001b[2J": "2024-01-01"}) + "\n",
                     encoding="utf-8")
    main(["export", str(table), "-o", str(tmp_path / "x.geojson")])
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert len(err.splitlines()) == 2, err
    assert "'date\\x1b[2J'" in err


# Names a hostile file may hold: any text, with control characters, line and paragraph
# separators, direction overrides and escape sequences made likely.
_NASTY = st.sampled_from(["\n", "\r", "\x1b[2J", "\u2028", "\u202e", "\x00", "\t", "\x85",
                          "FAKE: 3 events written", "date", "lat", ","])
_NAMES = st.lists(st.one_of(_NASTY, st.text(min_size=0, max_size=30)), min_size=1,
                  max_size=6).map("".join)


def _messages(path: Path, columns: ColumnMap | None = None) -> list[str]:
    """What reading ``path`` says: the refusal, or each skipped row and notice."""
    try:
        read = read_event_table(path, columns=(lambda _s, _h: columns) if columns else None)
    except InputError as exc:
        return [str(exc)]
    return read.errors + read.notices


def _assert_one_printable_line_each(messages: list[str]) -> None:
    assert messages
    for message in messages:
        assert message.isprintable(), repr(message)
        assert len(message.splitlines()) == 1, repr(message)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_NAMES)
def test_any_header_or_key_gives_one_printable_line_per_message(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        # A CSV of unknown layout: the refusal lists its columns (and perhaps a guess).
        table = base / "t.csv"
        table.write_text(_csv_line([name, "lon", "date"]) + "1,2,2024-01-01\n",
                         encoding="utf-8")
        _assert_one_printable_line_each(_messages(table))
        # A map naming a column the file lacks: the refusal names it and lists the header.
        _assert_one_printable_line_each(_messages(
            table, ColumnMap(lat=name + "?", lon="lon", date="date")))
        # The map read through: a row without a date names the column.
        table.write_text(_csv_line(["lat", "lon", name or "d"]) + "1,2,\n", encoding="utf-8")
        _assert_one_printable_line_each(_messages(
            table, ColumnMap(lat="lat", lon="lon", date=name or "d")))
        # JSON Lines keys and GeoJSON property names of another layout.
        jsonl = base / "t.jsonl"
        jsonl.write_text(json.dumps({name: 1, "lon": 2, "date": "2024-01-01"}) + "\n",
                         encoding="utf-8")
        _assert_one_printable_line_each(_messages(jsonl))
        geojson = base / "t.geojson"
        geojson.write_text(json.dumps({"type": "FeatureCollection", "features": [{
            "type": "Feature", "geometry": {"type": "Point", "coordinates": [2, 1]},
            "properties": {name: "x", "date": "2024-01-01"}}]}), encoding="utf-8")
        _assert_one_printable_line_each(_messages(geojson))
        # Parquet field names: another layout, and a field of a type no column holds.
        parquet = base / "t.parquet"
        pq.write_table(pa.table({name: [1.0], "lonx": [2.0], "when_": ["2024-01-01"]}),
                       parquet)
        _assert_one_printable_line_each(_messages(parquet))
        _assert_one_printable_line_each(_messages(
            parquet, ColumnMap(lat=name, lon="lonx", date=name + "!")))


def test_a_file_named_with_a_line_break_is_still_one_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A name from an unpacked archive: the error about the file names it on one line.
    table = tmp_path / "x\nFAKE: 3 events written.csv"
    table.write_text("when,lat,lng\n", encoding="utf-8")
    main(["export", str(table), "-o", str(tmp_path / "x.geojson")])
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 2, lines
    assert not any(line.startswith("FAKE") for line in lines)
    assert "x\\nFAKE: 3 events written.csv" in lines[0]
