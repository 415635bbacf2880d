"""The event table's memory (issue 15: a million events in under 2 GB).

Text columns keep Python storage (a lone surrogate must survive), so what a row costs is
one pointer per text cell plus the ``str`` it points to. These tests check what keeps that
small: a repeated value is held once, a valid table is not copied by ``validate``, and the
event table's model keeps no per-row Python objects of its own.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sitmap.events import read_event_table, synthetic_events, validate, write_events


def _objects(column: pd.Series) -> int:
    """How many distinct Python objects the cells of a text column point to."""
    return len({id(value) for value in column.array})


def _one_object_per_row(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    # A new str per row, as a CSV reader or an SQLite project gives them.
    values = ["".join(list(str(v))) for v in frame[column]]
    return frame.assign(**{column: pd.array(values, dtype="string")})


def test_validate_holds_each_repeated_text_once() -> None:
    frame = synthetic_events(400, seed=2)
    frame = _one_object_per_row(_one_object_per_row(frame, "source"), "article_id")
    frame.loc[3, "source"] = "odd \ud800 source"  # lone surrogates stay as they are
    assert _objects(frame["source"]) == 400  # the case the fix is for

    table = validate(frame)

    for column in ("source", "article_id"):
        assert table[column].tolist() == frame[column].tolist()
        assert _objects(table[column]) == table[column].nunique()
    assert table.loc[3, "source"] == "odd \ud800 source"
    assert table["source"].dtype == frame["source"].dtype == "string"


def test_validate_shares_a_valid_tables_columns_and_never_changes_it() -> None:
    frame = synthetic_events(300, seed=4)
    table = validate(frame)
    # The columns that already follow the schema are not copied...
    for column in ("lat", "date_start", "passage", "category"):
        assert np.shares_memory(np.asarray(table[column].array),
                                np.asarray(frame[column].array)), column
    # ...and writing to the validated table leaves the frame handed in as it was.
    before = frame.copy()
    table.loc[0, "passage"] = "changed"
    table.loc[0, "lat"] = 1.0
    table.loc[0, "killed"] = 9
    pd.testing.assert_frame_equal(frame, before)


def test_a_table_read_from_a_file_holds_each_repeated_text_once(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    write_events(synthetic_events(500, seed=5), path, format="csv")
    table = read_event_table(path).frame
    assert len(table) == 500
    for column in ("source", "article_id", "title", "place_id", "role", "category"):
        assert _objects(table[column]) == table[column].nunique(), column


_FRAGMENTED_HEAP = r"""
import sys
from sitmap._gc import release_free_memory

def rss_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])

# 300 MB in blocks of 2 kB (malloc's heap, not mmap), every 64th kept: the heap cannot
# shrink from its top, so what was freed stays resident until it is handed back.
blocks = [bytes(2000) + bytes([i % 256]) for i in range(150_000)]
kept = blocks[::64]
del blocks
before = rss_kib()
done = release_free_memory()
print(done, before, rss_kib())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_freed_heap_memory_is_handed_back(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", _FRAGMENTED_HEAP], capture_output=True,
                         text=True, check=True, timeout=120).stdout.split()
    done, before, after = out[0], int(out[1]), int(out[2])
    assert done == "True"
    assert before - after > 150_000, (before, after)  # KiB: most of the 300 MB freed
