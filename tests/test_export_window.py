"""The window's map and its HTML export (offscreen Qt WebEngine): corrected events are
marked on the map, and the export carries the project's storyboard as its slideshow."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

import shiboken6  # noqa: E402
from PySide6.QtCore import QEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from test_gui_workflow import event_of, new_window, show  # noqa: E402

from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    win = new_window(qtbot, tmp_path)
    yield win
    if shiboken6.isValid(win):
        win.close()
        win.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_corrected_event_is_marked_on_the_window_map(window: MainWindow, seeds: Loaded) -> None:
    show(window, seeds)
    event = event_of(window, "Almaty")
    plain = window.state.frame
    plain = plain[(plain["lat"] != plain.set_index("event_id").loc[event, "lat"])
                  & (plain["kind"] == "city")]["event_id"].iloc[0]
    assert "corrected by the analyst" not in window.map.evaluate(
        "document.querySelector('.sm-legend').textContent")
    window.workflow.corrections.edit_event(event, category="protest")
    window.map.wait_ready()
    assert window.map.evaluate(f"sitmap.select({event!r})") is True
    mark = window.map.evaluate(f"sitmap.markOf({event!r})")
    assert mark["drawn"] and mark["corrected"] and mark["dashArray"]
    assert "corrected" in window.map.evaluate("sitmap.popupText()").lower()
    assert "corrected by the analyst" in window.map.evaluate(
        "document.querySelector('.sm-legend').textContent")
    assert window.map.evaluate(f"sitmap.select({plain!r})") is True
    assert not window.map.evaluate(f"sitmap.markOf({plain!r})")["corrected"]


def test_html_export_carries_the_storyboard(
    window: MainWindow, seeds: Loaded, tmp_path: Path
) -> None:
    show(window, seeds)
    presenter = window.workflow.presenter
    for k, caption in enumerate(["Almaty first", "Then <b>the west</b>", "Astana"]):
        window.map.evaluate(f"sitmap.setView({43 + k}, {70 + 2 * k}, {5 + k}, false)")
        assert presenter.add_scene(caption) is not None
    out = tmp_path / "briefing.html"
    window.export(out)
    config = json.loads(re.search(
        r'<script type="application/json" id="sitmap-config">(.*?)</script>',
        out.read_text(encoding="utf-8")).group(1))
    assert config["panels"] == ["standalone", "slideshow"]
    scenes = window.workflow.project.scenes()
    assert [s["caption"] for s in config["scenes"]] == [s.caption for s in scenes] == [
        "Almaty first", "Then <b>the west</b>", "Astana"]
    assert [s["view"] for s in config["scenes"]] == [s.view.to_json() for s in scenes]


def test_the_export_dialog_offers_the_registry_formats(
    window: MainWindow, seeds: Loaded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog's filters come from the export registry: a format added to it is offered,
    and a file chosen under its filter without a suffix is written by its writer."""
    import sitmap.mapping._formats as formats
    from sitmap.mapping import ExportFormat, ExportRequest

    written: list[int] = []

    def write(path: Path, request: ExportRequest) -> None:
        written.append(len(request.rows))
        path.write_text("fake\n", encoding="utf-8")

    fake = ExportFormat("Fake table", (".fake",), write)
    monkeypatch.setattr(formats, "REGISTRY", [*formats.REGISTRY, fake])
    show(window, seeds)
    asked: list[str] = []

    def choose(parent, title, name, filters):  # type: ignore[no-untyped-def]
        asked.append(filters)
        return str(tmp_path / "out"), "Fake table (*.fake)"

    monkeypatch.setattr("sitmap.gui._window.QFileDialog.getSaveFileName", choose)
    window._ask_export()
    assert asked == [
        "Standalone map (*.html);;GeoJSON (*.geojson);;KML (*.kml);;Event table (*.csv);;"
        "GeoParquet (*.parquet);;Picture of the map view (*.png);;JSON Lines (*.jsonl);;"
        "Fake table (*.fake)"
    ]
    assert (tmp_path / "out.fake").read_text(encoding="utf-8") == "fake\n"
    assert written == [window.state.visible_count()]
