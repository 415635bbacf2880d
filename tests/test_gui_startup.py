"""Start-up of ``sitmap open``: the seeds (or the paths given) are read in a process of their
own while Qt loads (``start_application(preload=...)``, :mod:`sitmap.pipeline._early`), and
the window shows exactly what reading them in its own thread shows.

Each window test runs in a new interpreter, as ``sitmap open`` starts: the early load forks
only before Qt is loaded, which pytest's own process is not.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sitmap._atomic import write_atomically
from sitmap._paths import seeds_dir
from sitmap.pipeline import load_events

pytestmark = pytest.mark.gui

# The steps of `sitmap open` (sitmap.gui._app.run) up to the seeds' pins on the map, then
# what the window shows, as JSON on the last line. MODE: "window-cannot-read" the window's
# own reading fails (so what it shows came from the early load); "paused" the same, with
# the early load's process held until the window has taken it (so its messages are
# followed in the job's thread, not taken at once); "finished" the same, with the window
# waiting for it to end before it opens the seeds; "crashed" the early load's process is
# killed before the window takes it.
_START = textwrap.dedent(r"""
    import json, os, signal, sys, time
    from sitmap._paths import seeds_dir
    from sitmap.gui._app import start_application

    mode = sys.argv[1]
    if mode == "paused":
        # The early load (a fork of this process) waits until the window has taken it.
        import sitmap.pipeline._early as early_module

        go_on = sys.argv[2]
        real_load = early_module.load_events

        def held_load(*args, **kwargs):
            while not os.path.exists(go_on):
                time.sleep(0.01)
            return real_load(*args, **kwargs)

        early_module.load_events = held_load
    app = start_application(headless=True, preload=[seeds_dir()])
    from sitmap.pipeline import _early

    started = [e._pid for e in _early._pending]
    if mode == "crashed":
        for pid in started:
            os.kill(pid, signal.SIGKILL)
    if mode in ("window-cannot-read", "paused", "finished"):
        import sitmap.gui._ingest as ingest

        def refuse(*_args, **_kwargs):
            raise RuntimeError("the window read the files itself")

        ingest.load_events = refuse
    from sitmap.gui._window import MainWindow

    window = MainWindow()
    window.resize(1000, 700)
    window.show()
    if mode == "finished":  # the early load has ended before the window takes it
        while not _early._pending[0].finished():
            time.sleep(0.01)
    job = window.open_paths([seeds_dir()])
    at_open = len(window.state.frame)
    if mode == "paused":
        assert job._thread.isRunning()  # followed in the job's thread, not taken at once
        open(go_on, "w").close()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (
            window.map.is_ready and len(window.state.frame)) and window.problems.count() == 0:
        app.processEvents()
        time.sleep(0.005)
    frame = window.state.frame
    reaped = []
    for pid in started:
        try:
            os.waitpid(pid, os.WNOHANG)
            reaped.append(False)
        except ChildProcessError:
            reaped.append(True)
    print(json.dumps({
        "started": len(started),
        "at_open": at_open,
        "reaped": reaped,
        "events": len(frame),
        "articles": len(window.state.articles),
        "on_page": window.map.evaluate("sitmap.totalCount()") if window.map.is_ready else None,
        "problems": [window.problems.item(i).text() for i in range(window.problems.count())],
        "rows": sorted([str(r.event_id), str(r.date_start), f"{r.lat:.4f}", f"{r.lon:.4f}",
                        str(r.category)] for r in frame.itertuples()),
    }))
    window.close()
""")


def _start(mode: str, *args: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", _START, mode, *args], capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    shown: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return shown


@pytest.fixture(scope="module")
def expected_rows() -> list[list[object]]:
    """The seeds' rows as this process reads them itself (no early load)."""
    loaded = load_events([seeds_dir()])
    return sorted([str(r.event_id), str(r.date_start), f"{r.lat:.4f}", f"{r.lon:.4f}",
                   str(r.category)] for r in loaded.frame.itertuples())


def test_the_window_shows_the_seeds_read_by_the_early_load(expected_rows) -> None:
    # The window's own reading fails here: the events on the page can only have come from
    # the process started before Qt.
    shown = _start("window-cannot-read")
    assert shown["started"] == 1
    assert shown["problems"] == []
    assert shown["events"] == shown["on_page"] == len(expected_rows) > 0
    assert shown["articles"] == 2
    assert shown["rows"] == expected_rows  # the same events, places, dates and categories
    assert shown["reaped"] == [True]  # no process left behind


