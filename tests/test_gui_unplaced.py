"""Issue 13 in the window: a figure of no single place (``place_basis`` "unknown") is a row
of the table ("place unknown"), counted by the filters and the histogram, said in the
counts ("not on the map"), and drawn nowhere on the map (read back through
``window.sitmap``). Own prose, invented places (``test_events_placeless``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from test_events_placeless import PUBLISHED, Finder, find_dates  # noqa: E402
from test_gui_map import js, open_window, show  # noqa: E402
from test_gui_workflow import make_window  # noqa: E402, F401 (a fixture)

from sitmap.events import build_events  # noqa: E402
from sitmap.ingest import article_from_text  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402

pytestmark = pytest.mark.gui

# (A count pointing elsewhere: a count right after the happening it continues takes its
# place since session 12.)
TEXT = ("Rioters burned a depot in Ostrava Nova on May 7.\n\n"
        "Elsewhere, at least 14 people were killed on May 7.\n\n"
        "Gunmen shot at a bus in Veltra on May 7.\n")


ARTICLE = article_from_text("a1", TEXT, published=PUBLISHED, source="Wire")


@pytest.fixture
def frame() -> pd.DataFrame:
    built = build_events([ARTICLE], geoparser=Finder(), find_dates=find_dates)
    assert sorted(built["place_basis"]) == ["named", "named", "unknown"]
    return built


def test_the_window_lists_and_counts_it_but_draws_it_nowhere(qtbot, tmp_path: Path,
                                                              frame: pd.DataFrame) -> None:
    window = open_window(qtbot, tmp_path)
    show(window, Loaded(frame, []))
    window.map.settle(ms=300)
    nowhere = str(frame.loc[frame["place_basis"] == "unknown", "event_id"].iloc[0])
    # The table shows the row, its place in words.
    model = window.table.model
    row = model.row_of(nowhere)
    assert row is not None
    assert model.index(row, 1).data() == "place unknown"
    # The counts say it is not on the map.
    assert "3 of 3 events (1 not on the map)" in window.counts.text()
    # The page counts it (filters, histogram by date) but draws no mark for it.
    assert js(window, "sitmap.visibleCount()") == 3
    assert js(window, "sitmap.unplacedIds()") == [nowhere]
    assert js(window, f"sitmap.markOf({nowhere!r}).drawn") is False
    assert js(window, "sitmap.drawnCount()") == 2
    assert sum(js(window, "sitmap.dayCounts().counts")) == 3
    # Selecting it in the table moves the map nowhere, and nothing breaks.
    view = js(window, "sitmap.getView()")
    window.state.select(nowhere, origin="table")
    window.map.settle(ms=200)
    assert js(window, "sitmap.getView()") == view


def test_the_review_queue_and_the_article_view_say_place_unknown(
        qtbot, make_window, tmp_path: Path, frame: pd.DataFrame) -> None:  # noqa: F811
    window = make_window(tmp_path)  # with its project workflow, which fills the queue
    show(window, Loaded(frame, [ARTICLE]))  # the article joins the project
    nowhere = str(frame.loc[frame["place_basis"] == "unknown", "event_id"].iloc[0])
    panel = window.review
    qtbot.waitUntil(lambda: len(panel.queue()) == 3, timeout=5000)
    at = panel.queue().index(nowhere)
    line = panel.list.item(at).text()
    assert "place unknown: the figure is not drawn" in line
    assert "→" not in line  # no name and no place to point at (before: " → : ...")
    window.state.select(nowhere, origin="table")
    qtbot.waitUntil(lambda: "place unknown" in window.article.toPlainText(), timeout=5000)
