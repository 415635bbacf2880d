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
      selected: "" };

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
      next = next || {};
      state.mode = next.mode === "bins" || next.mode === "points" ? next.mode : "off";
      state.zoom = typeof next.zoom === "number" ? next.zoom : null;
      state.total = Number(next.total) || 0;
      state.visible = Number(next.visible) || 0;
      state.selected = typeof next.selected === "string" ? next.selected : "";
      state.cells = state.mode === "bins" && Array.isArray(next.cells) ? next.cells : [];
      state.points = state.mode === "points" && next.points ? next.points.id.length : 0;
      if (state.mode === "bins") drawBins(state.cells);
      else if (state.mode === "points") drawPoints(next.points);
      return state.total;
    };
    // What the layer shows: {mode: "bins" | "points" | "off", zoom, total, visible, cells
    // (how many), points (how many), counts: [count of each cell]}.
    api.density = function () {
      return { mode: state.mode, zoom: state.zoom, total: state.total, visible: state.visible,
        cells: state.cells.length, points: state.points,
        counts: state.cells.map(function (c) { return c[4]; }) };
    };
    // The breakdown a cell shows on hover, as text (tests, the standalone page).
    api.densityTip = function (k) {
      var c = state.cells[k];
      return c === undefined ? "" : breakdownNode(c).textContent;
    };
  }

  window.sitmapDensity = { attach: attach };
})();
