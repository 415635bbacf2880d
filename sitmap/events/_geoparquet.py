"""The event table as GeoParquet 1.1 (https://geoparquet.org/releases/v1.1.0/): every
column of the schema, and a ``geometry`` column of WKB points (each row's ``lon``, ``lat``;
an area's representative point), described by the file's ``geo`` metadata. QGIS and
GeoPandas open it as a point layer in OGC:CRS84 (longitude, latitude on WGS 84).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from sitmap._atomic import atomic_output
from sitmap.events._schema import validate

__all__ = ["GEOPARQUET_VERSION", "geo_metadata", "write_geoparquet"]

GEOPARQUET_VERSION: Final = "1.1.0"
# A row group per this many rows: a reader can skip groups by their statistics.
_GROUP_ROWS: Final = 100_000
# WKB Point, little-endian: byte order 1, geometry type 1, then x and y as doubles.
_WKB_POINT: Final = np.dtype([("order", "u1"), ("kind", "<u4"), ("x", "<f8"), ("y", "<f8")])


def _wkb_points(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WKB of each point (21 bytes each), and which rows have one (finite coordinates)."""
    has = np.isfinite(lon) & np.isfinite(lat)
    packed = np.zeros(len(lon), dtype=_WKB_POINT)
    packed["order"], packed["kind"] = 1, 1
    packed["x"], packed["y"] = np.where(has, lon, 0.0), np.where(has, lat, 0.0)
    return packed.view(np.uint8).reshape(len(lon), _WKB_POINT.itemsize), has


def geo_metadata(frame: pd.DataFrame) -> dict[str, Any]:
    """The ``geo`` file metadata GeoParquet 1.1 asks for, for the event table ``frame``:
    one WKB ``geometry`` column of points (``Point`` only), its ``bbox`` ``[xmin, ymin,
    xmax, ymax]`` (left out when no row has coordinates), CRS left at the spec's default
    (OGC:CRS84). Raises nothing."""
    lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
    lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
    has = np.isfinite(lon) & np.isfinite(lat)
    column: dict[str, Any] = {"encoding": "WKB", "geometry_types": ["Point"]}
    if has.any():
        column["bbox"] = [float(lon[has].min()), float(lat[has].min()),
                          float(lon[has].max()), float(lat[has].max())]
    return {"version": GEOPARQUET_VERSION, "primary_column": "geometry",
            "columns": {"geometry": column}}


def write_geoparquet(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write the event table ``frame`` to ``path`` as GeoParquet, a row group at a time,
    atomically (a temporary file beside it, then renamed).

    Raises:
        sitmap.errors.SchemaError: ``frame`` does not follow the schema.
        sitmap.errors.ExportError: the file cannot be written (the message names it).
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    frame = validate(frame)
    meta = json.dumps(geo_metadata(frame)).encode("utf-8")
    schema: pa.Schema | None = None
    with atomic_output(Path(path), what="the GeoParquet file") as handle:
        writer: pq.ParquetWriter | None = None
        try:
            for at in range(0, max(len(frame), 1), _GROUP_ROWS):
                part = frame.iloc[at : at + _GROUP_ROWS]
                table = pa.Table.from_pandas(part, preserve_index=False)
                wkb, has = _wkb_points(part["lon"].to_numpy(dtype=float, na_value=np.nan),
                                       part["lat"].to_numpy(dtype=float, na_value=np.nan))
                points = pa.Array.from_buffers(pa.binary(_WKB_POINT.itemsize), len(part),
                                               [None, pa.py_buffer(wkb.tobytes())])
                geometry = pc.if_else(pa.array(has), points,
                                      pa.scalar(None, points.type)).cast(pa.binary())
                table = table.append_column("geometry", geometry)
                if schema is None:
                    schema = table.schema.with_metadata(
                        {**(table.schema.metadata or {}), b"geo": meta})
                    writer = pq.ParquetWriter(handle, schema)
                assert writer is not None
                writer.write_table(table.cast(schema))
        finally:
            if writer is not None:
                writer.close()
