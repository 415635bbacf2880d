"""Value objects of what the window shows: the filter and the map view."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Filter", "View"]


@dataclass(frozen=True, slots=True)
class Filter:
    """Which events show whatever their date: categories (``None`` for all), a
    case-insensitive text and whether background places (dateline, mention) show."""

    categories: frozenset[str] | None = None
    text: str = ""
    show_background: bool = True

    @classmethod
    def of(cls, categories: Iterable[str] | None, text: str = "",
           show_background: bool = True) -> Filter:
        """A filter from any iterable of categories (``None``: all)."""
        return cls(None if categories is None else frozenset(categories), text,
                   show_background)

    @classmethod
    def from_page(cls, filters: Mapping[str, Any] | None) -> Filter:
        """The filter of a ``{categories, text, showBackground}`` mapping (the map page's
        ``setFilter`` shape, as scenes and saved views keep it); missing keys show all.

        Raises:
            TypeError: ``categories`` is neither ``None`` nor iterable.
        """
        filters = filters or {}
        return cls.of(filters.get("categories"), str(filters.get("text", "")),
                      bool(filters.get("showBackground", True)))

    def to_page(self) -> dict[str, Any]:
        """``{categories, text, showBackground}``: the map page's ``setFilter`` shape
        (categories sorted, ``None`` for all)."""
        cats = None if self.categories is None else sorted(self.categories)
        return {"categories": cats, "text": self.text, "showBackground": self.show_background}


def _finite(value: object, name: str) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} is not a finite number: {value!r}")
    return number


@dataclass(frozen=True, slots=True)
class View:
    """Map centre and zoom, three finite numbers (raises ValueError otherwise)."""

    lat: float
    lon: float
    zoom: float

    def __post_init__(self) -> None:
        for name in ("lat", "lon", "zoom"):
            object.__setattr__(self, name, _finite(getattr(self, name), name))

    @classmethod
    def from_page(cls, view: object) -> View:
        """The view of a ``{lat, lon, zoom}`` mapping (``sitmap.getView()``'s answer, or a
        saved view read from a project file, both untrusted).

        Raises:
            ValueError: ``view`` is not a mapping of three finite numbers.
        """
        if not isinstance(view, Mapping):
            raise ValueError(f"a map view is a {{lat, lon, zoom}} object, not {view!r}")
        try:
            return cls(view["lat"], view["lon"], view["zoom"])
        except KeyError as exc:
            raise ValueError(f"a map view has no {exc.args[0]!r}") from None

    def to_page(self) -> dict[str, float]:
        """``{lat, lon, zoom}``, the shape the map page takes."""
        return {"lat": self.lat, "lon": self.lon, "zoom": self.zoom}
