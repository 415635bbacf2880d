"""The map page's Leaflet-free core (``resources/web/core.js``) on plain inputs.

Only ``util.js`` and ``core.js`` are loaded into headless Chromium (no Leaflet, no map): a
case is a small function body that sees ``core`` (``window.sitmapCore``), ``util`` and
``given`` (the test's inputs, as JSON) and returns a JSON value, which the harness writes
into the DOM for the test to read back.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from html import unescape
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from test_export_browser import CHROMIUM, run_chromium

from sitmap._paths import resources_dir
from sitmap.events import CATEGORIES, synthetic_events
from sitmap.mapping._payload import event_payload

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs headless Chromium at /usr/bin/chromium (Debian package 'chromium')",
    ),
]

_HARNESS = """<!doctype html>
<html><head><meta charset="utf-8"><title>core</title></head><body>
<pre id="out">not run</pre>
<script type="application/json" id="given">{given}</script>
<script src="{util}"></script>
<script src="{core}"></script>
<script>
(function () {{
  var out = document.getElementById("out");
  try {{
    if (typeof L !== "undefined") throw new Error("Leaflet is loaded: the core must not need it");
    var given = JSON.parse(document.getElementById("given").textContent);
    var result = (function (core, util, given) {{
{body}
    }})(window.sitmapCore, window.sitmapUtil, given);
    out.textContent = JSON.stringify({{ ok: result }});
  }} catch (e) {{
    out.textContent = JSON.stringify({{ error: String((e && e.stack) || e) }});
  }}
}})();
</script>
</body></html>
"""


def run_core(tmp_path: Path, body: str, given: Any) -> Any:
    """Run the function body ``body`` against util.js + core.js in headless Chromium.

    Returns what the body returned (through JSON). Fails the test with the page's error
    when the script threw (a missing ``window.sitmapCore`` among them).
    """
    web = resources_dir() / "web"
    page = tmp_path / "core.html"
    page.write_text(_HARNESS.format(
        given=json.dumps(given).replace("</", "<\\/"),
        util=(web / "util.js").as_uri(), core=(web / "core.js").as_uri(), body=body,
    ), encoding="utf-8")
    dom = run_chromium(page.as_uri(), tmp_path, "--allow-file-access-from-files",
                       budget_ms=1000)
    found = re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[:2000]
    result = json.loads(unescape(found.group(1)))
    assert "error" not in result, result.get("error")
    return result["ok"]


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A valid event table with one event per entry of ``rows`` (columns overridden)."""
    frame = synthetic_events(len(rows)).copy()
    for k, row in enumerate(rows):
        frame.loc[k, "event_id"] = f"e{k}"
        for column, value in row.items():
            frame.loc[k, column] = value
    return frame


_CATEGORIES = [{"name": name, "color": "#000000"} for name in CATEGORIES]


