"""Raster tile packages (MBTiles and PMTiles files) read as untrusted data.

An office's tile package is a file from someone else. It is read the way a project file is
(``sitmap._untrusted``): an MBTiles file is opened read-only and immutable, with stored SQL
distrusted, every statement under a time limit, its schema checked before any table is read
(no trigger, no virtual table, no view but the one standard deduplicated layout, which is
never queried); a PMTiles file is parsed here, every length and offset checked against the
file and against a bound before it is read. Every tile served is at most
:data:`MAX_TILE_BYTES` and must be a PNG, JPEG or WebP image by its own first bytes; the
package's attribution becomes plain text. Nothing in a package is ever run.

:func:`open_tile_package` returns a :class:`TilePackage`; :func:`embedded_tiles` picks the
tiles of a view for a standalone export, within a size cap.
"""

from __future__ import annotations

import base64
import bisect
import html
import math
import os
import re
import sqlite3
import stat
import struct
import threading
import time
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from sitmap._untrusted import (
    SQLITE_MAGIC,
    UntrustedDataError,
    loads_json,
    regular_file_problem,
)
from sitmap.errors import SitmapError

__all__ = [
    "DEFAULT_EMBED_MAX_BYTES",
    "EmbeddedTiles",
    "MAX_TILE_BYTES",
    "MAX_ZOOM",
    "TILES_SETTING",
    "TILE_URL",
    "Tile",
    "TileInfo",
    "TilePackage",
    "TilePackageError",
    "embed_for_export",
    "embedded_tiles",
    "open_tile_package",
    "plain_attribution",
    "saved_tiles_path",
    "starting_view_bounds",
    "tiles_in_view",
    "tiles_setting",
]

TILE_URL: Final = "sitmap://tiles/{z}/{x}/{y}"
"""Where the window's scheme handler serves the open package's tiles."""

MAX_TILE_BYTES: Final = 2 * 1024 * 1024
# Raster tiles are 256 or 512 pixels; deeper than this no package is meant to be read.
MAX_ZOOM: Final = 24
# A package larger than this is not a tile package anyone carries on a stick.
MAX_PACKAGE_BYTES: Final = 64 * 1024**3
# The integrity check reads every page: done for packages up to this size (checks of each
# statement and each value still hold above it).
QUICK_CHECK_MAX_BYTES: Final = 512 * 1024 * 1024
_OPEN_SECONDS: Final = 10.0
_TILE_SECONDS: Final = 1.0
_METADATA_ROWS: Final = 1000
_METADATA_VALUE_CHARS: Final = 64 * 1024
_ATTRIBUTION_CHARS: Final = 300
_PROGRESS_STEPS: Final = 1000

_RASTER_FORMATS: Final = frozenset({"png", "jpg", "jpeg", "webp"})


class TilePackageError(SitmapError, ValueError):
    """A tile package cannot be used; the message names the file and says why."""


@dataclass(frozen=True, slots=True)
class Tile:
    """One tile's image bytes and their content type (sniffed from the bytes)."""

    data: bytes
    mime: str

    def data_uri(self) -> str:
        """The tile as a ``data:`` URI. Raises nothing."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


@dataclass(frozen=True, slots=True)
class TileInfo:
    """What a package says about itself: ``name``, ``attribution`` (plain text),
    ``min_zoom``/``max_zoom`` (0 to :data:`MAX_ZOOM`), ``bounds`` (west, south, east, north in
    degrees, or None), the ``kind`` of file and its ``path``."""

    path: Path
    kind: Literal["mbtiles", "pmtiles"]
    name: str
    attribution: str
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None

    def to_page(self) -> dict[str, Any]:
        """The page's ``config.tiles`` fields (no tile data). Raises nothing."""
        return {"name": self.name, "attribution": self.attribution,
                "minZoom": self.min_zoom, "maxZoom": self.max_zoom,
                "bounds": list(self.bounds) if self.bounds is not None else None}


