"""The reduce side of ``sitmap batch``'s shuffle: a merge bucket is merged a slice of whole
groups at a time, with the same rows as merging it at once, and holds one slice as dicts.

Runs in this process (no cluster): the rows come from ``build_part`` on a synthetic corpus
made from the seed articles' and the event gold set's own sentences.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitmap.batch import _work
from sitmap.batch._inputs import plan_parts
from sitmap.batch._synthetic import source_sentences, synthetic_records, write_folder
from sitmap.batch._tables import ROW_SCHEMA
from sitmap.events import merge_reports
from sitmap.events._merge import MERGE_READS

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "events_gold" / "documents.jsonl"
T = TypeVar("T")


@pytest.fixture(scope="module")
def bucket(tmp_path_factory: pytest.TempPathFactory) -> pa.Table:
    """Every unmerged row of 600 synthetic articles, as one merge bucket's table."""
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [d["text"] for d in map(json.loads, GOLD.read_text("utf-8").splitlines())
              if "text" in d]
    root = tmp_path_factory.mktemp("shuffle")
    write_folder(list(synthetic_records(source_sentences(texts), 600, seed=7)), root / "in")
    out = root / "out"
    for part in plan_parts([str(root / "in")], settings="", part_bytes=100_000).parts:
        _work.build_part(part, str(out))
    return pa.concat_tables([pq.read_table(p, schema=ROW_SCHEMA)
                             for p in sorted((out / _work.PARTS).glob("*/rows.parquet"))])


def _written(out: Path) -> list[str]:
    """The merged rows a merge task wrote under ``out``, as sorted JSON texts."""
    return sorted(json.dumps(r, sort_keys=True, default=str)
                  for p in out.glob(f"{_work.MERGED}/r*/m*.parquet")
                  for r in pq.read_table(p).to_pylist())