def test_filter_predicate_on_the_page_records(tmp_path: Path) -> None:
    day = pd.Timestamp
    frame = _frame([
        {"category": "protest", "role": "event", "date_start": day("2022-01-03"),
         "date_end": day("2022-01-05"), "passage": "Crowds gathered at the Harbour gate."},
        {"category": "protest", "role": "event", "date_start": pd.NaT, "date_end": pd.NaT,
         "date_precision": "unknown"},
        {"category": "arrest", "role": "mention", "date_start": day("2022-01-10"),
         "date_end": day("2022-01-10")},
        {"category": "arrest", "role": "event", "date_start": day("2022-01-01"),
         "date_end": day("2022-01-02")},
        {"category": "other", "role": "dateline", "date_start": day("2022-01-04"),
         "date_end": day("2022-01-04")},
        {"category": "armed clash/violence", "role": "event", "date_start": day("2022-01-06"),
         "date_end": day("2022-01-06"), "title": "HARBOUR news"},
    ])
    # The same shape as a saved view's or the window's filter: ready to be fed to
    # sitmap.events.filter_events too.
    cases = [
        {"range": None, "filter": {}},
        {"range": ["2022-01-04", "2022-01-06"], "filter": {}},
        {"range": [None, "2022-01-02"], "filter": {}},
        {"range": None, "filter": {"categories": ["arrest", "protest"]}},
        {"range": None, "filter": {"showBackground": False}},
        {"range": None, "filter": {"text": "  harbour "}},
        {"range": ["2022-01-01", "2022-01-31"],
         "filter": {"categories": ["protest"], "text": "HARBOUR"}},
    ]
    got = run_core(tmp_path, """
      return given.cases.map(function (c) {
        var f = core.makeFilter(given.data, given.categories, true);
        if (c.range) f.setRange(c.range[0], c.range[1]);
        f.set(c.filter);
        var ids = [];
        for (var i = 0; i < given.data.id.length; i++) if (f.passes(i)) ids.push(given.data.id[i]);
        return { ids: ids, filter: f.get(), range: f.range() };
      });
    """, {"data": event_payload(frame), "categories": _CATEGORIES, "cases": cases})
    assert [g["ids"] for g in got] == [
        ["e0", "e1", "e2", "e3", "e4", "e5"],
        ["e0", "e4", "e5"],  # overlap counts; the undated event drops out
        ["e3"],
        ["e0", "e1", "e2", "e3"],
        ["e0", "e1", "e3", "e5"],
        ["e0", "e5"],  # passage or title, any case
        ["e0"],
    ]
    # Categories come back in the legend's order; text trimmed and lower-cased.
    assert got[3]["filter"] == {"categories": ["protest", "arrest"], "text": "",
                                "showBackground": True}
    assert got[5]["filter"]["text"] == "harbour"
    assert got[1]["range"] == ["2022-01-04", "2022-01-06"]
    assert got[0]["range"] == [None, None]


def test_spots_group_events_by_place_and_precision(tmp_path: Path) -> None:
    kyiv = {"lat": 50.45, "lon": 30.52, "country_code": "UA"}
    frame = _frame([
        {**kyiv, "kind": "city"}, {**kyiv, "kind": "city"},
        {**kyiv, "kind": "region"},  # same point, other precision: its own mark
        {"lat": 49.84, "lon": 24.03, "kind": "city", "country_code": "UA"},
        {**kyiv, "kind": "city"},
    ])
    got = run_core(tmp_path, """
      var g = core.groupSpots(given);
      return { spots: g.spots.map(function (sp) {
        return { lat: sp.lat, lon: sp.lon, kind: sp.kind, area: sp.area, cc: sp.cc,
          events: sp.events, x: sp.x, y: sp.y };
      }), spotOf: Array.prototype.slice.call(g.spotOf) };
    """, event_payload(frame))
    assert got["spotOf"] == [0, 0, 1, 2, 0]
    assert [(s["kind"], s["area"], s["events"]) for s in got["spots"]] == [
        ("city", False, [0, 1, 4]), ("region", True, [2]), ("city", False, [3])]
    assert got["spots"][0]["cc"] == "UA"
    # Web Mercator in [0, 1]: the equator and the prime meridian at 0.5.
    lviv = got["spots"][2]
    assert lviv["x"] == pytest.approx((24.03 + 180) / 360)
    assert 0 < lviv["y"] < 0.5


