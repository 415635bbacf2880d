"""The event table: build, validate, merge, filter (see ``_schema`` for the columns)."""

from __future__ import annotations

from sitmap.events._schema import (
    CATEGORIES,
    COLUMNS,
    DTYPES,
    FIGURE_COLUMNS,
    KINDS,
    ROLES,
    SchemaError,
    empty_frame,
    validate,
)
from sitmap.events._synthetic import synthetic_events

__all__ = [
    "CATEGORIES",
    "COLUMNS",
    "DTYPES",
    "FIGURE_COLUMNS",
    "KINDS",
    "ROLES",
    "SchemaError",
    "empty_frame",
    "synthetic_events",
    "validate",
]
