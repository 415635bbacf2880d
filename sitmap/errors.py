"""sitmap's exceptions: one root, and subclasses that also inherit the matching builtin.

Every error that can reach a user names the file (and line, where there is one) and says
what is wrong, so the CLI and the window can print ``str(exc)`` as it is.
"""

from __future__ import annotations

__all__ = [
    "SitmapError",
    "InputError",
    "DecodeError",
    "MetadataError",
    "GazetteerError",
    "ProjectError",
    "ExportError",
    "unprocessed",
]


class SitmapError(Exception):
    """Root of every error sitmap raises on purpose."""


class InputError(SitmapError, ValueError):
    """An input file or record cannot be used (binary, empty, too large, unknown type...).

    ``path`` is the file as the user gave it; ``line`` is 1-based where it applies. The
    message is one line of printable text: a character that is not printable (a line break,
    an escape sequence, a direction override, from a file's name or content) is written as
    its escape (``\\n``, ``\\x1b``), so no file adds a line of its own to stderr or the
    Problems list.
    """

    def __init__(self, path: str, reason: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(_one_line(f"{where}: {reason}"))


class DecodeError(InputError):
    """The bytes of a text file could not be decoded without guessing."""


class MetadataError(InputError):
    """A metadata sidecar (index.csv) or front matter is malformed."""


class GazetteerError(SitmapError, RuntimeError):
    """The gazetteer sources are missing/corrupt or the compiled store cannot be opened."""


class ProjectError(SitmapError, OSError):
    """A project file cannot be opened or saved (corrupt, newer format, locked...)."""


class ExportError(SitmapError, OSError):
    """An export could not be written."""


def _one_line(text: str) -> str:
    """``text`` with each character that is not printable written as its escape, as in a
    Python string literal ("\\n", "\\x1b", "\\u202e"). Raises nothing."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def unprocessed(name: str, exc: BaseException) -> InputError:
    """The error for an article (file path or record id ``name``) whose processing raised
    ``exc``: "NAME: could not be processed (WHY)"."""
    if isinstance(exc, SitmapError):
        why = str(exc)
    elif isinstance(exc, MemoryError):
        why = "out of memory"
    elif isinstance(exc, RecursionError):
        why = "too deeply nested"
    else:
        why = f"unexpected {type(exc).__name__}: {exc}" if str(exc) else (
            f"unexpected {type(exc).__name__}")
    return InputError(name, f"could not be processed ({why})")
