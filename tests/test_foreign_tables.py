"""Others' event tables (issue 15, the audit's leftovers): a table's own categories that
are not sitmap's are named once per file with their counts, not silently made "other"; a
CSV delimited by ';', tab or '|' (European spreadsheet exports) is read and says so, its
decimal commas read; a file whose delimiter cannot be told is one line naming it. What a
user sees: ``sitmap export``'s stderr, exit status and written file, and the window's
Problems list and status bar. The tables are written here, rows invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitmap.cli import main
from sitmap.events import read_event_table

_ACLED_HEAD = ("event_id_cnty,event_date,time_precision,event_type,sub_event_type,iso,"
               "country,admin1,location,latitude,longitude,geo_precision,source,notes,"
               "fatalities")
# Invented rows in ACLED's layout; two kinds ACLED has that the documented mapping does not
# place (looting, a change to a group), one type that is no ACLED type at all, and the rest
# mapped as docs/event-tables.md says.
_ACLED_ROWS = [
    "XYZ1,2024-06-01,1,Riots,Mob violence,404,Kenya,Nakuru,Nakuru,-0.3031,36.0800,1,"
    "Rift Daily,Traders fought over stalls at the market.,0",
    "XYZ2,2024-06-02,1,Strategic developments,Looting/property destruction,404,Kenya,"
    "Nakuru,Naivasha,-0.7167,36.4333,1,Rift Daily,Shops were emptied after the riot.,0",
    "XYZ3,2024-06-03,1,Strategic developments,Looting/property destruction,404,Kenya,"
    "Nakuru,Gilgil,-0.4989,36.3203,1,Rift Daily,A depot was broken into at night.,0",
    "XYZ4,2024-06-04,1,Strategic developments,Change to group/activity,404,Kenya,Nairobi,"
    "Nairobi,-1.2833,36.8167,1,Capital Post,A militia said it would disband.,0",
    "XYZ5,2024-06-05,1,Strategic developments,Arrests,404,Kenya,Nairobi,Nairobi,-1.2833,"
    "36.8167,1,Capital Post,Two organisers were held overnight.,0",
    "XYZ6,2024-06-06,1,Cyber incidents,Website defacement,404,Kenya,Nairobi,Nairobi,"
    "-1.2833,36.8167,1,Capital Post,A ministry site showed a slogan for an hour.,0",
]


def _acled(tmp_path: Path) -> Path:
    path = tmp_path / "acled-june.csv"
    path.write_text("\n".join([_ACLED_HEAD, *_ACLED_ROWS]) + "\n", encoding="utf-8")
    return path


def _colleague(tmp_path: Path) -> Path:
    path = tmp_path / "colleague.csv"
    path.write_text(
        "when,latitude,longitude,type,notes\n"
        "2024-05-01,48.85,2.35,Riots,Cars burned in the outer districts\n"
        "2024-05-02,50.45,30.52,shelling,Shelling hit the river port overnight\n"
        "2024-05-02,50.40,30.60,shelling,More shelling was reported at dawn\n"
        "2024-05-03,52.52,13.40,Strategic developments,A command post was set up\n"
        "2024-05-04,41.90,12.49,Protest,Farmers drove tractors into the centre\n"
        "2024-05-05,40.41,-3.70,,No type given\n",
        encoding="utf-8")
    return path


_COLLEAGUE_COLUMNS = "lat=latitude,lon=longitude,date=when,category=type,text=notes"


def _features(path: Path) -> dict[str, dict[str, object]]:
    """The written GeoJSON's properties by passage."""
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {str(f["properties"]["passage"]): f["properties"] for f in features}


