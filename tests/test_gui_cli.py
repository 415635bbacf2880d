"""``sitmap open``: scripted screenshots, option errors, and how the window takes files
(drag-and-drop, cancel)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QLabel, QProgressDialog, QPushButton  # noqa: E402

from sitmap._paths import seeds_dir  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui



def sitmap(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "sitmap", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshot_of_the_seeds_is_saved_at_the_asked_size(tmp_path: Path) -> None:
    out = tmp_path / "shot.png"
    result = sitmap(
        "open",
        "--screenshot",
        str(out),
        "--size",
        "900x600",
        "--from",
        "2022-01-03",
        "--to",
        "2022-01-09",
    )
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (900, 600)
    assert out.stat().st_size > 20_000  # a rendered map, not a blank window
    # Nothing went wrong, so nothing on stderr: not the offscreen renderer's own noise
    # ("This plugin does not support propagateSizeHints()", "QRhiGles2: ...").
    assert result.stderr == ""


def test_screenshot_with_a_bad_file_names_it_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff" * 50)
    good = tmp_path / "good.txt"
    good.write_text("Protesters gathered in Almaty on 5 January 2022.\n", encoding="utf-8")
    out = tmp_path / "shot.png"
    result = sitmap("open", str(good), str(bad), "--screenshot", str(out), "--size", "800x500")
    assert result.returncode == 1
    assert "bad.txt" in result.stderr
    assert png_size(out) == (800, 500)
    assert [line for line in result.stderr.splitlines() if "bad.txt" not in line] == []


@pytest.mark.parametrize(
    ("option", "value"), [("--size", "big"), ("--from", "5 January"), ("--to", "2022-13-01")]
)
def test_bad_option_values_are_reported(option: str, value: str, tmp_path: Path) -> None:
    result = sitmap("open", "--screenshot", str(tmp_path / "x.png"), option, value)
    assert result.returncode == 2
    assert option in result.stderr
    assert not (tmp_path / "x.png").exists()


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    win = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    return win


def test_dropped_folder_is_opened(qtbot, window: MainWindow, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Troops arrived in Almaty on 6 January 2022.\n", "utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    qtbot.waitUntil(lambda: list(window.state.articles) == [str(folder / "a.txt")], timeout=60_000)


def test_cancelled_opening_keeps_what_was_read(qtbot, window: MainWindow, tmp_path) -> None:
    for i in range(40):
        (tmp_path / f"{i:02}.txt").write_text(f"Report {i} from Almaty.\n", "utf-8")
    job = window.open_paths([tmp_path])
    job.cancel()
    with qtbot.waitSignal(job.finished, timeout=60_000) as signal:
        pass
    loaded = signal.args[0]
    assert loaded.cancelled
    assert len(loaded.articles) < 40
    assert "cancel" in window.statusBar().currentMessage().lower()


def test_open_without_a_display_explains_instead_of_aborting(tmp_path: Path) -> None:
    """With no X11/Wayland display and no forced Qt platform, `sitmap open` says what to do
    and exits 2 (Qt itself would abort the process with SIGABRT)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "sitmap", "open", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert "no display found" in result.stderr
    assert "--screenshot" in result.stderr


def visible_progress(window: MainWindow) -> list[str]:
    return [d.labelText() for d in window.findChildren(QProgressDialog) if d.isVisible()]


def test_a_second_open_replaces_the_first_and_its_progress_dialog(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, names in ((first, ("a", "b")), (second, ("c",))):
        folder.mkdir()
        for name in names:
            (folder / f"{name}.txt").write_text(f"Report {name} from Almaty.\n", "utf-8")
    earlier = window.open_paths([first])
    # Its dialog has had a progress value (which starts its 400 ms timer to show itself)
    # when the second open comes, well within those 400 ms.
    with qtbot.waitSignal(earlier.progressed, timeout=10_000):
        pass
    job = window.open_paths([second])
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    window.map.settle(ms=700)  # past the 400 ms after which a dialog shows itself
    assert visible_progress(window) == []
    assert list(window.state.articles) == [str(second / "c.txt")]


def test_cancel_stops_finding_places_and_leaves_the_window_usable(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    seed = next(seeds_dir().glob("*.txt")).read_text(encoding="utf-8")
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):  # ~0.1 s of place-finding each
        (folder / f"{i:02}.txt").write_text(f"Report {i}\n\n{seed}", "utf-8")
    job = window.open_paths([folder])
    dialog = window.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: dialog.labelText().startswith("Finding places"), timeout=30_000)
    with qtbot.waitSignal(job.finished, timeout=30_000) as signal:
        dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    loaded = signal.args[0]
    assert loaded.cancelled
    assert len(loaded.articles) < 60  # reading had ended: the cancel stopped place-finding
    shown = {a.id for a in loaded.articles}
    assert set(window.state.articles) == shown
    assert set(window.state.frame["article_id"]) <= shown
    message = window.statusBar().currentMessage()
    assert message.startswith("Opening cancelled:"), message
    assert visible_progress(window) == []

    # The window goes on: the next open works.
    one = tmp_path / "one.txt"
    one.write_text("Troops arrived in Almaty on 6 January 2022.\n", "utf-8")
    again = window.open_paths([one])
    with qtbot.waitSignal(again.finished, timeout=60_000):
        pass
    assert str(one) in window.state.articles
    assert window.statusBar().currentMessage().startswith("Read ")


def test_a_file_name_in_the_progress_dialog_is_plain_text(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    """Before: the label was Qt's AutoText, so "Reading <b>BOLD.txt…" rendered as markup."""
    folder = tmp_path / "odd names"
    folder.mkdir()
    (folder / "<b>BOLD.txt").write_text("Report from Almaty.\n", "utf-8")
    job = window.open_paths([folder])
    dialog = window.findChild(QProgressDialog)
    labels: list[str] = []
    job.progressed.connect(lambda *_args: labels.append(dialog.labelText()))
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    assert any(text.startswith("Reading <b>BOLD.txt") for text in labels), labels
    [label] = dialog.findChildren(QLabel)
    assert label.textFormat() == Qt.TextFormat.PlainText
