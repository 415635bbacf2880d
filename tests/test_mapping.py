"""The map page as data: what build_page puts in the page and what asset_bytes serves."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import folium
import pandas as pd
import pytest

import sitmap.mapping
from sitmap.events import CATEGORIES, SchemaError, synthetic_events
from sitmap.mapping import asset_bytes, build_page


class _Scripts(HTMLParser):
    """Collects every tag's attributes and the text of JSON script elements by id."""

    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, dict[str, str]]] = []
        self.json: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.attrs.append((tag, values))
        if tag == "script" and values.get("type") == "application/json":
            self._current = values["id"]
            self.json[self._current] = ""

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self.json[self._current] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._current = None


def parse(page: str) -> _Scripts:
    parser = _Scripts()
    parser.feed(page)
    return parser


def page_data(page: str) -> tuple[dict, dict]:
    blobs = parse(page).json
    return json.loads(blobs["sitmap-data"]), json.loads(blobs["sitmap-config"])


def test_public_names() -> None:
    assert set(sitmap.mapping.__all__) == {
        "ASSET_BASE", "ATTRIBUTION", "CATEGORY_COLORS", "EXPORT_FORMATS", "AssetMode",
        "asset_bytes", "build_page", "export_csv", "export_file", "export_geojson",
        "export_html", "export_kml", "labels_for",
        "ExportFormat", "ExportRequest", "UnknownFormatError", "write_export",
    }


def test_the_basemap_names_big_cities_and_the_towns_around_the_data(gazetteer) -> None:
    """The page's place names: the world's largest cities everywhere, and near the data the
    towns of 50,000 or more (Taraz, 30 km from nothing else the data names)."""
    from sitmap.mapping import labels_for

    frame = synthetic_events(20)
    frame["lat"], frame["lon"] = 42.9, 71.37  # every event in Taraz
    _, config = page_data(build_page(frame))
    names = {row[0]: row for row in config["labels"]}
    assert {"Tokyo", "London", "Taraz", "Shymkent", "Tashkent"} <= set(names)
    assert names["Taraz"][1:3] == pytest.approx([42.9, 71.37], abs=0.1)
    assert 300 < names["Taraz"][3] < 500  # thousands of people
    far = frame.assign(lat=-34.6, lon=-58.4)  # Buenos Aires: no town of Kazakhstan named
    assert "Taraz" not in {row[0] for row in labels_for(far)}
    assert len(config["labels"]) <= 600
    populations = [row[3] for row in config["labels"]]
    assert populations == sorted(populations, reverse=True)
    assert labels_for(frame.iloc[:0]) == []


def test_the_window_page_never_builds_the_gazetteer_for_its_names(
    monkeypatch, tmp_path, gazetteer
) -> None:
    """The window builds its page on its own thread: with no compiled gazetteer yet (the
    first run, while the background job builds it) the page has no names and builds
    nothing; an export still builds it, and the window's page has names once it exists."""
    import shutil

    import sitmap.geocode._store as store
    from sitmap.mapping import _labels

    built: list[str] = []

    def build(sources, dest, *, progress=None) -> None:  # type: ignore[no-untyped-def]
        built.append(str(dest))
        shutil.copyfile(gazetteer.path, dest)

    monkeypatch.setattr(store, "build", build)
    monkeypatch.setenv("SITMAP_CACHE_DIR", str(tmp_path))
    frame = synthetic_events(5)
    _labels._cities.cache_clear()
    _labels._open_gazetteer.cache_clear()
    try:
        assert page_data(build_page(frame))[1]["labels"] == []
        assert _labels.labels_in_view(-10, -10, 10, 10) == []
        assert built == []
        names = page_data(build_page(frame, assets="inline"))[1]["labels"]
        assert len(built) == 1 and "Tokyo" in {row[0] for row in names}
        assert page_data(build_page(frame))[1]["labels"] == names
        assert _labels.labels_in_view(35, 139, 36, 140, limit=1)[0][0] == "Tokyo"
        assert len(built) == 1
    finally:
        _labels._cities.cache_clear()
        _labels._open_gazetteer.cache_clear()


