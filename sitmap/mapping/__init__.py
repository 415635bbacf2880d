"""The map page and the exports: the only package that imports folium.

``build_page`` renders the Leaflet page the window shows and the standalone export inlines;
``asset_bytes`` serves the files the page links to under ``sitmap://assets/``;
``export_*`` write the event table as standalone HTML, GeoJSON, KML or CSV; ``labels_for``
picks the city names the offline basemap shows.
See docs/design.md, "The map page contract".
"""

from __future__ import annotations

from sitmap.mapping._assets import ASSET_BASE, asset_bytes
from sitmap.mapping._export import (
    EXPORT_FORMATS,
    export_csv,
    export_file,
    export_geojson,
    export_html,
    export_kml,
)
from sitmap.mapping._labels import labels_for
from sitmap.mapping._page import ATTRIBUTION, CATEGORY_COLORS, AssetMode, build_page

__all__ = [
    "ASSET_BASE",
    "ATTRIBUTION",
    "CATEGORY_COLORS",
    "EXPORT_FORMATS",
    "AssetMode",
    "asset_bytes",
    "build_page",
    "export_csv",
    "export_file",
    "export_geojson",
    "export_html",
    "export_kml",
    "labels_for",
]
