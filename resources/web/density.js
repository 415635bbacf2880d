/* sitmap map page: the density layer (issue 15).
 *
 * For a table too big to put on the page, the host (the window, or the standalone page's
 * own script) computes what a view shows and hands it to sitmap.setDensity(layer):
 *   {mode: "bins", zoom, total, visible, categories, cells: [[south, west, north, east,
 *    count, [count per category]]...]}   - each cell a rectangle coloured by its main
 *                                          category, its count written on it, the
 *                                          breakdown on hover, a click zooms in;
 *   {mode: "points", zoom, total, visible, points: {id, lat, lon, cat}}   - one dot per
 *                                          event, a click selects it (bridge).
 * Data only: every text reaches the DOM through textContent (util.el).
 */
(function () {
  "use strict";

  var util = window.sitmapUtil;
  var el = util.el;
  var LABEL_CELLS_MAX = 400; // more cells than this: no count written on them

  function attach(map, api, config, report) {
    map.createPane("smDensity").style.zIndex = 415;
    var renderer = L.canvas({ pane: "smDensity", padding: 0.5, tolerance: 3 });
    var layer = L.layerGroup().addTo(map);
    var labels = L.layerGroup().addTo(map);
    var categories = config.categories; // [{name, color}], the order of the breakdown
    var state = { mode: "off", zoom: null, total: 0, visible: 0, cells: [], points: 0,
      selected: "", pointList: null, boxes: [] };

    function breakdownNode(cell) {
      var root = el("div", "sm-density-tip");
      root.appendChild(el("div", "sm-density-count", cell[4].toLocaleString("en") + " events"));
      var order = cell[5].map(function (n, k) { return k; })
        .filter(function (k) { return cell[5][k] > 0; })
        .sort(function (a, b) { return cell[5][b] - cell[5][a]; });
      order.forEach(function (k) {
        var row = el("div", "sm-density-row");
        var sw = el("span", "sm-swatch");
        sw.style.background = categories[k].color;
        row.appendChild(sw);
        row.appendChild(el("span", "", categories[k].name + ": " +
          cell[5][k].toLocaleString("en") + " (" + Math.round(100 * cell[5][k] / cell[4]) + "%)"));
        root.appendChild(row);
      });
      return root;
    }

    function mainCategory(cell) {
      var best = 0;
      for (var k = 1; k < cell[5].length; k++) if (cell[5][k] > cell[5][best]) best = k;
      return best;
    }

    function drawBins(cells) {
      var most = 1;
      cells.forEach(function (c) { if (c[4] > most) most = c[4]; });
      cells.forEach(function (c) {
        var color = categories[mainCategory(c)].color;
        var share = Math.log(1 + c[4]) / Math.log(1 + most);
        var box = L.rectangle([[c[0], c[1]], [c[2], c[3]]], {
          renderer: renderer, color: color, weight: 1, opacity: 0.7,
          fillColor: color, fillOpacity: 0.15 + 0.6 * share,
        });
        box.bindTooltip(breakdownNode(c), { sticky: true });
        state.boxes.push(box);
        box.on("click", function () {
          map.fitBounds([[c[0], c[1]], [c[2], c[3]]], { maxZoom: map.getZoom() + 3 });
        });
        layer.addLayer(box);
        if (cells.length <= LABEL_CELLS_MAX) {
          var text = c[4] >= 10000 ? Math.round(c[4] / 1000) + "k" : String(c[4]);
          labels.addLayer(L.marker([(c[0] + c[2]) / 2, (c[1] + c[3]) / 2], {
            icon: L.divIcon({ className: "sm-density-label", html: el("span", "", text),
              iconSize: null }),
            pane: "smDensity", interactive: false, keyboard: false,
          }));
        }
      });
    }

    function drawPoints(points) {
      for (var i = 0; i < points.id.length; i++) {
        var chosen = points.id[i] === state.selected;
        var dot = L.circleMarker([points.lat[i], points.lon[i]], {
          renderer: renderer, radius: chosen ? 8 : 5, color: chosen ? "#f1c40f" : "#ffffff",
          weight: chosen ? 3 : 1.2, fillColor: categories[points.cat[i]].color, fillOpacity: 0.9,
        });
        dot.sitmapId = points.id[i];
        dot.on("click", function (ev) { report(ev.target.sitmapId); });
        layer.addLayer(dot);
      }
    }

    // Replace what the layer shows; returns the events it stands for.
    api.setDensity = function (next) {
      layer.clearLayers();
      labels.clearLayers();
      state.boxes = [];
      next = next || {};
      state.mode = next.mode === "bins" || next.mode === "points" ? next.mode : "off";
      state.zoom = typeof next.zoom === "number" ? next.zoom : null;
      state.total = Number(next.total) || 0;
      state.visible = Number(next.visible) || 0;
      state.selected = typeof next.selected === "string" ? next.selected : "";
      state.cells = state.mode === "bins" && Array.isArray(next.cells) ? next.cells : [];
      state.points = state.mode === "points" && next.points ? next.points.id.length : 0;
      state.pointList = state.points > 0 ? next.points : null;
      if (state.mode === "bins") drawBins(state.cells);
      else if (state.mode === "points") drawPoints(next.points);
      if (api.clearLabelsOfCounts) api.clearLabelsOfCounts();
      return state.total;
    };
    // What the layer shows: {mode: "bins" | "points" | "off", zoom, total, visible, cells
    // (how many), points (how many), counts: [count of each cell]}.
    api.density = function () {
      return { mode: state.mode, zoom: state.zoom, total: state.total, visible: state.visible,
        cells: state.cells.length, points: state.points,
        counts: state.cells.map(function (c) { return c[4]; }) };
    };
    // What the heatmap sums here: [[lat, lon, weight]...], a bin at its centre weighing
    // its count, a point 1.
    api.densityHeat = function () {
      var out = [];
      state.cells.forEach(function (c) {
        if (c[4] > 0) out.push([(c[0] + c[2]) / 2, (c[1] + c[3]) / 2, c[4]]);
      });
      var pts = state.pointList;
      if (pts !== null) {
        for (var i = 0; i < pts.id.length; i++) out.push([pts.lat[i], pts.lon[i], 1]);
      }
      return out;
    };
    // Extension: the k-th cell as drawn: {bounds: [south, west, north, east], count: the
    // tooltip's first line, rows: its other lines ("category: count (share)"), as the
    // tooltip bound to the cell's rectangle shows them on hover}; null past the last cell.
    api.densityCell = function (k) {
      var box = state.boxes[k];
      if (box === undefined) return null;
      var b = box.getBounds(), tip = box.getTooltip().getContent();
      return { bounds: [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()],
        count: tip.querySelector(".sm-density-count").textContent,
        rows: Array.prototype.map.call(tip.querySelectorAll(".sm-density-row"),
          function (r) { return r.textContent; }) };
    };
    // The breakdown a cell shows on hover, as text (tests, the standalone page).
    api.densityTip = function (k) {
      var c = state.cells[k];
      return c === undefined ? "" : breakdownNode(c).textContent;
    };
    if (config.densityBands) carried(map, api, config);
  }

  // The standalone page of a large table (config.densityBands, from sitmap.events.day_bins:
  // bins per zoom band of the events it does not carry as points): the page filters and
  // draws the bins itself, and its counts and histogram take them in beside the points.
  function carried(map, api, config) {
    var bands = config.densityBands;
    var own = { visible: api.visibleCount, total: api.totalCount, days: api.dayCounts,
      span: api.dataSpan };
    var binned = 0;
    bands[0].n.forEach(function (v) { binned += v; });
    var names = config.categories.map(function (c) { return c.name; });
    var status = document.getElementById("sitmap-status");
    var notice = el("div", "sm-density-notice leaflet-bar");
    notice.style.display = "none";
    var holder = L.control({ position: "topleft" });
    holder.onAdd = function () { return notice; };
    holder.addTo(map);

    function bandFor(zoom) {
      var band = bands[0];
      bands.forEach(function (b) { if (b.zoom <= zoom) band = b; });
      return band;
    }

    // Which of a band's groups pass the filters but the date range, and which the range.
    function test() {
      var f = api.getFilter(), r = api.getRange();
      var cats = f.categories === null ? null : f.categories.map(function (c) {
        return names.indexOf(c);
      });
      var from = util.isoToDay(r[0]), to = util.isoToDay(r[1]);
      return {
        text: (f.text || "") !== "",
        other: function (k) {
          if (!f.showBackground && (k & 1) === 1) return false;
          return cats === null || cats.indexOf(k >> 1) >= 0;
        },
        dates: function (band, g) {
          if (from === null && to === null) return true;
          if (band.d0[g] < 0) return false;
          var a = band.base + band.d0[g], b = a + band.dd[g];
          return (from === null || b >= from) && (to === null || a <= to);
        },
      };
    }

    function binnedVisible() {
      var t = test(), band = bands[0], total = 0;
      if (t.text) return 0;
      for (var g = 0; g < band.n.length; g++) {
        if (t.other(band.k[g]) && t.dates(band, g)) total += band.n[g];
      }
      return total;
    }

    // A band's grid, as sitmap.events' EventGrid: Web Mercator cells CELL_PX (64) wide.
    var MAX_LAT = 85.0511287798;
    function cellsPerSide(zoom) { return Math.max(1, Math.floor((256 * Math.pow(2, zoom)) / 64)); }
    function cellOf(lat, lon, scale) {
      var x = (lon + 180) / 360;
      var rad = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI / 180;
      var y = (1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2;
      var cx = Math.min(scale - 1, Math.max(0, Math.floor(x * scale)));
      var cy = Math.min(scale - 1, Math.max(0, Math.floor(y * scale)));
      return [cx, cy];
    }
    function latOf(y) { return Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180 / Math.PI; }

    // Bins and the page's own points never draw over each other (issue 15's audit: the
    // carried points' cluster bubbles sat on the bins): while any bin is in view, the
    // carried points in view are counted into the bins of their cells and the page's own
    // marks are hidden; a view with no bin (a sparse area, zoomed in) shows the points.
    function mergeOwn(sums, scale) {
      var spots = api.ownSpots ? api.ownSpots() : [];
      var byCell = {};
      Object.keys(sums).forEach(function (c) {
        var b = sums[c];
        var at = cellOf((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, scale);
        byCell[at[1] * scale + at[0]] = b;
      });
      var merged = {};
      Object.keys(sums).forEach(function (c) { merged[c] = sums[c]; });
      spots.forEach(function (sp) {
        var at = cellOf(sp[0], sp[1], scale), key = at[1] * scale + at[0];
        var cell = byCell[key];
        if (cell === undefined) {
          cell = byCell[key] = merged["own" + key] = [latOf((at[1] + 1) / scale),
            at[0] / scale * 360 - 180, latOf(at[1] / scale), (at[0] + 1) / scale * 360 - 180,
            0, names.map(function () { return 0; })];
        }
        sp[2].forEach(function (v, k) { cell[4] += v; cell[5][k] += v; });
      });
      return merged;
    }

    function inView(sums, view) {
      var cells = [], total = 0;
      Object.keys(sums).forEach(function (c) {
        var cell = sums[c];
        if (cell[0] > view.getNorth() || cell[2] < view.getSouth()) return;
        if (view.getEast() - view.getWest() < 360 &&
          (cell[1] > view.getEast() || cell[3] < view.getWest())) return;
        cells.push(cell);
        total += cell[4];
      });
      return { cells: cells, total: total };
    }

    var drawing = false;
    function redraw() {
      if (drawing) return; // showOwnEvents redraws the page, which calls back here
      drawing = true;
      try { redrawBins(); } finally { drawing = false; }
    }

    function redrawBins() {
      var t = test(), band = bandFor(map.getZoom() + 1); // cells of 32-64 px
      var sums = {};
      if (!t.text) {
        for (var g = 0; g < band.n.length; g++) {
          if (!t.other(band.k[g]) || !t.dates(band, g)) continue;
          var c = band.c[g];
          var cell = sums[c];
          if (cell === undefined) {
            var box = band.cells[c];
            cell = sums[c] = [box[0], box[1], box[2], box[3], 0,
              names.map(function () { return 0; })];
          }
          cell[4] += band.n[g];
          cell[5][band.k[g] >> 1] += band.n[g];
        }
      }
      var view = map.getBounds().pad(0.2);
      var shown = inView(sums, view);
      var bins = shown.total > 0;
      if (bins) shown = inView(mergeOwn(sums, cellsPerSide(band.zoom)), view);
      var cells = shown.cells, total = shown.total;
      if (api.showOwnEvents) api.showOwnEvents(!bins);
      api.setDensity({ mode: "bins", zoom: map.getZoom(), total: total,
        visible: binnedVisible() + own.visible(), cells: cells });
      notice.style.display = t.text ? "" : "none";
      notice.textContent = t.text
        ? "Text search covers the " + own.total().toLocaleString("en") +
          " events this file carries as points, not the " + binned.toLocaleString("en") +
          " it holds only as counts per area and day."
        : "";
      if (status !== null) {
        status.setAttribute("data-density-visible", String(binnedVisible() + own.visible()));
        status.setAttribute("data-density-total", String(binned + own.total()));
        status.setAttribute("data-density-drawn", String(total));
        status.setAttribute("data-density-cells", String(cells.length));
        status.setAttribute("data-density-band", String(band.zoom));
        status.setAttribute("data-density-own", bins ? "in-bins" : "points");
      }
    }

    // The counts and the histogram mean all the events, binned and carried.
    api.visibleCount = function () { return binnedVisible() + own.visible(); };
    api.totalCount = function () { return binned + own.total(); };
    api.dataSpan = function () {
      var span = own.span(), band = bands[0];
      var lo = span[0] === null ? null : util.isoToDay(span[0]);
      var hi = span[1] === null ? null : util.isoToDay(span[1]);
      for (var g = 0; g < band.n.length; g++) {
        if (band.d0[g] < 0) continue;
        var a = band.base + band.d0[g];
        if (lo === null || a < lo) lo = a;
        if (hi === null || a + band.dd[g] > hi) hi = a + band.dd[g];
      }
      return [util.dayToIso(lo), util.dayToIso(hi)];
    };
    api.dayCounts = function () {
      var span = api.dataSpan();
      if (span[0] === null) return { start: null, counts: [] };
      var first = util.isoToDay(span[0]), last = util.isoToDay(span[1]);
      var counts = new Array(last - first + 1).fill(0);
      var mine = own.days();
      if (mine.start !== null) {
        var shift = util.isoToDay(mine.start) - first;
        mine.counts.forEach(function (v, d) { counts[d + shift] += v; });
      }
      var t = test(), band = bands[0];
      if (!t.text) {
        for (var g = 0; g < band.n.length; g++) {
          if (band.d0[g] < 0 || !t.other(band.k[g])) continue;
          counts[band.base + band.d0[g] - first] += band.n[g];
        }
      }
      return { start: span[0], counts: counts };
    };
    api.onChange(redraw);
    map.on("zoomend moveend", redraw);
    redraw();
  }

  window.sitmapDensity = { attach: attach };
})();
