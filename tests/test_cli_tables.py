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
