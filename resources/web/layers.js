/* window.sitmapLayers: the map's optional layers (issue 15, "heat and size"), drawn on
 * Leaflet's own classes. After leaflet.js and util.js, before map.js.
 *
 *  - GLYPHS: one shape per event category, polygons in a 16 x 16 box written for this
 *    project (no icon font, no image): told apart by outline, not only by colour.
 *  - GlyphMarker: an L.CircleMarker that draws its category's shape on the canvas instead
 *    of a circle (same hit area, same style options); option glyph: a category name, or
 *    null for the plain circle.
 *  - glyphNode(name, color, px): the same shape as an inline SVG for the legend.
 *  - HeatLayer: a canvas overlay that stamps a blurred disc per weighted point and colours
 *    the summed density with a light-to-dark sequential ramp.
 * Nothing here reads article text; category names only select a shape from GLYPHS.
 */
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

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
    "armed clash/violence": [star(8, 8, 3.4)], // a burst
    "protest": [[[2, 0.5], [4.2, 0.5], [4.2, 1.8], [15, 1.8], [11.6, 5.6], [15, 9.4],
      [4.2, 9.4], [4.2, 15.5], [2, 15.5]]], // a flag on its pole
    "arrest": [[[2, 2], [14, 2], [14, 14], [2, 14]]], // a square
    "military deployment": [[[1.5, 1], [14.5, 1], [14.5, 8.5], [8, 15.5], [1.5, 8.5]]], // a shield
    "diplomacy/statement": [[[0.8, 1.8], [15.2, 1.8], [15.2, 11], [8, 11], [3.8, 15],
      [3.8, 11], [0.8, 11]]], // a speech bubble
    "disruption of services": [[[10, 0.3], [2.2, 9.3], [7.2, 9.3], [5.6, 15.7], [13.8, 6.2],
      [8.8, 6.2]]], // a lightning bolt
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
    path.setAttribute("stroke", "#1f2a33");
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

  // A canvas over the map: source() gives [[lat, lon, weight]...] (weight > 0); each point
  // in view stamps a blurred disc of options.radius pixels, its strength growing with the
  // log of its weight against the heaviest point in view; the summed strength picks the
  // colour. Redrawn by redraw() (the page calls it after each move and filter change);
  // drawn() is how many points the last drawing stamped.
  var HeatLayer = L.Layer.extend({
    options: { pane: "smHeat", radius: 24, opacity: 0.8 },

    initialize: function (source, options) {
      L.setOptions(this, options);
      this._source = source;
      this._drawn = 0;
      this._palette = null;
      this._stamp = null;
    },

    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "sm-heat leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";
      this._canvas.style.position = "absolute";
      map.getPane(this.options.pane).appendChild(this._canvas);
      map.on("resize", this.redraw, this);
      this.redraw();
    },

    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      this._canvas = null;
      this._drawn = 0;
      map.off("resize", this.redraw, this);
    },

    drawn: function () { return this._drawn; },

    _makeStamp: function (r) {
      var stamp = document.createElement("canvas");
      stamp.width = stamp.height = 2 * r;
      var ctx = stamp.getContext("2d");
      var disc = ctx.createRadialGradient(r, r, 0, r, r, r);
      disc.addColorStop(0, "rgba(0,0,0,1)");
      disc.addColorStop(0.45, "rgba(0,0,0,0.55)");
      disc.addColorStop(1, "rgba(0,0,0,0)");
      ctx.fillStyle = disc;
      ctx.fillRect(0, 0, 2 * r, 2 * r);
      return stamp;
    },

    redraw: function () {
      var map = this._map, canvas = this._canvas;
      if (!map || !canvas) return 0;
      var size = map.getSize(), r = this.options.radius;
      canvas.width = size.x;
      canvas.height = size.y;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      var ctx = canvas.getContext("2d");
      if (this._stamp === null) this._stamp = this._makeStamp(r);
      if (this._palette === null) this._palette = heatPalette();
      var points = this._source(), shown = [], most = 0;
      for (var k = 0; k < points.length; k++) {
        var q = map.latLngToContainerPoint([points[k][0], points[k][1]]);
        if (q.x < -r || q.y < -r || q.x > size.x + r || q.y > size.y + r) continue;
        shown.push([q.x, q.y, points[k][2]]);
        if (points[k][2] > most) most = points[k][2];
      }
      this._drawn = shown.length;
      if (shown.length === 0) return 0;
      var scale = Math.log(1 + most);
      for (k = 0; k < shown.length; k++) {
        ctx.globalAlpha = 0.25 + 0.75 * (Math.log(1 + shown[k][2]) / scale);
        ctx.drawImage(this._stamp, shown[k][0] - r, shown[k][1] - r);
      }
      var image = ctx.getImageData(0, 0, size.x, size.y), px = image.data;
      var palette = this._palette, opacity = this.options.opacity;
      for (var i = 3; i < px.length; i += 4) {
        var a = px[i];
        if (a === 0) continue;
        var at = a * 4;
        px[i - 3] = palette[at];
        px[i - 2] = palette[at + 1];
        px[i - 1] = palette[at + 2];
        px[i] = Math.min(255, 40 + a) * opacity;
      }
      ctx.putImageData(image, 0, 0);
      return this._drawn;
    },
  });

  window.sitmapLayers = { GLYPHS: GLYPHS, glyphPath: glyphPath, glyphNode: glyphNode,
    GlyphMarker: GlyphMarker, HeatLayer: HeatLayer, HEAT_STOPS: HEAT_STOPS };
})();
