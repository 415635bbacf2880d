"""The Parquet tables a batch run writes, with their Arrow schemas from the event table's.

* rows (``_parts/<key>/rows.parquet``): one article's unmerged rows as
  :func:`sitmap.events.article_rows` gives them: every event-table column (dates as days),
  the text the merge compares (``match_text``), the geoparser's doubt (``margin_*``), the
  row's place in its article (``seq``) and two 64-bit keys: ``group_key`` (of the merge's
  grouping key, :data:`sitmap.events.MERGE_KEY`) and ``article_key`` (of the article id).
* merged rows (``_merged/r<R>/m<M>.parquet``): the same columns, after the merge.
* events (``events/month=YYYY-MM/part-<R>.parquet``): the event table, its dtypes as Arrow
  types (``datetime64[ns]`` is ``timestamp[ns]``, ``Int64`` is ``int64``, ``string`` is
  ``string``), partitioned by the month of ``date_start`` (``month=undated`` when unknown).
* articles (``articles/<key>.parquet``): one row per article read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sitmap._atomic import write_atomically
from sitmap.events import COLUMNS, DTYPES, MERGE_KEY, Margin, validate
from sitmap.model import Article

__all__ = [
    "ARTICLE_SCHEMA",
    "EVENT_SCHEMA",
    "ROW_SCHEMA",
    "article_record",
    "bucket_of",
    "events_table",
    "key64",
    "margins_of",
    "month_of",
    "read_table",
    "row_records",
    "write_table",
]

_MATCH_TEXT: Final = "match_text"


def _arrow(dtype: str, *, days: bool) -> pa.DataType:
    if dtype == "string":
        return pa.string()
    if dtype == "Int64":
        return pa.int64()
    if dtype == "float64":
        return pa.float64()
    if dtype == "bool":
        return pa.bool_()
    if dtype.startswith("datetime64"):
        return pa.date32() if days else pa.timestamp("ns")
    raise ValueError(f"no Arrow type for the event-table dtype {dtype!r}")


EVENT_SCHEMA: Final = pa.schema([(c, _arrow(DTYPES[c], days=False)) for c in COLUMNS])
ROW_SCHEMA: Final = pa.schema(
    [(c, _arrow(DTYPES[c], days=True)) for c in COLUMNS]
    + [
        (_MATCH_TEXT, pa.string()),
        ("margin_score", pa.float64()),
        ("margin_second", pa.string()),
        ("margin_second_score", pa.float64()),
        ("seq", pa.int32()),
        ("group_key", pa.int64()),
        ("article_key", pa.int64()),
    ]
)
ARTICLE_SCHEMA: Final = pa.schema([
    ("article_id", pa.string()),
    ("title", pa.string()),
    ("source", pa.string()),
    ("author", pa.string()),
    ("published", pa.date32()),
    ("dateline_place", pa.string()),
    ("dateline_date", pa.date32()),
    ("language", pa.string()),
    ("url", pa.string()),
    ("file", pa.string()),
    ("chars", pa.int64()),
])


def key64(*parts: str) -> int:
    """A stable signed 64-bit key of ``parts`` (BLAKE2b; Python's ``hash`` differs per
    process). Raises nothing."""
    digest = hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"),
                             digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def bucket_of(key: int, buckets: int) -> int:
    """The bucket (``0 .. buckets-1``) of a 64-bit key. Raises nothing."""
    return key % buckets


def row_records(
    rows: Sequence[dict[str, Any]], margins: Mapping[str, Margin]
) -> list[dict[str, Any]]:
    """``rows`` of one article (in the builder's order) with the extra columns of
    :data:`ROW_SCHEMA`. Raises nothing for rows the builder made."""
    out = []
    for seq, row in enumerate(rows):
        margin = margins.get(row["event_id"])
        out.append({
            **row,
            _MATCH_TEXT: row.get(_MATCH_TEXT),
            "margin_score": None if margin is None else margin.score,
            "margin_second": None if margin is None else margin.second,
            "margin_second_score": None if margin is None else margin.second_score,
            "seq": seq,
            "group_key": key64(*(str(row[c]) for c in MERGE_KEY)),
            "article_key": key64(str(row["article_id"])),
        })
    return out


def margins_of(rows: Iterable[Mapping[str, Any]]) -> dict[str, Margin]:
    """The geoparser's doubt carried by rows read back from a rows table, by event id."""
    return {
        row["event_id"]: Margin(row["margin_score"], row["margin_second"] or "",
                                row["margin_second_score"] or 0.0)
        for row in rows
        if row.get("margin_score") is not None
    }


def article_record(article: Article, *, file: str, url: str = "") -> dict[str, Any]:
    """One row of the articles table. Raises nothing."""
    return {
        "article_id": article.id,
        "title": article.title,
        "source": article.source,
        "author": article.author,
        "published": article.published,
        "dateline_place": article.dateline_place,
        "dateline_date": article.dateline_date,
        "language": article.language,
        "url": url,
        "file": file,
        "chars": len(article.text),
    }


def write_table(path: Path, records: Sequence[Mapping[str, Any]] | pa.Table,
                schema: pa.Schema) -> None:
    """Write ``records`` (dicts, or a table) as one Parquet file at ``path``, atomically
    (a temporary file beside it, renamed). Raises OSError when it cannot be written and
    pyarrow's ArrowInvalid/ArrowTypeError for a value that does not fit ``schema``."""
    table = records if isinstance(records, pa.Table) else pa.Table.from_pylist(
        list(records), schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, buffer.getvalue())


def read_table(path: Path) -> list[dict[str, Any]]:
    """The rows of one Parquet file sitmap batch wrote, as dicts of plain values (days as
    ``datetime.date``, missing values ``None``). Raises OSError or pyarrow's ArrowInvalid
    for a file that cannot be read."""
    rows: list[dict[str, Any]] = pq.read_table(path).to_pylist()
    return rows


def month_of(day: Any) -> str:
    """The partition a row goes in: ``"YYYY-MM"`` of its first day, or ``"undated"``."""
    if day is None or day is pd.NaT or (isinstance(day, float) and day != day):
        return "undated"
    if isinstance(day, dt.date):
        return f"{day.year:04d}-{day.month:02d}"
    return "undated"


def events_table(frame: pd.DataFrame) -> pa.Table:
    """``frame`` (a valid event table) as an Arrow table of :data:`EVENT_SCHEMA`. Raises
    SchemaError for a frame that does not follow the schema."""
    return pa.Table.from_pandas(validate(frame)[list(COLUMNS)], schema=EVENT_SCHEMA,
                                preserve_index=False)
