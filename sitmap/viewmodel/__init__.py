"""What the window shows, without Qt: the view model, its filter and view value objects, the
saved-view format, scene capture, and the labels the panels show.

``sitmap.gui`` adapts this to Qt (``AppState`` announces the view model's changes as
signals); every rule that decides what is shown lives here, so tests reach it without
PySide6.
"""

from sitmap.viewmodel._article import article_html
from sitmap.viewmodel._labels import date_labels, label_box, tick_labels, view_box
from sitmap.viewmodel._model import ViewModel
from sitmap.viewmodel._playback import (
    PLAY_SPEEDS,
    PLAY_STEPS,
    play_interval_ms,
    play_next,
    play_start,
)
from sitmap.viewmodel._saved import (
    ViewSettings,
    current_scene,
    kept_range,
    read_settings,
    view_settings,
)
from sitmap.viewmodel._storage import ARROW_TEXT, TextCells, arrow_text, concat_tables
from sitmap.viewmodel._values import Filter, View, finite

__all__ = [
    "ARROW_TEXT",
    "PLAY_SPEEDS",
    "PLAY_STEPS",
    "Filter",
    "View",
    "ViewModel",
    "TextCells",
    "ViewSettings",
    "article_html",
    "arrow_text",
    "concat_tables",
    "current_scene",
    "date_labels",
    "finite",
    "kept_range",
    "label_box",
    "play_interval_ms",
    "play_next",
    "play_start",
    "read_settings",
    "tick_labels",
    "view_box",
    "view_settings",
]