def test_merging_by_slices_of_groups_gives_the_rows_of_merging_at_once(
    bucket: pa.Table, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert bucket.num_rows > 3000
    rows = sorted(bucket.to_pylist(), key=lambda r: (r["article_id"], r["seq"]))
    at_once = tmp_path / "at-once"
    for path_bucket, group in _by_article_bucket(merge_reports(rows), 4).items():
        path = at_once / _work.MERGED / f"r{path_bucket:05d}" / "m00000.parquet"
        path.parent.mkdir(parents=True)
        pq.write_table(pa.Table.from_pylist(group, schema=ROW_SCHEMA), path)
    monkeypatch.setattr(_work, "MERGE_ROWS", 100)
    sliced = tmp_path / "sliced"
    changed = _work.merge_bucket(str(sliced), 0, 4, bucket)
    assert changed == [0, 1, 2, 3]
    assert _written(sliced) == _written(at_once)
    assert len(_written(sliced)) > 500


def _by_article_bucket(merged: list[dict], buckets: int) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {}
    for row in merged:
        found.setdefault(row["article_key"] % buckets, []).append(row)
    return found


def _traced_peak(call: Callable[[], T]) -> tuple[T, int]:
    """What ``call()`` returns, and the most Python memory it held at once (tracemalloc,
    above what was held before it)."""
    tracemalloc.start()
    try:
        floor = tracemalloc.get_traced_memory()[0]
        result = call()
        return result, tracemalloc.get_traced_memory()[1] - floor
    finally:
        tracemalloc.stop()


def _as_dicts(table: pa.Table) -> int:
    """The Python memory of ``table``'s rows as dicts."""
    return _traced_peak(lambda: len(table.to_pylist()))[1]


def test_a_merge_task_holds_one_slice_of_rows_as_dicts_not_its_bucket(
    bucket: pa.Table, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python memory of merging a bucket, against that of the bucket's rows as dicts (what
    the merge task built before it merged by slices, and more)."""
    monkeypatch.setattr(_work, "MERGE_ROWS", 200)
    as_dicts = _as_dicts(bucket)
    _, peak = _traced_peak(lambda: _work.merge_bucket(str(tmp_path), 0, 4, bucket))
    assert as_dicts > 10_000_000, "the bucket's rows as dicts take over 10 MB"
    assert peak < as_dicts / 4, (peak, as_dicts)


@given(st.lists(st.integers(0, 6), max_size=60), st.integers(1, 8))
def test_slices_cover_every_row_and_cut_no_group(keys: list[int], most: int) -> None:
    ordered = np.array(sorted(keys), dtype=np.int64)
    slices = list(_work._group_slices(ordered, most))
    assert [i for a, b in slices for i in range(a, b)] == list(range(len(ordered)))
    for start, stop in slices:
        assert stop > start
        assert start == 0 or ordered[start] != ordered[start - 1], "a group was cut"
        assert stop - start <= most or len(set(ordered[start:stop].tolist())) == 1


def _finished(out: Path) -> dict[str, pa.Table]:
    return {str(p.relative_to(out)): pq.read_table(p)
            for p in sorted(out.glob(f"{_work.EVENTS}/month=*/part-*.parquet"))}


def test_finishing_by_slices_of_articles_gives_the_table_of_all_at_once(
    bucket: pa.Table, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same files, same rows in the same order, same schema (pandas' metadata too)."""
    _work.merge_bucket(str(tmp_path / "a"), 0, 1, bucket)
    _work.merge_bucket(str(tmp_path / "b"), 0, 1, bucket)
    monkeypatch.setattr(_work, "MERGE_ROWS", 10**9)
    _work.finish_bucket(str(tmp_path / "a"), 0)
    monkeypatch.setattr(_work, "MERGE_ROWS", 50)
    _work.finish_bucket(str(tmp_path / "b"), 0)
    whole, sliced = _finished(tmp_path / "a"), _finished(tmp_path / "b")
    assert len(whole) > 3 and whole.keys() == sliced.keys()
    for name, table in whole.items():
        assert sliced[name].equals(table, check_metadata=True), name


def test_a_finish_task_holds_one_slice_of_rows_as_dicts_not_its_bucket(
    bucket: pa.Table, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Python memory of finishing an article bucket, against that of its merged rows as
    dicts (what the finish task built before it worked by slices, and more)."""
    _work.merge_bucket(str(tmp_path), 0, 1, bucket)
    merged = pa.concat_tables([pq.read_table(p) for p in tmp_path.glob("_merged/r*/*.parquet")])
    monkeypatch.setattr(_work, "MERGE_ROWS", 200)
    as_dicts = _as_dicts(merged)
    _, peak = _traced_peak(lambda: _work.finish_bucket(str(tmp_path), 0))
    assert as_dicts > 5_000_000, "the bucket's merged rows as dicts take over 5 MB"
    assert peak < as_dicts / 2, (peak, as_dicts)


def test_a_large_slice_is_merged_from_dicts_of_the_columns_the_merge_reads(
    bucket: pa.Table, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slice of whole groups (one group alone can be large: the 200,000-document run's
    largest held 80,837 reports) is merged from dicts of only the columns
    ``merge_reports`` reads; the rest of each merged row comes from its head in Arrow, a
    slice of heads at a time. Same rows as merging whole dicts, in less memory (on this
    small bucket a little less; the 200,000-document run is in docs/benchmarks.md)."""
    rows = bucket.sort_by([("group_key", "ascending"), ("article_id", "ascending"),
                           ("seq", "ascending")])
    assert rows.num_rows > 3000
    reads = [name for name in ROW_SCHEMA.names if name in MERGE_READS]
    assert len(reads) < len(ROW_SCHEMA.names) * 0.7
    monkeypatch.setattr(_work, "MERGE_ROWS", 500)
    _work._merged_slice(rows.slice(0, 50), reads)  # the merge's own caches, once
    seen: list[frozenset[str]] = []

    def recorded(reports: list[dict]) -> list[dict]:
        seen.extend(frozenset(report) for report in reports)
        return merge_reports(reports)

    whole, whole_peak = _traced_peak(
        lambda: pa.Table.from_pylist(merge_reports(rows.to_pylist()), schema=ROW_SCHEMA))
    monkeypatch.setattr(_work, "merge_reports", recorded)
    slim, slim_peak = _traced_peak(lambda: _work._merged_slice(rows, reads))
    assert len(seen) == rows.num_rows
    assert set().union(*seen) == set(reads) | {_work._ROW}
    assert 0 < slim.num_rows < rows.num_rows
    assert ([json.dumps(r, sort_keys=True, default=str) for r in slim.to_pylist()]
            == [json.dumps(r, sort_keys=True, default=str) for r in whole.to_pylist()])
    assert slim_peak < whole_peak, (slim_peak, whole_peak)
