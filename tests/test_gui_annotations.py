"""Drawing on the map in the real window (offscreen Qt WebEngine): each annotation kind
drawn with the Draw toolbar and real clicks on the page, stored through the bridge as an
undoable step, edited, saved and reopened, and shown per scene in presentation; read back
through ``window.sitmap``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from _windows import js  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QToolBar  # noqa: E402

from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.mapping._annotations import readout  # noqa: E402
from sitmap.model import Annotation  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402
from sitmap.project import AddAnnotation, Project  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def make_window(make_window):  # type: ignore[no-untyped-def]
    """``conftest.make_window``: ``make(folder)``, labels scripted through ``prompts.texts``."""
    return lambda folder: make_window(folder)


@pytest.fixture
def window(make_window, tmp_path: Path) -> MainWindow:
    return make_window(tmp_path / "one")


def start(qtbot, window: MainWindow, loaded: Loaded) -> None:
    window.show_loaded(loaded)
    window.map.wait_ready()
    js(window, "sitmap.setView(43.3, 76.9, 9, false)")
    qtbot.waitUntil(lambda: js(window, "sitmap.getView().zoom") == 9)
    window.map.settle(ms=200)


def click(window: MainWindow, fx: float, fy: float) -> list[float]:
    """Click the map page at a point (fractions of its width and height); return the
    [lat, lon] Leaflet puts there."""
    x, y = round(fx * window.map.width()), round(fy * window.map.height())
    spot = js(window, f"(function(){{var p = map_sitmap.containerPointToLatLng([{x}, {y}]);"
                      "return [p.lat, p.lng];})()")
    QTest.mouseClick(window.map.focusProxy() or window.map, Qt.MouseButton.LeftButton,
                     pos=QPoint(x, y))
    return spot  # type: ignore[return-value]


def on_page(window: MainWindow) -> list[dict[str, object]]:
    return js(window, "sitmap.annotations()")  # type: ignore[return-value]


def draw(qtbot, window: MainWindow, kind: str, clicks: list[tuple[float, float]], *,
         label: str, enter: bool = False) -> list[list[float]]:
    """Draw one annotation with the toolbar and clicks; wait until the page shows it."""
    flow = window.workflow
    before = len(flow.project.annotations())
    window.annotator.tools[kind].trigger()
    qtbot.waitUntil(lambda: js(window, "sitmap.drawing()") == kind)
    window.workflow.prompts.texts.append(label)  # type: ignore[attr-defined]
    spots = []
    for x, y in clicks:
        spots.append(click(window, x, y))
        window.map.settle(ms=120)
    if enter:
        QTest.keyClick(window.map.focusProxy() or window.map, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(flow.project.annotations()) == before + 1, timeout=5000)
    qtbot.waitUntil(lambda: len(on_page(window)) == before + 1, timeout=5000)
    return spots


def close(a: tuple[float, ...] | list[float], b: tuple[float, ...] | list[float]) -> bool:
    return all(abs(x - y) < 1e-6 for x, y in zip(a, b, strict=True))


def test_each_kind_is_drawn_through_the_page_and_undone(qtbot, window, seeds) -> None:
    start(qtbot, window, seeds)
    annotator = window.annotator
    # The Draw toolbar starts hidden (the map keeps its height); View > Draw Toolbar shows
    # it, and the Draw menu holds the same tools.
    assert isinstance(annotator.toolbar, QToolBar) and not annotator.toolbar.isVisible()
    toggle = next(a for a in window.menu("&View").actions() if a.text() == "&Draw Toolbar")
    toggle.trigger()
    assert annotator.toolbar.isVisible()
    # The toolbar takes height from the map: click only once the page has its new size (a
    # user clicks on what is drawn; a click computed against the old size lands ~20 px off).
    qtbot.waitUntil(lambda: js(window, "map_sitmap.getSize().y") == window.map.height())
    window.map.settle(ms=200)
    menu = [a.text() for a in window.menu("&Draw").actions()]
    assert menu[:6] == ["Arrow", "Line", "Area", "Circle", "Text", "Range ring"]

    annotator.colours["blue"].trigger()
    tail, head = draw(qtbot, window, "arrow", [(0.30, 0.50), (0.52, 0.55)], label="Advance",
                      enter=True)
    annotator.colours["black"].trigger()
    annotator.dashed.trigger()
    draw(qtbot, window, "line", [(0.30, 0.75), (0.42, 0.78), (0.54, 0.75)], label="Front line",
         enter=True)
    annotator.dashed.trigger()
    annotator.colours["orange"].trigger()
    draw(qtbot, window, "polygon", [(0.65, 0.33), (0.80, 0.35), (0.72, 0.55)], label="Contested",
         enter=True)
    annotator.colours["green"].trigger()
    draw(qtbot, window, "circle", [(0.20, 0.33), (0.25, 0.33)], label="Staging area")
    annotator.colours["purple"].trigger()
    draw(qtbot, window, "text", [(0.70, 0.20)], label="<b>Shelling</b>")
    annotator.colours["red"].trigger()
    centre, edge = draw(qtbot, window, "ring", [(0.45, 0.42), (0.53, 0.42)], label="Artillery")

    stored = window.workflow.project.annotations()
    assert [a.kind for a in stored] == ["arrow", "line", "polygon", "circle", "text", "ring"]
    assert [a.colour for a in stored] == ["blue", "black", "orange", "green", "purple", "red"]
    assert [a.dashed for a in stored] == [False, True, False, False, False, False]
    # The points are where the user clicked, head of the arrow last.
    assert close(stored[0].points[0], tail) and close(stored[0].points[1], head)
    assert close(stored[5].points[0], centre)
    shown = on_page(window)
    assert [s["kind"] for s in shown] == [a.kind for a in stored]
    assert all(s["shown"] for s in shown)
    assert shown[1]["dashArray"] and not shown[0]["dashArray"]
    assert [s["hex"] for s in shown][:2] == ["#1d4ed8", "#111111"]
    labels = js(window, "sitmap.annotationLabels()")
    # A label is text, not markup; the ring reads out its range.
    assert "<b>Shelling</b>" in labels  # type: ignore[operator]
    assert js(window, "document.querySelectorAll('.sm-note-text b').length") == 0
    ring = [t for t in labels if t.startswith("Artillery")]  # type: ignore[union-attr]
    radius = stored[5].radius_m
    assert radius is not None and ring == [f"Artillery · {readout(radius)}"]
    assert ring[0].endswith(" km") and ring[0][len("Artillery · "):-3].replace(".", "").isdigit()

    stack = window.workflow.undo_stack
    assert stack.undoText() == "Draw range ring"
    stack.undo()
    qtbot.waitUntil(lambda: len(on_page(window)) == 5)
    assert [a.kind for a in window.workflow.project.annotations()][-1] == "text"
    stack.redo()
    qtbot.waitUntil(lambda: len(on_page(window)) == 6)


def test_select_move_reshape_restyle_relabel_and_delete(qtbot, window, seeds) -> None:
    start(qtbot, window, seeds)
    annotator = window.annotator
    flow = window.workflow
    draw(qtbot, window, "polygon", [(0.50, 0.42), (0.70, 0.42), (0.60, 0.70)], label="Zone",
         enter=True)
    zone = flow.project.annotations()[0]
    # A click inside the area selects it (the page tells the window through the bridge).
    click(window, 0.60, 0.52)
    qtbot.waitUntil(lambda: annotator.selected == zone.id)
    assert js(window, "sitmap.selectedAnnotation()") == zone.id
    assert annotator.delete_action.isEnabled()

    # Dropping a vertex handle elsewhere reshapes it; the move handle moves it whole.
    js(window, "sitmap.dragHandle(0, 43.5, 76.5)")
    qtbot.waitUntil(lambda: flow.project.annotation(zone.id).points[0] == (43.5, 76.5))
    assert flow.project.annotation(zone.id).points[1:] == zone.points[1:]
    js(window, "sitmap.dragHandle('move', 43.0, 77.0)")
    qtbot.waitUntil(lambda: flow.project.annotation(zone.id).points[0] != (43.5, 76.5))
    assert flow.undo_stack.undoText() == "Edit area"
    flow.undo_stack.undo()
    assert flow.project.annotation(zone.id).points[0] == (43.5, 76.5)

    annotator.colours["green"].trigger()
    qtbot.waitUntil(lambda: on_page(window)[0]["colour"] == "green")
    window.workflow.prompts.texts.append("Safe zone")  # type: ignore[attr-defined]
    annotator.label_action.trigger()
    qtbot.waitUntil(lambda: "Safe zone" in js(window, "sitmap.annotationLabels()"))  # type: ignore[operator]

    annotator.delete_action.trigger()
    qtbot.waitUntil(lambda: on_page(window) == [])
    assert flow.project.annotations() == []
    flow.undo_stack.undo()
    qtbot.waitUntil(lambda: len(on_page(window)) == 1)
    back = flow.project.annotations()[0]
    assert (back.id, back.label, back.colour) == (zone.id, "Safe zone", "green")


def test_saved_reopened_and_shown_per_scene_and_date_in_presentation(
    qtbot, make_window, seeds, tmp_path
) -> None:
    window = make_window(tmp_path / "one")
    start(qtbot, window, seeds)
    flow, presenter = window.workflow, window.workflow.presenter
    draw(qtbot, window, "text", [(0.60, 0.50)], label="Everywhere")
    draw(qtbot, window, "ring", [(0.50, 0.67), (0.56, 0.67)], label="Second scene only")
    presenter.add_scene("One")
    presenter.add_scene("Two")
    second = flow.project.scenes()[1]
    ring = flow.project.annotations()[1]
    js(window, f"sitmap.selectAnnotation({ring.id})")
    qtbot.waitUntil(lambda: window.annotator.selected == ring.id)
    window.annotator.ask_scope = lambda _a, scenes: ((scenes[1].id,), None, None)
    window.annotator.scope_action.trigger()
    assert flow.project.annotation(ring.id).scenes == (second.id,)
    # A front line of one day: shown only while the slider's range holds that day.
    day = dt.date(2022, 1, 6)
    flow.push(AddAnnotation(Annotation("line", ((43.2, 76.8), (43.4, 77.0)), label="Front",
                                       date_start=day, date_end=day)))
    path = tmp_path / "brief.sitmap"
    window.workflow.prompts.path = path  # type: ignore[attr-defined]
    flow.save()
    assert [a.label for a in Project.open(path).annotations()] == [
        "Everywhere", "Second scene only", "Front"]

    again = make_window(tmp_path / "two")
    again.workflow.prompts.path = path  # type: ignore[attr-defined]
    again.workflow.open_project(path)
    again.map.wait_ready()
    qtbot.waitUntil(lambda: len(on_page(again)) == 3)
    assert [a["label"] for a in on_page(again)] == ["Everywhere", "Second scene only", "Front"]

    state = again.state
    state.set_range(dt.date(2022, 1, 7), dt.date(2022, 1, 9))
    qtbot.waitUntil(lambda: [a["shown"] for a in on_page(again)] == [True, True, False])
    state.set_range(day, day)
    qtbot.waitUntil(lambda: [a["shown"] for a in on_page(again)] == [True, True, True])

    presenter = again.workflow.presenter
    again.annotator.toolbar.show()
    presenter.enter()
    assert not again.annotator.toolbar.isVisible()  # presenting hides the Draw toolbar
    qtbot.waitUntil(lambda: js(again, "sitmap.annotationScene()") == flow.project.scenes()[0].id)
    qtbot.waitUntil(lambda: [a["shown"] for a in on_page(again)][:2] == [True, False])
    presenter.step(1)
    qtbot.waitUntil(lambda: [a["shown"] for a in on_page(again)][:2] == [True, True])
    presenter.leave()
    qtbot.waitUntil(lambda: js(again, "sitmap.annotationScene()") is None)


def test_the_scenes_and_dates_dialog_returns_what_was_ticked(qtbot, window) -> None:
    from PySide6.QtCore import QDate, QTimer
    from PySide6.QtWidgets import QCheckBox, QDateEdit, QDialog, QListWidget

    from sitmap.gui._annotate import ask_scope
    from sitmap.project import SavedView, Scene

    scenes = [Scene("Morning", SavedView(43.0, 76.0, 6), id=4),
              Scene("Evening", SavedView(43.0, 76.0, 6), id=9)]
    ring = Annotation("ring", ((43.2, 76.9),), radius_m=5000.0, scenes=(4,))
    seen: list[list[bool]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        listing = dialog.findChild(QListWidget)
        items = [listing.item(k) for k in range(listing.count())]
        seen.append([i.checkState() == Qt.CheckState.Checked for i in items])
        items[0].setCheckState(Qt.CheckState.Unchecked)
        items[1].setCheckState(Qt.CheckState.Checked)
        first = next(b for b in dialog.findChildren(QCheckBox) if b.text() == "Shown from")
        first.setChecked(True)
        dialog.findChildren(QDateEdit)[0].setDate(QDate(2022, 1, 5))
        dialog.accept()

    QTimer.singleShot(200, answer)
    assert ask_scope(window)(ring, scenes) == ((9,), dt.date(2022, 1, 5), None)
    assert seen == [[True, False]]  # the dialog opened with the annotation's own scenes


def test_a_range_ring_reads_out_in_the_unit_chosen_in_the_draw_menu(
    qtbot, window, seeds
) -> None:
    start(qtbot, window, seeds)
    annotator, flow = window.annotator, window.workflow
    # Draw > Ring distance in > Nautical miles, then a ring: it keeps that unit.
    units = next(a.menu() for a in window.menu("&Draw").actions()
                 if a.menu() is not None and a.text() == "Ring &distance in")
    assert [a.text() for a in units.actions()] == ["Kilometres", "Nautical miles",
                                                   "Statute miles"]
    next(a for a in units.actions() if a.text() == "Nautical miles").trigger()
    draw(qtbot, window, "ring", [(0.45, 0.42), (0.60, 0.42)], label="Battery")
    ring = flow.project.annotations()[0]
    assert ring.unit == "nm" and ring.radius_m is not None
    qtbot.waitUntil(lambda: on_page(window)[0]["unit"] == "nm")
    assert js(window, "sitmap.annotationLabels()") == [
        f"Battery · {readout(ring.radius_m, 'nm')}"]
    assert str(js(window, "sitmap.annotationLabels()[0]")).endswith(" nm")
    # With the ring selected, Statute miles changes its readout: one undoable step.
    js(window, f"sitmap.selectAnnotation({ring.id})")
    qtbot.waitUntil(lambda: annotator.selected == ring.id)
    annotator.units["mi"].trigger()
    qtbot.waitUntil(lambda: flow.project.annotation(ring.id).unit == "mi")
    qtbot.waitUntil(lambda: js(window, "sitmap.annotationLabels()") == [
        f"Battery · {readout(ring.radius_m, 'mi')}"])
    flow.undo_stack.undo()
    qtbot.waitUntil(lambda: flow.project.annotation(ring.id).unit == "nm")
    qtbot.waitUntil(lambda: str(js(window, "sitmap.annotationLabels()[0]")).endswith(" nm"))
