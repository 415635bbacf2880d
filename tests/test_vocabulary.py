"""One source for each concept of the event table: the row factory, the coordinate check,
the vocabulary (with the category colours in ``categories.toml``) and the filter shape.
No Qt here."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from sitmap.events import (
    CATEGORIES,
    COLUMNS,
    EventFilter,
    SchemaError,
    event_row,
    synthetic_events,
    validate,
)
from sitmap.geocode._build import _user_row
from sitmap.mapping import CATEGORY_COLORS, build_page
from sitmap.model import Place, check_coordinates
from sitmap.project import CorrectionError, Target, move_pin
from sitmap.project._scenes import SavedView, SceneError
from sitmap.vocabulary import DATE_PRECISIONS, category_colours

OUT_OF_RANGE = "Latitude 91.0 is out of range (it must be in [-90; 90])"


def test_every_coordinate_check_says_the_same() -> None:
    """A latitude of 91 is refused with one message by the value objects, the corrections,
    the saved view, the gazetteer's user places and the event-table schema."""
    with pytest.raises(ValueError) as place:
        Place("x", "X", 91.0, 0.0, "", "city")
    with pytest.raises(CorrectionError) as correction:
        move_pin(Target(event_id="e"), lat=91.0, lon=0.0)
    with pytest.raises(SceneError) as view:
        SavedView(91.0, 0.0, 3.0)
    with pytest.raises(ValueError) as user_place:
        _user_row({"name": "X", "lat": "91.0", "lon": "0", "kind": "city"}, set())
    frame = synthetic_events(3)
    frame.loc[1, "lat"] = 91.0
    with pytest.raises(SchemaError) as schema:
        validate(frame)
    for raised in (place, correction, view, user_place, schema):
        assert OUT_OF_RANGE in str(raised.value)
    assert check_coordinates("10", -20) == (10.0, -20.0)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (90.0, 180.0), (-90.0, -180.0), (-0.0, 0.0), (90.00000000000001, 0.0),
        (0.0, -180.00000000000003), (float("nan"), 0.0), (0.0, float("inf")),
        (float("-inf"), 0.0), (True, 0.0), (0.0, False), (45, 7), (91, 0.0), ("1.5", 2.0),
        ("north", 0.0), (None, 0.0),
    ],
)
def test_a_place_refuses_exactly_what_the_coordinate_check_refuses(lat: object,
                                                                    lon: object) -> None:
    """Place settles two in-range floats without calling the coordinate check (speed); at
    the edges (the limits, NaN, infinities, booleans, ints, strings) it still accepts and
    refuses exactly as check_coordinates does, with its message."""
    try:
        check_coordinates(lat, lon)
    except ValueError as exc:
        with pytest.raises(ValueError) as raised:
            Place("x", "X", lat, lon, "", "city")  # type: ignore[arg-type]
        assert str(raised.value) == str(exc)
    else:
        assert Place("x", "X", lat, lon, "", "city").lat == lat  # type: ignore[arg-type]


def test_the_row_factory_writes_every_column_once() -> None:
    given = {c: "x" for c in ("event_id", "article_id", "title", "source", "place",
                              "place_id", "country_code", "kind", "role", "toponym_text",
                              "passage", "date_precision", "date_basis", "category")}
    numbers = dict.fromkeys(("lat", "lon", "confidence", "toponym_start", "toponym_end",
                             "passage_start", "passage_end", "date_start", "date_end"), 1)
    row = event_row(**given, **numbers)
    assert tuple(row) == COLUMNS
    assert row["sources"] == "x" and row["article_ids"] == "x"
    assert (row["n_sources"], row["corrected"], row["killed"]) == (1, False, None)
    with pytest.raises(SchemaError, match="unknown columns: colour"):
        event_row(**given, **numbers, colour="red")
    with pytest.raises(SchemaError, match="lacks columns: lat"):
        event_row(**given, **{k: v for k, v in numbers.items() if k != "lat"})


def test_category_colours_live_in_categories_toml() -> None:
    """The map's colours are the ``colour`` keys beside the cues, one per category."""
    raw = resources.files("sitmap").joinpath("events/categories.toml").read_text("utf-8")
    # The colour is on each category's first entry (a category may have several).
    from_file = {e["name"]: e["colour"] for e in tomllib.loads(raw)["category"] if "colour" in e}
    assert category_colours() == from_file and set(from_file) == set(CATEGORIES)
    assert from_file == CATEGORY_COLORS
    assert not any(line.strip().startswith('"#') for line in
                   (Path(__file__).parents[1] / "sitmap/mapping/_page.py").read_text().split(
                       "\n"))


def test_the_page_reads_the_vocabulary_and_the_filter_shape() -> None:
    from test_mapping import page_data

    frame = synthetic_events(5)
    data, config = page_data(build_page(frame, categories=["protest", "nonsense", "arrest"],
                                        text="x", show_background=False))
    assert data["precisions"] == list(DATE_PRECISIONS)
    assert [c["color"] for c in config["categories"]] == list(category_colours().values())
    assert config["filter"] == {"categories": ["protest", "arrest"], "text": "x",
                                "showBackground": False}


def test_the_filter_shape_round_trips() -> None:
    shape = {"categories": ["arrest", "protest"], "text": "kyiv", "showBackground": False}
    assert EventFilter.from_page(shape).to_page() == shape
    # Two filters that show the same events are equal, whatever order they were given in.
    assert EventFilter.from_page({**shape, "categories": ["protest", "arrest", "protest"]}) == (
        EventFilter.from_page(shape))
    assert EventFilter.from_page(None).to_page() == {
        "categories": None, "text": "", "showBackground": True}
    assert EventFilter.of({"protest", "arrest"}).sorted().categories == ("arrest", "protest")
    assert EventFilter.of(["other", "bogus", "protest"]).known().categories == (
        "protest", "other")
