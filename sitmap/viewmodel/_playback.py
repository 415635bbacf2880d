"""Playback of the date range: how fast, by how much, and whether the window slides or
grows. The page's standalone timeline follows the same rule (``core.js``'s ``playStart``
and ``playNext``)."""

from __future__ import annotations

import datetime as dt
from typing import Final

__all__ = ["PLAY_SPEEDS", "PLAY_STEPS", "play_interval_ms", "play_next", "play_start"]

PLAY_SPEEDS: Final = (0.5, 1.0, 2.0, 4.0, 8.0)
"""The speeds offered, as multiples of one step per :data:`_BASE_MS`."""
PLAY_STEPS: Final[dict[str, int]] = {"day": 1, "week": 7}
"""Step name -> days the range moves (or grows) by per tick."""
_BASE_MS: Final = 600

Range = tuple[dt.date, dt.date]


def play_interval_ms(speed: float) -> int:
    """Milliseconds between two steps at ``speed`` (one of :data:`PLAY_SPEEDS`). Raises
    ``ValueError`` for any other speed."""
    if speed not in PLAY_SPEEDS:
        raise ValueError(f"playback speed {speed!r} is not one of {PLAY_SPEEDS}")
    return round(_BASE_MS / speed)


def play_start(date_range: Range, bounds: Range, *, step_days: int) -> Range:
    """The range playing starts from: from the whole span (or its end), the first step's
    days; otherwise ``date_range`` as chosen. Raises nothing."""
    first, last = bounds
    if date_range == bounds or date_range[1] >= last:
        return first, min(last, first + dt.timedelta(days=step_days - 1))
    return date_range


def play_next(date_range: Range, bounds: Range, *, step_days: int,
              cumulative: bool) -> Range | None:
    """The range after one tick, ``None`` once the range has reached the data's last day:
    the range slides on by ``step_days`` keeping its width, or with ``cumulative`` grows by
    ``step_days`` keeping its start. Raises nothing."""
    start, end = date_range
    last = bounds[1]
    if end >= last:
        return None
    by = min(dt.timedelta(days=step_days), last - end)
    return (start, end + by) if cumulative else (start + by, end + by)
