"""The File > Open Recent list, kept in a small JSON file in the user's config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Final

from sitmap._atomic import write_atomically

__all__ = ["RecentProjects"]

_LIMIT: Final = 10


class RecentProjects:
    """Most recently used project files, newest first, at most ``limit`` of them.

    ``store`` is the JSON file (default: ``recent-projects.json`` in the user config folder
    of sitmap). A missing or unreadable store is an empty list, never an error: losing the
    list must not stop the program.
    """

    def __init__(self, store: Path | None = None, *, limit: int = _LIMIT) -> None:
        if store is None:
            from platformdirs import user_config_path

            store = user_config_path("sitmap", appauthor=False) / "recent-projects.json"
        self.store = store
        self.limit = limit

    def paths(self) -> list[Path]:
        """The remembered projects that still exist, newest first."""
        try:
            entries = json.loads(self.store.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        if not isinstance(entries, list):
            return []
        return [Path(e) for e in entries if isinstance(e, str) and Path(e).is_file()]

    def add(self, path: str | os.PathLike[str]) -> list[Path]:
        """Put ``path`` first in the list and return the new list. Raises OSError if the
        store cannot be written."""
        path = Path(path).resolve()
        paths = [path, *(p for p in self.paths() if p != path)][: self.limit]
        self._write(paths)
        return paths

    def remove(self, path: str | os.PathLike[str]) -> list[Path]:
        """Forget ``path`` (a project that failed to open, say) and return the new list."""
        path = Path(path).resolve()
        paths = [p for p in self.paths() if p != path]
        self._write(paths)
        return paths

    def _write(self, paths: list[Path]) -> None:
        self.store.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(
            self.store, json.dumps([str(p) for p in paths], ensure_ascii=False, indent=1)
        )
