/* sitmap map page core (window.sitmapCore): what the page decides, without Leaflet or the
 * DOM; plain arrays, objects and numbers in and out (tests/test_page_core.py). After util.js,
 * before map.js.
 */
(function () {
  "use strict";

  var util = window.sitmapUtil;

  // Grid clustering of point places up to this zoom; above it every place is drawn.
  var CLUSTER_MAX_ZOOM = 8;
  var CELL_PX = 56;
  var AREA_KINDS = { region: true, country: true };

  // Web Mercator position of a place in [0, 1] ({x, y}), for grid clustering at any zoom.
  function mercator(lat, lon) {
    var s = Math.sin((lat * Math.PI) / 180);
    return { x: (lon + 180) / 360, y: 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI) };
  }

  // A "spot" is one drawn place: all events at the same coordinates and precision.
  // {spots: [{lat, lon, x, y, area, kind, cc, radius, events, visible}], spotOf: Int32Array};
  // radius: the metres an area's circle is drawn at (data.rad; 0: the kind's default).
  // An event without coordinates (a figure of no single place: data.lat[i] null) has no
  // spot: spotOf[i] is -1, it is counted but drawn nowhere.
  function groupSpots(data) {
    var n = data.id.length, S = data.strings, kinds = data.kinds;
    var spotOf = new Int32Array(n);
    var spots = [];
    var spotIndex = {};
    for (var i = 0; i < n; i++) {
      if (data.lat[i] === null || data.lon[i] === null) { spotOf[i] = -1; continue; }
      var key = data.lat[i] + "," + data.lon[i] + "," + data.kind[i];
      var sp = spotIndex[key];
      if (sp === undefined) {
        sp = spots.length;
        spotIndex[key] = sp;
        var m = mercator(data.lat[i], data.lon[i]);
        spots.push({
          lat: data.lat[i], lon: data.lon[i], x: m.x, y: m.y,
          area: AREA_KINDS[kinds[data.kind[i]]] === true,
          kind: kinds[data.kind[i]], cc: S[data.cc[i]],
          radius: data.rad !== undefined && data.rad[i] > 0 ? data.rad[i] : 0,
          events: [], visible: [],
        });
      }
      spotOf[i] = sp;
      spots[sp].events.push(i);
    }
    return { spots: spots, spotOf: spotOf };
  }

  // Python's str.casefold(), which the table's filter uses (sitmap.events.filter_events):
  // toLowerCase(), then each character whose case folding differs from its lower case
  // ("ß" -> "ss", "ﬁ" -> "fi", final "ς" -> "σ") through data.fold, the table
  // sitmap.events.fold_table() sends. Without the table: toLowerCase() alone.
  function casefold(text, table) {
    var lower = String(text).toLowerCase();
    if (!table) return lower;
    var out = null;
    for (var k = 0; k < lower.length; k++) {
      var to = Object.prototype.hasOwnProperty.call(table, lower[k]) ? table[lower[k]] : null;
      if (to !== null && out === null) out = [lower.slice(0, k)];
      if (out !== null) out.push(to === null ? lower[k] : to);
    }
    return out === null ? lower : out.join("");
  }

  // The filter over the data blob's events (as sitmap.events.filter_events means it);
  // categories: the legend's [{name, color}], which the payload's cat indexes.
  function makeFilter(data, categories, showBackground) {
    var S = data.strings, roles = data.roles, n = data.id.length;
    var state = {
      from: null,
      to: null,
      cats: null, // null: all; else {categoryIndex: true}
      text: "",
      needle: "", // state.text case-folded as the table folds it
      showBackground: showBackground !== false,
      sources: null, // null: all; else {sourceName: true}
      roles: null, // null: all; else {roleIndex: true}
    };
    var foldedText = null; // per event, its searched columns folded: on the first search
    var TEXT_COLUMNS = ["passage", "place", "surface", "title", "sources"];
    var sourcesOf = {}; // string index of a sources value -> its source names

    // A row's sources: every report of a merged event ("; "-joined, as
    // sitmap.events.filter_events reads them); [""] for a row naming none.
    function rowSources(i) {
      var k = data.sources[i];
      if (sourcesOf[k] === undefined) sourcesOf[k] = S[k] ? S[k].split("; ") : [""];
      return sourcesOf[k];
    }

    function chosenSource(i) {
      var names = rowSources(i);
      for (var k = 0; k < names.length; k++) {
        if (Object.prototype.hasOwnProperty.call(state.sources, names[k])) return true;
      }
      return false;
    }

    // Datelines, mentions, and places named only by a demonym ("Kazakh" officials).
    function isBackground(i) {
      return roles[data.role[i]] !== "event" || (data.dem !== undefined && data.dem[i] === 1);
    }

    function passesNonDate(i) {
      if (state.cats !== null && state.cats[data.cat[i]] !== true) return false;
      if (!state.showBackground && isBackground(i)) return false;
      if (state.roles !== null && state.roles[data.role[i]] !== true) return false;
      if (state.sources !== null && !chosenSource(i)) return false;
      if (state.needle) {
        if (foldedText === null) {
          var folded = {}; // each distinct string folded once
          foldedText = new Array(n);
          for (var k = 0; k < n; k++) {
            foldedText[k] = TEXT_COLUMNS.map(function (column) {
              var code = data[column][k];
              if (folded[code] === undefined) folded[code] = casefold(S[code], data.fold);
              return folded[code];
            }).join("\n");
          }
        }
        if (foldedText[i].indexOf(state.needle) < 0) return false;
        // A needle holding the joining line break may match across two columns; the
        // table matches within one column only.
        if (state.needle.indexOf("\n") >= 0 && !TEXT_COLUMNS.some(function (column) {
          return casefold(S[data[column][i]], data.fold).indexOf(state.needle) >= 0;
        })) return false;
      }
      return true;
    }

    function passes(i) {
      if (state.from !== null || state.to !== null) {
        if (data.d0[i] === null) return false;
        if (state.from !== null && data.d1[i] < state.from) return false;
        if (state.to !== null && data.d0[i] > state.to) return false;
      }
      return passesNonDate(i);
    }

    return {
      isBackground: isBackground,
      passes: passes,
      passesNonDate: passesNonDate,
      setRange: function (startIso, endIso) {
        state.from = util.isoToDay(startIso);
        state.to = util.isoToDay(endIso);
      },
      range: function () { return [util.dayToIso(state.from), util.dayToIso(state.to)]; },
      set: function (f) {
        f = f || {};
        if (f.categories === null || f.categories === undefined) state.cats = null;
        else {
          state.cats = {};
          for (var c = 0; c < categories.length; c++) {
            if (f.categories.indexOf(categories[c].name) >= 0) state.cats[c] = true;
          }
        }
        if (f.text !== undefined) {
          state.text = String(f.text || "").trim().toLowerCase();
          state.needle = casefold(state.text, data.fold);
        }
        if (f.showBackground !== undefined) state.showBackground = f.showBackground !== false;
        // Present (null included) sets them; absent keeps them, as for the other keys.
        if (f.sources !== undefined) {
          state.sources = null;
          if (f.sources !== null) {
            state.sources = {};
            f.sources.forEach(function (name) { state.sources[String(name)] = true; });
          }
        }
        if (f.roles !== undefined) {
          state.roles = null;
          if (f.roles !== null) {
            state.roles = {};
            for (var r = 0; r < roles.length; r++) {
              if (f.roles.indexOf(roles[r]) >= 0) state.roles[r] = true;
            }
          }
        }
      },
      get: function () {
        var out = {
          categories: state.cats === null ? null : categories
            .filter(function (c, k) { return state.cats[k] === true; })
            .map(function (c) { return c.name; }),
          text: state.text,
          showBackground: state.showBackground,
        };
        // Only when set, so a filter without them keeps its older shape.
        if (state.sources !== null) out.sources = Object.keys(state.sources).sort();
        if (state.roles !== null) {
          out.roles = roles.filter(function (r, k) { return state.roles[k] === true; });
        }
        return out;
      },
    };
  }

  // Fills visible[i] and each spot's visible list; returns how many events pass (those
  // drawn nowhere included).
  function applyFilter(filter, spots, spotOf, visible) {
    var total = 0;
    for (var s = 0; s < spots.length; s++) spots[s].visible = [];
    for (var i = 0; i < visible.length; i++) {
      var v = filter.passes(i) ? 1 : 0;
      visible[i] = v;
      if (v) { total++; if (spotOf[i] >= 0) spots[spotOf[i]].visible.push(i); }
    }
    return total;
  }

  // Per day of span ([first, last] day numbers), the events starting then that pass
  // passesNonDate (every filter but the range).
  function dayCounts(d0, span, passesNonDate) {
    var counts = new Array(span[1] - span[0] + 1).fill(0);
    for (var k = 0; k < d0.length; k++) {
      var d = d0[k];
      if (d === null || d < span[0] || d > span[1] || !passesNonDate(k)) continue;
      counts[d - span[0]]++;
    }
    return counts;
  }

  // The point spots to draw at this zoom: {points: {spot: true}, clusters: {cell key:
  // {spots, count, lat, lon}}} (lat, lon: sums weighted by visible count).
  function gridCells(spots, zoom, inView) {
    var wantPoints = {}, wantClusters = {};
    var cell = (256 * Math.pow(2, zoom)) / CELL_PX;
    var cells = {};
    for (var s = 0; s < spots.length; s++) {
      var sp = spots[s];
      if (sp.area || sp.visible.length === 0 || !inView(sp)) continue;
      if (zoom > CLUSTER_MAX_ZOOM) { wantPoints[s] = true; continue; }
      var key = Math.floor(sp.x * cell) + ":" + Math.floor(sp.y * cell);
      var c = cells[key];
      if (c === undefined) {
        cells[key] = c = { spots: [s], count: sp.visible.length, lat: sp.lat * sp.visible.length,
          lon: sp.lon * sp.visible.length };
      } else {
        c.spots.push(s);
        c.count += sp.visible.length;
        c.lat += sp.lat * sp.visible.length;
        c.lon += sp.lon * sp.visible.length;
      }
    }
    for (var k in cells) {
      var cl = cells[k];
      if (cl.spots.length === 1) wantPoints[cl.spots[0]] = true;
      else wantClusters[k] = cl;
    }
    return { points: wantPoints, clusters: wantClusters };
  }

  // How much a visible event pulls the first view (and Zoom to events), by tier: places
  // where something happened (role "event") as points or regions, then event countries,
  // then background places (datelines, mentions). A point counts more than a region, a
  // region more than a country; a tier is used only when those before it are empty.
  var FRAME_KIND_WEIGHT = { region: 0.25, country: 0.1 };
  // Places this near each other (chained) are one group for framing.
  var FRAME_LINK_KM = 1200;
  var FRAME_CELL_DEG = 2;

  function distanceKm(a, b) {
    var rad = Math.PI / 180;
    var dLat = (b.lat - a.lat) * rad, dLon = (b.lon - a.lon) * rad;
    var h = Math.pow(Math.sin(dLat / 2), 2) +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.pow(Math.sin(dLon / 2), 2);
    return 12742 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  function frameTier(data, i) {
    if (data.roles[data.role[i]] !== "event") return 2;
    if (data.dem !== undefined && data.dem[i] === 1) return 2;
    return data.kinds[data.kind[i]] === "country" ? 1 : 0;
  }

  // The group of each of the places ({lat, lon}) in list (a number per place, equal within
  // a group): places within FRAME_LINK_KM of each other (chained) form a group; measured
  // between the centres of the occupied cells of a CELL_DEG grid, found by looking only at
  // the cells that near.
  function linkGroups(list) {
    var cellOf = {}, parent = [], centres = [];
    function find(a) {
      while (parent[a] !== a) { parent[a] = parent[parent[a]]; a = parent[a]; }
      return a;
    }
    var columns = 360 / FRAME_CELL_DEG;
    var spotCell = list.map(function (place) {
      var row = Math.floor((place.lat + 90) / FRAME_CELL_DEG);
      var col = Math.floor((place.lon + 180) / FRAME_CELL_DEG) % columns;
      var key = row + ":" + col;
      if (cellOf[key] === undefined) {
        cellOf[key] = parent.length;
        parent.push(parent.length);
        centres.push({ row: row, col: col, lat: 0, lon: 0, n: 0 });
      }
      var c = centres[cellOf[key]];
      c.lat += place.lat; c.lon += place.lon; c.n += 1;
      return cellOf[key];
    });
    var cellKm = FRAME_CELL_DEG * 111.2;
    var rows = Math.ceil(FRAME_LINK_KM / cellKm) + 1;
    centres.forEach(function (c) { c.lat /= c.n; c.lon /= c.n; });
    centres.forEach(function (c, k) {
      var cos = Math.max(0.02, Math.cos(Math.min(89, Math.abs(c.lat) + rows * FRAME_CELL_DEG) *
        Math.PI / 180));
      var cols = Math.min(columns / 2, Math.ceil(FRAME_LINK_KM / (cellKm * cos)) + 1);
      for (var dr = -rows; dr <= rows; dr++) {
        for (var dc = -cols; dc <= cols; dc++) {
          var other = cellOf[(c.row + dr) + ":" + ((c.col + dc + columns) % columns)];
          if (other === undefined || other <= k || find(other) === find(k)) continue;
          if (distanceKm(c, centres[other]) <= FRAME_LINK_KM) parent[find(other)] = find(k);
        }
      }
    });
    return spotCell.map(function (c) { return find(c); });
  }

  // The spots to frame (indexes): of the first non-empty tier (tierOf(event): 0-2), the
  // heaviest groups of neighbouring places, added heaviest first until they hold at least
  // half the tier's weight (so far mentions and a lone story elsewhere do not shrink the
  // area that matters to dots).
  function framingSpots(spots, tierOf) {
    var tiers = [[], [], []];
    var weights = [[], [], []];
    for (var s = 0; s < spots.length; s++) {
      var vis = spots[s].visible;
      if (vis.length === 0) continue;
      var best = 3, w = 0;
      for (var j = 0; j < vis.length; j++) {
        var t = tierOf(vis[j]);
        if (t < best) { best = t; w = 0; }
        if (t === best) w += 1;
      }
      tiers[best].push(s);
      weights[best].push(w * (FRAME_KIND_WEIGHT[spots[s].kind] || 1));
    }
    var tier = tiers[0].length ? 0 : tiers[1].length ? 1 : 2;
    var list = tiers[tier], weight = weights[tier];
    if (list.length <= 1) return list;
    var groupOf = linkGroups(list.map(function (sp) { return spots[sp]; }));
    var groups = {}, total = 0;
    list.forEach(function (sp, k) {
      var g = groupOf[k];
      if (groups[g] === undefined) groups[g] = { weight: 0, spots: [] };
      groups[g].weight += weight[k];
      groups[g].spots.push(sp);
      total += weight[k];
    });
    var ordered = Object.keys(groups).map(function (g) { return groups[g]; })
      .sort(function (a, b) { return b.weight - a.weight; });
    var chosen = [], held = 0;
    for (var k = 0; k < ordered.length && held < total / 2; k++) {
      chosen = chosen.concat(ordered[k].spots);
      held += ordered[k].weight;
    }
    return chosen;
  }

  // [up to zoom, thousands of people]
  var LABEL_MIN_POPULATION = [[3, 5000], [4, 2000], [5, 500], [6, 200], [99, 0]];
  var LABEL_GAP = 9; // px from the point to the name: clear of a pin drawn on it

  // The smallest town (thousands of people) named at this zoom.
  function labelFloor(zoom) {
    for (var k = 0; k < LABEL_MIN_POPULATION.length; k++) {
      if (zoom <= LABEL_MIN_POPULATION[k][0]) return LABEL_MIN_POPULATION[k][1];
    }
    return 0;
  }

  function labelKey(row) { return row[0] + "|" + row[1] + "|" + row[2]; }

  // fixed and extra [name, lat, lon, thousands] rows (others dropped), no repeats,
  // most populous first.
  function mergeLabels(fixed, extra) {
    var seen = {}, merged = [];
    fixed.concat(Array.isArray(extra) ? extra : []).forEach(function (row) {
      if (!Array.isArray(row) || row.length < 4) return;
      var clean = [String(row[0]), Number(row[1]), Number(row[2]), Number(row[3])];
      if (!isFinite(clean[1]) || !isFinite(clean[2]) || !isFinite(clean[3])) return;
      var key = labelKey(clean);
      if (seen[key]) return;
      seen[key] = true;
      merged.push(clean);
    });
    merged.sort(function (a, b) { return b[3] - a[3]; });
    return merged;
  }

  // The rows to name (most populous first, at least floor, inView): a name starts just
  // right of project(row) -> {x, y} px; one that would overlap a bigger town's name is
  // left out (district names crowd around a capital).
  function chooseLabels(rows, floor, inView, project) {
    var kept = [];
    var taken = []; // screen boxes of the names kept so far, the most populous first
    for (var k = 0; k < rows.length && rows[k][3] >= floor; k++) {
      if (!inView(rows[k])) continue;
      var pt = project(rows[k]);
      var box = [pt.x + LABEL_GAP, pt.y - 8, pt.x + LABEL_GAP + 6.5 * rows[k][0].length, pt.y + 8];
      var clash = taken.some(function (b) {
        return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
      });
      if (clash) continue;
      taken.push(box);
      kept.push(rows[k]);
    }
    return kept;
  }

  // ---- playback (the same rule as sitmap.viewmodel.play_start / play_next) -------------

  var PLAY_SPEEDS = [0.5, 1, 2, 4, 8];
  var PLAY_STEPS = { day: 1, week: 7 };

  // The range playing starts from ([a, b] in days, data span [first, last]): from the
  // whole span or its end, the first step's days; otherwise the chosen range.
  function playStart(range, first, last, stepDays) {
    if ((range[0] === first && range[1] === last) || range[1] >= last) {
      return [first, Math.min(last, first + stepDays - 1)];
    }
    return [range[0], range[1]];
  }

  // The next range of playback, or null at the end: the window slides on by stepDays (its
  // width kept), or with cumulative grows by stepDays (its start kept).
  function playNext(range, first, last, stepDays, cumulative) {
    if (range[1] >= last) return null;
    var by = Math.min(stepDays, last - range[1]);
    return cumulative ? [range[0], range[1] + by] : [range[0] + by, range[1] + by];
  }

  // ---- what an audience reads of the filter ------------------------------------------

  var CHIP_MAX_NAMES = 3;

  function someNames(names, blank) {
    var shown = names.slice(0, CHIP_MAX_NAMES).map(function (n) { return n || blank; });
    var more = names.length - shown.length;
    return shown.join(", ") + (more > 0 ? " +" + more + " more" : "");
  }

  // The filter (getFilter()'s shape) in words, "" when it shows everything: the chip the
  // audience reads in presentation and on the standalone page.
  function filterSummary(f) {
    var parts = [];
    if (f.categories !== null && f.categories !== undefined) {
      parts.push(f.categories.length === 0 ? "no categories"
        : someNames(f.categories, ""));
    }
    if (f.text) parts.push("“" + f.text + "”");
    if (f.sources !== null && f.sources !== undefined) {
      parts.push((f.sources.length === 1 ? "source " : "sources ") +
        someNames(f.sources, "(none named)"));
    }
    if (f.roles !== null && f.roles !== undefined) {
      parts.push((f.roles.length === 1 ? "role " : "roles ") + someNames(f.roles, ""));
    }
    if (f.showBackground === false) parts.push("background places hidden");
    return parts.length === 0 ? "" : "Filtered: " + parts.join(" · ");
  }

  window.sitmapCore = {
    CLUSTER_MAX_ZOOM: CLUSTER_MAX_ZOOM,
    filterSummary: filterSummary,
    PLAY_SPEEDS: PLAY_SPEEDS,
    PLAY_STEPS: PLAY_STEPS,
    playStart: playStart,
    playNext: playNext,
    mercator: mercator,
    groupSpots: groupSpots,
    casefold: casefold,
    makeFilter: makeFilter,
    applyFilter: applyFilter,
    dayCounts: dayCounts,
    gridCells: gridCells,
    distanceKm: distanceKm,
    frameTier: frameTier,
    linkGroups: linkGroups,
    framingSpots: framingSpots,
    labelFloor: labelFloor,
    labelKey: labelKey,
    mergeLabels: mergeLabels,
    chooseLabels: chooseLabels,
  };
})();
