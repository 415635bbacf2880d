"""What the window shows, without Qt: the view model, its filter and view value objects, the
saved-view format, scene capture, and the labels the panels show.

``sitmap.gui`` adapts this to Qt (``AppState`` announces the view model's changes as
signals); every rule that decides what is shown lives here, so tests reach it without
PySide6.
"""

from sitmap.viewmodel._article import article_html
from sitmap.viewmodel._labels import date_labels, label_box, tick_labels
from sitmap.viewmodel._model import ViewModel
from sitmap.viewmodel._saved import (
    SavedView,
    current_scene,
    kept_range,
    read_settings,
    view_settings,
)
from sitmap.viewmodel._values import Filter, View

__all__ = [
    "Filter",
    "SavedView",
    "View",
    "ViewModel",
    "article_html",
    "current_scene",
    "date_labels",
    "kept_range",
    "label_box",
    "read_settings",
    "tick_labels",
    "view_settings",
]