def test_a_finished_early_load_is_shown_as_the_window_opens(expected_rows) -> None:
    # Its result is waiting in the pipe: the seeds are in the window when open_paths
    # returns, before the event loop has run (the empty map never gets to load).
    shown = _start("finished")
    assert shown["at_open"] == len(expected_rows) > 0
    assert shown["problems"] == []
    assert shown["events"] == shown["on_page"] == len(expected_rows) > 0 and shown["articles"] == 2
    assert shown["rows"] == expected_rows
    assert shown["reaped"] == [True]


def test_an_early_load_still_reading_when_the_window_opens_is_followed(
        expected_rows, tmp_path: Path) -> None:
    shown = _start("paused", str(tmp_path / "go-on"))
    assert shown["problems"] == []
    assert shown["events"] == shown["on_page"] == len(expected_rows) > 0 and shown["articles"] == 2
    assert shown["rows"] == expected_rows
    assert shown["reaped"] == [True]


def test_the_window_reads_the_seeds_itself_when_the_early_load_dies(expected_rows) -> None:
    shown = _start("crashed")
    assert shown["started"] == 1
    assert shown["problems"] == []
    assert shown["events"] == shown["on_page"] == len(expected_rows) > 0 and shown["articles"] == 2
    assert shown["rows"] == expected_rows
    assert shown["reaped"] == [True]


# -- the early load itself ---------------------------------------------------------------

_CANCEL = textwrap.dedent(r"""
    import json, sys
    from sitmap.pipeline._early import start_early_load

    early = start_early_load([sys.argv[1]])
    seen = []
    for kind, args in early.messages():
        seen.append(kind)
        if kind == "progressed":
            early.cancel()
        if kind == "done":
            loaded = args[0]
    print(json.dumps({"kinds": seen, "cancelled": loaded.cancelled,
                      "articles": len(loaded.articles)}))
""")


def test_a_cancel_reaches_the_early_load_and_keeps_what_was_done(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(12):
        (folder / f"a{k:02}.txt").write_text(
            f"Protesters gathered in Nairobi on 3 March 2023, day {k}.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-c", _CANCEL, str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["kinds"][0] == "progressed" and shown["kinds"][-1] == "done"
    assert shown["cancelled"] is True
    assert shown["articles"] < 12


def test_no_early_load_where_a_fork_is_not_safe_or_for_an_event_table(tmp_path: Path) -> None:
    import PySide6.QtCore  # noqa: F401 - Qt loaded, as in this test process

    from sitmap.pipeline._early import start_early_load, take_early_load

    assert start_early_load([seeds_dir()]) is None
    assert take_early_load([seeds_dir()]) is None
    table = tmp_path / "events.parquet"
    table.write_bytes(b"PAR1")
    assert start_early_load([table]) is None


def test_the_early_loads_messages_unpickle_nothing_but_data_classes() -> None:
    from sitmap.pipeline._early import _Unpickler

    for hostile in (os.system, eval, getattr, write_atomically):
        with pytest.raises(pickle.UnpicklingError, match="not allowed"):
            _Unpickler(io.BytesIO(pickle.dumps(("done", (hostile,))))).load()
    loaded = load_events([seeds_dir()])
    kind, (back,) = _Unpickler(io.BytesIO(pickle.dumps(("done", (loaded,))))).load()
    assert kind == "done" and back.frame.equals(loaded.frame)


_SCRIPTS = textwrap.dedent(r"""
    import json, sys
    from sitmap._paths import seeds_dir
    from sitmap.mapping._assets import window_scripts
    from sitmap.pipeline._early import start_early_load

    early = start_early_load([seeds_dir()], scripts=window_scripts)
    sent = {}
    for kind, args in early.messages():
        if kind == "script":
            sent[args[0]] = args[1]
    own = window_scripts()  # made here, after the child made its own
    print(json.dumps({"names": sorted(sent), "same": sent == own,
                      "sizes": [len(v) for v in own.values()]}))
""")


def test_the_early_load_makes_the_pages_derived_scripts_as_the_window_would() -> None:
    result = subprocess.run([sys.executable, "-c", _SCRIPTS], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert shown["names"] == ["basemap.js", "water.js"]
    assert shown["same"] is True
    assert min(shown["sizes"]) > 100_000


def test_an_offered_script_is_served_only_under_its_own_name() -> None:
    from sitmap.mapping import _assets

    made = _assets.window_scripts()["water.js"]
    _assets.offer_window_script("map.js", b"alert(1)")  # not a derived script: ignored
    _assets.offer_window_script("water.js", "not bytes")  # ignored
    assert _assets.asset_bytes("map.js")[0] != b"alert(1)"
    assert _assets.asset_bytes("water.js")[0] == made
