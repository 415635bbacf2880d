"""Writing a user's file so that it is either the old one or the whole new one, never half."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sitmap.errors import ExportError

__all__ = ["atomic_output", "require_folder", "write_atomically"]


def require_folder(target: Path) -> None:
    """Raise FileNotFoundError naming ``target`` if the folder it goes in does not exist
    (the system's own error would name the temporary file instead)."""
    folder = target.parent
    if not folder.is_dir():
        raise FileNotFoundError(f"there is no folder {folder} to write {target.name} in")


def write_atomically(
    path: str | os.PathLike[str], data: bytes | str, *, what: str | None = None
) -> None:
    """Write ``data`` (str as UTF-8, newlines untouched) to a temporary file beside ``path``,
    flush it to disk, then rename it over ``path``.

    The file keeps the permissions of the one it replaces (an ordinary 0o644 when new:
    mkstemp would leave it private). No temporary file is left behind.

    Raises:
        OSError: as the system reports it, when ``what`` is not given.
        sitmap.errors.ExportError: with ``what`` (what the file is: ``"the export"``),
            instead of the OSError: ``"{path}: cannot write {what}: {reason}"``.
    """
    if what is not None:
        try:
            write_atomically(path, data)
        except OSError as exc:
            raise ExportError(f"{path}: cannot write {what}: {exc.strerror or exc}") from exc
        return
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with atomic_output(path) as handle:
        handle.write(payload)


@contextlib.contextmanager
def atomic_output(
    path: str | os.PathLike[str], *, what: str | None = None
) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, piece by piece (a large export streamed):
    a temporary file beside ``path``, flushed to disk and renamed over it when the block
    ends without an error; removed, and ``path`` left as it was, when the block raises.

    Raises:
        OSError: as the system reports it, when ``what`` is not given.
        sitmap.errors.ExportError: with ``what``, instead of the OSError:
            ``"{path}: cannot write {what}: {reason}"``.
    """
    target = Path(path)
    try:
        require_folder(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        if what is None:
            raise
        raise ExportError(f"{path}: cannot write {what}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if what is None:
            raise
        raise ExportError(f"{path}: cannot write {what}: {exc.strerror or exc}") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
