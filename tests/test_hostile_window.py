"""The window with hostile inputs: what was passed over is in the Problems list, as on the
command line, and Cancel ends the opening promptly even while one article takes long."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QSettings  # noqa: E402

import sitmap.pipeline._load as ingest  # noqa: E402
from sitmap.gui._ingest import IngestJob  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui

GOOD = "Protesters gathered in Kharkiv on 2 March 2022.\n"


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    return win


def problems(window: MainWindow) -> list[str]:
    return [window.problems.item(i).text() for i in range(window.problems.count())]


def test_the_problems_list_names_a_docx_and_a_fifo_in_an_opened_folder(
    qtbot, window: MainWindow, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "brief.docx").write_bytes(b"PK\x03\x04 a Word file")
    os.mkfifo(folder / "pipe.txt")
    job = window.open_paths([folder])
    with qtbot.waitSignal(job.finished, timeout=120_000):
        pass
    assert problems(window) == [
        f"{folder / 'pipe.txt'}: skipped: a FIFO (named pipe), not a regular file",
        f"{folder}: 1 file(s) of other types, not read: brief.docx (sitmap reads .txt, "
        ".md/.markdown and .html/.htm)",
    ]
    assert window.problems_dock.isVisibleTo(window)
    assert list(window.state.articles) == [str(folder / "good.txt")]


def test_cancel_ends_the_opening_while_one_article_takes_long(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    release = threading.Event()
    started = threading.Event()

    def slow_build(articles, **kwargs):  # type: ignore[no-untyped-def]
        # Stands for one huge article's geoparsing: it ends only when the test says so.
        list(articles)
        started.set()
        release.wait(120)
        return ingest.empty_frame()

    monkeypatch.setattr(ingest, "build_events", slow_build)
    job = IngestJob([tmp_path], grace_ms=200)
    try:
        job.start()
        qtbot.waitUntil(started.is_set, timeout=60_000)
        with qtbot.waitSignal(job.finished, timeout=30_000) as signal:
            job.cancel()
        loaded = signal.args[0]
        assert loaded.cancelled
        assert loaded.articles == []
    finally:
        release.set()
        job.wait()
