"""The view model takes the frame the window's reader has just validated without validating
it again (issue 15): only right if validating the reader's output changes nothing. These
tests read own synthetic tables (good rows, skipped rows, missing values, a Parquet
dataset of two files) as the window does and check that ``validate(frame,
arrow_text=True)`` gives back the same frame, and that a window showing a table with the
second validation skipped shows what it shows with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sitmap.gui import prepare_qt

prepare_qt(headless=True)

from sitmap.events import (  # noqa: E402
    read_event_table,
    synthetic_events,
    validate,
    write_events,
)


def _write(frame: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def _with_bad_rows(n: int, seed: int) -> pd.DataFrame:
    frame = synthetic_events(n, seed=seed).copy()
    frame.loc[1, "category"] = "not a category"  # skipped
    frame.loc[2, "lat"] = 123.0  # skipped
    frame.loc[4, "event_id"] = frame.loc[0, "event_id"]  # a repeat: skipped
    frame.loc[5, "killed"] = pd.NA
    frame["passage"] = frame["passage"].astype(object)
    frame.loc[6, "passage"] = None  # a missing text: read as ""
    frame["source"] = pd.array([("Agency " + "ABC"[i % 3]) for i in range(n)],
                               dtype="string")  # repeated: Python storage
    return frame


def _tables(tmp_path: Path) -> list[Path]:
    paths = []
    for n, seed in ((1, 3), (37, 4), (600, 5)):
        paths.append(tmp_path / f"plain{n}.parquet")
        _write(synthetic_events(n, seed=seed), paths[-1])
    paths.append(tmp_path / "bad.parquet")
    _write(_with_bad_rows(300, 6), paths[-1])
    old = synthetic_events(80, seed=8).drop(columns=["place_basis"])  # an older layout
    paths.append(tmp_path / "old.parquet")
    _write(old, paths[-1])
    folder = tmp_path / "dataset"
    folder.mkdir()
    both = synthetic_events(500, seed=9)
    _write(both.iloc[:250], folder / "part-0.parquet")
    _write(both.iloc[250:], folder / "part-1.parquet")
    paths.append(folder)
    for fmt in ("csv", "jsonl", "geojson"):  # read in Python storage (arrow_text ignored)
        paths.append(tmp_path / f"t.{fmt}")
        write_events(validate(_with_bad_rows(120, 10).drop(index=[1, 2, 4])), paths[-1],
                     format=fmt)
    return paths


def test_validating_what_the_reader_read_with_arrow_text_changes_nothing(
    tmp_path: Path,
) -> None:
    for path in _tables(tmp_path):
        read = read_event_table(path, arrow_text=True)
        again = validate(read.frame, arrow_text=True)
        # values, dtypes (storage too), index and column order
        pd.testing.assert_frame_equal(again, read.frame, check_exact=True)
        assert list(again.columns) == list(read.frame.columns)
        assert [str(t) for t in again.dtypes] == [str(t) for t in read.frame.dtypes]
        assert [getattr(t, "storage", None) for t in again.dtypes] == [
            getattr(t, "storage", None) for t in read.frame.dtypes]
        if path.name == "bad.parquet":
            assert len(read.errors) == 3 and len(read.frame) == 297


def _seen(window: object) -> tuple[object, ...]:
    """What a user reads after an open: every table cell (in the table's order), the
    counts line, the page's total and the problems listed."""
    w: Any = window
    model = w.table.model
    cells = [[str(model.data(model.index(r, c))) for c in range(model.columnCount())]
             for r in range(model.rowCount())]
    problems = [w.problems.item(i).text() for i in range(w.problems.count())]
    return (cells, w.counts.text(), w.map.evaluate("sitmap.totalCount()"),
            w.state.bounds, w.state.visible_count(), w.state.unplaced_count(), problems)


def test_a_table_opened_in_a_new_project_is_not_validated_twice_and_shows_the_same(
    qtbot: Any, make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitmap.gui._state import AppState
    from sitmap.viewmodel import _model

    table = tmp_path / "bad.parquet"
    _write(_with_bad_rows(300, 11), table)
    calls: list[bool] = []
    validated: list[int] = []
    real_set_data, real_validate = AppState.set_data, validate

    def counting_validate(frame: pd.DataFrame, **how: Any) -> pd.DataFrame:
        validated.append(len(frame))
        return real_validate(frame, **how)

    monkeypatch.setattr(_model, "validate", counting_validate)
    seen = []
    for skip in (True, False):
        def set_data(self: AppState, frame: pd.DataFrame, articles: Any = (),
                     skip: bool = skip, **how: Any) -> None:
            calls.append(bool(how.get("checked")))
            if not skip:
                how["checked"] = False  # the run with the skip off
            real_set_data(self, frame, articles, **how)

        monkeypatch.setattr(AppState, "set_data", set_data)
        window = make_window(tmp_path)
        calls.clear()
        validated.clear()
        with qtbot.waitSignal(window.open_paths([table]).finished, timeout=60_000):
            pass
        qtbot.waitUntil(lambda w=window: w.map.evaluate("sitmap.totalCount()") == 297,
                        timeout=30_000)
        assert calls == [True]  # the reader's frame, vouched for by the workflow
        assert validated == ([] if skip else [297])
        seen.append(_seen(window))
    assert seen[0] == seen[1]
    assert "297 of 297 events" in str(seen[0][1]) and len(cast(list[str], seen[0][6])) == 3


def test_a_loaded_frame_not_the_one_the_reader_checked_is_validated(
    qtbot: Any, make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitmap.pipeline import Loaded
    from sitmap.viewmodel import _model

    good = read_event_table(_tables(tmp_path)[2], arrow_text=True).frame
    validated: list[int] = []
    real_validate = validate

    def counting_validate(frame: pd.DataFrame, **how: Any) -> pd.DataFrame:
        validated.append(len(frame))
        return real_validate(frame, **how)

    monkeypatch.setattr(_model, "validate", counting_validate)
    # A copy of the checked frame (what pandas attrs would follow) is not vouched for.
    window = make_window(tmp_path)
    window.workflow.add_loaded(Loaded(good.copy(), [], table_events=len(good),
                                      checked=good))
    assert validated == [len(good)] and len(window.state.frame) == len(good)
    # The very frame is.
    again = make_window(tmp_path)
    validated.clear()
    again.workflow.add_loaded(Loaded(good, [], table_events=len(good), checked=good))
    assert validated == [] and len(again.state.frame) == len(good)
