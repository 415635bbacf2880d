"""The view model without Qt: filters, range, selection, the saved-view format, scene
capture, the keep-the-range rule, the table's date labels and the article panel's HTML.

Nothing here imports PySide6 (the first test checks that the package does not either)."""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys

import pandas as pd
import pytest

from sitmap.events import synthetic_events
from sitmap.model import Article
from sitmap.project import SavedView, SceneError
from sitmap.viewmodel import (
    Filter,
    View,
    ViewModel,
    article_html,
    current_scene,
    date_labels,
    kept_range,
    label_box,
    read_settings,
    tick_labels,
    view_settings,
)


def test_the_view_model_imports_without_qt() -> None:
    code = "import sys, sitmap.viewmodel; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "False"


@pytest.fixture
def model() -> ViewModel:
    vm = ViewModel()
    frame = synthetic_events(200, seed=3)
    vm.set_data(frame, [Article(id=a, title=a, text="x") for a in frame["article_id"].unique()])
    return vm


def _shown(vm: ViewModel, column: str) -> set[str]:
    return set(vm.frame.loc[vm.visible, column])


# -- value objects ---------------------------------------------------------------------


def test_filter_speaks_the_page_shape_both_ways() -> None:
    f = Filter.of(["protest", "clash"], "Almaty", False)
    assert f.to_page() == {"categories": ["clash", "protest"], "text": "Almaty",
                           "showBackground": False}
    assert Filter.from_page(f.to_page()) == f
    assert Filter().to_page() == {"categories": None, "text": "", "showBackground": True}
    assert Filter.from_page(None) == Filter.from_page({}) == Filter()


@pytest.mark.parametrize("bad", [
    {"lat": math.nan, "lon": 0, "zoom": 3},
    {"lat": 0, "lon": math.inf, "zoom": 3},
    {"lat": 0, "lon": 0, "zoom": "near"},
    {"lat": 0, "lon": 0},
    [0, 0, 3],
    None,
])
def test_a_view_is_three_finite_numbers(bad: object) -> None:
    with pytest.raises(ValueError):
        View.from_page(bad)


def test_a_view_round_trips_the_page_shape() -> None:
    view = View.from_page({"lat": "43.2", "lon": 76.9, "zoom": 7})
    assert view == View(43.2, 76.9, 7.0)
    assert view.to_page() == {"lat": 43.2, "lon": 76.9, "zoom": 7.0}


# -- filters, range, selection ---------------------------------------------------------


def test_category_text_and_background_filters_narrow_what_shows(model: ViewModel) -> None:
    everything = model.visible_count()
    assert everything == len(model.frame)
    category = str(model.frame["category"].iloc[0])
    assert model.set_filter(Filter.of([category]))
    assert _shown(model, "category") == {category}
    assert not model.set_filter(Filter.of([category]))  # the same filter changes nothing
    assert model.set_filter(Filter(None, "GENEVA"))
    assert _shown(model, "place") == {"Geneva"}
    assert model.filtered.sum() == model.visible_count()
    model.set_filter(Filter())
    assert model.visible_count() == everything


def test_hiding_background_keeps_only_event_roles(model: ViewModel) -> None:
    frame = model.frame.copy()
    frame.loc[:9, "role"] = "mention"
    model.set_data(frame)
    model.set_filter(Filter(show_background=False))
    assert _shown(model, "role") == {"event"}
    assert model.visible_count() == int((frame["role"] == "event").sum()) < len(frame) - 9


def test_the_whole_span_is_no_date_filter_and_a_narrow_range_drops_undated(
        model: ViewModel) -> None:
    frame = model.frame.copy()
    frame.loc[0, ["date_start", "date_end"]] = pd.NaT
    model.set_data(frame)
    assert model.whole_range and model.visible[0]
    first, _last = model.bounds
    assert model.set_range(first + dt.timedelta(days=5), first)  # swapped ends: ordered
    assert model.date_range == (first, first + dt.timedelta(days=5))
    assert not model.whole_range and not model.visible[0]
    starts = model.frame.loc[model.visible, "date_start"].dt.date
    assert (starts <= first + dt.timedelta(days=5)).all()
    assert not model.set_range(first, first + dt.timedelta(days=5))


def test_unknown_ids_do_not_select_and_new_data_clears_the_selection(
        model: ViewModel) -> None:
    event = str(model.frame["event_id"].iloc[4])
    assert not model.select("no-such-event") and model.selected == ""
    assert model.select(event) and model.selected == event
    assert model.row_of(event) == 4
    model.set_data(model.frame)
    assert model.selected == ""


