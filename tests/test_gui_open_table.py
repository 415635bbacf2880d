"""``sitmap open archive.parquet`` (issue 15): an event table named on the command line is
read in a thread from the moment the reader is imported, while Qt WebEngine loads
(:func:`sitmap.pipeline._early.start_early_tables`), and the window shows exactly what its
own File > Open of that table shows: the same reader, the same Problems lines, the same
column maps.

The command's tests run ``sitmap open`` (the command line's ``main``) in a new interpreter,
offscreen, with the window's own reading refused: what the window shows then came from the
early read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from sitmap.events import ColumnMap, synthetic_events, write_geoparquet
from sitmap.gui import prepare_qt
from sitmap.pipeline import Loaded, load_events
from sitmap.pipeline._early import (
    EarlyTables,
    start_early_tables,
    take_early_load,
)

prepare_qt()  # before pytest-qt creates the QApplication

pytestmark = pytest.mark.gui

ACLED = Path(__file__).parent / "data" / "tables" / "acled_sample.csv"

# `sitmap open PATH` through the command line's main(), with the window it opens watched:
# once the page is ready with the rows (or a Problems line says why there are none), what
# the window shows is printed as JSON on the last line. The window's own reading
# (sitmap.gui._ingest.load_events) is refused, so what it shows came from the early read.
_OPEN = textwrap.dedent(r"""
    import json, sys, time
    import sitmap.gui._app as app_module

    start = app_module.start_application

    def start_application(*args, **kwargs):
        app = start(*args, **kwargs)
        import sitmap.gui._ingest as ingest
        from PySide6.QtCore import QTimer
        from sitmap.gui._window import MainWindow

        def refuse(*_args, **_kwargs):
            raise RuntimeError("the window read the table itself")

        ingest.load_events = refuse
        init = MainWindow.__init__

        def watched(window, *a, **k):
            init(window, *a, **k)

            def ready():
                problems = [window.problems.item(i).text()
                            for i in range(window.problems.count())]
                if len(window.state.frame) or problems:  # not the map shown while reading
                    # Asked of the page once this signal's handling is over.
                    QTimer.singleShot(0, lambda: report(problems))

            def report(problems):
                frame = window.state.frame
                print(json.dumps({
                    "events": len(frame),
                    "table_rows": window.table.model.rowCount(),
                    "on_page": window.map.evaluate("sitmap.totalCount()"),
                    "problems": problems,
                    "ids": sorted(str(i) for i in frame["event_id"]),
                }), flush=True)
                window.close()
                app.quit()

            window.map.mapReady.connect(ready)

        MainWindow.__init__ = watched
        return app

    app_module.start_application = start_application
    from sitmap.cli import main

    raise SystemExit(main(["open", *sys.argv[1:]]))
""")


def _sitmap_open(tmp_path: Path, *args: str) -> tuple[dict[str, object], str]:
    """Run ``sitmap open ARGS`` as above; return what the window showed, and stderr."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run([sys.executable, "-c", _OPEN, *args], capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    shown: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return shown, result.stderr


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GeoParquet event table of 3,000 synthetic events, as ``sitmap batch`` writes."""
    path = tmp_path_factory.mktemp("archive") / "archive.parquet"
    write_geoparquet(synthetic_events(3000, days=30), path)
    return path


def test_sitmap_open_of_a_parquet_table_shows_every_row_read_while_qt_loads(
    archive: Path, tmp_path: Path
) -> None:
    shown, stderr = _sitmap_open(tmp_path, str(archive))
    expected = sorted(str(i) for i in load_events([archive]).frame["event_id"])
    assert len(expected) == 3000
    assert shown["events"] == 3000
    assert shown["table_rows"] == 3000
    assert shown["on_page"] == 3000  # density above 20k; every point counted here
    assert shown["ids"] == expected
    assert shown["problems"] == []
    assert "Traceback" not in stderr


def test_sitmap_open_of_a_bad_table_says_so_in_one_line_and_opens_an_empty_window(
    tmp_path: Path
) -> None:
    bad = tmp_path / "broken.parquet"
    bad.write_bytes(b"PAR1 this is not a Parquet file at all PAR1")
    shown, stderr = _sitmap_open(tmp_path, str(bad))
    assert shown["events"] == 0
    assert shown["on_page"] == 0
    problems = shown["problems"]
    assert isinstance(problems, list) and len(problems) == 1
    assert problems[0].startswith(str(bad)) and "\n" not in problems[0]
    assert "Traceback" not in stderr


def test_sitmap_open_with_columns_reads_a_csv_of_unknown_layout_early(
    tmp_path: Path
) -> None:
    table = tmp_path / "mine.csv"
    table.write_text("when,y,x,what\n2023-05-01,51.5,-0.12,Strike at the depot\n"
                     "2023-05-02,48.85,2.35,Road closed\n2023-05-03,95,2.35,Off the map\n",
                     encoding="utf-8")
    shown, _ = _sitmap_open(tmp_path, str(table), "--columns", "lat=y,lon=x,date=when,text=what")
    assert shown["events"] == 2
    assert shown["on_page"] == 2
    assert shown["problems"] == [f"{table}:4: latitude 95 is outside -90..90; row skipped"]


def _early_result(early: EarlyTables) -> Loaded:
    """The ``done`` message's Loaded (the test fails on ``failed``)."""
    kinds = []
    for kind, args in early.messages():
        kinds.append(kind)
        if kind == "done":
            assert isinstance(args[0], Loaded)
            return args[0]
    raise AssertionError(f"no result: {kinds}")


