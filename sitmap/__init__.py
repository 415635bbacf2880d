"""sitmap: an offline situation map for news about a crisis."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