def sniff_image(data: bytes) -> str | None:
    """The content type of a PNG, JPEG or WebP image by its first bytes; None otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


_TAG = re.compile(r"<[^>]*>")


def plain_attribution(text: object) -> str:
    """A package's attribution as plain text: tags dropped (MBTiles attributions are often
    HTML links), entities decoded, control characters and runs of spaces collapsed, at most
    300 characters. Anything but a string gives ``""``. Raises nothing."""
    if not isinstance(text, str):
        return ""
    plain = html.unescape(_TAG.sub(" ", text[: _METADATA_VALUE_CHARS]))
    plain = " ".join("".join(c if c.isprintable() else " " for c in plain).split())
    if len(plain) > _ATTRIBUTION_CHARS:
        plain = plain[: _ATTRIBUTION_CHARS - 1].rstrip() + "…"
    return plain


class TilePackage:
    """An open tile package: :attr:`info`, and :meth:`tile` for one tile's image.

    Safe to use from several threads (one lock). Close it with :meth:`close`.
    """

    def __init__(self, info: TileInfo) -> None:
        self.info = info
        self._lock = threading.Lock()

    def tile(self, z: int, x: int, y: int) -> Tile | None:
        """The image of tile ``z/x/y`` (XYZ numbering, y down as the web map has it), or
        None when the package has no such tile (or the numbers are out of range).

        Raises:
            TilePackageError: the tile is larger than :data:`MAX_TILE_BYTES`, is not a PNG,
                JPEG or WebP image, or cannot be read (the message names the file and tile).
        """
        if not (self.info.min_zoom <= z <= self.info.max_zoom) or not (
            0 <= x < (1 << z) and 0 <= y < (1 << z)
        ):
            return None
        with self._lock:
            try:
                data = self._read(z, x, y)
            except (OSError, sqlite3.Error, UntrustedDataError, zlib.error, EOFError) as exc:
                raise self._error(f"tile {z}/{x}/{y} cannot be read ({_reason(exc)})") from None
        if data is None:
            return None
        mime = sniff_image(data)
        if mime is None:
            raise self._error(f"tile {z}/{x}/{y} is not a PNG, JPEG or WebP image")
        return Tile(data, mime)

    def close(self) -> None:
        """Release the file. Raises nothing."""

    def _read(self, z: int, x: int, y: int) -> bytes | None:
        raise NotImplementedError

    def _error(self, why: str) -> TilePackageError:
        return TilePackageError(f"{self.info.path}: tile package: {why}")


def _reason(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return "took too long" if text == "interrupted" else text


def open_tile_package(path: str | os.PathLike[str]) -> TilePackage:
    """Open the raster tile package at ``path``: an MBTiles (SQLite) or PMTiles (v3) file,
    told apart by its first bytes, whatever its name.

    Raises:
        TilePackageError: one line naming the file: not a regular file, neither kind of
            package, too large, damaged, holding SQL that could run (a trigger, a view, a
            virtual table), vector rather than raster tiles, or a length or offset out of
            range.
    """
    where = Path(path)
    problem = regular_file_problem(where)
    if problem is not None:
        raise TilePackageError(f"{where}: {problem}")
    try:
        size = where.stat().st_size
        with open(where, "rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise TilePackageError(f"{where}: cannot read: {exc.strerror or exc}") from None
    if size > MAX_PACKAGE_BYTES:
        raise TilePackageError(f"{where}: tile package of {size:,} bytes; at most "
                               f"{MAX_PACKAGE_BYTES:,} are read")
    try:
        if head == SQLITE_MAGIC:
            return _MBTiles.open(where, size)
        if head.startswith(_PMTILES_MAGIC):
            return _PMTiles.open(where, size)
    except TilePackageError:
        raise
    except (OSError, sqlite3.Error, UntrustedDataError, zlib.error, EOFError,
            struct.error) as exc:
        raise TilePackageError(f"{where}: not a usable tile package ({_reason(exc)})") from None
    raise TilePackageError(f"{where}: not a tile package (neither MBTiles nor PMTiles)")


# -- MBTiles ---------------------------------------------------------------------------------


class _Deadline:
    """A time limit for each statement on one connection (reset before each)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.until = math.inf
        db.set_progress_handler(self._tick, _PROGRESS_STEPS)

    def start(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def _tick(self) -> int:
        return 1 if time.monotonic() > self.until else 0


def _sqlite_header_problem(head: bytes, size: int) -> str | None:
    if len(head) < 100:
        return "the SQLite header is cut short"
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"the SQLite header declares a page size of {page_size}"
    change, valid_for = head[24:28], head[92:96]
    pages = struct.unpack(">I", head[28:32])[0]
    if change == valid_for and pages and pages * page_size > size:
        return (f"the SQLite header declares {pages * page_size:,} bytes, the file has "
                f"{size:,}")
    return None


class _MBTiles(TilePackage):
    def __init__(self, info: TileInfo, db: sqlite3.Connection, deadline: _Deadline,
                 query: str) -> None:
        super().__init__(info)
        self._db = db
        self._deadline = deadline
        self._query = query

    @classmethod
    def open(cls, path: Path, size: int) -> _MBTiles:
        with open(path, "rb") as handle:
            problem = _sqlite_header_problem(handle.read(100), size)
        if problem is not None:
            raise TilePackageError(f"{path}: not a usable tile package ({problem})")
        # immutable: SQLite takes no lock and reads no journal or WAL beside the file.
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        try:
            deadline = _Deadline(db)
            setconfig = getattr(db, "setconfig", None)
            defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
            if setconfig is not None and defensive is not None:
                setconfig(defensive, True)
            for pragma in ("PRAGMA trusted_schema = OFF", "PRAGMA query_only = ON",
                           "PRAGMA cell_size_check = ON", "PRAGMA mmap_size = 0"):
                db.execute(pragma)
            deadline.start(_OPEN_SECONDS)
            query = _check_mbtiles_schema(db, path)
            if size <= QUICK_CHECK_MAX_BYTES:
                verdict = db.execute("PRAGMA quick_check(1)").fetchone()
                if verdict is None or verdict[0] != "ok":
                    raise TilePackageError(f"{path}: damaged tile package (SQLite's check "
                                           "fails)")
            info = _mbtiles_info(db, path, query)
        except BaseException:
            db.close()
            raise
        return cls(info, db, deadline, query)

    def _read(self, z: int, x: int, y: int) -> bytes | None:
        self._deadline.start(_TILE_SECONDS)
        row = self._db.execute(self._query, (MAX_TILE_BYTES, z, x, (1 << z) - 1 - y)).fetchone()
        if row is None:
            return None
        data, kind, length = row
        if kind != "blob":
            raise UntrustedDataError(f"a {kind} value where an image belongs")
        if data is None:
            raise UntrustedDataError(f"{length:,} bytes; at most {MAX_TILE_BYTES:,} are read")
        return bytes(data)

    def close(self) -> None:
        with self._lock:
            self._db.close()


_TILES_QUERY: Final = (
    "SELECT CASE WHEN length(tile_data) <= ? THEN tile_data END, typeof(tile_data),"
    " length(tile_data) FROM {table} WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?"
    " LIMIT 1"
)
# The deduplicated layout (mbutil, many packagers): ``tiles`` is a view over these tables.
# The view is never queried; the same join is made here from the tables themselves.
_DEDUP_TABLE: Final = "map JOIN images ON map.tile_id = images.tile_id"
_DEDUP_QUERY: Final = (
    "SELECT CASE WHEN length(images.tile_data) <= ? THEN images.tile_data END,"
    " typeof(images.tile_data), length(images.tile_data) FROM " + _DEDUP_TABLE +
    " WHERE map.zoom_level = ? AND map.tile_column = ? AND map.tile_row = ? LIMIT 1"
)
_COLUMNS: Final = {
    "metadata": ("name", "value"),
    "tiles": ("zoom_level", "tile_column", "tile_row", "tile_data"),
    "map": ("zoom_level", "tile_column", "tile_row", "tile_id"),
    "images": ("tile_data", "tile_id"),
}


def _check_mbtiles_schema(db: sqlite3.Connection, path: Path) -> str:
    """Check the objects of the file; return the tile query for its layout."""
    objects = [(str(r[0]), str(r[1]), r[2] if isinstance(r[2], str) else "")
               for r in db.execute("SELECT type, name, sql FROM sqlite_master LIMIT 10001")]
    if len(objects) > 10000:
        raise TilePackageError(f"{path}: tile package with too many schema objects")
    tables = {name for kind, name, _ in objects if kind == "table"}
    views = {name for kind, name, _ in objects if kind == "view"}
    for kind, name, sql in objects:
        if kind == "trigger":
            raise TilePackageError(f"{path}: tile package holds a trigger ({name!r}), SQL that "
                                   "would run; only data is allowed")
        if kind == "table" and re.match(r"\s*CREATE\s+VIRTUAL\b", sql, re.IGNORECASE):
            raise TilePackageError(f"{path}: tile package holds a virtual table ({name!r}); "
                                   "only data is allowed")
        if kind not in ("table", "index", "view"):
            raise TilePackageError(f"{path}: tile package holds an unknown object ({kind} "
                                   f"{name!r})")
    dedup = views == {"tiles"} and {"map", "images"} <= tables
    if views and not dedup:
        name = sorted(views)[0]
        raise TilePackageError(f"{path}: tile package holds a view ({name!r}) that is not "
                               "the standard tiles layout; only data is allowed")
    needed = ("metadata", "map", "images") if dedup else ("metadata", "tiles")
    for table in needed:
        if table not in tables:
            raise TilePackageError(f"{path}: not an MBTiles package (no {table!r} table)")
        rows = db.execute("SELECT name, hidden FROM pragma_table_xinfo(?)", (table,)).fetchall()
        if any(int(hidden) != 0 for _name, hidden in rows):
            raise TilePackageError(f"{path}: tile package table {table!r} has a generated or "
                                   "hidden column")
        have = {str(name) for name, _hidden in rows}
        lacking = [c for c in _COLUMNS[table] if c not in have]
        if lacking:
            raise TilePackageError(f"{path}: not an MBTiles package (table {table!r} lacks "
                                   f"{lacking[0]!r})")
    return _DEDUP_QUERY if dedup else _TILES_QUERY.format(table="tiles")


def _mbtiles_info(db: sqlite3.Connection, path: Path, query: str) -> TileInfo:
    meta: dict[str, str] = {}
    rows = db.execute("SELECT name, value FROM metadata LIMIT ?", (_METADATA_ROWS + 1,))
    for k, (name, value) in enumerate(rows):
        if k >= _METADATA_ROWS:
            raise TilePackageError(f"{path}: tile package metadata has more than "
                                   f"{_METADATA_ROWS} rows")
        if isinstance(name, str) and isinstance(value, str | int | float):
            meta[name[:100]] = str(value)[: _METADATA_VALUE_CHARS]
    fmt = meta.get("format", "").strip().lower()
    if fmt and fmt not in _RASTER_FORMATS:
        raise TilePackageError(f"{path}: tile package of {fmt[:20]!r} tiles; only raster "
                               "tiles (PNG, JPEG, WebP) are shown")
    table = "map" if query is _DEDUP_QUERY else "tiles"
    low, high = _zoom(meta.get("minzoom")), _zoom(meta.get("maxzoom"))
    if low is None or high is None:
        found = db.execute(f"SELECT min(zoom_level), max(zoom_level) FROM {table}").fetchone()
        low = low if low is not None else _zoom(found[0] if found else None)
        high = high if high is not None else _zoom(found[1] if found else None)
    if low is None or high is None or low > high:
        raise TilePackageError(f"{path}: tile package has no tiles between zoom 0 and "
                               f"{MAX_ZOOM}")
    return TileInfo(
        path=path, kind="mbtiles", name=plain_attribution(meta.get("name")) or path.stem,
        attribution=plain_attribution(meta.get("attribution")),
        min_zoom=low, max_zoom=high, bounds=_bounds(meta.get("bounds")),
    )


def _zoom(value: object) -> int | None:
    try:
        zoom = int(str(value).strip())
    except ValueError:
        return None
    return zoom if 0 <= zoom <= MAX_ZOOM else None


def _bounds(text: object) -> tuple[float, float, float, float] | None:
    try:
        west, south, east, north = (float(p) for p in str(text).split(","))
    except ValueError:
        return None
    good = all(math.isfinite(v) for v in (west, south, east, north))
    if not good or not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        return None
    return west, south, east, north


# -- PMTiles (version 3) ---------------------------------------------------------------------

_PMTILES_MAGIC: Final = b"PMTiles"
_HEADER_BYTES: Final = 127
_ROOT_MAX_END: Final = 16384  # the root directory lies in the first 16 KiB (the spec's rule)
_DIRECTORY_MAX_BYTES: Final = 8 * 1024 * 1024  # one directory, decompressed
_METADATA_MAX_BYTES: Final = 1024 * 1024
_MAX_ENTRIES: Final = 1_000_000
_MAX_DEPTH: Final = 4  # root and leaves: the spec's writers use 2 levels
_LEAF_CACHE: Final = 64
_COMPRESSION: Final = {0: "unknown", 1: "none", 2: "gzip", 3: "brotli", 4: "zstd"}
_TILE_TYPES: Final = {0: "unknown", 1: "vector (MVT)", 2: "png", 3: "jpeg", 4: "webp",
                      5: "avif"}


@dataclass(frozen=True, slots=True)
class _Entry:
    tile_id: int
    offset: int
    length: int
    run_length: int


def tile_id(z: int, x: int, y: int) -> int:
    """The PMTiles tile id of ``z/x/y``: the tiles of lower zooms, then the position on the
    Hilbert curve of zoom ``z``. Raises ValueError for a tile out of range."""
    if not (0 <= z <= 31 and 0 <= x < (1 << z) and 0 <= y < (1 << z)):
        raise ValueError(f"no tile {z}/{x}/{y}")
    acc = ((1 << (2 * z)) - 1) // 3
    n = 1 << z
    s = n >> 1
    while s > 0:
        rx = 1 if x & s else 0
        ry = 1 if y & s else 0
        acc += s * s * ((3 * rx) ^ ry)
        if ry == 0:
            if rx == 1:
                x, y = n - 1 - x, n - 1 - y
            x, y = y, x
        s >>= 1
    return acc


def _varints(data: bytes) -> Iterator[int]:
    pos, end = 0, len(data)
    while pos < end:
        value = shift = 0
        while True:
            if pos >= end or shift > 63:
                raise UntrustedDataError("a directory number is cut short or too long")
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                break
        yield value


def _directory(data: bytes) -> list[_Entry]:
    numbers = _varints(data)
    try:
        count = next(numbers)
        # Each entry takes at least four bytes: a count past that is a lie.
        if count > _MAX_ENTRIES or count * 4 > len(data):
            raise UntrustedDataError(f"a directory declares {count:,} entries")
        ids, last = [], 0
        for _ in range(count):
            last += next(numbers)
            ids.append(last)
        runs = [next(numbers) for _ in range(count)]
        lengths = [next(numbers) for _ in range(count)]
        entries: list[_Entry] = []
        for k in range(count):
            raw = next(numbers)
            if raw == 0 and k > 0:
                offset = entries[k - 1].offset + entries[k - 1].length
            elif raw == 0:
                raise UntrustedDataError("the first directory entry has no offset")
            else:
                offset = raw - 1
            entries.append(_Entry(ids[k], offset, lengths[k], runs[k]))
    except StopIteration:
        raise UntrustedDataError("a directory is cut short") from None
    return entries


class _PMTiles(TilePackage):
    def __init__(self, info: TileInfo, fd: int, header: dict[str, int],
                 root: list[_Entry]) -> None:
        super().__init__(info)
        self._fd = fd
        self._h = header
        self._root = root
        self._leaves: OrderedDict[tuple[int, int], list[_Entry]] = OrderedDict()

    @classmethod
    def open(cls, path: Path, size: int) -> _PMTiles:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_CLOEXEC", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise TilePackageError(f"{path}: not a regular file")
            header = _pmtiles_header(path, os.pread(fd, _HEADER_BYTES, 0), size)
            fail = f"{path}: not a usable tile package"
            try:
                root = _directory(_inflate(
                    os.pread(fd, header["root_length"], header["root_offset"]),
                    header["internal"], _DIRECTORY_MAX_BYTES))
                meta: dict[str, Any] = {}
                if header["meta_length"]:
                    text = _inflate(os.pread(fd, header["meta_length"], header["meta_offset"]),
                                    header["internal"], _METADATA_MAX_BYTES)
                    value = loads_json(text, what="metadata", max_bytes=_METADATA_MAX_BYTES)
                    meta = value if isinstance(value, dict) else {}
            except UntrustedDataError as exc:
                raise TilePackageError(f"{fail} ({exc})") from None
            bounds = tuple(header[k] / 1e7 for k in ("min_lon", "min_lat", "max_lon",
                                                    "max_lat"))
            info = TileInfo(
                path=path, kind="pmtiles",
                name=plain_attribution(meta.get("name")) or path.stem,
                attribution=plain_attribution(meta.get("attribution")),
                min_zoom=header["min_zoom"], max_zoom=header["max_zoom"],
                bounds=_bounds(",".join(str(b) for b in bounds)),
            )
        except BaseException:
            os.close(fd)
            raise
        return cls(info, fd, header, root)

    def _section(self, offset: int, length: int, base: str) -> bytes:
        start, end = self._h[base + "_offset"], self._h[base + "_offset"] + self._h[
            base + "_length"]
        if length <= 0 or offset < 0 or start + offset + length > end:
            raise UntrustedDataError(f"an entry points outside the {base} section")
        data = os.pread(self._fd, length, start + offset)
        if len(data) != length:
            raise UntrustedDataError("the file is cut short")
        return data

    def _read(self, z: int, x: int, y: int) -> bytes | None:
        wanted = tile_id(z, x, y)
        entries = self._root
        for _depth in range(_MAX_DEPTH):
            entry = _find(entries, wanted)
            if entry is None:
                return None
            if entry.run_length > 0:
                if entry.length > MAX_TILE_BYTES:
                    raise UntrustedDataError(f"{entry.length:,} bytes; at most "
                                             f"{MAX_TILE_BYTES:,} are read")
                data = self._section(entry.offset, entry.length, "data")
                if self._h["tile_compression"] == 2:
                    data = _inflate(data, 2, MAX_TILE_BYTES)
                return data
            entries = self._leaf(entry)
        raise UntrustedDataError(f"directories nest deeper than {_MAX_DEPTH} levels")

    def _leaf(self, entry: _Entry) -> list[_Entry]:
        key = (entry.offset, entry.length)
        if key in self._leaves:
            self._leaves.move_to_end(key)
            return self._leaves[key]
        if entry.length > _DIRECTORY_MAX_BYTES:
            raise UntrustedDataError("a leaf directory is too large")
        leaf = _directory(_inflate(self._section(entry.offset, entry.length, "leaf"),
                                   self._h["internal"], _DIRECTORY_MAX_BYTES))
        self._leaves[key] = leaf
        if len(self._leaves) > _LEAF_CACHE:
            self._leaves.popitem(last=False)
        return leaf

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


def _find(entries: list[_Entry], wanted: int) -> _Entry | None:
    k = bisect.bisect_right([e.tile_id for e in entries], wanted) - 1
    if k < 0:
        return None
    entry = entries[k]
    if entry.run_length == 0 or wanted - entry.tile_id < entry.run_length:
        return entry
    return None


def _inflate(data: bytes, compression: int, limit: int) -> bytes:
    if compression in (0, 1):
        return data
    if compression != 2:
        raise UntrustedDataError(f"{_COMPRESSION.get(compression, '?')} compression is not "
                                 "read (only none and gzip)")
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(data, limit + 1)
    if len(out) > limit:
        raise UntrustedDataError(f"a compressed part inflates past {limit:,} bytes")
    return out


def _pmtiles_header(path: Path, raw: bytes, size: int) -> dict[str, int]:
    fail = f"{path}: not a usable tile package"
    if len(raw) < _HEADER_BYTES:
        raise TilePackageError(f"{fail} (the PMTiles header is cut short)")
    if raw[7] != 3:
        raise TilePackageError(f"{fail} (PMTiles version {raw[7]}; only version 3 is read)")
    names = ("root", "meta", "leaf", "data")
    numbers = struct.unpack_from("<8Q", raw, 8)
    h: dict[str, int] = {}
    for k, name in enumerate(names):
        offset, length = numbers[2 * k], numbers[2 * k + 1]
        if offset > size or length > size - offset:
            raise TilePackageError(f"{fail} (its {name} section, {length:,} bytes at "
                                   f"{offset:,}, lies outside the file of {size:,} bytes)")
        h[name + "_offset"], h[name + "_length"] = offset, length
    if h["root_offset"] + h["root_length"] > _ROOT_MAX_END or h["root_length"] == 0:
        raise TilePackageError(f"{fail} (the root directory is not within the first "
                               f"{_ROOT_MAX_END:,} bytes)")
    if h["meta_length"] > _METADATA_MAX_BYTES:
        raise TilePackageError(f"{fail} (metadata of {h['meta_length']:,} bytes)")
    internal, tile_compression, tile_type = raw[97], raw[98], raw[99]
    if internal not in (1, 2):
        raise TilePackageError(f"{fail} ({_COMPRESSION.get(internal, '?')} directory "
                               "compression; only none and gzip are read)")
    if tile_compression not in (0, 1, 2):
        raise TilePackageError(f"{fail} ({_COMPRESSION.get(tile_compression, '?')} tile "
                               "compression; only none and gzip are read)")
    if tile_type not in (0, 2, 3, 4):
        raise TilePackageError(f"{path}: tile package of {_TILE_TYPES.get(tile_type, '?')} "
                               "tiles; only raster tiles (PNG, JPEG, WebP) are shown")
    min_zoom, max_zoom = raw[100], raw[101]
    if not (min_zoom <= max_zoom <= MAX_ZOOM):
        raise TilePackageError(f"{fail} (zoom {min_zoom} to {max_zoom}; at most 0 to "
                               f"{MAX_ZOOM})")
    min_lon, min_lat, max_lon, max_lat = struct.unpack_from("<4i", raw, 102)
    h.update(internal=internal, tile_compression=tile_compression, min_zoom=min_zoom,
             max_zoom=max_zoom, min_lon=min_lon, min_lat=min_lat, max_lon=max_lon,
             max_lat=max_lat)
    return h


# -- tiles of a view, for an export ---------------------------------------------------------


def _tile_x(lon: float, z: int) -> int:
    return min((1 << z) - 1, max(0, int((lon + 180.0) / 360.0 * (1 << z))))


def _tile_y(lat: float, z: int) -> int:
    lat = max(-85.0511, min(85.0511, lat))
    r = math.radians(lat)
    y = (1.0 - math.log(math.tan(r) + 1.0 / math.cos(r)) / math.pi) / 2.0 * (1 << z)
    return min((1 << z) - 1, max(0, int(y)))


def tiles_in_view(bounds: tuple[float, float, float, float], z: int) -> list[tuple[int, int]]:
    """The ``(x, y)`` of the tiles of zoom ``z`` covering ``bounds`` (west, south, east,
    north in degrees; west > east crosses the date line). Raises nothing."""
    west, south, east, north = bounds
    ys = range(_tile_y(north, z), _tile_y(south, z) + 1)
    x0, x1 = _tile_x(west, z), _tile_x(east, z)
    xs = list(range(x0, x1 + 1)) if x0 <= x1 else [*range(x0, 1 << z), *range(0, x1 + 1)]
    return [(x, y) for x in xs for y in ys]


def embedded_tiles(
    package: TilePackage,
    bounds: tuple[float, float, float, float],
    *,
    max_zoom: int,
    max_bytes: int,
) -> tuple[dict[str, str], int | None]:
    """The tiles of ``package`` covering ``bounds`` from its lowest zoom up to ``max_zoom``,
    whole zoom levels only, as long as their images together stay within ``max_bytes``.

    Returns ``({"z/x/y": data URI}, the deepest zoom embedded or None when not even the
    first level fits)``. Tiles the package lacks are left out. Raises TilePackageError for a
    tile that is not an image (a hostile package), naming the file.
    """
    found, reached, _capped = _embed(package, bounds, max_zoom=max_zoom, max_bytes=max_bytes)
    return found, reached


def _embed(
    package: TilePackage,
    bounds: tuple[float, float, float, float],
    *,
    max_zoom: int,
    max_bytes: int,
) -> tuple[dict[str, str], int | None, bool]:
    info = package.info
    found: dict[str, str] = {}
    total = 0
    reached: int | None = None
    for z in range(info.min_zoom, min(max_zoom, info.max_zoom) + 1):
        cells = tiles_in_view(bounds, z)
        if len(cells) > 4096:
            return found, reached, True
        level: dict[str, str] = {}
        for x, y in cells:
            tile = package.tile(z, x, y)
            if tile is None:
                continue
            total += len(tile.data)
            if total > max_bytes:
                return found, reached, True
            level[f"{z}/{x}/{y}"] = tile.data_uri()
        found.update(level)
        reached = z
    return found, reached, False


# -- remembered with a project ---------------------------------------------------------------

TILES_SETTING: Final = "tiles"
"""The project setting that remembers the tile package: ``{"path": absolute path}``."""
_MAX_PATH_CHARS: Final = 4096


def tiles_setting(path: str | os.PathLike[str]) -> dict[str, str]:
    """The value of the :data:`TILES_SETTING` project setting for the package at ``path``
    (its absolute path). Raises nothing."""
    return {"path": str(Path(path).absolute())}


def saved_tiles_path(value: object) -> Path | None:
    """The tile package a project's :data:`TILES_SETTING` names, or None when it names
    none. A project file is untrusted: only a dict with an absolute ``path`` string of at
    most 4096 characters, without NUL, is taken; the file itself is checked when opened
    (:func:`open_tile_package`). Raises nothing."""
    if not isinstance(value, dict):
        return None
    text = value.get("path")
    if not isinstance(text, str) or not text or len(text) > _MAX_PATH_CHARS or "\0" in text:
        return None
    path = Path(text)
    return path if path.is_absolute() else None


# -- a standalone export's tiles --------------------------------------------------------------

DEFAULT_EMBED_MAX_BYTES: Final = 10 * 1024 * 1024
# The screen an export's starting view is assumed to fill, in CSS pixels.
_SCREEN: Final = (1600, 1000)


@dataclass(frozen=True, slots=True)
class EmbeddedTiles:
    """The tiles an export carries: ``page`` is the page's ``config.tiles`` (None when not
    even the package's lowest zoom fits the cap), ``count`` and ``size`` (bytes of images)
    what went in, ``zooms`` the first and last zoom embedded, ``capped`` whether the size
    cap stopped it before the zoom asked for."""

    page: dict[str, Any] | None
    count: int
    size: int
    zooms: tuple[int, int] | None
    capped: bool

    def describe(self, path: str | os.PathLike[str], cap: int) -> str:
        """One line for the user about what ``path`` (the package) gave the export."""
        if self.zooms is None:
            return (f"{path}: no tiles embedded: even its zoom-level "
                    f"{'lowest ' if self.capped else ''}tiles of the starting view exceed "
                    f"{cap / 1048576:.0f} MB or it has none there")
        low, high = self.zooms
        note = (f"; the {cap / 1048576:.0f} MB cap stopped it there (raise "
                "--embed-tiles-max-mb for more)" if self.capped else "")
        return (f"{path}: embedded {self.count:,} tiles ({self.size / 1048576:.1f} MB) of "
                f"zoom {low}–{high}{note}")


def _mercator_y(lat: float) -> float:
    r = math.radians(max(-85.0511, min(85.0511, lat)))
    return (1.0 - math.log(math.tan(r) + 1.0 / math.cos(r)) / math.pi) / 2.0


def _lat_of(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * min(1.0, max(0.0, y))))))


