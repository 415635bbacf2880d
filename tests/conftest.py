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


def run_once(factory: pytest.TempPathFactory, name: str, make):  # type: ignore[no-untyped-def]
    """``make(folder)`` run once for the whole test run, even under pytest-xdist: the first
    process to ask runs it in ``folder`` (shared by the run's processes) and writes what it
    returns as JSON there; the others wait on a lock and read that. Returns ``(folder,
    result)``."""
    import fcntl
    import json

    base = factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / name
    done = root / f"{name}.json"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(exist_ok=True)
            done.write_text(json.dumps(make(folder)), encoding="utf-8")
    return folder, json.loads(done.read_text(encoding="utf-8"))


# A user's places file with two bad rows (own rows): one good landmark, a made-up country code
# on a country row, and a bad latitude.
FIRST_RUN_PLACES = (
    "name,lat,lon,country_code,kind,alternate_names\n"
    "Ridgeview Relief Camp,43.30,52.85,KZ,landmark,\n"
    "Freedonia,10.0,10.0,XX,country,\n"
    "Lost Hill,123.0,10.0,KZ,landmark,\n"
)


@pytest.fixture(scope="session")
def first_run(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A first run on a fresh machine whose places file has two bad rows: the real
    ``sitmap geoparse --jsonl`` command, started on an empty gazetteer cache, builds the
    gazetteer (the one real first-run build of the test run, shared by the tests of the
    first-run progress and of the places file's problems). Returns a dict: ``env`` (the
    ``SITMAP_CACHE_DIR`` and ``SITMAP_USER_PLACES`` of that machine), ``places`` (the places
    file), ``returncode``, ``stdout`` and ``stderr`` of the command."""
    import json
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    def build(folder: Path) -> dict[str, object]:
        places = folder / "places.csv"
        places.write_text(FIRST_RUN_PLACES, encoding="utf-8")
        src = folder / "in.jsonl"
        src.write_text(json.dumps({"id": "x", "text": "Unrest in Almaty."}) + "\n")
        env = {"SITMAP_CACHE_DIR": str(folder / "cache"), "SITMAP_USER_PLACES": str(places)}
        exe = shutil.which("sitmap", path=str(Path(sys.executable).parent))
        command = [exe] if exe else [sys.executable, "-m", "sitmap"]
        proc = subprocess.run(
            [*command, "geoparse", "--jsonl", str(src)],
            capture_output=True, text=True, env=dict(os.environ, **env), timeout=600,
            check=False,
        )
        return {"env": env, "places": str(places), "returncode": proc.returncode,
                "stdout": proc.stdout, "stderr": proc.stderr}

    return run_once(tmp_path_factory, "first-run", build)[1]


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