def test_a_colleagues_categories_that_are_not_sitmaps_are_named_once_with_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _colleague(tmp_path)
    out = tmp_path / "out.geojson"
    # Read whole: a notice is no error, so the exit status stays 0.
    assert main(["export", str(table), "-o", str(out), "--columns", _COLLEAGUE_COLUMNS]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{table}: 'shelling' (2 rows), 'Strategic developments' (1 row) are not one of "
        "sitmap's categories: shown as 'other' (the title keeps the table's own); read as "
        "ACLED's event types: 'Riots' as protest (1 row)"]
    rows = _features(out)
    assert len(rows) == 6
    shelled = rows["Shelling hit the river port overnight"]
    assert (shelled["category"], shelled["title"]) == ("other", "shelling")
    riot = rows["Cars burned in the outer districts"]
    assert (riot["category"], riot["title"]) == ("protest", "Riots")
    # sitmap's own category (any case) and an empty cell are no news: nothing said.
    assert (rows["Farmers drove tractors into the centre"]["category"],
            rows["Farmers drove tractors into the centre"]["title"]) == ("protest", "")
    assert rows["No type given"]["category"] == "other"


def test_a_title_column_keeps_the_tables_category_in_front(tmp_path: Path) -> None:
    table = tmp_path / "titled.csv"
    table.write_text("when,lat,lon,kind,headline\n"
                     "2024-05-02,50.45,30.52,shelling,Port hit overnight\n"
                     "2024-05-03,50.45,30.52,natural disaster,River floods the port\n",
                     encoding="utf-8")
    read = read_event_table(table, columns=lambda _p, _h: _map(
        "lat=lat,lon=lon,date=when,category=kind,title=headline"))
    assert read.frame["title"].tolist() == ["shelling: Port hit overnight",
                                            "River floods the port"]
    assert read.frame["category"].tolist() == ["other", "natural disaster"]


def _map(text: str):  # type: ignore[no-untyped-def]
    from sitmap.events import ColumnMap

    return ColumnMap.parse(text)


