"""timeline_span: what the slider axis of the window and of the page covers."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sitmap.events import synthetic_events, timeline_span


def _with_dates(days: list[str | None], precision: str = "day") -> pd.DataFrame:
    frame = synthetic_events(len(days), seed=3)
    dates = pd.to_datetime(pd.Series(days, dtype="object"))
    frame["date_start"] = dates
    frame["date_end"] = dates
    frame["date_precision"] = [precision if d else "unknown" for d in days]
    return frame


def test_an_aside_years_earlier_does_not_stretch_the_span() -> None:
    days = [f"2022-01-{d:02d}" for d in range(3, 11) for _ in range(5)] + ["2016-05-01"]
    first, last = timeline_span(_with_dates(days))
    assert dt.date(2021, 12, 1) < first <= dt.date(2022, 1, 3)
    assert last == dt.date(2022, 1, 10)


def test_span_never_runs_past_the_data() -> None:
    first, last = timeline_span(_with_dates(["2022-01-05", "2022-01-06", "2022-01-07"]))
    assert (first, last) == (dt.date(2022, 1, 5), dt.date(2022, 1, 7))


def test_only_imprecise_dates_still_give_a_span() -> None:
    first, last = timeline_span(_with_dates(["2021-04-01", "2021-04-01"], precision="month"))
    assert first == last == dt.date(2021, 4, 1)


def test_no_dated_event_gives_none() -> None:
    assert timeline_span(_with_dates([None, None])) is None
