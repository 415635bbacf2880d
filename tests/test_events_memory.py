"""The event table's memory (issue 15: a million events in under 2 GB).

Text columns keep Python storage (a lone surrogate must survive), so what a row costs is
one pointer per text cell plus the ``str`` it points to. These tests check what keeps that
small: a repeated value is held once, a valid table is not copied by ``validate``, and the
event table's model keeps no per-row Python objects of its own.
"""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sitmap.events._build as events_build
from sitmap.events import (
    build_events,
    read_event_table,
    synthetic_events,
    validate,
    write_events,
)
from sitmap.ingest import article_from_text
from sitmap.model import Article, Place, TimeExpr, Toponym
from sitmap.timeline import find_dates


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


def test_validate_of_a_frame_to_convert_owns_the_columns_it_keeps() -> None:
    # A frame still to convert (its figures as floats, its dates as objects), made from a
    # dict of arrays in which two text columns are one array: validate builds its table
    # from the converted columns, and the ones it keeps as they are must still be its own.
    valid = synthetic_events(40, seed=6)
    names = np.array([str(v) for v in valid["place"]], dtype=object)
    columns: dict[str, Any] = {c: valid[c].to_numpy(copy=True) for c in valid.columns}
    columns["place"] = columns["toponym_text"] = names
    columns["killed"] = np.arange(40, dtype=float)
    columns["date_start"] = np.array([d.date() for d in valid["date_start"]], dtype=object)
    frame = pd.DataFrame(columns, copy=False)
    before = frame.copy()

    table = validate(frame)
    del frame  # nothing but the table holds its columns now
    gc.collect()
    table.loc[0, "place"] = "changed"
    table.loc[1, "lat"] = 1.0

    assert table.loc[0, "toponym_text"] == before.loc[0, "toponym_text"] != "changed"
    assert names[0] == before.loc[0, "place"]
    assert table["killed"].dtype == "Int64"
    assert table.loc[2, "killed"] == 2
    assert table["date_start"].dtype == "datetime64[ns]"

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


class _Cycle:
    """An object in a reference cycle (only the cyclic collector frees it)."""

    def __init__(self) -> None:
        self.me = self


class _CountingGeoparser:
    """Finds "Kassala" in every text; with ``cycles``, also leaves one unreachable reference
    cycle behind per text and records, at each text, how many earlier ones are still alive."""

    def __init__(self, *, cycles: bool = False) -> None:
        self.cycles = cycles
        self.refs: list[weakref.ref[_Cycle]] = []
        self.alive_at_each_text: list[int] = []

    def parse(self, text: str, *, context: object) -> list[Toponym]:
        if self.cycles:
            self.alive_at_each_text.append(sum(r() is not None for r in self.refs))
            self.refs.append(weakref.ref(_Cycle()))
        place = Place("gn:372753", "Kassala", 15.45, 36.4, "SD", "city", geonameid=372753)
        start = text.index("Kassala")
        return [Toponym(start, start + 7, "Kassala", place, 0.9)]


def _articles(n: int) -> list[Article]:
    return [article_from_text(f"a{i}", f"Protesters marched in Kassala on day {i}.\n",
                              published=dt.date(2021, 3, 31)) for i in range(n)]


@pytest.fixture
def collector() -> Iterator[list[int]]:
    """Collections by generation while the test runs, with a young generation of 50 objects
    (so a few articles set one off); the collector's settings are restored afterwards."""
    started: list[int] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    threshold, enabled = gc.get_threshold(), gc.isenabled()
    gc.enable()
    gc.set_threshold(50, 2, 2)
    gc.callbacks.append(note)
    try:
        yield started
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*threshold)
        if not enabled:
            gc.disable()


def test_reading_articles_sets_off_no_collection_of_what_they_leave(
    collector: list[int],
) -> None:
    """What the articles leave (rows, memos) lives to the end; the collector is paused while
    they are read, so it does not walk it again and again (docs/benchmarks.md, issue 13)."""
    articles = _articles(40)
    seen_during: list[int] = []

    def dates(text: str, **options: Any) -> list[TimeExpr]:
        seen_during.extend(collector)  # collections started before this article's dates
        collector.clear()
        return find_dates(text, **options)

    collector.clear()
    table = build_events(articles, geoparser=_CountingGeoparser(), find_dates=dates)
    assert set(table["place"]) == {"Kassala"}
    assert seen_during == []
    assert gc.isenabled() and gc.get_threshold() == (50, 2, 2)


def test_a_long_batch_still_frees_the_cycles_its_articles_leave(
    collector: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the collector paused, young objects are still collected every
    ``_PAUSED_YOUNG_LIMIT`` of them: garbage cycles do not pile up for the whole batch."""
    monkeypatch.setattr(events_build, "_PAUSED_YOUNG_LIMIT", 1)  # after every article
    gc.set_threshold(10**9, 2, 2)  # no collection of the collector's own accord
    parser = _CountingGeoparser(cycles=True)
    build_events(_articles(5), geoparser=parser)
    assert parser.alive_at_each_text == [0, 0, 0, 0, 0]
