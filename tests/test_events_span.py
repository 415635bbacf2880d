"""timeline_span: what the slider axis of the window and of the page covers."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from _examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

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


def _span_by_sorting(days: list[int], ends: list[int]) -> tuple[dt.date, dt.date]:
    """The rule of ``timeline_span`` on start days and end days (days since 1970), all
    precise, written with a whole sort."""
    start_days = sorted(days)
    low = start_days[int(0.05 * (len(start_days) - 1))]
    high = start_days[int(round(0.95 * (len(start_days) - 1)))]
    margin = max(7, (high - low) // 2)
    first = max(start_days[0], low - margin)
    last = max(first, min(max(ends), high + margin))
    epoch = dt.date(1970, 1, 1)
    return epoch + dt.timedelta(days=first), epoch + dt.timedelta(days=last)


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.tuples(st.integers(18_000, 20_000), st.integers(0, 400)),
                min_size=1, max_size=60))
def test_the_span_is_the_rule_on_the_sorted_start_days(days: list[tuple[int, int]]) -> None:
    """The ranks of the start days are found without a whole sort: the span is the one the
    rule gives on the sorted days, for any days (repeats, one day, long events)."""
    epoch = pd.Timestamp("1970-01-01")
    frame = synthetic_events(len(days), seed=5)
    frame["date_start"] = [epoch + pd.Timedelta(days=d) for d, _ in days]
    frame["date_end"] = [epoch + pd.Timedelta(days=d + n) for d, n in days]
    frame["date_precision"] = "day"
    assert timeline_span(frame) == _span_by_sorting([d for d, _ in days],
                                                    [d + n for d, n in days])
