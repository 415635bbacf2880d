"""What a user is told about another program's event table (au15c's minor points): a date
that cannot be read is reported with every form sitmap reads (each of them then reads), and
a header named as people name columns ("when", "lng", "timestamp") gets a --columns
suggestion that works as printed; "x" and "y" are taken only as a pair, never over a
column named for latitude or longitude. What a user sees: ``sitmap export``'s stderr and
the written file. The tables are written here, rows invented."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from sitmap.cli import main


def _suggested(err: str) -> list[str]:
    """The --columns option a refusal suggests, as arguments."""
    found = re.search(r"perhaps (--columns \S+)", err)
    assert found is not None, err
    return shlex.split(found.group(1))


@pytest.mark.parametrize(("header", "want"), [
    ("when,lat,lng", "lat=lat,lon=lng,date=when"),
    ("timestamp,latitude,long", "lat=latitude,lon=long,date=timestamp"),
    ("x,y,datetime", "lat=y,lon=x,date=datetime"),
    # A column named for latitude and longitude wins over x and y (projected metres, say),
    # and a date over a time of day.
    ("x,y,time,lon,lat,date", "lat=lat,lon=lon,date=date"),
])
def test_common_names_get_a_columns_suggestion_that_works(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, want: str
) -> None:
    names = header.split(",")
    cells = {"when": "2024-05-01", "timestamp": "2024-05-01T08:00:00Z", "datetime":
             "2024-05-01 08:00", "date": "2024-05-01", "time": "08:00", "lat": "48.85",
             "latitude": "48.85", "y": "48.85", "lng": "2.35", "long": "2.35", "x": "2.35",
             "lon": "2.35"}
    table = tmp_path / "theirs.csv"
    table.write_text(header + "\n" + ",".join(cells[n] for n in names) + "\n",
                     encoding="utf-8")
    out = tmp_path / "out.geojson"
    assert main(["export", str(table), "-o", str(out)]) == 1
    option = _suggested(capsys.readouterr().err)
    assert option == ["--columns", want]
    assert main(["export", str(table), "-o", str(out), *option]) == 0
    (feature,) = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert feature["geometry"]["coordinates"] == [2.35, 48.85]
    assert feature["properties"]["date_start"].startswith("2024-05-01")


def test_a_bad_date_lists_the_forms_sitmap_reads_and_each_of_them_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forms = ["2024-03-04", "2024-03-04T10:30+02:00", "4 March 2024", "4 Mar 2024",
             "March 4, 2024", "Mar 4 2024", "04.03.2024"]
    table = tmp_path / "dates.csv"
    table.write_text("day,lat,lon,note\n"
                     + "".join(f'"{d}",1.5,2.5,row {k}\n' for k, d in enumerate(forms))
                     + "last Tuesday,1.5,2.5,unreadable\n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    main(["export", str(table), "-o", str(out), "--columns",
          "lat=lat,lon=lon,date=day,text=note"])
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{table}:{len(forms) + 2}: date_start 'last Tuesday' is not a "
                           "date (")
    for form in forms:
        assert form in line
    days = {f["properties"]["date_start"][:10]
            for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    assert days == {"2024-03-04"}
