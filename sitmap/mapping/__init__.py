"""The map page and the exports: the only package that imports folium.

``build_page`` renders the Leaflet page the window shows and the standalone export inlines;
``asset_bytes`` serves the files the page links to under ``sitmap://assets/``;
``export_*`` write the event table as standalone HTML, GeoJSON, KML or CSV; ``labels_for``
picks the city names the offline basemap shows.
``_formats`` is the one registry of export formats (see ``ExportFormat``). The names load on
first use, so the command line reads the registry without importing folium.
See docs/design.md, "The map page contract".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitmap._lazy import lazy_names as _lazy_names

if TYPE_CHECKING:
    from sitmap.mapping._assets import ASSET_BASE, asset_bytes
    from sitmap.mapping._export import (
        EXPORT_FORMATS,
        export_csv,
        export_file,
        export_geojson,
        export_html,
        export_kml,
    )
    from sitmap.mapping._formats import (
        ExportFormat,
        ExportRequest,
        UnknownFormatError,
        write_export,
    )
    from sitmap.mapping._labels import labels_for
    from sitmap.mapping._page import ATTRIBUTION, CATEGORY_COLORS, AssetMode, build_page

__all__ = [
    "ASSET_BASE",
    "ATTRIBUTION",
    "CATEGORY_COLORS",
    "EXPORT_FORMATS",
    "AssetMode",
    "ExportFormat",
    "ExportRequest",
    "UnknownFormatError",
    "asset_bytes",
    "build_page",
    "export_csv",
    "export_file",
    "export_geojson",
    "export_html",
    "export_kml",
    "labels_for",
    "write_export",
]

_LAZY = {
    "ASSET_BASE": "sitmap.mapping._assets",
    "asset_bytes": "sitmap.mapping._assets",
    "EXPORT_FORMATS": "sitmap.mapping._export",
    "export_csv": "sitmap.mapping._export",
    "export_file": "sitmap.mapping._export",
    "export_geojson": "sitmap.mapping._export",
    "export_html": "sitmap.mapping._export",
    "export_kml": "sitmap.mapping._export",
    "ExportFormat": "sitmap.mapping._formats",
    "ExportRequest": "sitmap.mapping._formats",
    "UnknownFormatError": "sitmap.mapping._formats",
    "write_export": "sitmap.mapping._formats",
    "labels_for": "sitmap.mapping._labels",
    "ATTRIBUTION": "sitmap.mapping._page",
    "CATEGORY_COLORS": "sitmap.mapping._page",
    "AssetMode": "sitmap.mapping._page",
    "build_page": "sitmap.mapping._page",
}

__getattr__ = _lazy_names(__name__, _LAZY)
