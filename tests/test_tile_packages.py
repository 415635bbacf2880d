"""Tile packages (MBTiles, PMTiles) are read as hostile files: tiles come back as images,
anything else is refused with one line naming the file."""

from __future__ import annotations

import sqlite3
import struct
from pathlib import Path

import pytest
from _tilepacks import png, write_mbtiles, write_pmtiles

from sitmap.mapping._tiles import (
    MAX_TILE_BYTES,
    TilePackageError,
    embedded_tiles,
    open_tile_package,
    tile_id,
)

RED, BLUE = png((200, 30, 30)), png((30, 30, 200))
TILES = {(0, 0, 0): RED, (1, 0, 0): BLUE, (1, 1, 1): RED, (2, 2, 1): BLUE}


def test_tile_ids_follow_the_hilbert_numbering_of_pmtiles() -> None:
    # Zoom 0 is id 0; zoom 1 walks (0,0), (0,1), (1,1), (1,0); zoom 2 starts at 5.
    got = [tile_id(0, 0, 0), tile_id(1, 0, 0), tile_id(1, 0, 1), tile_id(1, 1, 1),
           tile_id(1, 1, 0), tile_id(2, 0, 0)]
    assert got == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize("kind", ["mbtiles", "pmtiles", "pmtiles-leaf"])
def test_a_package_gives_its_tiles_as_images_with_its_own_credit(
    tmp_path: Path, kind: str
) -> None:
    if kind == "mbtiles":
        path = write_mbtiles(tmp_path / "city.mbtiles", TILES)
        credit, name = "© Test Survey & friends", "Test city"
    else:
        path = write_pmtiles(tmp_path / "harbour.pmtiles", TILES, leaf=kind.endswith("leaf"))
        credit, name = "© Harbour Office 2026", "Test harbour"
    package = open_tile_package(path)
    try:
        assert package.info.attribution == credit
        assert package.info.name == name
        assert (package.info.min_zoom, package.info.max_zoom) == (0, 2)
        for (z, x, y), data in TILES.items():
            tile = package.tile(z, x, y)
            assert tile is not None and tile.data == data and tile.mime == "image/png"
        assert package.tile(2, 0, 0) is None  # not in the package
        assert package.tile(1, 5, 0) is None  # not on the map
    finally:
        package.close()


def test_the_deduplicated_mbtiles_layout_is_read_without_its_view(tmp_path: Path) -> None:
    path = tmp_path / "dedup.mbtiles"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE metadata (name TEXT, value TEXT);"
        "CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
        " tile_id TEXT);"
        "CREATE TABLE images (tile_data BLOB, tile_id TEXT);"
        "CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS"
        " tile_column, map.tile_row AS tile_row, images.tile_data AS tile_data FROM map"
        " JOIN images ON images.tile_id = map.tile_id;"
        "INSERT INTO metadata VALUES ('format', 'png');"
    )
    db.execute("INSERT INTO images VALUES (?, 'a')", (RED,))
    db.execute("INSERT INTO map VALUES (1, 1, 0, 'a')")  # TMS row 0 is XYZ row 1
    db.commit()
    db.close()
    package = open_tile_package(path)
    tile = package.tile(1, 1, 1)
    package.close()
    assert tile is not None and tile.data == RED


def _refused(path: Path, *words: str) -> str:
    with pytest.raises(TilePackageError) as caught:
        package = open_tile_package(path)
        package.close()
    message = str(caught.value)
    assert message.startswith(str(path)) and "\n" not in message
    for word in words:
        assert word in message
    return message


def test_a_file_that_is_neither_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.mbtiles"
    path.write_text("just some text, not a database")
    _refused(path, "not a tile package")


def test_an_sqlite_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.mbtiles"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE people (name TEXT)")
    db.commit()
    db.close()
    _refused(path, "not an MBTiles package")


@pytest.mark.parametrize("sql, word", [
    ("CREATE TRIGGER boom AFTER INSERT ON tiles BEGIN DELETE FROM metadata; END;", "trigger"),
    ("CREATE VIEW sneaky AS SELECT * FROM metadata;", "view"),
])
def test_stored_sql_in_an_mbtiles_file_is_refused(tmp_path: Path, sql: str, word: str) -> None:
    path = write_mbtiles(tmp_path / "active.mbtiles", TILES, extra_sql=sql)
    _refused(path, word)


