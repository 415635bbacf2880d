"""Main windows for GUI tests: scripted prompts instead of dialogs, and every file a window
keeps (settings, recent projects, the untitled autosave) inside a folder of the test's own.

``make_window`` (a fixture in ``conftest.py``) makes the windows of a test and deletes them
when it ends; ``new_window`` makes one the caller closes. Import this module only from GUI
tests: it imports Qt.
"""

from __future__ import annotations

from pathlib import Path

from sitmap.gui import prepare_qt

prepare_qt()

from PySide6.QtCore import QSettings  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.gui._workflow import Prompts  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402
from sitmap.project import RecentProjects  # noqa: E402

__all__ = ["ScriptedPrompts", "js", "new_window", "show"]


class ScriptedPrompts(Prompts):
    """Answers instead of dialogs, and a record of the errors shown.

    A test sets ``path`` (what open and save dialogs return), appends to ``texts`` (what the
    next text prompts return, in order; ``text_answer`` once they run out) and reads
    ``errors`` (the messages) and ``asked`` (the recovery questions). Closing a window with
    changes answers ``save_answer`` (False: discard, so a test's end writes nothing).
    """

    text_answer: str | None = ""
    save_answer: bool | None = False
    recover_answer = True

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.errors: list[str] = []
        self.asked: list[str] = []
        self.texts: list[str] = []
        self.path: Path | None = None

    def error(self, title: str, message: str) -> None:
        self.errors.append(message)

    def open_path(self) -> Path | None:
        return self.path

    def save_path(self, suggestion: str) -> Path | None:
        return self.path

    def recover(self, autosave: Path, project: Path | None = None) -> bool:
        self.asked.append(self.recovery_text(autosave, project))
        return self.recover_answer

    def save_changes(self, name: str) -> bool | None:
        return self.save_answer

    def text(self, title: str, label: str, default: str = "") -> str | None:
        return self.texts.pop(0) if self.texts else self.text_answer


def new_window(
    qtbot: QtBot,
    folder: Path,
    *,
    prompts: type[Prompts] = ScriptedPrompts,
    size: tuple[int, int] = (1200, 800),
    **options: object,
) -> MainWindow:
    """A shown main window of ``size`` whose files live in ``folder`` (made if missing),
    answering through ``prompts``; ``options`` go to ``MainWindow`` as they are. pytest-qt
    closes it at the end of the test."""
    folder.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(folder / "sitmap.ini"), QSettings.Format.IniFormat)
    win = MainWindow(
        settings=settings,
        prompts=prompts,
        recent=RecentProjects(folder / "recent.json"),
        untitled_autosave=folder / "untitled.sitmap.autosave",
        autosave_minutes=0,
        **options,  # type: ignore[arg-type]
    )
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    return win


def show(window: MainWindow, loaded: Loaded) -> None:
    """Show ``loaded`` in ``window`` and wait until the page has drawn it."""
    window.show_loaded(loaded)
    window.map.wait_ready()


def js(window: MainWindow, script: str) -> object:
    """The value of ``script`` evaluated in the window's map page."""
    return window.map.evaluate(script)
