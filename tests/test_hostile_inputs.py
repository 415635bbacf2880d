"""Hostile inputs on the command line: odd files are named and never opened, one bad article
does not sink a batch, and no traceback reaches the user."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

GOOD = "Protesters gathered in Kharkiv on 2 March 2022.\n"
TIMEOUT = 120  # a FIFO used to hang the command for ever; the gazetteer may be opened cold


def sitmap(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``sitmap`` command as a user would; fail the test if it hangs."""
    return subprocess.run(
        [sys.executable, "-m", "sitmap", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def odd_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder of one good article and one of every entry that is no article file."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")
    (folder / "loop.txt").symlink_to("loop.txt")
    (folder / "dangling.txt").symlink_to("missing.txt")
    (folder / "x.txt").mkdir()
    (folder / "report.docx").write_bytes(b"PK\x03\x04 not an article")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.txt"))
    try:
        yield folder
    finally:
        server.close()


def test_odd_entries_in_a_folder_are_each_named_once_and_never_opened(
    odd_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.csv"
    done = sitmap("export", str(odd_folder), "-o", str(out))
    lines = done.stderr.splitlines()

    def said(path: Path, reason: str) -> None:
        hits = [line for line in lines if line.startswith(f"{path}: ")]
        assert hits == [f"{path}: {reason}"], done.stderr

    said(odd_folder / "fifo.txt", "skipped: a FIFO (named pipe), not a regular file")
    said(odd_folder / "sock.txt", "skipped: a socket, not a regular file")
    said(odd_folder / "loop.txt", "skipped: a symbolic link loop (it leads back to itself)")
    said(odd_folder / "dangling.txt",
         "skipped: a symbolic link to nothing (its target does not exist)")
    said(odd_folder / "x.txt",
         "a folder named like an article file; the articles inside it are read")
    said(odd_folder, "1 file(s) of other types, not read: report.docx "
                     "(sitmap reads .txt, .md/.markdown and .html/.htm)")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1  # the special files are input errors; the rest was exported
    assert "Kharkiv" in out.read_text(encoding="utf-8")
    assert done.stdout.strip() == f"{out}: 1 events from 1 article"


def test_a_fifo_named_on_the_command_line_does_not_hang_the_export(
    odd_folder: Path, tmp_path: Path
) -> None:
    # The issue's own case: `sitmap export fifo.txt good.md -o x.csv` never returned.
    out = tmp_path / "x.csv"
    done = sitmap("export", str(odd_folder / "fifo.txt"), str(odd_folder / "good.txt"),
                  "-o", str(out))
    assert f"{odd_folder / 'fifo.txt'}: skipped: a FIFO (named pipe), not a regular file" in (
        done.stderr.splitlines())
    assert done.returncode == 1
    assert "Kharkiv" in out.read_text(encoding="utf-8")


def test_a_fifo_given_as_the_jsonl_input_does_not_hang_geoparse(tmp_path: Path) -> None:
    fifo = tmp_path / "docs.jsonl"
    os.mkfifo(fifo)
    done = sitmap("geoparse", "--jsonl", str(fifo))
    assert done.stderr.splitlines() == [f"{fifo}: skipped: a FIFO (named pipe), not a regular file"]
    assert done.returncode == 1