def test_events_travel_as_one_blob_with_every_row() -> None:
    frame = synthetic_events(300)
    data, _ = page_data(build_page(frame))
    assert data["id"] == frame["event_id"].tolist()
    assert data["lat"] == pytest.approx(frame["lat"].tolist(), abs=1e-5)
    assert data["lon"] == pytest.approx(frame["lon"].tolist(), abs=1e-5)
    passages = [data["strings"][k] for k in data["passage"]]
    assert passages == frame["passage"].tolist()
    day0 = pd.Timestamp("1970-01-01")
    assert data["d0"][7] == (frame["date_start"][7] - day0).days
    assert [CATEGORIES[c] for c in data["cat"]] == frame["category"].tolist()


def test_page_code_does_not_grow_with_the_events() -> None:
    # Markers are made in map.js from the data blob, not one folium Marker per event.
    small, large = build_page(synthetic_events(10)), build_page(synthetic_events(500))
    assert small.count("L.") == large.count("L.")
    assert small.count("<script") == large.count("<script")


def test_same_input_same_bytes_and_no_random_ids() -> None:
    frame = synthetic_events(50)
    first, second = build_page(frame), build_page(frame)
    assert first == second
    assert not re.search(r"[0-9a-f]{32}", first)
    assert 'id="map_sitmap"' in first


def test_folium_class_defaults_stay_untouched() -> None:
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    build_page(synthetic_events(5), assets="inline")
    assert folium.Map.default_js == before_js
    assert folium.Map.default_css == before_css


def test_text_cannot_close_the_data_element() -> None:
    frame = synthetic_events(3)
    nasty = "</script><script>alert(1)</script> & <!-- \u2028"
    frame.loc[1, "passage"] = nasty
    page = build_page(frame)
    data, _ = page_data(page)
    assert data["strings"][data["passage"][1]] == nasty
    assert "</script><script>alert(1)" not in page


def test_template_syntax_in_text_is_not_evaluated() -> None:
    frame = synthetic_events(3)
    sneaky = "{{ 7*7 }} {% if true %}yes{% endif %} {# hidden #}"
    frame.loc[0, "passage"] = sneaky
    frame.loc[1, "title"] = "{{ config }}"
    data, config = page_data(build_page(frame, title="{{ 6*7 }}", subtitle="{% raw %}"))
    assert data["strings"][data["passage"][0]] == sneaky
    assert data["strings"][data["title"][1]] == "{{ config }}"
    assert (config["title"], config["subtitle"]) == ("{{ 6*7 }}", "{% raw %}")


def test_starting_state_goes_into_the_config() -> None:
    page = build_page(
        synthetic_events(20),
        title="T & <b>",
        date_range=("2022-01-03", None),
        view={"lat": 43.2, "lon": 76.9, "zoom": 7},
        categories=["protest", "arrest"],
        show_background=False,
    )
    _, config = page_data(page)
    assert config["range"] == ["2022-01-03", None]
    assert config["view"] == {"lat": 43.2, "lon": 76.9, "zoom": 7}
    assert config["filter"] == {
        "categories": ["protest", "arrest"], "text": "", "showBackground": False,
    }
    assert config["title"] == "T & <b>"
    assert "<title>T &amp; &lt;b&gt;</title>" in page
    assert config["onlineTiles"] == []


def test_online_tiles_are_offered_only_when_asked() -> None:
    _, config = page_data(build_page(synthetic_events(3), online_tiles=True))
    assert [t["name"] for t in config["onlineTiles"]] == ["OpenStreetMap"]
    inline = build_page(synthetic_events(3), assets="inline", controls=True)
    assert "tile.openstreetmap.org" not in inline


