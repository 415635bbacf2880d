"""Value objects of what the window shows: the filter and the map view.

Both are the layers' own: the filter is :class:`sitmap.events.EventFilter` and the view is
:class:`sitmap.project.SavedView`, which scenes and saved views keep, so the window, the
project file and the page read and write one shape each.
"""

from __future__ import annotations

from sitmap.events import EventFilter
from sitmap.model import finite
from sitmap.project import SavedView

__all__ = ["Filter", "View", "finite"]


Filter = EventFilter
"""What the map shows whatever the date: the one filter value object,
:class:`sitmap.events.EventFilter` (categories in a canonical order, the page's shape)."""

View = SavedView
"""Map centre and zoom: the one view value object, :class:`sitmap.project.SavedView` (a
point on Earth and a finite zoom; ``from_page``/``to_page`` read and write the page's
``{lat, lon, zoom}``)."""
