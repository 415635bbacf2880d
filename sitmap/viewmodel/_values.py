"""Value objects of what the window shows: the filter and the map view."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from sitmap.events import EventFilter

__all__ = ["Filter", "View", "finite"]


Filter = EventFilter
"""What the map shows whatever the date: the one filter value object,
:class:`sitmap.events.EventFilter` (categories in a canonical order, the page's shape)."""


def finite(value: object, name: str) -> float:
    """``value`` as a finite float. Raises ValueError naming ``name`` otherwise."""
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
            object.__setattr__(self, name, finite(getattr(self, name), name))

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
