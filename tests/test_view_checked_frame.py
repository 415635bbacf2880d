"""The view model takes the frame the window's reader has just validated without validating
it again (issue 15): only right if validating the reader's output changes nothing. These
tests read own synthetic tables (good rows, skipped rows, missing values, a Parquet
dataset of two files) as the window does and check that ``validate(frame,
arrow_text=True)`` gives back the same frame, and that a window showing a table with the
second validation skipped shows what it shows with it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sitmap.gui import prepare_qt

prepare_qt(headless=True)

from sitmap.events import read_event_table, synthetic_events, validate  # noqa: E402


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