def _file_open(paths: list[Path], maps: dict[str, ColumnMap]) -> Loaded:
    """What the window's File > Open reads (sitmap.gui._ingest's job, without Qt)."""
    return load_events(paths, columns=lambda path, _header: maps.get(path), arrow_text=True)


@pytest.mark.parametrize("name", ["archive", "acled", "mapped-csv", "two"])
def test_the_early_read_equals_file_open(name: str, archive: Path, tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("when,y,x\n2023-05-01,51.5,-0.12\nnot a date,1,2\n", encoding="utf-8")
    given = ColumnMap("y", "x", "when")
    paths, columns = {
        "archive": ([archive], None),
        "acled": ([ACLED], None),  # a known layout with a row skipped (latitude 95)
        "mapped-csv": ([mine], given),
        "two": ([ACLED, archive], None),
    }[name]
    early = start_early_tables(paths, columns=columns)
    assert early is not None
    assert take_early_load(paths, maps=early.maps) is early
    loaded = _early_result(early)
    maps = {str(mine): given} if columns is not None else {}
    assert early.maps == maps
    expected = _file_open(paths, maps)
    pd.testing.assert_frame_equal(loaded.frame, expected.frame)
    assert loaded.errors == expected.errors
    assert loaded.table_events == expected.table_events
    # Vouched for as File > Open's own read is: the reader's frame, not validated again.
    assert (loaded.checked is loaded.frame) == (expected.checked is expected.frame)


def test_no_early_read_for_articles_nor_for_a_table_whose_columns_must_be_asked(
    archive: Path, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("when,y,x\n2023-05-01,51.5,-0.12\n", encoding="utf-8")
    article = tmp_path / "report.txt"
    article.write_text("Flooding in Dhaka on 3 May 2023.", encoding="utf-8")
    assert start_early_tables([]) is None
    assert start_early_tables([archive, article]) is None  # articles: the seeds' fork's
    assert start_early_tables([mine]) is None  # unknown layout, no --columns: ask
    # --columns that do not fit this header: the window asks (or remembers) instead.
    assert start_early_tables([mine], columns=ColumnMap("lat", "lon", "date")) is None
    assert take_early_load([mine]) is None


def test_an_early_read_with_other_column_maps_is_not_taken_by_the_window(
    qtbot, make_window, tmp_path: Path
) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("when,y,x,what,other\n2023-05-01,51.5,-0.12,Strike,Meeting\n",
                    encoding="utf-8")
    early = start_early_tables([mine], columns=ColumnMap("y", "x", "when", text="what"))
    assert early is not None
    window = make_window(tmp_path)
    with qtbot.waitSignal(window.open_paths(
            [mine], columns=ColumnMap("y", "x", "when", text="other")).finished,
            timeout=60_000):
        pass
    assert list(window.state.frame["passage"]) == ["Meeting"]  # the window's own maps
    # Left for a window that reads the table the same way (or the end of the process).
    assert take_early_load([mine], maps={str(mine): ColumnMap("y", "x", "when",
                                                               text="what")}) is early
    early.close()


def test_the_window_takes_an_early_read_with_the_same_column_maps(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("when,y,x,what\n2023-05-01,51.5,-0.12,Strike\n", encoding="utf-8")
    given = ColumnMap("y", "x", "when", text="what")
    early = start_early_tables([mine], columns=given)
    assert early is not None
    import sitmap.gui._ingest as ingest

    def refuse(*_args: object, **_kwargs: object) -> Loaded:
        raise RuntimeError("the window read the table itself")

    monkeypatch.setattr(ingest, "load_events", refuse)
    window = make_window(tmp_path)
    early.join(60)  # ended: the job takes its result at once, as the window opens
    window.open_paths([mine], columns=given)
    qtbot.waitUntil(lambda: len(window.state.frame) == 1, timeout=60_000)
    assert list(window.state.frame["passage"]) == ["Strike"]
    assert window.problems.count() == 0
    assert take_early_load([mine], maps={str(mine): given}) is None  # taken once
