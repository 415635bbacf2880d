"""The table holds no Python object per row (issue 15): an event table opened from a Parquet
dataset or a CSV file is kept by the view model with its unique texts (event ids, passages,
titles) in Arrow storage, and the table still shows, sorts, filters, finds and selects its
rows. A column holding a lone surrogate (Arrow holds UTF-8 only) stays in Python storage,
its text unchanged."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pandas as pd
import pytest

from sitmap.gui import prepare_qt

prepare_qt(headless=True)

from PySide6.QtCore import Qt  # noqa: E402

from sitmap.events import read_event_table, synthetic_events, validate, write_events  # noqa: E402
from sitmap.gui._state import AppState  # noqa: E402
from sitmap.gui._table import EventTableModel  # noqa: E402
from sitmap.viewmodel import Filter, ViewModel, arrow_text, concat_tables  # noqa: E402


def _parquet_dataset(frame: pd.DataFrame, out: Path) -> Path:
    """``frame`` laid out as `sitmap batch` writes it (hive month folders)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    month = frame["date_start"].dt.strftime("%Y-%m").fillna("undated")
    for key, part in frame.groupby(month, sort=True):
        folder = out / "events" / f"month={key}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False),
                       folder / "part-0.parquet")
    return out


def _csv(frame: pd.DataFrame, out: Path) -> Path:
    path = out / "events.csv"
    write_events(frame, path, format="csv")
    return path


def _blocks_held(path: Path, qapp: object) -> tuple[int, int]:
    """Python's allocated memory blocks (every ``str`` of a table is one or more) with the
    table at ``path`` open in a view model and its table model, less those without;
    and the number of rows read."""
    gc.collect()
    before = sys.getallocatedblocks()
    read = read_event_table(path)
    state = AppState()
    state.set_data(read.frame, [])
    model = EventTableModel(state)
    rows = len(read.frame)
    del read
    gc.collect()
    held = sys.getallocatedblocks() - before
    assert model.rowCount() == rows  # the table is there while it is counted
    del model, state
    gc.collect()
    return held, rows


@pytest.mark.parametrize("kind", ["parquet", "csv"])
def test_an_opened_table_holds_no_python_object_per_row(
    tmp_path: Path, qapp: object, kind: str
) -> None:
    write = _parquet_dataset if kind == "parquet" else _csv
    (tmp_path / "small").mkdir()
    (tmp_path / "big").mkdir()
    small = write(synthetic_events(2_000, seed=1), tmp_path / "small")
    big = write(synthetic_events(10_000, seed=1), tmp_path / "big")
    _blocks_held(small, qapp)  # imports and caches that stay are made before counting
    held_small, n_small = _blocks_held(small, qapp)
    held_big, n_big = _blocks_held(big, qapp)
    per_row = (held_big - held_small) / (n_big - n_small)
    # A str per row for the event id and the passage alone would be 2 blocks a row; the
    # shared texts (a category, a source, an article id per 20 rows) and the arrays stay.
    assert per_row < 0.2, f"{per_row:.2f} Python blocks held per row"


def test_the_view_models_unique_texts_are_in_arrow_storage() -> None:
    vm = ViewModel()
    vm.set_data(synthetic_events(500))
    # Unique texts go to Arrow; a column of a few values repeated stays a pointer a row
    # to one shared str per value.
    storage = {c: vm.frame[c].dtype.storage for c in ("event_id", "passage", "source",
                                                      "category")}
    assert storage == {"event_id": "pyarrow", "passage": "pyarrow", "source": "python",
                       "category": "python"}
    assert vm.shows(synthetic_events(500))
    assert not vm.shows(synthetic_events(500, seed=9))


def _cells(model: EventTableModel, column: int) -> list[str]:
    return [str(model.data(model.index(r, column))) for r in range(model.rowCount())]