def test_bad_date_and_bad_frame_are_refused() -> None:
    with pytest.raises(ValueError):
        build_page(synthetic_events(2), date_range=("5 January", None))
    with pytest.raises(SchemaError):
        build_page(synthetic_events(2).drop(columns=["category"]))


def test_empty_table_still_builds() -> None:
    data, _ = page_data(build_page(synthetic_events(0), controls=True))
    assert data["id"] == [] and data["span"] is None


def test_scheme_page_links_only_assets_that_are_served() -> None:
    page = build_page(synthetic_events(10), assets="scheme", controls=True)
    links = [a.get("src") or a.get("href") for t, a in parse(page).attrs if t in ("script", "link")]
    local = [u for u in links if u and u.startswith("sitmap://assets/")]
    assert {u.removeprefix("sitmap://assets/") for u in local} >= {
        "leaflet.js", "leaflet.css", "map.js", "map.css", "basemap.js", "standalone.js",
    }
    for url in local:
        content, mime = asset_bytes(url.removeprefix("sitmap://assets/"))
        assert content and mime.split(";")[0] in ("text/javascript", "text/css")
    remote = [u for u in links if u and re.match(r"(https?:)?//", u)]
    assert remote == []
    # Leaflet's stylesheet refers to images relative to itself: those are served too.
    css = asset_bytes("leaflet.css")[0].decode()
    targets = [t.strip("'\"") for t in re.findall(r"url\(([^)]+)\)", css)]
    images = [t for t in targets if not t.startswith("#")]  # "#default#VML": an old IE hook
    assert images
    for target in images:
        assert asset_bytes(target)[1] == "image/png"


@pytest.mark.parametrize("name", ["../pyproject.toml", "/etc/passwd", "images/../leaflet.js",
                                  "web/map.js", "nothing.js"])
def test_asset_bytes_refuses_names_the_page_never_links(name: str) -> None:
    with pytest.raises(KeyError):
        asset_bytes(name)


def test_basemap_is_a_script_defining_natural_earth_countries() -> None:
    content, mime = asset_bytes("basemap.js")
    assert mime.startswith("text/javascript")
    prefix = b"window.sitmapCountries = "
    assert content.startswith(prefix)
    countries = json.loads(content[len(prefix) :].rstrip(b";\n"))
    codes = {f["properties"]["name"]: f["properties"]["cc"] for f in countries["features"]}
    # Country-wide events are drawn as these shapes, found by the event's country code.
    assert {codes["Kazakhstan"], codes["Russia"], codes["Kyrgyzstan"]} == {"KZ", "RU", "KG"}
    assert sum(1 for cc in codes.values() if cc) > 230


def test_region_borders_only_for_the_countries_in_the_data() -> None:
    page = build_page(synthetic_events(200))
    regions = json.loads(parse(page).json["sitmap-regions"])
    codes = {f["properties"]["cc"] for f in regions["features"]}
    assert "KZ" in codes and codes <= {"KZ", "RU", "KG", "CH"}


def test_region_borders_are_the_basemap_files_features() -> None:
    # The page takes each country's regions out of admin1.geojson without parsing the rest.
    from sitmap._paths import resources_dir
    from sitmap.mapping._assets import regions_for

    path = resources_dir() / "basemap" / "admin1.geojson"
    whole = json.loads(path.read_text(encoding="utf-8"))["features"]
    codes = {f["properties"]["cc"] for f in whole}
    assert len(codes) == len(whole) > 150
    assert regions_for(codes | {"XX"}) == {
        "type": "FeatureCollection",
        "features": sorted(whole, key=lambda f: f["properties"]["cc"]),
    }
    assert regions_for(set()) == {"type": "FeatureCollection", "features": []}


def test_inline_page_carries_every_file() -> None:
    page = build_page(synthetic_events(10), assets="inline", controls=True)
    assert "sitmap://" not in page and "qrc:" not in page
    assert "Leaflet 1.9" in page and "window.sitmapCountries" in page
    assert "Content-Security-Policy" in page