def starting_view_bounds(
    view: Mapping[str, float] | None, points: Iterable[tuple[float, float]]
) -> tuple[tuple[float, float, float, float], int]:
    """The (west, south, east, north) an export's first screen shows, and its zoom: the
    saved ``view`` (``{lat, lon, zoom}``) on a 1600×1000 screen, or else the box of the
    ``(lat, lon)`` points (the events) and the zoom that fits it (the whole world when
    there are none). Raises nothing."""
    width, height = _SCREEN
    if view is not None:
        zoom = max(0, min(MAX_ZOOM, int(view["zoom"])))
        world = 256.0 * (1 << zoom)
        half_lon = width / 2 / world * 360.0
        y = _mercator_y(float(view["lat"]))
        lon = float(view["lon"])
        west, east = lon - half_lon, lon + half_lon
        if east - west >= 360:
            west, east = -180.0, 180.0
        else:
            west, east = ((west + 180) % 360) - 180, ((east + 180) % 360) - 180
        return (west, _lat_of(y + height / 2 / world), east, _lat_of(y - height / 2 / world)), zoom
    lats, lons = [], []
    for lat, lon in points:
        if math.isfinite(lat) and math.isfinite(lon):
            lats.append(lat)
            lons.append(lon)
    if not lats:
        return (-180.0, -85.0, 180.0, 85.0), 2
    south, north, west, east = min(lats), max(lats), min(lons), max(lons)
    pad_lat, pad_lon = max(0.05, (north - south) * 0.1), max(0.05, (east - west) * 0.1)
    south, north = max(-85.0, south - pad_lat), min(85.0, north + pad_lat)
    west, east = max(-180.0, west - pad_lon), min(180.0, east + pad_lon)
    zoom = 0
    while zoom < 18:
        world = 256.0 * (1 << (zoom + 1))
        wide = (east - west) / 360.0 * world
        tall = (_mercator_y(south) - _mercator_y(north)) * world
        if wide > width or tall > height:
            break
        zoom += 1
    return (west, south, east, north), zoom


