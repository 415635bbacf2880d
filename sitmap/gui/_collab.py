"""What the GUI controllers are given instead of the window: small protocols.

``Corrections`` and ``Presenter`` see the open project through an :class:`Editor` (the
``Workflow`` is one), report through a :data:`StatusSink` and ask through :class:`Asks`;
only ``MainWindow`` knows the window, its docks and its menus.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

import pandas as pd

from sitmap.project import Command, Project

__all__ = ["Asks", "Editor", "StatusSink"]


class StatusSink(Protocol):
    """Where a controller says what happened: the window's status bar (``QStatusBar``)."""

    def showMessage(self, message: str, timeout: int = 0) -> None:
        """Show ``message`` for ``timeout`` milliseconds (0: until replaced)."""

    def currentMessage(self) -> str:
        """The message shown now, ``""`` for none."""

    def clearMessage(self) -> None:
        """Remove the message shown."""


class Asks(Protocol):
    """The questions a controller may put to the user (``Prompts`` answers them)."""

    def error(self, title: str, message: str) -> None:
        """Show an error message."""

    def text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text from the user, ``None`` when cancelled."""


class Editor(Protocol):
    """The open project and its undo stack, as the controllers that edit it see them."""

    refreshed: list[Callable[[], None]]

    @property
    def project(self) -> Project:
        """The open project (replaced when another is opened)."""

    @property
    def prompts(self) -> Asks:
        """The dialogs (tests hand in canned answers)."""

    def push(self, command: Command) -> None:
        """Apply ``command`` as one undoable step and redraw."""

    def frame(self) -> pd.DataFrame:
        """The table shown."""

    def not_correctable(self, event_id: str) -> str:
        """Why ``event_id`` cannot be corrected (a row shown but not saved), ``""`` when it
        can."""

    def restore_view_when_ready(self, view: Mapping[str, float]) -> None:
        """Put the map at ``view`` once its page is ready."""