def test_visible_articles_are_counted_once(model: ViewModel) -> None:
    articles = model.frame["article_id"].nunique()
    assert model.visible_article_count() == articles
    model.set_filter(Filter(None, "no text like this anywhere"))
    assert model.visible_article_count() == 0 == model.visible_count()


# -- the saved view, scenes, the kept range --------------------------------------------


def test_saved_view_stores_the_range_only_when_narrowed(model: ViewModel) -> None:
    view = {"lat": 43.0, "lon": 76.0, "zoom": 6.0}
    whole = view_settings(model, view, -1)
    assert whole == {"range": None, "filters": Filter().to_page(), "view": view, "scene": -1}
    first, last = model.bounds
    model.set_range(first, first + dt.timedelta(days=2))
    model.set_filter(Filter.of(["protest"], "x"))
    narrowed = view_settings(model, None, 2)
    assert narrowed["range"] == [first.isoformat(), (first + dt.timedelta(days=2)).isoformat()]
    assert narrowed["filters"] == {"categories": ["protest"], "text": "x",
                                   "showBackground": True}
    saved = read_settings(narrowed)
    assert saved is not None
    assert saved.filter == Filter.of(["protest"], "x") and saved.scene == 2
    assert saved.range == tuple(narrowed["range"]) and saved.view is None


def test_nothing_saved_reads_as_nothing_to_apply() -> None:
    assert read_settings(None) is None
    assert read_settings({}) is None
    saved = read_settings({"filters": None, "scene": "3"})
    assert saved is not None and saved.filter == Filter() and saved.scene == 3


def test_a_scene_captures_range_filter_and_selection(model: ViewModel) -> None:
    assert current_scene(model, "not ready", None) is None
    view = {"lat": 43.0, "lon": 76.0, "zoom": 6.0}
    scene = current_scene(model, "All of it", view)
    assert scene is not None
    assert (scene.date_start, scene.date_end, scene.highlighted) == (None, None, ())
    assert scene.view == SavedView(43.0, 76.0, 6.0) and scene.filters == Filter().to_page()
    first, _ = model.bounds
    model.set_range(first, first)
    event = str(model.frame["event_id"].iloc[0])
    model.select(event)
    scene = current_scene(model, "One day", view)
    assert scene is not None
    assert (scene.date_start, scene.date_end, scene.highlighted) == (first, first, (event,))
    with pytest.raises(SceneError):
        current_scene(model, "off the map", {"lat": 95.0, "lon": 0.0, "zoom": 3.0})


def test_a_redraw_keeps_a_narrowed_range_while_there_are_events() -> None:
    a, b, c = dt.date(2022, 1, 1), dt.date(2022, 1, 5), dt.date(2022, 2, 1)
    assert kept_range((a, c), (a, b), True) == (a, b)
    assert kept_range((a, c), (a, c), True) is None  # the whole span follows the new data
    assert kept_range((a, c), (a, b), False) is None  # no events: nothing to keep it for


# -- labels ------------------------------------------------------------------------------


def test_date_labels_show_how_precise_the_date_is() -> None:
    frame = pd.DataFrame({
        "date_start": pd.to_datetime(["2016-05-03", "2021-04-10", "2022-01-03",
                                      "2022-01-05", "2022-01-05", "2022-01-30", None]),
        "date_end": pd.to_datetime(["2016-05-03", "2021-04-10", "2022-01-09",
                                    "2022-01-05", "2022-01-07", "2022-02-02", None]),
        "date_precision": ["year", "month", "week", "day", "range", "range", "day"],
    })
    assert list(date_labels(frame)) == [
        "2016", "Apr 2021", "week of 2022-01-03", "2022-01-05", "2022-01-05–07",
        "2022-01-30–2022-02-02", "undated",
    ]


def _article_events(text: str) -> pd.DataFrame:
    place = text.index("Almaty")
    return pd.DataFrame({
        "event_id": ["e1", "e2"],
        "role": ["event", "mention"],
        "toponym_start": [place, 900],  # the second lies outside the text
        "toponym_end": [place + 6, 906],
        "passage_start": [0, None],
        "passage_end": [len(text), None],
    })


def test_article_html_escapes_the_text_and_links_its_places() -> None:
    text = "<script>alert(1)</script> in Almaty & beyond"
    page = article_html(text, _article_events(text), title="<b>t</b>", meta="m & n",
                        selected="e1")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<h2>&lt;b&gt;t&lt;/b&gt;</h2>" in page and "m &amp; n" in page
    assert '<a href="event:e1" class="here">Almaty</a>' in page
    assert 'href="event:e2"' not in page
    assert '<span class="passage">' in page


