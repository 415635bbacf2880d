"""The standalone map of a large table (issue 15), in headless Chromium with the network
off: it carries bins per zoom band and day instead of every event, and its counts, date
range, background toggle and text search still mean what the table's filter means."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from test_export_browser import CHROMIUM, probe, run_chromium, status

from sitmap.events import filter_events, synthetic_events
from sitmap.mapping import export_html

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs headless Chromium"),
]

N = 3000
THRESHOLD = 500  # lowered so the test stays small; the rule is the same


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_events(N, seed=11, days=30)


@pytest.fixture(scope="module")
def dense_export(frame: pd.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dense") / "map.html"
    export_html(frame, path, title="Dense", density_threshold=THRESHOLD)
    return path


def _blob(html: str, name: str) -> object:
    found = re.search(f'<script type="application/json" id="{name}">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_file_carries_bins_and_only_some_points(dense_export: Path) -> None:
    html = dense_export.read_text(encoding="utf-8")
    data, config = _blob(html, "sitmap-data"), _blob(html, "sitmap-config")
    carried = len(data["id"])
    assert carried <= THRESHOLD
    bands = config["densityBands"]
    assert [b["zoom"] for b in bands] == sorted(b["zoom"] for b in bands)
    for band in bands:  # every event is in the bins or among the points, once
        assert sum(band["n"]) + carried == N


def test_the_page_counts_every_event_offline(dense_export: Path, tmp_path: Path) -> None:
    st = status(run_chromium(dense_export.as_uri(), tmp_path))
    assert st["ready"] == "true"
    assert int(st["density-total"]) == int(st["density-visible"]) == N
    assert int(st["density-cells"]) > 0


def test_the_date_range_filters_the_bins_as_the_table(
    frame: pd.DataFrame, dense_export: Path, tmp_path: Path
) -> None:
    first = frame["date_start"].min()
    a, b = (first + pd.Timedelta(days=4)).date(), (first + pd.Timedelta(days=9)).date()
    expected = len(filter_events(frame, date_from=a, date_to=b))
    dom = run_chromium(dense_export.as_uri() + f"#from={a}&to={b}", tmp_path)
    assert 0 < expected < N
    assert int(status(dom)["density-visible"]) == expected
    assert f"{expected:,} of {N:,} events shown" in dom  # 3,000: with a thousands separator


def test_text_search_says_it_covers_only_the_points(
    frame: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "search.html"
    export_html(frame, path, text="Geneva", density_threshold=THRESHOLD)
    data = _blob(path.read_text(encoding="utf-8"), "sitmap-data")
    carried = set(data["id"])
    expected = len(filter_events(frame[frame["event_id"].isin(carried)], text="Geneva"))
    dom = run_chromium(path.as_uri(), tmp_path)
    st = status(dom)
    assert 0 < expected < len(carried)
    assert int(st["density-visible"]) == expected
    assert st["density-drawn"] == "0"  # no bins: they cannot be searched
    assert "Text search covers the" in dom and "carries as points" in dom


def test_a_small_table_still_carries_every_event(tmp_path: Path) -> None:
    path = tmp_path / "small.html"
    export_html(synthetic_events(200), path, density_threshold=THRESHOLD)
    html = path.read_text(encoding="utf-8")
    assert len(_blob(html, "sitmap-data")["id"]) == 200
    assert "densityBands" not in _blob(html, "sitmap-config")


_LAYERS = """function () {
  var s = window.sitmap, d = s.density();
  return {own: s.ownEventsShown ? s.ownEventsShown() : "no such call", cells: d.cells,
    drawn: d.total,
    clusters: document.querySelectorAll(".sm-cluster").length,
    mark: s.markOf(window.smProbeId).drawn};
}"""


def test_bins_and_the_carried_points_never_draw_over_each_other(
    frame: pd.DataFrame, dense_export: Path, tmp_path: Path
) -> None:
    # Issue 15's audit: in the export of a large table the carried points' cluster bubbles
    # were drawn on top of the bins of the same area. Now a view with bins counts the
    # carried points into them and draws no marks of its own; a view of a sparse area with
    # no bin (zoomed in) shows the points and no bins.
    html = dense_export.read_text(encoding="utf-8")
    carried = set(_blob(html, "sitmap-data")["id"])
    ours = frame[frame["event_id"].isin(carried)]
    binned = frame[~frame["event_id"].isin(carried)]
    far = [(float(((binned["lat"] - r.lat) ** 2 + (binned["lon"] - r.lon) ** 2).min()), r)
           for r in ours.itertuples()]
    gap, lonely = max(far, key=lambda pair: pair[0])
    assert gap > 3.0 ** 2  # no binned event within 3 degrees: its cell holds no bin
    page = tmp_path / "own.html"
    page.write_text(html.replace("</body>", "<script>window.smProbeId = "
                                 f"{json.dumps(lonely.event_id)};</script></body>"),
                    encoding="utf-8")
    world, close = probe(page, tmp_path, [
        "window.sitmap.setView(20, 40, 1, false)",
        f"window.sitmap.setView({lonely.lat}, {lonely.lon}, 12, false)",
    ], snapshot=_LAYERS)[1:]
    # The whole world: every event is in a bin (the carried ones too), no mark drawn.
    assert world["clusters"] == 0 and world["cells"] > 0 and world["drawn"] == N
    assert world["own"] is False and world["mark"] is False
    # Zoomed in on a carried point far from any bin: the point, no bins.
    assert close["own"] is True and close["cells"] == 0 and close["mark"] is True


_COUNTS = """function () {
  var s = window.sitmap, st = document.querySelector("[data-density-total]");
  return {visible: s.visibleCount(), clusters: s.clusterMixes(),
    shown: st === null ? null : st.getAttribute("data-density-visible")};
}"""


def test_the_category_filter_counts_the_bins_as_the_table(
    frame: pd.DataFrame, dense_export: Path, tmp_path: Path
) -> None:
    # au15c: the page's category filter narrows the bins it carries and the points alike.
    cats = [str(frame["category"].iloc[0]), str(frame["category"].iloc[1])]
    expected = len(filter_events(frame, categories=cats))
    assert 0 < expected < N
    first, narrowed = probe(dense_export, tmp_path, [
        f"window.sitmap.setFilter({{categories: {json.dumps(cats)}}})"], snapshot=_COUNTS)
    assert first["visible"] == int(first["shown"]) == N
    assert narrowed["visible"] == int(narrowed["shown"]) == expected


def test_the_exported_cluster_bubbles_show_their_category_mix(tmp_path: Path) -> None:
    # Under the threshold every event is carried and clustered, as in the window: each
    # bubble's ring holds the categories of its events, and a category filter leaves only
    # that category in every ring.
    small = synthetic_events(300, seed=12)
    path = tmp_path / "clusters.html"
    export_html(small, path, view={"lat": 45, "lon": 40, "zoom": 3})
    only = str(small["category"].iloc[0])
    first, narrowed = probe(path, tmp_path, [
        f"window.sitmap.setFilter({{categories: {json.dumps([only])}}})"], snapshot=_COUNTS)
    mixes = first["clusters"]
    assert mixes and any(len(c["mix"]) > 1 for c in mixes)
    table = small["category"].value_counts()
    per_category: dict[str, int] = {}
    for cluster in mixes:
        assert sum(cluster["mix"].values()) == cluster["count"]
        for name, count in cluster["mix"].items():
            per_category[name] = per_category.get(name, 0) + count
    assert all(0 < count <= table[name] for name, count in per_category.items())
    assert narrowed["clusters"]
    assert all(set(c["mix"]) == {only} for c in narrowed["clusters"])
    assert sum(c["count"] for c in narrowed["clusters"]) <= int(table[only])


_OVER_COUNTS = """function () {
  var rect = function (n) { return n.getBoundingClientRect(); };
  var counts = Array.prototype.map.call(document.querySelectorAll(".sm-density-label span"),
    function (n) { return [n.textContent, rect(n)]; });
  var names = Array.prototype.filter.call(document.querySelectorAll(".sm-label-text"),
    function (n) { return getComputedStyle(n).visibility !== "hidden"; });
  var over = [];
  names.forEach(function (n) {
    var r = rect(n);
    counts.forEach(function (c) {
      var b = c[1];
      if (r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom)
        over.push([n.textContent, c[0]]);
    });
  });
  return {over: over, names: window.sitmap.labelsShown(), counts: counts.length};
}"""


def test_town_names_never_print_over_a_bins_count(frame: pd.DataFrame, tmp_path: Path) -> None:
    # au15c: in the 1M picture "Saint Petersburg" printed over a bin's "49k". Western Europe
    # at zoom 5 puts Lyon, Marseille and Brussels on cells with counts.
    path = tmp_path / "names.html"
    export_html(frame, path, density_threshold=THRESHOLD,
                view={"lat": 50, "lon": 5, "zoom": 5})
    (got,) = probe(path, tmp_path, [], snapshot=_OVER_COUNTS)
    assert got["counts"] > 20 and len(got["names"]) > 20  # both drawn, most names kept
    assert got["over"] == []
