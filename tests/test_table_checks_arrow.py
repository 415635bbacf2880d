"""A Parquet table read into the view's storage (``arrow_text``, the window's open) is
checked in Arrow (issue 15, 5M rows): cell lengths bounded by their bytes, the allowed
values, the empty cells and the repeated ids are compared on the Arrow text, not on Python
cells. The rows kept and the lines reported must be those of the read in Python storage."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from sitmap.errors import InputError
from sitmap.events import read_event_table, synthetic_events
from sitmap.events._tables import MAX_CELL_CHARS, _surely_distinct


def _bad_table(path: Path) -> None:
    """A Parquet table with one bad row of each kind the checks in Arrow look at."""
    frame = synthetic_events(40, seed=11).copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    frame.loc[1, "category"] = "alien landing"
    frame.loc[3, "kind"] = ""  # a place without a kind
    frame.loc[5, "event_id"] = frame.loc[4, "event_id"]  # the event of row 5 again
    frame.loc[7, "event_id"] = ""
    frame.loc[9, "role"] = "bystander"
    frame.loc[11, "passage"] = "é" * (MAX_CELL_CHARS + 1)
    frame.loc[12, "passage"] = "é" * MAX_CELL_CHARS  # more bytes than the limit, not chars
    frame.loc[13, "place_basis"] = "unknown"  # drawn nowhere: needs no point nor kind
    frame.loc[13, ["lat", "lon"]] = np.nan
    frame.loc[13, "kind"] = ""
    frame.loc[15, ["lat", "lon"]] = np.nan  # a place without its point
    frame.loc[17, "date_precision"] = "fortnight"
    frame.loc[19, "title"] = None  # a missing cell reads as ""
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


def test_a_parquet_table_read_in_arrow_keeps_and_reports_the_rows_a_python_read_does(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bad.parquet"
    _bad_table(path)
    python = read_event_table(path)
    arrow = read_event_table(path, arrow_text=True)
    assert arrow.errors == python.errors
    assert [e.split(": ")[1] for e in arrow.errors] == [
        f"row {k}" for k in (2, 4, 6, 8, 10, 12, 16, 18)]
    assert "again (first at row 5)" in arrow.errors[2]
    assert "longer than" in arrow.errors[5]
    assert len(arrow.frame) == len(python.frame) == 32
    for column in python.frame.columns:
        mine, theirs = arrow.frame[column], python.frame[column]
        if isinstance(theirs.dtype, pd.StringDtype):  # storage differs, values may not
            mine, theirs = mine.astype(object), theirs.astype(object)
        pd.testing.assert_series_equal(mine, theirs, obj=column)


def test_a_parquet_table_of_repeated_ids_in_arrow_reports_them_again(tmp_path: Path) -> None:
    """Ids of varying lengths with repeats far apart: the hash look finds them not all
    distinct and the exact look names each repeat with its first row."""
    frame = synthetic_events(30, seed=2).copy()
    ids = [f"id-{k}" * (1 + k % 3) for k in range(30)]
    ids[25], ids[29] = ids[0], ids[7]
    frame["event_id"] = ids
    path = tmp_path / "ids.parquet"
    pq.write_table(pa.Table.from_pandas(frame.astype({"event_id": object}),
                                        preserve_index=False), path)
    read = read_event_table(path, arrow_text=True)
    assert [e.split(": ", 1)[1] for e in read.errors] == [
        f"row 26: event_id {ids[0]!r} again (first at row 1); row skipped",
        f"row 30: event_id {ids[7]!r} again (first at row 8); row skipped"]
    assert read.errors == read_event_table(path).errors


_TEXTS = st.lists(st.text(max_size=20), max_size=60)


@settings(max_examples=examples(150), deadline=None)
@given(_TEXTS, st.integers(0, 3), st.booleans(), st.integers(0, 4))
def test_surely_distinct_never_says_so_of_texts_with_a_repeat(
    texts: list[str], cut: int, large: bool, dropped: int
) -> None:
    """Whatever the texts, chunks, slices and offset width: True only when every text is
    different; and distinct texts of a few lengths (event ids) are shown distinct."""
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(["lead"] * dropped + texts, type=kind).slice(dropped)
    at = min(cut * 7, len(texts))
    cells = pa.chunked_array([whole.slice(0, at), whole.slice(at)], type=kind)
    distinct = len(set(texts)) == len(texts)
    if _surely_distinct(cells):
        assert distinct
    elif distinct:
        # Not shown: only a hash collision may hide distinct texts, never for these.
        raise AssertionError(f"distinct texts not shown distinct: {texts!r}")


def test_surely_distinct_shows_a_million_hex_ids_distinct_and_finds_one_repeat() -> None:
    rng = np.random.default_rng(4)
    ids = [f"{v:016x}" for v in rng.integers(0, 2**62, 200_000)]
    ids = list(dict.fromkeys(ids))
    cells = pa.chunked_array([ids[:70_000], ids[70_000:]])
    assert _surely_distinct(cells)
    assert not _surely_distinct(pa.chunked_array([ids[:70_000], ids[70_000:] + [ids[3]]]))


def _python_cells(frame: pd.DataFrame) -> dict[str, list[object]]:
    return {c: frame[c].astype(object).tolist() if isinstance(frame[c].dtype, pd.StringDtype)
            else frame[c].tolist() for c in frame.columns}


def test_text_read_as_parquet_dictionaries_shows_what_a_python_read_shows(
    tmp_path: Path,
) -> None:
    """Columns whose first row group repeats its values are read as Parquet's dictionaries
    (one per row group, joined): the values are those of a read in Python storage, missing
    text is "", and each column's storage is chosen on the whole column as before, also
    where the first row group misleads (repeats there, all distinct later; and the other
    way round)."""
    from sitmap.events._tables import _coded, _mostly_distinct, _repeated_text

    frame = synthetic_events(3_000, seed=6).copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    # Repeats in the first row group, distinct after it:
    frame["url"] = ["https://example.org/"] * 500 + [f"https://example.org/{k}"
                                                     for k in range(2_500)]
    frame["date_text"] = [f"day {k}" for k in range(500)] + ["a day"] * 2_500
    frame.loc[7, "place_context"] = None
    frame.loc[2_900, "source"] = None
    path = tmp_path / "groups.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path,
                   row_group_size=500)
    parquet = pq.ParquetFile(path)
    repeated = _repeated_text(parquet, list(frame.columns))
    assert "url" in repeated and "place_context" in repeated and "source" in repeated
    assert "date_text" not in repeated and "event_id" not in repeated
    python = read_event_table(path)
    arrow = read_event_table(path, arrow_text=True)
    assert arrow.errors == python.errors == []
    assert _python_cells(arrow.frame) == _python_cells(python.frame)
    assert arrow.frame.loc[7, "place_context"] == "" and arrow.frame.loc[2_900, "source"] == ""
    whole = pq.read_table(path)
    for column in arrow.frame.columns:
        if not isinstance(arrow.frame[column].dtype, pd.StringDtype):
            continue
        cells = pa.chunked_array(whole.column(column).fill_null("").chunks)
        wanted = "pyarrow" if _mostly_distinct(cells) else "python"
        assert arrow.frame[column].dtype.storage == wanted, column
    assert arrow.frame["url"].dtype.storage == "pyarrow"  # read coded, kept in Arrow
    assert arrow.frame["date_text"].dtype.storage == "python"  # read as text, shared
    words, codes = _coded(pq.ParquetFile(path, read_dictionary=["source"]).read(
        columns=["source"]).column("source"))
    assert words.take(pa.array(codes)).to_pylist() == arrow.frame["source"].tolist()


def test_a_dataset_whose_ids_repeat_within_and_across_files_names_each_repeat(
    tmp_path: Path,
) -> None:
    """Ids read as dictionaries (they repeat within a file) are checked against the ids of
    the earlier files as ids read as text are."""
    folder = tmp_path / "set"
    folder.mkdir()
    frame = synthetic_events(40, seed=9).copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    first, second = frame.iloc[:20].copy(), frame.iloc[20:].copy()
    second["event_id"] = ["x1", "x2", "x1"] * 6 + ["x3", first["event_id"].iloc[4]]
    for name, part in (("a.parquet", first), ("b.parquet", second)):
        pq.write_table(pa.Table.from_pandas(part, preserve_index=False), folder / name)
    arrow = read_event_table(folder, arrow_text=True)
    python = read_event_table(folder)
    assert arrow.errors == python.errors
    assert any("already read from an earlier file" in e for e in arrow.errors)
    assert sum("again (first at" in e for e in arrow.errors) >= 5
    assert _python_cells(arrow.frame) == _python_cells(python.frame)


def test_a_parquet_dictionary_whose_text_is_not_utf8_is_named_in_one_line(
    tmp_path: Path,
) -> None:
    """A column read as dictionaries is checked as UTF-8 too (each row group's
    dictionary)."""
    table = pa.Table.from_pandas(synthetic_events(6, seed=1), preserve_index=False)
    good = b"ok"
    cells = good + b"bad\xff"
    offsets = np.array([0, len(good), len(cells)], dtype=np.int32)
    words = pa.Array.from_buffers(pa.string(), 2, [None, pa.py_buffer(offsets.tobytes()),
                                                   pa.py_buffer(cells)])
    broken = pa.DictionaryArray.from_arrays(pa.array([0, 0, 0, 0, 0, 1], pa.int32()), words)
    path = tmp_path / "broken.parquet"
    at = table.column_names.index("place_context")
    pq.write_table(table.set_column(at, "place_context", broken), path)
    with pytest.raises(InputError, match="column 'place_context' holds text that is not UTF-8"):
        read_event_table(path, arrow_text=True)


def test_whole_number_columns_read_in_arrow_are_those_of_a_python_read(
    tmp_path: Path,
) -> None:
    """Integer columns with no cell missing, every cell missing, some missing, of narrow
    and unsigned types, over several row groups: the same "Int64" values either way."""
    frame = synthetic_events(1_200, seed=8).copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    n = len(frame)
    columns = {
        "killed": pa.array(np.arange(n) % 7, type=pa.int8()),  # none missing
        "injured": pa.array([None] * n, type=pa.int64()),  # all missing
        "detained": pa.array([k if k % 3 else None for k in range(n)], type=pa.int32()),
        "troops": pa.array(np.arange(n) * 1_000, type=pa.uint32()),
        "cases": pa.array([2**53 + 1] + [1] * (n - 1), type=pa.int64()),  # too big: skipped
    }
    for name, values in columns.items():
        table = table.set_column(table.column_names.index(name), name, values)
    path = tmp_path / "ints.parquet"
    pq.write_table(table, path, row_group_size=300)
    python = read_event_table(path)
    arrow = read_event_table(path, arrow_text=True)
    assert arrow.errors == python.errors and len(arrow.errors) == 1
    for name in columns:
        assert str(arrow.frame[name].dtype) == "Int64"
        pd.testing.assert_series_equal(arrow.frame[name], python.frame[name], obj=name)
    assert arrow.frame["detained"].isna().sum() == python.frame["detained"].isna().sum() > 0


def test_parquet_dates_with_times_read_as_their_days(tmp_path: Path) -> None:
    """A date column of midnights is taken as it is; one with a time of day anywhere
    (also before 1970) is put on its days, as before."""
    frame = synthetic_events(4, seed=3).copy()
    for column in frame.columns:
        if isinstance(frame[column].dtype, pd.StringDtype):
            frame[column] = frame[column].astype(object)
    frame["date_start"] = pd.to_datetime(["2022-01-05", "1969-12-31 23:59", "2022-01-07",
                                          "2022-01-08"], format="mixed")
    frame["date_end"] = pd.to_datetime(["2022-01-06", "1970-01-02", "2022-01-07",
                                        "2022-01-09"], format="mixed")
    path = tmp_path / "times.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)
    for read in (read_event_table(path), read_event_table(path, arrow_text=True)):
        assert read.errors == []
        assert [str(d.date()) for d in read.frame["date_start"]] == [
            "2022-01-05", "1969-12-31", "2022-01-07", "2022-01-08"]
        assert (read.frame["date_start"] == read.frame["date_start"].dt.normalize()).all()
        assert [str(d.date()) for d in read.frame["date_end"]] == [
            "2022-01-06", "1970-01-02", "2022-01-07", "2022-01-09"]