def test_an_acled_export_names_the_types_its_mapping_has_no_category_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _acled(tmp_path)
    out = tmp_path / "out.geojson"
    assert main(["export", str(table), "-o", str(out)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{table}: 'Strategic developments: Looting/property destruction' (2 rows), "
        "'Cyber incidents: Website defacement' (1 row), 'Strategic developments: Change "
        "to group/activity' (1 row) are not one of sitmap's categories: shown as 'other' "
        "(the title keeps the table's own)"]
    rows = _features(out)
    # The documented mapping where it has an answer; the ACLED type kept in the title.
    got = {str(p["title"]): p["category"] for p in rows.values()}
    assert got == {
        "Riots: Mob violence": "protest",
        "Strategic developments: Looting/property destruction": "other",
        "Strategic developments: Change to group/activity": "other",
        "Strategic developments: Arrests": "arrest",
        "Cyber incidents: Website defacement": "other",
    }


def test_the_committed_acled_sample_maps_every_row_and_says_nothing_more(
    capsys: pytest.CaptureFixture[str]
) -> None:
    sample = Path(__file__).parent / "data" / "tables" / "acled_sample.csv"
    read = read_event_table(sample)
    assert read.notices == []
    assert "other" not in set(read.frame["category"])


def test_a_row_skipped_is_not_counted_among_the_categories(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("when,lat,lon,type\n2024-05-02,50.45,30.52,shelling\n"
                     "2024-05-02,95,30.52,shelling\n2024-05-02,10,10,airstrike\n",
                     encoding="utf-8")
    read = read_event_table(table, columns=lambda _p, _h: _map(
        "lat=lat,lon=lon,date=when,category=type"))
    assert read.errors == [f"{table}:3: latitude 95 is outside -90..90; row skipped"]
    assert read.notices == [
        f"{table}: 'airstrike' (1 row), 'shelling' (1 row) are not one of sitmap's "
        "categories: shown as 'other' (the title keeps the table's own)"]


def test_a_hostile_category_stays_one_line_and_the_list_is_bounded(tmp_path: Path) -> None:
    table = tmp_path / "many.csv"
    lines = ["when,lat,lon,type"]
    lines += [f"2024-05-02,1,{k},kind {k:02d}" for k in range(12)]
    lines.append('2024-05-02,1,50,"two\nlines ' + "x" * 60 + '"')
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = read_event_table(table, columns=lambda _p, _h: _map(
        "lat=lat,lon=lon,date=when,category=type"))
    assert len(read.notices) == 1 and "\n" not in read.notices[0]
    assert read.notices[0].count(" (1 row)") == 8
    assert " and 5 more are not one of sitmap's categories" in read.notices[0]


# -- delimiters ---------------------------------------------------------------------------


@pytest.mark.parametrize(("delimiter", "named"), [(";", "';'"), ("\t", "tab"), ("|", "'|'")])
def test_a_table_delimited_otherwise_opens_and_says_its_delimiter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], delimiter: str, named: str
) -> None:
    table = tmp_path / "export.csv"
    rows = [["id", "Breite", "Länge", "Datum", "Notiz"],
            ["1", "43,25", "76,95", "2024-05-01", "Kundgebung am Platz, friedlich"],
            ["2", "-1,2833", "36,8167", "2024-05-02", "Markt geschlossen"],
            ["3", "51", "7.5", "2024-05-03", "Straße gesperrt"]]
    table.write_text("\n".join(delimiter.join(r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    # The column map names the columns as split at the delimiter.
    assert main(["export", str(table), "-o", str(out), "--columns",
                 "lat=Breite,lon=Länge,date=Datum,text=Notiz,id=id"]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{table}: read with {named} as the delimiter, not ','; 4 numbers written with a "
        "decimal comma (as 43,25) read as decimal"]
    got = {p["passage"]: (p["lat"], p["lon"]) for p in _features(out).values()}
    assert got == {"Kundgebung am Platz, friedlich": (43.25, 76.95),
                   "Markt geschlossen": (-1.2833, 36.8167), "Straße gesperrt": (51.0, 7.5)}


def test_an_acled_export_saved_by_a_european_spreadsheet_is_still_acleds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "acled-semicolons.csv"
    head = _ACLED_HEAD.replace(",", ";")
    row = ("XYZ5;2024-06-05;1;Strategic developments;Arrests;404;Kenya;Nairobi;Nairobi;"
           "-1,2833;36,8167;1;Capital Post;Two organisers were held, then let go.;0")
    table.write_text(f"{head}\n{row}\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert main(["export", str(table), "-o", str(out)]) == 0  # no --columns: ACLED's layout
    assert capsys.readouterr().err.splitlines() == [
        f"{table}: read with ';' as the delimiter, not ','; 2 numbers written with a "
        "decimal comma (as 43,25) read as decimal"]
    (props,) = _features(out).values()
    assert (props["lat"], props["lon"], props["category"]) == (-1.2833, 36.8167, "arrest")


def test_sitmaps_own_csv_resaved_with_semicolons_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    from sitmap.events import synthetic_events, write_events

    frame = synthetic_events(5, seed=2)
    write_events(frame, tmp_path / "ours.csv", format="csv")
    with (tmp_path / "ours.csv").open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    lat = records[0].index("lat")
    for record in records[1:]:
        record[lat] = record[lat].replace(".", ",")
    resaved = tmp_path / "resaved.csv"
    with resaved.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows(records)
    read = read_event_table(resaved)
    assert read.kind == "sitmap-csv" and read.errors == []
    assert read.notices == [f"{resaved}: read with ';' as the delimiter, not ','; 5 numbers "
                            "written with a decimal comma (as 43,25) read as decimal"]
    assert read.frame["lat"].tolist() == pytest.approx(frame["lat"].tolist())
    assert read.frame["event_id"].tolist() == frame["event_id"].tolist()


def test_a_comma_file_is_read_as_before_and_says_nothing(tmp_path: Path) -> None:
    table = tmp_path / "plain.csv"
    # A ';' inside a cell and a quoted decimal comma: still a comma-separated file, whose
    # "43,25" is no number (a comma there may be a thousands separator): reported by line,
    # saying what to do.
    table.write_text('when,lat,lon,notes\n2024-05-01,"43,25",76.95,a; b\n'
                     "2024-05-01,43.25,76.95,c; d\n", encoding="utf-8")
    read = read_event_table(table, columns=lambda _p, _h: _map(
        "lat=lat,lon=lon,date=when,text=notes"))
    assert read.notices == []
    assert read.errors == [f"{table}:2: lat '43,25' is not a number (a decimal comma: write "
                           "43.25, or save the file with ';' as the delimiter); row skipped"]
    assert read.frame["passage"].tolist() == ["c; d"]


def test_a_european_export_with_dotted_dates_reads_them_day_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a spreadsheet set to German or French writes: ';', decimal commas, 04.03.2024.
    table = tmp_path / "liste.csv"
    table.write_text("Datum;Breite;Länge;Notiz\n04.03.2024;43,25;76,95;Kundgebung\n"
                     "4.3.2024;52,52;13,4;Streik\n31.12.2023;48,1;11,6;Sperrung\n",
                     encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert main(["export", str(table), "-o", str(out), "--columns",
                 "lat=Breite,lon=Länge,date=Datum,text=Notiz"]) == 0
    assert "row skipped" not in capsys.readouterr().err
    got = {p["passage"]: p["date_start"] for p in _features(out).values()}
    assert got == {"Kundgebung": "2024-03-04", "Streik": "2024-03-04",
                   "Sperrung": "2023-12-31"}


def test_a_file_whose_delimiter_cannot_be_told_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "mixed.csv"
    table.write_text("when;lat|lon\n2024-05-01;43|76\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text("when,lat,lon\n2024-05-01,43.2,76.9\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert main(["export", str(table), str(good), "-o", str(out),
                 "--columns", "lat=lat,lon=lon,date=when"]) == 1
    said = capsys.readouterr()
    assert said.err.splitlines() == [
        f"{table}:1: cannot tell its delimiter: its lines split alike at ';' and '|' (save "
        "it with one delimiter: ',', ';', tab or '|', and quote cells that hold it)"]
    assert len(_features(out)) == 1  # the rest goes on


@pytest.mark.gui
def test_the_window_lists_the_notices_under_problems_and_counts_them(  # type: ignore[no-untyped-def]
    qtbot, make_window, tmp_path: Path
) -> None:
    table = _colleague(tmp_path)
    semi = tmp_path / "semi.csv"
    semi.write_text("when;latitude;longitude;type;notes\n"
                    "2024-05-06;43,25;76,95;protest;Kundgebung\n", encoding="utf-8")

    def columns(_parent, _path, _header, _start):  # type: ignore[no-untyped-def]
        return _map(_COLLEAGUE_COLUMNS)

    window = make_window(tmp_path / "w", ask_columns=columns)
    with qtbot.waitSignal(window.open_paths([table, semi]).finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: len(window.state.frame) == 7, timeout=60_000)
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert problems == [
        f"{table}: 'shelling' (2 rows), 'Strategic developments' (1 row) are not one of "
        "sitmap's categories: shown as 'other' (the title keeps the table's own); read as "
        "ACLED's event types: 'Riots' as protest (1 row)",
        f"{semi}: read with ';' as the delimiter, not ','; 2 numbers written with a decimal "
        "comma (as 43,25) read as decimal"]
    # Two notices, no problem (au15c: they were counted as "2 problems").
    assert window.statusBar().currentMessage() == (
        "Read 7 events from event tables, 0 problems, 2 notices")
    assert sorted(window.state.frame["title"].tolist()) == [
        "", "", "", "Riots", "Strategic developments", "shelling", "shelling"]


def test_the_status_bar_counts_skipped_rows_apart_from_notices(  # type: ignore[no-untyped-def]
    qtbot, make_window, tmp_path: Path
) -> None:
    # au15c: three skipped rows and one notice read "4 problems".
    table = tmp_path / "mixed.csv"
    table.write_text("when,latitude,longitude,type,notes\n"
                     "2024-05-01,48.85,2.35,shelling,Shelling near the ring road\n"
                     "2024-05-02,91.5,2.35,protest,A latitude off the globe\n"
                     "someday,48.85,2.35,protest,A date nobody can read\n"
                     "2024-05-03,,2.35,protest,No latitude at all\n"
                     "2024-05-04,50.45,30.52,protest,Farmers marched\n", encoding="utf-8")

    def columns(_parent, _path, _header, _start):  # type: ignore[no-untyped-def]
        return _map(_COLLEAGUE_COLUMNS)

    window = make_window(tmp_path / "w", ask_columns=columns)
    with qtbot.waitSignal(window.open_paths([table]).finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: len(window.state.frame) == 2, timeout=60_000)
    assert window.problems.count() == 4
    assert window.statusBar().currentMessage() == (
        "Read 2 events from event tables, 3 problems, 1 notice")
