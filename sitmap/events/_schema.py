"""The event table: the one DataFrame every view and export reads.

One row per (passage, place). Columns, dtypes and allowed values are fixed here and checked
by :func:`validate`; nothing downstream may rely on a column not listed.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from sitmap.errors import SitmapError
from sitmap.model import LAT_RANGE, LON_RANGE, coordinate_problem
from sitmap.vocabulary import (
    CATEGORIES,
    DATE_BASES,
    DATE_PRECISIONS,
    PLACE_BASES,
    PLACE_KINDS,
    ROLES,
)

# The "string" columns keep Python storage. With pyarrow installed (a dependency since event
# tables open from Parquet), pandas 3 would store them in Arrow, which holds UTF-8 only: a
# lone surrogate (a JSON "\ud800" escape in an untrusted file, which the exports write
# back as an escape) would then raise UnicodeEncodeError wherever a frame is built.
pd.set_option("mode.string_storage", "python")
_STRING: Final = pd.StringDtype()  # "string" as the option above makes it

__all__ = [
    "COLUMNS",
    "DTYPES",
    "CATEGORIES",
    "ROLES",
    "KINDS",
    "FIGURE_COLUMNS",
    "ADDED_COLUMNS",
    "ADDED_IN_V3",
    "ADDED_IN_V4",
    "ADDED_IN_V5",
    "SchemaError",
    "empty_frame",
    "event_row",
    "place_label",
    "share_repeated_text",
    "validate",
]

# The allowed values: one list each, in sitmap.vocabulary.
KINDS: Final = PLACE_KINDS
PRECISIONS: Final = DATE_PRECISIONS
BASES: Final = DATE_BASES
# People counted in a passage: casualties, troops, and (issue 13) people missing or
# abducted, displaced or evacuated, and disease cases. Never animals, money or percentages.
FIGURE_COLUMNS: Final = (
    "killed", "injured", "detained", "troops", "cases", "missing", "displaced"
)

# column -> pandas dtype. Strings are "string" (never NaN: empty string for "none");
# dates are timezone-naive datetime64 at midnight (NaT when unknown); figures are nullable
# integers (<NA> when the passage gives none).
DTYPES: Final[dict[str, str]] = {
    "event_id": "string",  # stable across runs: hash of article id + offsets + place id
    "article_id": "string",
    "title": "string",
    "source": "string",
    "sources": "string",  # all sources that report this event, "; "-joined (merged events)
    "article_ids": "string",  # all article ids of the merged event, "; "-joined
    "place": "string",  # resolved place name (English where a source tags it)
    # what tells the place from its homonyms (Place.context): a city's first-level region
    # and country ("New Hampshire, United States"), a region's country, "" for a country
    "place_context": "string",
    # where the place comes from (one of PLACE_BASES): "named" in the passage; "inherited"
    # from the previous event sentence of the paragraph; the "article"'s main place; the
    # country, for a "national" act; "unknown" for a figure that belongs to no single place
    # (lat/lon NaN, kind and place "": kept in the table, drawn nowhere). "" in rows of
    # files older than the column.
    "place_basis": "string",
    "place_id": "string",  # Place.id (gn:..., ne1:..., lm:..., user:...)
    "geonameid": "Int64",
    "lat": "float64",
    "lon": "float64",
    "country_code": "string",
    "kind": "string",  # precision of the location, one of KINDS ("" for place_basis unknown)
    "demonym": "bool",  # the place was named only by a demonym or adjective ("Kazakh")
    "role": "string",  # one of ROLES
    "toponym_text": "string",  # the surface text in the article
    "toponym_start": "Int64",
    "toponym_end": "Int64",
    "passage": "string",
    "passage_start": "Int64",
    "passage_end": "Int64",
    "date_start": "datetime64[ns]",
    "date_end": "datetime64[ns]",
    "date_precision": "string",  # one of PRECISIONS
    "date_basis": "string",  # one of BASES
    "date_text": "string",  # the expression the date came from ("" for article-date)
    "category": "string",  # one of CATEGORIES
    # 0..1: the chance the row is right, calibrated on the event gold set from the builder's
    # score (geoparser score x date and place factors), role, category cue and review
    # reasons (sitmap.events._review); 1.0 for an analyst's correction
    "confidence": "float64",
    "killed": "Int64",
    "injured": "Int64",
    "detained": "Int64",
    "troops": "Int64",
    "missing": "Int64",
    "displaced": "Int64",
    "cases": "Int64",
    "figures_conflict": "string",  # "" or e.g. "killed: 18 (src A) vs 26 (src B)"
    "n_sources": "Int64",
    "corrected": "bool",  # a user correction touched this row (issue 6)
    # "" for a row with one report (its passage columns are that report); for a merged row
    # a JSON list with one object per report, the kept one first: {"article_id", "source",
    # "passage", "passage_start", "passage_end"} - so every source's words stay reachable.
    "reports": "string",
    # 0..1: how likely the row is wrong, from what the pipeline knows (sitmap.events._review)
    "review_risk": "float64",
    "review_reasons": "string",  # the reasons for review_risk in words, "; "-joined
    # where the row's article can be read (Article.url: http or https only), "" if unknown
    "url": "string",
}
COLUMNS: Final = tuple(DTYPES)
# Columns added after tables were first saved: a frame without one gets this value, so
# frames from older project files and hand-made rows still validate.
ADDED_COLUMNS: Final[dict[str, str]] = {"reports": ""}
# Columns added in project format 3 (issue 12), with the value older files' rows get.
ADDED_IN_V3: Final[dict[str, Any]] = {"place_context": "", "demonym": False}
# Columns added in project format 4 (issue 13), with the value older files' rows get (the
# review risk of an older row is computed when it is read: sitmap.events.review_columns).
ADDED_IN_V4: Final[dict[str, Any]] = {
    "place_basis": "",  # not recorded: an older row may have borrowed its place
    "missing": None,
    "displaced": None,
    "cases": None,
    "review_risk": 0.0,
    "review_reasons": "",
}

# Columns added in project format 5 (issue 16), with the value older files' rows get.
ADDED_IN_V5: Final[dict[str, Any]] = {"url": ""}


class SchemaError(SitmapError, ValueError):
    """A frame does not follow the event-table schema."""


# What a row of one report, with no figures and no correction, holds unless told otherwise.
_ROW_DEFAULTS: Final[dict[str, Any]] = {
    "geonameid": None,
    **ADDED_IN_V3,
    **ADDED_IN_V4,
    **ADDED_IN_V5,
    "place_basis": "named",  # a new row's place is named in its passage unless it says else
    "date_text": "",
    **dict.fromkeys(FIGURE_COLUMNS),
    "figures_conflict": "",
    "n_sources": 1,
    "corrected": False,
    "reports": "",
}


def event_row(**values: Any) -> dict[str, Any]:
    """One event-table row as a dict in :data:`COLUMNS` order: ``values`` over the defaults
    of a row of one report (no figures, no conflict, not corrected); ``sources`` and
    ``article_ids`` default to the row's ``source`` and ``article_id``. The one place a row
    is written out: every row builder calls it. Values are kept as given (plain values stay
    plain, so the garbage collector need not track the dict).

    Raises:
        SchemaError: a value names no column, or a column without a default is missing.
    """
    return _event_row_of(values)


def _event_row_of(values: dict[str, Any]) -> dict[str, Any]:
    """:func:`event_row` of a dict of values the caller made for it (it keeps no reference
    to it): the builders call this with a dict display, which costs about half what
    packing the same values as keyword arguments, twice, did. Raises SchemaError as
    :func:`event_row`."""
    # Set comparisons and one dict merge, all in C: this runs for every row of a batch.
    if not values.keys() <= _COLUMN_SET:
        unknown = values.keys() - _COLUMN_SET
        raise SchemaError(f"event row has unknown columns: {', '.join(sorted(unknown))}")
    if not values.keys() >= _REQUIRED:
        missing = [c for c in COLUMNS if c in _REQUIRED and c not in values]
        raise SchemaError(f"event row lacks columns: {', '.join(missing)}")
    # The template lists every column in COLUMNS order, so the merged dict keeps that order.
    row = {**_ROW_TEMPLATE, **values}
    if "sources" not in values:
        row["sources"] = values["source"]
    if "article_ids" not in values:
        row["article_ids"] = values["article_id"]
    return row


# Every column in COLUMNS order, with its default where it has one (the columns that have
# none are in _REQUIRED: a row must give them, so their placeholder never survives).
_COLUMN_SET: Final = frozenset(COLUMNS)
_DERIVED: Final = ("sources", "article_ids")  # default to the row's source / article_id
_REQUIRED: Final = frozenset(c for c in COLUMNS if c not in _ROW_DEFAULTS and c not in _DERIVED)
_ROW_TEMPLATE: Final[dict[str, Any]] = {c: _ROW_DEFAULTS.get(c) for c in COLUMNS}


def place_label(place: str, context: str) -> str:
    """The place as users read it: its name and, when known, its context in parentheses
    ("Manchester (New Hampshire, United States)"), else the name alone. Plain text."""
    return f"{place} ({context})" if context else place


def empty_frame() -> pd.DataFrame:
    """An event table with no rows and the right dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in DTYPES.items()})


