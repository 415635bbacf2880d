"""Only regular files are ever opened: what else a path can be is said in words.

A FIFO opened for reading waits for a writer for ever, a device may never end, a socket
cannot be opened at all; symbolic links may loop or point nowhere. Each of these is told
apart by ``stat`` before anything is opened, and the descriptor that is opened (without
blocking) is checked again, so a path swapped for a FIFO in between cannot hang a read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sitmap._untrusted import file_kind as _kind
from sitmap._untrusted import not_regular
from sitmap.errors import InputError

__all__ = ["not_regular", "read_regular"]

_CHUNK = 1 << 20


def read_regular(path: str | Path, shown: str, *, limit: int) -> bytes:
    """Return the bytes of the regular file ``path`` (symbolic links followed).

    Nothing but a regular file is opened, and it is opened without blocking, so a FIFO or
    device never hangs the caller. Raises ``InputError`` naming ``shown`` when the path is
    not a regular file, holds more than ``limit`` bytes, or cannot be read.
    """
    problem = not_regular(path)
    if problem is not None:
        raise InputError(shown, problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            # Swapped for something else since the check above.
            raise InputError(shown, f"skipped: {_kind(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise InputError(shown, f"file is {info.st_size / 1e6:.1f} MB; the limit is "
                             f"{limit / 1e6:g} MB")
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, _CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise InputError(shown, f"file is more than {limit / 1e6:g} MB, the limit")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
