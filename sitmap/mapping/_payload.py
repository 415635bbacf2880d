"""The event table as the page's one JSON blob: columns, with repeated text stored once."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Final

import numpy as np
import pandas as pd

from sitmap.events import (
    CATEGORIES,
    COLUMNS,
    FIGURE_COLUMNS,
    KINDS,
    ROLES,
    SchemaError,
    fold_table,
    timeline_span,
)
from sitmap.geocode import area_radius_km
from sitmap.vocabulary import DATE_PRECISIONS

__all__ = ["PRECISIONS", "casualties", "event_payload", "to_script_json"]

PRECISIONS: Final = DATE_PRECISIONS
_EPOCH: Final = dt.date(1970, 1, 1)

# Page column -> frame column, for the text columns interned into one string table.
_TEXT: Final = {
    "passage": "passage",
    "place": "place",
    "context": "place_context",
    "surface": "toponym_text",
    "title": "title",
    "sources": "sources",
    "dateText": "date_text",
    "cc": "country_code",
    "basis": "place_basis",
    "url": "url",
    "reasons": "review_reasons",
}


def _codes(series: pd.Series, allowed: tuple[str, ...], column: str) -> list[int]:
    codes = pd.Categorical(series.astype(str), categories=list(allowed)).codes
    if (codes < 0).any():
        bad = sorted(set(series[codes < 0].astype(str)))
        raise SchemaError(f"event table column {column!r} has values outside {allowed}: {bad}")
    codes_list: list[int] = codes.tolist()
    return codes_list


# The kinds the page knows: the schema's, and "" for a row of no single place.
_PAGE_KINDS: Final = (*KINDS, "")


def _coordinates(series: pd.Series) -> list[float | None]:
    """The column rounded to 5 places, ``None`` where it is missing (JSON has no NaN)."""
    values = series.astype(float).round(5)
    out: list[float | None] = values.astype(object).where(values.notna(), None).tolist()
    return out


def _days(series: pd.Series) -> list[int | None]:
    days = series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]").astype("int64")
    missing = series.isna().to_numpy()
    return [None if gone else int(d) for d, gone in zip(days.tolist(), missing, strict=True)]


def _offsets(inner: pd.Series, outer: pd.Series) -> list[int | None]:
    diff = inner.astype("Int64") - outer.astype("Int64")
    missing = diff.isna().tolist()
    values = diff.fillna(0).astype("int64").tolist()
    return [None if gone else v for v, gone in zip(values, missing, strict=True)]


def _figures(frame: pd.DataFrame) -> pd.Series:
    parts = pd.Series("", index=frame.index, dtype="object")
    for column in FIGURE_COLUMNS:
        values = frame[column]
        has = values.notna()
        if has.any():
            text = column + " " + values[has].astype("int64").astype(str)
            parts[has] = np.where(parts[has] == "", text, parts[has] + " · " + text)
    conflict = frame["figures_conflict"].astype(str)
    has = conflict != ""
    parts[has] = np.where(parts[has] == "", conflict[has], parts[has] + " (" + conflict[has] + ")")
    return parts


def event_payload(frame: pd.DataFrame) -> dict[str, Any]:
    """Return the page's data for ``frame`` (an event table following the schema).

    Columns are parallel lists; text columns hold indexes into ``strings``; dates are days
    since 1970-01-01 (``None`` when unknown); ``hl0``/``hl1`` locate the place name inside
    the passage; ``corr`` is 1 for a row a user correction touched, ``dem`` 1 for a row whose
    place was named only by a demonym (drawn as a background place); ``fold`` is
    :func:`sitmap.events.fold_table` (the text filter folds case as the table does);
    ``rad`` the radius in metres of the circle an area (country, region) is drawn as (its size,
    :func:`sitmap.geocode.area_radius_km`; 0 for a point); ``context`` is the
    place's region and country; ``url`` the article's address (data: the page sets it as a
    link's ``href`` only when it is http or https); ``art`` (only when some row has no
    ``article_id``, as rows of an event table) is 1 for a row with an article, 0 for one
    without; ``risk`` is the row's ``review_risk`` and ``reasons`` its
    ``review_reasons`` (the popup says both); ``others`` maps the
    position of a merged row to what its other sources said (indexes into ``strings``).
    Raises SchemaError if a column is missing or has an unknown value.
    """
    missing = [c for c in COLUMNS if c not in frame]
    if missing:
        raise SchemaError(f"event table lacks columns: {', '.join(missing)}")
    texts = {key: frame[column].astype(str).fillna("") for key, column in _TEXT.items()}
    texts["figures"] = _figures(frame).astype(str)
    others = _other_reports(frame)
    extra = pd.Series([text for texts_of_row in others.values() for text in texts_of_row],
                      dtype="object")
    stacked = pd.concat([*texts.values(), extra], ignore_index=True)
    codes, strings = pd.factorize(stacked, sort=False)
    n = len(frame)
    d0, d1 = _days(frame["date_start"]), _days(frame["date_end"])
    span = timeline_span(frame)
    payload: dict[str, Any] = {
        "id": frame["event_id"].astype(str).tolist(),
        # null for a row of no single place (place_basis "unknown"): the page draws it
        # nowhere but counts it (filters, histogram).
        "lat": _coordinates(frame["lat"]),
        "lon": _coordinates(frame["lon"]),
        "d0": d0,
        "d1": [b if b is not None else a for a, b in zip(d0, d1, strict=True)],
        "span": None if span is None else [(day - _EPOCH).days for day in span],
        "cat": _codes(frame["category"], CATEGORIES, "category"),
        "kind": _codes(frame["kind"], _PAGE_KINDS, "kind"),
        "role": _codes(frame["role"], ROLES, "role"),
        "prec": _codes(frame["date_precision"], PRECISIONS, "date_precision"),
        "corr": frame["corrected"].fillna(False).astype(bool).astype(int).tolist(),
        # The review queue's ranking (events._review): 0-1, and its reasons in ``reasons``.
        "risk": frame["review_risk"].astype(float).fillna(0.0).round(3).tolist(),
        "dem": frame["demonym"].fillna(False).astype(bool).astype(int).tolist(),
        "rad": _radii(frame),
        "hl0": _offsets(frame["toponym_start"], frame["passage_start"]),
        "hl1": _offsets(frame["toponym_end"], frame["passage_start"]),
        "kinds": list(_PAGE_KINDS),
        "roles": list(ROLES),
        "precisions": list(PRECISIONS),
        "strings": [str(s) for s in strings.tolist()],
        # What the text filter's case folding adds to toLowerCase(), so the page finds
        # what the table finds (core.js casefold).
        "fold": fold_table(),
    }
    for k, key in enumerate(texts):
        payload[key] = codes[k * n : (k + 1) * n].tolist()
    # Rows from an event table (ACLED, a colleague's CSV) have no article to open: the
    # popup offers none. Left out when every row has one (the usual case).
    has_article = (frame["article_id"].astype(str) != "").to_numpy()
    if not has_article.all():
        payload["art"] = has_article.astype(int).tolist()
    # Sparse: most rows report no casualties (the sized marks and their legend read it).
    hurt = casualties(frame)
    payload["cas"] = {str(row): int(hurt[row]) for row in np.flatnonzero(hurt).tolist()}
    # Sparse (merged rows are few): row position -> the other sources' reports.
    at = len(texts) * n
    payload["others"] = {}
    for row, texts_of_row in others.items():
        payload["others"][str(row)] = codes[at : at + len(texts_of_row)].tolist()
        at += len(texts_of_row)
    return payload


def casualties(frame: pd.DataFrame) -> np.ndarray:
    """Per row, the casualties its marks are sized by: killed plus injured, an unknown
    figure (or a negative one, which no reader should let through) counting as 0.

    Returns an int64 array as long as ``frame``; reads the columns by name only, whatever
    their dtype. Raises KeyError if ``frame`` lacks ``killed`` or ``injured``.
    """
    total = np.zeros(len(frame), dtype="int64")
    for column in ("killed", "injured"):
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype="float64",
                                                                      na_value=np.nan)
        total += np.where(np.isfinite(values) & (values > 0), values, 0).astype("int64")
    return total


def _radii(frame: pd.DataFrame) -> list[int]:
    """Per row, the radius in metres of the circle its area is drawn as; 0 for a point."""
    area = frame["kind"].isin(("country", "region")).to_numpy()
    radii = np.zeros(len(frame), dtype="int64")
    if area.any():
        # Only the area rows are looked at, as a NumPy array (not cell by cell in pandas).
        ids = frame["place_id"].fillna("").astype(str).to_numpy(dtype=object)[area]
        sizes = {pid: round(area_radius_km(pid) * 1000) for pid in set(ids.tolist())}
        radii[area] = [sizes[pid] for pid in ids.tolist()]
    out: list[int] = radii.tolist()
    return out


def _other_reports(frame: pd.DataFrame) -> dict[int, list[str]]:
    """For each merged row (by position), what the *other* sources said: "Source: passage",
    from the ``reports`` column (the row's own passage is its popup's quote already)."""
    out: dict[int, list[str]] = {}
    all_reports = frame["reports"].fillna("").astype(str).to_numpy(dtype=object)
    merged = np.flatnonzero(all_reports != "")  # most rows merge nothing: skip them at once
    passages = frame["passage"].astype(str).to_numpy(dtype=object)[merged]
    for row, reports, own in zip(merged.tolist(), all_reports[merged].tolist(),
                                 passages.tolist(), strict=True):
        texts = [f"{r.get('source') or r.get('article_id')}: {r['passage']}"
                 for r in json.loads(reports) if r.get("passage") and r["passage"] != own]
        if texts:
            out[row] = texts
    return out


def to_script_json(value: Any) -> str:
    """JSON for a ``<script type="application/json">`` element: compact, deterministic, and
    with ``<`` escaped so no text in it can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
