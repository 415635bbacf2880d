"""write_atomically: the file is the old one or the whole new one, never half."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest

from sitmap._atomic import write_atomically


def test_replaces_content_and_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "table.csv"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, "new, with ünïcode\r\n")
    assert target.read_bytes() == "new, with ünïcode\r\n".encode()
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "map.html"
    target.write_bytes(b"old map")
    with (
        mock.patch("sitmap._atomic.os.replace", side_effect=OSError(28, "No space left")),
        pytest.raises(OSError),
    ):
        write_atomically(target, b"new map")
    assert target.read_bytes() == b"old map"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


def test_new_files_are_ordinary_user_files(tmp_path: Path) -> None:
    target = tmp_path / "new.kml"
    old_umask = os.umask(0o022)
    try:
        write_atomically(target, b"<kml/>")
    finally:
        os.umask(old_umask)
    assert target.stat().st_mode & 0o777 == 0o644
