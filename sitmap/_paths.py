"""Where sitmap's bundled data lives, installed or in a source checkout, and its cache."""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # A wheel carries the top-level folders inside the package (see pyproject force-include);
    # an editable install or a source checkout finds them beside the package.
    inside = _PKG / f"_{name}"
    return inside if inside.is_dir() else _PKG.parent / name


def resources_dir() -> Path:
    """sitmap's own web assets, icons and the offline basemap."""
    return _bundled("resources")


def gazetteer_dir() -> Path:
    """The committed, derived gazetteer sources."""
    return _bundled("gazetteer")


def seeds_dir() -> Path:
    """The two bundled demo articles and their index.csv."""
    return _bundled("seeds")


def cache_dir() -> Path:
    """Per-user cache (compiled gazetteer). ``SITMAP_CACHE_DIR`` overrides it (tests do)."""
    override = os.environ.get("SITMAP_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_path

    return user_cache_path("sitmap", appauthor=False)
