"""Synthetic event tables for benchmarks and GUI/export tests (no geoparsing needed)."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

from sitmap.events._schema import _ROW_DEFAULTS, CATEGORIES, COLUMNS, DTYPES, validate

__all__ = ["synthetic_events"]

_PLACES = (
    # name, lat, lon, country, kind
    ("Almaty", 43.25, 76.92, "KZ", "city"),
    ("Astana", 51.18, 71.45, "KZ", "city"),
    ("Aktobe", 50.28, 57.17, "KZ", "city"),
    ("Taraz", 42.90, 71.37, "KZ", "city"),
    ("Zhanaozen", 43.34, 52.86, "KZ", "city"),
    ("Mangystau Region", 44.0, 53.5, "KZ", "region"),
    ("Kazakhstan", 48.0, 68.0, "KZ", "country"),
    ("Moscow", 55.75, 37.62, "RU", "city"),
    ("Bishkek", 42.87, 74.59, "KG", "city"),
    ("Geneva", 46.20, 6.14, "CH", "city"),
)


def synthetic_events(
    n: int, *, seed: int = 0, start: str = "2022-01-01", days: int = 60
) -> pd.DataFrame:
    """Return a valid event table of ``n`` made-up events spread over ``days`` days.

    Deterministic for a given ``seed``. Coordinates are jittered around a few real places so
    clustering and filtering behave as on real data. Built column by column (a million
    rows in seconds); raises nothing for ``n >= 0``.
    """
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(_PLACES), n)
    jitter = rng.normal(0.0, 1.5, (n, 2))
    offsets = rng.integers(0, days, n)
    spans = rng.choice([0, 0, 0, 1, 2], n)
    cats = rng.integers(0, len(CATEGORIES), n)
    names = np.array([p[0] for p in _PLACES], dtype=object)[which]
    city = np.array([p[4] == "city" for p in _PLACES])[which]
    lat = np.clip(np.array([p[1] for p in _PLACES])[which] + np.where(city, jitter[:, 0], 0.0),
                  -89, 89)
    lon = np.clip(np.array([p[2] for p in _PLACES])[which] + np.where(city, jitter[:, 1], 0.0),
                  -179, 179)
    rows = np.arange(n)
    text_of = np.char.mod
    # A text that repeats is one str that the rows share (as a table read from a file
    # holds it, sitmap.events.validate): a million rows are built without a million
    # short-lived copies of "Source 3".
    articles = np.arange(n // 20 + 1)
    article = text_of("synthetic-%d", articles).astype(object)[rows // 20]
    title = text_of("Synthetic article %d", articles).astype(object)[rows // 20]
    source = text_of("Source %d", np.arange(7)).astype(object)[rows % 7]
    passage = pd.Series([f"Synthetic report {i}: something happened in {name}."
                         for i, name in enumerate(names.tolist())], dtype="string")
    hl0 = passage.str.len().to_numpy() - pd.Series(names).str.len().to_numpy() - 1
    day0 = np.datetime64(start, "D") + offsets.astype("timedelta64[D]")
    columns = {
        "event_id": [hashlib.sha1(f"synthetic:{seed}:{i}".encode()).hexdigest()[:16]
                     for i in range(n)],
        "article_id": article,
        "title": title,
        "source": source,
        "sources": source,
        "article_ids": article,
        "place": names,
        "place_id": np.array([f"synthetic:{p[0]}" for p in _PLACES], dtype=object)[which],
        "lat": lat,
        "lon": lon,
        "country_code": np.array([p[3] for p in _PLACES], dtype=object)[which],
        "kind": np.array([p[4] for p in _PLACES], dtype=object)[which],
        "role": np.array(["mention", "event"], dtype=object)[(rows % 10 != 0).astype(int)],
        "toponym_text": names,
        "toponym_start": hl0,
        "toponym_end": hl0 + pd.Series(names).str.len().to_numpy(),
        "passage": passage.to_numpy(dtype=object),
        "passage_start": np.zeros(n, dtype=np.int64),
        "passage_end": passage.str.len().to_numpy(),
        "date_start": day0.astype("datetime64[ns]"),
        "date_end": (day0 + spans.astype("timedelta64[D]")).astype("datetime64[ns]"),
        "date_precision": np.full(n, "day", dtype=object),
        "date_basis": np.full(n, "explicit", dtype=object),
        "category": np.array(CATEGORIES, dtype=object)[cats],
        "confidence": np.full(n, 0.5),
    }
    for column in COLUMNS:
        if column not in columns:
            value = _ROW_DEFAULTS[column]
            columns[column] = np.full(
                n, value, dtype=object if value is None or isinstance(value, str) else None)
    # Each column made in its schema dtype here (a copy of its own: place and toponym_text
    # come from one array), so validate has nothing to convert and copies nothing: at
    # 5M rows a second copy of the table would be gigabytes at the peak.
    typed = {column: _typed(columns[column], DTYPES[column]) for column in COLUMNS}
    del columns
    return validate(pd.DataFrame(typed, columns=list(COLUMNS)))


def _typed(values: Any, dtype: str) -> Any:
    """A new array of ``values`` in the schema's ``dtype`` (pandas' own for strings and
    nullable integers, numpy's for the rest). Raises ValueError or TypeError when a value
    does not fit."""
    if dtype in ("string", "Int64"):
        return pd.array(values, dtype=dtype, copy=True)
    return np.array(values, dtype=dtype, copy=True)
