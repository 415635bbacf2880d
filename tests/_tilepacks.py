"""Small tile packages written by the tests themselves (no binary fixtures): an MBTiles
file with sqlite3 and a PMTiles v3 file following the published layout."""

from __future__ import annotations

import gzip
import json
import sqlite3
import struct
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

from sitmap.mapping._tiles import tile_id

Key = tuple[int, int, int]


def png(rgb: tuple[int, int, int], size: int = 256) -> bytes:
    """A solid ``size``-pixel square PNG of colour ``rgb``."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    row = b"\x00" + bytes(rgb) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(row * size)) + chunk(b"IEND", b""))


def write_mbtiles(path: Path, tiles: Mapping[Key, bytes], *,
                  metadata: Mapping[str, str] | None = None, extra_sql: str = "") -> Path:
    """An MBTiles file of ``tiles`` (XYZ keys; stored with TMS rows as the format says)."""
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE metadata (name TEXT, value TEXT);"
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_data BLOB);"
        "CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);"
    )
    meta = {"name": "Test city", "format": "png",
            "attribution": '<a href="https://example.org">© Test Survey</a> &amp; friends'}
    meta.update(metadata or {})
    db.executemany("INSERT INTO metadata VALUES (?, ?)", meta.items())
    db.executemany("INSERT INTO tiles VALUES (?, ?, ?, ?)",
                   [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()])
    if extra_sql:
        db.executescript(extra_sql)
    db.commit()
    db.close()
    return path


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _directory(entries: Iterable[tuple[int, int, int, int]]) -> bytes:
    rows = list(entries)
    out = [_varint(len(rows))]
    last = 0
    for tid, _o, _l, _r in rows:
        out.append(_varint(tid - last))
        last = tid
    out += [_varint(r) for _t, _o, _l, r in rows]
    out += [_varint(length) for _t, _o, length, _r in rows]
    out += [_varint(o + 1) for _t, o, _l, _r in rows]
    return gzip.compress(b"".join(out))


def write_pmtiles(path: Path, tiles: Mapping[Key, bytes], *,
                  metadata: Mapping[str, object] | None = None, leaf: bool = False,
                  tile_type: int = 2, header_patch: Mapping[int, bytes] | None = None) -> Path:
    """A PMTiles v3 file of ``tiles``; with ``leaf`` the entries sit in one leaf directory.
    ``header_patch`` overwrites header bytes at the given offsets (to make hostile files)."""
    order = sorted(tiles, key=lambda k: tile_id(*k))
    data, entries, at = b"", [], 0
    for key in order:
        blob = tiles[key]
        entries.append((tile_id(*key), at, len(blob), 1))
        data += blob
        at += len(blob)
    meta = gzip.compress(json.dumps(
        metadata if metadata is not None
        else {"name": "Test harbour", "attribution": "© Harbour Office <b>2026</b>"}
    ).encode())
    leaves = b""
    if leaf:
        leaves = _directory(entries)
        root = _directory([(entries[0][0], 0, len(leaves), 0)])
    else:
        root = _directory(entries)
    root_offset = 127
    meta_offset = root_offset + len(root)
    leaf_offset = meta_offset + len(meta)
    data_offset = leaf_offset + len(leaves)
    zooms = [k[0] for k in tiles]
    header = bytearray(b"PMTiles" + bytes([3]))
    header += struct.pack("<8Q", root_offset, len(root), meta_offset, len(meta),
                          leaf_offset, len(leaves), data_offset, len(data))
    header += struct.pack("<3Q", len(tiles), len(tiles), len(tiles))
    header += bytes([1, 2, 1, tile_type, min(zooms), max(zooms)])
    header += struct.pack("<4i", -1800000000, -850000000, 1800000000, 850000000)
    header += bytes([min(zooms)]) + struct.pack("<2i", 0, 0)
    assert len(header) == 127
    for offset, patch in (header_patch or {}).items():
        header[offset:offset + len(patch)] = patch
    path.write_bytes(bytes(header) + root + meta + leaves + data)
    return path