def test_grid_clusters_near_points_and_leaves_areas_out(tmp_path: Path) -> None:
    spots = [
        {"lat": 10.0, "lon": 10.0, "area": False, "visible": [0, 1]},
        {"lat": 10.1, "lon": 10.1, "area": False, "visible": [2]},
        {"lat": -30.0, "lon": 120.0, "area": False, "visible": [3]},
        {"lat": 10.0, "lon": 10.0, "area": True, "visible": [4]},  # an area: never gridded
        {"lat": 10.05, "lon": 10.05, "area": False, "visible": []},  # filtered out
        {"lat": 60.0, "lon": -40.0, "area": False, "visible": [5], "hidden": True},
    ]
    got = run_core(tmp_path, """
      given.spots.forEach(function (sp) {
        var m = core.mercator(sp.lat, sp.lon); sp.x = m.x; sp.y = m.y;
      });
      function inView(sp) { return sp.hidden !== true; }
      return [3, core.CLUSTER_MAX_ZOOM + 1].map(function (zoom) {
        var g = core.gridCells(given.spots, zoom, inView);
        return { points: Object.keys(g.points).map(Number).sort(),
          clusters: Object.keys(g.clusters).map(function (k) { return g.clusters[k]; }) };
      });
    """, {"spots": spots})
    low, high = got
    assert low["points"] == [2]
    assert len(low["clusters"]) == 1
    cluster = low["clusters"][0]
    assert sorted(cluster["spots"]) == [0, 1] and cluster["count"] == 3
    # The centre is weighted by the events each place stands for.
    assert cluster["lat"] / cluster["count"] == pytest.approx((10.0 * 2 + 10.1) / 3)
    assert high == {"points": [0, 1, 2], "clusters": []}


def test_linking_chains_places_within_1200_km(tmp_path: Path) -> None:
    places = [
        {"lat": 0, "lon": 0}, {"lat": 0, "lon": 9}, {"lat": 0, "lon": 18},  # ~1,000 km steps
        {"lat": 0, "lon": 40},  # 2,450 km on from the chain's end
        {"lat": 40, "lon": 100}, {"lat": 40, "lon": 110},  # 850 km apart at 40° N
        {"lat": -20, "lon": -60}, {"lat": -20, "lon": -47.2},  # 1,340 km apart
    ]
    got = run_core(tmp_path, """
      return { groups: core.linkGroups(given.places),
        km: core.distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 10 }) };
    """, {"places": places})
    g = got["groups"]
    assert g[0] == g[1] == g[2]  # chained: 0 and 2 are 2,000 km apart
    assert g[3] != g[0]
    assert g[4] == g[5]
    assert g[6] != g[7]
    assert len(set(g)) == 5
    assert got["km"] == pytest.approx(math.radians(10) * 6371, rel=1e-3)


def test_framing_picks_the_heaviest_chained_group_of_the_first_tier(tmp_path: Path) -> None:
    # Events are numbered; given.tier says each one's tier (0 event place, 1 event country,
    # 2 background).
    chained = [
        {"lat": 0, "lon": 0, "kind": "city", "visible": [0, 1]},
        {"lat": 0, "lon": 9, "kind": "city", "visible": [2, 3]},
        {"lat": 0, "lon": 18, "kind": "city", "visible": [4, 5]},
        # One heavier place 5,000 km on: it outweighs each chained place, not the chain.
        {"lat": 0, "lon": 63, "kind": "city", "visible": [6, 7, 8, 9, 10]},
        # Background mentions and countries do not count while event places exist.
        {"lat": 50, "lon": -100, "kind": "city", "visible": list(range(11, 40))},
        {"lat": 20, "lon": 60, "kind": "country", "visible": list(range(40, 60))},
    ]
    tier = [0] * 11 + [2] * 29 + [1] * 20
    # A region weighs a quarter of a point: eight region events lose to three point events.
    weighted = [
        {"lat": 0, "lon": 0, "kind": "city", "visible": [0, 1, 2]},
        {"lat": 0, "lon": 45, "kind": "region", "visible": list(range(3, 11))},
    ]
    # No event place at all: the event countries are framed.
    countries = [
        {"lat": 50, "lon": -100, "kind": "city", "visible": list(range(11, 40))},
        {"lat": 20, "lon": 60, "kind": "country", "visible": list(range(40, 60))},
    ]
    got = run_core(tmp_path, """
      function tierOf(i) { return given.tier[i]; }
      return [given.chained, given.weighted, given.countries].map(function (spots) {
        return core.framingSpots(spots, tierOf).sort();
      });
    """, {"chained": chained, "weighted": weighted, "countries": countries, "tier": tier})
    assert got == [[0, 1, 2], [0], [1]]


