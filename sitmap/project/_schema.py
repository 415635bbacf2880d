"""The project file's format versions: the SQL of today's schema, the schema of every
version as data (``SCHEMAS``), the ladder of upgrade steps between them and the row caps.

A file must hold exactly the tables, columns and indexes of its version; reading it
(``sitmap.project._store``) copies its rows into a database made with ``MEMORY_SQL`` of
that version, then climbs ``LADDER`` from its version to ``FORMAT_VERSION``.

``FORMAT_VERSION``, ``SCHEMAS``, ``_SCHEMA``, ``_MEMORY_SQL`` and ``_LADDER`` are read from
this module at call time (``_schema.FORMAT_VERSION``), so a test can add a later version.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from typing import Final

from sitmap._untrusted import Schema, Table, schema_from_sql
from sitmap.events import DTYPES
from sitmap.events._schema import ADDED_COLUMNS, ADDED_IN_V3, ADDED_IN_V4, ADDED_IN_V5

__all__ = ["FORMAT_VERSION", "MAX_ROWS", "SCHEMAS"]


def _sql_text(value: str) -> str:
    """``value`` as an SQL string literal, as ``pragma table_info`` shows a DEFAULT."""
    return "'" + value.replace("'", "''") + "'"


FORMAT_VERSION: Final = 7
# The most rows of each log a project may hold: far beyond any analyst's work, and small
# enough that reading them and replaying them in events() stays within the open budget.
MAX_ROWS: Final[dict[str, int]] = {
    "rules": 20_000, "corrections": 50_000, "scenes": 10_000, "reviews": 200_000,
    "annotations": 10_000,
}
"""Table -> the most rows a project file may hold in it; a file with more is refused."""

_SQL_TYPES: Final = {"string": "TEXT", "Int64": "INTEGER", "float64": "REAL", "bool": "INTEGER"}


def _schema_sql(events: dict[str, str], *, reviews: bool = True,
                article_url: bool = True, annotations: bool = True,
                annotation_unit: bool = True) -> str:
    """The SQL of a project database whose events table has the columns ``events``, with the
    ``reviews`` table (format 4) or without it, the articles' ``url`` column (format 5) or
    without it, and the ``annotations`` table (format 6) or without it, with its ``unit``
    column (format 7) or without it."""
    columns = ", ".join(f'"{c}" {_SQL_TYPES.get(t, "TEXT")}' for c, t in events.items())
    sql = _SCHEMA_TEMPLATE.replace("{events}", columns).replace(
        "{article_url}", _ARTICLE_URL_SQL if article_url else "")
    if reviews:
        sql += _REVIEWS_SQL
    if annotations:
        sql += _ANNOTATIONS_SQL.replace("{unit}", _ANNOTATION_UNIT_SQL if annotation_unit
                                        else "")
    return sql


_SCHEMA_TEMPLATE: Final = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT NOT NULL, source TEXT NOT NULL,
    author TEXT NOT NULL, published TEXT, dateline_place TEXT NOT NULL, dateline_date TEXT,
    path TEXT NOT NULL, language TEXT NOT NULL, text TEXT NOT NULL,
    paragraphs TEXT NOT NULL, sentences TEXT NOT NULL, added_at TEXT NOT NULL{article_url});
CREATE TABLE events ({events});
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, event_id TEXT, article_id TEXT,
    toponym_start INTEGER, toponym_end INTEGER, surface TEXT, payload TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE rules (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, surface TEXT NOT NULL, place TEXT,
    enabled INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE scenes (
    id INTEGER PRIMARY KEY, position INTEGER NOT NULL, caption TEXT NOT NULL,
    view TEXT NOT NULL, date_start TEXT, date_end TEXT, filters TEXT NOT NULL,
    highlighted TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE baseline (
    id INTEGER PRIMARY KEY CHECK (id = 1), at TEXT NOT NULL, scene_id INTEGER);
CREATE TABLE event_history (
    event_id TEXT PRIMARY KEY, first_seen TEXT NOT NULL, last_changed TEXT NOT NULL,
    fingerprint TEXT NOT NULL);
"""
# Format 4: the rows an analyst marked reviewed, each identified like a correction's target
# (event id, or article id and toponym offsets, so a mark survives a rebuild that changes
# which event id a merged row keeps).
_REVIEWS_SQL: Final = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY, event_id TEXT, article_id TEXT, toponym_start INTEGER,
    toponym_end INTEGER, reviewed_at TEXT NOT NULL);
"""
# Format 5: where an article can be read (an http/https address; "" for none and for the
# articles of older files).
_ARTICLE_URL_SQL: Final = ", url TEXT NOT NULL DEFAULT ''"
# Format 6: what the briefer drew on the map (sitmap.model.Annotation): points as JSON
# [[lat, lon], ...], a colour name of the palette, the scene ids it belongs to as a JSON
# list (empty: every scene) and the days it shows for.
_ANNOTATIONS_SQL: Final = """
CREATE TABLE annotations (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, points TEXT NOT NULL, radius REAL,
    label TEXT NOT NULL, colour TEXT NOT NULL, dashed INTEGER NOT NULL, scenes TEXT NOT NULL,
    date_start TEXT, date_end TEXT, created_at TEXT NOT NULL{unit});
