"""The auto-storyboard (issue 16): an overview, then a scene per day with events framed on
that day's events, weeks past twelve days. Runs without Qt."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest

from sitmap.events import event_row, validate
from sitmap.project import MAX_DAILY_SCENES, auto_storyboard
from sitmap.project._storyboard import FRAME_SIZE, frame_view


def row(number: int, day: dt.date, place: str, lat: float, lon: float,
        **values: Any) -> dict[str, Any]:
    """One event row (own prose) on ``day`` at ``place``."""
    passage = f"Crowds gathered in {place} on the day in question, number {number}."
    start = passage.index(place)
    defaults: dict[str, Any] = dict(
        event_id=f"e{number}", article_id="a", title="T", source="Desk", place=place,
        place_id=f"gn:{number}", lat=lat, lon=lon, country_code="XX", kind="city",
        role="event", toponym_text=place, toponym_start=start,
        toponym_end=start + len(place), passage=passage, passage_start=0,
        passage_end=len(passage), date_start=day, date_end=day, date_precision="day",
        date_basis="explicit", date_text="", category="protest", confidence=0.8,
    )
    return event_row(**{**defaults, **values})


def table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    for column in ("date_start", "date_end"):
        frame[column] = pd.to_datetime(frame[column])
    return validate(frame)


def shows(view: Any, lat: float, lon: float, size: tuple[int, int] = FRAME_SIZE) -> bool:
    """Whether a Leaflet map of ``size`` at ``view`` has the point inside it."""
    def y(la: float) -> float:
        phi = math.radians(la)
        return (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2

    scale = 256 * 2 ** view.zoom
    dx = (lon - view.lon) / 360 * scale
    dy = (y(lat) - y(view.lat)) * scale
    return abs(dx) < size[0] / 2 and abs(dy) < size[1] / 2


DAY = dt.date(2024, 3, 4)  # a Monday


def test_an_overview_then_one_scene_per_day_in_date_order() -> None:
    frame = table([
        row(1, DAY + dt.timedelta(days=2), "Lyon", 45.76, 4.84),
        row(2, DAY, "Porto", 41.15, -8.61),
        row(3, DAY, "Braga", 41.55, -8.42),
        row(4, DAY + dt.timedelta(days=2), "Turin", 45.07, 7.69),
    ])
    scenes = auto_storyboard(frame)
    assert [(s.date_start, s.date_end) for s in scenes] == [
        (None, None), (DAY, DAY), (DAY + dt.timedelta(days=2), DAY + dt.timedelta(days=2))]
    overview, porto, lyon = scenes
    assert overview.caption.startswith("Overview, 4 March 2024 to 6 March 2024")
    assert porto.caption == "4 March 2024: Porto, Braga" or porto.caption == (
        "4 March 2024: Braga, Porto")
    assert lyon.caption.startswith("6 March 2024: ")
    # Each day is framed on its own places, close in; the overview holds all four.
    assert shows(porto.view, 41.15, -8.61) and shows(porto.view, 41.55, -8.42)
    assert not shows(porto.view, 45.76, 4.84)
    assert shows(lyon.view, 45.76, 4.84) and shows(lyon.view, 45.07, 7.69)
    for lat, lon in ((45.76, 4.84), (41.15, -8.61), (45.07, 7.69)):
        assert shows(overview.view, lat, lon)
    assert porto.view.zoom > overview.view.zoom


def test_a_far_off_mention_does_not_pull_the_frame_away() -> None:
    frame = table([
        row(1, DAY, "Porto", 41.15, -8.61),
        row(2, DAY, "Braga", 41.55, -8.42),
        row(3, DAY, "Tokyo", 35.68, 139.69, role="mention"),
    ])
    day = auto_storyboard(frame)[1]
    assert shows(day.view, 41.15, -8.61) and not shows(day.view, 35.68, 139.69)
    assert "Tokyo" not in day.caption


def test_days_with_only_background_places_get_no_scene() -> None:
    frame = table([
        row(1, DAY, "Porto", 41.15, -8.61),
        row(2, DAY + dt.timedelta(days=1), "Tokyo", 35.68, 139.69, role="mention"),
    ])
    assert [s.date_start for s in auto_storyboard(frame)] == [None, DAY]


def test_past_twelve_days_the_scenes_are_weeks() -> None:
    days = [DAY + dt.timedelta(days=k) for k in range(MAX_DAILY_SCENES + 1)]
    frame = table([row(k, day, "Porto", 41.15, -8.61) for k, day in enumerate(days)])
    scenes = auto_storyboard(frame)[1:]
    assert [(s.date_start, s.date_end) for s in scenes] == [
        (DAY, DAY + dt.timedelta(days=6)),
        (DAY + dt.timedelta(days=7), DAY + dt.timedelta(days=13)),
    ]
    assert scenes[0].caption.startswith("Week of 4 March 2024")
    assert len(auto_storyboard(frame.iloc[:-1])) == 1 + MAX_DAILY_SCENES  # twelve: days


def test_no_located_event_makes_no_storyboard() -> None:
    frame = table([row(1, DAY, "Porto", 41.15, -8.61)])
    frame["lat"] = float("nan")
    assert auto_storyboard(frame) == []


@pytest.mark.parametrize(("kind", "zoom"), [("city", 8), ("country", 5)])
def test_a_lone_place_is_shown_with_its_surroundings(kind: str, zoom: float) -> None:
    view = frame_view([41.15], [-8.61], kinds=[kind])
    assert (view.lat, view.zoom) == (41.15, zoom)
    assert shows(view, 41.15, -8.61)


def test_the_framed_places_stay_clear_of_the_legend_on_the_right() -> None:
    lats, lons = [41.15, 45.76, 45.07], [-8.61, 4.84, 7.69]
    view = frame_view(lats, lons, kinds=["city"] * 3)
    for lat, lon in zip(lats, lons, strict=True):
        assert shows(view, lat, lon)
        # The legend takes about the right sixth of the map: nothing framed goes there.
        x = (lon - view.lon) / 360 * 256 * 2**view.zoom + FRAME_SIZE[0] / 2
        assert 0.05 * FRAME_SIZE[0] < x < 0.8 * FRAME_SIZE[0]


def test_the_seeds_make_an_overview_and_their_days(seeds) -> None:  # type: ignore[no-untyped-def]
    frame = seeds.frame
    scenes = auto_storyboard(frame)
    assert scenes[0].date_start is None and scenes[0].caption.startswith("Overview")
    days = [s.date_start for s in scenes[1:]]
    assert days == sorted(days) and all(s.date_start == s.date_end for s in scenes[1:])
    # The days the seeds date events to (as a briefer reads them): 5, 6, 7 January 2022.
    assert {dt.date(2022, 1, d) for d in (5, 6, 7)} <= set(days)
    january_7 = next(s for s in scenes if s.date_start == dt.date(2022, 1, 7))
    assert "Almaty" in january_7.caption
    assert shows(january_7.view, 43.25, 76.95)  # Almaty itself
