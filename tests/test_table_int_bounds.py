"""The bound on whole numbers read from Parquet (2**53 either way) without copying them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sitmap.events import synthetic_events, write_geoparquet
from sitmap.events._tables import _past_exact, read_event_table


def test_past_exact_flags_far_numbers_and_never_missing_cells() -> None:
    data = np.array([1, 2**53, -(2**53), 2**60, 5, -(2**53) + 1, 2**53 - 1], dtype=np.int64)
    mask = np.array([False, False, False, True, False, False, False])
    flags = _past_exact(pd.arrays.IntegerArray(data, mask))
    # The masked 2**60 is a missing cell, whatever number lies under it.
    assert flags.tolist() == [False, True, True, False, False, False, False]
    assert not _past_exact(pd.arrays.IntegerArray(np.zeros(0, dtype=np.int64),
                                                  np.zeros(0, dtype=bool))).any()


def test_parquet_numbers_past_the_bound_are_skipped_by_row(tmp_path: Path) -> None:
    frame = synthetic_events(6, days=3)
    source = tmp_path / "events.parquet"
    write_geoparquet(frame, source)
    table = pq.read_table(source)
    killed = pa.array([None, 2**53, 3, -(2**53), 4, 2**53 - 1], type=pa.int64())
    table = table.set_column(table.schema.get_field_index("killed"), "killed", killed)
    pq.write_table(table, source)
    read = read_event_table(source, arrow_text=True)
    assert len(read.frame) == 4
    shown = " | ".join(read.errors)
    assert "row 2: killed 9007199254740992 is not a whole number" in shown
    assert "row 4: killed -9007199254740992 is not a whole number" in shown
    assert read.frame["killed"].isna().sum() == 1


def test_repeated_text_over_row_groups_with_missing_cells(tmp_path: Path) -> None:
    """A repeated text column read as Parquet dictionaries, one per row group, some cells
    missing: each row reads its own text, a missing one as ""."""
    n = 400
    frame = synthetic_events(n, days=3)
    source = tmp_path / "events.parquet"
    write_geoparquet(frame, source)
    table = pq.read_table(source)
    names = ["Agency A", "Agency B", None, "Agency C"]
    cells = [names[k % 4] if k < n // 2 else names[(k // 3) % 4] for k in range(n)]
    table = table.set_column(table.schema.get_field_index("source"), "source",
                             pa.array(cells, type=pa.string()))
    pq.write_table(table, source, row_group_size=n // 4)
    read = read_event_table(source, arrow_text=True)
    assert read.frame["source"].tolist() == [c or "" for c in cells]