"""
# Format 7: the unit of a range ring's distance readout (a name of sitmap.model.RING_UNITS;
# "km" for the annotations of older files).
_ANNOTATION_UNIT_SQL: Final = ", unit TEXT NOT NULL DEFAULT 'km'"
_SCHEMA: Final = _schema_sql(DTYPES)
"""Today's schema (FORMAT_VERSION), as the SQL that makes a new project's database."""

# -- format versions: the schema of each, as data, and the ladder between them --------------
#
# Every change to the schema bumps FORMAT_VERSION: a file must hold exactly the tables,
# columns and indexes of its version. Version 1 files may lack the event columns added to
# DTYPES while version 1 was current (ADDED_COLUMNS; "reports", sometimes with DEFAULT '');
# version 2 is version 1 with the events table holding exactly the DTYPES of then; version 3
# adds the events columns ADDED_IN_V3 (place_context, demonym); version 4 adds the events
# columns ADDED_IN_V4 (place_basis, the figures missing/displaced/cases, review_risk,
# review_reasons) and the reviews table; version 5 adds the events column ADDED_IN_V5 (url)
# and the articles' url; version 6 adds the annotations table; version 7 the annotations'
# unit, and lets the events hold rows of no single place (place_basis "unknown", kind "",
# lat and lon NULL), which the reader of version 6 would call damaged: it is told the file
# is newer.
_SCHEMA_V7: Final = schema_from_sql(_SCHEMA)
_SCHEMA_V6: Final = schema_from_sql(_schema_sql(DTYPES, annotation_unit=False))
_SCHEMA_V5: Final = schema_from_sql(_schema_sql(DTYPES, annotations=False))
_SCHEMA_V4: Final = schema_from_sql(
    _schema_sql({c: t for c, t in DTYPES.items() if c not in ADDED_IN_V5}, article_url=False,
                annotations=False)
)
_SCHEMA_V3: Final = schema_from_sql(
    _schema_sql({c: t for c, t in DTYPES.items() if c not in ADDED_IN_V4 and c not in
                 ADDED_IN_V5}, reviews=False, article_url=False, annotations=False)
)
_SCHEMA_V2: Final = schema_from_sql(
    _schema_sql(
        {c: t for c, t in DTYPES.items()
         if c not in ADDED_IN_V3 and c not in ADDED_IN_V4 and c not in ADDED_IN_V5},
        reviews=False, article_url=False, annotations=False,
    )
)
_SCHEMA_V1: Final = functools.reduce(
    lambda schema, column: schema.with_column(
        "events",
        column,
        optional=True,
        defaults=frozenset({None, _sql_text(ADDED_COLUMNS[column])}),
    ),
    ADDED_COLUMNS,
    _SCHEMA_V2,
)
SCHEMAS: Final[dict[int, Schema]] = {
    1: _SCHEMA_V1, 2: _SCHEMA_V2, 3: _SCHEMA_V3, 4: _SCHEMA_V4, 5: _SCHEMA_V5, 6: _SCHEMA_V6,
    7: _SCHEMA_V7,
}
"""Format version -> the tables, columns and indexes its files hold (nothing else)."""

# The in-memory copy of a file of each version is made with this SQL (sitmap's own: no
# trigger, view or stored expression of the file ever reaches it). Older versions are read into
# today's layout: a file's missing ADDED_COLUMNS, ADDED_IN_V3, ADDED_IN_V4 and ADDED_IN_V5
# columns (and the articles' url) get
# their defaults as rows are copied (sitmap.project._store._copy_table), and its reviews
# table and annotations table start empty; the annotations of a format-6 file get the unit's
# DEFAULT ("km").
_MEMORY_SQL: Final[dict[int, str]] = {v: _SCHEMA for v in (1, 2, 3, 4, 5, 6, 7)}


def _v1_to_v2(db: sqlite3.Connection) -> None:
    # The events table of a v1 file was copied into one with every DTYPES column (a missing
    # ADDED_COLUMNS column got its default); v2 only makes that the rule.
    db.execute("UPDATE meta SET value = '2' WHERE key = 'format_version'")


def _v2_to_v3(db: sqlite3.Connection) -> None:
    # The events of a v2 file were copied into a table with the v3 columns place_context
    # ("": not known; a new geoparse fills it) and demonym (false); v3 names the layout.
    db.execute("UPDATE meta SET value = '3' WHERE key = 'format_version'")


def _v3_to_v4(db: sqlite3.Connection) -> None:
    # The events of a v3 file were copied into a table with the v4 columns at their
    # defaults (ADDED_IN_V4: place_basis "named", no figures, no review risk); the risk is
    # computed again when the table is read (BuiltEventsTable.load). No row is reviewed yet.
    db.execute("UPDATE meta SET value = '4' WHERE key = 'format_version'")


def _v4_to_v5(db: sqlite3.Connection) -> None:
    # The articles and events of a v4 file were copied into tables with the v5 url columns
    # at "" (an older article has no known address).
    db.execute("UPDATE meta SET value = '5' WHERE key = 'format_version'")


def _v5_to_v6(db: sqlite3.Connection) -> None:
    # The annotations table was made empty with the memory schema: nothing was drawn yet.
    db.execute("UPDATE meta SET value = '6' WHERE key = 'format_version'")


def _v6_to_v7(db: sqlite3.Connection) -> None:
    # The annotations of a v6 file were copied into a table whose unit column defaults to
    # "km", the unit every ring of format 6 was written in. A v6 file holds no event row of
    # no single place (it could not), so its events are v7 rows as they are.
    db.execute("UPDATE meta SET value = '7' WHERE key = 'format_version'")


_LADDER: Final[dict[int, Callable[[sqlite3.Connection], None]]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7,
}
"""Format version v -> the step that upgrades an in-memory database of version v to v+1."""


META_TABLE: Final[Table] = _SCHEMA_V7.table("meta")
"""The ``meta`` table, the same in every version (it says which)."""
