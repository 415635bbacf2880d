/* sitmap: unpack the basemap's compact GeoJSON (sitmap.mapping._assets.pack_features).
 *
 * A packed FeatureCollection has "packed": the number of steps per degree; each line or
 * ring of its geometries is one flat array of whole numbers, the first point then the
 * differences to each next one ([x0, y0, dx1, dy1, ...]). Returns plain GeoJSON; anything
 * without "packed" comes back as it is. Defines window.sitmapUnpack.
 */
(function () {
  "use strict";
  var DEPTH = { LineString: 0, MultiLineString: 1, Polygon: 1, MultiPolygon: 2 };

  function line(flat, scale) {
    var out = [], x = 0, y = 0;
    for (var k = 0; k + 1 < flat.length; k += 2) {
      x += flat[k];
      y += flat[k + 1];
      out.push([x / scale, y / scale]);
    }
    return out;
  }

  function nested(coords, depth, scale) {
    if (depth === 0) return line(coords, scale);
    return coords.map(function (c) { return nested(c, depth - 1, scale); });
  }

  window.sitmapUnpack = function (collection) {
    if (!collection || !collection.packed) return collection;
    var scale = collection.packed;
    return {
      type: "FeatureCollection",
      features: (collection.features || []).map(function (f) {
        var g = f.geometry;
        return { type: "Feature", properties: f.properties,
          geometry: { type: g.type, coordinates: nested(g.coordinates, DEPTH[g.type], scale) } };
      }),
    };
  };
})();
