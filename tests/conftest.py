"""Shared test set-up. Qt renders offscreen; Chromium/WebEngine never touch the network."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault(
    "QTWEBENGINE_CHROMIUM_FLAGS",
    "--no-sandbox --disable-gpu --disable-background-networking --disable-component-update",
)

# The gazetteer is compiled once into a test cache shared by every run (and by the CLI
# subprocesses tests start); the user's own places file never leaks into tests.
if "SITMAP_CACHE_DIR" not in os.environ:
    from platformdirs import user_cache_path

    os.environ["SITMAP_CACHE_DIR"] = str(user_cache_path("sitmap", appauthor=False) / "tests")
os.environ["SITMAP_USER_PLACES"] = os.path.join(os.path.dirname(__file__), "no-user-places.csv")

import pytest


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under pytest-xdist (``-n 2``, the README's test command) the controller opens the
    gazetteer once before its workers start, so that on a fresh cache one process builds it
    and the workers open the file it wrote, instead of each building its own copy at once.
    A run without ``-n`` (and each worker) builds it when a test first asks, as before."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(
        session.config.option, "numprocesses", None
    ):
        return
    from sitmap.geocode import open_gazetteer

    open_gazetteer().close()


@pytest.fixture(scope="session")
def gazetteer():  # type: ignore[no-untyped-def]
    """The default gazetteer, opened once per session (built on the first run only)."""
    from sitmap.geocode import open_gazetteer

    gaz = open_gazetteer()
    yield gaz
    gaz.close()


@pytest.fixture(scope="module")
def geoparser(gazetteer):  # type: ignore[no-untyped-def]
    """A default geoparser on the session's gazetteer, made once per test module (a module
    may define its own ``geoparser`` instead)."""
    from sitmap.geoparse import Geoparser

    return Geoparser(gazetteer)


@pytest.fixture(scope="module")
def seeds():  # type: ignore[no-untyped-def]
    """The two bundled seed articles read through the pipeline, as the window reads them
    (once per test module, so a module that changes what it gets cannot reach another)."""
    from sitmap._paths import seeds_dir
    from sitmap.pipeline import load_events

    loaded = load_events([seeds_dir()])
    assert loaded.errors == []
    return loaded


@pytest.fixture(autouse=True)
def _delete_closed_qt_objects(request):  # type: ignore[no-untyped-def]
    """After each GUI test: pytest-qt closes the test's widgets and asks Qt to delete them
    later; do it now, so no web page outlives the QApplication ("Release of profile
    requested ..." at exit)."""
    yield
    if request.node.get_closest_marker("gui") is not None:
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(qtbot):  # type: ignore[no-untyped-def]
    """Make main windows (``tests/_windows.py``'s ``new_window``: ``make(folder, **how)``)
    and delete them when the test ends, before their web profile, as WebEngine requires."""
    import shiboken6
    from _windows import new_window
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    made = []

    def make(folder, **how):  # type: ignore[no-untyped-def]
        win = new_window(qtbot, folder, **how)
        made.append(win)
        return win

    yield make
    for win in made:
        if shiboken6.isValid(win):
            win.close()
            win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
