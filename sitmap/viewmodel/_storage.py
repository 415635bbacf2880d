"""How the view model stores the event table's text: no Python object per row.

The schema's "string" columns keep Python storage everywhere else (a lone surrogate from an
untrusted file must survive the lossless formats). A text column in Python storage holds one
pointer a row; where its values repeat (a category, a place, a source) the rows share one
``str`` each, but a column of mostly distinct texts (event ids, passages, titles) holds a
``str`` object per row: about 60-120 bytes each, and a million of them for the garbage
collector's heap. The view model keeps those columns in Arrow storage
(``pd.StringDtype("pyarrow")``: one UTF-8 buffer and an offsets array), which pandas reads
with the same string semantics; a column with a lone surrogate, which Arrow cannot hold,
stays in Python storage (see :func:`arrow_text`).
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.extensions import ExtensionArray

from sitmap.events import DTYPES

__all__ = ["ARROW_TEXT", "TextCells", "arrow_text", "concat_tables", "in_arrow"]

ARROW_TEXT: Final = pd.StringDtype("pyarrow")
"""The storage of the view model's text columns that would hold a Python object per row."""

# Whether a column holds an object per row is judged on this many runs of this many
# neighbouring cells, evenly spaced: rows of one article sit together, so a text repeated
# per article (its title, its id) shows its repeats within a run, as a category's does.
_RUNS: Final = 64
_RUN: Final = 32
# A column whose sampled cells are more than this share distinct objects holds about an
# object per row: it goes to Arrow. Columns of repeated values share their objects
# (sitmap.events.share_repeated_text) and stay: a pointer a row, one object per value.
_DISTINCT_SHARE: Final = 0.25
_TEXT_COLUMNS: Final = tuple(c for c, t in DTYPES.items() if t == "string")


def in_arrow(column: pd.Series) -> bool:
    """Whether ``column`` is text in Arrow storage. Raises nothing."""
    return isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"


def _object_per_row(column: pd.Series) -> bool:
    """Whether ``column`` (text in Python storage) holds about a ``str`` object per row,
    judged on runs of neighbouring cells (their distinct objects, not their values)."""
    n = len(column)
    if n < 2:
        return False
    starts = np.unique(np.linspace(0, max(0, n - _RUN), _RUNS).astype(np.int64))
    rows = np.unique((starts[:, None] + np.arange(_RUN)).ravel().clip(0, n - 1))
    sample = column.to_numpy(dtype=object)[rows]
    return len({id(v) for v in sample}) > _DISTINCT_SHARE * len(sample)


# Rows converted to Arrow at a time: one builder for a million passages grows by copying
# itself and takes fresh pages each time (0.1-0.45 s CPU a million rows, varying); pieces
# of this size reuse the pool's memory (0.08-0.1 s, steady). The pieces stay chunks.
_PIECE: Final = 262_144


def _to_arrow(cells: np.ndarray) -> pd.arrays.ArrowStringArray:
    """``cells`` (``str`` objects, none missing) as Arrow text, in pieces of :data:`_PIECE`
    rows. Raises UnicodeEncodeError for a lone surrogate, pyarrow.ArrowException for a
    cell that is not text."""
    pieces = [pa.array(cells[i:i + _PIECE], type=pa.large_string())
              for i in range(0, len(cells), _PIECE)]
    chunked = pa.chunked_array(pieces, type=pa.large_string())
    return pd.array(chunked, dtype=ARROW_TEXT)


def arrow_text(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (valid: :func:`sitmap.events.validate`) with each text column that holds a
    Python object per row in Arrow storage (:data:`ARROW_TEXT`); other columns, and text
    columns of repeated values, are shared as they are. A column with a lone surrogate
    (text from a file can hold one; Arrow holds UTF-8 only) stays in Python storage: the
    table still shows it, the text is not altered, and only that column keeps its objects.
    Returns ``frame`` itself when nothing needs converting. Raises nothing."""
    arrow: dict[str, pd.Series] = {}
    for name in _TEXT_COLUMNS:
        column = frame[name]
        if in_arrow(column) or not _object_per_row(column):
            continue
        try:
            # Not from_pandas: a valid table's text has no missing value, and the check
            # for NaN in every cell would triple the cost (0.12 against 0.04 s a million
            # passages).
            values = _to_arrow(column.to_numpy(dtype=object))
        except (UnicodeEncodeError, pa.ArrowException):
            continue  # a lone surrogate: kept as it is (see above)
        arrow[name] = pd.Series(values, index=frame.index, name=name, copy=False)
    return frame.assign(**arrow) if arrow else frame


def concat_tables(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The rows of ``parts`` (event tables with the same columns) one after another, index
    0..n-1. A text column held in Arrow by some parts and in Python by others is put in one
    storage first: Arrow when every part's text fits in it, else Python (pandas alone would
    move it to Arrow and fail on a lone surrogate). Raises nothing for event tables."""
    if len(parts) == 1:
        return parts[0].reset_index(drop=True)
    fixed = list(parts)
    for name in _TEXT_COLUMNS:
        if not all(name in p.columns for p in parts):
            continue
        arrow = [in_arrow(p[name]) for p in parts]
        if all(arrow) or not any(arrow):
            continue
        try:
            moved = [p[name] if a else pd.Series(_to_arrow(p[name].to_numpy(dtype=object)),
                                                 index=p.index, name=name, copy=False)
                     for p, a in zip(fixed, arrow, strict=True)]
        except (UnicodeEncodeError, pa.ArrowException):
            moved = [p[name].astype("string") if a else p[name]
                     for p, a in zip(fixed, arrow, strict=True)]
        fixed = [p.assign(**{name: m}) for p, m in zip(fixed, moved, strict=True)]
    return pd.concat(fixed, ignore_index=True)


class TextCells:
    """One text column of a table, read a cell at a time by row position, whatever its
    storage (Arrow or Python): what a table model asks for a screenful of cells, without
    a Python object per row made up front."""

    def __init__(self, column: pd.Series) -> None:
        self._arrow: pa.Array | pa.ChunkedArray | None = None
        self._cells: np.ndarray | ExtensionArray = column.array
        if in_arrow(column):
            self._arrow = pa.array(column.array)  # the column's own buffers, not a copy
        else:
            self._cells = column.to_numpy(dtype=object)  # pointers to the column's strs
        self._n = len(column)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, row: int) -> str:
        """The text of row ``row`` (``""`` for a missing value). Raises IndexError."""
        at = int(row)
        value = self._arrow[at].as_py() if self._arrow is not None else self._cells[at]
        return "" if value is None or value is pd.NA else str(value)

    def take(self, rows: np.ndarray) -> list[str]:
        """The texts of ``rows`` (positions), in that order. Raises IndexError."""
        if self._arrow is not None:
            return [v or "" for v in self._arrow.take(pa.array(rows)).to_pylist()]
        return [str(v) for v in np.asarray(self._cells, dtype=object)[rows].tolist()]

    def find(self, text: str) -> int | None:
        """The first row holding ``text``, ``None`` if none does. Raises nothing."""
        if self._arrow is not None:
            try:
                at = int(pc.index(self._arrow, pa.scalar(text, pa.large_string()))
                         .as_py())
            except (UnicodeEncodeError, pa.ArrowException):
                return None
            return at if at >= 0 else None
        hits = np.flatnonzero(np.asarray(self._cells, dtype=object) == text)
        return int(hits[0]) if len(hits) else None