def test_frame_tier_of_page_records(tmp_path: Path) -> None:
    frame = _frame([
        {"role": "event", "kind": "city"}, {"role": "event", "kind": "region"},
        {"role": "event", "kind": "country"}, {"role": "mention", "kind": "city"},
        {"role": "dateline", "kind": "country"},
    ])
    got = run_core(tmp_path, """
      return given.id.map(function (id, i) { return core.frameTier(given, i); });
    """, event_payload(frame))
    assert got == [0, 0, 1, 2, 2]


def test_label_choice_drops_the_smaller_overlapping_town(tmp_path: Path) -> None:
    rows = [  # [name, lat, lon, thousands]; positions on screen come from given.at
        ["Capital", 1, 1, 9000], ["Suburb", 2, 2, 900], ["Elsewhere", 3, 3, 800],
        ["Outside", 4, 4, 700], ["Village", 5, 5, 150],
    ]
    at = {"Capital": [100, 100], "Suburb": [120, 104], "Elsewhere": [400, 300],
          "Outside": [500, 500], "Village": [700, 100]}
    got = run_core(tmp_path, """
      function inView(row) { return row[0] !== "Outside"; }
      function project(row) { var p = given.at[row[0]]; return { x: p[0], y: p[1] }; }
      var names = function (rows) { return rows.map(function (r) { return r[0]; }); };
      return {
        zoom6: names(core.chooseLabels(given.rows, core.labelFloor(6), inView, project)),
        zoom9: names(core.chooseLabels(given.rows, core.labelFloor(9), inView, project)),
        zoom3: names(core.chooseLabels(given.rows, core.labelFloor(3), inView, project)),
        floors: [2, 3, 4, 5, 6, 7, 18].map(core.labelFloor),
        merged: core.mergeLabels([["B", 1, 1, 5], ["A", 2, 2, 50]],
          [["A", 2, 2, 50], ["C", "3", 3, 500], ["bad", "x", 1, 1], ["short", 1, 1], "junk"]),
      };
    """, {"rows": rows, "at": at})
    assert got["zoom6"] == ["Capital", "Elsewhere"]  # Village is under 200 k at zoom 6
    assert got["zoom9"] == ["Capital", "Elsewhere", "Village"]
    assert got["zoom3"] == ["Capital"]
    assert got["floors"] == [5000, 5000, 2000, 500, 200, 0, 0]
    assert got["merged"] == [["C", 3, 3, 500], ["A", 2, 2, 50], ["B", 1, 1, 5]]


def test_util_days_round_trip(tmp_path: Path) -> None:
    got = run_core(tmp_path, """
      return { days: ["1970-01-02", "2022-01-05T10:00:00", "", null, "not a date"]
          .map(util.isoToDay),
        isos: [0, 19000, null].map(util.dayToIso),
        node: (function () { var n = util.el("b", "x", "<i>t</i>"); return [n.className,
          n.textContent, n.children.length]; })() };
    """, None)
    assert got["days"] == [1, 18997, None, None, None]
    assert got["isos"] == ["1970-01-01", "2022-01-08", None]
    assert got["node"] == ["x", "<i>t</i>", 0]  # text, never HTML


