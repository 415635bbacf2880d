"""The export files as a user's other tools read them: GeoJSON, KML, CSV, and the HTML file."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from sitmap.cli import main
from sitmap.errors import ExportError
from sitmap.events import CATEGORIES, synthetic_events
from sitmap.mapping import (
    export_csv,
    export_file,
    export_geojson,
    export_html,
    export_kml,
)

K = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture
def frame() -> pd.DataFrame:
    events = synthetic_events(40)
    # Two shapes of date the KML must tell apart, and text a viewer could mistake for markup.
    events.loc[0, "date_end"] = events.loc[0, "date_start"]
    events.loc[1, "date_end"] = events.loc[1, "date_start"] + pd.Timedelta(days=2)
    events.loc[2, "passage"] = "Shots near <b>Almaty</b> & a <script>x()</script>"
    return events


def test_geojson_is_rfc7946_with_lon_lat_order(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "events.geojson"
    export_geojson(frame, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection"
    assert len(doc["features"]) == len(frame)
    for feature, (_, row) in zip(doc["features"], frame.iterrows(), strict=True):
        if row["kind"] in ("country", "region"):  # an area: its outline, the point as properties
            assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
            lon, lat = feature["properties"]["lon"], feature["properties"]["lat"]
        else:
            assert feature["geometry"]["type"] == "Point"
            lon, lat = feature["geometry"]["coordinates"]
        assert (lon, lat) == pytest.approx((row["lon"], row["lat"]))
        assert feature["properties"]["event_id"] == row["event_id"]


def test_csv_round_trips_through_pandas(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    export_csv(frame, path)
    back = pd.read_csv(path, keep_default_na=False)
    assert back["event_id"].tolist() == frame["event_id"].tolist()
    assert back["lat"].tolist() == pytest.approx(frame["lat"].tolist())
    assert back["passage"].tolist() == frame["passage"].tolist()
    assert pd.to_datetime(back["date_start"]).tolist() == frame["date_start"].tolist()


def test_kml_is_well_formed_with_time_styles_and_text(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "events.kml"
    export_kml(frame, path, title="Test & co")
    root = ET.parse(path).getroot()
    assert root.tag == f"{K}kml"
    doc = root.find(f"{K}Document")
    assert doc.findtext(f"{K}name") == "Test & co"
    styles = {s.get("id") for s in doc.findall(f"{K}Style")}
    assert len(styles) == len(CATEGORIES)
    folders = doc.findall(f"{K}Folder")
    assert {f.findtext(f"{K}name") for f in folders} == set(frame["category"])
    marks = {m.get("id"): m for f in folders for m in f.findall(f"{K}Placemark")}
    assert len(marks) == len(frame)
    for _, row in frame.iterrows():
        mark = marks[f"ev-{row['event_id']}"]
        assert mark.findtext(f"{K}styleUrl").lstrip("#") in styles
        # An area row holds its point beside its outline, in a MultiGeometry.
        lon, lat = map(float, mark.findtext(f".//{K}Point/{K}coordinates").split(","))
        assert (lon, lat) == pytest.approx((row["lon"], row["lat"]), abs=1e-6)
        start = row["date_start"].date().isoformat()
        if row["date_end"] == row["date_start"]:
            assert mark.findtext(f"{K}TimeStamp/{K}when") == start
            assert mark.find(f"{K}TimeSpan") is None
        else:
            assert mark.findtext(f"{K}TimeSpan/{K}begin") == start
            assert mark.findtext(f"{K}TimeSpan/{K}end") == row["date_end"].date().isoformat()
        # What a viewer rendering the description as HTML shows is the passage, as text.
        assert row["passage"] in html.unescape(mark.findtext(f"{K}description"))
    # The markup-looking passage is no markup after XML parsing either (finding 4).
    shown = marks[f"ev-{frame.loc[2, 'event_id']}"].findtext(f"{K}description")
    assert "&lt;script&gt;x()&lt;/script&gt;" in shown and "<" not in shown


def test_html_export_is_one_deterministic_offline_file(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for path in (a, b):
        export_html(frame, path, title="T", subtitle="S", generated_on=dt.date(2022, 2, 1))
    assert a.read_bytes() == b.read_bytes()
    page = a.read_text(encoding="utf-8")
    assert '"generated":"2022-02-01"' in page

    class Refs(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found += [v or "" for k, v in attrs if k in ("src", "href")]

    refs = Refs()
    refs.feed(page)
    assert not [r for r in refs.found if re.match(r"\s*(https?:)?//", r)]
    css_urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", "".join(
        re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S)))
    assert css_urls and not [u for u in css_urls if re.match(r"(https?:)?//", u)]
    assert "<script src=" not in page and "<link " not in page


def test_export_file_picks_the_format_from_the_suffix(frame: pd.DataFrame, tmp_path: Path) -> None:
    for suffix in (".html", ".geojson", ".kml", ".csv"):
        export_file(frame, tmp_path / f"out{suffix}", title="t")
    assert json.loads((tmp_path / "out.geojson").read_text())["type"] == "FeatureCollection"
    with pytest.raises(ValueError, match="out.shp"):
        export_file(frame, tmp_path / "out.shp")


def test_unwritable_target_names_the_file_and_leaves_nothing(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    target = tmp_path / "missing-folder" / "map.html"
    with pytest.raises(ExportError, match="missing-folder"):
        export_html(frame, target)
    assert not target.parent.exists()


def test_export_keeps_the_old_file_mode(frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "events.kml"
    path.write_text("old")
    os.chmod(path, 0o640)
    export_kml(frame, path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert path.read_text(encoding="utf-8").startswith("<?xml")


# ---- the command line ---------------------------------------------------------------------


def _article(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_export_bad_file_is_named_and_the_rest_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _article(tmp_path, "good.txt", "ALMATY, Jan 5, 2022 - Protesters gathered in Almaty "
                    "on Wednesday as police detained dozens in Astana.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "map.csv"
    code = main(["export", str(good), str(bad), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    assert "bad.txt" in captured.err and "good.txt" not in captured.err
    table = pd.read_csv(out, keep_default_na=False)
    assert len(table) > 0 and set(table["article_id"]) == {table["article_id"][0]}


def test_cli_export_of_nothing_readable_writes_nothing_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    out = tmp_path / "brief.csv"
    out.write_text("an older export\n", encoding="utf-8")
    for inputs in ([str(empty)], [str(bad)]):
        code = main(["export", *inputs, "-o", str(out)])
        captured = capsys.readouterr()
        assert code == 1
        assert captured.out == ""
        assert f"{out}: not written: no input could be read" in captured.err
        assert out.read_text(encoding="utf-8") == "an older export\n"


def test_cli_export_rejects_a_bad_date_and_unknown_format(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(tmp_path), "-o", str(tmp_path / "m.html"), "--from", "5 Jan"]) == 2
    assert "--from" in capsys.readouterr().err
    assert main(["export", str(tmp_path), "-o", str(tmp_path / "m.docx")]) == 2
    assert "m.docx" in capsys.readouterr().err
    assert not (tmp_path / "m.html").exists()


def test_cli_export_filters_tables_by_date(tmp_path: Path) -> None:
    text = ("ALMATY, Jan 5, 2022 - Protesters marched in Almaty on Jan 3, 2022. "
            "On Jan 7, 2022 troops arrived in Astana.\n")
    article = _article(tmp_path, "a.txt", text)
    everything, narrow = tmp_path / "all.csv", tmp_path / "narrow.csv"
    assert main(["export", str(article), "-o", str(everything)]) == 0
    assert main(["export", str(article), "-o", str(narrow), "--from", "2022-01-06",
                 "--to", "2022-01-08"]) == 0
    full = pd.read_csv(everything, keep_default_na=False)
    cut = pd.read_csv(narrow, keep_default_na=False)
    assert 0 < len(cut) < len(full)
    assert (pd.to_datetime(cut["date_end"]) >= "2022-01-06").all()
    assert (pd.to_datetime(cut["date_start"]) <= "2022-01-08").all()


def test_cli_html_export_starts_at_the_given_range_and_title(tmp_path: Path) -> None:
    article = _article(tmp_path, "a.txt", "ALMATY, Jan 5, 2022 - Protesters marched in Almaty "
                       "on Jan 3, 2022. On Jan 7, 2022 troops arrived in Astana.\n")
    out = tmp_path / "map.html"
    assert main(["export", str(article), "-o", str(out), "--from", "2022-01-04",
                 "--to", "2022-01-08", "--title", "Kazakh <b>unrest</b>"]) == 0
    page = out.read_text(encoding="utf-8")
    config = json.loads(re.search(
        r'<script type="application/json" id="sitmap-config">(.*?)</script>', page).group(1))
    assert config["range"] == ["2022-01-04", "2022-01-08"]
    assert config["title"] == "Kazakh <b>unrest</b>"
    assert config["articles"][0]["title"]


def _config(page: str) -> dict:
    return json.loads(re.search(
        r'<script type="application/json" id="sitmap-config">(.*?)</script>', page).group(1))


def _data(page: str) -> dict:
    return json.loads(re.search(
        r'<script type="application/json" id="sitmap-data">(.*?)</script>', page).group(1))


def test_html_export_with_a_storyboard_is_deterministic(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    scenes = [{"caption": f"Scene {k}", "view": {"lat": 43.0 + k, "lon": 76.0, "zoom": 5 + k},
               "range": [None, None], "filters": {}, "highlighted": []} for k in range(3)]
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    for path in (a, b):
        export_html(frame, path, scenes=scenes, generated_on=dt.date(2022, 2, 1))
    assert a.read_bytes() == b.read_bytes()
    assert [s["caption"] for s in _config(a.read_text(encoding="utf-8"))["scenes"]] == [
        "Scene 0", "Scene 1", "Scene 2"]


@pytest.fixture
def project_file(tmp_path: Path) -> tuple[Path, str]:
    """A saved project with a moved pin (one corrected event), three scenes and a saved
    view; returns its path and the corrected event's id."""
    from sitmap.model import Article
    from sitmap.project import Project, SavedView, Scene, Target, move_pin

    project = Project.new()
    events = synthetic_events(60)
    articles = [Article(id=a, title=f"Article {a}", text="Report.")
                for a in sorted(set(events["article_id"]))]
    project.add_articles(articles, events=events)
    moved = project.events()["event_id"].iloc[4]
    project.add_correction(move_pin(Target(event_id=moved), lat=44.0, lon=77.0))
    for k, caption in enumerate(["Day one", "Spread <b>west</b>", "Astana"]):
        project.add_scene(Scene(caption, SavedView(43.0 + k, 70.0 + k, 5.0 + k),
                                dt.date(2022, 1, 3 + k), None,
                                {"categories": None, "text": "", "showBackground": True},
                                (moved,) if k == 0 else ()))
    project.set_setting("view", {"range": ["2022-01-02", "2022-01-20"],
                                 "filters": {"categories": ["protest"], "text": "",
                                             "showBackground": True},
                                 "view": {"lat": 45.0, "lon": 70.0, "zoom": 5}, "scene": 0})
    path = project.save(tmp_path / "story.sitmap")
    project.close()
    return path, moved


