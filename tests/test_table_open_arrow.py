"""Opening a Parquet event table in the window reads its text into the view's storage
(issue 15): the reading job makes no Python string per row (unique texts stay in Arrow,
repeated values share one ``str`` each), and the table, the counts and an export show the
same values as a read in Python storage."""

from __future__ import annotations

import threading
import tracemalloc
from pathlib import Path

import pandas as pd
import pytest

from sitmap.gui import prepare_qt

prepare_qt(headless=True)

from sitmap.events import (  # noqa: E402
    read_event_table,
    synthetic_events,
    validate,
    write_events,
    write_geoparquet,
)
from sitmap.gui._ingest import _Worker  # noqa: E402
from sitmap.gui._state import AppState  # noqa: E402
from sitmap.gui._table import EventTableModel  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402


def _read_as_the_window_does(path: Path) -> Loaded:
    """What the window's reading job hands the window for ``path`` (run on this thread;
    no gazetteer or geoparser: an event table needs neither)."""
    got: list[Loaded] = []
    failed: list[str] = []
    worker = _Worker([path], threading.Event(), lambda _report: None, lambda _g: None)
    worker.done.connect(got.append)
    worker.failed.connect(failed.append)
    worker.run()
    assert failed == []
    return got[0]


def _peak_bytes(path: Path) -> int:
    """The most memory Python's allocator (not Arrow's) held while the job read ``path``."""
    tracemalloc.start()
    try:
        loaded = _read_as_the_window_does(path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(loaded.frame)
    return peak


def test_the_window_reads_a_parquet_table_without_a_python_string_per_row(
    tmp_path: Path, qapp: object
) -> None:
    small, big = tmp_path / "small.parquet", tmp_path / "big.parquet"
    write_geoparquet(synthetic_events(2_000, seed=1), small)
    write_geoparquet(synthetic_events(12_000, seed=1), big)
    _read_as_the_window_does(small)  # imports and caches made before measuring
    per_row = (_peak_bytes(big) - _peak_bytes(small)) / 10_000
    # The table has 23 text columns: a str per cell (about 55 bytes or more each) would be
    # over 1,200 bytes a row (the reader made them: about 2,100 bytes a row at its peak).
    # Numbers, dates and a pointer per row to the shared texts stay under that.
    assert per_row < 1_000, f"{per_row:.0f} bytes of Python memory a row at the peak"


def _tricky(n: int) -> pd.DataFrame:
    frame = synthetic_events(n, seed=7).copy()
    texts = ["=SUM(A1:A9)", "Straße closed", "", "İstanbul ﬁnance", "line one\nline two",
             "ΟΔΟΣ", 'quoted "words", commas', "x" * 3000]
    frame["passage"] = pd.array([texts[i % len(texts)] + f" {i}" * (i % 2)
                                 for i in range(n)], dtype="string")
    frame["source"] = pd.array([texts[i % 3] for i in range(n)], dtype="string")
    frame.loc[3, "category"] = "alien landing"  # bad rows: reported and skipped
    frame.loc[5, "killed"] = 2**53  # whole, but past what the table keeps exactly
    frame.loc[6, "killed"] = pd.NA
    return frame


def _cells(model: EventTableModel) -> list[list[str]]:
    return [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_a_parquet_table_opened_in_the_window_shows_and_exports_its_values(
    tmp_path: Path, qapp: object
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "t.parquet"
    pq.write_table(pa.Table.from_pandas(_tricky(400), preserve_index=False), path)
    plain = read_event_table(path)  # text in Python storage, as exports read it
    loaded = _read_as_the_window_does(path)
    assert loaded.errors == plain.errors and len(plain.errors) == 2
    assert "row 4: category 'alien landing'" in plain.errors[0]
    assert "row 6: killed 9007199254740992 is not a whole number" in plain.errors[1]
    assert loaded.table_events == len(plain.frame) == 398
    assert loaded.frame["killed"].dtype == "Int64" and loaded.frame["killed"].isna().any()
    frame = loaded.frame
    assert frame["passage"].dtype == pd.StringDtype("pyarrow")
    assert frame["event_id"].dtype == pd.StringDtype("pyarrow")
    assert frame["source"].dtype == pd.StringDtype("python")  # repeated: shared strs
    sources = frame["source"].to_numpy(dtype=object)
    assert len({id(s) for s in sources}) == len(set(sources)) == 3
    # What an export writes and what the table shows are the values of the file.
    pd.testing.assert_frame_equal(validate(frame), plain.frame)
    shown, expected = AppState(), AppState()
    shown.set_data(frame, [])
    expected.set_data(plain.frame, [])
    for state in (shown, expected):  # a week and a text: the counts a user reads
        state.set_range(*plain.frame["date_start"].dropna().sort_values().iloc[[0, 60]]
                        .dt.date)
        state.set_text("strasse")
    assert shown.visible_count() == expected.visible_count() > 0
    assert shown.visible_article_count() == expected.visible_article_count()
    assert shown.unplaced_count() == expected.unplaced_count()
    assert _cells(EventTableModel(shown)) == _cells(EventTableModel(expected))
    out = tmp_path / "out.csv"
    write_events(validate(shown.frame), out, format="csv")
    pd.testing.assert_frame_equal(read_event_table(out).frame, plain.frame)


@pytest.mark.parametrize("second", ["jsonl", "geojson"])  # the lossless formats
def test_a_parquet_table_opened_with_a_lone_surrogate_table_keeps_both(
    tmp_path: Path, second: str
) -> None:
    # Read for the window, a Parquet table's unique texts are in Arrow; another table's
    # text with a lone surrogate (which Arrow cannot hold) is Python's. Opened together,
    # both are kept: pandas alone would move the surrogate into Arrow and fail.
    from sitmap.pipeline import load_events

    first = tmp_path / "a.parquet"
    write_geoparquet(synthetic_events(5, seed=1), first)
    other = synthetic_events(3, seed=2).copy()
    other["passage"] = pd.array(["bad \ud800 text", "fine", "also"], dtype="string")
    path = tmp_path / f"b.{second}"
    write_events(validate(other), path, format=second)  # type: ignore[arg-type]
    loaded = load_events([first, path], arrow_text=True)
    assert loaded.errors == []
    assert loaded.frame["passage"].tolist()[5:] == ["bad \ud800 text", "fine", "also"]
    assert len(validate(loaded.frame)) == 8


def test_a_parquet_table_opened_with_articles_joins_their_rows(tmp_path: Path) -> None:
    # The articles' rows are in Python storage: the table's Arrow text joins them there,
    # every row kept and the whole a valid event table.
    from sitmap.pipeline import load_events

    table = tmp_path / "a.parquet"
    write_geoparquet(synthetic_events(6, seed=3), table)
    article = tmp_path / "b.txt"
    article.write_text("Troops arrived in Almaty on 6 January 2022.\n", encoding="utf-8")
    loaded = load_events([table, article], arrow_text=True)
    assert loaded.table_events == 6 and len(loaded.frame) > 6
    assert (loaded.frame["article_id"].iloc[6:] == str(article)).all()
    assert loaded.frame["passage"].dtype == pd.StringDtype("python")
    pd.testing.assert_frame_equal(validate(loaded.frame).iloc[:6],
                                  read_event_table(table).frame)


def test_a_parquet_file_whose_text_is_not_utf8_is_named_in_one_line(
    tmp_path: Path, qapp: object
) -> None:
    # Arrow trusts a Parquet file's text to be UTF-8: bytes that are not must be refused
    # while reading, naming the file and the column, not fail later in a table cell.
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(synthetic_events(3, seed=1), preserve_index=False)
    cells = b"a" + b"ok\xff\xfebad" + b"c"
    offsets = np.array([0, 1, len(cells) - 1, len(cells)], dtype=np.int32)
    broken = pa.Array.from_buffers(pa.string(), 3, [None, pa.py_buffer(offsets.tobytes()),
                                                    pa.py_buffer(cells)])
    path = tmp_path / "broken.parquet"
    pq.write_table(table.set_column(table.column_names.index("passage"), "passage", broken),
                   path)
    expected = [f"{path}: column 'passage' holds text that is not UTF-8"]
    loaded = _read_as_the_window_does(path)
    assert loaded.errors == expected and len(loaded.frame) == 0
    from sitmap.pipeline import load_events

    assert load_events([path]).errors == expected