def embed_for_export(
    package: TilePackage,
    *,
    view: Mapping[str, float] | None,
    points: Iterable[tuple[float, float]],
    max_zoom: int | None = None,
    max_bytes: int = DEFAULT_EMBED_MAX_BYTES,
) -> EmbeddedTiles:
    """The tiles of ``package`` for a standalone export starting at ``view`` (or framing
    ``points``, the events' ``(lat, lon)``), from the package's lowest zoom up to
    ``max_zoom`` (default: two levels deeper than the starting view), whole levels only,
    within ``max_bytes`` of images.

    Raises TilePackageError for a tile that is not an image, naming the package.
    """
    bounds, start = starting_view_bounds(view, points)
    wanted = min(package.info.max_zoom, start + 2 if max_zoom is None else max_zoom)
    tiles, reached, capped = _embed(package, bounds, max_zoom=wanted, max_bytes=max_bytes)
    size = sum(len(uri) * 3 // 4 for uri in tiles.values())
    if reached is None or not tiles:
        return EmbeddedTiles(None, 0, 0, None, capped)
    page = {**package.info.to_page(), "embedded": tiles, "embeddedMaxZoom": reached}
    low = min(int(key.split("/", 1)[0]) for key in tiles)
    return EmbeddedTiles(page, len(tiles), size, (low, reached), capped)
