"""Checking what a project file holds as it is read: settings, scenes, correction payloads.

Settings and scenes that do not validate are dropped (the invalid part of them, or the whole
scene) with a notice naming the file; a correction or rule that does not validate makes the
file "damaged" (it is the analyst's work: nothing of it is dropped silently). All JSON is
read with :func:`sitmap._untrusted.loads_json` (bounded size and depth).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sqlite3
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from sitmap._untrusted import UntrustedDataError, finite_number, loads_json
from sitmap.model import LAT_RANGE, LON_RANGE

__all__ = [
    "MAX_SETTING_BYTES",
    "clean_filters",
    "clean_project",
    "clean_view_settings",
    "scene_write_problem",
    "setting_write_problem",
    "payload_problem",
    "read_json",
]

MAX_SETTING_BYTES: Final = 256 * 1024
_MAX_KEY = 200
_MAX_CAPTION = 10_000
_MAX_TEXT = 1_000
_MAX_CATEGORIES = 50
_MAX_HIGHLIGHTED = 100_000
_MAX_ID = 1_000
_MAX_PAYLOAD_BYTES = 1024 * 1024
_MAX_ZOOM = 24.0
_MAX_SCENE_INDEX = 100_000
_CHECK_EVERY = 500


def read_json(text: Any, what: str, *, max_bytes: int = _MAX_PAYLOAD_BYTES) -> Any:
    """Parse JSON text read from the project; raises ValueError (UntrustedDataError) if it
    is not text, too large, too deep or not JSON."""
    if not isinstance(text, str):
        raise UntrustedDataError(f"{what}: not JSON text")
    return loads_json(text, what=what, max_bytes=max_bytes)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _iso_date(value: Any) -> dt.date | None:
    """``value`` as a date if it is an ISO day string, else ``None``."""
    if not isinstance(value, str) or len(value) > 10:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def clean_view(value: Any) -> dict[str, float] | None:
    """A map view ``{lat, lon, zoom}`` with finite numbers in range, or ``None``."""
    if not isinstance(value, Mapping) or set(value) != {"lat", "lon", "zoom"}:
        return None
    lat = finite_number(value["lat"], *LAT_RANGE)
    lon = finite_number(value["lon"], *LON_RANGE)
    zoom = finite_number(value["zoom"], 0.0, _MAX_ZOOM)
    if lat is None or lon is None or zoom is None:
        return None
    return {"lat": lat, "lon": lon, "zoom": zoom}


_MAX_SOURCES: Final = 1000


def _categories(item: Any) -> bool:
    return item is None or (
        isinstance(item, list)
        and len(item) <= _MAX_CATEGORIES
        and all(isinstance(c, str) and len(c) <= _MAX_ID for c in item)
    )


_FILTER_FIELDS: Final[dict[str, Callable[[Any], bool]]] = {
    "categories": _categories,
    "text": lambda item: isinstance(item, str) and len(item) <= _MAX_TEXT,
    "showBackground": lambda item: isinstance(item, bool),
    # Issue 16: the sources and the roles shown (absent or null: all).
    "sources": lambda item: item is None or (
        isinstance(item, list) and len(item) <= _MAX_SOURCES
        and all(isinstance(c, str) and len(c) <= _MAX_TEXT for c in item)),
    "roles": _categories,
}


def clean_filters(value: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """The map page's filter (``categories`` list or null, ``text``, ``showBackground``,
    ``sources`` and ``roles`` lists or null) with
    unknown or invalid fields dropped, and a description of each drop. ``None`` if ``value``
    is not an object at all."""
    if not isinstance(value, Mapping):
        return None, [f"filters {_short(value)} are not an object"]
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for key, item in value.items():
        valid = _FILTER_FIELDS.get(key)
        if valid is not None and valid(item):
            clean[key] = item
        else:
            problems.append(f"filter {_short(key)} = {_short(item)}")
    return clean, problems


def clean_view_settings(value: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """The window's view settings (``range``, ``filters``, ``view``, ``scene``; see
    ``Presenter.view_settings``) with unknown or invalid fields dropped, and a description of
    each drop. ``None`` if ``value`` is not an object."""
    if not isinstance(value, Mapping):
        return None, [f"{_short(value)} is not an object"]
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for key, item in value.items():
        if key == "range":
            days = [_iso_date(d) for d in item] if isinstance(item, list) else None
            if item is None or (
                days is not None and len(days) == 2 and None not in days
                and days[0] <= days[1]  # type: ignore[operator]
            ):
                clean[key] = item
                continue
        elif key == "filters":
            filters, dropped = clean_filters(item)
            problems.extend(dropped)
            if filters is not None:
                clean[key] = filters
            continue
        elif key == "view":
            view = clean_view(item)
            if item is None or view is not None:
                clean[key] = view
                continue
        elif key == "scene" and (
            isinstance(item, int) and not isinstance(item, bool)
            and -1 <= item <= _MAX_SCENE_INDEX
        ):
            clean[key] = item
            continue
        problems.append(f"{_short(key)} = {_short(item)}")
    return clean, problems


def scene_problem(row: tuple[Any, ...]) -> tuple[str | None, dict[str, Any] | None, list[str]]:
    """Check one ``scenes`` row (id, caption, view, date_start, date_end, filters,
    highlighted, created_at). Returns why the scene must be dropped (or ``None``), its
    cleaned filters, and the filter fields dropped."""
    _id, caption, view, start, end, filters, highlighted, created = row
    if not isinstance(caption, str) or len(caption) > _MAX_CAPTION:
        return "its caption is not text of a sensible length", None, []
    try:
        if clean_view(read_json(view, "view")) is None:
            return f"its map view {_short(view)} is out of range", None, []
        days = [_iso_date(d) if d is not None else dt.date.min for d in (start, end)]
        if None in days:
            return f"its dates {_short(start)}, {_short(end)} are not ISO days", None, []
        if start is not None and end is not None and days[1] < days[0]:  # type: ignore[operator]
            return f"its date range {start} to {end} is reversed", None, []
        marks = read_json(highlighted, "highlighted")
        if not (isinstance(marks, list) and len(marks) <= _MAX_HIGHLIGHTED
                and all(isinstance(m, str) and len(m) <= _MAX_ID for m in marks)):
            return "its highlighted events are not a list of event ids", None, []
        if not isinstance(created, str):
            return "its creation time is not text", None, []
        dt.datetime.fromisoformat(created)
        clean, dropped = clean_filters(read_json(filters, "filters"))
    except ValueError as exc:
        return str(exc), None, []
    if clean is None:
        return "its filters are not an object", None, []
    return None, clean, dropped


def scene_write_problem(
    caption: Any, filters: Any, highlighted: Any
) -> str | None:
    """Why a scene about to be written would be dropped by :func:`scene_problem` when the
    file is read back (the limit in words), or ``None``. The one check shared by reader and
    writer, so the writer never stores what the reader drops."""
    if not isinstance(caption, str) or len(caption) > _MAX_CAPTION:
        return f"the caption is longer than {_MAX_CAPTION:,} characters"
    if not (isinstance(highlighted, (list, tuple)) and len(highlighted) <= _MAX_HIGHLIGHTED
            and all(isinstance(m, str) and len(m) <= _MAX_ID for m in highlighted)):
        return (f"the highlighted events are not at most {_MAX_HIGHLIGHTED:,} event ids "
                f"of at most {_MAX_ID:,} characters")
    _clean, dropped = clean_filters(filters)
    if dropped:
        return _filter_limits(dropped)
    return None


def _filter_limits(dropped: list[str]) -> str:
    return (f"the filter would not be kept ({'; '.join(dropped)}): its text may hold at "
            f"most {_MAX_TEXT:,} characters, and at most {_MAX_CATEGORIES} categories")


def setting_write_problem(key: Any, value: Any) -> str | None:
    """Why the setting ``key`` = ``value`` about to be written would be dropped (or cut)
    by :func:`clean_project` when the file is read back, or ``None``."""
    if not isinstance(key, str) or len(key) > _MAX_KEY:
        return f"a setting's name must be text of at most {_MAX_KEY} characters"
    try:
        size = len(json.dumps(value).encode())
    except (TypeError, ValueError) as exc:
        return f"setting {_short(key)} is not JSON: {exc}"
    if size > MAX_SETTING_BYTES:
        return f"setting {_short(key)} is larger than {MAX_SETTING_BYTES // 1024} kB"
    if key != "view":
        return None
    _clean, dropped = clean_view_settings(value)
    if dropped:
        if any(d.startswith("filter") for d in dropped):
            return f"setting 'view': {_filter_limits(dropped)}"
        return f"setting 'view' would not be kept: {'; '.join(dropped)}"
    return None


def clean_project(
    db: sqlite3.Connection, path: Path, *, check_time: Callable[[], None] | None = None
) -> list[str]:
    """Drop, in the in-memory database ``db`` read from ``path``, the settings and scenes
    that do not validate (or their invalid fields); return one notice per drop, each naming
    ``path``. ``check_time`` is called every few hundred rows (it raises to stop when the
    time to open the file is up)."""
    notices: list[str] = []
    settings = db.execute("SELECT rowid, key, value FROM settings").fetchall()
    for n, (rowid, key, value) in enumerate(settings):
        if check_time is not None and n % _CHECK_EVERY == 0:
            check_time()
        name = _short(key)
        try:
            if not isinstance(key, str) or len(key) > _MAX_KEY:
                raise UntrustedDataError("the key is not a short text")
            parsed = read_json(value, f"setting {name}", max_bytes=MAX_SETTING_BYTES)
        except ValueError as exc:
            db.execute("DELETE FROM settings WHERE rowid = ?", (rowid,))
            notices.append(f"{path}: setting {name} dropped: {exc}")
            continue
        if key != "view":
            continue
        clean, dropped = clean_view_settings(parsed)
        if clean is None:
            db.execute("DELETE FROM settings WHERE rowid = ?", (rowid,))
            notices.append(f"{path}: setting 'view' dropped: {'; '.join(dropped)}")
        elif dropped:
            db.execute("UPDATE settings SET value = ? WHERE rowid = ?", (json.dumps(clean), rowid))
            notices.append(f"{path}: setting 'view': invalid parts dropped: {'; '.join(dropped)}")
    rows = db.execute(
        "SELECT id, caption, view, date_start, date_end, filters, highlighted, created_at"
        " FROM scenes ORDER BY position"
    ).fetchall()
    for n, row in enumerate(rows):
        if check_time is not None and n % _CHECK_EVERY == 0:
            check_time()
        problem, filters, dropped = scene_problem(row)
        label = f"scene {row[0]}"
        if isinstance(row[1], str):
            label += f" ({_short(row[1][:40])})"
        if problem is not None:
            db.execute("DELETE FROM scenes WHERE id = ?", (row[0],))
            notices.append(f"{path}: {label} dropped: {problem}")
        elif dropped:
            db.execute("UPDATE scenes SET filters = ? WHERE id = ?", (json.dumps(filters), row[0]))
            notices.append(f"{path}: {label}: invalid filters dropped: {'; '.join(dropped)}")
    return notices


# Correction payload fields -> the JSON types they may have.
_STR = (str,)
_NUMBER = (int, float)
_PAYLOAD_TYPES: Final[dict[str, tuple[type, ...]]] = {
    "place_id": _STR,
    "name": _STR,
    "context": _STR,
    "lat": _NUMBER,
    "lon": _NUMBER,
    "country_code": _STR,
    "kind": _STR,
    "geonameid": (int, type(None)),
    "date_start": (str, type(None)),
    "date_end": (str, type(None)),
    "date_precision": _STR,
    "category": _STR,
    "passage": _STR,
    "article_id": _STR,
    "title": _STR,
    "source": _STR,
}
_MAX_FIELD = 100_000


def payload_problem(payload: Any, what: str = "payload") -> str | None:
    """Why a correction payload or rule place read from a file cannot be used (not an
    object, an unknown field, a field of the wrong type or size), or ``None``. The checks of
    each correction kind (``Correction``) come on top. ``what`` names the value in the
    reason ("payload", "rule place")."""
    if not isinstance(payload, Mapping):
        return f"the {what} {_short(payload)} is not an object"
    for key, value in payload.items():
        types = _PAYLOAD_TYPES.get(key)
        if types is None:
            return f"the {what} has an unknown field {_short(key)}"
        if isinstance(value, bool) or not isinstance(value, types):
            return f"the {what} field {key!r} is {_short(value)}"
        if isinstance(value, str) and len(value) > _MAX_FIELD:
            return f"the {what} field {key!r} is too long"
        if isinstance(value, int) and abs(value) > 2**63:
            return f"the {what} field {key!r} is out of range"
        if isinstance(value, float) and not math.isfinite(value):
            return f"the {what} field {key!r} is not a finite number"
    return None