def _scene(caption: str, **extra: object) -> dict:
    return {"id": 1, "caption": caption, "view": {"lat": 43.2, "lon": 76.9, "zoom": 7.0},
            "range": ["2022-01-04", None],
            "filters": {"categories": ["arrest", "protest"], "text": "", "showBackground": False},
            "highlighted": ["e1"], **extra}


def test_scenes_become_the_slideshow_panel_in_storyboard_order() -> None:
    frame = synthetic_events(20)
    page = build_page(frame, assets="inline", controls=True,
                      scenes=[_scene("first"), _scene("</script> second")])
    assert "</script> second" not in page
    _, config = page_data(page)
    assert config["panels"] == ["standalone", "slideshow"]
    assert [s["caption"] for s in config["scenes"]] == ["first", "</script> second"]
    assert config["scenes"][0] == {
        "caption": "first", "view": {"lat": 43.2, "lon": 76.9, "zoom": 7.0},
        "range": ["2022-01-04", None],
        # In the legend's order, as the page's getFilter() reports them.
        "filters": {"categories": ["protest", "arrest"], "text": "", "showBackground": False},
        "highlighted": ["e1"],
    }
    assert "window.sitmapPanels.slideshow" in page
    assert page == build_page(frame, assets="inline", controls=True,
                              scenes=[_scene("first"), _scene("</script> second")])


def test_no_scenes_no_slideshow() -> None:
    frame = synthetic_events(5)
    assert "sitmap://assets/slideshow.js" in build_page(frame, controls=True,
                                                         scenes=[_scene("linked")])
    for page in (build_page(frame, assets="inline", controls=True),
                 build_page(frame, controls=True, scenes=[]),
                 build_page(frame, scenes=[_scene("window page: no slideshow")])):
        _, config = page_data(page)
        assert "slideshow" not in config["panels"] and "scenes" not in config
        assert "assets/slideshow.js" not in page and "sitmapPanels.slideshow" not in page


@pytest.mark.parametrize("bad", [
    {"caption": "no view"},
    _scene("bad date", range=["5 Jan", None]),
    _scene("bad zoom", view={"lat": 1, "lon": 2, "zoom": "near"}),
])
def test_malformed_scene_is_refused_with_its_number(bad: dict) -> None:
    with pytest.raises(ValueError, match="scene 2"):
        build_page(synthetic_events(3), controls=True, scenes=[_scene("ok"), bad])


def test_corrected_rows_travel_in_the_blob() -> None:
    frame = synthetic_events(10)
    frame.loc[[2, 7], "corrected"] = True
    data, _ = page_data(build_page(frame))
    assert [i for i, c in enumerate(data["corr"]) if c] == [2, 7]


@pytest.mark.parametrize("dtype", ["Int64", "float64", "object"])
def test_the_payload_carries_killed_plus_injured_of_the_rows_that_have_any(dtype: str) -> None:
    from sitmap.mapping._payload import event_payload

    frame = synthetic_events(6)
    killed = [3, None, 0, -2, 7, None]
    injured = [None, 4, 0, 5, 1, None]
    if dtype == "object":  # Python numbers and None, as a frame built by hand holds them
        frame["killed"] = pd.Series(killed, dtype="object")
        frame["injured"] = pd.Series(injured, dtype="object")
    else:
        frame["killed"] = pd.array(killed, dtype=dtype) if dtype == "Int64" else pd.Series(
            [float("nan") if v is None else v for v in killed], dtype=dtype)
        frame["injured"] = pd.array(injured, dtype=dtype) if dtype == "Int64" else pd.Series(
            [float("nan") if v is None else v for v in injured], dtype=dtype)
    # Unknown counts 0, a negative figure counts 0, rows with none are left out.
    assert event_payload(frame)["cas"] == {"0": 3, "1": 4, "3": 5, "4": 8}