def test_cli_exports_a_project_with_its_corrections_and_storyboard(
    project_file: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, moved = project_file
    out = tmp_path / "story.html"
    assert main(["export", str(path), "-o", str(out)]) == 0
    assert "3 scenes" in capsys.readouterr().out
    page = out.read_text(encoding="utf-8")
    config, data = _config(page), _data(page)
    assert [s["caption"] for s in config["scenes"]] == ["Day one", "Spread <b>west</b>", "Astana"]
    assert config["scenes"][0]["highlighted"] == [moved]
    assert config["scenes"][1]["range"] == ["2022-01-04", None]
    # The project's saved window state is the map's starting state.
    assert config["range"] == ["2022-01-02", "2022-01-20"]
    assert config["filter"]["categories"] == ["protest"]
    assert config["view"] == {"lat": 45.0, "lon": 70.0, "zoom": 5}
    assert config["title"] == "story"
    at = data["id"].index(moved)
    assert data["corr"][at] == 1 and sum(data["corr"]) == 1
    assert (data["lat"][at], data["lon"][at]) == (44.0, 77.0)
    table = tmp_path / "story.csv"
    assert main(["export", str(path), "-o", str(table), "--from", "2022-01-01"]) == 0
    rows = pd.read_csv(table, keep_default_na=False)
    assert rows.loc[rows["event_id"] == moved, "corrected"].tolist() == [True]


def test_cli_project_export_errors(
    project_file: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = project_file
    broken = tmp_path / "broken.sitmap"
    broken.write_bytes(b"not a project at all")
    assert main(["export", str(broken), "-o", str(tmp_path / "b.html")]) == 1
    assert "broken.sitmap" in capsys.readouterr().err
    assert broken.read_bytes() == b"not a project at all"
    assert main(["export", str(path), str(tmp_path), "-o", str(tmp_path / "c.html")]) == 2
    assert "story.sitmap" in capsys.readouterr().err
    assert not (tmp_path / "b.html").exists() and not (tmp_path / "c.html").exists()


def test_sitmap_export_layers_starts_the_page_with_those_layers_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sitmap._paths import seeds_dir

    out = tmp_path / "m.html"
    assert main(["export", str(seeds_dir()), "-o", str(out), "--layers", "icons,heat"]) == 0
    found = re.search(r'<script type="application/json" id="sitmap-config">(.*?)</script>',
                      out.read_text(encoding="utf-8"))
    assert found is not None
    assert json.loads(found.group(1))["layers"] == {"heat": True, "sized": False, "icons": True}
    capsys.readouterr()
    assert main(["export", str(seeds_dir()), "-o", str(out), "--layers", "heat,glow"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'glow'" in err and "heat, sized, icons" in err
