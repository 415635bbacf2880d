"""Reading files sitmap did not write itself: data, never programs, and bounded work.

Every file a user opens may have been made by someone hostile (a project mailed in, a tile
package downloaded). The readers of such files share the checks here (no Qt, no pandas,
importable from any layer):

- :func:`loads_json`: JSON with a bound on its size and nesting depth, and no NaN/Infinity.
- :func:`open_sqlite_readonly`: an SQLite file opened read-only, with stored SQL distrusted
  (``PRAGMA trusted_schema=OFF``, CHECK constraints never evaluated, defensive mode where
  Python offers it) and a time budget after which any statement is interrupted.
- :func:`not_regular` / :func:`regular_file_problem`: only regular files are ever opened; a
  FIFO, socket, device, folder or broken link is told apart by ``stat`` and an ``fstat`` of a
  descriptor opened without blocking, so nothing hangs on it.
- :class:`Schema` / :func:`check_schema`: the tables, columns and indexes a file must have,
  as data, compared with the file's ``sqlite_master`` and ``pragma table_xinfo`` before any
  other statement reads it. Triggers, views, virtual tables and anything unknown are refused.

Errors are :class:`UntrustedDataError` (a ValueError); each reader turns them into its own
error naming the file (``ProjectError`` for projects).
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import sqlite3
import stat
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import numpy as np

__all__ = [
    "MAX_JSON_DEPTH",
    "SQLITE_MAGIC",
    "ActiveContentError",
    "Column",
    "Schema",
    "Table",
    "TimeBudget",
    "UntrustedDataError",
    "budget_for",
    "check_columns",
    "check_schema",
    "check_types",
    "json_decoder",
    "file_kind",
    "finite_number",
    "is_sqlite_file",
    "json_depth",
    "loads_json",
    "not_regular",
    "regular_file_problem",
    "open_sqlite_readonly",
    "schema_from_sql",
    "schema_objects",
    "shown_name",
]

MAX_JSON_DEPTH: Final = 64
SQLITE_MAGIC: Final = b"SQLite format 3\x00"
# One JSON value read from a file (a settings value, a correction payload); article texts are
# not JSON.
_MAX_JSON_BYTES: Final = 4 * 1024 * 1024
# Strings in JSON text (escapes included), so brackets inside them are not counted.
_JSON_STRING: Final = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_OPEN_ARRAY, _CLOSE_ARRAY, _OPEN_OBJECT, _CLOSE_OBJECT = b"[]{}"
# Virtual machine steps between two looks at the clock.
_PROGRESS_STEPS: Final = 1_000


class UntrustedDataError(ValueError):
    """Data read from a file breaks a rule (too deep, too big, unknown schema object...).

    The message says what is wrong, not which file: the reader adds that.
    """


class ActiveContentError(UntrustedDataError):
    """The file holds something that would run: a trigger, a view, a virtual table."""


# -- JSON --------------------------------------------------------------------------------------


def _refuse_constant(name: str) -> float:
    raise UntrustedDataError(f"{name} is not a number JSON allows")


_DECODER: Final = json.JSONDecoder(parse_constant=_refuse_constant)


def json_decoder() -> json.JSONDecoder:
    """The decoder :func:`loads_json` uses (NaN and Infinity refused with
    UntrustedDataError), for a reader that parses a file piece by piece with its
    ``raw_decode`` and checks size and depth itself. Raises nothing."""
    return _DECODER


def json_depth(text: str) -> int:
    """The deepest nesting of arrays/objects in the JSON ``text`` (0 for a scalar).

    Counts brackets outside strings only, without recursion and in C (a 20 MB text takes a
    fraction of a second). Unbalanced text gives some number: :func:`json.loads` refuses
    such text anyway.
    """
    outside = _JSON_STRING.sub("", text).encode("utf-8", "surrogatepass")
    if not outside:
        return 0
    codes = np.frombuffer(outside, dtype=np.uint8)
    steps = ((codes == _OPEN_ARRAY) | (codes == _OPEN_OBJECT)).astype(np.int32)
    steps -= (codes == _CLOSE_ARRAY) | (codes == _CLOSE_OBJECT)
    return max(0, int(np.cumsum(steps, dtype=np.int32).max()))


def loads_json(
    text: str | bytes,
    *,
    what: str,
    max_depth: int = MAX_JSON_DEPTH,
    max_bytes: int = _MAX_JSON_BYTES,
) -> Any:
    """Parse the JSON ``text`` read from an untrusted file and return the value.

    ``what`` names the value in messages ("settings 'view'"). Raises UntrustedDataError when
    the text is longer than ``max_bytes``, nests deeper than ``max_depth`` arrays/objects,
    holds NaN or Infinity, or is not JSON (then the message gives the parser's reason).
    Never raises RecursionError.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UntrustedDataError(f"{what}: not UTF-8 text ({exc.reason})") from None
    if not isinstance(text, str):
        raise UntrustedDataError(f"{what}: not JSON text (a {type(text).__name__})")
    if len(text) > max_bytes:
        raise UntrustedDataError(f"{what}: {len(text)} characters of JSON (at most {max_bytes})")
    # Fewer brackets than the bound cannot nest past it (the usual case, counted in C).
    if text.count("[") + text.count("{") > max_depth and json_depth(text) > max_depth:
        raise UntrustedDataError(f"{what}: JSON nested deeper than {max_depth} levels")
    try:
        return _DECODER.decode(text)
    except UntrustedDataError as exc:
        raise UntrustedDataError(f"{what}: {exc}") from None
    except (ValueError, RecursionError) as exc:
        # ValueError: JSONDecodeError, or an integer with too many digits.
        raise UntrustedDataError(f"{what}: not valid JSON ({exc})") from None


def finite_number(value: Any, low: float, high: float) -> float | None:
    """``value`` as a float if it is a JSON number (not a bool) in ``[low, high]``, else
    ``None``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        return None
    return number


# -- SQLite ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table as ``pragma table_xinfo`` describes it.

    ``optional``: files of this version may lack it (a column added within the version);
    ``defaults``: the DEFAULT clauses (as SQLite gives them back, ``None`` for none) files may
    carry.
    """

    name: str
    type: str
    notnull: bool = False
    pk: int = 0
    optional: bool = False
    defaults: frozenset[str | None] = frozenset({None})


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its columns in order, and the indexes SQLite makes for its constraints
    (``sqlite_autoindex_<table>_<n>``: the only indexes a checked file may have)."""

    name: str
    columns: tuple[Column, ...]
    autoindexes: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        """The column called ``name``; raises KeyError if there is none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Schema:
    """Every object a file of one format version holds: these tables, their autoindexes,
    nothing else."""

    tables: tuple[Table, ...]

    def table(self, name: str) -> Table:
        """The table called ``name``; raises KeyError if there is none."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def with_column(self, table: str, name: str, **changes: Any) -> Schema:
        """This schema with ``changes`` (``optional=True``, ``defaults=...``) made to one
        column."""
        tables = []
        for t in self.tables:
            if t.name == table:
                t = replace(
                    t,
                    columns=tuple(
                        replace(c, **changes) if c.name == name else c for c in t.columns
                    ),
                )
            tables.append(t)
        return replace(self, tables=tuple(tables))


def _describe(db: sqlite3.Connection, name: str) -> tuple[Column, ...]:
    rows = db.execute("SELECT name, type, \"notnull\", dflt_value, pk, hidden"
                      " FROM pragma_table_xinfo(?)", (name,)).fetchall()
    return tuple(
        Column(str(r[0]), str(r[1]).upper(), bool(r[2]), int(r[4]), defaults=frozenset({r[3]}))
        for r in rows
    )


def _autoindexes(db: sqlite3.Connection, name: str) -> tuple[str, ...]:
    rows = db.execute(
        "SELECT name FROM pragma_index_list(?) WHERE origin IN ('pk', 'u') ORDER BY name",
        (name,),
    ).fetchall()
    return tuple(str(r[0]) for r in rows)


def schema_from_sql(script: str) -> Schema:
    """Describe the tables the trusted SQL ``script`` (sitmap's own CREATE TABLE statements)
    makes, as a :class:`Schema`. Raises sqlite3.Error for a script SQLite refuses."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(script)
        names = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid")]
        return Schema(tuple(Table(n, _describe(db, n), _autoindexes(db, n)) for n in names))
    finally:
        db.close()


class TimeBudget:
    """A deadline for the statements run on one connection: past it, SQLite interrupts the
    running statement (sqlite3.OperationalError "interrupted") and :attr:`spent` is true."""

    def __init__(self, db: sqlite3.Connection, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.spent = False
        db.set_progress_handler(self._tick, _PROGRESS_STEPS)

    def _tick(self) -> int:
        if time.monotonic() > self.deadline:
            self.spent = True
            return 1
        return 0

    def check(self) -> None:
        """Between statements: raise sqlite3.OperationalError("interrupted") once the
        deadline has passed (and mark the budget spent)."""
        if self._tick():
            raise sqlite3.OperationalError("interrupted")

    def watch(self, db: sqlite3.Connection) -> None:
        """Interrupt the statements of another connection ``db`` at the same deadline."""
        db.set_progress_handler(self._tick, _PROGRESS_STEPS)


def budget_for(path: Path, seconds_for_20_mb: float = 5.0) -> float:
    """The time allowed to read the file at ``path``: ``seconds_for_20_mb`` up to 20 MB, and
    that much again per further 20 MB (a large legitimate file still opens)."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return seconds_for_20_mb * max(1.0, size / 20e6)


def open_sqlite_readonly(path: Path, *, budget_s: float) -> tuple[sqlite3.Connection, TimeBudget]:
    """Open the SQLite file at ``path`` read-only for reading untrusted content.

    Stored SQL is distrusted: ``trusted_schema`` is off (no function with side effects in a
    view, trigger, index or default), CHECK constraints are never evaluated (an integrity
    check would run them), the connection cannot write (``query_only``), and defensive mode
    is switched on where Python offers it (3.12+; 3.11 lacks ``setconfig``). Every statement
    is interrupted once ``budget_s`` seconds have passed since opening. No statement reads
    the file yet: run :func:`check_schema` next.

    Returns the connection and its :class:`TimeBudget`. Raises UntrustedDataError if the
    file does not start like an SQLite database, OSError if it cannot be read, and
    sqlite3.Error as SQLite reports it.
    """
    with open(path, "rb") as handle:
        magic = handle.read(len(SQLITE_MAGIC))
    if magic != SQLITE_MAGIC:
        raise UntrustedDataError("not an SQLite database")
    db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        setconfig = getattr(db, "setconfig", None)
        defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
        if setconfig is not None and defensive is not None:
            setconfig(defensive, True)
        for pragma in (
            "PRAGMA trusted_schema = OFF",
            "PRAGMA query_only = ON",
            "PRAGMA ignore_check_constraints = ON",
            "PRAGMA cell_size_check = ON",
            "PRAGMA mmap_size = 0",
        ):
            db.execute(pragma)
        budget = TimeBudget(db, budget_s)
    except BaseException:
        db.close()
        raise
    return db, budget



def schema_objects(db: sqlite3.Connection) -> list[tuple[str, str, str, str | None]]:
    """The rows of ``sqlite_master``: (type, name, tbl_name, sql). Reading it parses the
    stored CREATE statements but runs none of them. Raises UntrustedDataError for any
    trigger, view or virtual table (named), sqlite3.Error for a damaged schema."""
    rows = [
        (str(r[0]), str(r[1]), str(r[2]), r[3] if isinstance(r[3], str) else None)
        for r in db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
    ]
    for kind, name, _table, sql in rows:
        if kind in ("trigger", "view"):
            raise ActiveContentError(
                f"it holds a {kind} ({name!r}), SQL that would run when the file is read or "
                "written; only data is allowed"
            )
        if kind == "table" and sql is not None and re.match(
            r"\s*CREATE\s+VIRTUAL\b", sql, re.IGNORECASE
        ):
            raise ActiveContentError(f"it holds a virtual table ({name!r}); only data is allowed")
        if kind not in ("table", "index"):
            raise UntrustedDataError(f"it holds an unknown kind of object ({kind} {name!r})")
    return rows


def check_schema(db: sqlite3.Connection, schema: Schema) -> dict[str, tuple[str, ...]]:
    """Compare the file behind ``db`` with ``schema``: exactly its tables, with their columns
    (name, declared type, NOT NULL, primary key, default; no generated or hidden column) in
    order, and no index but their autoindexes. Nothing but ``sqlite_master`` and table
    pragmas is read.

    Returns, per table, the columns the file has (an ``optional`` column may be missing).
    Raises UntrustedDataError naming the first difference, sqlite3.Error if the schema
    cannot be read.
    """
    objects = schema_objects(db)
    expected = {t.name: t for t in schema.tables}
    tables = [name for kind, name, _t, _s in objects if kind == "table"]
    unknown = [n for n in tables if n not in expected]
    if unknown:
        raise UntrustedDataError(f"it holds a table this version does not have ({unknown[0]!r})")
    missing = [n for n in expected if n not in tables]
    if missing:
        raise UntrustedDataError(f"it lacks the table {missing[0]!r}")
    for kind, name, owner, sql in objects:
        allowed = expected[owner].autoindexes if owner in expected else ()
        if kind == "index" and (sql is not None or name not in allowed):
            raise UntrustedDataError(f"it holds an index this version does not have ({name!r})")
    found: dict[str, tuple[str, ...]] = {}
    for table in schema.tables:
        found[table.name] = check_columns(db, table)
        if _autoindexes(db, table.name) != table.autoindexes:
            raise UntrustedDataError(f"the indexes of table {table.name!r} are not the expected")
    return found


def check_columns(db: sqlite3.Connection, table: Table) -> tuple[str, ...]:
    """Compare one table of the file behind ``db`` with ``table`` (see :func:`check_schema`);
    return the columns the file has. Raises UntrustedDataError naming the difference."""
    rows = db.execute(
        "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)",
        (table.name,),
    ).fetchall()
    have = [str(r[0]) for r in rows]
    wanted = [c.name for c in table.columns if not c.optional or c.name in have]
    if have != wanted:
        extra = [n for n in have if n not in wanted]
        lacking = [n for n in wanted if n not in have]
        if extra:
            problem = f"has a column this version does not have ({extra[0]!r})"
        elif lacking:
            problem = f"lacks the column {lacking[0]!r}"
        else:
            problem = "has its columns in another order"
        raise UntrustedDataError(f"table {table.name!r} {problem}")
    for name, sql_type, notnull, default, pk, hidden in rows:
        column = table.column(str(name))
        if (
            str(sql_type).upper() != column.type
            or bool(notnull) != column.notnull
            or int(pk) != column.pk
            or default not in column.defaults
            or int(hidden) != 0
        ):
            raise UntrustedDataError(
                f"column {name!r} of table {table.name!r} is not defined as this version "
                "defines it"
            )
    return tuple(have)


def check_types(
    db: sqlite3.Connection, table: Table, columns: Iterable[str] | None = None
) -> None:
    """Check every stored value of ``table`` (in ``db``) has the storage class its declared
    type calls for: TEXT text, INTEGER integers, REAL numbers (NULL where the column allows).

    Raises UntrustedDataError naming the first column that breaks this.
    """
    names = set(columns) if columns is not None else None
    for column in table.columns:
        if names is not None and column.name not in names:
            continue
        allowed = {"TEXT": ("text",), "INTEGER": ("integer",),
                   "REAL": ("real", "integer")}.get(column.type, ("text",))
        if not column.notnull or column.pk:
            allowed = (*allowed, "null")
        marks = ", ".join("?" for _ in allowed)
        quoted_table = '"' + table.name.replace('"', '""') + '"'
        quoted = '"' + column.name.replace('"', '""') + '"'
        bad = db.execute(
            f"SELECT 1 FROM {quoted_table} WHERE typeof({quoted}) NOT IN ({marks}) LIMIT 1",
            allowed,
        ).fetchone()
        if bad is not None:
            raise UntrustedDataError(
                f"column {column.name!r} of table {table.name!r} holds a value of another type"
            )


def is_sqlite_file(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` starts like an SQLite database (False if unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


# -- only regular files ----------------------------------------------------------------------

_NONBLOCKING_READ: Final = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)


def file_kind(mode: int) -> str:
    """What a non-regular file of ``st_mode`` ``mode`` is, in words ("a FIFO (named pipe)")."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """Say why ``path`` (following symbolic links) is not a regular file to read, or return
    None when it is one. The reason reads after "PATH: ", e.g. "skipped: a FIFO (named pipe),
    not a regular file". Only ``stat`` is used: nothing is opened. Never raises."""
    try:
        os.lstat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot read: {exc.strerror or exc}"
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "skipped: a symbolic link loop (it leads back to itself)"
        if exc.errno == errno.ENOENT:
            return "skipped: a symbolic link to nothing (its target does not exist)"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    return f"skipped: {file_kind(mode)}, not a regular file"


def regular_file_problem(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` cannot be read as a regular file, or None when it can.

    Like :func:`not_regular`, then the file is opened without blocking (a FIFO swapped in
    after the ``stat`` cannot hang the caller) and its descriptor checked with ``fstat``.
    Never raises; never blocks."""
    problem = not_regular(path)
    if problem is not None:
        return problem
    try:
        fd = os.open(path, _NONBLOCKING_READ)
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    try:
        mode = os.fstat(fd).st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    finally:
        os.close(fd)
    if not stat.S_ISREG(mode):
        return f"skipped: {file_kind(mode)}, not a regular file"
    return None


def shown_name(name: str, limit: int = 80) -> str:
    """A name read from a file (a column name, a header cell, a JSON key, a GeoJSON
    property or Parquet field name) as a message may quote it: as it is when every
    character of it is printable, else escaped as a Python string literal (``'la\\nt'``:
    no line break, escape sequence or direction override reaches a terminal or the
    Problems list); cut to ``limit`` characters with "…". Returns one line of text;
    raises nothing."""
    text = str(name)
    if not text.isprintable():
        text = repr(text)
    return text if len(text) <= limit else text[:limit] + "…"
