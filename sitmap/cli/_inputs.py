"""What the commands that read articles share about their inputs."""

from __future__ import annotations

from collections.abc import Sequence

from sitmap.errors import InputError
from sitmap.ingest import LoadResult

__all__ = ["nothing_read"]

_KNOWN = ".txt, .md/.markdown or .html/.htm"


def nothing_read(paths: Sequence[str], loaded: LoadResult) -> list[InputError]:
    """An error for each path when nothing at all was read and nothing was reported: an empty
    folder, or one of pictures, is a mistake the user should hear about, not an empty table."""
    if loaded.articles or loaded.errors:
        return []
    return [InputError(str(p), f"no articles here (looked for {_KNOWN} files)") for p in paths]
