/* sitmap annotations: what a briefer draws on the map (arrows, lines, areas, circles, text
 * labels, range rings), drawn with Leaflet's own layers, and the tools to draw and edit
 * them in the window.
 *
 * The annotations come as data (config.annotations, then sitmap.setAnnotations from the
 * window); labels are the user's text and reach the DOM only through textContent. Colours
 * are names looked up in the page's own palette (config.annotationColours), never CSS from
 * the data. The page never changes an annotation itself: a finished drawing or edit goes
 * to the window's bridge (annotationDrawn / annotationEdited, JSON text), which stores it
 * as an undoable step and sends the new list back.
 */
(function () {
  "use strict";

  var util = window.sitmapUtil;
  var el = util.el, isoToDay = util.isoToDay;
  var FALLBACK = "#111111";
  var ARROW_HEAD_PX = 22;
  // Points a drawing takes before it finishes by itself (0: until Enter, a double click or
  // finishDraw). A circle and a ring take their centre, then a point on their edge.
  var CLICKS = { arrow: 0, line: 0, polygon: 0, circle: 2, ring: 2, text: 1 };
  var FEWEST = { arrow: 2, line: 2, polygon: 3, circle: 2, ring: 2, text: 1 };
  var EARTH_M = 6371008.8;

  // Whether an annotation shows in scene sceneId (null: outside any scene: all do) over the
  // day range [from, to] (days since 1970, null: open).
  function shownOn(item, sceneId, from, to) {
    var scenes = item.scenes || [];
    if (sceneId !== null && scenes.length > 0 && scenes.indexOf(sceneId) < 0) return false;
    var range = item.range || [null, null];
    var start = isoToDay(range[0]), end = isoToDay(range[1]);
    if (start !== null && to !== null && to < start) return false;
    return !(end !== null && from !== null && from > end);
  }

  // Metres per unit of a ring's readout (sitmap.model.RING_UNITS).
  var UNITS = { km: 1000, nm: 1852, mi: 1609.344 };

  // "40 km", "850 m", "12.5 km", "21.6 nm", "25 mi": the distance a range ring's radius
  // stands for, in the ring's unit (kilometres when it names none the page knows).
  function distanceText(metres, unit) {
    if (!Object.prototype.hasOwnProperty.call(UNITS, unit)) unit = "km";
    if (unit === "km" && metres < 1000) return Math.round(metres) + " m";
    var value = metres / UNITS[unit];
    return (value < 10 ? Math.round(value * 10) / 10 : Math.round(value)) + " " + unit;
  }

  function clone(item) { return JSON.parse(JSON.stringify(item)); }

  // The point halfway along a line (by the map's projection at zoom 0, so on screen too).
  function halfway(map, pts) {
    var flat = pts.map(function (p) { return map.project(p, 0); });
    var total = 0, k;
    for (k = 1; k < flat.length; k++) total += flat[k].distanceTo(flat[k - 1]);
    var left = total / 2;
    for (k = 1; k < flat.length; k++) {
      var step = flat[k].distanceTo(flat[k - 1]);
      if (step >= left && step > 0) {
        var t = left / step;
        return map.unproject(L.point(flat[k - 1].x + t * (flat[k].x - flat[k - 1].x),
          flat[k - 1].y + t * (flat[k].y - flat[k - 1].y)), 0);
      }
      left -= step;
    }
    return L.latLng(pts[0]);
  }

  function northEdge(centre, radius) {
    return [Math.min(90, centre[0] + (radius / EARTH_M) * 180 / Math.PI), centre[1]];
  }

  // Drawing order: shaded shapes lowest, then rings, lines and arrows, text on top; within
  // a layer, the order they were drawn in.
  var LAYER = { polygon: 0, circle: 0, ring: 1, line: 2, arrow: 2, text: 3 };
  function stacked(list) {
    return list.map(function (item, k) { return [LAYER[item.kind] || 0, k, item]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (entry) { return entry[2]; });
  }

  // Enter and Escape go to the layer attached last: the page attaches a new one for new
  // data (sitmap.replaceData), and the document keeps no listener of the one before.
  var keyHandler = null;
  document.addEventListener("keydown", function (ev) {
    if (keyHandler !== null) keyHandler(ev);
  }, true);

  function attach(api, map) {
    var config = api.config;
    var palette = config.annotationColours || {};
    var items = (config.annotations || []).slice();
    var group = L.layerGroup().addTo(map);
    var handles = L.layerGroup().addTo(map);
    var sceneId = null;
    var selectedId = null;
    var drawing = null; // {kind, colour, dashed, points: [[lat, lon]...], preview}
    var drawn = {}; // id -> {shapes: [layers], label: node or null}
    var lastRange = "";
    // Only the window edits (its bridge stores the edits); the standalone export shows.
    var editable = config.controls !== true;

    function colourOf(item) { return palette[item.colour] || FALLBACK; }

    function byId(id) {
      for (var k = 0; k < items.length; k++) if (items[k].id === id) return items[k];
      return null;
    }

    function labelMarker(latlng, text, colour, extraClass) {
      var node = el("span", "sm-note-text" + (extraClass ? " " + extraClass : ""), text);
      node.style.color = colour;
      return L.marker(latlng, {
        icon: L.divIcon({ className: "sm-note-label", html: node, iconSize: null }),
        pane: "smNotes", interactive: false, keyboard: false,
      });
    }

    // The arrowhead at the last point, as a filled triangle of ARROW_HEAD_PX on screen.
    function arrowHead(points, style) {
      var n = points.length;
      var tip = map.latLngToLayerPoint(points[n - 1]);
      var from = map.latLngToLayerPoint(points[n - 2]);
      var dx = tip.x - from.x, dy = tip.y - from.y;
      var len = Math.sqrt(dx * dx + dy * dy) || 1;
      var ux = dx / len, uy = dy / len;
      var size = Math.min(ARROW_HEAD_PX, len * 0.8);
      var base = L.point(tip.x - ux * size, tip.y - uy * size);
      var left = L.point(base.x - uy * size * 0.55, base.y + ux * size * 0.55);
      var right = L.point(base.x + uy * size * 0.55, base.y - ux * size * 0.55);
      return L.polygon([points[n - 1], map.layerPointToLatLng(left), map.layerPointToLatLng(right)],
        L.extend({}, style, { dashArray: null, fillColor: style.color, fillOpacity: 1 }));
    }

    function shapesOf(item) {
      var colour = colourOf(item);
      var style = { pane: "smNotes", color: colour, weight: 4, opacity: 0.95,
        dashArray: item.dashed ? "12 9" : null, lineCap: "round", lineJoin: "round" };
      var pts = item.points;
      var shapes = [], anchor = null, text = item.label || "";
      if (item.kind === "line" || item.kind === "arrow") {
        shapes.push(L.polyline(pts, L.extend({ fill: false }, style)));
        if (item.kind === "arrow") shapes.push(arrowHead(pts, style));
        // The label sits above the arrow's tail, or above the middle of a line.
        anchor = item.kind === "arrow" ? pts[0] : halfway(map, pts);
      } else if (item.kind === "polygon") {
        shapes.push(L.polygon(pts, L.extend({ fillColor: colour, fillOpacity: 0.22 }, style)));
        anchor = L.latLngBounds(pts).getCenter();
      } else if (item.kind === "circle") {
        shapes.push(L.circle(pts[0], L.extend({ radius: item.radius, fillColor: colour,
          fillOpacity: 0.22 }, style)));
        anchor = northEdge(pts[0], item.radius);
      } else if (item.kind === "ring") {
        shapes.push(L.circle(pts[0], L.extend({ radius: item.radius, fill: false }, style,
          { weight: 3 })));
        shapes.push(L.circleMarker(pts[0], { pane: "smNotes", radius: 3, color: colour,
          fillColor: colour, fillOpacity: 1, weight: 1 }));
        // The distance readout on the ring's northern edge.
        anchor = northEdge(pts[0], item.radius);
        text = (text ? text + " · " : "") + distanceText(item.radius, item.unit);
      } else if (item.kind === "text") {
        anchor = pts[0];
      }
      return { shapes: shapes, anchor: anchor, text: text, colour: colour };
    }

    function visibleNow(item) {
      var range = api.getRange();
      return shownOn(item, sceneId, isoToDay(range[0]), isoToDay(range[1]));
    }

    function render() {
      group.clearLayers();
      drawn = {};
      stacked(items).forEach(function (item) {
        if (!visibleNow(item)) return;
        var made = shapesOf(item);
        var entry = { shapes: made.shapes, label: null };
        made.shapes.forEach(function (shape) {
          shape.on("click", function (ev) {
            if (drawing !== null || !editable) return;
            L.DomEvent.stopPropagation(ev);
            select(item.id);
          });
          group.addLayer(shape);
        });
        if (made.text && made.anchor !== null) {
          var marker = labelMarker(made.anchor, made.text, made.colour,
            item.kind === "text" ? "sm-note-callout"
              : item.kind === "polygon" ? "" : "sm-note-above");
          group.addLayer(marker);
          entry.label = marker;
        }
        drawn[item.id] = entry;
      });
      if (selectedId !== null && drawn[selectedId] === undefined) select(null);
      else showHandles();
    }

    // ---- selecting and editing ------------------------------------------------------

    function handle(latlng, className, onDrag, onDrop) {
      var marker = L.marker(latlng, {
        icon: L.divIcon({ className: "sm-note-handle " + className, iconSize: [14, 14] }),
        draggable: true, keyboard: false, pane: "smNoteHandles", zIndexOffset: 1000,
      });
      marker.on("drag", function () { onDrag(marker.getLatLng()); });
      marker.on("dragend", function () { onDrop(marker.getLatLng()); });
      handles.addLayer(marker);
      return marker;
    }

    function edited(item) {
      api.report("annotationEdited", JSON.stringify(item));
    }

    function moved(item, lat, lon) {
      // The whole shape follows its move handle (its first point, or centre).
      var copy = clone(item);
      var ref = item.kind === "polygon" || item.kind === "line" || item.kind === "arrow"
        ? L.latLngBounds(item.points).getCenter() : L.latLng(item.points[0]);
      var dLat = lat - ref.lat, dLon = lon - ref.lng;
      copy.points = item.points.map(function (p) {
        return [Math.max(-90, Math.min(90, p[0] + dLat)), Math.max(-180, Math.min(180, p[1] + dLon))];
      });
      return copy;
    }

    function withVertex(item, index, lat, lon) {
      var copy = clone(item);
      if ((item.kind === "circle" || item.kind === "ring") && index === 1) {
        copy.radius = Math.max(1, map.distance(item.points[0], [lat, lon]));
      } else {
        copy.points[index] = [lat, lon];
      }
      return copy;
    }

    function edgePoint(item) {
      var c = item.points[0];
      var dLon = (item.radius / (EARTH_M * Math.cos(c[0] * Math.PI / 180))) * 180 / Math.PI;
      return [c[0], Math.max(-180, Math.min(180, c[1] + dLon))];
    }

    function showHandles() {
      handles.clearLayers();
      var item = selectedId === null ? null : byId(selectedId);
      if (item === null) return;
      var entry = drawn[item.id];
      if (entry) entry.shapes.forEach(function (s) { if (s.setStyle) s.setStyle({ weight: 6 }); });
      var round = item.kind === "circle" || item.kind === "ring";
      var vertices = round ? [item.points[0], edgePoint(item)] : item.points;
      vertices.forEach(function (p, index) {
        if (round && index === 0) return; // the centre moves the whole circle
        handle(p, "sm-note-vertex", function () {}, function (ll) {
          edited(withVertex(item, index, ll.lat, ll.lng));
        });
      });
      var centre = round || item.kind === "text" ? item.points[0]
        : L.latLngBounds(item.points).getCenter();
      handle(centre, "sm-note-move", function () {}, function (ll) {
        edited(moved(item, ll.lat, ll.lng));
      });
    }

    function select(id) {
      selectedId = !editable || id === null || id === undefined || byId(id) === null ? null : id;
      Object.keys(drawn).forEach(function (k) {
        drawn[k].shapes.forEach(function (s) { if (s.setStyle) s.setStyle({ weight: 4 }); });
      });
      showHandles();
      api.report("annotationSelected", selectedId === null ? "" : String(selectedId));
      return selectedId !== null;
    }

    // ---- drawing ----------------------------------------------------------------------

    function clearPreview() {
      if (drawing !== null && drawing.preview !== null) map.removeLayer(drawing.preview);
      if (drawing !== null) drawing.preview = null;
    }

    function preview(extra) {
      clearPreview();
      var pts = drawing.points.concat(extra ? [extra] : []);
      if (pts.length === 0) return;
      var colour = palette[drawing.colour] || FALLBACK;
      var style = { pane: "smNotes", color: colour, weight: 3, opacity: 0.7, dashArray: "4 6",
        interactive: false };
      if ((drawing.kind === "circle" || drawing.kind === "ring") && pts.length === 2) {
        drawing.preview = L.circle(pts[0], L.extend({ radius: map.distance(pts[0], pts[1]),
          fill: false }, style));
      } else if (pts.length === 1) {
        drawing.preview = L.circleMarker(pts[0], L.extend({ radius: 4 }, style));
      } else {
        drawing.preview = L.polyline(pts, style);
      }
      drawing.preview.addTo(map);
    }

    function stopDrawing() {
      clearPreview();
      drawing = null;
      map.getContainer().style.cursor = "";
      map.doubleClickZoom.enable();
    }

    // The drawing so far, finished: sent to the window. False when it has too few points.
    function finish() {
      if (drawing === null || drawing.points.length < FEWEST[drawing.kind]) return false;
      var d = drawing, pts = d.points;
      var shape = { kind: d.kind, points: pts, colour: d.colour, dashed: d.dashed,
        radius: null, label: "", scenes: [], range: [null, null] };
      if (d.kind === "circle" || d.kind === "ring") {
        shape.points = [pts[0]];
        shape.radius = Math.max(1, map.distance(pts[0], pts[1]));
      }
      stopDrawing();
      api.report("annotationDrawn", JSON.stringify(shape));
      return true;
    }

    function addPoint(lat, lon) {
      if (drawing === null) return false;
      var last = drawing.points[drawing.points.length - 1];
      // The second click of a double click adds no second point.
      if (last && last[0] === lat && last[1] === lon) return true;
      drawing.points.push([lat, lon]);
      if (CLICKS[drawing.kind] > 0 && drawing.points.length >= CLICKS[drawing.kind]) finish();
      else preview(null);
      return true;
    }

    map.on("click", function (ev) { if (drawing !== null) addPoint(ev.latlng.lat, ev.latlng.lng); });
    map.on("dblclick", function () { if (drawing !== null) finish(); });
    map.on("mousemove", function (ev) {
      if (drawing !== null && drawing.points.length > 0) preview([ev.latlng.lat, ev.latlng.lng]);
    });
    map.on("zoomend", render);
    keyHandler = function (ev) {
      if (drawing === null) return;
      if (ev.key === "Enter") finish();
      else if (ev.key === "Escape") stopDrawing();
      else return;
      ev.preventDefault();
      ev.stopPropagation();
    };

    api.onChange(function () {
      var key = JSON.stringify(api.getRange());
      if (key !== lastRange) { lastRange = key; render(); }
    });

    // Extensions of window.sitmap (docs/design.md, "The map page contract").
    api.setAnnotations = function (list) {
      items = Array.isArray(list) ? list.slice() : [];
      render();
      return items.length;
    };
    // What is on the map now: one entry per annotation, shown or not.
    api.annotations = function () {
      return items.map(function (item) {
        var entry = drawn[item.id];
        return { id: item.id, kind: item.kind, label: item.label, colour: item.colour,
          hex: colourOf(item), dashed: item.dashed === true, shown: entry !== undefined,
          points: item.points, radius: item.radius, unit: item.unit || "km",
          dashArray: entry && entry.shapes.length ? entry.shapes[0].options.dashArray || null : null };
      });
    };
    // The text of every annotation label on the map, as the DOM shows it.
    api.annotationLabels = function () {
      return Array.prototype.map.call(
        map.getPane("smNotes").querySelectorAll(".sm-note-text"),
        function (node) { return node.textContent; });
    };
    api.setAnnotationScene = function (id) {
      sceneId = typeof id === "number" && isFinite(id) ? id : null;
      render();
      return sceneId;
    };
    api.annotationScene = function () { return sceneId; };
    // Start drawing a shape of kind with style {colour, dashed}: each click adds a point.
    api.startDraw = function (kind, style) {
      if (!(kind in CLICKS)) return false;
      if (drawing !== null) stopDrawing();
      select(null);
      style = style || {};
      drawing = { kind: kind, colour: String(style.colour || "red"), dashed: style.dashed === true,
        points: [], preview: null };
      map.getContainer().style.cursor = "crosshair";
      map.doubleClickZoom.disable();
      return true;
    };
    api.drawing = function () { return drawing === null ? null : drawing.kind; };
    // A point of the drawing, as a click at lat, lon adds it (scripts and tests).
    api.drawPoint = function (lat, lon) { return addPoint(Number(lat), Number(lon)); };
    api.finishDraw = finish;
    api.cancelDraw = function () { stopDrawing(); };
    api.selectAnnotation = select;
    api.selectedAnnotation = function () { return selectedId; };
    // Drop the selected annotation's vertex index (for a circle or ring: 1, its edge) at
    // lat, lon, or its move handle (index "move"), as dragging the handle there does.
    api.dragHandle = function (index, lat, lon) {
      var item = selectedId === null ? null : byId(selectedId);
      if (item === null) return false;
      edited(index === "move" ? moved(item, lat, lon) : withVertex(item, index, lat, lon));
      return true;
    };
    render();
  }

  // Not a panel (config.panels): every page has the layer; map.js lays it out and attaches it.
  window.sitmapAnnotationLayer = {
    // Annotations lie above the event marks; their handles above everything.
    layout: function (config, map) {
      map.createPane("smNotes").style.zIndex = 440;
      map.createPane("smNoteHandles").style.zIndex = 660;
      return map;
    },
    attach: attach,
  };
})();