def test_the_table_shows_sorts_filters_and_selects_arrow_text(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitmap.viewmodel._storage as storage

    monkeypatch.setattr(storage, "_PIECE", 4)  # Arrow text in two chunks, as a big table's
    frame = synthetic_events(6, seed=2).copy()
    frame["passage"] = pd.array(["Zebra crossing", "apple  orchard", "Straße closed",
                                 "banana", "Échelle", "cherry"], dtype="string")
    frame = validate(frame)
    state = AppState()
    state.set_data(frame, [])
    assert state.frame["passage"].dtype.storage == "pyarrow"
    assert state.frame["passage"].array._pa_array.num_chunks == 2
    model = EventTableModel(state)
    model.sort(5, Qt.SortOrder.AscendingOrder)  # Passage
    shown = _cells(model, 5)
    assert all(isinstance(model.data(model.index(r, 5)), str) for r in range(len(shown)))
    assert shown == sorted(["Zebra crossing", "apple orchard", "Straße closed", "banana",
                            "Échelle", "cherry"], key=str.casefold)
    ids = [model.event_id(r) for r in range(model.rowCount())]
    assert sorted(ids) == sorted(frame["event_id"].tolist())
    chosen = frame["event_id"].iloc[2]
    state.select(chosen, origin="table")
    assert state.selected == chosen
    assert model.row_of(chosen) == shown.index("Straße closed")
    state.set_filter(Filter(text="strasse"))  # casefold, as the page does
    assert _cells(model, 5) == ["Straße closed"]
    assert model.event_id(0) == chosen


def test_a_lone_surrogate_stays_in_python_storage_and_shows(qapp: object) -> None:
    frame = synthetic_events(3, seed=4).copy()
    frame["passage"] = pd.array(["bad \ud800 text", "fine", "also fine"], dtype="string")
    frame = validate(frame)
    state = AppState()
    state.set_data(frame, [])
    assert state.frame["passage"].dtype.storage == "python"
    assert state.frame["event_id"].dtype.storage == "pyarrow"
    model = EventTableModel(state)
    assert "bad \ud800 text" in _cells(model, 5)
    assert state.model.shows(frame)
    # Exports and saving take the view's table through validate: Python storage again.
    assert validate(state.frame)["passage"].tolist() == frame["passage"].tolist()


def test_rows_in_arrow_join_a_table_with_a_lone_surrogate() -> None:
    # The window shows a project's rows (Python text, which may hold a lone surrogate)
    # followed by the rows it could not save (kept in Arrow): pandas alone would move the
    # surrogate into Arrow and raise UnicodeEncodeError.
    saved = synthetic_events(3, seed=4).copy()
    saved["passage"] = pd.array(["bad \ud800 text", "fine", "also fine"], dtype="string")
    saved = validate(saved)
    unsaved = arrow_text(synthetic_events(5, seed=5))
    assert unsaved["passage"].dtype.storage == "pyarrow"
    both = concat_tables([saved, unsaved])
    assert both["passage"].tolist() == saved["passage"].tolist() + unsaved["passage"].tolist()
    assert both["passage"].dtype.storage == "python"
    assert both["event_id"].dtype.storage == "pyarrow"  # both parts' ids fit in Arrow
    assert validate(both, arrow_text=True).equals(both)


@pytest.mark.parametrize("needle", ["strasse", "STRASSE", "ss", "ﬁ", "fi", "i̇stanbul", "report 1",
                                    "é", "\ud800", "zz"])
def test_the_text_filter_means_the_same_on_arrow_and_python_text(needle: str) -> None:
    # A guard for the Arrow fast path of the text filter (ASCII rows matched in Arrow, the
    # rest folded in Python): same rows as Python's casefold over every cell.
    from sitmap.events import filter_events

    frame = synthetic_events(12, seed=6).copy()
    frame["passage"] = pd.array(
        ["Straße closed", "STRASSE", "ﬁnance", "İstanbul", "plain report 1", "Échelle",
         "é", "x" * 40, "", "bad \ud800", "Report 12", "fin"], dtype="string")
    frame = validate(frame)
    arrow = arrow_text(frame.assign(passage=frame["passage"].str.replace("\ud800", "?")))
    python = validate(arrow)
    assert arrow["passage"].dtype.storage == "pyarrow"
    assert python["passage"].dtype.storage == "python"
    want = filter_events(python, text=needle)["event_id"].tolist()
    assert filter_events(arrow, text=needle)["event_id"].tolist() == want
    # and the per-value path agrees with folding every cell, surrogate included
    folded = frame["passage"].map(lambda t: needle.strip().casefold() in t.casefold())
    assert filter_events(frame, text=needle)["event_id"].tolist() == sorted(
        frame.loc[folded | _other_columns_hit(frame, needle), "event_id"].tolist(),
        key=frame["event_id"].tolist().index)


def _other_columns_hit(frame: pd.DataFrame, needle: str) -> pd.Series:
    hit = pd.Series(False, index=frame.index)
    for column in ("place", "toponym_text", "title", "sources"):
        hit |= frame[column].map(lambda t: needle.strip().casefold() in t.casefold())
    return hit
