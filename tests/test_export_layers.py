"""Heat and size in the standalone export (issue 15): the heatmap, marks sized by casualties
and category icons, switched on and off, following the date range and the category filter,
their keys in the legend; state read back from ``window.sitmap`` in headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_export_browser import CHROMIUM, probe

from sitmap.events import CATEGORIES, filter_events, synthetic_events
from sitmap.mapping import export_html

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium"),
]

# Eight cities far enough apart (over 80 px at zoom 4) that no grid cell holds two: each is
# its own mark.
_CITIES = ((55.7558, 37.6173), (43.2389, 76.8897), (40.4093, 49.8671), (50.4501, 30.5234),
           (41.2995, 69.2401), (39.9334, 32.8597), (55.7887, 49.1221), (51.1694, 71.4491))
_ROWS = 24
_VIEW = (49.0, 52.0, 4)

_SNAPSHOT = """function () {
  var s = window.sitmap, legend = document.querySelector(".sm-legend");
  var shown = function (sel) {
    var node = legend.querySelector(sel);
    return node !== null && node.style.display !== "none";
  };
  var checked = {};
  document.querySelectorAll(".leaflet-control-layers-overlays label").forEach(function (l) {
    checked[l.textContent.trim()] = l.querySelector("input").checked;
  });
  return {layers: s.layers(), visible: s.visibleCount(),
    glyphs: legend.querySelectorAll(".sm-legend-row .sm-glyph").length,
    dots: legend.querySelectorAll(".sm-legend-row .sm-swatch").length,
    sizeShown: shown(".sm-legend-size"), heatShown: shown(".sm-legend-heat"),
    sizeLabels: Array.prototype.map.call(legend.querySelectorAll(".sm-size-label"),
      function (t) { return t.textContent; }),
    heatCanvas: document.querySelectorAll("canvas.sm-heat").length,
    control: checked};
}"""


def hurt_frame() -> pd.DataFrame:
    """24 point events at eight cities, some of them with killed and/or injured."""
    frame = synthetic_events(_ROWS)
    frame["kind"] = "city"
    for k, (lat, lon) in enumerate(_CITIES):
        rows = frame.index[k::len(_CITIES)]
        frame.loc[rows, "lat"] = lat
        frame.loc[rows, "lon"] = lon
    frame["killed"] = pd.array([k % 5 if k % 3 == 0 else None for k in range(_ROWS)],
                               dtype="Int64")
    frame["injured"] = pd.array([3 * k if k % 4 == 0 else None for k in range(_ROWS)],
                                dtype="Int64")
    return frame


def expected(rows: pd.DataFrame) -> dict[str, int]:
    """What the page should draw for these visible rows: marks, sized marks, casualties."""
    hurt = rows["killed"].fillna(0).astype(int) + rows["injured"].fillna(0).astype(int)
    per_place = hurt.groupby([rows["lat"], rows["lon"]]).sum()
    return {"places": len(per_place), "sized": int((per_place > 0).sum()),
            "casualties": int(hurt.sum())}


def export(frame: pd.DataFrame, path: Path, **kwargs: object) -> Path:
    lat, lon, zoom = _VIEW
    export_html(frame, path, view={"lat": lat, "lon": lon, "zoom": zoom}, **kwargs)
    return path


def test_the_layers_start_on_switch_off_and_on_and_show_their_keys(tmp_path: Path) -> None:
    frame = hurt_frame()
    whole = expected(frame)
    assert 0 < whole["sized"] < whole["places"] == len(_CITIES)
    page = export(frame, tmp_path / "layers.html", layers=["heat", "sized", "icons"])
    off = 'window.sitmap.setLayers({heat: false, sized: false, icons: false})'
    on = 'window.sitmap.setLayers({heat: true, sized: true, icons: true})'
    first, after_off, after_on = probe(page, tmp_path, [off, on], snapshot=_SNAPSHOT)

    got = first["layers"]
    assert (got["heat"], got["sized"], got["icons"]) == (True, True, True)
    assert got["heatPoints"] == whole["places"]
    assert got["iconMarks"] == whole["places"]
    assert got["sizedMarks"] == whole["sized"]
    assert got["casualtiesDrawn"] == whole["casualties"] > 0
    assert first["heatCanvas"] == 1
    # The legend: an icon per category, the size scale with its reference counts, the ramp.
    assert first["glyphs"] == len(CATEGORIES) and first["dots"] == 0
    assert first["sizeShown"] and first["heatShown"]
    refs = [str(v) for v, _radius in got["sizeScale"]]
    assert 2 <= len(refs) <= 3 and sorted(first["sizeLabels"]) == sorted(refs)
    radii = [r for _v, r in got["sizeScale"]]
    assert radii == sorted(radii)
    # The layer control shows the same switches.
    assert first["control"]["Heatmap (events)"] is True
    assert first["control"]["Marks sized by casualties"] is True
    assert first["control"]["Category icons"] is True

    got = after_off["layers"]
    assert (got["heatPoints"], got["iconMarks"], got["sizedMarks"]) == (0, 0, 0)
    assert after_off["heatCanvas"] == 0
    assert after_off["glyphs"] == 0 and after_off["dots"] == len(CATEGORIES)
    assert not after_off["sizeShown"] and not after_off["heatShown"]
    assert not any(after_off["control"][name] for name in
                   ("Heatmap (events)", "Marks sized by casualties", "Category icons"))

    assert after_on["layers"] == first["layers"]


def test_the_layers_follow_the_date_range_and_the_category_filter(tmp_path: Path) -> None:
    frame = hurt_frame()
    days = sorted(frame["date_start"].dt.date.unique())
    start, end = days[len(days) // 4].isoformat(), days[len(days) // 2].isoformat()
    cats = [frame["category"].iloc[0], frame["category"].iloc[3]]
    in_range = expected(filter_events(frame, date_from=start, date_to=end))
    in_cats = expected(filter_events(frame, categories=cats))
    whole = expected(frame)
    # Each filter leaves some cities and some casualties out.
    for part in (in_range, in_cats):
        assert 0 < part["places"] < whole["places"]
        assert 0 < part["casualties"] < whole["casualties"]
    page = export(frame, tmp_path / "follow.html", layers={"heat": True, "sized": True,
                                                          "icons": True})
    _first, ranged, chosen = probe(page, tmp_path, [
        f"window.sitmap.setRange({json.dumps(start)}, {json.dumps(end)})",
        f"window.sitmap.setRange(null, null); window.sitmap.setFilter({{categories: "
        f"{json.dumps(cats)}}})",
    ], snapshot=_SNAPSHOT)

    for snap, want, rows in ((ranged, in_range, filter_events(frame, date_from=start,
                                                              date_to=end)),
                             (chosen, in_cats, filter_events(frame, categories=cats))):
        assert snap["visible"] == len(rows)
        got = snap["layers"]
        assert got["heatPoints"] == want["places"]
        assert got["iconMarks"] == want["places"]
        assert got["sizedMarks"] == want["sized"]
        assert got["casualtiesDrawn"] == want["casualties"]


def test_the_export_starts_with_the_layers_off_and_the_layer_control_switches_them(
    tmp_path: Path,
) -> None:
    frame = hurt_frame()
    whole = expected(frame)
    page = export(frame, tmp_path / "plain.html")
    click = """var labels = document.querySelectorAll(".leaflet-control-layers-overlays label");
      labels.forEach(function (l) {
        if (l.textContent.trim() === %s) l.querySelector("input").click();
      });"""
    first, heat, icons = probe(page, tmp_path, [click % '"Heatmap (events)"',
                                                click % '"Category icons"'],
                               snapshot=_SNAPSHOT)
    got = first["layers"]
    assert (got["heat"], got["sized"], got["icons"]) == (False, False, False)
    assert got["heatPoints"] == got["iconMarks"] == got["sizedMarks"] == 0
    assert first["dots"] == len(CATEGORIES)
    assert heat["layers"]["heat"] and heat["layers"]["heatPoints"] == whole["places"]
    assert heat["heatCanvas"] == 1 and heat["heatShown"]
    assert icons["layers"]["icons"] and icons["layers"]["iconMarks"] == whole["places"]
    assert icons["glyphs"] == len(CATEGORIES)


def test_at_country_zoom_clusters_are_sized_by_casualties_or_give_way_to_the_heat(
    tmp_path: Path,
) -> None:
    frame = hurt_frame()
    whole = expected(frame)
    lat, lon, _zoom = _VIEW
    page = export(frame, tmp_path / "zoomed-out.html", layers=["sized"])
    snapshot = _SNAPSHOT.replace("return {layers", "return {bubbles: document.querySelectorAll("
                                 "'.sm-cluster').length, layers")
    sized, heat, plain = probe(page, tmp_path, [
        f"window.sitmap.setView({lat}, {lon}, 2, false); "
        "window.sitmap.setLayers({sized: false, heat: true})",
        "window.sitmap.setLayers({heat: false})",
    ], hash_=f"#view={lat},{lon},2", snapshot=snapshot)
    # Zoomed out, places merge: each cluster is one circle sized by its casualties, and
    # together the marks stand for every casualty shown.
    got = sized["layers"]
    assert got["sizedClusters"] >= 1 and sized["bubbles"] == 0
    assert got["casualtiesDrawn"] == whole["casualties"]
    # The heatmap alone stands in for the count bubbles; without it they come back.
    assert heat["bubbles"] == 0 and heat["layers"]["heatPoints"] == whole["places"]
    assert heat["layers"]["sizedClusters"] == 0
    assert plain["bubbles"] == got["sizedClusters"]


def test_the_heatmap_of_a_large_export_sums_its_density_bins(tmp_path: Path) -> None:
    frame = synthetic_events(3000)
    frame = frame[frame["kind"] == "city"].reset_index(drop=True)
    path = tmp_path / "large.html"
    export_html(frame, path, density_threshold=500, layers=["heat"])
    snapshot = ("function () { return {layers: window.sitmap.layers(), "
                "density: window.sitmap.density()}; }")
    first, narrowed = probe(path, tmp_path, [
        f"window.sitmap.setFilter({{categories: {json.dumps([CATEGORIES[0]])}}})",
    ], snapshot=snapshot)
    assert first["density"]["mode"] == "bins" and first["density"]["cells"] > 0
    # Every bin drawn, and the points the page carries, take part in the heat.
    assert first["layers"]["heatPoints"] >= first["density"]["cells"]
    assert 0 < narrowed["layers"]["heatPoints"] < first["layers"]["heatPoints"]


_LEGEND = """function () {
  var legend = document.querySelector(".sm-legend");
  var box = legend.getBoundingClientRect();
  var map = map_sitmap.getContainer().getBoundingClientRect();
  var clipped = [];
  legend.querySelectorAll(".sm-legend-row").forEach(function (row) {
    var text = row.lastChild.getBoundingClientRect();
    if (row.scrollWidth > row.clientWidth || text.right > box.right + 0.5)
      clipped.push(row.textContent);
  });
  return {open: legend.open, share: box.width * box.height / (map.width * map.height),
    inMap: box.right <= map.right && box.bottom <= map.bottom,
    font: parseFloat(getComputedStyle(legend).fontSize), clipped: clipped,
    sizeLabels: Array.prototype.map.call(legend.querySelectorAll(".sm-size-label"),
      function (t) { return t.textContent; })};
}"""


def test_the_exported_legend_with_every_layer_on_is_a_small_open_box(tmp_path: Path) -> None:
    # The export keeps the window's compact legend (issue 15's audit): with heat, sized marks
    # and icons on it shows open by itself, in its corner, on a small share of the map, and
    # the size scale stays small however large the largest mark is.
    frame = hurt_frame()
    frame.loc[0, "killed"] = 5_000
    page = export(frame, tmp_path / "legend.html", layers=["heat", "sized", "icons"])
    (got,) = probe(page, tmp_path, [], snapshot=_LEGEND)
    assert got["open"] is True and got["inMap"]
    assert got["share"] < 0.14
    assert got["font"] >= 11 and got["clipped"] == []
    assert got["sizeLabels"] and "1,000" not in got["sizeLabels"]


def small_totals() -> pd.DataFrame:
    """Four point events at four of the cities, with 0, 1, 4 and 10 killed (none
    injured)."""
    frame = synthetic_events(4)
    frame["kind"] = "city"
    for k in range(4):
        frame.loc[frame.index[k], ["lat", "lon"]] = _CITIES[k]
    frame["killed"] = pd.array([0, 1, 4, 10], dtype="Int64")
    frame["injured"] = pd.array([None] * 4, dtype="Int64")
    return frame


def marks_snapshot(frame: pd.DataFrame) -> str:
    """A snapshot of the radius of each event's mark, the legend's size circles and the
    scale the page says it draws."""
    return """function () {
  var s = window.sitmap, ids = IDS;
  return {radii: ids.map(function (id) { return s.markRadius(id); }),
    legend: Array.prototype.map.call(
      document.querySelectorAll(".sm-legend .sm-size-scale circle"),
      function (c) { return parseFloat(c.getAttribute("r")); }),
    scale: s.layers().sizeScale};
}""".replace("IDS", json.dumps(list(frame["event_id"])))


def assert_sizes_tell_apart(got: dict[str, Any]) -> None:
    """0, 1, 4 and 10 casualties are drawn at four sizes, each at least 3 px across larger
    than the one before, and the legend's circles (1 and 10) are those marks' own sizes."""
    radii = got["radii"]
    assert None not in radii, radii
    assert all(b - a >= 1.5 for a, b in zip(radii, radii[1:], strict=False)), radii
    scale = {v: r for v, r in got["scale"]}
    assert list(scale) == [1, 10]
    assert got["legend"] == pytest.approx(list(scale.values()))
    assert (scale[1], scale[10]) == pytest.approx((radii[1], radii[3]))


def test_sized_marks_stay_apart_under_category_icons_and_the_legend_says_so(
        tmp_path: Path) -> None:
    # au15c: icons are at least 16 px across, and the size scale drew every total below
    # about 28 at that size, so 0, 1, 4 and 10 killed all looked alike while the legend
    # showed 1 and 10 at two sizes.
    frame = small_totals()
    page = export(frame, tmp_path / "sized-icons.html", layers=["heat", "sized", "icons"])
    (got,) = probe(page, tmp_path, [], snapshot=marks_snapshot(frame))
    assert_sizes_tell_apart(got)