def test_a_page_starts_with_the_layers_it_is_given() -> None:
    def layers_of(page: str) -> dict:
        found = re.search(r'<script type="application/json" id="sitmap-config">(.*?)</script>',
                          page)
        assert found is not None
        return json.loads(found.group(1))["layers"]

    frame = synthetic_events(5)
    assert layers_of(build_page(frame)) == {"heat": False, "sized": False, "icons": False}
    assert layers_of(build_page(frame, layers=["icons", "nonsense"])) == {
        "heat": False, "sized": False, "icons": True}
    assert layers_of(build_page(frame, layers={"heat": True, "sized": "yes"})) == {
        "heat": True, "sized": False, "icons": False}


def test_the_label_cells_are_those_of_each_point_and_its_neighbours() -> None:
    """``_cells_near`` (a column at a time) gives the cells a loop over the points gives:
    the first 5,000 distinct points with coordinates, each cell with its eight neighbours."""
    import math
    import random

    import pandas as pd

    from sitmap.mapping._labels import _cell, _cells_near

    rng = random.Random(5)
    rows = [(rng.uniform(-89.9, 89.9), rng.uniform(-179.9, 179.9)) for _ in range(6_000)]
    rows += [(float("nan"), 10.0), (12.0, float("inf")), rows[0], (-0.0, -0.0), (-4.0, -8.0)]
    frame = pd.DataFrame(rows, columns=["lat", "lon"])
    expected: set[tuple[int, int]] = set()
    for lat, lon in frame.drop_duplicates().to_numpy()[:5_000]:
        if math.isfinite(lat) and math.isfinite(lon):
            row, col = _cell(lat, lon)
            expected.update((row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
    assert _cells_near(frame) == expected
    small = frame.iloc[-5:]
    assert _cells_near(small) == {(r + dr, c + dc) for r, c in {_cell(-4.0, -8.0), _cell(0, 0),
                                                                 _cell(*rows[0])}
                                  for dr in (-1, 0, 1) for dc in (-1, 0, 1)}


def test_the_label_cells_of_a_long_table_come_from_its_first_distinct_points() -> None:
    """``_cells_near`` looks for the first 5,000 distinct points in a prefix of the rows
    and takes a longer one only when the prefix holds fewer: the cells are those of the
    whole table's first 5,000 distinct points, wherever they lie (distinct points after
    long runs of repeats, a table with fewer distinct points than that, a prefix boundary
    inside a run of new points, missing coordinates counted as a point)."""
    import numpy as np
    import pandas as pd

    from sitmap.mapping._labels import _FIRST_ROWS, _cell, _cells_near

    def expected(frame: pd.DataFrame) -> set[tuple[int, int]]:
        cells: set[tuple[int, int]] = set()
        for lat, lon in frame.drop_duplicates().to_numpy()[:5_000]:
            if np.isfinite(lat) and np.isfinite(lon):
                row, col = _cell(lat, lon)
                cells.update((row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
        return cells

    rng = np.random.default_rng(15)

    def spread(count: int) -> np.ndarray:
        return np.column_stack([rng.uniform(-89.9, 89.9, count),
                                rng.uniform(-179.9, 179.9, count)])

    repeats = np.tile([[10.0, 20.0], [np.nan, 5.0]], (_FIRST_ROWS, 1))
    late = pd.DataFrame(np.vstack([repeats, spread(6_000)]), columns=["lat", "lon"])
    boundary = pd.DataFrame(np.vstack([np.tile([[1.0, 1.0]], (_FIRST_ROWS - 2_000, 1)),
                                       spread(8_000)]), columns=["lat", "lon"])
    few = pd.DataFrame(np.vstack([spread(300)] * 1_000), columns=["lat", "lon"])
    for frame in (late, boundary, few):
        assert _cells_near(frame) == expected(frame)
