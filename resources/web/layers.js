/* window.sitmapLayers: the map's optional layers (issue 15, "heat and size"), drawn on
 * Leaflet's own classes. After leaflet.js and util.js, before map.js.
 *
 *  - GLYPHS: one shape per event category, polygons in a 16 x 16 box written for this
 *    project (no icon font, no image): told apart by outline, not only by colour.
 *  - GlyphMarker: an L.CircleMarker that draws its category's shape on the canvas instead
 *    of a circle (same hit area, same style options); option glyph: a category name, or
 *    null for the plain circle.
 *  - glyphNode(name, color, px): the same shape as an inline SVG for the legend.
 *  - ICON_RIM: the dark rim of every icon, on the map and in the legend alike.
 *  - HeatLayer: a canvas overlay that sums a smooth bump per weighted point on a coarse
 *    grid and colours the density with a light-to-dark sequential ramp.
 * Nothing here reads article text; category names only select a shape from GLYPHS.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  // An icon's outline. A white rim melted into the pale basemap (contrast about 1.1:1 on
  // its land and sea), so the light fills (yellow, pink, sky blue, orange, grey) left the
  // shape barely seen at 16 px; this one keeps over 3:1 against both, as the legend did.
  var ICON_RIM = "#1f2a33";

  function star(spikes, outer, inner) {
    var pts = [];
    for (var k = 0; k < 2 * spikes; k++) {
      var r = k % 2 === 0 ? outer : inner;
      var a = (Math.PI * k) / spikes - Math.PI / 2;
      pts.push([8 + r * Math.cos(a), 8 + r * Math.sin(a)]);
    }
    return pts;
  }

  // A shape per category: one or more closed polygons ([x, y] in a 16 x 16 box).
  var GLYPHS = {
    "armed clash/violence": [star(8, 8.2, 4.4)], // a burst
    "protest": [[[2, 0.5], [4.2, 0.5], [4.2, 1.8], [15, 1.8], [11.6, 5.6], [15, 9.4],
      [4.2, 9.4], [4.2, 15.5], [2, 15.5]]], // a flag on its pole
    "arrest": [[[2, 2], [14, 2], [14, 14], [2, 14]]], // a square
    "military deployment": [[[1.5, 1], [14.5, 1], [14.5, 8.5], [8, 15.5], [1.5, 8.5]]], // a shield
    "diplomacy/statement": [[[0.8, 1.8], [15.2, 1.8], [15.2, 11], [8, 11], [3.8, 15],
      [3.8, 11], [0.8, 11]]], // a speech bubble
    "disruption of services": [[[10.6, 0.2], [1.8, 9.6], [6.8, 9.6], [4.6, 15.8], [14.4, 6],
      [9.4, 6], [13, 0.2]]], // a lightning bolt
    "natural disaster": [[[8, 0.8], [15.6, 14.6], [0.4, 14.6]]], // a warning triangle
    "health/epidemic": [[[5.4, 0.8], [10.6, 0.8], [10.6, 5.4], [15.2, 5.4], [15.2, 10.6],
      [10.6, 10.6], [10.6, 15.2], [5.4, 15.2], [5.4, 10.6], [0.8, 10.6], [0.8, 5.4],
      [5.4, 5.4]]], // a cross
    "humanitarian/aid": [[[8, 0.6], [15.6, 7.6], [13.2, 7.6], [13.2, 15.2], [2.8, 15.2],
      [2.8, 7.6], [0.4, 7.6]]], // a shelter
    "displacement/refugees": [[[0.6, 5.4], [8.4, 5.4], [8.4, 1.2], [15.6, 8], [8.4, 14.8],
      [8.4, 10.6], [0.6, 10.6]]], // an arrow
    "other": [star(12, 6.8, 6.8)], // a round dot
  };

  function glyphOf(name) {
    return Object.prototype.hasOwnProperty.call(GLYPHS, name) ? GLYPHS[name] : GLYPHS.other;
  }

  // SVG path text of a category's shape (our own numbers only; never data).
  function glyphPath(name) {
    return glyphOf(name).map(function (poly) {
      return "M" + poly.map(function (p) { return p[0].toFixed(2) + " " + p[1].toFixed(2); })
        .join("L") + "Z";
    }).join("");
  }

  // The category's shape as an inline SVG of px pixels, filled with color, a white rim.
  function glyphNode(name, color, px) {
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("class", "sm-glyph");
    svg.setAttribute("viewBox", "-1 -1 18 18");
    svg.setAttribute("width", String(px));
    svg.setAttribute("height", String(px));
    svg.setAttribute("aria-hidden", "true");
    var path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", glyphPath(name));
    path.setAttribute("fill", color);
    path.setAttribute("stroke", ICON_RIM);
    path.setAttribute("stroke-width", "1");
    path.setAttribute("stroke-linejoin", "round");
    svg.appendChild(path);
    return svg;
  }

  // A circle marker that draws its category's shape, scaled so the 16-unit box spans its
  // diameter; its hit area stays the circle Leaflet tests clicks against.
  var GlyphMarker = L.CircleMarker.extend({
    _updatePath: function () {
      var renderer = this._renderer;
      if (!this.options.glyph || !renderer._ctx) {
        renderer._updateCircle(this);
        return;
      }
      if (!renderer._drawing || this._empty()) return;
      var ctx = renderer._ctx, p = this._point, s = this._radius / 8;
      ctx.beginPath();
      glyphOf(this.options.glyph).forEach(function (poly) {
        poly.forEach(function (q, k) {
          var x = p.x + (q[0] - 8) * s, y = p.y + (q[1] - 8) * s;
          if (k === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y);
        });
        ctx.closePath();
      });
      renderer._fillStroke(ctx, this);
    },
  });

  // The ramp of the heat layer: light yellow to dark red, lighter where fewer events are,
  // so it reads the same in grey and for every kind of colour blindness.
  var HEAT_STOPS = [[0, "#ffffcc"], [0.25, "#fed976"], [0.5, "#fd8d3c"], [0.75, "#e31a1c"],
    [1, "#800026"]];

  function heatPalette() {
    var canvas = document.createElement("canvas");
    canvas.width = 256;
    canvas.height = 1;
    var ctx = canvas.getContext("2d");
    var ramp = ctx.createLinearGradient(0, 0, 256, 0);
    HEAT_STOPS.forEach(function (s) { ramp.addColorStop(s[0], s[1]); });
    ctx.fillStyle = ramp;
    ctx.fillRect(0, 0, 256, 1);
    return ctx.getImageData(0, 0, 256, 1).data;
  }

  // A canvas over the map: source() gives [[lat, lon, weight]...] (weight > 0: events).
  // The weights in view are spread over a grid of CELL_PX cells with a smooth bump of
  // options.radius pixels (a biweight kernel), the sum scaled by its largest value (square
  // root, so a lone event still shows beside a city of hundreds), coloured with the ramp
  // and drawn scaled up with smoothing. Redrawn by redraw() (the page calls it after each
  // move and filter change); drawn() is how many points the last drawing used, weight()
  // the sum of their weights (the events they stand for).
  var CELL_PX = 4;
  var HeatLayer = L.Layer.extend({
    options: { pane: "smHeat", radius: 28, opacity: 0.75 },

    initialize: function (source, options) {
      L.setOptions(this, options);
      this._source = source;
      this._drawn = 0;
      this._weight = 0;
      this._palette = null;
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "sm-heat leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      this._canvas.style.position = "absolute";
      this._small = document.createElement("canvas");
      map.getPane(this.options.pane).appendChild(this._canvas);
      map.on("resize", this.redraw, this);
      this.redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      this._drawn = 0;
      this._weight = 0;
      map.off("resize", this.redraw, this);
    },

    drawn: function () { return this._drawn; },

    weight: function () { return this._weight; },

    redraw: function () {
      var map = this._map, canvas = this._canvas;
      if (!map || !canvas) return 0;
      var size = map.getSize(), r = this.options.radius;
      canvas.width = size.x;
      canvas.height = size.y;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      if (this._palette === null) this._palette = heatPalette();
      var gw = Math.ceil(size.x / CELL_PX) + 1, gh = Math.ceil(size.y / CELL_PX) + 1;
      var grid = new Float32Array(gw * gh);
      var reach = Math.ceil(r / CELL_PX), kernel = [];
      for (var dy = -reach; dy <= reach; dy++) {
        for (var dx = -reach; dx <= reach; dx++) {
          var d2 = (dx * dx + dy * dy) / (reach * reach);
          if (d2 < 1) kernel.push([dx, dy, (1 - d2) * (1 - d2)]);
        }
      }
      var points = this._source(), used = 0, most = 0, total = 0;
      for (var k = 0; k < points.length; k++) {
        var q = map.latLngToContainerPoint([points[k][0], points[k][1]]);
        if (q.x < -r || q.y < -r || q.x > size.x + r || q.y > size.y + r) continue;
        used++;
        total += points[k][2];
        var cx = Math.round(q.x / CELL_PX), cy = Math.round(q.y / CELL_PX), w = points[k][2];
        for (var j = 0; j < kernel.length; j++) {
          var x = cx + kernel[j][0], y = cy + kernel[j][1];
          if (x < 0 || y < 0 || x >= gw || y >= gh) continue;
          var at = y * gw + x;
          grid[at] += w * kernel[j][2];
          if (grid[at] > most) most = grid[at];
        }
      }
      this._drawn = used;
      this._weight = total;
      if (used === 0 || most <= 0) return 0;
      var small = this._small;
      small.width = gw;
      small.height = gh;
      var sctx = small.getContext("2d");
      var image = sctx.createImageData(gw, gh), px = image.data, palette = this._palette;
      var opacity = this.options.opacity;
      for (var i = 0; i < grid.length; i++) {
        if (grid[i] <= 0) continue;
        var t = Math.sqrt(grid[i] / most);
        var c = Math.min(255, Math.round(t * 255)) * 4;
        px[4 * i] = palette[c];
        px[4 * i + 1] = palette[c + 1];
        px[4 * i + 2] = palette[c + 2];
        px[4 * i + 3] = Math.round(255 * opacity * Math.min(1, 0.15 + 1.6 * t));
      }
      sctx.putImageData(image, 0, 0);
      var ctx = canvas.getContext("2d");
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(small, 0, 0, gw * CELL_PX, gh * CELL_PX);
      return used;
    },
  });

  window.sitmapLayers = { GLYPHS: GLYPHS, glyphPath: glyphPath, glyphNode: glyphNode,
    GlyphMarker: GlyphMarker, HeatLayer: HeatLayer, HEAT_STOPS: HEAT_STOPS,
    ICON_RIM: ICON_RIM };
})();