# How many evenly spaced cells of a text column tell whether its repeated values already
# share one Python object each (cheap to look at; the full check hashes every cell).
_SHARE_SAMPLE: Final = 2048


def share_repeated_text(column: pd.Series) -> pd.Series:
    """``column`` (a "string" Series) with each distinct value held by one Python object.

    The strings keep Python storage (a lone surrogate must survive), so every cell is a
    pointer to a ``str``; a column read from a CSV file or an SQLite project, or built
    cell by cell, holds a new ``str`` per row even where the text repeats (a source, an
    article id, a category: about 60-80 bytes a cell, hundreds of MB at a million rows).
    Rows that repeat a value then point to one shared object: same values, same dtype, same
    index. A column whose sampled cells already share their objects (or repeat nothing, as
    passages and event ids do) is returned as it is, without hashing every cell. Raises
    nothing.
    """
    n = len(column)
    if n < 2:
        return column
    cells = column.array
    sample = np.asarray(cells[:: max(1, n // _SHARE_SAMPLE)], dtype=object)
    # (map(id, ...) in C: a set comprehension paid a Python-level call per cell.)
    if len(set(map(id, sample))) <= len(set(sample)):
        return column
    codes, uniques = pd.factorize(cells)
    return pd.Series(uniques.take(codes, allow_fill=True), index=column.index, name=column.name,
                     copy=False)


_DAY_NS: Final = 86_400_000_000_000


_ARROW_STRING: Final = pd.StringDtype("pyarrow")


def _coerced(column: pd.Series, dtype: str, *, arrow_text: bool = False) -> pd.Series:
    """``column`` in the schema's ``dtype`` (strings without missing values and with shared
    repeats, dates at midnight); the column itself when it already is (with ``arrow_text``,
    also a text column in Arrow storage without missing values). Raises TypeError or
    ValueError when a value cannot be converted."""
    if dtype == "string":
        if arrow_text and column.dtype == _ARROW_STRING and not column.isna().any():
            return column
        if column.dtype != _STRING or column.isna().any():
            column = column.astype("string").fillna("")
        return share_repeated_text(column)
    if dtype.startswith("datetime64"):
        if column.dtype == dtype:
            ns = column.to_numpy().view("i8")
            if not ((ns % _DAY_NS != 0) & column.notna().to_numpy()).any():
                return column
        return pd.to_datetime(column).astype(dtype).dt.normalize()
    return column if column.dtype == dtype else column.astype(dtype)


def validate(frame: pd.DataFrame, *, arrow_text: bool = False) -> pd.DataFrame:
    """Return ``frame`` with columns ordered and dtypes coerced; raise SchemaError if it
    cannot follow the schema (missing column, value out of range, unknown category...).

    Text columns come back in Python storage ("string"), except with ``arrow_text``, which
    keeps a text column already in Arrow storage (``pd.StringDtype("pyarrow")``) as it is:
    the view model's tables (``sitmap.viewmodel``), which hold no Python object per row.
    Such a frame must not be concatenated with one in Python storage that may hold a lone
    surrogate (pandas would convert that to Arrow and fail)."""
    added = {
        c: v
        for c, v in {**ADDED_COLUMNS, **ADDED_IN_V3, **ADDED_IN_V4, **ADDED_IN_V5}.items()
        if c not in frame.columns
    }
    if added:
        frame = frame.assign(**added)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"event table lacks columns: {', '.join(missing)}")
    out = frame.loc[:, list(COLUMNS)]
    if any(out[c].dtype != (_STRING if t == "string" else t)
           and not (arrow_text and out[c].dtype == _ARROW_STRING) for c, t in DTYPES.items()):
        # Columns still to be converted may be views of the caller's arrays (a frame made
        # from a dict of numpy arrays, two columns from one array): own them first.
        out = out.copy()
    # A frame already in the schema's dtypes (as validate returns it) is not copied:
    # pandas copies on write, so the frame handed in never changes, and its columns are
    # shared instead of held twice (400 MB more for a valid table of a million rows).
    try:
        for col, dtype in DTYPES.items():
            out[col] = _coerced(out[col], dtype, arrow_text=arrow_text)
    except (TypeError, ValueError) as exc:
        raise SchemaError(f"event table column {col!r}: {exc}") from exc
    checks = {
        "kind": (*KINDS, ""),  # "" only for a row of no single place (checked below)
        "role": ROLES,
        "category": CATEGORIES,
        "date_precision": PRECISIONS,
        "date_basis": BASES,
        "place_basis": (*PLACE_BASES, ""),
    }
    for col, allowed in checks.items():
        bad = sorted(set(out[col].unique()) - set(allowed))
        if bad:
            raise SchemaError(f"event table column {col!r} has values outside {allowed}: {bad}")
    # A row of no single place (place_basis "unknown") has no coordinates and may have no
    # kind; a row whose place is named or inferred has both. Rows of files older than the
    # place_basis column ("") may lack coordinates, as they always could.
    # (numpy comparisons: validate runs inside loops that count the table's passes)
    basis = out["place_basis"].to_numpy(dtype=object)
    unplaced = (out["lat"].isna() | out["lon"].isna()).to_numpy()
    lost = unplaced & (basis != "unknown") & (basis != "")
    if lost.any():
        first = out[lost].iloc[0]
        raise SchemaError(f"event table: event {first['event_id']!r} has no coordinates but "
                          f"its place_basis is {first['place_basis']!r} (only 'unknown' may)")
    kindless = (out["kind"].to_numpy(dtype=object) == "") & (basis != "unknown")
    if kindless.any():
        first = out[kindless].iloc[0]
        raise SchemaError(f"event table: event {first['event_id']!r} has no kind but its "
                          f"place_basis is {first['place_basis']!r} (only 'unknown' may)")
    # Vectorised (a missing coordinate, NaN, is allowed above); the message is the check's.
    out_of_range = ((out["lat"] < LAT_RANGE[0]) | (out["lat"] > LAT_RANGE[1])
                    | (out["lon"] < LON_RANGE[0]) | (out["lon"] > LON_RANGE[1]))
    if out_of_range.any():
        first = out[out_of_range].iloc[0]
        raise SchemaError(f"event table: {coordinate_problem(first['lat'], first['lon'])}")
    if out["event_id"].duplicated().any():
        raise SchemaError("event table has duplicate event_id values")
    return out.reset_index(drop=True)