def test_article_html_marks_no_passage_without_a_selection() -> None:
    text = "Crowds in Almaty."
    page = article_html(text, _article_events(text))
    assert 'class="passage"' not in page
    assert '<a href="event:e1" class="">Almaty</a>' in page


def test_time_bar_ticks_name_days_up_to_400_days_then_months() -> None:
    first = dt.date(2022, 1, 1)
    ticks = tick_labels(first, 0, 20, 21, 700.0)  # room for 10 labels: every 3rd day
    assert ticks[:3] == [(0, "01 Jan"), (3, "04 Jan"), (6, "07 Jan")]
    assert ticks[-1] == (18, "19 Jan")
    years = tick_labels(first, 0, 800, 801, 140.0)  # room for 2
    assert years == [(0, "Jan 2022"), (401, "Feb 2023")]
    assert tick_labels(first, 5, 5, 1, 0.0) == [(5, "06 Jan")]


@pytest.mark.parametrize(("report", "box"), [
    ('{"bounds": [40, 60, 50, 80], "labelFloor": 25.7}', (40.0, 60.0, 50.0, 80.0, 25)),
    ('{"bounds": [-95, 0, 95, 10]}', (-90.0, 0.0, 90.0, 10.0, 0)),
    ('{"bounds": [50, 60, 40, 80]}', None),  # south above north
    ('{"bounds": [40, 60, 50, 80], "labelFloor": -1}', None),
    ('{"bounds": [40, 60, "NaN", 80]}', None),
    ('{"bounds": [40, 60, 50]}', None),
    ('[1, 2, 3, 4]', None),
    ("not json", None),
])
def test_the_towns_box_is_read_from_an_untrusted_view_report(report: str, box: object) -> None:
    assert label_box(report) == box


@pytest.mark.parametrize(("lon", "wrapped"), [
    (192.5, -167.5), (-190.0, 170.0), (540.0, -180.0), (179.5, 179.5), (180.0, 180.0)])
def test_a_view_past_the_date_line_is_wrapped_into_range(
    model: ViewModel, lon: float, wrapped: float
) -> None:
    """Leaflet's centre after a pan across the date line is unwrapped (lon 192.5). Before:
    the scene and the saved view were refused with SceneError / dropped on reopen."""
    view = {"lat": -37.0, "lon": lon, "zoom": 5.0}
    scene = current_scene(model, "Pacific", view)
    assert scene is not None and math.isclose(scene.view.lon, wrapped)
    assert math.isclose(view_settings(model, view, -1)["view"]["lon"], wrapped)
    assert view["lon"] == lon  # the caller's dict is left as it was


def test_sources_and_roles_narrow_what_every_view_shows(model: ViewModel) -> None:
    frame = model.frame
    source = sorted(set(frame["source"]))[0]
    assert model.set_filter(Filter.of(None, sources=[source]))
    assert _shown(model, "source") == {source}
    assert model.set_filter(Filter.of(None, sources=[source], roles=["mention"]))
    assert _shown(model, "role") == {"mention"} and _shown(model, "source") == {source}
    # Without background places, a mention can never show.
    assert model.set_filter(Filter.of(None, False, roles=["mention"]))
    assert model.visible_count() == 0
    f = Filter.of(None, sources=["B", "A"], roles=["event"])
    assert f.to_page()["sources"] == ["A", "B"] and Filter.from_page(f.to_page()) == f


def test_playback_steps_slide_or_grow_and_stop_at_the_end() -> None:
    from sitmap.viewmodel import play_interval_ms, play_next, play_start

    d = dt.date(2022, 1, 1)
    day = dt.timedelta(days=1)
    bounds = (d, d + 9 * day)
    assert play_start(bounds, bounds, step_days=7) == (d, d + 6 * day)
    assert play_start((d + day, d + 2 * day), bounds, step_days=7) == (d + day, d + 2 * day)
    assert play_next((d, d + 6 * day), bounds, step_days=7, cumulative=True) == (d, d + 9 * day)
    assert play_next((d, d + day), bounds, step_days=7, cumulative=False) == (
        d + 7 * day, d + 8 * day)
    assert play_next((d, d + 9 * day), bounds, step_days=1, cumulative=False) is None
    assert [play_interval_ms(s) for s in (0.5, 1.0, 8.0)] == [1200, 600, 75]
    with pytest.raises(ValueError):
        play_interval_ms(3.0)
