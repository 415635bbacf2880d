"""The event table: build, validate, merge, filter, write (see ``_schema`` for the columns).

``build_events`` turns articles into rows (rules in ``_build``), ``merge_events`` joins the
reports of one happening (``article_rows``, ``merge_reports`` and ``event_table`` are the
three steps of ``build_events``, for a batch engine that runs them apart), ``filter_events``
is the filter every view uses, ``to_geojson`` / ``write_events`` are the export formats,
``read_event_table`` reads event tables (sitmap's own exports, Parquet datasets, ACLED and
other CSV files), ``classify`` applies ``categories.toml``.
"""

from __future__ import annotations

from sitmap.events._bins import CELL_PX, DENSITY_THRESHOLD, EventGrid, carried_rows, day_bins
from sitmap.events._build import (
    ArticleRows,
    DateFinder,
    PlaceFinder,
    article_rows,
    build_events,
    event_table,
)
from sitmap.events._dates import DATE_FACTORS
from sitmap.events._filter import EventFilter, event_sources, filter_events, fold_table
from sitmap.events._geoparquet import geo_metadata, write_geoparquet
from sitmap.events._io import FORMATS, EventFormat, records, to_geojson, write_events
from sitmap.events._merge import (
    MERGE_KEY,
    SIMILARITY,
    merge_events,
    merge_reports,
    passage_similarity,
)
from sitmap.events._review import Margin, review_columns
from sitmap.events._rules import classify, parse_figures
from sitmap.events._schema import (
    CATEGORIES,
    COLUMNS,
    DTYPES,
    FIGURE_COLUMNS,
    KINDS,
    ROLES,
    SchemaError,
    empty_frame,
    event_row,
    place_label,
    validate,
)
from sitmap.events._span import timeline_span
from sitmap.events._synthetic import synthetic_events
from sitmap.events._tables import (
    ACLED_COLUMNS,
    ColumnMap,
    ColumnsFor,
    NeedsColumnMap,
    TableKind,
    TableRead,
    csv_header,
    header_key,
    mapping_header,
    read_event_table,
    table_kind,
)

__all__ = [
    "ACLED_COLUMNS",
    "CATEGORIES",
    "CELL_PX",
    "COLUMNS",
    "DATE_FACTORS",
    "DENSITY_THRESHOLD",
    "DTYPES",
    "FIGURE_COLUMNS",
    "FORMATS",
    "KINDS",
    "MERGE_KEY",
    "ROLES",
    "SIMILARITY",
    "ArticleRows",
    "DateFinder",
    "EventFilter",
    "EventGrid",
    "EventFormat",
    "Margin",
    "PlaceFinder",
    "ColumnMap",
    "ColumnsFor",
    "NeedsColumnMap",
    "SchemaError",
    "TableKind",
    "TableRead",
    "article_rows",
    "build_events",
    "carried_rows",
    "classify",
    "csv_header",
    "day_bins",
    "empty_frame",
    "event_row",
    "event_sources",
    "event_table",
    "filter_events",
    "fold_table",
    "geo_metadata",
    "header_key",
    "mapping_header",
    "merge_events",
    "merge_reports",
    "parse_figures",
    "passage_similarity",
    "place_label",
    "read_event_table",
    "records",
    "review_columns",
    "synthetic_events",
    "table_kind",
    "timeline_span",
    "to_geojson",
    "validate",
    "write_events",
    "write_geoparquet",
]
