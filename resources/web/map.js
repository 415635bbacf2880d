/* sitmap map page: events from one JSON blob, drawn on canvas, filtered by diffing.
 *
 * The Leaflet view over window.sitmapCore (loaded after leaflet.js, util.js, core.js);
 * sitmapInit(map, data, config) is called by the page's own script once folium has
 * created the map. Defines window.sitmap (see docs/design.md, "The map page contract").
 * Article text is untrusted: it only ever reaches the DOM through textContent /
 * createTextNode.
 */
(function () {
  "use strict";

  var util = window.sitmapUtil, core = window.sitmapCore, extra = window.sitmapLayers;
  var el = util.el, dayToIso = util.dayToIso;
  var CLUSTER_MAX_ZOOM = core.CLUSTER_MAX_ZOOM;
  var AREA_RADIUS_M = { region: 90000, country: 300000 };
  // How a mark with a corrected event looks (the legend's key draws the same).
  var CORRECTED_COLOR = "#1f2a33";
  var CORRECTED_POINT_DASH = "3 2";
  var CORRECTED_AREA_DASH = "1 4";
  var HIGHLIGHT_COLOR = "#f1c40f";
  var DRAG_THRESHOLD_PX = 4;
  var countryShapes = {}; // ISO alpha-2 -> basemap feature, for country-wide events
  var legendNode = null; // the legend's <details>, once the page has one
  var keyNode = null; // the legend as one line, shown instead while presenting
  var chipNode = null; // the active filter in words, for an audience
  var legendChosen = false; // the user folded or unfolded the legend: it stays so
  var legendReport = null; // tells the window the user's fold (open: bool), to keep it
  // An open legend may take at most this share of the map's width and height; else it
  // starts folded (one small "Legend" button).
  var LEGEND_MAX_SHARE = { x: 0.32, y: 0.5 };
  // The popup's line for a place the sentence does not name (the row's place_basis).
  var BASIS_NOTES = {
    inherited: "place inherited from an earlier sentence",
    article: "place: the article's main place (the sentence names none)",
    national: "place: the country (a national act; the sentence names no place)"
  };
  var FRAME_GAP_PX = 12;
  // Marks sized by casualties (killed + injured): the radius grows with the square root,
  // so a mark's area is proportional to its count; a mark without casualties is a dot.
  // With category icons on, the scale starts at the icon's own radius (ICON_MIN_PX) and
  // grows by the same steps from there: an icon is at least 16 px across, so a scale that
  // started lower would draw every total below about 28 the same size as the icon.
  var SIZE_PX_PER_SQRT = 1.5;
  var SIZE_MIN_PX = 4;
  var SIZE_NONE_PX = 3;
  // An icon is never drawn smaller than 16 px across (its radius 8).
  var ICON_MIN_PX = 8;
  var LAYER_KEYS = ["heat", "sized", "icons"];
  var LAYER_NAMES = { heat: "Heatmap (events)", sized: "Marks sized by casualties",
    icons: "Category icons" };

  // The radius in pixels of a mark standing for this many casualties (icons: category
  // icons are on, the scale starts at the icon's radius).
  function sizeRadius(casualties, icons) {
    if (icons) {
      return ICON_MIN_PX + (casualties > 0 ? SIZE_PX_PER_SQRT * Math.sqrt(casualties) : 0);
    }
    return casualties > 0 ? Math.max(SIZE_MIN_PX, SIZE_PX_PER_SQRT * Math.sqrt(casualties))
      : SIZE_NONE_PX;
  }

  // The largest circle the size legend draws (its radius in pixels): a scale of a marks's
  // real size up to 1,000 or more casualties would take a third of a small map; the areas
  // grow with the count, so the smaller references read the larger marks too.
  var SIZE_LEGEND_MAX_PX = 24;
  // With icons the scale starts at the icon's radius, so the same references draw larger:
  // the legend keeps to a smaller largest circle, about as tall as without icons.
  var SIZE_LEGEND_MAX_ICONS_PX = 18;
  // The largest count is added to the references only when it draws at least this many
  // pixels (radius) larger than the last round one: a step the eye cannot see is no step.
  var SIZE_LEGEND_STEP_PX = 1.5;

  // Up to three round reference counts for the size legend, the largest not above max and
  // none drawn larger than SIZE_LEGEND_MAX_PX (SIZE_LEGEND_MAX_ICONS_PX with icons on).
  function sizeReferences(max, icons) {
    var limit = icons ? SIZE_LEGEND_MAX_ICONS_PX : SIZE_LEGEND_MAX_PX;
    var fits = function (v) { return sizeRadius(v, icons) <= limit; };
    var refs = [1, 10, 100, 1000, 10000, 100000].filter(function (v) {
      return v <= max && fits(v);
    });
    refs = refs.slice(-3);
    var last = refs[refs.length - 1];
    if (refs.length > 0 && refs.length < 3 && max > last && fits(max) &&
        sizeRadius(max, icons) - sizeRadius(last, icons) >= SIZE_LEGEND_STEP_PX) {
      refs.push(max);
    }
    return refs;
  }
  var WEB_URL = /^https?:\/\/[^\s]/i;

  // The legend as it is drawn now: the one-line key while presenting, else the legend;
  // null when neither takes room.
  function legendShown() {
    var node = document.body.classList.contains("sitmap-presenting") && keyNode !== null
      ? keyNode : legendNode;
    if (node === null) return null;
    var box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0 ? node : null;
  }

  // Fold the legend on a map where, open, it would hide too much of the data; unfold it
  // again when the map grows, until the user folds or unfolds it.
  function fitLegend(map) {
    if (legendNode === null || legendChosen) return;
    var size = map.getSize();
    legendNode.open = true;
    legendNode.open = legendNode.offsetWidth <= LEGEND_MAX_SHARE.x * size.x &&
      legendNode.offsetHeight <= LEGEND_MAX_SHARE.y * size.y;
  }

  // The fold the user chose (kept by the window across page rebuilds and restarts): from
  // now on a resize no longer folds or unfolds the legend. False when there is no legend.
  function setLegendOpen(open) {
    if (legendNode === null) return false;
    legendChosen = true;
    legendNode.open = open === true;
    return true;
  }

  // fitBounds padding that keeps what is framed out from under the legend (bottom right):
  // the legend's width on the right or its height at the bottom, whichever leaves more map.
  function framePadding(map) {
    var pad = { paddingTopLeft: [FRAME_GAP_PX, FRAME_GAP_PX],
      paddingBottomRight: [FRAME_GAP_PX, FRAME_GAP_PX] };
    var shown = legendShown();
    if (shown === null) return pad;
    var size = map.getSize();
    var box = shown.getBoundingClientRect();
    var origin = map.getContainer().getBoundingClientRect();
    var right = origin.right - box.left + FRAME_GAP_PX;
    var bottom = origin.bottom - box.top + FRAME_GAP_PX;
    if (right / size.x <= bottom / size.y) pad.paddingBottomRight[0] = right;
    else pad.paddingBottomRight[1] = bottom;
    return pad;
  }

  // Pan the map (without animation) so the container point of latlng is not under the
  // legend, moving it left or up, whichever is less.
  function clearOfLegend(map, latlng) {
    var shown = legendShown();
    if (shown === null) return;
    var box = shown.getBoundingClientRect();
    var origin = map.getContainer().getBoundingClientRect();
    var p = map.latLngToContainerPoint(latlng);
    var left = box.left - origin.left - FRAME_GAP_PX, top = box.top - origin.top - FRAME_GAP_PX;
    if (p.x <= left || p.y <= top) return;
    var dx = p.x - left, dy = p.y - top;
    map.panBy(dx <= dy ? [dx, 0] : [0, dy], { animate: false });
  }

  function init(map, data, config) {
    var S = data.strings;
    var n = data.id.length;
    var categories = config.categories; // [{name, color}]
    var kinds = data.kinds, roles = data.roles;
    var filter = core.makeFilter(data, categories, config.filter.showBackground);
    var isBackground = filter.isBackground;
    var bridge = null;
    var listeners = [];

    var grouped = core.groupSpots(data);
    var spots = grouped.spots, spotOf = grouped.spotOf;
    spots.forEach(function (sp) {
      sp.layer = null; sp.styleKey = ""; sp.look = null; sp.corrected = false;
    });
    var idIndex = {};
    for (var i = 0; i < n; i++) idIndex[data.id[i]] = i;

    var visible = new Uint8Array(n);
    var visibleTotal = 0;

    // Casualties per event (data.cas: sparse, row -> killed + injured).
    var hurtOf = new Float64Array(n), hurtMax = 0;
    Object.keys(data.cas || {}).forEach(function (row) {
      var k = Number(row), v = Number(data.cas[row]);
      if (k >= 0 && k < n && v > 0 && isFinite(v)) {
        hurtOf[k] = v;
        if (v > hurtMax) hurtMax = v;
      }
    });
    function spotCasualties(sp) {
      var total = 0;
      for (var k = 0; k < sp.visible.length; k++) total += hurtOf[sp.visible[k]];
      return total;
    }
    // The optional layers (heatmap, sized marks, icons), as config.layers starts them.
    var layers = { heat: false, sized: false, icons: false };
    LAYER_KEYS.forEach(function (key) {
      layers[key] = !!(config.layers && config.layers[key] === true);
    });
    map.createPane("smHeat").style.zIndex = 400;
    map.getPane("smHeat").style.pointerEvents = "none";
    // What the heat layer sums: each visible point place (weight: its visible events), and
    // the density layer's bins or points when the page draws those (density.js). Regions
    // and countries stay out: their events lie anywhere in an area the map outlines, and
    // summed at its centre they would make a hot spot where nothing is known to happen.
    var heatLayer = new extra.HeatLayer(function () {
      var out = [];
      // While the density layer's bins stand for this page's own events (a large
      // export's carried points, ownEvents false), they are summed there, not twice.
      for (var s = 0; s < (ownShown ? spots.length : 0); s++) {
        if (!spots[s].area && spots[s].visible.length > 0) out.push([spots[s].lat, spots[s].lon, spots[s].visible.length]);
      }
      return api.densityHeat ? out.concat(api.densityHeat()) : out;
    });
    // Stand-ins the layer control switches (heat is also the drawn layer's switch).
    var layerToggles = {};
    var syncing = false;
    LAYER_KEYS.forEach(function (key) {
      var toggle = L.layerGroup();
      toggle.on("add", function () { if (!syncing) chooseLayer(key, true); });
      toggle.on("remove", function () { if (!syncing) chooseLayer(key, false); });
      layerToggles[key] = toggle;
    });
    var layerListeners = [];
    // The user switched a layer in the layer control: apply it and tell the window.
    function chooseLayer(key, on) {
      var change = {};
      change[key] = on;
      api.setLayers(change);
      api.report("layersChosen", JSON.stringify(api.layers()));
    }
    function syncToggles() {
      syncing = true;
      LAYER_KEYS.forEach(function (key) {
        var has = map.hasLayer(layerToggles[key]);
        if (layers[key] && !has) layerToggles[key].addTo(map);
        if (!layers[key] && has) map.removeLayer(layerToggles[key]);
      });
      var heatOn = map.hasLayer(heatLayer);
      if (layers.heat && !heatOn) heatLayer.addTo(map);
      if (!layers.heat && heatOn) map.removeLayer(heatLayer);
      syncing = false;
    }

    var areaRenderer = L.canvas({ pane: "smAreas", padding: 0.5 });
    var pointRenderer = L.canvas({ pane: "smPoints", padding: 0.5, tolerance: 3 });
    var areaLayer = L.layerGroup().addTo(map);
    var pointLayer = L.layerGroup().addTo(map);
    var clusterLayer = L.layerGroup().addTo(map);
    var sizedClusterLayer = L.layerGroup().addTo(map);
    // Whether the page draws its own events (marks, areas, clusters); false while the
    // density layer counts them into its bins instead (sitmap.showOwnEvents).
    var ownShown = true;
    var sizedClusters = []; // [{count, casualties}] of the clusters drawn sized
    var highlightLayer = L.layerGroup().addTo(map);
    var highlighted = []; // event ids ringed by highlight()
    var clusters = {}; // cell key -> {marker, count}
    var shownPoints = {}; // spot index -> true for point spots drawn individually
    var popupSpot = -1;
    var popupEvent = -1; // the event the open popup shows
    var dayCache = { key: null, counts: null };
    var readyMs = -1; // milliseconds from navigation start to markers on the map
    var framed = null; // the view fitEvents set, while the user has not moved away from it
    var picking = null; // the one-time click handler startPick() put on the map
    var pickedSpot = null; // [lat, lon] of the click it caught

    // An area's circle: its own size when the data gives one, else the kind's default.
    function areaRadius(sp) {
      return sp.radius > 0 ? sp.radius : AREA_RADIUS_M[sp.kind];
    }

    function spotStyle(sp) {
      // Colour of the most frequent visible category; faded when only background remains.
      var counts = {}, best = -1, bestCount = 0, foreground = false, corrected = false;
      for (var k = 0; k < sp.visible.length; k++) {
        var e = sp.visible[k];
        var c = data.cat[e];
        counts[c] = (counts[c] || 0) + 1;
        if (counts[c] > bestCount) { bestCount = counts[c]; best = c; }
        if (!isBackground(e)) foreground = true;
        if (data.corr[e] === 1) corrected = true;
      }
      var color = categories[best].color;
      var count = sp.visible.length;
      if (sp.area) {
        // A corrected area keeps its colour and gets a heavier dotted outline.
        return {
          key: color + foreground + count + corrected,
          corrected: corrected,
          style: {
            renderer: areaRenderer, radius: areaRadius(sp), color: color,
            weight: corrected ? 2.5 : foreground ? 1.5 : 1,
            opacity: corrected ? 0.95 : foreground ? 0.8 : 0.35,
            dashArray: corrected ? CORRECTED_AREA_DASH : "5 4", fillColor: color,
            // A whole country tinted strongly would read as sea or as a claim about all of it.
            fillOpacity: sp.kind === "country"
              ? Math.min(0.12, (foreground ? 0.05 : 0.02) + 0.01 * Math.log2(count))
              : Math.min(0.22, (foreground ? 0.07 : 0.03) + 0.015 * Math.log2(count)),
          },
        };
      }
      // A corrected point trades its white rim for a dark dashed ring; an icon has a dark
      // rim (extra.ICON_RIM: white melts into the basemap), heavier and dashed if corrected.
      var radius = 5 + 1.6 * Math.log2(count), hurt = 0;
      var glyph = layers.icons ? categories[best].name : null;
      if (layers.sized) {
        hurt = spotCasualties(sp);
        radius = sizeRadius(hurt, glyph !== null);
      }
      if (glyph !== null) radius = Math.max(radius, ICON_MIN_PX);
      return {
        key: color + foreground + count + corrected + radius + glyph,
        corrected: corrected,
        casualties: hurt,
        style: {
          glyph: glyph, fillOpacity: layers.sized && !glyph ? (foreground ? 0.7 : 0.3)
            : foreground ? 0.92 : 0.3,
          renderer: pointRenderer, radius: radius,
          color: corrected ? CORRECTED_COLOR : glyph !== null ? extra.ICON_RIM : "#ffffff",
          weight: corrected ? 2.5 : glyph !== null ? 1 : 1.5,
          dashArray: corrected ? CORRECTED_POINT_DASH : null,
          opacity: foreground ? 1 : 0.6, fillColor: color,
        },
      };
    }

    function ensureLayer(sp, index) {
      var look = spotStyle(sp);
      if (sp.layer === null) {
        var latlng = [sp.lat, sp.lon];
        var shape = sp.kind === "country" ? countryShapes[sp.cc] : undefined;
        // A country-wide event covers the country's outline; a region, a circle of about
        // its size (the basemap has region borders, not region shapes).
        if (shape !== undefined) {
          sp.layer = L.geoJSON(shape, { renderer: areaRenderer, style: look.style });
        }
        else if (sp.area) sp.layer = L.circle(latlng, look.style);
        else sp.layer = new extra.GlyphMarker(latlng, look.style);
        sp.layer.on("click", function () { openSpot(index, 0, true); });
        if (!sp.area) sp.layer.on("mousedown", function (ev) { startPinDrag(index, ev); });
      } else if (look.key !== sp.styleKey) {
        sp.layer.setStyle(look.style);
        if (sp.layer.setRadius) sp.layer.setRadius(look.style.radius);
      }
      sp.styleKey = look.key;
      sp.corrected = look.corrected;
      sp.casualties = look.casualties || 0;
      sp.look = look.style;
      return sp.layer;
    }

    function refilter() {
      visibleTotal = core.applyFilter(filter, spots, spotOf, visible);
    }

    function draw() {
      var zoom = map.getZoom();
      var bounds = map.getBounds().pad(0.5);
      var south = bounds.getSouth(), north = bounds.getNorth();
      var west = bounds.getWest(), east = bounds.getEast();
      function inView(sp) {
        if (sp.lat < south || sp.lat > north) return false;
        return east - west >= 360 || (sp.lon >= west && sp.lon <= east);
      }
      for (var s = 0; s < spots.length; s++) {
        var sp = spots[s];
        if (!sp.area) continue;
        var shown = sp.layer !== null && areaLayer.hasLayer(sp.layer);
        if (sp.visible.length > 0) {
          var layer = ensureLayer(sp, s);
          if (!shown) areaLayer.addLayer(layer);
        } else if (shown) {
          areaLayer.removeLayer(sp.layer);
        }
      }
      var grid = core.gridCells(spots, zoom, inView);
      // With marks sized by casualties a cluster is a circle sized by its casualties; with
      // the heatmap alone the heat stands in for the count bubbles.
      var wantPoints = grid.points;
      var wantClusters = layers.sized || layers.heat ? {} : grid.clusters;
      drawSizedClusters(layers.sized ? grid.clusters : {});
      var k, cl;
      // Diff: touch only the markers whose presence or look changed.
      for (var p in shownPoints) {
        if (!wantPoints[p]) { pointLayer.removeLayer(spots[p].layer); delete shownPoints[p]; }
      }
      for (p in wantPoints) {
        var layerP = ensureLayer(spots[p], +p);
        if (!shownPoints[p]) { pointLayer.addLayer(layerP); shownPoints[p] = true; }
      }
      for (k in clusters) {
        if (!wantClusters[k]) { clusterLayer.removeLayer(clusters[k].marker); delete clusters[k]; }
      }
      for (k in wantClusters) {
        cl = wantClusters[k];
        var center = [cl.lat / cl.count, cl.lon / cl.count];
        var have = clusters[k];
        var mix = clusterMix(cl.spots), mixKey = mix.join(",");
        if (have === undefined) {
          have = clusters[k] = { marker: L.marker(center, { icon: clusterIcon(cl.count, mix),
            keyboard: false, title: clusterTitle(cl.count, mix) }), count: cl.count,
            mixKey: mixKey };
          have.marker.on("click", zoomToCluster);
          clusterLayer.addLayer(have.marker);
        } else {
          have.marker.setLatLng(center);
          if (have.count !== cl.count || have.mixKey !== mixKey) {
            have.marker.setIcon(clusterIcon(cl.count, mix));
            have.count = cl.count;
            have.mixKey = mixKey;
          }
        }
        have.mix = mix;
        have.marker.sitmapSpots = cl.spots;
      }
      // A popup goes with its mark: when the place is filtered out, or merged into a
      // cluster (or out of view) it would point at nothing the user can see.
      if (popupSpot >= 0) {
        var open = spots[popupSpot];
        if (open.area ? open.visible.length === 0 : shownPoints[popupSpot] !== true) map.closePopup();
      }
      if (frameNotice !== null) showFrameNotice();
      if (layers.heat) heatLayer.redraw();
      publish();
    }

    // Clusters as circles sized by the casualties of their visible events (sized marks):
    // the main category's colour, a dark rim (several places: a click zooms in).
    function drawSizedClusters(wanted) {
      sizedClusterLayer.clearLayers();
      sizedClusters = [];
      // The largest first, so a small circle is never hidden under a large one.
      var order = Object.keys(wanted).map(function (key) {
        var hurt = 0;
        wanted[key].spots.forEach(function (s) { hurt += spotCasualties(spots[s]); });
        return [key, hurt];
      }).sort(function (a, b) { return b[1] - a[1]; });
      for (var o = 0; o < order.length; o++) {
        var cl = wanted[order[o][0]], hurt = order[o][1], mix = clusterMix(cl.spots), best = 0;
        mix.forEach(function (v, c) { if (v > mix[best]) best = c; });
        var mark = L.circleMarker([cl.lat / cl.count, cl.lon / cl.count], {
          renderer: pointRenderer, radius: sizeRadius(hurt, layers.icons), color: CORRECTED_COLOR,
          weight: 1.5, opacity: 0.9, fillColor: categories[best].color, fillOpacity: 0.55,
        });
        mark.sitmapSpots = cl.spots;
        mark.on("click", zoomToCluster);
        mark.bindTooltip(el("span", "", clusterTitle(cl.count, mix) + " · casualties: " + hurt));
        sizedClusterLayer.addLayer(mark);
        sizedClusters.push({ count: cl.count, casualties: hurt });
      }
    }

    // The visible events of a cluster's spots per category (index as in categories).
    function clusterMix(list) {
      var mix = categories.map(function () { return 0; });
      for (var j = 0; j < list.length; j++) {
        var vis = spots[list[j]].visible;
        for (var e = 0; e < vis.length; e++) mix[data.cat[vis[e]]]++;
      }
      return mix;
    }

    // A ring around the count, each category's share of it in the category's colour.
    function mixGradient(mix, count) {
      var stops = [], at = 0;
      mix.forEach(function (n, c) {
        if (n === 0) return;
        var to = at + (360 * n) / count;
        stops.push(categories[c].color + " " + at.toFixed(1) + "deg " + to.toFixed(1) + "deg");
        at = to;
      });
      return "conic-gradient(" + stops.join(", ") + ")";
    }

    function clusterTitle(count, mix) {
      var parts = [];
      mix.forEach(function (n, c) { if (n > 0) parts.push(categories[c].name + " " + n); });
      return count + " events (" + parts.join(", ") + "): click to zoom in";
    }

    function clusterIcon(count, mix) {
      var size = count < 10 ? 28 : count < 100 ? 34 : count < 1000 ? 40 : 46;
      var ring = el("div", "sm-cluster-mix");
      ring.style.background = mixGradient(mix, count);
      ring.appendChild(el("div", "sm-cluster-inner", count >= 10000 ? Math.round(count / 1000) + "k" : count));
      return L.divIcon({ html: ring, className: "sm-cluster", iconSize: [size, size] });
    }

    function zoomToCluster(ev) {
      var list = ev.target.sitmapSpots || [];
      var b = L.latLngBounds(list.map(function (s) { return [spots[s].lat, spots[s].lon]; }));
      map.fitBounds(b.pad(0.2), L.extend({ maxZoom: CLUSTER_MAX_ZOOM + 2 }, framePadding(map)));
    }

    // ---- popups ---------------------------------------------------------------------

    function formatDate(i) {
      if (data.d0[i] === null) return "date unknown";
      var a = dayToIso(data.d0[i]), b = dayToIso(data.d1[i]);
      return a === b ? a : a + " – " + b;
    }

    function passageNode(i) {
      var text = S[data.passage[i]];
      var a = data.hl0[i], b = data.hl1[i];
      var node = el("blockquote", "sm-passage");
      if (a === null || b === null || a < 0 || b > text.length || a >= b) {
        node.textContent = text;
        return node;
      }
      node.appendChild(document.createTextNode(text.slice(0, a)));
      node.appendChild(el("mark", "", text.slice(a, b)));
      node.appendChild(document.createTextNode(text.slice(b)));
      return node;
    }

    // The events a popup pages through: those shown at the place, or all of them when the
    // one asked for is filtered out (a table row can name an event the map hides).
    function popupContent(s, page, list) {
      var sp = spots[s];
      page = Math.max(0, Math.min(page, list.length - 1));
      var i = list[page];
      var cat = categories[data.cat[i]];
      var root = el("div", "sm-popup");
      root.setAttribute("data-event-id", data.id[i]);
      var head = el("div", "sm-head");
      var swatch = el("span", "sm-swatch");
      swatch.style.background = cat.color;
      head.appendChild(swatch);
      head.appendChild(el("span", "sm-cat", cat.name));
      if (isBackground(i)) {
        var role = roles[data.role[i]] === "event" ? "" : roles[data.role[i]];
        if (data.dem !== undefined && data.dem[i] === 1) {
          role = role ? role + ", named by a demonym" : "named by a demonym";
        }
        head.appendChild(el("span", "sm-role", role));
      }
      if (data.corr[i] === 1) head.appendChild(el("span", "sm-corrected", "corrected"));
      root.appendChild(head);
      // The name and its region and country, as the table shows it (events.place_label).
      var context = data.context !== undefined ? S[data.context[i]] : "";
      var place = el("div", "sm-place", S[data.place[i]] + (context ? " (" + context + ")" : ""));
      place.appendChild(el("span", "sm-kind", " · " + kinds[data.kind[i]] +
        (sp.area ? " (approximate area)" : "")));
      root.appendChild(place);
      // A sentence that names no place took it from elsewhere: say so (events._placeless).
      var basis = data.basis !== undefined ? S[data.basis[i]] : "";
      if (Object.prototype.hasOwnProperty.call(BASIS_NOTES, basis)) {
        root.appendChild(el("div", "sm-basis", BASIS_NOTES[basis]));
      }
      var when = formatDate(i) + " · " + data.precisions[data.prec[i]] + " precision";
      if (S[data.dateText[i]]) when += " · “" + S[data.dateText[i]] + "”";
      root.appendChild(el("div", "sm-date", when));
      root.appendChild(passageNode(i));
      if (S[data.figures[i]]) root.appendChild(el("div", "sm-figures", S[data.figures[i]]));
      // The review queue's doubt about the row (events._review), for the analyst; hidden
      // while presenting (map.css).
      if (data.risk !== undefined && data.risk[i] > 0) {
        var why = data.reasons !== undefined ? S[data.reasons[i]] : "";
        root.appendChild(el("div", "sm-review", "review risk " + data.risk[i].toFixed(2) +
          (why ? " · " + why : "")));
      }
      root.appendChild(el("div", "sm-title", S[data.title[i]]));
      var sources = el("div", "sm-sources", "Source: " + S[data.sources[i]]);
      var link = sourceLink(data.url !== undefined ? S[data.url[i]] : "");
      if (link !== null) {
        sources.appendChild(document.createTextNode(" · "));
        sources.appendChild(link);
      }
      root.appendChild(sources);
      // A merged event: what each other source said, in its own words.
      var others = (data.others || {})[i];
      if (others !== undefined && others.length > 0) {
        var also = el("div", "sm-others");
        also.appendChild(el("div", "sm-others-head", "Also reported:"));
        others.forEach(function (t) { also.appendChild(el("blockquote", "sm-passage sm-other", S[t])); });
        root.appendChild(also);
      }
      var foot = el("div", "sm-foot");
      // An event from an event table (ACLED, a colleague's CSV) has no article to open.
      if (bridge !== null && (data.art === undefined || data.art[i] === 1)) {
        var open = el("a", "sm-open", "Open in article");
        open.href = "#";
        open.addEventListener("click", function (ev) {
          ev.preventDefault();
          bridge.openArticle(data.id[i]);
        });
        foot.appendChild(open);
      }
      if (list.length > 1) {
        var pager = el("span", "sm-pager");
        var prev = el("button", "sm-prev", "‹");
        var next = el("button", "sm-next", "›");
        prev.type = next.type = "button";
        prev.title = "previous event here";
        next.title = "next event here";
        prev.disabled = page === 0;
        next.disabled = page === list.length - 1;
        prev.addEventListener("click", function () { openSpot(s, page - 1, false, list); });
        next.addEventListener("click", function () { openSpot(s, page + 1, false, list); });
        pager.appendChild(prev);
        pager.appendChild(el("span", "sm-page", (page + 1) + " of " + list.length + " here"));
        pager.appendChild(next);
        foot.appendChild(pager);
      }
      root.appendChild(foot);
      return { node: root, event: i };
    }

    // A link to where the article can be read, or null: only an http(s) address becomes an
    // href (set as an attribute, never parsed as HTML); the standalone page opens it in a
    // new tab, the window hands it to the system browser (sitmap.gui._web.MapPage).
    function sourceLink(url) {
      if (!WEB_URL.test(url)) return null;
      var a = el("a", "sm-source-link", "read the article ↗");
      a.setAttribute("href", url);
      a.setAttribute("rel", "noopener noreferrer");
      a.setAttribute("target", "_blank");
      a.title = url;
      return a;
    }

    function openSpot(s, page, fromClick, list) {
      var content = popupContent(s, page, list || spots[s].visible);
      popupSpot = s;
      popupEvent = content.event;
      var pad = framePadding(map).paddingBottomRight;
      L.popup({ maxWidth: 360, minWidth: 260, autoPanPaddingTopLeft: [30, 30],
        autoPanPaddingBottomRight: [Math.max(30, pad[0]), Math.max(30, pad[1])],
        className: "sm-popup-wrap" })
        .setLatLng([spots[s].lat, spots[s].lon])
        .setContent(content.node)
        .openOn(map);
      if (fromClick && bridge !== null) bridge.eventClicked(data.id[content.event]);
      return content.event;
    }
    map.on("popupclose", function () { popupSpot = -1; popupEvent = -1; });

    // ---- dragging a pin (in the window only: the GUI turns a drop into a correction) ----

    // The event a drag of point spot s moves: its only visible event, or the one its open
    // popup shows; -1 (no drag, the map pans as usual) for a spot of several otherwise.
    function dragEvent(s) {
      var vis = spots[s].visible;
      if (vis.length === 1) return vis[0];
      return popupSpot === s && vis.indexOf(popupEvent) >= 0 ? popupEvent : -1;
    }

    function startPinDrag(s, ev) {
      if (bridge === null || ev.originalEvent.button !== 0) return;
      var i = dragEvent(s);
      if (i < 0) return;
      var start = map.mouseEventToContainerPoint(ev.originalEvent);
      var ghost = null;
      var wasDraggable = map.dragging.enabled();
      map.dragging.disable();
      function move(e) {
        var p = map.mouseEventToContainerPoint(e);
        if (ghost === null) {
          // A press that barely moves stays a click (the popup opens as before).
          if (p.distanceTo(start) <= DRAG_THRESHOLD_PX) return;
          ghost = L.circleMarker(map.containerPointToLatLng(p), {
            renderer: pointRenderer, interactive: false, radius: 9, color: CORRECTED_COLOR,
            weight: 2, dashArray: CORRECTED_POINT_DASH, fill: false,
          }).addTo(map);
          map.getContainer().style.cursor = "grabbing";
        }
        ghost.setLatLng(map.containerPointToLatLng(p));
      }
      function up(e) {
        document.removeEventListener("mousemove", move, true);
        document.removeEventListener("mouseup", up, true);
        if (wasDraggable) map.dragging.enable();
        if (ghost === null) return;
        var to = map.containerPointToLatLng(map.mouseEventToContainerPoint(e));
        ghost.remove();
        map.getContainer().style.cursor = "";
        // The click that ends the drop must not open whatever lies under the mouse.
        window.addEventListener("click", swallow, true);
        setTimeout(function () { window.removeEventListener("click", swallow, true); }, 0);
        bridge.pinDragged(String(data.id[i]), to.lat, to.lng);
      }
      document.addEventListener("mousemove", move, true);
      document.addEventListener("mouseup", up, true);
    }

    function swallow(e) {
      e.stopPropagation();
      window.removeEventListener("click", swallow, true);
    }

    // ---- framing ----------------------------------------------------------------------

    function framingSpots() {
      return core.framingSpots(spots, function (i) { return core.frameTier(data, i); });
    }

    // The group of each spot of list (spot indexes), as core.linkGroups makes them.
    function linkGroups(list) {
      return core.linkGroups(list.map(function (s) { return spots[s]; }));
    }

    // The visible spots whose place is outside the map's view (an area by its centre).
    function offscreenSpots() {
      var bounds = map.getBounds(), out = [];
      for (var s = 0; s < spots.length; s++) {
        if (spots[s].visible.length > 0 && !bounds.contains([spots[s].lat, spots[s].lon])) {
          out.push(s);
        }
      }
      return out;
    }

    // Whether the map still shows the view fitEvents set (the user has not moved it).
    function stillFramed() {
      if (framed === null || map.getZoom() !== framed.zoom) return false;
      return map.latLngToContainerPoint(framed.center).distanceTo(map.getSize().divideBy(2)) <= 2;
    }

    // Frame the events that matter, or with all every visible one; say what stays out.
    function frame(all) {
      var chosen = all ? spots.map(function (sp, s) { return s; })
        .filter(function (s) { return spots[s].visible.length > 0; }) : framingSpots();
      if (chosen.length === 0) return;
      var bounds = L.latLngBounds([]);
      chosen.forEach(function (s) { bounds.extend(spotBounds(spots[s])); });
      map.fitBounds(bounds.pad(0.15), L.extend({ maxZoom: 9, animate: false }, framePadding(map)));
      if (all && offscreenSpots().length > 0) {
        // Places around the world: at the smallest zoom only a tight frame holds them all.
        map.fitBounds(bounds, { maxZoom: 9, animate: false, padding: [FRAME_GAP_PX, FRAME_GAP_PX] });
      }
      clearSpotsOfLegend();
      framed = { center: map.getCenter(), zoom: map.getZoom(), all: all };
      showFrameNotice();
    }

    // After a frame: the visible places the frame did not choose fall wherever the zoom puts
    // them (at the smallest zoom, anywhere on the world). When one of them sits under the
    // legend, pan left or up, whichever is less, so that its mark (a cluster's ring too) is
    // clear of it, if that keeps every other place in view.
    function clearSpotsOfLegend() {
      var shown = legendShown();
      if (shown === null) return;
      var box = shown.getBoundingClientRect();
      var origin = map.getContainer().getBoundingClientRect();
      var left = box.left - origin.left, top = box.top - origin.top;
      // A mark is drawn around its place: a cluster's ring reaches about 18 px out.
      var reach = 2 * FRAME_GAP_PX;
      var size = map.getSize();
      var dx = 0, dy = 0, roomX = Infinity, roomY = Infinity;
      for (var s = 0; s < spots.length; s++) {
        if (spots[s].visible.length === 0) continue;
        var p = map.latLngToContainerPoint([spots[s].lat, spots[s].lon]);
        if (p.x < 0 || p.y < 0 || p.x > size.x || p.y > size.y) continue;
        if (p.x > left && p.y > top) {
          dx = Math.max(dx, p.x - left + reach);
          dy = Math.max(dy, p.y - top + reach);
        } else {
          roomX = Math.min(roomX, p.x - reach);
          roomY = Math.min(roomY, p.y - reach);
        }
      }
      if (dx === 0 && dy === 0) return;
      if (dx <= roomX && (dx <= dy || dy > roomY)) map.panBy([dx, 0], { animate: false });
      else if (dy <= roomY) map.panBy([0, dy], { animate: false });
    }

    // "3 groups off-screen — show all" while the framed view leaves visible places out.
    var frameNotice = null;
    function showFrameNotice() {
      if (frameNotice === null) {
        var control = L.control({ position: "topleft" });
        control.onAdd = function () {
          var box = el("div", "sm-offscreen leaflet-bar");
          box.appendChild(el("span", "sm-offscreen-text"));
          var button = el("button", "sm-offscreen-all", "show all");
          button.type = "button";
          button.title = "Frame every event shown";
          button.addEventListener("click", function () { frame(true); });
          box.appendChild(button);
          L.DomEvent.disableClickPropagation(box);
          return box;
        };
        control.addTo(map);
        frameNotice = control.getContainer();
      }
      var groups = 0;
      if (stillFramed()) {
        var out = offscreenSpots();
        var seen = {};
        linkGroups(out).forEach(function (g) { if (!seen[g]) { seen[g] = true; groups++; } });
      }
      frameNotice.style.display = groups > 0 ? "" : "none";
      frameNotice.firstChild.textContent = groups === 0 ? "" : groups +
        (groups === 1 ? " group" : " groups") + " off-screen" +
        (framed.all ? ": the map is too small to show them all" : " — ");
      frameNotice.lastChild.style.display = framed !== null && !framed.all ? "" : "none";
    }

    // What framing a spot must show: a point, a region's circle, a country's outline (its
    // circle when the outline spans the date line).
    function spotBounds(sp) {
      var at = L.latLng(sp.lat, sp.lon);
      if (!sp.area) return L.latLngBounds(at, at);
      var shape = sp.kind === "country" ? countryShapes[sp.cc] : undefined;
      if (shape !== undefined) {
        var outline = L.geoJSON(shape).getBounds();
        if (outline.getEast() - outline.getWest() < 180) return outline;
      }
      // At most a country's default circle: a continent-sized circle (Europe's is 2,700 km)
      // would push the places around it out of a world-wide frame; its centre is the place.
      return at.toBounds(2 * Math.min(areaRadius(sp), AREA_RADIUS_M.country));
    }

    // ---- public API -----------------------------------------------------------------

    function publish() {
      var status = document.getElementById("sitmap-status");
      if (status !== null) {
        status.setAttribute("data-ready", api.ready ? "true" : "false");
        status.setAttribute("data-ready-ms", String(readyMs));
        status.setAttribute("data-visible", String(visibleTotal));
        status.setAttribute("data-total", String(n));
        var range = filter.range();
        status.setAttribute("data-from", range[0] || "");
        status.setAttribute("data-to", range[1] || "");
        status.setAttribute("data-popup", api.popupText());
      }
      for (var k = 0; k < listeners.length; k++) listeners[k](api);
    }

    function endPick() {
      if (picking !== null) map.off("click", picking);
      picking = null;
      pickedSpot = null;
      map.getContainer().style.cursor = "";
    }

    function update() {
      refilter();
      draw();
      return visibleTotal;
    }

    var framesMarked = 0, framesDone = 0; // api.markFrames
    var api = {
      ready: false,
      setRange: function (startIso, endIso) {
        filter.setRange(startIso, endIso);
        return update();
      },
      getRange: function () { return filter.range(); },
      setFilter: function (f) {
        filter.set(f);
        return update();
      },
      getFilter: function () { return filter.get(); },
      visibleCount: function () { return visibleTotal; },
      // Extension: the place names on the map now (text of each label shown; a name
      // hidden under a density bin's count is not shown).
      labelsShown: function () {
        return Array.prototype.filter.call(
          map.getPane("smLabels").querySelectorAll(".sm-label-text"),
          function (node) { return getComputedStyle(node).visibility !== "hidden"; })
          .map(function (node) { return node.textContent; });
      },
      // Extension: how many events the marks on the map stand for now (pins, areas and
      // cluster counts); the places outside the padded view are not drawn, nor the
      // clusters while the heatmap stands in for them.
      drawnCount: function () {
        var total = 0;
        for (var p in shownPoints) total += spots[p].visible.length;
        for (var k in clusters) total += clusters[k].count;
        sizedClusters.forEach(function (c) { total += c.count; });
        spots.forEach(function (sp) {
          if (sp.area && sp.layer !== null && areaLayer.hasLayer(sp.layer)) total += sp.visible.length;
        });
        return total;
      },
      totalCount: function () { return n; },
      // Extension: switch the optional layers ({heat, sized, icons}: booleans; a key left
      // out keeps its state); returns layers().
      setLayers: function (change) {
        change = change || {};
        LAYER_KEYS.forEach(function (key) {
          if (typeof change[key] === "boolean") layers[key] = change[key];
        });
        syncToggles();
        draw();
        layerListeners.forEach(function (fn) { fn(); });
        return api.layers();
      },
      // Extension: which optional layers are on and what they draw now: heatPoints (the
      // places or bins the heatmap summed), heatEvents (the events they stand for), sizedMarks (point marks sized by casualties
      // above 0), sizedClusters (clusters drawn as circles sized by casualties),
      // casualtiesDrawn (the casualties all those marks stand for), iconMarks (point
      // marks drawn as category icons),
      // sizeScale (the legend's reference counts and their radii in pixels).
      layers: function () {
        var sized = 0, hurt = 0, icons = 0;
        sizedClusters.forEach(function (c) { if (c.casualties > 0) hurt += c.casualties; });
        for (var p in shownPoints) {
          var look = spots[p].look;
          if (layers.icons && look && look.glyph) icons++;
          if (layers.sized && spots[p].casualties > 0) { sized++; hurt += spots[p].casualties; }
        }
        return { heat: layers.heat, sized: layers.sized, icons: layers.icons,
          heatPoints: layers.heat ? heatLayer.drawn() : 0,
          heatEvents: layers.heat ? heatLayer.weight() : 0, sizedMarks: sized,
          sizedClusters: sizedClusters.length,
          casualtiesDrawn: hurt, iconMarks: icons,
          sizeScale: sizeReferences(hurtMax, layers.icons).map(function (v) {
            return [v, sizeRadius(v, layers.icons)];
          }) };
      },
      // Extension: each cluster drawn as {count, mix: {category name: events}}, the mix
      // its ring shows.
      clusterMixes: function () {
        return Object.keys(clusters).map(function (k) {
          var mix = {};
          (clusters[k].mix || []).forEach(function (v, c) { if (v > 0) mix[categories[c].name] = v; });
          return { count: clusters[k].count, mix: mix };
        });
      },
      // Extension: the radius in pixels of the point mark (dot, icon or sized mark) drawn for
      // the event's place (null when it is drawn as an area or is not drawn now).
      markRadius: function (eventId) {
        var i = idIndex[eventId];
        if (i === undefined || spotOf[i] < 0) return null;
        var p = spotOf[i], sp = spots[p];
        if (sp.area || shownPoints[p] !== true || !sp.layer.getRadius) return null;
        return sp.layer.getRadius();
      },
      // Extension: the radius in metres of the circle drawn for the event's area (null when
      // the event's place is drawn as a pin or an outline, or is not drawn now).
      areaRadius: function (eventId) {
        var i = idIndex[eventId];
        if (i === undefined || spotOf[i] < 0) return null;
        var sp = spots[spotOf[i]];
        if (!sp.area || sp.layer === null || !sp.layer.getRadius) return null;
        return sp.layer.getRadius();
      },
      // Extension (density.js): each place with visible events as [lat, lon, [visible
      // events of each category, in config.categories' order]].
      ownSpots: function () {
        var out = [];
        for (var s = 0; s < spots.length; s++) {
          var sp = spots[s];
          if (sp.visible.length === 0) continue;
          var counts = categories.map(function () { return 0; });
          for (var k = 0; k < sp.visible.length; k++) counts[data.cat[sp.visible[k]]] += 1;
          out.push([sp.lat, sp.lon, counts]);
        }
        return out;
      },
      // Extension (density.js): draw the page's own events (true), or leave them to the
      // density layer, which counts them into its bins (false): bins and marks never
      // draw over each other. Returns whether they are drawn.
      showOwnEvents: function (on) {
        on = on !== false;
        if (on === ownShown) return ownShown;
        ownShown = on;
        [areaLayer, pointLayer, clusterLayer, sizedClusterLayer].forEach(function (layer) {
          if (on) layer.addTo(map); else map.removeLayer(layer);
        });
        if (layers.heat) heatLayer.redraw();
        return ownShown;
      },
      ownEventsShown: function () { return ownShown; },
      visibleIds: function () {
        var out = [];
        for (var k = 0; k < n; k++) if (visible[k]) out.push(data.id[k]);
        return out;
      },
      // Extension: the ids of the events that pass the filters but are drawn nowhere (a
      // figure of no single place: no coordinates).
      unplacedIds: function () {
        var out = [];
        for (var k = 0; k < n; k++) if (visible[k] && spotOf[k] < 0) out.push(data.id[k]);
        return out;
      },
      // Per-day counts of the visible events over the data's date span (for histograms).
      // Events starting on each day of the data's span that pass every filter but the date
      // range (an event counts once, on its first day).
      dayCounts: function () {
        var span = data.span;
        if (span === null) return { start: null, counts: [] };
        var key = JSON.stringify(api.getFilter());
        if (dayCache.key !== key) {
          dayCache = { key: key, counts: core.dayCounts(data.d0, span, filter.passesNonDate) };
        }
        return { start: dayToIso(span[0]), counts: dayCache.counts.slice() };
      },
      dataSpan: function () {
        return data.span === null ? [null, null] : [dayToIso(data.span[0]), dayToIso(data.span[1])];
      },
      select: function (eventId) {
        var i = idIndex[eventId];
        if (i === undefined || spotOf[i] < 0) return false;  // drawn nowhere
        var s = spotOf[i];
        var list = spots[s].visible.indexOf(i) >= 0 ? spots[s].visible : spots[s].events;
        var page = list.indexOf(i);
        var zoom = Math.max(map.getZoom(), spots[s].area ? 5 : CLUSTER_MAX_ZOOM + 1);
        map.setView([spots[s].lat, spots[s].lon], zoom, { animate: false });
        clearOfLegend(map, [spots[s].lat, spots[s].lon]);
        openSpot(s, page, false, list);
        publish();
        return true;
      },
      getView: function () {
        // Wrapped into [-180, 180): after a pan across the date line Leaflet's centre is
        // unwrapped (lng 192.5), which no saved view may hold.
        var c = map.getCenter().wrap();
        return { lat: c.lat, lon: c.lng, zoom: map.getZoom() };
      },
      setView: function (lat, lon, zoom, animate) {
        map.setView([lat, lon], zoom, { animate: animate === true });
      },
      // Extension (slides): how far the page has drawn what it was last told, so that a
      // picture is taken only of the view asked for: the view, whether a pan or zoom is
      // still animating, whether basemap tiles are still loading, and the last mark of
      // api.markFrames whose two animation frames have passed.
      drawState: function () {
        var view = api.getView();
        view.moving = !!(map._animatingZoom || (map._panAnim && map._panAnim._inProgress));
        view.tilesLoading = api.tilesLoading ? api.tilesLoading() : false;
        view.frames = framesDone;
        return view;
      },
      // Extension (slides): a new mark; drawState().frames reaches it once two animation
      // frames have passed since (everything asked before is then painted).
      markFrames: function () {
        var mark = ++framesMarked;
        window.requestAnimationFrame(function () {
          window.requestAnimationFrame(function () { framesDone = Math.max(framesDone, mark); });
        });
        return mark;
      },
      // Extension: a smooth zoom-out-and-in move, as a storyboard step makes.
      flyTo: function (lat, lon, zoom, seconds) {
        map.flyTo([lat, lon], zoom, { duration: seconds || 1 });
      },
      // Frame the events that matter (docs/design.md, "Framing"); without options, called
      // again while the map still shows that frame and it leaves visible events out, frame
      // them all (and back: Zoom to events pressed twice). {all: true} frames every visible
      // event, {core: true} (the first view) always the events that matter.
      fitEvents: function (options) {
        var all = options ? options.all === true
          : stillFramed() && !framed.all && offscreenSpots().length > 0;
        frame(all);
      },
      // Extension: the ids of the visible events whose place is outside the map's view.
      offscreenIds: function () {
        var out = [];
        offscreenSpots().forEach(function (s) {
          spots[s].visible.forEach(function (i) { out.push(data.id[i]); });
        });
        return out;
      },
      // Extension: the notice about visible places the framed view leaves out ("" if none).
      frameNotice: function () {
        if (frameNotice === null || frameNotice.style.display === "none") return "";
        var button = frameNotice.lastChild;
        return frameNotice.firstChild.textContent +
          (button.style.display === "none" ? "" : button.textContent);
      },
      // Extension: ring the marks of these events (a storyboard scene's highlighted
      // events); an empty list clears. Returns how many of the ids are in the data.
      highlight: function (ids) {
        highlightLayer.clearLayers();
        highlighted = [];
        var ringed = {};
        (ids || []).forEach(function (id) {
          var i = idIndex[id];
          if (i === undefined) return;
          highlighted.push(String(id));
          var s = spotOf[i];
          if (s < 0 || ringed[s]) return;  // an event drawn nowhere has no ring
          ringed[s] = true;
          highlightLayer.addLayer(L.circleMarker([spots[s].lat, spots[s].lon], {
            renderer: pointRenderer, interactive: false, radius: 16, color: HIGHLIGHT_COLOR,
            weight: 4, opacity: 0.95, fill: false,
          }));
        });
        publish();
        return highlighted.length;
      },
      highlightedIds: function () { return highlighted.slice(); },
      // Extension: how the event's place is drawn now: {drawn, corrected, dashArray, color}
      // (drawn is false while it is filtered out, or sits in a cluster).
      markOf: function (eventId) {
        var i = idIndex[eventId];
        if (i === undefined) return null;
        if (spotOf[i] < 0) return { drawn: false, corrected: false, dashArray: null, color: null };
        var sp = spots[spotOf[i]];
        var layer = sp.layer;
        var drawn = layer !== null && (areaLayer.hasLayer(layer) || pointLayer.hasLayer(layer));
        return { drawn: drawn, corrected: drawn && sp.corrected === true,
          dashArray: drawn ? sp.look.dashArray || null : null, color: drawn ? sp.look.color : null };
      },
      // Extension: fold (false) or unfold (true) the legend as the user chose earlier;
      // legendOpen() is null on a page without a legend.
      setLegendOpen: setLegendOpen,
      legendOpen: function () { return legendNode === null ? null : legendNode.open; },
      popupText: function () {
        var node = document.querySelector(".leaflet-popup-content .sm-popup");
        return node === null ? "" : node.textContent;
      },
      // Extension: a map drawn for slides, pages or paper (map.css, body.sitmap-printing):
      // no zoom buttons, layer switch or "show all" notice, which nobody can press there,
      // and no legend or credits, which the slide or page carries beside the map.
      setPrinting: function (on) {
        document.body.classList.toggle("sitmap-printing", on === true);
      },
      // Extension: presentation mode's larger type (map.css, body.sitmap-presenting).
      setPresenting: function (on) {
        document.body.classList.toggle("sitmap-presenting", on === true);
        publish();
      },
      // Extension: the names of the categories of the events shown, in the legend's order.
      visibleCategories: function () {
        var seen = {};
        for (var k = 0; k < n; k++) if (visible[k]) seen[data.cat[k]] = true;
        return categories.filter(function (c, k) { return seen[k] === true; })
          .map(function (c) { return c.name; });
      },
      // Extension: the filter chip's text while it shows (presenting, or on the standalone
      // page), "" otherwise; the legend's one-line key while it shows, "" otherwise.
      filterChip: function () {
        return chipNode !== null && chipNode.style.display !== "none" ? chipNode.textContent : "";
      },
      legendKey: function () {
        if (keyNode === null || legendShown() !== keyNode) return "";
        return Array.prototype.filter.call(keyNode.children, function (node) {
          return node.style.display !== "none";
        }).map(function (node) { return node.textContent; }).join(" ");
      },
      // Extension: wait for one click on the map, anywhere (a crosshair shows); the spot
      // goes to the bridge's mapClicked(lat, lon), and picked() gives its [lat, lon]
      // (null before), until startPick or stopPick again.
      startPick: function () {
        endPick();
        picking = function (e) {
          endPick();
          pickedSpot = [e.latlng.lat, e.latlng.lng];
          if (bridge !== null && bridge.mapClicked) bridge.mapClicked(e.latlng.lat, e.latlng.lng);
        };
        map.on("click", picking);
        map.getContainer().style.cursor = "crosshair";
      },
      stopPick: function () { endPick(); },
      picked: function () { return pickedSpot; },
      // Extension: page-side panels (timeline, storyboard) subscribe to every redraw.
      onChange: function (fn) { listeners.push(fn); },
      // Extension (page scripts): send text to the window's bridge slot called name (one
      // of sitmap's own, e.g. annotationDrawn); nothing happens without a window.
      report: function (name, text) {
        if (bridge !== null && typeof bridge[name] === "function") bridge[name](String(text));
      },
      config: config,
    };

    if (config.range) filter.setRange(config.range[0], config.range[1]);
    api.setFilter({
      categories: config.filter.categories,
      text: config.filter.text || "",
      showBackground: config.filter.showBackground,
      sources: config.filter.sources === undefined ? null : config.filter.sources,
      roles: config.filter.roles === undefined ? null : config.filter.roles,
    });
    // What the window hears of each move: the view, and the box and smallest town (in
    // thousands of people) the place names want, so it can send the towns in view.
    function viewReport() {
      var view = api.getView(), box = map.getBounds().pad(0.2);
      view.bounds = [box.getSouth(), box.getWest(), box.getNorth(), box.getEast()];
      view.labelFloor = core.labelFloor(map.getZoom());
      return view;
    }
    map.on("moveend", function () {
      draw();
      if (bridge !== null) bridge.viewChanged(JSON.stringify(viewReport()));
    });
    // A resized map (the window laid out, full screen) folds or unfolds the legend, and
    // frames the events again if the view is still the one framing them.
    map.on("resize", function () {
      fitLegend(map);
      if (stillFramed()) frame(framed.all);
    });
    // The credits under the legend grow when the basemap arrives (after the first view):
    // the legend moves up, so a view still framing the events frames them again.
    var credits = map.attributionControl ? map.attributionControl.getContainer() : null;
    if (credits && typeof ResizeObserver === "function") {
      var creditsHeight = credits.offsetHeight;
      new ResizeObserver(function () {
        if (credits.offsetHeight === creditsHeight) return;
        creditsHeight = credits.offsetHeight;
        if (stillFramed()) frame(framed.all);
      }).observe(credits);
    }

    // The first view, once the legend (whose place framing avoids) is on the map. The
    // address's hash sets the starting state of the page as loaded, not of data replaced
    // later (sitmap.replaceData).
    function start(replaced) {
      syncToggles();
      if (config.view) map.setView([config.view.lat, config.view.lon], config.view.zoom, { animate: false });
      else if (n > 0) api.fitEvents({ core: true });
      if (!replaced) {
        applyHash(api);
        window.addEventListener("hashchange", function () {
          if (window.sitmap) applyHash(window.sitmap);
        });
      }
      draw();
    }

    // Called once the basemap and panels are in place too; ``connected``: the page's
    // QWebChannel was opened (connectEarly), so the window's bridge is coming. ``token``:
    // the window's name for the data sitmap.replaceData brought (null for the page's own).
    function finish(connected, token) {
      api.ready = true;
      readyMs = Math.round(performance.now());
      window.sitmap = api;
      publish();
      if (!connected) return;
      withBridge(function (found) {
        if (retired) return;
        bridge = found;
        if (bridge !== null && bridge.legendChosen) {
          legendReport = function (open) { bridge.legendChosen(open); };
        }
        // The address tells the window which of its pages is ready (a page still loading
        // when the next one was asked for may connect to the next page's bridge); after
        // replaced data its fragment names the data instead.
        if (bridge !== null) {
          bridge.mapReady(token === null ? window.location.href
            : window.location.href.split("#")[0] + "#sitmap-data=" + token);
        }
        if (bridge !== null) bridge.viewChanged(JSON.stringify(viewReport()));
      });
    }
    // A click on a mark drawn outside this file (the density layer's points).
    function clicked(eventId) {
      if (bridge !== null) bridge.eventClicked(String(eventId));
    }
    // The legend redraws its keys when a layer is switched.
    function onLayers(fn) { layerListeners.push(fn); }
    // New data replaces this map (sitmap.replaceData): from now on nothing it does as it is
    // taken down (a layer switch removed, a popup closed) reaches the window.
    var retired = false;
    function retire() {
      retired = true;
      bridge = null;
    }
    return { api: api, start: start, finish: finish, clicked: clicked, toggles: layerToggles,
      retire: retire,
      onLayers: onLayers,
      sizeReferences: function () { return sizeReferences(hurtMax, layers.icons); },
      sizeRadius: function (v) { return sizeRadius(v, layers.icons); },
      layerState: function () { return layers; },
      redrawHeat: function () { if (layers.heat) heatLayer.redraw(); } };
  }

  // "#from=2022-01-05&to=2022-01-07&select=<event id>&view=<lat>,<lon>,<zoom>" sets the
  // starting state (tests, links); the view is applied last, so a selected popup stays open.
  function applyHash(api) {
    var hash = window.location.hash.replace(/^#/, "");
    if (!hash) return;
    var params = {};
    hash.split("&").forEach(function (part) {
      var kv = part.split("=");
      params[decodeURIComponent(kv[0])] = decodeURIComponent(kv.slice(1).join("="));
    });
    if ("from" in params || "to" in params) api.setRange(params.from || null, params.to || null);
    if ("select" in params) api.select(params.select);
    var view = (params.view || "").split(",").map(Number);
    if (view.length === 3 && view.every(isFinite)) api.setView(view[0], view[1], view[2], false);
  }

  // Natural Earth rivers (lines) and lakes (filled) over the country fill and under region
  // borders, tiles and marks, from zoom WATER_MIN_ZOOM on (at world zoom they are noise).
  var WATER_MIN_ZOOM = 5;
  function waterLayers(map, water, api) {
    var renderer = L.canvas({ pane: "smWater", padding: 0.3 });
    var layers = {
      rivers: L.geoJSON(null, { pane: "smWater", renderer: renderer, interactive: false,
        style: { color: "#6f9fc8", weight: 1.3, opacity: 0.9, fill: false } }),
      lakes: L.geoJSON(null, { pane: "smWater", renderer: renderer, interactive: false,
        style: { color: "#6f9fc8", weight: 0.8, fillColor: "#b8d3ea", fillOpacity: 1 } }),
    };
    var counts = { rivers: 0, lakes: 0 };
    var pending = { rivers: [], lakes: [] };
    ((water && water.features) || []).forEach(function (f) {
      var kind = f && f.properties && f.properties.kind;
      var name = kind === "river" ? "rivers" : kind === "lake" ? "lakes" : null;
      if (name === null) return;
      pending[name].push(f);
      counts[name]++;
    });
    // The shapes become Leaflet layers the first time they are shown (zoom 5 on): the
    // first frame, at world zoom, never draws them, and the window's page loads them all.
    function build() {
      if (pending === null) return;
      Object.keys(pending).forEach(function (name) {
        pending[name].forEach(function (f) { layers[name].addData(f); });
      });
      pending = null;
    }
    var wanted = true;
    function visibility() {
      var show = wanted && map.getZoom() >= WATER_MIN_ZOOM;
      if (show) build();
      Object.keys(layers).forEach(function (name) {
        var layer = layers[name];
        if (show && !map.hasLayer(layer)) layer.addTo(map);
        if (!show && map.hasLayer(layer)) map.removeLayer(layer);
      });
    }
    // Extension: which water layers the page has, whether they are on the map, and how
    // many of their shapes the canvas drew in the current view.
    api.basemapLayers = function () {
      var out = { minZoom: WATER_MIN_ZOOM };
      Object.keys(layers).forEach(function (name) {
        var layer = layers[name];
        var shown = map.hasLayer(layer);
        var drawn = 0;
        if (shown) {
          layer.eachLayer(function (l) { if (l._parts && l._parts.length > 0) drawn++; });
        }
        out[name] = { features: counts[name], shown: shown, drawn: drawn };
      });
      return out;
    };
    var toggle = L.layerGroup();
    toggle.on("add", function () { wanted = true; visibility(); });
    toggle.on("remove", function () { wanted = false; visibility(); });
    toggle.addTo(map);
    map.on("zoomend", visibility);
    return toggle;
  }

  function basemap(map, countries, regions, config, api, water, toggles) {
    // The country layer is made once per page: new data (sitmap.replaceData) puts the same
    // layer on the new map, its shapes already turned into Leaflet's.
    var base = shell.base || L.geoJSON(countries, {
      pane: "smBase",
      renderer: L.canvas({ pane: "smBase", padding: 0.3 }),
      interactive: false,
      style: { color: "#a39d91", weight: 0.8, fillColor: "#f3f0e8", fillOpacity: 1 },
    });
    shell.base = base;
    // The region borders become Leaflet layers the first time they are shown (zoom 5 on),
    // not for the first frame, at world zoom, which never draws them.
    var regionLines = L.geoJSON(null, {
      pane: "smRegions",
      renderer: L.canvas({ pane: "smRegions", padding: 0.3 }),
      interactive: false,
      style: { color: "#b9b2a4", weight: 0.7, dashArray: "3 3", fill: false },
    });
    var baseLayers = { "Offline basemap (Natural Earth)": base };
    (config.onlineTiles || []).forEach(function (t) {
      baseLayers[t.name + " (online)"] = L.tileLayer(t.url, {
        attribution: t.attribution, maxZoom: t.maxZoom || 18,
      });
    });
    base.addTo(map);
    var packageLayer = tilePackage(map, config.tiles, api);
    map.getContainer().classList.add("sm-offline");
    map.on("baselayerchange", function (ev) {
      map.getContainer().classList.toggle("sm-offline", ev.layer === base);
    });
    // Countries whose region borders the page has; the window adds those of each view
    // (api.setViewRegions), an export keeps the countries of its events.
    var regionCountries = {};
    var regionsPending = (regions.features || []).slice();
    regionsPending.forEach(function (f) { regionCountries[f.properties.cc] = true; });
    api.setViewRegions = function (collection) {
      var added = 0;
      ((collection && collection.features) || []).forEach(function (f) {
        var cc = f && f.properties && f.properties.cc;
        if (typeof cc !== "string" || regionCountries[cc]) return;
        regionCountries[cc] = true;
        if (regionsPending !== null) regionsPending.push(f);
        else regionLines.addData(f);
        added++;
      });
      return added;
    };
    api.regionCountries = function () { return Object.keys(regionCountries).sort(); };
    var regionsWanted = true;
    function regionVisibility() {
      var show = regionsWanted && map.getZoom() >= 5;
      if (show && regionsPending !== null) {
        regionsPending.forEach(function (f) { regionLines.addData(f); });
        regionsPending = null;
      }
      if (show && !map.hasLayer(regionLines)) regionLines.addTo(map);
      if (!show && map.hasLayer(regionLines)) map.removeLayer(regionLines);
    }
    // The layer control toggles a stand-in so "Region borders" stays hidden below zoom 5.
    var regionToggle = L.layerGroup();
    regionToggle.on("add", function () { regionsWanted = true; regionVisibility(); });
    regionToggle.on("remove", function () { regionsWanted = false; regionVisibility(); });
    regionToggle.addTo(map);
    map.on("zoomend", regionVisibility);
    var overlays = { "Region borders (zoom in)": regionToggle,
      "Rivers and lakes (zoom in)": waterLayers(map, water, api) };
    if (packageLayer !== null) overlays["Tile package: " + escapeHtml(config.tiles.name)] = packageLayer;
    if ((config.labels || []).length > 0 || config.viewLabels) {
      overlays["Place names"] = placeLabels(map, config, api);
    }
    LAYER_KEYS.forEach(function (key) { overlays[LAYER_NAMES[key]] = toggles[key]; });
    L.control.layers(baseLayers, overlays, { position: "topright", collapsed: true }).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    map.attributionControl.addAttribution(config.attribution);
  }

  // Text for Leaflet's attribution and layer control, which insert HTML.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // An office's tile package over the offline basemap (config.tiles): in the window its
  // tiles come from the window's own scheme, config.tiles.url (its handler reads the package); in
  // an export they are data: URIs in the config (config.tiles.embedded, "z/x/y" keys), put
  // into images by a grid layer of its own, so no request is made at all. Past its deepest
  // tiles the layer scales them up; below its lowest zoom it is not drawn. The package's
  // attribution is plain text, escaped. api.tilePackage() tells what was drawn.
  function tilePackage(map, spec, api) {
    var state = { name: spec ? spec.name : null, attribution: spec ? spec.attribution : "",
      loaded: 0, failed: 0, embedded: !!(spec && spec.embedded) };
    api.tilePackage = function () {
      var shown = document.querySelectorAll(".sm-tile-package img, img.sm-tile-package");
      var drawn = 0;
      for (var k = 0; k < shown.length; k++) if (shown[k].naturalWidth > 0) drawn++;
      return { name: state.name, attribution: state.attribution, loaded: state.loaded,
        failed: state.failed, embedded: state.embedded, drawn: drawn };
    };
    if (!spec) return null;
    var options = { pane: "smTiles", className: "sm-tile-package", minZoom: spec.minZoom,
      maxZoom: 18, maxNativeZoom: spec.embedded ? spec.embeddedMaxZoom : spec.maxZoom,
      attribution: escapeHtml(spec.attribution || spec.name) };
    if (spec.bounds) {
      options.bounds = L.latLngBounds([spec.bounds[1], spec.bounds[0]],
        [spec.bounds[3], spec.bounds[2]]);
    }
    var layer;
    if (spec.embedded) {
      var tiles = spec.embedded;
      var Embedded = L.GridLayer.extend({
        createTile: function (coords, done) {
          var img = document.createElement("img");
          img.alt = "";
          var key = coords.z + "/" + coords.x + "/" + coords.y;
          if (!Object.prototype.hasOwnProperty.call(tiles, key)) {
            window.setTimeout(function () { done(null, img); }, 0);
            return img;
          }
          img.onload = function () { state.loaded++; done(null, img); };
          img.onerror = function () { state.failed++; done(new Error("tile " + key), img); };
          img.src = tiles[key];
          return img;
        }
      });
      layer = new Embedded(options);
    } else {
      layer = L.tileLayer(spec.url, options);
      layer.on("tileload", function () { state.loaded++; });
      layer.on("tileerror", function () { state.failed++; });
    }
    api.tilesLoading = function () { return map.hasLayer(layer) && layer.isLoading(); };
    layer.addTo(map);
    return layer;
  }

  // City names on the offline basemap (config.labels: [name, lat, lon, thousands], most
  // populous first; in the window also the towns of the view, api.setViewLabels). A name
  // shows from the zoom its population earns, only in view, and only while "Place names"
  // is on; text nodes, never HTML.
  function placeLabels(map, config, api) {
    var fixed = config.labels || [];
    var rows = fixed;
    var group = L.layerGroup();
    var shown = {}; // "name|lat|lon" -> marker
    var wanted = true;
    // Extension (window): the towns of the current view, [[name, lat, lon, thousands]...],
    // join the fixed names until the next call. Returns how many names there are now.
    api.setViewLabels = function (extra) {
      rows = core.mergeLabels(fixed, extra);
      update();
      return rows.length;
    };
    function update() {
      var bounds = map.getBounds().pad(0.2);
      var want = {};
      if (wanted) {
        core.chooseLabels(rows, core.labelFloor(map.getZoom()), function (row) {
          return bounds.contains([row[1], row[2]]);
        }, function (row) {
          return map.latLngToContainerPoint([row[1], row[2]]);
        }).forEach(function (row) { want[core.labelKey(row)] = row; });
      }
      for (var s in shown) if (!want[s]) { group.removeLayer(shown[s]); delete shown[s]; }
      for (s in want) {
        if (shown[s]) continue;
        var row = want[s];
        var text = el("span", "sm-label-text", row[0]);
        shown[s] = L.marker([row[1], row[2]], {
          icon: L.divIcon({ className: "sm-label", html: text, iconSize: null }),
          pane: "smLabels", interactive: false, keyboard: false,
        });
        group.addLayer(shown[s]);
      }
      clearOfCounts();
    }
    // A name that would print over a density bin's count (density.js) is hidden while the
    // count is there: the count is the data, the name only the basemap's.
    function clearOfCounts() {
      var counts = Array.prototype.map.call(
        map.getContainer().querySelectorAll(".sm-density-label span"),
        function (node) { return node.getBoundingClientRect(); });
      for (var s in shown) {
        var node = shown[s].getElement();
        if (!node) continue;
        node.style.visibility = "";
        if (counts.length === 0) continue;
        var r = (node.firstChild || node).getBoundingClientRect();
        var under = counts.some(function (b) {
          return r.left < b.right && b.left < r.right && r.top < b.bottom && b.top < r.bottom;
        });
        if (under) node.style.visibility = "hidden";
      }
    }
    // Extension (density.js): hide the names under the counts it has just drawn.
    api.clearLabelsOfCounts = clearOfCounts;
    group.on("add", function () { wanted = true; update(); });
    group.on("remove", function () { wanted = false; update(); });
    group.addTo(map);
    map.on("moveend", update);
    return group;
  }

  // A category's key in the legend: its icon while icons are on, else its colour dot.
  function categoryKey(name, color, icons, px) {
    if (icons) return extra.glyphNode(name, color, px);
    var sw = el("span", "sm-swatch");
    sw.style.background = color;
    return sw;
  }

  // The size scale: a circle of each reference count as the map draws it, side by side
  // with their bottoms on one line and each count under its circle (nested circles put
  // the labels of 1 and 10, nearly the same size, on top of each other).
  function sizeScaleNode(refs, radiusOf) {
    var NS = "http://www.w3.org/2000/svg";
    var box = el("div", "sm-size-scale");
    if (refs.length === 0) {
      box.appendChild(el("div", "sm-legend-note", "no casualty figures in these events"));
      return box;
    }
    var big = radiusOf(refs[refs.length - 1]);
    var LABEL = 12, GAP = 8;
    var height = 2 * big + 2 + LABEL;
    var svg = document.createElementNS(NS, "svg");
    var x = 1;
    refs.forEach(function (v) {
      var r = radiusOf(v);
      var text = v.toLocaleString("en");
      var slot = Math.max(2 * r, 6 * text.length);
      var c = document.createElementNS(NS, "circle");
      c.setAttribute("cx", String(x + slot / 2));
      c.setAttribute("cy", String(2 * big + 1 - r));
      c.setAttribute("r", String(r));
      c.setAttribute("fill", "rgba(85,85,85,0.12)");
      c.setAttribute("stroke", "#444");
      c.setAttribute("stroke-width", "1");
      svg.appendChild(c);
      var t = document.createElementNS(NS, "text");
      t.setAttribute("x", String(x + slot / 2));
      t.setAttribute("y", String(height - 2));
      t.setAttribute("font-size", "10");
      t.setAttribute("text-anchor", "middle");
      t.setAttribute("class", "sm-size-label");
      t.textContent = text;
      svg.appendChild(t);
      x += slot + GAP;
    });
    svg.setAttribute("width", String(Math.ceil(x - GAP + 1)));
    svg.setAttribute("height", String(height));
    box.appendChild(svg);
    return box;
  }

  // The heat ramp, lightest (fewest events) to darkest (most).
  function heatScaleNode() {
    var box = el("div", "sm-heat-scale");
    var bar = el("span", "sm-heat-bar");
    bar.style.background = "linear-gradient(to right, " + extra.HEAT_STOPS.map(function (st) {
      return st[1] + " " + Math.round(100 * st[0]) + "%";
    }).join(", ") + ")";
    box.appendChild(el("span", "", "fewer"));
    box.appendChild(bar);
    box.appendChild(el("span", "", "more"));
    return box;
  }

  function legend(map, config, api, anyCorrected, page) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      // A <details> so the legend can be folded away on a small screen.
      var outer = el("details", "sm-legend leaflet-bar");
      outer.open = true;
      var summary = el("summary", "sm-legend-summary", "Legend");
      // A click (or Enter/Space) on the summary is the user's choice; kept from then on.
      summary.addEventListener("click", function () { legendChosen = true; });
      // The fold the user chose is reported once the <details> has changed (after the click).
      outer.addEventListener("toggle", function () {
        if (legendChosen && legendReport !== null) legendReport(outer.open);
      });
      outer.appendChild(summary);
      var box = el("div", "sm-legend-body");
      outer.appendChild(box);
      box.appendChild(el("div", "sm-legend-title", "Event category"));
      // Two columns of keys: the legend stays a small box in its corner (issue 15's audit:
      // with every layer on, one column took a quarter of the map).
      var cats = el("div", "sm-legend-cols");
      box.appendChild(cats);
      var keys = [];
      config.categories.forEach(function (c) {
        var row = el(config.controls ? "button" : "div", "sm-legend-row");
        var holder = el("span", "sm-key-holder");
        keys.push({ holder: holder, name: c.name, color: c.color });
        row.appendChild(holder);
        row.appendChild(el("span", "", c.name));
        if (config.controls) {
          // The standalone page has no other filter UI: a legend row toggles its category.
          row.type = "button";
          row.title = "Show or hide " + c.name;
          row.addEventListener("click", function () {
            var chosen = api.getFilter().categories;
            if (chosen === null) chosen = config.categories.map(function (k) { return k.name; });
            var at = chosen.indexOf(c.name);
            if (at >= 0) chosen.splice(at, 1); else chosen.push(c.name);
            api.setFilter({ categories: chosen });
          });
          api.onChange(function () {
            var now = api.getFilter().categories;
            row.classList.toggle("sm-off", now !== null && now.indexOf(c.name) < 0);
          });
        }
        cats.appendChild(row);
      });
      box.appendChild(el("div", "sm-legend-title", "Location precision"));
      var marks = el("div", "sm-legend-cols");
      box.appendChild(marks);
      [["sm-key-point", "point: city or site"],
        ["sm-key-area", "area: region, country"],
        ["sm-key-faded", "background mention"],
        ["sm-key-cluster", "cluster: categories"]]
        .concat(anyCorrected ? [["sm-key-corrected", "corrected by the analyst"]] : [])
        .forEach(function (r) {
        var row = el("div", "sm-legend-row");
        row.appendChild(el("span", "sm-key " + r[0]));
        row.appendChild(el("span", "", r[1]));
        marks.appendChild(row);
      });
      // The optional layers' keys, shown while their layer is on.
      // The optional layers' keys side by side.
      var layerKeys = el("div", "sm-legend-cols");
      box.appendChild(layerKeys);
      var sizeBox = el("div", "sm-legend-size");
      sizeBox.appendChild(el("div", "sm-legend-title", "Killed + injured"));
      var sizeScale = sizeBox.appendChild(sizeScaleNode(page.sizeReferences(), page.sizeRadius));
      layerKeys.appendChild(sizeBox);
      var heatBox = el("div", "sm-legend-heat");
      heatBox.appendChild(el("div", "sm-legend-title", "Heatmap"));
      heatBox.appendChild(heatScaleNode());
      layerKeys.appendChild(heatBox);
      function paintKeys() {
        var on = page.layerState();
        keys.forEach(function (k) {
          while (k.holder.firstChild) k.holder.removeChild(k.holder.firstChild);
          k.holder.appendChild(categoryKey(k.name, k.color, on.icons, 16));
        });
        // The scale starts at the icon's size while icons are on (sizeRadius).
        var scale = sizeScaleNode(page.sizeReferences(), page.sizeRadius);
        sizeBox.replaceChild(scale, sizeScale);
        sizeScale = scale;
        sizeBox.style.display = on.sized ? "" : "none";
        heatBox.style.display = on.heat ? "" : "none";
      }
      paintKeys();
      page.onLayers(function () { paintKeys(); fitLegend(map); });
      L.DomEvent.disableClickPropagation(outer);
      L.DomEvent.disableScrollPropagation(outer);
      legendNode = outer;
      return outer;
    };
    control.addTo(map);
    fitLegend(map);
    presentationKey(map, config, api, page);
  }

  // Presentation: the legend folds to one line of the categories on the map (map.css shows
  // it instead of the legend under body.sitmap-presenting), and a chip at the top says what
  // the filter hides, so the audience knows what it is not seeing. Text nodes only.
  function presentationKey(map, config, api, page) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      keyNode = el("div", "sm-legend-key leaflet-bar");
      L.DomEvent.disableClickPropagation(keyNode);
      return keyNode;
    };
    control.addTo(map);
    if (chipNode !== null && chipNode.parentNode) chipNode.parentNode.removeChild(chipNode);
    chipNode = el("div", "sm-filter-chip");
    chipNode.setAttribute("role", "status");
    chipNode.style.display = "none";
    map.getContainer().appendChild(chipNode);
    var colors = {};
    config.categories.forEach(function (c) { colors[c.name] = c.color; });
    var lastKey = null;
    function refresh() {
      var names = api.visibleCategories();
      var key = names.join("\n") + page.layerState().icons;
      if (key !== lastKey) {
        lastKey = key;
        while (keyNode.firstChild) keyNode.removeChild(keyNode.firstChild);
        if (names.length === 0) keyNode.appendChild(el("span", "sm-key-none", "no events shown"));
        names.forEach(function (name) {
          var item = el("span", "sm-key-item");
          item.appendChild(categoryKey(name, colors[name], page.layerState().icons, 16));
          item.appendChild(el("span", "", name));
          keyNode.appendChild(item);
        });
      }
      fitKey();
      var text = core.filterSummary(api.getFilter());
      var wanted = text !== "" &&
        (config.controls || document.body.classList.contains("sitmap-presenting"));
      chipNode.textContent = text;
      chipNode.style.display = wanted ? "" : "none";
    }
    // One line means one line: the categories that do not fit give way to "+N more"
    // rather than being cut mid-word (measured only while the key is shown).
    function fitKey() {
      var items = keyNode.querySelectorAll(".sm-key-item");
      var more = keyNode.querySelector(".sm-key-more");
      if (more !== null) keyNode.removeChild(more);
      for (var k = 0; k < items.length; k++) items[k].style.display = "";
      if (keyNode.offsetWidth === 0) return;
      var hidden = 0;
      more = el("span", "sm-key-more");
      keyNode.appendChild(more);
      while (keyNode.scrollWidth > keyNode.clientWidth + 1 && hidden < items.length - 1) {
        hidden++;
        items[items.length - hidden].style.display = "none";
        more.textContent = "+" + hidden + " more";
      }
      if (hidden === 0) keyNode.removeChild(more);
    }
    api.onChange(refresh);
    page.onLayers(refresh);
    map.on("resize", fitKey);
    refresh();
  }

  // The window's page opens its QWebChannel before it builds the map: the handshake with
  // the window runs while this page draws, so "ready" reaches the window one round trip
  // sooner. finish() takes the bridge from here (null outside the window).
  var early = { done: false, bridge: null, waiting: [] };
  function connectEarly() {
    if (typeof QWebChannel === "undefined" || !window.qt || !qt.webChannelTransport) return false;
    new QWebChannel(qt.webChannelTransport, function (channel) {
      early.done = true;
      early.bridge = channel.objects.bridge || null;
      var waiting = early.waiting;
      early.waiting = [];
      waiting.forEach(function (fn) { fn(early.bridge); });
    });
    return true;
  }
  function withBridge(fn) {
    if (early.done) fn(early.bridge);
    else early.waiting.push(fn);
  }

  // What new data keeps of the page (sitmap.replaceData): the map's container and the
  // options folium made it with, the basemap's data and country layer, the channel.
  var shell = { container: null, options: null, scale: false, countries: null, water: null,
    base: null, connected: false, map: null, page: null };

  window.sitmapInit = function (map, data, config, countries, regions, water) {
    var options = {};
    Object.keys(map.options).forEach(function (key) { options[key] = map.options[key]; });
    shell.container = map.getContainer();
    shell.options = options;
    shell.scale = shell.container.querySelector(".leaflet-control-scale") !== null;
    shell.countries = countries;
    shell.water = water;
    shell.connected = connectEarly();
    countries.features.forEach(function (f) {
      if (f.properties.cc) countryShapes[f.properties.cc] = f;
    });
    return build(map, data, config, regions, null);
  };

  // New data for the page as loaded (the window's next table): the event layers, legend,
  // counts and panels are made again on a new map in the same container, as a new page
  // would make them, while Leaflet, the scripts, the styles, the basemap's data and the
  // window's channel stay. ``dataText``, ``configText`` and ``regionsText`` are JSON texts
  // (sitmap.mapping._page.window_content), parsed here: data, never code. ``token`` comes
  // back in the ready report. Returns true once the new map is ready.
  function replaceData(dataText, configText, regionsText, token) {
    mark("sitmap:replace", true);
    var data = JSON.parse(dataText), config = JSON.parse(configText);
    var regions = window.sitmapUnpack(JSON.parse(regionsText));
    mark("sitmap:parsed");
    var oldApi = window.sitmap, oldMap = shell.map;
    if (oldApi) {
      oldApi.ready = false;
      if (oldApi.cancelDraw) oldApi.cancelDraw();
      if (oldApi.stopPick) oldApi.stopPick();
    }
    shell.page.retire();
    legendReport = null;
    oldMap.remove();
    if (chipNode !== null && chipNode.parentNode) chipNode.parentNode.removeChild(chipNode);
    legendNode = keyNode = chipNode = null;
    legendChosen = false;
    legendReport = null;
    // A page as loaded is neither presenting nor printing; the window says so again.
    document.body.classList.remove("sitmap-presenting", "sitmap-printing");
    var map = L.map(shell.container, shell.options);
    if (shell.scale) L.control.scale().addTo(map);
    // The page's own script holds the map as the global named after its container
    // (folium's "map_sitmap"): that name stays the map shown.
    var name = shell.container.id;
    if (name && window[name] === oldMap) window[name] = map;
    build(map, data, config, regions, String(token));
    return true;
  }

  // Where the time of a page's first frame goes (read back by the benchmarks with
  // performance.getEntriesByType("mark")); ``fresh`` drops the marks of earlier data.
  function mark(name, fresh) {
    if (!window.performance || !performance.mark) return;
    if (fresh && performance.clearMarks) performance.clearMarks();
    performance.mark(name);
  }

  function build(map, data, config, regions, token) {
    mark("sitmap:build");
    shell.map = map;
    var countries = shell.countries, water = shell.water;
    map.createPane("smBase").style.zIndex = 250;
    map.createPane("smWater").style.zIndex = 252;
    map.createPane("smTiles").style.zIndex = 255;
    map.createPane("smRegions").style.zIndex = 260;
    // Names under every mark (areas 390, points 420) and never in the way of a click.
    var labelPane = map.createPane("smLabels");
    labelPane.style.zIndex = 380;
    labelPane.style.pointerEvents = "none";
    map.createPane("smAreas").style.zIndex = 390;
    map.createPane("smPoints").style.zIndex = 420;
    // Page panels (the standalone timeline, later the storyboard) register themselves in
    // window.sitmapPanels; layout() takes screen space before the first view is set.
    var panels = (config.panels || []).map(function (name) {
      return (window.sitmapPanels || {})[name];
    }).filter(Boolean);
    var slots = panels.map(function (panel) { return panel.layout(config, map); });
    // The annotations (annotate.js), above the marks.
    var notes = window.sitmapAnnotationLayer || null;
    var noteSlot = notes !== null ? notes.layout(config, map) : null;
    var page = init(map, data, config);
    mark("sitmap:events");
    shell.page = page;
    var api = page.api;
    // A table too big for the page: the host sends bins or the points in view (density.js).
    if (config.density && window.sitmapDensity) {
      window.sitmapDensity.attach(map, api, config, function (id) { page.clicked(id); });
      // The heatmap follows what the density layer draws.
      var setDensity = api.setDensity;
      api.setDensity = function (next) {
        var out = setDensity(next);
        page.redrawHeat();
        return out;
      };
    }
    if (config.legend) legend(map, config, api, data.corr.indexOf(1) >= 0, page);
    page.start(token !== null);
    mark("sitmap:first-view");
    // The basemap comes after the first view is set: every change of zoom re-projects it.
    basemap(map, countries, regions, config, api, water, page.toggles);
    mark("sitmap:basemap");
    if (notes !== null) notes.attach(api, noteSlot);
    panels.forEach(function (panel, k) { panel.attach(api, slots[k]); });
    api.replaceData = replaceData;
    page.finish(shell.connected, token);
    mark("sitmap:ready");
    return api;
  }
})();