def test_playback_steps_match_the_windows_rule(tmp_path: Path) -> None:
    """The standalone timeline's playStart/playNext and the window's play_start/play_next
    (sitmap.viewmodel) give the same ranges: sliding by a day or a week, or growing."""
    from sitmap.viewmodel import PLAY_STEPS, play_next, play_start

    epoch = dt.date(1970, 1, 1)
    first, last = dt.date(2022, 1, 1), dt.date(2022, 1, 20)
    cases = [((first, last), step, cumulative)
             for step in PLAY_STEPS for cumulative in (False, True)]
    cases += [((dt.date(2022, 1, 3), dt.date(2022, 1, 5)), step, cumulative)
              for step in PLAY_STEPS for cumulative in (False, True)]

    def days(pair: tuple[dt.date, dt.date]) -> list[int]:
        return [(d - epoch).days for d in pair]

    expected = []
    for chosen, step, cumulative in cases:
        r = play_start(chosen, (first, last), step_days=PLAY_STEPS[step])
        seen = [days(r)]
        while (after := play_next(r, (first, last), step_days=PLAY_STEPS[step],
                                  cumulative=cumulative)) is not None:
            r = after
            seen.append(days(r))
        expected.append(seen)
    got = run_core(tmp_path, """
      return given.cases.map(function (c) {
        var step = core.PLAY_STEPS[c.step];
        var r = core.playStart(c.range, given.first, given.last, step);
        var seen = [r];
        for (var n = 0; n < 100; n++) {
          var after = core.playNext(r, given.first, given.last, step, c.cumulative);
          if (after === null) break;
          r = after;
          seen.push(r);
        }
        return seen;
      });
    """, {"first": (first - epoch).days, "last": (last - epoch).days,
          "cases": [{"range": days(c[0]), "step": c[1], "cumulative": c[2]} for c in cases]})
    assert got == expected
    # Growing keeps the first day and ends on the last; sliding by a week keeps 7 days.
    assert {seen[0][0] for seen in expected[1:2]} == {(first - epoch).days}
    assert expected[3][-1] == [(first - epoch).days, (last - epoch).days]
    assert all(b - a == 6 for a, b in expected[2])


def test_source_and_role_filters_match_filter_events(tmp_path: Path) -> None:
    """The page's filter by source and by role keeps the rows sitmap.events.filter_events
    (the table's) keeps: any of a merged event's sources counts, an unnamed source is ""."""
    from sitmap.events import EventFilter, filter_events

    frame = _frame([
        {"sources": "Desk A", "role": "event"},
        {"sources": "Desk B", "role": "mention"},
        {"sources": "Desk B; Desk A", "role": "event"},
        {"sources": "", "role": "dateline"},
        {"sources": "Desk C", "role": "event", "demonym": True},
    ])
    cases = [
        {"sources": ["Desk A"]},
        {"sources": ["Desk B", ""]},
        {"roles": ["event"]},
        {"roles": ["mention", "dateline"], "sources": ["Desk B"]},
        {"roles": ["event", "mention"], "showBackground": False},
        {"sources": []},
    ]
    got = run_core(tmp_path, """
      return given.cases.map(function (c) {
        var f = core.makeFilter(given.data, given.categories, true);
        f.set(c);
        var ids = [];
        for (var i = 0; i < given.data.id.length; i++) if (f.passes(i)) ids.push(given.data.id[i]);
        return { ids: ids, filter: f.get() };
      });
    """, {"data": event_payload(frame), "categories": _CATEGORIES, "cases": cases})
    expected = []
    for case in cases:
        f = EventFilter.from_page(case)
        kept = filter_events(frame, categories=f.categories, roles=f.effective_roles(),
                             demonyms=f.show_background, sources=f.sources)
        expected.append(list(kept["event_id"]))
    assert [g["ids"] for g in got] == expected == [
        ["e0", "e2"], ["e1", "e2", "e3"], ["e0", "e2", "e4"], ["e1"], ["e0", "e2"], []]
    # The page reports them back in the filter's shape (sorted sources, roles in order).
    assert got[1]["filter"]["sources"] == ["", "Desk B"]
    assert got[3]["filter"]["roles"] == ["dateline", "mention"]
    assert "sources" not in got[2]["filter"] and "roles" not in got[0]["filter"]
    assert [EventFilter.from_page(g["filter"]) for g in got] == [
        EventFilter.from_page(c) for c in cases]


def test_filter_chip_text(tmp_path: Path) -> None:
    got = run_core(tmp_path, """
      return given.map(function (f) { return core.filterSummary(f); });
    """, [
        {"categories": None, "text": "", "showBackground": True},
        {"categories": ["protest"], "text": "police", "showBackground": False},
        {"categories": [], "text": "", "showBackground": True, "roles": ["event"]},
        {"categories": None, "text": "", "showBackground": True,
         "sources": ["", "A", "B", "C", "D"]},
    ])
    assert got == [
        "",
        "Filtered: protest · “police” · background places hidden",
        "Filtered: no categories · role event",
        "Filtered: sources (none named), A, B +2 more",
    ]