def test_a_huge_declared_sqlite_size_is_refused(tmp_path: Path) -> None:
    path = write_mbtiles(tmp_path / "huge.mbtiles", TILES)
    raw = bytearray(path.read_bytes())
    raw[28:32] = struct.pack(">I", 0x7FFFFFFF)  # the in-header page count
    path.write_bytes(bytes(raw))
    _refused(path, "declares")


def test_vector_tiles_are_refused(tmp_path: Path) -> None:
    path = write_mbtiles(tmp_path / "vector.mbtiles", TILES, metadata={"format": "pbf"})
    _refused(path, "only raster")
    _refused(write_pmtiles(tmp_path / "vector.pmtiles", TILES, tile_type=1), "only raster")


def test_a_tile_that_is_not_an_image_is_refused_and_none_too_large_is_read(
    tmp_path: Path,
) -> None:
    bad = {(0, 0, 0): b"<script>alert(1)</script>", (1, 0, 0): b"\x89PNG" + b"\0" * (
        MAX_TILE_BYTES + 1)}
    for path in (write_mbtiles(tmp_path / "bad.mbtiles", bad),
                 write_pmtiles(tmp_path / "bad.pmtiles", bad)):
        package = open_tile_package(path)
        try:
            with pytest.raises(TilePackageError, match="not a PNG, JPEG or WebP image"):
                package.tile(0, 0, 0)
            with pytest.raises(TilePackageError, match="at most"):
                package.tile(1, 0, 0)
        finally:
            package.close()


@pytest.mark.parametrize("offset, patch, word", [
    (16, struct.pack("<Q", 10**12), "outside the file"),  # root length
    (56, struct.pack("<Q", 1 << 62), "outside the file"),  # tile data offset
    (8, struct.pack("<Q", 20000), "root section"),  # root directory past the end
    (7, bytes([2]), "version 2"),
    (101, bytes([40]), "zoom"),
])
def test_pmtiles_lengths_and_offsets_out_of_range_are_refused(
    tmp_path: Path, offset: int, patch: bytes, word: str
) -> None:
    path = write_pmtiles(tmp_path / "hostile.pmtiles", TILES, header_patch={offset: patch})
    _refused(path, word)


def test_a_pmtiles_entry_pointing_outside_its_section_is_not_served(tmp_path: Path) -> None:
    path = write_pmtiles(tmp_path / "short.pmtiles", TILES)
    raw = path.read_bytes()
    data_length = struct.unpack_from("<Q", raw, 64)[0]
    # Declare the tile data section shorter than the tiles in it.
    path.write_bytes(raw[:64] + struct.pack("<Q", data_length - 10) + raw[72:])
    package = open_tile_package(path)
    try:
        with pytest.raises(TilePackageError, match="outside the data section"):
            package.tile(2, 2, 1)  # the last tile
    finally:
        package.close()


def test_a_folder_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path, "folder")


def test_the_tiles_of_a_view_are_embedded_within_the_cap(tmp_path: Path) -> None:
    package = open_tile_package(write_pmtiles(tmp_path / "t.pmtiles", TILES))
    try:
        world = (-180.0, -85.0, 180.0, 85.0)
        everything, reached = embedded_tiles(package, world, max_zoom=2, max_bytes=10**6)
        assert reached == 2 and set(everything) == {"0/0/0", "1/0/0", "1/1/1", "2/2/1"}
        assert everything["0/0/0"].startswith("data:image/png;base64,")
        # Room for two tiles: only whole zoom levels go in, so zoom 0 alone.
        some, reached = embedded_tiles(package, world, max_zoom=2, max_bytes=2 * len(RED))
        assert reached == 0 and set(some) == {"0/0/0"}
    finally:
        package.close()


def test_a_projects_tile_setting_is_taken_only_as_an_absolute_path() -> None:
    from sitmap.mapping._tiles import saved_tiles_path, tiles_setting

    assert saved_tiles_path(tiles_setting("/data/office.mbtiles")) == Path("/data/office.mbtiles")
    for crafted in (None, "/data/office.mbtiles", {"path": "relative.mbtiles"},
                    {"path": 5}, {"path": "/a\0b"}, {"path": "/" + "a" * 5000}, ["/x"]):
        assert saved_tiles_path(crafted) is None
