"""What a worker runs: build one partition's rows, merge one bucket of groups, finish one
bucket of articles. Each task reads and writes files under the output folder only, names
them from its inputs alone and writes each atomically, so a task run twice (its worker
died, the run was restarted) writes the same files again: nothing is lost or duplicated.

No Dask here: the functions are plain and picklable, and :mod:`sitmap.batch._run` hands them
to the scheduler.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from sitmap._atomic import atomic_output, write_atomically
from sitmap.batch._inputs import BadDocument, Part, read_part
from sitmap.batch._tables import (
    ARTICLE_SCHEMA,
    ROW_SCHEMA,
    article_record,
    events_table,
    key64,
    margins_of,
    month_of,
    row_records,
    write_table,
)
from sitmap.errors import GazetteerError, unprocessed
from sitmap.events import article_rows, event_table, merge_reports
from sitmap.events._merge import MERGE_READS
from sitmap.geoparse import Geoparser

__all__ = [
    "PARTS",
    "build_part",
    "finish_bucket",
    "merge_bucket",
    "part_done",
    "merge_pieces",
    "seen_keys",
    "split_rows",
]

PARTS: Final = "_parts"
SHUFFLE: Final = "_shuffle"
MERGED: Final = "_merged"
EVENTS: Final = "events"
ARTICLES: Final = "articles"
_DONE: Final = "done.json"
#: How many rows a merge or finish task turns into dicts at a time (about 5 kB each).
MERGE_ROWS: Final = 4096


@cache
def _geoparser() -> Geoparser:
    """This process's geoparser, built once (an SQLite connection cannot be pickled, so
    every worker process opens its own gazetteer)."""
    from sitmap._gc import tune_for_batch

    geoparser = Geoparser()
    geoparser.prepare()
    tune_for_batch()  # the worker's long-lived tables out of the collector's sight
    return geoparser


def part_done(out: Path, key: str) -> dict[str, Any] | None:
    """The summary a finished partition left (``None`` if it has not finished). Raises
    nothing: an unreadable summary counts as not finished."""
    try:
        summary: dict[str, Any] = json.loads((out / PARTS / key / _DONE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return summary if isinstance(summary, dict) else None


def build_part(
    part: Part,
    out: str,
    *,
    article_date: dt.date | None = None,
    seen: np.ndarray | None = None,
) -> dict[str, Any]:
    """Read ``part``, build every article's unmerged rows and write them, its articles and
    its bad documents under ``out/_parts/<key>/`` (``rows.parquet``, ``errors.jsonl``) and
    ``out/articles/<key>.parquet``; the summary ``done.json`` last. Articles whose id key is
    in ``seen`` (a sorted array of :func:`key64` of ids) were read by an earlier run and are
    passed over. Returns the summary (counts, bytes, seconds).

    Raises:
        sitmap.errors.GazetteerError: the gazetteer cannot be opened (no article's fault).
        OSError: the output folder cannot be written.
    """
    started, cpu = time.perf_counter(), time.process_time()
    folder = Path(out) / PARTS / part.key
    geoparser = _geoparser()
    rows: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    bad: list[BadDocument] = []
    docs = size = skipped = undated = 0
    ids: set[str] = set()
    for item in read_part(part):
        if isinstance(item, BadDocument):
            bad.append(item)
            continue
        article = item.article
        if seen is not None and len(seen):
            at = np.searchsorted(seen, key64(article.id))
            if at < len(seen) and seen[at] == key64(article.id):
                skipped += 1
                continue
        if article.id in ids:
            bad.append(BadDocument(article.id, item.file, "the id is used again in this "
                                   "input; only its first article is read"))
            continue
        ids.add(article.id)
        docs += 1
        size += item.size
        undated += article.reference_date is None and article_date is None
        try:
            built = article_rows(article, geoparser=geoparser, article_date=article_date)
        except GazetteerError:
            raise
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported, not fatal
            bad.append(BadDocument(article.id, item.file,
                                   unprocessed(article.path or article.id, exc).reason))
            continue
        rows.extend(row_records(built.rows, built.margins))
        articles.append(article_record(article, file=item.file, url=item.url))
    write_table(folder / "rows.parquet", rows, ROW_SCHEMA)
    write_table(Path(out) / ARTICLES / f"{part.key}.parquet", articles, ARTICLE_SCHEMA)
    write_atomically(folder / "errors.jsonl", "".join(
        json.dumps({"id": b.id, "file": b.file, "reason": b.reason}, ensure_ascii=False) + "\n"
        for b in bad))
    summary = {
        "key": part.key, "kind": part.kind, "path": part.path, "docs": docs, "bytes": size,
        "rows": len(rows), "bad": len(bad), "seen_before": skipped, "undated": undated,
        "seconds": round(time.perf_counter() - started, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3), "pid": os.getpid(),
    }
    write_atomically(folder / _DONE, json.dumps(summary))
    return summary


def split_rows(
    out: str, keys: list[str], buckets: int, wanted: frozenset[int], name: str
) -> dict[int, int]:
    """The map side of the merge's shuffle: cut the rows of partitions ``keys`` by merge
    bucket (the low bits of ``group_key``: ``buckets`` is a power of two, so they equal
    Python's ``%`` for negative keys too) and write the pieces of the buckets in ``wanted``
    to ``out/_shuffle/<name>.arrow``, an Arrow IPC file of one record batch per bucket that
    has rows, atomically. The pieces go to the (shared) output folder, not back to Dask, so
    a worker holds one map task's rows at a time however large the corpus.

    Returns ``{bucket: index of its record batch in the file}`` (small: the graph carries
    this, not the rows). Raises OSError or pyarrow's ArrowInvalid when a rows file cannot
    be read or the piece cannot be written.
    """
    tables = [pq.read_table(Path(out) / PARTS / key / "rows.parquet", schema=ROW_SCHEMA)
              for key in keys]
    table = pa.concat_tables(tables) if tables else ROW_SCHEMA.empty_table()
    del tables
    low = np.bitwise_and(table.column("group_key").to_numpy(), buckets - 1)
    order = np.argsort(low, kind="stable")
    ordered = table.take(pa.array(order)).combine_chunks()
    del table
    counts = np.bincount(low, minlength=buckets)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    found: dict[int, int] = {}
    path = Path(out) / SHUFFLE / f"{name}.arrow"
    path.parent.mkdir(parents=True, exist_ok=True)
    # zstd level 1: 6.4 MB for the 7.7 MB of JSON Lines of 10,000 synthetic documents (LZ4
    # 11.3 MB, Parquet 3.8 MB but a footer per bucket) for 0.03-0.08 CPU s more.
    options = pa.ipc.IpcWriteOptions(compression=pa.Codec("zstd", 1))
    with atomic_output(path) as handle, pa.ipc.new_file(handle, ROW_SCHEMA,
                                                        options=options) as writer:
        for bucket in range(buckets):
            if bucket not in wanted or not counts[bucket]:
                continue
            piece = ordered.slice(int(starts[bucket]), int(counts[bucket]))
            for batch in piece.to_batches():  # one: ``ordered`` is a single chunk
                writer.write_batch(batch)
            found[bucket] = len(found)
    return found


def merge_pieces(
    out: str, bucket: int, buckets: int, pieces: list[tuple[str, int]]
) -> list[int]:
    """The reduce side of the merge's shuffle: :func:`merge_bucket` on the rows of one
    merge bucket, read from the map tasks' files (``pieces``: the file name under
    ``out/_shuffle`` and the index of this bucket's record batch in it, as
    :func:`split_rows` returned). Returns what :func:`merge_bucket` returns. Raises OSError
    or pyarrow's ArrowInvalid when a piece cannot be read or the output written."""
    root = Path(out) / SHUFFLE
    batches = []
    for name, index in pieces:
        with pa.OSFile(str(root / f"{name}.arrow")) as source:  # reads that batch only
            batches.append(pa.ipc.open_file(source).get_batch(index))
    table = pa.Table.from_batches(batches, schema=ROW_SCHEMA)
    del batches
    return merge_bucket(out, bucket, buckets, table)


def merge_bucket(out: str, bucket: int, buckets: int, table: pa.Table) -> list[int]:
    """Merge the reports of one merge bucket (``table``: every unmerged row of its groups,
    :data:`ROW_SCHEMA`) and write the merged rows under ``out/_merged/r<R>/m<bucket>.parquet``,
    one file per article bucket ``R``, removing this bucket's files of article buckets it
    no longer has. Returns the article buckets whose rows changed (had or have rows of
    this bucket).

    The rows are sorted by group key, article id and the order the builder made them, and
    merged a slice of whole groups at a time (:data:`MERGE_ROWS` rows, or one larger
    group): :func:`sitmap.events.merge_reports` only ever compares reports of one group,
    so this gives the rows of merging the bucket at once, while only one slice is ever
    held as dicts (about 5 kB a row) and the rest stays in Arrow. Within a group reports
    are merged in a fixed order, by article id and then by the builder's order, so the
    result does not depend on how the input was partitioned.
    Raises OSError when the output cannot be written.
    """
    root = Path(out) / MERGED
    name = f"m{bucket:05d}.parquet"
    before = {int(p.parent.name[1:]) for p in root.glob(f"r*/{name}")}
    table = table.sort_by([("group_key", "ascending"), ("article_id", "ascending"),
                           ("seq", "ascending")])
    by_article: dict[int, list[pa.Table]] = {}
    reads = [name for name in ROW_SCHEMA.names if name in MERGE_READS]
    for start, stop in _group_slices(table.column("group_key").to_numpy(), MERGE_ROWS):
        merged = _merged_slice(table.slice(start, stop - start), reads)
        article_buckets = np.mod(merged.column("article_key").to_numpy(), buckets)
        for article_bucket in np.unique(article_buckets).tolist():
            by_article.setdefault(article_bucket, []).append(
                merged.filter(pa.array(article_buckets == article_bucket)))
    del table
    for article_bucket, pieces in by_article.items():
        write_table(root / f"r{article_bucket:05d}" / name, pa.concat_tables(pieces),
                    ROW_SCHEMA)
    for gone in before - by_article.keys():
        (root / f"r{gone:05d}" / name).unlink(missing_ok=True)
    return sorted(before | by_article.keys())


_ROW: Final = "\0row"
"""The key under which :func:`_merged_slice` marks each slim report with its row."""


def _merged_slice(rows: pa.Table, reads: list[str]) -> pa.Table:
    """The merged rows of ``rows`` (whole groups, :data:`ROW_SCHEMA`), the same as
    ``merge_reports(rows.to_pylist())``. Only the columns the merge reads (``reads``) are
    made into dicts, one per report; a merged row is its head report's whole row with the
    columns the merge changed, so the other columns are taken from the head's row in Arrow,
    :data:`MERGE_ROWS` heads at a time. A group of 80,000 reports is then held as dicts of
    about half the columns, not all of them. Raises KeyError if the merge reads a column
    ``reads`` lacks."""
    slim = rows.select(reads).to_pylist()
    for number, report in enumerate(slim):
        report[_ROW] = number
    merged = merge_reports(slim)
    del slim  # the reports merged into another are freed here; the heads live on
    heads = [row.pop(_ROW) for row in merged]
    pieces = []
    for at in range(0, len(merged), MERGE_ROWS):
        whole = rows.take(pa.array(heads[at:at + MERGE_ROWS], pa.int64())).to_pylist()
        changed = merged[at:at + MERGE_ROWS]
        pieces.append(pa.Table.from_pylist(
            [head | row for head, row in zip(whole, changed, strict=True)], schema=ROW_SCHEMA))
    return pa.concat_tables(pieces) if pieces else ROW_SCHEMA.empty_table()


def _group_slices(keys: np.ndarray, most: int) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` slices of the sorted ``keys`` that cut no run of equal keys, each
    of at most ``most`` rows unless one run alone is longer. Raises nothing."""
    if not len(keys):
        return
    # Where each run of equal keys starts, and the end.
    edges = np.concatenate([[0], np.flatnonzero(keys[1:] != keys[:-1]) + 1, [len(keys)]])
    start = 0
    while start < len(keys):
        # The last edge at most ``most`` rows on; the next edge when a run is longer.
        stop = int(edges[np.searchsorted(edges, start + most, side="right") - 1])
        if stop <= start:
            stop = int(edges[np.searchsorted(edges, start, side="right")])
        yield start, stop
        start = stop


def finish_bucket(out: str, bucket: int) -> dict[str, int]:
    """Make the event table of one article bucket from its merged rows (every merge
    bucket's file under ``out/_merged/r<bucket>/``), with the review columns, and write it
    as ``out/events/month=<M>/part-<bucket>.parquet`` by month of ``date_start``, removing
    this bucket's files of months it no longer has. Returns the rows written per month.

    The rows are sorted by article and made into the event table a slice of whole articles
    at a time (:data:`MERGE_ROWS` rows, or one larger article): the review of a row looks
    only at its own article's rows, so this gives the table of all the rows at once (in
    the same order, by article first), while only one slice is held as dicts and frames.
    Raises OSError when the output cannot be written, SchemaError for a bad row (a bug).
    """
    tables = [pq.read_table(path, schema=ROW_SCHEMA)
              for path in sorted((Path(out) / MERGED / f"r{bucket:05d}").glob("m*.parquet"))]
    merged = pa.concat_tables(tables) if tables else ROW_SCHEMA.empty_table()
    del tables
    merged = merged.sort_by([("article_id", "ascending")])  # stable: files' order kept
    by_month: dict[str, list[pa.Table]] = {}
    for start, stop in _group_slices(merged.column("article_key").to_numpy(), MERGE_ROWS):
        rows = merged.slice(start, stop - start).to_pylist()
        frame = event_table(rows, margins=margins_of(rows))
        del rows
        if not len(frame):
            continue
        table = events_table(frame)  # validated and converted once, then cut by month
        months = pa.array([month_of(day) for day in frame["date_start"]], pa.string())
        for month in sorted(set(months.to_pylist())):
            by_month.setdefault(month, []).append(table.filter(pc.equal(months, month)))
    del merged
    root = Path(out) / EVENTS
    name = f"part-{bucket:05d}.parquet"
    before = {p.parent.name for p in root.glob(f"month=*/{name}")}
    counts: dict[str, int] = {}
    for month, pieces in sorted(by_month.items()):
        schema = pieces[0].schema  # the same columns and types; pandas' metadata of one
        chosen = pa.concat_tables([p.replace_schema_metadata(schema.metadata) for p in pieces])
        write_table(root / f"month={month}" / name, chosen, chosen.schema)
        counts[month] = chosen.num_rows
    for gone in before - {f"month={m}" for m in counts}:
        (root / gone / name).unlink(missing_ok=True)
    return counts


def seen_keys(out: Path, keys: Iterable[str]) -> np.ndarray:
    """The sorted :func:`key64` keys of the article ids in the articles tables of the
    partitions ``keys``. Raises OSError or ArrowInvalid for a table that cannot be read."""
    found: list[int] = []
    for key in keys:
        path = out / ARTICLES / f"{key}.parquet"
        if path.exists():
            found.extend(key64(i) for i in pq.read_table(path, columns=["article_id"])
                         .column("article_id").to_pylist())
    return np.unique(np.array(found, dtype=np.int64))
