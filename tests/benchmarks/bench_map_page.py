"""The map page in headless Chromium: time to ready, and the cost of one slider change.

Run: ``.venv/bin/python tests/benchmarks/bench_map_page.py [--sizes 10000 100000]``.
For each size the standalone page is built, a measuring script is appended, and Chromium
loads it once. The script moves the date range a day at a time (a one-week window sliding
over the data) and times each ``sitmap.setRange`` call plus the canvas repaint it caused
(the pending redraws are run at once instead of waiting for the next animation frame), at
the fitted world view (clustered) and zoomed in on Almaty (every place drawn).

``--markercluster`` measures the alternative we did not take: the same events as canvas
circle markers in a Leaflet.markercluster group (from XStatic), the same slider steps done
by diffing (``removeLayers``/``addLayers`` of the changed markers only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
from pathlib import Path

from sitmap.events import synthetic_events
from sitmap.mapping import build_page

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--proxy-server=127.0.0.1:9",
         "--window-size=1400,900")

MEASURE = """
<script>
(function () {
  var map = window.map_sitmap;
  function repaint() {
    map.eachLayer(function (layer) {
      if (layer instanceof L.Canvas && layer._redrawRequest) {
        L.Util.cancelAnimFrame(layer._redrawRequest);
        layer._redrawRequest = null;
        layer._redraw();
      }
    });
  }
  function slide(steps) {
    var span = sitmap.dataSpan(), day = Date.parse(span[0] + "T00:00:00Z"), out = [];
    for (var k = 0; k < steps; k++) {
      var a = new Date(day + k * 86400000).toISOString().slice(0, 10);
      var b = new Date(day + (k + 6) * 86400000).toISOString().slice(0, 10);
      var t0 = performance.now();
      sitmap.setRange(a, b);
      repaint();
      out.push(performance.now() - t0);
    }
    sitmap.setRange(null, null);
    out.sort(function (x, y) { return x - y; });
    return { median: out[out.length >> 1], max: out[out.length - 1] };
  }
  var result = { ready: performance.now() };
  result.world = slide(30);
  sitmap.setView(43.25, 76.92, 10, false);
  repaint();
  result.zoomed = slide(30);
  var node = document.createElement("pre");
  node.id = "bench";
  node.textContent = JSON.stringify(result);
  document.body.appendChild(node);
})();
</script>
"""


CLUSTER_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<style>{leaflet_css}</style><style>{cluster_css}</style><script>{leaflet_js}</script>
<script>{cluster_js}</script></head>
<body style="margin:0"><div id="m" style="width:1400px;height:900px"></div>
<script type="application/json" id="d">{data}</script>
<script>
var data = JSON.parse(document.getElementById("d").textContent), n = data.lat.length;
var map = L.map("m", {{preferCanvas: true, maxZoom: 18}}).setView([46, 62], 4);
var group = L.markerClusterGroup({{chunkedLoading: false}});
var markers = [], shown = new Uint8Array(n);
for (var i = 0; i < n; i++) markers.push(L.circleMarker([data.lat[i], data.lon[i]], {{radius: 6}}));
var t0 = performance.now();
group.addLayers(markers); map.addLayer(group); shown.fill(1);
var result = {{ready: performance.now(), add: performance.now() - t0}};
function setRange(a, b) {{
  var add = [], remove = [];
  for (var k = 0; k < n; k++) {{
    var v = data.d0[k] <= b && data.d1[k] >= a ? 1 : 0;
    if (v !== shown[k]) {{ (v ? add : remove).push(markers[k]); shown[k] = v; }}
  }}
  group.removeLayers(remove); group.addLayers(add);
}}
var first = data.span[0], out = [];
for (var s = 0; s < 30; s++) {{
  var t = performance.now(); setRange(first + s, first + s + 6); out.push(performance.now() - t);
}}
out.sort(function (x, y) {{ return x - y; }});
result.world = {{median: out[out.length >> 1], max: out[out.length - 1]}};
var pre = document.createElement("pre"); pre.id = "bench"; pre.textContent = JSON.stringify(result);
document.body.appendChild(pre);
</script></body></html>"""


def _chromium_result(html: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.html"
        path.write_text(html, encoding="utf-8")
        dom = subprocess.run(
            [str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp}/profile", "--dump-dom",
             path.as_uri()],
            capture_output=True, text=True, timeout=600, check=True,
        ).stdout
    start = dom.index('<pre id="bench">') + len('<pre id="bench">')
    return json.loads(dom[start : dom.index("</pre>", start)])


def measure_markercluster(n: int) -> dict[str, object]:
    import xstatic.pkg.leaflet as leaflet
    import xstatic.pkg.leaflet_markercluster as cluster

    from sitmap.mapping._payload import event_payload, to_script_json

    def read(pkg: object, name: str) -> str:
        return (Path(pkg.BASE_DIR) / name).read_text(encoding="utf-8")  # type: ignore[attr-defined]

    payload = event_payload(synthetic_events(n))
    data = {k: payload[k] for k in ("lat", "lon", "d0", "d1", "span")}
    return _chromium_result(CLUSTER_PAGE.format(
        leaflet_css=read(leaflet, "leaflet.css"), leaflet_js=read(leaflet, "leaflet.js"),
        cluster_css=read(cluster, "MarkerCluster.css") + read(cluster, "MarkerCluster.Default.css"),
        cluster_js=read(cluster, "leaflet.markercluster.js"), data=to_script_json(data),
    ))


def measure(n: int) -> dict[str, object]:
    page = build_page(synthetic_events(n), assets="inline", controls=True)
    return _chromium_result(page.replace("</html>", MEASURE + "</html>"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--markercluster", action="store_true")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{len(os.sched_getaffinity(0))} cores, load {os.getloadavg()[0]:.1f}; "
          f"median of {args.runs} page loads")
    if args.markercluster:
        print("| events | markercluster addLayers (ms) "
              "| slider change by diffing: median / max (ms) |")
        print("| ---: | ---: | ---: |")
        for n in args.sizes:
            r = measure_markercluster(n)
            w = r["world"]
            print(f"| {n:,} | {r['add']:.0f} | {w['median']:.1f} / {w['max']:.1f} |", flush=True)
        return
    print("| events | page ready (ms) | slider change, world view: median / max (ms) "
          "| zoomed to a city: median / max (ms) |")
    print("| ---: | ---: | ---: | ---: |")
    for n in args.sizes:
        runs = sorted((measure(n) for _ in range(args.runs)), key=lambda r: r["ready"])
        mid = runs[len(runs) // 2]
        world, zoomed = mid["world"], mid["zoomed"]
        print(f"| {n:,} | {mid['ready']:.0f} | {world['median']:.1f} / {world['max']:.1f} | "
              f"{zoomed['median']:.1f} / {zoomed['max']:.1f} |", flush=True)


if __name__ == "__main__":
    main()
